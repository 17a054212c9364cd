// What kind of answer a question asks for, and whether a turn holds one
// (recall_rank.h): "How often…" is answered by "three times a week",
// "How many…" by a number, "Where…" by a named place, "Who…" by a name or
// a person's role. The same idea as a time question meeting a turn that
// places its event in time (recall_time.cpp), for the other question words.
#include <algorithm>
#include <cctype>
#include <string_view>
#include <unordered_set>

#include "memory/recall_rank.h"

namespace os1::memory {

namespace {

bool is_digits(std::string_view w) {
    return !w.empty() && std::all_of(w.begin(), w.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool is_number_word(std::string_view w) {
    static const std::unordered_set<std::string_view> WORDS = {
        "two",    "three",  "four",     "five",    "six",     "seven", "eight",  "nine",  "ten",  "eleven",
        "twelve", "twenty", "thirty",   "hundred", "dozen",   "couple", "few",   "several", "both", "pair",
        "twins",  "once",   "twice",    "thousand", "fifteen", "fifty"};
    return is_digits(w) || WORDS.count(w) > 0;
}

// Units a frequency is counted in: "twice a week", "every morning".
bool is_period_word(std::string_view w) {
    static const std::unordered_set<std::string_view> WORDS = {
        "day",    "week",    "weekend", "month",    "year",   "morning", "evening", "night",  "afternoon",
        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "summer", "time"};
    return WORDS.count(w) > 0;
}

bool is_frequency_word(std::string_view w) {
    static const std::unordered_set<std::string_view> WORDS = {
        "once",     "twice",   "daily",     "weekly", "monthly", "yearly", "nightly", "annually",
        "regularly", "usually", "often",    "always", "sometimes", "rarely", "everyday", "weekends"};
    return WORDS.count(w) > 0;
}

// A person named or by role: "my mentors", "Sarah", "my family".
bool is_person_word(std::string_view w) {
    static const std::unordered_set<std::string_view> WORDS = {
        "mom",     "mother",  "dad",      "father",  "parents", "sister",  "brother", "siblings", "family",
        "friend",  "friends", "mentor",   "mentors", "husband", "wife",    "partner", "boyfriend", "girlfriend",
        "kids",    "son",     "daughter", "grandma", "grandpa", "aunt",    "uncle",   "cousin",   "neighbor",
        "coworker", "colleague", "boss",  "teacher", "coach",   "team",    "community", "group",  "therapist"};
    return WORDS.count(w) > 0;
}

// Words that lead to a place: "in Paris", "to Tokyo", "from Sweden", "visited Rome".
bool is_place_lead(std::string_view w) {
    static const std::unordered_set<std::string_view> WORDS = {"in",   "at",      "to",    "from",    "near",
                                                               "into", "around",  "visit", "visited", "across"};
    return WORDS.count(w) > 0;
}

// A capitalised word where a sentence does not begin, not "I", not one of the memory's speakers.
bool is_proper(const std::vector<Token>& t, size_t i, const std::set<std::string>& people) {
    if (i == 0 || t[i - 1].sentence_end || t[i].orig.empty()) return false;
    unsigned char c = static_cast<unsigned char>(t[i].orig[0]);
    return std::isupper(c) && t[i].lower != "i" && !people.count(t[i].lower);
}

}  // namespace

AnswerKind answer_kind(const std::vector<Token>& q) {
    size_t s = 0;
    while (s < q.size() && (q[s].lower == "so" || q[s].lower == "and" || q[s].lower == "in")) s++;
    if (s >= q.size()) return AnswerKind::None;
    const std::string& w = q[s].lower;
    std::string_view next = s + 1 < q.size() ? std::string_view(q[s + 1].lower) : std::string_view();
    std::string_view after = s + 2 < q.size() ? std::string_view(q[s + 2].lower) : std::string_view();
    if (w == "how" && (next == "often" || next == "frequently" || (next == "many" && after == "times")))
        return AnswerKind::Frequency;
    if (w == "how" && next == "many") return AnswerKind::Count;  // "how many years" is a time question, asked first
    if (w == "where") return AnswerKind::Place;
    if (w == "who" || w == "whom") return AnswerKind::Person;
    return AnswerKind::None;
}

bool gives_answer(AnswerKind kind, std::string_view turn, const std::set<std::string>& people) {
    if (kind == AnswerKind::None) return false;
    auto t = tokenize(turn);
    for (size_t i = 0; i < t.size(); i++) {
        std::string_view w = t[i].lower;
        std::string_view next = i + 1 < t.size() ? std::string_view(t[i + 1].lower) : std::string_view();
        switch (kind) {
            case AnswerKind::Frequency:
                if (is_frequency_word(w)) return true;
                // "three times a week", "every morning", "each Sunday", "per month"
                if ((w == "every" || w == "each" || w == "per" || w == "times") && is_period_word(next)) return true;
                if (w == "times" && (next == "a" || next == "per")) return true;
                break;
            case AnswerKind::Count:
                if (is_number_word(w)) return true;
                break;
            case AnswerKind::Place:
                if (is_place_lead(w) && i + 1 < t.size() &&
                    (is_proper(t, i + 1, people) || (next == "the" && i + 2 < t.size() && is_proper(t, i + 2, people))))
                    return true;
                break;
            case AnswerKind::Person:
                if (is_person_word(w) || is_proper(t, i, people)) return true;
                break;
            case AnswerKind::None: break;
        }
    }
    return false;
}

}  // namespace os1::memory

// Plans said with a time (extract_internal.h): "I start the new job on
// Monday", "I'm flying to Lisbon on March 3rd", "Tomorrow I'm seeing my
// doctor", "my sister visits next weekend", "we're driving up on Friday".
// Present tense with a time ahead is how people say what they will do; the
// fact is a Plan with its event time, worded "You plan to fly to Lisbon on
// March 3rd (3 March 2024)" or "Your sister visits next weekend (...)".
#include <unordered_set>

#include "memory/extract_internal.h"
#include "memory/time_parse.h"

namespace os1::memory::detail {

namespace {

// Words a sentence may open with before its subject ("Next week I fly...").
const std::unordered_set<std::string_view> TIME_LEAD = {
    "tomorrow", "tonight", "today", "next", "this", "on", "week", "weekend", "month", "year", "morning",
    "afternoon", "evening", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
    "so", "and", "oh", "well", "ok", "okay", "anyway", "btw", "then", "at", "in", "the", "later"};
// Verbs that say how things are, not what will be done.
const std::unordered_set<std::string_view> NOT_PLANS = {
    "am", "are", "is", "was", "were", "be", "have", "has", "had", "think", "know", "feel", "guess", "mean",
    "like", "love", "hate", "want", "need", "hope", "wish", "bet", "suppose", "believe", "said", "say",
    "told", "can", "could", "would", "should", "might", "may", "must", "will", "do", "did", "does", "not",
    "miss", "forgot", "remember", "wonder", "doubt", "saw", "went", "got", "just", "never", "always"};
const std::unordered_set<std::string_view> HABITS = {"every", "usually", "often", "always", "normally", "sometimes",
                                                      "each", "typically", "generally", "never"};

int64_t day_floor(int64_t ms) { return (ms >= 0 ? ms / DAY_MS : (ms - DAY_MS + 1) / DAY_MS) * DAY_MS; }

// A month and day already past this year ("on March 3rd" said in May) is next year's.
int64_t ahead(int64_t event_ms, int64_t message_ms) {
    if (!event_ms || event_ms >= day_floor(message_ms)) return event_ms;
    int64_t y = 0;
    unsigned m = 0, d = 0;
    civil_from_days(day_floor(event_ms) / DAY_MS, y, m, d);
    return days_from_civil(y + 1, m, d) * DAY_MS + (event_ms - day_floor(event_ms));
}

// "start", "fly", "leave": a verb as said after "I" for what they will do.
bool base_verb(const Token& t) {
    if (t.lower == "go" || t.lower == "see" || t.lower == "get") return true;
    if (NOT_PLANS.count(t.lower) || is_stopword(t.lower) || capitalized(t) || t.lower.size() < 2) return false;
    return Lexicon::get().lemma(t.lower) == t.lower && !t.lower.ends_with("ed") && !t.lower.ends_with("ing");
}

}  // namespace

void scan_plan(const std::vector<Token>& t, Builder& b, size_t facts_before) {
    for (size_t k = facts_before; k < b.out.size(); k++) {
        FactKind kind = b.out[k].kind;
        if (kind == FactKind::Plan || kind == FactKind::Event || kind == FactKind::Place || kind == FactKind::Routine)
            return;
    }
    // Only a sentence that names a day can be a dated plan; checked first, it is cheap.
    static const std::unordered_set<std::string_view> DAY_WORDS = {
        "today", "tonight", "tomorrow", "next", "this", "weekend", "monday", "tuesday", "wednesday", "thursday",
        "friday", "saturday", "sunday"};
    bool names_day = false;
    for (const auto& tk : t) {
        if (HABITS.count(tk.lower)) return;
        names_day |= DAY_WORDS.count(tk.lower) > 0 || month_from_word(tk.lower) > 0;
    }
    if (!names_day) return;
    // The subject, after at most a few words of time.
    size_t s = 0;
    while (s < t.size() && s < 5 && !one_of(t, s, {"i", "we", "my", "our"})) {
        if (!TIME_LEAD.count(t[s].lower)) return;
        s++;
    }
    if (s >= t.size() || s >= 5) return;
    const Voice& v = b.voice;
    std::string plan_verb;  // "fly" for "I'm flying ...": "You plan to fly ..."
    Span what;
    if (one_of(t, s, {"i", "we"})) {
        size_t k = s + 1;
        bool progressive = one_of(t, k, {"am", "are"}) && k + 1 < t.size() && t[k + 1].lower.ends_with("ing");
        if (progressive) k++;
        if (k >= t.size() || t[k - 1].clause_end) return;
        static const std::unordered_set<std::string_view> NOT_DOING = {"be", "feel", "think", "wonder", "hope", "try",
                                                                        "struggle", "die", "kid", "joke", "look", "freak"};
        std::string verb = progressive ? Lexicon::get().lemma(t[k].lower) : t[k].lower;
        if (progressive ? NOT_DOING.count(verb) > 0 : !base_verb(t[k])) return;
        if (verb == t[k].lower && t[k].lower.ends_with("ing")) return;  // no lemma known
        what = {k, capture(t, k + 1, 9).second};
        plan_verb = verb;
    } else {
        // "my sister visits next weekend", "my brother is coming to visit"
        size_t k = s + 1;
        while (k < t.size() && k - s < 4 && !one_of(t, k, {"is", "are", "will"}) && !t[k - 1].clause_end &&
               !(t[k].lower.ends_with("s") && !capitalized(t[k]) && k > s + 1))
            k++;
        if (k >= t.size() || t[k - 1].clause_end) return;
        bool progressive = one_of(t, k, {"is", "are"}) && k + 1 < t.size() && t[k + 1].lower.ends_with("ing");
        // "visits", "comes", "flies": present tense ("started", "came" are past).
        const std::string& verb = t[k].lower;
        bool present = !one_of(t, k, {"is", "are", "will"}) && !NOT_PLANS.count(verb) && verb.ends_with("s") &&
                       !verb.ends_with("ss") && Lexicon::get().lemma(verb) != verb;
        bool will = at(t, k, {"will"}) && k + 1 < t.size() && base_verb(t[k + 1]);
        if (!progressive && !present && !will) return;
        what = capture(t, s + 1, 12);
    }
    // The time last: most sentences are no plan by then.
    When w = when_of(t, 0, t.size(), b.time_ms);
    if (!w.ms) return;
    w.ms = ahead(w.ms, b.time_ms);
    if (w.ms < day_floor(b.time_ms)) return;
    std::string key = span_key(t, what, 3);
    if (key.empty()) return;
    std::string text;
    if (!plan_verb.empty()) {
        std::string rest = span_text(t, {what.first + 1, what.second}, v);
        text = str(v.subj(), " ", v.verb("plan"), " to ", plan_verb, rest.empty() ? "" : " " + rest);
    } else {
        text = str(v.poss(), " ", span_text(t, what, v));
    }
    b.add(FactKind::Plan, "plan:" + key, "yes", str(text, " (", describe(w), ")"), 0.75, 0.6, 0.3, w.ms);
}

// "we moved to Echo Park", "we're in the Bay Area now": where the speaker
// lives, said of their household.
void scan_we(const std::vector<Token>& t, size_t i, Builder& b) {
    size_t j = i + 1;
    bool negated = false;
    if (one_of(t, j, {"do"}) && at(t, j + 1, {"not"})) {
        negated = true;
        j += 2;
    }
    bool anymore = false;
    for (size_t k = j; k < t.size(); k++) anymore |= t[k].lower == "anymore";
    scan_place(t, i, j, negated, anymore, b);
}

}  // namespace os1::memory::detail

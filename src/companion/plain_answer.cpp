// Memory answers for the none brain (plain_answer.h). Relevance comes from
// plain_match.h; what may be quoted at all from the recall hygiene here and
// in Companion::recall().
#include "companion/plain_answer.h"

#include <algorithm>
#include <cctype>

#include "companion/plain_match.h"

namespace os1::companion {

namespace {

bool is_companion(std::string_view speaker) {
    return speaker == "os1" || speaker == "assistant" || speaker == "companion" || speaker == "system";
}

// One line of a stored message, cut at a word near 160 bytes, in straight quotes.
std::string in_quotes(std::string_view text) {
    std::string s(text);
    for (auto& c : s)
        if (c == '"' || c == '\n') c = c == '"' ? '\'' : ' ';
    constexpr size_t MAX = 160;
    if (s.size() > MAX) {
        size_t cut = s.rfind(' ', MAX);
        if (cut == std::string::npos || cut < MAX / 2) cut = MAX;
        while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) cut--;  // not inside a character
        s = s.substr(0, cut) + "...";
    }
    return "\"" + s + "\"";
}

bool shares_source(const Recalled& a, const Recalled& b) {
    for (const auto& s : a.sources)
        if (std::find(b.sources.begin(), b.sources.end(), s) != b.sources.end()) return true;
    return false;
}

struct Candidate {
    const Recalled* memory;
    Match match;
    double score;
};

// Memories that may answer: facts and the person's own statements (or,
// when asked what it said, the companion's words), related to the question.
std::vector<Candidate> candidates(const std::vector<Recalled>& memories, const Terms& q, bool companion_words) {
    std::vector<Candidate> out;
    for (const auto& m : memories) {
        const bool episode = m.kind == "episode";
        if (!episode && m.kind != "fact") continue;  // summaries and profile entries restate both
        if (companion_words != (episode && is_companion(m.speaker))) continue;
        if (episode && !companion_words && (m.in_window || !worth_recalling(m.text))) continue;
        // Its own notices and quotes of memories are not things it "said about" anything.
        if (companion_words && (m.text.find('"') != std::string::npos || m.text.find("language model") != std::string::npos))
            continue;
        Match x = match(q, m.source_text.empty() ? m.text : m.text + ". " + m.source_text);
        if (!x.related()) continue;
        // A fact that answers by itself beats the message it came from; one
        // that needs its message is worth that message.
        Match alone = m.source_text.empty() ? x : match(q, m.text);
        bool whole = !episode && alone.anchors == x.anchors && alone.others == x.others;
        out.push_back({&m, x, 2.0 * x.anchors + x.others + (whole ? 0.5 : 0)});
    }
    // Equally good: the newer wins (a later statement says what is true now).
    std::stable_sort(out.begin(), out.end(), [](const Candidate& a, const Candidate& b) {
        return a.score != b.score ? a.score > b.score : a.memory->time_ms > b.memory->time_ms;
    });
    return out;
}

// One memory as a sentence. A fact is followed by the message it came from
// when that message says more ("Your brother is Tom — you told me on May 8:
// "My brother Tom is a chef in Chicago."").
std::string say(const PlainContext& c, const Recalled& m) {
    std::string day = m.time_ms ? day_in_words(m.time_ms, c.now_ms) : "";
    if (m.kind == "episode") {
        if (is_companion(m.speaker)) return (day.empty() ? "I said: " : "On " + day + " I said: ") + in_quotes(m.text);
        std::string who = m.speaker == "user" || m.speaker.empty() ? "You told me" : m.speaker + " said";
        return who + (day.empty() ? "" : " on " + day) + ": " + in_quotes(m.text);
    }
    std::string fact = capitalized(to_second_person(m.text));
    bool says_more = false;
    if (!m.source_text.empty() && m.source_text.size() <= 200) {
        Terms fact_terms = key_terms(m.text);
        for (const auto& w : key_terms(m.source_text).words)
            says_more = says_more || std::find(fact_terms.words.begin(), fact_terms.words.end(), w) == fact_terms.words.end();
    }
    if (day.empty()) return fact + ".";
    if (says_more) return fact + " \xE2\x80\x94 you told me on " + day + ": " + in_quotes(m.source_text);
    return fact + " \xE2\x80\x94 you told me on " + day + ".";
}

// The first capitalised word after the first of the message ("Veronica" in "Who is Veronica?").
std::string name_in(std::string_view text) {
    bool first = true;
    for (size_t i = 0; i < text.size();) {
        size_t j = i;
        while (j < text.size() && (std::isalnum(static_cast<unsigned char>(text[j])) || text[j] == '-')) j++;
        if (j == i) {
            i++;
            continue;
        }
        if (!first && std::isupper(static_cast<unsigned char>(text[i]))) return std::string(text.substr(i, j - i));
        first = false;
        i = j;
    }
    return "them";
}

// Recall leaves out what is still in the conversation; asked about it
// directly, the answer may lie there (and be the newest word on it).
std::vector<Recalled> with_conversation(const PlainContext& c) {
    std::vector<Recalled> pool = c.memories;
    if (c.window) {
        for (const auto& t : *c.window) {
            if (t.role != "user" || t.text == c.text) continue;
            pool.push_back({"episode", t.text, t.time_ms, 0, {str("e", t.episode_id)}, "user", false, ""});
        }
    }
    return pool;
}

std::string end_sentence(std::string s) {
    if (!s.empty() && s.back() != '.' && s.back() != '"' && s.back() != '!' && s.back() != '?') s += '.';
    if (s.size() > 1 && s.back() == '"' && s[s.size() - 2] != '.' && s[s.size() - 2] != '!' && s[s.size() - 2] != '?')
        s += '.';
    return s;
}

}  // namespace

std::string capitalized(std::string s) {
    if (!s.empty()) s[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(s[0])));
    return s;
}

std::string day_in_words(int64_t ms, int64_t now_ms) {
    static const char* MONTHS[] = {"January", "February", "March",     "April",   "May",      "June",
                                   "July",    "August",   "September", "October", "November", "December"};
    std::string day = format_day(ms);  // YYYY-MM-DD
    int m = std::stoi(day.substr(5, 2));
    int d = std::stoi(day.substr(8, 2));
    std::string out = str(MONTHS[(m + 11) % 12], " ", d);
    if (now_ms > 0 && format_day(now_ms).substr(0, 4) != day.substr(0, 4)) out += ", " + day.substr(0, 4);
    return out;
}

std::string answer_memory_question(const PlainContext& c, const IntentReading& r) {
    Terms q = key_terms(c.text);
    const std::vector<Recalled> pool = with_conversation(c);
    auto found = candidates(pool, q, false);
    const bool wants_more = q.words.size() > q.anchors.size();  // "where does Rachel live": more than who
    auto answers = [&](const Candidate& x) { return !wants_more || x.match.others > 0; };

    if (q.words.empty()) {
        // "What do you know about me?": a couple of facts, not a list of everything.
        std::string out;
        int n = 0;
        for (const auto& m : c.memories) {
            if (m.kind != "fact" || n == 2) continue;
            if (!out.empty()) out += ' ';
            out += end_sentence(say(c, m));
            n++;
        }
        return out.empty() ? "You haven't told me much yet, so I don't know." : out;
    }
    if (found.empty()) {
        if (r.personal || q.names.empty()) return "You haven't told me that yet, so I don't know.";
        auto w = words_of(c.text);
        if (q.names.size() == 1 && w.size() <= 4 && !w.empty() && (w[0] == "who" || w[0] == "who's")) {
            std::string who = name_in(c.text);
            return "I don't know who " + who + " is \xE2\x80\x94 you haven't told me about them yet.";
        }
        return "I don't know \xE2\x80\x94 you haven't told me about that, and without a language model I can't answer "
               "general questions.";
    }
    const Candidate& best = found[0];
    if (!answers(best)) {
        // It knows whom the question is about, not the answer.
        return "You haven't told me that exactly, so I don't know. What I do know: " + end_sentence(say(c, *best.memory));
    }
    std::string out = end_sentence(say(c, *best.memory));
    for (size_t i = 1; i < found.size(); i++) {
        const Candidate& next = found[i];
        if (next.score < best.score || !answers(next) || shares_source(*best.memory, *next.memory)) continue;
        out += ' ';
        out += end_sentence(say(c, *next.memory));
        break;  // two at most
    }
    return out;
}

std::string answer_if_remembered(const PlainContext& c) {
    // Only "when / where / who" questions ask for something said; "what
    // should I get my mom?" and "how do I ..." ask for judgement.
    auto w = words_of(c.text);
    if (w.empty() || (w[0] != "when" && w[0] != "where" && w[0] != "who" && w[0] != "when's" && w[0] != "where's"))
        return "";
    Terms q = key_terms(c.text);
    if (q.anchors.empty()) return "";
    const std::vector<Recalled> pool = with_conversation(c);
    auto found = candidates(pool, q, false);
    if (found.empty() || (q.words.size() > q.anchors.size() && found[0].match.others == 0)) return "";
    return end_sentence(say(c, *found[0].memory));
}

std::string answer_what_i_said(const PlainContext& c) {
    Terms q = key_terms(c.text);
    auto found = candidates(c.memories, q, true);
    if (found.empty()) return "I don't remember saying anything about that.";
    return end_sentence(say(c, *found[0].memory));
}

}  // namespace os1::companion

// Deterministic fact extraction over tokens (extract.h). The message is cut
// into sentences at . ! ?; questions and hypotheticals ("If I lived in
// Paris") are skipped. Patterns are short word sequences anchored at "my"
// (here) and "I" (extract_patterns.cpp); the captured object runs to the end
// of its clause. Hand-matched rather than std::regex: ingest must stay well
// above 2,000 messages a second. Facts are worded for display through a
// Voice: second person for the user, third person for named speakers.
#include "memory/extract.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <unordered_map>
#include <unordered_set>

#include "memory/extract_internal.h"
#include "memory/time_parse.h"

namespace os1::memory {

namespace detail {

namespace {

const std::unordered_set<std::string_view> FILLERS = {"really", "also", "just", "still", "totally", "actually",
                                                      "absolutely", "definitely", "truly", "honestly", "kinda",
                                                      "seriously", "always", "finally", "recently", "even",
                                                      "nowadays", "currently"};
const std::unordered_set<std::string_view> BOUNDARY = {"and", "but", "because", "so", "since", "when", "while",
                                                       "which", "who", "if", "though", "although", "cause", "as",
                                                       "or", "than", "until", "whenever", "anymore", "now"};
const std::unordered_set<std::string_view> EMOTION_WORDS = {
    "love", "hate", "scared", "afraid", "terrified", "worried", "anxious", "nervous", "happy", "sad",
    "excited", "angry", "upset", "lonely", "proud", "grateful", "depressed", "stressed", "hurt", "miss",
    "cry", "cried", "thrilled", "devastated", "heartbroken", "fear", "joy", "passionate", "overwhelmed"};
// Words that open a question when the sentence has no closing punctuation.
const std::unordered_set<std::string_view> QUESTION_OPENERS = {
    "do", "does", "did", "is", "are", "was", "were", "can", "could", "would", "will", "should", "shall", "have",
    "has", "am", "what", "where", "who", "why", "how", "which", "whose", "whom"};
const std::unordered_set<std::string_view> HYPOTHETICAL = {"if", "unless", "suppose", "supposing", "imagine",
                                                           "pretend", "hypothetically", "whether"};

}  // namespace

std::string third_person_verb(std::string_view base) {
    std::string w(base);
    if (w == "have") return "has";
    if (w == "am" || w == "are" || w == "be") return "is";
    if (w == "do") return "does";
    if (w == "go") return "goes";
    if (w == "can" || w == "will" || w == "would" || w == "could" || w == "should" || w == "must") return w;
    if (w.empty() || !std::isalpha(static_cast<unsigned char>(w.back()))) return w;
    if (w.ends_with("s") || w.ends_with("sh") || w.ends_with("ch") || w.ends_with("x") || w.ends_with("z") ||
        w.ends_with("o"))
        return w + "es";
    if (w.size() > 1 && w.back() == 'y' && !std::strchr("aeiou", w[w.size() - 2])) return w.substr(0, w.size() - 1) + "ies";
    return w + "s";
}

std::string Voice::verb(std::string_view base) const { return you ? std::string(base) : third_person_verb(base); }

std::string Voice::pronoun(const Token& t) const {
    const std::string& w = t.lower;
    if (w == "my") return you ? "your" : "their";
    if (w == "me") return you ? "you" : "them";
    if (w == "i") return you ? "you" : "they";
    if (w == "myself") return you ? "yourself" : "themselves";
    if (w == "mine") return you ? "yours" : "theirs";
    if (w == "am") return "are";
    if (w == "was") return "were";
    return t.orig;
}

bool at(const std::vector<Token>& t, size_t i, std::initializer_list<const char*> words) {
    for (const char* w : words) {
        if (i >= t.size() || t[i].lower != w) return false;
        i++;
    }
    return true;
}

bool one_of(const std::vector<Token>& t, size_t i, std::initializer_list<const char*> words) {
    if (i >= t.size()) return false;
    for (const char* w : words)
        if (t[i].lower == w) return true;
    return false;
}

bool capitalized(const Token& t) { return !t.orig.empty() && std::isupper(static_cast<unsigned char>(t.orig[0])); }

Span capture(const std::vector<Token>& t, size_t j, size_t max_len) {
    size_t e = j;
    while (e < t.size() && e - j < max_len) {
        if (e > j && (BOUNDARY.count(t[e].lower) || HYPOTHETICAL.count(t[e].lower))) break;
        e++;
        if (t[e - 1].clause_end) break;
    }
    return {j, e};
}

std::string span_text(const std::vector<Token>& t, Span s, const Voice& v) {
    std::string out;
    for (size_t i = s.first; i < s.second && i < t.size(); i++) {
        if (!out.empty()) out += ' ';
        // "am" agrees with "I" ("that I am" -> "that you are"), not in "10 am".
        bool after_i = i > 0 && t[i - 1].lower == "i";
        out += (t[i].lower == "am" || t[i].lower == "was") && !after_i ? t[i].orig : v.pronoun(t[i]);
        if (t[i].apostrophe_s) out += "'s";                                    // "your mom's health"
        if (t[i].clause_end && !t[i].sentence_end && i + 1 < s.second) out += ',';  // "Denver, Colorado"
    }
    return out;
}

std::string span_key(const std::vector<Token>& t, Span s, size_t max_terms) {
    const auto& lex = Lexicon::get();
    std::string out;
    size_t n = 0;
    for (size_t i = s.first; i < s.second && i < t.size() && n < max_terms; i++) {
        if (is_stopword(t[i].lower) || t[i].lower == "to") continue;
        if (!out.empty()) out += ' ';
        out += lex.lemma(t[i].lower);
        n++;
    }
    return out;
}

void Builder::add(FactKind kind, std::string key, std::string value, std::string text, double confidence,
                  double importance, double emotional, int64_t event_ms) {
    if (key.empty() || value.empty() || key.back() == ':') return;
    for (const auto& f : out)
        if (f.key == key) return;  // first statement in a message wins
    Fact f;
    f.kind = kind;
    f.subject = subject;
    f.key = std::move(key);
    f.value = std::move(value);
    f.text = std::move(text);
    f.confidence = confidence;
    f.importance = importance;
    f.emotional_weight = std::clamp(std::max(emotional, emotion), 0.0, 1.0);
    f.event_time_ms = event_ms;
    f.valid_from_ms = time_ms;
    out.push_back(std::move(f));
}

bool scan_my(const std::vector<Token>& t, size_t i, Builder& b) {
    const Voice& v = b.voice;
    if (one_of(t, i + 1, {"favorite", "favourite"}) && i + 2 < t.size()) {
        size_t k = i + 2, e = k;
        while (e < t.size() && e - k < 3 && !one_of(t, e, {"is", "are", "was"})) e++;
        if (e < t.size() && one_of(t, e, {"is", "are"}) && e > k) {
            auto obj = capture(t, e + 1, 6);
            std::string thing = span_key(t, {k, e}, 2);
            std::string value = span_text(t, obj, v);
            if (!thing.empty() && !value.empty())
                b.add(FactKind::Like, "favorite:" + thing, value,
                      str(v.poss(), " favorite ", span_text(t, {k, e}, v), " ", t[e].lower, " ", value), 0.9, 0.5, 0.2);
        }
        return true;
    }
    if (at(t, i + 1, {"name", "is"}) && i + 3 < t.size() && !is_stopword(t[i + 3].lower) &&
        std::isalpha(static_cast<unsigned char>(t[i + 3].orig[0]))) {
        b.add(FactKind::Identity, "name", t[i + 3].orig, str(v.poss(), " name is ", t[i + 3].orig), 0.9, 0.9, 0.2);
        return true;
    }
    if (at(t, i + 1, {"birthday", "is"}) || at(t, i + 1, {"birthday", "was"})) {
        auto obj = capture(t, i + 3, 5);
        When w = when_of(t, obj.first, obj.second, b.time_ms);
        std::string what = span_text(t, obj, v);
        b.add(FactKind::Event, "birthday", what, str(v.poss(), " birthday is ", what), 0.9, 0.8, 0.3, w.ms);
        return true;
    }
    if (at(t, i + 1, {"job", "is"})) {
        auto obj = capture(t, i + 3, 6);
        std::string what = span_text(t, obj, v);
        b.add(FactKind::Job, "job", what, str(v.poss(), " job is ", what), 0.8, 0.7, 0.1);
        return true;
    }
    if (one_of(t, i + 1, {"goal", "dream", "plan"}) && at(t, i + 2, {"is", "to"})) {
        auto obj = capture(t, i + 4, 8);
        When w = when_of(t, i, t.size(), b.time_ms);
        b.add(FactKind::Hope, "hope:" + span_key(t, obj), "yes", str(v.subj(), " ", v.verb("hope"), " to ", span_text(t, obj, v)),
              0.8, 0.6, 0.4, w.ms);
        return true;
    }
    // "my exam is on Friday", "my interview is tomorrow at 10": a thing of
    // theirs with a time.
    size_t e = i + 1;
    while (e < t.size() && e - i <= 3 && !one_of(t, e, {"is", "was"}) && !t[e].clause_end) e++;
    // ("my brother is coming next week" is a plan: extract_plans.cpp.)
    if (e > i + 1 && one_of(t, e, {"is", "was"}) && !one_of(t, e + 1, {"not"}) &&
        !(e + 1 < t.size() && t[e + 1].lower.ends_with("ing"))) {
        auto obj = capture(t, e + 1, 7);
        When w = when_of(t, obj.first, obj.second, b.time_ms);
        if (w.ms) {
            std::string thing = span_text(t, {i + 1, e}, v);
            std::string text = str(v.poss(), " ", thing, " ", t[e].lower, " ", span_text(t, obj, v), " (", describe(w), ")");
            b.add(FactKind::Event, "when:" + span_key(t, {i + 1, e}), describe(w), text, 0.8, 0.6, 0.3, w.ms);
            return true;
        }
    }
    return false;
}

namespace {

bool hypothetical_start(const std::vector<Token>& t) {
    return !t.empty() && (HYPOTHETICAL.count(t[0].lower) || at(t, 0, {"what", "if"}));
}

void scan_sentence(const std::vector<Token>& t, Builder& b) {
    size_t facts_before = b.out.size();
    for (size_t i = 0; i < t.size(); i++) {
        // "... if I lived in Paris": the rest of the clause is not a fact.
        if (HYPOTHETICAL.count(t[i].lower)) {
            while (i < t.size() && !t[i].clause_end) i++;
            continue;
        }
        if (t[i].lower == "my") {
            // "My brother's wedding is next Saturday": a person and a date of theirs.
            scan_people(t, i, b);
            scan_my(t, i, b);
            continue;
        }
        if (scan_people(t, i, b)) continue;
        if (t[i].lower == "i") scan_i(t, i, b);
        else if (t[i].lower == "we") scan_we(t, i, b);
    }
    if (!t.empty() && !HYPOTHETICAL.count(t[0].lower)) scan_plan(t, b, facts_before);
}

// "..., remember?" / "..., right?": a statement with a tag. Drops the tag
// and clears `t`'s question mark by returning a statement; leaves a real
// question empty.
void strip_tag_question(std::vector<Token>& t) {
    static const std::unordered_set<std::string_view> TAGS = {"remember", "right", "ok", "okay", "yeah", "eh",
                                                             "huh", "you", "know", "no", "see", "lol", "isn", "t"};
    size_t cut = t.size();
    while (cut > 0 && TAGS.count(t[cut - 1].lower)) cut--;
    bool tagged = cut > 0 && cut < t.size() && t[cut - 1].clause_end && t.size() - cut <= 2;
    if (!tagged) {
        t.clear();
        return;
    }
    t.resize(cut);
}

const std::unordered_set<std::string_view> TITLE_ABBREVIATIONS = {"st", "dr", "mr", "mrs", "ms", "jr", "sr", "mt", "prof", "ft"};

// "St. Mary's", "Dr. Patel": a full stop after a title does not end the sentence.
bool after_abbreviation(std::string_view text, size_t dot) {
    static const std::unordered_set<std::string_view> ABBREVIATIONS = {"st", "dr", "mr", "mrs", "ms", "jr", "sr", "mt",
                                                                      "prof", "vs", "ft", "ave", "no", "e.g", "i.e"};
    size_t s = dot;
    while (s > 0 && (std::isalpha(static_cast<unsigned char>(text[s - 1])) || text[s - 1] == '.')) s--;
    std::string word(text.substr(s, dot - s));
    for (auto& c : word) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return ABBREVIATIONS.count(word) > 0 && dot + 2 < text.size() && !(word == "no" && !std::isdigit(static_cast<unsigned char>(text[dot + 2])));
}

// Sentences of the raw text with their closing mark ('.', '!', '?', or 0).
void split_sentences(std::string_view text, std::vector<std::pair<std::string_view, char>>& out) {
    size_t start = 0;
    for (size_t i = 0; i < text.size(); i++) {
        char c = text[i];
        if (c == '.' && after_abbreviation(text, i)) continue;
        if (c == '\n' || ((c == '.' || c == '!' || c == '?') &&
                          (i + 1 == text.size() || std::isspace(static_cast<unsigned char>(text[i + 1])) ||
                           text[i + 1] == '"' || text[i + 1] == ')'))) {
            // "?!" / "..." close together; a question mark anywhere in the run wins.
            size_t e = i;
            char mark = c == '\n' ? 0 : c;
            while (e + 1 < text.size() && (text[e + 1] == '.' || text[e + 1] == '!' || text[e + 1] == '?')) {
                if (text[e + 1] == '?') mark = '?';
                e++;
            }
            if (i > start) out.emplace_back(text.substr(start, i - start), mark);
            start = e + 1;
            i = e;
        }
    }
    if (start < text.size()) out.emplace_back(text.substr(start), 0);
}

// "im", "dont", "ive" typed without the apostrophe: the words they stand for.
void expand_unapostrophised(std::vector<Token>& t) {
    static const std::unordered_map<std::string_view, std::pair<const char*, const char*>> FORMS = {
        {"im", {"I", "am"}},          {"ive", {"I", "have"}},      {"dont", {"do", "not"}},
        {"doesnt", {"does", "not"}},  {"didnt", {"did", "not"}},   {"cant", {"can", "not"}},
        {"wont", {"will", "not"}},    {"isnt", {"is", "not"}},     {"wasnt", {"was", "not"}},
        {"havent", {"have", "not"}},  {"arent", {"are", "not"}},   {"youre", {"you", "are"}},
        {"whats", {"what", "is"}},    {"names", {"name", "is"}}};
    for (size_t k = 0; k < t.size(); k++) {
        auto it = FORMS.find(t[k].lower);
        if (it == FORMS.end()) continue;
        if (t[k].lower == "names" && (k == 0 || t[k - 1].lower != "my")) continue;  // "my names Ana"
        Token second = t[k];
        second.orig = second.lower = it->second.second;
        t[k].orig = it->second.first;
        t[k].lower = t[k].orig;
        for (auto& c : t[k].lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        t[k].sentence_end = t[k].clause_end = false;
        t.insert(t.begin() + static_cast<std::ptrdiff_t>(k) + 1, second);
        k++;
    }
}

}  // namespace

}  // namespace detail

bool single_valued(const std::string& key) {
    if (key == "lives_in" || key == "from" || key == "grew_up_in" || key == "job" || key == "employer" ||
        key == "name" || key == "age" || key == "birthday")
        return true;
    if (key.starts_with("favorite:") || key.starts_with("when:")) return true;
    if (key.starts_with("relation:")) return key.find(':', 9) == std::string::npos;
    return false;
}

std::vector<Fact> extract_facts(const std::string& subject, const std::string& text, int64_t time_ms,
                                const std::optional<Affect>& affect) {
    using namespace detail;
    std::vector<Fact> out;
    double emotion = 0;
    if (affect) emotion = std::max(std::abs(affect->valence), affect->arousal);
    Builder b{Voice{subject == "user", subject}, subject, time_ms, 0, out};
    std::vector<std::pair<std::string_view, char>> sentences;
    split_sentences(text, sentences);
    std::vector<Token> kept;
    for (auto& [raw, mark] : sentences) {
        auto tokens = tokenize(raw);
        expand_unapostrophised(tokens);
        if (mark == '?') strip_tag_question(tokens);  // "I moved to Berlin, remember?" is a statement
        if (tokens.empty()) continue;
        if (mark != '.' && mark != '!' && QUESTION_OPENERS.count(tokens[0].lower)) continue;
        if (hypothetical_start(tokens)) continue;
        int n_emotion = 0;
        kept.clear();
        for (auto& tk : tokens) {
            n_emotion += EMOTION_WORDS.count(tk.lower) > 0;
            if (!FILLERS.count(tk.lower)) kept.push_back(tk);
            else if (!kept.empty() && tk.clause_end) kept.back().clause_end = true;
        }
        if (kept.empty()) continue;
        // "St. Mary's", "Dr. Patel": the title's full stop ends nothing.
        for (size_t k = 0; k + 1 < kept.size(); k++)
            if (kept[k].sentence_end && TITLE_ABBREVIATIONS.count(kept[k].lower) && capitalized(kept[k + 1]))
                kept[k].sentence_end = kept[k].clause_end = false;
        kept.back().clause_end = true;
        b.emotion = std::max(emotion, std::min(1.0, 0.25 * n_emotion));
        scan_sentence(kept, b);
    }
    return out;
}

}  // namespace os1::memory

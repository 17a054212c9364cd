// Recall's ranking helpers beyond the lexical match (recall_rank.h).
#include "memory/recall_rank.h"

#include <algorithm>
#include <cmath>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

#include "memory/recall_internal.h"

namespace os1::memory {

double context_share(const Around& around) {
    const auto& w = weights();
    // Distance one: the turn before (its reply share when it asked) or after.
    double near = std::max((around.asks(-1) ? w.reply : w.nb) * around.lex(-1), w.nb * around.lex(1));
    // A follow-up: the other asked about what this speaker said two turns up; the answer is about it.
    if (w.follow > 0 && around.same_speaker) {
        double said = around.lex(-2);
        if (said > 0 && w.follow * said > near && around.asks(-1) && !around.same_speaker(-1) &&
            around.same_speaker(-2))
            near = w.follow * said;
    }
    if (w.nb2 <= 0) return near;
    // Distance two: the reply to a question two turns up (a comment between).
    double far = around.asks(-2) ? w.nb2 * around.lex(-2) : 0.0;
    return std::max(near, far) + 0.5 * std::min(near, far);
}

int context_reach() { return weights().nb2 > 0 ? 2 : 1; }

namespace {

bool is_auxiliary(std::string_view w) {
    static const std::unordered_set<std::string_view> AUX = {"do",  "does", "did",  "has",  "have",  "had", "is",
                                                             "are", "was",  "were", "will", "would", "can"};
    return AUX.count(w) > 0;
}

// A plural noun as written: its lemma differs and it ends in "s"
// ("activities" -> "activity", "books" -> "book"); "children", "people"
// and other irregular plurals by their lemma.
bool is_plural_noun(const std::string& lower) {
    static const std::unordered_set<std::string_view> IRREGULAR = {"children", "people", "men",  "women",
                                                                   "feet",     "teeth",  "mice", "geese"};
    if (IRREGULAR.count(lower)) return true;
    if (lower.size() < 4 || lower.back() != 's' || lower.ends_with("ss") || lower.ends_with("us")) return false;
    if (is_stopword(lower) || is_auxiliary(lower)) return false;
    return Lexicon::get().lemma(lower) != lower;
}

bool is_time_word(std::string_view w) {
    static const std::unordered_set<std::string_view> WORDS = {"times", "days",    "years",    "months", "weeks",
                                                               "hours", "minutes", "weekends", "nights"};
    return WORDS.count(w) > 0;
}

// Nouns that frame a question without naming a category of things: their
// WordNet kinds ("nickname", "brand" for "name") are never the answer.
bool is_frame_noun(std::string_view w) {
    static const std::unordered_set<std::string_view> WORDS = {"name", "thing", "way", "kind", "type", "sort", "part"};
    return WORDS.count(w) > 0;
}

}  // namespace

std::vector<std::pair<std::string, double>> speaker_focus(const std::vector<Token>& tokens,
                                                          const std::set<std::string>& people, double subject,
                                                          double other) {
    std::vector<std::pair<std::string, double>> out;
    bool joining = false;  // the subject's "and" chain is still open
    for (size_t i = 0; i < tokens.size(); i++) {
        const std::string& w = tokens[i].lower;
        if (!people.count(w) || w == "user") {
            if (w != "and") joining = false;
            continue;
        }
        bool first = out.empty();
        if (std::none_of(out.begin(), out.end(), [&](const auto& p) { return p.first == w; }))
            out.emplace_back(w, first || joining ? subject : other);
        joining = first || joining;
        // "and" must come right after the name for the next one to join.
        if (joining && !(i + 1 < tokens.size() && tokens[i + 1].lower == "and")) joining = false;
    }
    return out;
}

std::vector<std::string> category_nouns(const std::vector<Token>& tokens) {
    std::vector<std::string> out;
    size_t start = 0;
    while (start < tokens.size() && (tokens[start].lower == "in" || tokens[start].lower == "so")) start++;
    if (start >= tokens.size()) return out;
    const std::string& first = tokens[start].lower;
    bool many = first == "how" && start + 1 < tokens.size() && tokens[start + 1].lower == "many";
    if (first != "what" && first != "which" && !many) return out;
    const auto& lex = Lexicon::get();
    // "What activities does…", "Which European countries has…", "How many
    // children…": plurals before the verb. "What are Ana's hobbies?": after
    // "are"/"were". "What kind of art…": the word after "kind of".
    bool after_be = false;
    for (size_t i = start + 1 + many; i < tokens.size(); i++) {
        const std::string& w = tokens[i].lower;
        if ((w == "kind" || w == "kinds" || w == "type" || w == "types") && i + 2 < tokens.size() &&
            tokens[i + 1].lower == "of" && !is_stopword(tokens[i + 2].lower)) {
            out.push_back(lex.lemma(tokens[i + 2].lower));
            i += 2;
            continue;
        }
        if (is_auxiliary(w)) {
            if ((w == "are" || w == "were") && i == start + 1) {
                after_be = true;
                continue;
            }
            if (!after_be) break;
        }
        if (is_plural_noun(w) && !is_time_word(w)) {
            // "martial arts", "board games", "European countries": the
            // compound WordNet knows, before the noun alone.
            const std::string& before = tokens[i - 1].lower;
            if (i > start + 1 + many && !is_stopword(before) && !is_auxiliary(before)) {
                std::string compound = lex.lemma(before) + "_" + lex.lemma(w);
                if (!lex.hyponyms(compound, 1, 1).empty()) out.push_back(compound);
            }
            out.push_back(lex.lemma(w));
        }
    }
    return out;
}

bool asks_for_many(const std::vector<Token>& tokens) {
    for (const auto& t : tokens)
        if (t.lower == "both") return true;  // two people: two conversations' worth of evidence
    size_t start = 0;
    while (start < tokens.size() && (tokens[start].lower == "in" || tokens[start].lower == "so")) start++;
    if (start + 1 < tokens.size() && tokens[start].lower == "how" && tokens[start + 1].lower == "many") return true;
    // A plural category ("activities"); "what kind of art" asks for one.
    auto cats = category_nouns(tokens);
    for (const auto& t : tokens)
        if (is_plural_noun(t.lower) && std::find(cats.begin(), cats.end(), Lexicon::get().lemma(t.lower)) != cats.end())
            return true;
    return false;
}

bool asks_about_experiences(const std::vector<Token>& tokens, const std::set<std::string>& people) {
    for (size_t i = 0; i + 2 < tokens.size(); i++) {
        const std::string& w = tokens[i].lower;
        if (w != "has" && w != "have") continue;
        size_t j = i + 1;
        if (tokens[j].lower == "both") j++;  // "What have both Jon and Gina…"
        const std::string& who = tokens[j].lower;
        if (people.count(who) || who == "she" || who == "he" || who == "they" || who == "you" || who == "we")
            return true;
    }
    return false;
}

Result<std::vector<std::string>> category_kinds(const std::vector<Token>& tokens, const std::vector<std::string>& asked,
                                                const std::function<Result<int64_t>(const std::string&)>& doc_freq,
                                                int64_t n_docs) {
    std::vector<std::string> out;
    const auto& w = weights();
    if (w.hypo <= 0) return out;
    int64_t common = std::max<int64_t>(2000, n_docs * 3 / 100);
    for (const auto& cat : category_nouns(tokens)) {
        if (is_frame_noun(cat)) continue;
        for (const auto& k : Lexicon::get().hyponyms(cat, static_cast<int>(w.hypo_depth), 400)) {
            if (out.size() >= static_cast<size_t>(w.hypo_terms)) return out;
            if (std::find(asked.begin(), asked.end(), k) != asked.end() ||
                std::find(out.begin(), out.end(), k) != out.end())
                continue;
            int64_t f = TRY(doc_freq(k));
            if (f > 0 && f <= common) out.push_back(k);
        }
    }
    return out;
}

void spread_sessions(std::vector<Hit>& hits, double factor) {
    if (factor >= 1.0) return;
    std::unordered_map<std::string, int> seen;
    for (auto& h : hits)
        if (h.kind == HitKind::Episode) h.score *= std::pow(factor, seen[h.session]++);
    std::stable_sort(hits.begin(), hits.end(), [](const Hit& a, const Hit& b) { return a.score > b.score; });
}

}  // namespace os1::memory

// Words the memory says together with a question's words (recall_rank.h):
// query expansion from the memory's own vocabulary. For each asked word
// said in a few turns, the words that recur across those turns (in at
// least two of them), weighted by how many of them they share and by their
// rarity, stand in for what the question may be worded unlike: a person
// who talks of "swim" again and again with "lake" and "laps".
#include <algorithm>
#include <cmath>
#include <unordered_map>
#include <unordered_set>

#include "memory/recall_internal.h"
#include "memory/recall_rank.h"
#include "memory/sql.h"

namespace os1::memory {

bool asks_for_inference(const std::vector<Token>& q) {
    if (q.empty()) return false;
    const std::string& first = q[0].lower;
    if (first == "would" || first == "could" || first == "might") return true;
    return std::any_of(q.begin(), q.end(), [](const Token& t) { return t.lower == "likely"; });
}

Result<std::vector<std::string>> cooccurring_terms(store::OwnerScope& db, const std::vector<std::string>& asked,
                                                   const std::set<std::string>& people,
                                                   const std::function<Result<int64_t>(const std::string&)>& doc_freq,
                                                   int64_t n_docs) {
    std::vector<std::string> out;
    const auto& w = weights();
    if (w.cooc <= 0) return out;
    const auto& lex = Lexicon::get();
    int64_t common = std::max<int64_t>(2000, n_docs * 3 / 100);
    auto text_of = TRY(db.prepare_cached(sql::EPISODE_TEXT));
    for (const auto& t : asked) {
        if (t.empty() || t.back() == '*' || t.find(' ') != std::string::npos) continue;
        int64_t f = TRY(doc_freq(t));
        if (f < 2 || f > static_cast<int64_t>(w.cooc_df)) continue;
        std::unordered_map<int64_t, double> turns;
        TRY(match(db, "episodes_fts", {t}, 1.0, static_cast<int>(w.cooc_df), turns));
        std::unordered_map<std::string, int> shared;  // word -> turns of t that say it
        for (auto& [id, score] : turns) {
            text_of.reset();
            text_of.bind(1, id);
            if (!TRY(text_of.step())) continue;
            std::unordered_set<std::string> seen;
            for (auto& tok : tokenize(text_of.column_text(0))) {
                if (tok.lower.size() < 3 || is_stopword(tok.lower) || is_question_word(tok.lower) ||
                    people.count(tok.lower))
                    continue;
                std::string l = lex.lemma(tok.lower);
                if (l != t && seen.insert(l).second) shared[l]++;
            }
        }
        std::vector<std::pair<double, std::string>> ranked;
        for (auto& [word, n] : shared) {
            if (n < 2 || std::find(asked.begin(), asked.end(), word) != asked.end()) continue;
            int64_t d = TRY(doc_freq(word));
            if (d <= 0 || d > common) continue;
            double share = static_cast<double>(n) / static_cast<double>(turns.size());
            ranked.emplace_back(share * std::log(1.0 + static_cast<double>(std::max<int64_t>(n_docs, 1)) / d), word);
        }
        std::sort(ranked.rbegin(), ranked.rend());
        for (size_t i = 0; i < ranked.size() && i < static_cast<size_t>(w.cooc_terms); i++)
            if (std::find(out.begin(), out.end(), ranked[i].second) == out.end()) out.push_back(ranked[i].second);
    }
    return out;
}

}  // namespace os1::memory

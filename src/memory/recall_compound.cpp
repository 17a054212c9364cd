// Words written together or apart (recall_rank.h): a question's "work out"
// finds the memory's "workout", its "roadtrip" finds "road trip". Only
// forms the memory holds are searched; a split is searched as a phrase, so
// two words that merely both occur somewhere ("car", "pet" for "carpet")
// match nothing.
#include <algorithm>
#include <string_view>
#include <unordered_set>

#include "memory/recall_internal.h"
#include "memory/recall_rank.h"

namespace os1::memory {

namespace {

bool letters_only(std::string_view w) {
    return !w.empty() && std::all_of(w.begin(), w.end(), [](char c) { return c >= 'a' && c <= 'z'; });
}

// The particles of phrasal verbs whose noun is written as one word
// ("work out" -> "workout", "set up" -> "setup", "break up" -> "breakup").
bool is_particle(std::string_view w) {
    static const std::unordered_set<std::string_view> WORDS = {"out", "up", "down", "off", "over", "back", "in", "on"};
    return WORDS.count(w) > 0;
}

void add_once(std::vector<std::string>& out, const std::vector<std::string>& asked, std::string term) {
    if (std::find(asked.begin(), asked.end(), term) == asked.end() &&
        std::find(out.begin(), out.end(), term) == out.end())
        out.push_back(std::move(term));
}

}  // namespace

Result<std::vector<std::string>> compound_terms(const std::vector<Token>& tokens, const std::set<std::string>& people,
                                                const std::vector<std::string>& asked,
                                                const std::function<Result<int64_t>(const std::string&)>& doc_freq) {
    std::vector<std::string> out;
    if (weights().compound <= 0) return out;
    const auto& lex = Lexicon::get();
    auto content = [&](const std::string& w) {
        return letters_only(w) && w.size() >= 3 && !people.count(w) && !is_stopword(w) && !is_question_word(w);
    };
    // Apart in the question, together in the memory.
    for (size_t i = 0; i + 1 < tokens.size(); i++) {
        const std::string& a = tokens[i].lower;
        const std::string& b = tokens[i + 1].lower;
        if (tokens[i].clause_end || !content(a)) continue;
        if (!content(b) && !(letters_only(b) && is_particle(b))) continue;
        std::string joined = lex.lemma(a + b);
        if (is_stopword(joined) || joined.size() < 6) continue;
        if (TRY(doc_freq(joined)) > 0) add_once(out, asked, joined);
    }
    // Together in the question, apart in the memory: each split into two
    // words (WordNet's) the memory holds, searched as a phrase.
    for (const auto& t : tokens) {
        const std::string& w = t.lower;
        if (!content(w) || w.size() < 6) continue;
        for (size_t k = 3; k + 3 <= w.size(); k++) {
            std::string a = w.substr(0, k), b = w.substr(k);
            if (!content(a) || !content(b)) continue;
            std::string la = lex.lemma(a), lb = lex.lemma(b);
            // Words both (checked in memory first: counting a common word's messages costs a scan).
            if (!lex.is_word(la) || !lex.is_word(lb)) continue;
            if (TRY(doc_freq(la)) > 0 && TRY(doc_freq(lb)) > 0) add_once(out, asked, la + " " + lb);
        }
    }
    return out;
}

}  // namespace os1::memory

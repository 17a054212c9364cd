// Misspelt question words (recall_rank.h, correct_spelling): "When did
// Caroline go to the pride fesetival?", "What career has she decided to
// persue?", "Which city has John visited?" when the memory's speaker is Jon.
// A word the memory never says and WordNet does not know is read as the
// word one edit away (a letter left out, added, changed, or two swapped)
// that WordNet knows and the memory says; a capitalised word one edit from a speaker's
// name, itself never said, is that speaker. Nothing changes for a word
// the memory holds or WordNet knows, so correct spelling is never touched.
#include <algorithm>
#include <cctype>
#include <string>

#include "memory/recall_internal.h"
#include "memory/recall_rank.h"

namespace os1::memory {

namespace {

// Damerau-Levenshtein distance is at most one (one insertion, deletion,
// substitution or transposition of neighbours).
bool one_edit_apart(const std::string& a, const std::string& b) {
    if (a == b) return false;
    size_t n = a.size(), m = b.size();
    if (n > m + 1 || m > n + 1) return false;
    size_t i = 0;
    while (i < n && i < m && a[i] == b[i]) i++;
    if (n == m) {
        if (a.compare(i + 1, std::string::npos, b, i + 1, std::string::npos) == 0) return true;  // substitution
        return i + 1 < n && a[i] == b[i + 1] && a[i + 1] == b[i] &&
               a.compare(i + 2, std::string::npos, b, i + 2, std::string::npos) == 0;  // transposition
    }
    if (n > m) return a.compare(i + 1, std::string::npos, b, i, std::string::npos) == 0;
    return b.compare(i + 1, std::string::npos, a, i, std::string::npos) == 0;
}

// Every string one edit away from w over the letters a-z.
std::vector<std::string> edits(const std::string& w) {
    std::vector<std::string> out;
    out.reserve(54 * w.size() + 25);
    for (size_t i = 0; i <= w.size(); i++) {
        if (i < w.size()) out.push_back(w.substr(0, i) + w.substr(i + 1));  // deletion
        if (i + 1 < w.size()) {
            std::string t = w;
            std::swap(t[i], t[i + 1]);
            out.push_back(std::move(t));  // transposition
        }
        for (char c = 'a'; c <= 'z'; c++) {
            out.push_back(w.substr(0, i) + c + w.substr(i));  // insertion
            if (i < w.size() && w[i] != c) {
                std::string t = w;
                t[i] = c;
                out.push_back(std::move(t));  // substitution
            }
        }
    }
    return out;
}

bool all_letters(const std::string& w) {
    return std::all_of(w.begin(), w.end(), [](char c) { return c >= 'a' && c <= 'z'; });
}

}  // namespace

Result<std::vector<Token>> correct_spelling(std::vector<Token> tokens, const std::set<std::string>& people,
                                            const std::function<Result<int64_t>(const std::string&)>& doc_freq) {
    if (weights().spell <= 0) return tokens;
    const auto& lex = Lexicon::get();
    for (size_t i = 0; i < tokens.size(); i++) {
        auto& t = tokens[i];
        const std::string& w = t.lower;
        if (people.count(w) || is_stopword(w) || is_question_word(w) || !all_letters(w)) continue;
        bool capital = !t.orig.empty() && std::isupper(static_cast<unsigned char>(t.orig[0]));
        // A speaker's name misspelt: "John" for Jon, never a name the memory says itself.
        if (capital && w.size() >= 3) {
            std::string name;
            int found = 0;
            for (const auto& p : people)
                if (p != "user" && p.size() >= 3 && one_edit_apart(w, p)) name = p, found++;
            if (found == 1 && TRY(doc_freq(w)) == 0 && TRY(doc_freq(lex.lemma(w))) == 0) {
                t.lower = name;
                continue;
            }
        }
        // Short words have too many neighbours to guess from.
        if (w.size() < 5) continue;
        std::string l = lex.lemma(w);
        if (lex.is_word(l) || lex.is_word(w) || TRY(doc_freq(l)) > 0 || TRY(doc_freq(w)) > 0) continue;
        // The neighbour the memory says most often; none when two tie (no guess).
        std::string best;
        int64_t best_f = 0;
        bool tie = false;
        for (const auto& e : edits(w)) {
            // A real word (WordNet, in memory) first: a store lookup for each of
            // the ~500 strings would cost tens of milliseconds in a big store.
            std::string el = lex.lemma(e);
            if (!lex.is_word(el)) continue;
            int64_t f = TRY(doc_freq(el));
            if (f > best_f) best = el, best_f = f, tie = false;
            else if (f > 0 && f == best_f && el != best) tie = true;
        }
        if (best_f > 0 && !tie) t.lower = best;
    }
    return tokens;
}

}  // namespace os1::memory

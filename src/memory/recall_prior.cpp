// Recall's priors on a turn beyond its words and the words a question is
// answered with beyond its own (recall_rank.h): for a word the memory never
// says, its derivationally related forms ("grow" -> "growth") and the words
// of its definition ("pottery" -> "clay"); a turn's length (a turn that tells
// something is longer than "Cool! What do you play?") and turns that only ask.
#include <algorithm>
#include <cctype>
#include <cmath>

#include "memory/recall_internal.h"
#include "memory/recall_rank.h"

namespace os1::memory {

namespace {

using DocFreq = std::function<Result<int64_t>(const std::string&)>;

// The words `related` gives for each asked word the memory holds in at most
// `max_df` messages (a word it never says can only be found by what stands
// for it), kept when the memory holds them, they are not too common, not
// asked already and not a form of the asked word itself ("painting" for "paint").
Result<std::vector<std::string>> stand_ins(const std::vector<std::string>& asked, const DocFreq& doc_freq,
                                           int64_t n_docs, double max_df,
                                           std::vector<std::string> (Lexicon::*related)(const std::string&) const) {
    std::vector<std::string> out;
    const auto& lex = Lexicon::get();
    int64_t common = std::max<int64_t>(2000, n_docs * 3 / 100);
    for (const auto& t : asked) {
        if (t.empty() || t.back() == '*') continue;
        if (TRY(doc_freq(t)) > static_cast<int64_t>(max_df)) continue;
        for (const auto& w : (lex.*related)(t)) {
            if (std::find(asked.begin(), asked.end(), w) != asked.end() ||
                std::find(out.begin(), out.end(), w) != out.end() || is_question_word(w) || lex.lemma(w) == t)
                continue;
            int64_t f = TRY(doc_freq(w));
            if (f > 0 && f <= common) out.push_back(w);
        }
    }
    return out;
}

}  // namespace

Result<std::vector<std::string>> derived_terms(const std::vector<std::string>& asked, const DocFreq& doc_freq,
                                               int64_t n_docs) {
    if (weights().deriv <= 0) return std::vector<std::string>{};
    return stand_ins(asked, doc_freq, n_docs, weights().deriv_df, &Lexicon::derivations);
}

Result<std::vector<std::string>> gloss_terms(const std::vector<std::string>& asked, const DocFreq& doc_freq,
                                             int64_t n_docs) {
    if (weights().gloss <= 0) return std::vector<std::string>{};
    return stand_ins(asked, doc_freq, n_docs, weights().gloss_df, &Lexicon::gloss);
}

int word_count(std::string_view text) {
    int n = 0;
    bool in_word = false;
    for (unsigned char c : text) {
        bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c >= 0x80;
        if (letter && !in_word) n++;
        in_word = letter;
    }
    return n;
}

// A turn that asks and tells nothing: its sentences are questions, or
// exclamations of a few words ("Cool! What do you play?"). "I signed up for a
// pottery class. Have you tried it?" tells something.
bool only_asks(std::string_view text) {
    int told = 0, words = 0;
    bool asked = false;
    size_t start = 0;
    for (size_t i = 0; i <= text.size(); i++) {
        if (i < text.size() && text[i] != '.' && text[i] != '!' && text[i] != '?') continue;
        int n = word_count(text.substr(start, i - start));
        if (i < text.size() && text[i] == '?') asked = asked || n > 0;
        else if (n > 3) told += n;
        words += n;
        start = i + 1;
    }
    return asked && told == 0 && words > 0;
}

bool tells_of_self(std::string_view text) {
    int self = 0, other = 0;
    size_t i = 0;
    while (i < text.size()) {
        auto letter = [&](size_t k) {
            unsigned char c = static_cast<unsigned char>(text[k]);
            return std::isalpha(c) != 0;
        };
        if (!letter(i)) {
            i++;
            continue;
        }
        size_t j = i;
        while (j < text.size() && letter(j)) j++;
        if (j - i <= 8) {
            char w[9] = {};
            for (size_t k = i; k < j; k++) w[k - i] = static_cast<char>(std::tolower(static_cast<unsigned char>(text[k])));
            std::string_view v(w, j - i);
            if (v == "i" || v == "me" || v == "my" || v == "mine" || v == "myself" || v == "we" || v == "us" ||
                v == "our" || v == "ours" || v == "im")
                self++;
            else if (v == "you" || v == "your" || v == "yours" || v == "yourself" || v == "ya")
                other++;
        }
        i = j;
    }
    return self > other;
}

double turn_prior(std::string_view text, int words, double mean_words) {
    const auto& w = weights();
    double prior = 1.0;
    if (w.len != 0 && mean_words > 0) {
        // Bounded both ways: a one-word turn is not worthless, a monologue not everything.
        double ratio = std::clamp(words / mean_words, 0.25, w.len_cap);
        prior *= std::pow(ratio, w.len);
    }
    if (w.asking != 1.0 && only_asks(text)) prior *= w.asking;
    // A turn that asks seeks what it does not know: the answer is more often in one that only tells.
    if (w.askback != 1.0 && text.find('?') != std::string_view::npos) prior *= w.askback;
    return prior;
}

}  // namespace os1::memory

// Text for recall: tokens, stopwords, lemmas and synonyms. Lemmas come from
// WordNet's morphology (exception lists + detachment rules checked against
// the lemma index: "went" -> "go", "painting" -> "paint", "kids" -> "kid")
// with a small suffix stemmer as fallback when WordNet is absent or the word
// is unknown to it. Synonyms are the other words of a lemma's most common
// WordNet sense (noun, verb, adjective), read lazily from the data files.
//
// Thread safety: Lexicon::get() is initialized once (call_once); lookups are
// const except the synonym cache, which has its own mutex.
#pragma once

#include <cstdio>
#include <filesystem>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace os1::memory {

// A word as written and lowercased. Contractions are split ("i'm" -> "i",
// "am"; "don't" -> "do", "not"); possessive "'s" is dropped.
struct Token {
    std::string lower;
    std::string orig;
    bool sentence_end = false;   // punctuation .!?; follows this token
    bool clause_end = false;     // , : or sentence end follows
    bool apostrophe_s = false;   // written with 's ("Mary's", "mom's"), dropped from the word
};

std::vector<Token> tokenize(std::string_view text);
bool is_stopword(std::string_view lower);

class Lexicon {
public:
    // The process-wide lexicon over /usr/share/wordnet (or $OS1_WORDNET).
    static const Lexicon& get();
    explicit Lexicon(const std::filesystem::path& wordnet_dir);
    ~Lexicon();
    Lexicon(const Lexicon&) = delete;
    Lexicon& operator=(const Lexicon&) = delete;

    bool has_wordnet() const { return m_loaded; }
    std::string lemma(const std::string& lower) const;
    // Whether WordNet knows the lemma as a noun, verb, adjective or adverb
    // (true for any word when WordNet is absent: nothing to check against).
    bool is_word(const std::string& lemma) const;
    // Synonyms of a lemma (single words, lowercased, lemma excluded), most
    // common sense of each part of speech.
    std::vector<std::string> synonyms(const std::string& lemma) const;
    // Kinds of a noun (WordNet hyponyms of its most common sense, single
    // words, down `depth` levels, nearest first): "dessert" -> "cake",
    // "pie", ...; at most `limit`. A compound is joined by '_':
    // "martial_art" -> "judo", "karate". In recall_hyponyms.cpp.
    std::vector<std::string> hyponyms(const std::string& lemma, int depth, size_t limit) const;
    // Derivationally related forms and pertainyms of a lemma's most common
    // sense of each part of speech, single words: "teach" -> "teacher",
    // "teaching"; "religious" -> "religion". In recall_hyponyms.cpp.
    std::vector<std::string> derivations(const std::string& lemma) const;
    // The words (lemmas, stopwords out) of the definition of a lemma's most
    // common sense of each part of speech: "pottery" -> "ceramic", "ware",
    // "make", "clay", "bake", "kiln". In recall_hyponyms.cpp.
    std::vector<std::string> gloss(const std::string& lemma) const;

private:
    bool known(int pos, const std::string& w) const;
    std::vector<std::string> read_synset(int pos, long offset) const;  // m_mutex held

    bool m_loaded = false;
    std::filesystem::path m_dir;
    // pos 0 noun, 1 verb, 2 adj, 3 adv: lemma -> offset of its first sense (-1 if none tagged)
    std::unordered_map<std::string, long> m_index[4];
    std::unordered_map<std::string, std::string> m_exceptions;
    mutable std::mutex m_mutex;  // guards the files and the cache
    mutable std::FILE* m_data[4] = {};   // data.noun, data.verb, data.adj, data.adv
    mutable std::unordered_map<std::string, std::vector<std::string>> m_synonym_cache;
    mutable std::unordered_map<std::string, std::vector<std::string>> m_hyponym_cache;
};

// Lemmas of the non-stopword tokens, space-separated (what FTS indexes).
std::string index_terms(std::string_view text);
// Lemmas of the non-stopword tokens, in order.
std::vector<std::string> terms(std::string_view text);

}  // namespace os1::memory

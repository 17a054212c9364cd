// Text → sparse features for the affect classifier. One function shared by
// the training program and inference, so both see exactly the same thing.
//
// Normalisation: UTF-8 decoded (invalid bytes act as separators), ASCII
// lowercased, letter runs of 3+ squeezed to 2 ("soooo" → "soo"), curly
// apostrophes straightened, emoji and emoticons mapped to plain words
// ("😭" → "cry", ":)" → "happy"), "!"/"?" kept as tokens.
// Negation: after not/never/no/…/"n't" the next NEGATION_SCOPE words (up to
// punctuation or "but") are rewritten as "not_<word>".
// Cues: all-caps words, an all-caps message, elongations and "!!" add flag
// tokens ("<caps>", "<allcaps>", "<elong>", "<excl>").
// Features: word unigrams + flags, word bigrams (with sentence boundaries),
// and character 3–5-grams of each word with "<" ">" boundaries (robust to
// typos). Words are hashed to 64 bits, character n-grams to 32 bits.
//
// Thread safety: pure functions.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace os1::affect {

inline constexpr int NEGATION_SCOPE = 3;
// Inputs longer than this are cut (at a UTF-8 boundary) before analysis.
inline constexpr size_t MAX_TEXT_BYTES = 16384;

struct Features {
    std::vector<uint64_t> words;  // unigram, flag and bigram hashes
    std::vector<uint32_t> chars;  // character n-gram hashes
    void clear() {
        words.clear();
        chars.clear();
    }
};

// The normalised token stream (flags excluded), for tests and debugging.
std::vector<std::string> tokenize(std::string_view text);

// Fills `out` (cleared first). `seed` is the model's hash seed.
void extract_features(std::string_view text, uint64_t seed, Features& out);

// 64-bit hash of bytes (FNV-1a with a murmur-style finaliser).
uint64_t hash_bytes(std::string_view bytes, uint64_t seed);

}  // namespace os1::affect

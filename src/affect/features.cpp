// Tokeniser and feature hashing. Written for speed: one pass over the bytes,
// tokens kept in a reused thread-local buffer, no per-feature strings.
#include "affect/features.h"

#include <array>
#include <cctype>
#include <cstring>

namespace os1::affect {
namespace {

uint64_t fmix64(uint64_t k) {
    k ^= k >> 33;
    k *= 0xff51afd7ed558ccdULL;
    k ^= k >> 33;
    k *= 0xc4ceb9fe1a85ec53ULL;
    k ^= k >> 33;
    return k;
}

// Decodes one UTF-8 code point at s[i]; returns its length, or 0 for an
// invalid sequence (the caller skips one byte).
size_t decode_utf8(std::string_view s, size_t i, uint32_t& cp) {
    auto b0 = uint8_t(s[i]);
    if (b0 < 0x80) {
        cp = b0;
        return 1;
    }
    size_t len = b0 >= 0xC2 && b0 < 0xE0 ? 2 : b0 >= 0xE0 && b0 < 0xF0 ? 3 : b0 >= 0xF0 && b0 < 0xF5 ? 4 : 0;
    if (len == 0 || i + len > s.size()) return 0;
    cp = len == 2 ? b0 & 0x1F : len == 3 ? b0 & 0x0F : b0 & 0x07;
    for (size_t k = 1; k < len; ++k) {
        auto b = uint8_t(s[i + k]);
        if ((b & 0xC0) != 0x80) return 0;
        cp = (cp << 6) | (b & 0x3F);
    }
    // Overlong forms, surrogates and out-of-range values are invalid.
    if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)) || (cp >= 0xD800 && cp <= 0xDFFF))
        return 0;
    return len;
}

struct EmojiWord {
    uint32_t cp;
    const char* word;
};

// Emoji → the plain word a person would have written instead.
constexpr EmojiWord EMOJI_WORDS[] = {
    {0x1F602, "lol"},   {0x1F923, "lol"},   {0x1F606, "lol"},   {0x1F639, "lol"},   {0x1F605, "haha"},
    {0x1F600, "happy"}, {0x1F603, "happy"}, {0x1F604, "happy"}, {0x1F601, "happy"}, {0x1F642, "happy"},
    {0x1F60A, "happy"}, {0x263A, "happy"},  {0x1F638, "happy"}, {0x1F60C, "relieved"},
    {0x2764, "love"},   {0x1F60D, "love"},  {0x1F970, "love"},  {0x1F618, "love"},  {0x1F495, "love"},
    {0x1F496, "love"},  {0x1F497, "love"},  {0x1F493, "love"},  {0x1F49E, "love"},  {0x1F498, "love"},
    {0x1F499, "love"},  {0x1F49A, "love"},  {0x1F49B, "love"},  {0x1F49C, "love"},  {0x1F9E1, "love"},
    {0x1F5A4, "love"},  {0x1F63B, "love"},  {0x1F917, "hug"},
    {0x1F622, "cry"},   {0x1F62D, "cry"},   {0x1F63F, "cry"},
    {0x1F61E, "sad"},   {0x1F614, "sad"},   {0x1F61F, "sad"},   {0x2639, "sad"},    {0x1F641, "sad"},
    {0x1F625, "sad"},   {0x1F494, "heartbroken"}, {0x1F613, "sad"}, {0x1F629, "ugh"}, {0x1F62B, "ugh"},
    {0x1F620, "angry"}, {0x1F621, "angry"}, {0x1F92C, "angry"}, {0x1F47F, "angry"}, {0x1F624, "angry"},
    {0x1F628, "scared"}, {0x1F631, "scared"}, {0x1F630, "scared"}, {0x1F627, "scared"}, {0x1F62C, "nervous"},
    {0x1F62E, "wow"},   {0x1F632, "wow"},   {0x1F62F, "wow"},   {0x1F92F, "wow"},   {0x1F640, "wow"},
    {0x1F922, "disgusting"}, {0x1F92E, "disgusting"},
    {0x1F64F, "thanks"}, {0x1F44D, "good"}, {0x1F44C, "good"},  {0x1F44F, "congrats"}, {0x1F389, "congrats"},
    {0x1F973, "congrats"}, {0x1F644, "ugh"}, {0x1F612, "ugh"},  {0x1F914, "hmm"},   {0x1F633, "embarrassed"},
    {0x1F609, "wink"},  {0x1F61C, "wink"},  {0x1F61B, "wink"},  {0x1F610, "meh"},   {0x1F611, "meh"},
    {0x1F44E, "bad"},   {0x1F480, "lol"},   {0x1F525, "awesome"}, {0x1F4AF, "awesome"},
};

const char* emoji_word(uint32_t cp) {
    for (const auto& e : EMOJI_WORDS)
        if (e.cp == cp) return e.word;
    return nullptr;
}

bool is_emoji_range(uint32_t cp) {
    return (cp >= 0x1F300 && cp <= 0x1FAFF) || (cp >= 0x2600 && cp <= 0x27BF) || (cp >= 0x1F000 && cp <= 0x1F2FF);
}

// Code points that decorate emoji and carry no meaning on their own.
bool is_emoji_modifier(uint32_t cp) {
    return cp == 0xFE0F || cp == 0xFE0E || cp == 0x200D || (cp >= 0x1F3FB && cp <= 0x1F3FF);
}

struct Emoticon {
    const char* text;
    const char* word;
};
constexpr Emoticon EMOTICONS[] = {
    {":'(", "cry"}, {":-)", "happy"}, {":-(", "sad"}, {":-D", "happy"}, {";-)", "wink"}, {":-P", "wink"},
    {":-/", "meh"}, {":)", "happy"},  {":]", "happy"}, {"=)", "happy"}, {":D", "happy"}, {":(", "sad"},
    {"=(", "sad"},  {";)", "wink"},   {":P", "wink"},  {":p", "wink"},  {"<3", "love"},  {":O", "wow"},
    {":o", "wow"},
};

bool is_negator(std::string_view w) {
    static constexpr std::string_view NEGATORS[] = {
        "not", "no", "never", "nothing", "nobody", "none", "nowhere", "neither", "nor", "cannot", "without",
        "hardly", "barely", "dont", "cant", "wont", "isnt", "didnt", "doesnt", "wasnt", "arent", "aint",
        "couldnt", "shouldnt", "wouldnt", "havent", "hasnt", "werent", "nt", "nope",
    };
    if (w.size() > 3 && w.substr(w.size() - 3) == "n't") return true;
    for (auto n : NEGATORS)
        if (n == w) return true;
    return false;
}

bool ends_scope(std::string_view w) { return w == "but" || w == "however" || w == "although"; }

struct Token {
    std::string text;
    bool negated = false;
    bool is_word = false;  // words get character n-grams
};

struct Scratch {
    std::vector<Token> tokens;
    size_t n_tokens = 0;
    std::string word;
    int word_upper = 0;
    int word_letters = 0;
    int n_caps_words = 0;
    int n_words = 0;
    bool elongated = false;
    bool excl = false;

    Token& push() {
        if (n_tokens == tokens.size()) tokens.emplace_back();
        Token& t = tokens[n_tokens++];
        t.text.clear();
        t.negated = false;
        t.is_word = false;
        return t;
    }
};

// Squeezes runs of 3+ identical characters to 2.
void squeeze(std::string& w, bool& elongated) {
    size_t out = 0;
    for (size_t i = 0; i < w.size(); ++i) {
        if (out >= 2 && w[out - 1] == w[i] && w[out - 2] == w[i]) {
            elongated = true;
            continue;
        }
        w[out++] = w[i];
    }
    w.resize(out);
}

void flush_word(Scratch& s) {
    if (s.word.empty()) return;
    squeeze(s.word, s.elongated);
    if (s.word_letters >= 2 && s.word_upper == s.word_letters) s.n_caps_words++;
    s.n_words++;
    Token& t = s.push();
    t.text.swap(s.word);
    t.is_word = true;
    s.word.clear();
    s.word_upper = 0;
    s.word_letters = 0;
}

void push_symbol(Scratch& s, const char* text) {
    flush_word(s);
    Token& t = s.push();
    t.text = text;
}

void push_emoji_word(Scratch& s, const char* word) {
    flush_word(s);
    Token& t = s.push();
    t.text = word;
    t.is_word = true;
}

void scan(std::string_view text, Scratch& s) {
    s.n_tokens = 0;
    s.word.clear();
    s.word_upper = s.word_letters = s.n_caps_words = s.n_words = 0;
    s.elongated = s.excl = false;
    if (text.size() > MAX_TEXT_BYTES) text = text.substr(0, MAX_TEXT_BYTES);
    size_t i = 0;
    while (i < text.size()) {
        char c = text[i];
        auto u = uint8_t(c);
        if (u < 0x80) {
            if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
                s.word += c;
                s.word_letters += c >= 'a';
            } else if (c >= 'A' && c <= 'Z') {
                s.word += char(c + 32);
                s.word_letters++;
                s.word_upper++;
            } else if (c == '\'' && !s.word.empty()) {
                s.word += c;
            } else if (c == '!' || c == '?') {
                size_t run = 1;
                while (i + run < text.size() && (text[i + run] == '!' || text[i + run] == '?')) run++;
                push_symbol(s, c == '!' ? "!" : "?");
                if (run >= 2) s.excl = true;
                i += run;
                continue;
            } else {
                bool matched = false;
                if (c == ':' || c == ';' || c == '=' || c == '<') {
                    for (const auto& e : EMOTICONS) {
                        size_t n = std::strlen(e.text);
                        if (text.compare(i, n, e.text) == 0) {
                            // ":p" inside "http://" or a word is not a face.
                            bool next_alnum = i + n < text.size() && std::isalnum(uint8_t(text[i + n]));
                            bool prev_alnum = i > 0 && std::isalnum(uint8_t(text[i - 1]));
                            if (next_alnum || prev_alnum) break;
                            push_emoji_word(s, e.word);
                            i += n;
                            matched = true;
                            break;
                        }
                    }
                }
                if (matched) continue;
                flush_word(s);
                if (c == '.' || c == ',' || c == ';' || c == ':' || c == '(' || c == ')' || c == '"')
                    push_symbol(s, ".");
            }
            i++;
            continue;
        }
        uint32_t cp = 0;
        size_t len = decode_utf8(text, i, cp);
        if (len == 0) {  // invalid byte: a separator
            flush_word(s);
            i++;
            continue;
        }
        if (cp == 0x2019 || cp == 0x2018) {
            if (!s.word.empty()) s.word += '\'';
        } else if (is_emoji_modifier(cp)) {
            // nothing
        } else if (const char* w = emoji_word(cp)) {
            push_emoji_word(s, w);
        } else if (is_emoji_range(cp)) {
            push_emoji_word(s, "<emoji>");
        } else if ((cp >= 0xC0 && cp <= 0x24F && cp != 0xD7 && cp != 0xF7) || (cp >= 0x370 && cp <= 0x52F) ||
                   (cp >= 0x3040 && cp <= 0x9FFF) || (cp >= 0xAC00 && cp <= 0xD7AF)) {
            s.word.append(text.data() + i, len);  // a letter of another script: part of the word
        } else {
            flush_word(s);  // other symbols and spaces separate words
        }
        i += len;
    }
    flush_word(s);

    // Words like "don't" end in "'t"; trailing apostrophes ("dogs'") are noise.
    for (size_t k = 0; k < s.n_tokens; ++k) {
        std::string& w = s.tokens[k].text;
        while (w.size() > 1 && w.back() == '\'') w.pop_back();
    }
    // Negation scope.
    int scope = 0;
    for (size_t k = 0; k < s.n_tokens; ++k) {
        Token& t = s.tokens[k];
        if (!t.is_word) {
            scope = 0;
            continue;
        }
        if (ends_scope(t.text)) {
            scope = 0;
        } else if (is_negator(t.text)) {
            scope = NEGATION_SCOPE;
        } else if (scope > 0) {
            t.negated = true;
            scope--;
        }
    }
}

Scratch& scratch() {
    thread_local Scratch s;
    return s;
}

constexpr uint64_t TAG_UNIGRAM = 0x9E3779B97F4A7C15ULL;
constexpr uint64_t TAG_NEGATED = 0xC2B2AE3D27D4EB4FULL;
constexpr uint64_t TAG_BIGRAM = 0x165667B19E3779F9ULL;
constexpr uint64_t TAG_CHARS = 0x27D4EB2F165667C5ULL;

uint64_t word_hash(const Token& t, uint64_t seed) {
    return hash_bytes(t.text, seed ^ (t.negated ? TAG_NEGATED : TAG_UNIGRAM));
}

}  // namespace

uint64_t hash_bytes(std::string_view bytes, uint64_t seed) {
    uint64_t h = 0xcbf29ce484222325ULL ^ seed;
    for (char c : bytes) {
        h ^= uint8_t(c);
        h *= 0x100000001b3ULL;
    }
    return fmix64(h);
}

std::vector<std::string> tokenize(std::string_view text) {
    Scratch& s = scratch();
    scan(text, s);
    std::vector<std::string> out;
    for (size_t k = 0; k < s.n_tokens; ++k)
        out.push_back(s.tokens[k].negated ? "not_" + s.tokens[k].text : s.tokens[k].text);
    return out;
}

void extract_features(std::string_view text, uint64_t seed, Features& out) {
    out.clear();
    Scratch& s = scratch();
    scan(text, s);
    uint64_t prev = hash_bytes("<s>", seed ^ TAG_UNIGRAM);
    for (size_t k = 0; k < s.n_tokens; ++k) {
        const Token& t = s.tokens[k];
        uint64_t h = word_hash(t, seed);
        out.words.push_back(h);
        out.words.push_back(fmix64(prev * 31 + h + TAG_BIGRAM));
        prev = h;
        if (!t.is_word) continue;
        // Character n-grams of "<word>", n = 3..5 (long words: first 24 bytes).
        char buf[32];
        size_t n = std::min<size_t>(t.text.size(), 24);
        buf[0] = '<';
        std::memcpy(buf + 1, t.text.data(), n);
        buf[n + 1] = '>';
        size_t len = n + 2;
        uint64_t cseed = seed ^ TAG_CHARS ^ (t.negated ? TAG_NEGATED : 0);
        for (size_t g = 3; g <= 5; ++g) {
            if (len < g) break;
            for (size_t p = 0; p + g <= len; ++p) {
                if (g == 3 && len == 3) break;  // "<a>" is the unigram already
                out.chars.push_back(uint32_t(hash_bytes(std::string_view(buf + p, g), cseed)));
            }
        }
    }
    if (s.n_tokens > 0) out.words.push_back(fmix64(prev * 31 + hash_bytes("</s>", seed ^ TAG_UNIGRAM) + TAG_BIGRAM));
    if (s.n_caps_words > 0) out.words.push_back(hash_bytes("<caps>", seed ^ TAG_UNIGRAM));
    if (s.n_words >= 2 && s.n_caps_words * 2 > s.n_words) out.words.push_back(hash_bytes("<allcaps>", seed ^ TAG_UNIGRAM));
    if (s.elongated) out.words.push_back(hash_bytes("<elong>", seed ^ TAG_UNIGRAM));
    if (s.excl) out.words.push_back(hash_bytes("<excl>", seed ^ TAG_UNIGRAM));
}

}  // namespace os1::affect

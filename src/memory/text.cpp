// Tokens, stopwords, WordNet lemmas and synonyms (text.h).
#include "memory/text.h"

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>

namespace os1::memory {

namespace {

// One character of the text: how many bytes it takes and what it does to
// words. Letters beyond ASCII (é, ß, ñ, 日) belong to words; typographic
// punctuation (– — “ ” … •), spaces, symbols and emoji separate them, and ’
// is an apostrophe. A word never ends inside a multi-byte sequence, and a
// byte that is not valid UTF-8 is a separator of its own.
enum class GlyphClass { Word, Apostrophe, ClauseEnd, SentenceEnd, Separator };
struct Glyph {
    GlyphClass cls;
    size_t len;
};

Glyph glyph_at(std::string_view text, size_t i) {
    unsigned char c = text[i];
    if (c < 0x80) {
        if (std::isalnum(c)) return {GlyphClass::Word, 1};
        if (c == '\'') return {GlyphClass::Apostrophe, 1};
        if (c == '.' || c == '!' || c == '?' || c == ';' || c == '\n') return {GlyphClass::SentenceEnd, 1};
        if (c == ',' || c == ':' || c == '(' || c == ')' || c == '"') return {GlyphClass::ClauseEnd, 1};
        return {GlyphClass::Separator, 1};
    }
    size_t len = c >= 0xF0 && c < 0xF5 ? 4 : c >= 0xE0 ? 3 : c >= 0xC2 && c < 0xE0 ? 2 : 0;
    if (len == 0 || c >= 0xF5 || i + len > text.size()) return {GlyphClass::Separator, 1};
    uint32_t cp = len == 2 ? c & 0x1F : len == 3 ? c & 0x0F : c & 0x07;
    for (size_t k = 1; k < len; k++) {
        unsigned char cc = text[i + k];
        if ((cc & 0xC0) != 0x80) return {GlyphClass::Separator, 1};
        cp = (cp << 6) | (cc & 0x3F);
    }
    if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)) || (cp >= 0xD800 && cp <= 0xDFFF))
        return {GlyphClass::Separator, 1};  // overlong or surrogate
    if (cp == 0x2019 || cp == 0x2018 || cp == 0x02BC) return {GlyphClass::Apostrophe, len};
    if (cp == 0x2013 || cp == 0x2014 || cp == 0x201C || cp == 0x201D || cp == 0x00AB || cp == 0x00BB || cp == 0x2026)
        return {GlyphClass::ClauseEnd, len};
    if (cp == 0x00A1 || cp == 0x00BF || cp == 0x3002 || cp == 0xFF01 || cp == 0xFF1F) return {GlyphClass::SentenceEnd, len};
    bool punct = (cp >= 0x80 && cp <= 0xBF && cp != 0xAA && cp != 0xB5 && cp != 0xBA) || cp == 0xD7 || cp == 0xF7 ||
                 (cp >= 0x2000 && cp <= 0x2BFF) ||   // general punctuation, symbols, arrows, dingbats
                 (cp >= 0x3000 && cp <= 0x303F) ||   // CJK punctuation
                 (cp >= 0xFE00 && cp <= 0xFE0F) ||   // variation selectors
                 (cp >= 0xFF00 && cp <= 0xFF0F) || cp == 0xFEFF || (cp >= 0x1F000 && cp <= 0x1FAFF);  // emoji
    return {punct ? GlyphClass::Separator : GlyphClass::Word, len};
}

const std::unordered_set<std::string_view>& stopwords() {
    static const std::unordered_set<std::string_view> set = {
        "a", "about", "above", "after", "again", "against", "all", "am", "an", "and", "any", "are", "as", "at",
        "be", "because", "been", "before", "being", "below", "between", "both", "but", "by", "can", "could",
        "did", "do", "does", "doing", "down", "during", "each", "few", "for", "from", "further", "had", "has",
        "have", "having", "he", "her", "here", "hers", "herself", "him", "himself", "his", "how", "i", "if",
        "in", "into", "is", "it", "its", "itself", "just", "me", "more", "most", "my", "myself", "no", "nor",
        "not", "now", "of", "off", "on", "once", "only", "or", "other", "our", "ours", "ourselves", "out",
        "over", "own", "same", "she", "should", "so", "some", "such", "than", "that", "the", "their",
        "theirs", "them", "themselves", "then", "there", "these", "they", "this", "those", "through", "to",
        "too", "under", "until", "up", "very", "was", "we", "were", "what", "when", "where", "which",
        "while", "who", "whom", "why", "will", "with", "would", "you", "your", "yours", "yourself",
        "yourselves", "s", "t", "d", "ll", "m", "re", "ve", "also", "really", "yeah", "oh", "hey", "hi",
        "wow", "thanks", "thank", "lot", "lots", "much", "many", "kind", "sort", "like", "get", "got",
        "gonna", "wanna", "let", "us", "yes", "ok", "okay", "well", "im", "ive", "dont", "thats", "it's",
        "totally", "definitely", "actually", "pretty", "sure", "super", "something", "anything", "things",
        "thing", "way", "one", "ever", "even", "still", "though", "bit", "go", "going", "make", "made",
        "know", "think", "feel", "glad", "great", "awesome", "amazing", "cool", "nice", "good", "love",
        "happy", "see", "hear", "sounds", "sound", "tell", "said", "say", "what's", "it", "lol", "haha"};
    return set;
}

// Stopwords that still carry meaning in a question ("love", "go", "feel")
// are only dropped from queries' expansion, not from the index: is_stopword
// is used for both, so keep the list to words that never answer a question.
const std::unordered_set<std::string_view>& content_exceptions() {
    static const std::unordered_set<std::string_view> set = {"love", "go", "going", "make", "made", "feel",
                                                             "happy", "know", "think", "say", "said", "tell"};
    return set;
}

std::string simple_stem(std::string w) {
    auto ends = [&](std::string_view s) { return w.size() > s.size() + 2 && w.ends_with(s); };
    if (ends("ies")) return w.substr(0, w.size() - 3) + "y";
    if (ends("sses")) return w.substr(0, w.size() - 2);
    if (ends("ing")) {
        w.resize(w.size() - 3);
        if (w.size() > 2 && w[w.size() - 1] == w[w.size() - 2] && w.back() != 'l' && w.back() != 's') w.pop_back();
        return w;
    }
    if (ends("ed")) {
        w.resize(w.size() - 2);
        if (w.size() > 2 && w[w.size() - 1] == w[w.size() - 2] && w.back() != 'l' && w.back() != 's') w.pop_back();
        return w;
    }
    if (w.size() > 3 && w.back() == 's' && w[w.size() - 2] != 's' && w[w.size() - 2] != 'u') w.pop_back();
    return w;
}

}  // namespace

bool is_stopword(std::string_view lower) {
    return stopwords().count(lower) && !content_exceptions().count(lower);
}

std::vector<Token> tokenize(std::string_view text) {
    std::vector<Token> out;
    size_t i = 0, n = text.size();
    auto push = [&](std::string orig) {
        std::string lower = orig;
        for (auto& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        out.push_back({std::move(lower), std::move(orig)});
    };
    while (i < n) {
        Glyph g = glyph_at(text, i);
        if (g.cls == GlyphClass::Word) {
            size_t start = i;
            while (i < n && (g = glyph_at(text, i)).cls == GlyphClass::Word) i += g.len;
            std::string word(text.substr(start, i - start));
            // Apostrophe (' or U+2019) followed by letters: a contraction.
            size_t apos_len = 0;
            if (i < n && (g = glyph_at(text, i)).cls == GlyphClass::Apostrophe) apos_len = g.len;
            std::string suffix;
            if (apos_len && i + apos_len < n && std::isalpha(static_cast<unsigned char>(text[i + apos_len]))) {
                size_t s = i + apos_len;
                size_t e = s;
                while (e < n && std::isalpha(static_cast<unsigned char>(text[e]))) e++;
                suffix = std::string(text.substr(s, e - s));
                for (auto& ch : suffix) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
                i = e;
            }
            if (suffix == "t" && word.size() > 1 && (word.back() == 'n' || word.back() == 'N')) {
                std::string base = word.substr(0, word.size() - 1);
                std::string lb = base;
                for (auto& ch : lb) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
                if (lb == "ca") base = "can";
                else if (lb == "wo") base = "will";
                else if (lb == "sha") base = "shall";
                push(base);
                push("not");
            } else {
                push(word);
                out.back().apostrophe_s = suffix == "s";
                if (suffix == "m") push("am");
                else if (suffix == "re") push("are");
                else if (suffix == "ve") push("have");
                else if (suffix == "ll") push("will");
                else if (suffix == "d") push("would");
            }
            continue;
        }
        if (!out.empty()) {
            if (g.cls == GlyphClass::SentenceEnd) out.back().sentence_end = out.back().clause_end = true;
            if (g.cls == GlyphClass::ClauseEnd) out.back().clause_end = true;
        }
        i += g.len;
    }
    if (!out.empty()) out.back().sentence_end = out.back().clause_end = true;
    return out;
}

// ---- Lexicon ----

const Lexicon& Lexicon::get() {
    static std::once_flag once;
    static std::unique_ptr<Lexicon> lexicon;
    std::call_once(once, [] {
        const char* dir = std::getenv("OS1_WORDNET");
        lexicon = std::make_unique<Lexicon>(dir && *dir ? dir : "/usr/share/wordnet");
    });
    return *lexicon;
}

Lexicon::Lexicon(const std::filesystem::path& dir) : m_dir(dir) {
    static const char* POS[4] = {"noun", "verb", "adj", "adv"};
    int found = 0;
    for (int p = 0; p < 4; p++) {
        std::ifstream in(dir / (std::string("index.") + POS[p]));
        if (!in) continue;
        found++;
        std::string line;
        m_index[p].reserve(p == 0 ? 120000 : 30000);
        while (std::getline(in, line)) {
            if (line.empty() || line[0] == ' ') continue;  // licence header
            // lemma pos synset_cnt p_cnt [ptr x p_cnt] sense_cnt tagsense_cnt offsets...
            size_t sp = line.find(' ');
            std::string lemma = line.substr(0, sp);
            if (lemma.find('_') != std::string::npos) continue;
            const char* s = line.c_str() + sp;
            char pos_c;
            int synset_cnt = 0, p_cnt = 0, consumed = 0;
            if (std::sscanf(s, " %c %d %d%n", &pos_c, &synset_cnt, &p_cnt, &consumed) < 3) continue;
            s += consumed;
            char ptr[8];
            for (int k = 0; k < p_cnt; k++) {
                if (std::sscanf(s, " %7s%n", ptr, &consumed) < 1) break;
                s += consumed;
            }
            int sense_cnt = 0, tagsense_cnt = 0;
            long offset = -1;
            if (std::sscanf(s, " %d %d %ld", &sense_cnt, &tagsense_cnt, &offset) < 3) offset = -1;
            m_index[p][lemma] = tagsense_cnt > 0 ? offset : -1;
        }
    }
    for (const char* exc : {"noun.exc", "verb.exc", "adj.exc"}) {
        std::ifstream in(dir / exc);
        std::string inflected, base;
        while (in >> inflected >> base) {
            if (inflected.find('_') != std::string::npos) continue;
            m_exceptions.emplace(inflected, base);
            in.ignore(1 << 12, '\n');
        }
    }
    m_loaded = found >= 3;
}

Lexicon::~Lexicon() {
    for (auto* f : m_data)
        if (f) std::fclose(f);
}

bool Lexicon::known(int pos, const std::string& w) const { return m_index[pos].count(w) > 0; }

bool Lexicon::is_word(const std::string& lemma) const {
    return !m_loaded || known(0, lemma) || known(1, lemma) || known(2, lemma) || known(3, lemma);
}

std::string Lexicon::lemma(const std::string& w) const {
    if (w.size() < 3 || !std::isalpha(static_cast<unsigned char>(w[0]))) return w;
    if (!m_loaded) return simple_stem(w);
    if (auto it = m_exceptions.find(w); it != m_exceptions.end()) return it->second;
    struct Rule {
        int pos;
        const char* suffix;
        const char* ending;
    };
    static const Rule RULES[] = {
        {0, "ses", "s"}, {0, "xes", "x"}, {0, "zes", "z"}, {0, "ches", "ch"}, {0, "shes", "sh"},
        {0, "men", "man"}, {0, "ies", "y"}, {0, "s", ""},
        {1, "ies", "y"}, {1, "es", "e"}, {1, "es", ""}, {1, "s", ""}, {1, "ed", "e"}, {1, "ed", ""},
        {1, "ing", "e"}, {1, "ing", ""},
        {2, "er", ""}, {2, "est", ""}, {2, "er", "e"}, {2, "est", "e"},
    };
    for (const auto& r : RULES) {
        std::string_view suf = r.suffix;
        if (w.size() <= suf.size() + 1 || !w.ends_with(suf)) continue;
        if (suf == "s" && w.ends_with("ss")) continue;  // "boss" is not "bos", "class" not "clas"
        std::string base = w.substr(0, w.size() - suf.size()) + r.ending;
        if (known(r.pos, base)) return base;
        // doubled consonant: "running" -> "runn" -> "run"
        if ((suf == "ing" || suf == "ed") && *r.ending == 0 && base.size() > 2 &&
            base[base.size() - 1] == base[base.size() - 2]) {
            std::string b2 = base.substr(0, base.size() - 1);
            if (known(r.pos, b2)) return b2;
        }
    }
    return w;
}

std::vector<std::string> Lexicon::read_synset(int pos, long offset) const {
    static const char* FILES[4] = {"data.noun", "data.verb", "data.adj", "data.adv"};
    std::vector<std::string> words;
    if (!m_data[pos]) m_data[pos] = std::fopen((m_dir / FILES[pos]).c_str(), "rb");
    FILE* f = m_data[pos];
    if (!f) return words;
    char buf[4096];
    if (std::fseek(f, offset, SEEK_SET) == 0 && std::fgets(buf, sizeof buf, f)) {
        // offset lex_filenum ss_type w_cnt(hex) word lex_id ...
        const char* s = buf;
        long off;
        int lexfile, consumed = 0;
        char ss_type;
        unsigned w_cnt = 0;
        if (std::sscanf(s, "%ld %d %c %x%n", &off, &lexfile, &ss_type, &w_cnt, &consumed) == 4) {
            s += consumed;
            char word[256];
            unsigned lex_id;
            for (unsigned k = 0; k < w_cnt; k++) {
                if (std::sscanf(s, " %255s %x%n", word, &lex_id, &consumed) < 2) break;
                s += consumed;
                std::string w = word;
                if (auto p = w.find('('); p != std::string::npos) w.resize(p);  // adj markers "(a)"
                if (w.find('_') != std::string::npos || w.find('-') != std::string::npos) continue;
                for (auto& c : w) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
                words.push_back(w);
            }
        }
    }
    return words;
}

std::vector<std::string> Lexicon::synonyms(const std::string& lemma) const {
    if (!m_loaded) return {};
    std::lock_guard lock(m_mutex);
    if (auto it = m_synonym_cache.find(lemma); it != m_synonym_cache.end()) return it->second;
    std::vector<std::string> out;
    for (int pos = 0; pos < 3; pos++) {
        auto it = m_index[pos].find(lemma);
        if (it == m_index[pos].end() || it->second < 0) continue;
        for (auto& w : read_synset(pos, it->second)) {
            if (w == lemma || is_stopword(w)) continue;
            if (std::find(out.begin(), out.end(), w) == out.end()) out.push_back(w);
        }
    }
    m_synonym_cache.emplace(lemma, out);
    return out;
}

std::vector<std::string> terms(std::string_view text) {
    const auto& lex = Lexicon::get();
    std::vector<std::string> out;
    for (auto& t : tokenize(text)) {
        if (is_stopword(t.lower)) continue;
        out.push_back(lex.lemma(t.lower));
    }
    return out;
}

std::string index_terms(std::string_view text) {
    std::string out;
    for (auto& t : terms(text)) {
        if (!out.empty()) out += ' ';
        out += t;
    }
    return out;
}

}  // namespace os1::memory

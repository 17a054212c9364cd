// Kinds of a noun from WordNet (text.h, Lexicon::hyponyms): what a question
// about a category ("What desserts has Ana made?", "What instruments does
// Sam play?") is answered with — the turn says "banana bread", "violin".
// And a word's derivationally related forms (Lexicon::derivations): "What
// does she teach?" is answered by "I'm a teacher".
#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "memory/text.h"

namespace os1::memory {

namespace {

// One synset line of a data file: its words, the offsets of its hyponyms
// ("~", and "~i" for instances) and its words' derivationally related forms
// ("+") and pertainyms ("\\" "political" -> "politics"). Lines of big synsets run past any fixed
// buffer, so the line is read whole.
struct Synset {
    std::vector<std::string> words;
    std::vector<long> kinds;
    std::vector<std::string> all;  // every word, lowercased, in order (compounds too): pointers number them
    struct Link {
        char pos;                      // n, v, a, s, r
        long offset;
        unsigned source, target;       // word numbers (1-based; 0 = the whole synset)
    };
    std::vector<Link> derived;
    std::string gloss;  // the definition and examples after '|'
};

Synset parse_synset(std::FILE* f, long offset) {
    Synset out;
    if (!f || std::fseek(f, offset, SEEK_SET) != 0) return out;
    std::string line;
    char buf[4096];
    while (std::fgets(buf, sizeof buf, f)) {
        line += buf;
        if (!line.empty() && line.back() == '\n') break;
        if (line.size() > (1u << 20)) return out;  // no synset is this long: a damaged file
    }
    if (auto bar = line.find(" | "); bar != std::string::npos) out.gloss = line.substr(bar + 3);
    const char* s = line.c_str();
    long off;
    int lexfile, consumed = 0;
    char ss_type;
    unsigned w_cnt = 0;
    if (std::sscanf(s, "%ld %d %c %x%n", &off, &lexfile, &ss_type, &w_cnt, &consumed) != 4) return out;
    s += consumed;
    char word[256];
    unsigned lex_id;
    for (unsigned k = 0; k < w_cnt; k++) {
        if (std::sscanf(s, " %255s %x%n", word, &lex_id, &consumed) < 2) return out;
        s += consumed;
        std::string w = word;
        if (auto p = w.find('('); p != std::string::npos) w.resize(p);  // adjective markers "(a)"
        for (auto& c : w) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        out.all.push_back(w);
        if (w.find('_') != std::string::npos || w.find('-') != std::string::npos) continue;
        out.words.push_back(std::move(w));
    }
    int p_cnt = 0;
    if (std::sscanf(s, " %d%n", &p_cnt, &consumed) < 1) return out;
    s += consumed;
    char sym[8], pos[4], st[8];
    long target;
    for (int k = 0; k < p_cnt; k++) {
        if (std::sscanf(s, " %7s %ld %3s %7s%n", sym, &target, pos, st, &consumed) < 4) break;
        s += consumed;
        std::string_view y = sym;
        if ((y == "~" || y == "~i") && pos[0] == 'n') out.kinds.push_back(target);
        if (y == "+" || y == "\\") {
            unsigned st_bits = static_cast<unsigned>(std::strtoul(st, nullptr, 16));
            out.derived.push_back({pos[0], target, st_bits >> 8, st_bits & 0xff});
        }
    }
    return out;
}

// The first sense of a compound noun ("martial_art", "board_game") by binary
// search of the sorted index file (the in-memory index holds single words).
// -1 when absent.
long compound_offset(const std::filesystem::path& index_file, const std::string& key) {
    std::FILE* f = std::fopen(index_file.c_str(), "rb");
    if (!f) return -1;
    long found = -1;
    std::fseek(f, 0, SEEK_END);
    long lo = 0, hi = std::ftell(f);
    char buf[8192];
    while (lo < hi) {
        long mid = lo + (hi - lo) / 2;
        // The first line starting at or after mid.
        std::fseek(f, mid > 0 ? mid - 1 : 0, SEEK_SET);
        if (mid > 0 && !std::fgets(buf, sizeof buf, f)) break;
        long start = std::ftell(f);
        if (!std::fgets(buf, sizeof buf, f)) {
            hi = mid;
            continue;
        }
        std::string_view line = buf;
        int cmp = line.substr(0, line.find(' ')).compare(key);
        if (cmp == 0) {
            // lemma pos synset_cnt p_cnt [ptr x p_cnt] sense_cnt tagsense_cnt offset...
            const char* s = buf + key.size();
            char pos_c, ptr[8];
            int synset_cnt = 0, p_cnt = 0, consumed = 0, sense_cnt = 0, tagged = 0;
            if (std::sscanf(s, " %c %d %d%n", &pos_c, &synset_cnt, &p_cnt, &consumed) == 3) {
                s += consumed;
                for (int k = 0; k < p_cnt && std::sscanf(s, " %7s%n", ptr, &consumed) == 1; k++) s += consumed;
                if (std::sscanf(s, " %d %d %ld", &sense_cnt, &tagged, &found) < 3) found = -1;
            }
            break;
        }
        if (cmp < 0) lo = start + static_cast<long>(line.size());
        else hi = mid;
    }
    std::fclose(f);
    return found;
}

}  // namespace

std::vector<std::string> Lexicon::hyponyms(const std::string& lemma, int depth, size_t limit) const {
    if (!m_loaded) return {};
    std::lock_guard lock(m_mutex);
    std::string key = lemma + '/' + std::to_string(depth) + '/' + std::to_string(limit);
    if (auto it = m_hyponym_cache.find(key); it != m_hyponym_cache.end()) return it->second;
    std::vector<std::string> out;
    auto it = m_index[0].find(lemma);
    long first = it != m_index[0].end() ? it->second : -1;
    if (lemma.find('_') != std::string::npos) first = compound_offset(m_dir / "index.noun", lemma);
    if (first >= 0) {
        if (!m_data[0]) m_data[0] = std::fopen((m_dir / "data.noun").c_str(), "rb");
        // Breadth first: the nearest kinds first, so a limit keeps the closest.
        std::vector<long> level = parse_synset(m_data[0], first).kinds;
        for (int d = 0; d < depth && !level.empty() && out.size() < limit; d++) {
            std::vector<long> next;
            for (long off : level) {
                auto syn = parse_synset(m_data[0], off);
                for (auto& w : syn.words)
                    if (w != lemma && !is_stopword(w) && out.size() < limit &&
                        std::find(out.begin(), out.end(), w) == out.end())
                        out.push_back(w);
                next.insert(next.end(), syn.kinds.begin(), syn.kinds.end());
            }
            level = std::move(next);
        }
    }
    m_hyponym_cache.emplace(std::move(key), out);
    return out;
}

std::vector<std::string> Lexicon::derivations(const std::string& lemma) const {
    if (!m_loaded) return {};
    static const char* FILES[4] = {"data.noun", "data.verb", "data.adj", "data.adv"};
    std::lock_guard lock(m_mutex);
    std::string key = "+" + lemma;
    if (auto it = m_hyponym_cache.find(key); it != m_hyponym_cache.end()) return it->second;
    auto file = [&](char pos) -> std::FILE* {
        int p = pos == 'n' ? 0 : pos == 'v' ? 1 : pos == 'r' ? 3 : 2;  // 'a' and satellites 's'
        if (!m_data[p]) m_data[p] = std::fopen((m_dir / FILES[p]).c_str(), "rb");
        return m_data[p];
    };
    std::vector<std::string> out;
    // The most common sense of each part of speech, as synonyms() reads them.
    for (int p = 0; p < 3; p++) {
        auto it = m_index[p].find(lemma);
        if (it == m_index[p].end() || it->second < 0) continue;
        auto syn = parse_synset(file("nva"[p]), it->second);
        auto at = std::find(syn.all.begin(), syn.all.end(), lemma);
        if (at == syn.all.end()) continue;
        unsigned self = static_cast<unsigned>(at - syn.all.begin()) + 1;
        for (const auto& link : syn.derived) {
            if (link.source != self || link.target == 0) continue;
            auto target = parse_synset(file(link.pos), link.offset);
            if (link.target > target.all.size()) continue;
            const std::string& w = target.all[link.target - 1];
            if (w == lemma || w.find('_') != std::string::npos || w.find('-') != std::string::npos || is_stopword(w) ||
                std::find(out.begin(), out.end(), w) != out.end())
                continue;
            out.push_back(w);
        }
    }
    m_hyponym_cache.emplace(std::move(key), out);
    return out;
}

std::vector<std::string> Lexicon::gloss(const std::string& lemma) const {
    if (!m_loaded) return {};
    static const char* FILES[3] = {"data.noun", "data.verb", "data.adj"};
    std::string text;
    {
        std::lock_guard lock(m_mutex);
        std::string key = "|" + lemma;
        if (auto it = m_hyponym_cache.find(key); it != m_hyponym_cache.end()) return it->second;
        for (int p = 0; p < 3; p++) {
            auto it = m_index[p].find(lemma);
            if (it == m_index[p].end() || it->second < 0) continue;
            if (!m_data[p]) m_data[p] = std::fopen((m_dir / FILES[p]).c_str(), "rb");
            // The definition only: the examples ("...") are sentences about anything.
            auto g = parse_synset(m_data[p], it->second).gloss;
            text += g.substr(0, std::min(g.find('"'), g.find(';'))) + " ";
        }
    }
    std::vector<std::string> out;
    for (auto& t : tokenize(text)) {
        if (is_stopword(t.lower) || t.lower.size() < 3 || !std::isalpha(static_cast<unsigned char>(t.lower[0]))) continue;
        std::string l = this->lemma(t.lower);
        if (l != lemma && std::find(out.begin(), out.end(), l) == out.end()) out.push_back(std::move(l));
    }
    std::lock_guard lock(m_mutex);
    m_hyponym_cache.emplace("|" + lemma, out);
    return out;
}

}  // namespace os1::memory

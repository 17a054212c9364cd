// Kinds of a noun from WordNet (text.h, Lexicon::hyponyms): what a question
// about a category ("What desserts has Ana made?", "What instruments does
// Sam play?") is answered with — the turn says "banana bread", "violin".
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <utility>
#include <vector>

#include "memory/text.h"

namespace os1::memory {

namespace {

// One synset line of data.noun: its words and the offsets of its hyponyms
// ("~", and "~i" for instances). Lines of big synsets run past any fixed
// buffer, so the line is read whole.
struct Synset {
    std::vector<std::string> words;
    std::vector<long> kinds;
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
        if (w.find('_') != std::string::npos || w.find('-') != std::string::npos) continue;
        for (auto& c : w) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
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
    }
    return out;
}

}  // namespace

std::vector<std::string> Lexicon::hyponyms(const std::string& lemma, int depth, size_t limit) const {
    if (!m_loaded) return {};
    std::lock_guard lock(m_mutex);
    std::string key = lemma + '/' + std::to_string(depth) + '/' + std::to_string(limit);
    if (auto it = m_hyponym_cache.find(key); it != m_hyponym_cache.end()) return it->second;
    std::vector<std::string> out;
    auto it = m_index[0].find(lemma);
    if (it != m_index[0].end() && it->second >= 0) {
        if (!m_data[0]) m_data[0] = std::fopen((m_dir / "data.noun").c_str(), "rb");
        // Breadth first: the nearest kinds first, so a limit keeps the closest.
        std::vector<long> level = parse_synset(m_data[0], it->second).kinds;
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

}  // namespace os1::memory

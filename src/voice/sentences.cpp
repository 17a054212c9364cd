// Sentence ends in a streamed reply (see sentences.h). Decisions that need
// the next character (is "." followed by a space?) wait for it, so the
// result does not depend on how the reply was cut into pieces.
#include "voice/sentences.h"

#include <algorithm>
#include <array>
#include <cctype>

#include "core/strings.h"

namespace os1::voice {

namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }
bool is_terminator(char c) { return c == '.' || c == '!' || c == '?'; }

// The length of a UTF-8 sequence at `at` that ends a sentence ("…") or
// closes one (’ ” »), else 0.
size_t utf8_ender(std::string_view s, size_t at) {
    if (at + 2 < s.size() && static_cast<unsigned char>(s[at]) == 0xE2 && static_cast<unsigned char>(s[at + 1]) == 0x80 &&
        static_cast<unsigned char>(s[at + 2]) == 0xA6)
        return 3;
    return 0;
}
size_t utf8_closer(std::string_view s, size_t at) {
    if (at + 2 < s.size() && static_cast<unsigned char>(s[at]) == 0xE2 && static_cast<unsigned char>(s[at + 1]) == 0x80) {
        const auto c = static_cast<unsigned char>(s[at + 2]);
        if (c == 0x99 || c == 0x9D) return 3;  // ’ ”
    }
    if (at + 1 < s.size() && static_cast<unsigned char>(s[at]) == 0xC2 && static_cast<unsigned char>(s[at + 1]) == 0xBB)
        return 2;  // »
    return 0;
}

// Words after which a full stop does not end the sentence.
constexpr std::array<std::string_view, 14> ABBREVIATIONS = {"mr", "mrs", "ms", "dr", "prof", "st", "sr", "jr",
                                                            "vs", "e.g", "i.e", "no", "mt", "ft"};

// Whether the '.' at `dot` belongs to an abbreviation, an initial or a list number.
bool abbreviation_before(std::string_view s, size_t dot) {
    size_t start = dot;
    while (start > 0 && !is_space(s[start - 1])) start--;
    std::string word = lower(s.substr(start, dot - start));
    while (!word.empty() && (word.front() == '(' || word.front() == '"' || word.front() == '\'')) word.erase(0, 1);
    if (word.empty()) return false;
    if (word.size() == 1 && std::isupper(static_cast<unsigned char>(s[dot - 1]))) return true;  // "J. Smith"
    if (std::all_of(word.begin(), word.end(), [](char c) { return c >= '0' && c <= '9'; }))
        return trim(s.substr(0, start)).empty();  // "1. Buy milk" at the start of a line
    // "No." only as a title of a number ("No. 5"), else it is the word no.
    if (word == "no") return false;
    return std::find(ABBREVIATIONS.begin(), ABBREVIATIONS.end(), word) != ABBREVIATIONS.end();
}

// Where to cut a run with no sentence end, at most `limit` bytes in.
size_t soft_cut(std::string_view s, size_t limit) {
    limit = std::min(limit, s.size());
    const size_t floor = limit / 4;
    for (size_t i = limit; i > floor; i--) {
        const char c = s[i - 1];
        if ((c == ',' || c == ';' || c == ':') && i < s.size() && is_space(s[i])) return i;
    }
    for (size_t i = limit; i > floor; i--)
        if (is_space(s[i - 1])) return i;
    size_t cut = limit;  // one long word: cut it, but never inside a character
    while (cut > 1 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) cut--;
    return cut;
}

}  // namespace

size_t SentenceSplitter::find_end() {
    const std::string_view s = m_buffer;
    size_t i = m_scan;
    while (i < s.size()) {
        if (s[i] == '\n') return i + 1;
        size_t ender = is_terminator(s[i]) ? 1 : utf8_ender(s, i);
        if (ender == 0) {
            i++;
            continue;
        }
        const size_t at = i;
        size_t j = i + ender;
        while (j < s.size()) {  // "?!", "...", "…" runs, then closing quotes and brackets
            if (is_terminator(s[j])) j++;
            else if (size_t n = utf8_ender(s, j)) j += n;
            else if (s[j] == '"' || s[j] == '\'' || s[j] == ')' || s[j] == ']') j++;
            else if (size_t n = utf8_closer(s, j)) j += n;
            else break;
        }
        // A closer cut between two pieces is still undecided: wait for the rest of it.
        const bool cut_short = j < s.size() && static_cast<unsigned char>(s[j]) >= 0xC2 && s.size() - j < 3;
        if (j == s.size() || cut_short) {
            m_scan = at;
            return std::string_view::npos;
        }
        if (is_space(s[j]) && !(s[at] == '.' && j == at + 1 && abbreviation_before(s, at))) return j;
        i = j;
    }
    m_scan = s.size() >= 2 ? s.size() - 2 : 0;  // a "…" may be cut between pieces
    return std::string_view::npos;
}

void SentenceSplitter::take(size_t end, std::vector<std::string>& out) {
    std::string sentence = trim(std::string_view(m_buffer).substr(0, end));
    m_buffer.erase(0, end);
    m_scan = 0;
    if (!sentence.empty()) out.push_back(std::move(sentence));
}

std::vector<std::string> SentenceSplitter::feed(std::string_view piece) {
    std::vector<std::string> out;
    m_buffer.append(piece);
    while (!m_buffer.empty()) {
        size_t end = find_end();
        if (end == std::string_view::npos) {
            if (m_buffer.size() <= m_max_chars) break;
            end = soft_cut(m_buffer, m_max_chars);
        }
        take(end, out);
    }
    return out;
}

std::string SentenceSplitter::finish() {
    std::string rest = trim(m_buffer);
    m_buffer.clear();
    m_scan = 0;
    return rest;
}

std::vector<std::string> split_sentences(std::string_view text, size_t max_chars) {
    SentenceSplitter splitter(max_chars);
    auto out = splitter.feed(text);
    if (auto rest = splitter.finish(); !rest.empty()) out.push_back(std::move(rest));
    return out;
}

}  // namespace os1::voice

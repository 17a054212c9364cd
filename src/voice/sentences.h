// Sentences as a reply streams in: the voice loop speaks each sentence as
// soon as it is complete, not after the whole reply (issue 16). The
// splitter is fed the brain's pieces in order and hands back every sentence
// that has ended; finish() returns what is left when the reply is done.
//
//   SentenceSplitter s;
//   for (auto piece : pieces) for (auto& sentence : s.feed(piece)) speak(sentence);
//   if (auto rest = s.finish(); !rest.empty()) speak(rest);
//
// A sentence ends at '.', '!', '?' or '…' (with closing quotes or brackets)
// followed by white space, or at a line break; not after a title ("Dr."),
// a single initial ("J."), a known abbreviation ("e.g.") or inside a number
// ("3.5"). A run of text without an end is cut at a comma, semicolon, colon
// or dash once it passes `max_chars` (or at a space, or hard), so a model
// that never stops a sentence still gets spoken. Sentences come back
// trimmed, never empty. Pure; one splitter per reply; not thread-safe.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace os1::voice {

class SentenceSplitter {
public:
    explicit SentenceSplitter(size_t max_chars = 240) : m_max_chars(max_chars < 16 ? 16 : max_chars) {}

    // The sentences completed by this piece (often none).
    std::vector<std::string> feed(std::string_view piece);
    // The unfinished rest ("" when nothing is pending); the splitter is then empty.
    std::string finish();
    // Bytes held that do not make a sentence yet.
    size_t pending() const { return m_buffer.size(); }

private:
    // The end (exclusive) of the first complete sentence in m_buffer from
    // m_scan on, or npos when none is decided yet.
    size_t find_end();
    void take(size_t end, std::vector<std::string>& out);

    size_t m_max_chars;
    std::string m_buffer;
    size_t m_scan = 0;  // m_buffer before this holds no sentence end
};

// The whole of `text` as sentences (feed + finish), for texts known at once.
std::vector<std::string> split_sentences(std::string_view text, size_t max_chars = 240);

}  // namespace os1::voice

// Cleaning text for speech (see speak_text.h).
#include "voice/speak_text.h"

#include <cctype>
#include <cstdint>

#include "core/text.h"
#include "voice/sentences.h"

namespace os1::voice {

namespace {

// Decodes one UTF-8 code point at s[i] (valid UTF-8: repair_utf8 ran).
char32_t decode(std::string_view s, size_t& i) {
    const auto b = static_cast<unsigned char>(s[i]);
    int n = b < 0x80 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
    char32_t c = n == 1 ? b : n == 2 ? (b & 0x1F) : n == 3 ? (b & 0x0F) : (b & 0x07);
    for (int k = 1; k < n && i + k < s.size(); k++) c = (c << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
    i += n;
    return c;
}

// An ASCII stand-in for a code point outside ASCII, "" when there is none.
std::string_view ascii_for(char32_t c) {
    switch (c) {
    case U'\u2018': case U'\u2019': case U'\u201A': case U'\u2032': return "'";
    case U'\u201C': case U'\u201D': case U'\u201E': case U'\u00AB': case U'\u00BB': return "\"";
    case U'\u2013': case U'\u2014': case U'\u2015': case U'\u2212': return ", ";
    case U'\u2026': return "...";
    case U'\u00A0': case U'\u2009': case U'\u202F': return " ";
    case U'\u00BF': case U'\u00A1': return " ";
    case U'\u00DF': return "ss";
    case U'\u00E6': return "ae";
    case U'\u00C6': return "AE";
    case U'\u0153': return "oe";
    case U'\u00F8': return "o";
    case U'\u00D8': return "O";
    default: break;
    }
    // Latin-1 letters with accents: the letter without them.
    static constexpr std::string_view UPPER = "AAAAAAACEEEEIIIIDNOOOOOxOUUUUYTs";  // U+00C0..U+00DF
    static constexpr std::string_view LOWER = "aaaaaaaceeeeiiiidnooooo/ouuuuyty";  // U+00E0..U+00FF
    if (c >= 0xC0 && c <= 0xDF && UPPER[c - 0xC0] != 'x') return UPPER.substr(c - 0xC0, 1);
    if (c >= 0xE0 && c <= 0xFF && LOWER[c - 0xE0] != '/') return LOWER.substr(c - 0xE0, 1);
    return "";
}

// The end of the escape sequence starting at s[i] (ESC): CSI "ESC [ ... final",
// OSC "ESC ] ... BEL" or "... ESC \\", else ESC and one character.
size_t skip_escape(std::string_view s, size_t i) {
    i++;
    if (i >= s.size()) return i;
    if (s[i] == '[') {
        for (i++; i < s.size(); i++)
            if (s[i] >= 0x40 && s[i] <= 0x7E) return i + 1;
        return i;
    }
    if (s[i] == ']') {
        for (i++; i < s.size(); i++) {
            if (s[i] == '\x07') return i + 1;
            if (s[i] == '\x1b' && i + 1 < s.size() && s[i + 1] == '\\') return i + 2;
        }
        return i;
    }
    return (static_cast<unsigned char>(s[i]) < 0x80) ? i + 1 : i;
}

bool is_markup(char c) { return c == '*' || c == '_' || c == '#' || c == '`' || c == '~' || c == '|' || c == '<' || c == '>'; }

}  // namespace

Result<std::string> speakable(std::string_view text, bool ascii_only) {
    TRY(check_size(text, MAX_SPEAK_BYTES, "text to speak"));
    const std::string valid = repair_utf8(text);
    std::string out;
    out.reserve(valid.size());
    auto space = [&] {
        if (!out.empty() && out.back() != ' ' && out.back() != '\n') out += ' ';
    };
    for (size_t i = 0; i < valid.size();) {
        const size_t at = i;
        if (valid[i] == '\x1b') {  // an escape sequence is skipped whole, never read aloud
            i = skip_escape(valid, i);
            space();
            continue;
        }
        const char32_t c = decode(valid, i);
        if (c == '\n') {  // a line break ends a sentence; several are one
            while (!out.empty() && out.back() == ' ') out.pop_back();
            if (!out.empty() && out.back() != '\n') out += '\n';
        } else if (c < 0x20 || c == 0x7F || (c >= 0x80 && c < 0xA0) || c == U'\uFFFD' ||
                   (c >= 0x200B && c <= 0x200F) || (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069) ||
                   c == 0xFEFF) {
            space();  // controls, escape sequences' ESC, C1, invisible and bidirectional marks
        } else if (c < 0x80 && is_markup(static_cast<char>(c))) {
            space();
        } else if (c == ' ') {
            space();
        } else if (c < 0x80 || !ascii_only) {
            out.append(valid, at, i - at);
        } else if (auto a = ascii_for(c); !a.empty()) {
            if (a == " ") space();
            else out += a;
        } else {
            space();
        }
    }
    while (!out.empty() && (out.back() == ' ' || out.back() == '\n')) out.pop_back();
    size_t lead = 0;
    while (lead < out.size() && (out[lead] == ' ' || out[lead] == '\n')) lead++;
    return out.substr(lead);
}

Result<Pcm> synthesize_pieces(std::string_view text, bool ascii_only, int rate,
                              const std::function<Result<Pcm>(const std::string& sentence)>& one) {
    const std::string clean = TRY(speakable(text, ascii_only));
    Pcm all;
    all.rate = rate;
    for (const auto& sentence : split_sentences(clean, 400)) {
        // A sentence of nothing but punctuation says nothing.
        bool words = false;
        for (char ch : sentence) words = words || std::isalnum(static_cast<unsigned char>(ch)) || static_cast<unsigned char>(ch) >= 0x80;
        if (!words) continue;
        Pcm piece = TRY(one(sentence));
        if (piece.samples.empty()) continue;
        if (piece.rate != rate) return Error::internal("a voice changed its rate mid-text (", piece.rate, " Hz, not ", rate, ")");
        all.samples.insert(all.samples.end(), piece.samples.begin(), piece.samples.end());
    }
    return all;
}

}  // namespace os1::voice

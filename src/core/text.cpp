// UTF-8 checking and repair follow the Unicode standard's table of
// well-formed byte sequences (chapter 3, table 3-7) and its recommended
// "maximal subpart" replacement, so a cut-off character costs exactly one
// U+FFFD and the bytes after it are read afresh.
#include "core/text.h"

#include <cstdint>
#include <cstdio>
#include <cstdlib>

namespace os1 {

namespace {

enum class Seq { Ok, Bad, Truncated };

struct Decoded {
    Seq kind = Seq::Bad;
    size_t len = 1;     // bytes consumed: the sequence, or its maximal ill-formed subpart (>= 1)
    uint32_t cp = 0;    // the code point when kind == Ok
};

// The allowed range of the second byte for each lead byte; the rest are 80..BF.
Decoded decode(std::string_view s, size_t i) {
    const auto b0 = static_cast<unsigned char>(s[i]);
    if (b0 < 0x80) return {Seq::Ok, 1, b0};
    int n;  // continuation bytes
    unsigned char lo = 0x80, hi = 0xBF;
    if (b0 >= 0xC2 && b0 <= 0xDF) n = 1;
    else if (b0 == 0xE0) n = 2, lo = 0xA0;
    else if (b0 >= 0xE1 && b0 <= 0xEC) n = 2;
    else if (b0 == 0xED) n = 2, hi = 0x9F;  // no surrogates
    else if (b0 >= 0xEE && b0 <= 0xEF) n = 2;
    else if (b0 == 0xF0) n = 3, lo = 0x90;  // no overlongs
    else if (b0 >= 0xF1 && b0 <= 0xF3) n = 3;
    else if (b0 == 0xF4) n = 3, hi = 0x8F;  // nothing past U+10FFFF
    else return {Seq::Bad, 1, 0};           // 80..C1, F5..FF never start a character
    uint32_t cp = b0 & (0x3F >> n);
    for (int k = 1; k <= n; k++) {
        if (i + k >= s.size()) return {Seq::Truncated, static_cast<size_t>(k), 0};
        const auto b = static_cast<unsigned char>(s[i + k]);
        if (b < lo || b > hi) return {Seq::Bad, static_cast<size_t>(k), 0};
        lo = 0x80, hi = 0xBF;
        cp = (cp << 6) | (b & 0x3F);
    }
    return {Seq::Ok, static_cast<size_t>(n) + 1, cp};
}

constexpr std::string_view REPLACEMENT = "\xEF\xBF\xBD";  // U+FFFD

bool is_c1_or_bidi(uint32_t cp) {
    return (cp >= 0x80 && cp <= 0x9F) || (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
}

void append_code_point_mark(std::string& out, uint32_t cp) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "<U+%04X>", static_cast<unsigned>(cp));
    out += buf;
}

// Appends s (valid UTF-8) with its controls shown as visible marks.
void append_for_terminal(std::string& out, std::string_view s) {
    for (size_t i = 0; i < s.size();) {
        Decoded d = decode(s, i);
        if (d.kind != Seq::Ok) {
            out += REPLACEMENT;
        } else if (d.cp == '\n' || d.cp == '\t') {
            out += static_cast<char>(d.cp);
        } else if (d.cp < 0x20) {
            out += '^';
            out += static_cast<char>(d.cp + 0x40);  // ESC -> ^[, CR -> ^M
        } else if (d.cp == 0x7F) {
            out += "^?";
        } else if (is_c1_or_bidi(d.cp)) {
            append_code_point_mark(out, d.cp);
        } else {
            out.append(s.substr(i, d.len));
        }
        i += d.len;
    }
}

std::string with_thousands(size_t n) {
    std::string digits = std::to_string(n), out;
    for (size_t i = 0; i < digits.size(); i++) {
        if (i && (digits.size() - i) % 3 == 0) out += ',';
        out += digits[i];
    }
    return out;
}

}  // namespace

bool is_valid_utf8(std::string_view s) {
    for (size_t i = 0; i < s.size();) {
        Decoded d = decode(s, i);
        if (d.kind != Seq::Ok) return false;
        i += d.len;
    }
    return true;
}

std::string repair_utf8(std::string_view s) {
    if (is_valid_utf8(s)) return std::string(s);
    std::string out;
    out.reserve(s.size() + 8);
    for (size_t i = 0; i < s.size();) {
        Decoded d = decode(s, i);
        if (d.kind == Seq::Ok) out.append(s.substr(i, d.len));
        else out += REPLACEMENT;
        i += d.len;
    }
    return out;
}

std::string format_size(size_t bytes) {
    char buf[32];
    if (bytes < 1024) return str(bytes, bytes == 1 ? " byte" : " bytes");
    const double kb = static_cast<double>(bytes) / 1024.0;
    if (kb < 1024) {
        if (bytes % 1024 == 0) return str(bytes / 1024, " KB");
        std::snprintf(buf, sizeof buf, "%.1f KB", kb);
        return buf;
    }
    const double mb = kb / 1024.0;
    if (mb < 1024) {
        if (bytes % (1024 * 1024) == 0) return str(bytes / (1024 * 1024), " MB");
        std::snprintf(buf, sizeof buf, "%.1f MB", mb);
        return buf;
    }
    std::snprintf(buf, sizeof buf, "%.1f GB", mb / 1024.0);
    return buf;
}

Result<void> check_size(std::string_view text, size_t max_bytes, std::string_view what) {
    return check_length(text.size(), max_bytes, what);
}

Result<void> check_length(size_t bytes, size_t max_bytes, std::string_view what) {
    if (bytes <= max_bytes) return ok();
    std::string size = format_size(bytes), limit = format_size(max_bytes);
    // "is 1.0 MB; may be at most 1 MB" reads as a contradiction: give bytes.
    if (std::strtod(size.c_str(), nullptr) == std::strtod(limit.c_str(), nullptr) &&
        size.substr(size.find(' ')) == limit.substr(limit.find(' ')))
        size += str(" (", with_thousands(bytes), " bytes)");
    return Error::out_of_range(what, " is ", size, "; ", what, " may be at most ", limit);
}

Result<std::string> accept_text(std::string_view text, size_t max_bytes, std::string_view what) {
    TRY(check_size(text, max_bytes, what));
    return repair_utf8(text);
}

std::string for_terminal(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    append_for_terminal(out, s);
    return out;
}

std::string TerminalStream::feed(std::string_view piece) {
    std::string text = m_pending;
    text.append(piece);
    m_pending.clear();
    // Hold back a character cut at the end of this piece; the next piece
    // may complete it. Only a lead byte and its continuations (< 4 bytes).
    size_t keep = text.size();
    for (size_t back = 1; back <= 3 && back <= text.size(); back++) {
        const size_t at = text.size() - back;
        const auto b = static_cast<unsigned char>(text[at]);
        if ((b & 0xC0) == 0x80) continue;  // a continuation byte: look further back
        if (decode(text, at).kind == Seq::Truncated) keep = at;
        break;
    }
    m_pending = text.substr(keep);
    std::string out;
    out.reserve(keep);
    append_for_terminal(out, std::string_view(text).substr(0, keep));
    return out;
}

std::string TerminalStream::finish() {
    std::string out = for_terminal(m_pending);
    m_pending.clear();
    return out;
}

namespace {

// The escaped text; *cut says whether it stopped before the end of s.
std::string escape_prefix(std::string_view s, size_t max_chars, bool* cut) {
    std::string out;
    size_t chars = 0, i = 0;
    for (; i < s.size() && chars < max_chars; chars++) {
        Decoded d = decode(s, i);
        char buf[16];
        if (d.kind != Seq::Ok) {
            std::snprintf(buf, sizeof buf, "\\x%02x", static_cast<unsigned char>(s[i]));
            out += buf;
            i += 1;  // show every bad byte
            continue;
        }
        switch (d.cp) {
            case '"': out += "\\\""; break;
            case '\\': out += "\\\\"; break;
            case '\n': out += "\\n"; break;
            case '\t': out += "\\t"; break;
            case '\r': out += "\\r"; break;
            default:
                if (d.cp < 0x20 || d.cp == 0x7F) {
                    std::snprintf(buf, sizeof buf, "\\x%02x", static_cast<unsigned>(d.cp));
                    out += buf;
                } else if (is_c1_or_bidi(d.cp)) {
                    std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned>(d.cp));
                    out += buf;
                } else {
                    out.append(s.substr(i, d.len));
                }
        }
        i += d.len;
    }
    *cut = i < s.size();
    return out;
}

}  // namespace

std::string quote_capped(std::string_view s, size_t max_chars) {
    bool cut = false;
    std::string body = escape_prefix(s, max_chars, &cut);
    if (cut) return str("\"", body, "…\" (", with_thousands(s.size()), " bytes)");
    return str("\"", body, "\"");
}

std::string escape_capped(std::string_view s, size_t max_chars) {
    bool cut = false;
    std::string body = escape_prefix(s, max_chars, &cut);
    if (cut) return str(body, "… (", with_thousands(s.size()), " bytes)");
    return body;
}

}  // namespace os1

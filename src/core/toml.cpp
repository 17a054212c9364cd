#include "core/toml.h"

#include <charconv>
#include <cmath>
#include <cstdio>

#include "core/text.h"

namespace os1 {

TomlValue TomlValue::of(std::vector<std::string> items) {
    TomlValue v;
    v.type = Type::Array;
    for (auto& s : items) v.array.push_back(of(std::move(s)));
    return v;
}

std::string TomlValue::as_text() const {
    switch (type) {
        case Type::String: return string;
        case Type::Integer: return std::to_string(integer);
        case Type::Float: {
            char buf[64];
            std::snprintf(buf, sizeof buf, "%.17g", number);
            return buf;
        }
        case Type::Bool: return boolean ? "true" : "false";
        case Type::Array: {
            std::string out;
            for (size_t i = 0; i < array.size(); i++) {
                if (i) out += ", ";
                out += array[i].as_text();
            }
            return out;
        }
    }
    return {};
}

namespace {

class Parser {
public:
    Parser(std::string_view text, std::string_view source) : m_text(text), m_source(source) {}

    Result<TomlTable> parse() {
        TomlTable table;
        std::string prefix;
        while (true) {
            skip_blank_lines();
            if (at_end()) break;
            if (peek() == '[') {
                if (m_pos + 1 < m_text.size() && m_text[m_pos + 1] == '[')
                    return fail("arrays of tables ([[...]]) are not supported");
                m_pos++;
                skip_spaces();
                auto key = TRY(parse_key());
                skip_spaces();
                if (at_end() || peek() != ']') return fail("expected ']' to close the table name");
                m_pos++;
                TRY(expect_line_end());
                prefix = key + ".";
                continue;
            }
            int key_line = m_line;
            auto key = TRY(parse_key());
            skip_spaces();
            if (at_end() || peek() != '=') return fail("expected '=' after key " + quote_capped(key));
            m_pos++;
            skip_spaces();
            auto value = TRY(parse_value());
            TRY(expect_line_end());
            std::string full = prefix + key;
            if (table.count(full)) return Error::invalid(m_source, ":", key_line, ": key ", quote_capped(full), " is defined twice");
            table[full] = std::move(value);
        }
        return table;
    }

private:
    bool at_end() const { return m_pos >= m_text.size(); }
    char peek() const { return m_text[m_pos]; }

    Error fail(std::string_view what) const {
        return Error::invalid(m_source, ":", m_line, ": ", what);
    }

    void skip_spaces() {
        while (!at_end() && (peek() == ' ' || peek() == '\t')) m_pos++;
    }

    void skip_comment() {
        if (!at_end() && peek() == '#')
            while (!at_end() && peek() != '\n') m_pos++;
    }

    void skip_blank_lines() {
        while (!at_end()) {
            skip_spaces();
            skip_comment();
            if (at_end()) return;
            if (peek() == '\r') { m_pos++; continue; }
            if (peek() != '\n') return;
            m_pos++;
            m_line++;
        }
    }

    // Skips spaces, newlines and comments inside arrays.
    void skip_whitespace_multiline() {
        while (!at_end()) {
            skip_spaces();
            skip_comment();
            if (at_end()) return;
            if (peek() == '\n') { m_line++; m_pos++; continue; }
            if (peek() == '\r') { m_pos++; continue; }
            return;
        }
    }

    Result<void> expect_line_end() {
        skip_spaces();
        skip_comment();
        if (at_end()) return ok();
        if (peek() == '\r') m_pos++;
        if (at_end()) return ok();
        if (peek() != '\n') return fail("unexpected text " + quote_capped(m_text.substr(m_pos, 1)) + " after value");
        m_pos++;
        m_line++;
        return ok();
    }

    Result<std::string> parse_key() {
        std::string key;
        while (true) {
            skip_spaces();
            if (at_end()) return fail("expected a key");
            std::string part;
            if (peek() == '"') {
                part = TRY(parse_basic_string());
            } else if (peek() == '\'') {
                part = TRY(parse_literal_string());
            } else {
                while (!at_end() && (std::isalnum(static_cast<unsigned char>(peek())) || peek() == '_' || peek() == '-'))
                    part += m_text[m_pos++];
                if (part.empty()) return fail("expected a key, found " + quote_capped(m_text.substr(m_pos, 1)));
            }
            key += part;
            skip_spaces();
            if (!at_end() && peek() == '.') {
                key += '.';
                m_pos++;
                continue;
            }
            return key;
        }
    }

    Result<void> append_escape(std::string& out) {
        if (at_end()) return fail("unterminated escape in string");
        char c = m_text[m_pos++];
        switch (c) {
            case 'n': out += '\n'; return ok();
            case 't': out += '\t'; return ok();
            case 'r': out += '\r'; return ok();
            case 'b': out += '\b'; return ok();
            case 'f': out += '\f'; return ok();
            case '"': out += '"'; return ok();
            case '\\': out += '\\'; return ok();
            case 'u':
            case 'U': {
                size_t n = c == 'u' ? 4 : 8;
                if (m_pos + n > m_text.size()) return fail("short \\u escape");
                uint32_t cp = 0;
                auto [p, ec] = std::from_chars(m_text.data() + m_pos, m_text.data() + m_pos + n, cp, 16);
                if (ec != std::errc() || p != m_text.data() + m_pos + n) return fail("bad \\u escape");
                m_pos += n;
                if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return fail("\\u escape is not a valid code point");
                if (cp < 0x80) {
                    out += static_cast<char>(cp);
                } else if (cp < 0x800) {
                    out += static_cast<char>(0xC0 | (cp >> 6));
                    out += static_cast<char>(0x80 | (cp & 0x3F));
                } else if (cp < 0x10000) {
                    out += static_cast<char>(0xE0 | (cp >> 12));
                    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
                    out += static_cast<char>(0x80 | (cp & 0x3F));
                } else {
                    out += static_cast<char>(0xF0 | (cp >> 18));
                    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
                    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
                    out += static_cast<char>(0x80 | (cp & 0x3F));
                }
                return ok();
            }
            default: return fail("unknown escape " + quote_capped(str("\\", c)) + " in string");
        }
    }

    Result<std::string> parse_basic_string() {
        if (m_text.substr(m_pos, 3) == "\"\"\"") {
            m_pos += 3;
            if (!at_end() && peek() == '\n') { m_pos++; m_line++; }
            std::string out;
            while (true) {
                if (at_end()) return fail("unterminated \"\"\" string");
                if (m_text.substr(m_pos, 3) == "\"\"\"") { m_pos += 3; return out; }
                char c = m_text[m_pos++];
                if (c == '\\') {
                    // Line-ending backslash trims the newline and following spaces.
                    if (!at_end() && (peek() == '\n' || peek() == '\r')) {
                        while (!at_end() && (peek() == '\n' || peek() == '\r' || peek() == ' ' || peek() == '\t')) {
                            if (peek() == '\n') m_line++;
                            m_pos++;
                        }
                        continue;
                    }
                    TRY(append_escape(out));
                    continue;
                }
                if (c == '\n') m_line++;
                out += c;
            }
        }
        m_pos++;
        std::string out;
        while (true) {
            if (at_end() || peek() == '\n') return fail("unterminated string (missing closing '\"')");
            char c = m_text[m_pos++];
            if (c == '"') return out;
            if (c == '\\') { TRY(append_escape(out)); continue; }
            out += c;
        }
    }

    Result<std::string> parse_literal_string() {
        if (m_text.substr(m_pos, 3) == "'''") {
            m_pos += 3;
            if (!at_end() && peek() == '\n') { m_pos++; m_line++; }
            size_t end = m_text.find("'''", m_pos);
            if (end == std::string_view::npos) return fail("unterminated ''' string");
            std::string out(m_text.substr(m_pos, end - m_pos));
            for (char c : out) if (c == '\n') m_line++;
            m_pos = end + 3;
            return out;
        }
        m_pos++;
        std::string out;
        while (true) {
            if (at_end() || peek() == '\n') return fail("unterminated string (missing closing \"'\")");
            char c = m_text[m_pos++];
            if (c == '\'') return out;
            out += c;
        }
    }

    // `depth` counts the arrays around this value. Nested arrays are refused
    // before descending, and the depth limit guards any future nesting, so
    // "[[[[…" cannot run the stack out.
    Result<TomlValue> parse_value(int depth = 0) {
        if (depth > MAX_TOML_DEPTH) return fail(str("values nest deeper than ", MAX_TOML_DEPTH, " levels"));
        if (at_end()) return fail("expected a value");
        char c = peek();
        if (c == '"') return TomlValue::of(TRY(parse_basic_string()));
        if (c == '\'') return TomlValue::of(TRY(parse_literal_string()));
        if (c == '{') return fail("inline tables are not supported; use a [table]");
        if (c == '[') {
            m_pos++;
            TomlValue array;
            array.type = TomlValue::Type::Array;
            while (true) {
                skip_whitespace_multiline();
                if (at_end()) return fail("unterminated array (missing ']')");
                if (peek() == ']') { m_pos++; return array; }
                if (peek() == '[') return fail("nested arrays are not supported");
                auto item = TRY(parse_value(depth + 1));
                if (item.type == TomlValue::Type::Array) return fail("nested arrays are not supported");
                array.array.push_back(std::move(item));
                skip_whitespace_multiline();
                if (at_end()) return fail("unterminated array (missing ']')");
                if (peek() == ',') { m_pos++; continue; }
                if (peek() == ']') { m_pos++; return array; }
                return fail("expected ',' or ']' in array");
            }
        }
        // A bare word: boolean or number.
        size_t start = m_pos;
        while (!at_end() && peek() != ',' && peek() != ']' && peek() != '#' && peek() != '\n' && peek() != '\r' &&
               peek() != ' ' && peek() != '\t')
            m_pos++;
        std::string word(m_text.substr(start, m_pos - start));
        if (word == "true") return TomlValue::of(true);
        if (word == "false") return TomlValue::of(false);
        if (word.empty()) return fail("expected a value");
        std::string digits;
        for (char ch : word) if (ch != '_') digits += ch;
        bool is_float = digits.find_first_of(".eE") != std::string::npos && digits.rfind("0x", 0) != 0;
        if (digits == "inf" || digits == "+inf" || digits == "-inf" || digits == "nan") is_float = true;
        if (is_float) {
            char* end = nullptr;
            double d = std::strtod(digits.c_str(), &end);
            if (end != digits.c_str() + digits.size()) return fail(quote_capped(word) + " is not a number, boolean or quoted string");
            return TomlValue::of(d);
        }
        int64_t i = 0;
        const char* b = digits.data();
        const char* e = b + digits.size();
        if (*b == '+') b++;
        int base = 10;
        bool neg = false;
        if (*b == '-') { neg = true; b++; }
        if (e - b > 2 && b[0] == '0' && (b[1] == 'x' || b[1] == 'o' || b[1] == 'b')) {
            base = b[1] == 'x' ? 16 : b[1] == 'o' ? 8 : 2;
            b += 2;
        }
        auto [p, ec] = std::from_chars(b, e, i, base);
        if (ec == std::errc::result_out_of_range) return fail("integer " + quote_capped(word) + " is too large");
        if (ec != std::errc() || p != e) return fail(quote_capped(word) + " is not a number, boolean or quoted string");
        return TomlValue::of(neg ? -i : i);
    }

    std::string_view m_text;
    std::string_view m_source;
    size_t m_pos = 0;
    int m_line = 1;
};

bool is_bare_key(std::string_view key) {
    if (key.empty()) return false;
    for (char c : key)
        if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-')) return false;
    return true;
}

std::string write_value(const TomlValue& v) {
    switch (v.type) {
        case TomlValue::Type::String: return toml_quote(v.string);
        case TomlValue::Type::Array: {
            std::string out = "[";
            for (size_t i = 0; i < v.array.size(); i++) {
                if (i) out += ", ";
                out += write_value(v.array[i]);
            }
            return out + "]";
        }
        case TomlValue::Type::Float: {
            std::string s = v.as_text();
            if (s.find_first_of(".eEn") == std::string::npos) s += ".0";
            return s;
        }
        default: return v.as_text();
    }
}

}  // namespace

Result<TomlTable> parse_toml(std::string_view text, std::string_view source) {
    if (auto size = check_size(text, MAX_TOML_BYTES, "a TOML file"); !size)
        return Error::out_of_range(source, ": ", size.error().message);
    // A file reader is an entry: keys and strings are valid UTF-8 from here on.
    const std::string repaired = repair_utf8(text);
    return Parser(repaired, source).parse();
}

std::string toml_quote(std::string_view s) {
    std::string out = "\"";
    for (unsigned char c : s) {
        switch (c) {
            case '"': out += "\\\""; break;
            case '\\': out += "\\\\"; break;
            case '\n': out += "\\n"; break;
            case '\t': out += "\\t"; break;
            case '\r': out += "\\r"; break;
            default:
                if (c < 0x20 || c == 0x7F) {
                    char buf[8];
                    std::snprintf(buf, sizeof buf, "\\u%04X", c);
                    out += buf;
                } else {
                    out += static_cast<char>(c);
                }
        }
    }
    return out + "\"";
}

std::string write_toml(const TomlTable& table) {
    // Group keys by their table (everything before the last dot).
    std::map<std::string, std::vector<std::pair<std::string, const TomlValue*>>> groups;
    for (const auto& [key, value] : table) {
        auto dot = key.rfind('.');
        std::string group = dot == std::string::npos ? "" : key.substr(0, dot);
        std::string name = dot == std::string::npos ? key : key.substr(dot + 1);
        groups[group].push_back({name, &value});
    }
    std::string out;
    for (const auto& [group, entries] : groups) {
        if (!group.empty()) {
            if (!out.empty()) out += "\n";
            out += "[" + group + "]\n";
        }
        for (const auto& [name, value] : entries)
            out += (is_bare_key(name) ? name : toml_quote(name)) + " = " + write_value(*value) + "\n";
    }
    return out;
}

}  // namespace os1

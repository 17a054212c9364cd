// A small tolerant HTML reader for mail (not a browser): a tag scanner with
// a stack of open elements, each remembering whether it hides its content.
#include "skills/mail/html_text.h"

#include <cctype>
#include <cstdint>
#include <string>
#include <vector>

#include "core/strings.h"
#include "core/text.h"

namespace os1::mail {
namespace {

constexpr size_t MAX_OPEN = 256;

bool is_void(std::string_view tag) {
    static const char* VOID[] = {"br", "img", "hr", "meta", "link", "input", "area", "base", "col", "embed", "source", "wbr", "param", "track"};
    for (const char* v : VOID)
        if (tag == v) return true;
    return false;
}

bool is_block(std::string_view tag) {
    static const char* BLOCK[] = {"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "table", "ul", "ol",
                                  "blockquote", "pre", "hr", "section", "article", "header", "footer", "dd", "dt"};
    for (const char* b : BLOCK)
        if (tag == b) return true;
    return false;
}

// Elements whose whole content is never shown as text.
bool is_invisible(std::string_view tag) {
    return tag == "script" || tag == "style" || tag == "head" || tag == "title" || tag == "template" ||
           tag == "noscript" || tag == "object" || tag == "iframe" || tag == "svg";
}

std::string squash(std::string_view s) {
    std::string out;
    for (char c : s)
        if (!std::isspace(static_cast<unsigned char>(c))) out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

bool is_white(const std::string& value) {
    return value == "#fff" || value == "#ffffff" || value == "white" || value == "rgb(255,255,255)" ||
           value.starts_with("rgba(255,255,255");
}

// The value of a CSS property in a squashed style ("color:#fff;..."), "" when absent.
std::string css(const std::string& style, std::string_view prop) {
    size_t pos = 0;
    while ((pos = style.find(prop, pos)) != std::string::npos) {
        bool starts = pos == 0 || style[pos - 1] == ';' || style[pos - 1] == '"' || style[pos - 1] == '\'';
        if (starts && pos + prop.size() < style.size() && style[pos + prop.size()] == ':') {
            size_t v = pos + prop.size() + 1, e = style.find(';', v);
            std::string value = style.substr(v, e == std::string::npos ? std::string::npos : e - v);
            if (auto bang = value.find("!important"); bang != std::string::npos) value.erase(bang);
            return value;
        }
        pos += prop.size();
    }
    return {};
}

// The boolean attribute `hidden` as a word of its own ("<div hidden>").
bool hidden_attribute(const std::string& raw) {
    for (size_t p = raw.find("hidden"); p != std::string::npos; p = raw.find("hidden", p + 1)) {
        bool before = p > 0 && std::isspace(static_cast<unsigned char>(raw[p - 1]));
        size_t q = p + 6;
        bool after = q >= raw.size() || std::isspace(static_cast<unsigned char>(raw[q])) || raw[q] == '=' || raw[q] == '/';
        if (before && after) return true;
    }
    return false;
}

// Whether a tag's attributes hide it.
bool hides(std::string_view raw_attrs) {
    std::string raw = lower(raw_attrs);
    if (hidden_attribute(raw)) return true;
    std::string attrs = squash(raw);
    if (attrs.find("aria-hidden=\"true\"") != std::string::npos) return true;
    size_t s = attrs.find("style=");
    if (s == std::string::npos) return false;
    std::string style = attrs.substr(s + 6);
    if (!style.empty() && (style[0] == '"' || style[0] == '\'')) {
        size_t e = style.find(style[0], 1);
        style = style.substr(1, e == std::string::npos ? std::string::npos : e - 1);
    }
    style = ";" + style;
    std::string display = css(style, "display"), visibility = css(style, "visibility");
    std::string opacity = css(style, "opacity"), size = css(style, "font-size"), height = css(style, "max-height");
    std::string color = css(style, "color");
    std::string background = css(style, "background-color");
    if (background.empty()) background = css(style, "background");
    if (display == "none" || visibility == "hidden" || visibility == "collapse") return true;
    if (opacity == "0" || opacity == "0.0" || opacity == "0%") return true;
    if (size == "0" || size == "0px" || size == "0pt" || size == "0em" || size == "1px") return true;
    if (height == "0" || height == "0px") return true;
    if (is_white(color) && (background.empty() || is_white(background))) return true;
    return false;
}

void put_codepoint(std::string& out, uint32_t cp) {
    if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) cp = 0xFFFD;
    if (cp < 0x80) out += static_cast<char>(cp);
    else if (cp < 0x800) { out += static_cast<char>(0xC0 | (cp >> 6)); out += static_cast<char>(0x80 | (cp & 0x3F)); }
    else if (cp < 0x10000) {
        out += static_cast<char>(0xE0 | (cp >> 12)); out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (cp >> 18)); out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F)); out += static_cast<char>(0x80 | (cp & 0x3F));
    }
}

// Decodes the entity at html[i] == '&'; returns the bytes consumed (0: not one).
size_t entity(std::string_view html, size_t i, std::string& out) {
    size_t end = html.substr(i, 12).find(';');  // a bounded look: "&&&&..." stays linear
    if (end == std::string_view::npos) return 0;
    end += i;
    std::string name(html.substr(i + 1, end - i - 1));
    static const std::pair<const char*, const char*> NAMED[] = {
        {"amp", "&"}, {"lt", "<"}, {"gt", ">"}, {"quot", "\""}, {"apos", "'"}, {"nbsp", " "},
        {"copy", "\u00a9"}, {"reg", "\u00ae"}, {"hellip", "\u2026"}, {"mdash", "\u2014"}, {"ndash", "\u2013"},
        {"rsquo", "\u2019"}, {"lsquo", "\u2018"}, {"rdquo", "\u201d"}, {"ldquo", "\u201c"}, {"euro", "\u20ac"}, {"zwnj", ""}, {"zwj", ""}};
    for (auto [n, v] : NAMED)
        if (name == n) { out += v; return end - i + 1; }
    if (name.size() >= 2 && name[0] == '#') {
        uint32_t cp = 0;
        bool hex = name[1] == 'x' || name[1] == 'X';
        for (size_t k = hex ? 2 : 1; k < name.size(); ++k) {
            char c = name[k];
            int d = std::isdigit(static_cast<unsigned char>(c)) ? c - '0'
                    : hex && std::isxdigit(static_cast<unsigned char>(c)) ? std::tolower(c) - 'a' + 10 : -1;
            if (d < 0) return 0;
            cp = cp * (hex ? 16 : 10) + static_cast<uint32_t>(d);
            if (cp > 0x10FFFF) cp = 0x110000;
        }
        put_codepoint(out, cp);
        return end - i + 1;
    }
    return 0;
}

struct Open {
    std::string tag;
    bool hidden;
};

}  // namespace

std::string html_to_text(std::string_view html) {
    std::string out;
    std::vector<Open> open;
    size_t hidden_depth = 0;  // open elements that hide (content is skipped while > 0)
    bool space = false;
    auto newline = [&] {
        while (!out.empty() && out.back() == ' ') out.pop_back();
        if (out.size() >= 2 && out[out.size() - 1] == '\n' && out[out.size() - 2] == '\n') return;
        if (!out.empty()) out += '\n';
        space = false;
    };
    size_t i = 0;
    while (i < html.size()) {
        char c = html[i];
        if (c == '<') {
            if (html.substr(i, 4) == "<!--") {
                size_t e = html.find("-->", i + 4);
                i = e == std::string_view::npos ? html.size() : e + 3;
                continue;
            }
            size_t e = html.find('>', i + 1);
            if (e == std::string_view::npos) break;
            std::string_view inside = html.substr(i + 1, e - i - 1);
            i = e + 1;
            bool closing = !inside.empty() && inside[0] == '/';
            if (closing) inside.remove_prefix(1);
            size_t n = 0;
            while (n < inside.size() && (std::isalnum(static_cast<unsigned char>(inside[n])) || inside[n] == '-')) ++n;
            std::string tag = lower(inside.substr(0, n));
            if (tag.empty()) continue;  // <!DOCTYPE>, <?xml>
            if (!closing && is_invisible(tag)) {
                // Skip to the matching close tag; the content is not text.
                std::string close = "</" + tag;
                size_t k = i;
                while (k < html.size()) {
                    k = html.find('<', k);
                    if (k == std::string_view::npos) break;
                    if (lower(html.substr(k, close.size())) == close) break;
                    ++k;
                }
                if (k == std::string_view::npos) { i = html.size(); break; }
                size_t ke = html.find('>', k);
                i = ke == std::string_view::npos ? html.size() : ke + 1;
                continue;
            }
            if (is_block(tag)) newline();
            if (tag == "li" && !closing && hidden_depth == 0) out += "- ";
            if (closing) {
                for (size_t k = open.size(); k-- > 0;) {
                    if (open[k].tag != tag) continue;
                    for (size_t j = k; j < open.size(); ++j) hidden_depth -= open[j].hidden ? 1 : 0;
                    open.resize(k);
                    break;
                }
            } else if (!is_void(tag) && inside.back() != '/') {
                bool h = hides(inside.substr(n));
                if (open.size() < MAX_OPEN) {
                    open.push_back({tag, h});
                    hidden_depth += h ? 1 : 0;
                } else if (h) {
                    // Too deep to track: skip what it holds up to its close tag.
                    size_t k = html.find("</" + tag, i);
                    i = k == std::string_view::npos ? html.size() : k;
                }
            }
            continue;
        }
        if (hidden_depth > 0) { ++i; continue; }
        if (c == '&') {
            size_t used = entity(html, i, out);
            if (used) { i += used; space = false; continue; }
        }
        if (std::isspace(static_cast<unsigned char>(c))) {
            if (!out.empty() && out.back() != '\n' && !space) { out += ' '; space = true; }
            ++i;
            continue;
        }
        out += c;
        space = false;
        ++i;
    }
    return repair_utf8(trim(out));
}

}  // namespace os1::mail

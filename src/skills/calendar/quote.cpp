// Making third-party calendar text inert.
#include "skills/calendar/quote.h"

#include <cctype>

#include "skills/calendar/when.h"

namespace os1::calendar {
namespace {

// Counts UTF-8 characters (lead bytes).
size_t chars(std::string_view s) {
    size_t n = 0;
    for (unsigned char c : s) n += (c & 0xC0) != 0x80;
    return n;
}

}  // namespace

std::string inert_text(std::string_view text, size_t max_chars) {
    std::string out;
    bool in_tag = false;
    for (size_t i = 0; i < text.size(); ++i) {
        const unsigned char c = static_cast<unsigned char>(text[i]);
        if (c == '<' && i + 1 < text.size() && (std::isalpha(static_cast<unsigned char>(text[i + 1])) || text[i + 1] == '/' || text[i + 1] == '!')) {
            in_tag = true;
            continue;
        }
        if (in_tag) {
            if (c == '>') in_tag = false;
            continue;
        }
        if (c == '&') {
            const size_t semi = text.find(';', i);
            if (semi != std::string_view::npos && semi - i <= 8) {
                const std::string_view ent = text.substr(i, semi - i + 1);
                out += ent == "&amp;" ? "&" : ent == "&lt;" ? "(" : ent == "&gt;" ? ")" : ent == "&quot;" ? "'" : " ";
                i = semi;
                continue;
            }
        }
        if (c < 0x20 || c == 0x7f) {
            if (!out.empty() && out.back() != ' ') out.push_back(' ');
            continue;
        }
        if (c == ' ' && !out.empty() && out.back() == ' ') continue;
        // Delimiters of the quoted block cannot be forged from inside it.
        if ((c == '<' || c == '>') && !out.empty() && out.back() == static_cast<char>(c)) {
            out.push_back(' ');
        }
        out.push_back(static_cast<char>(c == '"' ? '\'' : c));
    }
    while (!out.empty() && out.back() == ' ') out.pop_back();
    while (!out.empty() && out.front() == ' ') out.erase(out.begin());
    if (chars(out) <= max_chars) return out;
    std::string cut;
    size_t n = 0;
    for (size_t i = 0; i < out.size(); ++i) {
        const unsigned char c = static_cast<unsigned char>(out[i]);
        if ((c & 0xC0) != 0x80 && ++n > max_chars) break;
        cut.push_back(out[i]);
    }
    return cut + "...";
}

std::string quote_for_brain(const std::vector<Instance>& instances, const Zone& person) {
    std::string out = std::string(QUOTE_OPEN) + "\n";
    size_t n = 0;
    for (const Instance& in : instances) {
        out += std::to_string(++n) + ". " + span_words(in.start_utc, in.end_utc, in.all_day, person) + " | title: \"" + inert_text(in.summary, 200) + "\"";
        if (!in.location.empty()) out += " | place: \"" + inert_text(in.location, 120) + "\"";
        if (!in.description.empty()) out += " | notes: \"" + inert_text(in.description, 300) + "\"";
        out += "\n";
        if (n >= 50) {
            out += "(" + std::to_string(instances.size() - n) + " more not shown)\n";
            break;
        }
    }
    if (instances.empty()) out += "(none)\n";
    return out + QUOTE_CLOSE + "\n";
}

}  // namespace os1::calendar

// Triage rules. Word matching is on lower-cased ASCII words; mail in other
// scripts still gets the header rules (bulk, known sender, direct address).
#include "skills/mail/triage.h"

#include <algorithm>
#include <cctype>
#include <regex>

#include "core/strings.h"
#include "core/text.h"

namespace os1::mail {
namespace {

std::vector<std::string> words_of(std::string_view text) {
    std::vector<std::string> out;
    std::string w;
    for (char c : text) {
        if (std::isalnum(static_cast<unsigned char>(c)) || c == '\'' || (static_cast<unsigned char>(c) >= 0x80)) {
            w += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        } else if (!w.empty()) {
            out.push_back(std::move(w));
            w.clear();
        }
    }
    if (!w.empty()) out.push_back(std::move(w));
    return out;
}

bool has_word(const std::vector<std::string>& words, std::string_view w) {
    return std::find(words.begin(), words.end(), w) != words.end();
}

std::string first_name(std::string_view full) {
    auto words = words_of(full);
    return words.empty() ? std::string() : words[0];
}

}  // namespace

bool is_bulk(const MailMessage& mail) {
    if (mail.list_unsubscribe) return true;
    if (mail.precedence == "bulk" || mail.precedence == "list" || mail.precedence == "junk") return true;
    if (!mail.auto_submitted.empty() && mail.auto_submitted != "no") return true;
    std::string local = mail.from.address.substr(0, mail.from.address.find('@'));
    static const char* ROBOTS[] = {"noreply", "no-reply", "no_reply", "donotreply", "do-not-reply", "mailer-daemon",
                                   "newsletter", "notifications", "notification", "bounce", "marketing", "news"};
    for (const char* r : ROBOTS)
        if (local == r || local.starts_with(std::string(r) + "-") || local.starts_with(std::string(r) + "+")) return true;
    return false;
}

bool mentions_deadline(std::string_view text) {
    auto words = words_of(text.substr(0, std::min<size_t>(text.size(), 20000)));
    static const char* CUES[] = {"deadline", "due", "urgent", "asap", "overdue", "expires", "expiring", "rsvp", "reminder"};
    for (const char* c : CUES)
        if (has_word(words, c)) return true;
    static const char* DAYS[] = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
                                 "tomorrow", "tonight", "today", "noon", "eod"};
    static const char* LEADS[] = {"by", "before", "until", "on", "this", "next", "until"};
    for (size_t i = 0; i + 1 < words.size(); ++i) {
        bool lead = std::any_of(std::begin(LEADS), std::end(LEADS), [&](const char* l) { return words[i] == l; });
        if (!lead) continue;
        const std::string& next = words[i + 1];
        if (std::any_of(std::begin(DAYS), std::end(DAYS), [&](const char* d) { return next == d; })) return true;
        if (words[i] != "on" && words[i] != "this" && !next.empty() && std::isdigit(static_cast<unsigned char>(next[0])))
            return true;  // "by 5", "before 12", "until 3pm"
    }
    if (has_word(words, "tomorrow")) return true;
    // Written dates: "12 December", "December 12", "2026-12-12", "12/12".
    static const std::regex DATE(
        R"((\b\d{1,2}(st|nd|rd|th)?\s+(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b)|(\b(jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{1,2}(st|nd|rd|th)?\b)|(\b\d{4}-\d{2}-\d{2}\b))",
        std::regex::icase | std::regex::optimize);
    std::string head(text.substr(0, std::min<size_t>(text.size(), 4000)));
    return std::regex_search(head, DATE);
}

const KnownPerson* known_sender(const MailMessage& mail, const Person& person) {
    for (const auto& k : person.known)
        if (!k.address.empty() && lower(k.address) == mail.from.address) return &k;
    auto name_words = words_of(mail.from.name);
    std::string local = mail.from.address.substr(0, mail.from.address.find('@'));
    auto local_words = words_of(local);
    for (const auto& k : person.known) {
        std::string first = first_name(k.name);
        if (first.size() < 2) continue;
        if (has_word(name_words, first)) return &k;
        if (name_words.empty() && has_word(local_words, first)) return &k;
    }
    return nullptr;
}

bool sender_matches(const MailMessage& mail, std::string_view who) {
    std::string w = lower(trim(who));
    if (w.empty()) return false;
    if (w.find('@') != std::string::npos) return mail.from.address == w;
    auto wanted = words_of(w);
    auto name_words = words_of(mail.from.name);
    auto addr_words = words_of(mail.from.address.substr(0, mail.from.address.find('@')));
    for (const auto& x : wanted)
        if (!has_word(name_words, x) && !has_word(addr_words, x)) return false;
    return !wanted.empty();
}

Importance assess(const MailMessage& mail, const Person& person) {
    Importance v;
    v.bulk = is_bulk(mail);
    if (v.bulk) {
        v.score = -5;
        v.reasons.push_back(mail.list_unsubscribe ? "a mailing list or newsletter" : "sent automatically or in bulk");
        return v;
    }
    if (const KnownPerson* k = known_sender(mail, person)) {
        v.known = k;
        v.score += 3;
        v.reasons.push_back(k->relation.empty() ? "from " + k->name : str("from ", k->name, ", your ", k->relation));
    }
    bool direct = false;
    for (const auto& a : mail.to)
        for (const auto& mine : person.addresses)
            if (!mine.empty() && a.address == lower(mine)) direct = true;
    if (direct) {
        v.score += 1;
        v.reasons.push_back("sent to you directly");
    } else if (!person.name.empty()) {
        std::string first = first_name(person.name);
        auto opening = words_of(mail.text.substr(0, std::min<size_t>(mail.text.size(), 80)));
        if (first.size() >= 2 && opening.size() > 0 &&
            std::find(opening.begin(), opening.begin() + std::min<size_t>(opening.size(), 3), first) !=
                opening.begin() + std::min<size_t>(opening.size(), 3)) {
            v.score += 1;
            v.reasons.push_back("written to you by name");
        }
    }
    if (mentions_deadline(mail.subject + "\n" + mail.text)) {
        v.score += 1;
        v.reasons.push_back("mentions a date or a deadline");
    }
    v.important = v.score >= 2;
    return v;
}

std::string sender_label(const MailMessage& mail) {
    if (!mail.from.name.empty()) return mail.from.name;
    if (!mail.from.address.empty()) return mail.from.address;
    return "someone";
}

std::string gist(const MailMessage& mail, size_t max_chars) {
    std::string out;
    size_t pos = 0;
    const std::string& t = mail.text;
    while (pos < t.size() && out.size() < max_chars * 2) {
        size_t end = t.find('\n', pos);
        std::string line = trim(std::string_view(t).substr(pos, end == std::string::npos ? std::string::npos : end - pos));
        pos = end == std::string::npos ? t.size() : end + 1;
        if (line == "--" || line == "-- " || line.starts_with("---- forwarded")) break;
        if (line.empty() || line[0] == '>') continue;
        if (line.starts_with("On ") && line.ends_with("wrote:")) break;
        if (!out.empty()) out += ' ';
        out += line;
    }
    if (out.size() <= max_chars) return out;
    // Cut at a sentence end when there is one early enough, else at a word.
    size_t cut = std::string::npos;
    for (size_t i = max_chars; i > max_chars / 2; --i)
        if (out[i - 1] == '.' || out[i - 1] == '!' || out[i - 1] == '?') { cut = i; break; }
    if (cut == std::string::npos) {
        cut = out.rfind(' ', max_chars);
        if (cut == std::string::npos || cut < max_chars / 2) cut = max_chars;
        return repair_utf8(std::string_view(out).substr(0, cut)) + "…";
    }
    return repair_utf8(std::string_view(out).substr(0, cut));
}

}  // namespace os1::mail

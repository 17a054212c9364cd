// Forgetting reaches the life skills' stores (forget.h): what a forgotten
// message made (a reminder, a proposal, a calendar event, a mail in the
// outbox, a check-in) goes; a letter stays, without the forgotten words.
// Nothing is created here: a store that does not exist holds nothing.
#include <algorithm>
#include <climits>
#include <set>

#include "companion/forget.h"
#include "core/log.h"
#include "core/strings.h"
#include "skills/calendar/store.h"
#include "skills/checkins.h"
#include "skills/ledger.h"
#include "skills/letters/letter_store.h"
#include "skills/mail/store.h"
#include "skills/reminders.h"

namespace os1::companion {

namespace {

namespace fs = std::filesystem;

// "chat:<conversation>:e12" -> "e12" ("" for "cli" and anything else).
std::string source_message(const std::string& source) {
    if (!source.starts_with("chat:")) return {};
    auto colon = source.rfind(':');
    return colon == std::string::npos ? std::string() : source.substr(colon + 1);
}

std::string lowered(std::string_view s) {
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

// What the forget named, in the forms the skills' stores refer to it.
struct Forgotten {
    const memory::ForgetReport& report;
    std::set<std::string> refs;  // "e12", "f3" (provenance, check-in reasons)

    explicit Forgotten(const memory::ForgetReport& r) : report(r) {
        for (const auto& m : r.messages) refs.insert(str("e", m.id));
        for (const auto& m : r.replies) refs.insert(str("e", m.id));
        for (const auto& f : r.facts) refs.insert(str("f", f.id));
    }
    // The words of something derived, by memory's quoting rule (a forgotten
    // message itself, one of its sentences of 4+ words, a fact's words).
    bool quoted(std::string_view text) const { return !text.empty() && report.quotes(text); }
    bool names(const std::string& ref) const { return !ref.empty() && refs.count(ref) > 0; }
};

// A check-in's reason names what it follows up: "worry:e12", "event:f7:2026-12-07".
bool reason_names(const Forgotten& f, const std::string& reason) {
    size_t start = 0;
    while (start <= reason.size()) {
        size_t colon = reason.find(':', start);
        if (f.names(reason.substr(start, colon == std::string::npos ? std::string::npos : colon - start))) return true;
        if (colon == std::string::npos) break;
        start = colon + 1;
    }
    return false;
}

// A letter's text without the paragraphs that quote forgotten words
// (nullopt: nothing to cut). A title that quotes them becomes "To <recipient>".
std::optional<std::string> cut_letter_text(const Forgotten& f, std::string_view text, bool title, std::string_view recipient) {
    if (title) {
        if (!f.quoted(text)) return std::nullopt;
        return str("To ", recipient);
    }
    std::vector<std::string> kept;
    bool cut = false;
    size_t start = 0;
    while (start <= text.size()) {
        size_t end = text.find("\n\n", start);
        std::string_view para = text.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
        if (f.quoted(para)) cut = true;
        else kept.emplace_back(para);
        if (end == std::string_view::npos) break;
        start = end + 2;
    }
    if (!cut) return std::nullopt;
    std::string out;
    for (const auto& p : kept) out += (out.empty() ? "" : "\n\n") + p;
    return out;
}

struct Derived {
    std::vector<std::string> uids;       // calendar events to take out
    std::vector<int64_t> mail_proposals; // their outbox rows go
    std::vector<std::string> announced;  // lowercased words my replies announced them with
};

// skills.db: the proposals, reminders and check-ins made from it.
Result<Derived> forget_ledger(const Forgotten& f, const ForgetPlaces& places, SkillsForgotten& out) {
    Derived d;
    auto ledger = TRY(skills::Ledger::open(places.skills_dir, places.owner));
    skills::Reminders reminders(ledger->scope());
    std::set<int64_t> erased;
    skills::LedgerFilter every;
    every.limit = INT_MAX;
    for (const auto& p : TRY(ledger->list(every))) {
        const bool derived = f.names(source_message(p.source)) || f.quoted(p.summary) || f.quoted(dump_json(p.payload)) ||
                             f.quoted(dump_json(p.result));
        if (!derived) continue;
        if (p.skill == "calendar" && p.status == "done") {
            std::string uid = p.result.value("uid", p.payload.value("uid", std::string()));
            if (!uid.empty()) d.uids.push_back(uid);
        }
        if (p.skill == "mail") d.mail_proposals.push_back(p.id);
        if (!p.summary.empty()) d.announced.push_back(lowered(p.summary));
        if (p.result.is_object() && p.result.contains("said") && p.result["said"].is_string())
            d.announced.push_back(lowered(p.result["said"].get<std::string>()));
        if (TRY(ledger->erase(p.id))) out.proposals++;
        erased.insert(p.id);
    }
    for (const auto& r : TRY(reminders.list(true))) {
        if (!erased.count(r.proposal_id) && !f.names(source_message(r.source)) && !f.quoted(r.text)) continue;
        if (TRY(reminders.erase(r.id))) out.reminders++;
    }
    skills::Checkins checkins(ledger->scope());
    for (const auto& c : TRY(checkins.sent(INT_MAX))) {
        if (!reason_names(f, c.reason) && !f.quoted(c.text)) continue;
        if (TRY(checkins.erase(c.reason))) out.checkins++;
    }
    TRY(ledger->compact());
    return d;
}

Result<void> forget_letters(const Forgotten& f, const fs::path& file, SkillsForgotten& out) {
    auto letters = TRY(skills::letters::LetterStore::open(file, SystemClock::instance()));
    out.letters = TRY(letters->rewrite_texts([&](std::string_view text, bool title, std::string_view recipient) {
        return cut_letter_text(f, text, title, recipient);
    }));
    return ok();
}

// My replies that announced what went ("Done. I'll remind you to ...").
Result<void> forget_announcements(memory::Memory& memory, const std::vector<std::string>& announced,
                                  memory::ForgetReport& report, SkillsForgotten& out) {
    if (announced.empty()) return ok();
    for (const auto& e : TRY(memory.recent_episodes("", INT_MAX))) {
        if (e.episode.speaker == "user") continue;
        const std::string low = lowered(e.episode.text);
        if (std::none_of(announced.begin(), announced.end(), [&](const std::string& a) { return low.find(a) != std::string::npos; }))
            continue;
        auto gone = memory.forget(str("e", e.id));
        if (!gone) continue;  // forgotten already with another
        out.replies++;
        for (auto& r : gone->replies) report.replies.push_back(std::move(r));
    }
    return ok();
}

}  // namespace

SkillsForgotten forget_in_skills(memory::Memory& memory, const ForgetPlaces& places, memory::ForgetReport& report,
                                 std::vector<std::string>& problems) {
    SkillsForgotten out;
    const fs::path& dir = places.skills_dir;
    std::error_code ec;
    if (dir.empty() || !fs::is_directory(dir, ec)) return out;
    const Forgotten f(report);
    Derived derived;
    if (fs::exists(dir / "skills.db", ec)) {
        auto d = forget_ledger(f, places, out);
        if (d) derived = d.release_value();
        else problems.push_back("reminders and proposals (skills.db): " + d.error().message);
    }
    if (!derived.uids.empty() && fs::exists(dir / "calendar.db", ec)) {
        auto calendar = calendar::CalendarStore::open(dir, places.owner);
        Result<void> done = calendar ? Result<void>(ok()) : Result<void>(calendar.error());
        for (size_t i = 0; done && i < derived.uids.size(); i++) {
            auto removed = (*calendar)->remove_event(derived.uids[i]);
            if (!removed) done = removed.error();
            else out.events += *removed ? 1 : 0;
        }
        if (done) done = (*calendar)->compact();
        if (!done) problems.push_back("calendar (calendar.db): " + done.error().message);
    }
    if (!derived.mail_proposals.empty() && fs::exists(dir / "mail.db", ec)) {
        auto mail = mail::MailStore::open(dir / "mail.db");
        Result<void> done = mail ? Result<void>(ok()) : Result<void>(mail.error());
        for (size_t i = 0; done && i < derived.mail_proposals.size(); i++) {
            auto n = (*mail)->erase_outbox_of(derived.mail_proposals[i]);
            if (!n) done = n.error();
            else out.outbox += *n;
        }
        if (done) done = (*mail)->compact();
        if (!done) problems.push_back("mail outbox (mail.db): " + done.error().message);
    }
    if (fs::exists(dir / "letters.db", ec))
        if (auto r = forget_letters(f, dir / "letters.db", out); !r) problems.push_back("letters (letters.db): " + r.error().message);
    if (auto r = forget_announcements(memory, derived.announced, report, out); !r)
        problems.push_back("my replies about them: " + r.error().message);
    return out;
}

}  // namespace os1::companion

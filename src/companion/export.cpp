// The complete export (export.h): memory's document, then each skill store.
#include "companion/export.h"

#include <climits>

#include "companion/home.h"
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

std::string when(int64_t ms) { return ms ? format_iso8601_utc(ms) : std::string(); }

Json addresses(const std::vector<mail::Address>& list) {
    Json out = Json::array();
    for (const auto& a : list) out.push_back(mail::address_json(a));
    return out;
}

Result<void> export_ledger(const ForgetPlaces& places, int64_t now_ms, Json& doc) {
    auto ledger = TRY(skills::Ledger::open(places.skills_dir, places.owner));
    skills::Reminders reminders(ledger->scope());
    for (const auto& r : TRY(reminders.list(true))) doc["reminders"].push_back(skills::reminder_json(r, now_ms));
    skills::LedgerFilter every;
    every.limit = INT_MAX;
    for (const auto& p : TRY(ledger->list(every))) doc["proposals"].push_back(skills::proposal_json(p));
    skills::Checkins checkins(ledger->scope());
    for (const auto& c : TRY(checkins.sent(INT_MAX))) doc["checkins"].push_back(c.to_json());
    return ok();
}

Result<void> export_calendar(const ForgetPlaces& places, Json& doc) {
    auto store = TRY(calendar::CalendarStore::open(places.skills_dir, places.owner));
    Json& out = doc["calendar"];
    for (const auto& c : TRY(store->calendars()))
        out["calendars"].push_back({{"id", c.id}, {"name", c.name}, {"source", c.source}, {"kind", c.kind},
                                    {"events", c.events}, {"added", when(c.added_ms)}, {"refreshed", when(c.refreshed_ms)},
                                    {"ics", TRY(store->calendar_ics(c.id))}});
    out["events"] = TRY(store->export_own());
    return ok();
}

Result<void> export_mail(const ForgetPlaces& places, Json& doc) {
    auto store = TRY(mail::MailStore::open(places.skills_dir / "mail.db"));
    Json& out = doc["mail"];
    mail::ListQuery every;
    every.limit = SIZE_MAX;
    for (const auto& m : TRY(store->list(every)))
        out["messages"].push_back({{"id", m.id}, {"message_id", m.message.message_id}, {"from", mail::address_json(m.message.from)},
                                   {"to", addresses(m.message.to)}, {"cc", addresses(m.message.cc)},
                                   {"subject", m.message.subject}, {"date", when(m.message.date_ms)},
                                   {"imported", when(m.imported_ms)}, {"source", m.source}});
    for (const auto& e : TRY(store->outbox(true)))
        out["outbox"].push_back({{"id", e.id}, {"proposal_id", e.proposal_id}, {"to", addresses(e.mail.to)},
                                 {"subject", e.mail.subject}, {"body", e.mail.body}, {"status", e.status},
                                 {"created", when(e.created_ms)}, {"sent", when(e.sent_ms)}, {"error", e.error}});
    if (auto account = TRY(store->account()))
        out["account"] = {{"smtp", account->smtp_url}, {"imap", account->imap_url}, {"user", account->user},
                          {"from", account->from_address}, {"name", account->from_name},
                          {"password", account->password_sealed.empty() ? "none" : "sealed"}};
    return ok();
}

Result<void> export_letters(const ForgetPlaces& places, Json& doc) {
    auto store = TRY(skills::letters::LetterStore::open(places.skills_dir / "letters.db", SystemClock::instance()));
    for (const auto& l : TRY(store->all_letters())) {
        Json j = skills::letters::letter_json(l, true);
        j["versions"] = Json::array();
        for (const auto& v : TRY(store->versions(l.id)))
            j["versions"].push_back({{"title", v.title}, {"body", v.body}, {"saved", when(v.saved_ms)}});
        doc["letters"].push_back(std::move(j));
    }
    return ok();
}

}  // namespace

Result<Json> export_person(memory::Memory& memory, const ForgetPlaces& places) {
    Json doc = TRY(parse_json(TRY(memory.export_json()), "the memory export"));
    doc["owner"] = places.owner;
    doc["reminders"] = Json::array();
    doc["proposals"] = Json::array();
    doc["checkins"] = Json::array();
    doc["calendar"] = {{"calendars", Json::array()}, {"events", ""}};
    doc["mail"] = {{"messages", Json::array()}, {"outbox", Json::array()}, {"account", nullptr}};
    doc["letters"] = Json::array();
    const fs::path& dir = places.skills_dir;
    std::error_code ec;
    if (dir.empty() || !fs::is_directory(dir, ec)) return doc;
    const int64_t now = SystemClock::instance().wall_ms();
    if (fs::exists(dir / "skills.db", ec)) TRY(export_ledger(places, now, doc));
    if (fs::exists(dir / "calendar.db", ec)) TRY(export_calendar(places, doc));
    if (fs::exists(dir / "mail.db", ec)) TRY(export_mail(places, doc));
    if (fs::exists(dir / "letters.db", ec)) TRY(export_letters(places, doc));
    return doc;
}

// ---- at the front door (home.h) ---------------------------------------------

Result<std::string> Home::export_json() {
    memory::Memory* mem = TRY(memory());
    return dump_json(TRY(export_person(*mem, forget_places(m_files, m_options.owner))), 2);
}

}  // namespace os1::companion

// One owner's calendars, kept in <skills dir>/calendar.db (SQLite through
// store/database.h, every row scoped to its owner): imported and subscribed
// files as their .ics text, and the events the person added (one small
// VCALENDAR each, exported together). Survives restarts; nothing lives in
// memory only.
//
//   auto cals = TRY(CalendarStore::open(context.dir, context.owner));
//   TRY(cals->import(text, "work.ics", "/home/me/work.ics", now_ms));
//   Expanded week = TRY(cals->instances(from_utc, to_utc, zone));
//
// Thread safety: one thread at a time (it owns a Database).
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "core/result.h"
#include "skills/calendar/expand.h"
#include "skills/calendar/ics.h"
#include "store/database.h"

namespace os1::calendar {

struct StoredCalendar {
    int64_t id = 0;
    std::string name, source, kind;  // kind: "import" | "subscription"
    int64_t events = 0;
    int64_t added_ms = 0, refreshed_ms = 0;
    std::vector<std::string> warnings;  // from the last read (not stored)
};

// Fetches a URL's body (a subscription). The default uses libcurl with the
// calendar's limits (MAX_ICS_BYTES, 30 s overall, a stall rule); tests pass
// their own.
using Fetch = std::function<Result<std::string>(const std::string& url)>;
Result<std::string> fetch_url(const std::string& url);

class CalendarStore {
public:
    static Result<std::unique_ptr<CalendarStore>> open(const std::filesystem::path& dir, const std::string& owner);
    ~CalendarStore();

    // Reads `text` (Error::invalid with the reason when it is not a
    // calendar) and keeps it; the same source imported again is replaced.
    Result<StoredCalendar> import(std::string_view text, const std::string& name, const std::string& source, int64_t now_ms,
                                  const std::string& kind = "import");
    Result<StoredCalendar> subscribe(const std::string& url, int64_t now_ms, const Fetch& fetch = fetch_url);
    // Fetches every subscription again; a failure keeps the old copy.
    Result<std::vector<std::string>> refresh(int64_t now_ms, const Fetch& fetch = fetch_url);
    Result<std::vector<StoredCalendar>> calendars();
    Result<bool> remove_calendar(int64_t id);

    // The person's own events (added after a yes).
    Result<void> add_event(const NewEvent& event);
    Result<bool> remove_event(const std::string& uid);
    Result<int64_t> own_event_count();
    // The person's own events as one VCALENDAR ("" when none).
    Result<std::string> export_own();

    // The stored text of one calendar ("" when there is none): the export.
    Result<std::string> calendar_ics(int64_t id);
    // Forgetting everything (companion/forget.h): every row of this owner
    // (calendars and own events), then compact(); how many went.
    Result<int64_t> erase_owner();
    // The WAL written into the file and emptied (after erasing).
    Result<void> compact();

    // Instances of every calendar (and own event) in [from, to), in order.
    Result<Expanded> instances(int64_t from_utc, int64_t to_utc, const Zone& person, const ExpandLimits& limits = {});

private:
    explicit CalendarStore(std::unique_ptr<store::Database> db, std::string owner);
    std::unique_ptr<store::Database> m_db;
    std::string m_owner;
};

}  // namespace os1::calendar

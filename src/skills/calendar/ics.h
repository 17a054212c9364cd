// Reading .ics text (RFC 5545) with libical into plain events, and writing
// one back. Everything in an event's text (SUMMARY, DESCRIPTION, LOCATION,
// ATTENDEE, ORGANIZER) comes from third parties: it is data, kept as it
// was written (capped, control characters removed), never interpreted.
//
//   auto cal = TRY(read_ics(text, "work.ics"));       // Error::invalid: not a calendar, with why
//   for (const Event& e : cal->events) ...
//
// Thread safety: one thread at a time (libical's zone table is global).
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "skills/calendar/zone.h"

typedef struct icalcomponent_impl icalcomponent;

namespace os1::calendar {

inline constexpr size_t MAX_ICS_BYTES = 16u << 20;  // a file larger than this is refused
inline constexpr size_t MAX_EVENTS = 100000;        // VEVENTs read from one file
inline constexpr size_t MAX_TEXT = 4096;            // bytes kept of one text field

// A date or date-time as written: a wall time in `tzid` (or UTC, or floating).
struct Stamp {
    int64_t floating = 0;   // civil.h seconds
    bool date_only = false; // a DATE (all-day)
    bool utc = false;       // ended in Z
    std::string tzid;       // "" = UTC (utc) or floating
};

struct Event {
    std::string uid, summary, description, location, status, organizer;
    std::vector<std::string> attendees;
    Stamp start;
    std::optional<Stamp> end;       // DTEND
    std::optional<int64_t> duration_s;  // DURATION
    std::vector<std::string> rrules, exrules;
    std::vector<Stamp> rdates, exdates;
    std::optional<Stamp> recurrence_id;
    int sequence = 0;
};

// A parsed file. Owns libical's tree so the file's VTIMEZONEs stay valid.
class ParsedCalendar {
public:
    ParsedCalendar(icalcomponent* root);
    ~ParsedCalendar();
    ParsedCalendar(const ParsedCalendar&) = delete;
    ParsedCalendar& operator=(const ParsedCalendar&) = delete;

    std::vector<Event> events;
    std::vector<std::string> warnings;  // what was skipped and why (a VEVENT without DTSTART, a bad line)
    std::string name;                   // X-WR-CALNAME, when given

    // The zone a TZID names: the file's VTIMEZONE, else the system's IANA
    // zone (also for "/mozilla.org/.../Europe/Paris" style ids), else
    // nullopt (the caller reads the time as floating).
    std::optional<Zone> zone(const std::string& tzid) const;

private:
    std::optional<Zone> find_zone(const std::string& tzid) const;
    icalcomponent* m_root = nullptr;
    mutable std::map<std::string, std::optional<Zone>> m_zones;  // TZID -> zone, looked up once
};

// Error::invalid with the reason when the text is not an iCalendar file
// (no VCALENDAR, too large, binary); a file with broken lines is read with
// warnings for what was skipped.
Result<std::unique_ptr<ParsedCalendar>> read_ics(std::string_view text, std::string_view label);

// One new event as a complete VCALENDAR (PRODID, VERSION, a VTIMEZONE-free
// UTC or floating DTSTART/DTEND, DTSTAMP, UID). Text is escaped by libical.
struct NewEvent {
    std::string uid, summary, location, description;
    int64_t start_utc = 0, end_utc = 0;
    bool all_day = false;
    int64_t start_floating = 0, end_floating = 0;  // for all-day: the dates
    int64_t stamp_utc = 0;                          // DTSTAMP (from the clock seam)
};
std::string write_event_ics(const NewEvent& event);
// The VEVENT blocks of several calendars merged into one VCALENDAR text.
std::string merge_ics(const std::vector<std::string>& calendars);

}  // namespace os1::calendar

// The instances of a calendar's events in a time range, in order: each
// event's DTSTART, RRULEs and RDATEs, less EXDATEs and EXRULEs, with the
// instances a RECURRENCE-ID event overrides moved (or, CANCELLED, dropped).
// Times come out in UTC and in the event's own zone; floating times and
// all-day dates are read in the person's zone.
//
//   auto cal = TRY(read_ics(text, "work.ics"));
//   Expanded out = expand(*cal, from_utc, to_utc, person_zone);
//
// Bounded: ExpandLimits caps instances per event and in all, the periods a
// rule may step through, and the wall time of one call.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/json.h"
#include "skills/calendar/ics.h"
#include "skills/calendar/zone.h"

namespace os1::calendar {

struct Instance {
    std::string uid, summary, location, description, status;
    std::vector<std::string> attendees;
    int64_t start_utc = 0, end_utc = 0;
    bool all_day = false;
    std::string start, end;       // as the event has them: "2026-12-07", "...T09:00:00+01:00", "...Z", floating
    std::string recurrence_id;    // the original start, for an instance of a recurring event
    std::string calendar;         // the calendar it came from (set by the store)
};

struct ExpandLimits {
    size_t max_instances = 50000;      // in all
    size_t max_per_event = 20000;
    int64_t max_periods = 500000;      // per rule
    double max_seconds = 5.0;          // per call (steady clock)
};

struct Expanded {
    std::vector<Instance> instances;   // ordered by start, then uid
    std::vector<std::string> notes;    // rules that could not be read, limits reached
};

// Instances overlapping [from_utc, to_utc) (an instance of no length: from
// <= start < to).
Expanded expand(const ParsedCalendar& cal, int64_t from_utc, int64_t to_utc, const Zone& person, const ExpandLimits& limits = {});

Json instance_json(const Instance& instance);

}  // namespace os1::calendar

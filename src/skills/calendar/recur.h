// Recurrence rules (RFC 5545 section 3.3.10), expanded by our own code in
// the floating frame of civil.h. libical parses the calendar; the rule is
// read from its text and expanded here so that every loop is bounded (a
// rule without COUNT or UNTIL, an absurd INTERVAL or BYxxx lists that
// multiply out stop at RecurLimits, never hang) and so that the semantics
// match the current RFC reading (libical's own test vectors,
// icalrecur_test.txt, are reproduced by tests/calendar/recur_test.cpp).
//
//   auto rule = TRY(parse_rule("FREQ=WEEKLY;BYDAY=MO,WE;COUNT=10"));
//   RecurExpansion out = expand_rule(rule, dtstart_floating, false, {.end = window_end});
//
// Pure: no state, no clock. Thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace os1::calendar {

enum class Freq { secondly, minutely, hourly, daily, weekly, monthly, yearly };

struct WeekdayNum {
    int n = 0;        // 0 = every such weekday; +2 = the second; -1 = the last
    int weekday = 0;  // 0 = MO .. 6 = SU
};

struct Rule {
    Freq freq = Freq::daily;
    int64_t interval = 1;
    int64_t count = 0;                 // 0 = no COUNT
    std::optional<int64_t> until;      // floating seconds (see until_utc)
    bool until_utc = false;            // UNTIL ended in Z: the caller moves it into the event's zone
    bool until_date = false;           // UNTIL was a DATE (inclusive of that whole day)
    std::vector<int> bysecond, byminute, byhour, bymonthday, byyearday, byweekno, bymonth, bysetpos;
    std::vector<WeekdayNum> byday;
    int wkst = 0;                      // 0 = MO
    // RSCALE=GREGORIAN;SKIP=... (RFC 7529): what a day that does not exist
    // in a month becomes ("omit", "backward" to the last day, "forward" to
    // the first of the next month).
    std::string skip = "omit";
};

// Parses "FREQ=...;INTERVAL=...;..." (an RRULE value). Error::invalid
// naming the part for an unknown FREQ, a value out of range, an unsupported
// RSCALE or a part that is not one.
Result<Rule> parse_rule(std::string_view text);

struct RecurLimits {
    std::optional<int64_t> start;      // floating: instances before this are not returned (a hint, used to skip ahead)
    std::optional<int64_t> end;        // floating: stop at the first instance at or after this
    size_t max_instances = 20000;      // returned instances
    int64_t max_periods = 2'000'000;   // periods (years, months, ... hours) stepped through
};

struct RecurExpansion {
    std::vector<int64_t> instances;    // floating seconds, ascending, unique
    bool truncated = false;            // a limit stopped it before the rule ended
    std::string why;                   // which limit, when truncated
};

// Expands `rule` from `dtstart` (floating seconds; `date_only` when DTSTART
// is a DATE, so times are midnight). DTSTART itself is returned only when
// the rule produces it.
RecurExpansion expand_rule(const Rule& rule, int64_t dtstart, bool date_only, const RecurLimits& limits);

}  // namespace os1::calendar

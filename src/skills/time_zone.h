// A person's time zone (IANA name, "Europe/Paris"), read from the system's
// zone files (/usr/share/zoneinfo, or $TZDIR) in the TZif format, so that
// "Sunday at 5" means five o'clock where the person is, summer time and
// all. Times are milliseconds since the Unix epoch; a "local" time is the
// same count read as if the zone were UTC (a wall-clock reading).
//
//   auto zone = TRY(TimeZone::load("Europe/Paris"));
//   int64_t local = zone.to_local(clock.wall_ms());    // what the clock on the wall says
//   int64_t utc = zone.to_utc(local_sunday_at_17);      // back to an instant
//
// Past the last transition a zone file lists (Debian's files list them to
// 2037), the last offset holds. "" names the machine's zone ($TZ, else
// /etc/localtime); "UTC" needs no file. Thread safety: immutable after load.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace os1::skills {

class TimeZone {
public:
    // Error::invalid for a name that is not a zone (with what to write),
    // Error::corrupt for a damaged zone file.
    static Result<TimeZone> load(std::string_view name);
    static TimeZone utc();

    // The zone's name as given ("UTC", "Europe/Paris", or "local").
    const std::string& name() const { return m_name; }
    // Seconds east of UTC at this instant.
    int32_t offset_s(int64_t utc_ms) const;
    int64_t to_local(int64_t utc_ms) const { return utc_ms + int64_t(offset_s(utc_ms)) * 1000; }
    // The instant a wall-clock reading names. In a gap (the hour skipped
    // in spring) the reading moves forward by the gap; in the hour that
    // repeats in autumn the earlier instant is chosen.
    int64_t to_utc(int64_t local_ms) const;

private:
    std::string m_name = "UTC";
    std::vector<int64_t> m_times;    // transition instants, seconds since the epoch, ascending
    std::vector<int32_t> m_offsets;  // the offset from each transition on (same length)
    int32_t m_initial = 0;           // the offset before the first transition
};

// Civil-time helpers over wall-clock readings (a local time in ms).
struct CivilTime {
    int64_t year = 1970;
    unsigned month = 1, day = 1;    // 1-based
    int hour = 0, minute = 0;
    int weekday = 3;                // 0 = Monday ... 6 = Sunday
};
CivilTime civil(int64_t local_ms);
// The local reading of y-m-d h:m.
int64_t local_ms_of(int64_t year, unsigned month, unsigned day, int hour, int minute);
// "Sunday 13 December" (with the year when it is not `this_year`).
std::string day_words(int64_t local_ms, int64_t this_year);
// "17:00"
std::string clock_words(int64_t local_ms);
extern const char* const WEEKDAY_NAMES[7];  // "Monday" ...

}  // namespace os1::skills

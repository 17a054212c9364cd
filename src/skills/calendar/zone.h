// Time zones for the calendar: a wall-clock time in a zone <-> UTC. A Zone
// is an IANA zone from the system's zoneinfo (through libical's built-in
// zone table), a VTIMEZONE of the file being read (owned by that file's
// libical tree, which must outlive the Zone), UTC, or the machine's local
// zone (the C library, honouring TZ) when the person set none.
//
// Thread safety: libical's built-in zone table is process-global; use the
// calendar from one thread at a time.
#pragma once

#include <cstdint>
#include <string>

#include "core/result.h"

typedef struct _icaltimezone icaltimezone;

namespace os1::calendar {

class Zone {
public:
    // "" = the machine's local zone; "UTC"; an IANA name ("Europe/Paris").
    // Error::invalid naming the zone when the system does not know it.
    static Result<Zone> named(const std::string& name);
    static Zone utc();
    static Zone local();
    // A libical zone (a file's VTIMEZONE or a built-in one), not owned.
    static Zone from_libical(icaltimezone* zone, std::string name);

    // UTC seconds of a floating wall time in this zone. A time that does
    // not exist (a spring-forward gap) moves forward; an ambiguous one
    // (the repeated hour) takes the first.
    int64_t to_utc(int64_t floating) const;
    // The wall time (floating seconds) of a UTC instant here.
    int64_t from_utc(int64_t utc) const;
    // Seconds east of UTC at that instant.
    int64_t offset_at(int64_t utc) const { return from_utc(utc) - utc; }
    const std::string& name() const { return m_name; }
    bool is_utc() const { return m_kind == Kind::utc; }

private:
    enum class Kind { utc, local, libical };
    Kind m_kind = Kind::utc;
    icaltimezone* m_zone = nullptr;
    std::string m_name = "UTC";
};

// "2026-12-07T09:00:00+01:00" (an offset), "...Z" (UTC), "2026-12-07T09:00:00"
// (floating) or "2026-12-07" (a date).
std::string format_local(int64_t floating, bool date_only);
std::string format_with_offset(int64_t utc, const Zone& zone);

// ISO-8601 "2026-12-07", "2026-12-07T10:00", "2026-12-07T10:00:00Z",
// "...+01:00": UTC seconds, a naive time being read in `zone`.
Result<int64_t> parse_iso(const std::string& text, const Zone& zone);

}  // namespace os1::calendar

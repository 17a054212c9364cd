// Zones through libical (IANA names come from /usr/share/zoneinfo) and the
// C library for the machine's own zone.
#include "skills/calendar/zone.h"

#include <libical/ical.h>

#include <cstdio>
#include <ctime>

#include "skills/calendar/civil.h"

namespace os1::calendar {
namespace {

icaltimetype to_ical(int64_t floating) {
    const Civil c = from_floating(floating);
    icaltimetype t = icaltime_null_time();
    t.year = c.year, t.month = c.month, t.day = c.day;
    t.hour = c.hour, t.minute = c.minute, t.second = c.second;
    t.is_date = 0;
    return t;
}

int64_t from_ical(const icaltimetype& t) {
    return to_floating({t.year, t.month, t.day, t.is_date ? 0 : t.hour, t.is_date ? 0 : t.minute, t.is_date ? 0 : t.second});
}

}  // namespace

Result<Zone> Zone::named(const std::string& name) {
    if (name.empty()) return local();
    if (name == "UTC" || name == "Etc/UTC" || name == "GMT" || name == "Z") return utc();
    icaltimezone* zone = icaltimezone_get_builtin_timezone(name.c_str());
    if (!zone) return Error::invalid("unknown time zone '", name, "' (an IANA name such as Europe/London)");
    return from_libical(zone, name);
}

Zone Zone::utc() { return Zone{}; }

Zone Zone::local() {
    Zone z;
    z.m_kind = Kind::local;
    z.m_name = "local";
    return z;
}

Zone Zone::from_libical(icaltimezone* zone, std::string name) {
    Zone z;
    if (!zone) return z;
    z.m_kind = Kind::libical;
    z.m_zone = zone;
    z.m_name = std::move(name);
    return z;
}

int64_t Zone::to_utc(int64_t floating) const {
    switch (m_kind) {
    case Kind::utc:
        return floating;
    case Kind::libical:
        return static_cast<int64_t>(icaltime_as_timet_with_zone(to_ical(floating), m_zone));
    case Kind::local: {
        const Civil c = from_floating(floating);
        std::tm tm{};
        tm.tm_year = c.year - 1900, tm.tm_mon = c.month - 1, tm.tm_mday = c.day;
        tm.tm_hour = c.hour, tm.tm_min = c.minute, tm.tm_sec = c.second;
        tm.tm_isdst = -1;
        const time_t t = std::mktime(&tm);
        return t == static_cast<time_t>(-1) ? floating : static_cast<int64_t>(t);
    }
    }
    return floating;
}

int64_t Zone::from_utc(int64_t utc) const {
    switch (m_kind) {
    case Kind::utc:
        return utc;
    case Kind::libical:
        return from_ical(icaltime_from_timet_with_zone(static_cast<time_t>(utc), 0, m_zone));
    case Kind::local: {
        const time_t t = static_cast<time_t>(utc);
        std::tm tm{};
        if (!localtime_r(&t, &tm)) return utc;
        return to_floating({tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec});
    }
    }
    return utc;
}

std::string format_local(int64_t floating, bool date_only) {
    const Civil c = from_floating(floating);
    char buf[40];
    if (date_only) std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", c.year, c.month, c.day);
    else std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d", c.year, c.month, c.day, c.hour, c.minute, c.second);
    return buf;
}

std::string format_with_offset(int64_t utc, const Zone& zone) {
    if (zone.is_utc()) return format_local(utc, false) + "Z";
    const int64_t off = zone.offset_at(utc);
    const int64_t a = off < 0 ? -off : off;
    char buf[16];
    std::snprintf(buf, sizeof buf, "%c%02d:%02d", off < 0 ? '-' : '+', static_cast<int>(a / 3600), static_cast<int>(a / 60 % 60));
    return format_local(utc + off, false) + buf;
}

Result<int64_t> parse_iso(const std::string& text, const Zone& zone) {
    Civil c;
    int n = 0;
    const char* s = text.c_str();
    auto bad = [&] { return Error::invalid("'", text, "' is not an ISO-8601 date or time (2026-12-07, 2026-12-07T10:00, ...Z or +01:00)"); };
    if (std::sscanf(s, "%4d-%2d-%2d%n", &c.year, &c.month, &c.day, &n) != 3 || n != 10) return bad();
    if (c.year < 1 || c.month < 1 || c.month > 12 || c.day < 1 || c.day > days_in_month(c.year, c.month)) return bad();
    size_t at = 10;
    if (at < text.size() && (text[at] == 'T' || text[at] == ' ')) {
        int m = 0;
        if (std::sscanf(s + at + 1, "%2d:%2d%n", &c.hour, &c.minute, &m) != 2 || m != 5) return bad();
        at += 6;
        if (at < text.size() && text[at] == ':') {
            if (std::sscanf(s + at + 1, "%2d%n", &c.second, &m) != 1 || m != 2) return bad();
            at += 3;
            while (at < text.size() && (text[at] == '.' || (text[at] >= '0' && text[at] <= '9'))) ++at;  // fractions dropped
        }
        if (c.hour > 23 || c.minute > 59 || c.second > 60) return bad();
    }
    const int64_t floating = to_floating(c);
    if (at == text.size()) return zone.to_utc(floating);
    if (text.substr(at) == "Z") return floating;
    int oh = 0, om = 0, m = 0;
    const char sign = text[at];
    if ((sign == '+' || sign == '-') && std::sscanf(s + at + 1, "%2d:%2d%n", &oh, &om, &m) == 2 && at + 1 + m == text.size() && oh < 24 && om < 60)
        return floating - (sign == '+' ? 1 : -1) * (oh * 3600 + om * 60);
    return bad();
}

}  // namespace os1::calendar

// A calendar context for tests: a temp skills folder, a FakeClock on
// Monday 7 December 2026 10:00 UTC, the person in Europe/London.
#pragma once

#include <string>

#include "core/clock.h"
#include "skills/calendar/calendar_skill.h"
#include "skills/calendar/zone.h"
#include "test_support.h"

namespace os1::calendar::test {

inline int64_t utc(const char* iso) { return *parse_iso(iso, Zone::utc()); }

struct CalendarFixture {
    os1::test::TempDir dir;
    FakeClock clock{utc("2026-12-07T10:00:00Z") * 1000};
    skills::Context context;
    CalendarFixture() {
        context.owner = "local";
        context.dir = dir.path() / "skills";
        context.clock = &clock;
        context.time_zone = "Europe/London";
    }
    void import(const std::string& ics, const std::string& name = "test.ics") {
        auto store = open_store(context);
        ASSERT_TRUE(store) << store.error().message;
        auto r = (*store)->import(ics, name, "/test/" + name, clock.wall_ms());
        ASSERT_TRUE(r) << r.error().message;
    }
};

// One VEVENT in a VCALENDAR.
inline std::string one_event(const std::string& uid, const std::string& start, const std::string& end, const std::string& summary,
                             const std::string& extra = "") {
    return "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\nBEGIN:VEVENT\r\nUID:" + uid + "\r\nDTSTART:" + start + "\r\nDTEND:" + end +
           "\r\nSUMMARY:" + summary + "\r\n" + extra + "END:VEVENT\r\nEND:VCALENDAR\r\n";
}

}  // namespace os1::calendar::test

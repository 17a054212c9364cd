// Reading .ics files and expanding their events: time zones (VTIMEZONE and
// IANA names), all-day events, RDATE/EXDATE/RECURRENCE-ID, and every file
// of the reference corpora parsed or refused with a reason.
#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <sstream>

#include "skills/calendar/expand.h"
#include "skills/calendar/ics.h"
#include "test_support.h"

namespace os1::calendar {
namespace {

int64_t at(const char* iso) { return *parse_iso(iso, Zone::utc()); }

std::vector<Instance> instances(const std::string& text, const char* from, const char* to, const Zone& person = Zone::utc()) {
    auto cal = read_ics(text, "test.ics");
    EXPECT_TRUE(cal) << (cal ? "" : cal.error().message);
    if (!cal) return {};
    return expand(**cal, at(from), at(to), person).instances;
}

const char* WEEKLY_PARIS = R"(BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//test//EN
BEGIN:VEVENT
UID:standup@example.com
DTSTART;TZID=Europe/Paris:20261019T090000
DTEND;TZID=Europe/Paris:20261019T093000
RRULE:FREQ=WEEKLY;BYDAY=MO;COUNT=4
EXDATE;TZID=Europe/Paris:20261102T090000
SUMMARY:Standup
END:VEVENT
BEGIN:VEVENT
UID:standup@example.com
RECURRENCE-ID;TZID=Europe/Paris:20261026T090000
DTSTART;TZID=Europe/Paris:20261026T110000
DTEND;TZID=Europe/Paris:20261026T113000
SUMMARY:Standup (moved)
END:VEVENT
END:VCALENDAR
)";

TEST(Ics, WeeklyInAnIanaZoneAcrossDaylightSavingWithExceptions) {
    auto got = instances(WEEKLY_PARIS, "2026-10-01", "2026-12-01");
    ASSERT_EQ(got.size(), 3u);
    EXPECT_EQ(got[0].start, "2026-10-19T09:00:00+02:00");  // summer time
    EXPECT_EQ(got[1].start, "2026-10-26T11:00:00+01:00");  // the moved one, after the change
    EXPECT_EQ(got[1].summary, "Standup (moved)");
    EXPECT_EQ(got[1].recurrence_id, "2026-10-26T09:00:00+01:00");
    EXPECT_EQ(got[2].start, "2026-11-09T09:00:00+01:00");  // 2 November was excluded
    EXPECT_EQ(got[2].end_utc - got[2].start_utc, 1800);
}

TEST(Ics, VtimezoneFromTheFileAndAllDayEvents) {
    const std::string text = R"(BEGIN:VCALENDAR
VERSION:2.0
BEGIN:VTIMEZONE
TZID:Makebelieve/Zone
BEGIN:STANDARD
DTSTART:19700101T000000
TZOFFSETFROM:+0530
TZOFFSETTO:+0530
END:STANDARD
END:VTIMEZONE
BEGIN:VEVENT
UID:a
DTSTART;TZID=Makebelieve/Zone:20261207T100000
DURATION:PT1H
SUMMARY:Zoned
END:VEVENT
BEGIN:VEVENT
UID:b
DTSTART;VALUE=DATE:20261208
SUMMARY:Holiday
RDATE;VALUE=DATE:20261210
END:VEVENT
END:VCALENDAR
)";
    auto got = instances(text, "2026-12-07", "2026-12-14", *Zone::named("America/New_York"));
    ASSERT_EQ(got.size(), 3u);
    EXPECT_EQ(got[0].start, "2026-12-07T10:00:00+05:30");
    EXPECT_EQ(got[0].start_utc, at("2026-12-07T04:30:00Z"));
    EXPECT_TRUE(got[1].all_day);
    EXPECT_EQ(got[1].start, "2026-12-08");
    EXPECT_EQ(got[1].end, "2026-12-09");
    EXPECT_EQ(got[1].start_utc, at("2026-12-08T05:00:00Z"));  // midnight in the person's zone
    EXPECT_EQ(got[2].start, "2026-12-10");
}

TEST(Ics, CancelledOverrideDropsItsInstanceAndRangesAreHalfOpen) {
    const std::string text = R"(BEGIN:VCALENDAR
BEGIN:VEVENT
UID:x
DTSTART:20261201T120000Z
DTEND:20261201T130000Z
RRULE:FREQ=DAILY
SUMMARY:Lunch
END:VEVENT
BEGIN:VEVENT
UID:x
RECURRENCE-ID:20261203T120000Z
DTSTART:20261203T120000Z
STATUS:CANCELLED
SUMMARY:Lunch
END:VEVENT
END:VCALENDAR
)";
    auto got = instances(text, "2026-12-02T13:00:00Z", "2026-12-05T12:00:00Z");
    ASSERT_EQ(got.size(), 1u);  // the 2nd ends at 13:00 (not in), the 3rd is cancelled, the 5th starts at the end
    EXPECT_EQ(got[0].start, "2026-12-04T12:00:00Z");
}

TEST(Ics, RefusesWhatIsNotACalendarWithAReason) {
    for (const std::string bad : {std::string("hello"), std::string("BEGIN:VCARD\nEND:VCARD\n"), std::string("BEGIN:VCALENDAR\0x", 17)}) {
        auto cal = read_ics(bad, "bad.ics");
        ASSERT_FALSE(cal);
        EXPECT_NE(cal.error().message.find("bad.ics"), std::string::npos);
    }
}

TEST(Ics, WrittenEventRoundTripsThroughLibical) {
    NewEvent ev{.uid = "os1-1@local", .summary = "Dinner with Amy; bring wine, \"red\"", .location = "Luigi's",
                .start_utc = at("2026-12-11T19:00:00Z"), .end_utc = at("2026-12-11T21:00:00Z"), .stamp_utc = at("2026-12-07T10:00:00Z")};
    const std::string text = write_event_ics(ev);
    auto cal = read_ics(text, "out.ics");
    ASSERT_TRUE(cal);
    ASSERT_EQ((*cal)->events.size(), 1u);
    EXPECT_EQ((*cal)->events[0].summary, ev.summary);
    EXPECT_EQ((*cal)->events[0].location, "Luigi's");
    auto got = expand(**cal, at("2026-12-01"), at("2026-12-31"), Zone::utc()).instances;
    ASSERT_EQ(got.size(), 1u);
    EXPECT_EQ(got[0].start_utc, ev.start_utc);
    EXPECT_EQ(got[0].end_utc, ev.end_utc);
}

// Every file of the reference corpora: parsed (and expanded over decades
// without hanging) or refused with a message naming the file.
TEST(Ics, EveryCorpusFileParsesOrIsRefusedWithAReason) {
    OS1_REQUIRE_SHARED(shared);
    size_t parsed = 0, refused = 0, events = 0;
    for (const char* corpus : {"data/icalendar/libical", "data/icalendar/icaljs"}) {
        for (const auto& entry : std::filesystem::recursive_directory_iterator(shared / corpus)) {
            if (!entry.is_regular_file()) continue;
            std::ifstream in(entry.path(), std::ios::binary);
            std::stringstream ss;
            ss << in.rdbuf();
            const auto t0 = std::chrono::steady_clock::now();
            auto cal = read_ics(ss.str(), entry.path().filename().string());
            if (!cal) {
                ++refused;
                EXPECT_NE(cal.error().message.find(entry.path().filename().string()), std::string::npos);
                continue;
            }
            ++parsed;
            events += (*cal)->events.size();
            Expanded out = expand(**cal, at("1990-01-01"), at("2040-01-01"), Zone::utc(), {.max_seconds = 3.0});
            const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
            EXPECT_LT(s, 10.0) << entry.path();
            for (size_t i = 1; i < out.instances.size(); ++i) ASSERT_LE(out.instances[i - 1].start_utc, out.instances[i].start_utc) << entry.path();
        }
    }
    std::printf("corpus: %zu parsed (%zu events), %zu refused with a reason\n", parsed, events, refused);
    EXPECT_GT(parsed, 50u);
}

}  // namespace
}  // namespace os1::calendar

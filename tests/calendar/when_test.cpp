// Day and time words against a fixed "now" (Monday 7 December 2026, 22:30
// UTC) in the person's zone: the day in Auckland is already Tuesday.
#include <gtest/gtest.h>

#include "calendar_test_support.h"
#include "skills/calendar/civil.h"
#include "skills/calendar/when.h"

namespace os1::calendar {
namespace {

using test::utc;

const int64_t NOW = utc("2026-12-07T22:30:00Z");

TEST(When, DaysAndPartsOfDaysInThePersonsZone) {
    const Zone london = *Zone::named("Europe/London");
    When w = read_when("what's on tomorrow?", NOW, london);
    ASSERT_TRUE(w.has_day);
    EXPECT_EQ(w.from_utc, utc("2026-12-08T00:00:00Z"));
    EXPECT_EQ(w.to_utc, utc("2026-12-09T00:00:00Z"));
    EXPECT_EQ(w.words, "tomorrow (Tuesday 8 December)");

    const Zone auckland = *Zone::named("Pacific/Auckland");  // +13:00 in December
    w = read_when("what's on tomorrow?", NOW, auckland);
    EXPECT_EQ(w.from_utc, utc("2026-12-08T11:00:00Z"));  // Wednesday 9 December there
    EXPECT_EQ(w.words, "tomorrow (Wednesday 9 December)");

    w = read_when("am I free Thursday afternoon", NOW, london);
    EXPECT_EQ(w.from_utc, utc("2026-12-10T12:00:00Z"));
    EXPECT_EQ(w.to_utc, utc("2026-12-10T18:00:00Z"));

    w = read_when("what do I have next week", NOW, london);
    EXPECT_EQ(w.from_utc, utc("2026-12-14T00:00:00Z"));
    EXPECT_EQ(w.to_utc, utc("2026-12-21T00:00:00Z"));
}

TEST(When, ClockTimesDurationsAndTheRestOfTheMessage) {
    const Zone paris = *Zone::named("Europe/Paris");
    When w = read_when("put dinner with Amy on Friday at 7 in my calendar", NOW, paris);
    ASSERT_TRUE(w.has_time);
    EXPECT_EQ(w.from_utc, utc("2026-12-11T18:00:00Z"));  // 19:00 in Paris
    EXPECT_EQ(w.to_utc - w.from_utc, 3600);
    EXPECT_EQ(w.rest, "put dinner with Amy in my calendar");

    w = read_when("lunch on 12 December at 12:30pm for 2 hours", NOW, paris);
    EXPECT_EQ(w.from_utc, utc("2026-12-12T11:30:00Z"));
    EXPECT_EQ(w.to_utc - w.from_utc, 7200);
    EXPECT_EQ(w.rest, "lunch");

    w = read_when("call on March 3 at 9am", NOW, paris);  // next March: 2027, summer time not yet
    EXPECT_EQ(w.from_utc, utc("2027-03-03T08:00:00Z"));

    w = read_when("nothing about time here", NOW, paris);
    EXPECT_FALSE(w.has_day);
}

TEST(When, ZonesAcrossDaylightSavingGaps) {
    const Zone london = *Zone::named("Europe/London");
    // 01:30 on 29 March 2026 does not exist in London: it moves forward.
    const int64_t gap = london.to_utc(to_floating({2026, 3, 29, 1, 30, 0}));
    EXPECT_GE(gap, utc("2026-03-29T00:30:00Z"));
    EXPECT_LE(gap, utc("2026-03-29T01:30:00Z"));
    EXPECT_EQ(london.offset_at(utc("2026-07-01T12:00:00Z")), 3600);
    EXPECT_FALSE(Zone::named("Mars/Olympus_Mons"));
    EXPECT_EQ(format_with_offset(utc("2026-07-01T12:00:00Z"), london), "2026-07-01T13:00:00+01:00");
    EXPECT_EQ(*parse_iso("2026-07-01T13:00", london), utc("2026-07-01T12:00:00Z"));
    EXPECT_EQ(*parse_iso("2026-07-01T13:00:00+02:00", london), utc("2026-07-01T11:00:00Z"));
    EXPECT_FALSE(parse_iso("2026-02-30", london));
}

}  // namespace
}  // namespace os1::calendar

// The recurrence expander against libical's own test vectors
// (../shared/data/icalendar/libical/src-test/icalrecur_test.txt: RRULE,
// DTSTART, optional START-AT, and the expected INSTANCES), plus the bounds
// that keep hostile rules from hanging.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>

#include "skills/calendar/civil.h"
#include "skills/calendar/recur.h"
#include "skills/calendar/recur_vectors.h"
#include "test_support.h"

namespace os1::calendar {
namespace {

std::string stamp(int64_t t) {
    const Civil c = from_floating(t);
    char buf[32];
    std::snprintf(buf, sizeof buf, "%04d%02d%02dT%02d%02d%02d", c.year, c.month, c.day, c.hour, c.minute, c.second);
    return buf;
}

size_t reproduce(const std::filesystem::path& file, size_t& total, bool print) {
    size_t ok = 0;
    const auto cases = read_recur_cases(file);
    total = cases.size();
    for (const auto& c : cases) {
        const std::string got = replay_recur_case(c);
        if (recur_case_reproduces(c, got)) ++ok;
        else if (print) std::printf("differs: %s\n  RRULE:%s DTSTART:%s\n  got      %.300s\n  expected %.300s\n", c.comment.c_str(), c.rrule.c_str(),
                                    c.dtstart.c_str(), got.c_str(), c.instances.c_str());
    }
    return ok;
}

TEST(Recur, ReproducesLibicalRecurrenceVectors) {
    OS1_REQUIRE_SHARED(shared);
    size_t total = 0;
    const size_t ok = reproduce(shared / "data/icalendar/libical/src-test/icalrecur_test.txt", total, true);
    std::printf("icalrecur_test.txt: %zu of %zu cases reproduce\n", ok, total);
    EXPECT_GE(total, 140u);
    EXPECT_EQ(ok, total);
}

TEST(Recur, ReproducesGregorianRscaleVectors) {
    OS1_REQUIRE_SHARED(shared);
    size_t total = 0;
    const size_t ok = reproduce(shared / "data/icalendar/libical/src-test/icalrecur_test_rscale.txt", total, true);
    std::printf("icalrecur_test_rscale.txt: %zu of %zu cases reproduce\n", ok, total);
    EXPECT_GE(total, 14u);
    EXPECT_EQ(ok, total);
}

TEST(Recur, EveryOtherWeekOnTwoDays) {
    auto rule = parse_rule("FREQ=WEEKLY;INTERVAL=2;BYDAY=TU,TH;COUNT=4");
    ASSERT_TRUE(rule);
    RecurExpansion out = expand_rule(*rule, to_floating({2026, 12, 1, 9, 30, 0}), false, {});
    ASSERT_EQ(out.instances.size(), 4u);
    EXPECT_EQ(stamp(out.instances[0]), "20261201T093000");
    EXPECT_EQ(stamp(out.instances[1]), "20261203T093000");
    EXPECT_EQ(stamp(out.instances[2]), "20261215T093000");
    EXPECT_EQ(stamp(out.instances[3]), "20261217T093000");
}

TEST(Recur, RefusesBadRulesWithAReason) {
    for (const char* bad : {"", "FREQ=FORTNIGHTLY", "FREQ=DAILY;INTERVAL=0", "FREQ=DAILY;BYHOUR=25", "FREQ=MONTHLY;BYMONTHDAY=0",
                            "FREQ=YEARLY;BYDAY=0MO", "FREQ=DAILY;COUNT=-1", "FREQ=DAILY;UNTIL=2026", "INTERVAL=2", "FREQ=DAILY;FOO=1",
                            "RSCALE=CHINESE;FREQ=YEARLY"}) {
        auto rule = parse_rule(bad);
        ASSERT_FALSE(rule) << bad;
        EXPECT_FALSE(rule.error().message.empty());
    }
}

// Rules that never end, never match, or multiply out: bounded in instances
// and in time.
TEST(Recur, HostileRulesStopAtTheirLimits) {
    const int64_t dtstart = to_floating({1970, 1, 1, 0, 0, 0});
    const char* hostile[] = {
        "FREQ=SECONDLY",                                   // no end at all
        "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30",            // never matches
        "FREQ=DAILY;BYMONTH=2;BYMONTHDAY=31;COUNT=5",     // never matches, with COUNT
        "FREQ=SECONDLY;BYMONTH=2;BYMONTHDAY=30",          // never matches, finest step
        "FREQ=MINUTELY;INTERVAL=1000000000",              // absurd interval
        "FREQ=YEARLY;BYYEARDAY=1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20;BYHOUR=0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,"
        "15,16,17,18,19,20,21,22,23;BYMINUTE=0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,"
        "30,31,32,33,34,35,36,37,38,39,40,41,42,43,44,45,46,47,48,49,50,51,52,53,54,55,56,57,58,59;BYSECOND=0,1,2,3,4,5,6,7,8,"
        "9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31,32,33,34,35,36,37,38,39,40,41,42,43,44,45,46,47,"
        "48,49,50,51,52,53,54,55,56,57,58,59",             // BYxxx explosion
    };
    for (const char* text : hostile) {
        auto rule = parse_rule(text);
        ASSERT_TRUE(rule) << text << ": " << rule.error().message;
        const auto t0 = std::chrono::steady_clock::now();
        RecurExpansion out = expand_rule(*rule, dtstart, false, {.max_instances = 10000, .max_periods = 2'000'000});
        const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
        EXPECT_LE(out.instances.size(), 10000u) << text;
        EXPECT_LT(ms, 5000.0) << text;
        for (size_t i = 1; i < out.instances.size(); ++i) ASSERT_LT(out.instances[i - 1], out.instances[i]) << text;
    }
}

TEST(Recur, SkipsAheadToAWindowWithoutWalkingEveryPeriod) {
    auto rule = parse_rule("FREQ=SECONDLY;INTERVAL=7");
    ASSERT_TRUE(rule);
    const int64_t from = to_floating({2026, 12, 7, 0, 0, 0});
    RecurExpansion out = expand_rule(*rule, to_floating({1970, 1, 1, 0, 0, 0}), false,
                                     {.start = from, .end = from + 70, .max_periods = 1000});
    ASSERT_EQ(out.instances.size(), 10u);
    EXPECT_GE(out.instances[0], from);
    EXPECT_EQ((out.instances[0] - to_floating({1970, 1, 1, 0, 0, 0})) % 7, 0);
    EXPECT_FALSE(out.truncated);
}

}  // namespace
}  // namespace os1::calendar

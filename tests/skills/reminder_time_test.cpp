#include "skills/reminder_time.h"

#include <gtest/gtest.h>

#include "core/clock.h"

namespace os1::skills {
namespace {

// Monday 7 December 2026, 15:00 on the wall clock of each zone used.
const int64_t MONDAY_3PM = local_ms_of(2026, 12, 7, 15, 0);

struct Read {
    std::optional<ReminderRequest> r;
    TimeZone zone = TimeZone::utc();
    int64_t now = MONDAY_3PM;
    std::string local() const {
        const int64_t l = zone.to_local(r->due_ms);
        return day_words(l, 2026) + " " + clock_words(l);
    }
};

Read read(std::string_view text, const TimeZone& zone = TimeZone::utc()) {
    Read out;
    out.zone = zone;
    out.now = zone.to_utc(MONDAY_3PM);
    out.r = read_reminder_request(text, out.now, zone);
    return out;
}

TEST(ReminderTime, SundayAtFiveIsTheComingSundayAfternoon) {
    auto x = read("Remind me to call Rachel on Sunday at 5");
    ASSERT_TRUE(x.r && x.r->has_time);
    EXPECT_EQ(x.r->task, "call Rachel");
    EXPECT_EQ(x.local(), "Sunday 13 December 17:00");
    EXPECT_EQ(x.r->rule, "");
    EXPECT_EQ(when_words(x.r->due_ms, "", x.now, x.zone), "on Sunday 13 December at 17:00");
}

TEST(ReminderTime, ManyWaysOfSayingWhen) {
    struct Case {
        const char* text;
        const char* task;
        const char* when;
        const char* rule;
    } cases[] = {
        {"remind me in 20 minutes to stretch", "stretch", "Monday 7 December 15:20", ""},
        {"can you remind me tomorrow at 9am about the dentist", "about the dentist", "Tuesday 8 December 09:00", ""},
        {"remind me to buy a present on 24 December", "buy a present", "Thursday 24 December 09:00", ""},
        {"remind me to water the plants every Monday morning", "water the plants", "Monday 14 December 09:00", "weekly:0"},
        {"every day at 8 remind me to take my pills", "take your pills", "Tuesday 8 December 08:00", "daily"},
        {"please remind me to ring my mum tonight", "ring your mum", "Monday 7 December 20:00", ""},
        {"remind me at 5:30pm to leave", "leave", "Monday 7 December 17:30", ""},
        {"remind me to pay rent on the 1st of every month", "pay rent", "Friday 1 January 2027 09:00", "monthly:1"},
        {"remind me to call Sam in an hour", "call Sam", "Monday 7 December 16:00", ""},
        {"remind me to book tickets on Friday", "book tickets", "Friday 11 December 09:00", ""},
        {"remind me to stand up every weekday at 10", "stand up", "Tuesday 8 December 10:00", "weekdays"},
        {"remind me next Monday at noon to send the report", "send the report", "Monday 14 December 12:00", ""},
        {"remind me at 8 to lock up", "lock up", "Monday 7 December 20:00", ""},
        {"set a reminder to feed the cat tomorrow evening", "feed the cat", "Tuesday 8 December 18:00", ""},
        {"remind me that the bins go out on Thursday night", "that the bins go out", "Thursday 10 December 21:00", ""},
    };
    for (const auto& c : cases) {
        auto x = read(c.text);
        ASSERT_TRUE(x.r && x.r->has_time) << c.text;
        EXPECT_EQ(x.r->task, c.task) << c.text;
        EXPECT_EQ(x.local(), c.when) << c.text;
        EXPECT_EQ(x.r->rule, c.rule) << c.text;
        EXPECT_FALSE(x.r->in_past) << c.text;
    }
}

TEST(ReminderTime, NotAReminderRequest) {
    for (const char* text : {"remind me what I said about Amy", "remind me of her name", "my sister always has to remind me to eat",
                             "I set a timer", "what's on tomorrow at 5?"})
        EXPECT_FALSE(read(text).r) << text;
}

TEST(ReminderTime, MissingPartsAndThePast) {
    auto no_time = read("remind me to call Rachel");
    ASSERT_TRUE(no_time.r);
    EXPECT_FALSE(no_time.r->has_time);
    EXPECT_EQ(no_time.r->task, "call Rachel");
    auto no_task = read("remind me tomorrow at 9");
    ASSERT_TRUE(no_task.r);
    EXPECT_TRUE(no_task.r->has_time);
    EXPECT_EQ(no_task.r->task, "");
    auto past = read("remind me to call Rachel today at 9am");
    ASSERT_TRUE(past.r);
    EXPECT_TRUE(past.r->in_past);
}

TEST(ReminderTime, ResolvedInThePersonsZone) {
    auto paris = TimeZone::load("Europe/Paris");
    if (!paris) GTEST_SKIP() << "no zone files here (tzdata): " << paris.error().message;
    auto x = read("remind me to call Rachel on Sunday at 5", *paris);
    ASSERT_TRUE(x.r && x.r->has_time);
    EXPECT_EQ(x.local(), "Sunday 13 December 17:00");
    EXPECT_EQ(format_iso8601_utc(x.r->due_ms), "2026-12-13T16:00:00Z");  // winter: UTC+1
    // Summer time: 17:00 in Paris in July is 15:00 UTC.
    const int64_t july = paris->to_utc(local_ms_of(2026, 7, 1, 12, 0));
    auto summer = read_reminder_request("remind me to swim tomorrow at 5", july, *paris);
    ASSERT_TRUE(summer && summer->has_time);
    EXPECT_EQ(format_iso8601_utc(summer->due_ms), "2026-07-02T15:00:00Z");
}

TEST(ReminderTime, RepeatingKeepsItsWallClockTimeAcrossSummerTime) {
    auto paris = TimeZone::load("Europe/Paris");
    if (!paris) GTEST_SKIP() << "no zone files here (tzdata): " << paris.error().message;
    // Every Monday at 09:00 from 23 March 2026 (winter) to 30 March (summer).
    const int64_t first = paris->to_utc(local_ms_of(2026, 3, 23, 9, 0));
    const int64_t next = next_occurrence("weekly:0", first, first, *paris);
    EXPECT_EQ(format_iso8601_utc(first), "2026-03-23T08:00:00Z");
    EXPECT_EQ(format_iso8601_utc(next), "2026-03-30T07:00:00Z");
    EXPECT_EQ(next_occurrence("daily", first, first + 3 * 86'400'000LL, *paris) - first, 4 * 86'400'000LL);
    EXPECT_EQ(next_occurrence("daily", first, first + 6 * 86'400'000LL, *paris) - first, 7 * 86'400'000LL - 3'600'000);
    const int64_t leap = TimeZone::utc().to_utc(local_ms_of(2028, 2, 29, 9, 0));
    EXPECT_EQ(format_iso8601_utc(next_occurrence("yearly:2-29", leap, leap, TimeZone::utc())), "2032-02-29T09:00:00Z");
}

TEST(ReminderTime, SecondPerson) {
    EXPECT_EQ(second_person("call my mum and tell her I'm late"), "call your mum and tell her you're late");
    EXPECT_EQ(second_person("text me"), "text you");
}

TEST(TimeZoneFile, BadNamesAreRefusedWithAHint) {
    auto bad = TimeZone::load("../../etc/passwd");
    ASSERT_FALSE(bad);
    EXPECT_NE(bad.error().message.find("Europe/Paris"), std::string::npos);
    EXPECT_FALSE(TimeZone::load("Mars/Olympus_Mons"));
    EXPECT_TRUE(TimeZone::load("UTC"));
}

}  // namespace
}  // namespace os1::skills

// The calendar skill: questions answered from stored calendars in the
// person's zone and clock, adding as a proposal run only after a yes (in
// the desk's conversation), conflicts, undo, and restarts.
#include <gtest/gtest.h>

#include "calendar_test_support.h"
#include "skills/calendar/ics.h"
#include "skills/desk.h"

namespace os1::calendar {
namespace {

using test::CalendarFixture;
using test::one_event;
using test::utc;

std::optional<skills::Reply> ask(CalendarFixture& f, const std::string& message) {
    CalendarSkill skill;
    auto r = skill.answer(f.context, message);
    EXPECT_TRUE(r) << (r ? "" : r.error().message);
    return r ? *r : std::nullopt;
}

TEST(CalendarSkill, WhatsOnTomorrowInThePersonsZone) {
    CalendarFixture f;
    f.import(one_event("a", "20261208T093000Z", "20261208T100000Z", "Dentist") + one_event("b", "20261209T090000Z", "20261209T100000Z", "Later"));
    auto r = ask(f, "What's on tomorrow?");
    ASSERT_TRUE(r);
    EXPECT_FALSE(r->proposal);
    EXPECT_NE(r->text.find("Tomorrow (Tuesday 8 December)"), std::string::npos) << r->text;
    EXPECT_NE(r->text.find("09:30-10:00 Dentist"), std::string::npos) << r->text;
    EXPECT_EQ(r->text.find("Later"), std::string::npos);
    ASSERT_EQ(r->data["events"].size(), 1u);
    EXPECT_EQ(r->data["events"][0]["summary"], "Dentist");
}

TEST(CalendarSkill, FreeOrBusyOnAPartOfADay) {
    CalendarFixture f;
    // Thursday 10 December 14:00 London (= UTC in winter).
    f.import(one_event("t", "20261210T140000Z", "20261210T150000Z", "Physio"));
    auto busy = ask(f, "am I free Thursday afternoon?");
    ASSERT_TRUE(busy);
    EXPECT_EQ(busy->data["free"], false);
    EXPECT_NE(busy->text.find("14:00-15:00 Physio"), std::string::npos) << busy->text;
    auto free = ask(f, "Am I free on Thursday morning?");
    ASSERT_TRUE(free);
    EXPECT_EQ(free->data["free"], true) << free->text;
    EXPECT_NE(free->text.find("free"), std::string::npos);
}

TEST(CalendarSkill, ThisWeekListsEachDayInOrder) {
    CalendarFixture f;
    f.import("BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:gym\r\nDTSTART;TZID=Europe/London:20261101T070000\r\nDURATION:PT1H\r\n"
             "RRULE:FREQ=WEEKLY;BYDAY=TU,FR\r\nSUMMARY:Gym\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n");
    auto r = ask(f, "what do I have this week?");
    ASSERT_TRUE(r);
    ASSERT_EQ(r->data["events"].size(), 2u) << r->text;
    EXPECT_EQ(r->data["events"][0]["start"], "2026-12-08T07:00:00+00:00");
    EXPECT_EQ(r->data["events"][1]["start"], "2026-12-11T07:00:00+00:00");
    EXPECT_LT(r->text.find("Tuesday 8 December"), r->text.find("Friday 11 December"));
}

TEST(CalendarSkill, QuestionsInOtherWords) {
    CalendarFixture f;
    f.import(one_event("a", "20261208T093000Z", "20261208T100000Z", "Dentist appointment"));
    for (const char* m : {"what's on?", "Do I have anything on tomorrow?", "how does my calendar look tomorrow?", "any meetings tomorrow?",
                          "when is my dentist appointment?", "what have I got on Tuesday"}) {
        auto r = ask(f, m);
        ASSERT_TRUE(r) << m;
        EXPECT_FALSE(r->proposal) << m;
        if (std::string(m) != "what's on?") EXPECT_NE(r->text.find("Dentist"), std::string::npos) << m << ": " << r->text;
    }
}

TEST(CalendarSkill, NotACalendarMessage) {
    CalendarFixture f;
    f.import(one_event("a", "20261208T093000Z", "20261208T100000Z", "Dentist"));
    for (const char* m : {"I had a lovely day", "remind me to call Rachel on Sunday at 5", "what's the capital of Peru?",
                          "what's on your mind these days?", "my schedule is crazy this week", "what's happening with you?",
                          "when is my sister's birthday?", "do you have anything on your mind?"}) {
        auto r = ask(f, m);
        EXPECT_FALSE(r) << m;
    }
}

TEST(CalendarSkill, AddingIsAProposalThatRunsOnlyAfterYes) {
    CalendarFixture f;
    f.import(one_event("yoga", "20261211T193000Z", "20261211T203000Z", "Yoga"));
    auto desk = skills::Desk::open(f.context.dir, f.context.owner);
    ASSERT_TRUE(desk);
    (*desk)->add(make_calendar_skill());
    f.context.conversation = "c1";
    f.context.message_id = "m1";
    auto asked = (*desk)->handle(f.context, "Put dinner with Amy on Friday at 7 in my calendar");
    ASSERT_TRUE(asked && *asked) << (asked ? "no reply" : asked.error().message);
    EXPECT_NE((*asked)->text.find("'Dinner with Amy'"), std::string::npos) << (*asked)->text;
    EXPECT_NE((*asked)->text.find("Friday 11 December, 19:00-20:00"), std::string::npos) << (*asked)->text;
    EXPECT_NE((*asked)->text.find("overlaps with 19:30-20:30 Yoga"), std::string::npos) << (*asked)->text;
    auto store = open_store(f.context);
    ASSERT_TRUE(store);
    EXPECT_EQ(*(*store)->own_event_count(), 0);  // nothing written before the yes

    auto done = (*desk)->handle(f.context, "yes");
    ASSERT_TRUE(done && *done);
    ASSERT_TRUE((*done)->proposal);
    EXPECT_EQ((*done)->proposal->status, "done");
    EXPECT_EQ(*(*store)->own_event_count(), 1);
    // The export is a valid calendar that round-trips through libical.
    const std::string ics = *(*store)->export_own();
    auto cal = read_ics(ics, "export.ics");
    ASSERT_TRUE(cal) << ics;
    ASSERT_EQ((*cal)->events.size(), 1u);
    EXPECT_EQ((*cal)->events[0].summary, "Dinner with Amy");
    auto friday = (*store)->instances(utc("2026-12-11T00:00:00Z"), utc("2026-12-12T00:00:00Z"), *Zone::named("Europe/London"));
    ASSERT_TRUE(friday);
    ASSERT_EQ(friday->instances.size(), 2u);
    EXPECT_EQ(friday->instances[0].start_utc, utc("2026-12-11T19:00:00Z"));

    // Undo takes it out again.
    auto undone = (*desk)->undo(f.context, (*done)->proposal->id);
    ASSERT_TRUE(undone) << undone.error().message;
    EXPECT_EQ(*(*store)->own_event_count(), 0);
}

TEST(CalendarSkill, ANoOrASilenceAddsNothing) {
    CalendarFixture f;
    auto desk = skills::Desk::open(f.context.dir, f.context.owner);
    ASSERT_TRUE(desk);
    (*desk)->add(make_calendar_skill());
    f.context.conversation = "c1";
    ASSERT_TRUE((*desk)->handle(f.context, "add lunch with Bob tomorrow at noon to my calendar"));
    auto no = (*desk)->handle(f.context, "no");
    ASSERT_TRUE(no);
    auto store = open_store(f.context);
    EXPECT_EQ(*(*store)->own_event_count(), 0);
    // A yes in another conversation runs nothing either.
    ASSERT_TRUE((*desk)->handle(f.context, "add lunch with Bob tomorrow at noon to my calendar"));
    f.context.conversation = "c2";
    ASSERT_TRUE((*desk)->handle(f.context, "yes"));
    EXPECT_EQ(*(*store)->own_event_count(), 0);
}

TEST(CalendarSkill, AsksWhenTheDayOrTitleIsMissing) {
    CalendarFixture f;
    auto r = ask(f, "put the team offsite in my calendar");
    ASSERT_TRUE(r);
    EXPECT_FALSE(r->proposal);
    EXPECT_NE(r->text.find("When should I put 'The team offsite'"), std::string::npos) << r->text;
}

TEST(CalendarSkill, CalendarsSurviveARestart) {
    CalendarFixture f;
    f.import(one_event("a", "20261207T150000Z", "20261207T160000Z", "Call Mum"));
    // A new store over the same folder (a new process) sees it.
    auto r = ask(f, "what's on today?");
    ASSERT_TRUE(r);
    EXPECT_NE(r->text.find("Call Mum"), std::string::npos);
    auto store = open_store(f.context);
    ASSERT_TRUE(store);
    auto list = (*store)->calendars();
    ASSERT_TRUE(list);
    ASSERT_EQ(list->size(), 1u);
    EXPECT_EQ((*list)[0].events, 1);
    // The same source imported again replaces it rather than doubling it.
    f.import(one_event("a", "20261207T150000Z", "20261207T160000Z", "Call Mum"));
    EXPECT_EQ((*(*store)->calendars()).size(), 1u);
}

TEST(CalendarSkill, SubscriptionsFetchAndKeepTheLastCopyOnFailure) {
    CalendarFixture f;
    auto store = open_store(f.context);
    ASSERT_TRUE(store);
    std::string served = one_event("s", "20261207T180000Z", "20261207T190000Z", "Choir");
    auto fetch = [&](const std::string&) -> Result<std::string> { return served; };
    auto sub = (*store)->subscribe("https://example.com/choir.ics", f.clock.wall_ms(), fetch);
    ASSERT_TRUE(sub) << sub.error().message;
    EXPECT_EQ(sub->kind, "subscription");
    served = "<html>oops</html>";
    auto problems = (*store)->refresh(f.clock.wall_ms(), fetch);
    ASSERT_TRUE(problems);
    ASSERT_EQ(problems->size(), 1u);
    auto r = ask(f, "what's on tonight?");
    ASSERT_TRUE(r);
    EXPECT_NE(r->text.find("Choir"), std::string::npos) << r->text;
    EXPECT_FALSE(fetch_url("ftp://example.com/x.ics"));
}

}  // namespace
}  // namespace os1::calendar

namespace os1::calendar {
namespace {

TEST(CalendarSkill, TitlesAndTimesOfAddsInOtherWords) {
    test::CalendarFixture f;
    struct Case {
        const char* message;
        const char* title;
        const char* start;  // UTC (London is UTC in December)
        int64_t minutes;
    };
    const Case cases[] = {
        {"schedule a call with the bank tomorrow at 9am", "Call with the bank", "2026-12-08T09:00:00Z", 60},
        {"can you add a dentist appointment on 15 December at 3pm to my calendar", "Dentist appointment", "2026-12-15T15:00:00Z", 60},
        {"please put lunch with Sam in my calendar on Thursday at 12:30 for 2 hours", "Lunch with Sam", "2026-12-10T12:30:00Z", 120},
    };
    for (const Case& c : cases) {
        CalendarSkill skill;
        auto r = skill.answer(f.context, c.message);
        ASSERT_TRUE(r && *r && (*r)->proposal) << c.message;
        const Json& p = (*r)->proposal->payload;
        EXPECT_EQ(p["summary"], c.title) << c.message;
        EXPECT_EQ(p["start_utc"].get<int64_t>(), test::utc(c.start)) << c.message;
        EXPECT_EQ(p["end_utc"].get<int64_t>() - p["start_utc"].get<int64_t>(), c.minutes * 60) << c.message;
    }
}

}  // namespace
}  // namespace os1::calendar

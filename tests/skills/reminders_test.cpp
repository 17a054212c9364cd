#include "skills/reminders.h"

#include <gtest/gtest.h>

#include "skills_test_support.h"

namespace os1::skills {
namespace {

using os1::test::TempDir;

struct RemindersTest : ::testing::Test {
    TempDir tmp;
    FakeClock clock{local_ms_of(2026, 12, 7, 15, 0)};  // Monday 7 December 2026, 15:00 UTC
    std::unique_ptr<Desk> desk;
    RemindersSkill* reminders = nullptr;

    void SetUp() override { reopen(); }
    void reopen() {
        desk = Desk::open(tmp / "skills", "local").release_value();
        auto skill = std::make_unique<RemindersSkill>(desk->ledger());
        reminders = skill.get();
        desk->add(std::move(skill));
    }
    Context ctx(const std::string& conversation = "chat-1") {
        Context c;
        c.owner = "local";
        c.dir = tmp / "skills";
        c.clock = &clock;
        c.time_zone = "UTC";
        c.conversation = conversation;
        c.message_id = "e3";
        return c;
    }
    std::string say(const std::string& text, const std::string& conversation = "chat-1") {
        auto r = desk->handle(ctx(conversation), text);
        EXPECT_TRUE(r) << r.error().message;
        return r && *r ? (*r)->text : "";
    }
};

TEST_F(RemindersTest, AskedInPlainWordsThenStoredOnYes) {
    EXPECT_EQ(say("Remind me to call Rachel on Sunday at 5"),
              "Shall I remind you to call Rachel on Sunday 13 December at 17:00?");
    EXPECT_TRUE(reminders->store().list()->empty());
    EXPECT_EQ(say("yes"), "Done. I'll remind you to call Rachel on Sunday 13 December at 17:00.");
    auto all = reminders->store().list().release_value();
    ASSERT_EQ(all.size(), 1u);
    EXPECT_EQ(all[0].text, "call Rachel");
    EXPECT_EQ(format_iso8601_utc(all[0].due_ms), "2026-12-13T17:00:00Z");
    EXPECT_EQ(all[0].source, "chat:chat-1:e3");
    EXPECT_GT(all[0].proposal_id, 0);
}

TEST_F(RemindersTest, DueUntilAcknowledgedAndSurvivesARestart) {
    say("remind me in 20 minutes to stretch");
    say("yes");
    EXPECT_TRUE(reminders->store().due(clock.wall_ms())->empty());
    clock.advance_ms(20 * 60'000);
    reopen();  // a restart: nothing was kept in memory only
    auto due = reminders->store().due(clock.wall_ms()).release_value();
    ASSERT_EQ(due.size(), 1u);
    EXPECT_EQ(reminder_words(due[0]), "Stretch");
    ASSERT_TRUE(reminders->store().mark_delivered(due[0].id, clock.wall_ms()));
    clock.advance_ms(3 * 3'600'000);
    EXPECT_EQ(reminders->store().due(clock.wall_ms())->size(), 1u);  // still there, hours later
    EXPECT_EQ(say("done"), "Good, I've ticked off \"Stretch\".");
    EXPECT_TRUE(reminders->store().due(clock.wall_ms())->empty());
    EXPECT_EQ(reminders->store().get(due[0].id)->status, "done");
}

TEST_F(RemindersTest, RepeatingMovesOnWhenAcknowledged) {
    say("remind me to water the plants every Monday morning");
    say("yes");
    auto r = reminders->store().list()->front();
    EXPECT_EQ(r.rule, "weekly:0");
    clock.set_wall_ms(r.due_ms + 60'000);
    auto after = reminders->store().acknowledge(r.id, clock.wall_ms()).release_value();
    EXPECT_EQ(after.status, "active");
    EXPECT_EQ(after.due_ms - r.due_ms, 7 * 86'400'000LL);
    EXPECT_EQ(after.times_done, 1);
}

TEST_F(RemindersTest, AsksWhenSomethingIsMissing) {
    EXPECT_NE(say("remind me to call Rachel").find("When shall I remind you to call Rachel?"), std::string::npos);
    EXPECT_EQ(say("remind me tomorrow at 9"), "What shall I remind you of tomorrow at 09:00?");
    EXPECT_EQ(say("remind me to call Rachel today at 9am"), "Today at 09:00 has passed already. When shall I remind you instead?");
    EXPECT_TRUE(desk->ledger().list()->empty());  // no proposal for any of them
}

TEST_F(RemindersTest, ListsWhatIsActive) {
    EXPECT_NE(say("what are my reminders?").find("no reminders"), std::string::npos);
    say("remind me to call Rachel on Sunday at 5");
    say("yes");
    say("remind me tomorrow at 9am about the dentist");
    say("sure");
    const std::string list = say("what are my reminders?");
    EXPECT_NE(list.find("2 reminders"), std::string::npos) << list;
    EXPECT_NE(list.find("The dentist, tomorrow at 09:00"), std::string::npos) << list;
    EXPECT_LT(list.find("dentist"), list.find("Rachel"));  // soonest first
}

TEST_F(RemindersTest, UndoCancelsTheReminder) {
    say("remind me in an hour to check the oven");
    say("yes");
    const auto done = desk->ledger().list()->front();
    ASSERT_TRUE(desk->undo(ctx(), done.id));
    EXPECT_TRUE(reminders->store().list()->empty());
    EXPECT_EQ(reminders->store().list(true)->front().status, "cancelled");
}

TEST_F(RemindersTest, YesElsewhereStoresNothing) {
    say("remind me to call Rachel on Sunday at 5", "chat-1");
    say("yes", "chat-2");
    EXPECT_TRUE(reminders->store().list()->empty());
}

TEST_F(RemindersTest, JsonViewCarriesLocalTimeAndProvenance) {
    say("remind me to call Rachel on Sunday at 5");
    say("yes");
    Json j = reminder_json(reminders->store().list()->front(), clock.wall_ms());
    EXPECT_EQ(j["text"], "call Rachel");
    EXPECT_EQ(j["due"], "2026-12-13T17:00:00Z");
    EXPECT_EQ(j["due_local"], "2026-12-13T17:00");
    EXPECT_EQ(j["when"], "on Sunday 13 December at 17:00");
    EXPECT_EQ(j["status"], "active");
    EXPECT_EQ(j["is_due"], false);
    EXPECT_EQ(j["source"], "chat:chat-1:e3");
}

}  // namespace
}  // namespace os1::skills

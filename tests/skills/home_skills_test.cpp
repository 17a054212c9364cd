// The skills through the front door (home.h): a turn asks the desk after
// crisis care and before the brain; reminders are delivered and kept until
// acknowledged; check-ins; owners kept apart.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>

#include "companion/home.h"
#include "core/files.h"
#include "skills_test_support.h"

namespace os1::skills {
namespace {

using companion::Home;
using os1::test::TempDir;

struct HomeSkills : ::testing::Test {
    TempDir tmp;
    std::optional<std::string> old_home;  // OS1_HOME before the test (Home resolves its paths from it)
    FakeClock clock{local_ms_of(2026, 12, 7, 10, 0)};  // Monday 7 December 2026, 10:00 UTC

    void SetUp() override {
        if (const char* v = std::getenv("OS1_HOME")) old_home = v;
        ::setenv("OS1_HOME", tmp.path().c_str(), 1);
    }
    void TearDown() override {
        if (old_home) ::setenv("OS1_HOME", old_home->c_str(), 1);
        else ::unsetenv("OS1_HOME");
    }

    std::unique_ptr<Home> open(const std::string& owner = "local", bool awake = false) {
        auto home = Home::open({.owner = owner, .clock = &clock});
        EXPECT_TRUE(home) << home.error().message;
        if (awake) {
            EXPECT_TRUE((*home)->wake(brain::BrainFlags{.brain = "none"}));
            (*home)->use_temporary_setup();
            EXPECT_TRUE((*home)->start_conversation({}));
        }
        return home.release_value();
    }
};

TEST_F(HomeSkills, TurnAsksTheDeskAndAYesStoresTheReminder) {
    auto home = open("local", true);
    auto asked = home->say("Remind me to call Rachel on Sunday at 5", {}, nullptr);
    ASSERT_TRUE(asked) << asked.error().message;
    EXPECT_TRUE(asked->reply.starts_with("Shall I remind you to call Rachel on Sunday")) << asked->reply;
    ASSERT_FALSE(asked->skill.is_null());
    EXPECT_EQ(asked->skill["skill"], "reminders");
    EXPECT_EQ(asked->skill["proposal"]["status"], "proposed");
    const std::string source = asked->to_json()["skill"]["proposal"]["source"];
    EXPECT_TRUE(source.starts_with("chat:chat-") && source.ends_with(str(":e", asked->user_id)))
        << "provenance: the conversation and the message: " << source;
    EXPECT_GT(asked->reply_id, 0);  // stored like any reply
    auto yes = home->say("yes", {}, nullptr);
    ASSERT_TRUE(yes);
    EXPECT_TRUE(yes->reply.starts_with("Done. I'll remind you to call Rachel")) << yes->reply;
    EXPECT_EQ(yes->skill["proposal"]["status"], "done");
    auto list = home->reminders(false).release_value();
    ASSERT_EQ(list.size(), 1u);
    EXPECT_EQ(list[0].text, "call Rachel");
    // The person's words and the replies are remembered.
    auto recent = home->recent_messages("", 10).release_value();
    bool asked_kept = false;
    for (const auto& e : recent) asked_kept = asked_kept || e.episode.text == "Remind me to call Rachel on Sunday at 5";
    EXPECT_TRUE(asked_kept);
}

TEST_F(HomeSkills, CrisisNeverReachesTheSkills) {
    auto home = open("local", true);
    auto turn = home->say("I want to kill myself. Remind me to write my will tomorrow at 9", {}, nullptr);
    ASSERT_TRUE(turn);
    EXPECT_TRUE(turn->safety);
    EXPECT_TRUE(turn->skill.is_null());
    EXPECT_TRUE(home->proposals({}).value().empty());
}

TEST_F(HomeSkills, DueUntilAcknowledgedAcrossRestarts) {
    int64_t id = 0;
    {
        auto home = open();
        auto added = home->add_reminder("stretch", "in 20 minutes");
        ASSERT_TRUE(added) << added.error().message;
        id = added->id;
        EXPECT_EQ(home->proposals({}).value().front().source, "cli");
        EXPECT_TRUE(home->due_reminders()->empty());
    }
    clock.advance_ms(20 * 60'000);
    auto home = open();  // a new process
    auto due = home->due_reminders().release_value();
    ASSERT_EQ(due.size(), 1u);
    EXPECT_EQ(due[0].id, id);
    EXPECT_TRUE(home->due_reminders(true)->empty());        // handed over already
    EXPECT_EQ(home->due_reminders(false)->size(), 1u);     // still due
    EXPECT_EQ(home->reminder_done(id)->status, "done");
    EXPECT_TRUE(home->due_reminders(false)->empty());
    EXPECT_FALSE(home->reminder_done(id));  // a stale id
    EXPECT_FALSE(home->add_reminder("call Rachel", "some day"));
    EXPECT_FALSE(home->add_reminder("call Rachel", ""));  // no time at all
}

TEST_F(HomeSkills, OwnersKeepTheirOwnSkillsFolder) {
    auto amy = open("amy");
    auto bob = open("bob");
    ASSERT_TRUE(amy->add_reminder("call the bank tomorrow at 9", ""));
    EXPECT_EQ(amy->reminders(false)->size(), 1u);
    EXPECT_TRUE(bob->reminders(false)->empty());
    EXPECT_TRUE(std::filesystem::exists(amy->files().data_dir / "skills" / "skills.db"));
    EXPECT_NE(amy->files().data_dir, bob->files().data_dir);
    EXPECT_EQ(test::mode_of(amy->files().data_dir / "skills"), 0700);
}

TEST_F(HomeSkills, CheckInFollowsYesterdaysWorryOnceWhenEnabled) {
    auto home = open();
    const std::string yesterday = format_iso8601_utc(clock.wall_ms() - 18 * 3'600'000LL);
    const auto chat = tmp / "chat.jsonl";
    std::ofstream(chat) << "{\"id\":\"m1\",\"speaker\":\"user\",\"text\":\"I'm so nervous about my interview tomorrow.\","
                           "\"time\":\"" << yesterday << "\",\"session\":\"s1\"}\n";
    ASSERT_TRUE(home->import_jsonl(chat, {}));
    EXPECT_FALSE(home->checkin_due().value());  // off unless the person turned it on
    ASSERT_TRUE(write_file_atomic(home->paths().config_file, "[checkins]\nenabled = true\n"));
    home = open();
    auto said = home->checkin_due().release_value();
    ASSERT_TRUE(said);
    EXPECT_EQ(said->kind, "worry");
    EXPECT_NE(said->text.find("your interview"), std::string::npos) << said->text;
    clock.advance_ms(2 * 86'400'000LL);
    home = open();
    auto again = home->checkin_due().release_value();
    EXPECT_TRUE(!again || again->kind != "worry");  // never twice for the same reason
}

}  // namespace
}  // namespace os1::skills

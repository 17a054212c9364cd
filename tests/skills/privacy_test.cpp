// Private things stay private (issues 13, 17, 18), through the front door:
// one conversation per terminal and per socket (a yes answers only its own
// question), the export holds every store (never a password), and "forget
// everything" erases one person in every store, leaving the others whole.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>

#include "companion/calendar.h"
#include "companion/forget_support.h"
#include "companion/home.h"
#include "companion/letters.h"
#include "companion/mail.h"
#include "skills_test_support.h"

namespace os1::skills {
namespace {

using companion::Home;
using os1::test::files_holding;
using os1::test::TempDir;

struct Privacy : ::testing::Test {
    TempDir tmp, work;  // OS1_HOME, and the files a person brings (outside it)
    std::optional<std::string> old_home;
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
    std::string say(Home& home, const std::string& text, const std::string& conversation = {}) {
        auto turn = home.say(text, {}, nullptr, nullptr, conversation);
        EXPECT_TRUE(turn) << turn.error().message;
        return turn ? turn->reply : std::string();
    }

    // A person with something in every store; `word` marks what is theirs.
    void fill(Home& home, const std::string& word) {
        ASSERT_TRUE(home.add_reminder("call " + word + " tomorrow at 9", ""));
        auto event = companion::calendar_add(home, "Dinner with " + word, "tomorrow at 19:00", "", "");
        ASSERT_TRUE(event) << event.error().message;
        ASSERT_TRUE(companion::mail_account_set(home, {.smtp_url = "smtps://smtp.example.org:465", .user = "sam",
                                                       .from_address = "sam@example.org", .password = "pw-" + word}));
        const auto eml = work / (word + ".eml");
        std::ofstream(eml) << "From: " << word << " <friend@example.org>\nTo: Sam <sam@example.org>\nSubject: About "
                           << word << "\nDate: Sat, 5 Dec 2026 10:00:00 +0000\nMessage-ID: <" << word
                           << "@example.org>\n\nSee you soon.\n";
        auto imported = companion::mail_import(home, eml, {});
        ASSERT_TRUE(imported) << imported.error().message;
        ASSERT_TRUE(companion::new_letter(home, {.recipient = word, .body = "Dear " + word + ",\n\nThe garden is blooming."}));
    }
};

TEST_F(Privacy, TwoTerminalsOnOneDayDoNotAnswerEachOther) {
    auto first = open("local", true), second = open("local", true);  // two `os1 chat` on one day
    EXPECT_TRUE(say(*first, "Remind me to call Rachel on Sunday at 5").starts_with("Shall I remind you")) << "asked in the first";
    EXPECT_FALSE(say(*second, "yes").starts_with("Done")) << "a yes in another terminal runs nothing";
    EXPECT_TRUE(first->reminders(false)->empty());
    EXPECT_TRUE(say(*first, "yes").starts_with("Done")) << "the yes where it was asked runs it";
    EXPECT_EQ(first->reminders(false)->size(), 1u);
    // The day's history reads as before: one session, both terminals' messages in it.
    auto recent = first->recent_messages("", 20).release_value();
    ASSERT_EQ(recent.size(), 6u);
    for (const auto& e : recent) {
        EXPECT_EQ(e.episode.session, recent[0].episode.session);
        EXPECT_TRUE(e.episode.session.starts_with("chat-")) << e.episode.session;
        EXPECT_EQ(e.episode.session.find('#'), std::string::npos) << e.episode.session;
    }
    EXPECT_EQ(first->recent_messages(recent[0].episode.session, 20)->size(), 6u);
}

TEST_F(Privacy, EachSocketOnOneHomeIsAConversationOfItsOwn) {
    auto home = open("local", true);
    const std::string a = home->new_conversation(), b = home->new_conversation();
    EXPECT_NE(a, b);
    EXPECT_TRUE(say(*home, "Remind me to water the plants tomorrow at 9", a).starts_with("Shall I"));
    EXPECT_FALSE(say(*home, "yes", b).starts_with("Done"));
    EXPECT_FALSE(say(*home, "yes").starts_with("Done")) << "nor the Home's own conversation";
    auto proposals = home->proposals({}).release_value();
    ASSERT_EQ(proposals.size(), 1u);
    EXPECT_EQ(proposals[0].conversation, a);
    EXPECT_EQ(proposals[0].status, "proposed");
    EXPECT_TRUE(say(*home, "yes", a).starts_with("Done"));
}

TEST_F(Privacy, ForgettingAMessageTakesTheEventAndTheMailItMade) {
    auto home = open("local", true);
    const auto eml = work / "q.eml";
    std::ofstream(eml) << "From: Quillbrook <friend@example.org>\nTo: Sam <sam@example.org>\nSubject: Dinner\n"
                          "Date: Sat, 5 Dec 2026 10:00:00 +0000\nMessage-ID: <q1@example.org>\n\nShall we eat out?\n";
    ASSERT_TRUE(companion::mail_import(*home, eml, {}));
    auto event = home->say("Put dinner with Zephyrine on Friday at 7 in my calendar", {}, nullptr);
    ASSERT_TRUE(event && event->reply.starts_with("Shall I")) << (event ? event->reply : event.error().message);
    ASSERT_TRUE(say(*home, "yes").starts_with("Done")) << "the event is in the calendar";
    auto reply = home->say("reply to Quillbrook saying the Zephyrine bistro is booked for us", {}, nullptr);
    ASSERT_TRUE(reply && !reply->skill.is_null()) << (reply ? reply->reply : reply.error().message);
    say(*home, "yes");
    ASSERT_EQ(companion::mail_outbox(*home, true)->size(), 1u) << "the reply waits in the outbox";
    ASSERT_FALSE(files_holding(tmp.path(), "Zephyrine").empty());

    auto first = home->forget(str("e", event->user_id));
    ASSERT_TRUE(first) << first.error().message;
    EXPECT_EQ(first->skills.events, 1) << first->message;
    EXPECT_NE(first->message.find("1 calendar event"), std::string::npos) << first->message;
    auto second = home->forget(str("e", reply->user_id));
    ASSERT_TRUE(second) << second.error().message;
    EXPECT_EQ(second->skills.outbox, 1) << second->message;
    EXPECT_TRUE(second->problems.empty()) << second->message;
    EXPECT_EQ(files_holding(tmp.path(), "Zephyrine"), std::vector<std::string>{});
    EXPECT_TRUE(companion::mail_outbox(*home, true)->empty());
    EXPECT_EQ(companion::calendar_export(*home).value_or("x"), "");
    EXPECT_EQ(companion::mail_list(*home, {})->size(), 1u) << "the mail that came in is not the person's words: it stays";
}

TEST_F(Privacy, TheExportHoldsEveryStoreAndNoPassword) {
    auto home = open();
    fill(*home, "Quillbrook");
    auto text = home->export_json();
    ASSERT_TRUE(text) << text.error().message;
    EXPECT_EQ(text->find("pw-Quillbrook"), std::string::npos) << "a password never leaves";
    auto doc = parse_json(*text).release_value();
    EXPECT_EQ(doc["format"], "os1-memory");
    EXPECT_EQ(doc["owner"], "local");
    ASSERT_EQ(doc["reminders"].size(), 1u);
    EXPECT_EQ(doc["reminders"][0]["text"], "call Quillbrook");
    EXPECT_GE(doc["proposals"].size(), 2u);  // the reminder and the calendar event, each with its yes
    EXPECT_TRUE(doc["checkins"].is_array());
    EXPECT_NE(doc["calendar"]["events"].get<std::string>().find("Dinner with Quillbrook"), std::string::npos);
    ASSERT_EQ(doc["mail"]["messages"].size(), 1u);
    EXPECT_EQ(doc["mail"]["messages"][0]["subject"], "About Quillbrook");
    EXPECT_FALSE(doc["mail"]["messages"][0].contains("text")) << "metadata only";
    EXPECT_EQ(doc["mail"]["account"]["password"], "sealed");
    EXPECT_TRUE(doc["mail"]["outbox"].is_array());
    ASSERT_EQ(doc["letters"].size(), 1u);
    EXPECT_NE(doc["letters"][0]["body"].get<std::string>().find("The garden is blooming"), std::string::npos);
    EXPECT_TRUE(doc["letters"][0]["versions"].is_array());
    EXPECT_TRUE(doc["episodes"].is_array());
    // Another person's export holds none of it (every store read for its owner).
    auto other = open("ben")->export_json();
    ASSERT_TRUE(other);
    EXPECT_EQ(other->find("Quillbrook"), std::string::npos) << *other;
}

TEST_F(Privacy, ForgetEverythingErasesOnePersonInEveryStore) {
    auto amy = open("amy", true), ben = open("ben", true);
    fill(*amy, "Quillbrook");
    fill(*ben, "Fennimore");
    say(*amy, "My cousin Quillbrook plays the oboe");
    say(*ben, "My cousin Fennimore plays the harp");
    ASSERT_FALSE(files_holding(tmp.path(), "Quillbrook").empty());

    auto out = amy->forget_everything();
    ASSERT_TRUE(out) << out.error().message;
    EXPECT_TRUE(out->problems.empty()) << out->message;
    EXPECT_GE(out->messages, 2);
    EXPECT_GE(out->skills_rows, 3);  // the reminder, two proposals
    EXPECT_EQ(out->letters, 1);
    EXPECT_GE(out->mail_rows, 2);    // the mail, the account
    EXPECT_EQ(files_holding(tmp.path(), "Quillbrook"), std::vector<std::string>{});
    EXPECT_FALSE(std::filesystem::exists(tmp / "data" / "people" / "amy" / "skills" / "mail.key"));
    // Amy's conversation starts over, empty; Ben's data is whole.
    EXPECT_TRUE(amy->window_empty());
    EXPECT_TRUE(amy->reminders(true)->empty());
    EXPECT_FALSE(files_holding(tmp.path(), "Fennimore").empty());
    EXPECT_EQ(ben->reminders(false)->size(), 1u);
    auto bens = parse_json(*ben->export_json()).release_value();
    EXPECT_EQ(bens["letters"].size(), 1u);
    EXPECT_EQ(bens["mail"]["messages"].size(), 1u);
    EXPECT_EQ(bens["mail"]["account"]["password"], "sealed");
    EXPECT_NE(dump_json(bens["episodes"]).find("harp"), std::string::npos);
}

}  // namespace
}  // namespace os1::skills

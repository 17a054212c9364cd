// The none brain: honest, remembers, answers memory questions from recall.
#include <gtest/gtest.h>

#include "brain/brain.h"
#include "companion/companion.h"
#include "companion/plain_reply.h"
#include "persona/interview.h"
#include "test_support.h"

using namespace os1;
using namespace os1::companion;

TEST(PlainReply, SecondPerson) {
    EXPECT_EQ(to_second_person("user's sister is Amy"), "your sister is Amy");
    EXPECT_EQ(to_second_person("user lives in Oslo"), "you live in Oslo");
    EXPECT_EQ(to_second_person("user is afraid of heights"), "you are afraid of heights");
    EXPECT_EQ(to_second_person("user hopes to run a marathon"), "you hope to run a marathon");
    EXPECT_EQ(to_second_person("user works as a nurse."), "you work as a nurse");
    EXPECT_EQ(to_second_person("You's sister is Amy"), "your sister is Amy");
    EXPECT_EQ(to_second_person("You is afraid of heights"), "you are afraid of heights");
    EXPECT_TRUE(is_question("what's my sister's name"));
    EXPECT_TRUE(is_question("Amy is where?"));
    EXPECT_FALSE(is_question("My sister is Amy"));
}

TEST(PlainReply, NoBrainStillRemembersAndRecalls) {
    test::TempDir dir;
    auto memory = memory::Memory::open_at(dir / "os1.db");
    ASSERT_TRUE(memory.ok());
    brain::BrainConfig none;
    auto brain = brain::make_brain(none);
    ASSERT_TRUE(brain.ok());
    FixedPerceiver perceiver;
    FakeClock clock;
    auto setup = persona::build_setup({{"you.name", "Sam"}}, {}, false, clock.wall_ms());
    Companion c(setup, **memory, **brain, perceiver, clock, {.session = "s1"});

    std::string streamed;
    auto t = c.turn("My sister Amy lives in Lisbon", [&](std::string_view p) { streamed += p; return true; });
    ASSERT_TRUE(t.ok()) << t.error().message;
    EXPECT_TRUE(t->plain);
    EXPECT_EQ(streamed, t->reply);
    EXPECT_NE(t->reply.find("I'll remember that your sister is Amy"), std::string::npos) << t->reply;
    EXPECT_NE(t->reply.find("language model"), std::string::npos) << t->reply;
    EXPECT_NE(t->reply.find("os1 pull"), std::string::npos) << t->reply;
    EXPECT_GT(t->reply_id, 0);

    clock.advance_ms(86'400'000);
    auto q = c.turn("What is my sister's name?", nullptr);
    ASSERT_TRUE(q.ok());
    EXPECT_NE(q->reply.find("Amy"), std::string::npos) << q->reply;
    EXPECT_EQ(q->reply.find("I should be honest"), std::string::npos) << "said the full notice twice: " << q->reply;

    auto unknown = c.turn("Who is Bartholomew Quince?", nullptr);
    ASSERT_TRUE(unknown.ok());
    EXPECT_FALSE(unknown->reply.empty());
}

// The none brain: honest, remembers, answers memory questions from recall.
#include <gtest/gtest.h>

#include "brain/brain.h"
#include "companion/companion.h"
#include "companion/plain_intent.h"
#include "companion/plain_match.h"
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

// ---- Reading the message (plain_intent.h) ----

TEST(PlainIntent, ReadsWhatIsAsked) {
    struct Case {
        const char* text;
        Intent intent;
    };
    const Case cases[] = {
        {"Are you a real person?", Intent::Identity},
        {"are u a bot", Intent::Identity},
        {"Who made you?", Intent::Identity},
        {"Do you have feelings?", Intent::Identity},
        {"Remind me to call Rachel on Sunday", Intent::CantDo},
        {"Can you set an alarm for 7?", Intent::CantDo},
        {"What's the weather like tomorrow?", Intent::CantDo},
        {"Please email my boss that I'm sick", Intent::CantDo},
        {"What's my sister's name?", Intent::MemoryQuestion},
        {"Where does Rachel live?", Intent::MemoryQuestion},
        {"Remind me what my sister's name is", Intent::MemoryQuestion},
        {"What did you say about walking?", Intent::AskedWhatISaid},
        {"How do I fix my sink?", Intent::OpenQuestion},
        {"Why is the sky blue?", Intent::OpenQuestion},
        {"Tell me a joke", Intent::OpenQuestion},
        {"Hi!", Intent::Greeting},
        {"Thanks so much", Intent::Thanks},
        {"Goodnight, talk tomorrow", Intent::Goodbye},
        {"how are you?", Intent::SmallTalk},
        {"My sister Amy lives in Lisbon", Intent::Statement},
        {"Book club was fun tonight", Intent::Statement},
        {"I need to call my mom later", Intent::Statement},
    };
    for (const auto& c : cases) EXPECT_EQ(static_cast<int>(read_intent(c.text).intent), static_cast<int>(c.intent)) << c.text;
    auto r = read_intent("Remind me to call Rachel on Sunday");
    EXPECT_EQ(r.capability, "set reminders");
    EXPECT_TRUE(r.rememberable);
    EXPECT_TRUE(read_intent("Hi, my sister is Amy.").greeted);
    EXPECT_EQ(static_cast<int>(read_intent("Hi, my sister is Amy.").intent), static_cast<int>(Intent::Statement));
}

TEST(PlainIntent, QuestionsAndSmallTalkAreNotMemories) {
    EXPECT_FALSE(worth_recalling("What's the capital of France?"));
    EXPECT_FALSE(worth_recalling("hello"));
    EXPECT_FALSE(worth_recalling("Thanks!"));
    EXPECT_FALSE(worth_recalling("ok"));
    EXPECT_FALSE(worth_recalling("What's the weather like?"));
    EXPECT_TRUE(worth_recalling("My sister Rachel lives in Boston."));
    EXPECT_TRUE(worth_recalling("Remind me to call Rachel on Sunday"));
    EXPECT_TRUE(worth_recalling("Hi! I started a new job today. How are you?"));
    EXPECT_TRUE(asks_what_i_said("What did you tell me yesterday?"));
    EXPECT_TRUE(asks_what_i_said("you told me something about walks"));
    EXPECT_FALSE(asks_what_i_said("What did I tell you about Amy?"));
}

TEST(PlainMatch, MemoryMustShareTheQuestionsKeyWords) {
    Terms q = key_terms("Where does Rachel live?");
    Match m = match(q, "My sister Rachel lives in Boston.");
    EXPECT_EQ(m.anchors, 1);
    EXPECT_EQ(m.others, 1);
    EXPECT_FALSE(match(q, "My brother Tom lives in Chicago.").related()) << "about someone else";
    EXPECT_FALSE(match(key_terms("What's my brother's name?"), "your sister is Rachel").related());
    EXPECT_TRUE(match(key_terms("What am I scared of?"), "you are afraid of heights").related()) << "synonyms";
    EXPECT_TRUE(match(key_terms("What do I do for a living?"), "you work as a nurse").related());
    EXPECT_TRUE(match(key_terms("Which food can't I stand?"), "I can't stand olives").related());
    EXPECT_FALSE(match(key_terms("When is my birthday?"), "I live in Portland").related());
    EXPECT_NE(focused_query("What am I scared of?").find("afraid"), std::string::npos);
}

// ---- Whole turns with the none brain ----

namespace {

struct NoModel {
    test::TempDir dir;
    std::unique_ptr<memory::Memory> memory;
    std::unique_ptr<brain::Brain> brain;
    FixedPerceiver perceiver;
    FakeClock clock;
    std::unique_ptr<Companion> companion;

    NoModel() {
        memory = std::move(*memory::Memory::open_at(dir / "os1.db"));
        brain = std::move(*brain::make_brain(brain::BrainConfig{}));
        auto setup = persona::build_setup({{"you.name", "Sam"}}, {}, false, clock.wall_ms());
        companion = std::make_unique<Companion>(setup, *memory, *brain, perceiver, clock, CompanionOptions{.session = "s1"});
    }
    TurnResult say(const std::string& text) {
        clock.advance_ms(60'000);
        auto t = companion->turn(text, nullptr);
        EXPECT_TRUE(t.ok()) << text;
        return t ? *t : TurnResult{};
    }
};

bool has(const std::string& s, std::string_view x) { return s.find(x) != std::string::npos; }

}  // namespace

TEST(PlainReply, AnswersOrSaysPlainlyItCannot) {
    NoModel m;
    auto first = m.say("Are you a real person?");
    EXPECT_TRUE(has(first.reply, "AI companion")) << first.reply;
    EXPECT_TRUE(has(first.reply, "not a person")) << first.reply;
    EXPECT_TRUE(has(first.reply, "os1 pull")) << "the first reply says how to get a model: " << first.reply;

    auto remind = m.say("Remind me to call Rachel on Sunday");
    // Without the skills (a bare Companion), how to ask for one; with them the desk answers first.
    EXPECT_TRUE(has(remind.reply, "I can set reminders")) << remind.reply;
    EXPECT_FALSE(has(remind.reply, "I'll remind")) << remind.reply;
    EXPECT_FALSE(has(remind.reply, "Here's what I remember")) << remind.reply;

    auto peru = m.say("What's the capital of Peru?");
    EXPECT_TRUE(has(peru.reply, "without a language model")) << peru.reply;
    EXPECT_TRUE(has(peru.reply, "can't")) << peru.reply;

    auto sink = m.say("How do I fix my sink?");
    EXPECT_TRUE(has(sink.reply, "can't answer that without a language model")) << sink.reply;

    auto unknown = m.say("What's my brother's name?");
    EXPECT_TRUE(has(unknown.reply, "haven't told me")) << unknown.reply;
    EXPECT_FALSE(has(unknown.reply, "\"")) << "no quotes when nothing is relevant: " << unknown.reply;

    EXPECT_EQ(m.say("Thanks!").reply, "You're welcome.");
    EXPECT_TRUE(has(m.say("Bye!").reply, "Goodbye, Sam")) << "goodbyes in kind";
    for (const char* later : {"hello", "What's the weather like?", "Who made you?"})
        EXPECT_FALSE(has(m.say(later).reply, "os1 pull")) << "'os1 pull' is said once per conversation";
}

TEST(PlainReply, MemoryAnswersInPlainWordsWithTheirDate) {
    NoModel m;
    m.clock.set_wall_ms(1'772'539'200'000);  // 2026-03-03
    m.say("My sister Rachel lives in Boston.");
    m.clock.advance_ms(30LL * 86'400'000);
    auto q = m.say("What's my sister's name?");
    EXPECT_TRUE(has(q.reply, "Your sister is Rachel")) << q.reply;
    EXPECT_TRUE(has(q.reply, "you told me on March 3")) << q.reply;
    EXPECT_FALSE(has(q.reply, "Here's what I remember")) << q.reply;
    auto where = m.say("Where does Rachel live?");
    EXPECT_TRUE(has(where.reply, "Boston")) << where.reply;
}

TEST(PlainReply, RecallLeavesOutQuestionsSmallTalkAndItsOwnWords) {
    NoModel m;
    m.say("What's the capital of France?");
    m.say("hello");
    m.say("I went hiking in the Alps with Amy.");
    // Push the first turns out of the recent window's reach: a new companion over the same memory.
    m.companion = std::make_unique<Companion>(m.companion->setup(), *m.memory, *m.brain, m.perceiver, m.clock,
                                              CompanionOptions{.session = "s2"});
    for (const char* text : {"What do you know about France?", "hello there, what do you know?"}) {
        auto q = m.say(text);
        for (const auto& r : q.memories) {
            EXPECT_NE(r.text, "What's the capital of France?") << "a question is not a memory";
            EXPECT_NE(r.text, "hello") << "small talk is not a memory";
            EXPECT_NE(r.speaker, "os1") << "its own words, unasked: " << r.text;
        }
        EXPECT_FALSE(has(q.reply, "capital of France")) << q.reply;
        EXPECT_FALSE(has(q.reply, "\"hello\"")) << q.reply;
    }
    auto alps = m.say("What do you know about the Alps?");
    EXPECT_TRUE(has(alps.reply, "hiking in the Alps with Amy")) << alps.reply;

    auto said = m.say("What did you say about the capital of France?");
    bool own = false;
    for (const auto& r : said.memories) own = own || r.speaker == "os1";
    EXPECT_TRUE(own) << "asked what it said, its own words come back";
}

TEST(PlainReply, EpisodesInTheWindowAreNotRecalled) {
    NoModel m;
    auto told = m.say("I had a lovely pasta dinner with Jo.");
    auto q = m.say("Tell me about the pasta dinner with Jo");
    for (const auto& r : q.memories) EXPECT_NE(r.text, "I had a lovely pasta dinner with Jo.") << "already in the window";
    EXPECT_TRUE(has(q.reply, "pasta")) << "asked directly, it still says what it was told: " << q.reply;
    EXPECT_GT(told.user_id, 0);
}

TEST(PlainIntent, SmallTalkAndWhatItCanDo) {
    EXPECT_EQ(static_cast<int>(read_intent("Are you there?").intent), static_cast<int>(Intent::SmallTalk));
    EXPECT_EQ(static_cast<int>(read_intent("What can you do?").intent), static_cast<int>(Intent::Identity));
    EXPECT_EQ(static_cast<int>(read_intent("Do you remember my sister?").intent), static_cast<int>(Intent::MemoryQuestion));
}

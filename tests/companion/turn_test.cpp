// One turn, with a scripted brain: durability before the brain, the budget,
// recall with dates, summarising before eviction, resume, JSON shape.
#include <gtest/gtest.h>

#include "companion/companion.h"
#include "companion/scripted_brain.h"
#include "persona/interview.h"
#include "test_support.h"

using namespace os1;
using namespace os1::companion;

namespace {

constexpr int64_t DAY_MS = 86'400'000;

struct Fixture {
    test::TempDir dir;
    std::unique_ptr<memory::Memory> memory;
    ScriptedBrain brain;
    FixedPerceiver perceiver;
    FakeClock clock;
    persona::Setup setup;

    explicit Fixture(int context = 2048) : brain(context) {
        auto m = memory::Memory::open_at(dir / "os1.db");
        EXPECT_TRUE(m.ok()) << m.error().message;
        memory = m.release_value();
        setup = persona::build_setup({{"you.name", "Sam"}, {"style.tone", "warm"}}, {}, false, clock.wall_ms());
    }
    Companion make(CompanionOptions options = {}) {
        if (options.session.empty()) options.session = "s1";
        return Companion(setup, *memory, brain, perceiver, clock, options);
    }
    std::vector<memory::StoredEpisode> stored() {
        auto other = memory::Memory::open_at(dir / "os1.db");  // a second connection: sees only committed rows
        EXPECT_TRUE(other.ok());
        auto r = (*other)->recent_episodes("", 1000);
        EXPECT_TRUE(r.ok());
        return r.value_or({});
    }
};

bool contains(const std::vector<memory::StoredEpisode>& eps, const std::string& text) {
    for (const auto& e : eps)
        if (e.episode.text == text) return true;
    return false;
}

bool same_messages(const std::vector<brain::ChatMessage>& a, const std::vector<brain::ChatMessage>& b) {
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); i++)
        if (a[i].role != b[i].role || a[i].content != b[i].content) return false;
    return true;
}

}  // namespace

TEST(Turn, StoresTheMessageBeforeTheBrainIsCalled) {
    Fixture f;
    auto c = f.make();
    bool seen = false;
    f.brain.on_chat = [&](const brain::ChatRequest&) { seen = contains(f.stored(), "My sister Amy moved to Oslo"); };
    auto t = c.turn("My sister Amy moved to Oslo", nullptr);
    ASSERT_TRUE(t.ok()) << t.error().message;
    EXPECT_TRUE(seen) << "the message was not committed when the brain was called";
    EXPECT_TRUE(contains(f.stored(), "I hear you: My sister Amy moved to Oslo"));
    EXPECT_GT(t->user_id, 0);
    EXPECT_GT(t->reply_id, t->user_id);
}

TEST(Turn, BrainErrorOrThrowKeepsTheMessage) {
    Fixture f;
    auto c = f.make();
    f.brain.mode = ScriptedBrain::Mode::Error;
    auto t = c.turn("Remember that my train leaves at nine", nullptr);
    ASSERT_FALSE(t.ok());
    EXPECT_NE(t.error().message.find("scripted server is down"), std::string::npos);
    EXPECT_TRUE(contains(f.stored(), "Remember that my train leaves at nine"));

    f.brain.mode = ScriptedBrain::Mode::Throw;
    auto t2 = c.turn("And my sister is called Amy", nullptr);
    ASSERT_FALSE(t2.ok());
    EXPECT_NE(t2.error().message.find("scripted failure"), std::string::npos);
    EXPECT_TRUE(contains(f.stored(), "And my sister is called Amy"));

    // The conversation goes on, with the unanswered messages in the prompt.
    f.brain.mode = ScriptedBrain::Mode::Reply;
    auto t3 = c.turn("Are you back?", nullptr);
    ASSERT_TRUE(t3.ok());
    const auto& msgs = f.brain.requests.back().messages;
    bool found = false;
    for (const auto& m : msgs) found = found || m.content == "Remember that my train leaves at nine";
    EXPECT_TRUE(found);
}

TEST(TurnDeathTest, BrainCrashKeepsTheMessage) {
    // "fast" style: the forked child writes where the parent looks.
    GTEST_FLAG_SET(death_test_style, "fast");
    test::TempDir dir;
    EXPECT_DEATH(
        {
            auto m = memory::Memory::open_at(dir / "os1.db");
            if (!m) std::exit(3);
            ScriptedBrain brain;
            brain.mode = ScriptedBrain::Mode::Crash;
            FixedPerceiver perceiver;
            FakeClock clock;
            auto setup = persona::build_setup({{"you.name", "Sam"}}, {}, false, clock.wall_ms());
            Companion c(setup, **m, brain, perceiver, clock, {.session = "s1"});
            (void)c.turn("I got the job!", nullptr);
        },
        "");
    auto m = memory::Memory::open_at(dir / "os1.db");
    ASSERT_TRUE(m.ok()) << m.error().message;
    auto eps = (*m)->recent_episodes("", 10);
    ASSERT_TRUE(eps.ok());
    EXPECT_TRUE(contains(*eps, "I got the job!"));
}

TEST(Turn, PromptStaysWithinBudgetAndKeepsNewestTurns) {
    Fixture f(/*context=*/400);
    CompanionOptions o;
    o.reply_tokens = 64;
    auto c = f.make(o);
    for (int i = 0; i < 40; i++) {
        auto t = c.turn(str("message number ", i, " about the garden and the weather today"), nullptr);
        ASSERT_TRUE(t.ok()) << t.error().message;
        const auto& req = f.brain.requests.back();
        EXPECT_LE(f.brain.count_prompt_tokens(req.messages), 400 - 64) << "turn " << i;
        EXPECT_EQ(req.messages.front().role, "system");
        EXPECT_EQ(message_text(req.messages.back().content),
                  str("message number ", i, " about the garden and the weather today"));
        EXPECT_EQ(req.messages.back().content.rfind("<context>\n", 0), 0u) << req.messages.back().content;
        if (i >= 2) {
            // The newest earlier turn (the previous reply) is right before the message.
            EXPECT_EQ(req.messages[req.messages.size() - 2].content,
                      str("I hear you: message number ", i - 1, " about the garden and the weather today"));
        }
    }
    // By now the oldest turns have left the conversation part of the prompt
    // (recall may still bring them back into the context block as memories).
    for (const auto& m : f.brain.requests.back().messages)
        if (m.role != "system") {
            EXPECT_EQ(message_text(m.content).find("message number 0 about"), std::string::npos) << m.content;
        }
}

TEST(Turn, SummarisesOlderTurnsBeforeTheyLeave) {
    Fixture f(/*context=*/400);
    CompanionOptions o;
    o.reply_tokens = 64;
    auto c = f.make(o);
    int evicted = 0;
    for (int i = 0; i < 30 && evicted == 0; i++) {
        auto t = c.turn(str("On day ", i, " I walked the dog along the river with Amy"), nullptr);
        ASSERT_TRUE(t.ok());
        evicted += t->evicted;
    }
    ASSERT_GT(evicted, 0) << "the window never filled";
    auto summaries = f.memory->summaries();
    ASSERT_TRUE(summaries.ok());
    ASSERT_FALSE(summaries->empty()) << "turns left the window without a summary";
    EXPECT_FALSE(c.carried_summary().empty());
    auto t = c.turn("What did we talk about?", nullptr);
    ASSERT_TRUE(t.ok());
    const auto& context = f.brain.requests.back().messages.back().content;
    EXPECT_NE(context.find("Earlier in this conversation:"), std::string::npos) << context;
    EXPECT_EQ(message_text(context), "What did we talk about?");
}

TEST(Turn, RecalledMemoriesAppearWithTheirDates) {
    Fixture f;
    auto c = f.make();
    ASSERT_TRUE(c.turn("My sister Amy lives in Lisbon", nullptr).ok());
    f.clock.advance_ms(3 * DAY_MS);
    auto c2 = f.make({.session = "s2"});  // a new conversation: nothing in the window
    auto t = c2.turn("Where does my sister Amy live?", nullptr);
    ASSERT_TRUE(t.ok());
    ASSERT_FALSE(t->memories.empty());
    bool cited = false;
    for (const auto& m : t->memories) cited = cited || !m.sources.empty();
    EXPECT_TRUE(cited);
    // Memories ride in the context block of the newest message, not in the system message.
    const auto& context = f.brain.requests.back().messages.back().content;
    EXPECT_NE(context.find("Lisbon"), std::string::npos) << context;
    EXPECT_NE(context.find("(" + format_day(f.clock.wall_ms() - 3 * DAY_MS) + ")"), std::string::npos) << context;
    EXPECT_EQ(message_text(context), "Where does my sister Amy live?");
}

TEST(Turn, ResumeReloadsTheConversation) {
    Fixture f;
    {
        auto c = f.make();
        ASSERT_TRUE(c.turn("I'm repainting the kitchen yellow", nullptr).ok());
    }
    auto c = f.make();
    ASSERT_TRUE(c.resume().ok());
    ASSERT_EQ(c.window().size(), 2u);
    ASSERT_TRUE(c.turn("Do you think it will look good?", nullptr).ok());
    const auto& msgs = f.brain.requests.back().messages;
    ASSERT_GE(msgs.size(), 4u);
    EXPECT_EQ(msgs[1].content, "I'm repainting the kitchen yellow");
}

TEST(Turn, CancelKeepsWhatWasSaid) {
    Fixture f;
    auto c = f.make();
    f.brain.replies.push_back("one two three four five six");
    brain::CancelFlag cancel{false};
    int pieces = 0;
    auto t = c.turn("Tell me something", [&](std::string_view) {
        if (++pieces == 2) cancel = true;
        return true;
    }, &cancel);
    ASSERT_TRUE(t.ok());
    EXPECT_EQ(t->finish, brain::FinishReason::Cancelled);
    EXPECT_EQ(t->reply, "one two");
    EXPECT_TRUE(contains(f.stored(), "one two"));
}

TEST(Turn, JsonHasReplyEmotionAndMemoriesWithSources) {
    Fixture f;
    auto c = f.make();
    ASSERT_TRUE(c.turn("My best friend is called Jo", nullptr).ok());
    auto t = c.turn("Tell me about my best friend Jo", nullptr);
    ASSERT_TRUE(t.ok());
    auto j = t->to_json();
    ASSERT_TRUE(j["reply"].is_string());
    EXPECT_FALSE(j["reply"].get<std::string>().empty());
    ASSERT_TRUE(j["emotion"].is_object());
    EXPECT_TRUE(j["emotion"].contains("emotions"));
    EXPECT_TRUE(j["emotion"].contains("valence"));
    EXPECT_TRUE(j["emotion"]["predicted"].is_array());
    ASSERT_TRUE(j["memories"].is_array());
    for (const auto& m : j["memories"]) {
        EXPECT_TRUE(m["text"].is_string());
        EXPECT_TRUE(m["sources"].is_array());
    }
    EXPECT_EQ(j["user_id"], str("e", t->user_id));
}

TEST(Turn, EmptyMessageIsRefused) {
    Fixture f;
    auto c = f.make();
    auto t = c.turn("   ", nullptr);
    ASSERT_FALSE(t.ok());
    EXPECT_TRUE(f.brain.requests.empty());
    EXPECT_TRUE(f.stored().empty());
}

// KV-cache friendliness: turn N+1's prompt starts with turn N's prompt minus
// its volatile tail (the last message: context block + the message), except
// on the turns that evicted old conversation, which are few (chunks).
TEST(Turn, PromptPrefixIsStableBetweenTurns) {
    // The mood changes every turn: it is volatile context, like the date.
    struct Moody final : Perceiver {
        int n = 0;
        Emotion perceive(std::string_view) override {
            Emotion e;
            e.predicted = e.ekman = (n++ % 2) ? "joy" : "sadness";
            e.valence = (n % 2) ? -0.6 : 0.7;
            return e;
        }
    } moody;
    Fixture f(/*context=*/1024);
    Companion c(f.setup, *f.memory, f.brain, moody, f.clock, {.session = "s1", .reply_tokens = 64});
    const int TURNS = 60;
    int evicting_turns = 0, stable_turns = 0;
    for (int i = 0; i < TURNS; i++) {
        f.clock.advance_ms(i % 7 == 0 ? DAY_MS : 60'000);  // the date changes too
        auto t = c.turn(str("Turn ", i, ": I walked the dog with Amy by the river near Lisbon"), nullptr);
        ASSERT_TRUE(t.ok()) << t.error().message;
        if (i == 0) continue;
        const auto& prev = f.brain.requests[f.brain.requests.size() - 2].messages;
        const auto& cur = f.brain.requests.back().messages;
        ASSERT_GE(cur.size(), 2u);
        EXPECT_EQ(cur.front().content, prev.front().content) << "the system message changed at turn " << i;
        if (t->evicted > 0) {
            evicting_turns++;
            continue;
        }
        // Every message but the last one of turn N, unchanged and in place.
        ASSERT_GE(cur.size(), prev.size() + 1) << "turn " << i;
        for (size_t k = 0; k + 1 < prev.size(); k++) {
            EXPECT_EQ(cur[k].role, prev[k].role) << "turn " << i << " message " << k;
            EXPECT_EQ(cur[k].content, prev[k].content) << "turn " << i << " message " << k;
        }
        // Turn N's message is now plain history, followed by its reply.
        EXPECT_EQ(cur[prev.size() - 1].content, message_text(prev.back().content)) << "turn " << i;
        EXPECT_EQ(cur[prev.size()].role, "assistant");
        stable_turns++;
    }
    EXPECT_GT(evicting_turns, 0) << "the window never filled: the test does not cover eviction";
    EXPECT_LE(evicting_turns * 4, TURNS) << "eviction should happen in chunks, not every turn";
    EXPECT_EQ(stable_turns + evicting_turns, TURNS - 1);
}

TEST(Turn, ContextBlockIsStrippedOnlyWhenWellFormed) {
    EXPECT_EQ(message_text("<context>\nToday is Monday.\n</context>\n\nhello"), "hello");
    EXPECT_EQ(message_text("hello"), "hello");
    EXPECT_EQ(message_text("<context>\nno end marker, hello"), "<context>\nno end marker, hello");
    EXPECT_EQ(message_text("a <context>\n in the middle\n</context>\n\nx"), "a <context>\n in the middle\n</context>\n\nx");
}

// Read ahead: after each reply the companion hands the brain the
// conversation as the next prompt will begin (Brain::read_ahead): the last
// prompt without its context block, then the reply. A local brain reads it
// while the person reads the reply, so the next turn reads only the new
// context block and message (tests/brain/local_brain_read_ahead_test.cpp).
TEST(ReadAhead, EachReplyReadsAheadExactlyWhatTheNextPromptStartsWith) {
    Fixture f(/*context=*/1024);
    Companion c(f.setup, *f.memory, f.brain, f.perceiver, f.clock, {.session = "s1", .reply_tokens = 64});
    const int TURNS = 40;
    int matched = 0, evicting = 0;
    for (int i = 0; i < TURNS; i++) {
        f.clock.advance_ms(60'000);
        auto t = c.turn(str("Turn ", i, ": Amy and I walked the dog by the river near Lisbon"), nullptr);
        ASSERT_TRUE(t.ok()) << t.error().message;
        ASSERT_EQ(f.brain.read_aheads.size(), static_cast<size_t>(i + 1)) << "one read-ahead per answered turn";
        const auto& ahead = f.brain.read_aheads.back();
        const auto& asked = f.brain.requests.back().messages;
        // The prompt without its context block, then the reply as the window keeps it.
        ASSERT_EQ(ahead.size(), asked.size() + 1);
        EXPECT_EQ(ahead[ahead.size() - 2].content, message_text(asked.back().content));
        EXPECT_NE(ahead[ahead.size() - 2].content, asked.back().content) << "the context block is not read ahead";
        EXPECT_EQ(ahead.back().role, "assistant");
        EXPECT_EQ(ahead.back().content, t->reply);
        if (i == 0) continue;
        // What was read ahead after the last turn is where this prompt starts.
        const auto& before = f.brain.read_aheads[f.brain.read_aheads.size() - 2];
        if (t->evicted > 0) {
            evicting++;
            continue;
        }
        const std::vector<brain::ChatMessage> start(asked.begin(), asked.begin() + static_cast<long>(before.size()));
        EXPECT_TRUE(same_messages(start, before)) << "turn " << i;
        matched++;
    }
    EXPECT_GT(evicting, 0) << "the window never filled: eviction is not covered";
    EXPECT_EQ(matched + evicting, TURNS - 1);
}

TEST(ReadAhead, NothingIsReadAheadAfterACancelledReply) {
    Fixture f(/*context=*/2048);
    Companion c(f.setup, *f.memory, f.brain, f.perceiver, f.clock, {.session = "s1"});
    brain::CancelFlag cancel{false};
    int pieces = 0;
    auto t = c.turn("Tell me a long story about the sea", [&](std::string_view) {
        if (++pieces == 2) cancel = true;
        return true;
    }, &cancel);
    ASSERT_TRUE(t.ok()) << t.error().message;
    EXPECT_EQ(t->finish, brain::FinishReason::Cancelled);
    EXPECT_TRUE(f.brain.read_aheads.empty());
    EXPECT_EQ(t->read_ahead_ms, 0.0);
}

TEST(ReadAhead, PrepareReadsTheSystemMessageTheFirstPromptStartsWith) {
    Fixture f(/*context=*/2048);
    Companion c(f.setup, *f.memory, f.brain, f.perceiver, f.clock, {.session = "s1"});
    ASSERT_TRUE(c.prepare().ok());
    ASSERT_EQ(f.brain.read_aheads.size(), 1u);
    ASSERT_EQ(f.brain.read_aheads[0].size(), 1u);
    EXPECT_EQ(f.brain.read_aheads[0][0].role, "system");
    auto t = c.turn("Good morning, I slept badly", nullptr);
    ASSERT_TRUE(t.ok()) << t.error().message;
    const auto& asked = f.brain.requests.back().messages;
    ASSERT_FALSE(asked.empty());
    EXPECT_EQ(asked.front().role, "system");
    EXPECT_EQ(asked.front().content, f.brain.read_aheads[0][0].content) << "the first prompt starts with what was read";
}

// A front end's limits for one turn (the OpenAI door's max_tokens,
// temperature, stop) reach the brain for that turn only; the reply's
// tokens are the brain's own count.
TEST(Turn, TurnOptionsBoundThatTurnOnly) {
    Fixture f;
    auto c = f.make();
    f.brain.replies = {"one two three", "four five six seven"};
    TurnOptions limits;
    limits.max_tokens = 5;
    limits.temperature = 0.0f;
    limits.stop = {"\n\n", "END"};
    auto t = c.turn("Tell me a long story", nullptr, nullptr, nullptr, {}, &limits);
    ASSERT_TRUE(t.ok()) << t.error().message;
    ASSERT_EQ(f.brain.requests.size(), 1u);
    EXPECT_EQ(f.brain.requests[0].max_tokens, 5);
    EXPECT_EQ(f.brain.requests[0].temperature, 0.0f);
    EXPECT_EQ(f.brain.requests[0].stop, (std::vector<std::string>{"\n\n", "END"}));
    EXPECT_EQ(t->completion_tokens, 3);  // three pieces streamed
    auto next = c.turn("And then?", nullptr);
    ASSERT_TRUE(next.ok());
    EXPECT_EQ(f.brain.requests[1].max_tokens, CompanionOptions{}.reply_tokens);
    EXPECT_EQ(f.brain.requests[1].temperature, CompanionOptions{}.temperature);
    EXPECT_TRUE(f.brain.requests[1].stop.empty());
    EXPECT_EQ(next->completion_tokens, 4);
}

// Crisis care is never cut by a client's max_tokens: the help lines follow
// the model's words, and the count includes them.
TEST(Turn, TurnOptionsNeverCutTheHelpLines) {
    Fixture f;
    auto c = f.make();
    f.brain.replies = {"I'm here."};
    TurnOptions limits;
    limits.max_tokens = 1;
    auto t = c.turn("I want to kill myself", nullptr, nullptr, nullptr, {}, &limits);
    ASSERT_TRUE(t.ok()) << t.error().message;
    ASSERT_TRUE(t->safety.has_value());
    EXPECT_GT(t->reply.size(), std::string("I'm here.").size() + 10) << t->reply;
    EXPECT_GT(t->completion_tokens, 2);
}

// /forget inside a conversation (forget.h): after forgetting a fact, the
// next prompt the brain sees holds none of its words — not in the window,
// not in the recalled memories, not in the persona (an interview answer
// that stated it) — and the brain's state, saved states, chat history and
// persona files are clean too.
#include <gtest/gtest.h>

#include "companion/companion.h"
#include "companion/forget.h"
#include "companion/chat_history.h"
#include "companion/scripted_brain.h"
#include "companion/setup_flow.h"
#include "companion/slash.h"
#include "core/files.h"
#include "persona/interview.h"
#include "test_support.h"

using namespace os1;
using namespace os1::companion;

namespace {

bool prompt_mentions(const brain::ChatRequest& request, const std::string& word) {
    for (const auto& m : request.messages)
        if (m.content.find(word) != std::string::npos) return true;
    return false;
}

}  // namespace

TEST(Forget, TheNextPromptHoldsNoneOfTheForgottenWords) {
    test::TempDir dir;
    const auto data = dir / "data";
    ASSERT_TRUE(ensure_dir(data));
    auto memory = memory::Memory::open_at(data / "os1.db");
    ASSERT_TRUE(memory) << memory.error().message;
    ScriptedBrain brain;
    FixedPerceiver perceiver;
    FakeClock clock;
    // The first meeting: an answer naming the sister, in persona.toml and in memory.
    auto setup = persona::build_setup({{"you.name", "Sam"}, {"life.people", "My sister Zorblatt lives in Lisbon."}}, {},
                                      false, clock.wall_ms());
    ASSERT_TRUE(persona::save_setup(persona_path(data), setup));
    ASSERT_TRUE((*memory)->add_episode({"user", "My sister Zorblatt lives in Lisbon.", clock.wall_ms(), "setup",
                                        "setup:life.people:1", std::nullopt}));
    ASSERT_TRUE(write_file_atomic(chat_history_path(data), "My sister Zorblatt is visiting on Friday\nhello\n"));
    ASSERT_TRUE(ensure_dir(dir / "kv"));
    ASSERT_TRUE(write_file_atomic(dir / "kv" / "00ff.kv", "tokens"));

    CompanionOptions options;
    options.session = "s1";
    options.data_dir = data;
    options.kv_state_dir = dir / "kv";
    Companion c(setup, **memory, brain, perceiver, clock, options);
    ASSERT_TRUE(c.resume());
    brain.replies = {"How lovely, a visit on Friday!", "Bread sounds good."};
    ASSERT_TRUE(c.turn("My sister Zorblatt is visiting on Friday", nullptr));
    ASSERT_TRUE(c.turn("I baked bread this morning", nullptr));
    ASSERT_TRUE(prompt_mentions(brain.requests.back(), "Zorblatt")) << "the persona and the window carry it before";

    std::string id;
    for (const auto& f : (*memory)->facts().value_or({}))
        if (f.key.rfind("relation:sister", 0) == 0) id = str("f", f.id);  // not the plan "sister ... visit"
    ASSERT_FALSE(id.empty());
    auto said = run_slash(c, "/forget " + id);
    EXPECT_TRUE(said.ok) << said.text;
    // The extractor also reads a plan and a place from those messages: "(with 2 related facts)".
    EXPECT_NE(said.text.find("Forgotten: the fact " + id + " "), std::string::npos) << said.text;
    EXPECT_NE(said.text.find("the 2 messages it came from"), std::string::npos) << said.text;
    EXPECT_NE(said.text.find("1 reply of mine"), std::string::npos) << said.text;
    EXPECT_NE(said.text.find("1 line of chat history"), std::string::npos) << said.text;
    EXPECT_NE(said.text.find("1 answer from our first meeting"), std::string::npos) << said.text;
    EXPECT_NE(said.text.find("1 saved conversation state"), std::string::npos) << said.text;

    brain.replies = {"Nobody comes to mind."};
    ASSERT_TRUE(c.turn("Who is my sister, and who is visiting?", nullptr));
    EXPECT_FALSE(prompt_mentions(brain.requests.back(), "Zorblatt"));
    EXPECT_FALSE(prompt_mentions(brain.requests.back(), "visit on Friday")) << "the reply to it went too";
    EXPECT_TRUE(prompt_mentions(brain.requests.back(), "bread")) << "what was not forgotten stays";
    EXPECT_EQ(c.setup().profile.answers.count("life.people"), 0u);
    EXPECT_EQ(*read_file(chat_history_path(data)), "hello\n");
    auto file = persona::load_setup(persona_path(data));
    ASSERT_TRUE(file);
    EXPECT_EQ(file->profile.answers.count("life.people"), 0u);
    EXPECT_EQ(file->profile.name, "Sam");
    EXPECT_FALSE(std::filesystem::exists(dir / "kv" / "00ff.kv"));

    // A stale id is a plain "no such memory", and forgets nothing else.
    auto again = run_slash(c, "/forget " + id);
    EXPECT_FALSE(again.ok);
    EXPECT_NE(again.text.find("no fact"), std::string::npos) << again.text;
    EXPECT_EQ((*memory)->episode_count().value_or(0), 4);  // bread, its reply, the question, its reply
}

// Words after /forget list what matches, with ids, and forget nothing.
TEST(Forget, WordsListMatchesFirst) {
    test::TempDir dir;
    auto memory = memory::Memory::open_at(dir / "os1.db");
    ASSERT_TRUE(memory);
    ScriptedBrain brain;
    FixedPerceiver perceiver;
    FakeClock clock;
    Companion c(persona::Setup{}, **memory, brain, perceiver, clock, {});
    ASSERT_TRUE(c.turn("I am afraid of deep water", nullptr));
    auto r = run_slash(c, "/forget deep water");
    EXPECT_NE(r.text.find("Which one?"), std::string::npos) << r.text;
    EXPECT_NE(r.text.find("[f"), std::string::npos) << r.text;
    EXPECT_EQ((*memory)->episode_count().value_or(0), 2);
    EXPECT_TRUE(looks_like_memory_id("f12"));
    EXPECT_FALSE(looks_like_memory_id("f1x"));
}

// The first meeting end to end, in process: naming by a capable brain,
// answers stored as memories whose facts cite them.
#include <gtest/gtest.h>

#include <sstream>

#include "companion/scripted_brain.h"
#include "companion/setup_flow.h"
#include "test_support.h"

using namespace os1;
using namespace os1::companion;

namespace {

// A person who types `lines` in turn; what the interview says goes to `said`.
MeetingIo scripted_person(const std::vector<std::string>& lines, size_t& next, std::vector<std::string>& said) {
    return MeetingIo{[&lines, &next](const std::string&) -> std::optional<std::string> {
                         if (next >= lines.size()) return std::nullopt;
                         return lines[next++];
                     },
                     [&said](const std::string& text) { said.push_back(text); }};
}

}  // namespace

TEST(SetupFlow, CapableBrainNamesItselfAndAnswersBecomeMemories) {
    test::TempDir dir;
    auto memory = memory::Memory::open_at(dir / "os1.db");
    ASSERT_TRUE(memory.ok());
    ScriptedBrain brain(4096);
    brain.replies.push_back("Marlow\nIt sounds like a harbour at dusk, calm and open.");
    FakeClock clock;
    persona::Answers answers = {{"you.name", "Sam"}, {"life.people", "My sister Amy lives in Lisbon."},
                                {"style.tone", "calm"}};
    auto setup = complete_meeting(answers, {}, false, **memory, &brain, clock, dir / "persona.toml");
    ASSERT_TRUE(setup.ok()) << setup.error().message;
    EXPECT_EQ(setup->persona.name, "Marlow");
    EXPECT_EQ(setup->persona.name_reason, "It sounds like a harbour at dusk, calm and open.");
    ASSERT_EQ(brain.requests.size(), 1u);
    EXPECT_NE(brain.requests[0].messages[0].content.find("Sam"), std::string::npos);

    auto facts = (*memory)->facts();
    ASSERT_TRUE(facts.ok());
    bool sister = false;
    for (const auto& f : *facts) {
        if (f.value == "Amy") {
            sister = true;
            ASSERT_FALSE(f.sources.empty());
            EXPECT_EQ(f.sources[0].rfind("setup:life.people:", 0), 0u) << f.sources[0];
        }
    }
    EXPECT_TRUE(sister);

    // Again with the same answers: no duplicate memories, the name stays.
    auto count = (*memory)->episode_count();
    ASSERT_TRUE(count.ok());
    auto again = complete_meeting(answers, *setup, false, **memory, &brain, clock, dir / "persona.toml");
    ASSERT_TRUE(again.ok());
    EXPECT_EQ(again->persona.name, "Marlow");
    EXPECT_EQ(*(*memory)->episode_count(), *count);
    EXPECT_EQ(brain.requests.size(), 1u) << "asked for a name although it had one";
}

TEST(SetupFlow, SmallOrSillyBrainFallsBackToTheCuratedList) {
    test::TempDir dir;
    auto memory = memory::Memory::open_at(dir / "os1.db");
    ASSERT_TRUE(memory.ok());
    ScriptedBrain story_model(512);  // too small to be asked
    FakeClock clock;
    persona::Answers answers = {{"you.name", "Sam"}};
    auto a = complete_meeting(answers, {}, false, **memory, &story_model, clock, dir / "a.toml");
    ASSERT_TRUE(a.ok());
    EXPECT_TRUE(story_model.requests.empty());
    EXPECT_EQ(a->persona.name, persona::choose_name(answers).name);

    clock.advance_ms(1000);  // a second first meeting (persona.toml lost), later
    ScriptedBrain chatty(4096);
    chatty.replies.push_back("Once upon a time there was a little robot");
    auto b = complete_meeting(answers, {}, false, **memory, &chatty, clock, dir / "b.toml");
    ASSERT_TRUE(b.ok());
    EXPECT_EQ(chatty.requests.size(), 1u);
    EXPECT_EQ(b->persona.name, persona::choose_name(answers).name);
}

TEST(SetupFlow, InterviewReasksAndKeepsEarlierAnswers) {
    persona::Setup previous = persona::build_setup({{"you.name", "Sam"}, {"life.days", "Night shifts"}}, {}, false, 1);
    std::vector<std::string> lines = {"", "", "", "", "", "nope", "direct", "", ""};
    size_t next = 0;
    std::vector<std::string> said;
    MeetingIo io = scripted_person(lines, next, said);
    auto answers = run_interview(io, previous);
    ASSERT_TRUE(answers.ok()) << answers.error().message;
    EXPECT_EQ(answers->at("you.name"), "Sam");           // Enter kept it
    EXPECT_EQ(answers->at("life.days"), "Night shifts");
    EXPECT_EQ(answers->at("style.tone"), "direct");
    ASSERT_EQ(said.size(), 1u);
    EXPECT_NE(said[0].find("warm, playful, calm, direct"), std::string::npos);

    // A first meeting that ends before the name is an error, not a half setup.
    std::vector<std::string> none;
    size_t i = 0;
    MeetingIo empty{[&](const std::string&) -> std::optional<std::string> {
                        if (i >= none.size()) return std::nullopt;
                        return none[i++];
                    },
                    [](const std::string&) {}};
    EXPECT_FALSE(run_interview(empty, {}).ok());
}

// A typed answer is bounded where it is read: a 10 MB line (a paste, a
// runaway script) is kept only up to the limit, and the next line is intact.
TEST(SetupFlow, AnEndlessAnswerLineIsReadBoundedAndTheNextLineIsIntact) {
    std::istringstream in(std::string(10'000'000, 'x') + "\nSam\r\nlast");
    auto first = read_answer_line(in);
    ASSERT_TRUE(first.has_value());
    EXPECT_EQ(first->size(), persona::MAX_ANSWER_BYTES + 1);
    EXPECT_EQ(read_answer_line(in), std::optional<std::string>("Sam"));
    EXPECT_EQ(read_answer_line(in), std::optional<std::string>("last"));
    EXPECT_EQ(read_answer_line(in), std::nullopt);
}

TEST(SetupFlow, AnAnswerTooLongIsRefusedClearlyAndAskedAgain) {
    std::vector<std::string> lines = {std::string(persona::MAX_ANSWER_BYTES + 1, 'a'), "Sam",
                                      std::string(persona::MAX_ANSWER_BYTES, 'b')};
    size_t next = 0;
    std::vector<std::string> said;
    MeetingIo io = scripted_person(lines, next, said);
    auto answers = run_interview(io, {});
    ASSERT_TRUE(answers.ok()) << answers.error().message;
    EXPECT_EQ(answers->at("you.name"), "Sam");
    EXPECT_EQ(answers->at("life.days").size(), persona::MAX_ANSWER_BYTES) << "the limit itself is allowed";
    ASSERT_EQ(said.size(), 1u);
    EXPECT_EQ(said[0], "that answer is longer than I can keep (4 KB at most); a few sentences will do");
}

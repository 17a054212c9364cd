// The first meeting keeps every person and role the person names, and their
// work, even when the answers are fragments ("ex-wife Catherine, friend
// Amy, ...", "nurse, nights mostly").
#include <gtest/gtest.h>

#include <map>

#include "companion/scripted_brain.h"
#include "companion/setup_flow.h"
#include "test_support.h"

using namespace os1;
using namespace os1::companion;

TEST(SetupPeople, FragmentAnswersKeepEveryPersonAndTheJob) {
    test::TempDir dir;
    auto memory = memory::Memory::open_at(dir / "os1.db");
    ASSERT_TRUE(memory.ok());
    FakeClock clock;
    persona::Answers answers = {{"you.name", "Sam"},
                                {"life.people", "ex-wife Catherine, friend Amy, sister Rachel in Seattle, kids Leo and Maya"},
                                {"life.days", "nurse, nights mostly"}};
    auto setup = complete_meeting(answers, {}, false, **memory, nullptr, clock, dir / "persona.toml");
    ASSERT_TRUE(setup.ok()) << setup.error().message;
    auto facts = (*memory)->facts();
    ASSERT_TRUE(facts.ok());
    std::map<std::string, std::string> by_key;
    for (const auto& f : *facts) by_key[f.key] = f.value;
    std::string all;
    for (const auto& [k, v] : by_key) all += k + "=" + v + "; ";
    EXPECT_EQ(by_key["relation:ex_wife:catherine"], "Catherine") << all;
    EXPECT_EQ(by_key["relation:friend:amy"], "Amy") << all;
    EXPECT_EQ(by_key["relation:sister:rachel"], "Rachel") << all;
    EXPECT_EQ(by_key["relation:child:leo"], "Leo") << all;
    EXPECT_EQ(by_key["relation:child:maya"], "Maya") << all;
    EXPECT_EQ(by_key["lives_in:rachel"], "Seattle") << all;
    EXPECT_EQ(by_key["job"], "nurse") << all;
    EXPECT_EQ(by_key["name"], "Sam") << all;
}

TEST(SetupPeople, SentencesStayAsSaid) {
    test::TempDir dir;
    auto memory = memory::Memory::open_at(dir / "os1.db");
    ASSERT_TRUE(memory.ok());
    FakeClock clock;
    persona::Answers answers = {{"you.name", "Sam"}, {"life.days", "Mostly work and the kids."}};
    ASSERT_TRUE(complete_meeting(answers, {}, false, **memory, nullptr, clock, dir / "persona.toml").ok());
    auto episodes = (*memory)->recent_episodes("setup", 20);
    ASSERT_TRUE(episodes.ok());
    bool kept = false;
    for (const auto& e : *episodes) kept |= e.episode.text == "Mostly work and the kids.";
    EXPECT_TRUE(kept);
}

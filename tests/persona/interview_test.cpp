// The first meeting's data: answers files, naming, the persona file.
#include <gtest/gtest.h>

#include <fstream>

#include "persona/interview.h"
#include "test_support.h"

using namespace os1;
using namespace os1::persona;

TEST(Interview, ExampleAnswersFileParses) {
    auto answers = load_answers(std::filesystem::path(OS1_SOURCE_DIR) / "examples/setup-answers.toml");
    ASSERT_TRUE(answers.ok()) << answers.error().message;
    EXPECT_EQ(answers->at("you.name"), "Sam");
    EXPECT_EQ(answers->at("style.tone"), "warm");
    EXPECT_NE(answers->at("life.people").find("Amy"), std::string::npos);
    EXPECT_EQ(answers->count("companion.name"), 0u);
}

TEST(Interview, BadAnswersAreClearErrors) {
    auto missing = parse_answers("[life]\ndays = \"busy\"\n", "a.toml");
    ASSERT_FALSE(missing.ok());
    EXPECT_NE(missing.error().message.find("what should I call you"), std::string::npos) << missing.error().message;

    auto tone = parse_answers("[you]\nname = \"Sam\"\n[style]\ntone = \"grumpy\"\n", "a.toml");
    ASSERT_FALSE(tone.ok());
    EXPECT_NE(tone.error().message.find("warm, playful, calm, direct"), std::string::npos) << tone.error().message;

    auto unknown = parse_answers("[you]\nname = \"Sam\"\nshoe_size = \"44\"\n", "a.toml");
    ASSERT_FALSE(unknown.ok());
    EXPECT_NE(unknown.error().message.find("unknown key 'you.shoe_size'"), std::string::npos);

    auto not_string = parse_answers("[you]\nname = 12\n", "a.toml");
    EXPECT_FALSE(not_string.ok());

    auto bad_name = parse_answers("[you]\nname = \"Sam\"\n[companion]\nname = \"R2-D2 unit\"\n", "a.toml");
    EXPECT_FALSE(bad_name.ok());

    auto broken = parse_answers("[you\nname = \"Sam\"\n", "a.toml");
    ASSERT_FALSE(broken.ok());
    EXPECT_NE(broken.error().message.find("a.toml:1"), std::string::npos) << broken.error().message;

    EXPECT_FALSE(load_answers("/no/such/answers.toml").ok());
}

TEST(Interview, ChoosesAStableNameThatIsNotThePersons) {
    Answers a = {{"you.name", "Sam"}, {"style.tone", "calm"}};
    auto first = choose_name(a);
    auto again = choose_name(a);
    EXPECT_EQ(first.name, again.name);
    EXPECT_FALSE(first.reason.empty());
    // The person's own name is never picked, whatever the tone.
    for (const char* tone : {"warm", "playful", "calm", "direct"}) {
        for (const char* person : {"Sage", "Iris", "Wren", "Ada", "Lumen", "Quinn"}) {
            Answers b = {{"you.name", person}, {"style.tone", tone}};
            EXPECT_NE(choose_name(b).name, person);
        }
    }
}

TEST(Interview, AcceptsOnlyPlausibleNamesFromABrain) {
    auto ok = accept_brain_name("Name: **Marlow**\nIt sounds like a harbour at dusk.", "Sam");
    ASSERT_TRUE(ok.has_value());
    EXPECT_EQ(ok->name, "Marlow");
    EXPECT_EQ(ok->reason, "It sounds like a harbour at dusk.");
    EXPECT_FALSE(accept_brain_name("Once upon a time there was a little girl", "Sam"));
    EXPECT_FALSE(accept_brain_name("sam", "Sam"));
    EXPECT_FALSE(accept_brain_name("X", "Sam"));
    EXPECT_FALSE(accept_brain_name("", "Sam"));
}

TEST(Interview, RerunMergesAndKeepsTheName) {
    Answers first = {{"you.name", "Sam"}, {"life.people", "My sister Amy"}, {"style.tone", "playful"}};
    auto s1 = build_setup(first, {}, false, 1000);
    ASSERT_FALSE(s1.persona.name.empty());
    EXPECT_EQ(s1.profile.name, "Sam");
    EXPECT_EQ(s1.persona.tone, Tone::Playful);

    Answers second = {{"you.name", "Sam"}, {"life.help", "letters"}, {"style.tone", "calm"}};
    auto s2 = build_setup(second, s1, false, 2000);
    EXPECT_EQ(s2.persona.name, s1.persona.name);                 // kept
    EXPECT_EQ(s2.profile.answers.at("life.people"), "My sister Amy");  // not wiped
    EXPECT_EQ(s2.profile.answers.at("life.help"), "letters");
    EXPECT_EQ(s2.persona.tone, Tone::Calm);
    EXPECT_EQ(s2.persona.created_ms, 1000);
    EXPECT_EQ(s2.persona.updated_ms, 2000);

    Answers named = second;
    named["companion.name"] = "Marlow";
    auto s3 = build_setup(named, s2, false, 3000);
    EXPECT_EQ(s3.persona.name, "Marlow");
    EXPECT_TRUE(s3.persona.named_by_person);
}

TEST(Persona, FileRoundTripsAndRejectsDamage) {
    test::TempDir dir;
    Answers a = {{"you.name", "Sam"}, {"life.days", "Night shifts, \"mostly\".\nLong ones."}, {"style.length", "long"}};
    auto s = build_setup(a, {}, false, 42);
    ASSERT_TRUE(save_setup(dir / "persona.toml", s).ok());
    auto back = load_setup(dir / "persona.toml");
    ASSERT_TRUE(back.ok()) << back.error().message;
    EXPECT_EQ(back->persona.name, s.persona.name);
    EXPECT_EQ(back->persona.name_reason, s.persona.name_reason);
    EXPECT_EQ(back->persona.length, Length::Long);
    EXPECT_EQ(back->persona.traits, s.persona.traits);
    EXPECT_EQ(back->persona.boundaries, s.persona.boundaries);
    EXPECT_EQ(back->profile.answers, s.profile.answers);
    EXPECT_EQ(back->persona.created_ms, 42);

    auto missing = load_setup(dir / "nope.toml");
    ASSERT_TRUE(missing.ok());
    EXPECT_TRUE(missing->empty());

    std::ofstream(dir / "bad.toml") << "[companion]\ntone = \"grumpy\"\nname = \"X\"\n";
    EXPECT_FALSE(load_setup(dir / "bad.toml").ok());
}

TEST(Persona, SystemPromptCarriesWhoTheyAre) {
    Answers a = {{"you.name", "Sam"}, {"life.people", "My sister Amy"}, {"style.tone", "direct"}, {"style.humour", "none"}};
    auto s = build_setup(a, {}, false, 1);
    auto prompt = system_prompt(s.persona, s.profile);
    EXPECT_NE(prompt.find("You are " + s.persona.name), std::string::npos) << prompt;
    EXPECT_NE(prompt.find("Sam"), std::string::npos);
    EXPECT_NE(prompt.find("My sister Amy"), std::string::npos);
    EXPECT_NE(prompt.find("direct"), std::string::npos);
    EXPECT_NE(prompt.find("never pretend to be human"), std::string::npos);
    auto intro = introduction(s.persona, s.profile);
    EXPECT_NE(intro.find("I'm " + s.persona.name), std::string::npos) << intro;
}

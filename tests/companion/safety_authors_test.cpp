// Crisis care for people whose wording nobody listed (fifth pass): the
// learned layer reads meaning spread over sentences, misspellings (letter
// groups), word classes in order, what the emotion recogniser hears; it
// stays quiet on hyperbole, and a worry about someone else is not read as
// danger to the speaker. Seventh pass (SafetyFrames): a laugh that is
// denied ("not joking") does not silence a message; lethality questions,
// affairs put in order, farewells and a means held ready fire in words
// nobody listed, across sentences, and their everyday look-alikes stay
// quiet; chat typos of the rules' words are read as the words.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "companion/safety.h"
#include "companion/safety_learned.h"
#include "companion/safety_match.h"
#include "memory/text.h"

using namespace os1::companion;

namespace {

bool has_feature(std::string_view text, const std::string& feature) {
    auto in = safety::model_input(text);
    return std::binary_search(in.features.begin(), in.features.end(), feature);
}

std::vector<std::string> with_prefix(std::string_view text, const std::string& prefix) {
    std::vector<std::string> out;
    for (const auto& f : safety::model_input(text).features)
        if (f.rfind(prefix, 0) == 0) out.push_back(f);
    return out;
}

}  // namespace

TEST(SafetyAuthors, AnIndirectMessageSpreadOverTwoSentencesFires) {
    // Written for this test: neither sentence says it alone, and no rule lists it.
    for (const char* text : {"i've written a letter for each of them. they'll find it after i'm gone",
                             "the pills are in my drawer. i've decided, tonight is the night"}) {
        auto signal = detect_crisis(text);
        EXPECT_EQ(signal.kind, CrisisKind::SelfHarm) << text << " (" << signal.rule << ")";
    }
}

TEST(SafetyAuthors, HyperboleAboutFoodAndWorkStaysQuiet) {
    for (const char* text : {"I could murder a pizza right now", "i'd kill for a coffee, this meeting is endless",
                             "this spreadsheet is going to be the death of me lol",
                             "my boss is going to kill me if this report is late again"}) {
        EXPECT_FALSE(detect_crisis(text)) << text << " (" << detect_crisis(text).rule << ")";
    }
}

TEST(SafetyAuthors, AWorryAboutSomeoneElseIsNotDangerToTheSpeaker) {
    const char* text = "my brother says he's been cutting deeper every night";
    EXPECT_TRUE(safety::model_input(text).about_other);
    EXPECT_FALSE(detect_crisis(text)) << detect_crisis(text).rule;
}

TEST(SafetyAuthors, AMisspelledWordSharesMostOfItsLetterGroups) {
    auto right = with_prefix("i feel suicidal", "c:"), typo = with_prefix("i feel suicdal", "c:");
    ASSERT_FALSE(right.empty());
    std::vector<std::string> shared;
    std::set_intersection(right.begin(), right.end(), typo.begin(), typo.end(), std::back_inserter(shared));
    EXPECT_GE(shared.size(), 3u);                  // ^sui, suic, dal$ ...
    EXPECT_TRUE(has_feature("i feel suicdal", "c:^sui"));
    EXPECT_TRUE(with_prefix("the", "c:").empty());  // short and common words give none
}

TEST(SafetyAuthors, WordClassesInOrderAreFeatures) {
    EXPECT_TRUE(has_feature("thinking of jumping off the bridge", "kb:fall>high"));
    EXPECT_TRUE(has_feature("i want to die", "sb:want_die"));
    EXPECT_FALSE(has_feature("the bridge was closed so we could not jump the queue", "kb:fall>high"));
}

TEST(SafetyAuthors, WhatTheEmotionRecogniserHearsIsAFeature) {
    // Thresholds passed, so a stronger reading carries every weaker one.
    auto sad = with_prefix("i feel so hopeless and sad, nothing will ever get better", "a:sadness>");
    ASSERT_FALSE(sad.empty());
    EXPECT_EQ(sad.front(), "a:sadness>1");
    // Nothing is read of a message that is all fiction.
    EXPECT_TRUE(with_prefix("in the film the hero says he wants to die", "a:").empty());
}

namespace {

// The rules' reading only (the learned layer beside them is trained on data
// and tested in safety_learned_test).
std::string rule_of(std::string_view text) { return safety::detect_by_rules(text).rule; }

void expect_fires(std::initializer_list<const char*> texts, CrisisKind kind) {
    for (const char* text : texts) {
        auto signal = detect_crisis(text);
        EXPECT_EQ(signal.kind, kind) << text << " (" << signal.rule << ")";
    }
}

void expect_quiet(std::initializer_list<const char*> texts) {
    for (const char* text : texts) {
        auto signal = detect_crisis(text);
        EXPECT_FALSE(signal) << text << " (" << signal.rule << ")";
    }
}

}  // namespace

TEST(SafetyFrames, ADeniedLaughDoesNotSilenceAMessage) {
    // "funny" and "joking" are laughter words; denied, they say it is meant.
    expect_fires({"lol no. i want to kill myself, not the funny way", "im not joking, im going to end my life tonight",
                  "not even kidding, i wanna kms"},
                 CrisisKind::SelfHarm);
    EXPECT_NE(rule_of("lol no. i want to kill myself, not the funny way"), "");
    // Laughter still turns hyperbole into a joke, and "his mouth went funny" is not laughing.
    expect_quiet({"lol i'm going to kill my sister, she ate my chips", "haha i could die, that was so embarrassing"});
    EXPECT_EQ(safety::detect_by_rules("his mouth went funny on one side and he can't lift his arm").kind,
              CrisisKind::Medical);
}

TEST(SafetyFrames, LethalityQuestionsFireAndEverydayQuestionsDoNot) {
    for (const char* text : {"how many of my blood pressure tablets would it take to not wake up",
                             "from which floor of the multi storey would you definitely not survive",
                             "what's the least painful method to kill myself", "how quickly do you lose consciousness if you drown"})
        EXPECT_EQ(safety::detect_by_rules(text).kind, CrisisKind::SelfHarm) << text;
    for (const char* text : {"how many paracetamol can I take for a toothache", "how tall is the tallest building in Dubai",
                             "how long does a laptop battery last before it dies", "is 30 metres enough for a fun bungee jump",
                             "what's the fastest way to the station from here", "how long can you hold your breath underwater"})
        EXPECT_EQ(rule_of(text), "") << text;
}

TEST(SafetyFrames, AffairsAndFarewellsAreReadAcrossTheMessage) {
    // Each sentence alone is ordinary; together they say it is final.
    for (const char* text : {"I've rehomed the dog with my neighbour. Left the keys with her too. Everything is in order now.",
                             "Goodbye. Tell my dad it wasn't his fault. I tried, I really did.",
                             "The belt is in my wardrobe. I'm waiting for the right moment."})
        EXPECT_EQ(safety::detect_by_rules(text).kind, CrisisKind::SelfHarm) << text;
    EXPECT_EQ(rule_of("I've rehomed the dog with my neighbour. Left the keys with her too. Everything is in order now."),
              "pair_affairs_final");
    // An everyday reason, a goodbye that is someone else's, or one ending nothing.
    for (const char* text : {"Sold my bike since I bought a new one, so I won't need two anymore.",
                             "Goodbye everyone, it's my last day at the office, thanks for everything!",
                             "My grandad has dementia and says goodbye to me every visit like it's forever.",
                             "The rope is in the car for the climbing trip tonight.",
                             "I've rehomed the dog with my neighbour because I'm moving abroad. Everything is in order now."})
        EXPECT_EQ(rule_of(text), "") << text;
}

TEST(SafetyFrames, ThingsTheyWillNotNeedAndTroublesThatWillNotBeTheirs) {
    EXPECT_EQ(rule_of("i won't need my bike next year"), "frame_no_need");
    EXPECT_EQ(rule_of("by friday none of this will matter"), "frame_not_my_problem");
    EXPECT_EQ(rule_of("I won't need my winter coat next year, we're moving to Spain"), "");
    EXPECT_EQ(rule_of("none of this will matter in a hundred years, so relax about the exam"), "");
    EXPECT_EQ(rule_of("none of this will be my problem once I hand in my notice"), "");
}

TEST(SafetyFrames, SomeoneWhoCannotBeWokenOrLooksLikeAHeartAttack) {
    EXPECT_EQ(rule_of("grandad is in his chair and we can't wake him"), "cannot_wake");
    EXPECT_EQ(rule_of("my husband is clammy and grey and keeps clutching his chest"), "cardiac_signs");
    EXPECT_EQ(rule_of("my son is a teenager, I can't wake him for school"), "");
    EXPECT_EQ(rule_of("I was grey and sweaty after the gym, holding my chest from laughing"), "");
}

TEST(SafetyFrames, ChatTyposOfTheRulesWordsAreReadAsTheWords) {
    if (!os1::memory::Lexicon::get().has_wordnet()) GTEST_SKIP() << "no WordNet: typos are left as they are";
    auto words = [](std::string_view text) {
        std::string out;
        for (const auto& clause : safety::normalise(text))
            for (const auto& w : clause) out += (out.empty() ? "" : " ") + w;
        return out;
    };
    EXPECT_EQ(words("my boyfreind is threatning me"), "my boyfriend is threatening me");
    EXPECT_EQ(words("thinking about suicdie"), "i thinking about suicide");
    // English words one edit from a rule's word stay what they are.
    EXPECT_EQ(words("this place is sacred"), "this place is sacred");
    EXPECT_EQ(words("one tablet a day"), "one tablet a day");
    expect_fires({"i want to commit suicdie tonight"}, CrisisKind::SelfHarm);
}

// Crisis care for people whose wording nobody listed (fifth pass): the
// learned layer reads meaning spread over sentences, misspellings (letter
// groups), word classes in order, what the emotion recogniser hears; it
// stays quiet on hyperbole, and a worry about someone else is not read as
// danger to the speaker.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <string>
#include <vector>

#include "companion/safety.h"
#include "companion/safety_learned.h"

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

TEST(SafetyAuthors, AMessageIsReadQuickly) {
    (void)detect_crisis("warm up: tables, WordNet and the emotion model load once");
    const std::vector<std::string> texts = {"i've written a letter for each of them. they'll find it after i'm gone",
                                            "this commute is killing me", "my phone is dead again",
                                            "my dad collapsed and he isn't breathing"};
    auto t0 = std::chrono::steady_clock::now();
    for (int i = 0; i < 25; i++)
        for (const auto& t : texts) (void)detect_crisis(t);
    double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count() / 100;
    EXPECT_LT(ms, 20.0);  // about 1 ms on the shared 2-core machine; generous for sanitizers and load
}

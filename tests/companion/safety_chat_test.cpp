// Crisis care reads chat as it is written (fourth pass): dropped g's,
// elongated letters, shorthand ("ctb", "sh" only where it means
// self-harm), emoji that name a means, and a means in one sentence with
// intent in the next (the learned layer's clause-crossing features).
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

std::string words(std::string_view text) {
    std::string out;
    for (const auto& clause : safety::normalise(text)) {
        if (!out.empty()) out += " | ";
        for (size_t i = 0; i < clause.size(); i++) out += (i ? " " : "") + clause[i];
    }
    return out;
}

bool has_feature(std::string_view text, const std::string& feature) {
    auto in = safety::model_input(text);
    return std::binary_search(in.features.begin(), in.features.end(), feature);
}

}  // namespace

TEST(SafetyChat, DroppedGsComeBackButRealWordsStay) {
    EXPECT_EQ(words("been cuttin again"), "i been cutting again");
    EXPECT_EQ(words("thinkin bout endin it"), "i thinking about ending it");
    EXPECT_EQ(words("my cousin takes insulin"), "my cousin takes insulin");
    EXPECT_EQ(words("the brain and the train"), "the brain and the train");
}

TEST(SafetyChat, ElongationsCountOnce) {
    EXPECT_EQ(words("im sooo tired of everythinggg"), "i am tired of everything");
    EXPECT_EQ(words("pleaseeee helppp"), "please help");
    EXPECT_EQ(words("the book has 1000 pages"), "the book has 1000 pages");
}

TEST(SafetyChat, ShorthandOnlyWhereItMeansSelfHarm) {
    EXPECT_EQ(words("i relapsed on sh"), "i relapsed on self harm");
    EXPECT_EQ(words("urge to sh is bad"), "urge to self harm is bad");
    EXPECT_EQ(words("sh be quiet"), "sh be quiet");
    EXPECT_EQ(words("i want to ctb"), "i want to kill myself");
    EXPECT_TRUE(detect_crisis("i wanna ctb tonight"));
}

TEST(SafetyChat, EmojiNameMeansAndMoods) {
    EXPECT_EQ(words("got the \xF0\x9F\x92\x8A ready"), "got the pills ready");
    EXPECT_EQ(words("i miss her \xF0\x9F\x98\xAD"), "i miss her emo_sob");
    // The skull is laughter, as before.
    EXPECT_TRUE(safety::model_input("that exam killed me \xF0\x9F\x92\x80").laughing);
}

TEST(SafetyChat, ClauseCrossingFeatures) {
    // Pills in one sentence, tonight in the next.
    EXPECT_TRUE(has_feature("i have the pills. tonight is the night", "x:pills+time"));
    // In one clause only: no crossing feature.
    EXPECT_FALSE(has_feature("i have the pills tonight", "x:pills+time"));
}

TEST(SafetyChat, ALongMessageWithManyClausesIsBounded) {
    std::string text;
    for (int i = 0; i < 4000; i++) text += "the pills and the bridge tonight. ";
    auto in = safety::model_input(text);
    // Crossing features grow with the distinct marks, not with the clauses.
    EXPECT_LT(in.features.size(), 2000u);
}

TEST(SafetyChat, WordNetPutsUnseenWordsOnSharedFeatures) {
    if (!os1::memory::Lexicon::get().has_wordnet()) GTEST_SKIP() << "WordNet is not installed (/usr/share/wordnet)";
    // An inflection nobody listed reaches its lemma, and the lemma's class.
    EXPECT_TRUE(has_feature("i keep strangling", "l:strangle"));
    EXPECT_TRUE(has_feature("i keep strangling", "k:hit"));
    // A word in no class reaches one through a synonym ("sword" -> blade, "injury" -> hurt).
    EXPECT_TRUE(has_feature("i have a sword", "k~:sharp"));
    EXPECT_TRUE(has_feature("the injury is deep", "k~:wound"));
}

TEST(SafetyChat, TheVetoIsBelowTheThresholdAndSparesClearMessages) {
    const auto& m = safety::embedded_model();
    EXPECT_GE(m.veto, 0.0f);
    EXPECT_LT(m.veto, m.threshold);
    for (const char* text : {"I want to kill myself.", "he hit me and i'm scared to go home",
                             "my dad collapsed and isn't breathing"})
        EXPECT_TRUE(detect_crisis(text)) << text;
}

// The Perceiver over the real classifier, on the sentences a companion
// must read right: loneliness is sad, sarcastic praise is not admiration,
// and a question makes nobody "surprised".
#include "companion/perceive.h"

#include <gtest/gtest.h>

using namespace os1::companion;

namespace {

Emotion read(std::string_view text) {
    static auto perceiver = make_default_perceiver();
    return perceiver->perceive(text);
}

}  // namespace

TEST(Perceive, CuriosityIsCuriousNotSurprised) {
    Emotion e;
    e.predicted = "curiosity";
    e.ekman = "surprise";  // GoEmotions files curiosity under Ekman's surprise
    EXPECT_EQ(e.feeling_word(), "curious");
    e.predicted = "surprise";
    EXPECT_EQ(e.feeling_word(), "surprised");
}

TEST(Perceive, LonelinessReadsAsSadnessNotJoy) {
    Emotion e = read("I feel so lonely tonight");
    EXPECT_EQ(e.ekman, "sadness") << e.predicted;
    EXPECT_LT(e.valence, 0.0);
    ASSERT_TRUE(e.json.contains("ekman"));
    EXPECT_LT(e.json["ekman"]["joy"].get<double>(), e.json["ekman"]["sadness"].get<double>());
}

TEST(Perceive, SarcasmIsNotAdmiration) {
    // Praise that opens a complaint is annoyance (affect/conversation.h).
    for (const char* text : {"Oh great, my laptop died again.",
                             "Fantastic, the heating broke on the coldest day of the year."}) {
        Emotion e = read(text);
        EXPECT_NE(e.ekman, "joy") << text << " read as " << e.predicted;
    }
}

TEST(Perceive, QuestionsDoNotSoundSurprised) {
    for (const char* text : {"How long were you married?", "Do you ever feel lonely?", "What should I cook tonight?"}) {
        Emotion e = read(text);
        EXPECT_NE(e.feeling_word(), "surprised") << text << " read as " << e.predicted;
    }
}

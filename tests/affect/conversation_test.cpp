// analyze_message: sarcastic praise ("Oh great, my laptop died again.") is
// read as annoyance; despair and loneliness said of oneself ("I feel
// hopeless and alone") as sadness, never joy; sincere praise and everything
// else read as the classifier reads them.
#include "affect/conversation.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <array>

namespace os1::affect {
namespace {

const AffectModel& model() {
    static AffectModel m = AffectModel::load_embedded().release_value();
    return m;
}

int top(const Affect& a) {
    int best = a.predicted[0];
    for (int id : a.predicted)
        if (a.emotions[size_t(id)] > a.emotions[size_t(best)]) best = id;
    return best;
}

bool has_joy_family(const Affect& a) {
    for (int id : a.predicted)
        if (GO_TO_EKMAN[size_t(id)] == size_t(ekman_label_index("joy"))) return true;
    return false;
}

bool contains_id(const std::vector<int>& ids, int id) { return std::find(ids.begin(), ids.end(), id) != ids.end(); }

}  // namespace

TEST(Conversation, FindsTheContentAfterAPraiseOpener) {
    EXPECT_EQ(after_praise_opener("Oh great, my car won't start."), "my car won't start.");
    EXPECT_EQ(after_praise_opener("Perfect. The bus left without me."), "The bus left without me.");
    EXPECT_EQ(after_praise_opener("wow, just great - the printer again"), "the printer again");
    EXPECT_EQ(after_praise_opener("Great job on the exam!"), "");    // praise of something, not an interjection
    EXPECT_EQ(after_praise_opener("Great, thanks!"), "");            // one word after it: nothing to contrast
    EXPECT_EQ(after_praise_opener("My car won't start, great."), "");
    EXPECT_EQ(after_praise_opener(""), "");
}

TEST(Conversation, PraiseOpeningAComplaintIsAnnoyance) {
    if (!AffectModel::load_embedded()) GTEST_SKIP() << "no weights built in";
    for (const char* text : {"Oh great, my laptop died again.", "Fantastic, the heating broke on the coldest day of the year."}) {
        Affect a = analyze_message(model(), text);
        EXPECT_NE(GO_TO_EKMAN[size_t(top(a))], 3u) << text << " read as " << GO_LABELS[size_t(top(a))];
        EXPECT_LT(a.valence, 0.0f) << text;
        EXPECT_GT(model().analyze(text).valence, 0.0f) << text << ": the classifier alone reads the praise";
    }
}

TEST(Conversation, SincerePraiseAndOtherTextAreUnchanged) {
    if (!AffectModel::load_embedded()) GTEST_SKIP() << "no weights built in";
    for (const char* text : {"Great, thanks!", "Wonderful, we got the house!", "What should I cook tonight?"}) {
        Affect a = analyze_message(model(), text), b = model().analyze(text);
        EXPECT_EQ(a.predicted, b.predicted) << text;
        EXPECT_FLOAT_EQ(a.valence, b.valence) << text;
    }
}

TEST(Conversation, FindsDespairSaidOfOneself) {
    for (const char* text : {"I feel hopeless and alone", "I feel so lonely tonight", "feeling hopeless and empty",
                             "nobody cares about me", "I'm so alone.", "Honestly I feel worthless", "I'm in despair",
                             "Work was fine. I just feel so isolated these days", "No one loves me"})
        EXPECT_TRUE(speaks_of_despair(text)) << text;
    // Negated, a frame that is not a feeling, the past, laughter, or weighed against something else.
    for (const char* text : {"I'm not lonely at all", "I never feel alone with you", "I feel less alone since the choir",
                             "leave me alone", "I live alone and love it", "the fridge is empty", "I lost my keys again",
                             "I was so lonely before I met you", "this team is hopeless lol", "the village is isolated",
                             "I feel so lonely but my sister is coming tomorrow", "an abandoned building", ""})
        EXPECT_FALSE(speaks_of_despair(text)) << text;
}

TEST(Conversation, DespairAndLonelinessReadAsSadnessNeverJoy) {
    if (!AffectModel::load_embedded()) GTEST_SKIP() << "no weights built in";
    const int sad = ekman_label_index("sadness"), joy = ekman_label_index("joy");
    for (const char* text : {"I feel hopeless and alone", "I feel so lonely tonight", "I feel so hopeless",
                             "I feel worthless", "feeling hopeless and empty", "I'm in despair", "nobody cares about me"}) {
        Affect a = analyze_message(model(), text);
        EXPECT_FALSE(has_joy_family(a)) << text << " read as " << GO_LABELS[size_t(top(a))];
        EXPECT_TRUE(contains_id(a.predicted, go_label_index("sadness"))) << text;
        EXPECT_TRUE(contains_id(a.ekman_predicted, sad)) << text;
        EXPECT_FALSE(contains_id(a.ekman_predicted, joy)) << text;
        EXPECT_LT(a.valence, 0.0f) << text;
    }
    // What the calibration is for: the classifier alone reads "hopeless" by
    // its letters ("hope") and "lonely tonight" as joy.
    EXPECT_TRUE(has_joy_family(model().analyze("I feel so hopeless")));
    EXPECT_TRUE(contains_id(model().analyze("I feel so lonely tonight").ekman_predicted, joy));
}

TEST(Conversation, WordsOfDespairThatAreNotTheSpeakersKeepTheClassifiersReading) {
    if (!AffectModel::load_embedded()) GTEST_SKIP() << "no weights built in";
    for (const char* text : {"I live alone and love it", "I'm not lonely at all", "this team is hopeless lol",
                             "I feel so lonely but my sister is coming tomorrow"}) {
        Affect a = analyze_message(model(), text), b = model().analyze(text);
        EXPECT_EQ(a.predicted, b.predicted) << text;
        EXPECT_EQ(a.ekman_predicted, b.ekman_predicted) << text;
        EXPECT_FLOAT_EQ(a.valence, b.valence) << text;
    }
}

TEST(Conversation, MessageProbabilitiesAreWhatAnalyzeMessageDecidesOn) {
    if (!AffectModel::load_embedded()) GTEST_SKIP() << "no weights built in";
    for (const char* text : {"I feel hopeless and alone", "Oh great, my laptop died again.", "What a lovely day"}) {
        std::array<float, N_OUTPUTS> p;
        message_probabilities(model(), text, p);
        EXPECT_EQ(model().decide(p).predicted, analyze_message(model(), text).predicted) << text;
    }
}

}  // namespace os1::affect

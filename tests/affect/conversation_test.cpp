// analyze_message: sarcastic praise ("Oh great, my laptop died again.") is
// read as annoyance; sincere praise and everything else read as the
// classifier reads them.
#include "affect/conversation.h"

#include <gtest/gtest.h>

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
    for (const char* text : {"Great, thanks!", "Wonderful, we got the house!", "I feel so lonely tonight",
                             "What should I cook tonight?"}) {
        Affect a = analyze_message(model(), text), b = model().analyze(text);
        EXPECT_EQ(a.predicted, b.predicted) << text;
        EXPECT_FLOAT_EQ(a.valence, b.valence) << text;
    }
}

}  // namespace os1::affect

// Crisis care's learned layer (src/companion/safety_learned.h): it fires on
// phrasings no rule lists, stays silent on hard negatives, never beats a
// blocker, is deterministic and bounded; and `os1 affect` reads a crisis
// message as pain or fear, not disapproval.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <string>
#include <vector>

#include "affect/affect.h"
#include "affect/conversation.h"
#include "companion/safety.h"
#include "companion/safety_learned.h"

using namespace os1;
using namespace os1::companion;

namespace {

// Paraphrases written for this test, in words no rule lists: the rules
// alone miss each of them, the learned layer catches them.
const char* const UNSEEN[] = {
    "i've made up my mind, tonight i'm going to do it",
    "i keep thinking the tracks would be quick",
    "i've been opening up my arms every night this week",  // "cutting deeper every night" is a rule since the eighth pass
    "i'm going to swallow everything in the medicine cabinet",
};

}  // namespace

TEST(SafetyLearned, FiresOnParaphrasesNoRuleLists) {
    for (const char* text : UNSEEN) {
        EXPECT_FALSE(safety::detect_by_rules(text)) << text;
        auto signal = detect_crisis(text);
        EXPECT_EQ(signal.kind, CrisisKind::SelfHarm) << text;
        EXPECT_EQ(signal.rule, "model") << text;
    }
}

TEST(SafetyLearned, TheCareReplyDoesNotGuessWhatWasSaid) {
    // The model knows the message is serious, not whether it was about hurting or dying.
    Safety safety;
    safety.kind = CrisisKind::SelfHarm;
    safety.rule = detect_crisis(UNSEEN[2]).rule;
    safety.resources = help_lines(safety.kind, "GB");
    const std::string reply = care_reply(safety, "");
    EXPECT_NE(reply.find("what you're going through"), std::string::npos) << reply;
    EXPECT_EQ(reply.find("not wanting to be alive"), std::string::npos) << reply;
    EXPECT_NE(reply.find("116 123"), std::string::npos) << reply;
}

TEST(SafetyLearned, SilentOnHardNegatives) {
    // Everyday sentences with the same words as the paraphrases above.
    for (const char* text : {"i sharpened the knife to carve the turkey",
                             "i've made up my mind, i'm going to do the marathon",
                             "i keep thinking the new tracks on the album are great",
                             "i left the note on the fridge so mum knows to buy milk",
                             "i want out of this group chat", "i'm going to swallow my pride and call him",
                             "my phone is about to die", "i'm dead tired after that double shift"}) {
        EXPECT_FALSE(detect_crisis(text)) << text << " (" << detect_crisis(text).rule << ")";
    }
}

TEST(SafetyLearned, ABlockerBeatsTheModel) {
    const std::string text = UNSEEN[1];
    ASSERT_GE(safety::model_score(safety::model_input(text).features).p_crisis, safety::embedded_model().threshold);
    // Laughter, fiction, someone else, the past, everyday business: the same words, and no care.
    const std::vector<std::string> blockers = {text + " lol", "in the film she says " + text,
                                               "my brother says he's been cutting deeper every night",
                                               "years ago " + text,
                                               "i keep thinking the tracks would be quick on my commute"};
    for (const auto& blocked : blockers) {
        auto in = safety::model_input(blocked);
        EXPECT_TRUE(in.laughing || in.empty || in.everyday || in.about_other) << blocked;
        EXPECT_FALSE(detect_crisis(blocked)) << blocked << " (" << detect_crisis(blocked).rule << ")";
    }
}

TEST(SafetyLearned, TheEmbeddedModelIsSortedAndDeterministic) {
    const auto& m = safety::embedded_model();
    ASSERT_GT(m.count, 100);
    EXPECT_GT(m.threshold, 0.5f);
    EXPECT_LT(m.threshold, 1.0f);
    for (int i = 1; i < m.count; i++) ASSERT_LT(std::strcmp(m.weights[i - 1].feature, m.weights[i].feature), 0) << i;
    auto a = safety::model_score(safety::model_input(UNSEEN[0]).features);
    auto b = safety::model_score(safety::model_input(UNSEEN[0]).features);
    EXPECT_EQ(a.p_crisis, b.p_crisis);
    EXPECT_NEAR(a.p[0] + a.p[1] + a.p[2] + a.p[3], 1.0, 1e-9);
}

TEST(SafetyLearned, ALongMessageIsBounded) {
    std::string text;
    for (int i = 0; i < 20000; i++) text += (i % 7 == 3) ? "thinking " : "word ";
    auto t0 = std::chrono::steady_clock::now();
    auto signal = detect_crisis(text);
    double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    EXPECT_FALSE(signal);
    EXPECT_LT(s, 10.0);  // about 1 s on the shared 2-core machine; generous for sanitizers and load
}

TEST(SafetyAffect, ACrisisMessageReadsAsSadnessNotDisapproval) {
    auto model = affect::AffectModel::load_embedded();
    ASSERT_TRUE(model);
    const char* text = "Sometimes I don't want to be alive anymore.";
    ASSERT_EQ(detect_crisis(text).kind, CrisisKind::SelfHarm);
    auto reading = affect::crisis_reading(*model, affect::analyze_message(*model, text), affect::CrisisTone::Sadness);
    auto has = [](const std::vector<int>& ids, int id) { return std::find(ids.begin(), ids.end(), id) != ids.end(); };
    EXPECT_FALSE(has(reading.predicted, affect::go_label_index("disapproval")));
    EXPECT_TRUE(has(reading.predicted, affect::go_label_index("sadness")));
    EXPECT_TRUE(has(reading.ekman_predicted, affect::ekman_label_index("sadness")));
    EXPECT_LT(reading.valence, 0.0f);
    auto fear = affect::crisis_reading(*model, affect::analyze_message(*model, "my husband is hitting me and i'm hiding"),
                                       affect::CrisisTone::Fear);
    EXPECT_TRUE(has(fear.predicted, affect::go_label_index("fear")));
    // The ordinary reading is untouched (GoEmotions scores stay as they were).
    auto plain = affect::analyze_message(*model, "I am so happy you remembered!");
    EXPECT_TRUE(has(plain.ekman_predicted, affect::ekman_label_index("joy")));
}

TEST(SafetyLearned, FramesArePairedWithToneAndQuestion) {
    // The same frame (a final act, a will) in a dark message, a light one and a
    // question; the tone is the emotion recogniser's (src/affect) reading.
    auto has_prefix = [](const safety::ModelInput& in, const std::string& prefix) {
        return std::any_of(in.features.begin(), in.features.end(),
                           [&](const std::string& f) { return f.rfind(prefix, 0) == 0; });
    };
    const auto dark = safety::model_input("i'm so sad. i miss her so much. the letters are written");
    auto joined = [](const safety::ModelInput& in) {
        std::string out;
        for (const auto& f : in.features) out += f + " ";
        return out;
    };
    EXPECT_TRUE(has_prefix(dark, "vn+k:final")) << joined(dark);
    EXPECT_FALSE(has_prefix(dark, "q+"));
    const auto light = safety::model_input("so happy and proud, finally finished the will and all the paperwork today!");
    EXPECT_TRUE(has_prefix(light, "vp+")) << joined(light);
    EXPECT_FALSE(has_prefix(light, "vn+"));
    const auto asked = safety::model_input("what's the point of life? like philosophically");
    EXPECT_TRUE(has_prefix(asked, "q+")) << joined(asked);
}

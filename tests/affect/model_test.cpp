#include "affect/affect.h"

#include <gtest/gtest.h>

#include <cmath>
#include <atomic>
#include <random>
#include <thread>

#include "test_support.h"

namespace os1::affect {
namespace {

const AffectModel& model() {
    static AffectModel m = [] {
        auto loaded = AffectModel::load_embedded();
        EXPECT_TRUE(loaded.ok()) << (loaded.ok() ? "" : loaded.error().message);
        return loaded.release_value();
    }();
    return m;
}

float p(const Affect& a, std::string_view label) { return a.emotions[size_t(go_label_index(label))]; }
float pe(const Affect& a, std::string_view label) { return a.ekman[size_t(ekman_label_index(label))]; }
bool predicted(const Affect& a, std::string_view label) {
    for (int i : a.predicted)
        if (GO_LABELS[size_t(i)] == label) return true;
    return false;
}

void expect_well_formed(const Affect& a) {
    for (float x : a.emotions) EXPECT_TRUE(x >= 0 && x <= 1);
    for (float x : a.ekman) EXPECT_TRUE(x >= 0 && x <= 1);
    EXPECT_FALSE(a.predicted.empty());
    EXPECT_FALSE(a.ekman_predicted.empty());
    EXPECT_GE(a.valence, -1.0f);
    EXPECT_LE(a.valence, 1.0f);
    EXPECT_GE(a.arousal, 0.0f);
    EXPECT_LE(a.arousal, 1.0f);
}

// A tiny model with known weights, to test the format without training.
ModelData tiny_model() {
    ModelData m;
    m.seed = 42;
    m.dim = 4;
    m.n_char_buckets = 8;
    m.word_keys = {11, 22, 33};
    std::mt19937 rng(1);
    std::uniform_real_distribution<float> u(-1, 1);
    m.rows.resize((3 + 8) * 4);
    for (auto& x : m.rows) x = u(rng);
    m.b1.assign(4, 0.1f);
    m.w2.resize(N_OUTPUTS * 4);
    for (auto& x : m.w2) x = u(rng);
    m.b2.assign(N_OUTPUTS, -1.0f);
    m.thresholds.fill(0.3f);
    return m;
}

TEST(AffectModel, EmbeddedWeightsLoad) {
    auto m = AffectModel::load_embedded();
    ASSERT_TRUE(m.ok()) << m.error().message;
    EXPECT_GT(m->n_word_rows(), 1000u);
    EXPECT_GT(m->dim(), 0u);
    for (float t : m->thresholds()) EXPECT_TRUE(t > 0 && t < 1);
}

TEST(AffectModel, RoundTripsItsFormat) {
    std::string bytes = serialize_model(tiny_model());
    auto m = AffectModel::from_bytes(bytes, "tiny");
    ASSERT_TRUE(m.ok()) << m.error().message;
    EXPECT_EQ(m->dim(), 4u);
    EXPECT_EQ(m->n_word_rows(), 3u);
    EXPECT_EQ(m->n_char_buckets(), 8u);
    EXPECT_FLOAT_EQ(m->thresholds()[5], 0.3f);
    expect_well_formed(m->analyze("anything at all"));
}

TEST(AffectModel, CorruptWeightsAreAClearError) {
    std::string good = serialize_model(tiny_model());
    auto check = [](std::string bytes, std::string_view needle) {
        auto m = AffectModel::from_bytes(bytes, "damaged.bin");
        ASSERT_FALSE(m.ok());
        EXPECT_EQ(m.error().code, ErrorCode::Corrupt);
        EXPECT_NE(m.error().message.find("damaged.bin"), std::string::npos) << m.error().message;
        EXPECT_NE(m.error().message.find(needle), std::string::npos) << m.error().message;
    };
    check("", "header");
    check("not a model at all, just some text that is long enough to pass the size check....", "header");
    check(good.substr(0, good.size() - 1), "size");
    check(good + "x", "size");
    std::string flipped = good;
    flipped[good.size() / 2] ^= 0x40;
    check(flipped, "checksum");
    std::string version = good;
    version[8] = 99;
    check(version, "version");
}

TEST(AffectModel, EkmanMixBlendsHeadWithMappedGoEmotions) {
    auto load = [](float mix) {
        ModelData d = tiny_model();
        d.ekman_mix = mix;
        auto m = AffectModel::from_bytes(serialize_model(d), "tiny");
        EXPECT_TRUE(m.ok()) << m.error().message;
        return m.release_value();
    };
    std::string_view text = "some words to feed the hashes";
    Affect head = load(0).analyze(text), derived = load(1).analyze(text), half = load(0.5f).analyze(text);
    for (size_t g = 0; g < N_GO; ++g) EXPECT_FLOAT_EQ(head.emotions[g], derived.emotions[g]);
    for (size_t e = 0; e < N_EKMAN; ++e) {
        float mx = 0;
        for (size_t g = 0; g < N_GO; ++g)
            if (GO_TO_EKMAN[g] == e) mx = std::max(mx, head.emotions[g]);
        EXPECT_NEAR(derived.ekman[e], mx, 1e-6f) << e;
        EXPECT_NEAR(half.ekman[e], 0.5f * (head.ekman[e] + mx), 1e-6f) << e;
    }
    ModelData bad = tiny_model();
    bad.ekman_mix = 1.5f;  // written by no trainer: the loader refuses it
    auto m = AffectModel::from_bytes(serialize_model(bad), "bad.bin");
    ASSERT_FALSE(m.ok());
    EXPECT_EQ(m.error().code, ErrorCode::Corrupt);
}

TEST(AffectModel, MissingFileIsNotFound) {
    test::TempDir dir;
    auto m = AffectModel::load_file(dir / "nope.bin");
    ASSERT_FALSE(m.ok());
    EXPECT_NE(m.error().message.find("nope.bin"), std::string::npos);
}

TEST(AffectModel, RecognisesClearEmotions) {
    auto joy = model().analyze("I am so happy today, this is wonderful!");
    EXPECT_GT(pe(joy, "joy"), 0.5f);
    EXPECT_GT(joy.valence, 0.3f);
    auto thanks = model().analyze("Thank you so much for your help");
    EXPECT_TRUE(predicted(thanks, "gratitude"));
    auto sad = model().analyze("My dog died yesterday and I can't stop crying");
    EXPECT_GT(pe(sad, "sadness"), 0.4f);
    EXPECT_LT(sad.valence, -0.2f);
    auto scared = model().analyze("I'm really scared about the surgery tomorrow");
    EXPECT_GT(pe(scared, "fear"), 0.3f);
    auto fact = model().analyze("The meeting is at 5pm in room 12");
    EXPECT_TRUE(predicted(fact, "neutral"));
}

TEST(AffectModel, NegationFlipsValence) {
    auto happy = model().analyze("I am happy");
    auto not_happy = model().analyze("I am not happy");
    EXPECT_GT(happy.valence, 0.2f);
    EXPECT_LT(not_happy.valence, 0.0f);
    EXPECT_GT(p(happy, "joy"), p(not_happy, "joy"));
    auto good = model().analyze("this is good");
    auto not_good = model().analyze("this is not good");
    EXPECT_GT(good.valence, not_good.valence + 0.3f);
}

TEST(AffectModel, EmojiCarryEmotion) {
    auto crying = model().analyze("\xF0\x9F\x98\xAD\xF0\x9F\x98\xAD");  // 😭😭
    auto laughing = model().analyze("\xF0\x9F\x98\x82\xF0\x9F\x98\x82");  // 😂😂
    auto heart = model().analyze("\xE2\x9D\xA4\xEF\xB8\x8F");  // ❤️
    EXPECT_LT(crying.valence, laughing.valence);
    EXPECT_GT(p(laughing, "amusement"), 0.3f);
    EXPECT_GT(p(heart, "love"), 0.3f);
}

TEST(AffectModel, AllCapsAndTyposKeepTheMeaning) {
    auto calm = model().analyze("I hate this");
    auto caps = model().analyze("I HATE THIS");
    EXPECT_LT(caps.valence, 0.0f);
    EXPECT_GT(pe(caps, "anger") + pe(caps, "disgust"), 0.3f);
    EXPECT_GT(caps.arousal, 0.4f);
    (void)calm;
    auto typo = model().analyze("thank yuo so mcuh");
    EXPECT_TRUE(predicted(typo, "gratitude"));
    auto hapy = model().analyze("I am so hapy");
    EXPECT_GT(pe(hapy, "joy"), 0.5f);
    auto elongated = model().analyze("I love youuuuu");
    EXPECT_TRUE(predicted(elongated, "love"));
}

TEST(AffectModel, OddInputIsHandled) {
    expect_well_formed(model().analyze(""));
    expect_well_formed(model().analyze("   \t  "));
    expect_well_formed(model().analyze(std::string("\xFF\xFE\xC3\x28 \x80\x80", 7)));
    expect_well_formed(model().analyze(std::string(1 << 20, 'a')));
    std::string huge;
    for (int i = 0; i < 100000; ++i) huge += "sad ";
    expect_well_formed(model().analyze(huge));
    std::string zeros("a\0b\0c", 5);
    expect_well_formed(model().analyze(zeros));
    auto empty = model().analyze("");
    EXPECT_TRUE(predicted(empty, "neutral"));
}

TEST(AffectModel, DecideAppliesThresholdsAndNeverReturnsNothing) {
    std::array<float, N_OUTPUTS> probs{};
    Affect none = model().decide(probs);
    EXPECT_EQ(none.predicted.size(), 1u);
    EXPECT_EQ(none.ekman_predicted.size(), 1u);
    probs.fill(0.999f);
    Affect all = model().decide(probs);
    EXPECT_EQ(all.predicted.size(), N_GO);
    EXPECT_EQ(all.ekman_predicted.size(), N_EKMAN);
}

TEST(AffectValence, FollowsTheLabelTable) {
    std::array<float, N_GO> probs{};
    float v = 0, a = 0;
    valence_arousal(probs, v, a);
    EXPECT_FLOAT_EQ(v, GO_VAD[GO_NEUTRAL].valence);
    probs[size_t(go_label_index("joy"))] = 1;
    valence_arousal(probs, v, a);
    EXPECT_FLOAT_EQ(v, GO_VAD[size_t(go_label_index("joy"))].valence);
    probs[size_t(go_label_index("grief"))] = 1;
    valence_arousal(probs, v, a);
    EXPECT_NEAR(v, (GO_VAD[size_t(go_label_index("joy"))].valence + GO_VAD[size_t(go_label_index("grief"))].valence) / 2,
                1e-6);
}

TEST(AffectJson, HasEveryLabelAndRanges) {
    Json j = affect_to_json(model().analyze("wow, I did not expect that!"));
    ASSERT_EQ(j["emotions"].size(), N_GO);
    ASSERT_EQ(j["ekman"].size(), N_EKMAN);
    for (auto name : GO_LABELS) ASSERT_TRUE(j["emotions"].contains(std::string(name))) << name;
    for (auto name : EKMAN_LABELS) ASSERT_TRUE(j["ekman"].contains(std::string(name))) << name;
    EXPECT_TRUE(j["predicted"].is_array());
    EXPECT_FALSE(j["predicted"].empty());
    EXPECT_TRUE(j["ekman_predicted"].is_array());
    EXPECT_TRUE(j["valence"].is_number());
    EXPECT_TRUE(j["arousal"].is_number());
}

TEST(AffectModel, ThreadsShareOneModel) {
    const std::string texts[] = {"so happy", "so sad", "what?!", "I am furious"};
    std::vector<std::array<float, N_OUTPUTS>> expected(4);
    for (size_t i = 0; i < 4; ++i) model().probabilities(texts[i], expected[i]);
    std::vector<std::thread> threads;
    std::atomic<int> mismatches{0};
    for (int t = 0; t < 4; ++t)
        threads.emplace_back([&] {
            for (int r = 0; r < 200; ++r)
                for (size_t i = 0; i < 4; ++i) {
                    std::array<float, N_OUTPUTS> got;
                    model().probabilities(texts[i], got);
                    if (got != expected[i]) mismatches++;
                }
        });
    for (auto& t : threads) t.join();
    EXPECT_EQ(mismatches.load(), 0);
}

}  // namespace
}  // namespace os1::affect

// Sampler: each step of the chain on hand-made logits, and determinism.
#include "engine/runtime/sampler.h"

#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <set>

using namespace os1::engine;

namespace {

SamplerOptions plain() {
    SamplerOptions o;
    o.temperature = 1.0f;
    o.top_k = 0;
    o.top_p = 1.0f;
    o.min_p = 0.0f;
    o.seed = 42;
    return o;
}

std::set<int32_t> ids_of(const std::vector<Sampler::Candidate>& c) {
    std::set<int32_t> out;
    for (const auto& x : c) out.insert(x.id);
    return out;
}

}  // namespace

TEST(Sampler, GreedyPicksArgmaxAndFirstOnTies) {
    Sampler s(SamplerOptions::greedy());
    std::vector<float> logits = {0.1f, 2.0f, -1.0f, 2.0f};
    EXPECT_EQ(s.sample(logits, {}), 1);
    std::vector<float> neg = {-5.0f, -3.0f, -4.0f};
    EXPECT_EQ(s.sample(neg, {}), 1);
}

TEST(Sampler, TopKKeepsTheKBest) {
    auto o = plain();
    o.top_k = 2;
    Sampler s(o);
    std::vector<float> logits = {1.0f, 5.0f, 3.0f, 4.0f, 0.0f};
    const auto& c = s.candidates(logits);
    EXPECT_EQ(ids_of(c), (std::set<int32_t>{1, 3}));
    EXPECT_EQ(c[0].id, 1);  // most likely first
    EXPECT_NEAR(c[0].p + c[1].p, 1.0f, 1e-6f);
    EXPECT_NEAR(c[0].p, 1.0f / (1.0f + std::exp(-1.0f)), 1e-6f);
}

TEST(Sampler, TopPKeepsTheSmallestNucleus) {
    auto o = plain();
    std::vector<float> logits = {std::log(0.5f), std::log(0.3f), std::log(0.15f), std::log(0.05f)};
    o.top_p = 0.7f;  // 0.5 < 0.7 <= 0.5 + 0.3
    Sampler a(o);
    EXPECT_EQ(ids_of(a.candidates(logits)), (std::set<int32_t>{0, 1}));
    o.top_p = 0.9f;  // needs 0.5 + 0.3 + 0.15
    Sampler b(o);
    EXPECT_EQ(ids_of(b.candidates(logits)), (std::set<int32_t>{0, 1, 2}));
    o.top_p = 0.1f;  // at least one survives
    Sampler c(o);
    EXPECT_EQ(ids_of(c.candidates(logits)), (std::set<int32_t>{0}));
}

TEST(Sampler, MinPDropsUnlikelyTokens) {
    auto o = plain();
    o.min_p = 0.2f;  // keep p >= 0.2 * 0.5 = 0.1
    Sampler s(o);
    std::vector<float> logits = {std::log(0.5f), std::log(0.3f), std::log(0.12f), std::log(0.08f)};
    const auto& c = s.candidates(logits);
    EXPECT_EQ(ids_of(c), (std::set<int32_t>{0, 1, 2}));
    float sum = 0;
    for (const auto& x : c) sum += x.p;
    EXPECT_NEAR(sum, 1.0f, 1e-6f);
    EXPECT_NEAR(c[0].p, 0.5f / 0.92f, 1e-5f);
}

TEST(Sampler, TemperatureSharpensAndFlattens) {
    std::vector<float> logits = {1.0f, 0.0f};
    auto o = plain();
    o.temperature = 0.5f;
    Sampler cold(o);
    float p_cold = cold.candidates(logits)[0].p;
    o.temperature = 2.0f;
    Sampler hot(o);
    float p_hot = hot.candidates(logits)[0].p;
    EXPECT_NEAR(p_cold, 1.0f / (1.0f + std::exp(-2.0f)), 1e-6f);
    EXPECT_NEAR(p_hot, 1.0f / (1.0f + std::exp(-0.5f)), 1e-6f);
}

TEST(Sampler, RepeatPenaltyDividesPositiveAndMultipliesNegative) {
    auto o = plain();
    o.repeat_penalty = 2.0f;
    Sampler s(o);
    std::vector<float> logits = {4.0f, -4.0f, 4.0f};
    std::vector<int32_t> history = {0, 1, 0};
    s.apply_penalties(logits, history);
    EXPECT_FLOAT_EQ(logits[0], 2.0f);   // once, however often it occurred
    EXPECT_FLOAT_EQ(logits[1], -8.0f);
    EXPECT_FLOAT_EQ(logits[2], 4.0f);   // not in the history
}

TEST(Sampler, FrequencyAndPresencePenalties) {
    auto o = plain();
    o.frequency_penalty = 0.5f;
    o.presence_penalty = 1.0f;
    Sampler s(o);
    std::vector<float> logits = {0.0f, 0.0f, 0.0f};
    std::vector<int32_t> history = {0, 0, 0, 1, 7, -3};  // out-of-range ids are ignored
    s.apply_penalties(logits, history);
    EXPECT_FLOAT_EQ(logits[0], -(3 * 0.5f + 1.0f));
    EXPECT_FLOAT_EQ(logits[1], -(1 * 0.5f + 1.0f));
    EXPECT_FLOAT_EQ(logits[2], 0.0f);
}

TEST(Sampler, PenaltyWindowOnlySeesRecentTokens) {
    auto o = plain();
    o.presence_penalty = 1.0f;
    o.penalty_last_n = 2;
    Sampler s(o);
    std::vector<float> logits = {0.0f, 0.0f, 0.0f};
    std::vector<int32_t> history = {0, 1, 2};
    s.apply_penalties(logits, history);
    EXPECT_FLOAT_EQ(logits[0], 0.0f);
    EXPECT_FLOAT_EQ(logits[1], -1.0f);
    EXPECT_FLOAT_EQ(logits[2], -1.0f);
}

TEST(Sampler, PenaltyChangesTheGreedyChoice) {
    auto o = SamplerOptions::greedy();
    o.repeat_penalty = 3.0f;
    Sampler s(o);
    std::vector<float> logits = {3.0f, 2.0f};
    std::vector<int32_t> history = {0};
    EXPECT_EQ(s.sample(logits, history), 1);
}

TEST(Sampler, SameSeedSameTokens) {
    std::vector<float> base(50);
    for (size_t i = 0; i < base.size(); i++) base[i] = std::sin(static_cast<float>(i)) * 2.0f;
    auto draw = [&](uint64_t seed) {
        auto o = plain();
        o.seed = seed;
        Sampler s(o);
        std::vector<int32_t> out;
        for (int i = 0; i < 40; i++) {
            auto logits = base;
            out.push_back(s.sample(logits, {}));
        }
        return out;
    };
    EXPECT_EQ(draw(7), draw(7));
    EXPECT_NE(draw(7), draw(8));
}

TEST(Sampler, DrawsFollowTheDistribution) {
    auto o = plain();
    o.seed = 1;
    Sampler s(o);
    std::vector<float> base = {std::log(0.7f), std::log(0.2f), std::log(0.1f)};
    std::map<int32_t, int> counts;
    const int n = 20000;
    for (int i = 0; i < n; i++) {
        auto logits = base;
        counts[s.sample(logits, {})]++;
    }
    EXPECT_NEAR(counts[0] / double(n), 0.7, 0.02);
    EXPECT_NEAR(counts[1] / double(n), 0.2, 0.02);
    EXPECT_NEAR(counts[2] / double(n), 0.1, 0.02);
}

TEST(Sampler, TopKOneIsGreedyWhateverTheTemperature) {
    auto o = plain();
    o.top_k = 1;
    o.temperature = 5.0f;
    Sampler s(o);
    for (int i = 0; i < 20; i++) {
        std::vector<float> logits = {0.0f, 0.5f, 0.4f};
        EXPECT_EQ(s.sample(logits, {}), 1);
    }
}

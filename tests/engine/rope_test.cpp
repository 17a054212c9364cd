// RoPE angles (ops.h rope_angles): plain, linear scaling, per-frequency
// factors and YaRN, each against the formula written out in double here.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "engine/ops/ops.h"

namespace os1::engine {
namespace {

// The angle of pair i at pos as the papers write it (double precision).
double plain_angle(int pos, int i, int n_rot, double base) { return pos * std::pow(base, -2.0 * i / n_rot); }

TEST(Rope, PlainAndLinearAnglesFollowTheFormula) {
    const int n_rot = 64;
    std::vector<float> cs(n_rot);
    for (float scale : {1.0f, 0.25f}) {
        RopeParams p{n_rot, 10000.0f, scale, nullptr, RopeStyle::Normal};
        for (int pos : {0, 1, 7, 300}) {
            rope_angles(pos, p, cs.data());
            for (int i = 0; i < n_rot / 2; i++) {
                const double a = scale * plain_angle(pos, i, n_rot, 10000.0);
                // theta advances by repeated float multiplication (as
                // llama.cpp): a few ulps of drift over 32 steps.
                ASSERT_NEAR(cs[2 * i], std::cos(a), 2e-4 * std::max(1.0, a)) << pos << " " << i;
                ASSERT_NEAR(cs[2 * i + 1], std::sin(a), 2e-4 * std::max(1.0, a)) << pos << " " << i;
            }
        }
    }
}

TEST(Rope, FrequencyFactorsDivideTheAngle) {
    const int n_rot = 8;
    const float factors[4] = {1.0f, 2.0f, 4.0f, 8.0f};
    RopeParams with{n_rot, 500000.0f, 1.0f, factors, RopeStyle::Normal};
    std::vector<float> cs(n_rot);
    rope_angles(11, with, cs.data());
    for (int i = 0; i < n_rot / 2; i++) {
        const double a = plain_angle(11, i, n_rot, 500000.0) / factors[i];
        EXPECT_NEAR(cs[2 * i], std::cos(a), 1e-5);
        EXPECT_NEAR(cs[2 * i + 1], std::sin(a), 1e-5);
    }
}

// YaRN (Peng et al. 2023, as ggml implements it): pairs below the
// correction range keep their original angle (extrapolation), pairs above
// it are interpolated (angle * freq_scale), a linear ramp in between; cos
// and sin are scaled by 1 + 0.1 ln(factor).
TEST(Rope, YarnMixesExtrapolationAndInterpolationAndScales) {
    const int n_rot = 128, n_ctx_orig = 4096;
    const float base = 1000000.0f, factor = 4.0f;
    float low = 0, high = 0;
    rope_yarn_corr_dims(n_rot, n_ctx_orig, base, 32.0f, 1.0f, low, high);
    // The pair whose wavelength fits beta times in the original context.
    auto dim = [&](double beta) { return n_rot * std::log(n_ctx_orig / (beta * 2 * M_PI)) / (2 * std::log(base)); };
    EXPECT_EQ(low, std::max(0.0, std::floor(dim(32))));
    EXPECT_EQ(high, std::min(n_rot - 1.0, std::ceil(dim(1))));
    ASSERT_LT(0.0f, low);
    ASSERT_LT(low, high);
    ASSERT_LT(high, n_rot / 2 - 1.0f);

    RopeParams p{n_rot, base, 1.0f / factor, nullptr, RopeStyle::NeoX, 1.0f, 1.0f, low, high};
    std::vector<float> cs(n_rot);
    const double mscale = 1.0 + 0.1 * std::log(factor);
    for (int pos : {0, 5, 9000}) {
        rope_angles(pos, p, cs.data());
        for (int i = 0; i < n_rot / 2; i++) {
            const double extrap = plain_angle(pos, i, n_rot, base), interp = extrap / factor;
            const double ramp = 1.0 - std::clamp((i - low) / std::max(0.001f, high - low), 0.0f, 1.0f);
            const double a = interp * (1 - ramp) + extrap * ramp;
            const double tol = 2e-4 * std::max(1.0, a);
            ASSERT_NEAR(cs[2 * i], mscale * std::cos(a), tol) << pos << " " << i;
            ASSERT_NEAR(cs[2 * i + 1], mscale * std::sin(a), tol) << pos << " " << i;
            if (i < low) {
                ASSERT_EQ(ramp, 1.0);  // fast pairs: not interpolated
            }
            if (i > high) {
                ASSERT_EQ(ramp, 0.0);  // slow pairs: fully interpolated
            }
        }
    }
    // ext_factor 0 is plain linear scaling, bit for bit.
    RopeParams linear{n_rot, base, 1.0f / factor, nullptr, RopeStyle::NeoX};
    RopeParams off = p;
    off.ext_factor = 0.0f;
    std::vector<float> a(n_rot), b(n_rot);
    rope_angles(777, linear, a.data());
    rope_angles(777, off, b.data());
    EXPECT_EQ(a, b);
}

}  // namespace
}  // namespace os1::engine

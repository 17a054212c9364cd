// vec_ops.h: the SIMD versions return exactly the scalar twins' bits, and
// the twins compute what they claim (exp close to e^x, special values,
// ggml's summation order).
#include "engine/kernels/vec_ops.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <random>
#include <vector>

#include "engine/kernels/kernels.h"
#include "engine/ops/ops.h"
#include "engine/gguf/tensor_types.h"

using namespace os1::engine;
namespace detail = os1::engine::vec_ops_detail;
using os1::engine::kernels::Isa;

namespace {

bool same_bits(float a, float b) { return std::memcmp(&a, &b, sizeof a) == 0; }

std::vector<float> random_floats(size_t n, float lo, float hi, uint32_t seed) {
    std::mt19937 rng(seed);
    std::uniform_real_distribution<float> u(lo, hi);
    std::vector<float> v(n);
    for (auto& x : v) x = u(rng);
    return v;
}

// Runs fn under each ISA this machine has, restoring the active one.
template <typename F>
void for_each_isa(F&& fn) {
    const Isa prev = kernels::active_isa();
    for (Isa isa : kernels::supported_isas()) {
        kernels::set_isa(isa);
        SCOPED_TRACE(kernels::isa_name(isa));
        fn(isa);
    }
    kernels::set_isa(prev);
}

}  // namespace

TEST(VecOps, ExpIsCloseToLibmAndHandlesLimits) {
    for (float x : random_floats(20000, -87.0f, 88.0f, 1)) {
        const float ours = exp_ggml(x), ref = std::exp(x);
        EXPECT_LE(std::fabs(ours - ref), 3e-7f * ref) << x;
    }
    EXPECT_EQ(exp_ggml(0.0f), 1.0f);
    EXPECT_EQ(exp_ggml(-std::numeric_limits<float>::infinity()), 0.0f);
    EXPECT_EQ(exp_ggml(-200.0f), 0.0f);
    EXPECT_EQ(exp_ggml(200.0f), std::numeric_limits<float>::infinity());
    EXPECT_TRUE(std::isnan(exp_ggml(std::numeric_limits<float>::quiet_NaN())));
    // Subnormal results: one rounding, like AVX-512's scalef.
    EXPECT_GT(exp_ggml(-100.0f), 0.0f);
    EXPECT_LT(exp_ggml(-100.0f), std::numeric_limits<float>::min());
}

TEST(VecOps, ExpSumMatchesScalarTwinOnEveryIsa) {
    // Lengths around the 16-lane blocks; values down to where exp underflows.
    for (int n : {1, 5, 15, 16, 17, 31, 32, 33, 100, 1000}) {
        SCOPED_TRACE(n);
        const auto base = random_floats(static_cast<size_t>(n), -120.0f, 10.0f, static_cast<uint32_t>(n));
        std::vector<float> want = base;
        const double want_sum = detail::exp_sum_scalar(want.data(), n, 10.0f);
        for_each_isa([&](Isa) {
            std::vector<float> got = base;
            const double sum = exp_sum_ggml(got.data(), n, 10.0f);
            EXPECT_EQ(sum, want_sum);
            for (int i = 0; i < n; i++) ASSERT_TRUE(same_bits(got[i], want[i])) << i << " " << base[i];
        });
    }
}

TEST(VecOps, ExpSumAddsBlocksOfSixteenInDouble) {
    // 17 ones (x = max): one full block summing to 16 and one with a single 1.
    std::vector<float> x(17, 3.0f);
    EXPECT_EQ(exp_sum_ggml(x.data(), 17, 3.0f), 17.0);
    for (float v : x) EXPECT_EQ(v, 1.0f);
}

TEST(VecOps, SiluMulMatchesScalarTwinOnEveryIsa) {
    for (int n : {1, 7, 8, 15, 16, 17, 172, 512}) {
        // n_vec: the whole row's vector part (n & ~15), none, all, and an unaligned split.
        for (int n_vec : {n & ~15, 0, n, n / 3}) {
            SCOPED_TRACE(testing::Message() << n << " " << n_vec);
            const auto gate = random_floats(static_cast<size_t>(n), -30.0f, 30.0f, static_cast<uint32_t>(n) + 7);
            const auto up = random_floats(static_cast<size_t>(n), -2.0f, 2.0f, static_cast<uint32_t>(n) + 8);
            std::vector<float> want = gate;
            detail::silu_mul_scalar(want.data(), up.data(), n, n_vec);
            for_each_isa([&](Isa) {
                std::vector<float> got = gate;
                silu_mul_ggml(got.data(), up.data(), n, n_vec);
                for (int i = 0; i < n; i++) ASSERT_TRUE(same_bits(got[i], want[i])) << i << " " << gate[i];
            });
            for (int i = 0; i < n; i++) {
                const size_t k = static_cast<size_t>(i);
                const double g = gate[k];
                EXPECT_NEAR(want[k], g / (1.0 + std::exp(-g)) * up[k], 1e-5);
                // Past n_vec: ggml's scalar tail, x / (1 + expf(-x)) with libm, then * up.
                if (i >= n_vec) {
                    EXPECT_TRUE(same_bits(want[k], gate[k] / (1.0f + std::exp(-gate[k])) * up[k])) << i;
                }
            }
        }
    }
}

TEST(VecOps, SiluMulTailUsesLibmExpNotTheVectorMethod) {
    // Find an x where the two exps give different SiLU values, so the test can tell them apart.
    float x = 0.0f;
    for (float v = -20.0f; v < 20.0f && x == 0.0f; v += 0.0137f)
        if (v / (1.0f + exp_ggml(0.0f - v)) != v / (1.0f + std::exp(-v))) x = v;
    ASSERT_NE(x, 0.0f);
    std::vector<float> a(17, x), b(17, x);
    const std::vector<float> up(17, 1.0f);
    silu_mul_ggml(a.data(), up.data(), 17, 16);  // last one in the tail
    silu_mul_ggml(b.data(), up.data(), 17, 17);  // all vector
    EXPECT_TRUE(same_bits(a[0], b[0]));
    EXPECT_FALSE(same_bits(a[16], b[16]));
    EXPECT_TRUE(same_bits(a[16], x / (1.0f + std::exp(-x))));
}

TEST(VecOps, RoundFp16MatchesScalarTwinOnEveryIsa) {
    for (int n : {1, 8, 15, 16, 17, 64, 100}) {
        SCOPED_TRACE(n);
        auto x = random_floats(static_cast<size_t>(n), -70000.0f, 70000.0f, static_cast<uint32_t>(n) + 11);
        // Ties, subnormals, overflow and signed zero at the front.
        const float special[] = {1.0f + 1.0f / 2048.0f, 1.0f + 3.0f / 2048.0f, 3e-6f, -6e-8f, 1e6f, -0.0f, 65519.0f};
        for (size_t i = 0; i < std::size(special) && i < x.size(); i++) x[i] = special[i];
        std::vector<float> want = x;
        detail::round_fp16_scalar(want.data(), n);
        for (int i = 0; i < n; i++)
            ASSERT_TRUE(same_bits(want[static_cast<size_t>(i)], fp16_to_fp32(fp32_to_fp16(x[static_cast<size_t>(i)])))) << i;
        for_each_isa([&](Isa) {
            std::vector<float> got = x;
            round_fp16_rows(got.data(), n);
            for (int i = 0; i < n; i++) ASSERT_TRUE(same_bits(got[static_cast<size_t>(i)], want[static_cast<size_t>(i)])) << i << " " << x[static_cast<size_t>(i)];
        });
    }
    // Rounding to nearest even: 1 + 1/2048 is halfway between 1 and 1 + 1/1024.
    float tie = 1.0f + 1.0f / 2048.0f;
    round_fp16_rows(&tie, 1);
    EXPECT_EQ(tie, 1.0f);
}

TEST(VecOps, RopeRotateMatchesScalarTwinOnEveryIsa) {
    for (bool neox : {false, true}) {
        for (int half : {8, 16, 20, 32, 64}) {
            SCOPED_TRACE(testing::Message() << "neox " << neox << " half " << half);
            const int head_dim = 2 * half + (half == 20 ? 24 : 0), n_heads = 3;  // 20: only part of the head rotates
            const auto x = random_floats(static_cast<size_t>(n_heads * head_dim), -4.0f, 4.0f, static_cast<uint32_t>(half));
            auto cs = random_floats(static_cast<size_t>(2 * half), -1.0f, 1.0f, static_cast<uint32_t>(half + 1));
            std::vector<float> want = x;
            detail::rope_rotate_scalar(want.data(), n_heads, head_dim, half, neox, cs.data());
            // The definition for one pair of head 1.
            const int i = half - 1, a = neox ? i : 2 * i, b = neox ? i + half : 2 * i + 1;
            const float x0 = x[static_cast<size_t>(head_dim + a)], x1 = x[static_cast<size_t>(head_dim + b)];
            const float c = cs[static_cast<size_t>(2 * i)], sn = cs[static_cast<size_t>(2 * i + 1)];
            EXPECT_TRUE(same_bits(want[static_cast<size_t>(head_dim + a)], std::fma(x0, c, -(x1 * sn))));
            EXPECT_TRUE(same_bits(want[static_cast<size_t>(head_dim + b)], std::fma(x0, sn, x1 * c)));
            if (half == 20) {  // values past the rotated part are untouched
                EXPECT_EQ(want[static_cast<size_t>(head_dim - 1)], x[static_cast<size_t>(head_dim - 1)]);
            }
            for_each_isa([&](Isa) {
                std::vector<float> got = x;
                rope_rotate(got.data(), n_heads, head_dim, half, neox, cs.data());
                for (size_t k = 0; k < got.size(); k++) ASSERT_TRUE(same_bits(got[k], want[k])) << k;
            });
        }
    }
}

TEST(VecOps, ScaleRoundFp16IsTheProductRoundedOnEveryIsa) {
    for (int n : {1, 15, 16, 17, 100}) {
        SCOPED_TRACE(n);
        const auto x = random_floats(static_cast<size_t>(n), 0.0f, 3.0f, static_cast<uint32_t>(n) + 21);
        const float s = 0.3137f;
        std::vector<float> want = x;
        for (auto& w : want) w = fp16_to_fp32(fp32_to_fp16(w * s));
        for_each_isa([&](Isa) {
            std::vector<float> got = x;
            got.push_back(5.0f);
            scale_round_fp16(got.data(), n, s);
            for (int i = 0; i < n; i++) ASSERT_TRUE(same_bits(got[static_cast<size_t>(i)], want[static_cast<size_t>(i)])) << i;
            EXPECT_EQ(got.back(), 5.0f);  // nothing past n
        });
    }
}

TEST(VecOps, MaxFindsTheLargestValueOnEveryIsa) {
    for (int n : {1, 2, 15, 16, 17, 40, 300}) {
        for (int at : {0, n / 2, n - 1}) {
            SCOPED_TRACE(testing::Message() << "n " << n << " at " << at);
            auto x = random_floats(static_cast<size_t>(n) + 1, -50.0f, 10.0f, static_cast<uint32_t>(n + at));
            x[static_cast<size_t>(at)] = 11.5f;
            x[static_cast<size_t>(n)] = 1e9f;  // past n: not read
            for_each_isa([&](Isa) {
                EXPECT_EQ(max_f32(x.data(), n), 11.5f);
                for (auto& v : x) v = -v - 100.0f;  // all negative, the largest is now elsewhere
                EXPECT_EQ(max_f32(x.data(), n), detail::max_f32_scalar(x.data(), n));
                for (auto& v : x) v = -(v + 100.0f);
            });
        }
    }
}

TEST(VecOps, F16DotMatchesScalarTwinAndIsExactForSmallSums) {
    for (int n : {8, 16, 64, 80, 128, 200}) {
        SCOPED_TRACE(n);
        auto q = random_floats(static_cast<size_t>(n), -2.0f, 2.0f, static_cast<uint32_t>(n) + 1);
        for (auto& v : q) v = fp16_to_fp32(fp32_to_fp16(v));
        std::vector<uint16_t> k(static_cast<size_t>(n));
        const auto kf = random_floats(static_cast<size_t>(n), -2.0f, 2.0f, static_cast<uint32_t>(n) + 2);
        for (int i = 0; i < n; i++) k[static_cast<size_t>(i)] = fp32_to_fp16(kf[static_cast<size_t>(i)]);
        const float want = detail::dot_f16_scalar(q.data(), k.data(), n);
        double exact = 0;
        for (int i = 0; i < n; i++) exact += static_cast<double>(q[static_cast<size_t>(i)]) * fp16_to_fp32(k[static_cast<size_t>(i)]);
        EXPECT_NEAR(want, exact, 1e-5 * n);
        for_each_isa([&](Isa) {
            EXPECT_TRUE(same_bits(dot_f16_ggml(q.data(), k.data(), n), want));
            float att[2];  // the same row twice, stride 0
            scores_f16_ggml(q.data(), k.data(), 0, 2, n, 0.125f, att);
            EXPECT_TRUE(same_bits(att[0], want * 0.125f));
            EXPECT_TRUE(same_bits(att[1], want * 0.125f));
        });
    }
}

namespace {

// f16 values spread over many magnitudes, so that a changed order of
// additions changes the rounded sums.
std::vector<uint16_t> random_f16(size_t n, uint32_t seed) {
    std::mt19937 rng(seed);
    std::uniform_real_distribution<float> u(-1.0f, 1.0f);
    std::uniform_int_distribution<int> e(-8, 8);
    std::vector<uint16_t> v(n);
    for (auto& x : v) x = fp32_to_fp16(std::ldexp(u(rng), e(rng)));
    return v;
}

}  // namespace

TEST(VecOps, ScoresOfManyKeysEqualOneDotPerKeyOnEveryIsa) {
    for (int n : {16, 64, 80, 128}) {
        for (int n_pos : {1, 5, 16, 17, 33, 100}) {
            SCOPED_TRACE(testing::Message() << "n " << n << " n_pos " << n_pos);
            const int64_t stride = n + 16;  // rows of several heads
            const auto k = random_f16(static_cast<size_t>(n_pos * stride), static_cast<uint32_t>(n * 1000 + n_pos));
            const auto qh = random_f16(static_cast<size_t>(n), static_cast<uint32_t>(n + 7));
            std::vector<float> q(static_cast<size_t>(n));
            for (int i = 0; i < n; i++) q[static_cast<size_t>(i)] = fp16_to_fp32(qh[static_cast<size_t>(i)]);
            std::vector<float> want(static_cast<size_t>(n_pos));
            for (int p = 0; p < n_pos; p++)
                want[static_cast<size_t>(p)] = detail::dot_f16_scalar(q.data(), k.data() + p * stride, n) * 0.125f;
            for_each_isa([&](Isa) {
                std::vector<float> got(static_cast<size_t>(n_pos) + 1, 7.0f);
                scores_f16_ggml(q.data(), k.data(), stride, n_pos, n, 0.125f, got.data());
                for (int p = 0; p < n_pos; p++)
                    EXPECT_TRUE(same_bits(got[static_cast<size_t>(p)], want[static_cast<size_t>(p)])) << p;
                EXPECT_EQ(got[static_cast<size_t>(n_pos)], 7.0f);  // nothing written past n_pos
            });
        }
    }
}

TEST(VecOps, ValueLanesAreGgmlLaneOrderOnEveryIsa) {
    for (int n : {16, 48, 64, 128, 24}) {
        for (int n_lanes : {0, 1, 15, 16, 17, 63, 64, 65, 100, 130, 200}) {
            SCOPED_TRACE(testing::Message() << "n " << n << " n_lanes " << n_lanes);
            const int64_t stride = 2 * n;
            const auto v = random_f16(static_cast<size_t>(std::max(n_lanes, 1) * stride), static_cast<uint32_t>(n * 1000 + n_lanes));
            const auto ah = random_f16(static_cast<size_t>(std::max(n_lanes, 1)), static_cast<uint32_t>(n_lanes + 3));
            std::vector<float> a(ah.size());
            for (size_t p = 0; p < a.size(); p++) a[p] = std::fabs(fp16_to_fp32(ah[p]));
            // The definition: 64 float lanes per column, paired, tree-added.
            std::vector<double> want(static_cast<size_t>(n));
            for (int i = 0; i < n; i++) {
                float lane[64] = {};
                for (int p = 0; p < n_lanes; p++)
                    lane[p % 64] += a[static_cast<size_t>(p)] * fp16_to_fp32(v[static_cast<size_t>(p * stride + i)]);
                float col[16];
                for (int l = 0; l < 16; l++) col[l] = (lane[l] + lane[l + 32]) + (lane[l + 16] + lane[l + 48]);
                want[static_cast<size_t>(i)] = n_lanes > 0 ? static_cast<double>(tree_sum16(col)) : 0.0;
            }
            for_each_isa([&](Isa) {
                std::vector<float> scratch(64 * static_cast<size_t>(n), 3.0f);
                std::vector<double> got(static_cast<size_t>(n), 9.0);
                value_lanes_f16_ggml(a.data(), v.data(), stride, n_lanes, n, scratch.data(), got.data());
                EXPECT_EQ(got, want);
            });
        }
    }
}

TEST(VecOps, DoubleProductTailMatchesScalarTwinOnEveryIsa) {
    for (int n : {8, 16, 64}) {
        SCOPED_TRACE(n);
        const int n_pos = 37;
        const auto a = random_floats(n_pos, 0.0f, 1.0f, static_cast<uint32_t>(n) + 3);
        const auto vf = random_floats(static_cast<size_t>(n_pos * n), -3.0f, 3.0f, static_cast<uint32_t>(n) + 4);
        std::vector<uint16_t> v(vf.size());
        for (size_t i = 0; i < v.size(); i++) v[i] = fp32_to_fp16(vf[i]);
        std::vector<double> want(static_cast<size_t>(n), 0.5);
        detail::add_products_f16_double_scalar(a.data(), v.data(), n, n_pos, n, want.data());
        for_each_isa([&](Isa) {
            std::vector<double> got(static_cast<size_t>(n), 0.5);
            add_products_f16_double(a.data(), v.data(), n, n_pos, n, got.data());
            EXPECT_EQ(got, want);
        });
    }
}

TEST(VecOps, SoftmaxSumsToOneAndHandlesOneValue) {
    std::vector<float> x = {1.0f, 2.0f, 3.0f, -50.0f};
    softmax(x.data(), 4);
    EXPECT_NEAR(x[0] + x[1] + x[2] + x[3], 1.0, 1e-6);
    EXPECT_GT(x[2], x[1]);
    std::vector<float> one = {-7.5f};
    softmax(one.data(), 1);
    EXPECT_EQ(one[0], 1.0f);
}

TEST(VecOps, F32DotIsGgmlOrderOnEveryIsaIncludingItsTail) {
    // f32 matmul kernels (kernels_scalar.cpp dot_f32 and its AVX-512 twin):
    // 4 x 16-lane FMA accumulators over blocks of 64, reduced and tree-added,
    // then the n % 64 tail in order: (tail & ~7) rounded products, then the
    // tail % 8 fused. Checked against that rule written out here, bit for bit.
    for (int64_t n : {172, 64 + 12, 44, 7, 256, 64}) {
        SCOPED_TRACE(n);
        const int64_t rows = 3, tokens = 2;
        const auto w = random_floats(static_cast<size_t>(rows * n), -1.0f, 1.0f, static_cast<uint32_t>(n) + 21);
        const auto x = random_floats(static_cast<size_t>(tokens * n), -3.0f, 3.0f, static_cast<uint32_t>(n) + 22);
        std::vector<float> want(static_cast<size_t>(rows * tokens));
        for (int64_t t = 0; t < tokens; t++)
            for (int64_t r = 0; r < rows; r++) {
                const float* wr = w.data() + r * n;
                const float* xt = x.data() + t * n;
                const int64_t np = n & ~int64_t{63};
                float acc[4][16] = {};
                for (int64_t i = 0; i < np; i += 64)
                    for (int j = 0; j < 4; j++)
                        for (int l = 0; l < 16; l++) acc[j][l] = std::fma(wr[i + 16 * j + l], xt[i + 16 * j + l], acc[j][l]);
                float a[16];
                for (int l = 0; l < 16; l++) a[l] = (acc[0][l] + acc[2][l]) + (acc[1][l] + acc[3][l]);
                float sum = tree_sum16(a);
                const int64_t nr = np + ((n - np) & ~int64_t{7});
                for (int64_t i = np; i < nr; i++) {
                    volatile float p = wr[i] * xt[i];
                    sum += p;
                }
                for (int64_t i = nr; i < n; i++) sum = std::fma(wr[i], xt[i], sum);
                want[static_cast<size_t>(t * rows + r)] = sum;
            }
        const kernels::MatrixView view{GgmlType::F32, reinterpret_cast<const uint8_t*>(w.data()),
                                       static_cast<size_t>(n) * sizeof(float), rows, n};
        for_each_isa([&](Isa) {
            std::vector<float> got(static_cast<size_t>(rows * tokens), NAN);
            kernels::matmul_simple(view, x.data(), tokens, got.data(), rows);
            for (size_t i = 0; i < got.size(); i++) ASSERT_TRUE(same_bits(got[i], want[i])) << i;
        });
    }
}

TEST(VecOps, RmsnormRowsEqualsOneRowAtATime) {
    const int n = 37;
    for (int n_rows : {1, 3, 4, 9}) {
        SCOPED_TRACE(n_rows);
        const auto x = random_floats(static_cast<size_t>(n_rows * n), -3.0f, 3.0f, static_cast<uint32_t>(n_rows));
        const auto w = random_floats(static_cast<size_t>(n), 0.5f, 1.5f, 99);
        std::vector<float> want(x.size()), got(x.size()), in_place = x;
        for (int r = 0; r < n_rows; r++) rmsnorm(want.data() + r * n, x.data() + r * n, w.data(), n, 1e-6f);
        rmsnorm_rows(got.data(), x.data(), w.data(), n_rows, n, 1e-6f);
        rmsnorm_rows(in_place.data(), in_place.data(), w.data(), n_rows, n, 1e-6f);
        for (size_t i = 0; i < x.size(); i++) {
            ASSERT_TRUE(same_bits(got[i], want[i])) << i;
            ASSERT_TRUE(same_bits(in_place[i], want[i])) << i;
        }
        // The definition: squares summed in double in order.
        double sum = 0.0;
        for (int i = 0; i < n; i++) sum += static_cast<double>(x[static_cast<size_t>(i)] * x[static_cast<size_t>(i)]);
        const float scale = 1.0f / std::sqrt(static_cast<float>(sum / n) + 1e-6f);
        EXPECT_TRUE(same_bits(want[0], x[0] * scale * w[0]));
    }
}

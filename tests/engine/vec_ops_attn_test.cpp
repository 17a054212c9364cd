// vec_ops_attn.h: the f32 attention kernels return, row for row, the bits of
// the per-row f16 kernels of vec_ops.h on every ISA (so attention() keeps
// llama.cpp's sums), the AVX2, AVX-512 and NEON versions equal their scalar twins, and the
// key blocks hold what they claim.
#include "engine/kernels/vec_ops_attn.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <random>
#include <vector>

#include "engine/kernels/kernels.h"
#include "engine/ops/ops.h"
#include "engine/gguf/tensor_types.h"
#include "engine/kernels/vec_ops.h"
#include "test_support.h"

using namespace os1::engine;
namespace detail = os1::engine::vec_ops_detail;
using os1::engine::kernels::Isa;

namespace {

std::vector<uint16_t> random_f16(size_t n, uint32_t seed, float sd = 1.0f) {
    std::mt19937 rng(seed);
    std::normal_distribution<float> nd(0.0f, sd);
    std::vector<uint16_t> v(n);
    for (auto& x : v) x = fp32_to_fp16(nd(rng));
    return v;
}

std::vector<float> as_f32(const std::vector<uint16_t>& h) {
    std::vector<float> f(h.size());
    for (size_t i = 0; i < h.size(); i++) f[i] = fp16_to_fp32(h[i]);
    return f;
}

using ::os1::test::same_bits;

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

// One kv head of n values per position inside rows of `stride` halves.
struct Head {
    int n, n_pos;
    int64_t stride;
    std::vector<uint16_t> cache;  // (n_pos, stride); the head at offset 16
    const uint16_t* at() const { return cache.data() + 16; }
};

Head random_head(int n, int n_pos, uint32_t seed) {
    Head h{n, n_pos, n + 48, {}};
    h.cache = random_f16(static_cast<size_t>(n_pos) * static_cast<size_t>(h.stride), seed);
    return h;
}

}  // namespace

TEST(VecOpsAttn, KeyBlocksAreTransposedF16ValuesPaddedWithZeros) {
    for (int n : {64, 128}) {
        for (int n_pos : {1, 15, 16, 17, 40}) {
            SCOPED_TRACE(testing::Message() << "n " << n << " n_pos " << n_pos);
            const Head k = random_head(n, n_pos, static_cast<uint32_t>(n + n_pos));
            const size_t size = static_cast<size_t>(key_blocks_floats(n_pos, n));
            ASSERT_EQ(size % (16 * static_cast<size_t>(n)), 0u);
            std::vector<float> want(size, -1.0f);
            detail::keys_to_f32_blocks_scalar(k.at(), k.stride, n_pos, n, want.data());
            for (size_t b = 0; b < size / (16 * static_cast<size_t>(n)); b++)
                for (int d = 0; d < n; d++)
                    for (int j = 0; j < 16; j++) {
                        const int p = static_cast<int>(b) * 16 + j;
                        const float x = want[b * 16 * static_cast<size_t>(n) + static_cast<size_t>(d) * 16 + static_cast<size_t>(j)];
                        ASSERT_EQ(x, p < n_pos ? fp16_to_fp32(k.at()[p * k.stride + d]) : 0.0f) << p << " " << d;
                    }
            for_each_isa([&](Isa) {
                std::vector<float> got(size, -2.0f);
                keys_to_f32_blocks(k.at(), k.stride, n_pos, n, got.data());
                EXPECT_TRUE(same_bits(got, want));
                std::vector<float> vf(static_cast<size_t>(n_pos) * static_cast<size_t>(n), -2.0f);
                values_to_f32_rows(k.at(), k.stride, n_pos, n, vf.data());
                for (int p = 0; p < n_pos; p++)
                    for (int i = 0; i < n; i++)
                        ASSERT_EQ(vf[static_cast<size_t>(p * n + i)], fp16_to_fp32(k.at()[p * k.stride + i]));
            });
        }
    }
}

TEST(VecOpsAttn, ScoresOfSeveralRowsAreThePerRowF16DotsOnEveryIsa) {
    for (int n : {64, 128, 192, 256}) {
        for (int n_pos : {1, 7, 16, 33, 100}) {
            for (int n_rows : {1, 3, 4, 7}) {
                SCOPED_TRACE(testing::Message() << "n " << n << " n_pos " << n_pos << " rows " << n_rows);
                const Head k = random_head(n, n_pos, static_cast<uint32_t>(7 * n + n_pos));
                const auto q = as_f32(random_f16(static_cast<size_t>(n_rows * n), static_cast<uint32_t>(n_rows + n)));
                std::vector<float> kt(static_cast<size_t>(key_blocks_floats(n_pos, n)));
                const int64_t stride = n_pos + 5;
                for_each_isa([&](Isa) {
                    keys_to_f32_blocks(k.at(), k.stride, n_pos, n, kt.data());
                    std::vector<float> got(static_cast<size_t>(n_rows * stride), 7.0f), want = got;
                    for (int r = 0; r < n_rows; r++)
                        scores_f16_ggml(q.data() + r * n, k.at(), k.stride, n_pos, n, 0.125f, want.data() + r * stride);
                    scores_f32_blocks(q.data(), n_rows, kt.data(), n_pos, n, 0.125f, got.data(), stride);
                    EXPECT_TRUE(same_bits(got, want));  // including the untouched floats past n_pos
                    std::vector<float> twin(got.size(), 7.0f);
                    detail::scores_f32_blocks_scalar(q.data(), n_rows, kt.data(), n_pos, n, 0.125f, twin.data(), stride);
                    EXPECT_TRUE(same_bits(twin, want));
                });
            }
        }
    }
}

TEST(VecOpsAttn, ValuesOfSeveralRowsAreThePerRowF16LanesAndTailOnEveryIsa) {
    for (int n : {64, 128}) {
        for (int n_pos : {1, 20, 64, 90, 150, 300}) {
            // ggml's split, and the extremes (all in lanes / all in double).
            for (int n_lanes : {attention_lane_positions(n_pos), 0, n_pos}) {
                for (int n_rows : {1, 2, 4, 7}) {
                    SCOPED_TRACE(testing::Message() << "n " << n << " n_pos " << n_pos << " lanes " << n_lanes
                                                    << " rows " << n_rows);
                    const Head v = random_head(n, n_pos, static_cast<uint32_t>(3 * n + n_pos));
                    const int64_t a_stride = n_pos + 3;
                    auto a = as_f32(random_f16(static_cast<size_t>(n_rows * a_stride), static_cast<uint32_t>(n_pos), 0.1f));
                    for (auto& x : a) x = std::fabs(x);
                    for_each_isa([&](Isa) {
                        std::vector<float> want(static_cast<size_t>(n_rows * n));
                        std::vector<float> lanes(64 * static_cast<size_t>(n));
                        std::vector<double> acc(static_cast<size_t>(n));
                        for (int r = 0; r < n_rows; r++) {
                            const float* ar = a.data() + r * a_stride;
                            value_lanes_f16_ggml(ar, v.at(), v.stride, n_lanes, n, lanes.data(), acc.data());
                            add_products_f16_double(ar + n_lanes, v.at() + n_lanes * v.stride, v.stride, n_pos - n_lanes,
                                                    n, acc.data());
                            for (int i = 0; i < n; i++) want[static_cast<size_t>(r * n + i)] = static_cast<float>(acc[static_cast<size_t>(i)]);
                        }
                        std::vector<float> vf(static_cast<size_t>(n_pos * n));
                        values_to_f32_rows(v.at(), v.stride, n_pos, n, vf.data());
                        std::vector<float> scratch(static_cast<size_t>(attention_values_scratch(n_rows, n)), 5.0f);
                        std::vector<float> got(want.size(), 9.0f), twin(want.size(), 9.0f);
                        values_f32_rows(a.data(), a_stride, n_rows, vf.data(), n_lanes, n_pos, n, scratch.data(), got.data());
                        EXPECT_TRUE(same_bits(got, want));
                        detail::values_f32_rows_scalar(a.data(), a_stride, n_rows, vf.data(), n_lanes, n_pos, n,
                                                       scratch.data(), twin.data());
                        EXPECT_TRUE(same_bits(twin, want));
                    });
                }
            }
        }
    }
}

namespace {

// One ISA's versions of the four kernels, called directly.
struct AttnKernels {
    void (*keys)(const uint16_t*, int64_t, int, int, float*);
    void (*scores)(const float*, int, const float*, int, int, float, float*, int64_t);
    void (*values_rows)(const uint16_t*, int64_t, int, int, float*);
    void (*values)(const float*, int64_t, int, const float*, int, int, int, float*, float*);
};

// A SIMD family's versions against their scalar twins on random shapes:
// key counts and row counts that are not multiples of the key groups (8
// AVX2, 4 NEON) or of the 2-row steps, head sizes of 1-4 times 64, lanes
// split anywhere.
void expect_twins_on_random_shapes(const AttnKernels& simd) {
    std::mt19937 rng(2026);
    for (int trial = 0; trial < 60; trial++) {
        const int n = 64 * std::uniform_int_distribution<int>(1, 4)(rng);
        const int n_pos = std::uniform_int_distribution<int>(1, 200)(rng);
        const int n_rows = std::uniform_int_distribution<int>(1, 9)(rng);
        const int n_lanes = std::uniform_int_distribution<int>(0, n_pos)(rng);
        SCOPED_TRACE(testing::Message() << "n " << n << " n_pos " << n_pos << " rows " << n_rows << " lanes " << n_lanes);
        const Head k = random_head(n, n_pos, rng());
        const size_t kt_size = static_cast<size_t>(key_blocks_floats(n_pos, n));
        std::vector<float> kt(kt_size, -1.0f), kt2(kt_size, -2.0f);
        detail::keys_to_f32_blocks_scalar(k.at(), k.stride, n_pos, n, kt.data());
        simd.keys(k.at(), k.stride, n_pos, n, kt2.data());
        ASSERT_TRUE(same_bits(kt, kt2));

        const auto q = as_f32(random_f16(static_cast<size_t>(n_rows * n), rng()));
        const int64_t stride = n_pos + 3;
        std::vector<float> want(static_cast<size_t>(n_rows * stride), 7.0f), got = want;
        detail::scores_f32_blocks_scalar(q.data(), n_rows, kt.data(), n_pos, n, 0.125f, want.data(), stride);
        simd.scores(q.data(), n_rows, kt.data(), n_pos, n, 0.125f, got.data(), stride);
        ASSERT_TRUE(same_bits(got, want));  // including the untouched floats past n_pos

        std::vector<float> vf(static_cast<size_t>(n_pos * n), -1.0f), vf2(vf.size(), -2.0f);
        detail::values_to_f32_rows_scalar(k.at(), k.stride, n_pos, n, vf.data());
        simd.values_rows(k.at(), k.stride, n_pos, n, vf2.data());
        ASSERT_TRUE(same_bits(vf, vf2));
        auto a = as_f32(random_f16(static_cast<size_t>(n_rows * stride), rng(), 0.1f));
        for (auto& x : a) x = std::fabs(x);
        std::vector<float> scratch(static_cast<size_t>(attention_values_scratch(n_rows, n)), 5.0f);
        std::vector<float> out_want(static_cast<size_t>(n_rows * n), 9.0f), out_got = out_want;
        detail::values_f32_rows_scalar(a.data(), stride, n_rows, vf.data(), n_lanes, n_pos, n, scratch.data(),
                                       out_want.data());
        simd.values(a.data(), stride, n_rows, vf.data(), n_lanes, n_pos, n, scratch.data(), out_got.data());
        ASSERT_TRUE(same_bits(out_got, out_want));
        // Not a vacuous comparison: the results are finite numbers, not the fill.
        ASSERT_NE(got[0], 7.0f);
        ASSERT_NE(out_got[0], 9.0f);
    }
}

}  // namespace

// Skipped (saying so) on a CPU without AVX2; not compiled off x86.
TEST(VecOpsAttn, Avx2KernelsEqualTheirScalarTwinsOnRandomShapes) {
#if OS1_KERNELS_X86
    if (!kernels::isa_supported(Isa::Avx2)) GTEST_SKIP() << "this CPU has no AVX2 (with FMA and F16C)";
    expect_twins_on_random_shapes({detail::keys_to_f32_blocks_avx2, detail::scores_f32_blocks_avx2,
                                   detail::values_to_f32_rows_avx2, detail::values_f32_rows_avx2});
#else
    GTEST_SKIP() << "not an x86 build";
#endif
}

// The NEON versions (vec_ops_attn_neon.cpp), on aarch64 (here: under qemu-user, scripts/test-arm).
TEST(VecOpsAttn, NeonKernelsEqualTheirScalarTwinsOnRandomShapes) {
#if OS1_KERNELS_NEON
    if (!kernels::isa_supported(Isa::Neon)) GTEST_SKIP() << "this CPU has no NEON";
    expect_twins_on_random_shapes({detail::keys_to_f32_blocks_neon, detail::scores_f32_blocks_neon,
                                   detail::values_to_f32_rows_neon, detail::values_f32_rows_neon});
#else
    GTEST_SKIP() << "not an aarch64 build";
#endif
}

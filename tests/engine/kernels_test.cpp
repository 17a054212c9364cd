// The matmul kernels: every SIMD tier against its scalar twin on random
// data, the scalar twins against the reference dot_row(), and batched
// against one-token calls (bit for bit).
#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "engine/kernels/kernels.h"
#include "engine/gguf/tensor_types.h"

using namespace os1::engine;
using namespace os1::engine::kernels;

namespace {

struct Case {
    GgmlType type;
    int64_t n_cols;
};

struct Fixture {
    std::vector<uint8_t> w;
    std::vector<float> x;  // (n_tokens, n_cols)
    MatrixView view;
};

Fixture make(GgmlType type, int64_t n_rows, int64_t n_cols, int64_t n_tokens, uint32_t seed) {
    std::mt19937 rng(seed);
    std::normal_distribution<float> nd(0.0f, 1.0f);
    Fixture f;
    size_t rb = row_size(type, n_cols);
    f.w.resize(rb * n_rows);
    std::vector<float> row(n_cols);
    for (int64_t r = 0; r < n_rows; r++) {
        for (auto& v : row) v = nd(rng) * 0.05f;
        quantize_row(type, row.data(), f.w.data() + r * rb, n_cols);
    }
    f.x.resize(n_cols * n_tokens);
    for (auto& v : f.x) v = nd(rng);
    // A few outliers, as real activations have.
    for (int64_t t = 0; t < n_tokens; t++) f.x[t * n_cols + (t * 7) % n_cols] *= 20.0f;
    f.view = {type, f.w.data(), rb, n_rows, n_cols};
    return f;
}

std::vector<float> run(const Fixture& f, int64_t n_tokens, Isa isa) {
    Isa prev = set_isa(isa);
    std::vector<float> y(f.view.n_rows * n_tokens, NAN);
    matmul_simple(f.view, f.x.data(), n_tokens, y.data(), f.view.n_rows);
    set_isa(prev);
    return y;
}

// Scale of a dot product's rounding: sum |w_i x_i| (from the reference).
float magnitude(const Fixture& f, int64_t r, int64_t t) {
    std::vector<float> w(f.view.n_cols);
    dequantize_row(f.view.type, f.view.data + r * f.view.row_bytes, w.data(), f.view.n_cols);
    float m = 0.0f;
    for (int64_t i = 0; i < f.view.n_cols; i++) m += std::fabs(w[i] * f.x[t * f.view.n_cols + i]);
    return m;
}

float abs_sum(const Fixture& f, int64_t r) {
    std::vector<float> w(f.view.n_cols);
    dequantize_row(f.view.type, f.view.data + r * f.view.row_bytes, w.data(), f.view.n_cols);
    float s = 0.0f;
    for (float v : w) s += std::fabs(v);
    return s;
}

float max_abs(const Fixture& f, int64_t t) {
    float m = 0.0f;
    for (int64_t i = 0; i < f.view.n_cols; i++) m = std::fmax(m, std::fabs(f.x[t * f.view.n_cols + i]));
    return m;
}

const Case CASES[] = {
    {GgmlType::Q4_0, 256}, {GgmlType::Q4_0, 896},  {GgmlType::Q4_0, 96},  // 3 blocks: odd count
    {GgmlType::Q5_0, 256}, {GgmlType::Q5_0, 896},  {GgmlType::Q8_0, 256}, {GgmlType::Q8_0, 4864},
    {GgmlType::Q8_0, 32},  {GgmlType::Q4_K, 256},  {GgmlType::Q4_K, 1536}, {GgmlType::Q6_K, 256},
    {GgmlType::Q6_K, 2048}, {GgmlType::F32, 64},   {GgmlType::F32, 40},   {GgmlType::F16, 896},
    {GgmlType::F16, 24},   {GgmlType::BF16, 512},  {GgmlType::Q4_1, 256}, {GgmlType::Q5_K, 512},
    // Every tail of the AVX-512 8-block groups: 1..7 blocks past a multiple of 8.
    {GgmlType::Q8_0, 224}, {GgmlType::Q8_0, 896},  {GgmlType::Q8_0, 320},  {GgmlType::Q4_0, 160},
    {GgmlType::Q4_0, 448}, {GgmlType::Q5_0, 96},   {GgmlType::Q5_0, 192},  {GgmlType::Q5_0, 480},
    {GgmlType::Q8_0, 64},
    // k-quants past the AVX-512 q4_K kernel's 32-super-block chunk (mins pass).
    {GgmlType::Q4_K, 33 * 256}, {GgmlType::Q6_K, 33 * 256},
    // q5_1 (its min through the block sums): whole groups, the 4-block half
    // step (896), padded tails of 1, 3 and 5 blocks.
    {GgmlType::Q5_1, 256}, {GgmlType::Q5_1, 896}, {GgmlType::Q5_1, 32}, {GgmlType::Q5_1, 96}, {GgmlType::Q5_1, 416},
};

std::string name_of(const Case& c) { return std::string(type_traits(c.type).name) + "/" + std::to_string(c.n_cols); }

}  // namespace

TEST(Kernels, ScalarTwinMatchesReferenceDot) {
    for (const auto& c : CASES) {
        const int64_t rows = 9, tokens = 5;
        auto f = make(c.type, rows, c.n_cols, tokens, 7);
        auto y = run(f, tokens, Isa::Scalar);
        bool int8_act = c.type != GgmlType::F32 && c.type != GgmlType::F16 && c.type != GgmlType::BF16 &&
                        has_fast_path(c.type);
        for (int64_t t = 0; t < tokens; t++) {
            for (int64_t r = 0; r < rows; r++) {
                float ref = dot_row(c.type, f.view.data + r * f.view.row_bytes, f.x.data() + t * c.n_cols, c.n_cols);
                // int8 activations: each x_i is off by at most half a step
                // (amax / 254), so the dot is off by at most sum|w_i| * that.
                float tol = 1e-5f * magnitude(f, r, t) + 1e-6f;
                if (int8_act) tol += abs_sum(f, r) * max_abs(f, t) / 254.0f;
                ASSERT_NEAR(y[t * rows + r], ref, tol) << name_of(c) << " row " << r << " token " << t;
            }
        }
    }
}

TEST(Kernels, EverySimdTierMatchesScalarTwin) {
    for (Isa isa : {Isa::Avx2, Isa::Avx512, Isa::Neon, Isa::NeonDot}) {
        if (!isa_supported(isa)) {
            std::printf("  (%s not available on this CPU: skipped)\n", isa_name(isa));
            continue;
        }
        for (const auto& c : CASES) {
            for (int64_t tokens : {1, 3, 4, 6}) {
                const int64_t rows = 7;
                auto f = make(c.type, rows, c.n_cols, tokens, 11 + tokens);
                auto ys = run(f, tokens, Isa::Scalar);
                auto yv = run(f, tokens, isa);
                for (int64_t i = 0; i < rows * tokens; i++) {
                    float tol = 2e-5f * magnitude(f, i % rows, i / rows) + 1e-6f;
                    ASSERT_NEAR(yv[i], ys[i], tol) << isa_name(isa) << " " << name_of(c) << " tokens " << tokens
                                                   << " index " << i;
                }
            }
        }
    }
}

// The NEON tiers (kernels_neon.inc) decode to signed weights and repeat the
// twins' float steps in order, so they are held to the twins' bits, not a
// tolerance: every quantized type and f32 (f16/bf16 sum in lanes: above).
TEST(Kernels, NeonKernelsGiveTheScalarTwinsBits) {
    bool ran = false;
    for (Isa isa : {Isa::Neon, Isa::NeonDot}) {
        if (!isa_supported(isa)) continue;
        ran = true;
        for (const auto& c : CASES) {
            if (c.type == GgmlType::F16 || c.type == GgmlType::BF16) continue;
            for (int64_t tokens : {1, 3, 9}) {
                const int64_t rows = 5;
                auto f = make(c.type, rows, c.n_cols, tokens, 21 + static_cast<uint32_t>(tokens));
                auto ys = run(f, tokens, Isa::Scalar);
                auto yv = run(f, tokens, isa);
                for (int64_t i = 0; i < rows * tokens; i++)
                    ASSERT_EQ(std::memcmp(&yv[i], &ys[i], sizeof(float)), 0)
                        << isa_name(isa) << " " << name_of(c) << " tokens " << tokens << " index " << i << ": "
                        << yv[i] << " vs " << ys[i];
            }
        }
    }
    if (!ran) GTEST_SKIP() << "no NEON on this CPU (an aarch64 build runs it: scripts/test-arm)";
}

TEST(Kernels, BatchedEqualsOneTokenAtATimeBitForBit) {
    for (Isa isa : supported_isas()) {
        for (const auto& c : CASES) {
            const int64_t rows = 5, tokens = 11;  // a full tile of 8 and a partial one
            auto f = make(c.type, rows, c.n_cols, tokens, 3);
            auto all = run(f, tokens, isa);
            for (int64_t t = 0; t < tokens; t++) {
                Fixture one = f;
                one.x.assign(f.x.begin() + t * c.n_cols, f.x.begin() + (t + 1) * c.n_cols);
                auto y = run(one, 1, isa);
                for (int64_t r = 0; r < rows; r++)
                    ASSERT_EQ(y[r], all[t * rows + r])
                        << isa_name(isa) << " " << name_of(c) << " token " << t << " row " << r;
            }
        }
    }
}

// Prompt-shaped k-quant calls larger than one block of the AVX-512 prompt
// path (16 decoded rows, ~512 KiB of activations: 48 tokens of 33 super-
// blocks): every row and token block boundary, still bit for bit.
TEST(Kernels, KQuantPromptBlocksEqualOneTokenAtATime) {
    for (GgmlType type : {GgmlType::Q4_K, GgmlType::Q6_K}) {
        const int64_t rows = 37, cols = 33 * 256, tokens = 56;
        auto f = make(type, rows, cols, tokens, 9);
        auto all = run(f, tokens, detected_isa());
        auto ref = run(f, tokens, Isa::Scalar);
        for (int64_t t = 0; t < tokens; t++) {
            Fixture one = f;
            one.x.assign(f.x.begin() + t * cols, f.x.begin() + (t + 1) * cols);
            auto y = run(one, 1, detected_isa());
            for (int64_t r = 0; r < rows; r++) {
                ASSERT_EQ(y[r], all[t * rows + r]) << type_traits(type).name << " token " << t << " row " << r;
                ASSERT_NEAR(all[t * rows + r], ref[t * rows + r], 2e-5f * magnitude(f, r, t) + 1e-6f)
                    << type_traits(type).name << " token " << t << " row " << r;
            }
        }
    }
}

TEST(Kernels, IsaOverrideIsCappedByTheCpu) {
    Isa prev = set_isa(Isa::Avx512);
    EXPECT_EQ(active_isa(), isa_supported(Isa::Avx512) ? Isa::Avx512 : detected_isa());
    set_isa(Isa::NeonDot);  // the other family's: never on the same CPU
    EXPECT_EQ(active_isa(), isa_supported(Isa::NeonDot) ? Isa::NeonDot : detected_isa());
    EXPECT_FALSE(isa_supported(Isa::Avx2) && isa_supported(Isa::Neon));
    set_isa(Isa::Scalar);
    EXPECT_EQ(active_isa(), Isa::Scalar);
    set_isa(prev);
    EXPECT_STREQ(isa_name(Isa::Avx512), "avx512-vnni");
    EXPECT_STREQ(isa_name(Isa::NeonDot), "neon-dotprod");
    const auto all = supported_isas();
    std::string names;
    for (Isa isa : all) names += std::string(" ") + isa_name(isa);
    std::printf("  ISAs on this CPU:%s\n", names.c_str());  // the log says what the other tests covered
    // scripts/test-arm names the tier each emulated CPU must get (HWCAP detection).
    if (const char* want = std::getenv("OS1_EXPECT_ISA")) EXPECT_STREQ(isa_name(detected_isa()), want);
    ASSERT_FALSE(all.empty());
    EXPECT_EQ(all.front(), Isa::Scalar);
    EXPECT_EQ(all.back(), detected_isa());
}

TEST(Kernels, StridedOutputLeavesOtherColumnsAlone) {
    auto f = make(GgmlType::Q8_0, 4, 256, 3, 5);
    std::vector<float> y(3 * 10, -7.0f);
    matmul_simple(f.view, f.x.data(), 3, y.data(), 10);
    for (int t = 0; t < 3; t++)
        for (int r = 4; r < 10; r++) EXPECT_EQ(y[t * 10 + r], -7.0f);
}

// Prompt-shaped calls block rows (64 decoded at a time) and tokens (tiles
// of 7, a last 8 as 4 + 4) their own way, and threads split the rows at any
// point: every (row, token) must still get the bits of a one-token call.
TEST(Kernels, PromptBlockingAndRowSplitsKeepOneTokenBits) {
    for (Isa isa : supported_isas()) {
        Isa prev = set_isa(isa);
        for (const Case c : {Case{GgmlType::Q8_0, 896}, Case{GgmlType::Q8_0, 320}, Case{GgmlType::Q4_0, 448},
                             Case{GgmlType::Q5_0, 256}, Case{GgmlType::Q5_1, 896}, Case{GgmlType::Q5_1, 160},
                             Case{GgmlType::Q4_K, 768}, Case{GgmlType::Q6_K, 768}}) {
            const int64_t rows = 133;
            for (int64_t tokens : {2, 8, 15, 22}) {
                auto f = make(c.type, rows, c.n_cols, tokens, 5 + static_cast<uint32_t>(tokens));
                std::vector<uint8_t> raw(act_buffer_bytes(c.type, c.n_cols, tokens) + 64);
                auto* buf = reinterpret_cast<uint8_t*>((reinterpret_cast<uintptr_t>(raw.data()) + 63) & ~uintptr_t(63));
                prepare(c.type, f.x.data(), c.n_cols, tokens, buf);
                std::vector<float> all(rows * tokens, NAN);
                // Three "threads": an odd split point, then a range past one row block.
                compute(f.view, f.x.data(), buf, tokens, all.data(), rows, 0, 3, nullptr);
                compute(f.view, f.x.data(), buf, tokens, all.data(), rows, 3, 70, nullptr);
                compute(f.view, f.x.data(), buf, tokens, all.data(), rows, 70, rows, nullptr);
                for (int64_t t = 0; t < tokens; t++) {
                    Fixture one = f;
                    one.x.assign(f.x.begin() + t * c.n_cols, f.x.begin() + (t + 1) * c.n_cols);
                    auto y = run(one, 1, isa);
                    for (int64_t r = 0; r < rows; r++)
                        ASSERT_EQ(y[r], all[t * rows + r]) << isa_name(isa) << " " << name_of(c) << " tokens "
                                                           << tokens << " token " << t << " row " << r;
                }
            }
        }
        set_isa(prev);
    }
}

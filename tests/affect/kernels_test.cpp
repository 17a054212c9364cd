#include "affect/kernels.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <vector>

#include "core/cpu.h"

namespace os1::affect {
namespace {

TEST(AffectKernels, Avx2MatchesScalarOnRandomRows) {
    if (!cpu_features().avx2 || !cpu_features().fma) GTEST_SKIP() << "this CPU has no AVX2/FMA";
    std::mt19937 rng(3);
    for (size_t row_bytes : {16u, 64u, 80u}) {
        const size_t n_rows = 50, n = 300;
        std::vector<uint8_t> rows(n_rows * row_bytes);
        for (auto& b : rows) b = uint8_t(rng());
        std::vector<uint32_t> index(n);
        std::vector<float> factor(n);
        std::uniform_real_distribution<float> u(-0.5f, 0.5f);
        for (size_t k = 0; k < n; ++k) index[k] = uint32_t(rng() % n_rows), factor[k] = u(rng);
        std::vector<float> a(2 * row_bytes, 0.25f), b(2 * row_bytes, 0.25f);
        accumulate_q4_scalar(rows.data(), row_bytes, index.data(), factor.data(), n, a.data());
        accumulate_q4_avx2(rows.data(), row_bytes, index.data(), factor.data(), n, b.data());
        for (size_t d = 0; d < a.size(); ++d) ASSERT_NEAR(a[d], b[d], 1e-3f * (1 + std::fabs(a[d]))) << d;
    }
}

TEST(AffectKernels, ScalarDequantisesNibbles) {
    // Byte 0x9F: low nibble 15 → +7 (value 0), high nibble 9 → +1 (value 16).
    std::vector<uint8_t> row(16, 0x88);  // all zeros
    row[0] = 0x9F;
    uint32_t index = 0;
    float factor = 2.0f;
    std::vector<float> acc(32, 0.0f);
    accumulate_q4_scalar(row.data(), 16, &index, &factor, 1, acc.data());
    EXPECT_FLOAT_EQ(acc[0], 14.0f);
    EXPECT_FLOAT_EQ(acc[16], 2.0f);
    for (size_t d = 1; d < 32; ++d) {
        if (d != 16) {
            EXPECT_FLOAT_EQ(acc[d], 0.0f);
        }
    }
}

}  // namespace
}  // namespace os1::affect

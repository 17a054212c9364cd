// q5_0 and q5_1 panels (kernels/layout.h): the repacking keeps every byte,
// the AVX2 and AVX-512 panel kernels give the scalar twin's bits, a token's
// result does not depend on the call it lands in, and the results agree
// with the row layout's to rounding.
#include <gtest/gtest.h>

#include <cmath>
#include <array>
#include <cstdio>
#include <cstring>
#include <random>
#include <vector>

#include "engine/kernels/kernels.h"
#include "engine/gguf/tensor_types.h"
#include "test_support.h"

using namespace os1::engine;
using namespace os1::engine::kernels;

namespace {

const GgmlType TYPES[] = {GgmlType::Q5_0, GgmlType::Q5_1};

struct Matrix {
    GgmlType type;
    std::vector<uint8_t> rows, panels;
    std::vector<float> x;
    int64_t n_rows, n_cols;
    size_t row_bytes;
    MatrixView view(bool packed) const {
        return {type, packed ? panels.data() : rows.data(), row_bytes, n_rows, n_cols, packed};
    }
};

Matrix make(GgmlType type, int64_t n_rows, int64_t n_cols, int64_t n_tokens, uint32_t seed) {
    std::mt19937 rng(seed);
    std::normal_distribution<float> nd(0.0f, 1.0f);
    Matrix m{type, {}, {}, {}, n_rows, n_cols, row_size(type, n_cols)};
    m.rows.resize(m.row_bytes * n_rows);
    std::vector<float> row(n_cols);
    for (int64_t r = 0; r < n_rows; r++) {
        for (auto& v : row) v = nd(rng) * 0.05f;
        if (r == 3) std::fill(row.begin(), row.begin() + 32, 0.0f);  // a zero block
        if (r == 6) for (auto& v : row) v = std::fabs(v);             // every fifth bit set
        quantize_row(type, row.data(), m.rows.data() + r * m.row_bytes, n_cols);
    }
    m.panels = m.rows;
    pack_panels(type, m.panels.data(), n_rows, n_cols);
    m.x.resize(n_cols * n_tokens);
    for (auto& v : m.x) v = nd(rng);
    for (int64_t t = 0; t < n_tokens; t++) m.x[t * n_cols + (t * 5) % n_cols] *= 20.0f;  // outliers
    if (n_tokens > 1) std::fill(m.x.begin() + n_cols, m.x.begin() + 2 * n_cols, 0.0f);  // an all-zero token
    return m;
}

std::vector<float> run(const MatrixView& w, const float* x, int64_t n_tokens, Isa isa) {
    const Isa prev = set_isa(isa);
    std::vector<float> y(w.n_rows * n_tokens, NAN);
    matmul_simple(w, x, n_tokens, y.data(), w.n_rows);
    set_isa(prev);
    return y;
}

using ::os1::test::same_bits;

// (rows, cols): 1, 28 (Qwen2.5-0.5B's width) and 5 blocks
const std::array<int64_t, 2> SHAPES[] = {{16, 32}, {48, 896}, {32, 160}};

}  // namespace

TEST(PanelsQ5_0, PackingKeepsEveryRowsBytes) {
    for (GgmlType type : TYPES)
        for (const auto& s : SHAPES) {
            const Matrix m = make(type, s[0], s[1], 1, 7);
            EXPECT_NE(m.rows, m.panels);
            std::vector<uint8_t> row(m.row_bytes);
            for (int64_t r = 0; r < m.n_rows; r++) {
                unpack_panel_row(type, m.panels.data(), m.n_cols, r, row.data());
                ASSERT_EQ(0, std::memcmp(row.data(), m.rows.data() + r * m.row_bytes, m.row_bytes))
                    << type_traits(type).name << " row " << r;
            }
        }
}

TEST(PanelsQ5_0, PackedOnlyWhereSimdKernelsRunThem) {
    for (GgmlType type : TYPES) {
        EXPECT_FALSE(can_pack(type, 40, 64));  // not whole panels
        const Isa prev = set_isa(Isa::Scalar);
        EXPECT_FALSE(can_pack(type, 64, 64));
        set_isa(Isa::Avx2);  // capped by the CPU
        EXPECT_EQ(isa_supported(Isa::Avx2), can_pack(type, 64, 896));
        set_isa(Isa::Avx512);
        EXPECT_EQ(isa_supported(Isa::Avx2), can_pack(type, 64, 896));
        set_isa(prev);
    }
}

TEST(PanelsQ5_0, ScalarTwinAgreesWithTheRowLayoutToRounding) {
    for (GgmlType type : TYPES)
        for (const auto& s : SHAPES) {
            const Matrix m = make(type, s[0], s[1], 4, 11);
            const auto panel = run(m.view(true), m.x.data(), 4, Isa::Scalar);
            const auto rows = run(m.view(false), m.x.data(), 4, Isa::Scalar);
            for (size_t i = 0; i < rows.size(); i++)
                ASSERT_NEAR(panel[i], rows[i], 2e-5f * (1.0f + std::fabs(rows[i])))
                    << type_traits(type).name << " " << s[0] << "x" << s[1] << " at " << i;
        }
}

TEST(PanelsQ5_0, SimdKernelsGiveTheScalarTwinsBits) {
    if (!isa_supported(Isa::Avx2)) GTEST_SKIP() << "this CPU has no AVX2/FMA/F16C: the panel kernels cannot run";
    for (Isa isa : {Isa::Avx2, Isa::Avx512}) {
        if (!isa_supported(isa)) {
            std::printf("  (%s not available on this CPU: skipped)\n", isa_name(isa));
            continue;
        }
        // 13 tokens: four full tiles and a partial one; 80 rows: a tile of
        // 4 panels and one of 1 (AVX-512).
        for (GgmlType type : TYPES)
            for (const auto& s : {SHAPES[0], SHAPES[1], SHAPES[2], std::array<int64_t, 2>{80, 256}})
                for (int64_t nt : {1, 2, 3, 4, 7, 13}) {
                    const Matrix m = make(type, s[0], s[1], nt, 13 + static_cast<uint32_t>(nt));
                    EXPECT_TRUE(same_bits(run(m.view(true), m.x.data(), nt, isa), run(m.view(true), m.x.data(), nt, Isa::Scalar)))
                        << isa_name(isa) << " " << type_traits(type).name << " " << s[0] << "x" << s[1] << ", " << nt << " tokens";
                }
    }
}

TEST(PanelsQ5_0, BatchedEqualsOneTokenAtATimeAndRowRangesDoNotMatter) {
    for (GgmlType type : TYPES)
        for (Isa isa : {Isa::Avx2, Isa::Avx512}) {
            const Isa prev = set_isa(isa);  // capped by the CPU
            const int64_t nt = 8;
            const Matrix m = make(type, 48, 896, nt, 17);
            const MatrixView w = m.view(true);
            std::vector<float> batched(w.n_rows * nt, NAN);
            matmul_simple(w, m.x.data(), nt, batched.data(), w.n_rows);
            for (int64_t t = 0; t < nt; t++) {
                std::vector<float> one(w.n_rows, NAN);
                matmul_simple(w, m.x.data() + t * w.n_cols, 1, one.data(), w.n_rows);
                EXPECT_EQ(0, std::memcmp(one.data(), batched.data() + t * w.n_rows, one.size() * sizeof(float)))
                    << type_traits(type).name << " token " << t;
            }
            std::vector<uint8_t> raw(act_buffer_bytes(type, w.n_cols, nt, true) + 64);
            auto* buf = reinterpret_cast<uint8_t*>((reinterpret_cast<uintptr_t>(raw.data()) + 63) & ~uintptr_t(63));
            prepare(type, m.x.data(), w.n_cols, nt, buf, true);
            std::vector<float> split(w.n_rows * nt, NAN);
            for (int64_t r = 0; r < w.n_rows; r += 16) compute(w, m.x.data(), buf, nt, split.data(), w.n_rows, r, r + 16, nullptr);
            EXPECT_TRUE(same_bits(split, batched)) << type_traits(type).name << " " << isa_name(active_isa());
            set_isa(prev);
        }
}

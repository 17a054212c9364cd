// q8_0 panels (kernels/layout.h): the repacking keeps every byte, the
// AVX-512 panel kernels give the scalar twin's bits, a token's result does
// not depend on the call it lands in, and the results agree with the row
// layout's to rounding.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <random>
#include <vector>

#include "engine/kernels/kernels.h"
#include "engine/gguf/tensor_types.h"
#include "test_support.h"

using namespace os1::engine;
using namespace os1::engine::kernels;

namespace {

struct Matrix {
    std::vector<uint8_t> rows;    // q8_0 row layout
    std::vector<uint8_t> panels;  // the same, packed
    std::vector<float> x;         // (n_tokens, n_cols)
    int64_t n_rows, n_cols;
    size_t row_bytes;
    MatrixView row_view() const { return {GgmlType::Q8_0, rows.data(), row_bytes, n_rows, n_cols, false}; }
    MatrixView panel_view() const { return {GgmlType::Q8_0, panels.data(), row_bytes, n_rows, n_cols, true}; }
};

Matrix make(int64_t n_rows, int64_t n_cols, int64_t n_tokens, uint32_t seed) {
    std::mt19937 rng(seed);
    std::normal_distribution<float> nd(0.0f, 1.0f);
    Matrix m{{}, {}, {}, n_rows, n_cols, row_size(GgmlType::Q8_0, n_cols)};
    m.rows.resize(m.row_bytes * n_rows);
    std::vector<float> row(n_cols);
    for (int64_t r = 0; r < n_rows; r++) {
        for (auto& v : row) v = nd(rng) * 0.05f;
        if (r == 3) std::fill(row.begin(), row.begin() + 32, 0.0f);  // a zero block (scale 0)
        quantize_row(GgmlType::Q8_0, row.data(), m.rows.data() + r * m.row_bytes, n_cols);
    }
    m.panels = m.rows;
    pack_panels(GgmlType::Q8_0, m.panels.data(), n_rows, n_cols);
    m.x.resize(n_cols * n_tokens);
    for (auto& v : m.x) v = nd(rng);
    for (int64_t t = 0; t < n_tokens; t++) m.x[t * n_cols + (t * 7) % n_cols] *= 20.0f;  // outliers
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

const int64_t SHAPES[][2] = {{16, 32}, {48, 96}, {96, 896}, {32, 4864}};  // (rows, cols): 1..152 blocks

}  // namespace

TEST(Panels, PackingKeepsEveryRowsBytes) {
    for (const auto& s : SHAPES) {
        const Matrix m = make(s[0], s[1], 1, 7);
        EXPECT_NE(m.rows, m.panels);
        std::vector<uint8_t> row(m.row_bytes);
        for (int64_t r = 0; r < m.n_rows; r++) {
            unpack_panel_row(GgmlType::Q8_0, m.panels.data(), m.n_cols, r, row.data());
            ASSERT_EQ(0, std::memcmp(row.data(), m.rows.data() + r * m.row_bytes, m.row_bytes)) << "row " << r;
        }
    }
}

TEST(Panels, OnlyWholePanelsOfQ8_0ArePacked) {
    EXPECT_FALSE(can_pack(GgmlType::Q8_0, 40, 64));   // 40 rows: not whole panels
    EXPECT_FALSE(can_pack(GgmlType::Q4_0, 64, 64));   // another type
    EXPECT_FALSE(can_pack(GgmlType::Q8_0, 0, 64));
    const Isa prev = set_isa(Isa::Scalar);
    EXPECT_FALSE(can_pack(GgmlType::Q8_0, 64, 64));  // no SIMD panel kernels in the scalar tier
    set_isa(prev);
    EXPECT_EQ(isa_supported(Isa::Avx2), can_pack(GgmlType::Q8_0, 64, 64));  // AVX2 and AVX-512
}

TEST(Panels, ScalarTwinAgreesWithTheRowLayoutToRounding) {
    for (const auto& s : SHAPES) {
        const Matrix m = make(s[0], s[1], 5, 11);
        const auto panel = run(m.panel_view(), m.x.data(), 5, Isa::Scalar);
        const auto rows = run(m.row_view(), m.x.data(), 5, Isa::Scalar);
        for (size_t i = 0; i < rows.size(); i++) {
            // The same exact integer sums per block; only the float order differs.
            ASSERT_NEAR(panel[i], rows[i], 1e-5f * (1.0f + std::fabs(rows[i]))) << s[0] << "x" << s[1] << " at " << i;
        }
    }
}

TEST(Panels, Avx512KernelsGiveTheScalarTwinsBits) {
    if (detected_isa() != Isa::Avx512) GTEST_SKIP() << "this CPU has no AVX-512 VNNI: the panel kernels cannot run";
    for (const auto& s : SHAPES)
        for (int64_t nt : {1, 2, 3, 4, 5, 8, 13}) {
            const Matrix m = make(s[0], s[1], nt, 13 + static_cast<uint32_t>(nt));
            const auto simd = run(m.panel_view(), m.x.data(), nt, Isa::Avx512);
            const auto twin = run(m.panel_view(), m.x.data(), nt, Isa::Scalar);
            EXPECT_TRUE(same_bits(simd, twin)) << s[0] << "x" << s[1] << ", " << nt << " tokens";
        }
}

// The AVX2 kernels (panels_avx2.cpp: maddubs with the sign trick, no
// VNNI) on every token count of their tiles and on weights of -128, which
// the sign trick must take as |q| = 128 without saturating.
TEST(Panels, Avx2KernelsGiveTheScalarTwinsBits) {
    if (!isa_supported(Isa::Avx2)) GTEST_SKIP() << "this CPU has no AVX2";
    for (const auto& s : SHAPES)
        for (int64_t nt : {1, 2, 3, 4, 5, 8, 13}) {
            Matrix m = make(s[0], s[1], nt, 31 + static_cast<uint32_t>(nt));
            for (int64_t r = 0; r < m.n_rows; r += 5) {  // some -128 weights (a file may hold them)
                uint8_t* blk = m.rows.data() + r * m.row_bytes + ((r / 5) % (m.n_cols / 32)) * 34;
                blk[2 + r % 32] = 0x80;
                blk[2 + (r + 1) % 32] = 0x80;
            }
            m.panels = m.rows;
            pack_panels(GgmlType::Q8_0, m.panels.data(), m.n_rows, m.n_cols);
            const auto simd = run(m.panel_view(), m.x.data(), nt, Isa::Avx2);
            const auto twin = run(m.panel_view(), m.x.data(), nt, Isa::Scalar);
            EXPECT_TRUE(same_bits(simd, twin)) << s[0] << "x" << s[1] << ", " << nt << " tokens";
        }
}

TEST(Panels, BatchedEqualsOneTokenAtATimeAndRowRangesDoNotMatter) {
    const Isa isa = detected_isa();
    const Isa prev = set_isa(isa);
    for (const auto& s : SHAPES) {
        const int64_t nt = 11;
        const Matrix m = make(s[0], s[1], nt, 17);
        const MatrixView w = m.panel_view();
        std::vector<float> batched(w.n_rows * nt, NAN);
        matmul_simple(w, m.x.data(), nt, batched.data(), w.n_rows);
        for (int64_t t = 0; t < nt; t++) {
            std::vector<float> one(w.n_rows, NAN);
            matmul_simple(w, m.x.data() + t * w.n_cols, 1, one.data(), w.n_rows);
            ASSERT_EQ(0, std::memcmp(one.data(), batched.data() + t * w.n_rows, one.size() * sizeof(float)))
                << s[0] << "x" << s[1] << " token " << t;
        }
        // Row ranges of whole panels, as the thread team cuts them.
        std::vector<uint8_t> raw(act_buffer_bytes(GgmlType::Q8_0, w.n_cols, nt, true) + 64);
        auto* buf = reinterpret_cast<uint8_t*>((reinterpret_cast<uintptr_t>(raw.data()) + 63) & ~uintptr_t(63));
        prepare(GgmlType::Q8_0, m.x.data(), w.n_cols, nt, buf, true);
        std::vector<float> split(w.n_rows * nt, NAN);
        for (int64_t r = 0; r < w.n_rows; r += 16)
            compute(w, m.x.data(), buf, nt, split.data(), w.n_rows, r, r + 16, nullptr);
        EXPECT_TRUE(same_bits(split, batched)) << s[0] << "x" << s[1];
    }
    set_isa(prev);
}

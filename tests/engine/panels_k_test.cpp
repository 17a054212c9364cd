// q4_K and q6_K panels (kernels/layout.h): the repacking keeps every byte, the
// AVX-512 and AVX2 panel kernels give the scalar twin's bits, a token's result does
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
    GgmlType type;
    std::vector<uint8_t> rows;    // row layout
    std::vector<uint8_t> panels;  // the same, packed
    std::vector<float> x;         // (n_tokens, n_cols)
    int64_t n_rows, n_cols;
    size_t row_bytes;
    MatrixView row_view() const { return {type, rows.data(), row_bytes, n_rows, n_cols, false}; }
    MatrixView panel_view() const { return {type, panels.data(), row_bytes, n_rows, n_cols, true}; }
};

Matrix make(GgmlType type, int64_t n_rows, int64_t n_cols, int64_t n_tokens, uint32_t seed) {
    std::mt19937 rng(seed);
    std::normal_distribution<float> nd(0.0f, 1.0f);
    Matrix m{type, {}, {}, {}, n_rows, n_cols, row_size(type, n_cols)};
    m.rows.resize(m.row_bytes * n_rows);
    std::vector<float> row(n_cols);
    for (int64_t r = 0; r < n_rows; r++) {
        for (auto& v : row) v = nd(rng) * 0.05f;
        if (r == 3) std::fill(row.begin(), row.begin() + 256, 0.0f);  // a zero super-block
        if (r == 5) for (auto& v : row) v = std::fabs(v) + 0.01f;     // all positive (q4_K: mins 0)
        quantize_row(type, row.data(), m.rows.data() + r * m.row_bytes, n_cols);
    }
    m.panels = m.rows;
    pack_panels(type, m.panels.data(), n_rows, n_cols);
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

const GgmlType TYPES[] = {GgmlType::Q4_K, GgmlType::Q6_K};
const int64_t SHAPES[][2] = {{16, 256}, {48, 512}, {96, 2048}, {32, 4864}};  // (rows, cols): 1..19 super-blocks

}  // namespace

TEST(PanelsK, PackingKeepsEveryRowsBytes) {
    for (GgmlType type : TYPES) for (const auto& s : SHAPES) {
        const Matrix m = make(type, s[0], s[1], 1, 7);
        EXPECT_NE(m.rows, m.panels);
        std::vector<uint8_t> row(m.row_bytes);
        for (int64_t r = 0; r < m.n_rows; r++) {
            unpack_panel_row(m.type, m.panels.data(), m.n_cols, r, row.data());
            ASSERT_EQ(0, std::memcmp(row.data(), m.rows.data() + r * m.row_bytes, m.row_bytes)) << "row " << r;
        }
    }
}

TEST(PanelsK, OnlyWholePanelsOfQ4_KAndQ6_KArePacked) {
    EXPECT_FALSE(can_pack(GgmlType::Q4_K, 40, 256));  // 40 rows: not whole panels
    EXPECT_FALSE(can_pack(GgmlType::Q4_K, 64, 896));  // not whole super-blocks
    EXPECT_FALSE(can_pack(GgmlType::Q5_K, 64, 256));  // another type
    EXPECT_FALSE(can_pack(GgmlType::Q4_K, 0, 256));
    const Isa prev = set_isa(Isa::Scalar);
    EXPECT_FALSE(can_pack(GgmlType::Q4_K, 64, 256));  // no SIMD panel kernels: the rows stay
    set_isa(prev);
    // AVX2 and AVX-512 both have panel kernels for the three types.
    EXPECT_EQ(isa_supported(Isa::Avx2), can_pack(GgmlType::Q4_K, 64, 256));
    EXPECT_EQ(isa_supported(Isa::Avx2), can_pack(GgmlType::Q6_K, 64, 512));
    EXPECT_EQ(isa_supported(Isa::Avx2), can_pack(GgmlType::Q8_0, 64, 64));
}

TEST(PanelsK, ScalarTwinAgreesWithTheRowLayoutToRounding) {
    for (GgmlType type : TYPES) for (const auto& s : SHAPES) {
        const Matrix m = make(type, s[0], s[1], 5, 11);
        const auto panel = run(m.panel_view(), m.x.data(), 5, Isa::Scalar);
        const auto rows = run(m.row_view(), m.x.data(), 5, Isa::Scalar);
        for (size_t i = 0; i < rows.size(); i++) {
            // The same exact integer sums per sub-block; only the float order differs.
            ASSERT_NEAR(panel[i], rows[i], 2e-5f * (1.0f + std::fabs(rows[i]))) << type_traits(type).name << " " << s[0] << "x" << s[1] << " at " << i;
        }
    }
}

namespace {
// The ISA's kernels against the scalar twin, every shape and token count.
template <size_t NS, size_t NT>
void expect_twins_bits(Isa isa, const int64_t (&shapes)[NS][2], const int64_t (&tokens)[NT]) {
    for (GgmlType type : TYPES) for (const auto& s : shapes)
        for (int64_t nt : tokens) {
            const Matrix m = make(type, s[0], s[1], nt, 13 + static_cast<uint32_t>(nt));
            const auto simd = run(m.panel_view(), m.x.data(), nt, isa);
            const auto twin = run(m.panel_view(), m.x.data(), nt, Isa::Scalar);
            EXPECT_TRUE(same_bits(simd, twin)) << isa_name(isa) << " " << type_traits(type).name << " " << s[0] << "x"
                                               << s[1] << ", " << nt << " tokens";
        }
}
}  // namespace

TEST(PanelsK, Avx512KernelsGiveTheScalarTwinsBits) {
    if (detected_isa() != Isa::Avx512) GTEST_SKIP() << "this CPU has no AVX-512 VNNI: the panel kernels cannot run";
    const int64_t tokens[] = {1, 2, 3, 4, 5, 8, 13, 40};
    expect_twins_bits(Isa::Avx512, SHAPES, tokens);
}

TEST(PanelsK, Avx2KernelsGiveTheScalarTwinsBits) {
    if (!isa_supported(Isa::Avx2)) GTEST_SKIP() << "this CPU has no AVX2/FMA/F16C: the panel kernels cannot run";
    // The stream (1..3 tokens) and tile paths (tiles of 3 and 2 with every
    // partial one); 48 x 4864: three panels, two decoded blocks.
    const int64_t shapes[][2] = {{16, 256}, {48, 512}}, big[][2] = {{48, 4864}};
    const int64_t tokens[] = {1, 2, 3, 4, 7, 11}, few[] = {1, 7};
    expect_twins_bits(Isa::Avx2, shapes, tokens);  // on an AVX-512 machine too (set_isa caps it)
    expect_twins_bits(Isa::Avx2, big, few);
}

// The activation rows of the panels (ActQ8KP) are the scalar twin's bytes.
TEST(PanelsK, Avx2ActivationsAreTheScalarTwinsBytes) {
    if (!isa_supported(Isa::Avx2)) GTEST_SKIP() << "this CPU has no AVX2/FMA/F16C";
    const Matrix m = make(GgmlType::Q4_K, 16, 2048, 3, 23);
    auto bytes = [&](Isa isa) {
        const Isa prev = set_isa(isa);
        std::vector<uint8_t> buf(act_buffer_bytes(GgmlType::Q4_K, m.n_cols, 3, true), 0xAB);
        prepare(GgmlType::Q4_K, m.x.data(), m.n_cols, 3, buf.data(), true);
        set_isa(prev);
        return buf;
    };
    EXPECT_EQ(bytes(Isa::Avx2), bytes(Isa::Scalar));
}

TEST(PanelsK, BatchedEqualsOneTokenAtATimeAndRowRangesDoNotMatter) {
    const Isa isa = detected_isa();
    const Isa prev = set_isa(isa);
    for (GgmlType type : TYPES) for (const auto& s : SHAPES) {
        const int64_t nt = 11;
        const Matrix m = make(type, s[0], s[1], nt, 17);
        const MatrixView w = m.panel_view();
        std::vector<float> batched(w.n_rows * nt, NAN);
        matmul_simple(w, m.x.data(), nt, batched.data(), w.n_rows);
        for (int64_t t = 0; t < nt; t++) {
            std::vector<float> one(w.n_rows, NAN);
            matmul_simple(w, m.x.data() + t * w.n_cols, 1, one.data(), w.n_rows);
            ASSERT_EQ(0, std::memcmp(one.data(), batched.data() + t * w.n_rows, one.size() * sizeof(float)))
                << type_traits(type).name << " " << s[0] << "x" << s[1] << " token " << t;
        }
        // Row ranges of whole panels, as the thread team cuts them.
        std::vector<uint8_t> raw(act_buffer_bytes(type, w.n_cols, nt, true) + 64);
        auto* buf = reinterpret_cast<uint8_t*>((reinterpret_cast<uintptr_t>(raw.data()) + 63) & ~uintptr_t(63));
        prepare(type, m.x.data(), w.n_cols, nt, buf, true);
        std::vector<float> split(w.n_rows * nt, NAN);
        for (int64_t r = 0; r < w.n_rows; r += 16)
            compute(w, m.x.data(), buf, nt, split.data(), w.n_rows, r, r + 16, nullptr);
        EXPECT_TRUE(same_bits(split, batched)) << type_traits(type).name << " " << s[0] << "x" << s[1];
    }
    set_isa(prev);
}

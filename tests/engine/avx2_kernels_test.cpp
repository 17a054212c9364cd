// The AVX2 tier's activation quantizers (kernels_avx2.cpp, panels_avx2.cpp)
// against their scalar twins, byte for byte: ActQ8 (q4_0/q5_0/q8_0 rows),
// ActQ8K (q4_K/q6_K rows) and ActQ8P (q8_0 panels), on random rows with
// zero blocks, outliers and halfway values (round half to even).
#include <gtest/gtest.h>

#include <random>
#include <vector>

#include "engine/kernels/kernels.h"
#include "engine/kernels/layout.h"

using namespace os1::engine::kernels;

namespace {

std::vector<float> random_row(int64_t n, uint32_t seed) {
    std::mt19937 rng(seed);
    std::normal_distribution<float> nd(0.0f, 1.0f);
    std::vector<float> x(static_cast<size_t>(n));
    for (auto& v : x) v = nd(rng);
    for (int64_t i = 0; i < n; i += 97) x[i] *= 30.0f;                         // outliers
    if (n >= 64) std::fill(x.begin() + 32, x.begin() + 64, 0.0f);              // a zero block
    for (int64_t i = 5; i + 3 < n; i += 41) x[i] = 2.5f, x[i + 3] = -127.0f;  // halves, a block's max
    return x;
}

using QuantizeFn = void (*)(const float* x, int64_t n, uint8_t* out);

void expect_same_bytes(QuantizeFn simd, QuantizeFn twin, int64_t n, size_t bytes, uint32_t seed) {
    const auto x = random_row(n, seed);
    std::vector<uint8_t> a(bytes, 0xAB), b(bytes, 0xAB);
    simd(x.data(), n, a.data());
    twin(x.data(), n, b.data());
    EXPECT_EQ(a, b) << n << " elements";
}

}  // namespace

TEST(Avx2Kernels, ActivationQuantizersGiveTheScalarTwinsBytes) {
#if !OS1_KERNELS_X86
    GTEST_SKIP() << "not an x86 build";
#else
    const KernelTable* avx2 = avx2_table();
    if (!avx2 || !isa_supported(Isa::Avx2)) GTEST_SKIP() << "this CPU has no AVX2";
    const KernelTable& s = scalar_table();
    ASSERT_EQ(avx2->q8_group, s.q8_group);  // the AVX2 dot kernels read the scalar layout
    for (int64_t n : {32, 64, 96, 896, 4864}) {  // odd block counts: a zero-padded last group
        for (int offset : {8, 16, 128}) {
            const auto x = random_row(n, static_cast<uint32_t>(n + offset));
            const size_t bytes = ActQ8Layout(n, s.q8_group).stride;
            std::vector<uint8_t> a(bytes, 0xAB), b(bytes, 0xAB);
            avx2->quantize_q8(x.data(), n, offset, a.data());
            s.quantize_q8(x.data(), n, offset, b.data());
            EXPECT_EQ(a, b) << "ActQ8, " << n << " elements, offset " << offset;
        }
        expect_same_bytes(avx2->quantize_q8p, s.quantize_q8p, n, ActQ8PLayout(n).stride, 3);
    }
    for (int64_t n : {256, 512, 2048, 4864})
        expect_same_bytes(avx2->quantize_q8k, s.quantize_q8k, n, ActQ8KLayout(n).stride, 5);
#endif
}

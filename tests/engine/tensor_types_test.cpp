// Tensor types: half-precision conversions, the type table, quantize ->
// dequantize error per type, dot_row against the dequantized row, and the
// block layouts checked against files quantized by llama.cpp.
#include "engine/gguf/tensor_types.h"

#include <cmath>
#include <cstring>
#include <map>
#include <random>
#include <vector>

#include "test_support.h"

namespace os1::engine {
namespace {

const GgmlType SUPPORTED[] = {GgmlType::F32,  GgmlType::F16,  GgmlType::BF16, GgmlType::Q8_0, GgmlType::Q8_1,
                              GgmlType::Q4_0, GgmlType::Q4_1, GgmlType::Q5_0, GgmlType::Q5_1, GgmlType::Q2_K,
                              GgmlType::Q3_K, GgmlType::Q4_K, GgmlType::Q5_K, GgmlType::Q6_K, GgmlType::Q8_K};

std::vector<float> gaussian(int64_t n, uint32_t seed, float sigma = 1.0f) {
    std::mt19937 rng(seed);
    std::normal_distribution<float> dist(0.0f, sigma);
    std::vector<float> v(static_cast<size_t>(n));
    for (float& x : v) x = dist(rng);
    return v;
}

double rel_l2(const std::vector<float>& a, const std::vector<float>& ref) {
    double e = 0, s = 0;
    for (size_t k = 0; k < a.size(); ++k) {
        e += (static_cast<double>(a[k]) - ref[k]) * (static_cast<double>(a[k]) - ref[k]);
        s += static_cast<double>(ref[k]) * ref[k];
    }
    return s > 0 ? std::sqrt(e / s) : std::sqrt(e);
}

std::vector<float> round_trip(GgmlType type, const std::vector<float>& x) {
    auto n = static_cast<int64_t>(x.size());
    std::vector<uint8_t> q(row_size(type, n));
    quantize_row(type, x.data(), q.data(), n);
    std::vector<float> y(x.size());
    dequantize_row(type, q.data(), y.data(), n);
    return y;
}

// ---- Half precision ------------------------------------------------------

TEST(Fp16, KnownValues) {
    EXPECT_EQ(fp32_to_fp16(1.0f), 0x3c00);
    EXPECT_EQ(fp32_to_fp16(-2.0f), 0xc000);
    EXPECT_EQ(fp32_to_fp16(0.0f), 0x0000);
    EXPECT_EQ(fp32_to_fp16(-0.0f), 0x8000);
    EXPECT_EQ(fp32_to_fp16(65504.0f), 0x7bff);          // largest half
    EXPECT_EQ(fp32_to_fp16(65519.0f), 0x7bff);          // rounds down
    EXPECT_EQ(fp32_to_fp16(65520.0f), 0x7c00);          // rounds to infinity
    EXPECT_EQ(fp32_to_fp16(1e10f), 0x7c00);
    EXPECT_EQ(fp32_to_fp16(std::ldexp(1.0f, -24)), 0x0001);  // smallest subnormal
    EXPECT_EQ(fp32_to_fp16(std::ldexp(1.0f, -26)), 0x0000);  // underflows
    EXPECT_EQ(fp32_to_fp16(std::ldexp(1.0f, -14)), 0x0400);  // smallest normal
    EXPECT_EQ(fp32_to_fp16(1.0f + std::ldexp(1.0f, -11)), 0x3c00);  // tie -> even
    EXPECT_EQ(fp32_to_fp16(1.0f + 3 * std::ldexp(1.0f, -11)), 0x3c02);  // tie -> even (up)
    EXPECT_TRUE(std::isnan(fp16_to_fp32(fp32_to_fp16(NAN))));
    EXPECT_EQ(fp16_to_fp32(0x3555), 0.333251953125f);
    EXPECT_EQ(fp16_to_fp32(0xfc00), -INFINITY);
}

TEST(Fp16, EveryHalfRoundTrips) {
    for (uint32_t h = 0; h < 65536; ++h) {
        float f = fp16_to_fp32(static_cast<uint16_t>(h));
        if (std::isnan(f)) {
            EXPECT_TRUE(std::isnan(fp16_to_fp32(fp32_to_fp16(f))));
            continue;
        }
        ASSERT_EQ(fp32_to_fp16(f), h) << "half " << h << " = " << f;
    }
}

TEST(Bf16, RoundTripAndRounding) {
    for (uint32_t h = 0; h < 65536; ++h) {
        float f = bf16_to_fp32(static_cast<uint16_t>(h));
        if (std::isnan(f)) continue;
        ASSERT_EQ(fp32_to_bf16(f), h);
    }
    EXPECT_EQ(fp32_to_bf16(1.0f), 0x3f80);
    uint32_t bits = 0x3f808000;  // exactly halfway between 0x3f80 and 0x3f81: to even
    float f;
    std::memcpy(&f, &bits, 4);
    EXPECT_EQ(fp32_to_bf16(f), 0x3f80);
    bits = 0x3f818000;  // halfway between 0x3f81 and 0x3f82: to even (up)
    std::memcpy(&f, &bits, 4);
    EXPECT_EQ(fp32_to_bf16(f), 0x3f82);
    bits = 0x3f808001;  // just above halfway
    std::memcpy(&f, &bits, 4);
    EXPECT_EQ(fp32_to_bf16(f), 0x3f81);
    EXPECT_TRUE(std::isnan(bf16_to_fp32(fp32_to_bf16(NAN))));
}

// ---- Type table ----------------------------------------------------------

TEST(TypeTraits, BlockLayouts) {
    struct Expect { GgmlType t; int64_t block; size_t size; };
    const Expect table[] = {
        {GgmlType::F32, 1, 4},     {GgmlType::F16, 1, 2},      {GgmlType::BF16, 1, 2},     {GgmlType::Q4_0, 32, 18},
        {GgmlType::Q4_1, 32, 20},  {GgmlType::Q5_0, 32, 22},   {GgmlType::Q5_1, 32, 24},   {GgmlType::Q8_0, 32, 34},
        {GgmlType::Q8_1, 32, 36},  {GgmlType::Q2_K, 256, 84},  {GgmlType::Q3_K, 256, 110}, {GgmlType::Q4_K, 256, 144},
        {GgmlType::Q5_K, 256, 176}, {GgmlType::Q6_K, 256, 210}, {GgmlType::Q8_K, 256, 292},
    };
    for (const Expect& e : table) {
        const TypeTraits& t = type_traits(e.t);
        EXPECT_EQ(t.block_size, e.block) << t.name;
        EXPECT_EQ(t.type_size, e.size) << t.name;
        EXPECT_TRUE(t.supported) << t.name;
        EXPECT_EQ(t.quantized, e.block > 1) << t.name;
        EXPECT_EQ(row_size(e.t, e.block * 3), e.size * 3) << t.name;
    }
    EXPECT_STREQ(type_traits(GgmlType::Q4_K).name, "q4_K");
    EXPECT_FALSE(type_traits(GgmlType::IQ4_NL).supported);
    EXPECT_EQ(type_traits(GgmlType::IQ4_NL).type_size, 18u);
}

TEST(TypeTraits, KnownTypes) {
    EXPECT_TRUE(is_known_type(0));
    EXPECT_TRUE(is_known_type(14));
    EXPECT_TRUE(is_known_type(30));
    EXPECT_FALSE(is_known_type(4));   // removed Q4_2
    EXPECT_FALSE(is_known_type(5));   // removed Q4_3
    EXPECT_FALSE(is_known_type(31));  // removed Q4_0_4_4
    EXPECT_FALSE(is_known_type(100));
    EXPECT_FALSE(is_known_type(0xffffffffu));
    EXPECT_FALSE(type_traits(static_cast<GgmlType>(77)).supported);
}

// ---- Quantization error --------------------------------------------------

// Upper bounds on relative L2 error for Gaussian data, about 1.3x what our
// round-to-nearest quantizers reach; halving per extra bit is the point.
double max_error(GgmlType t) {
    switch (t) {
    case GgmlType::F32: return 0.0;
    case GgmlType::F16: return 5e-4;
    case GgmlType::BF16: return 3e-3;
    case GgmlType::Q8_0: case GgmlType::Q8_1: case GgmlType::Q8_K: return 0.01;
    case GgmlType::Q6_K: return 0.03;
    case GgmlType::Q5_0: case GgmlType::Q5_1: case GgmlType::Q5_K: return 0.055;
    case GgmlType::Q4_0: case GgmlType::Q4_1: case GgmlType::Q4_K: return 0.11;
    case GgmlType::Q3_K: return 0.22;
    case GgmlType::Q2_K: return 0.45;
    default: return 0.0;
    }
}

TEST(Quantize, RoundTripErrorPerType) {
    auto x = gaussian(4096, 7);
    for (GgmlType t : SUPPORTED) {
        double e = rel_l2(round_trip(t, x), x);
        EXPECT_LE(e, max_error(t)) << type_traits(t).name;
        if (t != GgmlType::F32) {
            EXPECT_GT(e, 0.0) << type_traits(t).name;  // a lossy type that loses nothing is suspicious
        }
        std::printf("  %-5s rel L2 error %.5f\n", type_traits(t).name, e);
    }
}

TEST(Quantize, ScaleInvariantAndOffsets) {
    // Tiny and large magnitudes, and data with an offset (mins matter).
    for (float sigma : {1e-3f, 30.0f}) {
        auto x = gaussian(1024, 11, sigma);
        for (GgmlType t : SUPPORTED)
            EXPECT_LE(rel_l2(round_trip(t, x), x), max_error(t)) << type_traits(t).name << " sigma " << sigma;
    }
    auto y = gaussian(1024, 12);
    for (float& v : y) v = std::fabs(v) + 0.5f;  // all positive
    for (GgmlType t : SUPPORTED) EXPECT_LE(rel_l2(round_trip(t, y), y), max_error(t)) << type_traits(t).name << " positive";
}

TEST(Quantize, ZerosAndConstantsAndOutliers) {
    std::vector<float> zeros(512, 0.0f);
    std::vector<float> ones(512, 1.0f);
    auto spiky = gaussian(512, 3);
    spiky[100] = 40.0f;
    spiky[300] = -25.0f;
    for (GgmlType t : SUPPORTED) {
        auto z = round_trip(t, zeros);
        for (float v : z) ASSERT_EQ(v, 0.0f) << type_traits(t).name;
        auto o = round_trip(t, ones);
        EXPECT_LE(rel_l2(o, ones), 0.02) << type_traits(t).name;
        auto s = round_trip(t, spiky);
        EXPECT_NEAR(s[100], 40.0f, 40.0f * 0.02f) << type_traits(t).name;
        EXPECT_NEAR(s[300], -25.0f, 25.0f * 0.25f) << type_traits(t).name;
        for (float v : s) ASSERT_TRUE(std::isfinite(v)) << type_traits(t).name;
    }
}

TEST(DotRow, EqualsDotOfDequantizedRow) {
    const int64_t n = 1024;
    auto w = gaussian(n, 21);
    auto x = gaussian(n, 22);
    for (GgmlType t : SUPPORTED) {
        std::vector<uint8_t> q(row_size(t, n));
        quantize_row(t, w.data(), q.data(), n);
        std::vector<float> deq(n);
        dequantize_row(t, q.data(), deq.data(), n);
        double expect = 0;
        for (int64_t k = 0; k < n; ++k) expect += static_cast<double>(deq[k]) * x[k];
        float got = dot_row(t, q.data(), x.data(), n);
        EXPECT_NEAR(got, expect, 1e-4 * (1.0 + std::fabs(expect))) << type_traits(t).name;
        // And of the original, within the quantization error.
        double exact = 0;
        for (int64_t k = 0; k < n; ++k) exact += static_cast<double>(w[k]) * x[k];
        EXPECT_NEAR(got, exact, 4.0 * max_error(t) * std::sqrt(static_cast<double>(n)) + 1e-3) << type_traits(t).name;
    }
}

TEST(DotRow, OddLengthsAndLongRows) {
    // Rows longer than the internal chunk, and of one block.
    for (int64_t n : {32, 256, 288, 4096 + 256}) {
        auto w = gaussian(n, 31);
        auto x = gaussian(n, 32);
        for (GgmlType t : SUPPORTED) {
            if (n % type_traits(t).block_size) continue;
            std::vector<uint8_t> q(row_size(t, n));
            quantize_row(t, w.data(), q.data(), n);
            std::vector<float> deq(n);
            dequantize_row(t, q.data(), deq.data(), n);
            double expect = 0;
            for (int64_t k = 0; k < n; ++k) expect += static_cast<double>(deq[k]) * x[k];
            EXPECT_NEAR(dot_row(t, q.data(), x.data(), n), expect, 1e-4 * (1.0 + std::fabs(expect))) << type_traits(t).name << " n " << n;
        }
    }
}

TEST(Quantize, Q8_1AndQ8_KSums) {
    auto x = gaussian(256, 41);
    std::vector<uint8_t> q1(row_size(GgmlType::Q8_1, 256));
    quantize_row(GgmlType::Q8_1, x.data(), q1.data(), 256);
    for (int b = 0; b < 8; ++b) {  // s = d * sum(qs)
        const uint8_t* blk = q1.data() + 36 * b;
        uint16_t d, s;
        std::memcpy(&d, blk, 2);
        std::memcpy(&s, blk + 2, 2);
        int sum = 0;
        for (int j = 0; j < 32; ++j) sum += static_cast<int8_t>(blk[4 + j]);
        EXPECT_NEAR(fp16_to_fp32(s), fp16_to_fp32(d) * sum, 1e-2 * (1 + std::fabs(fp16_to_fp32(d) * sum)));
    }
    std::vector<uint8_t> qk(row_size(GgmlType::Q8_K, 256));
    quantize_row(GgmlType::Q8_K, x.data(), qk.data(), 256);
    for (int j = 0; j < 16; ++j) {
        int sum = 0;
        for (int l = 0; l < 16; ++l) sum += static_cast<int8_t>(qk[4 + 16 * j + l]);
        int16_t bsum;
        std::memcpy(&bsum, qk.data() + 4 + 256 + 2 * j, 2);
        EXPECT_EQ(bsum, sum);
    }
}

// ---- Layouts against llama.cpp's quantizer -------------------------------
// The syn-<arch>-<type>.gguf files hold the same random weights quantized by
// llama.cpp. Dequantizing with a wrong layout gives an error near 100% (or
// well above the type's usual error when only some bits are misplaced), so
// per-type bounds close to the observed errors check every layout.

double file_error_bound(GgmlType t) {
    switch (t) {
    case GgmlType::F32: return 0.0;
    case GgmlType::F16: return 5e-4;
    case GgmlType::BF16: return 3e-3;
    case GgmlType::Q8_0: return 0.008;
    case GgmlType::Q6_K: return 0.023;
    case GgmlType::Q5_0: case GgmlType::Q5_1: case GgmlType::Q5_K: return 0.05;
    case GgmlType::Q4_0: case GgmlType::Q4_1: case GgmlType::Q4_K: return 0.1;
    case GgmlType::Q3_K: return 0.18;
    case GgmlType::Q2_K: return 0.35;
    default: return 0.0;
    }
}

std::vector<float> dequantize_tensor(const GgufTensor& t) {
    std::vector<float> out(static_cast<size_t>(t.n_elements()));
    const size_t rs = row_size(t.type, t.shape[0]);
    for (int64_t r = 0; r < t.rows(); ++r) dequantize_row(t.type, t.data + r * rs, out.data() + r * t.shape[0], t.shape[0]);
    return out;
}

TEST(QuantLayouts, DequantizedFilesMatchTheF32Model) {
    OS1_REQUIRE_SHARED(shared);
    std::map<GgmlType, int> checked;
    for (const char* arch : {"llama", "qwen2"}) {
        auto ref = GgufFile::open(shared / "conformance/engine" / (std::string("syn-") + arch + "-f32.gguf"));
        ASSERT_TRUE(ref.ok()) << ref.error().message;
        for (const char* kind : {"f16", "bf16", "q8_0", "q4_0", "q4_1", "q5_0", "q5_1", "q2_k", "q3_k_m", "q4_k_m", "q5_k_m", "q6_k"}) {
            std::string name = std::string("syn-") + arch + "-" + kind + ".gguf";
            SCOPED_TRACE(name);
            auto f = GgufFile::open(shared / "conformance/engine" / name);
            ASSERT_TRUE(f.ok()) << f.error().message;
            for (const GgufTensor& t : (*f)->tensors()) {
                const GgufTensor* r = (*ref)->tensor(t.name);
                ASSERT_NE(r, nullptr) << t.name;
                ASSERT_EQ(r->shape, t.shape) << t.name;
                ASSERT_TRUE(type_traits(t.type).supported) << t.name;
                auto got = dequantize_tensor(t);
                auto want = dequantize_tensor(*r);
                double e = rel_l2(got, want);
                EXPECT_LE(e, file_error_bound(t.type)) << t.name << " (" << type_traits(t.type).name << ")";
                ++checked[t.type];

                // Our quantizer on the same weights: same layout (round trip)
                // and not much worse than llama.cpp's.
                if (t.type != GgmlType::F32 && t.name == "blk.0.ffn_down.weight") {
                    std::vector<uint8_t> q(t.n_bytes);
                    const size_t rs = row_size(t.type, t.shape[0]);
                    for (int64_t row = 0; row < t.rows(); ++row)
                        quantize_row(t.type, want.data() + row * t.shape[0], q.data() + row * rs, t.shape[0]);
                    GgufTensor mine = t;
                    mine.data = q.data();
                    double ours = rel_l2(dequantize_tensor(mine), want);
                    EXPECT_LE(ours, 1.35 * e + 1e-4) << t.name << " (" << type_traits(t.type).name << "): ours " << ours << " vs llama.cpp " << e;
                }
            }
        }
    }
    for (GgmlType t : {GgmlType::F16, GgmlType::BF16, GgmlType::Q8_0, GgmlType::Q4_0, GgmlType::Q4_1, GgmlType::Q5_0,
                       GgmlType::Q5_1, GgmlType::Q2_K, GgmlType::Q3_K, GgmlType::Q4_K, GgmlType::Q5_K, GgmlType::Q6_K})
        EXPECT_GT(checked[t], 0) << type_traits(t).name << " never seen";
}

TEST(QuantLayouts, DotRowOnRealTensors) {
    OS1_REQUIRE_SHARED(shared);
    auto f = GgufFile::open(shared / "conformance/engine/syn-llama-q3_k_m.gguf");
    ASSERT_TRUE(f.ok()) << f.error().message;
    auto x = gaussian(512, 5);
    for (const GgufTensor& t : (*f)->tensors()) {
        if (t.shape.size() < 2) continue;
        const size_t rs = row_size(t.type, t.shape[0]);
        std::vector<float> row(t.shape[0]);
        for (int64_t r : {int64_t{0}, t.rows() - 1}) {
            dequantize_row(t.type, t.data + r * rs, row.data(), t.shape[0]);
            double expect = 0;
            for (int64_t k = 0; k < t.shape[0]; ++k) expect += static_cast<double>(row[k]) * x[k];
            EXPECT_NEAR(dot_row(t.type, t.data + r * rs, x.data(), t.shape[0]), expect, 1e-4 * (1 + std::fabs(expect))) << t.name;
        }
    }
}

}  // namespace
}  // namespace os1::engine

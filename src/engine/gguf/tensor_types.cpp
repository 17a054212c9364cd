// Type table, half-precision conversions, and the per-type dispatch of the
// scalar reference kernels (the block kernels are in quants_legacy.cpp and
// quants_k.cpp).
#include "engine/gguf/tensor_types.h"

#include <vector>

#include <cassert>
#include <cmath>
#include <cstring>

#include "engine/gguf/quants.h"

namespace os1::engine {

namespace {

using DequantFn = void (*)(const void*, float*, int64_t);
using QuantFn = void (*)(const float*, void*, int64_t);

struct TypeEntry {
    TypeTraits traits;
    DequantFn dequant = nullptr;
    QuantFn quant = nullptr;
};

void dequantize_f32(const void* src, float* dst, int64_t n) { std::memcpy(dst, src, static_cast<size_t>(n) * sizeof(float)); }
void quantize_f32(const float* src, void* dst, int64_t n) { std::memcpy(dst, src, static_cast<size_t>(n) * sizeof(float)); }

void dequantize_f16(const void* src, float* dst, int64_t n) {
    const auto* p = static_cast<const uint8_t*>(src);
    for (int64_t k = 0; k < n; ++k) {
        uint16_t h;
        std::memcpy(&h, p + 2 * k, 2);
        dst[k] = fp16_to_fp32(h);
    }
}
void quantize_f16(const float* src, void* dst, int64_t n) {
    auto* p = static_cast<uint8_t*>(dst);
    for (int64_t k = 0; k < n; ++k) {
        uint16_t h = fp32_to_fp16(src[k]);
        std::memcpy(p + 2 * k, &h, 2);
    }
}
void dequantize_bf16(const void* src, float* dst, int64_t n) {
    const auto* p = static_cast<const uint8_t*>(src);
    for (int64_t k = 0; k < n; ++k) {
        uint16_t h;
        std::memcpy(&h, p + 2 * k, 2);
        dst[k] = bf16_to_fp32(h);
    }
}
void quantize_bf16(const float* src, void* dst, int64_t n) {
    auto* p = static_cast<uint8_t*>(dst);
    for (int64_t k = 0; k < n; ++k) {
        uint16_t h = fp32_to_bf16(src[k]);
        std::memcpy(p + 2 * k, &h, 2);
    }
}

constexpr int MAX_TYPE = 40;

struct TypeTable {
    TypeEntry entries[MAX_TYPE];
    bool known[MAX_TYPE] = {};

    void add(GgmlType t, const char* name, int64_t block, size_t size, bool quantized, DequantFn d = nullptr, QuantFn q = nullptr) {
        auto i = static_cast<uint32_t>(t);
        entries[i] = TypeEntry{TypeTraits{name, block, size, quantized, d != nullptr}, d, q};
        known[i] = true;
    }

    TypeTable() {
        using namespace quants;
        add(GgmlType::F32, "f32", 1, 4, false, dequantize_f32, quantize_f32);
        add(GgmlType::F16, "f16", 1, 2, false, dequantize_f16, quantize_f16);
        add(GgmlType::BF16, "bf16", 1, 2, false, dequantize_bf16, quantize_bf16);
        add(GgmlType::Q4_0, "q4_0", QK, 18, true, dequantize_q4_0, quantize_q4_0);
        add(GgmlType::Q4_1, "q4_1", QK, 20, true, dequantize_q4_1, quantize_q4_1);
        add(GgmlType::Q5_0, "q5_0", QK, 22, true, dequantize_q5_0, quantize_q5_0);
        add(GgmlType::Q5_1, "q5_1", QK, 24, true, dequantize_q5_1, quantize_q5_1);
        add(GgmlType::Q8_0, "q8_0", QK, 34, true, dequantize_q8_0, quantize_q8_0);
        add(GgmlType::Q8_1, "q8_1", QK, 36, true, dequantize_q8_1, quantize_q8_1);
        add(GgmlType::Q2_K, "q2_K", QK_K, 84, true, dequantize_q2_k, quantize_q2_k);
        add(GgmlType::Q3_K, "q3_K", QK_K, 110, true, dequantize_q3_k, quantize_q3_k);
        add(GgmlType::Q4_K, "q4_K", QK_K, 144, true, dequantize_q4_k, quantize_q4_k);
        add(GgmlType::Q5_K, "q5_K", QK_K, 176, true, dequantize_q5_k, quantize_q5_k);
        add(GgmlType::Q6_K, "q6_K", QK_K, 210, true, dequantize_q6_k, quantize_q6_k);
        add(GgmlType::Q8_K, "q8_K", QK_K, 292, true, dequantize_q8_k, quantize_q8_k);
        // Known sizes, no kernels: parsed, then refused by whoever needs them.
        add(GgmlType::IQ2_XXS, "iq2_xxs", QK_K, 66, true);
        add(GgmlType::IQ2_XS, "iq2_xs", QK_K, 74, true);
        add(GgmlType::IQ3_XXS, "iq3_xxs", QK_K, 98, true);
        add(GgmlType::IQ1_S, "iq1_s", QK_K, 50, true);
        add(GgmlType::IQ4_NL, "iq4_nl", QK, 18, true);
        add(GgmlType::IQ3_S, "iq3_s", QK_K, 110, true);
        add(GgmlType::IQ2_S, "iq2_s", QK_K, 82, true);
        add(GgmlType::IQ4_XS, "iq4_xs", QK_K, 136, true);
        add(GgmlType::I8, "i8", 1, 1, false);
        add(GgmlType::I16, "i16", 1, 2, false);
        add(GgmlType::I32, "i32", 1, 4, false);
        add(GgmlType::I64, "i64", 1, 8, false);
        add(GgmlType::F64, "f64", 1, 8, false);
        add(GgmlType::IQ1_M, "iq1_m", QK_K, 56, true);
        add(GgmlType::TQ1_0, "tq1_0", QK_K, 54, true);
        add(GgmlType::TQ2_0, "tq2_0", QK_K, 66, true);
    }
};

const TypeTable& table() {
    static const TypeTable t;
    return t;
}

const TypeEntry& entry(GgmlType type) {
    auto i = static_cast<uint32_t>(type);
    assert(i < MAX_TYPE && table().known[i]);
    return table().entries[i];
}

}  // namespace

const TypeTraits& type_traits(GgmlType type) {
    static const TypeTraits unknown{};
    auto i = static_cast<uint32_t>(type);
    if (i >= MAX_TYPE || !table().known[i]) return unknown;
    return table().entries[i].traits;
}

bool is_known_type(uint32_t raw) { return raw < MAX_TYPE && table().known[raw]; }

size_t row_size(GgmlType type, int64_t n) {
    const TypeTraits& t = type_traits(type);
    assert(t.type_size > 0 && n % t.block_size == 0);
    return static_cast<size_t>(n / t.block_size) * t.type_size;
}

void dequantize_row(GgmlType type, const void* src, float* dst, int64_t n) {
    const TypeEntry& e = entry(type);
    assert(e.dequant && n % e.traits.block_size == 0);
    e.dequant(src, dst, n);
}

void quantize_row(GgmlType type, const float* src, void* dst, int64_t n) {
    const TypeEntry& e = entry(type);
    assert(e.quant && n % e.traits.block_size == 0);
    e.quant(src, dst, n);
}

float dot_row(GgmlType type, const void* row, const float* x, int64_t n) {
    const TypeEntry& e = entry(type);
    assert(e.dequant && n % e.traits.block_size == 0);
    if (type == GgmlType::F32) {
        const auto* w = static_cast<const float*>(row);
        double sum = 0.0;
        for (int64_t k = 0; k < n; ++k) sum += static_cast<double>(w[k]) * x[k];
        return static_cast<float>(sum);
    }
    // Reference: dequantize a chunk of whole blocks at a time, accumulate in double.
    constexpr int64_t CHUNK = quants::QK_K;
    const int64_t block = e.traits.block_size;
    const int64_t chunk = block > CHUNK ? block : CHUNK - CHUNK % block;
    const auto* p = static_cast<const uint8_t*>(row);
    float buf[CHUNK];
    double sum = 0.0;
    for (int64_t k = 0; k < n; k += chunk) {
        int64_t m = n - k < chunk ? n - k : chunk;
        e.dequant(p + static_cast<size_t>(k / block) * e.traits.type_size, buf, m);
        for (int64_t j = 0; j < m; ++j) sum += static_cast<double>(buf[j]) * x[k + j];
    }
    return static_cast<float>(sum);
}

float fp16_to_fp32(uint16_t h) {
    uint32_t sign = static_cast<uint32_t>(h & 0x8000) << 16;
    uint32_t exp = (h >> 10) & 0x1f;
    uint32_t mant = h & 0x3ff;
    uint32_t bits;
    if (exp == 0) {
        if (mant == 0) {
            bits = sign;
        } else {  // subnormal: mant * 2^-24
            float v = std::ldexp(static_cast<float>(mant), -24);
            return sign ? -v : v;
        }
    } else if (exp == 31) {
        bits = sign | 0x7f800000u | (mant << 13);
    } else {
        bits = sign | ((exp + 112) << 23) | (mant << 13);
    }
    float f;
    std::memcpy(&f, &bits, 4);
    return f;
}

uint16_t fp32_to_fp16(float f) {
    uint32_t bits;
    std::memcpy(&bits, &f, 4);
    auto sign = static_cast<uint16_t>((bits >> 16) & 0x8000);
    uint32_t abs = bits & 0x7fffffffu;
    if (abs > 0x7f800000u) return static_cast<uint16_t>(sign | 0x7e00);  // NaN stays NaN
    if (abs >= 0x477ff000u) return static_cast<uint16_t>(sign | 0x7c00);  // rounds to >= 65536: infinity
    if (abs < 0x38800000u) {  // below 2^-14: subnormal half, round to nearest even
        float a;
        std::memcpy(&a, &abs, 4);
        auto mant = static_cast<uint32_t>(std::nearbyint(a * 16777216.0f));
        return static_cast<uint16_t>(sign | mant);
    }
    uint32_t r = (abs - (112u << 23) + 0xfffu + ((abs >> 13) & 1u)) >> 13;
    return static_cast<uint16_t>(sign | r);
}

float bf16_to_fp32(uint16_t h) {
    uint32_t bits = static_cast<uint32_t>(h) << 16;
    float f;
    std::memcpy(&f, &bits, 4);
    return f;
}

uint16_t fp32_to_bf16(float f) {
    uint32_t bits;
    std::memcpy(&bits, &f, 4);
    if ((bits & 0x7fffffffu) > 0x7f800000u) return static_cast<uint16_t>((bits >> 16) | 0x40);  // quiet NaN
    return static_cast<uint16_t>((bits + 0x7fffu + ((bits >> 16) & 1u)) >> 16);
}

const float* fp16_table() {
    static const std::vector<float> table = [] {
        std::vector<float> t(65536);
        for (uint32_t h = 0; h < 65536; h++) t[h] = fp16_to_fp32(static_cast<uint16_t>(h));
        return t;
    }();
    return table.data();
}

}  // namespace os1::engine

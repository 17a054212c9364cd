// The 32-element "legacy" block types: q4_0, q4_1, q5_0, q5_1, q8_0, q8_1.
// Quantization is round-to-nearest with one scale (and minimum) per block.
#include <algorithm>
#include <cmath>
#include <cstring>

#include "engine/gguf/quants.h"
#include "engine/gguf/tensor_types.h"

namespace os1::engine::quants {

namespace {

#pragma pack(push, 1)
struct BlockQ4_0 { uint16_t d; uint8_t qs[QK / 2]; };
struct BlockQ4_1 { uint16_t d, m; uint8_t qs[QK / 2]; };
struct BlockQ5_0 { uint16_t d; uint8_t qh[4]; uint8_t qs[QK / 2]; };
struct BlockQ5_1 { uint16_t d, m; uint8_t qh[4]; uint8_t qs[QK / 2]; };
struct BlockQ8_0 { uint16_t d; int8_t qs[QK]; };
struct BlockQ8_1 { uint16_t d, s; int8_t qs[QK]; };
#pragma pack(pop)
static_assert(sizeof(BlockQ4_0) == 18 && sizeof(BlockQ4_1) == 20 && sizeof(BlockQ5_0) == 22);
static_assert(sizeof(BlockQ5_1) == 24 && sizeof(BlockQ8_0) == 34 && sizeof(BlockQ8_1) == 36);

float h2f(uint16_t h) { return fp16_to_fp32(h); }
uint16_t f2h(float f) { return fp32_to_fp16(f); }

// The element of largest magnitude, keeping its sign.
float signed_absmax(const float* x, int n) {
    float best = 0.0f;
    for (int j = 0; j < n; ++j)
        if (std::fabs(x[j]) > std::fabs(best)) best = x[j];
    return best;
}

void min_max(const float* x, int n, float& lo, float& hi) {
    lo = x[0];
    hi = x[0];
    for (int j = 1; j < n; ++j) {
        lo = std::min(lo, x[j]);
        hi = std::max(hi, x[j]);
    }
}

int clamp_round(float v, int lo, int hi) { return std::clamp(static_cast<int>(std::lround(v)), lo, hi); }

// Unpacks 32 values of `bits` bits (4 or 5): low nibbles from qs, 5th bit from qh.
void unpack32(const uint8_t* qs, const uint8_t* qh, int* q) {
    uint32_t high = 0;
    if (qh) std::memcpy(&high, qh, 4);
    for (int j = 0; j < QK / 2; ++j) {
        q[j] = qs[j] & 0x0f;
        q[j + QK / 2] = qs[j] >> 4;
        if (qh) {
            q[j] |= static_cast<int>((high >> j) & 1u) << 4;
            q[j + QK / 2] |= static_cast<int>((high >> (j + QK / 2)) & 1u) << 4;
        }
    }
}

void pack32(const int* q, uint8_t* qs, uint8_t* qh) {
    uint32_t high = 0;
    for (int j = 0; j < QK / 2; ++j) {
        qs[j] = static_cast<uint8_t>((q[j] & 0x0f) | ((q[j + QK / 2] & 0x0f) << 4));
        high |= static_cast<uint32_t>((q[j] >> 4) & 1) << j;
        high |= static_cast<uint32_t>((q[j + QK / 2] >> 4) & 1) << (j + QK / 2);
    }
    if (qh) std::memcpy(qh, &high, 4);
}

// Symmetric types: x = d * (q - offset), q in [0, 2*offset - 1].
template <typename Block, bool HAS_QH>
void quantize_symmetric(const float* src, void* dst, int64_t n, int offset) {
    auto* out = static_cast<Block*>(dst);
    for (int64_t b = 0; b < n / QK; ++b) {
        const float* x = src + b * QK;
        float mx = signed_absmax(x, QK);
        out[b].d = f2h(mx / -static_cast<float>(offset));
        float d = h2f(out[b].d);
        float id = d != 0.0f ? 1.0f / d : 0.0f;
        int q[QK];
        for (int j = 0; j < QK; ++j) q[j] = clamp_round(x[j] * id + static_cast<float>(offset), 0, 2 * offset - 1);
        if constexpr (HAS_QH) pack32(q, out[b].qs, out[b].qh);
        else pack32(q, out[b].qs, nullptr);
    }
}

// Asymmetric types: x = d * q + m, q in [0, levels].
template <typename Block, bool HAS_QH>
void quantize_asymmetric(const float* src, void* dst, int64_t n, int levels) {
    auto* out = static_cast<Block*>(dst);
    for (int64_t b = 0; b < n / QK; ++b) {
        const float* x = src + b * QK;
        float lo, hi;
        min_max(x, QK, lo, hi);
        out[b].d = f2h((hi - lo) / static_cast<float>(levels));
        out[b].m = f2h(lo);
        float d = h2f(out[b].d), m = h2f(out[b].m);
        float id = d != 0.0f ? 1.0f / d : 0.0f;
        int q[QK];
        for (int j = 0; j < QK; ++j) q[j] = clamp_round((x[j] - m) * id, 0, levels);
        if constexpr (HAS_QH) pack32(q, out[b].qs, out[b].qh);
        else pack32(q, out[b].qs, nullptr);
    }
}

}  // namespace

void dequantize_q4_0(const void* src, float* dst, int64_t n) {
    const auto* in = static_cast<const BlockQ4_0*>(src);
    for (int64_t b = 0; b < n / QK; ++b) {
        float d = h2f(in[b].d);
        int q[QK];
        unpack32(in[b].qs, nullptr, q);
        for (int j = 0; j < QK; ++j) dst[b * QK + j] = d * static_cast<float>(q[j] - 8);
    }
}

void dequantize_q4_1(const void* src, float* dst, int64_t n) {
    const auto* in = static_cast<const BlockQ4_1*>(src);
    for (int64_t b = 0; b < n / QK; ++b) {
        float d = h2f(in[b].d), m = h2f(in[b].m);
        int q[QK];
        unpack32(in[b].qs, nullptr, q);
        for (int j = 0; j < QK; ++j) dst[b * QK + j] = d * static_cast<float>(q[j]) + m;
    }
}

void dequantize_q5_0(const void* src, float* dst, int64_t n) {
    const auto* in = static_cast<const BlockQ5_0*>(src);
    for (int64_t b = 0; b < n / QK; ++b) {
        float d = h2f(in[b].d);
        int q[QK];
        unpack32(in[b].qs, in[b].qh, q);
        for (int j = 0; j < QK; ++j) dst[b * QK + j] = d * static_cast<float>(q[j] - 16);
    }
}

void dequantize_q5_1(const void* src, float* dst, int64_t n) {
    const auto* in = static_cast<const BlockQ5_1*>(src);
    for (int64_t b = 0; b < n / QK; ++b) {
        float d = h2f(in[b].d), m = h2f(in[b].m);
        int q[QK];
        unpack32(in[b].qs, in[b].qh, q);
        for (int j = 0; j < QK; ++j) dst[b * QK + j] = d * static_cast<float>(q[j]) + m;
    }
}

void dequantize_q8_0(const void* src, float* dst, int64_t n) {
    const auto* in = static_cast<const BlockQ8_0*>(src);
    for (int64_t b = 0; b < n / QK; ++b) {
        float d = h2f(in[b].d);
        for (int j = 0; j < QK; ++j) dst[b * QK + j] = d * static_cast<float>(in[b].qs[j]);
    }
}

void dequantize_q8_1(const void* src, float* dst, int64_t n) {
    const auto* in = static_cast<const BlockQ8_1*>(src);
    for (int64_t b = 0; b < n / QK; ++b) {
        float d = h2f(in[b].d);
        for (int j = 0; j < QK; ++j) dst[b * QK + j] = d * static_cast<float>(in[b].qs[j]);
    }
}

void quantize_q4_0(const float* src, void* dst, int64_t n) { quantize_symmetric<BlockQ4_0, false>(src, dst, n, 8); }
void quantize_q5_0(const float* src, void* dst, int64_t n) { quantize_symmetric<BlockQ5_0, true>(src, dst, n, 16); }
void quantize_q4_1(const float* src, void* dst, int64_t n) { quantize_asymmetric<BlockQ4_1, false>(src, dst, n, 15); }
void quantize_q5_1(const float* src, void* dst, int64_t n) { quantize_asymmetric<BlockQ5_1, true>(src, dst, n, 31); }

void quantize_q8_0(const float* src, void* dst, int64_t n) {
    auto* out = static_cast<BlockQ8_0*>(dst);
    for (int64_t b = 0; b < n / QK; ++b) {
        const float* x = src + b * QK;
        float amax = std::fabs(signed_absmax(x, QK));
        out[b].d = f2h(amax / 127.0f);
        float d = h2f(out[b].d);
        float id = d != 0.0f ? 1.0f / d : 0.0f;
        for (int j = 0; j < QK; ++j) out[b].qs[j] = static_cast<int8_t>(clamp_round(x[j] * id, -127, 127));
    }
}

void quantize_q8_1(const float* src, void* dst, int64_t n) {
    auto* out = static_cast<BlockQ8_1*>(dst);
    for (int64_t b = 0; b < n / QK; ++b) {
        const float* x = src + b * QK;
        float amax = std::fabs(signed_absmax(x, QK));
        out[b].d = f2h(amax / 127.0f);
        float d = h2f(out[b].d);
        float id = d != 0.0f ? 1.0f / d : 0.0f;
        int sum = 0;
        for (int j = 0; j < QK; ++j) {
            out[b].qs[j] = static_cast<int8_t>(clamp_round(x[j] * id, -127, 127));
            sum += out[b].qs[j];
        }
        out[b].s = f2h(d * static_cast<float>(sum));
    }
}

}  // namespace os1::engine::quants

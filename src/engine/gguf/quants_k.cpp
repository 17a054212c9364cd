// The K-quants: 256-element super-blocks of 16 (q2_K, q3_K, q6_K) or 8
// (q4_K, q5_K) sub-blocks, each sub-block with its own small integer scale
// (and minimum) that multiplies the super-block's fp16 d (and dmin).
//
// Quantization here is round-to-nearest: per sub-block scale from its range,
// sub-block scales quantized against the super-block scale, then elements
// rounded with the effective (already quantized) scale. Not llama.cpp's
// search-based quantizers, but the same layouts, so files round-trip.
#include <algorithm>
#include <cmath>
#include <cstring>

#include "engine/gguf/quants.h"
#include "engine/gguf/tensor_types.h"

namespace os1::engine::quants {

namespace {

#pragma pack(push, 1)
struct BlockQ2K { uint8_t scales[QK_K / 16]; uint8_t qs[QK_K / 4]; uint16_t d, dmin; };
struct BlockQ3K { uint8_t hmask[QK_K / 8]; uint8_t qs[QK_K / 4]; uint8_t scales[12]; uint16_t d; };
struct BlockQ4K { uint16_t d, dmin; uint8_t scales[12]; uint8_t qs[QK_K / 2]; };
struct BlockQ5K { uint16_t d, dmin; uint8_t scales[12]; uint8_t qh[QK_K / 8]; uint8_t qs[QK_K / 2]; };
struct BlockQ6K { uint8_t ql[QK_K / 2]; uint8_t qh[QK_K / 4]; int8_t scales[QK_K / 16]; uint16_t d; };
struct BlockQ8K { float d; int8_t qs[QK_K]; int16_t bsums[QK_K / 16]; };
#pragma pack(pop)
static_assert(sizeof(BlockQ2K) == 84 && sizeof(BlockQ3K) == 110 && sizeof(BlockQ4K) == 144);
static_assert(sizeof(BlockQ5K) == 176 && sizeof(BlockQ6K) == 210 && sizeof(BlockQ8K) == 292);

float h2f(uint16_t h) { return fp16_to_fp32(h); }
uint16_t f2h(float f) { return fp32_to_fp16(f); }
int clamp_round(float v, int lo, int hi) { return std::clamp(static_cast<int>(std::lround(v)), lo, hi); }

// q4_K / q5_K: 8 six-bit scales and 8 six-bit mins in 12 bytes. Bytes 0-3
// hold scales 0-3 (low 6 bits), bytes 4-7 mins 0-3; bytes 8-11 hold the low
// nibbles of scale/min 4-7, whose top 2 bits sit in the top bits of bytes 0-7.
void get_scale_min_k4(int j, const uint8_t* s, int& sc, int& m) {
    if (j < 4) {
        sc = s[j] & 63;
        m = s[j + 4] & 63;
    } else {
        sc = (s[j + 4] & 0x0f) | ((s[j - 4] >> 6) << 4);
        m = (s[j + 4] >> 4) | ((s[j] >> 6) << 4);
    }
}

void set_scales_mins_k4(const int* sc, const int* m, uint8_t* s) {
    for (int j = 0; j < 4; ++j) {
        s[j] = static_cast<uint8_t>((sc[j] & 63) | ((sc[j + 4] >> 4) << 6));
        s[j + 4] = static_cast<uint8_t>((m[j] & 63) | ((m[j + 4] >> 4) << 6));
        s[j + 8] = static_cast<uint8_t>((sc[j + 4] & 0x0f) | ((m[j + 4] & 0x0f) << 4));
    }
}

// q3_K: 16 six-bit scales (biased by 32) in 12 bytes: low nibbles in bytes
// 0-7 (scales 0-7 low nibble, 8-15 high nibble), top 2 bits in bytes 8-11
// (scale i in byte 8 + i % 4 at bit 2 * (i / 4)).
int q3k_scale(const uint8_t* s, int i) {
    int low = i < 8 ? (s[i] & 0x0f) : (s[i - 8] >> 4);
    int high = (s[8 + i % 4] >> (2 * (i / 4))) & 3;
    return (low | (high << 4)) - 32;
}

void q3k_set_scales(const int* sc, uint8_t* s) {
    std::memset(s, 0, 12);
    for (int i = 0; i < 16; ++i) {
        int u = sc[i] + 32;
        if (i < 8) s[i] |= static_cast<uint8_t>(u & 0x0f);
        else s[i - 8] |= static_cast<uint8_t>((u & 0x0f) << 4);
        s[8 + i % 4] |= static_cast<uint8_t>(((u >> 4) & 3) << (2 * (i / 4)));
    }
}

// Asymmetric sub-blocks: x ~ d*sc[j]*q - dmin*m[j], q in [0, levels],
// sc/m in [0, smax]. Fills q (QK_K values) and sc/m, returns d/dmin as stored.
void quantize_asym(const float* x, int n_sub, int levels, int smax, int* q, int* sc, int* m, uint16_t& d_out, uint16_t& dmin_out) {
    const int len = QK_K / n_sub;
    float scale[16], mins[16];
    float max_scale = 0.0f, max_min = 0.0f;
    for (int j = 0; j < n_sub; ++j) {
        float lo = 0.0f, hi = x[j * len];
        for (int l = 0; l < len; ++l) {
            lo = std::min(lo, x[j * len + l]);
            hi = std::max(hi, x[j * len + l]);
        }
        scale[j] = (hi - lo) / static_cast<float>(levels);
        mins[j] = -lo;
        max_scale = std::max(max_scale, scale[j]);
        max_min = std::max(max_min, mins[j]);
    }
    d_out = f2h(max_scale / static_cast<float>(smax));
    dmin_out = f2h(max_min / static_cast<float>(smax));
    float d = h2f(d_out), dmin = h2f(dmin_out);
    for (int j = 0; j < n_sub; ++j) {
        sc[j] = d > 0.0f ? clamp_round(scale[j] / d, 0, smax) : 0;
        m[j] = dmin > 0.0f ? clamp_round(mins[j] / dmin, 0, smax) : 0;
        float ed = d * static_cast<float>(sc[j]);
        float em = dmin * static_cast<float>(m[j]);
        for (int l = 0; l < len; ++l)
            q[j * len + l] = ed > 0.0f ? clamp_round((x[j * len + l] + em) / ed, 0, levels) : 0;
    }
}

// Symmetric sub-blocks: x ~ d*sc[j]*q, q in [-qmax, qmax - 1], sc in [-smax - 1, smax].
void quantize_sym(const float* x, int n_sub, int qmax, int smax, int* q, int* sc, uint16_t& d_out) {
    const int len = QK_K / n_sub;
    float scale[16];
    float max_abs = 0.0f;
    for (int j = 0; j < n_sub; ++j) {
        float mx = 0.0f;
        for (int l = 0; l < len; ++l)
            if (std::fabs(x[j * len + l]) > std::fabs(mx)) mx = x[j * len + l];
        scale[j] = mx / -static_cast<float>(qmax);  // the largest element maps to -qmax exactly
        max_abs = std::max(max_abs, std::fabs(scale[j]));
    }
    d_out = f2h(max_abs / static_cast<float>(smax));
    float d = h2f(d_out);
    for (int j = 0; j < n_sub; ++j) {
        sc[j] = d > 0.0f ? clamp_round(scale[j] / d, -smax - 1, smax) : 0;
        float ed = d * static_cast<float>(sc[j]);
        for (int l = 0; l < len; ++l)
            q[j * len + l] = ed != 0.0f ? clamp_round(x[j * len + l] / ed, -qmax, qmax - 1) : 0;
    }
}


}  // namespace

// ---- q2_K ----------------------------------------------------------------
// Element e = 128*h + 32*k + l (h half, k 0..3, l 0..31) is bits 2k..2k+1 of
// qs[32*h + l]; sub-block e / 16 has scales[e / 16] (low nibble scale, high
// nibble min).

void dequantize_q2_k(const void* src, float* dst, int64_t n) {
    const auto* in = static_cast<const BlockQ2K*>(src);
    for (int64_t b = 0; b < n / QK_K; ++b, dst += QK_K) {
        float d = h2f(in[b].d), dmin = h2f(in[b].dmin);
        for (int e = 0; e < QK_K; ++e) {
            int h = e / 128, k = (e % 128) / 32, l = e % 32;
            int q = (in[b].qs[32 * h + l] >> (2 * k)) & 3;
            uint8_t s = in[b].scales[e / 16];
            dst[e] = d * static_cast<float>(s & 0x0f) * static_cast<float>(q) - dmin * static_cast<float>(s >> 4);
        }
    }
}

void quantize_q2_k(const float* src, void* dst, int64_t n) {
    auto* out = static_cast<BlockQ2K*>(dst);
    for (int64_t b = 0; b < n / QK_K; ++b) {
        int q[QK_K], sc[16], m[16];
        quantize_asym(src + b * QK_K, 16, 3, 15, q, sc, m, out[b].d, out[b].dmin);
        for (int j = 0; j < 16; ++j) out[b].scales[j] = static_cast<uint8_t>(sc[j] | (m[j] << 4));
        std::memset(out[b].qs, 0, sizeof out[b].qs);
        for (int e = 0; e < QK_K; ++e) {
            int h = e / 128, k = (e % 128) / 32, l = e % 32;
            out[b].qs[32 * h + l] |= static_cast<uint8_t>(q[e] << (2 * k));
        }
    }
}

// ---- q3_K ----------------------------------------------------------------
// Same 2-bit placement as q2_K; the third bit of element e is bit (4*h + k)
// of hmask[l]; a set bit means q = low2, a clear bit q = low2 - 4.

void dequantize_q3_k(const void* src, float* dst, int64_t n) {
    const auto* in = static_cast<const BlockQ3K*>(src);
    for (int64_t b = 0; b < n / QK_K; ++b, dst += QK_K) {
        float d = h2f(in[b].d);
        for (int e = 0; e < QK_K; ++e) {
            int h = e / 128, k = (e % 128) / 32, l = e % 32;
            int low = (in[b].qs[32 * h + l] >> (2 * k)) & 3;
            int high = (in[b].hmask[l] >> (4 * h + k)) & 1;
            int q = low - (high ? 0 : 4);
            dst[e] = d * static_cast<float>(q3k_scale(in[b].scales, e / 16)) * static_cast<float>(q);
        }
    }
}

void quantize_q3_k(const float* src, void* dst, int64_t n) {
    auto* out = static_cast<BlockQ3K*>(dst);
    for (int64_t b = 0; b < n / QK_K; ++b) {
        int q[QK_K], sc[16];
        quantize_sym(src + b * QK_K, 16, 4, 31, q, sc, out[b].d);
        q3k_set_scales(sc, out[b].scales);
        std::memset(out[b].qs, 0, sizeof out[b].qs);
        std::memset(out[b].hmask, 0, sizeof out[b].hmask);
        for (int e = 0; e < QK_K; ++e) {
            int h = e / 128, k = (e % 128) / 32, l = e % 32;
            int u = q[e] + 4;  // 0..7
            out[b].qs[32 * h + l] |= static_cast<uint8_t>((u & 3) << (2 * k));
            out[b].hmask[l] |= static_cast<uint8_t>((u >> 2) << (4 * h + k));
        }
    }
}

// ---- q4_K / q5_K ---------------------------------------------------------
// Element e = 64*p + 32*s + l (pair p 0..3, s 0..1, l 0..31) is nibble s of
// qs[32*p + l]; its sub-block is 2*p + s. q5_K's fifth bit is bit (2*p + s)
// of qh[l].

void dequantize_q4_k(const void* src, float* dst, int64_t n) {
    const auto* in = static_cast<const BlockQ4K*>(src);
    for (int64_t b = 0; b < n / QK_K; ++b, dst += QK_K) {
        float d = h2f(in[b].d), dmin = h2f(in[b].dmin);
        for (int e = 0; e < QK_K; ++e) {
            int p = e / 64, s = (e % 64) / 32, l = e % 32;
            int sc, m;
            get_scale_min_k4(2 * p + s, in[b].scales, sc, m);
            int q = (in[b].qs[32 * p + l] >> (4 * s)) & 0x0f;
            dst[e] = d * static_cast<float>(sc) * static_cast<float>(q) - dmin * static_cast<float>(m);
        }
    }
}

void quantize_q4_k(const float* src, void* dst, int64_t n) {
    auto* out = static_cast<BlockQ4K*>(dst);
    for (int64_t b = 0; b < n / QK_K; ++b) {
        int q[QK_K], sc[8], m[8];
        quantize_asym(src + b * QK_K, 8, 15, 63, q, sc, m, out[b].d, out[b].dmin);
        set_scales_mins_k4(sc, m, out[b].scales);
        for (int p = 0; p < 4; ++p)
            for (int l = 0; l < 32; ++l)
                out[b].qs[32 * p + l] = static_cast<uint8_t>(q[64 * p + l] | (q[64 * p + 32 + l] << 4));
    }
}

void dequantize_q5_k(const void* src, float* dst, int64_t n) {
    const auto* in = static_cast<const BlockQ5K*>(src);
    for (int64_t b = 0; b < n / QK_K; ++b, dst += QK_K) {
        float d = h2f(in[b].d), dmin = h2f(in[b].dmin);
        for (int e = 0; e < QK_K; ++e) {
            int p = e / 64, s = (e % 64) / 32, l = e % 32;
            int sc, m;
            get_scale_min_k4(2 * p + s, in[b].scales, sc, m);
            int q = ((in[b].qs[32 * p + l] >> (4 * s)) & 0x0f) | (((in[b].qh[l] >> (2 * p + s)) & 1) << 4);
            dst[e] = d * static_cast<float>(sc) * static_cast<float>(q) - dmin * static_cast<float>(m);
        }
    }
}

void quantize_q5_k(const float* src, void* dst, int64_t n) {
    auto* out = static_cast<BlockQ5K*>(dst);
    for (int64_t b = 0; b < n / QK_K; ++b) {
        int q[QK_K], sc[8], m[8];
        quantize_asym(src + b * QK_K, 8, 31, 63, q, sc, m, out[b].d, out[b].dmin);
        set_scales_mins_k4(sc, m, out[b].scales);
        std::memset(out[b].qh, 0, sizeof out[b].qh);
        for (int p = 0; p < 4; ++p)
            for (int s = 0; s < 2; ++s)
                for (int l = 0; l < 32; ++l) {
                    int v = q[64 * p + 32 * s + l];
                    if (s == 0) out[b].qs[32 * p + l] = static_cast<uint8_t>(v & 0x0f);
                    else out[b].qs[32 * p + l] |= static_cast<uint8_t>((v & 0x0f) << 4);
                    out[b].qh[l] |= static_cast<uint8_t>((v >> 4) << (2 * p + s));
                }
    }
}

// ---- q6_K ----------------------------------------------------------------
// Element e = 128*h + 32*k + l (k 0..3): low nibble from ql[64*h + l + 32*(k&1)]
// (nibble k/2), top 2 bits from qh[32*h + l] at bit 2*k; q = 6-bit - 32,
// scale scales[e / 16].

void dequantize_q6_k(const void* src, float* dst, int64_t n) {
    const auto* in = static_cast<const BlockQ6K*>(src);
    for (int64_t b = 0; b < n / QK_K; ++b, dst += QK_K) {
        float d = h2f(in[b].d);
        for (int e = 0; e < QK_K; ++e) {
            int h = e / 128, k = (e % 128) / 32, l = e % 32;
            int low = (in[b].ql[64 * h + l + 32 * (k & 1)] >> (4 * (k >> 1))) & 0x0f;
            int high = (in[b].qh[32 * h + l] >> (2 * k)) & 3;
            int q = (low | (high << 4)) - 32;
            dst[e] = d * static_cast<float>(in[b].scales[e / 16]) * static_cast<float>(q);
        }
    }
}

void quantize_q6_k(const float* src, void* dst, int64_t n) {
    auto* out = static_cast<BlockQ6K*>(dst);
    for (int64_t b = 0; b < n / QK_K; ++b) {
        int q[QK_K], sc[16];
        quantize_sym(src + b * QK_K, 16, 32, 127, q, sc, out[b].d);
        for (int j = 0; j < 16; ++j) out[b].scales[j] = static_cast<int8_t>(sc[j]);
        std::memset(out[b].ql, 0, sizeof out[b].ql);
        std::memset(out[b].qh, 0, sizeof out[b].qh);
        for (int e = 0; e < QK_K; ++e) {
            int h = e / 128, k = (e % 128) / 32, l = e % 32;
            int u = q[e] + 32;  // 0..63
            out[b].ql[64 * h + l + 32 * (k & 1)] |= static_cast<uint8_t>((u & 0x0f) << (4 * (k >> 1)));
            out[b].qh[32 * h + l] |= static_cast<uint8_t>((u >> 4) << (2 * k));
        }
    }
}

// ---- q8_K ----------------------------------------------------------------
// f32 scale, 256 int8 values, and the sums of each 16 values (for dot products).

void dequantize_q8_k(const void* src, float* dst, int64_t n) {
    const auto* in = static_cast<const BlockQ8K*>(src);
    for (int64_t b = 0; b < n / QK_K; ++b, dst += QK_K) {
        float d;
        std::memcpy(&d, &in[b].d, 4);
        for (int e = 0; e < QK_K; ++e) dst[e] = d * static_cast<float>(in[b].qs[e]);
    }
}

void quantize_q8_k(const float* src, void* dst, int64_t n) {
    auto* out = static_cast<BlockQ8K*>(dst);
    for (int64_t b = 0; b < n / QK_K; ++b) {
        const float* x = src + b * QK_K;
        float amax = 0.0f;
        for (int e = 0; e < QK_K; ++e) amax = std::max(amax, std::fabs(x[e]));
        float d = amax / 127.0f;
        float id = d != 0.0f ? 1.0f / d : 0.0f;
        std::memcpy(&out[b].d, &d, 4);
        for (int j = 0; j < 16; ++j) {
            int sum = 0;
            for (int l = 0; l < 16; ++l) {
                int v = clamp_round(x[16 * j + l] * id, -127, 127);
                out[b].qs[16 * j + l] = static_cast<int8_t>(v);
                sum += v;
            }
            out[b].bsums[j] = static_cast<int16_t>(sum);
        }
    }
}

}  // namespace os1::engine::quants

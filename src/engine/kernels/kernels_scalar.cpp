// Scalar twins of the SIMD kernels: the same integer arithmetic (unsigned
// weight lanes times int8 activations, offset corrected per block) in plain
// loops, so the SIMD versions can be tested against them on random data.
#include <cmath>
#include <cstring>

#include "engine/kernels/layout.h"
#include "engine/gguf/tensor_types.h"

namespace os1::engine::kernels {

namespace {

inline float h2f(uint16_t h) { return fp16_to_fp32(h); }
inline float round_f16(float x) { return fp16_to_fp32(fp32_to_fp16(x)); }

// --- activation quantization (round half to even, like cvtps2dq) ---

// Scalar and AVX2 use plain block order (G = 2).
constexpr int Q8_GROUP = 2;

void quantize_q8(const float* x, int64_t n, int offset, uint8_t* out) {
    const ActQ8Layout L(n, Q8_GROUP);
    auto* qs = reinterpret_cast<int8_t*>(out + L.qs_off);
    auto* xs = reinterpret_cast<float*>(out + L.xs_off);
    auto* negoff = reinterpret_cast<int32_t*>(out + L.negoff_off);
    for (int64_t b = 0; b < L.n_groups * L.group; b++) {
        float d = 0.0f, amax = 0.0f;
        int32_t sum = 0;
        if (b < L.n_blocks) {
            const float* xb = x + b * 32;
            for (int j = 0; j < 32; j++) amax = std::fmax(amax, std::fabs(xb[j]));
            // ggml keeps the block scale in f16 (the quants from the unrounded one).
            d = fp16_to_fp32(fp32_to_fp16(amax / 127.0f));
            float id = amax != 0.0f ? 127.0f / amax : 0.0f;
            for (int j = 0; j < 32; j++) {
                int q = static_cast<int>(std::nearbyint(xb[j] * id));
                qs[L.index(b, j)] = static_cast<int8_t>(q);
                sum += q;
            }
        } else {
            for (int j = 0; j < 32; j++) qs[L.index(b, j)] = 0;
        }
        for (int j = 0; j < L.lanes; j++) {
            xs[L.lane(b) + j] = d;
            negoff[L.lane(b) + j] = j == 0 ? q8_block_lane(offset, sum, amax, round_f16) : 0;
        }
    }
}

void quantize_q8k(const float* x, int64_t n, uint8_t* out) {
    ActQ8KLayout L(n);
    auto* qs = reinterpret_cast<int8_t*>(out + L.qs_off);
    auto* ds = reinterpret_cast<float*>(out + L.d_off);
    auto* b16 = reinterpret_cast<int16_t*>(out + L.bsum16_off);
    auto* b32 = reinterpret_cast<int16_t*>(out + L.bsum32_off);
    for (int64_t s = 0; s < L.n_sb; s++) {
        const float* xb = x + s * 256;
        float amax = 0.0f;
        for (int j = 0; j < 256; j++) amax = std::fmax(amax, std::fabs(xb[j]));
        float d = amax / 127.0f;
        float id = d != 0.0f ? 127.0f / amax : 0.0f;
        ds[s] = d;
        for (int g = 0; g < 16; g++) {
            int sum = 0;
            for (int j = 0; j < 16; j++) {
                int q = static_cast<int>(std::nearbyint(xb[g * 16 + j] * id));
                qs[s * 256 + g * 16 + j] = static_cast<int8_t>(q);
                sum += q;
            }
            b16[s * 16 + g] = static_cast<int16_t>(sum);
        }
        for (int g = 0; g < 8; g++) b32[s * 8 + g] = static_cast<int16_t>(b16[s * 16 + 2 * g] + b16[s * 16 + 2 * g + 1]);
    }
}

// --- 32-element blocks: u = unsigned weight lane, o = its offset ---

template <typename Decode>
void dot_q32(const uint8_t* w, int64_t n, const uint8_t* act, size_t as, int nt, float* out, int64_t os,
             size_t block_bytes, Decode decode) {
    const ActQ8Layout L(n, Q8_GROUP);
    for (int t = 0; t < nt; t++) {
        const uint8_t* a = act + t * as;
        auto* qs = reinterpret_cast<const int8_t*>(a + L.qs_off);
        auto* xs = reinterpret_cast<const float*>(a + L.xs_off);
        auto* negoff = reinterpret_cast<const int32_t*>(a + L.negoff_off);
        float acc = 0.0f;
        uint8_t u[32];
        for (int64_t b = 0; b < L.n_blocks; b++) {
            const uint8_t* blk = w + b * block_bytes;
            float dw = decode(blk, u);
            int32_t s = negoff[L.lane(b)];  // -offset * sum(x): u - offset = q
            for (int j = 0; j < 32; j++) s += u[j] * qs[L.index(b, j)];
            acc += dw * xs[L.lane(b)] * static_cast<float>(s);
        }
        out[t * os] = acc;
    }
}

void dot_q4_0(const uint8_t* w, int64_t n, const uint8_t* act, size_t as, int nt, float* out, int64_t os) {
    dot_q32(w, n, act, as, nt, out, os, sizeof(BlockQ4_0), [](const uint8_t* p, uint8_t* u) {
        auto* b = reinterpret_cast<const BlockQ4_0*>(p);
        for (int j = 0; j < 16; j++) {
            u[j] = b->qs[j] & 0xF;
            u[j + 16] = b->qs[j] >> 4;
        }
        return h2f(b->d);
    });
}

void dot_q5_0(const uint8_t* w, int64_t n, const uint8_t* act, size_t as, int nt, float* out, int64_t os) {
    dot_q32(w, n, act, as, nt, out, os, sizeof(BlockQ5_0), [](const uint8_t* p, uint8_t* u) {
        auto* b = reinterpret_cast<const BlockQ5_0*>(p);
        uint32_t qh;
        std::memcpy(&qh, b->qh, 4);
        for (int j = 0; j < 16; j++) {
            u[j] = static_cast<uint8_t>((b->qs[j] & 0xF) | (((qh >> j) & 1) << 4));
            u[j + 16] = static_cast<uint8_t>((b->qs[j] >> 4) | (((qh >> (j + 16)) & 1) << 4));
        }
        return h2f(b->d);
    });
}

// q5_1: x = d * u + m (u = 0..31): per block the integer sum(u * q) scaled
// by d * dx, and the min's share m * s (the ActQ8 negoff lane of offset -1
// holds ggml's q8_1 s = f16(dx * sum(q)) as float bits) in a sum of its own
// added at the end, as ggml's q5_1 x q8_1 dot adds them.
void dot_q5_1(const uint8_t* w, int64_t n, const uint8_t* act, size_t as, int nt, float* out, int64_t os) {
    const ActQ8Layout L(n, Q8_GROUP);
    auto* blocks = reinterpret_cast<const BlockQ5_1*>(w);
    for (int t = 0; t < nt; t++) {
        const uint8_t* a = act + t * as;
        auto* qs = reinterpret_cast<const int8_t*>(a + L.qs_off);
        auto* xs = reinterpret_cast<const float*>(a + L.xs_off);
        auto* sums = reinterpret_cast<const float*>(a + L.negoff_off);  // s in the block's first lane
        float acc = 0.0f, macc = 0.0f;
        for (int64_t b = 0; b < L.n_blocks; b++) {
            const BlockQ5_1& blk = blocks[b];
            uint32_t qh;
            std::memcpy(&qh, blk.qh, 4);
            int32_t s = 0;
            for (int j = 0; j < 16; j++) {
                const int u0 = (blk.qs[j] & 0xF) | (((qh >> j) & 1) << 4);
                const int u1 = (blk.qs[j] >> 4) | (((qh >> (j + 16)) & 1) << 4);
                s += u0 * qs[L.index(b, j)] + u1 * qs[L.index(b, j + 16)];
            }
            const float dx = xs[L.lane(b)];
            acc += h2f(blk.d) * dx * static_cast<float>(s);
            macc += h2f(blk.m) * sums[L.lane(b)];
        }
        out[t * os] = acc + macc;
    }
}

void dot_q8_0(const uint8_t* w, int64_t n, const uint8_t* act, size_t as, int nt, float* out, int64_t os) {
    dot_q32(w, n, act, as, nt, out, os, sizeof(BlockQ8_0), [](const uint8_t* p, uint8_t* u) {
        auto* b = reinterpret_cast<const BlockQ8_0*>(p);
        for (int j = 0; j < 32; j++) u[j] = static_cast<uint8_t>(b->qs[j] + 128);
        return h2f(b->d);
    });
}

// --- K-quants with ActQ8K ---

void dot_q4_k(const uint8_t* w, int64_t n, const uint8_t* act, size_t as, int nt, float* out, int64_t os) {
    ActQ8KLayout L(n);
    auto* blocks = reinterpret_cast<const BlockQ4_K*>(w);
    for (int t = 0; t < nt; t++) {
        const uint8_t* a = act + t * as;
        auto* qs = reinterpret_cast<const int8_t*>(a + L.qs_off);
        auto* ds = reinterpret_cast<const float*>(a + L.d_off);
        auto* b32 = reinterpret_cast<const int16_t*>(a + L.bsum32_off);
        float acc = 0.0f, macc = 0.0f;
        for (int64_t s = 0; s < L.n_sb; s++) {
            const BlockQ4_K& b = blocks[s];
            const int8_t* x = qs + s * 256;
            int32_t isum = 0, msum = 0;
            for (int j = 0; j < 4; j++) {
                uint8_t sc_lo, m_lo, sc_hi, m_hi;
                q4k_scale_min(2 * j, b.scales, sc_lo, m_lo);
                q4k_scale_min(2 * j + 1, b.scales, sc_hi, m_hi);
                int32_t s_lo = 0, s_hi = 0;
                for (int l = 0; l < 32; l++) {
                    s_lo += (b.qs[32 * j + l] & 0xF) * x[64 * j + l];
                    s_hi += (b.qs[32 * j + l] >> 4) * x[64 * j + 32 + l];
                }
                isum += sc_lo * s_lo + sc_hi * s_hi;
                msum += m_lo * b32[s * 8 + 2 * j] + m_hi * b32[s * 8 + 2 * j + 1];
            }
            acc += h2f(b.d) * ds[s] * static_cast<float>(isum);
            macc += h2f(b.dmin) * ds[s] * static_cast<float>(msum);
        }
        out[t * os] = acc - macc;
    }
}

void dot_q6_k(const uint8_t* w, int64_t n, const uint8_t* act, size_t as, int nt, float* out, int64_t os) {
    ActQ8KLayout L(n);
    auto* blocks = reinterpret_cast<const BlockQ6_K*>(w);
    for (int t = 0; t < nt; t++) {
        const uint8_t* a = act + t * as;
        auto* qs = reinterpret_cast<const int8_t*>(a + L.qs_off);
        auto* ds = reinterpret_cast<const float*>(a + L.d_off);
        auto* b16 = reinterpret_cast<const int16_t*>(a + L.bsum16_off);
        float acc = 0.0f;
        for (int64_t s = 0; s < L.n_sb; s++) {
            const BlockQ6_K& b = blocks[s];
            const int8_t* x = qs + s * 256;
            int32_t sub[16] = {};
            for (int c = 0; c < 2; c++) {
                const uint8_t* ql = b.ql + 64 * c;
                const uint8_t* qh = b.qh + 32 * c;
                for (int l = 0; l < 32; l++) {
                    int u0 = (ql[l] & 0xF) | (((qh[l] >> 0) & 3) << 4);
                    int u1 = (ql[l + 32] & 0xF) | (((qh[l] >> 2) & 3) << 4);
                    int u2 = (ql[l] >> 4) | (((qh[l] >> 4) & 3) << 4);
                    int u3 = (ql[l + 32] >> 4) | (((qh[l] >> 6) & 3) << 4);
                    int e = 128 * c + l;
                    sub[e / 16] += u0 * x[e];
                    sub[(e + 32) / 16] += u1 * x[e + 32];
                    sub[(e + 64) / 16] += u2 * x[e + 64];
                    sub[(e + 96) / 16] += u3 * x[e + 96];
                }
            }
            int32_t isum = 0;
            for (int g = 0; g < 16; g++) isum += b.scales[g] * (sub[g] - 32 * b16[s * 16 + g]);
            acc += h2f(b.d) * ds[s] * static_cast<float>(isum);
        }
        out[t * os] = acc;
    }
}

// --- float weights ---

template <typename Load>
void dot_float(const uint8_t* w, int64_t n, const uint8_t* act, size_t as, int nt, float* out, int64_t os, Load load) {
    for (int t = 0; t < nt; t++) {
        auto* x = reinterpret_cast<const float*>(act + t * as);
        float acc = 0.0f;
        for (int64_t i = 0; i < n; i++) acc += load(w, i) * x[i];
        out[t * os] = acc;
    }
}

// f32 weights sum as ggml's f32 vector dot on AVX-512 (llama.cpp's
// reference logits, one token at a time): four 16-lane FMA accumulators
// over blocks of 64, reduced 0+2, 1+3, then the two, then tree-added
// (8+8, 4+4, (0+2)+(1+3)); then the remaining n % 64 products added one by
// one in order, as the compiler (GCC, AVX-512) builds ggml's leftover loop:
// vectorized 16 then 8 at a time, so each product is rounded before its
// addition, and the last (n % 64) % 8 fused into it (stories260K, n_ff 172:
// 40 rounded, 4 fused; its logits then equal llama.cpp's bit for bit).
// kernels_avx512.cpp's dot_f32_ggml_nt returns the same bits.
void dot_f32(const uint8_t* w, int64_t n, const uint8_t* act, size_t as, int nt, float* out, int64_t os) {
    const auto wf = [w](int64_t i) {
        float v;
        std::memcpy(&v, w + 4 * i, 4);
        return v;
    };
    const int64_t np = n & ~int64_t{63};
    for (int t = 0; t < nt; t++) {
        auto* x = reinterpret_cast<const float*>(act + t * as);
        float acc[4][16] = {};
        for (int64_t i = 0; i < np; i += 64)
            for (int j = 0; j < 4; j++)
                for (int l = 0; l < 16; l++) acc[j][l] = std::fma(wf(i + 16 * j + l), x[i + 16 * j + l], acc[j][l]);
        float a[16], b[8], c[4];
        for (int l = 0; l < 16; l++) a[l] = (acc[0][l] + acc[2][l]) + (acc[1][l] + acc[3][l]);
        for (int l = 0; l < 8; l++) b[l] = a[l] + a[l + 8];
        for (int l = 0; l < 4; l++) c[l] = b[l] + b[l + 4];
        float sum = (c[0] + c[2]) + (c[1] + c[3]);
        const int64_t nr = np + ((n - np) & ~int64_t{7});  // products rounded before the sum
        int64_t i = np;
        for (; i < nr; i++) {
            volatile float prod = wf(i) * x[i];  // rounded, never fused into the sum
            sum += prod;
        }
        for (; i < n; i++) sum = std::fma(wf(i), x[i], sum);
        out[t * os] = sum;
    }
}
void dot_f16(const uint8_t* w, int64_t n, const uint8_t* act, size_t as, int nt, float* out, int64_t os) {
    dot_float(w, n, act, as, nt, out, os, [](const uint8_t* p, int64_t i) {
        uint16_t h;
        std::memcpy(&h, p + 2 * i, 2);
        return fp16_to_fp32(h);
    });
}
void dot_bf16(const uint8_t* w, int64_t n, const uint8_t* act, size_t as, int nt, float* out, int64_t os) {
    dot_float(w, n, act, as, nt, out, os, [](const uint8_t* p, int64_t i) {
        uint16_t h;
        std::memcpy(&h, p + 2 * i, 2);
        return bf16_to_fp32(h);
    });
}

KernelTable make_table() {
    KernelTable t;
    t.dot[static_cast<int>(Kind::Q4_0)] = dot_q4_0;
    t.dot[static_cast<int>(Kind::Q5_0)] = dot_q5_0;
    t.dot[static_cast<int>(Kind::Q5_1)] = dot_q5_1;
    t.dot[static_cast<int>(Kind::Q8_0)] = dot_q8_0;
    t.dot[static_cast<int>(Kind::Q4_K)] = dot_q4_k;
    t.dot[static_cast<int>(Kind::Q6_K)] = dot_q6_k;
    t.dot[static_cast<int>(Kind::F32)] = dot_f32;
    t.dot[static_cast<int>(Kind::F16)] = dot_f16;
    t.dot[static_cast<int>(Kind::BF16)] = dot_bf16;
    t.quantize_q8 = quantize_q8;
    t.quantize_q8k = quantize_q8k;
    t.q8_group = Q8_GROUP;
    scalar_add_panels(t);
    scalar_add_panels_k(t);
    return t;
}

}  // namespace

const KernelTable& scalar_table() {
    static const KernelTable table = make_table();
    return table;
}

}  // namespace os1::engine::kernels

// AVX-512 (F/BW/VL + VNNI) kernels for the k-quants q4_K and q6_K, and
// their activation quantizer (ActQ8K). Compiled with AVX-512 flags (by file
// name); only reached through avx512_table(), after cpu_features() reports
// avx512f/bw/vl + vnni.
//
// The AVX-512 ActQ8K row keeps ActQ8KLayout's regions (prepare() and
// compute() run under one ISA) with its own contents: each super-block's
// qs transposed, byte 64r + 4l + b = element 16l + 4r + b, and bsum16
// holding minus the 16-element sums. Four chained vpdpbusd (weights as
// unsigned bytes, activations signed) then leave in 32-bit lane l the sum
// over 16-element sub-block l: one convert + scale + FMA per super-block
// and token, half the multiply work of vpmaddubsw + vpmaddwd. The weights
// are decoded once per row and super-block into that order; q6_K's offset
// 32 starts each lane at -32 * sum(x), q4_K's mins go with the 32-element
// sums (one FMA per pair of super-blocks, into the same accumulator). The
// integer sums per sub-block are exactly kernels_scalar.cpp's; the float
// arithmetic is d * scale * dx per lane, and per (row, token) it is the
// same for every tile width and row pairing.
// GCC 12 flags its own _mm512_undefined_*() helpers as uninitialized.
#pragma GCC diagnostic ignored "-Wuninitialized"
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#include <immintrin.h>

#include <algorithm>
#include <cstddef>
#include <cstring>
#include <type_traits>
#include <vector>

#include "engine/kernels/avx512_util.h"
#include "engine/kernels/layout.h"
#include "engine/kernels/tile_dispatch.h"

namespace os1::engine::kernels {

namespace {

void quantize_q8k(const float* x, int64_t n, uint8_t* out) {
    ActQ8KLayout L(n);
    auto* qs = out + L.qs_off;
    auto* ds = reinterpret_cast<float*>(out + L.d_off);
    auto* nb16 = reinterpret_cast<int16_t*>(out + L.bsum16_off);  // minus the 16-element sums
    auto* b32 = reinterpret_cast<int16_t*>(out + L.bsum32_off);
    for (int64_t s = 0; s < L.n_sb; s++) {
        const float* xb = x + s * 256;
        __m512 m = _mm512_setzero_ps();
        for (int j = 0; j < 256; j += 16) m = _mm512_max_ps(m, _mm512_abs_ps(_mm512_loadu_ps(xb + j)));
        float amax = _mm512_reduce_max_ps(m);
        float d = amax / 127.0f;
        float id = d != 0.0f ? 127.0f / amax : 0.0f;
        ds[s] = d;
        __m512 vid = _mm512_set1_ps(id);
        alignas(64) uint32_t plain[64];  // dword 4l + r: elements 16l + 4r .. + 3
        int32_t sums[16];
        for (int g = 0; g < 16; g++) {
            __m512i q = _mm512_cvtps_epi32(_mm512_mul_ps(_mm512_loadu_ps(xb + g * 16), vid));
            _mm_store_si128(reinterpret_cast<__m128i*>(plain + 4 * g), _mm512_cvtepi32_epi8(q));
            sums[g] = _mm512_reduce_add_epi32(q);
        }
        for (int r = 0; r < 4; r++)
            for (int l = 0; l < 16; l++) std::memcpy(qs + s * 256 + 64 * r + 4 * l, plain + 4 * l + r, 4);
        for (int g = 0; g < 16; g++) nb16[s * 16 + g] = static_cast<int16_t>(-sums[g]);
        for (int g = 0; g < 8; g++) b32[s * 8 + g] = static_cast<int16_t>(sums[2 * g] + sums[2 * g + 1]);
    }
}

// The four activation registers of super-block s times the decoded
// weights, started at `init`: lane l = sum over sub-block l (exact).
OS1_INLINE __m512i sb_dot(const uint8_t* x, const __m512i* w, __m512i init) {
    __m512i isum = _mm512_dpbusd_epi32(init, w[0], _mm512_loadu_si512(x));
    isum = _mm512_dpbusd_epi32(isum, w[1], _mm512_loadu_si512(x + 64));
    isum = _mm512_dpbusd_epi32(isum, w[2], _mm512_loadu_si512(x + 128));
    return _mm512_dpbusd_epi32(isum, w[3], _mm512_loadu_si512(x + 192));
}

// --- q4_K: 8 sub-blocks of 32 (lanes 2j, 2j + 1), 6-bit scales and mins ---

// The 8 scales (low half) and 8 mins (high half) of a q4_K super-block as
// bytes: the 12-byte packing of q4k_scale_min() undone 4 bytes at a time.
inline void q4k_unpack(const uint8_t* s, uint64_t& sc, uint64_t& mn) {
    uint32_t w0, w1, w2;
    std::memcpy(&w0, s, 4);
    std::memcpy(&w1, s + 4, 4);
    std::memcpy(&w2, s + 8, 4);
    const uint32_t m6 = 0x3F3F3F3F, m4 = 0x0F0F0F0F, m2 = 0x03030303;
    const uint32_t sc_hi = (w2 & m4) | (((w0 >> 6) & m2) << 4);
    const uint32_t mn_hi = ((w2 >> 4) & m4) | (((w1 >> 6) & m2) << 4);
    sc = (w0 & m6) | static_cast<uint64_t>(sc_hi) << 32;
    mn = (w1 & m6) | static_cast<uint64_t>(mn_hi) << 32;
}

// One decoded q4_K super-block: weights (0..15) in activation order, d
// times the lanes' scales, the 8 mins as bytes and dmin.
struct SbQ4K {
    __m512i w[4];
    __m512 dsc;  // d * scale per lane
    uint64_t mn;
    float dmin;
};

// Lane l of register r = bytes of dword 8 (l / 4) + 4 (l % 2) + r of qs,
// low nibbles for sub-blocks 0, 2, 4, 6 (lanes l with l / 2 even), high
// nibbles for the others.
OS1_INLINE void decode_q4k(const BlockQ4_K& b, SbQ4K& o) {
    const __m512i a = _mm512_loadu_si512(b.qs), c = _mm512_loadu_si512(b.qs + 64);
    const __m512i base = _mm512_setr_epi32(0, 4, 0, 4, 8, 12, 8, 12, 16, 20, 16, 20, 24, 28, 24, 28);
    const __m512i nib = _mm512_set1_epi8(0x0F);
    for (int r = 0; r < 4; r++) {
        __m512i p = _mm512_permutex2var_epi32(a, _mm512_add_epi32(base, _mm512_set1_epi32(r)), c);
        o.w[r] = _mm512_and_si512(_mm512_mask_srli_epi32(p, 0xCCCC, p, 4), nib);
    }
    uint64_t sc;
    q4k_unpack(b.scales, sc, o.mn);
    const __m512i sc32 = _mm512_permutexvar_epi32(_mm512_setr_epi32(0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7),
                                                  _mm512_cvtepu8_epi32(_mm_cvtsi64_si128(static_cast<long long>(sc))));
    o.dsc = _mm512_mul_ps(_mm512_set1_ps(h2f(b.d)), _mm512_cvtepi32_ps(sc32));
    o.dmin = h2f(b.dmin);
}

// Per (row, token) and super-block: acc += float(isum) * (d * sc * dx) in
// 16 lanes. The mins go in per pair of super-blocks (q4k_mins_*).
OS1_INLINE void step_q4k(const SbQ4K& w, const uint8_t* a, const ActQ8KLayout& L, int64_t s, __m512& acc) {
    const float dx = reinterpret_cast<const float*>(a + L.d_off)[s];
    const __m512i isum = sb_dot(a + L.qs_off + s * 256, w.w, _mm512_setzero_si512());
    acc = _mm512_fmadd_ps(_mm512_cvtepi32_ps(isum), _mm512_mul_ps(w.dsc, _mm512_set1_ps(dx)), acc);
}

// The mins of super-blocks 2p and 2p + 1 go in as one FMA per (row, token)
// after the pair's steps: acc += (-dmin * m) * (float(sum32) * dx), lane
// 8h + j for sub-block j of super-block 2p + h. Row side (exact products):
OS1_INLINE __m512 q4k_mins_row(uint64_t mn0, float dmin0, uint64_t mn1, float dmin1) {
    const __m512 m = _mm512_cvtepi32_ps(
        _mm512_cvtepu8_epi32(_mm_set_epi64x(static_cast<long long>(mn1), static_cast<long long>(mn0))));
    return _mm512_mul_ps(m, _mm512_insertf32x8(_mm512_set1_ps(-dmin0), _mm256_set1_ps(-dmin1), 1));
}
// Token side: the 32-element sums times dx; zeros past a row's last
// super-block (an odd count leaves lanes 8..15 of the last pair empty).
OS1_INLINE __m512 q4k_mins_token(const uint8_t* a, const ActQ8KLayout& L, int64_t p) {
    const int64_t s = 2 * p;
    const bool two = s + 1 < L.n_sb;
    const __m256i b = _mm256_maskz_loadu_epi16(two ? 0xFFFF : 0x00FF, reinterpret_cast<const int16_t*>(a + L.bsum32_off) + 8 * s);
    const float* d = reinterpret_cast<const float*>(a + L.d_off) + s;
    const __m512 dx = _mm512_insertf32x8(_mm512_set1_ps(d[0]), _mm256_set1_ps(two ? d[1] : 0.0f), 1);
    return _mm512_mul_ps(_mm512_cvtepi32_ps(_mm512_cvtepi16_epi32(b)), dx);
}

// R adjacent rows (R = 1 or 2: a token's activation loads serve both),
// super-blocks in pairs: the two steps, then the pair's mins. For one
// token (generation) the weights stream from memory: prefetch ahead so the
// page-bounded hardware prefetcher is not the limit.
template <int R, int NT>
void dot_q4_k_nt(const uint8_t* const* w, int64_t n, const uint8_t* act, size_t as, float* out, int64_t os) {
    const ActQ8KLayout L(n);
    __m512 acc[R][NT];
    for (int r = 0; r < R; r++)
        for (int t = 0; t < NT; t++) acc[r][t] = _mm512_setzero_ps();
    for (int64_t s0 = 0; s0 < L.n_sb; s0 += 2) {
        uint64_t mn[R][2] = {};
        float dmin[R][2] = {};
        const int halves = s0 + 1 < L.n_sb ? 2 : 1;
        for (int h = 0; h < halves; h++) {
            const int64_t s = s0 + h;
            SbQ4K sb[R];
            for (int r = 0; r < R; r++) {
                const uint8_t* p = w[r] + s * sizeof(BlockQ4_K);
                if (NT == 1)
                    for (size_t l = 0; l < sizeof(BlockQ4_K); l += 64) prefetch_l2(p + PREFETCH_BYTES + l);
                decode_q4k(*reinterpret_cast<const BlockQ4_K*>(p), sb[r]);
                mn[r][h] = sb[r].mn;
                dmin[r][h] = sb[r].dmin;
            }
#pragma GCC unroll 8
            for (int t = 0; t < NT; t++)
#pragma GCC unroll 2
                for (int r = 0; r < R; r++) step_q4k(sb[r], act + t * as, L, s, acc[r][t]);
        }
        __m512 gm[R];
        for (int r = 0; r < R; r++) gm[r] = q4k_mins_row(mn[r][0], dmin[r][0], mn[r][1], dmin[r][1]);
#pragma GCC unroll 8
        for (int t = 0; t < NT; t++) {
            const __m512 xm = q4k_mins_token(act + t * as, L, s0 / 2);
#pragma GCC unroll 2
            for (int r = 0; r < R; r++) acc[r][t] = _mm512_fmadd_ps(gm[r], xm, acc[r][t]);
        }
    }
    for (int t = 0; t < NT; t++)
        for (int r = 0; r < R; r++) out[t * os + r] = _mm512_reduce_add_ps(acc[r][t]);
}

// --- q6_K: 16 sub-blocks of 16 (lane l), int8 scales, 6-bit values offset 32 ---

struct SbQ6K {
    __m512i w[4];
    __m512 dsc;  // d * scale per lane
};

// Element 16l + 4r + b (c = l / 8, p = l % 8 / 2, h = l % 2): low 4 bits
// from ql dword 16c + 8 (p % 2) + 4h + r (high nibbles when p >= 2), bits
// 4-5 from bits 2p of qh dword 8c + 4h + r. Weights u = q + 32 (0..63).
OS1_INLINE void decode_q6k(const BlockQ6_K& b, SbQ6K& o) {
    const __m512i qa = _mm512_loadu_si512(b.ql), qb = _mm512_loadu_si512(b.ql + 64);
    const __m512i qh = _mm512_loadu_si512(b.qh);
    const __m512i lbase = _mm512_setr_epi32(0, 4, 8, 12, 0, 4, 8, 12, 16, 20, 24, 28, 16, 20, 24, 28);
    const __m512i hbase = _mm512_setr_epi32(0, 4, 0, 4, 0, 4, 0, 4, 8, 12, 8, 12, 8, 12, 8, 12);
    const __m512i rot = _mm512_setr_epi32(4, 4, 2, 2, 0, 0, 30, 30, 4, 4, 2, 2, 0, 0, 30, 30);
    const __m512i nib = _mm512_set1_epi8(0x0F), m30 = _mm512_set1_epi8(0x30);
    for (int r = 0; r < 4; r++) {
        const __m512i vr = _mm512_set1_epi32(r);
        __m512i lo = _mm512_permutex2var_epi32(qa, _mm512_add_epi32(lbase, vr), qb);
        lo = _mm512_and_si512(_mm512_mask_srli_epi32(lo, 0xF0F0, lo, 4), nib);
        const __m512i hi = _mm512_rolv_epi32(_mm512_permutexvar_epi32(_mm512_add_epi32(hbase, vr), qh), rot);
        o.w[r] = _mm512_ternarylogic_epi32(lo, hi, m30, 0xF8);  // lo | (hi & m30)
    }
    o.dsc = _mm512_mul_ps(_mm512_set1_ps(h2f(b.d)),
                          _mm512_cvtepi32_ps(_mm512_cvtepi8_epi32(_mm_loadu_si128(reinterpret_cast<const __m128i*>(b.scales)))));
}

// isum starts at -32 * (sum of the sub-block's activations).
OS1_INLINE __m512i q6k_init(const uint8_t* a, const ActQ8KLayout& L, int64_t s) {
    return _mm512_slli_epi32(
        _mm512_cvtepi16_epi32(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(a + L.bsum16_off) + s)), 5);
}

OS1_INLINE void step_q6k(const SbQ6K& w, const uint8_t* a, const ActQ8KLayout& L, int64_t s, __m512& acc) {
    const float dx = reinterpret_cast<const float*>(a + L.d_off)[s];
    const __m512i isum = sb_dot(a + L.qs_off + s * 256, w.w, q6k_init(a, L, s));
    acc = _mm512_fmadd_ps(_mm512_cvtepi32_ps(isum), _mm512_mul_ps(w.dsc, _mm512_set1_ps(dx)), acc);
}

template <int R, int NT>
void dot_q6_k_nt(const uint8_t* const* w, int64_t n, const uint8_t* act, size_t as, float* out, int64_t os) {
    const ActQ8KLayout L(n);
    __m512 acc[R][NT];
    for (int r = 0; r < R; r++)
        for (int t = 0; t < NT; t++) acc[r][t] = _mm512_setzero_ps();
    for (int64_t s = 0; s < L.n_sb; s++) {
        SbQ6K sb[R];
        for (int r = 0; r < R; r++) {
            const uint8_t* p = w[r] + s * sizeof(BlockQ6_K);
            if (NT == 1)
                for (size_t l = 0; l < sizeof(BlockQ6_K); l += 64) prefetch_l2(p + PREFETCH_BYTES + l);
            decode_q6k(*reinterpret_cast<const BlockQ6_K*>(p), sb[r]);
        }
#pragma GCC unroll 8
        for (int t = 0; t < NT; t++)
#pragma GCC unroll 2
            for (int r = 0; r < R; r++) step_q6k(sb[r], act + t * as, L, s, acc[r][t]);
    }
    for (int t = 0; t < NT; t++)
        for (int r = 0; r < R; r++) out[t * os + r] = _mm512_reduce_add_ps(acc[r][t]);
}

// --- prompt-shaped calls (n_tokens > 1): each row decoded once per token block ---
//
// Rows are decoded PROMPT_ROWS at a time into a buffer (per super-block the
// 4 weight registers and the d * scale lanes; for q4_K the row side of the
// mins per pair after them), q4_K's token side of the mins is computed once
// per token block, and every tile of up to PROMPT_TILE tokens of an
// L2-sized token block runs over them, two rows at a time, activations in
// registers. The steps are the ones above in the same order, so every (row,
// token) gets the bits dot_q4_k_nt / dot_q6_k_nt give it; the horizontal
// sums go 16 accumulators at a time through reduce16, the same addition
// tree as _mm512_reduce_add_ps.
constexpr size_t DEC_SB = 320;
constexpr int64_t PROMPT_ROWS = 16;
constexpr int PROMPT_TILE = 8;
// 512 KiB of activations per token block (of the 1 MiB L2): +1-8% over
// 256 KiB single-threaded (fewer decodes per row for long rows).
constexpr size_t PROMPT_ACT_BYTES = 512 * 1024;

struct DecRow {
    int64_t n_pairs;
    size_t mins_off, bytes;
    explicit DecRow(int64_t n_sb) {
        n_pairs = (n_sb + 1) / 2;
        mins_off = static_cast<size_t>(n_sb) * DEC_SB;
        bytes = mins_off + static_cast<size_t>(n_pairs) * 64;
    }
};

template <bool Q4>
void decode_row_k(const uint8_t* w, int64_t n_sb, const DecRow& D, uint8_t* d) {
    constexpr size_t BYTES = Q4 ? sizeof(BlockQ4_K) : sizeof(BlockQ6_K);
    uint64_t mn[2] = {};
    float dmin[2] = {};
    for (int64_t s = 0; s < n_sb; s++) {
        uint8_t* o = d + s * DEC_SB;
        const uint8_t* p = w + s * BYTES;
        // The rows come from memory once per call: fetch ahead, as the
        // one-token kernels do (the hardware prefetcher stops at pages).
        for (size_t l = 0; l < BYTES; l += 64) prefetch_l2(p + PREFETCH_BYTES + l);
        if constexpr (Q4) {
            SbQ4K sb;
            decode_q4k(*reinterpret_cast<const BlockQ4_K*>(p), sb);
            for (int k = 0; k < 4; k++) _mm512_store_si512(o + 64 * k, sb.w[k]);
            _mm512_store_ps(o + 256, sb.dsc);
            mn[s % 2] = sb.mn;
            dmin[s % 2] = sb.dmin;
            if (s % 2 == 1 || s + 1 == n_sb) {
                if (s % 2 == 0) mn[1] = 0, dmin[1] = 0.0f;
                _mm512_store_ps(d + D.mins_off + 64 * (s / 2), q4k_mins_row(mn[0], dmin[0], mn[1], dmin[1]));
            }
        } else {
            SbQ6K sb;
            decode_q6k(*reinterpret_cast<const BlockQ6_K*>(p), sb);
            for (int k = 0; k < 4; k++) _mm512_store_si512(o + 64 * k, sb.w[k]);
            _mm512_store_ps(o + 256, sb.dsc);
        }
    }
}

// R decoded rows (d[r]) times NT tokens; out[t * os + r]. xm: q4_K's token
// side of the mins, token t's pair p at xm + t * xs + 64 p.
template <bool Q4, int R, int NT>
void prompt_tile_k(const uint8_t* const* d, const DecRow& D, const ActQ8KLayout& L, const uint8_t* act, size_t as,
                   const uint8_t* xm, size_t xs, float* out, int64_t os) {
    __m512 acc[R][NT];
#pragma GCC unroll 8
    for (int r = 0; r < R; r++)
#pragma GCC unroll 8
        for (int t = 0; t < NT; t++) acc[r][t] = _mm512_setzero_ps();
    for (int64_t s = 0; s < L.n_sb; s++) {
        __m512i w[R][4];
        __m512 dsc[R];
#pragma GCC unroll 2
        for (int r = 0; r < R; r++) {
            const uint8_t* p = d[r] + s * DEC_SB;
#pragma GCC unroll 4
            for (int k = 0; k < 4; k++) w[r][k] = _mm512_load_si512(p + 64 * k);
            dsc[r] = _mm512_load_ps(p + 256);
        }
#pragma GCC unroll 8
        for (int t = 0; t < NT; t++) {
            const uint8_t* a = act + t * as;
            const uint8_t* q = a + L.qs_off + s * 256;
            __m512i x0 = _mm512_loadu_si512(q), x1 = _mm512_loadu_si512(q + 64);
            __m512i x2 = _mm512_loadu_si512(q + 128), x3 = _mm512_loadu_si512(q + 192);
            // In registers, shared by the rows (folded into each row's
            // vpdpbusd, the loads would limit).
            if (R > 1) asm("" : "+v"(x0), "+v"(x1), "+v"(x2), "+v"(x3));
            const __m512 dx = _mm512_set1_ps(reinterpret_cast<const float*>(a + L.d_off)[s]);
            __m512i init;
            if constexpr (Q4) init = _mm512_setzero_si512();
            else init = q6k_init(a, L, s);
#pragma GCC unroll 2
            for (int r = 0; r < R; r++) {
                __m512i isum = _mm512_dpbusd_epi32(init, w[r][0], x0);
                isum = _mm512_dpbusd_epi32(isum, w[r][1], x1);
                isum = _mm512_dpbusd_epi32(isum, w[r][2], x2);
                isum = _mm512_dpbusd_epi32(isum, w[r][3], x3);
                acc[r][t] = _mm512_fmadd_ps(_mm512_cvtepi32_ps(isum), _mm512_mul_ps(dsc[r], dx), acc[r][t]);
            }
        }
        if constexpr (Q4) {
            if (s % 2 == 1 || s + 1 == L.n_sb) {
                const int64_t p = s / 2;
                __m512 gm[R];
#pragma GCC unroll 2
                for (int r = 0; r < R; r++) gm[r] = _mm512_load_ps(d[r] + D.mins_off + 64 * p);
#pragma GCC unroll 8
                for (int t = 0; t < NT; t++) {
                    const __m512 x = _mm512_load_ps(xm + t * xs + 64 * p);
#pragma GCC unroll 2
                    for (int r = 0; r < R; r++) acc[r][t] = _mm512_fmadd_ps(gm[r], x, acc[r][t]);
                }
            }
        }
    }
    static_assert(R * NT <= 16, "one reduce16");
    __m512 v[16];
#pragma GCC unroll 8
    for (int t = 0; t < NT; t++)
#pragma GCC unroll 2
        for (int r = 0; r < R; r++) v[t * R + r] = acc[r][t];
    for (int m = R * NT; m < 16; m++) v[m] = _mm512_setzero_ps();
    alignas(64) float res[16];
    reduce16(v, res);
#pragma GCC unroll 8
    for (int t = 0; t < NT; t++)
#pragma GCC unroll 2
        for (int r = 0; r < R; r++) out[t * os + r] = res[t * R + r];
}

template <bool Q4, int R>
void prompt_tile_nt(int nt, const uint8_t* const* d, const DecRow& D, const ActQ8KLayout& L, const uint8_t* act,
                    size_t as, const uint8_t* xm, size_t xs, float* out, int64_t os) {
    switch (nt) {
        case 1: prompt_tile_k<Q4, R, 1>(d, D, L, act, as, xm, xs, out, os); break;
        case 2: prompt_tile_k<Q4, R, 2>(d, D, L, act, as, xm, xs, out, os); break;
        case 3: prompt_tile_k<Q4, R, 3>(d, D, L, act, as, xm, xs, out, os); break;
        case 4: prompt_tile_k<Q4, R, 4>(d, D, L, act, as, xm, xs, out, os); break;
        case 5: prompt_tile_k<Q4, R, 5>(d, D, L, act, as, xm, xs, out, os); break;
        case 6: prompt_tile_k<Q4, R, 6>(d, D, L, act, as, xm, xs, out, os); break;
        case 7: prompt_tile_k<Q4, R, 7>(d, D, L, act, as, xm, xs, out, os); break;
        default: prompt_tile_k<Q4, R, 8>(d, D, L, act, as, xm, xs, out, os); break;
    }
}
static_assert(PROMPT_TILE <= 8, "prompt_tile_nt covers tiles of up to 8 tokens");

// Rows [r0, r1) times n_tokens tokens: token blocks of about 512 KiB of
// activations stay in L2; per block, PROMPT_ROWS rows are decoded and each
// tile of up to PROMPT_TILE tokens runs over them, two rows at a time.
template <bool Q4>
void prompt_k(const uint8_t* w, size_t row_bytes, int64_t n, const uint8_t* act, size_t as, int64_t n_tokens, float* y,
              int64_t ys, int64_t r0, int64_t r1) {
    const ActQ8KLayout L(n);
    const DecRow D(L.n_sb);
    const int64_t token_block =
        std::max<int64_t>(PROMPT_TILE, static_cast<int64_t>(PROMPT_ACT_BYTES / as) / PROMPT_TILE * PROMPT_TILE);
    const size_t xs = Q4 ? static_cast<size_t>(D.n_pairs) * 64 : 0;  // q4_K's token side of the mins
    uint8_t* dec = thread_scratch(PROMPT_ROWS * D.bytes + static_cast<size_t>(token_block) * xs);
    uint8_t* xm = dec + PROMPT_ROWS * D.bytes;
    for (int64_t t0 = 0; t0 < n_tokens; t0 += token_block) {
        const int64_t t1 = std::min(n_tokens, t0 + token_block);
        if constexpr (Q4)
            for (int64_t t = t0; t < t1; t++)
                for (int64_t p = 0; p < D.n_pairs; p++)
                    _mm512_store_ps(xm + (t - t0) * xs + 64 * p, q4k_mins_token(act + t * as, L, p));
        for (int64_t rb = r0; rb < r1; rb += PROMPT_ROWS) {
            const int64_t re = std::min(r1, rb + PROMPT_ROWS);
            for (int64_t r = rb; r < re; r++) decode_row_k<Q4>(w + r * row_bytes, L.n_sb, D, dec + (r - rb) * D.bytes);
            for (int64_t t = t0; t < t1;) {
                // A last tile of one token would waste the row pair: one
                // more than a tile goes as two halves.
                const int64_t left = t1 - t;
                const int nt = static_cast<int>(left <= PROMPT_TILE ? left : left == PROMPT_TILE + 1 ? left / 2 : PROMPT_TILE);
                const uint8_t* xt = xm + (t - t0) * xs;
                int64_t r = rb;
                for (; r + 1 < re; r += 2) {
                    const uint8_t* d[2] = {dec + (r - rb) * D.bytes, dec + (r + 1 - rb) * D.bytes};
                    prompt_tile_nt<Q4, 2>(nt, d, D, L, act + t * as, as, xt, xs, y + t * ys + r, ys);
                }
                if (r < re) {
                    const uint8_t* d[1] = {dec + (r - rb) * D.bytes};
                    prompt_tile_nt<Q4, 1>(nt, d, D, L, act + t * as, as, xt, xs, y + t * ys + r, ys);
                }
                t += nt;
            }
        }
    }
}

template <template <int, int> class F>
struct KQ {
    template <int NT>
    struct K {
        static void run(const uint8_t* w, int64_t n, const uint8_t* a, size_t as, float* o, int64_t os) {
            F<1, NT>::call(&w, n, a, as, o, os);
        }
        static void run2(const uint8_t* w0, const uint8_t* w1, int64_t n, const uint8_t* a, size_t as, float* o,
                         int64_t os) {
            const uint8_t* w[2] = {w0, w1};
            F<2, NT>::call(w, n, a, as, o, os);
        }
    };
};
template <int R, int NT> struct Q4KF { static void call(const uint8_t* const* w, int64_t n, const uint8_t* a, size_t as, float* o, int64_t os) { dot_q4_k_nt<R, NT>(w, n, a, as, o, os); } };
template <int R, int NT> struct Q6KF { static void call(const uint8_t* const* w, int64_t n, const uint8_t* a, size_t as, float* o, int64_t os) { dot_q6_k_nt<R, NT>(w, n, a, as, o, os); } };


}  // namespace

void avx512_add_kquants(KernelTable& t) {
    t.dot[static_cast<int>(Kind::Q4_K)] = by_nt<KQ<Q4KF>::K>;
    t.dot[static_cast<int>(Kind::Q6_K)] = by_nt<KQ<Q6KF>::K>;
    t.dot2[static_cast<int>(Kind::Q4_K)] = by_nt2<KQ<Q4KF>::K>;
    t.dot2[static_cast<int>(Kind::Q6_K)] = by_nt2<KQ<Q6KF>::K>;
    t.prompt[static_cast<int>(Kind::Q4_K)] = prompt_k<true>;
    t.prompt[static_cast<int>(Kind::Q6_K)] = prompt_k<false>;
    t.quantize_q8k = quantize_q8k;
}

}  // namespace os1::engine::kernels

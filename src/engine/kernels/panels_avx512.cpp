// AVX-512 VNNI kernels for q8_0 panels (layout.h): each 64-byte load of a
// panel holds 4 columns of 16 rows as unsigned bytes, and one vpdpbusd with
// a token's 4 activation bytes broadcast adds them into 16 int32 lanes, one
// per row. A tile of P panels x NT tokens keeps P x NT integer sums (reset
// per block, started at the block's offset correction) and P x NT float
// accumulators in registers; per block and (panel, token) there are 8
// vpdpbusd and one convert + scale + FMA, and no horizontal sum.
// Measured (Zen 4, one core, kernel alone, kernels_bench): 4 x 3 tiles
// ~175 GMAC/s where the row-layout prompt kernel (kernels_avx512.cpp) does
// ~100-115 in the same run; a bare vpdpbusd loop peaks at ~233.
// Same arithmetic per (row, token) as the scalar twin in panels.cpp.
#pragma GCC diagnostic ignored "-Wuninitialized"
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#include <immintrin.h>

#include <algorithm>
#include <cstddef>
#include <cstring>

#include "engine/kernels/avx512_util.h"
#include "engine/gguf/tensor_types.h"
#include "engine/kernels/layout.h"

namespace os1::engine::kernels {

namespace {

OS1_INLINE int32_t load_i32(const int8_t* p) {
    int32_t v;
    std::memcpy(&v, p, 4);
    return v;
}

// How far generation prefetches ahead in a panel stream. Measured (Qwen
// 0.5B Q8_0 tg, 1 thread, alternating runs): 2 KiB 51.3 / 45.1 t/s, none
// 50.9 / 44.5, 8 KiB (the row kernels' distance) 41.1 / 32.6, 32 KiB
// 39.7 / 27.8; the row layout 41.9 / 39.6 in the same rounds.
constexpr size_t GEN_PREFETCH = 2048;

// P panels (w[p]: the panel, nb blocks) times NT tokens.
template <int P, int NT>
void panel_tile(const uint8_t* const* w, int64_t nb, const ActQ8PLayout& L, const uint8_t* act, size_t as, float* y,
                int64_t ys, bool prefetch) {
    const int8_t* qs[NT];
    const int32_t* negoff[NT];
    const float* xs[NT];
    for (int t = 0; t < NT; t++) {
        qs[t] = reinterpret_cast<const int8_t*>(act + t * as + L.qs_off);
        negoff[t] = reinterpret_cast<const int32_t*>(act + t * as + L.negoff_off);
        xs[t] = reinterpret_cast<const float*>(act + t * as + L.xs_off);
    }
    __m512 acc[P][NT];
    _Pragma("GCC unroll 16") for (int p = 0; p < P; p++)
        _Pragma("GCC unroll 16") for (int t = 0; t < NT; t++) acc[p][t] = _mm512_setzero_ps();
    for (int64_t b = 0; b < nb; b++) {
        __m512i dp[P][NT];
        _Pragma("GCC unroll 16") for (int t = 0; t < NT; t++) {
            const __m512i start = _mm512_set1_epi32(negoff[t][b]);
            _Pragma("GCC unroll 16") for (int p = 0; p < P; p++) dp[p][t] = start;
        }
        const size_t uo = panel_u(b), so = panel_scales(b, nb);
        // The panel is one stream: 8.5 lines per block on average (a pair's
        // scales line after its second block).
        if (prefetch)
            _Pragma("GCC unroll 16") for (int p = 0; p < P; p++) {
                for (int l = 0; l < 512; l += 64) prefetch_l2(w[p] + uo + GEN_PREFETCH + l);
                if (b & 1) prefetch_l2(w[p] + uo + 512 + GEN_PREFETCH);
            }
        _Pragma("GCC unroll 8") for (int k = 0; k < 8; k++) {
            __m512i u[P];
            _Pragma("GCC unroll 16") for (int p = 0; p < P; p++) u[p] = _mm512_loadu_si512(w[p] + uo + 64 * k);
            _Pragma("GCC unroll 16") for (int t = 0; t < NT; t++) {
                const __m512i x = _mm512_set1_epi32(load_i32(qs[t] + 32 * b + 4 * k));
                _Pragma("GCC unroll 16") for (int p = 0; p < P; p++) dp[p][t] = _mm512_dpbusd_epi32(dp[p][t], u[p], x);
            }
        }
        __m512 ws[P];
        _Pragma("GCC unroll 16") for (int p = 0; p < P; p++)
            ws[p] = _mm512_cvtph_ps(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(w[p] + so)));
        _Pragma("GCC unroll 16") for (int t = 0; t < NT; t++) {
            const __m512 x = _mm512_set1_ps(xs[t][b]);
            _Pragma("GCC unroll 16") for (int p = 0; p < P; p++)
                acc[p][t] = _mm512_fmadd_ps(_mm512_cvtepi32_ps(dp[p][t]), _mm512_mul_ps(ws[p], x), acc[p][t]);
        }
    }
    _Pragma("GCC unroll 16") for (int t = 0; t < NT; t++)
        _Pragma("GCC unroll 16") for (int p = 0; p < P; p++) _mm512_storeu_ps(y + t * ys + PANEL_ROWS * p, acc[p][t]);
}

template <int P>
void panel_tile_nt(int nt, const uint8_t* const* w, int64_t nb, const ActQ8PLayout& L, const uint8_t* act, size_t as,
                   float* y, int64_t ys) {
    switch (nt) {
        case 1: panel_tile<P, 1>(w, nb, L, act, as, y, ys, false); break;
        case 2: panel_tile<P, 2>(w, nb, L, act, as, y, ys, false); break;
        default: panel_tile<P, 3>(w, nb, L, act, as, y, ys, false); break;
    }
}

// 4 x 3 (12 integer sums + 12 float accumulators + 4 weight registers)
// measured 4% above 3 x 4 and 8% above 2 x 6 (kernels_bench, Zen 4).
constexpr int TILE_PANELS = 4;
constexpr int TILE_TOKENS = 3;
// Panels per block: the block's weights (up to ~256 KiB) stay in L2 while
// every token tile passes over them.
constexpr size_t BLOCK_BYTES = size_t{256} << 10;

void panel_q8_0(const uint8_t* w, int64_t n, const uint8_t* act, size_t as, int64_t n_tokens, float* y, int64_t ys,
                int64_t r0, int64_t r1) {
    const ActQ8PLayout L(n);
    const int64_t nb = L.n_blocks;
    const size_t panel_bytes = static_cast<size_t>(nb) * PANEL_BLOCK_BYTES;
    const int64_t p0 = r0 / PANEL_ROWS, p1 = r1 / PANEL_ROWS;
    if (n_tokens == 1) {
        // Generation: one panel after the other, a linear stream (prefetched).
        for (int64_t p = p0; p < p1; p++) {
            const uint8_t* wp[1] = {w + p * panel_bytes};
            panel_tile<1, 1>(wp, nb, L, act, as, y + p * PANEL_ROWS, ys, true);
        }
        return;
    }
    const int64_t block = std::max<int64_t>(TILE_PANELS, static_cast<int64_t>(BLOCK_BYTES / panel_bytes) / TILE_PANELS * TILE_PANELS);
    for (int64_t pb = p0; pb < p1; pb += block) {
        const int64_t pe = std::min(p1, pb + block);
        for (int64_t t = 0; t < n_tokens; t += TILE_TOKENS) {
            const int nt = static_cast<int>(std::min<int64_t>(TILE_TOKENS, n_tokens - t));
            for (int64_t p = pb; p < pe; p += TILE_PANELS) {
                const int np = static_cast<int>(std::min<int64_t>(TILE_PANELS, pe - p));
                const uint8_t* wp[TILE_PANELS];
                for (int i = 0; i < np; i++) wp[i] = w + (p + i) * panel_bytes;
                float* yt = y + t * ys + p * PANEL_ROWS;
                const uint8_t* at = act + t * as;
                if (np == 4) panel_tile_nt<4>(nt, wp, nb, L, at, as, yt, ys);
                else if (np == 3) panel_tile_nt<3>(nt, wp, nb, L, at, as, yt, ys);
                else if (np == 2) panel_tile_nt<2>(nt, wp, nb, L, at, as, yt, ys);
                else panel_tile_nt<1>(nt, wp, nb, L, at, as, yt, ys);
            }
        }
    }
}

// Bit for bit the scalar twin's quantize_q8p (panels.cpp).
void quantize_q8p(const float* x, int64_t n, uint8_t* out) {
    const ActQ8PLayout L(n);
    auto* qs = reinterpret_cast<int8_t*>(out + L.qs_off);
    auto* negoff = reinterpret_cast<int32_t*>(out + L.negoff_off);
    auto* xs = reinterpret_cast<float*>(out + L.xs_off);
    auto* s = reinterpret_cast<float*>(out + L.s_off);
    for (int64_t b = 0; b < L.n_blocks; b++) {
        const __m512 v0 = _mm512_loadu_ps(x + b * 32), v1 = _mm512_loadu_ps(x + b * 32 + 16);
        const float amax = _mm512_reduce_max_ps(_mm512_max_ps(_mm512_abs_ps(v0), _mm512_abs_ps(v1)));
        const float d = fp16_to_fp32(fp32_to_fp16(amax / 127.0f));  // f16 scale, as ggml's q8_0
        const float id = amax != 0.0f ? 127.0f / amax : 0.0f;
        const __m512 vid = _mm512_set1_ps(id);
        const __m512i q0 = _mm512_cvtps_epi32(_mm512_mul_ps(v0, vid));
        const __m512i q1 = _mm512_cvtps_epi32(_mm512_mul_ps(v1, vid));
        _mm_storeu_si128(reinterpret_cast<__m128i*>(qs + b * 32), _mm512_cvtepi32_epi8(q0));
        _mm_storeu_si128(reinterpret_cast<__m128i*>(qs + b * 32 + 16), _mm512_cvtepi32_epi8(q1));
        const int32_t sum = _mm512_reduce_add_epi32(_mm512_add_epi32(q0, q1));
        negoff[b] = -128 * sum;
        xs[b] = d;
        s[b] = fp16_to_fp32(fp32_to_fp16(static_cast<float>(sum) * (amax / 127.0f)));  // q8_1's s
    }
}

}  // namespace

void avx512_add_panels(KernelTable& t) {
    t.panel_q8_0 = panel_q8_0;
    t.quantize_q8p = quantize_q8p;
}

}  // namespace os1::engine::kernels

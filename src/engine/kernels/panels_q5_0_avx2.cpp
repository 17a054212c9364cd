// AVX2/FMA kernels for q5_0 panels (layout.h), for CPUs without AVX-512
// (Qwen2.5's q4_k_m files store most matrices whose width is no multiple
// of 256 as q5_0). Each 32-byte load is one 4-byte qs word of 8 rows (half
// a panel): its low nibbles are elements 4k + j, its high nibbles 16 + 4k
// + j, and the regrouped fifth bits (hb) of those 8 rows give both bits of
// step k with one shift each. vpmaddubsw multiplies u (0..31) by the
// token's int8 bytes into int16 pairs (|pair| <= 2 * 31 * 127 = 7874), the
// four steps of each nibble half add up exactly in int16, vpmaddwd with
// ones widens them into the row's int32 lane, and the offset comes in as
// ActQ8P's -128 * sum(q) / 8. The float steps per (row, token) are the
// scalar twin's (panels_q5_0.cpp), so these kernels give its bits.
// Generation streams one panel at a time with an L2 prefetch ahead;
// prompts run half a panel x 3 tokens over blocks of panels kept in L2.
// q5_1 panels (Q51): no offset, and the min term fma(s_b, m_b, acc) after
// each block's (its m at M_OFF), as the scalar twin.
// Compiled with -mavx2 -mfma -mf16c (by file name).
#pragma GCC diagnostic ignored "-Wuninitialized"
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#include <immintrin.h>

#include <algorithm>
#include <cstddef>
#include <cstring>

#include "engine/kernels/avx2_util.h"
#include "engine/kernels/layout.h"
#include "engine/kernels/panel_driver.h"

namespace os1::engine::kernels {

namespace {

constexpr size_t QS_OFF = 0, HB_OFF = 256, D_OFF = 320, M_OFF = 352;
constexpr size_t GEN_PREFETCH = 2048;

inline __m256i bcast32(const int8_t* p) { return _mm256_set1_epi32(load_i32(p)); }

// Halves h0 .. h0 + H - 1 of one panel (8 rows each) times NT tokens.
template <bool Q51, int H, int NT>
void tile(const uint8_t* panel, int h0, int64_t nb, const ActQ8PLayout& L, const uint8_t* act, size_t as, float* y,
          int64_t ys, bool prefetch) {
    constexpr size_t BLOCK = Q51 ? Q5_1_PANEL_BLOCK_BYTES : Q5_0_PANEL_BLOCK_BYTES;
    const int8_t* qs[NT];
    const int32_t* neg[NT];
    const float* xs[NT];
    const float* sq[NT];
    for (int t = 0; t < NT; t++) {
        qs[t] = reinterpret_cast<const int8_t*>(act + t * as + L.qs_off);
        neg[t] = reinterpret_cast<const int32_t*>(act + t * as + L.negoff_off);
        xs[t] = reinterpret_cast<const float*>(act + t * as + L.xs_off);
        sq[t] = reinterpret_cast<const float*>(act + t * as + L.s_off);
    }
    const __m256i m0f = _mm256_set1_epi8(0xF), m10 = _mm256_set1_epi8(0x10), ones = _mm256_set1_epi16(1);
    __m256 acc[H][NT];
    _Pragma("GCC unroll 4") for (int h = 0; h < H; h++)
        _Pragma("GCC unroll 4") for (int t = 0; t < NT; t++) acc[h][t] = _mm256_setzero_ps();
    for (int64_t b = 0; b < nb; b++) {
        const uint8_t* blk = panel + b * BLOCK;
        if (prefetch)
            for (int l = 0; l < 6; l++) prefetch_l2(blk + GEN_PREFETCH + 64 * l);
        __m256i lo_sum[H][NT], hi_sum[H][NT], hb[H];
        _Pragma("GCC unroll 4") for (int h = 0; h < H; h++) {
            hb[h] = load256(blk + HB_OFF + 32 * (h0 + h));
            _Pragma("GCC unroll 4") for (int t = 0; t < NT; t++) lo_sum[h][t] = hi_sum[h][t] = _mm256_setzero_si256();
        }
        _Pragma("GCC unroll 4") for (int k = 0; k < 4; k++)
            _Pragma("GCC unroll 4") for (int h = 0; h < H; h++) {
                const __m256i v = load256(blk + QS_OFF + 64 * k + 32 * (h0 + h));
                const __m256i lo = _mm256_or_si256(_mm256_and_si256(v, m0f),
                                                   _mm256_and_si256(_mm256_sll_epi16(hb[h], _mm_cvtsi32_si128(4 - k)), m10));
                const __m256i hi = _mm256_or_si256(_mm256_and_si256(_mm256_srli_epi16(v, 4), m0f),
                                                   _mm256_and_si256(_mm256_srl_epi16(hb[h], _mm_cvtsi32_si128(k)), m10));
                _Pragma("GCC unroll 4") for (int t = 0; t < NT; t++) {
                    const int8_t* x = qs[t] + 32 * b + 4 * k;
                    lo_sum[h][t] = _mm256_add_epi16(lo_sum[h][t], _mm256_maddubs_epi16(lo, bcast32(x)));
                    hi_sum[h][t] = _mm256_add_epi16(hi_sum[h][t], _mm256_maddubs_epi16(hi, bcast32(x + 16)));
                }
            }
        _Pragma("GCC unroll 4") for (int h = 0; h < H; h++) {
            const __m256 d = _mm256_cvtph_ps(_mm_loadu_si128(reinterpret_cast<const __m128i*>(blk + D_OFF + 16 * (h0 + h))));
            __m256 m;
            if constexpr (Q51) m = _mm256_cvtph_ps(_mm_loadu_si128(reinterpret_cast<const __m128i*>(blk + M_OFF + 16 * (h0 + h))));
            _Pragma("GCC unroll 4") for (int t = 0; t < NT; t++) {
                __m256i isum = _mm256_add_epi32(_mm256_madd_epi16(lo_sum[h][t], ones), _mm256_madd_epi16(hi_sum[h][t], ones));
                if constexpr (!Q51) isum = _mm256_add_epi32(isum, _mm256_set1_epi32(neg[t][b] >> 3));  // -16 * sum(q)
                acc[h][t] = _mm256_fmadd_ps(_mm256_cvtepi32_ps(isum), _mm256_mul_ps(d, _mm256_set1_ps(xs[t][b])), acc[h][t]);
                if constexpr (Q51) acc[h][t] = _mm256_fmadd_ps(_mm256_set1_ps(sq[t][b]), m, acc[h][t]);
            }
        }
    }
    _Pragma("GCC unroll 4") for (int t = 0; t < NT; t++)
        _Pragma("GCC unroll 4") for (int h = 0; h < H; h++) _mm256_storeu_ps(y + t * ys + 8 * (h0 + h), acc[h][t]);
}

// Prompt tiles: half a panel x TILE_TOKENS tokens (6 int16 sums, 3 float
// accumulators, the decoded bytes: within the 16 ymm registers).
constexpr int TILE_TOKENS = 3;
constexpr size_t BLOCK_BYTES = size_t{256} << 10;

template <bool Q51>
void panel_q5(const uint8_t* w, int64_t n, const uint8_t* act, size_t as, int64_t n_tokens, float* y, int64_t ys,
              int64_t r0, int64_t r1) {
    const ActQ8PLayout L(n);
    const int64_t nb = L.n_blocks;
    const size_t panel_bytes = static_cast<size_t>(nb) * (Q51 ? Q5_1_PANEL_BLOCK_BYTES : Q5_0_PANEL_BLOCK_BYTES);
    const int64_t p0 = r0 / PANEL_ROWS, p1 = r1 / PANEL_ROWS;
    if (n_tokens == 1) {  // generation: one linear stream of panels
        for (int64_t p = p0; p < p1; p++) tile<Q51, 2, 1>(w + p * panel_bytes, 0, nb, L, act, as, y + p * PANEL_ROWS, ys, true);
        return;
    }
    const int64_t block = std::max<int64_t>(1, static_cast<int64_t>(BLOCK_BYTES / panel_bytes));
    for (int64_t pb = p0; pb < p1; pb += block) {
        const int64_t pe = std::min(p1, pb + block);
        for (int64_t t = 0; t < n_tokens; t += TILE_TOKENS) {
            const int nt = static_cast<int>(std::min<int64_t>(TILE_TOKENS, n_tokens - t));
            for (int64_t p = pb; p < pe; p++)
                for (int h = 0; h < 2; h++)
                    by_tokens<TILE_TOKENS>(nt, [&]<int NT>() {
                        tile<Q51, 1, NT>(w + p * panel_bytes, h, nb, L, act + t * as, as, y + t * ys + p * PANEL_ROWS, ys, false);
                    });
        }
    }
}

}  // namespace

void avx2_add_panels_q5_0(KernelTable& t) {
    t.panel_q5_0 = panel_q5<false>;
    t.panel_q5_1 = panel_q5<true>;
}

}  // namespace os1::engine::kernels

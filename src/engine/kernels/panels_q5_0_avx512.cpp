// AVX-512 VNNI kernels for q5_0 panels (layout.h; scalar twin and packing
// in panels_q5_0.cpp, AVX2 kernels in panels_q5_0_avx2.cpp). Each 64-byte
// load is one 4-byte qs word of all 16 rows: its low nibbles are elements
// 4k + j, its high nibbles 16 + 4k + j, and the regrouped fifth bits (hb)
// give both halves' bits of step k with one shift each. One vpdpbusd with
// a token's 4 activation bytes broadcast then adds 4 products into each
// row's int32 lane (u <= 31, exact), the sum starting at ActQ8P's
// -128 * sum(q) / 8 = -16 * sum(q). Per (row, token) and block
//   acc = fma(float(isum_b), d_b * xs_b, acc)
// as the scalar twin, so these kernels give its bits.
// Generation (one token) streams the panels with an L2 prefetch ahead,
// splitting the nibbles in registers. Prompts decode a block of panels
// (~256 KiB, kept in L2) once per call into a thread scratch in q8_0's
// panel order (8 steps of 64 bytes: steps 0..3 the low halves, 4..7 the
// high ones, then the 16 scales as floats) and run tiles of 4 panels x 3
// tokens over it, as the q8_0 panels do (panels_avx512.cpp).
// q5_1 panels (Q51): no offset, the 16 m after the d, and after each
// block's FMA the min term fma(s_b, m_b, acc) (s_b: ActQ8P's q8_1 s), as
// the scalar twin; decoded blocks carry m as floats after d.
#pragma GCC diagnostic ignored "-Wuninitialized"
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#include <immintrin.h>

#include <algorithm>
#include <cstddef>
#include <cstring>

#include "engine/kernels/avx512_util.h"
#include "engine/kernels/layout.h"
#include "engine/kernels/panel_driver.h"

namespace os1::engine::kernels {

namespace {

constexpr size_t QS_OFF = 0, HB_OFF = 256, D_OFF = 320, M_OFF = 352;
template <bool Q51> constexpr size_t BLOCK = Q51 ? Q5_1_PANEL_BLOCK_BYTES : Q5_0_PANEL_BLOCK_BYTES;
// How far generation prefetches ahead in the panel stream (as the q8_0 and
// AVX2 q5_0 panels: the hardware prefetcher follows a linear stream).
constexpr size_t GEN_PREFETCH = 2048;
// A decoded block of one panel: u (8 x 64 bytes), d (16 floats) and for
// q5_1 m (16 floats).
template <bool Q51> constexpr size_t DEC_BLOCK = Q51 ? 512 + 128 : 512 + 64;

OS1_INLINE __m512 load_f16x16(const uint8_t* p) {
    return _mm512_cvtph_ps(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(p)));
}

OS1_INLINE int32_t load_i32(const int8_t* p) {
    int32_t v;
    std::memcpy(&v, p, 4);
    return v;
}

// Step k (0..3) of a packed block: the low (elements 4k + j) and high
// (16 + 4k + j) halves as unsigned 5-bit bytes of the 16 rows.
OS1_INLINE void split_step(const uint8_t* blk, __m512i hb, int k, __m512i& lo, __m512i& hi) {
    const __m512i m0f = _mm512_set1_epi8(0x0F), m10 = _mm512_set1_epi8(0x10);
    const __m512i v = _mm512_loadu_si512(blk + QS_OFF + 64 * k);
    // Bit k of byte j to bit 4 (low half), bit 4 + k (high half) stays:
    // 16-bit shifts of at most 4 never carry a neighbour byte's bit to bit 4.
    lo = _mm512_or_si512(_mm512_and_si512(v, m0f), _mm512_and_si512(_mm512_sll_epi16(hb, _mm_cvtsi32_si128(4 - k)), m10));
    hi = _mm512_or_si512(_mm512_and_si512(_mm512_srli_epi16(v, 4), m0f),
                         _mm512_and_si512(_mm512_srl_epi16(hb, _mm_cvtsi32_si128(k)), m10));
}

// The ActQ8P rows of NT tokens.
template <int NT>
struct Acts {
    const int8_t* qs[NT];
    const int32_t* neg[NT];
    const float* xs[NT];
    const float* s[NT];
    Acts(const ActQ8PLayout& L, const uint8_t* act, size_t as) {
        for (int t = 0; t < NT; t++) {
            qs[t] = reinterpret_cast<const int8_t*>(act + t * as + L.qs_off);
            neg[t] = reinterpret_cast<const int32_t*>(act + t * as + L.negoff_off);
            xs[t] = reinterpret_cast<const float*>(act + t * as + L.xs_off);
            s[t] = reinterpret_cast<const float*>(act + t * as + L.s_off);
        }
    }
    // The integer sum's start: -16 * sum(q) for q5_0 (u = q + 16), 0 for q5_1.
    template <bool Q51>
    OS1_INLINE __m512i start(int t, int64_t b) const {
        return Q51 ? _mm512_setzero_si512() : _mm512_set1_epi32(neg[t][b] >> 3);
    }
};

// One packed panel times NT tokens (generation: NT = 1), split in registers.
template <bool Q51, int NT>
void stream_panel(const uint8_t* panel, int64_t nb, const ActQ8PLayout& L, const uint8_t* act, size_t as, float* y,
                  int64_t ys, bool prefetch) {
    const Acts<NT> a(L, act, as);
    const int8_t* const* qs = a.qs;
    const float* const* xs = a.xs;
    __m512 acc[NT];
    _Pragma("GCC unroll 4") for (int t = 0; t < NT; t++) acc[t] = _mm512_setzero_ps();
    for (int64_t b = 0; b < nb; b++) {
        const uint8_t* blk = panel + b * BLOCK<Q51>;
        if (prefetch)
            for (int l = 0; l < 6; l++) prefetch_l2(blk + GEN_PREFETCH + 64 * l);
        const __m512i hb = _mm512_loadu_si512(blk + HB_OFF);
        __m512i dp[NT];
        _Pragma("GCC unroll 4") for (int t = 0; t < NT; t++) dp[t] = a.template start<Q51>(t, b);
        _Pragma("GCC unroll 4") for (int k = 0; k < 4; k++) {
            __m512i lo, hi;
            split_step(blk, hb, k, lo, hi);
            _Pragma("GCC unroll 4") for (int t = 0; t < NT; t++) {
                const int8_t* x = qs[t] + 32 * b + 4 * k;
                dp[t] = _mm512_dpbusd_epi32(dp[t], lo, _mm512_set1_epi32(load_i32(x)));
                dp[t] = _mm512_dpbusd_epi32(dp[t], hi, _mm512_set1_epi32(load_i32(x + 16)));
            }
        }
        const __m512 d = load_f16x16(blk + D_OFF);
        __m512 m;
        if constexpr (Q51) m = load_f16x16(blk + M_OFF);
        _Pragma("GCC unroll 4") for (int t = 0; t < NT; t++) {
            acc[t] = _mm512_fmadd_ps(_mm512_cvtepi32_ps(dp[t]), _mm512_mul_ps(d, _mm512_set1_ps(xs[t][b])), acc[t]);
            if constexpr (Q51) acc[t] = _mm512_fmadd_ps(_mm512_set1_ps(a.s[t][b]), m, acc[t]);
        }
    }
    _Pragma("GCC unroll 4") for (int t = 0; t < NT; t++) _mm512_storeu_ps(y + t * ys, acc[t]);
}

// A panel's nb blocks into the scratch layout (DEC_BLOCK bytes per block).
template <bool Q51>
void decode_panel(const uint8_t* panel, int64_t nb, uint8_t* dec) {
    for (int64_t b = 0; b < nb; b++) {
        const uint8_t* blk = panel + b * BLOCK<Q51>;
        uint8_t* o = dec + b * DEC_BLOCK<Q51>;
        const __m512i hb = _mm512_loadu_si512(blk + HB_OFF);
        for (int k = 0; k < 4; k++) {
            __m512i lo, hi;
            split_step(blk, hb, k, lo, hi);
            _mm512_store_si512(o + 64 * k, lo);
            _mm512_store_si512(o + 64 * (4 + k), hi);
        }
        _mm512_store_ps(o + 512, load_f16x16(blk + D_OFF));
        if constexpr (Q51) _mm512_store_ps(o + 576, load_f16x16(blk + M_OFF));
    }
}

// P decoded panels (dec[p]) times NT tokens: per block 8 vpdpbusd and one
// convert + scale + FMA per (panel, token), the stream's arithmetic.
template <bool Q51, int P, int NT>
void dec_tile(const uint8_t* const* dec, int64_t nb, const ActQ8PLayout& L, const uint8_t* act, size_t as, float* y,
              int64_t ys) {
    const Acts<NT> a(L, act, as);
    const int8_t* const* qs = a.qs;
    const float* const* xs = a.xs;
    __m512 acc[P][NT];
    _Pragma("GCC unroll 16") for (int p = 0; p < P; p++)
        _Pragma("GCC unroll 16") for (int t = 0; t < NT; t++) acc[p][t] = _mm512_setzero_ps();
    for (int64_t b = 0; b < nb; b++) {
        const size_t bo = static_cast<size_t>(b) * DEC_BLOCK<Q51>;
        __m512i dp[P][NT];
        _Pragma("GCC unroll 16") for (int t = 0; t < NT; t++) {
            const __m512i start = a.template start<Q51>(t, b);
            _Pragma("GCC unroll 16") for (int p = 0; p < P; p++) dp[p][t] = start;
        }
        // Steps in the stream's order (lo k, hi k): integer sums, any order is exact.
        _Pragma("GCC unroll 8") for (int k = 0; k < 8; k++) {
            __m512i u[P];
            _Pragma("GCC unroll 16") for (int p = 0; p < P; p++) u[p] = _mm512_load_si512(dec[p] + bo + 64 * k);
            _Pragma("GCC unroll 16") for (int t = 0; t < NT; t++) {
                const __m512i x = _mm512_set1_epi32(load_i32(qs[t] + 32 * b + 4 * k));
                _Pragma("GCC unroll 16") for (int p = 0; p < P; p++) dp[p][t] = _mm512_dpbusd_epi32(dp[p][t], u[p], x);
            }
        }
        _Pragma("GCC unroll 16") for (int p = 0; p < P; p++) {
            const __m512 d = _mm512_load_ps(dec[p] + bo + 512);
            __m512 m;
            if constexpr (Q51) m = _mm512_load_ps(dec[p] + bo + 576);
            _Pragma("GCC unroll 16") for (int t = 0; t < NT; t++) {
                acc[p][t] = _mm512_fmadd_ps(_mm512_cvtepi32_ps(dp[p][t]), _mm512_mul_ps(d, _mm512_set1_ps(xs[t][b])), acc[p][t]);
                if constexpr (Q51) acc[p][t] = _mm512_fmadd_ps(_mm512_set1_ps(a.s[t][b]), m, acc[p][t]);
            }
        }
    }
    _Pragma("GCC unroll 16") for (int t = 0; t < NT; t++)
        _Pragma("GCC unroll 16") for (int p = 0; p < P; p++) _mm512_storeu_ps(y + t * ys + PANEL_ROWS * p, acc[p][t]);
}

// 4 x 3: 12 integer sums + 12 float accumulators + 4 weight registers (the
// q8_0 panels' measured best tile on Zen 4).
constexpr int TILE_PANELS = 4;
constexpr int TILE_TOKENS = 3;
constexpr size_t BLOCK_BYTES = size_t{256} << 10;

template <bool Q51, int P>
void dec_tile_nt(int nt, const uint8_t* const* dec, int64_t nb, const ActQ8PLayout& L, const uint8_t* act, size_t as,
                 float* y, int64_t ys) {
    by_tokens<TILE_TOKENS>(nt, [&]<int NT>() { dec_tile<Q51, P, NT>(dec, nb, L, act, as, y, ys); });
}

template <bool Q51>
void panel_q5(const uint8_t* w, int64_t n, const uint8_t* act, size_t as, int64_t n_tokens, float* y, int64_t ys,
              int64_t r0, int64_t r1) {
    const ActQ8PLayout L(n);
    const int64_t nb = L.n_blocks;
    const size_t panel_bytes = static_cast<size_t>(nb) * BLOCK<Q51>;
    const size_t dec_bytes = static_cast<size_t>(nb) * DEC_BLOCK<Q51>;
    const int64_t p0 = r0 / PANEL_ROWS, p1 = r1 / PANEL_ROWS;
    if (n_tokens == 1) {  // generation: one linear stream of panels
        for (int64_t p = p0; p < p1; p++)
            stream_panel<Q51, 1>(w + p * panel_bytes, nb, L, act, as, y + p * PANEL_ROWS, ys, true);
        return;
    }
    const int64_t block = std::max<int64_t>(TILE_PANELS, static_cast<int64_t>(BLOCK_BYTES / dec_bytes) / TILE_PANELS * TILE_PANELS);
    uint8_t* dec = thread_scratch(static_cast<size_t>(block) * dec_bytes);
    for (int64_t pb = p0; pb < p1; pb += block) {
        const int64_t pe = std::min(p1, pb + block);
        for (int64_t p = pb; p < pe; p++) decode_panel<Q51>(w + p * panel_bytes, nb, dec + (p - pb) * dec_bytes);
        for (int64_t t = 0; t < n_tokens; t += TILE_TOKENS) {
            const int nt = static_cast<int>(std::min<int64_t>(TILE_TOKENS, n_tokens - t));
            for (int64_t p = pb; p < pe; p += TILE_PANELS) {
                const int np = static_cast<int>(std::min<int64_t>(TILE_PANELS, pe - p));
                const uint8_t* dp[TILE_PANELS];
                for (int i = 0; i < np; i++) dp[i] = dec + (p + i - pb) * dec_bytes;
                float* yt = y + t * ys + p * PANEL_ROWS;
                const uint8_t* at = act + t * as;
                if (np == 4) dec_tile_nt<Q51, 4>(nt, dp, nb, L, at, as, yt, ys);
                else if (np == 3) dec_tile_nt<Q51, 3>(nt, dp, nb, L, at, as, yt, ys);
                else if (np == 2) dec_tile_nt<Q51, 2>(nt, dp, nb, L, at, as, yt, ys);
                else dec_tile_nt<Q51, 1>(nt, dp, nb, L, at, as, yt, ys);
            }
        }
    }
}

}  // namespace

void avx512_add_panels_q5_0(KernelTable& t) {
    t.panel_q5_0 = panel_q5<false>;
    t.panel_q5_1 = panel_q5<true>;
}

}  // namespace os1::engine::kernels

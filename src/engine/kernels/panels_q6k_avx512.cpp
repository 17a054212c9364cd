// AVX-512 VNNI kernels for q6_K panels (layout.h), built like the q4_K
// ones (panels_k_avx512.cpp): prompts decode a block of panels into a
// thread scratch (6-bit values as unsigned bytes, d * sc per row and
// 16-element sub-block) and run 3 panels x 3 tokens tiles over it; each
// sub-block's chain of 4 vpdpbusd starts at the token's -32 * sum(q) (the
// offset), then one convert + FMA into the super-block's partial sum.
// Few tokens (generation): the values are assembled in registers as the
// panel streams past. Same arithmetic per (row, token) as the scalar twin
// in panels_q6k.cpp.
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

constexpr size_t QL_OFF = 0, QH_OFF = 2048, SCALES_OFF = 3072;

// A decoded super-block of one panel (thread scratch):
//   u   64 registers: sub-block g, step k (elements 16g + 4k .. + 3) at 64(4g + k)
//   ws  16 x 16 float: d * sc_g per row, at 4096 + 64g
constexpr size_t DEC_U = 0, DEC_WS = 4096, DEC_SB = 5120;

OS1_INLINE int32_t load_i32(const void* p) {
    int32_t v;
    std::memcpy(&v, p, 4);
    return v;
}

// The 4 value registers of step kk (0..7) of half c: elements
// 128c + 32i + 4kk + j (i = 0..3) of the 16 rows.
OS1_INLINE void values(const uint8_t* sb, int c, int kk, __m512i* u) {
    const __m512i m0f = _mm512_set1_epi8(0xF), m30 = _mm512_set1_epi8(0x30);
    const __m512i a = _mm512_loadu_si512(sb + QL_OFF + 64 * (16 * c + kk));
    const __m512i b = _mm512_loadu_si512(sb + QL_OFF + 64 * (16 * c + 8 + kk));
    const __m512i h = _mm512_loadu_si512(sb + QH_OFF + 64 * (8 * c + kk));
    u[0] = _mm512_or_si512(_mm512_and_si512(a, m0f), _mm512_and_si512(_mm512_slli_epi16(h, 4), m30));
    u[1] = _mm512_or_si512(_mm512_and_si512(b, m0f), _mm512_and_si512(_mm512_slli_epi16(h, 2), m30));
    u[2] = _mm512_or_si512(_mm512_and_si512(_mm512_srli_epi16(a, 4), m0f), _mm512_and_si512(h, m30));
    u[3] = _mm512_or_si512(_mm512_and_si512(_mm512_srli_epi16(b, 4), m0f), _mm512_and_si512(_mm512_srli_epi16(h, 2), m30));
}

// d * sc_g for the 16 rows.
OS1_INLINE __m512 row_scales(const uint8_t* sb, __m512 d, int g) {
    const __m128i sc = _mm_loadu_si128(reinterpret_cast<const __m128i*>(sb + SCALES_OFF + 16 * g));
    return _mm512_mul_ps(_mm512_cvtepi32_ps(_mm512_cvtepi8_epi32(sc)), d);
}

OS1_INLINE __m512 row_d(const uint8_t* d) {
    return _mm512_cvtph_ps(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(d)));
}

void decode_panel(const uint8_t* panel, int64_t n_sb, uint8_t* dec) {
    for (int64_t s = 0; s < n_sb; s++) {
        const uint8_t* sb = panel + q6k_sb(s);
        uint8_t* o = dec + s * DEC_SB;
        for (int c = 0; c < 2; c++)
            for (int kk = 0; kk < 8; kk++) {
                __m512i u[4];
                values(sb, c, kk, u);
                // element 128c + 32i + 4kk: sub-block 8c + 2i + kk / 4, step kk % 4
                for (int i = 0; i < 4; i++)
                    _mm512_store_si512(o + DEC_U + 64 * (4 * (8 * c + 2 * i + kk / 4) + kk % 4), u[i]);
            }
        const __m512 d = row_d(panel + q6k_d(s, n_sb));
        for (int g = 0; g < 16; g++) _mm512_store_ps(o + DEC_WS + 64 * g, row_scales(sb, d, g));
    }
}

template <int P, int NT>
void dec_tile(const uint8_t* const* dec, int64_t n_sb, const ActQ8KPLayout& L, const uint8_t* act, size_t as, float* y,
              int64_t ys) {
    const Tokens<NT> tk(L, act, as);
    __m512 acc[P][NT];
    _Pragma("GCC unroll 16") for (int p = 0; p < P; p++)
        _Pragma("GCC unroll 16") for (int t = 0; t < NT; t++) acc[p][t] = _mm512_setzero_ps();
    for (int64_t s = 0; s < n_sb; s++) {
        const size_t so = static_cast<size_t>(s) * DEC_SB;
        __m512i dp[P][NT];
        __m512 part[P][NT];
        _Pragma("GCC unroll 16") for (int p = 0; p < P; p++)
            _Pragma("GCC unroll 16") for (int t = 0; t < NT; t++) part[p][t] = _mm512_setzero_ps();
        for (int gi = 0; gi < 16; gi++) {
            const int g = Q6K_ORDER[gi];
            _Pragma("GCC unroll 16") for (int t = 0; t < NT; t++) {
                const __m512i start = _mm512_set1_epi32(tk.neg16[t][16 * s + g]);
                _Pragma("GCC unroll 16") for (int p = 0; p < P; p++) dp[p][t] = start;
            }
            _Pragma("GCC unroll 4") for (int k = 0; k < 4; k++) {
                __m512i u[P];
                _Pragma("GCC unroll 16") for (int p = 0; p < P; p++)
                    u[p] = _mm512_load_si512(dec[p] + so + DEC_U + 64 * (4 * g + k));
                _Pragma("GCC unroll 16") for (int t = 0; t < NT; t++) {
                    const __m512i x = _mm512_set1_epi32(load_i32(tk.qs[t] + 256 * s + 16 * g + 4 * k));
                    _Pragma("GCC unroll 16") for (int p = 0; p < P; p++)
                        dp[p][t] = _mm512_dpbusd_epi32(dp[p][t], u[p], x);
                }
            }
            _Pragma("GCC unroll 16") for (int p = 0; p < P; p++) {
                const __m512 ws = _mm512_load_ps(dec[p] + so + DEC_WS + 64 * g);
                _Pragma("GCC unroll 16") for (int t = 0; t < NT; t++)
                    part[p][t] = _mm512_fmadd_ps(_mm512_cvtepi32_ps(dp[p][t]), ws, part[p][t]);
            }
        }
        _Pragma("GCC unroll 16") for (int p = 0; p < P; p++)
            _Pragma("GCC unroll 16") for (int t = 0; t < NT; t++)
                acc[p][t] = _mm512_fmadd_ps(part[p][t], _mm512_set1_ps(tk.dx[t][s]), acc[p][t]);
    }
    _Pragma("GCC unroll 16") for (int t = 0; t < NT; t++)
        _Pragma("GCC unroll 16") for (int p = 0; p < P; p++) _mm512_storeu_ps(y + t * ys + PANEL_ROWS * p, acc[p][t]);
}

template <int P>
void dec_tile_nt(int nt, const uint8_t* const* dec, int64_t n_sb, const ActQ8KPLayout& L, const uint8_t* act, size_t as,
                 float* y, int64_t ys) {
    switch (nt) {
        case 1: dec_tile<P, 1>(dec, n_sb, L, act, as, y, ys); break;
        case 2: dec_tile<P, 2>(dec, n_sb, L, act, as, y, ys); break;
        default: dec_tile<P, 3>(dec, n_sb, L, act, as, y, ys); break;
    }
}

// One packed panel times NT tokens (few tokens); sub-blocks in Q6K_ORDER:
// half c, then kk / 4 = q, then i: sub-block 8c + q + 2i.
template <int NT>
void stream_panel(const uint8_t* panel, int64_t n_sb, const ActQ8KPLayout& L, const uint8_t* act, size_t as, float* y,
                  int64_t ys) {
    const Tokens<NT> tk(L, act, as);
    __m512 acc[NT];
    _Pragma("GCC unroll 16") for (int t = 0; t < NT; t++) acc[t] = _mm512_setzero_ps();
    for (int64_t s = 0; s < n_sb; s++) {
        const uint8_t* sb = panel + q6k_sb(s);
        // The scales and the pair's d line now; ql/qh lines as they are read.
        for (int l = 0; l < 4; l++) prefetch_l2(sb + SCALES_OFF + PREFETCH_BYTES + 64 * l);
        if (s & 1) prefetch_l2(sb + Q6K_SB_DATA + PREFETCH_BYTES);
        const __m512 d = row_d(panel + q6k_d(s, n_sb));
        __m512 part[NT];
        _Pragma("GCC unroll 16") for (int t = 0; t < NT; t++) part[t] = _mm512_setzero_ps();
        for (int c = 0; c < 2; c++)
            _Pragma("GCC unroll 2") for (int q = 0; q < 2; q++) {
                __m512i dp[4][NT];
                _Pragma("GCC unroll 4") for (int i = 0; i < 4; i++)
                    _Pragma("GCC unroll 16") for (int t = 0; t < NT; t++)
                        dp[i][t] = _mm512_set1_epi32(tk.neg16[t][16 * s + 8 * c + q + 2 * i]);
                _Pragma("GCC unroll 4") for (int kk = 4 * q; kk < 4 * q + 4; kk++) {
                    __m512i u[4];
                    prefetch_l2(sb + QL_OFF + 64 * (16 * c + kk) + PREFETCH_BYTES);
                    prefetch_l2(sb + QL_OFF + 64 * (16 * c + 8 + kk) + PREFETCH_BYTES);
                    prefetch_l2(sb + QH_OFF + 64 * (8 * c + kk) + PREFETCH_BYTES);
                    values(sb, c, kk, u);
                    _Pragma("GCC unroll 4") for (int i = 0; i < 4; i++)
                        _Pragma("GCC unroll 16") for (int t = 0; t < NT; t++) {
                            const int8_t* x = tk.qs[t] + 256 * s + 128 * c + 32 * i + 4 * kk;
                            dp[i][t] = _mm512_dpbusd_epi32(dp[i][t], u[i], _mm512_set1_epi32(load_i32(x)));
                        }
                }
                _Pragma("GCC unroll 4") for (int i = 0; i < 4; i++) {
                    const __m512 ws = row_scales(sb, d, 8 * c + q + 2 * i);
                    _Pragma("GCC unroll 16") for (int t = 0; t < NT; t++)
                        part[t] = _mm512_fmadd_ps(_mm512_cvtepi32_ps(dp[i][t]), ws, part[t]);
                }
            }
        _Pragma("GCC unroll 16") for (int t = 0; t < NT; t++)
            acc[t] = _mm512_fmadd_ps(part[t], _mm512_set1_ps(tk.dx[t][s]), acc[t]);
    }
    _Pragma("GCC unroll 16") for (int t = 0; t < NT; t++) _mm512_storeu_ps(y + t * ys, acc[t]);
}

struct Q6KPanels {
    static constexpr size_t PANEL_SB_BYTES = Q6K_PANEL_SB_BYTES, DEC_SB_BYTES = DEC_SB;
    static constexpr int TILE_PANELS = 3, TILE_TOKENS = 3;
    template <int NT>
    static void stream(const uint8_t* panel, int64_t n_sb, const ActQ8KPLayout& L, const uint8_t* act, size_t as,
                       float* y, int64_t ys) {
        stream_panel<NT>(panel, n_sb, L, act, as, y, ys);
    }
    static void decode(const uint8_t* panel, int64_t n_sb, uint8_t* dec) { decode_panel(panel, n_sb, dec); }
    template <int P>
    static void tile(int nt, const uint8_t* const* dec, int64_t n_sb, const ActQ8KPLayout& L, const uint8_t* act,
                     size_t as, float* y, int64_t ys) {
        dec_tile_nt<P>(nt, dec, n_sb, L, act, as, y, ys);
    }
};

void panel_q6_k(const uint8_t* w, int64_t n, const uint8_t* act, size_t as, int64_t n_tokens, float* y, int64_t ys,
                int64_t r0, int64_t r1) {
    run_k_panels<Q6KPanels>(w, n, act, as, n_tokens, y, ys, r0, r1);
}

}  // namespace

void avx512_add_panels_q6k(KernelTable& t) { t.panel_q6_k = panel_q6_k; }

}  // namespace os1::engine::kernels

// AVX-512 VNNI kernels for q4_K panels (layout.h). Like the q8_0 panels
// (panels_avx512.cpp) each 64-byte weight register holds 4 columns of 16
// rows and one vpdpbusd with a token's 4 activation bytes broadcast adds
// them into 16 int32 lanes, one per row: no horizontal sums.
//
// Prompts: per block of panels (~256 KiB decoded) the nibbles are split
// once into unsigned bytes and the 6-bit scales into floats d * sc (per row
// and 32-element sub-block), mins into int16 pairs, in a thread scratch;
// then tiles of 3 panels x 3 tokens run a q8_0-like loop over it: 8
// vpdpbusd + convert + FMA per sub-block into a per-super-block sum (the
// token's scale dx is applied once per super-block, saving the multiply
// the q8_0 tiles do per block), 4 vpdpwssd for the mins per super-block.
// 3 x 3 tiles (9 sums + 9 partial sums + 9 accumulators) measured ~174
// GMAC/s per Zen 4 core, where 4 x 3 spills (~140) and 4 x 2 gives ~150;
// the row-layout q4_K prompt kernel does ~120 in the same runs.
// Few tokens (generation): the nibbles are split in registers as the
// panel streams past, one panel at a time.
// Same arithmetic per (row, token) as the scalar twin in panels_k.cpp.
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

constexpr size_t QS_OFF = 0, D_OFF = 2048, DMIN_OFF = 2080, SCALES_OFF = 2112;

// A decoded super-block of one panel (thread scratch):
//   u     64 registers: sub-block j, step k (elements 32j + 4k .. + 3) at 64(8j + k)
//   ws    8 x 16 float: d * sc_j per row
//   mp    4 x 16 int32: (m_2i, m_2i+1) as int16 pairs per row
//   dmin  16 float
constexpr size_t DEC_U = 0, DEC_WS = 4096, DEC_MP = 4608, DEC_DMIN = 4864, DEC_SB = 4928;

OS1_INLINE int32_t load_i32(const void* p) {
    int32_t v;
    std::memcpy(&v, p, 4);
    return v;
}

// The scales of one super-block of a panel: ws[j] = d * sc_j, mp[i] = the
// min pairs, dmin.
OS1_INLINE void decode_scales(const uint8_t* sb, __m512* ws, __m512i* mp, __m512& dmin) {
    const __m512 d = _mm512_cvtph_ps(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(sb + D_OFF)));
    dmin = _mm512_cvtph_ps(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(sb + DMIN_OFF)));
    const __m512i s0 = _mm512_loadu_si512(sb + SCALES_OFF);  // bytes 0..3 of each row's scales
    const __m512i s1 = _mm512_loadu_si512(sb + SCALES_OFF + 64);
    const __m512i s2 = _mm512_loadu_si512(sb + SCALES_OFF + 128);
    const __m512i m63 = _mm512_set1_epi8(63), m0f = _mm512_set1_epi8(0xF), m30 = _mm512_set1_epi8(0x30);
    const __m512i sc_lo = _mm512_and_si512(s0, m63);
    const __m512i mn_lo = _mm512_and_si512(s1, m63);
    const __m512i sc_hi = _mm512_or_si512(_mm512_and_si512(s2, m0f), _mm512_and_si512(_mm512_srli_epi16(s0, 2), m30));
    const __m512i mn_hi =
        _mm512_or_si512(_mm512_and_si512(_mm512_srli_epi16(s2, 4), m0f), _mm512_and_si512(_mm512_srli_epi16(s1, 2), m30));
    auto scale = [&](__m128i b) { return _mm512_mul_ps(_mm512_cvtepi32_ps(_mm512_cvtepu8_epi32(b)), d); };
    ws[0] = scale(_mm512_extracti32x4_epi32(sc_lo, 0));
    ws[1] = scale(_mm512_extracti32x4_epi32(sc_lo, 1));
    ws[2] = scale(_mm512_extracti32x4_epi32(sc_lo, 2));
    ws[3] = scale(_mm512_extracti32x4_epi32(sc_lo, 3));
    ws[4] = scale(_mm512_extracti32x4_epi32(sc_hi, 0));
    ws[5] = scale(_mm512_extracti32x4_epi32(sc_hi, 1));
    ws[6] = scale(_mm512_extracti32x4_epi32(sc_hi, 2));
    ws[7] = scale(_mm512_extracti32x4_epi32(sc_hi, 3));
    auto pair = [](__m128i a, __m128i b) {
        return _mm512_or_si512(_mm512_cvtepu8_epi32(a), _mm512_slli_epi32(_mm512_cvtepu8_epi32(b), 16));
    };
    mp[0] = pair(_mm512_extracti32x4_epi32(mn_lo, 0), _mm512_extracti32x4_epi32(mn_lo, 1));
    mp[1] = pair(_mm512_extracti32x4_epi32(mn_lo, 2), _mm512_extracti32x4_epi32(mn_lo, 3));
    mp[2] = pair(_mm512_extracti32x4_epi32(mn_hi, 0), _mm512_extracti32x4_epi32(mn_hi, 1));
    mp[3] = pair(_mm512_extracti32x4_epi32(mn_hi, 2), _mm512_extracti32x4_epi32(mn_hi, 3));
}

// One panel (n_sb super-blocks) decoded into `dec` (n_sb * DEC_SB bytes).
void decode_panel(const uint8_t* panel, int64_t n_sb, uint8_t* dec) {
    const __m512i m0f = _mm512_set1_epi8(0xF);
    for (int64_t s = 0; s < n_sb; s++) {
        const uint8_t* sb = panel + s * Q4K_PANEL_SB_BYTES;
        uint8_t* o = dec + s * DEC_SB;
        for (int i = 0; i < 4; i++)
            for (int k = 0; k < 8; k++) {
                const __m512i v = _mm512_loadu_si512(sb + QS_OFF + 64 * (8 * i + k));
                _mm512_store_si512(o + DEC_U + 64 * (16 * i + k), _mm512_and_si512(v, m0f));
                _mm512_store_si512(o + DEC_U + 64 * (16 * i + 8 + k), _mm512_and_si512(_mm512_srli_epi16(v, 4), m0f));
            }
        __m512 ws[8], dmin;
        __m512i mp[4];
        decode_scales(sb, ws, mp, dmin);
        for (int j = 0; j < 8; j++) _mm512_store_ps(o + DEC_WS + 64 * j, ws[j]);
        for (int i = 0; i < 4; i++) _mm512_store_si512(o + DEC_MP + 64 * i, mp[i]);
        _mm512_store_ps(o + DEC_DMIN, dmin);
    }
}

// P decoded panels (dec[p]) times NT tokens.
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
        __m512 part[P][NT];  // this super-block's sum in units of dx
        _Pragma("GCC unroll 16") for (int p = 0; p < P; p++)
            _Pragma("GCC unroll 16") for (int t = 0; t < NT; t++) part[p][t] = _mm512_setzero_ps();
        for (int j = 0; j < 8; j++) {
            _Pragma("GCC unroll 16") for (int p = 0; p < P; p++)
                _Pragma("GCC unroll 16") for (int t = 0; t < NT; t++) dp[p][t] = _mm512_setzero_si512();
            _Pragma("GCC unroll 8") for (int k = 0; k < 8; k++) {
                __m512i u[P];
                _Pragma("GCC unroll 16") for (int p = 0; p < P; p++)
                    u[p] = _mm512_load_si512(dec[p] + so + DEC_U + 64 * (8 * j + k));
                _Pragma("GCC unroll 16") for (int t = 0; t < NT; t++) {
                    const __m512i x = _mm512_set1_epi32(load_i32(tk.qs[t] + 256 * s + 32 * j + 4 * k));
                    _Pragma("GCC unroll 16") for (int p = 0; p < P; p++)
                        dp[p][t] = _mm512_dpbusd_epi32(dp[p][t], u[p], x);
                }
            }
            _Pragma("GCC unroll 16") for (int p = 0; p < P; p++) {
                const __m512 ws = _mm512_load_ps(dec[p] + so + DEC_WS + 64 * j);
                _Pragma("GCC unroll 16") for (int t = 0; t < NT; t++)
                    part[p][t] = _mm512_fmadd_ps(_mm512_cvtepi32_ps(dp[p][t]), ws, part[p][t]);
            }
        }
        _Pragma("GCC unroll 16") for (int p = 0; p < P; p++)
            _Pragma("GCC unroll 16") for (int t = 0; t < NT; t++) dp[p][t] = _mm512_setzero_si512();
        _Pragma("GCC unroll 4") for (int i = 0; i < 4; i++) {
            __m512i m[P];
            _Pragma("GCC unroll 16") for (int p = 0; p < P; p++) m[p] = _mm512_load_si512(dec[p] + so + DEC_MP + 64 * i);
            _Pragma("GCC unroll 16") for (int t = 0; t < NT; t++) {
                const __m512i b = _mm512_set1_epi32(load_i32(tk.b32[t] + 8 * s + 2 * i));
                _Pragma("GCC unroll 16") for (int p = 0; p < P; p++) dp[p][t] = _mm512_dpwssd_epi32(dp[p][t], m[p], b);
            }
        }
        _Pragma("GCC unroll 16") for (int p = 0; p < P; p++) {
            const __m512 dm = _mm512_load_ps(dec[p] + so + DEC_DMIN);
            _Pragma("GCC unroll 16") for (int t = 0; t < NT; t++) {
                part[p][t] = _mm512_fnmadd_ps(_mm512_cvtepi32_ps(dp[p][t]), dm, part[p][t]);
                acc[p][t] = _mm512_fmadd_ps(part[p][t], _mm512_set1_ps(tk.dx[t][s]), acc[p][t]);
            }
        }
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

// One packed panel times NT tokens, nibbles split in registers (few
// tokens: generation). The same float steps as dec_tile.
template <int NT>
void stream_panel(const uint8_t* panel, int64_t n_sb, const ActQ8KPLayout& L, const uint8_t* act, size_t as, float* y,
                  int64_t ys) {
    const Tokens<NT> tk(L, act, as);
    const __m512i m0f = _mm512_set1_epi8(0xF);
    __m512 acc[NT];
    _Pragma("GCC unroll 16") for (int t = 0; t < NT; t++) acc[t] = _mm512_setzero_ps();
    for (int64_t s = 0; s < n_sb; s++) {
        const uint8_t* sb = panel + s * Q4K_PANEL_SB_BYTES;
        // Into L2 8 KiB ahead, and the next super-block into L1: without the
        // latter, Llama-3.2-1B Q4_K_M generation (1 thread) ran ~5% below
        // the row layout; with it ~3% above (q4_K panels alone, A/B x3).
        for (int l = 0; l < 36; l++) prefetch_l2(sb + PREFETCH_BYTES + 64 * l);
        for (int l = 0; l < 36; l++)
            _mm_prefetch(reinterpret_cast<const char*>(sb + Q4K_PANEL_SB_BYTES + 64 * l), _MM_HINT_T0);
        __m512 ws[8], dmin;
        __m512i mp[4];
        decode_scales(sb, ws, mp, dmin);
        __m512 part[NT];
        _Pragma("GCC unroll 16") for (int t = 0; t < NT; t++) part[t] = _mm512_setzero_ps();
        _Pragma("GCC unroll 4") for (int i = 0; i < 4; i++) {
            __m512i lo[NT], hi[NT];
            _Pragma("GCC unroll 16") for (int t = 0; t < NT; t++) lo[t] = hi[t] = _mm512_setzero_si512();
            _Pragma("GCC unroll 8") for (int k = 0; k < 8; k++) {
                const __m512i v = _mm512_loadu_si512(sb + QS_OFF + 64 * (8 * i + k));
                const __m512i ul = _mm512_and_si512(v, m0f), uh = _mm512_and_si512(_mm512_srli_epi16(v, 4), m0f);
                _Pragma("GCC unroll 16") for (int t = 0; t < NT; t++) {
                    const int8_t* q = tk.qs[t] + 256 * s + 64 * i + 4 * k;
                    lo[t] = _mm512_dpbusd_epi32(lo[t], ul, _mm512_set1_epi32(load_i32(q)));
                    hi[t] = _mm512_dpbusd_epi32(hi[t], uh, _mm512_set1_epi32(load_i32(q + 32)));
                }
            }
            _Pragma("GCC unroll 16") for (int t = 0; t < NT; t++) {
                part[t] = _mm512_fmadd_ps(_mm512_cvtepi32_ps(lo[t]), ws[2 * i], part[t]);
                part[t] = _mm512_fmadd_ps(_mm512_cvtepi32_ps(hi[t]), ws[2 * i + 1], part[t]);
            }
        }
        _Pragma("GCC unroll 16") for (int t = 0; t < NT; t++) {
            __m512i ms = _mm512_setzero_si512();
            _Pragma("GCC unroll 4") for (int i = 0; i < 4; i++)
                ms = _mm512_dpwssd_epi32(ms, mp[i], _mm512_set1_epi32(load_i32(tk.b32[t] + 8 * s + 2 * i)));
            part[t] = _mm512_fnmadd_ps(_mm512_cvtepi32_ps(ms), dmin, part[t]);
            acc[t] = _mm512_fmadd_ps(part[t], _mm512_set1_ps(tk.dx[t][s]), acc[t]);
        }
    }
    _Pragma("GCC unroll 16") for (int t = 0; t < NT; t++) _mm512_storeu_ps(y + t * ys, acc[t]);
}

struct Q4KPanels {
    static constexpr size_t PANEL_SB_BYTES = Q4K_PANEL_SB_BYTES, DEC_SB_BYTES = DEC_SB;
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

void panel_q4_k(const uint8_t* w, int64_t n, const uint8_t* act, size_t as, int64_t n_tokens, float* y, int64_t ys,
                int64_t r0, int64_t r1) {
    run_k_panels<Q4KPanels>(w, n, act, as, n_tokens, y, ys, r0, r1);
}

// Bit for bit the scalar twin's quantize_q8kp (panels_k.cpp).
void quantize_q8kp(const float* x, int64_t n, uint8_t* out) {
    const ActQ8KPLayout L(n);
    auto* qs = reinterpret_cast<int8_t*>(out + L.qs_off);
    auto* ds = reinterpret_cast<float*>(out + L.d_off);
    auto* b32 = reinterpret_cast<int16_t*>(out + L.bsum32_off);
    auto* neg16 = reinterpret_cast<int32_t*>(out + L.negoff16_off);
    for (int64_t s = 0; s < L.n_sb; s++) {
        const float* xb = x + s * 256;
        __m512 m = _mm512_setzero_ps();
        for (int j = 0; j < 256; j += 16) m = _mm512_max_ps(m, _mm512_abs_ps(_mm512_loadu_ps(xb + j)));
        const float amax = _mm512_reduce_max_ps(m);
        const float d = amax / 127.0f;
        const float id = d != 0.0f ? 127.0f / amax : 0.0f;
        ds[s] = d;
        const __m512 vid = _mm512_set1_ps(id);
        int32_t sums[16];
        for (int g = 0; g < 16; g++) {
            const __m512i q = _mm512_cvtps_epi32(_mm512_mul_ps(_mm512_loadu_ps(xb + 16 * g), vid));
            _mm_storeu_si128(reinterpret_cast<__m128i*>(qs + s * 256 + 16 * g), _mm512_cvtepi32_epi8(q));
            sums[g] = _mm512_reduce_add_epi32(q);
            neg16[s * 16 + g] = -32 * sums[g];
        }
        for (int g = 0; g < 8; g++) b32[s * 8 + g] = static_cast<int16_t>(sums[2 * g] + sums[2 * g + 1]);
    }
}

}  // namespace

void avx512_add_panels_k(KernelTable& t) {
    t.panel_q4_k = panel_q4_k;
    t.quantize_q8kp = quantize_q8kp;
    avx512_add_panels_q6k(t);
}

}  // namespace os1::engine::kernels

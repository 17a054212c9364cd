// AVX2/FMA kernels for q6_K panels (layout.h), built like the q4_K ones
// (panels_k_avx2.cpp): two halves of 8 rows per 16-row panel, one int32
// lane per row. The 6-bit values u (0..63) times the token's int8 bytes by
// vpmaddubsw give int16 pairs of at most 2 * 63 * 127 = 16002, so two steps
// add up exactly in int16 before vpmaddwd with ones widens them; each
// 16-element sub-block's sum starts at the token's -32 * sum(q) (the
// offset), then one convert + FMA with d * sc into the super-block's
// partial sum, sub-blocks in Q6K_ORDER: the scalar twin's (panels_q6k.cpp)
// and the AVX-512 kernels' bits.
// Prompts decode a block of panels into a thread scratch (the AVX-512
// file's layout) and run 1 panel x TILE_TOKENS tiles over it; few tokens
// (generation) assemble the values in registers as the panel streams past.
// Compiled with -mavx2 -mfma -mf16c (by file name).
#pragma GCC diagnostic ignored "-Wuninitialized"
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#include <immintrin.h>

#include <cstddef>
#include <cstring>

#include "engine/kernels/avx2_util.h"
#include "engine/kernels/layout.h"
#include "engine/kernels/panel_driver.h"

namespace os1::engine::kernels {

namespace {

#define OS1_INLINE inline __attribute__((always_inline))

constexpr size_t QL_OFF = 0, QH_OFF = 2048, SCALES_OFF = 3072;

// A decoded super-block of one panel (thread scratch), rows 0..7 in the
// first 32 bytes of each 64, rows 8..15 in the second:
//   u   sub-block g, step k (elements 16g + 4k .. + 3) at 64(4g + k)
//   ws  d * sc_g per row (float) at 4096 + 64g
constexpr size_t DEC_U = 0, DEC_WS = 4096, DEC_SB = 5120;

// How far generation prefetches ahead in the panel stream (into L2).
constexpr size_t GEN_PREFETCH = 4096;

OS1_INLINE __m256i bcast32(const void* p) {
    int32_t v;
    std::memcpy(&v, p, 4);
    return _mm256_set1_epi32(v);
}

// The 4 value registers of step kk (0..7) of half c, rows 8h..8h+7:
// elements 128c + 32i + 4kk + j (i = 0..3).
OS1_INLINE void values(const uint8_t* sb, int c, int kk, int h, __m256i* u) {
    const __m256i m0f = _mm256_set1_epi8(0xF), m30 = _mm256_set1_epi8(0x30);
    const __m256i a = load256(sb + QL_OFF + 64 * (16 * c + kk) + 32 * h);
    const __m256i b = load256(sb + QL_OFF + 64 * (16 * c + 8 + kk) + 32 * h);
    const __m256i q = load256(sb + QH_OFF + 64 * (8 * c + kk) + 32 * h);
    u[0] = _mm256_or_si256(_mm256_and_si256(a, m0f), _mm256_and_si256(_mm256_slli_epi16(q, 4), m30));
    u[1] = _mm256_or_si256(_mm256_and_si256(b, m0f), _mm256_and_si256(_mm256_slli_epi16(q, 2), m30));
    u[2] = _mm256_or_si256(_mm256_and_si256(_mm256_srli_epi16(a, 4), m0f), _mm256_and_si256(q, m30));
    u[3] = _mm256_or_si256(_mm256_and_si256(_mm256_srli_epi16(b, 4), m0f),
                           _mm256_and_si256(_mm256_srli_epi16(q, 2), m30));
}

// d * sc_g for rows 8h..8h+7 (d: those rows' f16 d as floats).
OS1_INLINE __m256 row_scales(const uint8_t* sb, __m256 d, int g, int h) {
    const __m128i sc = _mm_loadl_epi64(reinterpret_cast<const __m128i*>(sb + SCALES_OFF + 16 * g + 8 * h));
    return _mm256_mul_ps(_mm256_cvtepi32_ps(_mm256_cvtepi8_epi32(sc)), d);
}

OS1_INLINE __m256 row_d(const uint8_t* d, int h) {
    return _mm256_cvtph_ps(_mm_loadu_si128(reinterpret_cast<const __m128i*>(d + 16 * h)));
}

void decode_panel(const uint8_t* panel, int64_t n_sb, uint8_t* dec) {
    for (int64_t s = 0; s < n_sb; s++) {
        const uint8_t* sb = panel + q6k_sb(s);
        uint8_t* o = dec + s * DEC_SB;
        for (int h = 0; h < 2; h++) {
            for (int c = 0; c < 2; c++)
                for (int kk = 0; kk < 8; kk++) {
                    __m256i u[4];
                    values(sb, c, kk, h, u);
                    // element 128c + 32i + 4kk: sub-block 8c + 2i + kk / 4, step kk % 4
                    for (int i = 0; i < 4; i++)
                        _mm256_store_si256(
                            reinterpret_cast<__m256i*>(o + DEC_U + 64 * (4 * (8 * c + 2 * i + kk / 4) + kk % 4) + 32 * h),
                            u[i]);
                }
            const __m256 d = row_d(panel + q6k_d(s, n_sb), h);
            for (int g = 0; g < 16; g++)
                _mm256_store_ps(reinterpret_cast<float*>(o + DEC_WS + 64 * g + 32 * h), row_scales(sb, d, g, h));
        }
    }
}

// The exact sum of one 16-element sub-block (4 steps of pairs p[k] =
// u . x), started at `start`: two steps at a time in int16.
OS1_INLINE __m256i sub_sum(__m256i start, __m256i p0, __m256i p1, __m256i p2, __m256i p3) {
    const __m256i ones = _mm256_set1_epi16(1);
    const __m256i a = _mm256_madd_epi16(_mm256_add_epi16(p0, p1), ones);
    const __m256i b = _mm256_madd_epi16(_mm256_add_epi16(p2, p3), ones);
    return _mm256_add_epi32(start, _mm256_add_epi32(a, b));
}

template <int P, int NT>
void dec_tile(const uint8_t* const* dec, int64_t n_sb, const ActQ8KPLayout& L, const uint8_t* act, size_t as, float* y,
              int64_t ys) {
    constexpr int H = 2 * P;
    const Tokens<NT> tk(L, act, as);
    __m256 acc[H][NT];
    _Pragma("GCC unroll 16") for (int h = 0; h < H; h++)
        _Pragma("GCC unroll 16") for (int t = 0; t < NT; t++) acc[h][t] = _mm256_setzero_ps();
    for (int64_t s = 0; s < n_sb; s++) {
        const size_t so = static_cast<size_t>(s) * DEC_SB;
        __m256 part[H][NT];
        _Pragma("GCC unroll 16") for (int h = 0; h < H; h++)
            _Pragma("GCC unroll 16") for (int t = 0; t < NT; t++) part[h][t] = _mm256_setzero_ps();
        for (int gi = 0; gi < 16; gi++) {
            const int g = Q6K_ORDER[gi];
            __m256i pr[4][H][NT];
            _Pragma("GCC unroll 4") for (int k = 0; k < 4; k++) {
                __m256i u[H];
                _Pragma("GCC unroll 16") for (int h = 0; h < H; h++)
                    u[h] = _mm256_load_si256(
                        reinterpret_cast<const __m256i*>(dec[h / 2] + so + DEC_U + 64 * (4 * g + k) + 32 * (h & 1)));
                _Pragma("GCC unroll 16") for (int t = 0; t < NT; t++) {
                    const __m256i x = bcast32(tk.qs[t] + 256 * s + 16 * g + 4 * k);
                    _Pragma("GCC unroll 16") for (int h = 0; h < H; h++) pr[k][h][t] = _mm256_maddubs_epi16(u[h], x);
                }
            }
            _Pragma("GCC unroll 16") for (int h = 0; h < H; h++) {
                const __m256 ws =
                    _mm256_load_ps(reinterpret_cast<const float*>(dec[h / 2] + so + DEC_WS + 64 * g + 32 * (h & 1)));
                _Pragma("GCC unroll 16") for (int t = 0; t < NT; t++) {
                    const __m256i isum = sub_sum(_mm256_set1_epi32(tk.neg16[t][16 * s + g]), pr[0][h][t], pr[1][h][t],
                                                 pr[2][h][t], pr[3][h][t]);
                    part[h][t] = _mm256_fmadd_ps(_mm256_cvtepi32_ps(isum), ws, part[h][t]);
                }
            }
        }
        _Pragma("GCC unroll 16") for (int h = 0; h < H; h++)
            _Pragma("GCC unroll 16") for (int t = 0; t < NT; t++)
                acc[h][t] = _mm256_fmadd_ps(part[h][t], _mm256_set1_ps(tk.dx[t][s]), acc[h][t]);
    }
    _Pragma("GCC unroll 16") for (int t = 0; t < NT; t++)
        _Pragma("GCC unroll 16") for (int h = 0; h < H; h++) _mm256_storeu_ps(y + t * ys + 8 * h, acc[h][t]);
}

// One packed panel times NT tokens (few tokens), half by half; sub-blocks
// in Q6K_ORDER: half c, then kk / 4 = q, then i: sub-block 8c + q + 2i.
template <int NT>
void stream_panel(const uint8_t* panel, int64_t n_sb, const ActQ8KPLayout& L, const uint8_t* act, size_t as, float* y,
                  int64_t ys) {
    const Tokens<NT> tk(L, act, as);
    __m256 acc[2][NT];
    _Pragma("GCC unroll 16") for (int t = 0; t < NT; t++) acc[0][t] = acc[1][t] = _mm256_setzero_ps();
    for (int64_t s = 0; s < n_sb; s++) {
        const uint8_t* sb = panel + q6k_sb(s);
        for (int l = 0; l < 53; l++) prefetch_l2(sb + GEN_PREFETCH + 64 * l);
        for (int h = 0; h < 2; h++) {
            const __m256 d = row_d(panel + q6k_d(s, n_sb), h);
            __m256 part[NT];
            _Pragma("GCC unroll 16") for (int t = 0; t < NT; t++) part[t] = _mm256_setzero_ps();
            for (int c = 0; c < 2; c++)
                _Pragma("GCC unroll 2") for (int q = 0; q < 2; q++) {
                    __m256i pr[4][4][NT];  // [step][i][token]
                    _Pragma("GCC unroll 4") for (int k = 0; k < 4; k++) {
                        __m256i u[4];
                        values(sb, c, 4 * q + k, h, u);
                        _Pragma("GCC unroll 4") for (int i = 0; i < 4; i++)
                            _Pragma("GCC unroll 16") for (int t = 0; t < NT; t++) {
                                const int8_t* x = tk.qs[t] + 256 * s + 128 * c + 32 * i + 4 * (4 * q + k);
                                pr[k][i][t] = _mm256_maddubs_epi16(u[i], bcast32(x));
                            }
                    }
                    _Pragma("GCC unroll 4") for (int i = 0; i < 4; i++) {
                        const int g = 8 * c + q + 2 * i;
                        const __m256 ws = row_scales(sb, d, g, h);
                        _Pragma("GCC unroll 16") for (int t = 0; t < NT; t++) {
                            const __m256i isum = sub_sum(_mm256_set1_epi32(tk.neg16[t][16 * s + g]), pr[0][i][t],
                                                         pr[1][i][t], pr[2][i][t], pr[3][i][t]);
                            part[t] = _mm256_fmadd_ps(_mm256_cvtepi32_ps(isum), ws, part[t]);
                        }
                    }
                }
            _Pragma("GCC unroll 16") for (int t = 0; t < NT; t++)
                acc[h][t] = _mm256_fmadd_ps(part[t], _mm256_set1_ps(tk.dx[t][s]), acc[h][t]);
        }
    }
    _Pragma("GCC unroll 16") for (int t = 0; t < NT; t++) {
        _mm256_storeu_ps(y + t * ys, acc[0][t]);
        _mm256_storeu_ps(y + t * ys + 8, acc[1][t]);
    }
}

struct Q6KPanels {
    static constexpr size_t PANEL_SB_BYTES = Q6K_PANEL_SB_BYTES, DEC_SB_BYTES = DEC_SB;
    static constexpr int TILE_PANELS = 1, TILE_TOKENS = 2;
    template <int NT>
    static void stream(const uint8_t* panel, int64_t n_sb, const ActQ8KPLayout& L, const uint8_t* act, size_t as,
                       float* y, int64_t ys) {
        stream_panel<NT>(panel, n_sb, L, act, as, y, ys);
    }
    static void decode(const uint8_t* panel, int64_t n_sb, uint8_t* dec) { decode_panel(panel, n_sb, dec); }
    template <int P>
    static void tile(int nt, const uint8_t* const* dec, int64_t n_sb, const ActQ8KPLayout& L, const uint8_t* act,
                     size_t as, float* y, int64_t ys) {
        by_tokens<TILE_TOKENS>(nt, [&]<int NT>() { dec_tile<P, NT>(dec, n_sb, L, act, as, y, ys); });
    }
};

void panel_q6_k(const uint8_t* w, int64_t n, const uint8_t* act, size_t as, int64_t n_tokens, float* y, int64_t ys,
                int64_t r0, int64_t r1) {
    run_k_panels<Q6KPanels>(w, n, act, as, n_tokens, y, ys, r0, r1);
}

}  // namespace

void avx2_add_panels_q6k(KernelTable& t) { t.panel_q6_k = panel_q6_k; }

}  // namespace os1::engine::kernels

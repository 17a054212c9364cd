// AVX2/FMA kernels for q4_K panels (layout.h), for CPUs without AVX-512:
// the same 16-row panels as panels_k_avx512.cpp, read as two halves of 8
// rows (one 32-byte load = one 4-byte word of 8 rows), one int32 lane per
// row. AVX2 has no vpdpbusd: vpmaddubsw multiplies the unsigned nibbles by
// the token's int8 bytes into int16 pairs (|pair| <= 2 * 15 * 127 = 3810),
// and a sub-block's 8 steps add up in int16 (|sum| <= 30480, exact), then
// one vpmaddwd with ones widens them into the row's int32 lane: the exact
// isum_j of the scalar twin. The mins go in as int16 pairs by vpmaddwd, and
// the float steps per (row, token) are the twin's (panels_k.cpp), so these
// kernels give the scalar twin's bits, and the AVX-512 kernels'.
//
// Prompts (the driver in panel_driver.h): a block of panels is decoded once
// per call into a thread scratch (nibbles split into bytes, d * sc floats,
// min pairs; the AVX-512 file's layout), then 1 panel x TILE_TOKENS tiles
// run over it. Few tokens (generation): the nibbles are split in registers
// as the panel streams past, with an L2 prefetch ahead.
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

constexpr size_t QS_OFF = 0, D_OFF = 2048, DMIN_OFF = 2080, SCALES_OFF = 2112;

// A decoded super-block of one panel (thread scratch), rows 0..7 in the
// first 32 bytes of each 64, rows 8..15 in the second:
//   u     sub-block j, step k (elements 32j + 4k .. + 3) at 64(8j + k)
//   ws    d * sc_j per row at 4096 + 64j (float)
//   mp    (m_2i, m_2i+1) as int16 pairs per row at 4608 + 64i
//   dmin  per row at 4864 (float)
// The last three (the scales part, 832 bytes) are what decode_scales writes.
constexpr size_t DEC_U = 0, DEC_WS = 4096, DEC_SB = 4928;
constexpr size_t SC_WS = 0, SC_MP = 512, SC_DMIN = 768, SC_BYTES = DEC_SB - DEC_WS;

// How far generation prefetches ahead in the panel stream (into L2).
constexpr size_t GEN_PREFETCH = 4096;

// The scales of one super-block of a panel: ws[j] = d * sc_j, mp[i] = the
// min pairs, dmin, each as 16 rows (64 bytes), into `o` (the scales part
// of a decoded super-block, 64-byte aligned).
OS1_INLINE void decode_scales(const uint8_t* sb, uint8_t* o) {
    alignas(32) uint8_t sc[128], mn[128];  // sub-block j of row r at 16j + r
    const __m256i m63 = _mm256_set1_epi8(63), m0f = _mm256_set1_epi8(0xF), m30 = _mm256_set1_epi8(0x30);
    for (int a = 0; a < 2; a++) {  // scale bytes 2a, 2a + 1 (+ 4, + 8) of the 16 rows
        const __m256i s0 = load256(sb + SCALES_OFF + 32 * a);
        const __m256i s1 = load256(sb + SCALES_OFF + 64 + 32 * a);
        const __m256i s2 = load256(sb + SCALES_OFF + 128 + 32 * a);
        const __m256i sc_hi = _mm256_or_si256(_mm256_and_si256(s2, m0f), _mm256_and_si256(_mm256_srli_epi16(s0, 2), m30));
        const __m256i mn_hi =
            _mm256_or_si256(_mm256_and_si256(_mm256_srli_epi16(s2, 4), m0f), _mm256_and_si256(_mm256_srli_epi16(s1, 2), m30));
        _mm256_store_si256(reinterpret_cast<__m256i*>(sc + 32 * a), _mm256_and_si256(s0, m63));
        _mm256_store_si256(reinterpret_cast<__m256i*>(sc + 64 + 32 * a), sc_hi);
        _mm256_store_si256(reinterpret_cast<__m256i*>(mn + 32 * a), _mm256_and_si256(s1, m63));
        _mm256_store_si256(reinterpret_cast<__m256i*>(mn + 64 + 32 * a), mn_hi);
    }
    for (int h = 0; h < 2; h++) {
        const __m256 d = _mm256_cvtph_ps(_mm_loadu_si128(reinterpret_cast<const __m128i*>(sb + D_OFF + 16 * h)));
        const __m256 dmin = _mm256_cvtph_ps(_mm_loadu_si128(reinterpret_cast<const __m128i*>(sb + DMIN_OFF + 16 * h)));
        for (int j = 0; j < 8; j++) {
            const __m256i s = _mm256_cvtepu8_epi32(_mm_loadl_epi64(reinterpret_cast<const __m128i*>(sc + 16 * j + 8 * h)));
            _mm256_store_ps(reinterpret_cast<float*>(o + SC_WS + 64 * j + 32 * h),
                            _mm256_mul_ps(_mm256_cvtepi32_ps(s), d));
        }
        for (int i = 0; i < 4; i++) {
            const __m128i lo = _mm_loadl_epi64(reinterpret_cast<const __m128i*>(mn + 16 * (2 * i) + 8 * h));
            const __m128i hi = _mm_loadl_epi64(reinterpret_cast<const __m128i*>(mn + 16 * (2 * i + 1) + 8 * h));
            _mm256_store_si256(reinterpret_cast<__m256i*>(o + SC_MP + 64 * i + 32 * h),
                               _mm256_cvtepu8_epi16(_mm_unpacklo_epi8(lo, hi)));
        }
        _mm256_store_ps(reinterpret_cast<float*>(o + SC_DMIN + 32 * h), dmin);
    }
}

// One panel (n_sb super-blocks) decoded into `dec` (n_sb * DEC_SB bytes).
void decode_panel(const uint8_t* panel, int64_t n_sb, uint8_t* dec) {
    const __m256i m0f = _mm256_set1_epi8(0xF);
    for (int64_t s = 0; s < n_sb; s++) {
        const uint8_t* sb = panel + s * Q4K_PANEL_SB_BYTES;
        uint8_t* o = dec + s * DEC_SB;
        for (int i = 0; i < 4; i++)
            for (int k = 0; k < 8; k++)
                for (int h = 0; h < 2; h++) {
                    const __m256i v = load256(sb + QS_OFF + 64 * (8 * i + k) + 32 * h);
                    _mm256_store_si256(reinterpret_cast<__m256i*>(o + DEC_U + 64 * (16 * i + k) + 32 * h),
                                       _mm256_and_si256(v, m0f));
                    _mm256_store_si256(reinterpret_cast<__m256i*>(o + DEC_U + 64 * (16 * i + 8 + k) + 32 * h),
                                       _mm256_and_si256(_mm256_srli_epi16(v, 4), m0f));
                }
        decode_scales(sb, o + DEC_WS);
    }
}

OS1_INLINE __m256i bcast32(const void* p) {
    int32_t v;
    std::memcpy(&v, p, 4);
    return _mm256_set1_epi32(v);
}

// The min sum of half h of a decoded super-block for one token: sum over
// the 4 pairs of (m_2i, m_2i+1) . (b32_2i, b32_2i+1), exact in int32.
OS1_INLINE __m256i min_sum(const uint8_t* mp, const int16_t* b32) {
    __m256i ms = _mm256_madd_epi16(_mm256_load_si256(reinterpret_cast<const __m256i*>(mp)), bcast32(b32));
    for (int i = 1; i < 4; i++)
        ms = _mm256_add_epi32(
            ms, _mm256_madd_epi16(_mm256_load_si256(reinterpret_cast<const __m256i*>(mp + 64 * i)), bcast32(b32 + 2 * i)));
    return ms;
}

// P decoded panels (2P halves of 8 rows) times NT tokens.
template <int P, int NT>
void dec_tile(const uint8_t* const* dec, int64_t n_sb, const ActQ8KPLayout& L, const uint8_t* act, size_t as, float* y,
              int64_t ys) {
    constexpr int H = 2 * P;
    const Tokens<NT> tk(L, act, as);
    const __m256i ones = _mm256_set1_epi16(1);
    __m256 acc[H][NT];
    _Pragma("GCC unroll 16") for (int h = 0; h < H; h++)
        _Pragma("GCC unroll 16") for (int t = 0; t < NT; t++) acc[h][t] = _mm256_setzero_ps();
    for (int64_t s = 0; s < n_sb; s++) {
        const size_t so = static_cast<size_t>(s) * DEC_SB;
        __m256 part[H][NT];  // this super-block's sum in units of dx
        _Pragma("GCC unroll 16") for (int h = 0; h < H; h++)
            _Pragma("GCC unroll 16") for (int t = 0; t < NT; t++) part[h][t] = _mm256_setzero_ps();
        for (int j = 0; j < 8; j++) {
            __m256i s16[H][NT];
            _Pragma("GCC unroll 16") for (int h = 0; h < H; h++)
                _Pragma("GCC unroll 16") for (int t = 0; t < NT; t++) s16[h][t] = _mm256_setzero_si256();
            _Pragma("GCC unroll 8") for (int k = 0; k < 8; k++) {
                __m256i u[H];
                _Pragma("GCC unroll 16") for (int h = 0; h < H; h++)
                    u[h] = _mm256_load_si256(reinterpret_cast<const __m256i*>(dec[h / 2] + so + DEC_U + 64 * (8 * j + k) + 32 * (h & 1)));
                _Pragma("GCC unroll 16") for (int t = 0; t < NT; t++) {
                    const __m256i x = bcast32(tk.qs[t] + 256 * s + 32 * j + 4 * k);
                    _Pragma("GCC unroll 16") for (int h = 0; h < H; h++)
                        s16[h][t] = _mm256_add_epi16(s16[h][t], _mm256_maddubs_epi16(u[h], x));
                }
            }
            _Pragma("GCC unroll 16") for (int h = 0; h < H; h++) {
                const __m256 ws = _mm256_load_ps(reinterpret_cast<const float*>(dec[h / 2] + so + DEC_WS + 64 * j + 32 * (h & 1)));
                _Pragma("GCC unroll 16") for (int t = 0; t < NT; t++)
                    part[h][t] = _mm256_fmadd_ps(_mm256_cvtepi32_ps(_mm256_madd_epi16(s16[h][t], ones)), ws, part[h][t]);
            }
        }
        _Pragma("GCC unroll 16") for (int h = 0; h < H; h++) {
            const uint8_t* d = dec[h / 2] + so + 32 * (h & 1);
            const __m256 dm = _mm256_load_ps(reinterpret_cast<const float*>(d + DEC_WS + SC_DMIN));
            _Pragma("GCC unroll 16") for (int t = 0; t < NT; t++) {
                const __m256i ms = min_sum(d + DEC_WS + SC_MP, tk.b32[t] + 8 * s);
                part[h][t] = _mm256_fnmadd_ps(_mm256_cvtepi32_ps(ms), dm, part[h][t]);
                acc[h][t] = _mm256_fmadd_ps(part[h][t], _mm256_set1_ps(tk.dx[t][s]), acc[h][t]);
            }
        }
    }
    _Pragma("GCC unroll 16") for (int t = 0; t < NT; t++)
        _Pragma("GCC unroll 16") for (int h = 0; h < H; h++) _mm256_storeu_ps(y + t * ys + 8 * h, acc[h][t]);
}

// One packed panel times NT tokens, nibbles split in registers (few
// tokens: generation). The same float steps as dec_tile.
template <int NT>
void stream_panel(const uint8_t* panel, int64_t n_sb, const ActQ8KPLayout& L, const uint8_t* act, size_t as, float* y,
                  int64_t ys) {
    const Tokens<NT> tk(L, act, as);
    const __m256i m0f = _mm256_set1_epi8(0xF), ones = _mm256_set1_epi16(1);
    alignas(64) uint8_t scales[SC_BYTES];
    __m256 acc[2][NT];
    _Pragma("GCC unroll 16") for (int t = 0; t < NT; t++) acc[0][t] = acc[1][t] = _mm256_setzero_ps();
    for (int64_t s = 0; s < n_sb; s++) {
        const uint8_t* sb = panel + s * Q4K_PANEL_SB_BYTES;
        for (int l = 0; l < 36; l++) prefetch_l2(sb + GEN_PREFETCH + 64 * l);
        decode_scales(sb, scales);
        __m256 part[2][NT];
        _Pragma("GCC unroll 16") for (int t = 0; t < NT; t++) part[0][t] = part[1][t] = _mm256_setzero_ps();
        _Pragma("GCC unroll 4") for (int i = 0; i < 4; i++)
            _Pragma("GCC unroll 2") for (int h = 0; h < 2; h++) {
                __m256i lo[NT], hi[NT];
                _Pragma("GCC unroll 16") for (int t = 0; t < NT; t++) lo[t] = hi[t] = _mm256_setzero_si256();
                _Pragma("GCC unroll 8") for (int k = 0; k < 8; k++) {
                    const __m256i v = load256(sb + QS_OFF + 64 * (8 * i + k) + 32 * h);
                    const __m256i ul = _mm256_and_si256(v, m0f), uh = _mm256_and_si256(_mm256_srli_epi16(v, 4), m0f);
                    _Pragma("GCC unroll 16") for (int t = 0; t < NT; t++) {
                        const int8_t* q = tk.qs[t] + 256 * s + 64 * i + 4 * k;
                        lo[t] = _mm256_add_epi16(lo[t], _mm256_maddubs_epi16(ul, bcast32(q)));
                        hi[t] = _mm256_add_epi16(hi[t], _mm256_maddubs_epi16(uh, bcast32(q + 32)));
                    }
                }
                const __m256 w0 = _mm256_load_ps(reinterpret_cast<const float*>(scales + SC_WS + 64 * (2 * i) + 32 * h));
                const __m256 w1 = _mm256_load_ps(reinterpret_cast<const float*>(scales + SC_WS + 64 * (2 * i + 1) + 32 * h));
                _Pragma("GCC unroll 16") for (int t = 0; t < NT; t++) {
                    part[h][t] = _mm256_fmadd_ps(_mm256_cvtepi32_ps(_mm256_madd_epi16(lo[t], ones)), w0, part[h][t]);
                    part[h][t] = _mm256_fmadd_ps(_mm256_cvtepi32_ps(_mm256_madd_epi16(hi[t], ones)), w1, part[h][t]);
                }
            }
        _Pragma("GCC unroll 2") for (int h = 0; h < 2; h++) {
            const __m256 dm = _mm256_load_ps(reinterpret_cast<const float*>(scales + SC_DMIN + 32 * h));
            _Pragma("GCC unroll 16") for (int t = 0; t < NT; t++) {
                const __m256i ms = min_sum(scales + SC_MP + 32 * h, tk.b32[t] + 8 * s);
                part[h][t] = _mm256_fnmadd_ps(_mm256_cvtepi32_ps(ms), dm, part[h][t]);
                acc[h][t] = _mm256_fmadd_ps(part[h][t], _mm256_set1_ps(tk.dx[t][s]), acc[h][t]);
            }
        }
    }
    _Pragma("GCC unroll 16") for (int t = 0; t < NT; t++) {
        _mm256_storeu_ps(y + t * ys, acc[0][t]);
        _mm256_storeu_ps(y + t * ys + 8, acc[1][t]);
    }
}

// The same for one token (generation), both halves per step: each pair of
// activation words is broadcast once for the 16 rows (the loop above
// broadcasts them per half: 20% of its instructions). Per (row, token) the
// same float steps as stream_panel, so the same bits.
void stream_panel_1(const uint8_t* panel, int64_t n_sb, const ActQ8KPLayout& L, const uint8_t* act, float* y) {
    const Tokens<1> tk(L, act, 0);
    const __m256i m0f = _mm256_set1_epi8(0xF), ones = _mm256_set1_epi16(1);
    alignas(64) uint8_t scales[SC_BYTES];
    __m256 acc[2] = {_mm256_setzero_ps(), _mm256_setzero_ps()};
    for (int64_t s = 0; s < n_sb; s++) {
        const uint8_t* sb = panel + s * Q4K_PANEL_SB_BYTES;
        for (int l = 0; l < 36; l++) prefetch_l2(sb + GEN_PREFETCH + 64 * l);
        decode_scales(sb, scales);
        __m256 part[2] = {_mm256_setzero_ps(), _mm256_setzero_ps()};
        _Pragma("GCC unroll 4") for (int i = 0; i < 4; i++) {
            __m256i lo[2] = {_mm256_setzero_si256(), _mm256_setzero_si256()}, hi[2] = {lo[0], lo[0]};
            _Pragma("GCC unroll 8") for (int k = 0; k < 8; k++) {
                const int8_t* q = tk.qs[0] + 256 * s + 64 * i + 4 * k;
                const __m256i xl = bcast32(q), xh = bcast32(q + 32);
                _Pragma("GCC unroll 2") for (int h = 0; h < 2; h++) {
                    const __m256i v = load256(sb + QS_OFF + 64 * (8 * i + k) + 32 * h);
                    lo[h] = _mm256_add_epi16(lo[h], _mm256_maddubs_epi16(_mm256_and_si256(v, m0f), xl));
                    hi[h] = _mm256_add_epi16(hi[h], _mm256_maddubs_epi16(_mm256_and_si256(_mm256_srli_epi16(v, 4), m0f), xh));
                }
            }
            _Pragma("GCC unroll 2") for (int h = 0; h < 2; h++) {
                const __m256 w0 = _mm256_load_ps(reinterpret_cast<const float*>(scales + SC_WS + 64 * (2 * i) + 32 * h));
                const __m256 w1 = _mm256_load_ps(reinterpret_cast<const float*>(scales + SC_WS + 64 * (2 * i + 1) + 32 * h));
                part[h] = _mm256_fmadd_ps(_mm256_cvtepi32_ps(_mm256_madd_epi16(lo[h], ones)), w0, part[h]);
                part[h] = _mm256_fmadd_ps(_mm256_cvtepi32_ps(_mm256_madd_epi16(hi[h], ones)), w1, part[h]);
            }
        }
        _Pragma("GCC unroll 2") for (int h = 0; h < 2; h++) {
            const __m256 dm = _mm256_load_ps(reinterpret_cast<const float*>(scales + SC_DMIN + 32 * h));
            const __m256i ms = min_sum(scales + SC_MP + 32 * h, tk.b32[0] + 8 * s);
            part[h] = _mm256_fnmadd_ps(_mm256_cvtepi32_ps(ms), dm, part[h]);
            acc[h] = _mm256_fmadd_ps(part[h], _mm256_set1_ps(tk.dx[0][s]), acc[h]);
        }
    }
    _mm256_storeu_ps(y, acc[0]);
    _mm256_storeu_ps(y + 8, acc[1]);
}

struct Q4KPanels {
    static constexpr size_t PANEL_SB_BYTES = Q4K_PANEL_SB_BYTES, DEC_SB_BYTES = DEC_SB;
    static constexpr int TILE_PANELS = 1, TILE_TOKENS = 3;
    template <int NT>
    static void stream(const uint8_t* panel, int64_t n_sb, const ActQ8KPLayout& L, const uint8_t* act, size_t as,
                       float* y, int64_t ys) {
        if constexpr (NT == 1) stream_panel_1(panel, n_sb, L, act, y);
        else stream_panel<NT>(panel, n_sb, L, act, as, y, ys);
    }
    static void decode(const uint8_t* panel, int64_t n_sb, uint8_t* dec) { decode_panel(panel, n_sb, dec); }
    template <int P>
    static void tile(int nt, const uint8_t* const* dec, int64_t n_sb, const ActQ8KPLayout& L, const uint8_t* act,
                     size_t as, float* y, int64_t ys) {
        by_tokens<TILE_TOKENS>(nt, [&]<int NT>() { dec_tile<P, NT>(dec, n_sb, L, act, as, y, ys); });
    }
};

void panel_q4_k(const uint8_t* w, int64_t n, const uint8_t* act, size_t as, int64_t n_tokens, float* y, int64_t ys,
                int64_t r0, int64_t r1) {
    run_k_panels<Q4KPanels>(w, n, act, as, n_tokens, y, ys, r0, r1);
}

// Bit for bit the scalar twin's quantize_q8kp (panels_k.cpp): the same
// amax, scale and round-half-even quants (cvtps2dq, as nearbyint).
void quantize_q8kp(const float* x, int64_t n, uint8_t* out) {
    const ActQ8KPLayout L(n);
    auto* qs = reinterpret_cast<int8_t*>(out + L.qs_off);
    auto* ds = reinterpret_cast<float*>(out + L.d_off);
    auto* b32 = reinterpret_cast<int16_t*>(out + L.bsum32_off);
    auto* neg16 = reinterpret_cast<int32_t*>(out + L.negoff16_off);
    for (int64_t s = 0; s < L.n_sb; s++) {
        int32_t sums[16];
        ds[s] = quantize_sb256(x + s * 256, qs + s * 256, sums);
        for (int g = 0; g < 16; g++) neg16[s * 16 + g] = -32 * sums[g];
        for (int c = 0; c < 8; c++) b32[s * 8 + c] = static_cast<int16_t>(sums[2 * c] + sums[2 * c + 1]);
    }
}

}  // namespace

void avx2_add_panels_k(KernelTable& t) {
    t.panel_q4_k = panel_q4_k;
    t.quantize_q8kp = quantize_q8kp;
    avx2_add_panels_q6k(t);
}

}  // namespace os1::engine::kernels

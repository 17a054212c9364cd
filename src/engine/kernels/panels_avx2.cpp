// AVX2/FMA kernels for q8_0 panels (layout.h), for CPUs without AVX-512:
// the same 16-row panels as panels_avx512.cpp, read as two halves of 8
// rows (one 32-byte load = 4 columns of 8 rows), one int32 lane per row.
// AVX2 has no vpdpbusd: vpmaddubsw multiplies unsigned by signed bytes
// into saturating int16 pairs, so the panel's u = q + 128 is turned back
// into q (xor 0x80) and the sign trick keeps every pair sum exact:
//   |q| * (x * sign(q)),  |q| <= 128, |x| <= 127  ->  pair <= 32512
// then vpmaddwd with ones widens the pairs into the row's int32 lane. Per
// block the integer sum is sum(q * x), exactly the scalar twin's
// sum(u * x) - 128 * sum(x), and the float steps per (row, token) are the
// twin's (acc = fma(float(isum_b), ws_b * xs_b, acc), blocks in order), so
// these kernels give the scalar twin's bits, and the AVX-512 kernels'.
// Compiled with -mavx2 -mfma -mf16c (by file name).
#pragma GCC diagnostic ignored "-Wuninitialized"
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#include <immintrin.h>

#include <algorithm>
#include <cstddef>
#include <cstring>

#include "engine/gguf/tensor_types.h"
#include "engine/kernels/avx2_util.h"
#include "engine/kernels/layout.h"

namespace os1::engine::kernels {

namespace {

// How far generation prefetches ahead in a panel stream (as the AVX-512
// file: the panel is one linear stream; the hardware prefetcher does the rest).
constexpr size_t GEN_PREFETCH = 2048;

// P panels (w[p]) times NT tokens: 2P halves of 8 rows. Registers: per half
// q and |q| (2P), per (half, token) an int32 sum and a float accumulator.
template <int P, int NT>
void panel_tile(const uint8_t* const* w, int64_t nb, const ActQ8PLayout& L, const uint8_t* act, size_t as, float* y,
                int64_t ys, bool prefetch) {
    constexpr int H = 2 * P;
    const int8_t* qs[NT];
    const float* xs[NT];
    for (int t = 0; t < NT; t++) {
        qs[t] = reinterpret_cast<const int8_t*>(act + t * as + L.qs_off);
        xs[t] = reinterpret_cast<const float*>(act + t * as + L.xs_off);
    }
    const __m256i ones = _mm256_set1_epi16(1);
    const __m256i flip = _mm256_set1_epi8(static_cast<char>(0x80));
    __m256 acc[H][NT];
    _Pragma("GCC unroll 16") for (int h = 0; h < H; h++)
        _Pragma("GCC unroll 16") for (int t = 0; t < NT; t++) acc[h][t] = _mm256_setzero_ps();
    for (int64_t b = 0; b < nb; b++) {
        __m256i dp[H][NT];
        _Pragma("GCC unroll 16") for (int h = 0; h < H; h++)
            _Pragma("GCC unroll 16") for (int t = 0; t < NT; t++) dp[h][t] = _mm256_setzero_si256();
        const size_t uo = panel_u(b), so = panel_scales(b, nb);
        if (prefetch)
            _Pragma("GCC unroll 16") for (int p = 0; p < P; p++) {
                for (int l = 0; l < 512; l += 64) prefetch_l2(w[p] + uo + GEN_PREFETCH + l);
                if (b & 1) prefetch_l2(w[p] + uo + 512 + GEN_PREFETCH);
            }
        _Pragma("GCC unroll 8") for (int k = 0; k < 8; k++) {
            __m256i q[H], aq[H];
            _Pragma("GCC unroll 16") for (int h = 0; h < H; h++) {
                q[h] = _mm256_xor_si256(load256(w[h / 2] + uo + 64 * k + 32 * (h & 1)), flip);
                aq[h] = _mm256_abs_epi8(q[h]);
            }
            _Pragma("GCC unroll 16") for (int t = 0; t < NT; t++) {
                const __m256i x = _mm256_set1_epi32(load_i32(qs[t] + 32 * b + 4 * k));
                _Pragma("GCC unroll 16") for (int h = 0; h < H; h++) {
                    const __m256i pr = _mm256_maddubs_epi16(aq[h], _mm256_sign_epi8(x, q[h]));
                    dp[h][t] = _mm256_add_epi32(dp[h][t], _mm256_madd_epi16(pr, ones));
                }
            }
        }
        __m256 ws[H];
        _Pragma("GCC unroll 16") for (int h = 0; h < H; h++)
            ws[h] = _mm256_cvtph_ps(_mm_loadu_si128(reinterpret_cast<const __m128i*>(w[h / 2] + so + 16 * (h & 1))));
        _Pragma("GCC unroll 16") for (int t = 0; t < NT; t++) {
            const __m256 x = _mm256_set1_ps(xs[t][b]);
            _Pragma("GCC unroll 16") for (int h = 0; h < H; h++)
                acc[h][t] = _mm256_fmadd_ps(_mm256_cvtepi32_ps(dp[h][t]), _mm256_mul_ps(ws[h], x), acc[h][t]);
        }
    }
    _Pragma("GCC unroll 16") for (int t = 0; t < NT; t++)
        _Pragma("GCC unroll 16") for (int h = 0; h < H; h++) _mm256_storeu_ps(y + t * ys + 8 * h, acc[h][t]);
}

template <int P>
void panel_tile_nt(int nt, const uint8_t* const* w, int64_t nb, const ActQ8PLayout& L, const uint8_t* act, size_t as,
                   float* y, int64_t ys) {
    switch (nt) {
        case 1: panel_tile<P, 1>(w, nb, L, act, as, y, ys, false); break;
        default: panel_tile<P, 2>(w, nb, L, act, as, y, ys, false); break;
    }
}

// 1 panel x 2 tokens: 4 int32 sums + 4 float accumulators + 2 x (q, |q|)
// + the broadcast activations fit the 16 ymm registers. Measured
// (kernels_bench, this 2-core EPYC, busy): 1 x 2 ~50 GMAC/s, 1 x 3 ~48-50.
constexpr int TILE_PANELS = 1;
constexpr int TILE_TOKENS = 2;
// Panels per block: the block's weights stay in L2 while every token tile
// passes over them.
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
    const int64_t block =
        std::max<int64_t>(TILE_PANELS, static_cast<int64_t>(BLOCK_BYTES / panel_bytes) / TILE_PANELS * TILE_PANELS);
    for (int64_t pb = p0; pb < p1; pb += block) {
        const int64_t pe = std::min(p1, pb + block);
        for (int64_t t = 0; t < n_tokens; t += TILE_TOKENS) {
            const int nt = static_cast<int>(std::min<int64_t>(TILE_TOKENS, n_tokens - t));
            for (int64_t p = pb; p < pe; p += TILE_PANELS) {
                const uint8_t* wp[TILE_PANELS];
                for (int i = 0; i < TILE_PANELS; i++) wp[i] = w + (p + i) * panel_bytes;
                panel_tile_nt<TILE_PANELS>(nt, wp, nb, L, act + t * as, as, y + t * ys + p * PANEL_ROWS, ys);
            }
        }
    }
}

// Bit for bit the scalar twin's quantize_q8p (panels.cpp): the same
// amax, f16-rounded scale and round-half-even quants.
void quantize_q8p(const float* x, int64_t n, uint8_t* out) {
    const ActQ8PLayout L(n);
    auto* qs = reinterpret_cast<int8_t*>(out + L.qs_off);
    auto* negoff = reinterpret_cast<int32_t*>(out + L.negoff_off);
    auto* xs = reinterpret_cast<float*>(out + L.xs_off);
    auto* s = reinterpret_cast<float*>(out + L.s_off);
    for (int64_t b = 0; b < L.n_blocks; b++) {
        const float amax = abs_max32(x + b * 32);
        const float d = fp16_to_fp32(fp32_to_fp16(amax / 127.0f));  // f16 scale, as ggml's q8_0
        const float id = amax != 0.0f ? 127.0f / amax : 0.0f;
        const int32_t sum = quantize32(x + b * 32, id, qs + b * 32);
        negoff[b] = -128 * sum;
        xs[b] = d;
        s[b] = fp16_to_fp32(fp32_to_fp16(static_cast<float>(sum) * (amax / 127.0f)));  // q8_1's s
    }
}

}  // namespace

void avx2_add_panels(KernelTable& t) {
    t.panel_q8_0 = panel_q8_0;
    t.quantize_q8p = quantize_q8p;
}

}  // namespace os1::engine::kernels

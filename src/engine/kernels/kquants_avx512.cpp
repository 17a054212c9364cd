// AVX-512 (F/BW/VL + VNNI) kernels for the k-quants q4_K and q6_K, and
// their activation quantizer (ActQ8K). Compiled with AVX-512 flags (by file
// name); only reached through avx512_table(), after cpu_features() reports
// avx512f/bw/vl + vnni.
//
// Each super-block's weights are decoded once into unsigned bytes and
// multiplied with each of up to TILE tokens' int8 activations: vpmaddubsw
// pairs, then vpdpwssd with the 16-bit sub-block scales (exact integer
// sums); the offsets (q4_K mins, q6_K's 32) come out with the activation
// block sums. Same integer arithmetic as kernels_scalar.cpp; the float sums
// differ only in order.
// GCC 12 flags its own _mm512_undefined_*() helpers as uninitialized.
#pragma GCC diagnostic ignored "-Wuninitialized"
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#include <immintrin.h>

#include <cstddef>
#include <cstring>

#include "engine/kernels/avx512_util.h"
#include "engine/kernels/layout.h"
#include "engine/kernels/tile_dispatch.h"

namespace os1::engine::kernels {

namespace {

void quantize_q8k(const float* x, int64_t n, uint8_t* out) {
    ActQ8KLayout L(n);
    auto* qs = reinterpret_cast<int8_t*>(out + L.qs_off);
    auto* ds = reinterpret_cast<float*>(out + L.d_off);
    auto* b16 = reinterpret_cast<int16_t*>(out + L.bsum16_off);
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
        for (int g = 0; g < 16; g++) {
            __m512i q = _mm512_cvtps_epi32(_mm512_mul_ps(_mm512_loadu_ps(xb + g * 16), vid));
            _mm_storeu_si128(reinterpret_cast<__m128i*>(qs + s * 256 + g * 16), _mm512_cvtepi32_epi8(q));
            b16[s * 16 + g] = static_cast<int16_t>(_mm512_reduce_add_epi32(q));
        }
        for (int g = 0; g < 8; g++) b32[s * 8 + g] = static_cast<int16_t>(b16[s * 16 + 2 * g] + b16[s * 16 + 2 * g + 1]);
    }
}

// --- q4_K: 8 sub-blocks of 32, 6-bit scales and mins ---

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

// 16-bit lanes 0..15 = element a, 16..31 = element b of a vpermw source.
inline __m512i pair_index(int a, int b) {
    return _mm512_mask_blend_epi16(0xFFFF0000u, _mm512_set1_epi16(static_cast<short>(a)),
                                   _mm512_set1_epi16(static_cast<short>(b)));
}

// Register k holds sub-blocks 2k (bytes 0..31: low nibbles) and 2k+1 (high
// nibbles). vpmaddubsw pairs (<= 2 * 15 * 127, no saturation) then
// vpdpwssd with the 16-bit sub-block scales: exact integer sums.
template <int NT>
void dot_q4_k_nt(const uint8_t* w, int64_t n, const uint8_t* act, size_t as, float* out, int64_t os) {
    ActQ8KLayout L(n);
    auto* blocks = reinterpret_cast<const BlockQ4_K*>(w);
    __m512 acc[NT];
    __m128 macc[NT];
    for (int t = 0; t < NT; t++) acc[t] = _mm512_setzero_ps(), macc[t] = _mm_setzero_ps();
    const __m512i nib = _mm512_set1_epi8(0x0F);
    const __m512i idx[4] = {pair_index(0, 1), pair_index(2, 3), pair_index(4, 5), pair_index(6, 7)};
    for (int64_t s = 0; s < L.n_sb; s++) {
        const BlockQ4_K& b = blocks[s];
        if (NT == 1) {
            const uint8_t* next = reinterpret_cast<const uint8_t*>(&b) + PREFETCH_BYTES;
            prefetch_l2(next);
            prefetch_l2(next + 64);
            prefetch_l2(next + 128);
        }
        uint64_t sc, mn;
        q4k_unpack(b.scales, sc, mn);
        const __m512i sc16 = _mm512_castsi128_si512(_mm_cvtepu8_epi16(_mm_cvtsi64_si128(static_cast<long long>(sc))));
        const __m128i m16 = _mm_cvtepu8_epi16(_mm_cvtsi64_si128(static_cast<long long>(mn)));
        __m512i scv[4], u[4];
        for (int k = 0; k < 4; k++) {
            scv[k] = _mm512_permutexvar_epi16(idx[k], sc16);
            __m256i q = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(b.qs + 32 * k));
            u[k] = _mm512_and_si512(_mm512_inserti64x4(_mm512_castsi256_si512(q), _mm256_srli_epi16(q, 4), 1), nib);
        }
        const float d = h2f(b.d), dmin = h2f(b.dmin);
        for (int t = 0; t < NT; t++) {
            const uint8_t* a = act + t * as;
            const uint8_t* x = a + L.qs_off + s * 256;
            __m512i isum = _mm512_madd_epi16(_mm512_maddubs_epi16(u[0], _mm512_loadu_si512(x)), scv[0]);
            isum = _mm512_dpwssd_epi32(isum, _mm512_maddubs_epi16(u[1], _mm512_loadu_si512(x + 64)), scv[1]);
            isum = _mm512_dpwssd_epi32(isum, _mm512_maddubs_epi16(u[2], _mm512_loadu_si512(x + 128)), scv[2]);
            isum = _mm512_dpwssd_epi32(isum, _mm512_maddubs_epi16(u[3], _mm512_loadu_si512(x + 192)), scv[3]);
            const float dx = reinterpret_cast<const float*>(a + L.d_off)[s];
            acc[t] = _mm512_fmadd_ps(_mm512_cvtepi32_ps(isum), _mm512_set1_ps(d * dx), acc[t]);
            __m128i bs = _mm_loadu_si128(reinterpret_cast<const __m128i*>(a + L.bsum32_off) + s);
            macc[t] = _mm_fmadd_ps(_mm_cvtepi32_ps(_mm_madd_epi16(m16, bs)), _mm_set1_ps(dmin * dx), macc[t]);
        }
    }
    for (int t = 0; t < NT; t++) {
        __m128 m = _mm_add_ps(macc[t], _mm_movehl_ps(macc[t], macc[t]));
        m = _mm_add_ss(m, _mm_movehdup_ps(m));
        out[t * os] = _mm512_reduce_add_ps(acc[t]) - _mm_cvtss_f32(m);
    }
}

// --- q6_K: 16 sub-blocks of 16, int8 scales, 6-bit values offset 32 ---

// Register k holds elements 64k..64k+63 (sub-blocks 4k..4k+3); vpmaddubsw
// pairs (<= 2 * 63 * 127) times the 16-bit scales by vpdpwssd, then the
// offset 32 comes out as 32 * sum(scale * block sum).
template <int NT>
void dot_q6_k_nt(const uint8_t* w, int64_t n, const uint8_t* act, size_t as, float* out, int64_t os) {
    ActQ8KLayout L(n);
    auto* blocks = reinterpret_cast<const BlockQ6_K*>(w);
    __m512 acc[NT];
    for (int t = 0; t < NT; t++) acc[t] = _mm512_setzero_ps();
    const __m512i nib = _mm512_set1_epi8(0x0F);
    const __m512i m30 = _mm512_set1_epi8(0x30);
    __m512i idx[4];  // 16-bit lane l of register k: scale 4k + l / 8
    for (int k = 0; k < 4; k++)
        idx[k] = _mm512_add_epi16(_mm512_set1_epi16(static_cast<short>(4 * k)),
                                  _mm512_srli_epi16(_mm512_setr_epi64(0x0000000000000000, 0x0000000000000000,
                                                                      0x0008000800080008, 0x0008000800080008,
                                                                      0x0010001000100010, 0x0010001000100010,
                                                                      0x0018001800180018, 0x0018001800180018),
                                                    3));
    for (int64_t s = 0; s < L.n_sb; s++) {
        const BlockQ6_K& b = blocks[s];
        if (NT == 1) {
            const uint8_t* next = reinterpret_cast<const uint8_t*>(&b) + PREFETCH_BYTES;
            prefetch_l2(next);
            prefetch_l2(next + 64);
            prefetch_l2(next + 128);
            prefetch_l2(next + 192);
        }
        const __m128i sc8 = _mm_loadu_si128(reinterpret_cast<const __m128i*>(b.scales));
        const __m256i sc16 = _mm256_cvtepi8_epi16(sc8);
        __m512i scv[4], u[4];
        for (int k = 0; k < 4; k++) scv[k] = _mm512_permutexvar_epi16(idx[k], _mm512_castsi256_si512(sc16));
        for (int c = 0; c < 2; c++) {
            __m512i ql = _mm512_loadu_si512(b.ql + 64 * c);
            __m256i qh = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(b.qh + 32 * c));
            // elements 0..31: qh bits 0-1, 32..63: bits 2-3, 64..95: 4-5, 96..127: 6-7
            __m512i h_lo = _mm512_and_si512(
                _mm512_inserti64x4(_mm512_castsi256_si512(_mm256_slli_epi16(qh, 4)), _mm256_slli_epi16(qh, 2), 1), m30);
            __m512i h_hi = _mm512_and_si512(
                _mm512_inserti64x4(_mm512_castsi256_si512(qh), _mm256_srli_epi16(qh, 2), 1), m30);
            u[2 * c] = _mm512_or_si512(_mm512_and_si512(ql, nib), h_lo);
            u[2 * c + 1] = _mm512_or_si512(_mm512_and_si512(_mm512_srli_epi16(ql, 4), nib), h_hi);
        }
        const float d = h2f(b.d);
        for (int t = 0; t < NT; t++) {
            const uint8_t* a = act + t * as;
            const uint8_t* x = a + L.qs_off + s * 256;
            __m512i isum = _mm512_madd_epi16(_mm512_maddubs_epi16(u[0], _mm512_loadu_si512(x)), scv[0]);
            isum = _mm512_dpwssd_epi32(isum, _mm512_maddubs_epi16(u[1], _mm512_loadu_si512(x + 64)), scv[1]);
            isum = _mm512_dpwssd_epi32(isum, _mm512_maddubs_epi16(u[2], _mm512_loadu_si512(x + 128)), scv[2]);
            isum = _mm512_dpwssd_epi32(isum, _mm512_maddubs_epi16(u[3], _mm512_loadu_si512(x + 192)), scv[3]);
            __m256i bs = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(a + L.bsum16_off) + s);
            __m256i corr = _mm256_slli_epi32(_mm256_madd_epi16(sc16, bs), 5);
            isum = _mm512_sub_epi32(isum, _mm512_zextsi256_si512(corr));
            const float dx = reinterpret_cast<const float*>(a + L.d_off)[s];
            acc[t] = _mm512_fmadd_ps(_mm512_cvtepi32_ps(isum), _mm512_set1_ps(d * dx), acc[t]);
        }
    }
    for (int t = 0; t < NT; t++) out[t * os] = _mm512_reduce_add_ps(acc[t]);
}

template <int NT> struct Q4K { static void run(const uint8_t* w, int64_t n, const uint8_t* a, size_t as, float* o, int64_t os) { dot_q4_k_nt<NT>(w, n, a, as, o, os); } };
template <int NT> struct Q6K { static void run(const uint8_t* w, int64_t n, const uint8_t* a, size_t as, float* o, int64_t os) { dot_q6_k_nt<NT>(w, n, a, as, o, os); } };

}  // namespace

void avx512_add_kquants(KernelTable& t) {
    t.dot[static_cast<int>(Kind::Q4_K)] = by_nt<Q4K>;
    t.dot[static_cast<int>(Kind::Q6_K)] = by_nt<Q6K>;
    t.quantize_q8k = quantize_q8k;
}

}  // namespace os1::engine::kernels

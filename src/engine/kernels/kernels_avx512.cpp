// AVX-512 (F/BW/VL + VNNI) kernels. Compiled with AVX-512 flags (by file
// name); only reached after cpu_features() reports avx512f/bw/vl + vnni.
//
// Every weight block is decoded once per row into unsigned bytes u (4-bit,
// 5-bit, 6-bit or 8-bit + 128) and multiplied with each of up to TILE
// tokens' int8 activations by vpdpbusd (u8 x s8, four products summed per
// 32-bit lane); the constant offset of u is taken out per block with the
// activation block sums. Same arithmetic as kernels_scalar.cpp.
// GCC 12 flags its own _mm512_undefined_*() helpers as uninitialized.
#pragma GCC diagnostic ignored "-Wuninitialized"
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#include <immintrin.h>

#include <algorithm>
#include <cstring>

#include "engine/kernels/layout.h"
#include "engine/kernels/tile_dispatch.h"

namespace os1::engine::kernels {

namespace {

inline float h2f(uint16_t h) { return _cvtsh_ss(h); }

inline __m512i load2x256(const void* a, const void* b) {
    return _mm512_inserti64x4(_mm512_castsi256_si512(_mm256_loadu_si256(static_cast<const __m256i*>(a))),
                              _mm256_loadu_si256(static_cast<const __m256i*>(b)), 1);
}

// --- activation quantization (bit-identical to the scalar twin) ---

inline float hmax_abs(__m512 v) { return _mm512_reduce_max_ps(_mm512_abs_ps(v)); }

void quantize_q8(const float* x, int64_t n, int offset, uint8_t* out) {
    ActQ8Layout L(n);
    auto* qs = reinterpret_cast<int8_t*>(out + L.qs_off);
    auto* xs = reinterpret_cast<float*>(out + L.xs_off);
    auto* negoff = reinterpret_cast<int32_t*>(out + L.negoff_off);
    for (int64_t b = 0; b < L.n_pairs * 2; b++) {
        float d = 0.0f;
        int32_t sum = 0;
        if (b < L.n_blocks) {
            __m512 v0 = _mm512_loadu_ps(x + b * 32), v1 = _mm512_loadu_ps(x + b * 32 + 16);
            float amax = std::max(hmax_abs(v0), hmax_abs(v1));
            d = amax / 127.0f;
            float id = d != 0.0f ? 127.0f / amax : 0.0f;
            __m512 vid = _mm512_set1_ps(id);
            __m512i q0 = _mm512_cvtps_epi32(_mm512_mul_ps(v0, vid));
            __m512i q1 = _mm512_cvtps_epi32(_mm512_mul_ps(v1, vid));
            sum = _mm512_reduce_add_epi32(_mm512_add_epi32(q0, q1));
            _mm_storeu_si128(reinterpret_cast<__m128i*>(qs + b * 32), _mm512_cvtepi32_epi8(q0));
            _mm_storeu_si128(reinterpret_cast<__m128i*>(qs + b * 32 + 16), _mm512_cvtepi32_epi8(q1));
        } else {
            std::memset(qs + b * 32, 0, 32);
        }
        _mm256_storeu_ps(xs + (b / 2) * 16 + (b % 2) * 8, _mm256_set1_ps(d));
        _mm256_storeu_si256(reinterpret_cast<__m256i*>(negoff + (b / 2) * 16 + (b % 2) * 8),
                            _mm256_setr_epi32(-offset * sum, 0, 0, 0, 0, 0, 0, 0));
    }
}

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

// --- 32-element blocks, two per step ---

struct Q4_0Dec {
    static constexpr size_t BYTES = sizeof(BlockQ4_0);
    static constexpr int OFFSET = 8;
    static __m512i decode(const uint8_t* p0, const uint8_t* p1) {
        auto* b0 = reinterpret_cast<const BlockQ4_0*>(p0);
        auto* b1 = reinterpret_cast<const BlockQ4_0*>(p1);
        __m256i a = _mm256_set_m128i(_mm_loadu_si128(reinterpret_cast<const __m128i*>(b1->qs)),
                                     _mm_loadu_si128(reinterpret_cast<const __m128i*>(b0->qs)));
        __m256i s = _mm256_srli_epi16(a, 4);
        const __m512i idx = _mm512_setr_epi64(0, 1, 8, 9, 2, 3, 10, 11);
        __m512i v = _mm512_permutex2var_epi64(_mm512_castsi256_si512(a), idx, _mm512_castsi256_si512(s));
        return _mm512_and_si512(v, _mm512_set1_epi8(0x0F));
    }
};

struct Q5_0Dec {
    static constexpr size_t BYTES = sizeof(BlockQ5_0);
    static constexpr int OFFSET = 16;
    static __m512i decode(const uint8_t* p0, const uint8_t* p1) {
        auto* b0 = reinterpret_cast<const BlockQ5_0*>(p0);
        auto* b1 = reinterpret_cast<const BlockQ5_0*>(p1);
        __m256i a = _mm256_set_m128i(_mm_loadu_si128(reinterpret_cast<const __m128i*>(b1->qs)),
                                     _mm_loadu_si128(reinterpret_cast<const __m128i*>(b0->qs)));
        __m256i s = _mm256_srli_epi16(a, 4);
        const __m512i idx = _mm512_setr_epi64(0, 1, 8, 9, 2, 3, 10, 11);
        __m512i v = _mm512_permutex2var_epi64(_mm512_castsi256_si512(a), idx, _mm512_castsi256_si512(s));
        v = _mm512_and_si512(v, _mm512_set1_epi8(0x0F));
        uint32_t h0, h1;
        std::memcpy(&h0, b0->qh, 4);
        std::memcpy(&h1, b1->qh, 4);
        __mmask64 hm = static_cast<__mmask64>(h0) | (static_cast<__mmask64>(h1) << 32);
        return _mm512_or_si512(v, _mm512_maskz_mov_epi8(hm, _mm512_set1_epi8(0x10)));
    }
};

struct Q8_0Dec {
    static constexpr size_t BYTES = sizeof(BlockQ8_0);
    static constexpr int OFFSET = 128;
    static __m512i decode(const uint8_t* p0, const uint8_t* p1) {
        auto* b0 = reinterpret_cast<const BlockQ8_0*>(p0);
        auto* b1 = reinterpret_cast<const BlockQ8_0*>(p1);
        return _mm512_xor_si512(load2x256(b0->qs, b1->qs), _mm512_set1_epi8(static_cast<char>(0x80)));
    }
};

template <typename Dec, int NT>
void dot_q32_nt(const uint8_t* w, int64_t n, const uint8_t* act, size_t as, float* out, int64_t os) {
    ActQ8Layout L(n);
    const int64_t np = L.n_blocks / 2;  // callers guarantee an even block count
    __m512 acc[NT];
    for (int t = 0; t < NT; t++) acc[t] = _mm512_setzero_ps();
    for (int64_t p = 0; p < np; p++) {
        const uint8_t* p0 = w + (2 * p) * Dec::BYTES;
        const uint8_t* p1 = p0 + Dec::BYTES;
        __m512i u = Dec::decode(p0, p1);
        uint16_t h0, h1;
        std::memcpy(&h0, p0, 2);
        std::memcpy(&h1, p1, 2);
        const __m512 ws = _mm512_insertf32x8(_mm512_set1_ps(h2f(h0)), _mm256_set1_ps(h2f(h1)), 1);
        for (int t = 0; t < NT; t++) {
            const uint8_t* a = act + t * as;
            // Starting at -offset * sum(x) turns sum(u * x) into sum(q * x).
            __m512i dp = _mm512_dpbusd_epi32(_mm512_loadu_si512(a + L.negoff_off + p * 64), u,
                                             _mm512_loadu_si512(a + L.qs_off + p * 64));
            __m512 xs = _mm512_loadu_ps(reinterpret_cast<const float*>(a + L.xs_off) + p * 16);
            acc[t] = _mm512_fmadd_ps(_mm512_cvtepi32_ps(dp), _mm512_mul_ps(ws, xs), acc[t]);
        }
    }
    for (int t = 0; t < NT; t++) out[t * os] = _mm512_reduce_add_ps(acc[t]);
}

// Two weight rows at once: each token's activation loads serve both rows
// (loads, not arithmetic, bound the one-row kernel on double-pumped AVX-512).
template <typename Dec, int NT>
void dot2_q32_nt(const uint8_t* w0, const uint8_t* w1, int64_t n, const uint8_t* act, size_t as, float* out,
                 int64_t os) {
    ActQ8Layout L(n);
    const int64_t np = L.n_blocks / 2;
    __m512 acc0[NT], acc1[NT];
    for (int t = 0; t < NT; t++) acc0[t] = acc1[t] = _mm512_setzero_ps();
    for (int64_t p = 0; p < np; p++) {
        const uint8_t* a0 = w0 + (2 * p) * Dec::BYTES;
        const uint8_t* b0 = w1 + (2 * p) * Dec::BYTES;
        __m512i u0 = Dec::decode(a0, a0 + Dec::BYTES);
        __m512i u1 = Dec::decode(b0, b0 + Dec::BYTES);
        uint16_t h[4];
        std::memcpy(&h[0], a0, 2);
        std::memcpy(&h[1], a0 + Dec::BYTES, 2);
        std::memcpy(&h[2], b0, 2);
        std::memcpy(&h[3], b0 + Dec::BYTES, 2);
        const __m512 ws0 = _mm512_insertf32x8(_mm512_set1_ps(h2f(h[0])), _mm256_set1_ps(h2f(h[1])), 1);
        const __m512 ws1 = _mm512_insertf32x8(_mm512_set1_ps(h2f(h[2])), _mm256_set1_ps(h2f(h[3])), 1);
        for (int t = 0; t < NT; t++) {
            const uint8_t* a = act + t * as;
            const __m512i no = _mm512_loadu_si512(a + L.negoff_off + p * 64);
            const __m512i x = _mm512_loadu_si512(a + L.qs_off + p * 64);
            const __m512 xs = _mm512_loadu_ps(reinterpret_cast<const float*>(a + L.xs_off) + p * 16);
            __m512i dp0 = _mm512_dpbusd_epi32(no, u0, x);
            __m512i dp1 = _mm512_dpbusd_epi32(no, u1, x);
            acc0[t] = _mm512_fmadd_ps(_mm512_cvtepi32_ps(dp0), _mm512_mul_ps(ws0, xs), acc0[t]);
            acc1[t] = _mm512_fmadd_ps(_mm512_cvtepi32_ps(dp1), _mm512_mul_ps(ws1, xs), acc1[t]);
        }
    }
    for (int t = 0; t < NT; t++) {
        out[t * os] = _mm512_reduce_add_ps(acc0[t]);
        out[t * os + 1] = _mm512_reduce_add_ps(acc1[t]);
    }
}

// --- q4_K: 8 sub-blocks of 32, 6-bit scales and mins ---

template <int NT>
void dot_q4_k_nt(const uint8_t* w, int64_t n, const uint8_t* act, size_t as, float* out, int64_t os) {
    ActQ8KLayout L(n);
    auto* blocks = reinterpret_cast<const BlockQ4_K*>(w);
    __m512 acc[NT];
    __m128 macc[NT];
    for (int t = 0; t < NT; t++) acc[t] = _mm512_setzero_ps(), macc[t] = _mm_setzero_ps();
    const __m512i zero = _mm512_setzero_si512();
    const __m512i nib = _mm512_set1_epi8(0x0F);
    for (int64_t s = 0; s < L.n_sb; s++) {
        const BlockQ4_K& b = blocks[s];
        uint8_t sc[16] = {}, mn[8];
        for (int j = 0; j < 8; j++) q4k_scale_min(j, b.scales, sc[j], mn[j]);
        __m512i sc32 = _mm512_cvtepu8_epi32(_mm_loadu_si128(reinterpret_cast<const __m128i*>(sc)));
        __m512i scv[4], u[4];
        for (int k = 0; k < 4; k++) {
            const __m512i idx = _mm512_set_epi32(2 * k + 1, 2 * k + 1, 2 * k + 1, 2 * k + 1, 2 * k + 1, 2 * k + 1,
                                                 2 * k + 1, 2 * k + 1, 2 * k, 2 * k, 2 * k, 2 * k, 2 * k, 2 * k, 2 * k, 2 * k);
            scv[k] = _mm512_permutexvar_epi32(idx, sc32);
            __m256i q = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(b.qs + 32 * k));
            u[k] = _mm512_and_si512(
                _mm512_inserti64x4(_mm512_castsi256_si512(q), _mm256_srli_epi16(q, 4), 1), nib);
        }
        __m128i m16 = _mm_cvtepu8_epi16(_mm_loadl_epi64(reinterpret_cast<const __m128i*>(mn)));
        const float d = h2f(b.d), dmin = h2f(b.dmin);
        for (int t = 0; t < NT; t++) {
            const uint8_t* a = act + t * as;
            const uint8_t* x = a + L.qs_off + s * 256;
            __m512i i0 = _mm512_mullo_epi32(_mm512_dpbusd_epi32(zero, u[0], _mm512_loadu_si512(x)), scv[0]);
            __m512i i1 = _mm512_mullo_epi32(_mm512_dpbusd_epi32(zero, u[1], _mm512_loadu_si512(x + 64)), scv[1]);
            __m512i i2 = _mm512_mullo_epi32(_mm512_dpbusd_epi32(zero, u[2], _mm512_loadu_si512(x + 128)), scv[2]);
            __m512i i3 = _mm512_mullo_epi32(_mm512_dpbusd_epi32(zero, u[3], _mm512_loadu_si512(x + 192)), scv[3]);
            __m512i isum = _mm512_add_epi32(_mm512_add_epi32(i0, i1), _mm512_add_epi32(i2, i3));
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

template <int NT>
void dot_q6_k_nt(const uint8_t* w, int64_t n, const uint8_t* act, size_t as, float* out, int64_t os) {
    ActQ8KLayout L(n);
    auto* blocks = reinterpret_cast<const BlockQ6_K*>(w);
    __m512 acc[NT];
    for (int t = 0; t < NT; t++) acc[t] = _mm512_setzero_ps();
    const __m512i zero = _mm512_setzero_si512();
    const __m512i nib = _mm512_set1_epi8(0x0F);
    const __m512i m30 = _mm512_set1_epi8(0x30);
    for (int64_t s = 0; s < L.n_sb; s++) {
        const BlockQ6_K& b = blocks[s];
        __m128i sc8 = _mm_loadu_si128(reinterpret_cast<const __m128i*>(b.scales));
        __m512i sc32 = _mm512_cvtepi8_epi32(sc8);
        __m256i sc16 = _mm256_cvtepi8_epi16(sc8);
        __m512i scv[4], u[4];
        for (int k = 0; k < 4; k++) {
            const int a0 = 4 * k;
            const __m512i idx = _mm512_set_epi32(a0 + 3, a0 + 3, a0 + 3, a0 + 3, a0 + 2, a0 + 2, a0 + 2, a0 + 2,
                                                 a0 + 1, a0 + 1, a0 + 1, a0 + 1, a0, a0, a0, a0);
            scv[k] = _mm512_permutexvar_epi32(idx, sc32);
        }
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
            __m512i i0 = _mm512_mullo_epi32(_mm512_dpbusd_epi32(zero, u[0], _mm512_loadu_si512(x)), scv[0]);
            __m512i i1 = _mm512_mullo_epi32(_mm512_dpbusd_epi32(zero, u[1], _mm512_loadu_si512(x + 64)), scv[1]);
            __m512i i2 = _mm512_mullo_epi32(_mm512_dpbusd_epi32(zero, u[2], _mm512_loadu_si512(x + 128)), scv[2]);
            __m512i i3 = _mm512_mullo_epi32(_mm512_dpbusd_epi32(zero, u[3], _mm512_loadu_si512(x + 192)), scv[3]);
            __m512i isum = _mm512_add_epi32(_mm512_add_epi32(i0, i1), _mm512_add_epi32(i2, i3));
            __m256i bs = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(a + L.bsum16_off) + s);
            __m256i corr = _mm256_slli_epi32(_mm256_madd_epi16(sc16, bs), 5);
            isum = _mm512_sub_epi32(isum, _mm512_zextsi256_si512(corr));
            const float dx = reinterpret_cast<const float*>(a + L.d_off)[s];
            acc[t] = _mm512_fmadd_ps(_mm512_cvtepi32_ps(isum), _mm512_set1_ps(d * dx), acc[t]);
        }
    }
    for (int t = 0; t < NT; t++) out[t * os] = _mm512_reduce_add_ps(acc[t]);
}

// --- float weights: 16 per step, n % 16 == 0 (callers check) ---

struct F32Load {
    static __m512 load(const uint8_t* w, int64_t i) { return _mm512_loadu_ps(reinterpret_cast<const float*>(w) + i); }
};
struct F16Load {
    static __m512 load(const uint8_t* w, int64_t i) {
        return _mm512_cvtph_ps(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(w + 2 * i)));
    }
};
struct BF16Load {
    static __m512 load(const uint8_t* w, int64_t i) {
        __m512i v = _mm512_cvtepu16_epi32(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(w + 2 * i)));
        return _mm512_castsi512_ps(_mm512_slli_epi32(v, 16));
    }
};

template <typename Ld, int NT>
void dot_float_nt(const uint8_t* w, int64_t n, const uint8_t* act, size_t as, float* out, int64_t os) {
    __m512 acc[NT];
    for (int t = 0; t < NT; t++) acc[t] = _mm512_setzero_ps();
    for (int64_t i = 0; i < n; i += 16) {
        __m512 wv = Ld::load(w, i);
        for (int t = 0; t < NT; t++)
            acc[t] = _mm512_fmadd_ps(wv, _mm512_loadu_ps(reinterpret_cast<const float*>(act + t * as) + i), acc[t]);
    }
    for (int t = 0; t < NT; t++) out[t * os] = _mm512_reduce_add_ps(acc[t]);
}


template <template <int> class K>
void by_nt2(const uint8_t* w0, const uint8_t* w1, int64_t n, const uint8_t* act, size_t as, int nt, float* out,
            int64_t os) {
    switch (nt) {
        case 1: K<1>::run2(w0, w1, n, act, as, out, os); break;
        case 2: K<2>::run2(w0, w1, n, act, as, out, os); break;
        case 3: K<3>::run2(w0, w1, n, act, as, out, os); break;
        case 4: K<4>::run2(w0, w1, n, act, as, out, os); break;
        case 5: K<5>::run2(w0, w1, n, act, as, out, os); break;
        case 6: K<6>::run2(w0, w1, n, act, as, out, os); break;
        case 7: K<7>::run2(w0, w1, n, act, as, out, os); break;
        default: K<8>::run2(w0, w1, n, act, as, out, os); break;
    }
}

template <typename D> struct Q32 { template <int NT> struct K {
    static void run(const uint8_t* w, int64_t n, const uint8_t* a, size_t as, float* o, int64_t os) { dot_q32_nt<D, NT>(w, n, a, as, o, os); }
    static void run2(const uint8_t* w0, const uint8_t* w1, int64_t n, const uint8_t* a, size_t as, float* o, int64_t os) { dot2_q32_nt<D, NT>(w0, w1, n, a, as, o, os); }
}; };
template <int NT> struct Q4K { static void run(const uint8_t* w, int64_t n, const uint8_t* a, size_t as, float* o, int64_t os) { dot_q4_k_nt<NT>(w, n, a, as, o, os); } };
template <int NT> struct Q6K { static void run(const uint8_t* w, int64_t n, const uint8_t* a, size_t as, float* o, int64_t os) { dot_q6_k_nt<NT>(w, n, a, as, o, os); } };
template <typename Ld> struct Flt { template <int NT> struct K { static void run(const uint8_t* w, int64_t n, const uint8_t* a, size_t as, float* o, int64_t os) { dot_float_nt<Ld, NT>(w, n, a, as, o, os); } }; };

KernelTable make_table() {
    KernelTable t;
    t.dot[static_cast<int>(Kind::Q4_0)] = by_nt<Q32<Q4_0Dec>::K>;
    t.dot[static_cast<int>(Kind::Q5_0)] = by_nt<Q32<Q5_0Dec>::K>;
    t.dot[static_cast<int>(Kind::Q8_0)] = by_nt<Q32<Q8_0Dec>::K>;
    t.dot2[static_cast<int>(Kind::Q4_0)] = by_nt2<Q32<Q4_0Dec>::K>;
    t.dot2[static_cast<int>(Kind::Q5_0)] = by_nt2<Q32<Q5_0Dec>::K>;
    t.dot2[static_cast<int>(Kind::Q8_0)] = by_nt2<Q32<Q8_0Dec>::K>;
    t.dot[static_cast<int>(Kind::Q4_K)] = by_nt<Q4K>;
    t.dot[static_cast<int>(Kind::Q6_K)] = by_nt<Q6K>;
    t.dot[static_cast<int>(Kind::F32)] = by_nt<Flt<F32Load>::K>;
    t.dot[static_cast<int>(Kind::F16)] = by_nt<Flt<F16Load>::K>;
    t.dot[static_cast<int>(Kind::BF16)] = by_nt<Flt<BF16Load>::K>;
    t.quantize_q8 = quantize_q8;
    t.quantize_q8k = quantize_q8k;
    return t;
}

}  // namespace

const KernelTable* avx512_table() {
    static const KernelTable table = make_table();
    return &table;
}

}  // namespace os1::engine::kernels

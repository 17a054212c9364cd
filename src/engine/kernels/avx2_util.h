// Small helpers shared by the AVX2 panel files (*_avx2.cpp only: they need
// the AVX2 compile flags). File-private on purpose, like tile_dispatch.h:
// each including file keeps its own copies.
#pragma once

#include <immintrin.h>

#include <cstddef>
#include <cstdint>
#include <cstring>

namespace os1::engine::kernels {
namespace {

inline __m256i load256(const uint8_t* p) { return _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p)); }

inline int32_t load_i32(const int8_t* p) {
    int32_t v;
    std::memcpy(&v, p, 4);
    return v;
}

inline void prefetch_l2(const uint8_t* p) { _mm_prefetch(reinterpret_cast<const char*>(p), _MM_HINT_T1); }

inline float hmax8(__m256 v) {
    __m128 m = _mm_max_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
    m = _mm_max_ps(m, _mm_movehl_ps(m, m));
    m = _mm_max_ss(m, _mm_movehdup_ps(m));
    return _mm_cvtss_f32(m);
}

inline int32_t hsum8_epi32(__m256i v) {
    __m128i s = _mm_add_epi32(_mm256_castsi256_si128(v), _mm256_extracti128_si256(v, 1));
    s = _mm_add_epi32(s, _mm_unpackhi_epi64(s, s));
    s = _mm_add_epi32(s, _mm_shuffle_epi32(s, 1));
    return _mm_cvtsi128_si32(s);
}

// max |x[i]| over 32 floats (the scalar twins' fmax(fabs) loop for finite x).
inline float abs_max_n(const float* x, int n) {
    const __m256 sign = _mm256_set1_ps(-0.0f);
    __m256 m = _mm256_setzero_ps();
    for (int i = 0; i < n; i += 8) m = _mm256_max_ps(m, _mm256_andnot_ps(sign, _mm256_loadu_ps(x + i)));
    return hmax8(m);
}
inline float abs_max32(const float* x) { return abs_max_n(x, 32); }

// q[i] = nearbyint(x[i] * id) for 8 x 4 floats (cvtps2dq rounds half to
// even, as nearbyint does); returns the four sums of 8 in one vector.
inline __m256i quantize_8x4(const float* x, __m256 id, int8_t* q, __m256i* sums) {
    __m256i v[4];
    for (int i = 0; i < 4; i++) v[i] = _mm256_cvtps_epi32(_mm256_mul_ps(_mm256_loadu_ps(x + 8 * i), id));
    // Pack 32 int32 to 32 int8 in order (packs work per 128-bit lane).
    const __m256i a = _mm256_packs_epi32(v[0], v[1]), b = _mm256_packs_epi32(v[2], v[3]);
    const __m256i c = _mm256_permutevar8x32_epi32(_mm256_packs_epi16(a, b), _mm256_setr_epi32(0, 4, 1, 5, 2, 6, 3, 7));
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(q), c);
    for (int i = 0; i < 4; i++) sums[i] = v[i];
    return c;
}

// 32 floats quantized with 1/scale id into q; returns sum(q).
inline int32_t quantize32(const float* x, float id, int8_t* q) {
    __m256i s[4];
    quantize_8x4(x, _mm256_set1_ps(id), q, s);
    return hsum8_epi32(_mm256_add_epi32(_mm256_add_epi32(s[0], s[1]), _mm256_add_epi32(s[2], s[3])));
}

// One 256-element super-block quantized as the scalar twins' quantize_q8k /
// quantize_q8kp do (d = amax / 127, q = nearbyint(x * 127 / amax)): q into
// `q`, the 16 sums of 16 into sums16; returns d.
inline float quantize_sb256(const float* xb, int8_t* q, int32_t* sums16) {
    const float amax = abs_max_n(xb, 256);
    const float d = amax / 127.0f;
    const __m256 id = _mm256_set1_ps(d != 0.0f ? 127.0f / amax : 0.0f);
    for (int c = 0; c < 8; c++) {  // 32 elements: sub-blocks of 16 2c and 2c + 1
        __m256i v[4];
        quantize_8x4(xb + 32 * c, id, q + 32 * c, v);
        sums16[2 * c] = hsum8_epi32(_mm256_add_epi32(v[0], v[1]));
        sums16[2 * c + 1] = hsum8_epi32(_mm256_add_epi32(v[2], v[3]));
    }
    return d;
}

}  // namespace
}  // namespace os1::engine::kernels

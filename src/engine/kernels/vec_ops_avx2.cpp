// AVX2 versions of vec_ops.h: the same numbers as the scalar twins (and so
// as the AVX-512 versions), 16-lane blocks held as two 8-lane halves. Only
// reached after kernels::active_isa() reports AVX2 (with FMA and F16C).
#include <immintrin.h>

#include <algorithm>
#include <cstdint>

#include "engine/kernels/vec_ops.h"

namespace os1::engine::vec_ops_detail {

namespace {

// ggml's exp method on 8 lanes. The 2^n scale is a multiply by a built
// power of two, which rounds exactly as AVX-512's scalef while 2^n is a
// normal float (|n| <= 126); lanes outside that range (results that are
// subnormal, zero or infinite) are redone by the scalar twin.
inline __m256 exp8(__m256 x) {
    const __m256 shift = _mm256_set1_ps(0x1.8p23f);
    const __m256 z = _mm256_fmadd_ps(x, _mm256_set1_ps(0x1.715476p+0f), shift);
    const __m256 n = _mm256_sub_ps(z, shift);
    const __m256 b = _mm256_fnmadd_ps(n, _mm256_set1_ps(0x1.7f7d1cp-20f),
                                      _mm256_fnmadd_ps(n, _mm256_set1_ps(0x1.62e4p-1f), x));
    const __m256 u = _mm256_mul_ps(b, b);
    const __m256 p45 = _mm256_fmadd_ps(_mm256_set1_ps(0x1.0e4020p-7f), b, _mm256_set1_ps(0x1.573e2ep-5f));
    const __m256 p23 = _mm256_fmadd_ps(_mm256_set1_ps(0x1.555e66p-3f), b, _mm256_set1_ps(0x1.fffdb6p-2f));
    const __m256 p01 = _mm256_fmadd_ps(_mm256_set1_ps(0x1.ffffecp-1f), b, _mm256_set1_ps(1.0f));
    const __m256 j = _mm256_fmadd_ps(_mm256_fmadd_ps(p45, u, p23), u, p01);
    // 2^n from the exponent bits: (n + 127) << 23, n read back from z's low bits.
    const __m256i e = _mm256_slli_epi32(_mm256_add_epi32(_mm256_cvtps_epi32(n), _mm256_set1_epi32(127)), 23);
    __m256 res = _mm256_mul_ps(j, _mm256_castsi256_ps(e));
    const __m256 abs_n = _mm256_andnot_ps(_mm256_set1_ps(-0.0f), n);
    const int outside = _mm256_movemask_ps(_mm256_cmp_ps(abs_n, _mm256_set1_ps(126.0f), _CMP_NLE_UQ));
    if (outside) {
        alignas(32) float xs[8], rs[8];
        _mm256_store_ps(xs, x);
        _mm256_store_ps(rs, res);
        for (int l = 0; l < 8; l++)
            if (outside & (1 << l)) rs[l] = exp_scalar(xs[l]);
        res = _mm256_load_ps(rs);
    }
    return res;
}

// tree_sum16 of the 16 lanes lo (0..7) and hi (8..15).
inline float sum16(__m256 lo, __m256 hi) {
    const __m256 b = _mm256_add_ps(lo, hi);
    const __m128 c = _mm_add_ps(_mm256_castps256_ps128(b), _mm256_extractf128_ps(b, 1));
    const __m128 d = _mm_add_ps(c, _mm_movehl_ps(c, c));
    return _mm_cvtss_f32(_mm_add_ss(d, _mm_movehdup_ps(d)));
}

}  // namespace

double exp_sum_avx2(float* x, int n, float max) {
    const __m256 vmax = _mm256_set1_ps(max);
    double sum = 0.0;
    int i = 0;
    for (; i + 16 <= n; i += 16) {
        const __m256 lo = exp8(_mm256_sub_ps(_mm256_loadu_ps(x + i), vmax));
        const __m256 hi = exp8(_mm256_sub_ps(_mm256_loadu_ps(x + i + 8), vmax));
        _mm256_storeu_ps(x + i, lo);
        _mm256_storeu_ps(x + i + 8, hi);
        sum += static_cast<double>(sum16(lo, hi));
    }
    if (i < n) sum += exp_sum_scalar(x + i, n - i, max);  // the last, partial block
    return sum;
}

void silu_mul_avx2(float* gate, const float* up, int64_t n, int64_t n_vec) {
    const __m256 one = _mm256_set1_ps(1.0f);
    int64_t i = 0;
    for (; i + 8 <= n_vec; i += 8) {
        const __m256 g = _mm256_loadu_ps(gate + i);
        const __m256 e = exp8(_mm256_sub_ps(_mm256_setzero_ps(), g));
        _mm256_storeu_ps(gate + i, _mm256_mul_ps(_mm256_div_ps(g, _mm256_add_ps(one, e)), _mm256_loadu_ps(up + i)));
    }
    if (i < n) silu_mul_scalar(gate + i, up + i, n - i, n_vec - i);
}

// The small per-row steps around attention (issue 19: these ran scalar on
// AVX2 machines): the scalar twins' numbers, 8 lanes at a time, the twins
// for the last n % 8.

// F16C conversions round to nearest even, like fp32_to_fp16.
void round_fp16_avx2(float* x, int64_t n) {
    int64_t i = 0;
    for (; i + 8 <= n; i += 8)
        _mm256_storeu_ps(x + i, _mm256_cvtph_ps(_mm256_cvtps_ph(_mm256_loadu_ps(x + i), _MM_FROUND_TO_NEAREST_INT)));
    if (i < n) round_fp16_scalar(x + i, n - i);
}

void scale_round_fp16_avx2(float* x, int64_t n, float s) {
    const __m256 vs = _mm256_set1_ps(s);
    int64_t i = 0;
    for (; i + 8 <= n; i += 8)
        _mm256_storeu_ps(x + i, _mm256_cvtph_ps(_mm256_cvtps_ph(_mm256_mul_ps(_mm256_loadu_ps(x + i), vs),
                                                                _MM_FROUND_TO_NEAREST_INT)));
    if (i < n) scale_round_fp16_scalar(x + i, n - i, s);
}

// As the AVX-512 version: vmaxps (the same value as std::max for the
// finite scores attention feeds it).
float max_f32_avx2(const float* x, int n) {
    if (n < 8) return max_f32_scalar(x, n);
    __m256 m = _mm256_loadu_ps(x);
    int i = 8;
    for (; i + 8 <= n; i += 8) m = _mm256_max_ps(m, _mm256_loadu_ps(x + i));
    __m128 h = _mm_max_ps(_mm256_castps256_ps128(m), _mm256_extractf128_ps(m, 1));
    h = _mm_max_ps(h, _mm_movehl_ps(h, h));
    h = _mm_max_ss(h, _mm_movehdup_ps(h));
    float max = _mm_cvtss_f32(h);
    for (; i < n; i++) max = std::max(max, x[i]);
    return max;
}

// 8 pairs at a time: cs de-interleaved into c (even) and s (odd); for the
// interleaved style the pairs of x likewise, then re-interleaved. Each
// result is one FMA of a product, as the twin's std::fma.
void rope_rotate_avx2(float* x, int n_heads, int head_dim, int half, bool neox, const float* cs) {
    auto even = [](__m256 a, __m256 b) {  // elements 0, 2, .., 14 of (a, b)
        return _mm256_castpd_ps(_mm256_permute4x64_pd(_mm256_castps_pd(_mm256_shuffle_ps(a, b, 0x88)), 0xD8));
    };
    auto odd = [](__m256 a, __m256 b) {
        return _mm256_castpd_ps(_mm256_permute4x64_pd(_mm256_castps_pd(_mm256_shuffle_ps(a, b, 0xDD)), 0xD8));
    };
    const int n8 = half & ~7;
    for (int h = 0; h < n_heads; h++) {
        float* v = x + static_cast<int64_t>(h) * head_dim;
        for (int i = 0; i < n8; i += 8) {
            const __m256 cs0 = _mm256_loadu_ps(cs + 2 * i), cs1 = _mm256_loadu_ps(cs + 2 * i + 8);
            const __m256 c = even(cs0, cs1), s = odd(cs0, cs1);
            __m256 x0, x1;
            if (neox) {
                x0 = _mm256_loadu_ps(v + i);
                x1 = _mm256_loadu_ps(v + i + half);
            } else {
                const __m256 v0 = _mm256_loadu_ps(v + 2 * i), v1 = _mm256_loadu_ps(v + 2 * i + 8);
                x0 = even(v0, v1);
                x1 = odd(v0, v1);
            }
            const __m256 ra = _mm256_fmsub_ps(x0, c, _mm256_mul_ps(x1, s));  // fma(x0, c, -(x1 * s))
            const __m256 rb = _mm256_fmadd_ps(x0, s, _mm256_mul_ps(x1, c));
            if (neox) {
                _mm256_storeu_ps(v + i, ra);
                _mm256_storeu_ps(v + i + half, rb);
            } else {
                const __m256 lo = _mm256_unpacklo_ps(ra, rb), hi = _mm256_unpackhi_ps(ra, rb);
                _mm256_storeu_ps(v + 2 * i, _mm256_permute2f128_ps(lo, hi, 0x20));
                _mm256_storeu_ps(v + 2 * i + 8, _mm256_permute2f128_ps(lo, hi, 0x31));
            }
        }
        for (int i = n8; i < half; i++) {  // the last half % 8 pairs
            const int a = neox ? i : 2 * i, b = neox ? i + half : 2 * i + 1;
            const float c = cs[2 * i], s = cs[2 * i + 1];
            const float x0 = v[a], x1 = v[b];
            v[a] = __builtin_fmaf(x0, c, -(x1 * s));
            v[b] = __builtin_fmaf(x0, s, x1 * c);
        }
    }
}

}  // namespace os1::engine::vec_ops_detail

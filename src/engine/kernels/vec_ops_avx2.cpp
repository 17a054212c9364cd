// AVX2 versions of vec_ops.h: the same numbers as the scalar twins (and so
// as the AVX-512 versions), 16-lane blocks held as two 8-lane halves. Only
// reached after kernels::active_isa() reports AVX2 (with FMA and F16C).
#include <immintrin.h>

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

}  // namespace os1::engine::vec_ops_detail

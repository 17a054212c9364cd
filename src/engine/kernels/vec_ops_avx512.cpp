// AVX-512 versions of vec_ops.h (same bits as the scalar twins in
// vec_ops.cpp). Only reached after kernels::active_isa() reports AVX-512.
// GCC 12 flags its own _mm512_undefined_*() helpers as uninitialized.
#pragma GCC diagnostic ignored "-Wuninitialized"
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#include <immintrin.h>

#include <algorithm>
#include <cstdint>

#include "engine/kernels/vec_ops.h"

namespace os1::engine::vec_ops_detail {

namespace {

// ggml's exp method on 16 lanes (see vec_ops.h); scalef does the 2^n scale.
inline __m512 exp16(__m512 x) {
    const __m512 shift = _mm512_set1_ps(0x1.8p23f);
    const __m512 z = _mm512_fmadd_ps(x, _mm512_set1_ps(0x1.715476p+0f), shift);
    const __m512 n = _mm512_sub_ps(z, shift);
    const __m512 b = _mm512_fnmadd_ps(n, _mm512_set1_ps(0x1.7f7d1cp-20f),
                                      _mm512_fnmadd_ps(n, _mm512_set1_ps(0x1.62e4p-1f), x));
    const __m512 u = _mm512_mul_ps(b, b);
    const __m512 p45 = _mm512_fmadd_ps(_mm512_set1_ps(0x1.0e4020p-7f), b, _mm512_set1_ps(0x1.573e2ep-5f));
    const __m512 p23 = _mm512_fmadd_ps(_mm512_set1_ps(0x1.555e66p-3f), b, _mm512_set1_ps(0x1.fffdb6p-2f));
    const __m512 p01 = _mm512_fmadd_ps(_mm512_set1_ps(0x1.ffffecp-1f), b, _mm512_set1_ps(1.0f));
    const __m512 j = _mm512_fmadd_ps(_mm512_fmadd_ps(p45, u, p23), u, p01);
    const __m512 res = _mm512_scalef_ps(j, n);
    const __mmask16 big = _mm512_cmp_ps_mask(_mm512_abs_ps(n), _mm512_set1_ps(192.0f), _CMP_GT_OQ);
    if (!big) return res;
    const __mmask16 neg = _mm512_cmp_ps_mask(n, _mm512_setzero_ps(), _CMP_LE_OQ);
    const __m512 limit = _mm512_mask_blend_ps(neg, _mm512_set1_ps(__builtin_inff()), _mm512_setzero_ps());
    return _mm512_mask_blend_ps(big, res, limit);
}

// Tree order of tree_sum16: 8+8, 4+4, (0+2)+(1+3).
inline float sum16(__m512 v) {
    const __m256 b = _mm256_add_ps(_mm512_castps512_ps256(v), _mm512_extractf32x8_ps(v, 1));
    const __m128 c = _mm_add_ps(_mm256_castps256_ps128(b), _mm256_extractf128_ps(b, 1));
    const __m128 d = _mm_add_ps(c, _mm_movehl_ps(c, c));
    return _mm_cvtss_f32(_mm_add_ss(d, _mm_movehdup_ps(d)));
}

inline __m512 load_f16(const uint16_t* p) {
    return _mm512_cvtph_ps(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(p)));
}

// dot_f16_avx512's 16 lanes before the tree, n % 64 == 0: (a0+a2)+(a1+a3).
inline __m512 dot_lanes(const float* q, const uint16_t* k, int n) {
    __m512 acc[4] = {_mm512_setzero_ps(), _mm512_setzero_ps(), _mm512_setzero_ps(), _mm512_setzero_ps()};
    for (int i = 0; i < n; i += 64)
        for (int j = 0; j < 4; j++) acc[j] = _mm512_fmadd_ps(_mm512_loadu_ps(q + i + 16 * j), load_f16(k + i + 16 * j), acc[j]);
    return _mm512_add_ps(_mm512_add_ps(acc[0], acc[2]), _mm512_add_ps(acc[1], acc[3]));
}

// sum16 of 16 vectors at once: lane j of the result = sum16(s[j]), the same
// pairs added (8+8, 4+4, (0+2)+(1+3)), as vertical adds of shuffled halves.
inline __m512 sum16x16(const __m512* s) {
    __m512 u[8], x[4];
    for (int j = 0; j < 8; j++)  // keys 2j, 2j+1: [b 0-3, b 4-7] each, b = lo8 + hi8
        u[j] = _mm512_add_ps(_mm512_shuffle_f32x4(s[2 * j], s[2 * j + 1], 0x44),
                             _mm512_shuffle_f32x4(s[2 * j], s[2 * j + 1], 0xEE));
    for (int j = 0; j < 4; j++)  // keys 4j .. 4j+3, one 128-bit lane each: c = b lo4 + hi4
        x[j] = _mm512_add_ps(_mm512_shuffle_f32x4(u[2 * j], u[2 * j + 1], 0x88),
                             _mm512_shuffle_f32x4(u[2 * j], u[2 * j + 1], 0xDD));
    // Per 128-bit lane l: [c0+c2, c1+c3] of keys l, 4+l (z0) and 8+l, 12+l (z1).
    const __m512 z0 = _mm512_add_ps(_mm512_shuffle_ps(x[0], x[1], 0x44), _mm512_shuffle_ps(x[0], x[1], 0xEE));
    const __m512 z1 = _mm512_add_ps(_mm512_shuffle_ps(x[2], x[3], 0x44), _mm512_shuffle_ps(x[2], x[3], 0xEE));
    // Lane 4l + i holds key 4i + l; transpose back.
    const __m512 w = _mm512_add_ps(_mm512_shuffle_ps(z0, z1, 0x88), _mm512_shuffle_ps(z0, z1, 0xDD));
    const __m512i idx = _mm512_setr_epi32(0, 4, 8, 12, 1, 5, 9, 13, 2, 6, 10, 14, 3, 7, 11, 15);
    return _mm512_permutexvar_ps(idx, w);
}

// value_lanes_f16_avx512 for output columns i0 .. i0 + 16 * NB: per l < 16
// the four lanes l + 16m in registers, positions in order, then
// cols[l] = (m0+m2)+(m1+m3).
template <int NB>
void value_cols(const float* a, const uint16_t* v, int64_t v_stride, int n_lanes, int n, int i0, float* cols) {
    for (int l = 0; l < 16; l++) {
        __m512 r[4][NB];
        for (int m = 0; m < 4; m++)
            for (int b = 0; b < NB; b++) r[m][b] = _mm512_setzero_ps();
        const auto step = [&](int m, int p) {
            const __m512 ap = _mm512_set1_ps(a[p]);
            const uint16_t* vp = v + p * v_stride + i0;
            for (int b = 0; b < NB; b++) r[m][b] = _mm512_fmadd_ps(ap, load_f16(vp + 16 * b), r[m][b]);
        };
        int p = l;
        for (; p + 48 < n_lanes; p += 64) {
            step(0, p);
            step(1, p + 16);
            step(2, p + 32);
            step(3, p + 48);
        }
        if (p < n_lanes) step(0, p);
        if (p + 16 < n_lanes) step(1, p + 16);
        if (p + 32 < n_lanes) step(2, p + 32);
        for (int b = 0; b < NB; b++)
            _mm512_storeu_ps(cols + static_cast<int64_t>(l) * n + i0 + 16 * b,
                             _mm512_add_ps(_mm512_add_ps(r[0][b], r[2][b]), _mm512_add_ps(r[1][b], r[3][b])));
    }
}

}  // namespace

void value_lanes_f16_avx512(const float* a, const uint16_t* v, int64_t v_stride, int n_lanes, int n, float* scratch,
                            double* acc) {
    if (n_lanes <= 0) {
        for (int i = 0; i < n; i++) acc[i] = 0.0;
        return;
    }
    float* cols = scratch;  // (16, n)
    for (int i0 = 0; i0 < n; i0 += 64) {
        switch (std::min(4, (n - i0) / 16)) {
            case 4: value_cols<4>(a, v, v_stride, n_lanes, n, i0, cols); break;
            case 3: value_cols<3>(a, v, v_stride, n_lanes, n, i0, cols); break;
            case 2: value_cols<2>(a, v, v_stride, n_lanes, n, i0, cols); break;
            default: value_cols<1>(a, v, v_stride, n_lanes, n, i0, cols); break;
        }
    }
    for (int i = 0; i < n; i += 16) {  // tree_sum16 over l, column-wise
        __m512 b[8], c[4];
        for (int l = 0; l < 8; l++)
            b[l] = _mm512_add_ps(_mm512_loadu_ps(cols + static_cast<int64_t>(l) * n + i),
                                 _mm512_loadu_ps(cols + static_cast<int64_t>(l + 8) * n + i));
        for (int l = 0; l < 4; l++) c[l] = _mm512_add_ps(b[l], b[l + 4]);
        const __m512 t = _mm512_add_ps(_mm512_add_ps(c[0], c[2]), _mm512_add_ps(c[1], c[3]));
        _mm512_storeu_pd(acc + i, _mm512_cvtps_pd(_mm512_castps512_ps256(t)));
        _mm512_storeu_pd(acc + i + 8, _mm512_cvtps_pd(_mm512_extractf32x8_ps(t, 1)));
    }
}

double exp_sum_avx512(float* x, int n, float max) {
    const __m512 vmax = _mm512_set1_ps(max);
    double sum = 0.0;
    int i = 0;
    for (; i + 16 <= n; i += 16) {
        const __m512 v = exp16(_mm512_sub_ps(_mm512_loadu_ps(x + i), vmax));
        _mm512_storeu_ps(x + i, v);
        sum += static_cast<double>(sum16(v));
    }
    if (i < n) {  // the last block, padded with -inf (whose exp is 0)
        const __mmask16 m = static_cast<__mmask16>((1u << (n - i)) - 1);
        const __m512 in = _mm512_mask_loadu_ps(_mm512_set1_ps(-__builtin_inff()), m, x + i);
        const __m512 v = exp16(_mm512_sub_ps(in, vmax));
        _mm512_mask_storeu_ps(x + i, m, v);
        sum += static_cast<double>(sum16(v));
    }
    return sum;
}

void silu_mul_avx512(float* gate, const float* up, int64_t n, int64_t n_vec) {
    const __m512 one = _mm512_set1_ps(1.0f);
    int64_t i = 0;
    for (; i + 16 <= n_vec; i += 16) {
        const __m512 g = _mm512_loadu_ps(gate + i);
        const __m512 e = exp16(_mm512_sub_ps(_mm512_setzero_ps(), g));
        _mm512_storeu_ps(gate + i, _mm512_mul_ps(_mm512_div_ps(g, _mm512_add_ps(one, e)), _mm512_loadu_ps(up + i)));
    }
    if (i < n) silu_mul_scalar(gate + i, up + i, n - i, n_vec - i);
}

float dot_f16_avx512(const float* q, const uint16_t* k, int n) {
    const int np = n & ~63;
    double sum = 0.0;
    if (np > 0) {
        __m512 acc[4] = {_mm512_setzero_ps(), _mm512_setzero_ps(), _mm512_setzero_ps(), _mm512_setzero_ps()};
        for (int i = 0; i < np; i += 64)
            for (int j = 0; j < 4; j++) {
                const __m512 kv = _mm512_cvtph_ps(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(k + i + 16 * j)));
                acc[j] = _mm512_fmadd_ps(_mm512_loadu_ps(q + i + 16 * j), kv, acc[j]);
            }
        sum = sum16(_mm512_add_ps(_mm512_add_ps(acc[0], acc[2]), _mm512_add_ps(acc[1], acc[3])));
    }
    for (int i = np; i < n; i++) sum += static_cast<double>(q[i] * _cvtsh_ss(k[i]));
    return static_cast<float>(sum);
}

void add_products_f16_double_avx512(const float* a, const uint16_t* v, int64_t v_stride, int n_pos, int n, double* acc) {
    for (int i = 0; i < n; i += 16) {
        __m512d lo = _mm512_loadu_pd(acc + i), hi = _mm512_loadu_pd(acc + i + 8);
        for (int p = 0; p < n_pos; p++) {
            const __m512 prod = _mm512_mul_ps(
                _mm512_set1_ps(a[p]), _mm512_cvtph_ps(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(v + p * v_stride + i))));
            lo = _mm512_add_pd(lo, _mm512_cvtps_pd(_mm512_castps512_ps256(prod)));
            hi = _mm512_add_pd(hi, _mm512_cvtps_pd(_mm512_extractf32x8_ps(prod, 1)));
        }
        _mm512_storeu_pd(acc + i, lo);
        _mm512_storeu_pd(acc + i + 8, hi);
    }
}

void scores_f16_avx512(const float* q, const uint16_t* k, int64_t k_stride, int n_pos, int n, float scale, float* att) {
    if (n % 64 != 0 || n == 0) {
        for (int p = 0; p < n_pos; p++) att[p] = dot_f16_avx512(q, k + p * k_stride, n) * scale;
        return;
    }
    // 16 keys at once, each with dot_f16_avx512's arithmetic (no double tail
    // since n % 64 == 0; float -> double -> float is exact).
    const __m512 vscale = _mm512_set1_ps(scale);
    for (int p0 = 0; p0 < n_pos; p0 += 16) {
        const int m = std::min(16, n_pos - p0);
        __m512 s[16];
        if (n == 64) {
            const __m512 q0 = _mm512_loadu_ps(q), q1 = _mm512_loadu_ps(q + 16), q2 = _mm512_loadu_ps(q + 32),
                         q3 = _mm512_loadu_ps(q + 48);
            for (int j = 0; j < 16; j++) {
                if (j >= m) {
                    s[j] = _mm512_setzero_ps();
                    continue;
                }
                const uint16_t* kp = k + (p0 + j) * k_stride;
                s[j] = _mm512_add_ps(_mm512_add_ps(_mm512_mul_ps(q0, load_f16(kp)), _mm512_mul_ps(q2, load_f16(kp + 32))),
                                     _mm512_add_ps(_mm512_mul_ps(q1, load_f16(kp + 16)), _mm512_mul_ps(q3, load_f16(kp + 48))));
            }
        } else {
            for (int j = 0; j < 16; j++) s[j] = j < m ? dot_lanes(q, k + (p0 + j) * k_stride, n) : _mm512_setzero_ps();
        }
        const __m512 r = _mm512_mul_ps(sum16x16(s), vscale);
        _mm512_mask_storeu_ps(att + p0, static_cast<__mmask16>((1u << m) - 1), r);
    }
}

void rope_rotate_avx512(float* x, int n_heads, int head_dim, int half, bool neox, const float* cs) {
    // 16 pairs at a time: cs de-interleaved into c (even) and s (odd); for
    // the interleaved style the pairs of x likewise, then re-interleaved.
    const __m512i even = _mm512_setr_epi32(0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30);
    const __m512i odd = _mm512_setr_epi32(1, 3, 5, 7, 9, 11, 13, 15, 17, 19, 21, 23, 25, 27, 29, 31);
    const __m512i lo = _mm512_setr_epi32(0, 16, 1, 17, 2, 18, 3, 19, 4, 20, 5, 21, 6, 22, 7, 23);
    const __m512i hi = _mm512_setr_epi32(8, 24, 9, 25, 10, 26, 11, 27, 12, 28, 13, 29, 14, 30, 15, 31);
    const int n16 = half & ~15;
    for (int h = 0; h < n_heads; h++) {
        float* v = x + static_cast<int64_t>(h) * head_dim;
        for (int i = 0; i < n16; i += 16) {
            const __m512 cs0 = _mm512_loadu_ps(cs + 2 * i), cs1 = _mm512_loadu_ps(cs + 2 * i + 16);
            const __m512 c = _mm512_permutex2var_ps(cs0, even, cs1), s = _mm512_permutex2var_ps(cs0, odd, cs1);
            __m512 x0, x1;
            if (neox) {
                x0 = _mm512_loadu_ps(v + i);
                x1 = _mm512_loadu_ps(v + i + half);
            } else {
                const __m512 v0 = _mm512_loadu_ps(v + 2 * i), v1 = _mm512_loadu_ps(v + 2 * i + 16);
                x0 = _mm512_permutex2var_ps(v0, even, v1);
                x1 = _mm512_permutex2var_ps(v0, odd, v1);
            }
            const __m512 ra = _mm512_fmsub_ps(x0, c, _mm512_mul_ps(x1, s));  // fma(x0, c, -(x1 * s))
            const __m512 rb = _mm512_fmadd_ps(x0, s, _mm512_mul_ps(x1, c));
            if (neox) {
                _mm512_storeu_ps(v + i, ra);
                _mm512_storeu_ps(v + i + half, rb);
            } else {
                _mm512_storeu_ps(v + 2 * i, _mm512_permutex2var_ps(ra, lo, rb));
                _mm512_storeu_ps(v + 2 * i + 16, _mm512_permutex2var_ps(ra, hi, rb));
            }
        }
        for (int i = n16; i < half; i++) {  // the last half % 16 pairs
            const int a = neox ? i : 2 * i, b = neox ? i + half : 2 * i + 1;
            const float c = cs[2 * i], s = cs[2 * i + 1];
            const float x0 = v[a], x1 = v[b];
            v[a] = __builtin_fmaf(x0, c, -(x1 * s));
            v[b] = __builtin_fmaf(x0, s, x1 * c);
        }
    }
}

float max_f32_avx512(const float* x, int n) {
    __m512 m = _mm512_set1_ps(x[0]);
    int i = 0;
    for (; i + 16 <= n; i += 16) m = _mm512_max_ps(m, _mm512_loadu_ps(x + i));
    if (i < n) {
        const __mmask16 k = static_cast<__mmask16>((1u << (n - i)) - 1);
        m = _mm512_mask_max_ps(m, k, m, _mm512_maskz_loadu_ps(k, x + i));
    }
    return _mm512_reduce_max_ps(m);
}

void scale_round_fp16_avx512(float* x, int64_t n, float s) {
    const __m512 vs = _mm512_set1_ps(s);
    int64_t i = 0;
    for (; i + 16 <= n; i += 16)
        _mm512_storeu_ps(x + i, _mm512_cvtph_ps(_mm512_cvtps_ph(_mm512_mul_ps(_mm512_loadu_ps(x + i), vs),
                                                                _MM_FROUND_TO_NEAREST_INT)));
    if (i < n) {
        const __mmask16 m = static_cast<__mmask16>((1u << (n - i)) - 1);
        const __m512 v = _mm512_mul_ps(_mm512_maskz_loadu_ps(m, x + i), vs);
        _mm512_mask_storeu_ps(x + i, m, _mm512_cvtph_ps(_mm512_cvtps_ph(v, _MM_FROUND_TO_NEAREST_INT)));
    }
}

// F16C conversions round to nearest even, like fp32_to_fp16.
void round_fp16_avx512(float* x, int64_t n) {
    int64_t i = 0;
    for (; i + 16 <= n; i += 16)
        _mm512_storeu_ps(x + i, _mm512_cvtph_ps(_mm512_cvtps_ph(_mm512_loadu_ps(x + i), _MM_FROUND_TO_NEAREST_INT)));
    if (i < n) {
        const __mmask16 m = static_cast<__mmask16>((1u << (n - i)) - 1);
        const __m512 v = _mm512_maskz_loadu_ps(m, x + i);
        _mm512_mask_storeu_ps(x + i, m, _mm512_cvtph_ps(_mm512_cvtps_ph(v, _MM_FROUND_TO_NEAREST_INT)));
    }
}

}  // namespace os1::engine::vec_ops_detail

// AVX-512 versions of vec_ops_attn.h (same bits as the scalar twins in
// vec_ops_attn.cpp). Only reached after kernels::active_isa() reports AVX-512.
// GCC 12 flags its own _mm512_undefined_*() helpers as uninitialized.
#pragma GCC diagnostic ignored "-Wuninitialized"
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#include <immintrin.h>

#include <algorithm>
#include <cstdint>

#include "engine/kernels/vec_ops_attn.h"

namespace os1::engine::vec_ops_detail {

namespace {

inline __m512 load_f16(const uint16_t* p) {
    return _mm512_cvtph_ps(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(p)));
}

// r[i] (row i, 16 values) -> r[d] (value d of the 16 rows).
inline void transpose16(__m512* r) {
    __m512 t[16];
    for (int k = 0; k < 8; k++) {  // per 128-bit lane L: values 4L, 4L+1 (lo) or 4L+2, 4L+3 (hi) of rows 2k, 2k+1
        t[2 * k] = _mm512_unpacklo_ps(r[2 * k], r[2 * k + 1]);
        t[2 * k + 1] = _mm512_unpackhi_ps(r[2 * k], r[2 * k + 1]);
    }
    __m512 u[16];
    for (int k = 0; k < 4; k++) {  // u[4k + c], lane L: value 4L + c of rows 4k .. 4k+3
        u[4 * k] = _mm512_shuffle_ps(t[4 * k], t[4 * k + 2], 0x44);
        u[4 * k + 1] = _mm512_shuffle_ps(t[4 * k], t[4 * k + 2], 0xEE);
        u[4 * k + 2] = _mm512_shuffle_ps(t[4 * k + 1], t[4 * k + 3], 0x44);
        u[4 * k + 3] = _mm512_shuffle_ps(t[4 * k + 1], t[4 * k + 3], 0xEE);
    }
    for (int c = 0; c < 4; c++) {  // transpose the 4 x 4 128-bit lanes of u[c], u[4+c], u[8+c], u[12+c]
        const __m512 x0 = _mm512_shuffle_f32x4(u[c], u[4 + c], 0x44), x1 = _mm512_shuffle_f32x4(u[c], u[4 + c], 0xEE);
        const __m512 y0 = _mm512_shuffle_f32x4(u[8 + c], u[12 + c], 0x44),
                     y1 = _mm512_shuffle_f32x4(u[8 + c], u[12 + c], 0xEE);
        r[c] = _mm512_shuffle_f32x4(x0, y0, 0x88);
        r[4 + c] = _mm512_shuffle_f32x4(x0, y0, 0xDD);
        r[8 + c] = _mm512_shuffle_f32x4(x1, y1, 0x88);
        r[12 + c] = _mm512_shuffle_f32x4(x1, y1, 0xDD);
    }
}

// Scores of R rows against one block of 16 keys (kb: 16 * 64 * C floats),
// dot_f16_avx512's arithmetic per key: lane l of its four accumulators is
// value 16j + l (+ 64i) here, a vector over the 16 keys. For C == 1 the
// first product and the fused second one are mul + add of exact products,
// as the old n == 64 path; for C > 1 fused chains from 0 as dot_lanes.
template <int R, int C>
inline void score_block(const float* q, const float* kb, __m512 scale, float* att, int64_t att_stride, __mmask16 m) {
    constexpr int n = 64 * C;
    const auto lane = [&](int l, __m512* s) __attribute__((always_inline)) {  // s[r] = (a0+a2)+(a1+a3) for lane l
        __m512 kv[4 * C];
        for (int i = 0; i < C; i++)
            for (int j = 0; j < 4; j++) kv[4 * i + j] = _mm512_loadu_ps(kb + (64 * i + 16 * j + l) * 16);
        for (int r = 0; r < R; r++) {
            const float* qr = q + r * n;
            if constexpr (C == 1) {
                const __m512 a02 = _mm512_fmadd_ps(kv[2], _mm512_set1_ps(qr[32 + l]),
                                                   _mm512_mul_ps(kv[0], _mm512_set1_ps(qr[l])));
                const __m512 a13 = _mm512_fmadd_ps(kv[3], _mm512_set1_ps(qr[48 + l]),
                                                   _mm512_mul_ps(kv[1], _mm512_set1_ps(qr[16 + l])));
                s[r] = _mm512_add_ps(a02, a13);
            } else {
                __m512 acc[4];
                for (int j = 0; j < 4; j++)
                    acc[j] = _mm512_fmadd_ps(kv[j], _mm512_set1_ps(qr[16 * j + l]), _mm512_setzero_ps());
                for (int i = 1; i < C; i++)
                    for (int j = 0; j < 4; j++)
                        acc[j] = _mm512_fmadd_ps(kv[4 * i + j], _mm512_set1_ps(qr[64 * i + 16 * j + l]), acc[j]);
                s[r] = _mm512_add_ps(_mm512_add_ps(acc[0], acc[2]), _mm512_add_ps(acc[1], acc[3]));
            }
        }
    };
    // tree_sum16 over the lanes: c_i = (s_i + s_{i+8}) + (s_{i+4} + s_{i+12}),
    // then (c_0 + c_2) + (c_1 + c_3). One c_i at a time through memory (a
    // loop the compiler keeps rolled): few vectors live, no spills.
    __m512 c[4][R];
#pragma GCC unroll 1
    for (int i = 0; i < 4; i++) {
        __m512 x[R], y[R], ci[R];
        lane(i, x);
        lane(i + 8, y);
        for (int r = 0; r < R; r++) ci[r] = _mm512_add_ps(x[r], y[r]);
        lane(i + 4, x);
        lane(i + 12, y);
        for (int r = 0; r < R; r++) c[i][r] = _mm512_add_ps(ci[r], _mm512_add_ps(x[r], y[r]));
    }
    for (int r = 0; r < R; r++) {
        const __m512 sum = _mm512_add_ps(_mm512_add_ps(c[0][r], c[2][r]), _mm512_add_ps(c[1][r], c[3][r]));
        _mm512_mask_storeu_ps(att + r * att_stride, m, _mm512_mul_ps(sum, scale));
    }
}

// Per block of 16 keys, the rows 4 at a time (the block stays in L1).
template <int C>
void scores_c(const float* q, int n_rows, const float* kt, int n_pos, float scale, float* att, int64_t att_stride) {
    constexpr int n = 64 * C;
    const __m512 vscale = _mm512_set1_ps(scale);
    for (int p0 = 0; p0 < n_pos; p0 += 16) {
        const __mmask16 m = static_cast<__mmask16>((1u << std::min(16, n_pos - p0)) - 1);
        const float* kb = kt + static_cast<int64_t>(p0) * n;
        int r = 0;
        for (; r + 4 <= n_rows; r += 4) score_block<4, C>(q + r * n, kb, vscale, att + r * att_stride + p0, att_stride, m);
        float* ar = att + r * att_stride + p0;
        switch (n_rows - r) {
            case 3: score_block<3, C>(q + r * n, kb, vscale, ar, att_stride, m); break;
            case 2: score_block<2, C>(q + r * n, kb, vscale, ar, att_stride, m); break;
            case 1: score_block<1, C>(q + r * n, kb, vscale, ar, att_stride, m); break;
            default: break;
        }
    }
}

// Lane sums of R rows for 64 output columns i0 .. i0 + 63, then
// cols[r][l][i] = (lane l + lane l+32) + (lane l+16 + lane l+48), each lane
// summing its positions in order with fused products from 0 (as
// value_lanes_f16_avx512). cols: R x (16, n).
template <int R>
void value_cols(const float* a, int64_t a_stride, const float* vf, int n_lanes, int n, int i0, float* cols) {
    const auto lane = [&](int L, __m512 (*acc)[4]) __attribute__((always_inline)) {
        for (int r = 0; r < R; r++)
            for (int b = 0; b < 4; b++) acc[r][b] = _mm512_setzero_ps();
        for (int p = L; p < n_lanes; p += 64) {
            const float* vp = vf + static_cast<int64_t>(p) * n + i0;
            const __m512 v0 = _mm512_loadu_ps(vp), v1 = _mm512_loadu_ps(vp + 16), v2 = _mm512_loadu_ps(vp + 32),
                         v3 = _mm512_loadu_ps(vp + 48);
            for (int r = 0; r < R; r++) {
                const __m512 ap = _mm512_set1_ps(a[r * a_stride + p]);
                acc[r][0] = _mm512_fmadd_ps(ap, v0, acc[r][0]);
                acc[r][1] = _mm512_fmadd_ps(ap, v1, acc[r][1]);
                acc[r][2] = _mm512_fmadd_ps(ap, v2, acc[r][2]);
                acc[r][3] = _mm512_fmadd_ps(ap, v3, acc[r][3]);
            }
        }
    };
    __m512 acc[R][4], t[R][4];
    for (int l = 0; l < 16; l++) {
        float* c = cols + static_cast<int64_t>(l) * n + i0;  // row r at c + r * 16 * n
        const auto col = [&](int r, int b) { return c + static_cast<int64_t>(r) * 16 * n + 16 * b; };
        lane(l, acc);
        for (int r = 0; r < R; r++)
            for (int b = 0; b < 4; b++) _mm512_storeu_ps(col(r, b), acc[r][b]);
        lane(l + 32, acc);
        for (int r = 0; r < R; r++)
            for (int b = 0; b < 4; b++) _mm512_storeu_ps(col(r, b), _mm512_add_ps(_mm512_loadu_ps(col(r, b)), acc[r][b]));
        lane(l + 16, t);
        lane(l + 48, acc);
        for (int r = 0; r < R; r++)
            for (int b = 0; b < 4; b++)
                _mm512_storeu_ps(col(r, b), _mm512_add_ps(_mm512_loadu_ps(col(r, b)), _mm512_add_ps(t[r][b], acc[r][b])));
    }
}

// tree_sum16 over l of cols (16, n) into doubles, the double tail of
// positions n_lanes .. n_pos - 1, then out = (float) the sum.
void finish_row(const float* cols, const float* a, const float* vf, int n_lanes, int n_pos, int n, float* out) {
    for (int i = 0; i < n; i += 16) {
        __m512d lo = _mm512_setzero_pd(), hi = _mm512_setzero_pd();
        if (n_lanes > 0) {
            __m512 b[8], c[4];
            for (int l = 0; l < 8; l++)
                b[l] = _mm512_add_ps(_mm512_loadu_ps(cols + static_cast<int64_t>(l) * n + i),
                                     _mm512_loadu_ps(cols + static_cast<int64_t>(l + 8) * n + i));
            for (int l = 0; l < 4; l++) c[l] = _mm512_add_ps(b[l], b[l + 4]);
            const __m512 t = _mm512_add_ps(_mm512_add_ps(c[0], c[2]), _mm512_add_ps(c[1], c[3]));
            lo = _mm512_cvtps_pd(_mm512_castps512_ps256(t));
            hi = _mm512_cvtps_pd(_mm512_extractf32x8_ps(t, 1));
        }
        for (int p = n_lanes; p < n_pos; p++) {
            const __m512 prod = _mm512_mul_ps(_mm512_set1_ps(a[p]), _mm512_loadu_ps(vf + static_cast<int64_t>(p) * n + i));
            lo = _mm512_add_pd(lo, _mm512_cvtps_pd(_mm512_castps512_ps256(prod)));
            hi = _mm512_add_pd(hi, _mm512_cvtps_pd(_mm512_extractf32x8_ps(prod, 1)));
        }
        _mm256_storeu_ps(out + i, _mm512_cvtpd_ps(lo));
        _mm256_storeu_ps(out + i + 8, _mm512_cvtpd_ps(hi));
    }
}

template <int R>
void values_rows(const float* a, int64_t a_stride, const float* vf, int n_lanes, int n_pos, int n, float* scratch,
                 float* out) {
    if (n_lanes > 0)
        for (int i0 = 0; i0 < n; i0 += 64) value_cols<R>(a, a_stride, vf, n_lanes, n, i0, scratch);
    for (int r = 0; r < R; r++)
        finish_row(scratch + static_cast<int64_t>(r) * 16 * n, a + r * a_stride, vf, n_lanes, n_pos, n,
                   out + static_cast<int64_t>(r) * n);
}

}  // namespace

void keys_to_f32_blocks_avx512(const uint16_t* k, int64_t k_stride, int n_pos, int n, float* kt) {
    for (int p0 = 0; p0 < n_pos; p0 += 16) {
        const int m = std::min(16, n_pos - p0);
        float* blk = kt + static_cast<int64_t>(p0) * n;
        for (int d0 = 0; d0 < n; d0 += 16) {
            __m512 r[16];
            for (int j = 0; j < 16; j++) r[j] = j < m ? load_f16(k + (p0 + j) * k_stride + d0) : _mm512_setzero_ps();
            transpose16(r);
            for (int d = 0; d < 16; d++) _mm512_storeu_ps(blk + (d0 + d) * 16, r[d]);
        }
    }
}

void values_to_f32_rows_avx512(const uint16_t* v, int64_t v_stride, int n_pos, int n, float* vf) {
    for (int p = 0; p < n_pos; p++)
        for (int i = 0; i < n; i += 16) _mm512_storeu_ps(vf + static_cast<int64_t>(p) * n + i, load_f16(v + p * v_stride + i));
}

void scores_f32_blocks_avx512(const float* q, int n_rows, const float* kt, int n_pos, int n, float scale, float* att,
                              int64_t att_stride) {
    const auto kernel = [&](auto c) { scores_c<decltype(c)::value>(q, n_rows, kt, n_pos, scale, att, att_stride); };
    if (!by_head_chunks(n, kernel)) scores_f32_blocks_scalar(q, n_rows, kt, n_pos, n, scale, att, att_stride);
}

void values_f32_rows_avx512(const float* a, int64_t a_stride, int n_rows, const float* vf, int n_lanes, int n_pos,
                            int n, float* scratch, float* out) {
    int r = 0;
    for (; r + 4 <= n_rows; r += 4)
        values_rows<4>(a + r * a_stride, a_stride, vf, n_lanes, n_pos, n, scratch, out + static_cast<int64_t>(r) * n);
    const float* ar = a + r * a_stride;
    float* o = out + static_cast<int64_t>(r) * n;
    switch (n_rows - r) {
        case 3: values_rows<3>(ar, a_stride, vf, n_lanes, n_pos, n, scratch, o); break;
        case 2: values_rows<2>(ar, a_stride, vf, n_lanes, n_pos, n, scratch, o); break;
        case 1: values_rows<1>(ar, a_stride, vf, n_lanes, n_pos, n, scratch, o); break;
        default: break;
    }
}

}  // namespace os1::engine::vec_ops_detail

// AVX2 versions of vec_ops_attn.h (same bits as the scalar twins in
// vec_ops_attn.cpp). Only reached after kernels::active_isa() reports AVX2
// (with FMA and F16C). A block of 16 keys is handled as two halves of 8:
// each half is one vector over its keys, so the scalar twin's 16-lane
// arithmetic (four accumulators, the (0+2)+(1+3) tree, tree_sum16 over the
// lanes) runs unchanged, 8 keys at a time. Every product is of two values
// of f16 precision, so exact in f32: a fused multiply-add rounds exactly as
// the twin's multiply then add.
#include <immintrin.h>

#include <algorithm>
#include <cstdint>
#include <cstring>

#include "engine/kernels/vec_ops_attn.h"

namespace os1::engine::vec_ops_detail {

namespace {

inline __m256 load_f16x8(const uint16_t* p) {
    return _mm256_cvtph_ps(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p)));
}

// r[j] (row j, 8 values) -> r[d] (value d of the 8 rows).
inline void transpose8(__m256* r) {
    __m256 t[8], u[8];
    for (int k = 0; k < 4; k++) {
        t[2 * k] = _mm256_unpacklo_ps(r[2 * k], r[2 * k + 1]);
        t[2 * k + 1] = _mm256_unpackhi_ps(r[2 * k], r[2 * k + 1]);
    }
    for (int k = 0; k < 2; k++) {
        u[4 * k] = _mm256_shuffle_ps(t[4 * k], t[4 * k + 2], 0x44);
        u[4 * k + 1] = _mm256_shuffle_ps(t[4 * k], t[4 * k + 2], 0xEE);
        u[4 * k + 2] = _mm256_shuffle_ps(t[4 * k + 1], t[4 * k + 3], 0x44);
        u[4 * k + 3] = _mm256_shuffle_ps(t[4 * k + 1], t[4 * k + 3], 0xEE);
    }
    for (int c = 0; c < 4; c++) {
        r[c] = _mm256_permute2f128_ps(u[c], u[4 + c], 0x20);
        r[4 + c] = _mm256_permute2f128_ps(u[c], u[4 + c], 0x31);
    }
}

// The score sums of R query rows against 8 keys (kb: the half block, key j
// of value d at kb[d * 16 + j]) for lane l of the twin's accumulators:
// s[r] = (a0 + a2) + (a1 + a3), a_j summing values 64i + 16j + l over i.
template <int R, int C>
inline void score_lane(const float* q, const float* kb, int l, __m256* s) {
    constexpr int n = 64 * C;
    for (int r = 0; r < R; r++) {
        const float* qr = q + r * n;
        __m256 acc[4];
        for (int j = 0; j < 4; j++)
            acc[j] = _mm256_mul_ps(_mm256_loadu_ps(kb + (16 * j + l) * 16), _mm256_set1_ps(qr[16 * j + l]));
        for (int i = 1; i < C; i++)
            for (int j = 0; j < 4; j++)
                acc[j] = _mm256_fmadd_ps(_mm256_loadu_ps(kb + (64 * i + 16 * j + l) * 16),
                                         _mm256_set1_ps(qr[64 * i + 16 * j + l]), acc[j]);
        s[r] = _mm256_add_ps(_mm256_add_ps(acc[0], acc[2]), _mm256_add_ps(acc[1], acc[3]));
    }
}

// Scores of R rows against 8 keys, m of them stored (the rest are padding).
template <int R, int C>
inline void score_half(const float* q, const float* kb, __m256 scale, float* att, int64_t att_stride, int m) {
    // tree_sum16 over the lanes: c_i = (s_i + s_{i+8}) + (s_{i+4} + s_{i+12}),
    // then (c_0 + c_2) + (c_1 + c_3).
    __m256 c[4][R];
    for (int i = 0; i < 4; i++) {
        __m256 x[R], y[R], ci[R];
        score_lane<R, C>(q, kb, i, x);
        score_lane<R, C>(q, kb, i + 8, y);
        for (int r = 0; r < R; r++) ci[r] = _mm256_add_ps(x[r], y[r]);
        score_lane<R, C>(q, kb, i + 4, x);
        score_lane<R, C>(q, kb, i + 12, y);
        for (int r = 0; r < R; r++) c[i][r] = _mm256_add_ps(ci[r], _mm256_add_ps(x[r], y[r]));
    }
    for (int r = 0; r < R; r++) {
        const __m256 sum = _mm256_mul_ps(
            _mm256_add_ps(_mm256_add_ps(c[0][r], c[2][r]), _mm256_add_ps(c[1][r], c[3][r])), scale);
        float* out = att + r * att_stride;
        if (m == 8) {
            _mm256_storeu_ps(out, sum);
        } else {  // the floats past n_pos are not ours
            alignas(32) float tmp[8];
            _mm256_store_ps(tmp, sum);
            std::memcpy(out, tmp, sizeof(float) * static_cast<size_t>(m));
        }
    }
}

template <int C>
void scores_c(const float* q, int n_rows, const float* kt, int n_pos, float scale, float* att, int64_t att_stride) {
    constexpr int n = 64 * C;
    const __m256 vscale = _mm256_set1_ps(scale);
    for (int p0 = 0; p0 < n_pos; p0 += 8) {
        const int m = std::min(8, n_pos - p0);
        const float* kb = kt + static_cast<int64_t>(p0 / 16) * 16 * n + p0 % 16;
        int r = 0;
        for (; r + 2 <= n_rows; r += 2) score_half<2, C>(q + r * n, kb, vscale, att + r * att_stride + p0, att_stride, m);
        if (r < n_rows) score_half<1, C>(q + r * n, kb, vscale, att + r * att_stride + p0, att_stride, m);
    }
}

// Lane L's sums (positions L, L + 64, ...) of R rows for 32 output columns
// i0 .. i0 + 31: acc[r][b] = columns i0 + 8b .. i0 + 8b + 7.
template <int R>
inline void value_lane(const float* a, int64_t a_stride, const float* vf, int n_lanes, int n, int i0, int L,
                       __m256 (*acc)[4]) {
    for (int r = 0; r < R; r++)
        for (int b = 0; b < 4; b++) acc[r][b] = _mm256_setzero_ps();
    for (int p = L; p < n_lanes; p += 64) {
        const float* vp = vf + static_cast<int64_t>(p) * n + i0;
        const __m256 v0 = _mm256_loadu_ps(vp), v1 = _mm256_loadu_ps(vp + 8), v2 = _mm256_loadu_ps(vp + 16),
                     v3 = _mm256_loadu_ps(vp + 24);
        for (int r = 0; r < R; r++) {
            const __m256 ap = _mm256_set1_ps(a[r * a_stride + p]);
            acc[r][0] = _mm256_fmadd_ps(ap, v0, acc[r][0]);
            acc[r][1] = _mm256_fmadd_ps(ap, v1, acc[r][1]);
            acc[r][2] = _mm256_fmadd_ps(ap, v2, acc[r][2]);
            acc[r][3] = _mm256_fmadd_ps(ap, v3, acc[r][3]);
        }
    }
}

// cols[r][l][i] = (lane l + lane l+32) + (lane l+16 + lane l+48) for the 32
// columns from i0. cols: R x (16, n).
template <int R>
void value_cols(const float* a, int64_t a_stride, const float* vf, int n_lanes, int n, int i0, float* cols) {
    __m256 acc[R][4], t[R][4];
    for (int l = 0; l < 16; l++) {
        float* c = cols + static_cast<int64_t>(l) * n + i0;
        const auto col = [&](int r, int b) { return c + static_cast<int64_t>(r) * 16 * n + 8 * b; };
        value_lane<R>(a, a_stride, vf, n_lanes, n, i0, l, acc);
        value_lane<R>(a, a_stride, vf, n_lanes, n, i0, l + 32, t);
        for (int r = 0; r < R; r++)
            for (int b = 0; b < 4; b++) _mm256_storeu_ps(col(r, b), _mm256_add_ps(acc[r][b], t[r][b]));
        value_lane<R>(a, a_stride, vf, n_lanes, n, i0, l + 16, t);
        value_lane<R>(a, a_stride, vf, n_lanes, n, i0, l + 48, acc);
        for (int r = 0; r < R; r++)
            for (int b = 0; b < 4; b++)
                _mm256_storeu_ps(col(r, b), _mm256_add_ps(_mm256_loadu_ps(col(r, b)), _mm256_add_ps(t[r][b], acc[r][b])));
    }
}

inline __m256d widen_lo(__m256 x) { return _mm256_cvtps_pd(_mm256_castps256_ps128(x)); }
inline __m256d widen_hi(__m256 x) { return _mm256_cvtps_pd(_mm256_extractf128_ps(x, 1)); }

// tree_sum16 over l of cols (16, n) into doubles, the double tail of
// positions n_lanes .. n_pos - 1, then out = (float) the sum.
void finish_row(const float* cols, const float* a, const float* vf, int n_lanes, int n_pos, int n, float* out) {
    for (int i = 0; i < n; i += 8) {
        __m256d lo = _mm256_setzero_pd(), hi = _mm256_setzero_pd();
        if (n_lanes > 0) {
            __m256 b[8], c[4];
            for (int l = 0; l < 8; l++)
                b[l] = _mm256_add_ps(_mm256_loadu_ps(cols + static_cast<int64_t>(l) * n + i),
                                     _mm256_loadu_ps(cols + static_cast<int64_t>(l + 8) * n + i));
            for (int l = 0; l < 4; l++) c[l] = _mm256_add_ps(b[l], b[l + 4]);
            const __m256 t = _mm256_add_ps(_mm256_add_ps(c[0], c[2]), _mm256_add_ps(c[1], c[3]));
            lo = widen_lo(t);
            hi = widen_hi(t);
        }
        for (int p = n_lanes; p < n_pos; p++) {
            const __m256 prod = _mm256_mul_ps(_mm256_set1_ps(a[p]), _mm256_loadu_ps(vf + static_cast<int64_t>(p) * n + i));
            lo = _mm256_add_pd(lo, widen_lo(prod));
            hi = _mm256_add_pd(hi, widen_hi(prod));
        }
        _mm_storeu_ps(out + i, _mm256_cvtpd_ps(lo));
        _mm_storeu_ps(out + i + 4, _mm256_cvtpd_ps(hi));
    }
}

template <int R>
void values_rows(const float* a, int64_t a_stride, const float* vf, int n_lanes, int n_pos, int n, float* scratch,
                 float* out) {
    if (n_lanes > 0)
        for (int i0 = 0; i0 < n; i0 += 32) value_cols<R>(a, a_stride, vf, n_lanes, n, i0, scratch);
    for (int r = 0; r < R; r++)
        finish_row(scratch + static_cast<int64_t>(r) * 16 * n, a + r * a_stride, vf, n_lanes, n_pos, n,
                   out + static_cast<int64_t>(r) * n);
}

}  // namespace

void keys_to_f32_blocks_avx2(const uint16_t* k, int64_t k_stride, int n_pos, int n, float* kt) {
    for (int p0 = 0; p0 < key_blocks_floats(n_pos, n) / n; p0 += 8) {  // halves of blocks, padding included
        const int m = std::clamp(n_pos - p0, 0, 8);
        float* half = kt + static_cast<int64_t>(p0 / 16) * 16 * n + p0 % 16;
        for (int d0 = 0; d0 < n; d0 += 8) {
            __m256 r[8];
            for (int j = 0; j < 8; j++) r[j] = j < m ? load_f16x8(k + (p0 + j) * k_stride + d0) : _mm256_setzero_ps();
            transpose8(r);
            for (int d = 0; d < 8; d++) _mm256_storeu_ps(half + (d0 + d) * 16, r[d]);
        }
    }
}

void values_to_f32_rows_avx2(const uint16_t* v, int64_t v_stride, int n_pos, int n, float* vf) {
    for (int p = 0; p < n_pos; p++)
        for (int i = 0; i < n; i += 8) _mm256_storeu_ps(vf + static_cast<int64_t>(p) * n + i, load_f16x8(v + p * v_stride + i));
}

void scores_f32_blocks_avx2(const float* q, int n_rows, const float* kt, int n_pos, int n, float scale, float* att,
                            int64_t att_stride) {
    const auto kernel = [&](auto c) { scores_c<decltype(c)::value>(q, n_rows, kt, n_pos, scale, att, att_stride); };
    if (!by_head_chunks(n, kernel)) scores_f32_blocks_scalar(q, n_rows, kt, n_pos, n, scale, att, att_stride);
}

void values_f32_rows_avx2(const float* a, int64_t a_stride, int n_rows, const float* vf, int n_lanes, int n_pos,
                          int n, float* scratch, float* out) {
    int r = 0;
    for (; r + 2 <= n_rows; r += 2)
        values_rows<2>(a + r * a_stride, a_stride, vf, n_lanes, n_pos, n, scratch, out + static_cast<int64_t>(r) * n);
    if (r < n_rows)
        values_rows<1>(a + r * a_stride, a_stride, vf, n_lanes, n_pos, n, scratch, out + static_cast<int64_t>(r) * n);
}

}  // namespace os1::engine::vec_ops_detail

// NEON versions of vec_ops_attn.h (same bits as the scalar twins in
// vec_ops_attn.cpp; the AVX2 file's design with 4-lane registers). Only
// reached when kernels::active_isa() is Neon or NeonDot. A block of 16 keys
// is handled as four quarters of 4: each quarter is one register over its
// keys, so the scalar twin's 16-lane arithmetic (four accumulators, the
// (0+2)+(1+3) tree, tree_sum16 over the lanes) runs unchanged, 4 keys at a
// time. Every product is of two values of f16 precision, so exact in f32:
// a fused multiply-add rounds exactly as the twin's multiply then add.
#include <arm_neon.h>

#include <algorithm>
#include <cstdint>
#include <cstring>

#include "engine/kernels/vec_ops_attn.h"

namespace os1::engine::vec_ops_detail {

namespace {

inline float32x4_t load_f16x4(const uint16_t* p) { return vcvt_f32_f16(vreinterpret_f16_u16(vld1_u16(p))); }

// r[j] (row j, 4 values) -> r[d] (value d of the 4 rows).
inline void transpose4(float32x4_t* r) {
    const float32x4x2_t a = vtrnq_f32(r[0], r[1]);  // (r00 r10 r02 r12), (r01 r11 r03 r13)
    const float32x4x2_t b = vtrnq_f32(r[2], r[3]);
    r[0] = vcombine_f32(vget_low_f32(a.val[0]), vget_low_f32(b.val[0]));
    r[1] = vcombine_f32(vget_low_f32(a.val[1]), vget_low_f32(b.val[1]));
    r[2] = vcombine_f32(vget_high_f32(a.val[0]), vget_high_f32(b.val[0]));
    r[3] = vcombine_f32(vget_high_f32(a.val[1]), vget_high_f32(b.val[1]));
}

// The score sums of R query rows against 4 keys (kb: the quarter block, key
// j of value d at kb[d * 16 + j]) for lane l of the twin's accumulators:
// s[r] = (a0 + a2) + (a1 + a3), a_j summing values 64i + 16j + l over i.
template <int R, int C>
inline void score_lane(const float* q, const float* kb, int l, float32x4_t* s) {
    constexpr int n = 64 * C;
    for (int r = 0; r < R; r++) {
        const float* qr = q + r * n;
        float32x4_t acc[4];
        for (int j = 0; j < 4; j++) acc[j] = vmulq_n_f32(vld1q_f32(kb + (16 * j + l) * 16), qr[16 * j + l]);
        for (int i = 1; i < C; i++)
            for (int j = 0; j < 4; j++)
                acc[j] = vfmaq_n_f32(acc[j], vld1q_f32(kb + (64 * i + 16 * j + l) * 16), qr[64 * i + 16 * j + l]);
        s[r] = vaddq_f32(vaddq_f32(acc[0], acc[2]), vaddq_f32(acc[1], acc[3]));
    }
}

// Scores of R rows against 4 keys, m of them stored (the rest are padding).
template <int R, int C>
inline void score_quarter(const float* q, const float* kb, float scale, float* att, int64_t att_stride, int m) {
    // tree_sum16 over the lanes: c_i = (s_i + s_{i+8}) + (s_{i+4} + s_{i+12}),
    // then (c_0 + c_2) + (c_1 + c_3).
    float32x4_t c[4][R];
    for (int i = 0; i < 4; i++) {
        float32x4_t x[R], y[R], ci[R];
        score_lane<R, C>(q, kb, i, x);
        score_lane<R, C>(q, kb, i + 8, y);
        for (int r = 0; r < R; r++) ci[r] = vaddq_f32(x[r], y[r]);
        score_lane<R, C>(q, kb, i + 4, x);
        score_lane<R, C>(q, kb, i + 12, y);
        for (int r = 0; r < R; r++) c[i][r] = vaddq_f32(ci[r], vaddq_f32(x[r], y[r]));
    }
    for (int r = 0; r < R; r++) {
        const float32x4_t sum = vmulq_n_f32(vaddq_f32(vaddq_f32(c[0][r], c[2][r]), vaddq_f32(c[1][r], c[3][r])), scale);
        float* out = att + r * att_stride;
        if (m == 4) {
            vst1q_f32(out, sum);
        } else {  // the floats past n_pos are not ours
            float tmp[4];
            vst1q_f32(tmp, sum);
            std::memcpy(out, tmp, sizeof(float) * static_cast<size_t>(m));
        }
    }
}

template <int C>
void scores_c(const float* q, int n_rows, const float* kt, int n_pos, float scale, float* att, int64_t att_stride) {
    constexpr int n = 64 * C;
    for (int p0 = 0; p0 < n_pos; p0 += 4) {
        const int m = std::min(4, n_pos - p0);
        const float* kb = kt + static_cast<int64_t>(p0 / 16) * 16 * n + p0 % 16;
        int r = 0;
        for (; r + 2 <= n_rows; r += 2) score_quarter<2, C>(q + r * n, kb, scale, att + r * att_stride + p0, att_stride, m);
        if (r < n_rows) score_quarter<1, C>(q + r * n, kb, scale, att + r * att_stride + p0, att_stride, m);
    }
}

// Lane L's sums (positions L, L + 64, ...) of R rows for 16 output columns
// i0 .. i0 + 15: acc[r][b] = columns i0 + 4b .. i0 + 4b + 3.
template <int R>
inline void value_lane(const float* a, int64_t a_stride, const float* vf, int n_lanes, int n, int i0, int L,
                       float32x4_t (*acc)[4]) {
    for (int r = 0; r < R; r++)
        for (int b = 0; b < 4; b++) acc[r][b] = vdupq_n_f32(0.0f);
    for (int p = L; p < n_lanes; p += 64) {
        const float* vp = vf + static_cast<int64_t>(p) * n + i0;
        const float32x4_t v0 = vld1q_f32(vp), v1 = vld1q_f32(vp + 4), v2 = vld1q_f32(vp + 8), v3 = vld1q_f32(vp + 12);
        for (int r = 0; r < R; r++) {
            const float ap = a[r * a_stride + p];
            acc[r][0] = vfmaq_n_f32(acc[r][0], v0, ap);
            acc[r][1] = vfmaq_n_f32(acc[r][1], v1, ap);
            acc[r][2] = vfmaq_n_f32(acc[r][2], v2, ap);
            acc[r][3] = vfmaq_n_f32(acc[r][3], v3, ap);
        }
    }
}

// cols[r][l][i] = (lane l + lane l+32) + (lane l+16 + lane l+48) for the 16
// columns from i0. cols: R x (16, n).
template <int R>
void value_cols(const float* a, int64_t a_stride, const float* vf, int n_lanes, int n, int i0, float* cols) {
    float32x4_t acc[R][4], t[R][4];
    for (int l = 0; l < 16; l++) {
        float* c = cols + static_cast<int64_t>(l) * n + i0;
        const auto col = [&](int r, int b) { return c + static_cast<int64_t>(r) * 16 * n + 4 * b; };
        value_lane<R>(a, a_stride, vf, n_lanes, n, i0, l, acc);
        value_lane<R>(a, a_stride, vf, n_lanes, n, i0, l + 32, t);
        for (int r = 0; r < R; r++)
            for (int b = 0; b < 4; b++) vst1q_f32(col(r, b), vaddq_f32(acc[r][b], t[r][b]));
        value_lane<R>(a, a_stride, vf, n_lanes, n, i0, l + 16, t);
        value_lane<R>(a, a_stride, vf, n_lanes, n, i0, l + 48, acc);
        for (int r = 0; r < R; r++)
            for (int b = 0; b < 4; b++)
                vst1q_f32(col(r, b), vaddq_f32(vld1q_f32(col(r, b)), vaddq_f32(t[r][b], acc[r][b])));
    }
}

// tree_sum16 over l of cols (16, n) into doubles, the double tail of
// positions n_lanes .. n_pos - 1, then out = (float) the sum.
void finish_row(const float* cols, const float* a, const float* vf, int n_lanes, int n_pos, int n, float* out) {
    for (int i = 0; i < n; i += 4) {
        float64x2_t lo = vdupq_n_f64(0.0), hi = vdupq_n_f64(0.0);
        if (n_lanes > 0) {
            float32x4_t b[8], c[4];
            for (int l = 0; l < 8; l++)
                b[l] = vaddq_f32(vld1q_f32(cols + static_cast<int64_t>(l) * n + i),
                                 vld1q_f32(cols + static_cast<int64_t>(l + 8) * n + i));
            for (int l = 0; l < 4; l++) c[l] = vaddq_f32(b[l], b[l + 4]);
            const float32x4_t t = vaddq_f32(vaddq_f32(c[0], c[2]), vaddq_f32(c[1], c[3]));
            lo = vcvt_f64_f32(vget_low_f32(t));
            hi = vcvt_high_f64_f32(t);
        }
        for (int p = n_lanes; p < n_pos; p++) {
            const float32x4_t prod = vmulq_n_f32(vld1q_f32(vf + static_cast<int64_t>(p) * n + i), a[p]);
            lo = vaddq_f64(lo, vcvt_f64_f32(vget_low_f32(prod)));
            hi = vaddq_f64(hi, vcvt_high_f64_f32(prod));
        }
        vst1q_f32(out + i, vcvt_high_f32_f64(vcvt_f32_f64(lo), hi));
    }
}

template <int R>
void values_rows(const float* a, int64_t a_stride, const float* vf, int n_lanes, int n_pos, int n, float* scratch,
                 float* out) {
    if (n_lanes > 0)
        for (int i0 = 0; i0 < n; i0 += 16) value_cols<R>(a, a_stride, vf, n_lanes, n, i0, scratch);
    for (int r = 0; r < R; r++)
        finish_row(scratch + static_cast<int64_t>(r) * 16 * n, a + r * a_stride, vf, n_lanes, n_pos, n,
                   out + static_cast<int64_t>(r) * n);
}

}  // namespace

void keys_to_f32_blocks_neon(const uint16_t* k, int64_t k_stride, int n_pos, int n, float* kt) {
    for (int p0 = 0; p0 < key_blocks_floats(n_pos, n) / n; p0 += 4) {  // quarters of blocks, padding included
        const int m = std::clamp(n_pos - p0, 0, 4);
        float* quarter = kt + static_cast<int64_t>(p0 / 16) * 16 * n + p0 % 16;
        for (int d0 = 0; d0 < n; d0 += 4) {
            float32x4_t r[4];
            for (int j = 0; j < 4; j++) r[j] = j < m ? load_f16x4(k + (p0 + j) * k_stride + d0) : vdupq_n_f32(0.0f);
            transpose4(r);
            for (int d = 0; d < 4; d++) vst1q_f32(quarter + (d0 + d) * 16, r[d]);
        }
    }
}

void values_to_f32_rows_neon(const uint16_t* v, int64_t v_stride, int n_pos, int n, float* vf) {
    for (int p = 0; p < n_pos; p++)
        for (int i = 0; i < n; i += 4) vst1q_f32(vf + static_cast<int64_t>(p) * n + i, load_f16x4(v + p * v_stride + i));
}

void scores_f32_blocks_neon(const float* q, int n_rows, const float* kt, int n_pos, int n, float scale, float* att,
                            int64_t att_stride) {
    const auto kernel = [&](auto c) { scores_c<decltype(c)::value>(q, n_rows, kt, n_pos, scale, att, att_stride); };
    if (!by_head_chunks(n, kernel)) scores_f32_blocks_scalar(q, n_rows, kt, n_pos, n, scale, att, att_stride);
}

void values_f32_rows_neon(const float* a, int64_t a_stride, int n_rows, const float* vf, int n_lanes, int n_pos,
                          int n, float* scratch, float* out) {
    int r = 0;
    for (; r + 2 <= n_rows; r += 2)
        values_rows<2>(a + r * a_stride, a_stride, vf, n_lanes, n_pos, n, scratch, out + static_cast<int64_t>(r) * n);
    if (r < n_rows)
        values_rows<1>(a + r * a_stride, a_stride, vf, n_lanes, n_pos, n, scratch, out + static_cast<int64_t>(r) * n);
}

}  // namespace os1::engine::vec_ops_detail

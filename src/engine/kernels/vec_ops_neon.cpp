// NEON versions of vec_ops.h (aarch64): the same numbers as the scalar
// twins (and so as the AVX2 and AVX-512 versions), 16-lane blocks held as
// four 4-lane registers. Only reached when kernels::active_isa() is Neon or
// NeonDot. The engine is compiled with -ffp-contract=off off x86, so a
// multiply and an add stay two roundings unless written as vfmaq_f32 where
// the twin calls std::fma.
#include <arm_neon.h>

#include <algorithm>
#include <cstdint>

#include "engine/kernels/vec_ops.h"

namespace os1::engine::vec_ops_detail {

namespace {

// ggml's exp method on 4 lanes (the twin's exp_scalar, step by step). The
// 2^n scale is a multiply by a built power of two, which rounds as
// AVX-512's scalef while 2^n is a normal float (|n| <= 126); lanes outside
// that range (subnormal, zero or infinite results, NaN) are redone by the twin.
inline float32x4_t exp4(float32x4_t x) {
    const float32x4_t shift = vdupq_n_f32(0x1.8p23f);
    const float32x4_t z = vfmaq_f32(shift, x, vdupq_n_f32(0x1.715476p+0f));
    const float32x4_t n = vsubq_f32(z, shift);
    // b = fma(-n, LN2_LO, fma(-n, LN2_HI, x)); vfmsq_f32(a, b, c) = a - b * c, fused.
    const float32x4_t b =
        vfmsq_f32(vfmsq_f32(x, n, vdupq_n_f32(0x1.62e4p-1f)), n, vdupq_n_f32(0x1.7f7d1cp-20f));
    const float32x4_t u = vmulq_f32(b, b);
    const float32x4_t p45 = vfmaq_f32(vdupq_n_f32(0x1.573e2ep-5f), vdupq_n_f32(0x1.0e4020p-7f), b);
    const float32x4_t p23 = vfmaq_f32(vdupq_n_f32(0x1.fffdb6p-2f), vdupq_n_f32(0x1.555e66p-3f), b);
    const float32x4_t p01 = vfmaq_f32(vdupq_n_f32(1.0f), vdupq_n_f32(0x1.ffffecp-1f), b);
    const float32x4_t j = vfmaq_f32(p01, vfmaq_f32(p23, p45, u), u);
    // 2^n from the exponent bits: (n + 127) << 23.
    const int32x4_t e = vshlq_n_s32(vaddq_s32(vcvtq_s32_f32(n), vdupq_n_s32(127)), 23);
    float32x4_t res = vmulq_f32(j, vreinterpretq_f32_s32(e));
    // !(|n| <= 126): true for NaN too.
    const uint32x4_t inside = vcleq_f32(vabsq_f32(n), vdupq_n_f32(126.0f));
    if (vminvq_u32(inside) == 0) {
        float xs[4], rs[4];
        uint32_t in[4];
        vst1q_f32(xs, x);
        vst1q_f32(rs, res);
        vst1q_u32(in, inside);
        for (int l = 0; l < 4; l++)
            if (!in[l]) rs[l] = exp_scalar(xs[l]);
        res = vld1q_f32(rs);
    }
    return res;
}

// tree_sum16 of lanes v[0] (0..3) .. v[3] (12..15): b_i = a_i + a_{i+8},
// c_i = b_i + b_{i+4}, then (c_0 + c_2) + (c_1 + c_3).
inline float sum16(const float32x4_t* v) {
    const float32x4_t c = vaddq_f32(vaddq_f32(v[0], v[2]), vaddq_f32(v[1], v[3]));
    const float32x2_t d = vadd_f32(vget_low_f32(c), vget_high_f32(c));
    return vget_lane_f32(d, 0) + vget_lane_f32(d, 1);
}

}  // namespace

double exp_sum_neon(float* x, int n, float max) {
    const float32x4_t vmax = vdupq_n_f32(max);
    double sum = 0.0;
    int i = 0;
    for (; i + 16 <= n; i += 16) {
        float32x4_t v[4];
        for (int k = 0; k < 4; k++) {
            v[k] = exp4(vsubq_f32(vld1q_f32(x + i + 4 * k), vmax));
            vst1q_f32(x + i + 4 * k, v[k]);
        }
        sum += static_cast<double>(sum16(v));
    }
    if (i < n) sum += exp_sum_scalar(x + i, n - i, max);  // the last, partial block
    return sum;
}

void silu_mul_neon(float* gate, const float* up, int64_t n, int64_t n_vec) {
    const float32x4_t one = vdupq_n_f32(1.0f), zero = vdupq_n_f32(0.0f);
    int64_t i = 0;
    for (; i + 4 <= n_vec; i += 4) {
        const float32x4_t g = vld1q_f32(gate + i);
        const float32x4_t e = exp4(vsubq_f32(zero, g));
        vst1q_f32(gate + i, vmulq_f32(vdivq_f32(g, vaddq_f32(one, e)), vld1q_f32(up + i)));
    }
    if (i < n) silu_mul_scalar(gate + i, up + i, n - i, n_vec - i);
}

// FCVTN / FCVTL under the default rounding mode (to nearest even), as fp32_to_fp16.
void round_fp16_neon(float* x, int64_t n) {
    int64_t i = 0;
    for (; i + 4 <= n; i += 4) vst1q_f32(x + i, vcvt_f32_f16(vcvt_f16_f32(vld1q_f32(x + i))));
    if (i < n) round_fp16_scalar(x + i, n - i);
}

void scale_round_fp16_neon(float* x, int64_t n, float s) {
    int64_t i = 0;
    for (; i + 4 <= n; i += 4) vst1q_f32(x + i, vcvt_f32_f16(vcvt_f16_f32(vmulq_n_f32(vld1q_f32(x + i), s))));
    if (i < n) scale_round_fp16_scalar(x + i, n - i, s);
}

// As the AVX versions: FMAX (the same value as std::max for the finite
// scores attention feeds it).
float max_f32_neon(const float* x, int n) {
    if (n < 4) return max_f32_scalar(x, n);
    float32x4_t m = vld1q_f32(x);
    int i = 4;
    for (; i + 4 <= n; i += 4) m = vmaxq_f32(m, vld1q_f32(x + i));
    float max = vmaxvq_f32(m);
    for (; i < n; i++) max = std::max(max, x[i]);
    return max;
}

// 4 pairs at a time: cs de-interleaved into c (even) and s (odd) by LD2;
// for the interleaved style the pairs of x likewise, stored back by ST2.
// Each result is one FMA of a product, as the twin's std::fma.
void rope_rotate_neon(float* x, int n_heads, int head_dim, int half, bool neox, const float* cs) {
    const int n4 = half & ~3;
    for (int h = 0; h < n_heads; h++) {
        float* v = x + static_cast<int64_t>(h) * head_dim;
        for (int i = 0; i < n4; i += 4) {
            const float32x4x2_t csv = vld2q_f32(cs + 2 * i);
            const float32x4_t c = csv.val[0], s = csv.val[1];
            float32x4_t x0, x1;
            if (neox) {
                x0 = vld1q_f32(v + i);
                x1 = vld1q_f32(v + i + half);
            } else {
                const float32x4x2_t p = vld2q_f32(v + 2 * i);
                x0 = p.val[0];
                x1 = p.val[1];
            }
            const float32x4_t ra = vfmaq_f32(vnegq_f32(vmulq_f32(x1, s)), x0, c);  // fma(x0, c, -(x1 * s))
            const float32x4_t rb = vfmaq_f32(vmulq_f32(x1, c), x0, s);              // fma(x0, s, x1 * c)
            if (neox) {
                vst1q_f32(v + i, ra);
                vst1q_f32(v + i + half, rb);
            } else {
                vst2q_f32(v + 2 * i, float32x4x2_t{{ra, rb}});
            }
        }
        for (int i = n4; i < half; i++) {  // the last half % 4 pairs
            const int a = neox ? i : 2 * i, b = neox ? i + half : 2 * i + 1;
            const float c = cs[2 * i], s = cs[2 * i + 1];
            const float x0 = v[a], x1 = v[b];
            v[a] = __builtin_fmaf(x0, c, -(x1 * s));
            v[b] = __builtin_fmaf(x0, s, x1 * c);
        }
    }
}

}  // namespace os1::engine::vec_ops_detail

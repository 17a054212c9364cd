#include "engine/ops.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

#include "engine/kernels/kernels.h"
#include "engine/tensor_types.h"
#include "engine/vec_ops.h"

namespace os1::engine {

void rmsnorm(float* out, const float* x, const float* weight, int n, float eps) {
    double sum = 0.0;
    // Squares in float, summed in double (ggml's rms_norm).
    for (int i = 0; i < n; i++) sum += static_cast<double>(x[i] * x[i]);
    const float scale = 1.0f / std::sqrt(static_cast<float>(sum / n) + eps);
    for (int i = 0; i < n; i++) out[i] = x[i] * scale * weight[i];
}

void rmsnorm_rows(float* out, const float* x, const float* weight, int n_rows, int n, float eps) {
    for (int r = 0; r < n_rows; r++) rmsnorm(out + static_cast<int64_t>(r) * n, x + static_cast<int64_t>(r) * n, weight, n, eps);
}

void add_bias(float* x, const float* bias, int n_rows, int n, int64_t stride) {
    for (int r = 0; r < n_rows; r++)
        for (int i = 0; i < n; i++) x[r * stride + i] += bias[i];
}

void add(float* x, const float* y, int64_t n) {
    for (int64_t i = 0; i < n; i++) x[i] += y[i];
}

void softmax(float* x, int n) {
    // As ggml's soft_max: exp by its vector method, float sums per block of
    // 16 added in double, then one multiply by the float reciprocal.
    float max = x[0];
    for (int i = 1; i < n; i++) max = std::max(max, x[i]);
    const double sum = exp_sum_ggml(x, n, max);
    const float inv = static_cast<float>(1.0 / sum);
    for (int i = 0; i < n; i++) x[i] *= inv;
}

void swiglu(float* gate, const float* up, int64_t n, int64_t col0, int64_t n_ff) {
    silu_mul_ggml(gate, up, n, (n_ff & ~int64_t{15}) - col0);
}

void rope_angles(int pos, const RopeParams& p, float* cs) {
    // theta_i = pos * base^(-2i/n_rot), advanced by repeated multiplication
    // as llama.cpp does, divided by per-frequency factors when the model has
    // them (llama 3.1+), then scaled (linear rope scaling). YaRN mixes the
    // scaled and unscaled angle per pair (ramp over the correction dims) and
    // scales cos/sin by attn_factor * (1 + 0.1 ln(1 / freq_scale)), as ggml.
    const float theta_scale = std::pow(p.freq_base, -2.0f / static_cast<float>(p.n_rot));
    const bool yarn = p.ext_factor != 0.0f;
    const float mscale = yarn ? p.attn_factor * (1.0f + 0.1f * std::log(1.0f / p.freq_scale)) : p.attn_factor;
    float theta = static_cast<float>(pos);
    for (int i = 0; i < p.n_rot / 2; i++) {
        const float ff = p.freq_factors ? p.freq_factors[i] : 1.0f;
        const float extrap = theta / ff;
        float angle = p.freq_scale * extrap;
        if (yarn) {
            const float y = (static_cast<float>(i) - p.corr_low) / std::max(0.001f, p.corr_high - p.corr_low);
            const float mix = (1.0f - std::min(1.0f, std::max(0.0f, y))) * p.ext_factor;
            angle = angle * (1.0f - mix) + extrap * mix;
        }
        cs[2 * i] = std::cos(angle) * mscale;
        cs[2 * i + 1] = std::sin(angle) * mscale;
        theta *= theta_scale;
    }
}

void rope_yarn_corr_dims(int n_rot, int n_ctx_orig, float freq_base, float beta_fast, float beta_slow, float& low,
                         float& high) {
    // The pair index whose wavelength fits `rotations` times in n_ctx_orig.
    const auto dim = [&](float rotations) {
        return static_cast<float>(n_rot) * std::log(static_cast<float>(n_ctx_orig) / (rotations * 2.0f * static_cast<float>(M_PI))) /
               (2.0f * std::log(freq_base));
    };
    low = std::max(0.0f, std::floor(dim(beta_fast)));
    high = std::min(static_cast<float>(n_rot - 1), std::ceil(dim(beta_slow)));
}

void rope_apply(float* x, int n_heads, int head_dim, const float* cs, const RopeParams& p) {
    const int half = p.n_rot / 2;
    for (int h = 0; h < n_heads; h++) {
        float* v = x + static_cast<int64_t>(h) * head_dim;
        for (int i = 0; i < half; i++) {
            // Normal: pair (2i, 2i+1); NeoX: pair (i, i + n_rot/2).
            const int a = p.style == RopeStyle::Normal ? 2 * i : i;
            const int b = p.style == RopeStyle::Normal ? 2 * i + 1 : i + half;
            const float c = cs[2 * i], s = cs[2 * i + 1];
            const float x0 = v[a], x1 = v[b];
            // One product fused into the other's sum, as the compiler
            // contracts ggml's rope loop (x0*c - x1*s, x0*s + x1*c).
            v[a] = std::fma(x0, c, -(x1 * s));
            v[b] = std::fma(x0, s, x1 * c);
        }
    }
}

void store_fp16(uint16_t* dst, const float* src, int64_t n) {
    for (int64_t i = 0; i < n; i++) dst[i] = fp32_to_fp16(src[i]);
}

void attention(const float* q, const uint16_t* k_cache, const uint16_t* v_cache, int n_tokens, int pos0, int n_head,
               int n_head_kv, int head_dim, int n_ctx, float* out, float* scratch, ThreadTeam& team) {
    // The sums follow llama.cpp's CPU path for one token at a time (its
    // reference logits): queries and attention weights rounded to f16 as
    // ggml converts them for the products with the f16 cache, both products
    // by ggml's f16 vector dot (dot_f16_ggml's order), the softmax as ggml's
    // (softmax above). For the weights x V dot, ggml runs over the cache
    // length padded to a multiple of 32: positions below that length rounded
    // down to 64 go to 64 float lanes (4 x 16, position p into lane p % 64),
    // the rest is added in double. Positions past the token are masked to
    // weight 0 there and simply absent here, which adds the same.
    const int64_t q_stride = static_cast<int64_t>(n_head) * head_dim;
    const int64_t kv_stride = static_cast<int64_t>(n_head_kv) * head_dim;
    const int group = n_head / n_head_kv;
    const float scale = 1.0f / std::sqrt(static_cast<float>(head_dim));
    team.run([&](int ith, int nth) {
        float* att = scratch + static_cast<int64_t>(ith) * attention_scratch(n_ctx, head_dim);  // (n_ctx) weights
        float* qr = att + n_ctx;         // (head_dim) query in f16 precision
        float* lanes = qr + head_dim;    // (64, head_dim) partial sums of the value product
        int64_t begin, end;
        ThreadTeam::split(static_cast<int64_t>(n_tokens) * n_head, ith, nth, begin, end);
        for (int64_t item = begin; item < end; item++) {
            const int t = static_cast<int>(item / n_head);
            const int h = static_cast<int>(item % n_head);
            const int n_seen = pos0 + t + 1;  // causal: positions 0 .. pos0 + t
            const float* qh = q + t * q_stride + static_cast<int64_t>(h) * head_dim;
            const int64_t kv_off = static_cast<int64_t>(h / group) * head_dim;
            for (int i = 0; i < head_dim; i++) qr[i] = qh[i];
            round_fp16_rows(qr, head_dim);
            scores_f16_ggml(qr, k_cache + kv_off, kv_stride, n_seen, head_dim, scale, att);
            softmax(att, n_seen);
            round_fp16_rows(att, n_seen);

            const int n_lanes = std::min(((n_seen + 31) & ~31) & ~63, n_seen);  // positions summed in lanes
            float* oh = out + t * q_stride + static_cast<int64_t>(h) * head_dim;
            // (head_dim) doubles after the lanes, 8-byte aligned (the scratch has 2 floats of slack).
            double* acc = reinterpret_cast<double*>(
                (reinterpret_cast<uintptr_t>(lanes + 64 * static_cast<int64_t>(head_dim)) + 7) & ~uintptr_t{7});
            value_lanes_f16_ggml(att, v_cache + kv_off, kv_stride, n_lanes, head_dim, lanes, acc);
            add_products_f16_double(att + n_lanes, v_cache + n_lanes * kv_stride + kv_off, kv_stride, n_seen - n_lanes,
                                    head_dim, acc);
            for (int i = 0; i < head_dim; i++) oh[i] = static_cast<float>(acc[i]);
        }
    }, static_cast<int64_t>(n_tokens) * n_head * (pos0 + n_tokens) * head_dim * 2);
}

}  // namespace os1::engine

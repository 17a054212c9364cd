#include "engine/ops.h"

#include <cmath>
#include <vector>

#include "engine/tensor_types.h"

namespace os1::engine {

void rmsnorm(float* out, const float* x, const float* weight, int n, float eps) {
    double sum = 0.0;
    for (int i = 0; i < n; i++) sum += static_cast<double>(x[i]) * x[i];
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
    float max = x[0];
    for (int i = 1; i < n; i++) max = std::max(max, x[i]);
    double sum = 0.0;
    for (int i = 0; i < n; i++) {
        x[i] = std::exp(x[i] - max);
        sum += x[i];
    }
    const float inv = static_cast<float>(1.0 / sum);
    for (int i = 0; i < n; i++) x[i] *= inv;
}

void swiglu(float* gate, const float* up, int64_t n) {
    for (int64_t i = 0; i < n; i++) {
        const float g = gate[i];
        gate[i] = g / (1.0f + std::exp(-g)) * up[i];
    }
}

void rope_angles(int pos, const RopeParams& p, float* cs) {
    // theta_i = pos * base^(-2i/n_rot), advanced by repeated multiplication
    // as llama.cpp does, then scaled (linear rope scaling) and divided by
    // per-frequency factors when the model has them (llama 3.1+).
    const float theta_scale = std::pow(p.freq_base, -2.0f / static_cast<float>(p.n_rot));
    float theta = static_cast<float>(pos);
    for (int i = 0; i < p.n_rot / 2; i++) {
        const float ff = p.freq_factors ? p.freq_factors[i] : 1.0f;
        const float angle = p.freq_scale * (theta / ff);
        cs[2 * i] = std::cos(angle);
        cs[2 * i + 1] = std::sin(angle);
        theta *= theta_scale;
    }
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
            v[a] = x0 * c - x1 * s;
            v[b] = x0 * s + x1 * c;
        }
    }
}

namespace {

// fp16 -> fp32 through a table (64K entries, built once): the attention
// loops convert every cached key and value they read.
const float* fp16_table() {
    static const std::vector<float> table = [] {
        std::vector<float> t(65536);
        for (uint32_t h = 0; h < 65536; h++) t[h] = fp16_to_fp32(static_cast<uint16_t>(h));
        return t;
    }();
    return table.data();
}

inline float round_fp16(float x) { return fp16_to_fp32(fp32_to_fp16(x)); }

}  // namespace

void store_fp16(uint16_t* dst, const float* src, int64_t n) {
    for (int64_t i = 0; i < n; i++) dst[i] = fp32_to_fp16(src[i]);
}

void attention(const float* q, const uint16_t* k_cache, const uint16_t* v_cache, int n_tokens, int pos0, int n_head,
               int n_head_kv, int head_dim, int n_ctx, float* out, float* scratch, ThreadTeam& team) {
    const int64_t q_stride = static_cast<int64_t>(n_head) * head_dim;
    const int64_t kv_stride = static_cast<int64_t>(n_head_kv) * head_dim;
    const int group = n_head / n_head_kv;
    const float scale = 1.0f / std::sqrt(static_cast<float>(head_dim));
    const float* f16 = fp16_table();
    team.run([&](int ith, int nth) {
        float* att = scratch + static_cast<int64_t>(ith) * (n_ctx + head_dim);  // (n_ctx) weights
        float* qr = att + n_ctx;                                               // (head_dim) query in f16 precision
        int64_t begin, end;
        ThreadTeam::split(static_cast<int64_t>(n_tokens) * n_head, ith, nth, begin, end);
        for (int64_t item = begin; item < end; item++) {
            const int t = static_cast<int>(item / n_head);
            const int h = static_cast<int>(item % n_head);
            const int n_seen = pos0 + t + 1;  // causal: positions 0 .. pos0 + t
            const float* qh = q + t * q_stride + static_cast<int64_t>(h) * head_dim;
            const int64_t kv_off = static_cast<int64_t>(h / group) * head_dim;
            for (int i = 0; i < head_dim; i++) qr[i] = round_fp16(qh[i]);
            for (int p = 0; p < n_seen; p++) {
                const uint16_t* kh = k_cache + p * kv_stride + kv_off;
                float dot = 0.0f;
                for (int i = 0; i < head_dim; i++) dot += qr[i] * f16[kh[i]];
                att[p] = dot * scale;
            }
            softmax(att, n_seen);
            float* oh = out + t * q_stride + static_cast<int64_t>(h) * head_dim;
            for (int i = 0; i < head_dim; i++) oh[i] = 0.0f;
            for (int p = 0; p < n_seen; p++) {
                const uint16_t* vh = v_cache + p * kv_stride + kv_off;
                const float a = round_fp16(att[p]);
                for (int i = 0; i < head_dim; i++) oh[i] += a * f16[vh[i]];
            }
        }
    }, static_cast<int64_t>(n_tokens) * n_head * (pos0 + n_tokens) * head_dim * 2);
}

}  // namespace os1::engine

#include "engine/ops.h"

#include <cmath>
#include <vector>

#include "engine/kernels/kernels.h"
#include "engine/tensor_types.h"

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

// The sum of 16 lane accumulators in the tree order of a 512-bit horizontal
// add: halves 8+8, then 4+4, then pairs (0,2) (1,3), then the last two.
// Matching llama.cpp's summation order matters because the sums are then
// rounded to f16 (the cache, the queries, the attention weights): a value
// that lands on the other side of an f16 rounding boundary moves a row by
// ~1e-4.
inline float reduce16(const float* a) {
    float b[8], c[4];
    for (int i = 0; i < 8; i++) b[i] = a[i] + a[i + 8];
    for (int i = 0; i < 4; i++) c[i] = b[i] + b[i + 4];
    return (c[0] + c[2]) + (c[1] + c[3]);
}

// q . k for f16-precision q (as floats) and an f16 key row, summed the way
// llama.cpp's CPU path does for 1 thread: head_dim % 16 == 0 goes through a
// 16-lane single-accumulator GEMM tile; other sizes through its f16 vector
// dot (4 x 16 lanes over multiples of 64, the rest in double). Products of
// two f16 values are exact in float, so only the order of additions matters.
float dot_q_k(const float* q, const uint16_t* k, int n, const float* f16) {
    if (n % 16 == 0) {
        float lanes[16] = {};
        for (int i = 0; i < n; i += 16)
            for (int l = 0; l < 16; l++) lanes[l] += q[i + l] * f16[k[i + l]];
        return reduce16(lanes);
    }
    const int np = n & ~63;
    double sum = 0.0;
    if (np > 0) {
        float acc[4][16] = {};
        for (int i = 0; i < np; i += 64)
            for (int j = 0; j < 4; j++)
                for (int l = 0; l < 16; l++) acc[j][l] += q[i + 16 * j + l] * f16[k[i + 16 * j + l]];
        for (int l = 0; l < 16; l++) {
            acc[0][l] += acc[2][l];
            acc[1][l] += acc[3][l];
        }
        for (int l = 0; l < 16; l++) acc[0][l] += acc[1][l];
        sum = reduce16(acc[0]);
    }
    for (int i = np; i < n; i++) sum += static_cast<double>(q[i] * f16[k[i]]);
    return static_cast<float>(sum);
}

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
        float* att = scratch + static_cast<int64_t>(ith) * attention_scratch(n_ctx, head_dim);  // (n_ctx) weights
        float* qr = att + n_ctx;         // (head_dim) query in f16 precision
        float* lanes = qr + head_dim;    // (16, head_dim) partial sums of the value product
        int64_t begin, end;
        ThreadTeam::split(static_cast<int64_t>(n_tokens) * n_head, ith, nth, begin, end);
        for (int64_t item = begin; item < end; item++) {
            const int t = static_cast<int>(item / n_head);
            const int h = static_cast<int>(item % n_head);
            const int n_seen = pos0 + t + 1;  // causal: positions 0 .. pos0 + t
            const float* qh = q + t * q_stride + static_cast<int64_t>(h) * head_dim;
            const int64_t kv_off = static_cast<int64_t>(h / group) * head_dim;
            for (int i = 0; i < head_dim; i++) qr[i] = round_fp16(qh[i]);
            if (head_dim % 16 == 0)  // SIMD, same sums as dot_q_k's 16-lane path
                kernels::attn_scores_f16(qr, k_cache + kv_off, kv_stride, n_seen, head_dim, scale, att);
            else
                for (int p = 0; p < n_seen; p++)
                    att[p] = dot_q_k(qr, k_cache + p * kv_stride + kv_off, head_dim, f16) * scale;
            softmax(att, n_seen);
            // Value product: position p adds into lane p % 16 (llama.cpp's
            // 16-lane GEMM tile over the cache), then the lanes are reduced.
            for (int64_t i = 0; i < 16 * static_cast<int64_t>(head_dim); i++) lanes[i] = 0.0f;
            for (int p = 0; p < n_seen; p++) att[p] = round_fp16(att[p]);
            if (head_dim % 16 == 0) {
                kernels::attn_value_lanes_f16(att, v_cache + kv_off, kv_stride, n_seen, head_dim, lanes);
            } else {
                for (int p = 0; p < n_seen; p++) {
                    const uint16_t* vh = v_cache + p * kv_stride + kv_off;
                    float* lane = lanes + static_cast<int64_t>(p % 16) * head_dim;
                    for (int i = 0; i < head_dim; i++) lane[i] += att[p] * f16[vh[i]];
                }
            }
            float* oh = out + t * q_stride + static_cast<int64_t>(h) * head_dim;
            float col[16];
            for (int i = 0; i < head_dim; i++) {
                for (int l = 0; l < 16; l++) col[l] = lanes[static_cast<int64_t>(l) * head_dim + i];
                oh[i] = reduce16(col);
            }
        }
    }, static_cast<int64_t>(n_tokens) * n_head * (pos0 + n_tokens) * head_dim * 2);
}

}  // namespace os1::engine

#include "engine/ops/ops.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

#include "engine/kernels/kernels.h"
#include "engine/gguf/tensor_types.h"
#include "engine/kernels/vec_ops.h"
#include "engine/kernels/vec_ops_attn.h"

namespace os1::engine {

namespace {

// out = x * scale * weight for the row whose sum of squares is sum.
void rmsnorm_finish(float* out, const float* x, const float* weight, int n, float eps, double sum) {
    const float scale = 1.0f / std::sqrt(static_cast<float>(sum / n) + eps);
    for (int i = 0; i < n; i++) out[i] = x[i] * scale * weight[i];
}

}  // namespace

void rmsnorm(float* out, const float* x, const float* weight, int n, float eps) {
    double sum = 0.0;
    // Squares in float, summed in double in order (ggml's rms_norm).
    for (int i = 0; i < n; i++) sum += static_cast<double>(x[i] * x[i]);
    rmsnorm_finish(out, x, weight, n, eps, sum);
}

void rmsnorm_rows(float* out, const float* x, const float* weight, int n_rows, int n, float eps) {
    int r = 0;
    // Four rows' sums side by side: each row's double adds in its own order
    // (the same bits as rmsnorm), four independent chains instead of one
    // chain bound by the add latency.
    for (; r + 4 <= n_rows; r += 4) {
        const float* x0 = x + static_cast<int64_t>(r) * n;
        const float *x1 = x0 + n, *x2 = x1 + n, *x3 = x2 + n;
        double s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0;
        for (int i = 0; i < n; i++) {
            s0 += static_cast<double>(x0[i] * x0[i]);
            s1 += static_cast<double>(x1[i] * x1[i]);
            s2 += static_cast<double>(x2[i] * x2[i]);
            s3 += static_cast<double>(x3[i] * x3[i]);
        }
        const double sums[4] = {s0, s1, s2, s3};
        for (int k = 0; k < 4; k++)
            rmsnorm_finish(out + static_cast<int64_t>(r + k) * n, x0 + static_cast<int64_t>(k) * n, weight, n, eps, sums[k]);
    }
    for (; r < n_rows; r++) rmsnorm(out + static_cast<int64_t>(r) * n, x + static_cast<int64_t>(r) * n, weight, n, eps);
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
    const double sum = exp_sum_ggml(x, n, max_f32(x, n));
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
    // Normal: pair (2i, 2i+1); NeoX: pair (i, i + n_rot/2). One product
    // fused into the other's sum, as the compiler contracts ggml's rope loop
    // (x0*c - x1*s, x0*s + x1*c); vec_ops.h rope_rotate.
    rope_rotate(x, n_heads, head_dim, p.n_rot / 2, p.style != RopeStyle::Normal, cs);
}

void store_fp16(uint16_t* dst, const float* src, int64_t n) {
    for (int64_t i = 0; i < n; i++) dst[i] = fp32_to_fp16(src[i]);
}

namespace {

// The per-(token, head) path for head sizes the f32 kernels do not take
// (head_dim % 64 != 0 or > 256). The sums follow llama.cpp's CPU path for one
// token at a time (its reference logits): queries and attention weights
// rounded to f16 as ggml converts them for the products with the f16 cache,
// both products by ggml's f16 vector dot (dot_f16_ggml's order), the softmax
// as ggml's (softmax above). For the weights x V dot, ggml runs over the
// cache length padded to a multiple of 32: positions below that length
// rounded down to 64 go to 64 float lanes (4 x 16, position p into lane
// p % 64), the rest is added in double. Positions past the token are masked
// to weight 0 there and simply absent here, which adds the same.
void attention_per_item(const float* q, const uint16_t* k_cache, const uint16_t* v_cache, int n_tokens, int pos0,
                        int n_head, int n_head_kv, int head_dim, int n_ctx, float* out, float* scratch,
                        ThreadTeam& team, const AttentionOptions& opt) {
    const int64_t q_stride = static_cast<int64_t>(n_head) * head_dim;
    const int64_t kv_stride = static_cast<int64_t>(n_head_kv) * head_dim;
    const int group = n_head / n_head_kv;
    const float scale = opt.scale > 0.0f ? opt.scale : 1.0f / std::sqrt(static_cast<float>(head_dim));
    const bool limited = opt.softcap > 0.0f || opt.window > 0;
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
            if (limited) limit_scores(att, n_seen, opt);
            softmax(att, n_seen);
            round_fp16_rows(att, n_seen);

            const int n_lanes = attention_lane_positions(n_seen);
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

constexpr int64_t pad16(int64_t n) { return (n + 15) & ~int64_t{15}; }

// The f32 path's per-thread scratch, in floats, each part on a cache line.
struct AttentionScratch {
    float *kt, *vf, *att, *qr, *values;
    int64_t att_stride;
    AttentionScratch(float* base, int n_ctx, int head_dim) {
        float* p = reinterpret_cast<float*>((reinterpret_cast<uintptr_t>(base) + 63) & ~uintptr_t{63});
        const auto take = [&](int64_t n) {
            float* r = p;
            p += pad16(n);
            return r;
        };
        att_stride = pad16(n_ctx);
        kt = take(key_blocks_floats(n_ctx, head_dim));
        vf = take(static_cast<int64_t>(n_ctx) * head_dim);
        att = take(ATTENTION_ROWS * att_stride);
        qr = take(ATTENTION_ROWS * static_cast<int64_t>(head_dim));
        values = take(attention_values_scratch(ATTENTION_ROWS, head_dim));
    }
    static int64_t floats(int n_ctx, int head_dim) {
        return 16 + key_blocks_floats(n_ctx, head_dim) + pad16(static_cast<int64_t>(n_ctx) * head_dim) +
               ATTENTION_ROWS * pad16(n_ctx) + pad16(ATTENTION_ROWS * static_cast<int64_t>(head_dim)) +
               pad16(attention_values_scratch(ATTENTION_ROWS, head_dim));
    }
};

bool f32_path(int head_dim) { return head_dim % 64 == 0 && head_dim <= 256; }

}  // namespace

int64_t attention_scratch(int n_ctx, int head_dim) {
    if (f32_path(head_dim)) return AttentionScratch::floats(n_ctx, head_dim);
    return n_ctx + 67 * static_cast<int64_t>(head_dim) + 2;
}

void limit_scores(float* att, int n_seen, const AttentionOptions& opt) {
    if (opt.softcap > 0.0f) softcap(att, n_seen, opt.softcap);
    // Positions p with (n_seen - 1) - p >= window drop out (weight exp(-inf) = 0).
    if (opt.window > 0)
        for (int p = 0; p < n_seen - opt.window; p++) att[p] = -INFINITY;
}

void attention(const float* q, const uint16_t* k_cache, const uint16_t* v_cache, int n_tokens, int pos0, int n_head,
               int n_head_kv, int head_dim, int n_ctx, float* out, float* scratch, ThreadTeam& team,
               const AttentionOptions& opt) {
    if (!f32_path(head_dim))
        return attention_per_item(q, k_cache, v_cache, n_tokens, pos0, n_head, n_head_kv, head_dim, n_ctx, out,
                                  scratch, team, opt);
    const bool limited = opt.softcap > 0.0f || opt.window > 0;
    // Work units (kv head g, token t, chunk c of g's query heads), in that
    // order, each up to ATTENTION_ROWS query heads of one token (same
    // positions seen). A thread takes a contiguous run of units holding its
    // share of the work (positions seen x heads; later tokens see more), so
    // it meets each kv head once: it converts that head's keys and values
    // (up to the last position its units see) to f32 into its scratch, then
    // runs its units' rows over them. Each row's arithmetic is the per-item
    // path's (vec_ops_attn.h), so the split changes no bits.
    const int64_t q_stride = static_cast<int64_t>(n_head) * head_dim;
    const int64_t kv_stride = static_cast<int64_t>(n_head_kv) * head_dim;
    const int group = n_head / n_head_kv;
    const int n_chunks = (group + ATTENTION_ROWS - 1) / ATTENTION_ROWS;
    const int64_t per_kv = static_cast<int64_t>(n_tokens) * n_chunks;  // units per kv head
    const int64_t n_units = per_kv * n_head_kv;
    const float scale = opt.scale > 0.0f ? opt.scale : 1.0f / std::sqrt(static_cast<float>(head_dim));
    // Work before unit u: sum over units u' < u of (positions seen) x (heads).
    const auto work_before = [&](int64_t u) {
        const int64_t g = u / per_kv, rest = u % per_kv, t = rest / n_chunks, c = rest % n_chunks;
        const int64_t seen_per_kv = static_cast<int64_t>(n_tokens) * pos0 + static_cast<int64_t>(n_tokens) * (n_tokens + 1) / 2;
        const int64_t seen_before_t = t * pos0 + t * (t + 1) / 2;  // tokens 0 .. t-1 see pos0 + t' + 1 each
        const int64_t heads_before_c = static_cast<int64_t>(group) * c / n_chunks;
        return (g * seen_per_kv + seen_before_t) * group + (pos0 + t + 1) * heads_before_c;
    };
    const int64_t total = work_before(n_units);
    team.run([&](int ith, int nth) {
        // The first unit whose preceding work reaches ith / nth of the total.
        const auto first_unit = [&](int i) {
            const int64_t target = total * i / nth;
            int64_t lo = 0, hi = n_units;
            while (lo < hi) {
                const int64_t mid = (lo + hi) / 2;
                if (work_before(mid) < target) lo = mid + 1;
                else hi = mid;
            }
            return lo;
        };
        const int64_t begin = first_unit(ith), end = ith + 1 == nth ? n_units : first_unit(ith + 1);
        AttentionScratch s(scratch + static_cast<int64_t>(ith) * attention_scratch(n_ctx, head_dim), n_ctx, head_dim);
        int64_t g_loaded = -1;
        for (int64_t u = begin; u < end; u++) {
            const int64_t g = u / per_kv, rest = u % per_kv;
            const int t = static_cast<int>(rest / n_chunks), c = static_cast<int>(rest % n_chunks);
            const int64_t kv_off = g * head_dim;
            if (g != g_loaded) {  // this kv head up to the last position this thread's units of it see
                const int64_t last = std::min(end, (g + 1) * per_kv) - 1;
                const int n_conv = pos0 + static_cast<int>((last % per_kv) / n_chunks) + 1;
                keys_to_f32_blocks(k_cache + kv_off, kv_stride, n_conv, head_dim, s.kt);
                values_to_f32_rows(v_cache + kv_off, kv_stride, n_conv, head_dim, s.vf);
                g_loaded = g;
            }
            const int h0 = static_cast<int>(g) * group + group * c / n_chunks;
            const int n_rows = static_cast<int>(g) * group + group * (c + 1) / n_chunks - h0;
            const int n_seen = pos0 + t + 1;  // causal: positions 0 .. pos0 + t
            const float* qh = q + t * q_stride + static_cast<int64_t>(h0) * head_dim;
            for (int64_t i = 0; i < static_cast<int64_t>(n_rows) * head_dim; i++) s.qr[i] = qh[i];
            round_fp16_rows(s.qr, static_cast<int64_t>(n_rows) * head_dim);
            scores_f32_blocks(s.qr, n_rows, s.kt, n_seen, head_dim, scale, s.att, s.att_stride);
            for (int r = 0; r < n_rows; r++) {  // softmax (as softmax() above), then rounded to f16
                float* a = s.att + r * s.att_stride;
                if (limited) limit_scores(a, n_seen, opt);
                const double sum = exp_sum_ggml(a, n_seen, max_f32(a, n_seen));
                scale_round_fp16(a, n_seen, static_cast<float>(1.0 / sum));
            }
            values_f32_rows(s.att, s.att_stride, n_rows, s.vf, attention_lane_positions(n_seen), n_seen, head_dim,
                            s.values, out + t * q_stride + static_cast<int64_t>(h0) * head_dim);
        }
    }, static_cast<int64_t>(n_tokens) * n_head * (pos0 + n_tokens) * head_dim * 2);
}

}  // namespace os1::engine

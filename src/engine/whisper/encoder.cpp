// Whisper's encoder, one window of 2 n_ctx mel frames (n_ctx = n_audio_ctx:
// 30 s; fewer positions for a short clip, as whisper.cpp's audio_ctx, with
// the first n_ctx rows of the positional embedding):
//   conv1 (k 3, pad 1) -> GELU -> conv2 (k 3, pad 1, stride 2) -> GELU
//   -> + positional embedding -> blocks (pre-LayerNorm self-attention over
//   all positions, pre-LayerNorm MLP n -> 4n -> GELU -> n) -> ln_post,
// then each decoder layer's cross-attention keys (x head_dim^-1/4) and
// values, rounded to f16 once per window.
// The convolutions are products of the f16 kernel matrix with an im2col of
// the input (each output position's 3 x n_in window), as ggml computes them.
#include <algorithm>
#include <cmath>

#include "engine/ops/ops.h"
#include "engine/whisper/attn_block.h"
#include "engine/whisper/weights.h"

namespace os1::engine::whisper {
namespace {

// y[t] = gelu(y[t] + bias) over n_rows rows of n.
void bias_gelu(float* y, const float* bias, int64_t n_rows, int n, ThreadTeam& team) {
    team.run([&](int ith, int nth) {
        int64_t r0, r1;
        ThreadTeam::split(n_rows, ith, nth, r0, r1);
        for (int64_t r = r0; r < r1; r++)
            for (int i = 0; i < n; i++) y[r * n + i] = gelu_tanh(y[r * n + i] + bias[i]);
    }, n_rows * n * 16);
}

// Rows of y (n_rows, n) += bias.
void bias_rows(float* y, const float* bias, int64_t n_rows, int n) { add_bias(y, bias, static_cast<int>(n_rows), n, n); }

}  // namespace

// Attention of n_q query rows over n_kv keys, every head, split over the
// team by (head, block of ATTN_BLOCK queries). kt: (n_head, head_dim, kt_stride).
void attention_all_heads(StateBuffers& b, const float* q, const float* kt, int64_t kt_stride, const float* v, int n_q,
                         int n_kv, int n_state, int n_head, float scale, int causal_base, float* out) {
    const int hd = n_state / n_head;
    const int n_blocks = (n_q + ATTN_BLOCK - 1) / ATTN_BLOCK;
    const int64_t units = int64_t(n_head) * n_blocks;
    b.mm.team.run([&](int ith, int nth) {
        float* scratch = b.scratch.data() + ith * ATTN_BLOCK * kt_stride;
        int64_t u0, u1;
        ThreadTeam::split(units, ith, nth, u0, u1);
        for (int64_t u = u0; u < u1; u++) {
            const int h = static_cast<int>(u / n_blocks);
            const int i0 = static_cast<int>(u % n_blocks) * ATTN_BLOCK;
            AttnBlockArgs a{};
            a.q = q + int64_t(i0) * n_state + h * hd;
            a.q_stride = n_state;
            a.n_q = std::min(ATTN_BLOCK, n_q - i0);
            a.kt = kt + int64_t(h) * hd * kt_stride;
            a.kt_stride = kt_stride;
            a.v = v + h * hd;
            a.v_stride = n_state;
            a.causal = causal_base >= 0;
            a.n_seen0 = a.causal ? causal_base + i0 + 1 : n_kv;
            a.head_dim = hd;
            a.scale = scale;
            a.out = out + int64_t(i0) * n_state + h * hd;
            a.out_stride = n_state;
            a.scratch = scratch;
            attend_block(a);
        }
    }, int64_t(n_q) * n_kv * n_state * 2);
}

// Keys k (n_kv, n_state) rounded to f16 into kt (n_head, head_dim, kt_stride) at column p0.
void store_keys_transposed(const float* k, int n_kv, int n_state, int n_head, float* kt, int64_t kt_stride, int p0) {
    const int hd = n_state / n_head;
    for (int p = 0; p < n_kv; p++)
        for (int h = 0; h < n_head; h++)
            for (int d = 0; d < hd; d++) {
                float x = k[int64_t(p) * n_state + h * hd + d];
                round_f16(&x, 1);
                kt[(int64_t(h) * hd + d) * kt_stride + p0 + p] = x;
            }
}

void encode_window(const WhisperModel& model, StateBuffers& b, const float* mel, int n_frames_total, int offset,
                   float pad_value, int n_ctx) {
    const WhisperHParams& hp = model.hparams();
    const WhisperWeights& w = model.weights();
    b.n_audio_ctx = n_ctx;
    const int n = hp.n_audio_state, n_mels = hp.n_mels, n_in2 = 2 * n_ctx;
    ThreadTeam& team = b.mm.team;

    // conv1 over the window's mel frames [offset, offset + 2 n_ctx): row t = [in][k] = mel[in][t + k - 1].
    auto mel_at = [&](int in, int t) -> float {
        if (t < 0 || t >= n_in2) return 0.0f;  // the convolution's zero padding
        const int f = offset + t;
        return f < n_frames_total ? mel[int64_t(in) * n_frames_total + f] : pad_value;
    };
    team.run([&](int ith, int nth) {
        int64_t t0, t1;
        ThreadTeam::split(n_in2, ith, nth, t0, t1);
        for (int64_t t = t0; t < t1; t++)
            for (int in = 0; in < n_mels; in++)
                for (int k = 0; k < 3; k++) b.im2col[t * n_mels * 3 + in * 3 + k] = mel_at(in, static_cast<int>(t) + k - 1);
    }, int64_t(n_in2) * n_mels * 3 * 4);
    round_for(w.conv1, b.im2col.data(), n_in2);
    matmul(w.conv1, b.im2col.data(), n_in2, b.conv.data(), b.mm);
    bias_gelu(b.conv.data(), w.conv1_b.data(), n_in2, n, team);

    // conv2, stride 2: row t = [in][k] = conv[2t + k - 1][in].
    team.run([&](int ith, int nth) {
        int64_t t0, t1;
        ThreadTeam::split(n_ctx, ith, nth, t0, t1);
        for (int64_t t = t0; t < t1; t++)
            for (int in = 0; in < n; in++)
                for (int k = 0; k < 3; k++) {
                    const int64_t s = 2 * t + k - 1;
                    b.im2col[t * n * 3 + in * 3 + k] = s < 0 || s >= n_in2 ? 0.0f : b.conv[s * n + in];
                }
    }, int64_t(n_ctx) * n * 3 * 4);
    float* x = b.x.data();
    round_for(w.conv2, b.im2col.data(), n_ctx);
    matmul(w.conv2, b.im2col.data(), n_ctx, x, b.mm);
    bias_gelu(x, w.conv2_b.data(), n_ctx, n, team);
    add(x, w.enc_pos.data(), int64_t(n_ctx) * n);

    const int n_head = hp.n_audio_head, hd = n / n_head;
    const float attn_scale = 1.0f / std::sqrt(static_cast<float>(hd));
    const int64_t rows = n_ctx;
    for (const BlockWeights& blk : w.enc) {
        const AttnWeights& a = blk.attn;
        layer_norm_rows(b.normed.data(), x, a.ln_w.data(), a.ln_b.data(), n_ctx, n, 1e-5f, team);
        round_for(a.q, b.normed.data(), n_ctx);
        MatmulJob jobs[] = {{&a.q, b.q.data()}, {&a.k, b.k.data()}, {&a.v, b.v.data()}};
        matmul_group(jobs, 3, b.normed.data(), n_ctx, b.mm);
        bias_rows(b.q.data(), a.bq.data(), rows, n);
        bias_rows(b.v.data(), a.bv.data(), rows, n);
        round_f16(b.v.data(), rows * n);
        store_keys_transposed(b.k.data(), n_ctx, n, n_head, b.kt.data(), n_ctx, 0);
        attention_all_heads(b, b.q.data(), b.kt.data(), n_ctx, b.v.data(), n_ctx, n_ctx, n, n_head, attn_scale, -1,
                            b.attn.data());
        round_for(a.o, b.attn.data(), n_ctx);
        matmul(a.o, b.attn.data(), n_ctx, b.q.data(), b.mm);
        bias_rows(b.q.data(), a.bo.data(), rows, n);
        add(x, b.q.data(), rows * n);

        layer_norm_rows(b.normed.data(), x, blk.mlp_ln_w.data(), blk.mlp_ln_b.data(), n_ctx, n, 1e-5f, team);
        round_for(blk.mlp0, b.normed.data(), n_ctx);
        matmul(blk.mlp0, b.normed.data(), n_ctx, b.mlp.data(), b.mm);
        bias_gelu(b.mlp.data(), blk.mlp0_b.data(), rows, 4 * n, team);
        round_for(blk.mlp2, b.mlp.data(), n_ctx);
        matmul(blk.mlp2, b.mlp.data(), n_ctx, b.q.data(), b.mm);
        bias_rows(b.q.data(), blk.mlp2_b.data(), rows, n);
        add(x, b.q.data(), rows * n);
    }
    layer_norm_rows(x, x, w.enc_ln_w.data(), w.enc_ln_b.data(), n_ctx, n, 1e-5f, team);

    // Cross-attention keys and values of every decoder layer, once per window
    // (from a copy of the output rounded for the products: x stays as it is).
    const int n_text_head = hp.n_text_head, thd = n / n_text_head;
    const float kscale = std::pow(static_cast<float>(thd), -0.25f);
    for (size_t il = 0; il < w.dec.size(); il++) {
        const AttnWeights& c = w.dec[il].cross;
        std::copy(x, x + rows * n, b.normed.data());
        round_for(c.k, b.normed.data(), n_ctx);
        MatmulJob jobs[] = {{&c.k, b.k.data()}, {&c.v, b.cross_v[il].data()}};
        matmul_group(jobs, 2, b.normed.data(), n_ctx, b.mm);
        scale(b.k.data(), rows * n, kscale);
        store_keys_transposed(b.k.data(), n_ctx, n, n_text_head, b.cross_k[il].data(), n_ctx, 0);
        bias_rows(b.cross_v[il].data(), c.bv.data(), rows, n);
        round_f16(b.cross_v[il].data(), rows * n);
    }
}

}  // namespace os1::engine::whisper

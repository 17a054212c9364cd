// Whisper's text decoder for n_tokens new tokens at positions n_past..:
//   token embedding + learned positional embedding -> blocks (pre-LN causal
//   self-attention with Q and K scaled by head_dim^-1/4, the keys/values
//   appended to the cache in f16; pre-LN cross-attention over the window's
//   keys/values, scores x head_dim^-1/4; pre-LN MLP) -> LayerNorm ->
//   logits = x . token_embedding^T for the last token (the tied output), and
//   optionally for one more (the logits at sot for the no-speech probability).
#include <cmath>

#include "engine/ops/ops.h"
#include "engine/whisper/weights.h"

namespace os1::engine::whisper {

void decode_tokens(const WhisperModel& model, StateBuffers& b, const int32_t* tokens, int n_tokens, int n_past,
                   int extra_row, float* extra_logits) {
    const WhisperHParams& hp = model.hparams();
    const WhisperWeights& w = model.weights();
    const int n = hp.n_text_state, n_head = hp.n_text_head, hd = n / n_head, n_ctx = hp.n_text_ctx;
    const float s = std::pow(static_cast<float>(hd), -0.25f);
    ThreadTeam& team = b.mm.team;
    float* x = b.dx.data();
    for (int i = 0; i < n_tokens; i++) {
        get_row(w.tok_embd, tokens[i], x + int64_t(i) * n);
        add(x + int64_t(i) * n, w.dec_pos.data() + int64_t(n_past + i) * n, n);
    }
    for (size_t il = 0; il < w.dec.size(); il++) {
        const BlockWeights& blk = w.dec[il];
        const AttnWeights& a = blk.attn;
        layer_norm_rows(b.dnormed.data(), x, a.ln_w.data(), a.ln_b.data(), n_tokens, n, 1e-5f, team);
        round_for(a.q, b.dnormed.data(), n_tokens);
        MatmulJob jobs[] = {{&a.q, b.dq.data()}, {&a.k, b.dk.data()}, {&a.v, b.dv.data()}};
        matmul_group(jobs, 3, b.dnormed.data(), n_tokens, b.mm);
        add_bias(b.dq.data(), a.bq.data(), n_tokens, n, n);
        scale(b.dq.data(), int64_t(n_tokens) * n, s);
        scale(b.dk.data(), int64_t(n_tokens) * n, s);
        store_keys_transposed(b.dk.data(), n_tokens, n, n_head, b.self_k[il].data(), n_ctx, n_past);
        add_bias(b.dv.data(), a.bv.data(), n_tokens, n, n);
        round_f16(b.dv.data(), int64_t(n_tokens) * n);
        std::copy(b.dv.begin(), b.dv.begin() + int64_t(n_tokens) * n, b.self_v[il].begin() + int64_t(n_past) * n);
        attention_all_heads(b, b.dq.data(), b.self_k[il].data(), n_ctx, b.self_v[il].data(), n_tokens,
                            n_past + n_tokens, n, n_head, 1.0f, n_past, b.dattn.data());
        round_for(a.o, b.dattn.data(), n_tokens);
        matmul(a.o, b.dattn.data(), n_tokens, b.dq.data(), b.mm);
        add_bias(b.dq.data(), a.bo.data(), n_tokens, n, n);
        add(x, b.dq.data(), int64_t(n_tokens) * n);

        const AttnWeights& c = blk.cross;
        layer_norm_rows(b.dnormed.data(), x, c.ln_w.data(), c.ln_b.data(), n_tokens, n, 1e-5f, team);
        round_for(c.q, b.dnormed.data(), n_tokens);
        matmul(c.q, b.dnormed.data(), n_tokens, b.dq.data(), b.mm);
        add_bias(b.dq.data(), c.bq.data(), n_tokens, n, n);
        attention_all_heads(b, b.dq.data(), b.cross_k[il].data(), b.n_audio_ctx, b.cross_v[il].data(), n_tokens,
                            b.n_audio_ctx, n, n_head, s, -1, b.dattn.data());
        round_for(c.o, b.dattn.data(), n_tokens);
        matmul(c.o, b.dattn.data(), n_tokens, b.dq.data(), b.mm);
        add_bias(b.dq.data(), c.bo.data(), n_tokens, n, n);
        add(x, b.dq.data(), int64_t(n_tokens) * n);

        layer_norm_rows(b.dnormed.data(), x, blk.mlp_ln_w.data(), blk.mlp_ln_b.data(), n_tokens, n, 1e-5f, team);
        round_for(blk.mlp0, b.dnormed.data(), n_tokens);
        matmul(blk.mlp0, b.dnormed.data(), n_tokens, b.dmlp.data(), b.mm);
        for (int64_t r = 0; r < n_tokens; r++)
            for (int i = 0; i < 4 * n; i++) {
                float& v = b.dmlp[r * 4 * n + i];
                v = gelu_tanh(v + blk.mlp0_b[i]);
            }
        round_for(blk.mlp2, b.dmlp.data(), n_tokens);
        matmul(blk.mlp2, b.dmlp.data(), n_tokens, b.dq.data(), b.mm);
        add_bias(b.dq.data(), blk.mlp2_b.data(), n_tokens, n, n);
        add(x, b.dq.data(), int64_t(n_tokens) * n);
    }
    auto logits_of = [&](int row, float* out) {
        layer_norm_rows(b.dnormed.data(), x + int64_t(row) * n, w.dec_ln_w.data(), w.dec_ln_b.data(), 1, n, 1e-5f, team);
        round_for(w.tok_embd, b.dnormed.data(), 1);
        matmul(w.tok_embd, b.dnormed.data(), 1, out, b.mm);
    };
    if (extra_row >= 0 && extra_row < n_tokens && extra_logits) logits_of(extra_row, extra_logits);
    logits_of(n_tokens - 1, b.logits.data());
}

}  // namespace os1::engine::whisper

// Architecture "llama": Llama 2/3, TinyLlama, SmolLM, Mistral and the many
// models converted to this layout.
//
//   hyper-parameters  llama.{context_length, embedding_length, block_count,
//                     feed_forward_length, attention.head_count(_kv),
//                     attention.layer_norm_rms_epsilon, rope.*}
//   tensors           token_embd, output_norm, output (absent: tied to
//                     token_embd), rope_freqs (optional, llama 3.1+),
//                     blk.N.{attn_norm, attn_q, attn_k, attn_v, attn_output,
//                     ffn_norm, ffn_gate, ffn_up, ffn_down}
//   forward pass      pre-norm decoder: RMSNorm, rotary positions on pairs
//                     (2i, 2i+1), grouped-query attention, SwiGLU.
//
// The forward pass below is shared with qwen2 (which only adds Q/K/V biases
// and NeoX rope, both read from the hyper-parameters and weights).
#include "engine/engine.h"
#include "engine/forward.h"
#include "engine/matmul.h"
#include "engine/ops.h"

namespace os1::engine {

namespace {

Result<void> llama_hparams(const GgufFile& file, HParams& hp) {
    TRY(load_common_hparams(file, hp));
    hp.rope_style = RopeStyle::Normal;
    return ok();
}

Result<void> llama_weights(const GgufFile& file, const HParams& hp, ModelWeights& w) {
    return load_llama_like_weights(file, hp, w, /*with_qkv_bias=*/false);
}

}  // namespace

void llama_like_forward(const Model& model, ForwardState& s, const int32_t* tokens, int n_tokens, int pos0,
                        float* logits, bool all_logits) {
    const HParams& hp = model.hparams();
    const ModelWeights& w = model.weights();
    MatmulContext& mm = s.mm;
    const int n_embd = hp.n_embd, n_embd_q = hp.n_embd_q(), n_embd_kv = hp.n_embd_kv(), n_ff = hp.n_ff;

    RopeParams rope{hp.n_rot, hp.rope_freq_base, hp.rope_freq_scale,
                    w.rope_freqs.empty() ? nullptr : w.rope_freqs.data(), hp.rope_style};
    for (int t = 0; t < n_tokens; t++) rope_angles(pos0 + t, rope, &s.rope_cs[static_cast<size_t>(t) * hp.n_rot]);

    // Token embeddings into the residual stream x (n_tokens, n_embd).
    for (int t = 0; t < n_tokens; t++) get_row(w.tok_embd, tokens[t], &s.x[static_cast<size_t>(t) * n_embd]);

    for (int l = 0; l < hp.n_layer; l++) {
        const LayerWeights& L = w.layers[l];

        // --- attention ---
        rmsnorm_rows(s.xb.data(), s.x.data(), L.attn_norm.data(), n_tokens, n_embd, hp.rms_eps);
        matmul(L.wq, s.xb.data(), n_tokens, s.q.data(), mm);
        matmul(L.wk, s.xb.data(), n_tokens, s.k.data(), mm);
        matmul(L.wv, s.xb.data(), n_tokens, s.v.data(), mm);
        if (!L.bq.empty()) add_bias(s.q.data(), L.bq.data(), n_tokens, n_embd_q, n_embd_q);
        if (!L.bk.empty()) add_bias(s.k.data(), L.bk.data(), n_tokens, n_embd_kv, n_embd_kv);
        if (!L.bv.empty()) add_bias(s.v.data(), L.bv.data(), n_tokens, n_embd_kv, n_embd_kv);
        for (int t = 0; t < n_tokens; t++) {
            const float* cs = &s.rope_cs[static_cast<size_t>(t) * hp.n_rot];
            rope_apply(&s.q[static_cast<size_t>(t) * n_embd_q], hp.n_head, hp.head_dim, cs, rope);
            rope_apply(&s.k[static_cast<size_t>(t) * n_embd_kv], hp.n_head_kv, hp.head_dim, cs, rope);
        }
        // Keys and values of positions pos0 .. pos0 + n_tokens - 1 into the cache.
        store_fp16(s.k_at(hp, l, pos0), s.k.data(), static_cast<int64_t>(n_tokens) * n_embd_kv);
        store_fp16(s.v_at(hp, l, pos0), s.v.data(), static_cast<int64_t>(n_tokens) * n_embd_kv);
        attention(s.q.data(), s.k_at(hp, l, 0), s.v_at(hp, l, 0), n_tokens, pos0, hp.n_head, hp.n_head_kv,
                  hp.head_dim, s.n_ctx, s.att.data(), s.scratch.data(), mm.team);
        matmul(L.wo, s.att.data(), n_tokens, s.xb2.data(), mm);
        add(s.x.data(), s.xb2.data(), static_cast<int64_t>(n_tokens) * n_embd);

        // --- feed-forward (SwiGLU) ---
        rmsnorm_rows(s.xb.data(), s.x.data(), L.ffn_norm.data(), n_tokens, n_embd, hp.rms_eps);
        matmul(L.w_gate, s.xb.data(), n_tokens, s.gate.data(), mm);
        matmul(L.w_up, s.xb.data(), n_tokens, s.up.data(), mm);
        swiglu(s.gate.data(), s.up.data(), static_cast<int64_t>(n_tokens) * n_ff);
        matmul(L.w_down, s.gate.data(), n_tokens, s.xb2.data(), mm);
        add(s.x.data(), s.xb2.data(), static_cast<int64_t>(n_tokens) * n_embd);
    }

    if (!logits) return;
    // Final norm and output projection: for every token or only the last.
    const int first = all_logits ? 0 : n_tokens - 1;
    const int n_out = n_tokens - first;
    const float* x = &s.x[static_cast<size_t>(first) * n_embd];
    rmsnorm_rows(s.xb.data(), x, w.output_norm.data(), n_out, n_embd, hp.rms_eps);
    matmul(w.output, s.xb.data(), n_out, logits, mm);
}

extern const Architecture LLAMA_ARCHITECTURE = {"llama", llama_hparams, llama_weights, llama_like_forward};

}  // namespace os1::engine

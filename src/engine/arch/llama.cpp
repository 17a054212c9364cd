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
// The forward pass below is shared by every decoder the engine runs
// (qwen2, qwen3, gemma2, gemma3, phi3, smollm3): what sets them apart is
// data their own files put in HParams and LayerWeights (biases, Q/K norms,
// post-norms, the FFN's activation, embedding scale, soft caps, sliding
// window layers with their own rope, layers without rope), each step
// below skipped when its data is absent.
#include <algorithm>

#include "engine/engine.h"
#include "engine/runtime/forward.h"
#include "engine/ops/matmul.h"
#include "engine/ops/ops.h"

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

// Tokens per attention() call in a batch (see the call below).
constexpr int ATTENTION_CHUNK = 32;

// fn(r0, r1) on rows [r0, r1) of n_rows, split over the team when the batch
// is large enough to pay for the dispatch (row-wise ops: same bits either way).
template <typename F>
void for_rows(ThreadTeam& team, int n_rows, int64_t work_per_row, F&& fn) {
    team.run([&](int ith, int nth) {
        int64_t begin, end;
        ThreadTeam::split(n_rows, ith, nth, begin, end);
        if (begin < end) fn(static_cast<int>(begin), static_cast<int>(end));
    }, n_rows * work_per_row);
}

}  // namespace

void llama_like_forward(const Model& model, ForwardState& s, const int32_t* tokens, int n_tokens, int pos0,
                        float* logits, bool all_logits) {
    const HParams& hp = model.hparams();
    const ModelWeights& w = model.weights();
    MatmulContext& mm = s.mm;
    ThreadTeam& team = mm.team;
    const int n_embd = hp.n_embd, n_embd_q = hp.n_embd_q(), n_embd_kv = hp.n_embd_kv();
    const auto row = [](float* v, int t, int n) { return v + static_cast<int64_t>(t) * n; };

    // Rotary angles per token, for global (0) or local (1) layers; computed
    // again only when a layer needs the other kind.
    int cs_kind = -1;
    const auto rope_for = [&](bool local) {
        RopeParams rope{hp.n_rot, hp.rope_freq_base, hp.rope_freq_scale,
                        w.rope_freqs.empty() ? nullptr : w.rope_freqs.data(), hp.rope_style,
                        hp.yarn_ext_factor, hp.yarn_attn_factor, hp.yarn_corr_low, hp.yarn_corr_high};
        if (local) {
            rope.freq_base = hp.rope_freq_base_swa;
            rope.freq_scale = hp.rope_freq_scale_swa;
            rope.ext_factor = 0.0f;
            rope.attn_factor = 1.0f;
        }
        if (cs_kind != static_cast<int>(local)) {
            for (int t = 0; t < n_tokens; t++)
                rope_angles(pos0 + t, rope, &s.rope_cs[static_cast<int64_t>(t) * hp.n_rot]);
            cs_kind = static_cast<int>(local);
        }
        return rope;
    };

    // Token embeddings into the residual stream x (n_tokens, n_embd).
    for (int t = 0; t < n_tokens; t++) {
        get_row(w.tok_embd, tokens[t], row(s.x, t, n_embd));
        if (hp.embd_scale != 0.0f) scale(row(s.x, t, n_embd), n_embd, hp.embd_scale);
    }

    // Rows whose output is needed after the last layer: all, the last or none.
    // The last layer computes keys/values for every token (the cache needs
    // them) but attention and FFN only for these rows, as llama.cpp does;
    // each row's result does not depend on the others, so the bits agree.
    const int out0 = !logits ? n_tokens : all_logits ? 0 : n_tokens - 1;

    for (int l = 0; l < hp.n_layer; l++) {
        const LayerWeights& L = w.layers[l];
        const bool last = l == hp.n_layer - 1;
        const bool local = hp.layer_is_local(l);
        const bool with_rope = hp.layer_has_rope(l);
        const RopeParams rope = with_rope ? rope_for(local) : RopeParams{};

        // --- attention ---
        for_rows(team, n_tokens, 4 * n_embd, [&](int r0, int r1) {
            rmsnorm_rows(row(s.xb, r0, n_embd), row(s.x, r0, n_embd), L.attn_norm.data(), r1 - r0, n_embd, hp.rms_eps);
        });
        const MatmulJob qkv[3] = {{&L.wq, s.q}, {&L.wk, s.k}, {&L.wv, s.v}};
        matmul_group(qkv, 3, s.xb, n_tokens, mm);
        for_rows(team, n_tokens, 4 * (n_embd_q + 2 * n_embd_kv), [&](int r0, int r1) {
            const int n = r1 - r0;
            float *q = row(s.q, r0, n_embd_q), *k = row(s.k, r0, n_embd_kv), *v = row(s.v, r0, n_embd_kv);
            if (!L.bq.empty()) add_bias(q, L.bq.data(), n, n_embd_q, n_embd_q);
            if (!L.bk.empty()) add_bias(k, L.bk.data(), n, n_embd_kv, n_embd_kv);
            if (!L.bv.empty()) add_bias(v, L.bv.data(), n, n_embd_kv, n_embd_kv);
            // Per-head RMSNorm of queries and keys (each head's head_dim values).
            if (!L.q_norm.empty()) rmsnorm_rows(q, q, L.q_norm.data(), n * hp.n_head, hp.head_dim, hp.rms_eps);
            if (!L.k_norm.empty()) rmsnorm_rows(k, k, L.k_norm.data(), n * hp.n_head_kv, hp.head_dim, hp.rms_eps);
            if (with_rope) {
                for (int t = r0; t < r1; t++) {
                    const float* cs = &s.rope_cs[static_cast<int64_t>(t) * hp.n_rot];
                    rope_apply(row(s.q, t, n_embd_q), hp.n_head, hp.head_dim, cs, rope);
                    rope_apply(row(s.k, t, n_embd_kv), hp.n_head_kv, hp.head_dim, cs, rope);
                }
            }
            if (hp.attn_q_scale != 0.0f) scale(q, static_cast<int64_t>(n) * n_embd_q, hp.attn_q_scale);
            // Keys and values of positions pos0 + r0 .. pos0 + r1 - 1 into the cache.
            store_fp16(s.k_at(hp, l, pos0 + r0), k, static_cast<int64_t>(n) * n_embd_kv);
            store_fp16(s.v_at(hp, l, pos0 + r0), v, static_cast<int64_t>(n) * n_embd_kv);
        });
        const int r0 = last ? out0 : 0;  // rows this layer carries on with
        const int n = n_tokens - r0;
        if (n == 0) break;
        float* x = row(s.x, r0, n_embd);
        const AttentionOptions att_opt{.scale = hp.attn_q_scale != 0.0f ? 1.0f : 0.0f,
                                       .softcap = hp.attn_softcap,
                                       .window = local ? hp.n_swa : 0};
        // In chunks of tokens: for head sizes off its f32 path attention()
        // splits (token, head) items evenly by count, and under the causal
        // mask later tokens cost more, so one call over a long batch would
        // leave threads idle. (The f32 path splits by work; chunks of 32 or
        // 512 take the same time there: BENCHMARKS.md, attention.)
        for (int c = 0; c < n; c += ATTENTION_CHUNK) {
            const int nc = std::min(ATTENTION_CHUNK, n - c);
            attention(row(s.q, r0 + c, n_embd_q), s.k_at(hp, l, 0), s.v_at(hp, l, 0), nc, pos0 + r0 + c, hp.n_head,
                      hp.n_head_kv, hp.head_dim, s.n_ctx, row(s.att, c, n_embd_q), s.scratch, team, att_opt);
        }
        matmul(L.wo, s.att, n, s.xb2, mm);

        // --- (post-norm,) residual, then feed-forward ---
        for_rows(team, n, 6 * n_embd, [&](int a, int b) {
            float* o = row(s.xb2, a, n_embd);
            if (!L.attn_post_norm.empty()) rmsnorm_rows(o, o, L.attn_post_norm.data(), b - a, n_embd, hp.rms_eps);
            add(x + static_cast<int64_t>(a) * n_embd, o, static_cast<int64_t>(b - a) * n_embd);
            rmsnorm_rows(row(s.xb, a, n_embd), x + static_cast<int64_t>(a) * n_embd, L.ffn_norm.data(), b - a, n_embd,
                         hp.rms_eps);
        });
        for (int c = 0; c < n; c += ForwardState::FFN_CHUNK) {
            const int nc = std::min(ForwardState::FFN_CHUNK, n - c);
            if (hp.ffn_act == FfnActivation::Silu) {
                matmul_swiglu(L.w_gate, L.w_up, row(s.xb, c, n_embd), nc, s.gate, s.up, mm);
            } else {
                const MatmulJob gate_up[2] = {{&L.w_gate, s.gate}, {&L.w_up, s.up}};
                matmul_group(gate_up, 2, row(s.xb, c, n_embd), nc, mm);
                for_rows(team, nc, 8 * hp.n_ff, [&](int a, int b) {
                    geglu(row(s.gate, a, hp.n_ff), row(s.up, a, hp.n_ff), static_cast<int64_t>(b - a) * hp.n_ff);
                });
            }
            matmul(L.w_down, s.gate, nc, row(s.xb2, c, n_embd), mm);
        }
        for_rows(team, n, 2 * n_embd, [&](int a, int b) {
            float* o = row(s.xb2, a, n_embd);
            if (!L.ffn_post_norm.empty()) rmsnorm_rows(o, o, L.ffn_post_norm.data(), b - a, n_embd, hp.rms_eps);
            add(x + static_cast<int64_t>(a) * n_embd, o, static_cast<int64_t>(b - a) * n_embd);
        });
    }

    if (!logits) return;
    // Final norm and output projection: for every token or only the last.
    const int n_out = n_tokens - out0;
    rmsnorm_rows(s.xb, row(s.x, out0, n_embd), w.output_norm.data(), n_out, n_embd, hp.rms_eps);
    matmul(w.output, s.xb, n_out, logits, mm);
    if (hp.final_softcap != 0.0f) softcap(logits, static_cast<int64_t>(n_out) * hp.n_vocab, hp.final_softcap);
}

extern const Architecture LLAMA_ARCHITECTURE = {"llama", llama_hparams, llama_weights, llama_like_forward};

}  // namespace os1::engine

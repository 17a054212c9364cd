// A session's working memory for the forward pass: the KV cache and every
// scratch buffer, all sized when the session is made (n_ctx, n_batch) so
// the forward pass itself allocates nothing.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "engine/runtime/model.h"
#include "engine/ops/matmul.h"
#include "engine/ops/ops.h"
#include "engine/runtime/thread_team.h"

namespace os1::engine {

struct ForwardState {
    ForwardState(const HParams& hp, int n_ctx, int n_batch, int n_threads);

    // The feed-forward block runs over a batch in chunks of this many tokens:
    // its (tokens, n_ff) gate/up buffers are the largest scratch, and a
    // token's result does not depend on the chunk it lands in.
    static constexpr int FFN_CHUNK = 64;

    int n_ctx;    // tokens the cache holds
    int n_batch;  // most tokens per forward() call
    MatmulContext mm;  // threads + activation scratch for matmul()

    // Key/value cache, f16 bits. Layer l, position p starts at
    // ((l * n_ctx) + p) * n_embd_kv.
    std::vector<uint16_t> k_cache;  // (n_layer, n_ctx, n_embd_kv)
    std::vector<uint16_t> v_cache;  // (n_layer, n_ctx, n_embd_kv)

    // Scratch: views into `arena`. Buffers whose lifetimes within a layer do
    // not overlap share memory (xb/att, q/xb2); the arena is not zero-filled,
    // so pages a session never reaches (a short batch) stay unmapped.
    // d = max(n_embd, n_embd_q).
    float* x = nullptr;        // (n_batch, n_embd) residual stream
    float* xb = nullptr;       // (n_batch, d) normed input of a sub-layer ...
    float* att = nullptr;      // ... == xb: attention output, all heads (n_batch, n_embd_q)
    float* q = nullptr;        // (n_batch, d) queries ...
    float* xb2 = nullptr;      // ... == q: output of a sub-layer (n_batch, n_embd)
    float* k = nullptr;        // (n_batch, n_embd_kv) new keys, before they go to the cache
    float* v = nullptr;        // (n_batch, n_embd_kv) new values
    float* gate = nullptr;     // (FFN_CHUNK, n_ff)
    float* up = nullptr;       // (FFN_CHUNK, n_ff)
    float* scratch = nullptr;  // (n_threads, attention_scratch(n_ctx, head_dim)): a kv head in f32, weights, queries
    float* rope_cs = nullptr;  // (n_batch, n_rot) cos/sin per token
    std::unique_ptr<float[]> arena;
    int64_t arena_floats = 0;

    uint16_t* k_at(const HParams& hp, int layer, int pos) {
        return k_cache.data() + (static_cast<int64_t>(layer) * n_ctx + pos) * hp.n_embd_kv();
    }
    uint16_t* v_at(const HParams& hp, int layer, int pos) {
        return v_cache.data() + (static_cast<int64_t>(layer) * n_ctx + pos) * hp.n_embd_kv();
    }
};

// The llama-family decoder shared by llama and qwen2 in their own files:
// embeddings -> n_layer x (rmsnorm, attention with rope + GQA, residual,
// rmsnorm, SwiGLU FFN, residual) -> rmsnorm -> output. Biases are added
// when the layer has them. See Architecture::forward for the contract.
void llama_like_forward(const Model& model, ForwardState& s, const int32_t* tokens, int n_tokens, int pos0,
                        float* logits, bool all_logits);

}  // namespace os1::engine

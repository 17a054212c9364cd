// A session's working memory for the forward pass: the KV cache and every
// scratch buffer, all sized when the session is made (n_ctx, n_batch) so
// the forward pass itself allocates nothing.
#pragma once

#include <cstdint>
#include <vector>

#include "engine/model.h"
#include "engine/matmul.h"
#include "engine/ops.h"
#include "engine/thread_team.h"

namespace os1::engine {

struct ForwardState {
    ForwardState(const HParams& hp, int n_ctx, int n_batch, int n_threads);

    int n_ctx;    // tokens the cache holds
    int n_batch;  // most tokens per forward() call
    MatmulContext mm;  // threads + activation scratch for matmul()

    // Key/value cache, f16 bits. Layer l, position p starts at
    // ((l * n_ctx) + p) * n_embd_kv.
    std::vector<uint16_t> k_cache;  // (n_layer, n_ctx, n_embd_kv)
    std::vector<uint16_t> v_cache;  // (n_layer, n_ctx, n_embd_kv)

    std::vector<float> x;       // (n_batch, n_embd) residual stream
    std::vector<float> xb;      // (n_batch, n_embd) normed input of a sub-layer
    std::vector<float> xb2;     // (n_batch, n_embd) output of a sub-layer
    std::vector<float> q;       // (n_batch, n_embd_q) queries
    std::vector<float> k;       // (n_batch, n_embd_kv) new keys, before they go to the cache
    std::vector<float> v;       // (n_batch, n_embd_kv) new values
    std::vector<float> att;     // (n_batch, n_embd_q) attention output, all heads
    std::vector<float> gate;    // (n_batch, n_ff)
    std::vector<float> up;      // (n_batch, n_ff)
    std::vector<float> scratch; // (n_threads, attention_scratch(n_ctx, head_dim)) attention weights, query, lanes
    std::vector<float> rope_cs; // (n_batch, n_rot) cos/sin per token

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

// Architecture "qwen3": Qwen 3 dense models (0.6B .. 32B).
//
// The llama decoder (arch/llama.cpp, llama_like_forward) with:
//   - no Q/K/V biases (unlike qwen2);
//   - a per-head RMSNorm of queries and keys before rope:
//     blk.N.attn_q_norm / attn_k_norm, head_dim weights each (required);
//   - head_dim from qwen3.attention.key_length, which need not be
//     n_embd / n_head (0.6B: 1024 wide, 16 heads of 128, Q 2048 wide);
//   - NeoX rope (pairs i, i + n_rot/2), n_rot = key_length unless
//     rope.dimension_count says otherwise, base typically 1e6.
// Output is tied to token_embd in the small models.
#include "engine/runtime/forward.h"

namespace os1::engine {

namespace {

Result<void> qwen3_hparams(const GgufFile& file, HParams& hp) {
    TRY(load_common_hparams(file, hp));
    hp.rope_style = RopeStyle::NeoX;
    return ok();
}

Result<void> qwen3_weights(const GgufFile& file, const HParams& hp, ModelWeights& w) {
    return load_decoder_weights(file, hp, w, DecoderTensors{.qk_norm = true});
}

}  // namespace

extern const Architecture QWEN3_ARCHITECTURE = {"qwen3", qwen3_hparams, qwen3_weights, llama_like_forward};

}  // namespace os1::engine

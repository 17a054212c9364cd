// Architecture "qwen2": Qwen 2 / 2.5 (and Qwen2-based models).
//
// Same decoder as llama (arch/llama.cpp, llama_like_forward) with two
// differences, both expressed as data:
//   - attention projections have biases: blk.N.attn_{q,k,v}.bias (required)
//   - rotary positions use the NeoX layout: pairs (i, i + n_rot/2)
// Hyper-parameters come from qwen2.* keys (rope.freq_base is typically
// 1e6); output.weight is absent in small Qwen models (tied embeddings).
#include "engine/runtime/forward.h"

namespace os1::engine {

namespace {

Result<void> qwen2_hparams(const GgufFile& file, HParams& hp) {
    TRY(load_common_hparams(file, hp));
    hp.rope_style = RopeStyle::NeoX;
    return ok();
}

Result<void> qwen2_weights(const GgufFile& file, const HParams& hp, ModelWeights& w) {
    return load_llama_like_weights(file, hp, w, /*with_qkv_bias=*/true);
}

}  // namespace

extern const Architecture QWEN2_ARCHITECTURE = {"qwen2", qwen2_hparams, qwen2_weights, llama_like_forward};

}  // namespace os1::engine

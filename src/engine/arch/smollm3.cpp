// Architecture "smollm3": SmolLM3 (3B).
//
// The llama decoder (arch/llama.cpp, llama_like_forward) with interleaved
// rope (pairs 2i, 2i+1) on three layers out of four: layer il has no rotary
// positions when (il + 1) % 4 == 0 ("NoPE" layers; the step is fixed by
// the model, GGUF files carry no key for it). GQA, tied output, rope base
// 5e6 in the released model. Tensors as llama's.
#include "engine/runtime/forward.h"

namespace os1::engine {

namespace {

constexpr int SMOLLM3_NOPE_STEP = 4;

Result<void> smollm3_hparams(const GgufFile& file, HParams& hp) {
    TRY(load_common_hparams(file, hp));
    hp.rope_style = RopeStyle::Normal;
    hp.nope_layer_step = SMOLLM3_NOPE_STEP;
    return ok();
}

Result<void> smollm3_weights(const GgufFile& file, const HParams& hp, ModelWeights& w) {
    return load_decoder_weights(file, hp, w, DecoderTensors{});
}

}  // namespace

extern const Architecture SMOLLM3_ARCHITECTURE = {"smollm3", smollm3_hparams, smollm3_weights, llama_like_forward};

}  // namespace os1::engine

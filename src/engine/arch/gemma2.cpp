// Architecture "gemma2": Gemma 2 (2B, 9B, 27B).
//
// The shared decoder (arch/llama.cpp, llama_like_forward) with:
//   - embeddings multiplied by sqrt(n_embd);
//   - pre- and post-norms around attention and the FFN (post_attention_norm,
//     post_ffw_norm), weights used as stored;
//   - queries scaled by 1/sqrt(key_length) after rope, then the scores
//     soft-capped: cap * tanh(score / cap), cap = attn_logit_softcapping
//     (50 in the released models);
//   - the output logits soft-capped by final_logit_softcapping (30);
//   - a GELU(tanh)-gated FFN;
//   - sliding-window attention (attention.sliding_window, 4096) on every
//     other layer: il % P < P - 1 with P = attention.sliding_window_pattern,
//     2 when absent (layers 0, 2, 4, ... local), one rope base for all;
//   - NeoX rope; tied output.
#include <cmath>

#include "engine/runtime/forward.h"

namespace os1::engine {

namespace {

constexpr int GEMMA2_27B_LAYERS = 46;  // its queries scale by 1/sqrt(n_embd / n_head)
constexpr int GEMMA2_DEFAULT_SWA_PATTERN = 2;

Result<void> gemma2_hparams(const GgufFile& file, HParams& hp) {
    TRY(load_gemma_hparams(file, hp, GEMMA2_DEFAULT_SWA_PATTERN, GEMMA2_27B_LAYERS));
    const auto cap = [&](const char* key, float& out) -> Result<void> {
        const double v = file.float_or_none(key).value_or(0.0);
        if (!(v >= 0.0 && v < 1e6)) return Error::invalid(key, " (", v, ") is out of range");
        out = static_cast<float>(v);
        return ok();
    };
    TRY(cap("gemma2.attn_logit_softcapping", hp.attn_softcap));
    TRY(cap("gemma2.final_logit_softcapping", hp.final_softcap));
    // Local layers share the global rope.
    hp.rope_freq_base_swa = hp.rope_freq_base;
    hp.rope_freq_scale_swa = hp.rope_freq_scale;
    return ok();
}

Result<void> gemma2_weights(const GgufFile& file, const HParams& hp, ModelWeights& w) {
    return load_decoder_weights(file, hp, w, DecoderTensors{.post_norms = true});
}

}  // namespace

extern const Architecture GEMMA2_ARCHITECTURE = {"gemma2", gemma2_hparams, gemma2_weights, llama_like_forward};

}  // namespace os1::engine

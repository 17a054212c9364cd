// Architecture "gemma3": Gemma 3 text models (1B .. 27B; the vision tower
// of the larger ones is not loaded).
//
// The shared decoder (arch/llama.cpp, llama_like_forward) with:
//   - embeddings multiplied by sqrt(n_embd);
//   - RMSNorm after attention and after the FFN too (post_attention_norm,
//     post_ffw_norm), each before its residual add; norm weights are used
//     as stored (the converter folded gemma's +1 in);
//   - per-head RMSNorm of queries and keys (attn_q_norm / attn_k_norm);
//   - queries scaled by 1/sqrt(key_length) after rope;
//   - a GELU(tanh)-gated FFN: gelu(gate) * up;
//   - local and global layers: layer il is local (sliding window of
//     attention.sliding_window positions, rope base rope.freq_base_swa,
//     no rope scaling) when il % P < P - 1, P from
//     attention.sliding_window_pattern (6 when absent, as the released
//     models: five local layers, then a global one); global layers use
//     rope.freq_base and the file's rope scaling (linear x8 on 4B+);
//   - NeoX rope; tied output.
#include <cmath>

#include "engine/runtime/forward.h"

namespace os1::engine {

namespace {

constexpr int GEMMA3_27B_LAYERS = 62;  // its queries scale by 1/sqrt(n_embd / n_head)
constexpr int GEMMA3_DEFAULT_SWA_PATTERN = 6;

Result<void> gemma3_hparams(const GgufFile& file, HParams& hp) {
    TRY(load_gemma_hparams(file, hp, GEMMA3_DEFAULT_SWA_PATTERN, GEMMA3_27B_LAYERS));
    hp.rope_freq_base_swa = static_cast<float>(file.float_or_none("gemma3.rope.freq_base_swa").value_or(10000.0));
    if (!(hp.rope_freq_base_swa > 0.0f) || !std::isfinite(hp.rope_freq_base_swa))
        return Error::invalid("gemma3.rope.freq_base_swa (", hp.rope_freq_base_swa, ") must be a positive number");
    hp.rope_freq_scale_swa = 1.0f;
    return ok();
}

Result<void> gemma3_weights(const GgufFile& file, const HParams& hp, ModelWeights& w) {
    return load_decoder_weights(file, hp, w, DecoderTensors{.qk_norm = true, .post_norms = true});
}

}  // namespace

extern const Architecture GEMMA3_ARCHITECTURE = {"gemma3", gemma3_hparams, gemma3_weights, llama_like_forward};

}  // namespace os1::engine

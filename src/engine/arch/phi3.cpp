// Architecture "phi3": Phi-3 / Phi-3.5 mini and Phi-4-mini.
//
// The llama decoder (arch/llama.cpp, llama_like_forward) with:
//   - fused projections: blk.N.attn_qkv holds the Q, K and V rows in one
//     matrix, blk.N.ffn_up the gate rows then the up rows (2 n_ff rows,
//     silu(gate) * up); both are read as row views, so the forward pass
//     sees separate matrices (files with separate tensors load too);
//   - partial rotary: rope.dimension_count of the head's dims (Phi-4-mini:
//     96 of 128), NeoX layout, the rest untouched;
//   - queries scaled by 1/sqrt(head_dim) before the scores (as llama.cpp);
//   - output.weight untied (optional output.bias is not used by these models).
// Phi-3's sliding_window key is ignored, as llama.cpp does. LongRoPE
// (rope_factors_long/short, Phi-3.5 / Phi-4-mini): the short factors are
// applied, which is exact within the original context
// (rope.scaling.original_context_length); longer contexts are warned about.
#include <cmath>

#include "core/log.h"
#include "engine/runtime/forward.h"

namespace os1::engine {

namespace {

Result<void> phi3_hparams(const GgufFile& file, HParams& hp) {
    TRY(load_common_hparams(file, hp));
    hp.rope_style = RopeStyle::NeoX;
    hp.attn_q_scale = 1.0f / std::sqrt(static_cast<float>(hp.head_dim));
    // LongRoPE's magnitude correction (Phi-3.5, Phi-4-mini): cos/sin scaled.
    if (hp.yarn_ext_factor == 0.0f)
        if (auto attn = file.float_or_none("phi3.rope.scaling.attn_factor"); attn && *attn > 0.0 && *attn < 16.0)
            hp.yarn_attn_factor = static_cast<float>(*attn);
    return ok();
}

Result<void> phi3_weights(const GgufFile& file, const HParams& hp, ModelWeights& w) {
    TRY(load_decoder_weights(file, hp, w, DecoderTensors{.fused_qkv = true, .fused_gate_up = true}));
    if (w.rope_freqs.empty() && has_tensor(file, "rope_factors_short.weight")) {
        w.rope_freqs = TRY(get_vector(file, "rope_factors_short.weight", hp.n_rot / 2));
        if (has_tensor(file, "rope_factors_long.weight"))
            log::info("phi3: LongRoPE short factors used (exact up to the original context; the long factors "
                      "for longer contexts are not applied)");
    }
    return ok();
}

}  // namespace

extern const Architecture PHI3_ARCHITECTURE = {"phi3", phi3_hparams, phi3_weights, llama_like_forward};

}  // namespace os1::engine

// The scalar twin of Whisper's attention block and its dispatch.
#include "engine/whisper/attn_block.h"

#include <cmath>
#include <cstring>

#include "engine/kernels/kernels.h"
#include "engine/kernels/vec_ops.h"

namespace os1::engine::whisper {

#define ATTN_BLOCK_FN attend_block_scalar
#include "engine/whisper/attn_block.inc"
#undef ATTN_BLOCK_FN

float round_to_f16(float x) { return f16_round(x); }

void attend_block(const AttnBlockArgs& a) {
    static const bool avx2 = kernels::active_isa() != kernels::Isa::Scalar;
    if (avx2) attend_block_avx2(a);
    else attend_block_scalar(a);
}

}  // namespace os1::engine::whisper

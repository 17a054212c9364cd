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
#if OS1_KERNELS_X86
    static const bool avx2 = kernels::active_isa() == kernels::Isa::Avx2 || kernels::active_isa() == kernels::Isa::Avx512;
    if (avx2) return attend_block_avx2(a);
#endif
    attend_block_scalar(a);
}

}  // namespace os1::engine::whisper

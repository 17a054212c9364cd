// Whisper's attention block compiled for AVX2/FMA (by file name); the same
// source as its scalar twin (attn_block.inc).
#include <cmath>
#include <cstring>

#include "engine/kernels/vec_ops.h"
#include "engine/whisper/attn_block.h"

namespace os1::engine::whisper {
namespace avx2_impl {
#define ATTN_BLOCK_FN attend_block_avx2_impl
#include "engine/whisper/attn_block.inc"
#undef ATTN_BLOCK_FN
}  // namespace avx2_impl

void attend_block_avx2(const AttnBlockArgs& a) { avx2_impl::attend_block_avx2_impl(a); }

}  // namespace os1::engine::whisper

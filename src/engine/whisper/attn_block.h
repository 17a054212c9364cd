// Whisper's attention kernel over one head (internal): a block of queries
// against keys stored transposed, so that each key row is read once per
// block and every inner loop runs over contiguous positions or dimensions.
// One portable source (attn_block.inc) compiled twice: plainly (the scalar
// twin, the definition) and with AVX2/FMA (attn_block_avx2.cpp), chosen at
// run time; they differ only by fused multiply-adds (whisper_attn_test).
#pragma once

#include <cstdint>

namespace os1::engine::whisper {

// Scores, softmax and weights x V for n_q <= ATTN_BLOCK queries of one head:
//   q (n_q, q_stride), already offset to the head; kt (head_dim, kt_stride)
//   the head's keys; v (n_kv, v_stride) offset to the head; query i sees
//   keys 0 .. n_seen0 + i - 1 when causal, else 0 .. n_seen0 - 1.
// Queries and weights are rounded to f16 before their products (ggml's f16
// K/V path); scores x scale; softmax with ggml's exp. out (n_q, out_stride).
// scratch: ATTN_BLOCK x kt_stride floats.
constexpr int ATTN_BLOCK = 8;
struct AttnBlockArgs {
    const float* q;
    int64_t q_stride;
    int n_q;
    const float* kt;
    int64_t kt_stride;
    const float* v;
    int64_t v_stride;
    int n_seen0;
    bool causal;
    int head_dim;
    float scale;
    float* out;
    int64_t out_stride;
    float* scratch;
};
void attend_block(const AttnBlockArgs& a);  // dispatches
void attend_block_scalar(const AttnBlockArgs& a);
void attend_block_avx2(const AttnBlockArgs& a);  // only after a CPU check
// x rounded to the nearest f16 (round half to even, f16 subnormals too), as a float.
float round_to_f16(float x);

}  // namespace os1::engine::whisper

// Attention over the f16 KV cache (see kernels.h): the value product's
// dispatch and scalar twin (the scores are vec_ops.h's scores_f16_ggml). The AVX-512 versions (attention_avx512.cpp) add in the same order;
// every product is of two f16-precision values, hence exact in float, so an
// FMA and a multiply-then-add give the same bits.
#include "engine/kernels/kernels.h"

#include <vector>

#include "engine/tensor_types.h"

namespace os1::engine::kernels {

void attn_value_lanes_f16_avx512(const float* a, const uint16_t* v, int64_t v_stride, int n_pos, int head_dim,
                                 float* lanes);

namespace {

void value_lanes_scalar(const float* a, const uint16_t* v, int64_t v_stride, int n_pos, int head_dim,
                        float* lanes) {
    const float* f16 = fp16_table();
    for (int p = 0; p < n_pos; p++) {
        const uint16_t* vp = v + p * v_stride;
        float* lane = lanes + static_cast<int64_t>(p % 16) * head_dim;
        for (int i = 0; i < head_dim; i++) lane[i] += a[p] * f16[vp[i]];
    }
}

}  // namespace

void attn_value_lanes_f16(const float* a, const uint16_t* v, int64_t v_stride, int n_pos, int head_dim,
                          float* lanes) {
    if (active_isa() == Isa::Avx512 && head_dim % 16 == 0) return attn_value_lanes_f16_avx512(a, v, v_stride, n_pos, head_dim, lanes);
    value_lanes_scalar(a, v, v_stride, n_pos, head_dim, lanes);
}

}  // namespace os1::engine::kernels

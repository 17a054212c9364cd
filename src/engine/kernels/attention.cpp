// Attention over the f16 KV cache (see kernels.h): dispatch and the scalar
// twins. The AVX-512 versions (attention_avx512.cpp) add in the same order;
// every product is of two f16-precision values, hence exact in float, so an
// FMA and a multiply-then-add give the same bits.
#include "engine/kernels/kernels.h"

#include <vector>

#include "engine/tensor_types.h"

namespace os1::engine::kernels {

void attn_scores_f16_avx512(const float* q, const uint16_t* k, int64_t k_stride, int n_pos, int head_dim,
                            float scale, float* att);
void attn_value_lanes_f16_avx512(const float* a, const uint16_t* v, int64_t v_stride, int n_pos, int head_dim,
                                 float* lanes);

namespace {


// The tree order of a 512-bit horizontal add (ops.cpp's reduce16).
float reduce16(const float* a) {
    float b[8], c[4];
    for (int i = 0; i < 8; i++) b[i] = a[i] + a[i + 8];
    for (int i = 0; i < 4; i++) c[i] = b[i] + b[i + 4];
    return (c[0] + c[2]) + (c[1] + c[3]);
}

void scores_scalar(const float* q, const uint16_t* k, int64_t k_stride, int n_pos, int head_dim, float scale,
                   float* att) {
    const float* f16 = fp16_table();
    for (int p = 0; p < n_pos; p++) {
        const uint16_t* kp = k + p * k_stride;
        float lanes[16] = {};
        for (int i = 0; i < head_dim; i += 16)
            for (int l = 0; l < 16; l++) lanes[l] += q[i + l] * f16[kp[i + l]];
        att[p] = reduce16(lanes) * scale;
    }
}

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

void attn_scores_f16(const float* q, const uint16_t* k, int64_t k_stride, int n_pos, int head_dim, float scale,
                     float* att) {
    if (active_isa() == Isa::Avx512) return attn_scores_f16_avx512(q, k, k_stride, n_pos, head_dim, scale, att);
    scores_scalar(q, k, k_stride, n_pos, head_dim, scale, att);
}

void attn_value_lanes_f16(const float* a, const uint16_t* v, int64_t v_stride, int n_pos, int head_dim,
                          float* lanes) {
    if (active_isa() == Isa::Avx512) return attn_value_lanes_f16_avx512(a, v, v_stride, n_pos, head_dim, lanes);
    value_lanes_scalar(a, v, v_stride, n_pos, head_dim, lanes);
}

}  // namespace os1::engine::kernels

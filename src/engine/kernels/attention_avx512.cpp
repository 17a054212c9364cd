// AVX-512 twins of attention.cpp's scalar loops (same order of additions;
// see there). Only reached after active_isa() reports AVX-512.
// GCC 12 flags its own _mm512_undefined_*() helpers as uninitialized.
#pragma GCC diagnostic ignored "-Wuninitialized"
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#include <immintrin.h>

#include <cstdint>

namespace os1::engine::kernels {

namespace {

inline __m512 load_f16(const uint16_t* p) {
    return _mm512_cvtph_ps(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(p)));
}

}  // namespace

void attn_value_lanes_f16_avx512(const float* a, const uint16_t* v, int64_t v_stride, int n_pos, int head_dim,
                                 float* lanes) {
    for (int p = 0; p < n_pos; p++) {
        const uint16_t* vp = v + p * v_stride;
        float* lane = lanes + static_cast<int64_t>(p % 16) * head_dim;
        const __m512 ap = _mm512_set1_ps(a[p]);
        for (int i = 0; i < head_dim; i += 16)
            _mm512_storeu_ps(lane + i, _mm512_fmadd_ps(ap, load_f16(vp + i), _mm512_loadu_ps(lane + i)));
    }
}

}  // namespace os1::engine::kernels

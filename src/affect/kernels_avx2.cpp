// AVX2/FMA twin of accumulate_q4_scalar (compiled with -mavx2 -mfma; only
// called when the CPU has both).
#include <immintrin.h>

#include "affect/kernels.h"

namespace os1::affect {

void accumulate_q4_avx2(const uint8_t* rows, size_t row_bytes, const uint32_t* index, const float* factor, size_t n,
                        float* acc) {
    const __m128i mask = _mm_set1_epi8(0x0F);
    const __m256i eight = _mm256_set1_epi32(8);
    float* lo = acc;
    float* hi = acc + row_bytes;
    for (size_t k = 0; k < n; ++k) {
        const uint8_t* q = rows + size_t(index[k]) * row_bytes;
        const __m256 f = _mm256_set1_ps(factor[k]);
        for (size_t j = 0; j < row_bytes; j += 16) {
            __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(q + j));
            __m128i l = _mm_and_si128(bytes, mask);
            __m128i h = _mm_and_si128(_mm_srli_epi16(bytes, 4), mask);
            __m256 l0 = _mm256_cvtepi32_ps(_mm256_sub_epi32(_mm256_cvtepu8_epi32(l), eight));
            __m256 l1 = _mm256_cvtepi32_ps(_mm256_sub_epi32(_mm256_cvtepu8_epi32(_mm_srli_si128(l, 8)), eight));
            __m256 h0 = _mm256_cvtepi32_ps(_mm256_sub_epi32(_mm256_cvtepu8_epi32(h), eight));
            __m256 h1 = _mm256_cvtepi32_ps(_mm256_sub_epi32(_mm256_cvtepu8_epi32(_mm_srli_si128(h, 8)), eight));
            _mm256_storeu_ps(lo + j, _mm256_fmadd_ps(f, l0, _mm256_loadu_ps(lo + j)));
            _mm256_storeu_ps(lo + j + 8, _mm256_fmadd_ps(f, l1, _mm256_loadu_ps(lo + j + 8)));
            _mm256_storeu_ps(hi + j, _mm256_fmadd_ps(f, h0, _mm256_loadu_ps(hi + j)));
            _mm256_storeu_ps(hi + j + 8, _mm256_fmadd_ps(f, h1, _mm256_loadu_ps(hi + j + 8)));
        }
    }
}

}  // namespace os1::affect

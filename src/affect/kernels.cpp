#include "affect/kernels.h"

#include "core/cpu.h"

namespace os1::affect {

void accumulate_q4_scalar(const uint8_t* rows, size_t row_bytes, const uint32_t* index, const float* factor, size_t n,
                          float* acc) {
    float* lo = acc;
    float* hi = acc + row_bytes;
    for (size_t k = 0; k < n; ++k) {
        const uint8_t* q = rows + size_t(index[k]) * row_bytes;
        const float f = factor[k];
        for (size_t j = 0; j < row_bytes; ++j) {
            lo[j] += f * float(int(q[j] & 15) - 8);
            hi[j] += f * float(int(q[j] >> 4) - 8);
        }
    }
}

void accumulate_q4(const uint8_t* rows, size_t row_bytes, const uint32_t* index, const float* factor, size_t n,
                   float* acc) {
    static const bool use_avx2 = cpu_features().avx2 && cpu_features().fma;
    if (use_avx2 && row_bytes % 16 == 0)
        accumulate_q4_avx2(rows, row_bytes, index, factor, n, acc);
    else
        accumulate_q4_scalar(rows, row_bytes, index, factor, n, acc);
}

}  // namespace os1::affect

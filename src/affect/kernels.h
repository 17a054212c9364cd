// The classifier's hot loop: add scaled 4-bit embedding rows into a float
// accumulator. Free functions over pointers, no allocation. The scalar
// version is the reference; the AVX2/FMA twin is picked at run time
// (cpu_features(), OS1_CPU=scalar forces the reference) and a test compares
// them on random data.
#pragma once

#include <cstddef>
#include <cstdint>

namespace os1::affect {

// acc[0..2*row_bytes) += sum_k factor[k] * dequant(rows + index[k]*row_bytes),
// where byte j of a row holds value j (low nibble) and value j+row_bytes
// (high nibble), each stored as value+8. row_bytes must be a multiple of 16
// for the AVX2 path (others fall back to scalar).
void accumulate_q4_scalar(const uint8_t* rows, size_t row_bytes, const uint32_t* index, const float* factor, size_t n,
                          float* acc);
void accumulate_q4_avx2(const uint8_t* rows, size_t row_bytes, const uint32_t* index, const float* factor, size_t n,
                        float* acc);
// The best available for this CPU.
void accumulate_q4(const uint8_t* rows, size_t row_bytes, const uint32_t* index, const float* factor, size_t n,
                   float* acc);

}  // namespace os1::affect

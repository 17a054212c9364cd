// Internal: per-type block kernels behind tensor_types.h (scalar reference).
// Each works on whole rows of n elements, n a multiple of the block size.
// Block layouts (little-endian, packed, QK_K = 256 elements per super-block):
//   q4_0  {f16 d; u8 qs[16]}                    x = d * (nibble - 8)
//   q4_1  {f16 d, m; u8 qs[16]}                 x = d * nibble + m
//   q5_0  {f16 d; u8 qh[4]; u8 qs[16]}          x = d * (5-bit - 16)
//   q5_1  {f16 d, m; u8 qh[4]; u8 qs[16]}       x = d * 5-bit + m
//   q8_0  {f16 d; i8 qs[32]}                    x = d * q
//   q8_1  {f16 d, s; i8 qs[32]}                 s = d * sum(q)
//   q2_K  {u8 scales[16]; u8 qs[64]; f16 d, dmin}
//   q3_K  {u8 hmask[32]; u8 qs[64]; u8 scales[12]; f16 d}
//   q4_K  {f16 d, dmin; u8 scales[12]; u8 qs[128]}
//   q5_K  {f16 d, dmin; u8 scales[12]; u8 qh[32]; u8 qs[128]}
//   q6_K  {u8 ql[128]; u8 qh[64]; i8 scales[16]; f16 d}
//   q8_K  {f32 d; i8 qs[256]; i16 bsums[16]}
// In the legacy 32-element blocks, byte j of qs holds element j in its low
// nibble and element j + 16 in its high nibble; qh bit j is element j's 5th bit.
#pragma once

#include <cstdint>

namespace os1::engine::quants {

constexpr int QK = 32;
constexpr int QK_K = 256;

void dequantize_q4_0(const void* src, float* dst, int64_t n);
void dequantize_q4_1(const void* src, float* dst, int64_t n);
void dequantize_q5_0(const void* src, float* dst, int64_t n);
void dequantize_q5_1(const void* src, float* dst, int64_t n);
void dequantize_q8_0(const void* src, float* dst, int64_t n);
void dequantize_q8_1(const void* src, float* dst, int64_t n);
void quantize_q4_0(const float* src, void* dst, int64_t n);
void quantize_q4_1(const float* src, void* dst, int64_t n);
void quantize_q5_0(const float* src, void* dst, int64_t n);
void quantize_q5_1(const float* src, void* dst, int64_t n);
void quantize_q8_0(const float* src, void* dst, int64_t n);
void quantize_q8_1(const float* src, void* dst, int64_t n);

void dequantize_q2_k(const void* src, float* dst, int64_t n);
void dequantize_q3_k(const void* src, float* dst, int64_t n);
void dequantize_q4_k(const void* src, float* dst, int64_t n);
void dequantize_q5_k(const void* src, float* dst, int64_t n);
void dequantize_q6_k(const void* src, float* dst, int64_t n);
void dequantize_q8_k(const void* src, float* dst, int64_t n);
void quantize_q2_k(const float* src, void* dst, int64_t n);
void quantize_q3_k(const float* src, void* dst, int64_t n);
void quantize_q4_k(const float* src, void* dst, int64_t n);
void quantize_q5_k(const float* src, void* dst, int64_t n);
void quantize_q6_k(const float* src, void* dst, int64_t n);
void quantize_q8_k(const float* src, void* dst, int64_t n);

}  // namespace os1::engine::quants

// Tensor element types: block layouts, dequantization and dot products.
//
// Every quantized type stores a row of n elements as n / block_size blocks
// of type_size bytes (layouts are the public GGUF/ggml block formats). These
// are the scalar reference kernels: plain, readable, exact. Faster SIMD
// versions live in kernels/ and are tested against these.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "engine/gguf/gguf.h"

namespace os1::engine {

struct TypeTraits {
    const char* name = "?";   // "q4_K", "f16", ...
    int64_t block_size = 1;   // elements per block
    size_t type_size = 0;     // bytes per block
    bool quantized = false;
    bool supported = false;   // we can dequantize and dot it
};

const TypeTraits& type_traits(GgmlType type);
// False for numbers that are not a known GgmlType (file input is untrusted).
bool is_known_type(uint32_t raw);

// Bytes of one row of n elements (n must be a multiple of block_size).
size_t row_size(GgmlType type, int64_t n);

// src: one row of n elements of `type`; dst: n floats.
void dequantize_row(GgmlType type, const void* src, float* dst, int64_t n);

// dequantize_row, dot_row and quantize_row need type_traits(type).supported
// (a caller's bug otherwise: asserted, not checked at run time).

// Dot product of one row of `type` with n floats (scalar reference:
// dequantizes block by block and accumulates in double).
float dot_row(GgmlType type, const void* row, const float* x, int64_t n);

// Quantizes n floats into one row of `type` (for synthetic models and
// activation quantization). Supported: F32, F16, BF16, Q8_0, Q8_1, Q4_0,
// Q4_1, Q5_0, Q5_1, Q2_K, Q3_K, Q4_K, Q5_K, Q6_K, Q8_K. Round-to-nearest
// with per-(sub-)block scales; fp16 scales are rounded before the elements
// are, so the stored scale is the one the rounding used.
void quantize_row(GgmlType type, const float* src, void* dst, int64_t n);

// Half-precision conversions (IEEE binary16 and bfloat16).
float fp16_to_fp32(uint16_t h);
// fp16_to_fp32 of every half as a 64K-entry table built once: the scalar
// attention loops convert every cached key and value they read, and a call
// per element is several times slower than a lookup.
const float* fp16_table();
uint16_t fp32_to_fp16(float f);
float bf16_to_fp32(uint16_t h);
uint16_t fp32_to_bf16(float f);  // round to nearest even

}  // namespace os1::engine

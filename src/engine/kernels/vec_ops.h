// Vector kernels for the element-wise parts of the forward pass that must
// round exactly as llama.cpp's CPU backend (ggml) does: exp in softmax and
// SiLU, the f16 dot products of attention, rope's rotation, softmax's max and
// scale (the f32 attention kernels over a GQA group are in vec_ops_attn.h).
//
// exp: ggml computes it with its own vector approximation, not libm: the
// Cody-Waite style reduction x = n*ln2 + b (n = round(x*log2(e)) by the
// 1.5*2^23 trick, ln2 split in two constants, both steps fused), a degree-5
// polynomial for e^b evaluated with FMAs, then a scale by 2^n (AVX-512's
// scalef). The method and its coefficients are ARM's optimized-routines expf
// as adapted in ggml (vec.h, AVX-512 variant); we reproduce the numbers, not
// the code. |n| > 192 gives 0 or +inf.
//
// Every function has a scalar twin (exp_scalar & co., std::fma where the SIMD
// code fuses) and AVX-512 (some also AVX2 and NEON) versions chosen at run
// time by kernels::active_isa(); all of them return the same bits (vec_ops_test).
#pragma once

#include <cstdint>

namespace os1::engine {

// e^x, ggml's vector method (see above).
float exp_ggml(float x);

// x[i] = exp_ggml(x[i] - max) for n values; returns the sum as ggml's
// soft_max does: per block of 16 (the last one padded with zeros) a float
// sum in the tree order of a 512-bit horizontal add, blocks added in double.
double exp_sum_ggml(float* x, int n, float max);

// gate[i] = gate[i] / (1 + e) * up[i] (SiLU, then the product with the up
// projection, each rounded as in ggml), where e = exp_ggml(0 - gate[i]) for
// i < n_vec and libm's expf(-gate[i]) from n_vec on: ggml's vec_silu runs its
// vector exp over a row's first n & ~15 values and libm on the rest, so a
// caller on part of a row passes how many of its values lie in that first part.
void silu_mul_ggml(float* gate, const float* up, int64_t n, int64_t n_vec);

// q . k for q of f16-precision values (as floats) and k in f16, summed as
// ggml's f16 vector dot on AVX-512: four 16-lane accumulators over blocks
// of 64, reduced (0+2, 1+3, then the two) and tree-added in float, the
// remaining n % 64 products added in double. Products of two f16 values are
// exact in float, so only the order of additions matters.
float dot_f16_ggml(const float* q, const uint16_t* k, int n);

// att[p] = dot_f16_ggml(q, k + p * k_stride, n) * scale for p < n_pos.
void scores_f16_ggml(const float* q, const uint16_t* k, int64_t k_stride, int n_pos, int n, float scale, float* att);

// acc[i] = ggml's f16 vector dot of the weights a[0 .. n_lanes) with column i
// of v (v[p] = v + p * v_stride, f16), i < n: position p into float lane
// p % 64 (positions in order), lanes l, l+16, l+32, l+48 paired as
// (0+2)+(1+3), then tree_sum16 over l; 0 when n_lanes == 0. `scratch` holds
// 64 * n floats. The attention weights x V product's lane part.
void value_lanes_f16_ggml(const float* a, const uint16_t* v, int64_t v_stride, int n_lanes, int n, float* scratch,
                          double* acc);

// acc[i] += (double)(a[p] * v[p][i]) for p < n_pos in order, i < n, v[p] =
// v + p * v_stride in f16: the double tail of ggml's f16 dot, for n dot
// products at once (the attention weights x V product).
void add_products_f16_double(const float* a, const uint16_t* v, int64_t v_stride, int n_pos, int n, double* acc);

// x[i] = the nearest f16 value of x[i] (round to nearest even), as a float:
// what ggml's conversion of queries and attention weights to f16 keeps.
void round_fp16_rows(float* x, int64_t n);

// The largest of x[0 .. n), n >= 1 (no NaN expected: with one the result
// is one of the values, which softmax turns into NaN outputs either way).
float max_f32(const float* x, int n);

// x[i] = the nearest f16 value of x[i] * s, as a float (softmax's final
// scale and the f16 rounding of attention weights in one pass).
void scale_round_fp16(float* x, int64_t n, float s);

// Rope's rotation of n_heads heads of head_dim values in x (one token): pairs
// (a, b) = (2i, 2i+1), or (i, i + half) when neox, for i < half, rotated by
// c = cs[2i], s = cs[2i+1] with one product fused into the other's sum:
// x[a] = fma(x0, c, -(x1 * s)), x[b] = fma(x0, s, x1 * c).
void rope_rotate(float* x, int n_heads, int head_dim, int half, bool neox, const float* cs);

// The 16-lane tree sum (halves 8+8, 4+4, then (0+2)+(1+3)) in scalar code.
float tree_sum16(const float* a);

namespace vec_ops_detail {
// Scalar twins, always available (tests compare the dispatched versions
// against them).
float exp_scalar(float x);
double exp_sum_scalar(float* x, int n, float max);
void silu_mul_scalar(float* gate, const float* up, int64_t n, int64_t n_vec);
float dot_f16_scalar(const float* q, const uint16_t* k, int n);
// SIMD versions; only call after the matching cpu check.
double exp_sum_avx512(float* x, int n, float max);
void silu_mul_avx512(float* gate, const float* up, int64_t n, int64_t n_vec);
float dot_f16_avx512(const float* q, const uint16_t* k, int n);
void scores_f16_scalar(const float* q, const uint16_t* k, int64_t k_stride, int n_pos, int n, float scale, float* att);
void value_lanes_f16_scalar(const float* a, const uint16_t* v, int64_t v_stride, int n_lanes, int n, float* scratch,
                            double* acc);
void value_lanes_f16_avx512(const float* a, const uint16_t* v, int64_t v_stride, int n_lanes, int n, float* scratch,
                            double* acc);
void add_products_f16_double_scalar(const float* a, const uint16_t* v, int64_t v_stride, int n_pos, int n, double* acc);
void add_products_f16_double_avx512(const float* a, const uint16_t* v, int64_t v_stride, int n_pos, int n, double* acc);
void round_fp16_scalar(float* x, int64_t n);
float max_f32_scalar(const float* x, int n);
void rope_rotate_scalar(float* x, int n_heads, int head_dim, int half, bool neox, const float* cs);
void rope_rotate_avx512(float* x, int n_heads, int head_dim, int half, bool neox, const float* cs);
float max_f32_avx512(const float* x, int n);
void scale_round_fp16_scalar(float* x, int64_t n, float s);
void scale_round_fp16_avx512(float* x, int64_t n, float s);
void round_fp16_avx512(float* x, int64_t n);
void scores_f16_avx512(const float* q, const uint16_t* k, int64_t k_stride, int n_pos, int n, float scale, float* att);
double exp_sum_avx2(float* x, int n, float max);
void silu_mul_avx2(float* gate, const float* up, int64_t n, int64_t n_vec);
void round_fp16_avx2(float* x, int64_t n);
void scale_round_fp16_avx2(float* x, int64_t n, float s);
float max_f32_avx2(const float* x, int n);
void rope_rotate_avx2(float* x, int n_heads, int head_dim, int half, bool neox, const float* cs);
// NEON versions (aarch64 builds only, vec_ops_neon.cpp).
double exp_sum_neon(float* x, int n, float max);
void silu_mul_neon(float* gate, const float* up, int64_t n, int64_t n_vec);
void round_fp16_neon(float* x, int64_t n);
void scale_round_fp16_neon(float* x, int64_t n, float s);
float max_f32_neon(const float* x, int n);
void rope_rotate_neon(float* x, int n_heads, int head_dim, int half, bool neox, const float* cs);
}  // namespace vec_ops_detail

}  // namespace os1::engine

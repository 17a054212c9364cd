// Attention kernels over one kv head converted to f32 once and shared by all
// the query rows that read it (the heads of a GQA group, every token a
// thread handles): attention() converts a kv head's keys and values from the
// f16 cache into a thread's scratch, then runs several query rows at a time
// over them, so each key/value row is converted once and loaded once per
// group of rows instead of once per (token, head).
//
// The arithmetic of each row is exactly that of the per-row f16 kernels of
// vec_ops.h (dot_f16_ggml's order for the scores; value_lanes_f16_ggml then
// add_products_f16_double for the weights x V product): f16 values are
// exact in f32, and every product of two f16 values is exact in f32, so only
// the order of the additions matters and it is kept. Head sizes: n % 64 == 0.
//
// Each function has a scalar twin (vec_ops_attn.cpp, the definition) and
// AVX2, AVX-512 and NEON versions chosen at run time (vec_ops_attn_avx2.cpp,
// vec_ops_attn_avx512.cpp, vec_ops_attn_neon.cpp); all return the same bits
// (vec_ops_attn_test).
#pragma once

#include <algorithm>
#include <cstdint>
#include <type_traits>

namespace os1::engine {

// Floats of kt for n_pos keys of n values: whole blocks of 16 keys.
inline int64_t key_blocks_floats(int n_pos, int n) { return static_cast<int64_t>((n_pos + 15) / 16) * 16 * n; }

// Keys k[p] = k + p * k_stride (f16, n values), p < n_pos, into blocks of 16
// keys transposed: kt[(p / 16) * 16 * n + d * 16 + p % 16] = k[p][d]; the
// last block's missing keys are 0 (k rows past n_pos are not read).
void keys_to_f32_blocks(const uint16_t* k, int64_t k_stride, int n_pos, int n, float* kt);

// vf[p * n + i] = v[p * v_stride + i] as f32, p < n_pos, i < n.
void values_to_f32_rows(const uint16_t* v, int64_t v_stride, int n_pos, int n, float* vf);

// For each query row r < n_rows (q + r * n, values of f16 precision):
// att[r * att_stride + p] = dot_f16_ggml(q_r, key p, n) * scale, p < n_pos,
// the keys as keys_to_f32_blocks writes them. n % 64 == 0.
void scores_f32_blocks(const float* q, int n_rows, const float* kt, int n_pos, int n, float scale, float* att,
                       int64_t att_stride);

// For each row r < n_rows of weights a_r = a + r * a_stride over positions
// p < n_pos (values vf as values_to_f32_rows writes them):
// out[r * n + i] = (float)(value_lanes_f16_ggml(a_r, .., n_lanes, ..)[i] then
// add_products_f16_double over positions n_lanes .. n_pos - 1), i < n.
// scratch: attention_values_scratch(n_rows, n) floats. n % 64 == 0.
void values_f32_rows(const float* a, int64_t a_stride, int n_rows, const float* vf, int n_lanes, int n_pos, int n,
                     float* scratch, float* out);
inline int64_t attention_values_scratch(int n_rows, int n) {
    return std::max(n_rows * 16, 64) * static_cast<int64_t>(n);
}

namespace vec_ops_detail {
// f(std::integral_constant<int, n / 64>) for head sizes n of 64 .. 256
// (the SIMD score kernels, unrolled per size); false for other sizes.
template <typename F>
bool by_head_chunks(int n, F&& f) {
    switch (n / 64) {
        case 1: f(std::integral_constant<int, 1>{}); return true;
        case 2: f(std::integral_constant<int, 2>{}); return true;
        case 3: f(std::integral_constant<int, 3>{}); return true;
        case 4: f(std::integral_constant<int, 4>{}); return true;
        default: return false;
    }
}

void keys_to_f32_blocks_scalar(const uint16_t* k, int64_t k_stride, int n_pos, int n, float* kt);
void values_to_f32_rows_scalar(const uint16_t* v, int64_t v_stride, int n_pos, int n, float* vf);
void scores_f32_blocks_scalar(const float* q, int n_rows, const float* kt, int n_pos, int n, float scale, float* att,
                              int64_t att_stride);
void values_f32_rows_scalar(const float* a, int64_t a_stride, int n_rows, const float* vf, int n_lanes, int n_pos,
                            int n, float* scratch, float* out);
// AVX2 versions (with FMA and F16C); only call after the matching cpu check.
void keys_to_f32_blocks_avx2(const uint16_t* k, int64_t k_stride, int n_pos, int n, float* kt);
void values_to_f32_rows_avx2(const uint16_t* v, int64_t v_stride, int n_pos, int n, float* vf);
void scores_f32_blocks_avx2(const float* q, int n_rows, const float* kt, int n_pos, int n, float scale, float* att,
                            int64_t att_stride);
void values_f32_rows_avx2(const float* a, int64_t a_stride, int n_rows, const float* vf, int n_lanes, int n_pos,
                          int n, float* scratch, float* out);
// AVX-512 versions; only call after the matching cpu check.
void keys_to_f32_blocks_avx512(const uint16_t* k, int64_t k_stride, int n_pos, int n, float* kt);
void values_to_f32_rows_avx512(const uint16_t* v, int64_t v_stride, int n_pos, int n, float* vf);
void scores_f32_blocks_avx512(const float* q, int n_rows, const float* kt, int n_pos, int n, float scale, float* att,
                              int64_t att_stride);
void values_f32_rows_avx512(const float* a, int64_t a_stride, int n_rows, const float* vf, int n_lanes, int n_pos,
                            int n, float* scratch, float* out);
// NEON versions (aarch64 builds only, vec_ops_attn_neon.cpp).
void keys_to_f32_blocks_neon(const uint16_t* k, int64_t k_stride, int n_pos, int n, float* kt);
void values_to_f32_rows_neon(const uint16_t* v, int64_t v_stride, int n_pos, int n, float* vf);
void scores_f32_blocks_neon(const float* q, int n_rows, const float* kt, int n_pos, int n, float scale, float* att,
                            int64_t att_stride);
void values_f32_rows_neon(const float* a, int64_t a_stride, int n_rows, const float* vf, int n_lanes, int n_pos,
                          int n, float* scratch, float* out);
}  // namespace vec_ops_detail

}  // namespace os1::engine

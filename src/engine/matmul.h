// The heavy kernels of the forward pass: every multiplication by a weight
// matrix goes through matmul(), every embedding lookup through get_row().
// These are the entry points a faster implementation (SIMD, int8
// activations, blocked GEMM) replaces; callers only see pointers and sizes.
//
// Buffers: x (n_tokens, w.n_cols) row-major, y (n_tokens, y_stride) with
// y_stride >= w.n_rows. No allocation; the team splits the output rows.
//
// Activations are first brought to the precision the weight type's dot
// product works in, as ggml does (and as int8 kernels must): f16 weights
// see x rounded to f16, bf16 to bf16, q4_0/q5_0/q8_0/q4_1/q5_1 see x
// quantized to q8_0 blocks, k-quants see x quantized to q8_K. f32 weights
// see x as is. This keeps our results within float rounding of llama.cpp's.
#pragma once

#include <cstdint>
#include <vector>

#include "engine/model.h"
#include "engine/thread_team.h"

namespace os1::engine {

// What matmul() needs besides its operands: the threads and room for the
// activations in the weight's dot precision. Made once per session.
struct MatmulContext {
    MatmulContext(int n_threads, int n_batch, int64_t max_cols);
    ThreadTeam team;
    std::vector<float> x_dot;     // (n_batch, max_cols) x as the dot product sees it
    std::vector<uint8_t> packed;  // (4 * max_cols) one row in the activation type
    int n_batch;
    int64_t max_cols;
};

// The type a weight type's dot product takes its activations in.
GgmlType activation_type(GgmlType weight_type);

// y[t][r] = dot(w.row(r), x[t]) for t < n_tokens, r < w.n_rows.
void matmul(const Weight& w, const float* x, int n_tokens, float* y, MatmulContext& ctx);
// The same with an explicit row stride for y (writing into a larger buffer,
// e.g. a slice of all-token logits).
void matmul_strided(const Weight& w, const float* x, int n_tokens, float* y, int64_t y_stride, MatmulContext& ctx);

// out (w.n_cols) = row r of w as f32 (token embeddings).
void get_row(const Weight& w, int64_t r, float* out);

}  // namespace os1::engine

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
#include <memory>
#include <vector>

#include "engine/runtime/model.h"
#include "engine/runtime/thread_team.h"

namespace os1::engine {

// What matmul() needs besides its operands: the threads and room for the
// activations in the weight's dot precision. Made once per session; the
// activation buffers are sized by reserve() (Model::new_session) so the
// forward pass allocates nothing.
struct MatmulContext {
    MatmulContext(int n_threads, int n_batch, int64_t max_cols);
    ThreadTeam team;
    int n_batch;
    int64_t max_cols;

    // Makes room for `bytes` of quantized activations in each of the
    // MAX_SHARED slots (a group of products quantizes x once per distinct
    // weight type). Only grows.
    void reserve(size_t bytes);
    static constexpr int MAX_SHARED = 4;
    uint8_t* act_slot(int i, size_t bytes);  // 64-byte aligned, grows if needed

    // The reference path's scratch (OS1_MATMUL=reference), made on first use.
    std::vector<float> x_dot;     // (n_batch, max_cols) x as the dot product sees it
    std::vector<uint8_t> packed;  // (4 * max_cols) one row in the activation type

private:
    // Raw (not zero-filled) so pages a model never uses stay unmapped.
    struct Slot {
        std::unique_ptr<uint8_t[]> data;
        size_t size = 0;
    };
    Slot m_act[MAX_SHARED];
};

// The type a weight type's dot product takes its activations in.
GgmlType activation_type(GgmlType weight_type);

// y[t][r] = dot(w.row(r), x[t]) for t < n_tokens, r < w.n_rows.
void matmul(const Weight& w, const float* x, int n_tokens, float* y, MatmulContext& ctx);
// The same with an explicit row stride for y (writing into a larger buffer,
// e.g. a slice of all-token logits).
void matmul_strided(const Weight& w, const float* x, int n_tokens, float* y, int64_t y_stride, MatmulContext& ctx);

// Several weights times the same x (Q/K/V of one layer): x is quantized
// once per distinct weight type and the rows of all products are split over
// the team in one dispatch. y of job i is (n_tokens, w.n_rows). Each output
// is the same dot product matmul() computes, bit for bit.
struct MatmulJob {
    const Weight* w;
    float* y;
};
void matmul_group(const MatmulJob* jobs, int n_jobs, const float* x, int n_tokens, MatmulContext& ctx);

// SwiGLU feed-forward input in one dispatch: gate = x w_gate^T, up = x w_up^T,
// then gate = swiglu(gate, up) (ops.h), each thread on its own rows of both.
// w_gate and w_up have the same shape. Same bits as the three steps apart.
void matmul_swiglu(const Weight& w_gate, const Weight& w_up, const float* x, int n_tokens, float* gate, float* up,
                   MatmulContext& ctx);

// The most activation bytes any product of `weights` needs for n_tokens rows.
size_t max_act_bytes(const std::vector<const Weight*>& weights, int n_tokens);

// out (w.n_cols) = row r of w as f32 (token embeddings).
void get_row(const Weight& w, int64_t r, float* out);

}  // namespace os1::engine

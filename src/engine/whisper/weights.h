// Whisper's weights and per-state buffers (internal to engine/whisper).
// Matrices are the engine's Weight views (so every product goes through
// matmul()), into one 64-byte aligned copy of the file's matrices (ggml
// files do not align tensor data); vectors are f32 copies.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "engine/ops/matmul.h"
#include "engine/runtime/model.h"
#include "engine/whisper.h"

namespace os1::engine::whisper {

// One attention: query/key/value/out projections (the key has no bias).
struct AttnWeights {
    std::vector<float> ln_w, ln_b;  // (n_state) the pre-norm
    Weight q, k, v, o;              // (n_state, n_state)
    std::vector<float> bq, bv, bo;  // (n_state)
};

struct BlockWeights {
    AttnWeights attn;
    AttnWeights cross;  // decoder only
    std::vector<float> mlp_ln_w, mlp_ln_b;  // (n_state)
    Weight mlp0;                            // (n_mlp, n_state)
    std::vector<float> mlp0_b;              // (n_mlp)
    Weight mlp2;                            // (n_state, n_mlp)
    std::vector<float> mlp2_b;              // (n_state)
};

struct WhisperWeights {
    // Convolution kernels as f16 matrices (n_out, n_in * 3), element [in][k]
    // of a row: ggml's conv runs on an f16 im2col, so f32 kernels are rounded.
    std::vector<uint16_t> conv1_f16, conv2_f16;
    Weight conv1, conv2;
    std::vector<float> conv1_b, conv2_b;  // (n_state)
    std::vector<float> enc_pos;           // (n_audio_ctx, n_state)
    std::vector<BlockWeights> enc;
    std::vector<float> enc_ln_w, enc_ln_b;
    Weight tok_embd;                      // (n_vocab, n_state), also the output projection
    std::vector<float> dec_pos;           // (n_text_ctx, n_state)
    std::vector<BlockWeights> dec;
    std::vector<float> dec_ln_w, dec_ln_b;
    std::unique_ptr<uint8_t[]> storage;   // the matrices' bytes, aligned
};

// Everything a WhisperState computes with, sized once by new_state().
struct StateBuffers {
    StateBuffers(int n_threads, int n_batch, int64_t max_cols) : mm(n_threads, n_batch, max_cols) {}
    MatmulContext mm;
    int n_audio_ctx = 0;         // positions of the window encoded last (<= hparams' n_audio_ctx)
    // encoder (sized for the full window; a shorter one uses the front)
    std::vector<float> im2col;   // (2 n_ctx, n_mels * 3) then (n_ctx, n_state * 3)
    std::vector<float> conv;     // (2 n_ctx, n_state)
    std::vector<float> x;        // (n_ctx, n_state) residual stream, then the encoder output
    std::vector<float> normed;   // (n_ctx, n_state)
    std::vector<float> q, k, v;  // (n_ctx, n_state)
    std::vector<float> kt;       // (n_head, head_dim, n_ctx) keys of one layer, transposed per head
    std::vector<float> attn;     // (n_ctx, n_state)
    std::vector<float> mlp;      // (n_ctx, n_mlp)
    std::vector<float> scratch;  // (n_threads, attention scratch)
    // cross-attention keys/values per decoder layer, f16 values as floats:
    // keys per head transposed (n_head, head_dim, n_ctx), values (n_ctx, n_state),
    // n_ctx = n_audio_ctx above (the window's positions)
    std::vector<std::vector<float>> cross_k, cross_v;
    // decoder self-attention cache per layer, f16 values as floats: (n_text_ctx, n_state)
    std::vector<std::vector<float>> self_k, self_v;
    // decoder scratch for up to n_text_ctx tokens
    std::vector<float> dx, dnormed, dq, dk, dv, dattn, dmlp;
    std::vector<float> logits;  // (n_vocab)
};

// Forward passes (encoder.cpp, decoder.cpp).
// The window: 2 n_ctx mel frames from `offset`, n_ctx <= n_audio_ctx positions.
void encode_window(const WhisperModel& model, StateBuffers& b, const float* mel, int n_frames_total, int offset,
                   float pad_value, int n_ctx);
// Logits after the last token into b.logits, and after token `extra_row`
// (when >= 0) into extra_logits (n_vocab).
void decode_tokens(const WhisperModel& model, StateBuffers& b, const int32_t* tokens, int n_tokens, int n_past,
                   int extra_row = -1, float* extra_logits = nullptr);

// Attention of n_q query rows (n_q, n_state) over n_kv keys for every head,
// split over the team; kt (n_head, head_dim, kt_stride), v (n_kv, n_state).
// causal_base < 0: every query sees all keys; else query i sees causal_base + i + 1.
void attention_all_heads(StateBuffers& b, const float* q, const float* kt, int64_t kt_stride, const float* v, int n_q,
                         int n_kv, int n_state, int n_head, float scale, int causal_base, float* out);
// Keys k (n_kv, n_state), rounded to f16, into kt (n_head, head_dim, kt_stride) at column p0.
void store_keys_transposed(const float* k, int n_kv, int n_state, int n_head, float* kt, int64_t kt_stride, int p0);

// Building blocks (whisper_ops.cpp).
// LayerNorm over rows of n: (x - mean) / sqrt(var + eps) * w + b, sums in double as ggml.
void layer_norm_rows(float* out, const float* x, const float* w, const float* b, int n_rows, int n, float eps,
                     ThreadTeam& team);
// Rounds every value to the nearest f16 (kept as float).
void round_f16(float* x, int64_t n);
// Brings x (n_tokens, w.n_cols), a scratch buffer, to the precision w's dot
// product works in, as ggml does: f16 weights see x rounded to f16 (the
// engine's float kernels take x as it is; quantized types quantize it
// themselves). In place.
void round_for(const Weight& w, float* x, int64_t n_tokens);
}  // namespace os1::engine::whisper

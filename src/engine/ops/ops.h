// Building blocks of a transformer forward pass, on f32 rows. Plain loops,
// written to match llama.cpp's arithmetic closely (double-precision sums in
// rmsnorm/softmax, rope angles by repeated multiplication) so conformance
// errors stay near float rounding.
#pragma once

#include <algorithm>
#include <cstdint>

#include "engine/runtime/model.h"
#include "engine/runtime/thread_team.h"

namespace os1::engine {

// out = x / sqrt(mean(x^2) + eps) * weight, one row of n (out may be x).
void rmsnorm(float* out, const float* x, const float* weight, int n, float eps);
// rmsnorm over n_rows rows of n.
void rmsnorm_rows(float* out, const float* x, const float* weight, int n_rows, int n, float eps);

// x[t][i] += bias[i] for n_rows rows of n with row stride `stride`.
void add_bias(float* x, const float* bias, int n_rows, int n, int64_t stride);
// x += y, n elements (residual connections).
void add(float* x, const float* y, int64_t n);

// In-place softmax of n values, rounded as ggml's soft_max (vec_ops.h: its
// vector exp, float block sums added in double).
void softmax(float* x, int n);

// gate = silu(gate) * up (SwiGLU feed-forward) for the n columns col0 ..
// col0 + n - 1 of one row of n_ff: as ggml's vec_silu, its vector exp for
// the row's first n_ff & ~15 columns and libm's expf for the n_ff % 16 last
// (stories260K: n_ff 172). Any split of a row gives the same bits.
void swiglu(float* gate, const float* up, int64_t n, int64_t col0, int64_t n_ff);

struct RopeParams {
    int n_rot = 0;                 // rotated dims per head (even)
    float freq_base = 10000.0f;
    float freq_scale = 1.0f;
    const float* freq_factors = nullptr;  // (n_rot / 2) divisors of the angle, or null
    RopeStyle style = RopeStyle::Normal;
    // YaRN (HParams::yarn_*): 0 = plain (linear-scaled) rope.
    float ext_factor = 0.0f;
    float attn_factor = 1.0f;
    float corr_low = 0.0f, corr_high = 0.0f;
};
// YaRN's correction dims for n_rot rotated dims trained on n_ctx_orig
// positions: the pair indices where the ramp from extrapolated to
// interpolated angles starts (beta_fast rotations) and ends (beta_slow).
void rope_yarn_corr_dims(int n_rot, int n_ctx_orig, float freq_base, float beta_fast, float beta_slow, float& low,
                         float& high);
// cos/sin of every rotated pair at position pos: cs (n_rot) as
// [cos0, sin0, cos1, sin1, ...].
void rope_angles(int pos, const RopeParams& p, float* cs);
// Rotates each of n_heads heads of head_dim in x (one token) by the angles.
void rope_apply(float* x, int n_heads, int head_dim, const float* cs, const RopeParams& p);

// The KV cache holds f16 (half the memory of f32, and llama.cpp's default,
// so our logits follow the same rounding as its reference outputs).
void store_fp16(uint16_t* dst, const float* src, int64_t n);

// Causal self-attention with grouped-query heads for n_tokens new tokens
// at positions pos0.. whose keys/values are already in the cache:
//   q        (n_tokens, n_head * head_dim)
//   k_cache  (n_ctx, n_head_kv * head_dim) f16, rows 0 .. pos0 + n_tokens - 1 valid
//   v_cache  (n_ctx, n_head_kv * head_dim) f16
//   out      (n_tokens, n_head * head_dim)
//   scratch  (team.size(), attention_scratch(n_ctx, head_dim))
// Token t sees positions 0 .. pos0 + t; query head h reads kv head
// h / (n_head / n_head_kv). Like ggml's f16 path, queries and attention
// weights are rounded to f16 precision before their products with the cache.
// Every (token, head) output has the same bits whatever n_tokens, pos0 and
// the team's size (batched == token by token).
//
// For head_dim a multiple of 64 (up to 256) each thread converts the kv heads
// it needs to f32 once and runs up to ATTENTION_ROWS query heads of a token
// at a time over them (vec_ops_attn.h); its scratch holds a kv head's keys
// and values in f32 (2 x n_ctx x head_dim floats) and the rows' weights.
// Other head sizes go one (token, head) at a time over the f16 cache.
//
// AttentionOptions (defaults: llama's attention) change the scores before
// the softmax: their scale, a soft cap (gemma2: cap * tanh(s / cap), after
// the scale) and a sliding window (gemma: the query at p sees keys at p'
// with p - p' < window; the others get weight 0, as under the causal mask).
struct AttentionOptions {
    float scale = 0.0f;    // 0 = 1 / sqrt(head_dim)
    float softcap = 0.0f;  // 0 = none
    int window = 0;        // 0 = every earlier position
};
constexpr int ATTENTION_ROWS = 4;
int64_t attention_scratch(int n_ctx, int head_dim);
void attention(const float* q, const uint16_t* k_cache, const uint16_t* v_cache, int n_tokens, int pos0, int n_head,
               int n_head_kv, int head_dim, int n_ctx, float* out, float* scratch, ThreadTeam& team,
               const AttentionOptions& options = {});
// What AttentionOptions do to one query's n_seen scores (positions 0 ..
// n_seen - 1, the query's own last): soft cap, then the window's mask (-inf).
void limit_scores(float* att, int n_seen, const AttentionOptions& options);

// --- the newer decoders' element-wise ops (ops/ops_more.cpp) ---

// x[i] *= s for n values (ggml_scale: one float product).
void scale(float* x, int64_t n, float s);
// x[i] = cap * tanh(x[i] / cap) (ggml: scale by 1/cap, tanhf, scale by cap):
// gemma2's soft cap of attention scores and output logits.
void softcap(float* x, int64_t n, float cap);
// GELU with the tanh approximation, 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3))),
// as ggml's CPU backend computes it: its value at x rounded to f16, rounded
// to f16 (a table of the 65536 halves), 0 for x <= -10 and x for x >= 10.
float gelu_tanh(float x);
// gate[i] = gelu_tanh(gate[i]) * up[i] for n values (gemma's gated FFN).
void geglu(float* gate, const float* up, int64_t n);

// Positions of a weights x V product over n_seen positions that ggml sums in
// its 64 float lanes (the rest it adds in double): the cache length padded to
// a multiple of 32, rounded down to 64, at most n_seen.
inline int attention_lane_positions(int n_seen) { return std::min(((n_seen + 31) & ~31) & ~63, n_seen); }

}  // namespace os1::engine

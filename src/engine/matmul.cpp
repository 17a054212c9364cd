// matmul() runs on the kernels in engine/kernels/ (int8 activations, SIMD
// dispatch, cache-blocked tiles; see kernels/kernels.h): the activations are
// quantized once per call (split over the team for prompt batches), then the
// team splits the output rows. Every token's result is the same dot product
// it would get alone, so batched and one-at-a-time evaluation agree bit for
// bit. The reference arithmetic is dot_row() (tensor_types.h); the kernels'
// tests compare against it.
#include "engine/matmul.h"

#include <cstdlib>
#include <string_view>
#include <vector>

#include "engine/kernels/kernels.h"
#include <algorithm>
#include <cmath>

#include "engine/tensor_types.h"

namespace os1::engine {

namespace {

// Per-thread buffers that only grow: after the first few calls the forward
// pass allocates nothing.
uint8_t* activation_buffer(size_t bytes) {
    thread_local std::vector<uint8_t> raw;
    if (raw.size() < bytes + 64) raw.resize(bytes + 64);
    return reinterpret_cast<uint8_t*>((reinterpret_cast<uintptr_t>(raw.data()) + 63) & ~uintptr_t(63));
}

float* row_scratch(int64_t n) {
    thread_local std::vector<float> scratch;
    if (scratch.size() < static_cast<size_t>(n)) scratch.resize(static_cast<size_t>(n));
    return scratch.data();
}

}  // namespace

MatmulContext::MatmulContext(int n_threads, int n_batch_, int64_t max_cols_)
    : team(n_threads),
      x_dot(static_cast<size_t>(n_batch_ * max_cols_)),
      packed(static_cast<size_t>(4 * max_cols_ + 64)),
      n_batch(n_batch_),
      max_cols(max_cols_) {}

GgmlType activation_type(GgmlType weight_type) {
    switch (weight_type) {
        case GgmlType::F16: return GgmlType::F16;
        case GgmlType::BF16: return GgmlType::BF16;
        case GgmlType::Q4_0:
        case GgmlType::Q4_1:
        case GgmlType::Q5_0:
        case GgmlType::Q5_1:
        case GgmlType::Q8_0: return GgmlType::Q8_0;  // q8_1 for the _1 types: same values plus a sum
        case GgmlType::Q2_K:
        case GgmlType::Q3_K:
        case GgmlType::Q4_K:
        case GgmlType::Q5_K:
        case GgmlType::Q6_K: return GgmlType::Q8_K;
        default: return GgmlType::F32;
    }
}

namespace {

// x rounded as ggml's q8_0 activation quantizer rounds it: per block of 32,
// d = amax / 127 (stored as f16), q = round-to-nearest-even(x / d) computed
// with the unrounded d. Writes the dequantized values d * q.
void round_q8_0(const float* x, float* out, int64_t n) {
    for (int64_t b = 0; b < n; b += 32) {
        float amax = 0.0f;
        for (int j = 0; j < 32; j++) amax = std::max(amax, std::fabs(x[b + j]));
        const float d = amax / 127.0f;
        const float id = d != 0.0f ? 1.0f / d : 0.0f;
        const float d16 = fp16_to_fp32(fp32_to_fp16(d));
        for (int j = 0; j < 32; j++) out[b + j] = d16 * std::nearbyint(x[b + j] * id);
    }
}

}  // namespace

// The reference arithmetic (OS1_MATMUL=reference): activations round-tripped
// through the dot product's type, then dot_row() per output. Slow; for telling
// kernel rounding from model bugs when chasing a conformance gap.
static void matmul_reference(const Weight& w, const float* x, int n_tokens, float* y, int64_t y_stride, MatmulContext& ctx) {
    const int64_t n_cols = w.n_cols;
    const GgmlType act = activation_type(w.type);
    if (act != GgmlType::F32) {
        // Round trip each activation row through the dot product's type.
        for (int t = 0; t < n_tokens; t++) {
            float* out = &ctx.x_dot[static_cast<size_t>(t * n_cols)];
            if (act == GgmlType::Q8_0) {
                round_q8_0(x + t * n_cols, out, n_cols);
            } else {
                quantize_row(act, x + t * n_cols, ctx.packed.data(), n_cols);
                dequantize_row(act, ctx.packed.data(), out, n_cols);
            }
        }
        x = ctx.x_dot.data();
    }
    ctx.team.run([&](int ith, int nth) {
        int64_t begin, end;
        ThreadTeam::split(w.n_rows, ith, nth, begin, end);
        for (int64_t r = begin; r < end; r++) {
            const uint8_t* row = w.row(r);
            for (int t = 0; t < n_tokens; t++) y[t * y_stride + r] = dot_row(w.type, row, x + t * n_cols, n_cols);
        }
    }, w.n_rows * w.n_cols * n_tokens);
}

static bool use_reference() {
    static const bool on = [] {
        const char* v = std::getenv("OS1_MATMUL");
        return v && std::string_view(v) == "reference";
    }();
    return on;
}


void matmul_strided(const Weight& w, const float* x, int n_tokens, float* y, int64_t y_stride, MatmulContext& ctx) {
    if (use_reference()) return matmul_reference(w, x, n_tokens, y, y_stride, ctx);
    ThreadTeam& team = ctx.team;
    const kernels::MatrixView view{w.type, w.data, w.row_bytes, w.n_rows, w.n_cols};
    const int64_t n_cols = w.n_cols;
    const size_t bytes = kernels::act_buffer_bytes(w.type, n_cols, n_tokens);
    uint8_t* buffer = bytes ? activation_buffer(bytes) : nullptr;
    if (bytes) {
        if (n_tokens >= 8 && team.size() > 1) {
            const size_t stride = bytes / static_cast<size_t>(n_tokens);
            team.run([&](int ith, int nth) {
                int64_t begin, end;
                ThreadTeam::split(n_tokens, ith, nth, begin, end);
                kernels::prepare(w.type, x + begin * n_cols, n_cols, end - begin, buffer + begin * stride);
            }, w.n_rows * w.n_cols * n_tokens);
        } else {
            kernels::prepare(w.type, x, n_cols, n_tokens, buffer);
        }
    }
    const bool needs_scratch = !kernels::has_fast_path(w.type);
    team.run([&](int ith, int nth) {
        int64_t begin, end;
        ThreadTeam::split(w.n_rows, ith, nth, begin, end);
        kernels::compute(view, x, buffer, n_tokens, y, y_stride, begin, end, needs_scratch ? row_scratch(n_cols) : nullptr);
    }, w.n_rows * w.n_cols * n_tokens);
}

void matmul(const Weight& w, const float* x, int n_tokens, float* y, MatmulContext& ctx) {
    matmul_strided(w, x, n_tokens, y, w.n_rows, ctx);
}

void get_row(const Weight& w, int64_t r, float* out) { dequantize_row(w.type, w.row(r), out, w.n_cols); }

}  // namespace os1::engine

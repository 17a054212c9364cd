// matmul() runs on the kernels in engine/kernels/ (int8 activations, SIMD
// dispatch, cache-blocked tiles; see kernels/kernels.h): the activations are
// quantized once per call (split over the team for prompt batches), then the
// team splits the output rows. matmul_group() / matmul_swiglu() quantize
// once per distinct (activation layout, n_cols) and split the rows of several
// products in one dispatch; row ranges are cut at multiples of 16. Every
// token's result is the same dot product it would get alone, so batched and
// one-at-a-time evaluation agree bit for bit. The reference arithmetic is
// dot_row() (tensor_types.h); the kernels' tests compare against it.
#include "engine/ops/matmul.h"

#include <cstdlib>
#include <string_view>
#include <vector>

#include "engine/kernels/kernels.h"
#include <algorithm>
#include <atomic>
#include <cmath>

#include "engine/ops/ops.h"
#include "engine/gguf/tensor_types.h"

namespace os1::engine {

namespace {

// Row r in the file's row layout: in place, or for a panel matrix
// (kernels.h) read back into `buf`.
const uint8_t* file_row(const Weight& w, int64_t r, std::vector<uint8_t>& buf) {
    if (!w.panels) return w.row(r);
    buf.resize(w.row_bytes);
    kernels::unpack_panel_row(w.type, w.data, w.n_cols, r, buf.data());
    return buf.data();
}

// Per-thread scratch for the types without a fast path (dequantized row);
// only grows, so after the first call the forward pass allocates nothing.
float* row_scratch(int64_t n) {
    thread_local std::vector<float> scratch;
    if (scratch.size() < static_cast<size_t>(n)) scratch.resize(static_cast<size_t>(n));
    return scratch.data();
}

}  // namespace

MatmulContext::MatmulContext(int n_threads, int n_batch_, int64_t max_cols_)
    : team(n_threads), n_batch(n_batch_), max_cols(max_cols_) {}

void MatmulContext::reserve(size_t bytes) {
    for (int i = 0; i < MAX_SHARED; i++) act_slot(i, bytes);
}

uint8_t* MatmulContext::act_slot(int i, size_t bytes) {
    Slot& slot = m_act[i];
    if (slot.size < bytes + 64) {  // only before reserve(), or past n_batch
        slot.data.reset(new uint8_t[bytes + 64]);
        slot.size = bytes + 64;
    }
    return reinterpret_cast<uint8_t*>((reinterpret_cast<uintptr_t>(slot.data.get()) + 63) & ~uintptr_t(63));
}

size_t max_act_bytes(const std::vector<const Weight*>& weights, int n_tokens) {
    size_t most = 0;
    for (const Weight* w : weights)
        if (w && !w->empty()) most = std::max(most, kernels::act_buffer_bytes(w->type, w->n_cols, n_tokens, w->panels));
    return most;
}

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
        if (ctx.x_dot.size() < static_cast<size_t>(n_tokens * n_cols)) ctx.x_dot.resize(static_cast<size_t>(n_tokens * n_cols));
        if (ctx.packed.size() < static_cast<size_t>(4 * n_cols + 64)) ctx.packed.resize(static_cast<size_t>(4 * n_cols + 64));
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
        std::vector<uint8_t> unpacked;
        for (int64_t r = begin; r < end; r++) {
            const uint8_t* row = file_row(w, r, unpacked);
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


namespace {

// [begin, end) of n rows for thread ith of nth, cut at multiples of 16 rows
// (whole cache lines of y, row pairs for the two-row kernels, and the same
// SIMD-width boundaries inside a row of an element-wise epilogue as one
// thread would see).
void split_rows(int64_t n, int ith, int nth, int64_t& begin, int64_t& end) {
    begin = ith == 0 ? 0 : (n * ith / nth) & ~int64_t(15);
    end = ith == nth - 1 ? n : (n * (ith + 1) / nth) & ~int64_t(15);
    if (end < begin) end = begin;
}

// The weight type whose prepare() output stands for `type`'s: q4_K and q6_K
// both take the ActQ8K layout (kernels/layout.h), which does not depend on
// the weight type. q4_0/q5_0/q8_0 stay apart: their ActQ8 carries a
// correction for the type's own unsigned-lane offset.
GgmlType act_layout_key(GgmlType type) { return type == GgmlType::Q6_K ? GgmlType::Q4_K : type; }

// Calls fn(begin, end) on ranges of n rows, over the team, ranges cut at
// multiples of 16 as split_rows() cuts them. Prompt batches take one
// contiguous share per thread. Generation (one token) is a pure stream of
// weight bytes: there threads take chunks of about n / (nth * 4) rows from
// a shared counter, so a worker that wakes late or loses its core for a
// moment (a busy machine) hands its rows to the other threads instead of
// holding up the dispatch. A row's result does not depend on its range.
template <typename F>
void for_row_ranges(ThreadTeam& team, int64_t n, int n_tokens, int64_t work, F&& fn) {
    constexpr int CHUNKS_PER_THREAD = 4;
    if (n_tokens > 1 || team.size() == 1) {
        team.run([&](int ith, int nth) {
            int64_t begin, end;
            split_rows(n, ith, nth, begin, end);
            if (begin < end) fn(begin, end);
        }, work);
        return;
    }
    const int64_t chunk = std::max<int64_t>(16, (n / (team.size() * CHUNKS_PER_THREAD)) & ~int64_t(15));
    std::atomic<int64_t> next{0};
    team.run([&](int, int nth) {
        if (nth == 1) return fn(int64_t{0}, n);
        for (int64_t begin; (begin = next.fetch_add(chunk, std::memory_order_relaxed)) < n;)
            fn(begin, std::min(n, begin + chunk));
    }, work);
}

// Quantizes x (n_tokens, n_cols) once per distinct (activation layout,
// n_cols) among the weights: bufs[i] = the activations for ws[i] (null for
// float weights).
void prepare_shared(const Weight* const* ws, int n, const float* x, int n_tokens, MatmulContext& ctx, uint8_t** bufs) {
    struct Distinct {
        GgmlType type;
        bool panels;
        int64_t n_cols;
        size_t bytes;
        uint8_t* buffer;
    } d[MatmulContext::MAX_SHARED];
    int n_distinct = 0;
    int64_t work = 0;
    for (int i = 0; i < n; i++) {
        const Weight& w = *ws[i];
        work += w.n_rows * w.n_cols * n_tokens;
        int j = 0;
        const GgmlType key = act_layout_key(w.type);
        while (j < n_distinct && !(d[j].type == key && d[j].panels == w.panels && d[j].n_cols == w.n_cols)) j++;
        if (j == n_distinct) {
            const size_t bytes = kernels::act_buffer_bytes(key, w.n_cols, n_tokens, w.panels);
            d[j] = {key, w.panels, w.n_cols, bytes, bytes ? ctx.act_slot(j, bytes) : nullptr};
            n_distinct++;
        }
        bufs[i] = d[j].buffer;
    }
    auto quantize = [&](int64_t t0, int64_t t1) {
        for (int j = 0; j < n_distinct; j++) {
            if (!d[j].bytes) continue;
            const size_t stride = d[j].bytes / static_cast<size_t>(n_tokens);
            kernels::prepare(d[j].type, x + t0 * d[j].n_cols, d[j].n_cols, t1 - t0, d[j].buffer + t0 * stride,
                             d[j].panels);
        }
    };
    bool any = false;
    for (int j = 0; j < n_distinct; j++) any = any || d[j].bytes;
    if (!any) return;
    if (n_tokens >= 8 && ctx.team.size() > 1) {
        ctx.team.run([&](int ith, int nth) {
            int64_t begin, end;
            ThreadTeam::split(n_tokens, ith, nth, begin, end);
            quantize(begin, end);
        }, work);
    } else {
        quantize(0, n_tokens);
    }
}

void compute_rows(const Weight& w, const float* x, const uint8_t* buffer, int n_tokens, float* y, int64_t y_stride,
                  int64_t begin, int64_t end) {
    if (begin >= end) return;
    const kernels::MatrixView view{w.type, w.data, w.row_bytes, w.n_rows, w.n_cols, w.panels};
    const bool needs_scratch = !kernels::has_fast_path(w.type);
    kernels::compute(view, x, buffer, n_tokens, y, y_stride, begin, end, needs_scratch ? row_scratch(w.n_cols) : nullptr);
}

}  // namespace

void matmul_strided(const Weight& w, const float* x, int n_tokens, float* y, int64_t y_stride, MatmulContext& ctx) {
    if (use_reference()) return matmul_reference(w, x, n_tokens, y, y_stride, ctx);
    const Weight* ws[1] = {&w};
    uint8_t* buffer = nullptr;
    prepare_shared(ws, 1, x, n_tokens, ctx, &buffer);
    for_row_ranges(ctx.team, w.n_rows, n_tokens, w.n_rows * w.n_cols * n_tokens, [&](int64_t begin, int64_t end) {
        compute_rows(w, x, buffer, n_tokens, y, y_stride, begin, end);
    });
}

void matmul_group(const MatmulJob* jobs, int n_jobs, const float* x, int n_tokens, MatmulContext& ctx) {
    if (n_jobs > MatmulContext::MAX_SHARED || use_reference()) {
        for (int i = 0; i < n_jobs; i++) matmul(*jobs[i].w, x, n_tokens, jobs[i].y, ctx);
        return;
    }
    const Weight* ws[MatmulContext::MAX_SHARED];
    uint8_t* bufs[MatmulContext::MAX_SHARED];
    int64_t total_rows = 0, work = 0;
    for (int i = 0; i < n_jobs; i++) {
        ws[i] = jobs[i].w;
        total_rows += ws[i]->n_rows;
        work += ws[i]->n_rows * ws[i]->n_cols * n_tokens;
    }
    prepare_shared(ws, n_jobs, x, n_tokens, ctx, bufs);
    // The rows of all products, end to end, split over the team.
    for_row_ranges(ctx.team, total_rows, n_tokens, work, [&](int64_t begin, int64_t end) {
        int64_t offset = 0;
        for (int i = 0; i < n_jobs; i++) {
            const int64_t rows = ws[i]->n_rows;
            const int64_t b = std::max(begin, offset) - offset, e = std::min(end, offset + rows) - offset;
            compute_rows(*ws[i], x, bufs[i], n_tokens, jobs[i].y, rows, b, e);
            offset += rows;
        }
    });
}

void matmul_swiglu(const Weight& w_gate, const Weight& w_up, const float* x, int n_tokens, float* gate, float* up,
                   MatmulContext& ctx) {
    const int64_t n_ff = w_gate.n_rows;
    if (use_reference() || w_up.n_rows != n_ff) {
        matmul(w_gate, x, n_tokens, gate, ctx);
        matmul(w_up, x, n_tokens, up, ctx);
        for (int t = 0; t < n_tokens; t++) swiglu(gate + t * n_ff, up + t * n_ff, n_ff, 0, n_ff);
        return;
    }
    const Weight* ws[2] = {&w_gate, &w_up};
    uint8_t* bufs[2];
    prepare_shared(ws, 2, x, n_tokens, ctx, bufs);
    for_row_ranges(ctx.team, n_ff, n_tokens, 2 * n_ff * w_gate.n_cols * n_tokens, [&](int64_t begin, int64_t end) {
        compute_rows(w_gate, x, bufs[0], n_tokens, gate, n_ff, begin, end);
        compute_rows(w_up, x, bufs[1], n_tokens, up, n_ff, begin, end);
        for (int t = 0; t < n_tokens; t++) {
            const int64_t o = t * n_ff + begin;
            swiglu(gate + o, up + o, end - begin, begin, n_ff);
        }
    });
}

void matmul(const Weight& w, const float* x, int n_tokens, float* y, MatmulContext& ctx) {
    matmul_strided(w, x, n_tokens, y, w.n_rows, ctx);
}

void get_row(const Weight& w, int64_t r, float* out) {
    thread_local std::vector<uint8_t> unpacked;
    dequantize_row(w.type, file_row(w, r, unpacked), out, w.n_cols);
}

}  // namespace os1::engine

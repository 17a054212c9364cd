// Dispatch and blocking for the matmul kernels (see kernels.h).
#include "engine/kernels/kernels.h"

#include <algorithm>
#include <atomic>
#include <vector>

#include "core/cpu.h"
#include "engine/kernels/layout.h"
#include "engine/gguf/tensor_types.h"

namespace os1::engine::kernels {

namespace {

std::atomic<int> g_isa{-1};

int kind_of(GgmlType type) {
    switch (type) {
        case GgmlType::Q4_0: return static_cast<int>(Kind::Q4_0);
        case GgmlType::Q5_0: return static_cast<int>(Kind::Q5_0);
        case GgmlType::Q5_1: return static_cast<int>(Kind::Q5_1);
        case GgmlType::Q8_0: return static_cast<int>(Kind::Q8_0);
        case GgmlType::Q4_K: return static_cast<int>(Kind::Q4_K);
        case GgmlType::Q6_K: return static_cast<int>(Kind::Q6_K);
        case GgmlType::F32: return static_cast<int>(Kind::F32);
        case GgmlType::F16: return static_cast<int>(Kind::F16);
        case GgmlType::BF16: return static_cast<int>(Kind::BF16);
        default: return -1;
    }
}

enum class ActKind { None, Float, Q8, Q8K };

ActKind act_kind(GgmlType type) {
    switch (type) {
        case GgmlType::Q4_0:
        case GgmlType::Q5_0:
        case GgmlType::Q5_1:
        case GgmlType::Q8_0: return ActKind::Q8;
        case GgmlType::Q4_K:
        case GgmlType::Q6_K: return ActKind::Q8K;
        case GgmlType::F32:
        case GgmlType::F16:
        case GgmlType::BF16: return ActKind::Float;
        default: return ActKind::None;
    }
}

// The weight types' unsigned-lane offsets (see ActQ8Layout).
int q8_offset(GgmlType type) {
    switch (type) {
        case GgmlType::Q4_0: return 8;
        case GgmlType::Q5_0: return 16;
        case GgmlType::Q5_1: return -1;  // negoff = +sum(q), the min term's (layout.h)
        default: return 128;  // q8_0
    }
}

// The SIMD table of an ISA this build compiles, else null.
const KernelTable* simd_table(Isa isa) {
    switch (isa) {
#if OS1_KERNELS_X86
        case Isa::Avx512: return avx512_table();
        case Isa::Avx2: return avx2_table();
#endif
#if OS1_KERNELS_NEON
        case Isa::NeonDot: return neondot_table();
        case Isa::Neon: return neon_table();
#endif
        default: return nullptr;
    }
}

const KernelTable& table_for(Isa isa) {
    const KernelTable* t = simd_table(isa);
    return t ? *t : scalar_table();
}

// The kernel for one weight row of n elements, falling back to the scalar
// twin where the SIMD version's shape conditions do not hold.
DotTileFn pick(GgmlType type, int64_t n, DotTile2Fn* two_rows, PromptFn* prompt) {
    *two_rows = nullptr;
    *prompt = nullptr;
    int k = kind_of(type);
    if (k < 0) return nullptr;
    Isa isa = active_isa();
    const KernelTable& t = table_for(isa);
    if (&t != &scalar_table()) {
        ActKind a = act_kind(type);
        bool shape_ok = true;
        if (a == ActKind::Float) shape_ok = n % 16 == 0;
        if (shape_ok && t.dot[k]) {
            *two_rows = t.dot2[k];
            *prompt = t.prompt[k];
            return t.dot[k];
        }
    }
    return scalar_table().dot[k];
}

size_t act_stride(GgmlType type, int64_t n) {
    switch (act_kind(type)) {
        case ActKind::Q8: return ActQ8Layout(n, table_for(active_isa()).q8_group).stride;
        case ActKind::Q8K: return ActQ8KLayout(n).stride;
        default: return 0;
    }
}

}  // namespace

const char* isa_name(Isa isa) {
    switch (isa) {
        case Isa::Scalar: return "scalar";
        case Isa::Avx2: return "avx2";
        case Isa::Avx512: return "avx512-vnni";
        case Isa::Neon: return "neon";
        case Isa::NeonDot: return "neon-dotprod";
    }
    return "?";
}

bool isa_supported(Isa isa) {
    const auto& f = cpu_features();
    switch (isa) {
        case Isa::Scalar: return true;
        case Isa::Avx2: return f.avx2 && f.fma && f.f16c && simd_table(isa);
        case Isa::Avx512:
            return f.avx512f && f.avx512bw && f.avx512vl && f.avx512dq && f.avx512_vnni && f.f16c && f.fma &&
                   simd_table(isa);
        case Isa::Neon: return f.neon && simd_table(isa);
        case Isa::NeonDot: return f.neon && f.dotprod && simd_table(isa);
    }
    return false;
}

std::vector<Isa> supported_isas() {
    std::vector<Isa> out;
    for (Isa isa : {Isa::Scalar, Isa::Avx2, Isa::Avx512, Isa::Neon, Isa::NeonDot})
        if (isa_supported(isa)) out.push_back(isa);
    return out;
}

Isa detected_isa() {
    for (Isa isa : {Isa::Avx512, Isa::Avx2, Isa::NeonDot, Isa::Neon})
        if (isa_supported(isa)) return isa;
    return Isa::Scalar;
}

Isa active_isa() {
    int v = g_isa.load(std::memory_order_relaxed);
    if (v < 0) {
        v = static_cast<int>(detected_isa());
        g_isa.store(v, std::memory_order_relaxed);
    }
    return static_cast<Isa>(v);
}

Isa set_isa(Isa isa) {
    Isa prev = active_isa();
    if (!isa_supported(isa)) isa = detected_isa();
    g_isa.store(static_cast<int>(isa), std::memory_order_relaxed);
    return prev;
}

bool has_fast_path(GgmlType type) { return kind_of(type) >= 0; }

bool has_simd_panels(GgmlType type) {
    const Isa isa = active_isa();
    if (isa == Isa::Scalar) return false;
    const KernelTable& t = table_for(isa);
    if (&t == &scalar_table()) return false;
    switch (type) {
        case GgmlType::Q8_0: return t.panel_q8_0 != nullptr;
        case GgmlType::Q4_K: return t.panel_q4_k != nullptr;
        case GgmlType::Q6_K: return t.panel_q6_k != nullptr;
        case GgmlType::Q5_0: return t.panel_q5_0 != nullptr && t.quantize_q8p != nullptr;
        case GgmlType::Q5_1: return t.panel_q5_1 != nullptr && t.quantize_q8p != nullptr;
        default: return false;
    }
}

// A panel matrix's kernel, activation quantizer and activation row stride:
// the active ISA's, else the scalar twins (a test may lower the ISA after a
// model packed its weights). k-quants share the ActQ8KP activations.
namespace {
struct PanelKernels {
    PanelFn compute;
    void (*quantize)(const float* x, int64_t n, uint8_t* out);
    size_t stride;
};
PanelKernels panel_kernels(GgmlType type, int64_t n) {
    const KernelTable& a = table_for(active_isa());
    const KernelTable& s = scalar_table();
    switch (type) {
        case GgmlType::Q4_K: {
            const KernelTable& t = a.panel_q4_k && a.quantize_q8kp ? a : s;
            return {t.panel_q4_k, t.quantize_q8kp, ActQ8KPLayout(n).stride};
        }
        case GgmlType::Q6_K: {
            const KernelTable& t = a.panel_q6_k && a.quantize_q8kp ? a : s;
            return {t.panel_q6_k, t.quantize_q8kp, ActQ8KPLayout(n).stride};
        }
        case GgmlType::Q5_0: {  // q8_0's activations
            const KernelTable& t = a.panel_q5_0 && a.quantize_q8p ? a : s;
            return {t.panel_q5_0, t.quantize_q8p, ActQ8PLayout(n).stride};
        }
        case GgmlType::Q5_1: {  // q8_0's activations, with their q8_1 s
            const KernelTable& t = a.panel_q5_1 && a.quantize_q8p ? a : s;
            return {t.panel_q5_1, t.quantize_q8p, ActQ8PLayout(n).stride};
        }
        default: {  // q8_0
            const KernelTable& t = a.panel_q8_0 && a.quantize_q8p ? a : s;
            return {t.panel_q8_0, t.quantize_q8p, ActQ8PLayout(n).stride};
        }
    }
}
}  // namespace

size_t act_buffer_bytes(GgmlType type, int64_t n_cols, int64_t n_tokens, bool panels) {
    if (panels) return panel_kernels(type, n_cols).stride * static_cast<size_t>(n_tokens);
    return act_stride(type, n_cols) * static_cast<size_t>(n_tokens);
}

void prepare(GgmlType type, const float* x, int64_t n_cols, int64_t n_tokens, uint8_t* buffer, bool panels) {
    if (panels) {
        const PanelKernels k = panel_kernels(type, n_cols);
        for (int64_t i = 0; i < n_tokens; i++) k.quantize(x + i * n_cols, n_cols, buffer + i * k.stride);
        return;
    }
    ActKind a = act_kind(type);
    if (a != ActKind::Q8 && a != ActKind::Q8K) return;
    const KernelTable& t = table_for(active_isa());
    size_t stride = act_stride(type, n_cols);
    for (int64_t i = 0; i < n_tokens; i++) {
        if (a == ActKind::Q8) t.quantize_q8(x + i * n_cols, n_cols, q8_offset(type), buffer + i * stride);
        else t.quantize_q8k(x + i * n_cols, n_cols, buffer + i * stride);
    }
}

void compute(const MatrixView& w, const float* x, const uint8_t* buffer, int64_t n_tokens, float* y,
             int64_t y_stride, int64_t row_begin, int64_t row_end, float* scratch) {
    const int64_t n = w.n_cols;
    if (w.panels) {
        const PanelKernels k = panel_kernels(w.type, n);
        k.compute(w.data, n, buffer, k.stride, n_tokens, y, y_stride, row_begin, row_end);
        return;
    }
    DotTile2Fn fn2 = nullptr;
    PromptFn fn_prompt = nullptr;
    DotTileFn fn = pick(w.type, n, &fn2, &fn_prompt);
    if (!fn) {
        // No fast path: dequantize each row once, dot it with every token.
        for (int64_t r = row_begin; r < row_end; r++) {
            dequantize_row(w.type, w.data + r * w.row_bytes, scratch, n);
            for (int64_t t = 0; t < n_tokens; t++) {
                const float* xt = x + t * n;
                float acc = 0.0f;
                for (int64_t i = 0; i < n; i++) acc += scratch[i] * xt[i];
                y[t * y_stride + r] = acc;
            }
        }
        return;
    }
    const bool is_float = act_kind(w.type) == ActKind::Float;
    const uint8_t* act = is_float ? reinterpret_cast<const uint8_t*>(x) : buffer;
    const size_t stride = is_float ? static_cast<size_t>(n) * sizeof(float) : act_stride(w.type, n);
    if (n_tokens == 1) {
        int64_t r = row_begin;
        if (fn2)
            for (; r + 1 < row_end; r += 2) fn2(w.data + r * w.row_bytes, w.data + (r + 1) * w.row_bytes, n, act, stride, 1, y + r, y_stride);
        for (; r < row_end; r++) fn(w.data + r * w.row_bytes, n, act, stride, 1, y + r, y_stride);
        return;
    }
    if (fn_prompt) {
        fn_prompt(w.data, w.row_bytes, n, act, stride, n_tokens, y, y_stride, row_begin, row_end);
        return;
    }
    // Cache blocking: a block of tokens stays in L2 while blocks of rows
    // stay in L1/L2; inside, each decoded row serves TILE tokens.
    constexpr int64_t TOKEN_BLOCK = 64;
    constexpr int64_t ROW_BLOCK = 16;
    for (int64_t t0 = 0; t0 < n_tokens; t0 += TOKEN_BLOCK) {
        const int64_t t1 = std::min(n_tokens, t0 + TOKEN_BLOCK);
        for (int64_t r0 = row_begin; r0 < row_end; r0 += ROW_BLOCK) {
            const int64_t r1 = std::min(row_end, r0 + ROW_BLOCK);
            for (int64_t t = t0; t < t1; t += TILE) {
                const int nt = static_cast<int>(std::min<int64_t>(TILE, t1 - t));
                int64_t r = r0;
                if (fn2)
                    for (; r + 1 < r1; r += 2)
                        fn2(w.data + r * w.row_bytes, w.data + (r + 1) * w.row_bytes, n, act + t * stride, stride, nt,
                            y + t * y_stride + r, y_stride);
                for (; r < r1; r++)
                    fn(w.data + r * w.row_bytes, n, act + t * stride, stride, nt, y + t * y_stride + r, y_stride);
            }
        }
    }
}

void matmul_simple(const MatrixView& w, const float* x, int64_t n_tokens, float* y, int64_t y_stride) {
    std::vector<uint8_t> raw(act_buffer_bytes(w.type, w.n_cols, n_tokens, w.panels) + 64);
    uint8_t* buf = reinterpret_cast<uint8_t*>((reinterpret_cast<uintptr_t>(raw.data()) + 63) & ~uintptr_t(63));
    prepare(w.type, x, w.n_cols, n_tokens, buf, w.panels);
    std::vector<float> scratch(static_cast<size_t>(w.n_cols));
    compute(w, x, buf, n_tokens, y, y_stride, 0, w.n_rows, scratch.data());
}

}  // namespace os1::engine::kernels

// Scalar twins of vec_ops.h and the run-time dispatch. The twins are the
// definition: the AVX-512, AVX2 and NEON files must return the same bits.
#include "engine/kernels/vec_ops.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include "engine/kernels/kernels.h"
#include "engine/gguf/tensor_types.h"

namespace os1::engine {

namespace vec_ops_detail {

// Constants of the method (ggml vec.h; ARM optimized-routines expf).
constexpr float SHIFT = 0x1.8p23f;          // 1.5 * 2^23: rounds x*log2(e) to an integer
constexpr float LOG2E = 0x1.715476p+0f;
constexpr float LN2_HI = 0x1.62e4p-1f;      // ln2 = LN2_HI + LN2_LO
constexpr float LN2_LO = 0x1.7f7d1cp-20f;
constexpr float C1 = 0x1.ffffecp-1f, C2 = 0x1.fffdb6p-2f, C3 = 0x1.555e66p-3f, C4 = 0x1.573e2ep-5f,
                C5 = 0x1.0e4020p-7f;

float exp_scalar(float x) {
    const float z = std::fma(x, LOG2E, SHIFT);
    const float n = z - SHIFT;
    const float b = std::fma(-n, LN2_LO, std::fma(-n, LN2_HI, x));
    if (std::isnan(n)) return n;
    if (std::fabs(n) > 192.0f) return n <= 0.0f ? 0.0f : std::numeric_limits<float>::infinity();
    const float u = b * b;
    const float j = std::fma(std::fma(std::fma(C5, b, C4), u, std::fma(C3, b, C2)), u, std::fma(C1, b, 1.0f));
    // scalef: j * 2^n, one rounding (only when the result is subnormal).
    return std::ldexp(j, static_cast<int>(n));
}

double exp_sum_scalar(float* x, int n, float max) {
    double sum = 0.0;
    for (int i0 = 0; i0 < n; i0 += 16) {
        float block[16] = {};
        for (int l = 0; l < 16 && i0 + l < n; l++) block[l] = x[i0 + l] = exp_scalar(x[i0 + l] - max);
        sum += static_cast<double>(tree_sum16(block));
    }
    return sum;
}

void silu_mul_scalar(float* gate, const float* up, int64_t n, int64_t n_vec) {
    for (int64_t i = 0; i < n; i++) {
        const float g = gate[i];
        // ggml: x / (1 + expf(-x)) with libm past the vector part (-g, not 0 - g).
        const float e = i < n_vec ? exp_scalar(0.0f - g) : std::exp(-g);
        gate[i] = g / (1.0f + e) * up[i];
    }
}

void round_fp16_scalar(float* x, int64_t n) {
    const float* f16 = fp16_table();
    for (int64_t i = 0; i < n; i++) x[i] = f16[fp32_to_fp16(x[i])];
}

void rope_rotate_scalar(float* x, int n_heads, int head_dim, int half, bool neox, const float* cs) {
    for (int h = 0; h < n_heads; h++) {
        float* v = x + static_cast<int64_t>(h) * head_dim;
        for (int i = 0; i < half; i++) {
            const int a = neox ? i : 2 * i, b = neox ? i + half : 2 * i + 1;
            const float c = cs[2 * i], s = cs[2 * i + 1];
            const float x0 = v[a], x1 = v[b];
            v[a] = std::fma(x0, c, -(x1 * s));
            v[b] = std::fma(x0, s, x1 * c);
        }
    }
}

float max_f32_scalar(const float* x, int n) {
    float max = x[0];
    for (int i = 1; i < n; i++) max = std::max(max, x[i]);
    return max;
}

void scale_round_fp16_scalar(float* x, int64_t n, float s) {
    const float* f16 = fp16_table();
    for (int64_t i = 0; i < n; i++) x[i] = f16[fp32_to_fp16(x[i] * s)];
}

float dot_f16_scalar(const float* q, const uint16_t* k, int n) {
    const float* f16 = fp16_table();
    const int np = n & ~63;
    double sum = 0.0;
    if (np > 0) {
        float acc[4][16] = {};
        for (int i = 0; i < np; i += 64)
            for (int j = 0; j < 4; j++)
                for (int l = 0; l < 16; l++) acc[j][l] += q[i + 16 * j + l] * f16[k[i + 16 * j + l]];
        float a[16];
        for (int l = 0; l < 16; l++) a[l] = (acc[0][l] + acc[2][l]) + (acc[1][l] + acc[3][l]);
        sum = tree_sum16(a);
    }
    for (int i = np; i < n; i++) sum += static_cast<double>(q[i] * f16[k[i]]);
    return static_cast<float>(sum);
}

void add_products_f16_double_scalar(const float* a, const uint16_t* v, int64_t v_stride, int n_pos, int n, double* acc) {
    const float* f16 = fp16_table();
    for (int p = 0; p < n_pos; p++)
        for (int i = 0; i < n; i++) acc[i] += static_cast<double>(a[p] * f16[v[p * v_stride + i]]);
}

void scores_f16_scalar(const float* q, const uint16_t* k, int64_t k_stride, int n_pos, int n, float scale, float* att) {
    for (int p = 0; p < n_pos; p++) att[p] = dot_f16_scalar(q, k + p * k_stride, n) * scale;
}

void value_lanes_f16_scalar(const float* a, const uint16_t* v, int64_t v_stride, int n_lanes, int n, float* scratch,
                            double* acc) {
    const float* f16 = fp16_table();
    float* lanes = scratch;  // (64, n): position p into lane p % 64
    for (int64_t i = 0; i < 64 * static_cast<int64_t>(n); i++) lanes[i] = 0.0f;
    for (int p = 0; p < n_lanes; p++) {
        float* lane = lanes + static_cast<int64_t>(p % 64) * n;
        const uint16_t* vp = v + p * v_stride;
        for (int i = 0; i < n; i++) lane[i] += a[p] * f16[vp[i]];
    }
    for (int i = 0; i < n; i++) {
        float col[16];
        for (int l = 0; l < 16; l++) {
            const float* li = lanes + static_cast<int64_t>(l) * n + i;
            col[l] = (li[0] + li[32 * n]) + (li[16 * n] + li[48 * n]);
        }
        acc[i] = n_lanes > 0 ? static_cast<double>(tree_sum16(col)) : 0.0;
    }
}

}  // namespace vec_ops_detail

using namespace vec_ops_detail;

float tree_sum16(const float* a) {
    float b[8], c[4];
    for (int i = 0; i < 8; i++) b[i] = a[i] + a[i + 8];
    for (int i = 0; i < 4; i++) c[i] = b[i] + b[i + 4];
    return (c[0] + c[2]) + (c[1] + c[3]);
}

float exp_ggml(float x) { return exp_scalar(x); }

// Each family's SIMD versions are named only where the build compiles them
// (kernels.h: OS1_KERNELS_X86, OS1_KERNELS_NEON); any other ISA takes the twin.
namespace {
using kernels::Isa;
Isa isa() { return kernels::active_isa(); }
[[maybe_unused]] bool neon() { return isa() == Isa::Neon || isa() == Isa::NeonDot; }
}  // namespace

double exp_sum_ggml(float* x, int n, float max) {
#if OS1_KERNELS_X86
    if (isa() == Isa::Avx512) return exp_sum_avx512(x, n, max);
    if (isa() == Isa::Avx2) return exp_sum_avx2(x, n, max);
#endif
#if OS1_KERNELS_NEON
    if (neon()) return exp_sum_neon(x, n, max);
#endif
    return exp_sum_scalar(x, n, max);
}

void silu_mul_ggml(float* gate, const float* up, int64_t n, int64_t n_vec) {
    n_vec = std::clamp<int64_t>(n_vec, 0, n);
#if OS1_KERNELS_X86
    if (isa() == Isa::Avx512) return silu_mul_avx512(gate, up, n, n_vec);
    if (isa() == Isa::Avx2) return silu_mul_avx2(gate, up, n, n_vec);
#endif
#if OS1_KERNELS_NEON
    if (neon()) return silu_mul_neon(gate, up, n, n_vec);
#endif
    return silu_mul_scalar(gate, up, n, n_vec);
}

float dot_f16_ggml(const float* q, const uint16_t* k, int n) {
#if OS1_KERNELS_X86
    if (isa() == Isa::Avx512) return dot_f16_avx512(q, k, n);
#endif
    return dot_f16_scalar(q, k, n);
}

void add_products_f16_double(const float* a, const uint16_t* v, int64_t v_stride, int n_pos, int n, double* acc) {
#if OS1_KERNELS_X86
    if (isa() == Isa::Avx512 && n % 16 == 0) return add_products_f16_double_avx512(a, v, v_stride, n_pos, n, acc);
#endif
    add_products_f16_double_scalar(a, v, v_stride, n_pos, n, acc);
}

void value_lanes_f16_ggml(const float* a, const uint16_t* v, int64_t v_stride, int n_lanes, int n, float* scratch,
                          double* acc) {
#if OS1_KERNELS_X86
    if (isa() == Isa::Avx512 && n % 16 == 0) return value_lanes_f16_avx512(a, v, v_stride, n_lanes, n, scratch, acc);
#endif
    value_lanes_f16_scalar(a, v, v_stride, n_lanes, n, scratch, acc);
}

void round_fp16_rows(float* x, int64_t n) {
#if OS1_KERNELS_X86
    if (isa() == Isa::Avx512) return round_fp16_avx512(x, n);
    if (isa() == Isa::Avx2) return round_fp16_avx2(x, n);
#endif
#if OS1_KERNELS_NEON
    if (neon()) return round_fp16_neon(x, n);
#endif
    round_fp16_scalar(x, n);
}

void rope_rotate(float* x, int n_heads, int head_dim, int half, bool neox, const float* cs) {
#if OS1_KERNELS_X86
    if (isa() == Isa::Avx512) return rope_rotate_avx512(x, n_heads, head_dim, half, neox, cs);
    if (isa() == Isa::Avx2) return rope_rotate_avx2(x, n_heads, head_dim, half, neox, cs);
#endif
#if OS1_KERNELS_NEON
    if (neon()) return rope_rotate_neon(x, n_heads, head_dim, half, neox, cs);
#endif
    rope_rotate_scalar(x, n_heads, head_dim, half, neox, cs);
}

float max_f32(const float* x, int n) {
#if OS1_KERNELS_X86
    if (isa() == Isa::Avx512) return max_f32_avx512(x, n);
    if (isa() == Isa::Avx2) return max_f32_avx2(x, n);
#endif
#if OS1_KERNELS_NEON
    if (neon()) return max_f32_neon(x, n);
#endif
    return max_f32_scalar(x, n);
}

void scale_round_fp16(float* x, int64_t n, float s) {
#if OS1_KERNELS_X86
    if (isa() == Isa::Avx512) return scale_round_fp16_avx512(x, n, s);
    if (isa() == Isa::Avx2) return scale_round_fp16_avx2(x, n, s);
#endif
#if OS1_KERNELS_NEON
    if (neon()) return scale_round_fp16_neon(x, n, s);
#endif
    scale_round_fp16_scalar(x, n, s);
}

void scores_f16_ggml(const float* q, const uint16_t* k, int64_t k_stride, int n_pos, int n, float scale, float* att) {
#if OS1_KERNELS_X86
    if (isa() == Isa::Avx512) return scores_f16_avx512(q, k, k_stride, n_pos, n, scale, att);
#endif
    scores_f16_scalar(q, k, k_stride, n_pos, n, scale, att);
}

}  // namespace os1::engine

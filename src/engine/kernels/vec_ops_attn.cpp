// Scalar twins of vec_ops_attn.h and the run-time dispatch. The twins are
// the definition: the AVX2, AVX-512 and NEON files must return the same bits.
#include "engine/kernels/vec_ops_attn.h"

#include "engine/kernels/kernels.h"
#include "engine/gguf/tensor_types.h"
#include "engine/kernels/vec_ops.h"

namespace os1::engine {

namespace vec_ops_detail {

void keys_to_f32_blocks_scalar(const uint16_t* k, int64_t k_stride, int n_pos, int n, float* kt) {
    const float* f16 = fp16_table();
    const int n_blocks = (n_pos + 15) / 16;
    for (int b = 0; b < n_blocks; b++) {
        float* blk = kt + static_cast<int64_t>(b) * 16 * n;
        for (int j = 0; j < 16; j++) {
            const int p = 16 * b + j;
            const uint16_t* kp = k + p * k_stride;
            for (int d = 0; d < n; d++) blk[d * 16 + j] = p < n_pos ? f16[kp[d]] : 0.0f;
        }
    }
}

void values_to_f32_rows_scalar(const uint16_t* v, int64_t v_stride, int n_pos, int n, float* vf) {
    const float* f16 = fp16_table();
    for (int p = 0; p < n_pos; p++)
        for (int i = 0; i < n; i++) vf[static_cast<int64_t>(p) * n + i] = f16[v[p * v_stride + i]];
}

void scores_f32_blocks_scalar(const float* q, int n_rows, const float* kt, int n_pos, int n, float scale, float* att,
                              int64_t att_stride) {
    // dot_f16_scalar with n % 64 == 0: four 16-lane sums over blocks of 64,
    // (0+2)+(1+3), the tree; float -> double -> float is exact.
    for (int r = 0; r < n_rows; r++) {
        const float* qr = q + static_cast<int64_t>(r) * n;
        for (int p = 0; p < n_pos; p++) {
            const float* blk = kt + static_cast<int64_t>(p / 16) * 16 * n + p % 16;
            float acc[4][16] = {};
            for (int i = 0; i < n; i += 64)
                for (int j = 0; j < 4; j++)
                    for (int l = 0; l < 16; l++) acc[j][l] += qr[i + 16 * j + l] * blk[(i + 16 * j + l) * 16];
            float s[16];
            for (int l = 0; l < 16; l++) s[l] = (acc[0][l] + acc[2][l]) + (acc[1][l] + acc[3][l]);
            att[r * att_stride + p] = tree_sum16(s) * scale;
        }
    }
}

void values_f32_rows_scalar(const float* a, int64_t a_stride, int n_rows, const float* vf, int n_lanes, int n_pos,
                            int n, float* scratch, float* out) {
    // value_lanes_f16_scalar, then add_products_f16_double_scalar, per row.
    for (int r = 0; r < n_rows; r++) {
        const float* ar = a + r * a_stride;
        float* lanes = scratch;  // (64, n): position p into lane p % 64
        for (int64_t i = 0; i < 64 * static_cast<int64_t>(n); i++) lanes[i] = 0.0f;
        for (int p = 0; p < n_lanes; p++) {
            float* lane = lanes + static_cast<int64_t>(p % 64) * n;
            const float* vp = vf + static_cast<int64_t>(p) * n;
            for (int i = 0; i < n; i++) lane[i] += ar[p] * vp[i];
        }
        float* o = out + static_cast<int64_t>(r) * n;
        for (int i = 0; i < n; i++) {
            float col[16];
            for (int l = 0; l < 16; l++) {
                const float* li = lanes + static_cast<int64_t>(l) * n + i;
                col[l] = (li[0] + li[32 * n]) + (li[16 * n] + li[48 * n]);
            }
            double acc = n_lanes > 0 ? static_cast<double>(tree_sum16(col)) : 0.0;
            for (int p = n_lanes; p < n_pos; p++) acc += static_cast<double>(ar[p] * vf[static_cast<int64_t>(p) * n + i]);
            o[i] = static_cast<float>(acc);
        }
    }
}

}  // namespace vec_ops_detail

using namespace vec_ops_detail;

namespace {
using kernels::Isa;
[[maybe_unused]] bool use_avx512() { return kernels::active_isa() == Isa::Avx512; }
[[maybe_unused]] bool use_avx2() { return kernels::active_isa() == Isa::Avx2; }
[[maybe_unused]] bool use_neon() { return kernels::active_isa() == Isa::Neon || kernels::active_isa() == Isa::NeonDot; }
}  // namespace

// Each family's versions are named only where the build compiles them
// (kernels.h: OS1_KERNELS_X86, OS1_KERNELS_NEON).
void keys_to_f32_blocks(const uint16_t* k, int64_t k_stride, int n_pos, int n, float* kt) {
#if OS1_KERNELS_X86
    if (use_avx512() && n % 16 == 0) return keys_to_f32_blocks_avx512(k, k_stride, n_pos, n, kt);
    if (use_avx2() && n % 8 == 0) return keys_to_f32_blocks_avx2(k, k_stride, n_pos, n, kt);
#endif
#if OS1_KERNELS_NEON
    if (use_neon() && n % 4 == 0) return keys_to_f32_blocks_neon(k, k_stride, n_pos, n, kt);
#endif
    keys_to_f32_blocks_scalar(k, k_stride, n_pos, n, kt);
}

void values_to_f32_rows(const uint16_t* v, int64_t v_stride, int n_pos, int n, float* vf) {
#if OS1_KERNELS_X86
    if (use_avx512() && n % 16 == 0) return values_to_f32_rows_avx512(v, v_stride, n_pos, n, vf);
    if (use_avx2() && n % 8 == 0) return values_to_f32_rows_avx2(v, v_stride, n_pos, n, vf);
#endif
#if OS1_KERNELS_NEON
    if (use_neon() && n % 4 == 0) return values_to_f32_rows_neon(v, v_stride, n_pos, n, vf);
#endif
    values_to_f32_rows_scalar(v, v_stride, n_pos, n, vf);
}

void scores_f32_blocks(const float* q, int n_rows, const float* kt, int n_pos, int n, float scale, float* att,
                       int64_t att_stride) {
#if OS1_KERNELS_X86
    if (use_avx512()) return scores_f32_blocks_avx512(q, n_rows, kt, n_pos, n, scale, att, att_stride);
    if (use_avx2()) return scores_f32_blocks_avx2(q, n_rows, kt, n_pos, n, scale, att, att_stride);
#endif
#if OS1_KERNELS_NEON
    if (use_neon()) return scores_f32_blocks_neon(q, n_rows, kt, n_pos, n, scale, att, att_stride);
#endif
    scores_f32_blocks_scalar(q, n_rows, kt, n_pos, n, scale, att, att_stride);
}

void values_f32_rows(const float* a, int64_t a_stride, int n_rows, const float* vf, int n_lanes, int n_pos, int n,
                     float* scratch, float* out) {
#if OS1_KERNELS_X86
    if (use_avx512()) return values_f32_rows_avx512(a, a_stride, n_rows, vf, n_lanes, n_pos, n, scratch, out);
    if (use_avx2()) return values_f32_rows_avx2(a, a_stride, n_rows, vf, n_lanes, n_pos, n, scratch, out);
#endif
#if OS1_KERNELS_NEON
    if (use_neon()) return values_f32_rows_neon(a, a_stride, n_rows, vf, n_lanes, n_pos, n, scratch, out);
#endif
    values_f32_rows_scalar(a, a_stride, n_rows, vf, n_lanes, n_pos, n, scratch, out);
}

}  // namespace os1::engine

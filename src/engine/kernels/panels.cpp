// q8_0 panels (layout.h): the repacking done at load, a row read back out
// of a panel, and the scalar twins of the AVX-512 panel kernels
// (panels_avx512.cpp), which give the same bits: the integer sums are
// exact and each (row, token) runs the same float steps in the same order.
#include <cmath>
#include <cstring>
#include <vector>

#include "engine/kernels/kernels.h"
#include "engine/kernels/layout.h"
#include "engine/gguf/tensor_types.h"

namespace os1::engine::kernels {

namespace {

// One panel from its 16 rows (q8_0 row layout); 4 bytes at a time, + 128
// as an xor of the sign bits.
void pack_panel(const uint8_t* rows, size_t row_bytes, int64_t nb, uint8_t* panel) {
    for (int r = 0; r < PANEL_ROWS; r++) {
        const uint8_t* row = rows + r * row_bytes;
        for (int64_t b = 0; b < nb; b++) {
            const uint8_t* blk = row + b * sizeof(BlockQ8_0);
            std::memcpy(panel + panel_scales(b, nb) + 2 * r, blk, 2);  // BlockQ8_0::d
            uint8_t* u = panel + panel_u(b);
            for (int k = 0; k < 8; k++) {
                uint32_t v;
                std::memcpy(&v, blk + 2 + 4 * k, 4);
                v ^= 0x80808080u;  // q + 128 in each byte
                std::memcpy(u + 64 * k + 4 * r, &v, 4);
            }
        }
    }
}

void quantize_q8p(const float* x, int64_t n, uint8_t* out) {
    const ActQ8PLayout L(n);
    auto* qs = reinterpret_cast<int8_t*>(out + L.qs_off);
    auto* negoff = reinterpret_cast<int32_t*>(out + L.negoff_off);
    auto* xs = reinterpret_cast<float*>(out + L.xs_off);
    auto* s = reinterpret_cast<float*>(out + L.s_off);
    for (int64_t b = 0; b < L.n_blocks; b++) {
        const float* xb = x + b * 32;
        float amax = 0.0f;
        for (int j = 0; j < 32; j++) amax = std::fmax(amax, std::fabs(xb[j]));
        const float d = fp16_to_fp32(fp32_to_fp16(amax / 127.0f));  // f16 scale, as ggml's q8_0
        const float id = amax != 0.0f ? 127.0f / amax : 0.0f;
        int32_t sum = 0;
        for (int j = 0; j < 32; j++) {
            const int q = static_cast<int>(std::nearbyint(xb[j] * id));
            qs[b * 32 + j] = static_cast<int8_t>(q);
            sum += q;
        }
        negoff[b] = -128 * sum;
        xs[b] = d;
        s[b] = fp16_to_fp32(fp32_to_fp16(static_cast<float>(sum) * (amax / 127.0f)));
    }
}

void panel_q8_0(const uint8_t* w, int64_t n, const uint8_t* act, size_t as, int64_t n_tokens, float* y, int64_t ys,
                int64_t r0, int64_t r1) {
    const ActQ8PLayout L(n);
    const int64_t nb = L.n_blocks;
    const size_t panel_bytes = static_cast<size_t>(nb) * PANEL_BLOCK_BYTES;
    for (int64_t p = r0 / PANEL_ROWS; p < r1 / PANEL_ROWS; p++) {
        const uint8_t* panel = w + p * panel_bytes;
        for (int64_t t = 0; t < n_tokens; t++) {
            const uint8_t* a = act + t * as;
            const auto* qs = reinterpret_cast<const int8_t*>(a + L.qs_off);
            const auto* negoff = reinterpret_cast<const int32_t*>(a + L.negoff_off);
            const auto* xs = reinterpret_cast<const float*>(a + L.xs_off);
            for (int r = 0; r < PANEL_ROWS; r++) {
                float acc = 0.0f;
                for (int64_t b = 0; b < nb; b++) {
                    const uint8_t* u = panel + panel_u(b);
                    int32_t isum = negoff[b];
                    for (int k = 0; k < 8; k++)
                        for (int j = 0; j < 4; j++) isum += u[64 * k + 4 * r + j] * qs[32 * b + 4 * k + j];
                    uint16_t h;
                    std::memcpy(&h, panel + panel_scales(b, nb) + 2 * r, 2);
                    acc = std::fma(static_cast<float>(isum), fp16_to_fp32(h) * xs[b], acc);
                }
                y[t * ys + p * PANEL_ROWS + r] = acc;
            }
        }
    }
}

}  // namespace

void pack_panels_q8_0(uint8_t* data, int64_t n_rows, int64_t n_cols) {
    const int64_t nb = n_cols / 32;
    const size_t row_bytes = static_cast<size_t>(nb) * sizeof(BlockQ8_0);
    repack_in_place(data, n_rows, row_bytes,
                    [&](const uint8_t* rows, uint8_t* panel) { pack_panel(rows, row_bytes, nb, panel); });
}

void unpack_panel_row_q8_0(const uint8_t* data, int64_t n_cols, int64_t r, uint8_t* row) {
    const int64_t nb = n_cols / 32;
    const uint8_t* panel = data + (r / PANEL_ROWS) * nb * PANEL_BLOCK_BYTES;
    const int i = static_cast<int>(r % PANEL_ROWS);
    for (int64_t b = 0; b < nb; b++) {
        BlockQ8_0 blk;
        std::memcpy(&blk.d, panel + panel_scales(b, nb) + 2 * i, 2);
        const uint8_t* u = panel + panel_u(b);
        for (int k = 0; k < 8; k++)
            for (int j = 0; j < 4; j++) blk.qs[4 * k + j] = static_cast<int8_t>(u[64 * k + 4 * i + j] - 128);
        std::memcpy(row + b * sizeof(BlockQ8_0), &blk, sizeof blk);
    }
}

bool can_pack(GgmlType type, int64_t n_rows, int64_t n_cols) {
    if (n_rows <= 0 || n_rows % PANEL_ROWS != 0 || !has_simd_panels(type)) return false;
    if (type == GgmlType::Q8_0 || type == GgmlType::Q5_0 || type == GgmlType::Q5_1) return n_cols % 32 == 0;
    if (type == GgmlType::Q4_K || type == GgmlType::Q6_K) return n_cols % 256 == 0;
    return false;
}

void pack_panels(GgmlType type, uint8_t* data, int64_t n_rows, int64_t n_cols) {
    if (type == GgmlType::Q4_K) return pack_panels_q4_k(data, n_rows, n_cols);
    if (type == GgmlType::Q6_K) return pack_panels_q6_k(data, n_rows, n_cols);
    if (type == GgmlType::Q5_0) return pack_panels_q5_0(data, n_rows, n_cols);
    if (type == GgmlType::Q5_1) return pack_panels_q5_1(data, n_rows, n_cols);
    pack_panels_q8_0(data, n_rows, n_cols);
}

void unpack_panel_row(GgmlType type, const uint8_t* data, int64_t n_cols, int64_t r, uint8_t* row) {
    if (type == GgmlType::Q4_K) return unpack_panel_row_q4_k(data, n_cols, r, row);
    if (type == GgmlType::Q6_K) return unpack_panel_row_q6_k(data, n_cols, r, row);
    if (type == GgmlType::Q5_0) return unpack_panel_row_q5_0(data, n_cols, r, row);
    if (type == GgmlType::Q5_1) return unpack_panel_row_q5_1(data, n_cols, r, row);
    unpack_panel_row_q8_0(data, n_cols, r, row);
}

void scalar_add_panels(KernelTable& t) {
    t.panel_q8_0 = panel_q8_0;
    t.quantize_q8p = quantize_q8p;
    scalar_add_panels_q5_0(t);
}

}  // namespace os1::engine::kernels

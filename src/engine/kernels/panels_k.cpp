// q4_K panels (layout.h): the repacking done at load, a row read back out
// of a panel, and the scalar twins of the AVX-512 kernels
// (panels_k_avx512.cpp), which give the same bits: the integer sums are
// exact and each (row, token) runs the same float steps in the same order.
#include <cmath>
#include <cstring>
#include <vector>

#include "engine/kernels/kernels.h"
#include "engine/kernels/layout.h"
#include "engine/gguf/tensor_types.h"

namespace os1::engine::kernels {

namespace {

constexpr size_t QS_OFF = 0, D_OFF = 2048, DMIN_OFF = 2080, SCALES_OFF = 2112;
static_assert(SCALES_OFF + 192 == Q4K_PANEL_SB_BYTES);

// One panel from its 16 rows (q4_K row layout).
void pack_panel(const uint8_t* rows, size_t row_bytes, int64_t n_sb, uint8_t* panel) {
    for (int r = 0; r < PANEL_ROWS; r++) {
        const auto* row = reinterpret_cast<const BlockQ4_K*>(rows + r * row_bytes);
        for (int64_t s = 0; s < n_sb; s++) {
            const BlockQ4_K& b = row[s];
            uint8_t* sb = panel + s * Q4K_PANEL_SB_BYTES;
            for (int k = 0; k < 32; k++) std::memcpy(sb + QS_OFF + 64 * k + 4 * r, b.qs + 4 * k, 4);
            std::memcpy(sb + D_OFF + 2 * r, &b.d, 2);
            std::memcpy(sb + DMIN_OFF + 2 * r, &b.dmin, 2);
            for (int i = 0; i < 12; i++) sb[SCALES_OFF + 16 * i + r] = b.scales[i];
        }
    }
}

void quantize_q8kp(const float* x, int64_t n, uint8_t* out) {
    const ActQ8KPLayout L(n);
    auto* qs = reinterpret_cast<int8_t*>(out + L.qs_off);
    auto* ds = reinterpret_cast<float*>(out + L.d_off);
    auto* b32 = reinterpret_cast<int16_t*>(out + L.bsum32_off);
    auto* neg16 = reinterpret_cast<int32_t*>(out + L.negoff16_off);
    for (int64_t s = 0; s < L.n_sb; s++) {
        const float* xb = x + s * 256;
        float amax = 0.0f;
        for (int j = 0; j < 256; j++) amax = std::fmax(amax, std::fabs(xb[j]));
        const float d = amax / 127.0f;
        const float id = d != 0.0f ? 127.0f / amax : 0.0f;
        ds[s] = d;
        int32_t sums[16];
        for (int g = 0; g < 16; g++) {
            int32_t sum = 0;
            for (int j = 0; j < 16; j++) {
                const int q = static_cast<int>(std::nearbyint(xb[16 * g + j] * id));
                qs[s * 256 + 16 * g + j] = static_cast<int8_t>(q);
                sum += q;
            }
            sums[g] = sum;
            neg16[s * 16 + g] = -32 * sum;
        }
        for (int g = 0; g < 8; g++) b32[s * 8 + g] = static_cast<int16_t>(sums[2 * g] + sums[2 * g + 1]);
    }
}

void panel_q4_k(const uint8_t* w, int64_t n, const uint8_t* act, size_t as, int64_t n_tokens, float* y, int64_t ys,
                int64_t r0, int64_t r1) {
    const ActQ8KPLayout L(n);
    const size_t panel_bytes = static_cast<size_t>(L.n_sb) * Q4K_PANEL_SB_BYTES;
    for (int64_t p = r0 / PANEL_ROWS; p < r1 / PANEL_ROWS; p++) {
        const uint8_t* panel = w + p * panel_bytes;
        for (int64_t t = 0; t < n_tokens; t++) {
            const uint8_t* a = act + t * as;
            const auto* qs = reinterpret_cast<const int8_t*>(a + L.qs_off);
            const auto* ds = reinterpret_cast<const float*>(a + L.d_off);
            const auto* b32 = reinterpret_cast<const int16_t*>(a + L.bsum32_off);
            for (int r = 0; r < PANEL_ROWS; r++) {
                float acc = 0.0f;
                for (int64_t s = 0; s < L.n_sb; s++) {
                    const uint8_t* sb = panel + s * Q4K_PANEL_SB_BYTES;
                    uint16_t hd, hm;
                    std::memcpy(&hd, sb + D_OFF + 2 * r, 2);
                    std::memcpy(&hm, sb + DMIN_OFF + 2 * r, 2);
                    uint8_t scales[12];
                    for (int i = 0; i < 12; i++) scales[i] = sb[SCALES_OFF + 16 * i + r];
                    const float d = fp16_to_fp32(hd), dx = ds[s];
                    int32_t msum = 0;
                    float part = 0.0f;  // in units of dx
                    for (int j = 0; j < 8; j++) {
                        uint8_t sc, m;
                        q4k_scale_min(j, scales, sc, m);
                        int32_t isum = 0;
                        for (int k = 0; k < 8; k++)
                            for (int i = 0; i < 4; i++) {
                                const uint8_t byte = sb[QS_OFF + 64 * (8 * (j / 2) + k) + 4 * r + i];
                                const int u = j & 1 ? byte >> 4 : byte & 0xF;
                                isum += u * qs[256 * s + 32 * j + 4 * k + i];
                            }
                        part = std::fma(static_cast<float>(isum), d * static_cast<float>(sc), part);
                        msum += m * b32[8 * s + j];
                    }
                    part = std::fma(-static_cast<float>(msum), fp16_to_fp32(hm), part);
                    acc = std::fma(part, dx, acc);
                }
                y[t * ys + p * PANEL_ROWS + r] = acc;
            }
        }
    }
}

}  // namespace

void pack_panels_q4_k(uint8_t* data, int64_t n_rows, int64_t n_cols) {
    const int64_t n_sb = n_cols / 256;
    const size_t row_bytes = static_cast<size_t>(n_sb) * sizeof(BlockQ4_K);
    repack_in_place(data, n_rows, row_bytes,
                    [&](const uint8_t* rows, uint8_t* panel) { pack_panel(rows, row_bytes, n_sb, panel); });
}

void unpack_panel_row_q4_k(const uint8_t* data, int64_t n_cols, int64_t r, uint8_t* row) {
    const int64_t n_sb = n_cols / 256;
    const uint8_t* panel = data + (r / PANEL_ROWS) * n_sb * Q4K_PANEL_SB_BYTES;
    const int i = static_cast<int>(r % PANEL_ROWS);
    for (int64_t s = 0; s < n_sb; s++) {
        const uint8_t* sb = panel + s * Q4K_PANEL_SB_BYTES;
        BlockQ4_K b;
        for (int k = 0; k < 32; k++) std::memcpy(b.qs + 4 * k, sb + QS_OFF + 64 * k + 4 * i, 4);
        std::memcpy(&b.d, sb + D_OFF + 2 * i, 2);
        std::memcpy(&b.dmin, sb + DMIN_OFF + 2 * i, 2);
        for (int j = 0; j < 12; j++) b.scales[j] = sb[SCALES_OFF + 16 * j + i];
        std::memcpy(row + s * sizeof(BlockQ4_K), &b, sizeof b);
    }
}

void scalar_add_panels_k(KernelTable& t) {
    t.panel_q4_k = panel_q4_k;
    t.quantize_q8kp = quantize_q8kp;
    scalar_add_panels_q6k(t);
}

}  // namespace os1::engine::kernels

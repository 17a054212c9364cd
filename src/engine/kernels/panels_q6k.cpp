// q6_K panels (layout.h): the repacking done at load, a row read back out
// of a panel, and the scalar twin of the AVX-512 kernel
// (panels_q6k_avx512.cpp), which gives the same bits: exact integer sums
// per 16-element sub-block, the same float steps in the same order.
#include <cmath>
#include <cstring>
#include <vector>

#include "engine/kernels/kernels.h"
#include "engine/kernels/layout.h"
#include "engine/gguf/tensor_types.h"

namespace os1::engine::kernels {

namespace {

constexpr size_t QL_OFF = 0, QH_OFF = 2048, SCALES_OFF = 3072;
static_assert(SCALES_OFF + 256 == Q6K_SB_DATA && Q6K_SB_DATA + 32 == Q6K_PANEL_SB_BYTES);

void pack_panel(const uint8_t* rows, size_t row_bytes, int64_t n_sb, uint8_t* panel) {
    for (int r = 0; r < PANEL_ROWS; r++) {
        const auto* row = reinterpret_cast<const BlockQ6_K*>(rows + r * row_bytes);
        for (int64_t s = 0; s < n_sb; s++) {
            const BlockQ6_K& b = row[s];
            uint8_t* sb = panel + q6k_sb(s);
            for (int k = 0; k < 32; k++) std::memcpy(sb + QL_OFF + 64 * k + 4 * r, b.ql + 4 * k, 4);
            for (int k = 0; k < 16; k++) std::memcpy(sb + QH_OFF + 64 * k + 4 * r, b.qh + 4 * k, 4);
            for (int g = 0; g < 16; g++) std::memcpy(sb + SCALES_OFF + 16 * g + r, &b.scales[g], 1);
            std::memcpy(panel + q6k_d(s, n_sb) + 2 * r, &b.d, 2);
        }
    }
}

// Element e (0..255) of row r of a packed super-block, 0..63.
int element(const uint8_t* sb, int r, int e) {
    const int c = e / 128, quarter = (e % 128) / 32, l = e % 32, kk = l / 4, j = l % 4;
    const uint8_t a = sb[QL_OFF + 64 * (16 * c + kk) + 4 * r + j];
    const uint8_t b = sb[QL_OFF + 64 * (16 * c + 8 + kk) + 4 * r + j];
    const uint8_t h = sb[QH_OFF + 64 * (8 * c + kk) + 4 * r + j];
    const uint8_t lo = quarter == 0 ? a & 0xF : quarter == 1 ? b & 0xF : quarter == 2 ? a >> 4 : b >> 4;
    return lo | (((h >> (2 * quarter)) & 3) << 4);
}

void panel_q6_k(const uint8_t* w, int64_t n, const uint8_t* act, size_t as, int64_t n_tokens, float* y, int64_t ys,
                int64_t r0, int64_t r1) {
    const ActQ8KPLayout L(n);
    const size_t panel_bytes = static_cast<size_t>(L.n_sb) * Q6K_PANEL_SB_BYTES;
    for (int64_t p = r0 / PANEL_ROWS; p < r1 / PANEL_ROWS; p++) {
        const uint8_t* panel = w + p * panel_bytes;
        for (int64_t t = 0; t < n_tokens; t++) {
            const uint8_t* a = act + t * as;
            const auto* qs = reinterpret_cast<const int8_t*>(a + L.qs_off);
            const auto* ds = reinterpret_cast<const float*>(a + L.d_off);
            const auto* neg16 = reinterpret_cast<const int32_t*>(a + L.negoff16_off);
            for (int r = 0; r < PANEL_ROWS; r++) {
                float acc = 0.0f;
                for (int64_t s = 0; s < L.n_sb; s++) {
                    const uint8_t* sb = panel + q6k_sb(s);
                    uint16_t hd;
                    std::memcpy(&hd, panel + q6k_d(s, L.n_sb) + 2 * r, 2);
                    const float d = fp16_to_fp32(hd);
                    float part = 0.0f;  // in units of dx
                    for (int g : Q6K_ORDER) {
                        int32_t isum = neg16[16 * s + g];
                        for (int e = 16 * g; e < 16 * g + 16; e++) isum += element(sb, r, e) * qs[256 * s + e];
                        const auto sc = static_cast<int8_t>(sb[SCALES_OFF + 16 * g + r]);
                        part = std::fma(static_cast<float>(isum), d * static_cast<float>(sc), part);
                    }
                    acc = std::fma(part, ds[s], acc);
                }
                y[t * ys + p * PANEL_ROWS + r] = acc;
            }
        }
    }
}

}  // namespace

void pack_panels_q6_k(uint8_t* data, int64_t n_rows, int64_t n_cols) {
    const int64_t n_sb = n_cols / 256;
    const size_t row_bytes = static_cast<size_t>(n_sb) * sizeof(BlockQ6_K);
    repack_in_place(data, n_rows, row_bytes,
                    [&](const uint8_t* rows, uint8_t* panel) { pack_panel(rows, row_bytes, n_sb, panel); });
}

void unpack_panel_row_q6_k(const uint8_t* data, int64_t n_cols, int64_t r, uint8_t* row) {
    const int64_t n_sb = n_cols / 256;
    const uint8_t* panel = data + (r / PANEL_ROWS) * n_sb * Q6K_PANEL_SB_BYTES;
    const int i = static_cast<int>(r % PANEL_ROWS);
    for (int64_t s = 0; s < n_sb; s++) {
        const uint8_t* sb = panel + q6k_sb(s);
        BlockQ6_K b;
        for (int k = 0; k < 32; k++) std::memcpy(b.ql + 4 * k, sb + QL_OFF + 64 * k + 4 * i, 4);
        for (int k = 0; k < 16; k++) std::memcpy(b.qh + 4 * k, sb + QH_OFF + 64 * k + 4 * i, 4);
        for (int g = 0; g < 16; g++) std::memcpy(&b.scales[g], sb + SCALES_OFF + 16 * g + i, 1);
        std::memcpy(&b.d, panel + q6k_d(s, n_sb) + 2 * i, 2);
        std::memcpy(row + s * sizeof(BlockQ6_K), &b, sizeof b);
    }
}

void scalar_add_panels_q6k(KernelTable& t) { t.panel_q6_k = panel_q6_k; }

}  // namespace os1::engine::kernels

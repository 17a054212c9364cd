// q5_0 and q5_1 panels (layout.h): the repacking done at load, a row read
// back out of a panel, and the scalar twin of the AVX2 and AVX-512 kernels
// (panels_q5_0_avx2.cpp, panels_q5_0_avx512.cpp), which give the same bits:
// exact integer sums per block, the same float steps in the same order.
#include <cmath>
#include <cstring>
#include <type_traits>
#include <vector>

#include "engine/kernels/kernels.h"
#include "engine/kernels/layout.h"
#include "engine/gguf/tensor_types.h"

namespace os1::engine::kernels {

namespace {

constexpr size_t QS_OFF = 0, HB_OFF = 256, D_OFF = 320, M_OFF = 352;
static_assert(D_OFF + 32 == Q5_0_PANEL_BLOCK_BYTES && M_OFF + 32 == Q5_1_PANEL_BLOCK_BYTES);

// The block type of q5_0 (false) or q5_1 (true) and its panel block's bytes.
template <bool Q51> using Block = std::conditional_t<Q51, BlockQ5_1, BlockQ5_0>;
template <bool Q51> constexpr size_t PANEL_BLOCK = Q51 ? Q5_1_PANEL_BLOCK_BYTES : Q5_0_PANEL_BLOCK_BYTES;

// qh (bit e = the fifth bit of element e) regrouped: byte j, bit i = bit
// 4i + j, so step k of the kernels finds the bits of elements 4k + j
// (low nibbles) at bit k and of 16 + 4k + j (high nibbles) at bit 4 + k of
// byte j.
uint32_t regroup(uint32_t qh) {
    uint32_t hb = 0;
    for (int j = 0; j < 4; j++)
        for (int i = 0; i < 8; i++) hb |= ((qh >> (4 * i + j)) & 1u) << (8 * j + i);
    return hb;
}

uint32_t ungroup(uint32_t hb) {
    uint32_t qh = 0;
    for (int j = 0; j < 4; j++)
        for (int i = 0; i < 8; i++) qh |= ((hb >> (8 * j + i)) & 1u) << (4 * i + j);
    return qh;
}

template <bool Q51>
void pack_panel(const uint8_t* rows, size_t row_bytes, int64_t nb, uint8_t* panel) {
    for (int r = 0; r < PANEL_ROWS; r++) {
        const auto* row = reinterpret_cast<const Block<Q51>*>(rows + r * row_bytes);
        for (int64_t b = 0; b < nb; b++) {
            uint8_t* blk = panel + b * PANEL_BLOCK<Q51>;
            for (int k = 0; k < 4; k++) std::memcpy(blk + QS_OFF + 64 * k + 4 * r, row[b].qs + 4 * k, 4);
            uint32_t qh;
            std::memcpy(&qh, row[b].qh, 4);
            const uint32_t hb = regroup(qh);
            std::memcpy(blk + HB_OFF + 4 * r, &hb, 4);
            std::memcpy(blk + D_OFF + 2 * r, &row[b].d, 2);
            if constexpr (Q51) std::memcpy(blk + M_OFF + 2 * r, &row[b].m, 2);
        }
    }
}

// Element e (0..31) of row r of a packed block, 0..31 (the weight + 16).
int element(const uint8_t* blk, int r, int e) {
    const int k = (e % 16) / 4, j = e % 4;
    const uint8_t byte = blk[QS_OFF + 64 * k + 4 * r + j];
    const int lo = e < 16 ? byte & 0xF : byte >> 4;
    const int bit = (blk[HB_OFF + 4 * r + j] >> (e < 16 ? k : 4 + k)) & 1;
    return lo | bit << 4;
}

// Per (row, token): acc = 0; per block b in order
//   q5_0: acc = fma(float(sum(u * q) + negoff_b / 8), d_b * xs_b, acc)
//         (negoff_b / 8 = -16 * sum(q): the ActQ8P rows of q8_0 serve)
//   q5_1: acc = fma(float(sum(u * q)), d_b * xs_b, acc); acc = fma(s_b, m_b, acc)
//         (s_b: ActQ8P's q8_1 s)
template <bool Q51>
void panel_q5(const uint8_t* w, int64_t n, const uint8_t* act, size_t as, int64_t n_tokens, float* y, int64_t ys,
              int64_t r0, int64_t r1) {
    const ActQ8PLayout L(n);
    const int64_t nb = L.n_blocks;
    const size_t panel_bytes = static_cast<size_t>(nb) * PANEL_BLOCK<Q51>;
    for (int64_t p = r0 / PANEL_ROWS; p < r1 / PANEL_ROWS; p++) {
        const uint8_t* panel = w + p * panel_bytes;
        for (int64_t t = 0; t < n_tokens; t++) {
            const uint8_t* a = act + t * as;
            const auto* qs = reinterpret_cast<const int8_t*>(a + L.qs_off);
            const auto* negoff = reinterpret_cast<const int32_t*>(a + L.negoff_off);
            const auto* xs = reinterpret_cast<const float*>(a + L.xs_off);
            const auto* sq = reinterpret_cast<const float*>(a + L.s_off);
            for (int r = 0; r < PANEL_ROWS; r++) {
                float acc = 0.0f;
                for (int64_t b = 0; b < nb; b++) {
                    const uint8_t* blk = panel + b * PANEL_BLOCK<Q51>;
                    int32_t isum = Q51 ? 0 : negoff[b] / 8;
                    for (int e = 0; e < 32; e++) isum += element(blk, r, e) * qs[32 * b + e];
                    uint16_t hd;
                    std::memcpy(&hd, blk + D_OFF + 2 * r, 2);
                    acc = std::fma(static_cast<float>(isum), fp16_to_fp32(hd) * xs[b], acc);
                    if constexpr (Q51) {
                        std::memcpy(&hd, blk + M_OFF + 2 * r, 2);
                        acc = std::fma(sq[b], fp16_to_fp32(hd), acc);
                    }
                }
                y[t * ys + p * PANEL_ROWS + r] = acc;
            }
        }
    }
}

template <bool Q51>
void pack_panels_q5(uint8_t* data, int64_t n_rows, int64_t n_cols) {
    const int64_t nb = n_cols / 32;
    const size_t row_bytes = static_cast<size_t>(nb) * sizeof(Block<Q51>);
    repack_in_place(data, n_rows, row_bytes,
                    [&](const uint8_t* rows, uint8_t* panel) { pack_panel<Q51>(rows, row_bytes, nb, panel); });
}

template <bool Q51>
void unpack_panel_row_q5(const uint8_t* data, int64_t n_cols, int64_t r, uint8_t* row) {
    const int64_t nb = n_cols / 32;
    const uint8_t* panel = data + (r / PANEL_ROWS) * nb * PANEL_BLOCK<Q51>;
    const int i = static_cast<int>(r % PANEL_ROWS);
    for (int64_t b = 0; b < nb; b++) {
        const uint8_t* blk = panel + b * PANEL_BLOCK<Q51>;
        Block<Q51> out;
        for (int k = 0; k < 4; k++) std::memcpy(out.qs + 4 * k, blk + QS_OFF + 64 * k + 4 * i, 4);
        uint32_t hb;
        std::memcpy(&hb, blk + HB_OFF + 4 * i, 4);
        const uint32_t qh = ungroup(hb);
        std::memcpy(out.qh, &qh, 4);
        std::memcpy(&out.d, blk + D_OFF + 2 * i, 2);
        if constexpr (Q51) std::memcpy(&out.m, blk + M_OFF + 2 * i, 2);
        std::memcpy(row + b * sizeof out, &out, sizeof out);
    }
}

}  // namespace

void pack_panels_q5_0(uint8_t* data, int64_t n_rows, int64_t n_cols) { pack_panels_q5<false>(data, n_rows, n_cols); }
void pack_panels_q5_1(uint8_t* data, int64_t n_rows, int64_t n_cols) { pack_panels_q5<true>(data, n_rows, n_cols); }
void unpack_panel_row_q5_0(const uint8_t* data, int64_t n_cols, int64_t r, uint8_t* row) {
    unpack_panel_row_q5<false>(data, n_cols, r, row);
}
void unpack_panel_row_q5_1(const uint8_t* data, int64_t n_cols, int64_t r, uint8_t* row) {
    unpack_panel_row_q5<true>(data, n_cols, r, row);
}

void scalar_add_panels_q5_0(KernelTable& t) {
    t.panel_q5_0 = panel_q5<false>;
    t.panel_q5_1 = panel_q5<true>;
}

}  // namespace os1::engine::kernels

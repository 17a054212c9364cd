// Internal to kernels/: block structs of the weight types with fast paths,
// the layouts of quantized activations, and the per-ISA kernel tables.
#pragma once

#include <cstddef>
#include <cstdint>

namespace os1::engine::kernels {

constexpr int TILE = 8;  // tokens per decoded weight row

struct BlockQ4_0 { uint16_t d; uint8_t qs[16]; };
struct BlockQ5_0 { uint16_t d; uint8_t qh[4]; uint8_t qs[16]; };
struct BlockQ8_0 { uint16_t d; int8_t qs[32]; };
struct BlockQ4_K { uint16_t d, dmin; uint8_t scales[12]; uint8_t qs[128]; };
struct BlockQ6_K { uint8_t ql[128]; uint8_t qh[64]; int8_t scales[16]; uint16_t d; };
static_assert(sizeof(BlockQ4_0) == 18 && sizeof(BlockQ5_0) == 22 && sizeof(BlockQ8_0) == 34);
static_assert(sizeof(BlockQ4_K) == 144 && sizeof(BlockQ6_K) == 210);

inline size_t align64(size_t n) { return (n + 63) & ~size_t(63); }

// ActQ8: one token's activations for 32-element weight blocks (q4_0, q5_0,
// q8_0). Block b: x ~= d[b] * qs[32b..32b+31], qs in [-127, 127]. Blocks go
// in pairs (64 bytes = one AVX-512 register); an odd last block is padded
// with zeros. The weights' unsigned lanes u = q + offset (offset 8, 16 or
// 128 by weight type) are corrected by starting each block's integer sum at
// -offset * sum(qs), so prepare() needs the weight type.
//   qs      int8  (n_pairs * 64)
//   xs      float (n_pairs * 16)  per lane scale: d[2p] x8, d[2p+1] x8
//   negoff  int32 (n_pairs * 16)  lane 0: -offset * sum(block 2p), lane 8: the same for 2p+1, others 0
struct ActQ8Layout {
    int64_t n_blocks, n_pairs;
    size_t qs_off, xs_off, negoff_off, stride;
    explicit ActQ8Layout(int64_t n) {
        n_blocks = n / 32;
        n_pairs = (n_blocks + 1) / 2;
        qs_off = 0;
        xs_off = align64(static_cast<size_t>(n_pairs) * 64);
        negoff_off = xs_off + align64(static_cast<size_t>(n_pairs) * 16 * sizeof(float));
        stride = negoff_off + align64(static_cast<size_t>(n_pairs) * 16 * sizeof(int32_t));
    }
};

// ActQ8K: one token's activations for 256-element super-blocks (q4_K, q6_K).
// Super-block s: x ~= d[s] * qs[256s..], qs in [-127, 127].
//   qs      int8  (n)
//   d       float (n_sb)
//   bsum16  int16 (n_sb * 16)  sums of 16 consecutive qs
//   bsum32  int16 (n_sb * 8)   sums of 32 consecutive qs
struct ActQ8KLayout {
    int64_t n_sb;
    size_t qs_off, d_off, bsum16_off, bsum32_off, stride;
    explicit ActQ8KLayout(int64_t n) {
        n_sb = n / 256;
        qs_off = 0;
        d_off = align64(static_cast<size_t>(n));
        bsum16_off = d_off + align64(static_cast<size_t>(n_sb) * sizeof(float));
        bsum32_off = bsum16_off + align64(static_cast<size_t>(n_sb) * 16 * sizeof(int16_t));
        stride = bsum32_off + align64(static_cast<size_t>(n_sb) * 8 * sizeof(int16_t));
    }
};

// Dot of one weight row (n elements) with nt <= TILE tokens' activations
// (token t at act + t * act_stride: an ActQ8/ActQ8K row, or n floats for
// float weight types); out[t * out_stride] receives each result.
using DotTileFn = void (*)(const uint8_t* w, int64_t n, const uint8_t* act, size_t act_stride, int nt, float* out,
                           int64_t out_stride);

// The same for two adjacent weight rows: out[t * out_stride + {0, 1}].
using DotTile2Fn = void (*)(const uint8_t* w0, const uint8_t* w1, int64_t n, const uint8_t* act, size_t act_stride,
                            int nt, float* out, int64_t out_stride);

enum class Kind { Q4_0, Q5_0, Q8_0, Q4_K, Q6_K, F32, F16, BF16, COUNT };

struct KernelTable {
    DotTileFn dot[static_cast<int>(Kind::COUNT)] = {};
    DotTile2Fn dot2[static_cast<int>(Kind::COUNT)] = {};  // optional two-row versions
    // Quantizes one token row (n floats) into an ActQ8 / ActQ8K row.
    void (*quantize_q8)(const float* x, int64_t n, int offset, uint8_t* out) = nullptr;
    void (*quantize_q8k)(const float* x, int64_t n, uint8_t* out) = nullptr;
};

const KernelTable& scalar_table();
const KernelTable* avx2_table();    // null when not compiled in
const KernelTable* avx512_table();  // null when not compiled in

// The 6-bit scale and min of sub-block j of a q4_K super-block.
inline void q4k_scale_min(int j, const uint8_t* s, uint8_t& sc, uint8_t& m) {
    if (j < 4) {
        sc = s[j] & 63;
        m = s[j + 4] & 63;
    } else {
        sc = (s[j + 4] & 0xF) | ((s[j - 4] >> 6) << 4);
        m = (s[j + 4] >> 4) | ((s[j] >> 6) << 4);
    }
}

}  // namespace os1::engine::kernels

// Internal to kernels/: block structs of the weight types with fast paths,
// the layouts of quantized activations, and the per-ISA kernel tables.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <vector>

namespace os1::engine::kernels {

constexpr int TILE = 8;  // tokens per decoded weight row

struct BlockQ4_0 { uint16_t d; uint8_t qs[16]; };
struct BlockQ5_0 { uint16_t d; uint8_t qh[4]; uint8_t qs[16]; };
struct BlockQ5_1 { uint16_t d, m; uint8_t qh[4]; uint8_t qs[16]; };
struct BlockQ8_0 { uint16_t d; int8_t qs[32]; };
struct BlockQ4_K { uint16_t d, dmin; uint8_t scales[12]; uint8_t qs[128]; };
struct BlockQ6_K { uint8_t ql[128]; uint8_t qh[64]; int8_t scales[16]; uint16_t d; };
static_assert(sizeof(BlockQ4_0) == 18 && sizeof(BlockQ5_0) == 22 && sizeof(BlockQ5_1) == 24 && sizeof(BlockQ8_0) == 34);
static_assert(sizeof(BlockQ4_K) == 144 && sizeof(BlockQ6_K) == 210);

inline size_t align64(size_t n) { return (n + 63) & ~size_t(63); }

// The ActQ8 negoff lane of a block (first lane): -offset * sum(q), or for
// offset -1 (q5_1) the bits of s = f16(sum * amax / 127) (ggml's q8_1 s,
// the unrounded scale), given the f16 rounding of the caller's ISA.
template <typename RoundF16>
inline int32_t q8_block_lane(int offset, int32_t sum, float amax, RoundF16 round_f16) {
    if (offset >= 0) return -offset * sum;
    const float s = round_f16(static_cast<float>(sum) * (amax / 127.0f));
    int32_t bits;
    std::memcpy(&bits, &s, 4);
    return bits;
}

// ActQ8: one token's activations for 32-element weight blocks (q4_0, q5_0,
// q5_1, q8_0). Block b: x ~= d[b] * q[b][0..31], q in [-127, 127]. Blocks go in
// groups of G (2, 4 or 8: the ISA's KernelTable::q8_group), stored as G/2
// 64-byte registers; register k of a group holds bytes [c*k, c*k + c) of
// each of its blocks in turn, c = 64 / G. G = 2 is plain block order; for
// G = 8 each 32-bit lane of a vpdpbusd chained over the 4 registers sums 16
// products of one block, so a block needs 2 lanes (not 8) and the float
// work per weight byte drops fourfold. A partial last group is padded with
// zeros. The weights' unsigned lanes u = q + offset (offset 8, 16 or 128 by
// weight type) are corrected by starting each block's integer sum at
// -offset * sum(q), so prepare() needs the weight type. q5_1 (x = d * u +
// m, u = 0..31, no offset) is prepared with offset -1: its negoff lane
// holds ggml's q8_1 s = f16(sum(q) * amax / 127) as float bits (q8_1_sum),
// which its kernels scale by m (the min's share, m * sum(x)) as llama.cpp
// does (its median logit error against llama.cpp 1.4e-2 -> see BENCHMARKS):
//   per block  acc += float(sum(u * q)) * (dw * d[b]); acc += s[b] * m
//   qs      int8  (n_groups * 32 * G)  element j of block b at index(b, j)
//   xs      float (n_groups * 16)      lanes lane(b) .. lane(b) + 16/G - 1: d[b]
//   negoff  int32 (n_groups * 16)      lane lane(b): -offset * sum(q[b]), others 0
struct ActQ8Layout {
    int64_t n_blocks, n_groups;
    int group, chunk, lanes;  // G, c = 64 / G, lanes per block = 16 / G
    size_t qs_off, xs_off, negoff_off, stride;
    ActQ8Layout(int64_t n, int group_blocks) {
        group = group_blocks;
        chunk = 64 / group;
        lanes = 16 / group;
        n_blocks = n / 32;
        n_groups = (n_blocks + group - 1) / group;
        qs_off = 0;
        xs_off = align64(static_cast<size_t>(n_groups) * 32 * group);
        negoff_off = xs_off + align64(static_cast<size_t>(n_groups) * 16 * sizeof(float));
        stride = negoff_off + align64(static_cast<size_t>(n_groups) * 16 * sizeof(int32_t));
    }
    // Byte position of element j (0..31) of block b in qs.
    int64_t index(int64_t b, int j) const {
        return (b / group) * 32 * group + (j / chunk) * 64 + (b % group) * chunk + j % chunk;
    }
    // Position of block b's first lane in xs and negoff.
    int64_t lane(int64_t b) const { return b * lanes; }
};

// ActQ8K: one token's activations for 256-element super-blocks (q4_K, q6_K).
// Super-block s: x ~= d[s] * qs[256s..], qs in [-127, 127].
//   qs      int8  (n)
//   d       float (n_sb)
//   bsum16  int16 (n_sb * 16)  sums of 16 consecutive qs
//   bsum32  int16 (n_sb * 8)   sums of 32 consecutive qs
// These are the scalar/AVX2 contents. The AVX-512 tier keeps the regions
// but stores each super-block's qs transposed and bsum16 negated (see
// kquants_avx512.cpp), which is one reason prepare() and compute() must run
// under the same ISA.
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

// Panels: a q8_0 matrix repacked at load (pack_panels, kernels.h) for the
// AVX-512 kernels, n_rows % 16 == 0. Rows go in panels of 16; panel p takes
// the bytes of its 16 rows (16 * 34 per block column). Per block b:
//   u      512 bytes: step k (0..7), row r, byte j (0..3) at 64k + 4r + j
//          = q[16p + r][32b + 4k + j] + 128 (unsigned)
//   scales 16 f16, row r at 2r
// stored in pairs of blocks, [u(2i) u(2i + 1) scales(2i) scales(2i + 1)]
// = 1088 bytes (17 cache lines), a last odd block as [u scales]: one
// linear stream with 64-byte-aligned loads (panel_u/panel_scales). One
// 64-byte load gives 4 columns of 16 rows, and a vpdpbusd with one token's
// 4 activation bytes broadcast advances 16 rows at once: each lane is a
// row, so there is no horizontal sum and the activations stay in plain
// order. Result per (row, token), the same in every kernel:
//   acc = 0; for b in order: acc = fma(float(isum_b), ws_b * xs_b, acc)
// with isum_b = sum(u * q) - 128 * sum(q) (exact integers).
constexpr int PANEL_ROWS = 16;
constexpr size_t PANEL_BLOCK_BYTES = 512 + 32;  // per panel and 32-column block

// Repacks n_rows rows of row_bytes in place, a panel at a time (a panel's
// bytes are its 16 rows' bytes): pack(rows, panel) writes the panel from a
// copy of its rows.
template <typename Pack>
void repack_in_place(uint8_t* data, int64_t n_rows, size_t row_bytes, Pack&& pack) {
    std::vector<uint8_t> rows(PANEL_ROWS * row_bytes);
    for (int64_t p = 0; p < n_rows / PANEL_ROWS; p++) {
        uint8_t* panel = data + p * PANEL_ROWS * row_bytes;
        std::memcpy(rows.data(), panel, rows.size());
        pack(rows.data(), panel);
    }
}

// Offsets of block b's u and scales inside a panel of nb blocks.
inline size_t panel_u(int64_t b) { return static_cast<size_t>(b >> 1) * 2 * PANEL_BLOCK_BYTES + (b & 1) * 512; }
inline size_t panel_scales(int64_t b, int64_t nb) {
    const size_t pair = static_cast<size_t>(b >> 1) * 2 * PANEL_BLOCK_BYTES;
    return (b | 1) < nb ? pair + 1024 + (b & 1) * 32 : pair + 512;
}

// ActQ8P: one token's activations for panel kernels.
//   qs      int8  (n)       plain order
//   negoff  int32 (n / 32)  -128 * sum(q[b])
//   xs      float (n / 32)  d[b]
//   s       float (n / 32)  f16(sum(q[b]) * amax / 127): ggml's q8_1 s (q5_1's min term)
struct ActQ8PLayout {
    int64_t n_blocks;
    size_t qs_off, negoff_off, xs_off, s_off, stride;
    explicit ActQ8PLayout(int64_t n) {
        n_blocks = n / 32;
        qs_off = 0;
        negoff_off = align64(static_cast<size_t>(n));
        xs_off = negoff_off + align64(static_cast<size_t>(n_blocks) * sizeof(int32_t));
        s_off = xs_off + align64(static_cast<size_t>(n_blocks) * sizeof(float));
        stride = s_off + align64(static_cast<size_t>(n_blocks) * sizeof(float));
    }
};

// q5_0 panels (panels_q5_0.cpp; kernels in panels_q5_0_avx2.cpp and
// panels_q5_0_avx512.cpp): a
// q5_0 matrix repacked at load the same way, n_rows % 16 == 0; per panel
// and 32-column block b, at b * Q5_0_PANEL_BLOCK_BYTES (16 * 22 bytes):
//   qs  256 bytes: word k (0..3) of row r (its qs bytes 4k .. 4k + 3: low
//       nibbles = elements 4k + j, high = 16 + 4k + j) at 64k + 4r
//   hb  64 bytes at 256: row r's qh regrouped at 256 + 4r: byte j, bit i
//       = the fifth bit of element 4i + j
//   d   16 f16 at 320, row r at 2r
// Activations: ActQ8P (q8_0's), whose -128 * sum(q) / 8 is q5_0's offset
// correction. Result per (row, token), the same in every kernel:
//   acc = 0; for b in order: acc = fma(float(isum_b), d_b * xs_b, acc)
// with isum_b = sum(u * q) - 16 * sum(q), u = 0..31 (exact integers).
constexpr size_t Q5_0_PANEL_BLOCK_BYTES = PANEL_ROWS * 22;
// q5_1 panels: the same, and the 16 f16 m at 352 (16 * 24 bytes). Per
// (row, token) and block: acc = fma(float(sum(u * q)), d_b * xs_b, acc),
// then acc = fma(s_b, m_b, acc), s_b ActQ8P's q8_1 s.
constexpr size_t Q5_1_PANEL_BLOCK_BYTES = PANEL_ROWS * 24;

// q4_K panels (panels_k.cpp): a q4_K matrix repacked at load the same way,
// n_rows % 16 == 0, n_cols % 256 == 0. Panel p takes its 16 rows' bytes
// (16 * 144 per super-block); per super-block s, at s * Q4K_PANEL_SB_BYTES:
//   qs     2048 bytes: word k (0..31) of row r (its qs bytes 4k .. 4k + 3:
//          low nibbles = sub-block 2(k / 8), high = 2(k / 8) + 1, elements
//          4(k % 8) .. + 3 of each) at 64k + 4r
//   d      16 f16 at 2048, row r at 2r
//   dmin   16 f16 at 2080
//   scales 192 bytes at 2112: byte i (0..11) of row r's scales at 16i + r
// Result per (row, token), the same in every kernel: acc = 0; per
// super-block s: part = 0, per sub-block j in order
//   part = fma(float(isum_j), d * sc_j, part)
// with isum_j = sum(u * q) over the 32 elements (exact), then
//   part = fma(-float(msum), dmin, part), msum = sum_j m_j * bsum32_j
//   acc = fma(part, dx_s, acc).
constexpr size_t Q4K_PANEL_SB_BYTES = PANEL_ROWS * 144;

// q6_K panels (panels_q6k.cpp), the same conditions; per super-block s
// (16 * 210 bytes), at q6k_sb(s):
//   ql     2048 bytes: word k (0..31) of row r's ql at 64k + 4r
//   qh     1024 bytes: word k (0..15) of row r's qh at 2048 + 64k + 4r
//   scales 256 bytes: scale g (int8) of row r at 3072 + 16g + r
// and its 16 f16 d at q6k_d(s, n_sb): super-blocks go in pairs [data(2i)
// data(2i + 1) d(2i) d(2i + 1)] (105 lines), a last odd one as [data d],
// so every 64-byte load is aligned (as q8_0's panel_scales).
// Result per (row, token): acc = 0; per super-block s: part = 0, per
// 16-element sub-block g in Q6K_ORDER
//   part = fma(float(negoff16_g + sum(u * q)), d * sc_g, part)   (u = 0..63)
// then acc = fma(part, dx_s, acc).
constexpr size_t Q6K_PANEL_SB_BYTES = PANEL_ROWS * 210;
constexpr size_t Q6K_SB_DATA = 3328;  // ql, qh, scales
inline size_t q6k_sb(int64_t s) { return static_cast<size_t>(s >> 1) * 2 * Q6K_PANEL_SB_BYTES + (s & 1) * Q6K_SB_DATA; }
inline size_t q6k_d(int64_t s, int64_t n_sb) {
    const size_t pair = static_cast<size_t>(s >> 1) * 2 * Q6K_PANEL_SB_BYTES;
    return (s | 1) < n_sb ? pair + 2 * Q6K_SB_DATA + (s & 1) * 32 : pair + Q6K_SB_DATA;
}
constexpr int Q6K_ORDER[16] = {0, 2, 4, 6, 1, 3, 5, 7, 8, 10, 12, 14, 9, 11, 13, 15};

// ActQ8KP: one token's activations for q4_K and q6_K panel kernels; the values of
// ActQ8K (one d per super-block, ggml's rounding).
//   qs       int8  (n)       plain order
//   d        float (n / 256)
//   bsum32   int16 (n / 32)  sums of 32 consecutive qs
//   negoff16 int32 (n / 16)  -32 * sums of 16 consecutive qs (q6_K's offset)
struct ActQ8KPLayout {
    int64_t n_sb;
    size_t qs_off, d_off, bsum32_off, negoff16_off, stride;
    explicit ActQ8KPLayout(int64_t n) {
        n_sb = n / 256;
        qs_off = 0;
        d_off = align64(static_cast<size_t>(n));
        bsum32_off = d_off + align64(static_cast<size_t>(n_sb) * sizeof(float));
        negoff16_off = bsum32_off + align64(static_cast<size_t>(n_sb) * 8 * sizeof(int16_t));
        stride = negoff16_off + align64(static_cast<size_t>(n_sb) * 16 * sizeof(int32_t));
    }
};

// Rows [row_begin, row_end) (multiples of 16) of a panel matrix times
// n_tokens ActQ8P rows; y[t * y_stride + r].
using PanelFn = void (*)(const uint8_t* w, int64_t n, const uint8_t* act, size_t act_stride, int64_t n_tokens,
                         float* y, int64_t y_stride, int64_t row_begin, int64_t row_end);

// Dot of one weight row (n elements) with nt <= TILE tokens' activations
// (token t at act + t * act_stride: an ActQ8/ActQ8K row, or n floats for
// float weight types); out[t * out_stride] receives each result.
using DotTileFn = void (*)(const uint8_t* w, int64_t n, const uint8_t* act, size_t act_stride, int nt, float* out,
                           int64_t out_stride);

// The same for two adjacent weight rows: out[t * out_stride + {0, 1}].
using DotTile2Fn = void (*)(const uint8_t* w0, const uint8_t* w1, int64_t n, const uint8_t* act, size_t act_stride,
                            int nt, float* out, int64_t out_stride);

// A whole prompt-shaped call (n_tokens > 1, tokens at act + t * act_stride)
// over weight rows [row_begin, row_end) (row r at w + r * row_bytes): the
// ISA file blocks rows and tokens its own way. It must give every (row,
// token) the bits its dot/dot2 give that token alone (one at a time ==
// batched); y[t * y_stride + r].
using PromptFn = void (*)(const uint8_t* w, size_t row_bytes, int64_t n, const uint8_t* act, size_t act_stride,
                          int64_t n_tokens, float* y, int64_t y_stride, int64_t row_begin, int64_t row_end);

enum class Kind { Q4_0, Q5_0, Q5_1, Q8_0, Q4_K, Q6_K, F32, F16, BF16, COUNT };

struct KernelTable {
    DotTileFn dot[static_cast<int>(Kind::COUNT)] = {};
    DotTile2Fn dot2[static_cast<int>(Kind::COUNT)] = {};  // optional two-row versions
    PromptFn prompt[static_cast<int>(Kind::COUNT)] = {};  // optional prompt-shaped versions
    PanelFn panel_q8_0 = nullptr;  // q8_0 panels (scalar twin and AVX-512)
    void (*quantize_q8p)(const float* x, int64_t n, uint8_t* out) = nullptr;
    PanelFn panel_q4_k = nullptr;  // q4_K panels on ActQ8KP rows (panels_k*.cpp)
    PanelFn panel_q6_k = nullptr;  // q6_K panels on ActQ8KP rows (panels_q6k*.cpp)
    PanelFn panel_q5_0 = nullptr;  // q5_0 panels on ActQ8P rows (panels_q5_0*.cpp)
    PanelFn panel_q5_1 = nullptr;  // q5_1 panels on ActQ8P rows (the same files)
    void (*quantize_q8kp)(const float* x, int64_t n, uint8_t* out) = nullptr;
    // Quantizes one token row (n floats) into an ActQ8 / ActQ8K row.
    void (*quantize_q8)(const float* x, int64_t n, int offset, uint8_t* out) = nullptr;
    void (*quantize_q8k)(const float* x, int64_t n, uint8_t* out) = nullptr;
    int q8_group = 2;  // the ActQ8 group size G quantize_q8 writes and the dot kernels read
};

const KernelTable& scalar_table();
const KernelTable* avx2_table();    // x86 builds only (kernels_avx2.cpp)
const KernelTable* avx512_table();  // x86 builds only (kernels_avx512.cpp)
const KernelTable* neon_table();     // aarch64 builds only (kernels_neon.cpp)
const KernelTable* neondot_table();  // aarch64 builds only (kernels_neondot.cpp, +dotprod)
// Fills in the q4_K/q6_K entries and quantize_q8k (kquants_avx512.cpp;
// AVX-512 code: only for avx512_table()).
void avx512_add_kquants(KernelTable& t);
// Fills in panel_q8_0 and quantize_q8p (panels_avx512.cpp).
void avx512_add_panels(KernelTable& t);
// The AVX2 panel kernels (panels_avx2.cpp: q8_0 and quantize_q8p).
void avx2_add_panels(KernelTable& t);
// The scalar twins (panels.cpp).
void scalar_add_panels(KernelTable& t);
// q4_K panels: panel_q4_k and quantize_q8kp (panels_k_avx512.cpp; scalar
// twins in panels_k.cpp).
void avx512_add_panels_k(KernelTable& t);
void scalar_add_panels_k(KernelTable& t);
// The AVX2 ones (panels_k_avx2.cpp, panels_q6k_avx2.cpp): panel_q4_k,
// panel_q6_k and quantize_q8kp, the scalar twins' bits.
void avx2_add_panels_k(KernelTable& t);
void avx2_add_panels_q6k(KernelTable& t);
// Packing and reading back of panels per type (q8_0: panels.cpp, q4_K:
// panels_k.cpp); kernels.h's pack_panels/unpack_panel_row pick by type.
void pack_panels_q8_0(uint8_t* data, int64_t n_rows, int64_t n_cols);
void unpack_panel_row_q8_0(const uint8_t* data, int64_t n_cols, int64_t r, uint8_t* row);
void pack_panels_q4_k(uint8_t* data, int64_t n_rows, int64_t n_cols);
void unpack_panel_row_q4_k(const uint8_t* data, int64_t n_cols, int64_t r, uint8_t* row);
// The same for q6_K (panels_q6k.cpp; kernels: panels_q6k_avx512.cpp).
void pack_panels_q6_k(uint8_t* data, int64_t n_rows, int64_t n_cols);
void unpack_panel_row_q6_k(const uint8_t* data, int64_t n_cols, int64_t r, uint8_t* row);
void avx512_add_panels_q6k(KernelTable& t);
void scalar_add_panels_q6k(KernelTable& t);
// The same for q5_0 (panels_q5_0.cpp; kernels: panels_q5_0_avx2.cpp,
// panels_q5_0_avx512.cpp).
void pack_panels_q5_0(uint8_t* data, int64_t n_rows, int64_t n_cols);
void unpack_panel_row_q5_0(const uint8_t* data, int64_t n_cols, int64_t r, uint8_t* row);
void pack_panels_q5_1(uint8_t* data, int64_t n_rows, int64_t n_cols);
void unpack_panel_row_q5_1(const uint8_t* data, int64_t n_cols, int64_t r, uint8_t* row);
// (the *_add_panels_q5_0 functions fill in panel_q5_0 and panel_q5_1)
void scalar_add_panels_q5_0(KernelTable& t);
void avx2_add_panels_q5_0(KernelTable& t);
void avx512_add_panels_q5_0(KernelTable& t);

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

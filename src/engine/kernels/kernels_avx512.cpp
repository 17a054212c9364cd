// AVX-512 (F/BW/VL + VNNI) kernels. Compiled with AVX-512 flags (by file
// name); only reached after cpu_features() reports avx512f/bw/vl + vnni.
//
// Every weight block is decoded once per row into unsigned bytes u (4-bit,
// 5-bit, 6-bit or 8-bit + 128) and multiplied with each of up to TILE
// tokens' int8 activations: vpdpbusd (u8 x s8, four products summed per
// 32-bit lane) for the 32-element block types, in groups of 8 blocks (2
// lanes per block, see ActQ8Layout); vpmaddubsw + vpdpwssd with the
// sub-block scales for q4_K/q6_K. The constant offset of u is taken out
// per block with the activation block sums. Same integer arithmetic as
// kernels_scalar.cpp; the float sums differ only in order.
// GCC 12 flags its own _mm512_undefined_*() helpers as uninitialized.
#pragma GCC diagnostic ignored "-Wuninitialized"
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#include <immintrin.h>

#include <cmath>

#include <algorithm>
#include <cstddef>
#include <cstring>
#include <vector>

#include "engine/kernels/avx512_util.h"
#include "engine/gguf/tensor_types.h"
#include "engine/kernels/layout.h"
#include "engine/kernels/tile_dispatch.h"

namespace os1::engine::kernels {

namespace {

OS1_INLINE __m512i load2x256(const void* a, const void* b) {
    return _mm512_inserti64x4(_mm512_castsi256_si512(_mm256_loadu_si256(static_cast<const __m256i*>(a))),
                              _mm256_loadu_si256(static_cast<const __m256i*>(b)), 1);
}

// --- activation quantization (bit-identical to the scalar twin) ---

inline float hmax_abs(__m512 v) { return _mm512_reduce_max_ps(_mm512_abs_ps(v)); }

// --- 32-element blocks, eight per step (one ActQ8 group, G = 8) ---
//
// Dec::decode turns eight consecutive blocks into four registers of
// unsigned lanes in ActQ8 group order: register k = bytes [8k, 8k + 8) of
// each block in turn. Four chained vpdpbusd then leave 2 lanes per block,
// each summing 16 products, and one convert + scale + FMA covers 8 blocks.
// All three block types start with their f16 scale.
constexpr int Q8_GROUP = 8;

OS1_INLINE __m512i load4x128(const uint8_t* p, size_t step) {
    __m512i v = _mm512_castsi128_si512(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p)));
    v = _mm512_inserti32x4(v, _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + step)), 1);
    v = _mm512_inserti32x4(v, _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 2 * step)), 2);
    return _mm512_inserti32x4(v, _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 3 * step)), 3);
}

OS1_INLINE uint64_t load_u16(const uint8_t* p) {
    uint16_t h;
    std::memcpy(&h, p, 2);
    return h;
}

// The f16 scales of eight blocks `step` bytes apart, each in 2 lanes.
OS1_INLINE __m512 scales8(const uint8_t* p, size_t step) {
    const uint64_t h0 = load_u16(p) | load_u16(p + step) << 16 | load_u16(p + 2 * step) << 32 | load_u16(p + 3 * step) << 48;
    p += 4 * step;
    const uint64_t h1 = load_u16(p) | load_u16(p + step) << 16 | load_u16(p + 2 * step) << 32 | load_u16(p + 3 * step) << 48;
    const __m256 f = _mm256_cvtph_ps(_mm_set_epi64x(static_cast<long long>(h1), static_cast<long long>(h0)));
    const __m512i idx = _mm512_setr_epi32(0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7);
    return _mm512_permutexvar_ps(idx, _mm512_castps256_ps512(f));
}

// The same for four blocks, in 8 lanes.
OS1_INLINE __m256 scales4(const uint8_t* p, size_t step) {
    const uint64_t h = load_u16(p) | load_u16(p + step) << 16 | load_u16(p + 2 * step) << 32 | load_u16(p + 3 * step) << 48;
    const __m128 f = _mm_cvtph_ps(_mm_cvtsi64_si128(static_cast<long long>(h)));
    return _mm256_permutexvar_ps(_mm256_setr_epi32(0, 0, 1, 1, 2, 2, 3, 3), _mm256_castps128_ps256(f));
}

// 16-byte pieces of 8 blocks (q0 = blocks 0..3, q1 = 4..7): the low and
// the high 8 bytes of each block, in block order.
OS1_INLINE void split_qwords(__m512i q0, __m512i q1, __m512i& even, __m512i& odd) {
    even = _mm512_permutex2var_epi64(q0, _mm512_setr_epi64(0, 2, 4, 6, 8, 10, 12, 14), q1);
    odd = _mm512_permutex2var_epi64(q0, _mm512_setr_epi64(1, 3, 5, 7, 9, 11, 13, 15), q1);
}

// Nibble blocks (q4_0, q5_0): 16 bytes, low nibbles = elements 0..15, high
// nibbles = 16..31, so registers 0..3 = lo(first 8), lo(last 8), hi(first
// 8), hi(last 8).
OS1_INLINE void nibble_regs(const uint8_t* qs, size_t step, __m512i* r) {
    __m512i even, odd;
    split_qwords(load4x128(qs, step), load4x128(qs + 4 * step, step), even, odd);
    const __m512i nib = _mm512_set1_epi8(0x0F);
    r[0] = _mm512_and_si512(even, nib);
    r[1] = _mm512_and_si512(odd, nib);
    r[2] = _mm512_and_si512(_mm512_srli_epi16(even, 4), nib);
    r[3] = _mm512_and_si512(_mm512_srli_epi16(odd, 4), nib);
}

// The same for four blocks into the low halves (256-bit registers).
OS1_INLINE void nibble_regs4(const uint8_t* qs, size_t step, __m256i* r) {
    const __m512i q = _mm512_permutexvar_epi64(_mm512_setr_epi64(0, 2, 4, 6, 1, 3, 5, 7), load4x128(qs, step));
    const __m256i even = _mm512_castsi512_si256(q), odd = _mm512_extracti64x4_epi64(q, 1);
    const __m256i nib = _mm256_set1_epi8(0x0F);
    r[0] = _mm256_and_si256(even, nib);
    r[1] = _mm256_and_si256(odd, nib);
    r[2] = _mm256_and_si256(_mm256_srli_epi16(even, 4), nib);
    r[3] = _mm256_and_si256(_mm256_srli_epi16(odd, 4), nib);
}

struct Q4_0Dec {
    static constexpr size_t BYTES = sizeof(BlockQ4_0);
    static constexpr int OFFSET = 8;
    static constexpr bool AFFINE = false;
    OS1_INLINE static void decode(const uint8_t* p, __m512i* r) { nibble_regs(p + offsetof(BlockQ4_0, qs), BYTES, r); }
    OS1_INLINE static void decode4(const uint8_t* p, __m256i* r) { nibble_regs4(p + offsetof(BlockQ4_0, qs), BYTES, r); }
};

// Five-bit blocks: q5_0 (x = d * (u - 16)) and q5_1 (x = d * u + m, its
// min scaled by the block sums: AFFINE, see ActQ8Layout).
template <typename Block, bool Affine>
struct Q5Dec {
    static constexpr size_t BYTES = sizeof(Block);
    static constexpr int OFFSET = Affine ? 0 : 16;
    static constexpr bool AFFINE = Affine;
    OS1_INLINE static void decode(const uint8_t* p, __m512i* r) {
        nibble_regs(p + offsetof(Block, qs), BYTES, r);
        // Bit j of block i's qh is element j: register k, byte 8i + m wants
        // bit m of byte k of qh_i. Spread byte k over qword i, test bit m.
        uint32_t h[8];
        for (int i = 0; i < 8; i++) std::memcpy(&h[i], p + i * BYTES + offsetof(Block, qh), 4);
        const __m512i qh = _mm512_cvtepu32_epi64(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(h)));
        const __m512i bits = _mm512_set1_epi64(static_cast<long long>(0x8040201008040201ull));
        const __m512i bit4 = _mm512_set1_epi8(0x10);
        for (int k = 0; k < 4; k++) {
            const __m512i spread = _mm512_shuffle_epi8(
                qh, _mm512_set4_epi32(0x08080808 + 0x01010101 * k, 0x08080808 + 0x01010101 * k, 0x01010101 * k,
                                      0x01010101 * k));
            r[k] = _mm512_or_si512(r[k], _mm512_maskz_mov_epi8(_mm512_test_epi8_mask(spread, bits), bit4));
        }
    }
    OS1_INLINE static void decode4(const uint8_t* p, __m256i* r) {
        nibble_regs4(p + offsetof(Block, qs), BYTES, r);
        uint32_t h[4];
        for (int i = 0; i < 4; i++) std::memcpy(&h[i], p + i * BYTES + offsetof(Block, qh), 4);
        const __m256i qh = _mm256_cvtepu32_epi64(_mm_loadu_si128(reinterpret_cast<const __m128i*>(h)));
        const __m256i bits = _mm256_set1_epi64x(static_cast<long long>(0x8040201008040201ull));
        const __m256i bit4 = _mm256_set1_epi8(0x10);
        for (int k = 0; k < 4; k++) {
            const __m256i spread = _mm256_shuffle_epi8(
                qh, _mm256_setr_epi32(0x01010101 * k, 0x01010101 * k, 0x08080808 + 0x01010101 * k,
                                      0x08080808 + 0x01010101 * k, 0x01010101 * k, 0x01010101 * k,
                                      0x08080808 + 0x01010101 * k, 0x08080808 + 0x01010101 * k));
            r[k] = _mm256_or_si256(r[k], _mm256_maskz_mov_epi8(_mm256_test_epi8_mask(spread, bits), bit4));
        }
    }
};

using Q5_0Dec = Q5Dec<BlockQ5_0, false>;
using Q5_1Dec = Q5Dec<BlockQ5_1, true>;

struct Q8_0Dec {
    static constexpr size_t BYTES = sizeof(BlockQ8_0);
    static constexpr int OFFSET = 128;
    static constexpr bool AFFINE = false;
    OS1_INLINE static void decode(const uint8_t* p, __m512i* r) {
        const uint8_t* q = p + offsetof(BlockQ8_0, qs);
        // Qwords of block pairs: a = (b0 q0..q3, b1 q0..q3), b = (b2, b3), ...
        const __m512i a = load2x256(q, q + BYTES), b = load2x256(q + 2 * BYTES, q + 3 * BYTES);
        const __m512i c = load2x256(q + 4 * BYTES, q + 5 * BYTES), d = load2x256(q + 6 * BYTES, q + 7 * BYTES);
        const __m512i i01 = _mm512_setr_epi64(0, 4, 8, 12, 1, 5, 9, 13);   // qword 0 of b0..b3, then qword 1
        const __m512i i23 = _mm512_setr_epi64(2, 6, 10, 14, 3, 7, 11, 15);  // qwords 2, 3
        const __m512i ab01 = _mm512_permutex2var_epi64(a, i01, b), ab23 = _mm512_permutex2var_epi64(a, i23, b);
        const __m512i cd01 = _mm512_permutex2var_epi64(c, i01, d), cd23 = _mm512_permutex2var_epi64(c, i23, d);
        const __m512i flip = _mm512_set1_epi8(static_cast<char>(0x80));
        r[0] = _mm512_xor_si512(_mm512_shuffle_i64x2(ab01, cd01, _MM_SHUFFLE(1, 0, 1, 0)), flip);
        r[1] = _mm512_xor_si512(_mm512_shuffle_i64x2(ab01, cd01, _MM_SHUFFLE(3, 2, 3, 2)), flip);
        r[2] = _mm512_xor_si512(_mm512_shuffle_i64x2(ab23, cd23, _MM_SHUFFLE(1, 0, 1, 0)), flip);
        r[3] = _mm512_xor_si512(_mm512_shuffle_i64x2(ab23, cd23, _MM_SHUFFLE(3, 2, 3, 2)), flip);
    }
    OS1_INLINE static void decode4(const uint8_t* p, __m256i* r) {
        const uint8_t* q = p + offsetof(BlockQ8_0, qs);
        const __m512i a = load2x256(q, q + BYTES), b = load2x256(q + 2 * BYTES, q + 3 * BYTES);
        const __m512i ab01 = _mm512_permutex2var_epi64(a, _mm512_setr_epi64(0, 4, 8, 12, 1, 5, 9, 13), b);
        const __m512i ab23 = _mm512_permutex2var_epi64(a, _mm512_setr_epi64(2, 6, 10, 14, 3, 7, 11, 15), b);
        const __m256i flip = _mm256_set1_epi8(static_cast<char>(0x80));
        r[0] = _mm256_xor_si256(_mm512_castsi512_si256(ab01), flip);
        r[1] = _mm256_xor_si256(_mm512_extracti64x4_epi64(ab01, 1), flip);
        r[2] = _mm256_xor_si256(_mm512_castsi512_si256(ab23), flip);
        r[3] = _mm256_xor_si256(_mm512_extracti64x4_epi64(ab23, 1), flip);
    }
};

// A row of n_blocks = 8 * full + rem blocks: full groups in place, then a
// tail group. rem == 4 (n % 256 == 128, e.g. 896) reads its 4 blocks in
// place; other tails use a zero-padded copy (zero scale, zero activations).
// Tails of up to 4 blocks take a 256-bit half step. The plan depends on n
// only, so every token count does the same arithmetic.
struct TailPlan {
    int64_t full;
    int rem;
    bool half;
    explicit TailPlan(int64_t n_blocks)
        : full(n_blocks / Q8_GROUP), rem(static_cast<int>(n_blocks % Q8_GROUP)), half(rem > 0 && rem <= 4) {}
};

template <typename Dec>
OS1_INLINE const uint8_t* tail_blocks(const uint8_t* w, const TailPlan& T, uint8_t* buf) {
    const uint8_t* p = w + T.full * Q8_GROUP * Dec::BYTES;
    if (T.rem == 4) return p;
    std::memset(buf, 0, (T.half ? 4 : 8) * Dec::BYTES);
    std::memcpy(buf, p, static_cast<size_t>(T.rem) * Dec::BYTES);
    return buf;
}

// One token's activation group: the 4 qs registers, the lane scales and
// the offset start (-offset * sum(x) turns sum(u * x) into sum(q * x)).
struct ActGroup {
    __m512i x[4], negoff;
    __m512 xs;
    OS1_INLINE ActGroup(const uint8_t* a, const ActQ8Layout& L, int64_t g) {
        const uint8_t* q = a + L.qs_off + g * 256;
        for (int k = 0; k < 4; k++) x[k] = _mm512_loadu_si512(q + 64 * k);
        negoff = _mm512_loadu_si512(a + L.negoff_off + g * 64);
        xs = _mm512_loadu_ps(a + L.xs_off + g * 64);
    }
};

// Its first four blocks (the low half of every register).
struct ActHalf {
    __m256i x[4], negoff;
    __m256 xs;
    OS1_INLINE ActHalf(const uint8_t* a, const ActQ8Layout& L, int64_t g) {
        const uint8_t* q = a + L.qs_off + g * 256;
        for (int k = 0; k < 4; k++) x[k] = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(q + 64 * k));
        negoff = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(a + L.negoff_off + g * 64));
        xs = _mm256_loadu_ps(reinterpret_cast<const float*>(a + L.xs_off + g * 64));
    }
};

// Per (row, token) and group: acc += float(dp) * (ws * xs), 16 lanes, then
// one horizontal sum; the one-row and two-row kernels do exactly this.
// Affine blocks (q5_1): dp starts at 0, and the blocks' q8_1 s (float bits
// in negoff) come in as acc += s * ms, ms the mins in the scales' lanes.
template <bool Affine>
OS1_INLINE __m512 group_step(const ActGroup& x, const __m512i* u, __m512 ws, __m512 ms, __m512 acc) {
    __m512i dp = _mm512_dpbusd_epi32(Affine ? _mm512_setzero_si512() : x.negoff, u[0], x.x[0]);
    dp = _mm512_dpbusd_epi32(dp, u[1], x.x[1]);
    dp = _mm512_dpbusd_epi32(dp, u[2], x.x[2]);
    dp = _mm512_dpbusd_epi32(dp, u[3], x.x[3]);
    acc = _mm512_fmadd_ps(_mm512_cvtepi32_ps(dp), _mm512_mul_ps(ws, x.xs), acc);
    if constexpr (Affine) acc = _mm512_fmadd_ps(_mm512_castsi512_ps(x.negoff), ms, acc);
    return acc;
}

// The tail's half step: the same on the low 8 lanes.
template <bool Affine>
OS1_INLINE __m512 half_step(const ActHalf& x, const __m256i* u, __m256 ws, __m256 ms, __m512 acc) {
    __m256i dp = _mm256_dpbusd_epi32(Affine ? _mm256_setzero_si256() : x.negoff, u[0], x.x[0]);
    dp = _mm256_dpbusd_epi32(dp, u[1], x.x[1]);
    dp = _mm256_dpbusd_epi32(dp, u[2], x.x[2]);
    dp = _mm256_dpbusd_epi32(dp, u[3], x.x[3]);
    __m256 lo = _mm256_fmadd_ps(_mm256_cvtepi32_ps(dp), _mm256_mul_ps(ws, x.xs), _mm512_castps512_ps256(acc));
    if constexpr (Affine) lo = _mm256_fmadd_ps(_mm256_castsi256_ps(x.negoff), ms, lo);
    return _mm512_insertf32x8(acc, lo, 0);
}

// The mins of eight (four) affine blocks in their scales' lanes; zeros
// for the other types (unused).
template <typename Dec>
OS1_INLINE __m512 mins8(const uint8_t* p) {
    if constexpr (Dec::AFFINE) return scales8(p + 2, Dec::BYTES);
    return _mm512_setzero_ps();
}
template <typename Dec>
OS1_INLINE __m256 mins4(const uint8_t* p) {
    if constexpr (Dec::AFFINE) return scales4(p + 2, Dec::BYTES);
    return _mm256_setzero_ps();
}

// The tail group of rows w[0..R) for NT tokens, added to acc[r][t].
template <typename Dec, int R, int NT>
OS1_INLINE void q32_tail(const uint8_t* const* w, const ActQ8Layout& L, const TailPlan& T, const uint8_t* act, size_t as,
                     __m512 (*acc)[NT]) {
    alignas(64) uint8_t buf[R][Q8_GROUP * Dec::BYTES];
    const uint8_t* p[R];
    for (int r = 0; r < R; r++) p[r] = tail_blocks<Dec>(w[r], T, buf[r]);
    if (T.half) {
        __m256i u[R][4];
        __m256 ws[R], ms[R];
        for (int r = 0; r < R; r++) Dec::decode4(p[r], u[r]), ws[r] = scales4(p[r], Dec::BYTES), ms[r] = mins4<Dec>(p[r]);
        for (int t = 0; t < NT; t++) {
            const ActHalf x(act + t * as, L, T.full);
            for (int r = 0; r < R; r++) acc[r][t] = half_step<Dec::AFFINE>(x, u[r], ws[r], ms[r], acc[r][t]);
        }
    } else {
        __m512i u[R][4];
        __m512 ws[R], ms[R];
        for (int r = 0; r < R; r++) Dec::decode(p[r], u[r]), ws[r] = scales8(p[r], Dec::BYTES), ms[r] = mins8<Dec>(p[r]);
        for (int t = 0; t < NT; t++) {
            const ActGroup x(act + t * as, L, T.full);
            for (int r = 0; r < R; r++) acc[r][t] = group_step<Dec::AFFINE>(x, u[r], ws[r], ms[r], acc[r][t]);
        }
    }
}

// One row. Generation (NT = 1) calls it row after row, so the weights
// stream linearly: a two-row kernel read two rows side by side in 272-byte
// steps, a pattern the hardware prefetcher does not follow (12-16 GB/s
// against 29 GB/s one row after the other; Qwen 0.5B Q8_0 tg128 43 -> 60+
// t/s, 2 threads). Prompt calls go through prompt_q32 below.
template <typename Dec, int NT>
void dot_q32_nt(const uint8_t* w, int64_t n, const uint8_t* act, size_t as, float* out, int64_t os) {
    const ActQ8Layout L(n, Q8_GROUP);
    const TailPlan T(L.n_blocks);
    __m512 acc[1][NT];
    for (int t = 0; t < NT; t++) acc[0][t] = _mm512_setzero_ps();
    for (int64_t g = 0; g < T.full; g++) {
        const uint8_t* p = w + g * Q8_GROUP * Dec::BYTES;
        __m512i u[4];
        Dec::decode(p, u);
        const __m512 ws = scales8(p, Dec::BYTES), ms = mins8<Dec>(p);
        for (int t = 0; t < NT; t++) acc[0][t] = group_step<Dec::AFFINE>(ActGroup(act + t * as, L, g), u, ws, ms, acc[0][t]);
    }
    if (T.rem) q32_tail<Dec, 1, NT>(&w, L, T, act, as, acc);
    for (int t = 0; t < NT; t++) out[t * os] = _mm512_reduce_add_ps(acc[0][t]);
}

// --- prompt-shaped calls (n_tokens > 1): each row decoded once ---
//
// The rows of a block are decoded once per token block into a buffer
// (4 registers of u + 16 lane scales per group, + 16 lane mins for q5_1:
// dec_group<Dec> bytes; a tail
// group in the same slot, its low halves only when it is a half step), and
// each token tile then reads them instead of decoding again. The per-group
// arithmetic is group_step/half_step as above, so every (row, token) gets
// the bits dot_q32_nt gives it. The horizontal sums go 16
// accumulators at a time through reduce16, which adds in the same tree as
// _mm512_reduce_add_ps (float addition is commutative).
template <typename Dec>
constexpr size_t dec_group = Dec::AFFINE ? 384 : 320;

template <typename Dec>
void decode_row(const uint8_t* w, const TailPlan& T, uint8_t* d) {
    for (int64_t g = 0; g < T.full; g++, d += dec_group<Dec>) {
        const uint8_t* p = w + g * Q8_GROUP * Dec::BYTES;
        // The rows come from memory once per call: fetch ahead, as the
        // one-token kernels do (the hardware prefetcher stops at pages).
        for (size_t l = 0; l < Q8_GROUP * Dec::BYTES; l += 64) prefetch_l2(p + PREFETCH_BYTES + l);
        __m512i u[4];
        Dec::decode(p, u);
        for (int k = 0; k < 4; k++) _mm512_store_si512(d + 64 * k, u[k]);
        _mm512_store_ps(d + 256, scales8(p, Dec::BYTES));
        if constexpr (Dec::AFFINE) _mm512_store_ps(d + 320, mins8<Dec>(p));
    }
    if (!T.rem) return;
    alignas(64) uint8_t buf[Q8_GROUP * Dec::BYTES];
    const uint8_t* p = tail_blocks<Dec>(w, T, buf);
    if (T.half) {
        __m256i u[4];
        Dec::decode4(p, u);
        for (int k = 0; k < 4; k++) _mm256_store_si256(reinterpret_cast<__m256i*>(d + 64 * k), u[k]);
        _mm256_store_ps(reinterpret_cast<float*>(d + 256), scales4(p, Dec::BYTES));
        if constexpr (Dec::AFFINE) _mm256_store_ps(reinterpret_cast<float*>(d + 320), mins4<Dec>(p));
    } else {
        __m512i u[4];
        Dec::decode(p, u);
        for (int k = 0; k < 4; k++) _mm512_store_si512(d + 64 * k, u[k]);
        _mm512_store_ps(d + 256, scales8(p, Dec::BYTES));
        if constexpr (Dec::AFFINE) _mm512_store_ps(d + 320, mins8<Dec>(p));
    }
}

// R decoded rows (d[r]) times NT tokens; out[t * os + r].
template <typename Dec, int R, int NT>
void prompt_tile(const uint8_t* const* d, const ActQ8Layout& L, const TailPlan& T, const uint8_t* act, size_t as,
                 float* out, int64_t os) {
    __m512 acc[R][NT];
    _Pragma("GCC unroll 16") for (int r = 0; r < R; r++)
        _Pragma("GCC unroll 16") for (int t = 0; t < NT; t++) acc[r][t] = _mm512_setzero_ps();
    constexpr size_t DG = dec_group<Dec>;
    constexpr bool A = Dec::AFFINE;
    for (int64_t g = 0; g < T.full; g++) {
        __m512i u[R][4];
        __m512 ws[R], ms[R];
        _Pragma("GCC unroll 16") for (int r = 0; r < R; r++) {
            const uint8_t* p = d[r] + g * DG;
            _Pragma("GCC unroll 16") for (int k = 0; k < 4; k++) u[r][k] = _mm512_load_si512(p + 64 * k);
            ws[r] = _mm512_load_ps(p + 256);
            ms[r] = A ? _mm512_load_ps(p + 320) : _mm512_setzero_ps();
        }
        _Pragma("GCC unroll 16") for (int t = 0; t < NT; t++) {
            ActGroup x(act + t * as, L, g);
            // In registers, shared by the rows: left to itself GCC folds them
            // into each row's vpdpbusd, and the loads then limit (+10%).
            if (R > 1) asm("" : "+v"(x.x[0]), "+v"(x.x[1]), "+v"(x.x[2]), "+v"(x.x[3]), "+v"(x.negoff), "+v"(x.xs));
            _Pragma("GCC unroll 16") for (int r = 0; r < R; r++) acc[r][t] = group_step<A>(x, u[r], ws[r], ms[r], acc[r][t]);
        }
    }
    if (T.rem) {
        if (T.half) {
            __m256i u[R][4];
            __m256 ws[R], ms[R];
            _Pragma("GCC unroll 16") for (int r = 0; r < R; r++) {
                const uint8_t* p = d[r] + T.full * DG;
                _Pragma("GCC unroll 16") for (int k = 0; k < 4; k++) u[r][k] = _mm256_load_si256(reinterpret_cast<const __m256i*>(p + 64 * k));
                ws[r] = _mm256_load_ps(reinterpret_cast<const float*>(p + 256));
                ms[r] = A ? _mm256_load_ps(reinterpret_cast<const float*>(p + 320)) : _mm256_setzero_ps();
            }
            _Pragma("GCC unroll 16") for (int t = 0; t < NT; t++) {
                const ActHalf x(act + t * as, L, T.full);
                _Pragma("GCC unroll 16") for (int r = 0; r < R; r++) acc[r][t] = half_step<A>(x, u[r], ws[r], ms[r], acc[r][t]);
            }
        } else {
            __m512i u[R][4];
            __m512 ws[R], ms[R];
            _Pragma("GCC unroll 16") for (int r = 0; r < R; r++) {
                const uint8_t* p = d[r] + T.full * DG;
                _Pragma("GCC unroll 16") for (int k = 0; k < 4; k++) u[r][k] = _mm512_load_si512(p + 64 * k);
                ws[r] = _mm512_load_ps(p + 256);
                ms[r] = A ? _mm512_load_ps(p + 320) : _mm512_setzero_ps();
            }
            _Pragma("GCC unroll 16") for (int t = 0; t < NT; t++) {
                const ActGroup x(act + t * as, L, T.full);
                _Pragma("GCC unroll 16") for (int r = 0; r < R; r++) acc[r][t] = group_step<A>(x, u[r], ws[r], ms[r], acc[r][t]);
            }
        }
    }
    constexpr int M = R * NT, CHUNKS = (M + 15) / 16;
    __m512 v[CHUNKS * 16];
    _Pragma("GCC unroll 16") for (int t = 0; t < NT; t++)
        _Pragma("GCC unroll 16") for (int r = 0; r < R; r++) v[t * R + r] = acc[r][t];
    for (int m = M; m < CHUNKS * 16; m++) v[m] = _mm512_setzero_ps();
    alignas(64) float res[CHUNKS * 16];
    for (int c = 0; c < CHUNKS; c++) reduce16(v + 16 * c, res + 16 * c);
    _Pragma("GCC unroll 16") for (int t = 0; t < NT; t++)
        _Pragma("GCC unroll 16") for (int r = 0; r < R; r++) out[t * os + r] = res[t * R + r];
}

template <typename Dec, int R>
void prompt_tile_nt(int nt, const uint8_t* const* d, const ActQ8Layout& L, const TailPlan& T, const uint8_t* act,
                    size_t as, float* out, int64_t os) {
    switch (nt) {
        case 1: prompt_tile<Dec, R, 1>(d, L, T, act, as, out, os); break;
        case 2: prompt_tile<Dec, R, 2>(d, L, T, act, as, out, os); break;
        case 3: prompt_tile<Dec, R, 3>(d, L, T, act, as, out, os); break;
        case 4: prompt_tile<Dec, R, 4>(d, L, T, act, as, out, os); break;
        case 5: prompt_tile<Dec, R, 5>(d, L, T, act, as, out, os); break;
        case 6: prompt_tile<Dec, R, 6>(d, L, T, act, as, out, os); break;
        default: prompt_tile<Dec, R, 7>(d, L, T, act, as, out, os); break;
    }
}

// Rows [r0, r1) times n_tokens tokens: per token block (up to 4 MiB of
// activations: a whole 512-token prompt of Qwen 0.5B), rows are decoded
// PROMPT_ROWS at a time and every tile of PROMPT_TILE tokens runs over
// them, two rows per tile. Measured (kernels_bench, q8_0, 512 tokens, Zen 4):
// 7 tokens x 2 rows (14 accumulators + 10 weight + 6 activation registers)
// beat 4, 6 and 8; 64 rows and whole-prompt blocks beat 16 rows / 256 KiB.
constexpr int64_t PROMPT_ROWS = 64;
constexpr int PROMPT_TILE = 7;  // prompt_tile_nt's widest case
constexpr size_t PROMPT_ACT_BYTES = size_t{4} << 20;

template <typename Dec>
void prompt_q32(const uint8_t* w, size_t row_bytes, int64_t n, const uint8_t* act, size_t as, int64_t n_tokens,
                float* y, int64_t ys, int64_t r0, int64_t r1) {
    const ActQ8Layout L(n, Q8_GROUP);
    const TailPlan T(L.n_blocks);
    const size_t drow = static_cast<size_t>(T.full + (T.rem ? 1 : 0)) * dec_group<Dec>;
    uint8_t* dec = thread_scratch(PROMPT_ROWS * drow);  // the decoded rows of a block
    const int64_t token_block =
        std::max<int64_t>(PROMPT_TILE, static_cast<int64_t>(PROMPT_ACT_BYTES / as) / PROMPT_TILE * PROMPT_TILE);
    for (int64_t t0 = 0; t0 < n_tokens; t0 += token_block) {
        const int64_t t1 = std::min(n_tokens, t0 + token_block);
        for (int64_t rb = r0; rb < r1; rb += PROMPT_ROWS) {
            const int64_t re = std::min(r1, rb + PROMPT_ROWS);
            for (int64_t r = rb; r < re; r++) decode_row<Dec>(w + r * row_bytes, T, dec + (r - rb) * drow);
            for (int64_t t = t0; t < t1;) {
                // A last tile of one token would waste the row pair: 8 left
                // go as 4 + 4 (512 = 72 x 7 + 4 + 4).
                const int64_t left = t1 - t;
                const int nt = static_cast<int>(left <= PROMPT_TILE ? left : left == PROMPT_TILE + 1 ? left / 2 : PROMPT_TILE);
                int64_t r = rb;
                for (; r + 1 < re; r += 2) {
                    const uint8_t* d[2] = {dec + (r - rb) * drow, dec + (r + 1 - rb) * drow};
                    prompt_tile_nt<Dec, 2>(nt, d, L, T, act + t * as, as, y + t * ys + r, ys);
                }
                if (r < re) {
                    const uint8_t* d[1] = {dec + (r - rb) * drow};
                    prompt_tile_nt<Dec, 1>(nt, d, L, T, act + t * as, as, y + t * ys + r, ys);
                }
                t += nt;
            }
        }
    }
}

void quantize_q8(const float* x, int64_t n, int offset, uint8_t* out) {
    const ActQ8Layout L(n, Q8_GROUP);
    auto* qs = reinterpret_cast<int8_t*>(out + L.qs_off);
    auto* xs = reinterpret_cast<float*>(out + L.xs_off);
    auto* negoff = reinterpret_cast<int32_t*>(out + L.negoff_off);
    for (int64_t b = 0; b < L.n_groups * L.group; b++) {
        float d = 0.0f, amax = 0.0f;
        int32_t sum = 0;
        __m128i lo = _mm_setzero_si128(), hi = _mm_setzero_si128();
        if (b < L.n_blocks) {
            __m512 v0 = _mm512_loadu_ps(x + b * 32), v1 = _mm512_loadu_ps(x + b * 32 + 16);
            amax = std::max(hmax_abs(v0), hmax_abs(v1));
            d = fp16_to_fp32(fp32_to_fp16(amax / 127.0f));  // f16 scale, as ggml's q8_0
            float id = amax != 0.0f ? 127.0f / amax : 0.0f;
            __m512 vid = _mm512_set1_ps(id);
            __m512i q0 = _mm512_cvtps_epi32(_mm512_mul_ps(v0, vid));
            __m512i q1 = _mm512_cvtps_epi32(_mm512_mul_ps(v1, vid));
            sum = _mm512_reduce_add_epi32(_mm512_add_epi32(q0, q1));
            lo = _mm512_cvtepi32_epi8(q0);
            hi = _mm512_cvtepi32_epi8(q1);
        }
        // 8-byte chunks: elements 0..7, 8..15, 16..23, 24..31 -> registers 0..3.
        _mm_storel_epi64(reinterpret_cast<__m128i*>(qs + L.index(b, 0)), lo);
        _mm_storeh_pd(reinterpret_cast<double*>(qs + L.index(b, 8)), _mm_castsi128_pd(lo));
        _mm_storel_epi64(reinterpret_cast<__m128i*>(qs + L.index(b, 16)), hi);
        _mm_storeh_pd(reinterpret_cast<double*>(qs + L.index(b, 24)), _mm_castsi128_pd(hi));
        xs[L.lane(b)] = xs[L.lane(b) + 1] = d;
        negoff[L.lane(b)] = q8_block_lane(offset, sum, amax, [](float v) { return fp16_to_fp32(fp32_to_fp16(v)); });
        negoff[L.lane(b) + 1] = 0;
    }
}

// --- float weights: 16 per step, n % 16 == 0 (callers check) ---

struct F32Load {
    static __m512 load(const uint8_t* w, int64_t i) { return _mm512_loadu_ps(reinterpret_cast<const float*>(w) + i); }
};
struct F16Load {
    static __m512 load(const uint8_t* w, int64_t i) {
        return _mm512_cvtph_ps(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(w + 2 * i)));
    }
};
struct BF16Load {
    static __m512 load(const uint8_t* w, int64_t i) {
        __m512i v = _mm512_cvtepu16_epi32(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(w + 2 * i)));
        return _mm512_castsi512_ps(_mm512_slli_epi32(v, 16));
    }
};

template <typename Ld, int NT>
void dot_float_nt(const uint8_t* w, int64_t n, const uint8_t* act, size_t as, float* out, int64_t os) {
    __m512 acc[NT];
    for (int t = 0; t < NT; t++) acc[t] = _mm512_setzero_ps();
    for (int64_t i = 0; i < n; i += 16) {
        __m512 wv = Ld::load(w, i);
        for (int t = 0; t < NT; t++)
            acc[t] = _mm512_fmadd_ps(wv, _mm512_loadu_ps(reinterpret_cast<const float*>(act + t * as) + i), acc[t]);
    }
    for (int t = 0; t < NT; t++) out[t * os] = _mm512_reduce_add_ps(acc[t]);
}



// f32 weights in ggml's order (see dot_f32 in kernels_scalar.cpp, whose
// bits this returns): 4 x 16-lane accumulators over blocks of 64, the
// n % 64 tail added in order, rounded products except the last n % 8 fused.
template <int NT>
void dot_f32_ggml_nt(const uint8_t* w, int64_t n, const uint8_t* act, size_t as, float* out, int64_t os) {
    const float* wf = reinterpret_cast<const float*>(w);
    const int64_t np = n & ~int64_t{63};
    __m512 acc[NT][4];
    for (int t = 0; t < NT; t++)
        for (int j = 0; j < 4; j++) acc[t][j] = _mm512_setzero_ps();
    for (int64_t i = 0; i < np; i += 64)
        for (int j = 0; j < 4; j++) {
            const __m512 wv = _mm512_loadu_ps(wf + i + 16 * j);
            for (int t = 0; t < NT; t++)
                acc[t][j] = _mm512_fmadd_ps(wv, _mm512_loadu_ps(reinterpret_cast<const float*>(act + t * as) + i + 16 * j),
                                            acc[t][j]);
        }
    for (int t = 0; t < NT; t++) {
        const __m512 a = _mm512_add_ps(_mm512_add_ps(acc[t][0], acc[t][2]), _mm512_add_ps(acc[t][1], acc[t][3]));
        const __m256 b = _mm256_add_ps(_mm512_castps512_ps256(a), _mm512_extractf32x8_ps(a, 1));
        const __m128 c = _mm_add_ps(_mm256_castps256_ps128(b), _mm256_extractf128_ps(b, 1));
        const __m128 d = _mm_add_ps(c, _mm_movehl_ps(c, c));
        float sum = _mm_cvtss_f32(_mm_add_ss(d, _mm_movehdup_ps(d)));
        const float* x = reinterpret_cast<const float*>(act + t * as);
        const int64_t nr = np + ((n - np) & ~int64_t{7});
        int64_t i = np;
        for (; i < nr; i++) {
            volatile float prod = wf[i] * x[i];  // rounded: -mfma must not fuse it into the sum
            sum += prod;
        }
        for (; i < n; i++) sum = std::fma(wf[i], x[i], sum);
        out[t * os] = sum;
    }
}
template <int NT> struct F32Ggml { static void run(const uint8_t* w, int64_t n, const uint8_t* a, size_t as, float* o, int64_t os) { dot_f32_ggml_nt<NT>(w, n, a, as, o, os); } };

template <typename D> struct Q32 { template <int NT> struct K {
    static void run(const uint8_t* w, int64_t n, const uint8_t* a, size_t as, float* o, int64_t os) { dot_q32_nt<D, NT>(w, n, a, as, o, os); }
}; };
template <typename Ld> struct Flt { template <int NT> struct K { static void run(const uint8_t* w, int64_t n, const uint8_t* a, size_t as, float* o, int64_t os) { dot_float_nt<Ld, NT>(w, n, a, as, o, os); } }; };

KernelTable make_table() {
    KernelTable t;
    t.dot[static_cast<int>(Kind::Q4_0)] = by_nt<Q32<Q4_0Dec>::K>;
    t.dot[static_cast<int>(Kind::Q5_0)] = by_nt<Q32<Q5_0Dec>::K>;
    t.dot[static_cast<int>(Kind::Q5_1)] = by_nt<Q32<Q5_1Dec>::K>;
    t.dot[static_cast<int>(Kind::Q8_0)] = by_nt<Q32<Q8_0Dec>::K>;
    t.prompt[static_cast<int>(Kind::Q4_0)] = prompt_q32<Q4_0Dec>;
    t.prompt[static_cast<int>(Kind::Q5_0)] = prompt_q32<Q5_0Dec>;
    t.prompt[static_cast<int>(Kind::Q5_1)] = prompt_q32<Q5_1Dec>;
    t.prompt[static_cast<int>(Kind::Q8_0)] = prompt_q32<Q8_0Dec>;
    avx512_add_kquants(t);  // q4_K, q6_K, the ActQ8K quantizer (kquants_avx512.cpp)
    avx512_add_panels(t);   // q8_0 panels (panels_avx512.cpp)
    avx512_add_panels_k(t);  // q4_K panels (panels_k_avx512.cpp)
    avx512_add_panels_q5_0(t);  // q5_0 panels (panels_q5_0_avx512.cpp)
    t.dot[static_cast<int>(Kind::F32)] = by_nt<F32Ggml>;  // llama.cpp's order (conformance)
    t.dot[static_cast<int>(Kind::F16)] = by_nt<Flt<F16Load>::K>;
    t.dot[static_cast<int>(Kind::BF16)] = by_nt<Flt<BF16Load>::K>;
    t.quantize_q8 = quantize_q8;
    t.q8_group = Q8_GROUP;
    return t;
}

}  // namespace

const KernelTable* avx512_table() {
    static const KernelTable table = make_table();
    return &table;
}

}  // namespace os1::engine::kernels

// AVX2/FMA kernels (no VNNI): the q4_0/q5_0/q5_1/q8_0 family with maddubs
// (u8 x s8 pairs into int16, then madd with ones into int32), q4_K/q6_K
// with maddubs then madd with the sub-block scales, f16/bf16 weights with
// FMA. f32 weights use the scalar twin; the activation quantizers are
// vectorized with the scalar twins' bits (same layouts: ActQ8 in plain
// block order, G = 2).
// Compiled with -mavx2 -mfma -mf16c (by file name).
#include <immintrin.h>

#include <cstring>

#include "engine/kernels/avx2_util.h"
#include "engine/kernels/layout.h"
#include "engine/kernels/tile_dispatch.h"

namespace os1::engine::kernels {

namespace {

inline float h2f(uint16_t h) { return _cvtsh_ss(h); }

// One 32-element block as unsigned bytes u (q4_0: nibble, q5_0: 5-bit) and
// for q8_0 the signed values themselves (sign trick below).
struct Q4_0Dec {
    static constexpr size_t BYTES = sizeof(BlockQ4_0);
    static constexpr bool SIGNED = false;
    static __m256i decode(const uint8_t* p) {
        auto* b = reinterpret_cast<const BlockQ4_0*>(p);
        __m128i q = _mm_loadu_si128(reinterpret_cast<const __m128i*>(b->qs));
        __m256i v = _mm256_set_m128i(_mm_srli_epi16(q, 4), q);
        return _mm256_and_si256(v, _mm256_set1_epi8(0x0F));
    }
};

// 32 five-bit values: nibbles from qs[16], the fifth bits from qh (bit j =
// element j).
inline __m256i five_bit(const uint8_t* qs, const uint8_t* qhp) {
    __m128i q = _mm_loadu_si128(reinterpret_cast<const __m128i*>(qs));
    __m256i v = _mm256_and_si256(_mm256_set_m128i(_mm_srli_epi16(q, 4), q), _mm256_set1_epi8(0x0F));
    uint32_t qh;
    std::memcpy(&qh, qhp, 4);
    // Spread bit j of qh to byte j: broadcast, shuffle the right byte to
    // each lane, test its bit.
    __m256i h = _mm256_set1_epi32(static_cast<int>(qh));
    const __m256i pick = _mm256_setr_epi8(0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2, 2, 2, 3,
                                          3, 3, 3, 3, 3, 3, 3);
    h = _mm256_shuffle_epi8(h, pick);
    const __m256i bit = _mm256_set1_epi64x(static_cast<int64_t>(0x8040201008040201ull));
    h = _mm256_cmpeq_epi8(_mm256_and_si256(h, bit), bit);
    return _mm256_or_si256(v, _mm256_and_si256(h, _mm256_set1_epi8(0x10)));
}

struct Q5_0Dec {
    static constexpr size_t BYTES = sizeof(BlockQ5_0);
    static constexpr bool SIGNED = false;
    static __m256i decode(const uint8_t* p) {
        auto* b = reinterpret_cast<const BlockQ5_0*>(p);
        return five_bit(b->qs, b->qh);
    }
};

// q5_1: x = d * u + m; the min's share comes from the block sums (AFFINE).
struct Q5_1Dec {
    static constexpr size_t BYTES = sizeof(BlockQ5_1);
    static constexpr bool SIGNED = false;
    static __m256i decode(const uint8_t* p) {
        auto* b = reinterpret_cast<const BlockQ5_1*>(p);
        return five_bit(b->qs, b->qh);
    }
};

template <typename Dec> constexpr bool is_affine = false;
template <> constexpr bool is_affine<Q5_1Dec> = true;

struct Q8_0Dec {
    static constexpr size_t BYTES = sizeof(BlockQ8_0);
    static constexpr bool SIGNED = true;
    static __m256i decode(const uint8_t* p) {
        return _mm256_loadu_si256(reinterpret_cast<const __m256i*>(reinterpret_cast<const BlockQ8_0*>(p)->qs));
    }
};

inline float hsum(__m256 v) {
    __m128 s = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
    s = _mm_add_ps(s, _mm_movehl_ps(s, s));
    s = _mm_add_ss(s, _mm_movehdup_ps(s));
    return _mm_cvtss_f32(s);
}

// How far one-token calls (generation) prefetch the weight rows into L2.
constexpr size_t Q32_PREFETCH = 4096;

// R adjacent weight rows (w[r]) times NT tokens. Per (row, token) and block:
// dp = (u . x in int32 lanes) + the block's negoff lanes (unsigned types),
// acc = fma(float(dp), dw * dx, acc) in 8 lanes, one horizontal sum at the
// end: the same steps whatever R and NT (batched == one at a time). The
// ActQ8 lanes (G = 2: 8 lanes per block) are loaded as whole vectors.
// q5_1 (affine): dp is sum(u * x) alone, and a second FMA adds the block's
// s lanes (q8_1's s as float in lane 0, zeros) times m.
template <typename Dec, int R, int NT>
void dot_q32_rows(const uint8_t* const* w, int64_t n, const uint8_t* act, size_t as, float* out, int64_t os) {
    const ActQ8Layout L(n, 2);  // the scalar quantizer's plain block order
    __m256 acc[R][NT];
    for (int r = 0; r < R; r++)
        for (int t = 0; t < NT; t++) acc[r][t] = _mm256_setzero_ps();
    const __m256i ones = _mm256_set1_epi16(1);
    for (int64_t b = 0; b < L.n_blocks; b++) {
        __m256i u[R], au[R];
        __m256 dw[R], mw[R];
        for (int r = 0; r < R; r++) {
            const uint8_t* p = w[r] + b * Dec::BYTES;
            // Generation reads each row once: fetch it 4 KiB ahead into L2.
            if (NT == 1) prefetch_l2(p + Q32_PREFETCH);
            u[r] = Dec::decode(p);
            au[r] = Dec::SIGNED ? _mm256_sign_epi8(u[r], u[r]) : u[r];  // |w| for the sign trick
            uint16_t h;
            std::memcpy(&h, p, 2);
            dw[r] = _mm256_set1_ps(h2f(h));
            if constexpr (is_affine<Dec>) {
                std::memcpy(&h, p + 2, 2);
                mw[r] = _mm256_set1_ps(h2f(h));
            }
        }
        for (int t = 0; t < NT; t++) {
            const uint8_t* a = act + t * as;
            const __m256i x = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(a + L.qs_off + b * 32));
            const __m256 dx = _mm256_loadu_ps(reinterpret_cast<const float*>(a + L.xs_off) + L.lane(b));
            __m256i off = _mm256_setzero_si256();
            // Unsigned lanes: start from -offset * sum(x) (lane 0 of the block).
            if (!Dec::SIGNED) off = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(a + L.negoff_off) + b);
            for (int r = 0; r < R; r++) {
                const __m256i xs = Dec::SIGNED ? _mm256_sign_epi8(x, u[r]) : x;  // w*x = |w| * (x * sign(w))
                __m256i dp = _mm256_madd_epi16(_mm256_maddubs_epi16(au[r], xs), ones);
                if (!Dec::SIGNED && !is_affine<Dec>) dp = _mm256_add_epi32(dp, off);
                acc[r][t] = _mm256_fmadd_ps(_mm256_cvtepi32_ps(dp), _mm256_mul_ps(dw[r], dx), acc[r][t]);
                if constexpr (is_affine<Dec>)
                    acc[r][t] = _mm256_fmadd_ps(_mm256_castsi256_ps(off), mw[r], acc[r][t]);
            }
        }
    }
    for (int t = 0; t < NT; t++)
        for (int r = 0; r < R; r++) out[t * os + r] = hsum(acc[r][t]);
}

template <typename Dec, int NT>
void dot_q32_nt(const uint8_t* w, int64_t n, const uint8_t* act, size_t as, float* out, int64_t os) {
    const uint8_t* rows[1] = {w};
    dot_q32_rows<Dec, 1, NT>(rows, n, act, as, out, os);
}

// --- K-quants (ActQ8K activations): vpmaddubsw pairs times 16-bit
// sub-block scales by vpmaddwd, the same integer sums as the scalar twins.
// Each super-block's unsigned registers and scale vectors are decoded once
// into small arrays and reused by every token of the tile.

inline float hsum128(__m128 m) {
    m = _mm_add_ps(m, _mm_movehl_ps(m, m));
    m = _mm_add_ss(m, _mm_movehdup_ps(m));
    return _mm_cvtss_f32(m);
}

// One super-block of 256 unsigned weights u[0..8) times one token's int8
// activations x: sum over the 8 registers of (u . x per 16-bit pair) x the
// 16-bit sub-block scales scv, in 8 lanes of 32 bits.
inline __m256i scaled_sum8(const __m256i* u, const __m256i* scv, const uint8_t* x) {
    __m256i isum = _mm256_setzero_si256();
    for (int j = 0; j < 8; j++) {
        const __m256i p = _mm256_maddubs_epi16(u[j], _mm256_loadu_si256(reinterpret_cast<const __m256i*>(x + 32 * j)));
        isum = _mm256_add_epi32(isum, _mm256_madd_epi16(p, scv[j]));
    }
    return isum;
}

// The 6-bit scales and mins of a q4_K super-block's 8 sub-blocks as
// 16-bit lanes, from its 12 scale bytes in three 32-bit words (the same
// values as q4k_scale_min, four bytes at a time).
inline void q4k_scales_mins(const uint8_t* s, __m128i* sc16, __m128i* m16) {
    uint32_t w0, w1, w2;
    std::memcpy(&w0, s, 4);
    std::memcpy(&w1, s + 4, 4);
    std::memcpy(&w2, s + 8, 4);
    const uint32_t sc_lo = w0 & 0x3F3F3F3Fu, m_lo = w1 & 0x3F3F3F3Fu;
    const uint32_t sc_hi = (w2 & 0x0F0F0F0Fu) | ((w0 >> 2) & 0x30303030u);
    const uint32_t m_hi = ((w2 >> 4) & 0x0F0F0F0Fu) | ((w1 >> 2) & 0x30303030u);
    *sc16 = _mm_cvtepu8_epi16(_mm_cvtsi64_si128(static_cast<int64_t>(uint64_t{sc_hi} << 32 | sc_lo)));
    *m16 = _mm_cvtepu8_epi16(_mm_cvtsi64_si128(static_cast<int64_t>(uint64_t{m_hi} << 32 | m_lo)));
}

template <int NT>
void dot_q4_k_nt(const uint8_t* w, int64_t n, const uint8_t* act, size_t as, float* out, int64_t os) {
    const ActQ8KLayout L(n);
    auto* blocks = reinterpret_cast<const BlockQ4_K*>(w);
    __m256 acc[NT];
    __m128 macc[NT];
    for (int t = 0; t < NT; t++) acc[t] = _mm256_setzero_ps(), macc[t] = _mm_setzero_ps();
    const __m256i nib = _mm256_set1_epi8(0x0F);
    alignas(32) __m256i u[8], scv[8];
    for (int64_t s = 0; s < L.n_sb; s++) {
        const BlockQ4_K& b = blocks[s];
        // Generation reads each row once: fetch the super-blocks 4 KiB ahead into L2.
        if (NT == 1) prefetch_l2(w + s * sizeof(BlockQ4_K) + 4096), prefetch_l2(w + s * sizeof(BlockQ4_K) + 4096 + 143);
        __m128i sc16, m16;
        q4k_scales_mins(b.scales, &sc16, &m16);
        for (int k = 0; k < 4; k++) {  // sub-block 2k: low nibbles of qs[32k..], 2k+1: high nibbles
            const __m256i q = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(b.qs + 32 * k));
            u[2 * k] = _mm256_and_si256(q, nib);
            u[2 * k + 1] = _mm256_and_si256(_mm256_srli_epi16(q, 4), nib);
        }
        const __m256i sc256 = _mm256_broadcastsi128_si256(sc16);
        for (int j = 0; j < 8; j++)  // 16-bit scale j in every lane: bytes 2j, 2j + 1
            scv[j] = _mm256_shuffle_epi8(sc256, _mm256_set1_epi16(static_cast<int16_t>((2 * j + 1) << 8 | 2 * j)));
        const float d = h2f(b.d), dmin = h2f(b.dmin);
        for (int t = 0; t < NT; t++) {
            const uint8_t* a = act + t * as;
            const uint8_t* x = a + L.qs_off + s * 256;
            __m256i isum = scaled_sum8(u, scv, x);
            const float dx = reinterpret_cast<const float*>(a + L.d_off)[s];
            acc[t] = _mm256_fmadd_ps(_mm256_cvtepi32_ps(isum), _mm256_set1_ps(d * dx), acc[t]);
            const __m128i bs = _mm_loadu_si128(reinterpret_cast<const __m128i*>(a + L.bsum32_off) + s);
            macc[t] = _mm_fmadd_ps(_mm_cvtepi32_ps(_mm_madd_epi16(m16, bs)), _mm_set1_ps(dmin * dx), macc[t]);
        }
    }
    for (int t = 0; t < NT; t++) out[t * os] = hsum(acc[t]) - hsum128(macc[t]);
}

template <int NT>
void dot_q6_k_nt(const uint8_t* w, int64_t n, const uint8_t* act, size_t as, float* out, int64_t os) {
    const ActQ8KLayout L(n);
    auto* blocks = reinterpret_cast<const BlockQ6_K*>(w);
    __m256 acc[NT];
    for (int t = 0; t < NT; t++) acc[t] = _mm256_setzero_ps();
    const __m256i nib = _mm256_set1_epi8(0x0F);
    const __m256i m30 = _mm256_set1_epi8(0x30);
    alignas(32) __m256i u[8], scv[8];
    for (int64_t s = 0; s < L.n_sb; s++) {
        const BlockQ6_K& b = blocks[s];
        for (int c = 0; c < 2; c++) {  // register 4c + i: elements 128c + 32i .. + 31
            const __m256i ql0 = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(b.ql + 64 * c));
            const __m256i ql1 = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(b.ql + 64 * c + 32));
            const __m256i qh = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(b.qh + 32 * c));
            u[4 * c] = _mm256_or_si256(_mm256_and_si256(ql0, nib), _mm256_and_si256(_mm256_slli_epi16(qh, 4), m30));
            u[4 * c + 1] = _mm256_or_si256(_mm256_and_si256(ql1, nib), _mm256_and_si256(_mm256_slli_epi16(qh, 2), m30));
            u[4 * c + 2] = _mm256_or_si256(_mm256_and_si256(_mm256_srli_epi16(ql0, 4), nib), _mm256_and_si256(qh, m30));
            u[4 * c + 3] = _mm256_or_si256(_mm256_and_si256(_mm256_srli_epi16(ql1, 4), nib),
                                           _mm256_and_si256(_mm256_srli_epi16(qh, 2), m30));
        }
        const __m256i sc16 = _mm256_cvtepi8_epi16(_mm_loadu_si128(reinterpret_cast<const __m128i*>(b.scales)));
        // 16-bit lanes 0..7: scale 2i, 8..15: scale 2i + 1, by byte shuffles
        // of the scales as int16 (scales 0..7 in both halves, then 8..15).
        const __m256i sc_lo = _mm256_permute4x64_epi64(sc16, 0x44), sc_hi = _mm256_permute4x64_epi64(sc16, 0xEE);
        for (int i = 0; i < 4; i++) {
            const __m256i pick = _mm256_setr_epi64x(0x0101010101010101ll * (4 * i) + 0x0100010001000100ll,
                                                    0x0101010101010101ll * (4 * i) + 0x0100010001000100ll,
                                                    0x0101010101010101ll * (4 * i + 2) + 0x0100010001000100ll,
                                                    0x0101010101010101ll * (4 * i + 2) + 0x0100010001000100ll);
            scv[i] = _mm256_shuffle_epi8(sc_lo, pick);
            scv[4 + i] = _mm256_shuffle_epi8(sc_hi, pick);
        }
        const float d = h2f(b.d);
        for (int t = 0; t < NT; t++) {
            const uint8_t* a = act + t * as;
            const uint8_t* x = a + L.qs_off + s * 256;
            __m256i isum = scaled_sum8(u, scv, x);
            // u = q + 32: take out 32 * sum(scale * block sum).
            const __m256i bs = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(a + L.bsum16_off) + s);
            isum = _mm256_sub_epi32(isum, _mm256_slli_epi32(_mm256_madd_epi16(sc16, bs), 5));
            const float dx = reinterpret_cast<const float*>(a + L.d_off)[s];
            acc[t] = _mm256_fmadd_ps(_mm256_cvtepi32_ps(isum), _mm256_set1_ps(d * dx), acc[t]);
        }
    }
    for (int t = 0; t < NT; t++) out[t * os] = hsum(acc[t]);
}

struct F32Load {
    static __m256 load(const uint8_t* w, int64_t i) { return _mm256_loadu_ps(reinterpret_cast<const float*>(w) + i); }
};
struct F16Load {
    static __m256 load(const uint8_t* w, int64_t i) {
        return _mm256_cvtph_ps(_mm_loadu_si128(reinterpret_cast<const __m128i*>(w + 2 * i)));
    }
};
struct BF16Load {
    static __m256 load(const uint8_t* w, int64_t i) {
        __m256i v = _mm256_cvtepu16_epi32(_mm_loadu_si128(reinterpret_cast<const __m128i*>(w + 2 * i)));
        return _mm256_castsi256_ps(_mm256_slli_epi32(v, 16));
    }
};

// n % 16 == 0 (the dispatcher checks): two 8-wide accumulators per token.
template <typename Ld, int NT>
void dot_float_nt(const uint8_t* w, int64_t n, const uint8_t* act, size_t as, float* out, int64_t os) {
    __m256 acc[NT];
    for (int t = 0; t < NT; t++) acc[t] = _mm256_setzero_ps();
    for (int64_t i = 0; i < n; i += 8) {
        __m256 wv = Ld::load(w, i);
        for (int t = 0; t < NT; t++)
            acc[t] = _mm256_fmadd_ps(wv, _mm256_loadu_ps(reinterpret_cast<const float*>(act + t * as) + i), acc[t]);
    }
    for (int t = 0; t < NT; t++) out[t * os] = hsum(acc[t]);
}


template <typename D> struct Q32 { template <int NT> struct K {
    static void run(const uint8_t* w, int64_t n, const uint8_t* a, size_t as, float* o, int64_t os) { dot_q32_nt<D, NT>(w, n, a, as, o, os); }
    static void run2(const uint8_t* w0, const uint8_t* w1, int64_t n, const uint8_t* a, size_t as, float* o, int64_t os) {
        const uint8_t* rows[2] = {w0, w1};
        dot_q32_rows<D, 2, NT>(rows, n, a, as, o, os);
    }
}; };
template <int NT> struct Q4K { static void run(const uint8_t* w, int64_t n, const uint8_t* a, size_t as, float* o, int64_t os) { dot_q4_k_nt<NT>(w, n, a, as, o, os); } };
template <int NT> struct Q6K { static void run(const uint8_t* w, int64_t n, const uint8_t* a, size_t as, float* o, int64_t os) { dot_q6_k_nt<NT>(w, n, a, as, o, os); } };
template <typename Ld> struct Flt { template <int NT> struct K { static void run(const uint8_t* w, int64_t n, const uint8_t* a, size_t as, float* o, int64_t os) { dot_float_nt<Ld, NT>(w, n, a, as, o, os); } }; };

// --- activation quantizers, bit for bit the scalar twins'
// (kernels_scalar.cpp): the same amax, scales and round-half-even quants
// (cvtps2dq under the default rounding mode, as nearbyint).

void quantize_q8(const float* x, int64_t n, int offset, uint8_t* out) {
    const ActQ8Layout L(n, 2);  // plain block order
    auto* qs = reinterpret_cast<int8_t*>(out + L.qs_off);
    auto* xs = reinterpret_cast<float*>(out + L.xs_off);
    auto* negoff = reinterpret_cast<int32_t*>(out + L.negoff_off);
    for (int64_t b = 0; b < L.n_groups * L.group; b++) {
        float d = 0.0f, amax = 0.0f;
        int32_t sum = 0;
        if (b < L.n_blocks) {
            amax = abs_max32(x + b * 32);
            d = _cvtsh_ss(_cvtss_sh(amax / 127.0f, 0));  // f16 scale, as ggml's q8_0
            sum = quantize32(x + b * 32, amax != 0.0f ? 127.0f / amax : 0.0f, qs + b * 32);
        } else {
            std::memset(qs + b * 32, 0, 32);
        }
        for (int j = 0; j < L.lanes; j++) {
            xs[L.lane(b) + j] = d;
            negoff[L.lane(b) + j] =
                j == 0 ? q8_block_lane(offset, sum, amax, [](float v) { return _cvtsh_ss(_cvtss_sh(v, 0)); }) : 0;
        }
    }
}

void quantize_q8k(const float* x, int64_t n, uint8_t* out) {
    const ActQ8KLayout L(n);
    auto* qs = reinterpret_cast<int8_t*>(out + L.qs_off);
    auto* ds = reinterpret_cast<float*>(out + L.d_off);
    auto* b16 = reinterpret_cast<int16_t*>(out + L.bsum16_off);
    auto* b32 = reinterpret_cast<int16_t*>(out + L.bsum32_off);
    for (int64_t s = 0; s < L.n_sb; s++) {
        int32_t sums[16];
        ds[s] = quantize_sb256(x + s * 256, qs + s * 256, sums);
        for (int g = 0; g < 16; g++) b16[s * 16 + g] = static_cast<int16_t>(sums[g]);
        for (int c = 0; c < 8; c++) b32[s * 8 + c] = static_cast<int16_t>(sums[2 * c] + sums[2 * c + 1]);
    }
}

KernelTable make_table() {
    KernelTable t = scalar_table();  // f32 and the quantizers
    t.dot[static_cast<int>(Kind::Q4_0)] = by_nt<Q32<Q4_0Dec>::K>;
    t.dot[static_cast<int>(Kind::Q5_0)] = by_nt<Q32<Q5_0Dec>::K>;
    t.dot[static_cast<int>(Kind::Q5_1)] = by_nt<Q32<Q5_1Dec>::K>;
    t.dot[static_cast<int>(Kind::Q8_0)] = by_nt<Q32<Q8_0Dec>::K>;
    // Two rows per call share the activation loads (generation of the
    // q5_0 tensors in Qwen2.5's q4_k_m files, and the tensors of q4_0/q8_0
    // files that stay rows).
    t.dot2[static_cast<int>(Kind::Q4_0)] = by_nt2<Q32<Q4_0Dec>::K>;
    t.dot2[static_cast<int>(Kind::Q5_0)] = by_nt2<Q32<Q5_0Dec>::K>;
    t.dot2[static_cast<int>(Kind::Q5_1)] = by_nt2<Q32<Q5_1Dec>::K>;
    t.dot2[static_cast<int>(Kind::Q8_0)] = by_nt2<Q32<Q8_0Dec>::K>;
    t.dot[static_cast<int>(Kind::Q4_K)] = by_nt<Q4K>;
    t.dot[static_cast<int>(Kind::Q6_K)] = by_nt<Q6K>;
    // F32 keeps the scalar twin (copied above): its order is ggml's AVX-512
    // one, which conformance with llama.cpp's reference logits needs.
    t.dot[static_cast<int>(Kind::F16)] = by_nt<Flt<F16Load>::K>;
    t.dot[static_cast<int>(Kind::BF16)] = by_nt<Flt<BF16Load>::K>;
    // Panels: q8_0 (panels_avx2.cpp), q4_K and q6_K (panels_k_avx2.cpp,
    // panels_q6k_avx2.cpp), q5_0 (panels_q5_0_avx2.cpp); the scalar twins'
    // entries copied above are replaced, so can_pack() says yes for them.
    t.panel_q8_0 = nullptr;
    t.quantize_q8p = nullptr;
    t.panel_q4_k = nullptr;
    t.panel_q6_k = nullptr;
    t.quantize_q8kp = nullptr;
    t.panel_q5_0 = nullptr;
    t.panel_q5_1 = nullptr;
    avx2_add_panels(t);
    avx2_add_panels_k(t);
    avx2_add_panels_q5_0(t);
    t.quantize_q8 = quantize_q8;
    t.quantize_q8k = quantize_q8k;
    return t;
}

}  // namespace

const KernelTable* avx2_table() {
    static const KernelTable table = make_table();
    return &table;
}

}  // namespace os1::engine::kernels

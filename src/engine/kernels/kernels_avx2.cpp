// AVX2/FMA kernels (no VNNI): the q4_0/q5_0/q8_0 family with maddubs
// (u8 x s8 pairs into int16, then madd with ones into int32) and the float
// weight types with FMA. q4_K/q6_K and the activation quantizers use the
// scalar twins (same layouts), so the AVX2 tier is complete if not fastest.
// Compiled with -mavx2 -mfma -mf16c (by file name).
#include <immintrin.h>

#include <cstring>

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

struct Q5_0Dec {
    static constexpr size_t BYTES = sizeof(BlockQ5_0);
    static constexpr bool SIGNED = false;
    static __m256i decode(const uint8_t* p) {
        auto* b = reinterpret_cast<const BlockQ5_0*>(p);
        __m128i q = _mm_loadu_si128(reinterpret_cast<const __m128i*>(b->qs));
        __m256i v = _mm256_and_si256(_mm256_set_m128i(_mm_srli_epi16(q, 4), q), _mm256_set1_epi8(0x0F));
        uint32_t qh;
        std::memcpy(&qh, b->qh, 4);
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
};

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

template <typename Dec, int NT>
void dot_q32_nt(const uint8_t* w, int64_t n, const uint8_t* act, size_t as, float* out, int64_t os) {
    ActQ8Layout L(n);
    __m256 acc[NT];
    for (int t = 0; t < NT; t++) acc[t] = _mm256_setzero_ps();
    const __m256i ones = _mm256_set1_epi16(1);
    for (int64_t b = 0; b < L.n_blocks; b++) {
        const uint8_t* p = w + b * Dec::BYTES;
        __m256i u = Dec::decode(p);
        __m256i au = Dec::SIGNED ? _mm256_sign_epi8(u, u) : u;  // |w| for the sign trick
        uint16_t h;
        std::memcpy(&h, p, 2);
        const float dw = h2f(h);
        for (int t = 0; t < NT; t++) {
            const uint8_t* a = act + t * as;
            __m256i x = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(a + L.qs_off + b * 32));
            if (Dec::SIGNED) x = _mm256_sign_epi8(x, u);  // w*x = |w| * (x * sign(w))
            __m256i dp = _mm256_madd_epi16(_mm256_maddubs_epi16(au, x), ones);
            if (!Dec::SIGNED) {
                // Unsigned lanes: start from -offset * sum(x) (lane 0 of the block).
                const int32_t off = reinterpret_cast<const int32_t*>(a + L.negoff_off)[(b / 2) * 16 + (b % 2) * 8];
                dp = _mm256_add_epi32(dp, _mm256_setr_epi32(off, 0, 0, 0, 0, 0, 0, 0));
            }
            const float dx = reinterpret_cast<const float*>(a + L.xs_off)[(b / 2) * 16 + (b % 2) * 8];
            acc[t] = _mm256_fmadd_ps(_mm256_cvtepi32_ps(dp), _mm256_set1_ps(dw * dx), acc[t]);
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


template <typename D> struct Q32 { template <int NT> struct K { static void run(const uint8_t* w, int64_t n, const uint8_t* a, size_t as, float* o, int64_t os) { dot_q32_nt<D, NT>(w, n, a, as, o, os); } }; };
template <typename Ld> struct Flt { template <int NT> struct K { static void run(const uint8_t* w, int64_t n, const uint8_t* a, size_t as, float* o, int64_t os) { dot_float_nt<Ld, NT>(w, n, a, as, o, os); } }; };

KernelTable make_table() {
    KernelTable t = scalar_table();  // q4_K, q6_K and the quantizers
    t.dot[static_cast<int>(Kind::Q4_0)] = by_nt<Q32<Q4_0Dec>::K>;
    t.dot[static_cast<int>(Kind::Q5_0)] = by_nt<Q32<Q5_0Dec>::K>;
    t.dot[static_cast<int>(Kind::Q8_0)] = by_nt<Q32<Q8_0Dec>::K>;
    t.dot[static_cast<int>(Kind::F32)] = by_nt<Flt<F32Load>::K>;
    t.dot[static_cast<int>(Kind::F16)] = by_nt<Flt<F16Load>::K>;
    t.dot[static_cast<int>(Kind::BF16)] = by_nt<Flt<BF16Load>::K>;
    return t;
}

}  // namespace

const KernelTable* avx2_table() {
    static const KernelTable table = make_table();
    return &table;
}

}  // namespace os1::engine::kernels

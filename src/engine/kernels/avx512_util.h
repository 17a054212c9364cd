// Small helpers shared by the AVX-512 kernel files (*_avx512.cpp only:
// they need the AVX-512 compile flags). File-private on purpose, like
// tile_dispatch.h: each including file keeps its own copies.
#pragma once

#include <immintrin.h>

#include <cstddef>
#include <cstdint>
#include <vector>

#include "engine/kernels/scratch.h"

namespace os1::engine::kernels {
namespace {

// The group helpers must inline into the kernels: a call would force the
// accumulator arrays into memory (and zero them there on every call).
#define OS1_INLINE inline __attribute__((always_inline))

inline float h2f(uint16_t h) { return _cvtsh_ss(h); }

// Measured on Zen 4 (kernels_bench): prefetching into L2 ahead of the rows
// (rows are contiguous) about doubles the single-thread rate. 8 KiB ahead
// beats 16 KiB in whole-model generation (Qwen2.5-0.5B: +5-9% tg, 2 threads):
// its K/V matrices are only ~120 KiB, so a long reach wastes bandwidth past
// each thread's rows.
constexpr size_t PREFETCH_BYTES = 8192;

inline void prefetch_l2(const uint8_t* p) { _mm_prefetch(reinterpret_cast<const char*>(p), _MM_HINT_T1); }

// res[m] = _mm512_reduce_add_ps(v[m]) for m < 16, bit for bit: the same
// tree (8 + 8, 4 + 4, (0 + 2) + (1 + 3)), four levels across registers.
OS1_INLINE void reduce16(const __m512* v, float* res) {
    __m512 s[8], q[4], h[2];
    for (int i = 0; i < 8; i++)
        s[i] = _mm512_add_ps(_mm512_shuffle_f32x4(v[2 * i], v[2 * i + 1], 0xEE),
                             _mm512_shuffle_f32x4(v[2 * i], v[2 * i + 1], 0x44));
    for (int i = 0; i < 4; i++)
        q[i] = _mm512_add_ps(_mm512_shuffle_f32x4(s[2 * i], s[2 * i + 1], 0xDD),
                             _mm512_shuffle_f32x4(s[2 * i], s[2 * i + 1], 0x88));
    for (int i = 0; i < 2; i++)
        h[i] = _mm512_add_ps(_mm512_shuffle_ps(q[2 * i], q[2 * i + 1], 0xEE),
                             _mm512_shuffle_ps(q[2 * i], q[2 * i + 1], 0x44));
    // Element 4l + k of the result is v[4k + l]: transpose back.
    const __m512i idx = _mm512_setr_epi32(0, 4, 8, 12, 1, 5, 9, 13, 2, 6, 10, 14, 3, 7, 11, 15);
    const __m512 r = _mm512_add_ps(_mm512_shuffle_ps(h[0], h[1], 0x88), _mm512_shuffle_ps(h[0], h[1], 0xDD));
    _mm512_storeu_ps(res, _mm512_permutexvar_ps(idx, r));
}

}  // namespace
}  // namespace os1::engine::kernels

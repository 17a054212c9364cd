// Small helpers shared by the AVX-512 kernel files (*_avx512.cpp only:
// they need the AVX-512 compile flags). File-private on purpose, like
// tile_dispatch.h: each including file keeps its own copies.
#pragma once

#include <immintrin.h>

#include <cstddef>
#include <cstdint>
#include <vector>

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

// This thread's 64-byte-aligned scratch of at least `bytes` (the decoded
// weight rows of a prompt block); only grows, so the forward pass
// allocates nothing after its first prompt.
inline uint8_t* thread_scratch(size_t bytes) {
    struct alignas(64) Line { uint8_t b[64]; };
    thread_local std::vector<Line> lines;
    if (lines.size() * 64 < bytes) lines.resize((bytes + 63) / 64);
    return reinterpret_cast<uint8_t*>(lines.data());
}

}  // namespace
}  // namespace os1::engine::kernels

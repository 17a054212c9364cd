// A thread's scratch for decoded weights (no intrinsics: shared by the
// AVX2 and AVX-512 kernel files). File-private on purpose, like
// tile_dispatch.h: each including file keeps its own copy.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace os1::engine::kernels {
namespace {

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

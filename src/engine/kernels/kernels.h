// Fast matrix kernels for the forward pass: a weight matrix (any type) times
// n_tokens activation rows, with runtime dispatch scalar -> AVX2/FMA ->
// AVX-512 VNNI on x86, scalar -> NEON -> NEON + dotprod on aarch64.
//
// How it works: activations are quantized once per call to int8 blocks
// (ActQ8: 32-element blocks, for q4_0/q5_0/q5_1/q8_0 weights; ActQ8K: 256-element
// super-blocks with 16-element sums, for q4_K/q6_K weights), then each
// weight row is decoded once into unsigned 8-bit lanes and dotted with up to
// TILE tokens at a time (integer multiply-adds, one float scale per block),
// so prompt batches reuse every decoded weight block TILE times. Float
// weights (f32/f16/bf16) use float FMAs directly. Other types fall back to
// dequantize_row() + a float dot.
//
// Determinism: a token's result does not depend on which other tokens share
// its call, the tile it lands in or the thread count (each token has its own
// accumulators, visited in the same order), so batched and one-at-a-time
// evaluation agree bit for bit for a given ISA.
//
// Thread safety: matmul() may run concurrently on different outputs; the
// ISA override is process-wide and meant for tests.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "engine/gguf/gguf.h"

// Which ISA files this build compiles (src/engine/CMakeLists.txt): the
// *_avx2 / *_avx512 files on x86 only, the *_neon* files on aarch64 only.
// Dispatch code names another family's functions only under its macro.
#if defined(__x86_64__) || defined(__i386__)
#define OS1_KERNELS_X86 1
#else
#define OS1_KERNELS_X86 0
#endif
#if defined(__aarch64__)
#define OS1_KERNELS_NEON 1
#else
#define OS1_KERNELS_NEON 0
#endif

namespace os1::engine::kernels {

// Two families, each ordered from slowest to fastest: x86 Scalar < Avx2 <
// Avx512, aarch64 Scalar < Neon < NeonDot (NEON plus the dotprod SDOT).
enum class Isa { Scalar, Avx2, Avx512, Neon, NeonDot };

const char* isa_name(Isa isa);
// Best ISA this CPU supports (honours OS1_CPU=scalar|avx2|neon via cpu_features()).
Isa detected_isa();
// Whether this build and this CPU can run `isa` (Scalar: always).
bool isa_supported(Isa isa);
// Every ISA isa_supported() accepts, Scalar first (tests loop over them).
std::vector<Isa> supported_isas();
// The ISA matmul() uses: detected_isa() unless overridden.
Isa active_isa();
// Forces an ISA (tests); one that isa_supported() refuses gives
// detected_isa() instead. Returns the previous one.
Isa set_isa(Isa isa);

// Whether `type` has an int8/float fast path (otherwise: dequantize + dot).
bool has_fast_path(GgmlType type);
// Whether the active ISA has SIMD panel kernels for `type` (AVX2 and
// AVX-512: q8_0, q4_K, q6_K, q5_0, q5_1; NEON: none yet, rows only).
bool has_simd_panels(GgmlType type);

// A weight matrix: n_rows rows of n_cols elements, row r at data + r * row_bytes.
struct MatrixView {
    GgmlType type = GgmlType::F32;
    const uint8_t* data = nullptr;
    size_t row_bytes = 0;
    int64_t n_rows = 0;
    int64_t n_cols = 0;
    bool panels = false;  // repacked by pack_panels (layout.h); rows are then not at data + r * row_bytes
};

// Panels: q8_0, q4_K, q6_K, q5_0 and q5_1 matrices of the forward pass are
// repacked once at load into 16-row panels (layout.h) when the active ISA
// has panel kernels for the type (AVX-512: each vpdpbusd then advances 16
// rows, prompt products 1.3-1.7x as fast; AVX2: prompts 1.3-2x, q5_0
// generation 1.5x). A panel matrix gives
// each (row, token) the same bits in every call shape, but not the bits of
// the row layout (a different float order).
bool can_pack(GgmlType type, int64_t n_rows, int64_t n_cols);
// In place; `data` holds n_rows rows of `type`. Same size before and after.
void pack_panels(GgmlType type, uint8_t* data, int64_t n_rows, int64_t n_cols);
// Row r of a panel matrix back in the type's row layout.
void unpack_panel_row(GgmlType type, const uint8_t* data, int64_t n_cols, int64_t r, uint8_t* row);

// Work shared by every thread of one matmul call: the quantized activations.
// prepare() quantizes x (n_tokens, n_cols) for `type` into `buffer`
// (buffer_bytes(...) bytes, 64-byte aligned); then each thread calls
// compute() on its own range of rows. The buffer's layout belongs to the
// active ISA: prepare() and compute() must run under the same set_isa().
// `panels`: for a panel matrix (its own activation layout, ActQ8P or ActQ8KP).
size_t act_buffer_bytes(GgmlType type, int64_t n_cols, int64_t n_tokens, bool panels = false);
void prepare(GgmlType type, const float* x, int64_t n_cols, int64_t n_tokens, uint8_t* buffer, bool panels = false);
// Rows [row_begin, row_end) of y[t][r] = dot(row r, x[t]);
// y has row stride y_stride. `buffer` is what prepare() filled; float
// fallback types need `scratch` of n_cols floats per thread.
void compute(const MatrixView& w, const float* x, const uint8_t* buffer, int64_t n_tokens, float* y,
             int64_t y_stride, int64_t row_begin, int64_t row_end, float* scratch);

// Single-threaded convenience (tests, small calls): allocates its buffer.
void matmul_simple(const MatrixView& w, const float* x, int64_t n_tokens, float* y, int64_t y_stride);

}  // namespace os1::engine::kernels

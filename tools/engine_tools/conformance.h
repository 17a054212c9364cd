// Conformance against reference logits (llama.cpp's, in the reference kit
// ../shared/conformance/engine): for a model and a prompt, how far are our
// logits from the reference, does the top token agree, and does greedy
// decoding continue the same way. Used by tests/engine/conformance_test.cpp
// and bench/conformance_report.cpp.
//
// Reference files: <name>.tokens.txt has lines "n_vocab N", "prompt ids..."
// and "greedy ids..."; <name>.logits.f32 is little-endian f32 of shape
// (n_prompt, n_vocab), row i after prompt tokens 0..i.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "core/result.h"

namespace os1::engine {

struct ReferenceCase {
    std::string name;                 // "syn-llama-q4_0", "stories260K"
    std::string kit = "engine";       // the kit's folder: "engine" or "archs"
    std::filesystem::path model;      // the GGUF file
    std::filesystem::path logits;     // <name>.logits.f32
    int n_vocab = 0;
    std::vector<int32_t> prompt;
    std::vector<int32_t> greedy;
};

// Every case in the kit: conformance/engine/*.gguf plus models/stories260K.gguf.
Result<std::vector<ReferenceCase>> reference_cases(const std::filesystem::path& shared_dir);
// Every case of conformance/archs (qwen3, gemma3, gemma2, phi3, smollm3 in
// f32/f16/q8_0/q4_k_m), sorted by name.
Result<std::vector<ReferenceCase>> arch_reference_cases(const std::filesystem::path& shared_dir);
Result<ReferenceCase> load_reference_case(const std::filesystem::path& model, const std::filesystem::path& ref_dir);

struct ConformanceResult {
    std::string name;
    std::string weight_type;       // most common weight type, e.g. "q4_K"
    int n_rows = 0;
    double max_rel_l2 = 0;         // max over rows of |ours - ref| / |ref|
    double median_rel_l2 = 0;      // median over rows
    std::vector<double> row_rel_l2;  // every row's error, in prompt order
    double top1_agreement = 0;     // fraction of rows whose argmax agrees
    int greedy_matched = 0;        // leading greedy tokens equal to the reference
    int greedy_total = 0;
    std::vector<int32_t> greedy_ours;
};

// Loads the model, evaluates the prompt in one batch (logits of all rows),
// compares, then decodes greedily for as many tokens as the reference has.
Result<ConformanceResult> check_conformance(const ReferenceCase& c, int n_threads = 1);

// The relative-L2 tolerance we hold a weight type to: 1e-4 for f32, 1e-2 for
// f16/bf16, 5e-2 for quantized types. It bounds the median row.
//
// conformance_max_tolerance() bounds every row. For f32 our arithmetic is
// llama.cpp's, bit for bit (every f32 model's logits equal the reference,
// stories260K included): one token at a time, ggml's CPU backend (AVX-512
// build) sums f32 matmuls as its f32 vector dot (4 x 16 lanes, then the
// n % 64 leftovers in order as the compiler vectorized that loop: products
// rounded, the last n % 8 fused), the attention products as its f16 vector
// dot with queries and weights rounded to f16, computes exp in softmax and
// SiLU with its vector method (SiLU: libm's expf for a row's last n % 16),
// and the compiler fuses one product of each rope rotation (ops.cpp,
// vec_ops.h, kernels_scalar.cpp's dot_f32). So every f32 row is held to
// 1e-6; other types' rows to their median bound.
double conformance_tolerance(const std::string& weight_type);
double conformance_max_tolerance(const std::string& weight_type);

// The bounds a case is held to (median row, every row). The engine kit's:
// the two functions above. The archs kit's references come from a
// llama.cpp build whose f32 arithmetic follows ggml's AVX2 flavour (its f32
// vector dot in 4 x 8 lanes, its AVX2 exp), where ours follows the AVX-512
// flavour the engine kit was made with, bit for bit: our f32 dot in the AVX2
// order brings phi3-f32 from 3.9e-6 to 2.2e-7, gemma2-f32 from 5.0e-5 to
// 4.1e-6, smollm3-f32 from 1.2e-4 to 3.9e-5 (BENCHMARKS.md, "Engine:
// architectures"). So f32 is held to the kit's median bound 1e-4, except
// smollm3-f32 (4 layers of random weights amplify the order difference;
// the kit's own independent numpy model is at 1.7e-4) at 2e-4, and every
// f32 row to 5e-4 (f16 rounding flips in the cache and softmax reach 3e-4
// on single rows); other types as the engine kit.
struct ConformanceBounds {
    double median = 0;
    double max_row = 0;
};
ConformanceBounds conformance_bounds(const ReferenceCase& c, const std::string& weight_type);

}  // namespace os1::engine

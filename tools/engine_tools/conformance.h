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
    std::filesystem::path model;      // the GGUF file
    std::filesystem::path logits;     // <name>.logits.f32
    int n_vocab = 0;
    std::vector<int32_t> prompt;
    std::vector<int32_t> greedy;
};

// Every case in the kit: conformance/engine/*.gguf plus models/stories260K.gguf.
Result<std::vector<ReferenceCase>> reference_cases(const std::filesystem::path& shared_dir);
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

}  // namespace os1::engine

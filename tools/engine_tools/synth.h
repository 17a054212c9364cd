// Synthetic models: random-weight GGUF files with the exact shapes of public
// models, for benchmarks (`os1 model synth`) and tests.
//
// A synthetic file has the metadata llama.cpp's loader and ours need, a
// SentencePiece-style vocabulary of the model's real size (<unk>, <s>, </s>,
// the 256 byte tokens <0x00>..<0xFF>, then generated pieces over "▁a-z"
// with decreasing scores, so every piece splits into two shorter pieces),
// and weights drawn from a fixed-seed generator (same seed, same bytes).
//
// Weight types per file type follow llama.cpp's quantizer rules closely
// enough that file sizes match the public files (see synth_tensor_type()):
//   f16     all matrices F16
//   q8_0    all matrices Q8_0
//   q4_0    Q4_0; the output matrix (token_embd when tied) Q6_K
//   q6_k    all matrices Q6_K
//   q4_k_m  Q4_K; output (or tied token_embd) Q6_K; attn_v and ffn_down
//           Q6_K on the "more bits" layers (first/last eighth, every third)
// K-quant matrices whose row length is not a multiple of 256 fall back as
// llama.cpp does: Q4_K -> Q5_0, Q6_K -> Q8_0 (this is why Qwen2.5-0.5B's
// Q4_K_M is mostly Q5_0). Norm weights and biases are F32.
// Not reproduced: Llama 3's rope_freqs.weight (long-context RoPE scaling),
// which does not change the cost of a forward pass.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "engine/gguf/gguf.h"

namespace os1::engine {

struct SynthPreset {
    std::string name;  // "qwen2.5-0.5b"
    std::string arch;  // "llama" or "qwen2"
    int64_t n_embd = 0, n_layer = 0, n_head = 0, n_head_kv = 0, n_ff = 0, n_vocab = 0, n_ctx = 0;
    float rope_base = 10000.0f;
    float rms_eps = 1e-5f;
    bool tied_embeddings = true;
    bool qkv_bias = false;
};

// qwen2.5-0.5b, llama3.2-1b, smollm2-135m.
Result<SynthPreset> synth_preset(std::string_view name);
std::vector<std::string> synth_preset_names();
// f16, q8_0, q4_0, q6_k, q4_k_m.
std::vector<std::string> synth_type_names();

enum class SynthRole { TokenEmbd, Output, AttnQ, AttnK, AttnV, AttnOut, FfnGate, FfnUp, FfnDown };

// The type a matrix gets under file type `ftype` (one of synth_type_names()).
Result<GgmlType> synth_tensor_type(std::string_view ftype, SynthRole role, int64_t layer, int64_t n_layer,
                                   int64_t n_cols, bool tied_embeddings);

struct SynthOptions {
    SynthPreset preset;
    std::string type = "q8_0";
    uint64_t seed = 1234;
    int n_threads = 2;  // quantization threads
};

// Writes the model to `path` (streamed, one tensor in memory at a time).
Result<void> synth_model(const SynthOptions& options, const std::filesystem::path& path);

// The generated vocabulary (tokens, scores, types) of size n_vocab >= 262.
struct SynthVocab {
    std::vector<std::string> tokens;
    std::vector<float> scores;
    std::vector<int32_t> types;
};
SynthVocab synth_vocab(int64_t n_vocab);

class GgufWriter;
// Writes that vocabulary's tokenizer.ggml.* keys (SentencePiece, BOS 1, EOS 2, UNK 0).
void set_synth_tokenizer(GgufWriter& w, int64_t n_vocab);

}  // namespace os1::engine

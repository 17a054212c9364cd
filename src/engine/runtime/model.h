// Model internals shared by the loader, the architectures and the forward
// pass: hyper-parameters, weight views and the architecture table entry.
// Not part of the public API (engine.h is).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "engine/gguf/gguf.h"
#include "engine/gguf/tensor_types.h"

namespace os1::engine {

class Session;
class Model;

enum class RopeStyle {
    Normal,  // rotates pairs (x[2i], x[2i+1])  (llama)
    NeoX,    // rotates pairs (x[i], x[i + n_rot/2])  (qwen2, gpt-neox)
};

// The feed-forward block's gate activation: silu(gate) * up (llama, qwen,
// phi3, smollm3) or gelu_tanh(gate) * up (gemma 2/3).
enum class FfnActivation { Silu, GeluTanh };

struct HParams {
    std::string arch;
    int n_vocab = 0;
    int n_ctx_train = 0;
    int n_embd = 0;
    int n_layer = 0;
    int n_head = 0;
    int n_head_kv = 0;
    int head_dim = 0;  // per head, for Q, K and V
    int n_ff = 0;
    int n_rot = 0;     // rotated dimensions per head (<= head_dim)
    float rms_eps = 1e-5f;
    float rope_freq_base = 10000.0f;
    float rope_freq_scale = 1.0f;  // 1 / scaling factor (linear or YaRN)
    RopeStyle rope_style = RopeStyle::Normal;
    // YaRN (rope.scaling.type = yarn): ext_factor 1 mixes interpolated and
    // original angles per rotated pair, ramping between the correction
    // dims; attn_factor scales cos/sin. ext_factor 0 = off.
    float yarn_ext_factor = 0.0f;
    float yarn_attn_factor = 1.0f;
    float yarn_corr_low = 0.0f, yarn_corr_high = 0.0f;

    // Features of the newer decoders, each off by default (llama/qwen2 use
    // none); an architecture file sets the ones it has, the forward pass
    // (arch/llama.cpp) reads them as data.
    FfnActivation ffn_act = FfnActivation::Silu;
    float embd_scale = 0.0f;       // token embeddings multiplied by this (gemma: sqrt(n_embd)); 0 = no
    float attn_q_scale = 0.0f;     // queries multiplied by this after rope and attention scores not
                                   // scaled again (gemma, phi3); 0 = scores scaled by 1/sqrt(head_dim)
    float attn_softcap = 0.0f;     // scores -> cap * tanh(score / cap) before softmax (gemma2); 0 = no
    float final_softcap = 0.0f;    // the same on the output logits (gemma2); 0 = no
    // Sliding-window attention (gemma 2/3): layer il is local when
    // swa_pattern > 0 and il % swa_pattern < swa_pattern - 1; a local layer's
    // query at p sees keys at p' with p - p' < n_swa, with its own rope base
    // and scale (gemma3: rope.freq_base_swa, no scaling).
    int n_swa = 0;
    int swa_pattern = 0;
    float rope_freq_base_swa = 10000.0f;
    float rope_freq_scale_swa = 1.0f;
    // Layers without rotary positions (smollm3): layer il has none when
    // nope_layer_step > 0 and (il + 1) % nope_layer_step == 0.
    int nope_layer_step = 0;

    bool layer_is_local(int il) const { return swa_pattern > 0 && n_swa > 0 && il % swa_pattern < swa_pattern - 1; }
    bool layer_has_rope(int il) const { return nope_layer_step <= 0 || (il + 1) % nope_layer_step != 0; }

    int n_embd_q() const { return n_head * head_dim; }
    int n_embd_kv() const { return n_head_kv * head_dim; }
};

// A 2-D weight matrix viewed in the mapped file: n_rows rows of n_cols
// elements of `type`, row-major (GGUF shape = {n_cols, n_rows}).
struct Weight {
    const GgufTensor* tensor = nullptr;
    GgmlType type = GgmlType::F32;
    int64_t n_cols = 0;
    int64_t n_rows = 0;
    size_t row_bytes = 0;
    const uint8_t* data = nullptr;
    bool panels = false;  // repacked in 16-row panels at load (kernels.h); row() does not apply then

    const uint8_t* row(int64_t r) const { return data + static_cast<size_t>(r) * row_bytes; }
    bool empty() const { return data == nullptr; }
};

struct LayerWeights {
    std::vector<float> attn_norm;  // (n_embd)
    Weight wq;                     // (n_embd_q, n_embd)
    Weight wk;                     // (n_embd_kv, n_embd)
    Weight wv;                     // (n_embd_kv, n_embd)
    std::vector<float> bq;         // (n_embd_q) or empty
    std::vector<float> bk;         // (n_embd_kv) or empty
    std::vector<float> bv;         // (n_embd_kv) or empty
    std::vector<float> q_norm;     // (head_dim) RMSNorm of each query head before rope, or empty (qwen3, gemma3)
    std::vector<float> k_norm;     // (head_dim) the same for key heads, or empty
    std::vector<float> attn_post_norm;  // (n_embd) RMSNorm of the attention output before the residual, or empty (gemma)
    std::vector<float> ffn_post_norm;   // (n_embd) the same for the FFN output, or empty (gemma)
    Weight wo;                     // (n_embd, n_embd_q)
    std::vector<float> ffn_norm;   // (n_embd)
    Weight w_gate;                 // (n_ff, n_embd)
    Weight w_up;                   // (n_ff, n_embd)
    Weight w_down;                 // (n_embd, n_ff)
};

struct ModelWeights {
    Weight tok_embd;                // (n_vocab, n_embd)
    std::vector<float> output_norm; // (n_embd)
    Weight output;                  // (n_vocab, n_embd); token_embd when tied
    std::vector<float> rope_freqs;  // (n_rot / 2) frequency divisors, or empty
    std::vector<LayerWeights> layers;
    // The matrices' bytes when copied out of the file mapping into anonymous
    // memory (place_weights_in_memory); null while they are views into it.
    std::shared_ptr<const uint8_t> memory;
};

struct ForwardState;

// One row of the architecture table (arch/architectures.cpp): how to read
// an architecture's hyper-parameters and tensors and run its forward pass.
struct Architecture {
    const char* name;
    Result<void> (*load_hparams)(const GgufFile& file, HParams& hp);
    Result<void> (*load_weights)(const GgufFile& file, const HParams& hp, ModelWeights& w);
    // Runs n_tokens tokens at positions pos0.. through the model, appending
    // their keys/values to the cache. logits: null (no output needed),
    // (n_vocab) for the last token, or (n_tokens, n_vocab) when all_logits.
    void (*forward)(const Model& model, ForwardState& state, const int32_t* tokens, int n_tokens, int pos0,
                    float* logits, bool all_logits);
};

// The architecture named by general.architecture, or nullptr.
const Architecture* find_architecture(std::string_view name);
// "llama, qwen2" for error messages.
std::string supported_architectures();

// --- helpers for architecture files (arch/loader.cpp) ---

// Reads the hyper-parameters every llama-like architecture shares from
// "<arch>.*" keys; missing required keys are errors naming the key.
Result<void> load_common_hparams(const GgufFile& file, HParams& hp);

// The tensor `name` as a matrix of n_rows x n_cols; errors name the tensor
// when it is missing, has another shape or a type we cannot compute with.
Result<Weight> get_weight(const GgufFile& file, const std::string& name, int64_t n_cols, int64_t n_rows);
// Whether the file has the tensor.
bool has_tensor(const GgufFile& file, const std::string& name);
// A vector tensor of n elements, dequantized to f32.
Result<std::vector<float>> get_vector(const GgufFile& file, const std::string& name, int64_t n);

// "blk.<i>.<suffix>"
std::string layer_tensor(int layer, std::string_view suffix);

// Which optional tensors a decoder's layers have (load_decoder_weights).
struct DecoderTensors {
    bool qkv_bias = false;   // blk.N.attn_{q,k,v}.bias required (qwen2); read when present otherwise
    bool qk_norm = false;    // blk.N.attn_{q,k}_norm (head_dim) required (qwen3, gemma3)
    bool post_norms = false; // blk.N.post_attention_norm, post_ffw_norm required (gemma 2/3)
    bool fused_qkv = false;  // blk.N.attn_qkv: Q, K, V rows in one matrix, when present (phi3)
    bool fused_gate_up = false;  // blk.N.ffn_up of 2 n_ff rows, gate first, when ffn_gate is absent (phi3)
};
// Loads a decoder's tensors: those of load_llama_like_weights plus the
// optional ones `spec` names. Fused matrices become row views of one
// tensor (Q, K, V; gate, up), so the forward pass sees separate weights.
Result<void> load_decoder_weights(const GgufFile& file, const HParams& hp, ModelWeights& w, const DecoderTensors& spec);

// Reads the sliding-window keys (<arch>.attention.sliding_window and
// .sliding_window_pattern, default_pattern when absent) into hp.
Result<void> load_sliding_window(const GgufFile& file, HParams& hp, int default_pattern);

// What gemma 2 and 3 share (arch/gemma3.cpp, gemma2.cpp): the common keys,
// the sliding window (default_swa_pattern when the key is absent), NeoX
// rope, GELU(tanh)-gated FFN, embeddings x sqrt(n_embd), queries x
// 1/sqrt(key_length) after rope (the 27B, with n_layer_27b layers, scales
// by 1/sqrt(n_embd / n_head), its query_pre_attn_scalar).
Result<void> load_gemma_hparams(const GgufFile& file, HParams& hp, int default_swa_pattern, int n_layer_27b);

// Loads the tensors of a llama-style decoder (token_embd, output_norm,
// output or tied, blk.N.{attn_norm,attn_q,attn_k,attn_v,attn_output,
// ffn_norm,ffn_gate,ffn_up,ffn_down}); with_qkv_bias also reads (and
// requires) blk.N.attn_{q,k,v}.bias.
Result<void> load_llama_like_weights(const GgufFile& file, const HParams& hp, ModelWeights& w, bool with_qkv_bias);

// model_fingerprint()'s value for a file (session_state.cpp), computed by
// Model::from_gguf once its hyper-parameters are read.
uint64_t file_fingerprint(const GgufFile& file, const HParams& hp);

// Copies every matrix of w out of the file mapping into one anonymous
// buffer on transparent huge pages and points the views there
// (arch/weight_memory.cpp): generation reads every weight byte per token,
// and from 4 KiB file pages it reached about half the read bandwidth
// (TLB misses; the hardware prefetcher stops at page ends). The copied
// range of the mapping is given back as it goes, so resident memory stays
// about one copy. No-op for a caller's buffer (GgufFile::from_memory) and
// with OS1_WEIGHTS=mmap; if the memory cannot be had the views stay.
void place_weights_in_memory(const GgufFile& file, ModelWeights& w);

}  // namespace os1::engine

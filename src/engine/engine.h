// os1's inference engine, public API: load a GGUF model, evaluate tokens,
// sample and generate text.
//
//   auto model = TRY(Model::load("qwen2.5-1.5b-instruct-q4_k_m.gguf", {.n_ctx = 4096}));
//   auto session = TRY(model->new_session());
//   auto prompt = model->tokenizer().encode(text, model->tokenizer().add_bos_default());
//   auto stats = TRY(session->generate(prompt, {.max_tokens = 128}, [](std::string_view piece) {
//       std::fputs(std::string(piece).c_str(), stdout);
//       return true;  // false cancels
//   }));
//
// Ownership: Model owns the mapped file, the weights (pointers into the
// mapping plus small dequantized vectors), the tokenizer and the chat
// template. A Session borrows its Model, which must outlive it, and owns
// its KV cache (f16, 2 x n_layer x n_ctx x n_embd_kv halves) and every
// scratch buffer: the forward pass allocates nothing.
//
// KV reuse: a Session remembers which tokens its cache holds (tokens()).
// generate() keeps the longest common prefix of that and the new prompt and
// only evaluates the rest, so a chat that re-sends the whole conversation
// each turn pays only for the new text. eval() always appends.
// save_state()/load_state() carry the cache across processes.
//
// Thread safety: a Model is immutable after load() and may be shared by
// any number of sessions on any threads. A Session is used by one thread
// at a time (it runs its own worker threads inside eval/generate).
//
// Errors: unreadable/corrupt files, unsupported architectures or tensor
// types, missing tensors and bad shapes come back from load() naming the
// file, key or tensor; a prompt longer than the context is OutOfRange with
// both numbers; bad token ids are Invalid.
//
// The front door: code outside src/engine (apps, brain, companion, the
// engine-level benchmarks) includes this header and nothing deeper. It
// brings the public types along: GgufFile (metadata of a model file,
// engine/gguf/gguf.h), Tokenizer and StreamDecoder (engine/text/tokenizer.h),
// ChatTemplate (engine/text/chat_template.h) and the sampler's options
// (engine/runtime/sampler.h). tests/cli layering_test checks the rule.
#pragma once

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "engine/gguf/gguf.h"
#include "engine/runtime/sampler.h"
#include "engine/text/chat_template.h"
#include "engine/text/tokenizer.h"

namespace os1::engine {

class Session;
struct Architecture;
struct ForwardState;
struct HParams;
struct ModelWeights;

struct ModelOptions {
    // Default context (tokens) of sessions made from this model; 0 means
    // min(n_ctx_train, 4096). Sessions may override it.
    int n_ctx = 0;
    // Worker threads of the forward pass; 0 means one per hardware thread.
    int n_threads = 0;
};

// What a model is, for `os1 doctor`, logs and the brain's limits.
struct ModelInfo {
    std::string name;          // general.name, else the file name
    std::string architecture;  // "llama", "qwen2"
    std::filesystem::path path;
    std::string type_summary;  // most common weight type, e.g. "q4_K"
    int n_ctx_train = 0;       // context length the model was trained with
    int n_vocab = 0;
    int n_embd = 0;
    int n_layer = 0;
    int n_head = 0;
    int n_head_kv = 0;
    int head_dim = 0;
    int n_ff = 0;
    int64_t n_params = 0;      // elements of all weight tensors
    uint64_t file_size = 0;    // bytes
};

class Model {
public:
    static Result<std::unique_ptr<Model>> load(const std::filesystem::path& path, const ModelOptions& options = {});
    // For tests/fuzzing: a GgufFile already opened (the model takes it).
    static Result<std::unique_ptr<Model>> from_gguf(std::unique_ptr<GgufFile> file, const ModelOptions& options = {});

    ~Model();
    Model(const Model&) = delete;
    Model& operator=(const Model&) = delete;

    const ModelInfo& info() const { return m_info; }
    const ModelOptions& options() const { return m_options; }
    const Tokenizer& tokenizer() const { return *m_tokenizer; }
    // The chat template recognised from tokenizer.chat_template; nullopt
    // when the file has none or it is not a family we know (the caller may
    // then choose one with ChatTemplate::by_name).
    const std::optional<ChatTemplate>& chat_template() const { return m_chat_template; }
    // Raw metadata, for anything not summarised in info().
    const GgufFile& gguf() const { return *m_file; }

    struct SessionOptions {
        int n_ctx = 0;      // 0: the model's options().n_ctx
        int n_threads = 0;  // 0: the model's options().n_threads
        int n_batch = 0;    // tokens per forward step while reading a prompt; 0: 256
    };
    // A fresh session with its own KV cache of n_ctx tokens.
    Result<std::unique_ptr<Session>> new_session(const SessionOptions& options) const;
    Result<std::unique_ptr<Session>> new_session() const { return new_session(SessionOptions{}); }

    // Internals for the forward pass (engine/model.h defines them).
    const HParams& hparams() const { return *m_hparams; }
    const ModelWeights& weights() const { return *m_weights; }
    const Architecture& architecture() const { return *m_architecture; }
    uint64_t fingerprint() const { return m_fingerprint; }  // see model_fingerprint()

private:
    Model();

    ModelOptions m_options;
    ModelInfo m_info;
    std::unique_ptr<GgufFile> m_file;
    std::unique_ptr<HParams> m_hparams;
    std::unique_ptr<ModelWeights> m_weights;
    const Architecture* m_architecture = nullptr;
    std::unique_ptr<Tokenizer> m_tokenizer;
    std::optional<ChatTemplate> m_chat_template;
    uint64_t m_fingerprint = 0;
};

// Which rows of logits eval() returns.
enum class LogitsMode {
    Last,  // (n_vocab): after the last token
    All,   // (n_tokens, n_vocab): row i after tokens[0..i]
};

struct GenerateOptions {
    int max_tokens = 256;
    SamplerOptions sampling;
    // Generation stops when the text contains one of these; the stop string
    // and anything after it are not emitted (but stay in the KV cache).
    std::vector<std::string> stop;
    // Stop at the tokenizer's end-of-generation tokens (eos, eot, ...);
    // they are never emitted.
    bool stop_at_eog = true;
    // Set to true from anywhere (another thread, a signal handler) to stop:
    // checked between prompt batches and before every generated token.
    // Stopping during the prompt leaves the batches already read in the
    // cache (a later generate() reuses them). Null: never cancelled.
    const std::atomic<bool>* cancel = nullptr;
};

enum class StopReason {
    MaxTokens,        // max_tokens were generated
    EndOfGeneration,  // the model produced an end-of-generation token
    StopString,       // one of GenerateOptions::stop appeared
    Cancelled,        // the on_piece callback returned false or options.cancel was set
    ContextFull,      // the KV cache is full (n_ctx tokens)
};
std::string_view stop_reason_name(StopReason reason);

struct GenerateStats {
    int n_prompt_tokens = 0;  // tokens in the prompt
    int n_reused_tokens = 0;  // of which were already in the cache (not evaluated again)
    int n_generated = 0;      // tokens sampled (including a final end-of-generation token)
    double prompt_ms = 0;     // time evaluating the prompt
    double generate_ms = 0;   // time sampling + evaluating generated tokens
    StopReason stop_reason = StopReason::MaxTokens;
    std::string stop_string;        // the stop string that matched, if any
    std::vector<int32_t> tokens;    // the generated token ids
    std::string text;               // everything passed to on_piece, concatenated
};

// Receives generated text as it becomes final (valid UTF-8, never part of a
// stop string); return false to stop generating.
using OnPiece = std::function<bool(std::string_view piece)>;

// A 64-bit fingerprint of a model file: its size, metadata, tensor layout
// and the first bytes of every tensor. Two files share it only when they
// are (for all practical purposes) the same model in the same
// quantization. Saved session states carry it. Computed once at load,
// before the weights leave the file mapping (it reads the first bytes of
// every tensor there).
uint64_t model_fingerprint(const Model& model);

// The name of a tensor type as GGUF tools print it ("q4_K", "f16"); "?"
// for a type this build does not know.
std::string_view tensor_type_name(GgmlType type);

// The instruction set the kernels run with on this machine ("avx512",
// "avx2", "scalar"; OS1_ISA may force a lower one).
std::string_view kernels_isa_name();

class Session {
public:
    ~Session();
    Session(const Session&) = delete;
    Session& operator=(const Session&) = delete;

    const Model& model() const { return m_model; }
    int n_ctx() const;
    int n_threads() const;
    // The tokens whose keys/values are in the cache, in order.
    const std::vector<int32_t>& tokens() const { return m_tokens; }
    // Forgets the whole cache / everything after the first n tokens.
    void reset() { truncate(0); }
    void truncate(size_t n);

    // Appends tokens to the cache (evaluated in batches with a causal mask)
    // and returns their logits. Batched and one-at-a-time evaluation give
    // the same logits.
    Result<std::vector<float>> eval(std::span<const int32_t> tokens, LogitsMode mode = LogitsMode::Last);

    // Reuses the cached common prefix, evaluates the rest of the prompt,
    // then samples up to max_tokens tokens, streaming text to on_piece.
    Result<GenerateStats> generate(std::span<const int32_t> prompt, const GenerateOptions& options,
                                   const OnPiece& on_piece = {});

    // KV state on disk (session_state.cpp): save_state writes tokens() and
    // their keys/values (only those rows, not all n_ctx) with the model's
    // fingerprint and a checksum, atomically (the old file survives a
    // crash). load_state replaces the cache with a saved one, after which
    // eval/generate continue exactly as if the tokens had been evaluated
    // here (logits are not saved: generate() reads the prompt's last token
    // again, eval() computes them for what it appends). A file that is missing, truncated, corrupt, of another version
    // or from another model (another quantization included), or holding
    // more tokens than n_ctx is an Error saying which, and the session is
    // left unchanged.
    // `n_tokens` saves only the first n cached tokens (a shared prefix, such
    // as the system message, that later prompts can start from).
    Result<void> save_state(const std::filesystem::path& path, size_t n_tokens = SIZE_MAX) const;
    Result<void> load_state(const std::filesystem::path& path);

private:
    friend class Model;
    Session(const Model& model, std::unique_ptr<ForwardState> state);
    // Runs tokens through the model in batches; writes logits of the last
    // token (mode Last) or of all tokens into `logits` (may be null).
    Result<void> forward(std::span<const int32_t> tokens, LogitsMode mode, float* logits);

    const Model& m_model;
    std::unique_ptr<ForwardState> m_state;  // KV cache + scratch buffers (engine/forward.h)
    std::vector<int32_t> m_tokens;
    std::vector<float> m_logits;  // (n_vocab) logits after m_tokens, for generate()
};

}  // namespace os1::engine

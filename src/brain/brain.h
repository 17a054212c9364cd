// brain::Brain — the one interface the companion talks to for words.
//
// A Brain streams a reply to a chat request, piece by piece, through a
// callback. Three backends (see make_brain):
//   local   the in-process engine on a GGUF file (src/engine)
//   openai  any OpenAI-compatible /v1/chat/completions server (SSE streaming)
//   none    no model: available() is false and unavailable_reason() says how
//           to install one ("os1 pull ..."); chat() returns an Error.
//
//   os1::brain::BrainFlags flags;
//   os1::brain::add_brain_flags(parser, &flags);         // --brain --model --url --api-key
//   ...
//   auto cfg = TRY(os1::brain::resolve_brain_config(flags, config, paths));
//   auto brain = TRY(os1::brain::make_brain(cfg));
//   ChatRequest req; req.messages = {{"system", "..."}, {"user", "hello"}};
//   auto res = brain->chat(req, [](std::string_view piece) { print(piece); return true; }, &g_cancel);
//
// Errors: chat() returns an Error when nothing was generated (server down,
// bad key, model missing, cancelled before the first piece is NOT an error:
// it returns finish_reason Cancelled with empty text). Once pieces have been
// streamed, a later failure is reported in ChatResult (finish_reason Error,
// `error` set) so the caller keeps what the person already saw.
//
// Thread safety: one chat() at a time per Brain. The cancel flag may be set
// from any thread or from a signal handler (it is a lock-free atomic<bool>);
// the brain checks it between pieces (local: every token and between
// prompt batches; openai: every received chunk and at least every 100 ms
// while waiting).
#pragma once

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/args.h"
#include "core/config.h"
#include "core/paths.h"
#include "core/result.h"

namespace os1::brain {

// One turn of a conversation. role is "system", "user" or "assistant"
// (the OpenAI and chat-template vocabulary).
struct ChatMessage {
    std::string role;
    std::string content;
};

struct ChatRequest {
    std::vector<ChatMessage> messages;
    int max_tokens = 256;       // pieces to generate at most (finish_reason Length when hit)
    float temperature = 0.7f;   // 0 = greedy
    float top_p = 0.9f;
    uint64_t seed = 0;          // 0 = pick one (non-deterministic)
    std::vector<std::string> stop;  // extra stop strings (never included in the text)
};

// Called with each piece of text as it is made (UTF-8; a piece never splits
// a multi-byte character). Return false to stop (same as setting cancel).
using TokenCallback = std::function<bool(std::string_view piece)>;

// Set to true (from anywhere, including a signal handler) to stop a chat().
using CancelFlag = std::atomic<bool>;
static_assert(std::atomic<bool>::is_always_lock_free, "cancel flag must be signal-safe");

enum class FinishReason {
    Stop,       // the model ended its turn or hit a stop string
    Length,     // max_tokens (or the context window) reached
    Cancelled,  // the callback returned false or the cancel flag was set
    Error,      // failed after some pieces were streamed (see ChatResult::error)
};
std::string_view finish_reason_name(FinishReason reason);  // "stop", "length", "cancelled", "error"

struct ChatResult {
    std::string text;           // everything streamed, concatenated
    int n_prompt_tokens = 0;    // exact for local; server-reported or estimated for openai
    int n_generated = 0;        // tokens (local) or server-reported tokens / pieces (openai)
    int n_reused_tokens = 0;    // local: prompt tokens already in the KV cache (not read again); 0 elsewhere
    double prompt_ms = 0;       // time to process the prompt (local) / until headers (openai)
    double first_token_ms = 0;  // from the call to the first piece
    double total_ms = 0;        // from the call to the end
    FinishReason finish_reason = FinishReason::Stop;
    std::string error;          // set when finish_reason == Error
};

enum class Backend { None, Local, OpenAI };
std::string_view backend_name(Backend backend);  // "none", "local", "openai"
Result<Backend> parse_backend(std::string_view text);  // Invalid names the choices

// Everything a backend needs, already resolved (see resolve_brain_config).
struct BrainConfig {
    Backend backend = Backend::None;
    // local: the GGUF file to load; `model` is what the person named (path,
    // alias or file name) for messages.
    std::filesystem::path model_path;
    std::string model;
    // openai: base URL up to and including /v1 (".../chat/completions" is
    // appended); model name sent to the server (may be empty: "default").
    std::string url;
    std::string api_key;
    std::string model_name;
    double connect_timeout_s = 10;
    double read_timeout_s = 120;  // brain.timeout_s: the stall window (see stall_min_bytes)
    uint64_t stall_min_bytes = 256;  // brain.stall_min_bytes: fewer bytes than this in read_timeout_s is a stall
    double deadline_s = 600;      // brain.deadline_s: one whole reply, every retry and wait included
    uint64_t max_response_bytes = 8u << 20;  // brain.max_response_bytes: one reply's bytes on the wire
    int max_retries = 3;          // before the first piece: connection failures, 429, 5xx (never a stall)
    double retry_backoff_s = 0.5; // first wait; doubles each retry (a Retry-After header wins, capped at 10 s)
    // local engine knobs (0 = engine default: all cores / the model's window capped by the engine)
    int threads = 0;
    int n_ctx = 0;
    // local: force a chat template family ("chatml", "llama3", ...; brain.chat_template);
    // empty = the one the GGUF declares, else a plain User:/Assistant: transcript.
    std::string chat_template;
    // none: why there is no brain (shown by the companion / doctor).
    std::string reason;
    // local: a folder where the conversation's KV state is kept between
    // runs (see Brain::save_state); empty = not kept. The companion sets
    // kv_state_dir(paths).
    std::filesystem::path state_dir;
};

class Brain {
public:
    virtual ~Brain() = default;

    virtual Backend backend() const = 0;
    // One line for /model and os1 doctor: "local qwen2.5-0.5b-instruct (qwen2 Q4_K_M, 4096 ctx)",
    // "openai http://127.0.0.1:8080/v1 model llama3", "none (no model installed)".
    virtual std::string describe() const = 0;

    // false only for the none backend (or a local model that failed to load lazily).
    virtual bool available() const { return true; }
    // Why not available, with what to do ("no model installed: run 'os1 pull qwen2.5-0.5b'").
    virtual std::string unavailable_reason() const { return {}; }

    // A one-line notice the caller prints once, empty when there is nothing
    // to say (e.g. "this model has no chat template; using a plain
    // 'User:/Assistant:' transcript").
    virtual std::string notice() const { return {}; }

    // The model's context window in tokens (prompt + reply must fit).
    virtual int context_tokens() const = 0;
    // Tokens in `text`: exact for local, an estimate (~4 bytes/token) for openai.
    virtual int count_tokens(std::string_view text) const = 0;
    virtual bool counts_exactly() const { return false; }
    // Tokens the whole prompt will take, chat-template overhead included.
    virtual int count_prompt_tokens(const std::vector<ChatMessage>& messages) const;

    // Streams the reply. See the file comment for the error contract.
    virtual Result<ChatResult> chat(const ChatRequest& request, const TokenCallback& on_token,
                                    const CancelFlag* cancel = nullptr) = 0;

    // Working memory between runs (local brain with a state_dir; a no-op
    // elsewhere). make_brain restores the KV state saved for this model
    // (a stale, damaged or mismatched file is ignored with a log line), so
    // the persona and recent turns are not read again after a restart;
    // save_state() writes it (the companion calls it when a chat ends) and
    // removes states of other models. Tokens restored at start: restored_tokens().
    virtual Result<void> save_state() { return ok(); }
    virtual int restored_tokens() const { return 0; }
    // True when the working memory already holds `messages` (rendered as
    // the start of a conversation) in full: a prompt that starts with them
    // is not read again. The companion uses it in a fresh process to pick
    // the window the saved state holds. Always false without a KV cache.
    virtual bool holds_prefix(const std::vector<ChatMessage>& /*messages*/) const { return false; }
    // Brings the working memory to `conversation` (rendered as the start of
    // a conversation, as holds_prefix): after a reply, the conversation as
    // the next prompt will begin, so that prompt reads only what is new
    // (the context block and the next message), not the last exchange
    // again. Keeps what it already holds of it; stops early, keeping what
    // it read, when `cancel` is set. A no-op without a KV cache.
    virtual Result<void> read_ahead(const std::vector<ChatMessage>& /*conversation*/,
                                    const CancelFlag* /*cancel*/ = nullptr) {
        return ok();
    }
    // Drops the working memory, in this process and on disk (after a
    // /forget, so forgotten words cannot come back from the KV cache).
    virtual void forget_state() {}
};

// Where the companion keeps KV states: paths.cache_dir / "kv".
std::filesystem::path kv_state_dir(const Paths& paths);
// Deletes every saved KV state (and leftover temporary files) in `dir`;
// returns how many files went. A missing folder is not an error. Writes a
// new forget mark in `dir` first (see forget_mark()).
Result<int> forget_saved_states(const std::filesystem::path& dir);
// The mark the last forget_saved_states(dir) left ("" if none). A brain
// that finds it changed since it started saves no state: something was
// forgotten in another window, and its conversation still holds it.
std::string forget_mark(const std::filesystem::path& dir);
inline constexpr const char* FORGET_MARK = "forgotten.mark";

// Builds the brain for a resolved config. local loads the model now (an
// Error names the file and what is wrong with it); openai does no network
// I/O here; none always succeeds.
Result<std::unique_ptr<Brain>> make_brain(const BrainConfig& config);

// The per-command flags --brain, --model, --url, --api-key.
struct BrainFlags {
    std::string brain;    // local | openai | none
    std::string model;    // local: PATH, ALIAS or file name in models_dir; openai: the server's model name
    std::string url;      // openai base URL
    std::string api_key;  // openai key
};
void add_brain_flags(ArgParser& parser, BrainFlags* flags);

// Overwrites the value of every "--api-key KEY" / "--api-key=KEY" in argv
// (in place, before "--") with NUL bytes, so other users no longer see the
// key in ps or /proc/PID/cmdline, and warns once on stderr that it was
// visible while os1 started (the environment variable OS1_BRAIN_API_KEY or
// brain.api_key in config.toml are not). main() calls it after copying
// argv; returns how many values were wiped.
int hide_api_key_args(int argc, char** argv);

// Resolves flags over config over environment over defaults:
//   brain.backend, brain.model, brain.url, brain.api_key (also env
//   OS1_BRAIN_API_KEY, then brain.api_key_file: a file holding the key,
//   then env OPENAI_API_KEY), brain.openai_model,
//   brain.timeout_s, brain.connect_timeout_s, brain.deadline_s,
//   brain.stall_min_bytes, brain.max_response_bytes, brain.retries,
//   brain.threads, brain.n_ctx, brain.chat_template.
// --url (or brain.url) without a backend means openai. With nothing chosen:
// local if a model is installed in models_dir (brain.model, else the first
// *.gguf by name), else none (with a reason). A --model naming a
// file or alias that is not there is an Error saying to run 'os1 pull'.
// `getenv` is injectable for tests (nullptr = the process environment).
Result<BrainConfig> resolve_brain_config(const BrainFlags& flags, const Config& config, const Paths& paths,
                                         const Paths::Getenv& getenv = nullptr);

}  // namespace os1::brain

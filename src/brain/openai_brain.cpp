// The openai brain: any server speaking OpenAI's /v1/chat/completions with
// "stream": true (llama.cpp server, Ollama, vLLM, hosted APIs). Each
// attempt is one libcurl transfer; the body is parsed as server-sent events
// as it arrives and every content delta goes straight to the caller.
//
// Retries (connection failures, 429, 5xx) happen only before the first
// piece reached the caller: after that, a retry would repeat words the
// person already saw. A server that went silent is not retried.
//
// Budgets, so no server can hold or flood us (see BrainConfig): one reply,
// retries and waits included, ends by deadline_s; fewer than
// stall_min_bytes in read_timeout_s is a stall; more than
// max_response_bytes on the wire (headers included) is an error; and after
// request.max_tokens pieces the transfer is dropped with finish "length"
// even if the server would go on.
#include <chrono>
#include <cmath>
#include <thread>

#include "brain/backends.h"
#include "net/curl_run.h"
#include "net/sse.h"
#include "core/clock.h"
#include "core/json.h"
#include "core/log.h"

namespace os1::brain {

using net::CurlEasy;
using net::CurlHeaders;
using net::CurlOutcome;
using net::ensure_curl;
using net::error_body_message;
using net::is_transient;
using net::parse_stream_chunk;
using net::run_transfer;
using net::SseEvent;
using net::SseParser;
using net::StreamChunk;
using net::TransferLimits;

namespace {

using Clock = std::chrono::steady_clock;


// State of one attempt, shared with libcurl's callbacks.
struct Attempt {
    explicit Attempt(uint64_t max_bytes)
        : parser(std::min<size_t>(SseParser::MAX_LINE, max_bytes), std::min<size_t>(SseParser::MAX_EVENT, max_bytes)),
          max_bytes(max_bytes) {}

    const TokenCallback* on_token = nullptr;
    Clock::time_point t0;
    ChatResult* result = nullptr;
    SseParser parser;
    long status = 0;
    bool json_body = false;       // Content-Type application/json: a non-streamed reply or an error
    std::string body;             // error / non-streamed body (capped)
    std::string retry_after;      // Retry-After header
    bool got_headers = false;
    bool saw_done = false;
    bool stopped_by_caller = false;
    std::string stream_error;     // {"error":...} inside the stream, or a parse error
    bool stream_broken = false;   // stream_error is ours (not JSON, over a cap), not the server's
    uint64_t max_bytes;           // the byte budget (headers + body)
    uint64_t bytes = 0;
    bool over_bytes = false;
    int max_pieces = 0;           // the token budget (0 = none)
    bool hit_max_pieces = false;
    int n_pieces = 0;
    std::optional<int> prompt_tokens, completion_tokens;
    std::string finish_reason;
    CURL* easy = nullptr;

    bool handle_chunk(const StreamChunk& c) {
        if (!c.error.empty()) {
            stream_error = c.error;
            return false;
        }
        if (c.prompt_tokens) prompt_tokens = c.prompt_tokens;
        if (c.completion_tokens) completion_tokens = c.completion_tokens;
        if (!c.finish_reason.empty()) finish_reason = c.finish_reason;
        if (c.done) {
            saw_done = true;
            return false;
        }
        if (c.content.empty()) return true;
        if (n_pieces == 0) result->first_token_ms = ms_since(t0);
        n_pieces++;
        result->text += c.content;
        if (!(*on_token)(c.content)) {
            stopped_by_caller = true;
            return false;
        }
        if (max_pieces > 0 && n_pieces >= max_pieces) {
            hit_max_pieces = true;
            return false;
        }
        return true;
    }

    // false once the budget is spent (the transfer is then dropped).
    bool count(size_t len) {
        bytes += len;
        if (bytes > max_bytes) over_bytes = true;
        return !over_bytes;
    }
};

size_t on_header(char* data, size_t size, size_t n, void* user) {
    auto* a = static_cast<Attempt*>(user);
    std::string_view line(data, size * n);
    if (!a->count(line.size())) return 0;
    if (line.size() > 12 && (line.substr(0, 12) == "Retry-After:" || line.substr(0, 12) == "retry-after:")) {
        std::string_view v = line.substr(12);
        while (!v.empty() && (v.front() == ' ')) v.remove_prefix(1);
        while (!v.empty() && (v.back() == '\r' || v.back() == '\n' || v.back() == ' ')) v.remove_suffix(1);
        a->retry_after = std::string(v);
    }
    return size * n;
}

size_t on_body(char* data, size_t size, size_t n, void* user) {
    auto* a = static_cast<Attempt*>(user);
    size_t len = size * n;
    if (!a->count(len)) return 0;
    if (!a->got_headers) {
        a->got_headers = true;
        curl_easy_getinfo(a->easy, CURLINFO_RESPONSE_CODE, &a->status);
        char* type = nullptr;
        curl_easy_getinfo(a->easy, CURLINFO_CONTENT_TYPE, &type);
        a->json_body = type && std::string_view(type).find("json") != std::string_view::npos;
        a->result->prompt_ms = ms_since(a->t0);
    }
    if (a->status != 200 || a->json_body) {
        a->body.append(data, len);  // within the byte budget
        return len;
    }
    auto fed = a->parser.feed(std::string_view(data, len),
                              [&](const SseEvent& ev) {
                                  auto chunk = parse_stream_chunk(ev.data);
                                  if (!chunk) {
                                      a->stream_error = chunk.error().message;
                                      a->stream_broken = true;
                                      return false;
                                  }
                                  return a->handle_chunk(*chunk);
                              });
    if (!fed) {
        a->stream_error = fed.error().message;
        a->stream_broken = true;
        return 0;
    }
    return *fed ? len : 0;  // 0 aborts the transfer (done, error or caller stop)
}

class OpenAiBrain final : public Brain {
public:
    explicit OpenAiBrain(BrainConfig config) : m_config(std::move(config)) {}

    Backend backend() const override { return Backend::OpenAI; }
    std::string describe() const override {
        return str("openai ", m_config.url, " model ", m_config.model_name.empty() ? "(server default)" : m_config.model_name);
    }
    int context_tokens() const override { return m_config.n_ctx > 0 ? m_config.n_ctx : 4096; }
    int count_tokens(std::string_view text) const override {
        // About four bytes of English per token for BPE vocabularies.
        return static_cast<int>((text.size() + 3) / 4);
    }

    Result<ChatResult> chat(const ChatRequest& request, const TokenCallback& on_token, const CancelFlag* cancel) override;

private:
    std::string request_body(const ChatRequest& request) const;

    BrainConfig m_config;
};

std::string OpenAiBrain::request_body(const ChatRequest& request) const {
    Json body = Json::object();
    body["model"] = m_config.model_name.empty() ? "default" : m_config.model_name;
    Json messages = Json::array();
    for (const auto& m : request.messages) messages.push_back({{"role", m.role}, {"content", m.content}});
    body["messages"] = std::move(messages);
    body["stream"] = true;
    body["max_tokens"] = request.max_tokens;
    body["temperature"] = request.temperature;
    body["top_p"] = request.top_p;
    if (request.seed != 0) body["seed"] = request.seed;
    if (!request.stop.empty()) body["stop"] = request.stop;
    // Invalid UTF-8 in a message becomes U+FFFD instead of an exception.
    return body.dump(-1, ' ', false, Json::error_handler_t::replace);
}

Result<ChatResult> OpenAiBrain::chat(const ChatRequest& request, const TokenCallback& on_token, const CancelFlag* cancel) {
    ensure_curl();
    const std::string url = m_config.url + "/chat/completions";
    const std::string body = request_body(request);
    ChatResult result;
    auto t0 = Clock::now();
    const double deadline_ms = m_config.deadline_s * 1000;
    auto deadline_error = [&] {
        return Error::network("the server at ", m_config.url, " did not finish the reply within ", m_config.deadline_s,
                              " s (brain.deadline_s)");
    };

    for (int attempt_no = 0;; attempt_no++) {
        result = ChatResult{};
        double left_s = (deadline_ms - ms_since(t0)) / 1000;
        if (left_s <= 0) return deadline_error();
        CurlEasy easy(curl_easy_init());
        if (!easy) return Error::internal("curl_easy_init failed");
        Attempt a(m_config.max_response_bytes);
        a.max_pieces = request.max_tokens;
        a.on_token = &on_token;
        a.t0 = t0;
        a.result = &result;
        a.easy = easy.get();

        curl_slist* raw = nullptr;
        raw = curl_slist_append(raw, "Content-Type: application/json");
        raw = curl_slist_append(raw, "Accept: text/event-stream");
        std::string auth;
        if (!m_config.api_key.empty()) {
            auth = "Authorization: Bearer " + m_config.api_key;
            raw = curl_slist_append(raw, auth.c_str());
        }
        CurlHeaders headers(raw);
        CURL* e = easy.get();
        curl_easy_setopt(e, CURLOPT_URL, url.c_str());
        curl_easy_setopt(e, CURLOPT_POST, 1L);
        curl_easy_setopt(e, CURLOPT_POSTFIELDS, body.c_str());
        curl_easy_setopt(e, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
        curl_easy_setopt(e, CURLOPT_HTTPHEADER, headers.get());
        curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, on_body);
        curl_easy_setopt(e, CURLOPT_WRITEDATA, &a);
        curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, on_header);
        curl_easy_setopt(e, CURLOPT_HEADERDATA, &a);
        curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS,
                         std::max(1L, static_cast<long>(std::min(m_config.connect_timeout_s, left_s) * 1000)));
        curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 1L);
        curl_easy_setopt(e, CURLOPT_USERAGENT, "os1");

        TransferLimits limits{.stall_s = m_config.read_timeout_s,
                              .stall_min_bytes = m_config.stall_min_bytes,
                              .deadline_s = left_s};
        CurlOutcome out = run_transfer(e, cancel, limits);
        // A last event the server closed without its blank line (only when the
        // stream ended normally: never deliver pieces after a cancel).
        if (out.code == CURLE_OK && !out.cancelled && !a.stopped_by_caller && !a.saw_done && a.stream_error.empty() &&
            !a.json_body && a.status == 200) {
            auto fin = a.parser.finish([&](const SseEvent& ev) {
                auto chunk = parse_stream_chunk(ev.data);
                return chunk ? a.handle_chunk(*chunk) : false;
            });
            if (!fin) {
                a.stream_error = fin.error().message;
                a.stream_broken = true;
            }
        }
        result.total_ms = ms_since(t0);
        result.n_generated = a.completion_tokens.value_or(a.n_pieces);
        result.n_prompt_tokens = a.prompt_tokens.value_or(count_prompt_tokens(request.messages));
        long status = a.status ? a.status : out.status;

        if (out.cancelled || a.stopped_by_caller) {
            result.finish_reason = FinishReason::Cancelled;
            return result;
        }
        if (a.hit_max_pieces) {  // the server may have gone on: we stopped reading
            log::debug("brain: stopped the stream after max_tokens = ", request.max_tokens, " pieces");
            result.finish_reason = FinishReason::Length;
            return result;
        }
        bool streamed = a.n_pieces > 0;
        // A complete, non-streamed JSON reply (some servers ignore "stream").
        if (status == 200 && a.json_body) {
            auto chunk = parse_stream_chunk(a.body);
            if (!chunk) return Error::network("the server at ", m_config.url, " sent a reply that is not JSON");
            if (!chunk->error.empty()) return Error::network("the server said: ", chunk->error);
            a.handle_chunk(*chunk);
            result.finish_reason = a.finish_reason == "length" ? FinishReason::Length : FinishReason::Stop;
            result.n_generated = a.completion_tokens.value_or(a.n_pieces);
            if (a.stopped_by_caller) result.finish_reason = FinishReason::Cancelled;
            return result;
        }
        if (status == 200 && out.code == CURLE_OK && !a.saw_done && a.n_pieces == 0 && a.finish_reason.empty() &&
            a.stream_error.empty())
            return Error::network("the server at ", m_config.url, " answered but sent no reply in the OpenAI "
                                  "streaming format; is it an OpenAI-compatible server?");
        if (status == 200 && (a.saw_done || (out.code == CURLE_OK && a.stream_error.empty()))) {
            result.finish_reason = a.finish_reason == "length" ? FinishReason::Length : FinishReason::Stop;
            return result;
        }

        // Something went wrong: describe it.
        bool retryable = false;
        Error error;
        if (a.over_bytes) {
            error = Error::network("the server at ", m_config.url, " sent more than ", m_config.max_response_bytes,
                                   " bytes for one reply (brain.max_response_bytes); the reply was dropped");
        } else if (out.deadline) {
            error = deadline_error();
        } else if (status == 200 && a.stream_broken) {
            error = Error::network("the reply from ", m_config.url, " was dropped: ", a.stream_error);
        } else if (status == 200 && !a.stream_error.empty()) {
            error = Error::network("the server reported an error mid-reply: ", a.stream_error);
        } else if (status >= 400) {
            std::string msg = error_body_message(a.body);
            std::string detail = str("HTTP ", status, msg.empty() ? "" : ": ", msg);
            if (status == 401 || status == 403)
                error = Error::network("the server refused the API key (", detail,
                                       "); check --api-key, brain.api_key or OPENAI_API_KEY");
            else if (status == 404)
                error = Error::not_found("model not found on server (", detail, "); check --model '",
                                         m_config.model_name, "' and that the URL ends in /v1 (", m_config.url, ")");
            else if (status == 429 || status >= 500) {
                retryable = true;
                error = Error::network("the server at ", m_config.url, " failed (", detail, ")");
            } else
                error = Error::network("the server rejected the request (", detail, ")");
        } else if (out.stalled) {
            // Not retried: another attempt would only wait as long again.
            error = Error::network("the server at ", m_config.url, " stopped answering (fewer than ",
                                   m_config.stall_min_bytes, " bytes in ", m_config.read_timeout_s,
                                   " s; brain.timeout_s)");
        } else if (out.code == CURLE_COULDNT_CONNECT || out.code == CURLE_COULDNT_RESOLVE_HOST ||
                   out.code == CURLE_OPERATION_TIMEDOUT) {
            retryable = true;
            error = Error::network("cannot reach ", m_config.url, ": is the server running? (", out.curl_error, ")");
        } else if (out.code != CURLE_OK) {
            retryable = is_transient(out.code);
            error = Error::network("the connection to ", m_config.url, " failed: ", out.curl_error);
        } else {
            retryable = !streamed;
            error = Error::network("the server at ", m_config.url, " ended the reply early");
        }

        if (streamed) {
            result.finish_reason = FinishReason::Error;
            result.error = error.message;
            return result;
        }
        if (!retryable || attempt_no >= m_config.max_retries) return error;

        double wait_s = m_config.retry_backoff_s * std::pow(2.0, attempt_no);
        if (!a.retry_after.empty()) {
            char* end = nullptr;
            double v = std::strtod(a.retry_after.c_str(), &end);
            if (end && *end == '\0' && v >= 0) wait_s = v;
        }
        wait_s = std::min(wait_s, 10.0);
        if (ms_since(t0) + wait_s * 1000 >= deadline_ms) return error;  // no time left for another try
        log::info("brain", str(error.message, "; retrying in ", wait_s, " s"));
        auto until = Clock::now() + std::chrono::duration<double>(wait_s);
        while (Clock::now() < until) {
            if (cancel && cancel->load()) {
                result = ChatResult{};
                result.finish_reason = FinishReason::Cancelled;
                result.total_ms = ms_since(t0);
                return result;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
    }
}

}  // namespace

Result<std::unique_ptr<Brain>> make_openai_brain(const BrainConfig& config) {
    if (config.url.empty()) return Error::invalid("the openai brain needs a server URL (--url)");
    return std::unique_ptr<Brain>(std::make_unique<OpenAiBrain>(config));
}

}  // namespace os1::brain

// ScriptedBrain: a deterministic brain for tests and benchmarks (the
// companion's equivalent of FakeClock). It counts a token per 4 bytes,
// records every request, streams scripted replies word by word, and can be
// told to fail in each way a real brain can: return an error, throw, crash
// the process, or stop when cancelled.
#pragma once

#include <cstdlib>
#include <deque>
#include <functional>
#include <stdexcept>

#include "brain/brain.h"
#include "companion/companion.h"  // message_text()

namespace os1::companion {

class ScriptedBrain final : public brain::Brain {
public:
    enum class Mode { Reply, Error, Throw, Crash };

    explicit ScriptedBrain(int context = 2048) : m_context(context) {}

    Mode mode = Mode::Reply;
    std::deque<std::string> replies;      // next replies; when empty: "I hear you: <message>"
    std::vector<brain::ChatRequest> requests;  // every request seen
    std::function<void(const brain::ChatRequest&)> on_chat;  // runs first, inside chat()
    std::vector<std::vector<brain::ChatMessage>> read_aheads;  // every read_ahead() conversation

    brain::Backend backend() const override { return brain::Backend::Local; }
    std::string describe() const override { return "scripted (tests)"; }
    int context_tokens() const override { return m_context; }
    int count_tokens(std::string_view text) const override { return static_cast<int>((text.size() + 3) / 4); }
    bool counts_exactly() const override { return true; }
    int count_prompt_tokens(const std::vector<brain::ChatMessage>& messages) const override {
        int n = 0;
        for (const auto& m : messages) n += count_tokens(m.content) + 4;
        return n;
    }

    Result<brain::ChatResult> chat(const brain::ChatRequest& request, const brain::TokenCallback& on_token,
                                   const brain::CancelFlag* cancel) override {
        requests.push_back(request);
        if (on_chat) on_chat(request);
        switch (mode) {
        case Mode::Error: return Error::network("the scripted server is down");
        case Mode::Throw: throw std::runtime_error("scripted failure");
        case Mode::Crash: std::abort();
        case Mode::Reply: break;
        }
        std::string reply;
        if (!replies.empty()) {
            reply = replies.front();
            replies.pop_front();
        } else {
            reply = "I hear you: " +
                    (request.messages.empty() ? std::string() : std::string(message_text(request.messages.back().content)));
        }
        brain::ChatResult result;
        result.n_prompt_tokens = count_prompt_tokens(request.messages);
        size_t pos = 0;
        while (pos < reply.size()) {
            if (cancel && cancel->load()) {
                result.finish_reason = brain::FinishReason::Cancelled;
                break;
            }
            size_t next = reply.find(' ', pos + 1);
            if (next == std::string::npos) next = reply.size();
            std::string_view piece = std::string_view(reply).substr(pos, next - pos);
            result.text += piece;
            result.n_generated++;
            if (on_token && !on_token(piece)) {
                result.finish_reason = brain::FinishReason::Cancelled;
                break;
            }
            pos = next;
        }
        return result;
    }

    Result<void> read_ahead(const std::vector<brain::ChatMessage>& conversation, const brain::CancelFlag*) override {
        read_aheads.push_back(conversation);
        return ok();
    }

private:
    int m_context;
};

}  // namespace os1::companion

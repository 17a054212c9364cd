// The brain that is not there: the companion still remembers, tracks mood
// and runs skills; it says plainly that it has no words of its own yet.
#include "brain/backends.h"

namespace os1::brain {

namespace {

class NoneBrain final : public Brain {
public:
    explicit NoneBrain(std::string reason) : m_reason(std::move(reason)) {}

    Backend backend() const override { return Backend::None; }
    std::string describe() const override { return "none (" + m_reason + ")"; }
    bool available() const override { return false; }
    std::string unavailable_reason() const override { return m_reason; }
    int context_tokens() const override { return 0; }
    int count_tokens(std::string_view text) const override { return static_cast<int>((text.size() + 3) / 4); }

    Result<ChatResult> chat(const ChatRequest&, const TokenCallback&, const CancelFlag*) override {
        return Error::unsupported(m_reason);
    }

private:
    std::string m_reason;
};

}  // namespace

std::unique_ptr<Brain> make_none_brain(const BrainConfig& config) {
    std::string reason = config.reason.empty()
                             ? std::string("no model is installed: run 'os1 pull qwen2.5-0.5b' to download a small one")
                             : config.reason;
    return std::make_unique<NoneBrain>(std::move(reason));
}

}  // namespace os1::brain

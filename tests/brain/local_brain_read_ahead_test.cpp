// Brain::read_ahead on the local brain (stories260K): after a reply, the
// conversation without the prompt's context block is read into the cache,
// so the next prompt reads only what is new, for every chat template os1
// knows and the plain transcript; and the next reply is the one a brain
// reading everything from scratch gives.
#include <gtest/gtest.h>

#include "brain/brain.h"
#include "engine/engine.h"
#include "test_support.h"

namespace os1::brain {
namespace {

std::unique_ptr<Brain> stories(const std::filesystem::path& shared, const std::string& chat_template) {
    BrainConfig c;
    c.chat_template = chat_template;
    c.backend = Backend::Local;
    c.model_path = shared / "models" / "stories260K.gguf";
    c.threads = 1;
    auto b = make_brain(c);
    EXPECT_TRUE(b.ok()) << b.error().message;
    return b ? b.release_value() : nullptr;
}

auto ignore = [](std::string_view) { return true; };
constexpr int OPENING = 40;  // at most the tokens of a template's assistant opening here

ChatRequest ask(std::vector<ChatMessage> messages) {
    ChatRequest r;
    r.messages = std::move(messages);
    r.max_tokens = 6;
    r.temperature = 0;
    return r;
}

TEST(LocalBrainReadAhead, TheNextPromptReadsOnlyTheContextBlockAndTheNewMessage) {
    OS1_REQUIRE_SHARED(shared);
    std::vector<std::string> templates = {""};
    for (const auto& name : engine::ChatTemplate::family_names()) templates.push_back(name);
    const ChatMessage sys{"system", "You are a kind storyteller who remembers every name."};
    const std::string context1 = "<context>\nToday is Monday. Lily seems happy.\n</context>\n\n";
    const std::string context2 = "<context>\nToday is Monday. Lily seems tired.\n- (May 3) Max the dog\n</context>\n\n";
    for (const auto& tmpl : templates) {
        SCOPED_TRACE("template '" + tmpl + "'");
        auto brain = stories(shared, tmpl);
        ASSERT_TRUE(brain);
        auto first = brain->chat(ask({sys, {"user", context1 + "Lily found a red ball."}}), ignore);
        ASSERT_TRUE(first.ok()) << first.error().message;
        const std::vector<ChatMessage> conversation = {sys, {"user", "Lily found a red ball."}, {"assistant", first->text}};
        ASSERT_TRUE(brain->read_ahead(conversation).ok());
        EXPECT_TRUE(brain->holds_prefix(conversation)) << "the exchange without its context block is in the cache";

        auto next_prompt = conversation;
        next_prompt.push_back({"user", context2 + "Then she met Max."});
        auto next = brain->chat(ask(next_prompt), ignore);
        ASSERT_TRUE(next.ok()) << next.error().message;

        // Without reading ahead the cache stops where the first context
        // block began: the exchange is read again with the new message.
        auto plain = stories(shared, tmpl);
        ASSERT_TRUE(plain);
        ASSERT_TRUE(plain->chat(ask({sys, {"user", context1 + "Lily found a red ball."}}), ignore).ok());
        auto again = plain->chat(ask(next_prompt), ignore);
        ASSERT_TRUE(again.ok()) << again.error().message;
        ASSERT_EQ(again->n_prompt_tokens, next->n_prompt_tokens);
        const int exchange = brain->count_tokens("Lily found a red ball.") + brain->count_tokens(first->text);
        EXPECT_GE(next->n_reused_tokens, again->n_reused_tokens + exchange) << "the exchange is not read again";
        // count_prompt_tokens ends with the assistant's opening, which
        // stories260K's small vocabulary spells in up to ~35 tokens.
        EXPECT_LE(next->n_prompt_tokens - next->n_reused_tokens,
                  brain->count_prompt_tokens(next_prompt) - brain->count_prompt_tokens(conversation) + OPENING)
            << "only the new message, its context block and the framing are read";
        EXPECT_EQ(next->text, again->text) << "the same reply as reading it all";
    }
}

TEST(LocalBrainReadAhead, KeepsWhatItHoldsAndStopsWhenCancelled) {
    OS1_REQUIRE_SHARED(shared);
    auto brain = stories(shared, "chatml");
    ASSERT_TRUE(brain);
    const std::vector<ChatMessage> conversation = {
        {"system", "You are a kind storyteller."}, {"user", "Lily found a red ball."}, {"assistant", "She kicked it."}};
    CancelFlag cancelled{true};
    ASSERT_TRUE(brain->read_ahead(conversation, &cancelled).ok());
    EXPECT_FALSE(brain->holds_prefix({conversation[0]})) << "nothing read once cancelled";
    ASSERT_TRUE(brain->read_ahead(conversation).ok());
    EXPECT_TRUE(brain->holds_prefix(conversation));
    // Reading it again reads nothing; a prompt that starts with it reuses all of it.
    ASSERT_TRUE(brain->read_ahead(conversation).ok());
    auto next = conversation;
    next.push_back({"user", "Then?"});
    auto r = brain->chat(ask(next), ignore);
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_GE(r->n_reused_tokens, brain->count_prompt_tokens(conversation) - OPENING);
}

// Companion::prepare: the system message alone is read ahead only when
// prompts start with it; then the first prompt reuses it, and the reply is
// the one a brain reading everything gives. A template that folds the
// system message into the first user turn reads nothing ahead.
TEST(LocalBrainReadAhead, TheSystemMessageAloneIsReadOnlyWhenPromptsStartWithIt) {
    OS1_REQUIRE_SHARED(shared);
    std::vector<std::string> templates = {""};
    for (const auto& name : engine::ChatTemplate::family_names()) templates.push_back(name);
    const ChatMessage sys{"system", "You are a kind storyteller who remembers every name."};
    const std::vector<ChatMessage> prompt = {sys, {"user", "Lily found a red ball."}};
    int read_some = 0;
    for (const auto& tmpl : templates) {
        SCOPED_TRACE("template '" + tmpl + "'");
        auto brain = stories(shared, tmpl);
        ASSERT_TRUE(brain);
        ASSERT_TRUE(brain->read_ahead({sys}).ok());
        auto first = brain->chat(ask(prompt), ignore);
        ASSERT_TRUE(first.ok()) << first.error().message;
        auto plain = stories(shared, tmpl);
        ASSERT_TRUE(plain);
        auto again = plain->chat(ask(prompt), ignore);
        ASSERT_TRUE(again.ok()) << again.error().message;
        EXPECT_EQ(first->text, again->text) << "the same reply as reading it all";
        EXPECT_EQ(again->n_reused_tokens, 0);
        // Whatever was read ahead is reused: nothing was read that the prompt does not start with.
        if (first->n_reused_tokens > 0) read_some++;
        EXPECT_LT(first->n_reused_tokens, first->n_prompt_tokens);
    }
    EXPECT_GT(read_some, 0) << "no template let the persona's message be read ahead";
}

}  // namespace
}  // namespace os1::brain

// The local brain on the smallest real model (stories260K: no chat template).
#include <gtest/gtest.h>

#include "brain/brain.h"
#include "test_support.h"

namespace os1::brain {
namespace {

std::unique_ptr<Brain> stories(const std::filesystem::path& shared, int n_ctx = 0) {
    BrainConfig c;
    c.backend = Backend::Local;
    c.model_path = shared / "models" / "stories260K.gguf";
    c.threads = 1;
    c.n_ctx = n_ctx;
    auto b = make_brain(c);
    EXPECT_TRUE(b.ok()) << b.error().message;
    return b ? b.release_value() : nullptr;
}

ChatRequest story_request() {
    ChatRequest r;
    r.messages = {{"user", "Tell me about Lily."}};
    r.max_tokens = 24;
    r.temperature = 0;
    return r;
}

TEST(LocalBrain, NoChatTemplateUsesATranscriptAndSaysSo) {
    OS1_REQUIRE_SHARED(shared);
    auto brain = stories(shared);
    ASSERT_TRUE(brain);
    EXPECT_EQ(brain->backend(), Backend::Local);
    EXPECT_TRUE(brain->available());
    EXPECT_NE(brain->notice().find("no chat template"), std::string::npos) << brain->notice();
    EXPECT_NE(brain->describe().find("llama"), std::string::npos) << brain->describe();
    EXPECT_TRUE(brain->counts_exactly());
    EXPECT_GT(brain->count_tokens("Once upon a time"), 0);
    EXPECT_GT(brain->context_tokens(), 0);
}

TEST(LocalBrain, StreamsAReplyDeterministicallyWhenGreedy) {
    OS1_REQUIRE_SHARED(shared);
    auto brain = stories(shared);
    ASSERT_TRUE(brain);
    std::string streamed;
    int pieces = 0;
    auto a = brain->chat(story_request(), [&](std::string_view p) { streamed += p; pieces++; return true; });
    ASSERT_TRUE(a.ok()) << a.error().message;
    EXPECT_FALSE(a->text.empty());
    EXPECT_EQ(streamed, a->text);
    EXPECT_GT(pieces, 1);
    EXPECT_GT(a->n_prompt_tokens, 5);
    EXPECT_GT(a->n_generated, 0);
    EXPECT_LE(a->n_generated, 24);
    EXPECT_NE(a->finish_reason, FinishReason::Error);
    EXPECT_NE(a->finish_reason, FinishReason::Cancelled);
    // Same request again (the KV cache is reused) gives the same greedy text.
    auto b = brain->chat(story_request(), [](std::string_view) { return true; });
    ASSERT_TRUE(b.ok());
    EXPECT_EQ(a->text, b->text);
}

TEST(LocalBrain, CancelStopsWithinAPiece) {
    OS1_REQUIRE_SHARED(shared);
    auto brain = stories(shared);
    ASSERT_TRUE(brain);
    auto req = story_request();
    req.max_tokens = 100;
    int n = 0;
    auto r = brain->chat(req, [&](std::string_view) { return ++n < 3; });
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_EQ(r->finish_reason, FinishReason::Cancelled);
    EXPECT_EQ(n, 3);

    CancelFlag cancel{true};  // already set: nothing is generated
    r = brain->chat(req, [&](std::string_view) { ADD_FAILURE() << "no piece expected"; return true; }, &cancel);
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r->finish_reason, FinishReason::Cancelled);
    EXPECT_TRUE(r->text.empty());
}

TEST(LocalBrain, PromptLongerThanTheContextIsOutOfRange) {
    OS1_REQUIRE_SHARED(shared);
    auto brain = stories(shared, 64);
    ASSERT_TRUE(brain);
    EXPECT_EQ(brain->context_tokens(), 64);
    ChatRequest r;
    std::string lots;
    for (int i = 0; i < 100; i++) lots += "the cat sat on the mat. ";
    r.messages = {{"user", lots}};
    EXPECT_GT(brain->count_prompt_tokens(r.messages), 64);
    auto res = brain->chat(r, [](std::string_view) { return true; });
    ASSERT_FALSE(res.ok());
    EXPECT_EQ(res.error().code, ErrorCode::OutOfRange);
}

TEST(LocalBrain, MissingOrBadFileIsAClearError) {
    BrainConfig c;
    c.backend = Backend::Local;
    c.model_path = "/no/such/model.gguf";
    auto b = make_brain(c);
    ASSERT_FALSE(b.ok());
    EXPECT_NE(b.error().message.find("/no/such/model.gguf"), std::string::npos) << b.error().message;
}

}  // namespace
}  // namespace os1::brain

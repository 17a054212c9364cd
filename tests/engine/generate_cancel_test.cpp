// GenerateOptions::cancel: seen between prompt batches and before every
// generated token (the local brain passes the person's Ctrl-C flag here).
#include <gtest/gtest.h>

#include <atomic>

#include "engine/text/tokenizer.h"
#include "engine/engine.h"
#include "test_support.h"

using namespace os1;
using namespace os1::engine;

namespace {

std::unique_ptr<Model> stories(const std::filesystem::path& shared) {
    auto model = Model::load(shared / "models" / "stories260K.gguf", {.n_ctx = 0, .n_threads = 1});
    EXPECT_TRUE(model.ok()) << model.error().message;
    return model ? model.release_value() : nullptr;
}

std::vector<int32_t> long_prompt(const Model& model) {
    std::string text;
    for (int i = 0; i < 12; i++) text += "Once upon a time there was a little girl who liked to play in the park. ";
    return model.tokenizer().encode(text, true, false);
}

}  // namespace

TEST(GenerateCancel, SetBeforeTheCallReadsNoPrompt) {
    OS1_REQUIRE_SHARED(shared);
    auto model = stories(shared);
    ASSERT_TRUE(model);
    auto session = model->new_session({.n_ctx = 0, .n_threads = 1, .n_batch = 8}).release_value();
    auto prompt = long_prompt(*model);
    ASSERT_GT(prompt.size(), 40u);
    std::atomic<bool> cancel{true};
    GenerateOptions o;
    o.max_tokens = 16;
    o.sampling = SamplerOptions::greedy();
    o.cancel = &cancel;
    auto r = session->generate(prompt, o, [](std::string_view) {
        ADD_FAILURE() << "no piece expected";
        return true;
    });
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_EQ(r->stop_reason, StopReason::Cancelled);
    EXPECT_EQ(r->n_generated, 0);
    EXPECT_TRUE(session->tokens().empty()) << "the prompt was read although cancelled";

    // The same session still works once the flag is cleared.
    cancel = false;
    auto again = session->generate(prompt, o);
    ASSERT_TRUE(again.ok()) << again.error().message;
    EXPECT_EQ(again->n_generated, 16);
    EXPECT_NE(again->stop_reason, StopReason::Cancelled);
}

TEST(GenerateCancel, SetWhileGeneratingStopsAtTheNextToken) {
    OS1_REQUIRE_SHARED(shared);
    auto model = stories(shared);
    ASSERT_TRUE(model);
    auto session = model->new_session().release_value();
    auto prompt = long_prompt(*model);
    std::atomic<bool> cancel{false};
    GenerateOptions o;
    o.max_tokens = 64;
    o.sampling = SamplerOptions::greedy();
    o.stop_at_eog = false;
    o.cancel = &cancel;
    int pieces = 0;
    auto r = session->generate(prompt, o, [&](std::string_view) {
        if (++pieces == 2) cancel = true;  // keeps returning true: only the flag stops it
        return true;
    });
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_EQ(r->stop_reason, StopReason::Cancelled);
    EXPECT_EQ(pieces, 2);
    EXPECT_LT(r->n_generated, 64);
}

TEST(GenerateCancel, ACancelledPromptKeepsNothingWrong) {
    // After a cancel, the next generate() gives the same text as a fresh session.
    OS1_REQUIRE_SHARED(shared);
    auto model = stories(shared);
    ASSERT_TRUE(model);
    auto prompt = long_prompt(*model);
    GenerateOptions o;
    o.max_tokens = 12;
    o.sampling = SamplerOptions::greedy();
    auto fresh = model->new_session().release_value()->generate(prompt, o);
    ASSERT_TRUE(fresh.ok());

    auto session = model->new_session({.n_ctx = 0, .n_threads = 1, .n_batch = 8}).release_value();
    std::atomic<bool> cancel{false};
    GenerateOptions oc = o;
    oc.cancel = &cancel;
    int pieces = 0;
    auto first = session->generate(prompt, oc, [&](std::string_view) {
        cancel = ++pieces >= 1;
        return true;
    });
    ASSERT_TRUE(first.ok());
    EXPECT_EQ(first->stop_reason, StopReason::Cancelled);
    auto second = session->generate(prompt, o);
    ASSERT_TRUE(second.ok());
    EXPECT_GT(second->n_reused_tokens, 0);
    EXPECT_EQ(second->text, fresh->text);
}

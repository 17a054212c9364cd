// Sessions on the real stories260K model: batched == one-at-a-time, cache
// bookkeeping, context limits, generation stops, KV reuse.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "engine_tools/conformance.h"
#include "engine/engine.h"
#include "engine/text/tokenizer.h"
#include "test_support.h"

using namespace os1;
using namespace os1::engine;

namespace {

struct Stories {
    std::unique_ptr<Model> model;
    ReferenceCase ref;
};

// Loads stories260K and its reference case, or explains why not.
std::optional<Stories> load_stories(const std::filesystem::path& shared, int n_threads = 1) {
    auto ref = load_reference_case(shared / "models" / "stories260K.gguf", shared / "conformance" / "engine" / "ref");
    EXPECT_TRUE(ref.ok()) << ref.error().message;
    if (!ref) return std::nullopt;
    auto model = Model::load(ref->model, {.n_ctx = 0, .n_threads = n_threads});
    EXPECT_TRUE(model.ok()) << model.error().message;
    if (!model) return std::nullopt;
    return Stories{model.release_value(), ref.release_value()};
}

double max_rel_diff(const std::vector<float>& a, const std::vector<float>& b) {
    EXPECT_EQ(a.size(), b.size());
    double scale = 0, diff = 0;
    for (size_t i = 0; i < std::min(a.size(), b.size()); i++) {
        scale = std::max(scale, static_cast<double>(std::fabs(b[i])));
        diff = std::max(diff, static_cast<double>(std::fabs(a[i] - b[i])));
    }
    return diff / std::max(scale, 1e-30);
}

}  // namespace

TEST(Session, BatchedEvalEqualsTokenByToken) {
    OS1_REQUIRE_SHARED(shared);
    auto s = load_stories(shared);
    ASSERT_TRUE(s);
    const auto& prompt = s->ref.prompt;
    const size_t n_vocab = static_cast<size_t>(s->model->info().n_vocab);

    auto batched = s->model->new_session({.n_batch = 256}).release_value();
    auto all = batched->eval(prompt, LogitsMode::All);
    ASSERT_TRUE(all.ok()) << all.error().message;
    ASSERT_EQ(all->size(), prompt.size() * n_vocab);

    auto single = s->model->new_session({.n_batch = 1}).release_value();
    std::vector<float> rows;
    for (int32_t id : prompt) {
        auto r = single->eval(std::span(&id, 1));
        ASSERT_TRUE(r.ok()) << r.error().message;
        rows.insert(rows.end(), r->begin(), r->end());
    }
    EXPECT_LE(max_rel_diff(*all, rows), 1e-6);

    // Odd batch sizes split the prompt differently; same answer.
    auto seven = s->model->new_session({.n_batch = 7}).release_value();
    auto chunked = seven->eval(prompt, LogitsMode::All);
    ASSERT_TRUE(chunked.ok());
    EXPECT_LE(max_rel_diff(*chunked, rows), 1e-6);
    EXPECT_EQ(seven->tokens(), prompt);
}

TEST(Session, ThreadCountDoesNotChangeLogits) {
    OS1_REQUIRE_SHARED(shared);
    auto one = load_stories(shared, 1);
    auto two = load_stories(shared, 2);
    ASSERT_TRUE(one && two);
    auto a = one->model->new_session().release_value()->eval(one->ref.prompt, LogitsMode::All);
    auto b = two->model->new_session().release_value()->eval(two->ref.prompt, LogitsMode::All);
    ASSERT_TRUE(a.ok() && b.ok());
    EXPECT_LE(max_rel_diff(*a, *b), 1e-6);
}

TEST(Session, EvalAppendsAndTruncateRewinds) {
    OS1_REQUIRE_SHARED(shared);
    auto s = load_stories(shared);
    ASSERT_TRUE(s);
    const auto& prompt = s->ref.prompt;
    auto session = s->model->new_session().release_value();
    auto full = session->eval(prompt).release_value();  // last row

    session->reset();
    EXPECT_TRUE(session->tokens().empty());
    std::span<const int32_t> p(prompt);
    ASSERT_TRUE(session->eval(p.subspan(0, 10)).ok());
    auto rest = session->eval(p.subspan(10));
    ASSERT_TRUE(rest.ok());
    EXPECT_LE(max_rel_diff(*rest, full), 1e-6);

    // Rewind to 20 tokens and evaluate the tail again: same logits.
    session->truncate(20);
    EXPECT_EQ(session->tokens().size(), 20u);
    auto again = session->eval(p.subspan(20));
    ASSERT_TRUE(again.ok());
    EXPECT_LE(max_rel_diff(*again, full), 1e-6);
}

TEST(Session, PromptLongerThanContextIsAClearError) {
    OS1_REQUIRE_SHARED(shared);
    auto s = load_stories(shared);
    ASSERT_TRUE(s);
    auto session = s->model->new_session({.n_ctx = 16}).release_value();
    EXPECT_EQ(session->n_ctx(), 16);
    auto r = session->eval(s->ref.prompt);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, ErrorCode::OutOfRange);
    EXPECT_NE(r.error().message.find("the prompt has 27 tokens but the context holds 16"), std::string::npos)
        << r.error().message;
    EXPECT_TRUE(session->tokens().empty());  // nothing was half-done

    auto g = session->generate(s->ref.prompt, {});
    ASSERT_FALSE(g.ok());
    EXPECT_NE(g.error().message.find("27 tokens"), std::string::npos) << g.error().message;

    // Appending past the end says how much is already there.
    std::span<const int32_t> p(s->ref.prompt);
    ASSERT_TRUE(session->eval(p.subspan(0, 10)).ok());
    auto more = session->eval(p.subspan(10, 10));
    ASSERT_FALSE(more.ok());
    EXPECT_NE(more.error().message.find("10 tokens are in the context"), std::string::npos) << more.error().message;
}

TEST(Session, GenerationStopsWhenTheContextIsFull) {
    OS1_REQUIRE_SHARED(shared);
    auto s = load_stories(shared);
    ASSERT_TRUE(s);
    auto session = s->model->new_session({.n_ctx = 32}).release_value();
    GenerateOptions o;
    o.max_tokens = 100;
    o.sampling = SamplerOptions::greedy();
    auto r = session->generate(s->ref.prompt, o);
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_EQ(r->stop_reason, StopReason::ContextFull);
    EXPECT_EQ(session->tokens().size(), 32u);
    EXPECT_EQ(r->n_generated, 32 - 27 + 1);  // the last sampled token is not evaluated
}

TEST(Session, BadTokenIdsAreRejected) {
    OS1_REQUIRE_SHARED(shared);
    auto s = load_stories(shared);
    ASSERT_TRUE(s);
    auto session = s->model->new_session().release_value();
    std::vector<int32_t> bad = {1, 512};
    auto r = session->eval(bad);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, ErrorCode::Invalid);
    EXPECT_NE(r.error().message.find("512"), std::string::npos);
    std::vector<int32_t> negative = {-1};
    EXPECT_FALSE(session->eval(negative).ok());
    EXPECT_FALSE(session->eval({}).ok());
    EXPECT_FALSE(session->generate({}, {}).ok());
}

TEST(Session, GreedyGenerationMatchesLlamaCpp) {
    OS1_REQUIRE_SHARED(shared);
    auto s = load_stories(shared);
    ASSERT_TRUE(s);
    auto session = s->model->new_session().release_value();
    GenerateOptions o;
    o.max_tokens = static_cast<int>(s->ref.greedy.size());
    o.sampling = SamplerOptions::greedy();
    std::string streamed;
    auto r = session->generate(s->ref.prompt, o, [&](std::string_view piece) {
        streamed += piece;
        return true;
    });
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_EQ(r->tokens, s->ref.greedy);
    EXPECT_EQ(r->stop_reason, StopReason::MaxTokens);
    EXPECT_EQ(r->n_prompt_tokens, 27);
    EXPECT_EQ(streamed, r->text);
    std::string pieces;  // a continuation keeps the first piece's leading space
    for (int32_t id : s->ref.greedy) pieces += s->model->tokenizer().token_to_piece(id);
    EXPECT_EQ(streamed, pieces);
    EXPECT_FALSE(streamed.empty());
}

TEST(Session, StopStringEndsGenerationAndIsNotEmitted) {
    OS1_REQUIRE_SHARED(shared);
    auto s = load_stories(shared);
    ASSERT_TRUE(s);
    auto session = s->model->new_session().release_value();
    GenerateOptions o;
    o.max_tokens = 64;
    o.sampling = SamplerOptions::greedy();
    auto free_run = session->generate(s->ref.prompt, o).release_value();
    // Stop at the second word of the continuation.
    const std::string& text = free_run.text;
    size_t space = text.find(' ', 2);
    ASSERT_NE(space, std::string::npos) << text;
    std::string stop = text.substr(space, 4);
    o.stop = {stop};
    session->reset();
    std::string streamed;
    auto r = session->generate(s->ref.prompt, o, [&](std::string_view p) {
        streamed += p;
        return true;
    });
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r->stop_reason, StopReason::StopString);
    EXPECT_EQ(r->stop_string, stop);
    EXPECT_EQ(streamed, text.substr(0, space));
    EXPECT_LT(r->n_generated, free_run.n_generated);
}

TEST(Session, CallbackCanCancel) {
    OS1_REQUIRE_SHARED(shared);
    auto s = load_stories(shared);
    ASSERT_TRUE(s);
    auto session = s->model->new_session().release_value();
    GenerateOptions o;
    o.max_tokens = 64;
    o.sampling = SamplerOptions::greedy();
    int calls = 0;
    auto r = session->generate(s->ref.prompt, o, [&](std::string_view) { return ++calls < 3; });
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r->stop_reason, StopReason::Cancelled);
    EXPECT_EQ(calls, 3);
    EXPECT_LT(r->n_generated, 10);
}

TEST(Session, SameSeedSameText) {
    OS1_REQUIRE_SHARED(shared);
    auto s = load_stories(shared);
    ASSERT_TRUE(s);
    auto session = s->model->new_session().release_value();
    auto run = [&](uint64_t seed) {
        GenerateOptions o;
        o.max_tokens = 32;
        o.sampling.temperature = 1.0f;
        o.sampling.seed = seed;
        session->reset();
        return session->generate(s->ref.prompt, o).release_value().tokens;
    };
    auto a = run(11);
    EXPECT_EQ(a, run(11));
    EXPECT_NE(a, run(12));
}

TEST(Session, ReusesTheCachedPrefix) {
    OS1_REQUIRE_SHARED(shared);
    auto s = load_stories(shared);
    ASSERT_TRUE(s);
    auto session = s->model->new_session().release_value();
    GenerateOptions o;
    o.max_tokens = 8;
    o.sampling = SamplerOptions::greedy();
    std::span<const int32_t> p(s->ref.prompt);
    auto first = session->generate(p.subspan(0, 20), o).release_value();
    EXPECT_EQ(first.n_reused_tokens, 0);
    // The next "turn" repeats the first prompt and adds more: only the new
    // part is evaluated, and the result equals a fresh session's.
    // (stories260K's greedy continuation of the first 20 tokens is the
    // reference prompt itself, so even some generated tokens are reused.)
    auto second = session->generate(p, o).release_value();
    EXPECT_GE(second.n_reused_tokens, 20);
    EXPECT_LE(second.n_reused_tokens, 26);
    auto fresh = s->model->new_session().release_value()->generate(p, o).release_value();
    EXPECT_EQ(second.tokens, fresh.tokens);
    // The same prompt again: everything but the last token is reused.
    auto third = session->generate(p, o).release_value();
    EXPECT_EQ(third.n_reused_tokens, 26);
    EXPECT_EQ(third.tokens, fresh.tokens);
}

TEST(Session, ModelInfoComesFromMetadata) {
    OS1_REQUIRE_SHARED(shared);
    auto s = load_stories(shared);
    ASSERT_TRUE(s);
    const ModelInfo& info = s->model->info();
    EXPECT_EQ(info.architecture, "llama");
    EXPECT_EQ(info.n_ctx_train, 2048);
    EXPECT_EQ(info.n_vocab, 512);
    EXPECT_EQ(info.n_embd, 64);
    EXPECT_EQ(info.n_layer, 5);
    EXPECT_EQ(info.n_head, 8);
    EXPECT_EQ(info.n_head_kv, 4);
    EXPECT_EQ(info.head_dim, 8);
    EXPECT_EQ(info.type_summary, "f32");
    EXPECT_GT(info.n_params, 200000);
    auto session = s->model->new_session().release_value();
    EXPECT_EQ(session->n_ctx(), 2048);  // min(n_ctx_train, 4096)
}

// The forward pass on synthetic models big enough for its parallel paths:
// shared Q/K/V activations and one dispatch per group (matmul_group), gate/up
// with SwiGLU in one dispatch (matmul_swiglu), the FFN and attention run in
// token chunks, the last layer only for the rows whose logits are wanted.
// None of that may change a bit: batched == one at a time == any thread count.
#include <gtest/gtest.h>

#include <cstring>
#include <vector>

#include "engine/engine.h"
#include "engine/forward.h"
#include "engine/synth.h"
#include "test_support.h"

using namespace os1;
using namespace os1::engine;
using os1::test::TempDir;

namespace {

SynthPreset small_preset(const std::string& arch) {
    SynthPreset p;
    p.name = "fwd-" + arch;
    p.arch = arch;
    p.n_embd = 256;  // one token's Q/K/V and FFN are above the team's work threshold
    p.n_layer = 2;
    p.n_head = 4;
    p.n_head_kv = 2;
    p.n_ff = 1024;
    p.n_vocab = 300;
    p.n_ctx = 512;
    p.qkv_bias = arch == "qwen2";
    return p;
}

std::filesystem::path make_model(const TempDir& dir, const std::string& arch, const std::string& type) {
    SynthOptions o;
    o.preset = small_preset(arch);
    o.type = type;
    o.seed = 7;
    auto path = dir.path() / (arch + "-" + type + ".gguf");
    auto r = synth_model(o, path);
    EXPECT_TRUE(r.ok()) << r.error().message;
    return path;
}

std::vector<int32_t> some_tokens(int n) {
    std::vector<int32_t> t(static_cast<size_t>(n));
    uint32_t s = 12345;
    for (auto& id : t) {
        s = s * 1664525u + 1013904223u;
        id = static_cast<int32_t>(3 + (s >> 8) % 297);
    }
    return t;
}

bool same_bits(const std::vector<float>& a, const std::vector<float>& b) {
    return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(float)) == 0;
}

}  // namespace

TEST(Forward, BatchedEqualsTokenByTokenBitForBit) {
    TempDir dir;
    // More tokens than ForwardState::FFN_CHUNK and the attention chunk, an
    // odd count so chunks end unevenly.
    const auto prompt = some_tokens(150);
    ASSERT_GT(static_cast<int>(prompt.size()), 2 * ForwardState::FFN_CHUNK);
    for (const char* arch : {"llama", "qwen2"}) {
        // q8_0: one activation type; q4_k_m: q4_K and q6_K matrices side by side.
        for (const char* type : {"q8_0", "q4_k_m", "f16"}) {
            SCOPED_TRACE(std::string(arch) + " " + type);
            const auto path = make_model(dir, arch, type);
            auto model = Model::load(path, {.n_ctx = 256, .n_threads = 2});
            ASSERT_TRUE(model.ok()) << model.error().message;
            const size_t n_vocab = static_cast<size_t>((*model)->info().n_vocab);

            auto batched = (*model)->new_session({.n_batch = 256}).release_value();
            auto all = batched->eval(prompt, LogitsMode::All);
            ASSERT_TRUE(all.ok()) << all.error().message;

            auto single = (*model)->new_session({.n_batch = 1}).release_value();
            std::vector<float> rows;
            for (int32_t id : prompt) {
                auto r = single->eval(std::span(&id, 1));
                ASSERT_TRUE(r.ok());
                rows.insert(rows.end(), r->begin(), r->end());
            }
            EXPECT_TRUE(same_bits(*all, rows));

            // Only the last row wanted: the last layer runs for that row alone.
            auto last_only = (*model)->new_session({.n_batch = 256}).release_value();
            auto last = last_only->eval(prompt, LogitsMode::Last);
            ASSERT_TRUE(last.ok());
            EXPECT_TRUE(same_bits(*last, std::vector<float>(rows.end() - static_cast<ptrdiff_t>(n_vocab), rows.end())));

            // Batches of 37 (intermediate batches skip the last layer's
            // attention and FFN, since no logits are read from them), then
            // one more token: the cache must hold exactly the same keys/values.
            auto chunked = (*model)->new_session({.n_batch = 37}).release_value();
            ASSERT_TRUE(chunked->eval(std::span(prompt).first(prompt.size() - 1), LogitsMode::Last).ok());
            auto next = chunked->eval(std::span(prompt).last(1), LogitsMode::Last);
            ASSERT_TRUE(next.ok());
            EXPECT_TRUE(same_bits(*next, *last));
        }
    }
}

TEST(Forward, ThreadCountDoesNotChangeABit) {
    TempDir dir;
    const auto path = make_model(dir, "qwen2", "q8_0");
    const auto prompt = some_tokens(80);
    std::vector<float> ref;
    for (int threads : {1, 2, 3}) {
        auto model = Model::load(path, {.n_ctx = 128, .n_threads = threads});
        ASSERT_TRUE(model.ok());
        auto logits = (*model)->new_session().release_value()->eval(prompt, LogitsMode::All);
        ASSERT_TRUE(logits.ok());
        if (ref.empty()) ref = *logits;
        else EXPECT_TRUE(same_bits(*logits, ref)) << threads << " threads";
    }
}

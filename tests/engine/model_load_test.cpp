// Loading models: a tiny hand-made llama/qwen2 file loads and runs; broken
// variants (missing tensor, wrong shape, unknown architecture, missing key,
// truncated file) give errors that name what is wrong.
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <functional>
#include <random>
#include <set>

#include "engine/engine.h"
#include "engine/gguf/gguf.h"
#include "engine/gguf/gguf_writer.h"
#include "engine/ops/ops.h"
#include "engine_tools/synth.h"
#include "test_support.h"

using namespace os1;
using namespace os1::engine;

namespace {

constexpr int N_VOCAB = 300, N_EMBD = 32, N_HEAD = 4, N_HEAD_KV = 2, N_FF = 64, N_LAYER = 2;

struct TinySpec {
    std::string arch = "llama";
    bool tied = false;
    bool biases = false;
    std::set<std::string> drop_tensors;
    std::set<std::string> drop_keys;
    std::string wrong_shape;  // tensor given shape {N_EMBD, 7}
    std::string rope_scaling;  // rope.scaling.type, factor 4, original context 16
};

// Writes a random-weight model with the stories-like SentencePiece vocabulary.
std::filesystem::path write_tiny(const test::TempDir& dir, const TinySpec& spec, const std::string& name = "tiny.gguf") {
    GgufWriter w;
    const std::string a = spec.arch;
    auto key = [&](const std::string& k) { return spec.drop_keys.count(k) == 0; };
    w.set_string("general.architecture", a);
    w.set_string("general.name", "tiny-" + a);
    if (key(a + ".context_length")) w.set_u32(a + ".context_length", 64);
    if (key(a + ".embedding_length")) w.set_u32(a + ".embedding_length", N_EMBD);
    if (key(a + ".block_count")) w.set_u32(a + ".block_count", N_LAYER);
    if (key(a + ".feed_forward_length")) w.set_u32(a + ".feed_forward_length", N_FF);
    if (key(a + ".attention.head_count")) w.set_u32(a + ".attention.head_count", N_HEAD);
    w.set_u32(a + ".attention.head_count_kv", N_HEAD_KV);
    w.set_f32(a + ".attention.layer_norm_rms_epsilon", 1e-5f);
    if (!spec.rope_scaling.empty()) {
        w.set_string(a + ".rope.scaling.type", spec.rope_scaling);
        w.set_f32(a + ".rope.scaling.factor", 4.0f);
        w.set_u32(a + ".rope.scaling.original_context_length", 16);
    }
    SynthVocab vocab = synth_vocab(N_VOCAB);
    w.set_string("tokenizer.ggml.model", "llama");
    w.set_strings("tokenizer.ggml.tokens", vocab.tokens);
    w.set_f32s("tokenizer.ggml.scores", vocab.scores);
    w.set_i32s("tokenizer.ggml.token_type", vocab.types);
    w.set_u32("tokenizer.ggml.bos_token_id", 1);
    w.set_u32("tokenizer.ggml.eos_token_id", 2);

    const int64_t n_kv = N_EMBD / N_HEAD * N_HEAD_KV;
    auto add = [&](const std::string& n, std::vector<int64_t> shape) {
        if (spec.drop_tensors.count(n)) return;
        if (n == spec.wrong_shape) shape = {N_EMBD, 7};
        w.add_tensor(n, GgmlType::F32, shape);
    };
    add("token_embd.weight", {N_EMBD, N_VOCAB});
    add("output_norm.weight", {N_EMBD});
    if (!spec.tied) add("output.weight", {N_EMBD, N_VOCAB});
    for (int l = 0; l < N_LAYER; l++) {
        auto b = "blk." + std::to_string(l) + ".";
        add(b + "attn_norm.weight", {N_EMBD});
        add(b + "attn_q.weight", {N_EMBD, N_EMBD});
        add(b + "attn_k.weight", {N_EMBD, n_kv});
        add(b + "attn_v.weight", {N_EMBD, n_kv});
        if (spec.biases) {
            add(b + "attn_q.bias", {N_EMBD});
            add(b + "attn_k.bias", {n_kv});
            add(b + "attn_v.bias", {n_kv});
        }
        add(b + "attn_output.weight", {N_EMBD, N_EMBD});
        add(b + "ffn_norm.weight", {N_EMBD});
        add(b + "ffn_gate.weight", {N_EMBD, N_FF});
        add(b + "ffn_up.weight", {N_EMBD, N_FF});
        add(b + "ffn_down.weight", {N_FF, N_EMBD});
    }
    std::mt19937 rng(5);
    std::normal_distribution<float> normal(0.0f, 0.2f);
    auto path = dir / name;
    auto r = w.write(path, [&](size_t, std::span<uint8_t> out) -> Result<void> {
        auto* f = reinterpret_cast<float*>(out.data());
        for (size_t i = 0; i < out.size() / 4; i++) f[i] = normal(rng);
        return ok();
    });
    EXPECT_TRUE(r.ok()) << r.error().message;
    return path;
}

std::string load_error(const std::filesystem::path& path) {
    auto m = Model::load(path);
    EXPECT_FALSE(m.ok());
    return m.ok() ? std::string() : m.error().message;
}

bool finite(const std::vector<float>& v) {
    return std::all_of(v.begin(), v.end(), [](float x) { return std::isfinite(x); });
}

}  // namespace

TEST(ModelLoad, TinyLlamaLoadsAndRuns) {
    test::TempDir dir;
    auto m = Model::load(write_tiny(dir, {}));
    ASSERT_TRUE(m.ok()) << m.error().message;
    EXPECT_EQ((*m)->info().name, "tiny-llama");
    EXPECT_EQ((*m)->info().n_head_kv, N_HEAD_KV);
    auto s = (*m)->new_session().release_value();
    EXPECT_EQ(s->n_ctx(), 64);
    std::vector<int32_t> ids = {1, 100, 200, 299};
    auto logits = s->eval(ids, LogitsMode::All);
    ASSERT_TRUE(logits.ok()) << logits.error().message;
    EXPECT_EQ(logits->size(), 4u * N_VOCAB);
    EXPECT_TRUE(finite(*logits));
}

TEST(ModelLoad, TiedEmbeddingsUseTokenEmbd) {
    test::TempDir dir;
    auto m = Model::load(write_tiny(dir, {.tied = true}));
    ASSERT_TRUE(m.ok()) << m.error().message;
    auto s = (*m)->new_session().release_value();
    std::vector<int32_t> ids = {1, 5};
    auto logits = s->eval(ids);
    ASSERT_TRUE(logits.ok());
    EXPECT_TRUE(finite(*logits));
}

TEST(ModelLoad, Qwen2NeedsItsBiases) {
    test::TempDir dir;
    auto good = Model::load(write_tiny(dir, {.arch = "qwen2", .biases = true}, "q.gguf"));
    ASSERT_TRUE(good.ok()) << good.error().message;
    EXPECT_EQ((*good)->info().architecture, "qwen2");
    auto msg = load_error(write_tiny(dir, {.arch = "qwen2"}, "nobias.gguf"));
    EXPECT_NE(msg.find("blk.0.attn_q.bias"), std::string::npos) << msg;
}

TEST(ModelLoad, MissingTensorIsNamed) {
    test::TempDir dir;
    auto msg = load_error(write_tiny(dir, {.drop_tensors = {"blk.1.ffn_up.weight"}}));
    EXPECT_NE(msg.find("'blk.1.ffn_up.weight'"), std::string::npos) << msg;
    EXPECT_NE(msg.find("tiny.gguf"), std::string::npos) << msg;
}

TEST(ModelLoad, WrongShapeIsNamed) {
    test::TempDir dir;
    auto msg = load_error(write_tiny(dir, {.wrong_shape = "blk.0.attn_k.weight"}));
    EXPECT_NE(msg.find("'blk.0.attn_k.weight' has shape [32, 7], expected [32, 16]"), std::string::npos) << msg;
}

TEST(ModelLoad, UnsupportedArchitectureListsTheSupported) {
    test::TempDir dir;
    auto path = write_tiny(dir, {.arch = "mamba"});
    auto m = Model::load(path);
    ASSERT_FALSE(m.ok());
    EXPECT_EQ(m.error().code, ErrorCode::Unsupported);
    EXPECT_NE(m.error().message.find("'mamba'"), std::string::npos) << m.error().message;
    EXPECT_NE(m.error().message.find("llama, qwen2"), std::string::npos) << m.error().message;
}

TEST(ModelLoad, MissingHyperParameterIsNamed) {
    test::TempDir dir;
    auto msg = load_error(write_tiny(dir, {.drop_keys = {"llama.block_count"}}));
    EXPECT_NE(msg.find("'llama.block_count'"), std::string::npos) << msg;
}

TEST(ModelLoad, TruncatedAndMissingFilesAreClearErrors) {
    test::TempDir dir;
    auto path = write_tiny(dir, {});
    std::string bytes;
    {
        std::ifstream in(path, std::ios::binary);
        bytes.assign(std::istreambuf_iterator<char>(in), {});
    }
    auto cut = dir / "cut.gguf";
    std::ofstream(cut, std::ios::binary) << bytes.substr(0, bytes.size() / 2);
    auto msg = load_error(cut);
    EXPECT_NE(msg.find("cut.gguf"), std::string::npos) << msg;

    auto garbage = dir / "garbage.gguf";
    std::ofstream(garbage, std::ios::binary) << "this is not a model at all";
    msg = load_error(garbage);
    EXPECT_NE(msg.find("garbage.gguf"), std::string::npos) << msg;

    auto missing = Model::load(dir / "nope.gguf");
    ASSERT_FALSE(missing.ok());
    EXPECT_EQ(missing.error().code, ErrorCode::NotFound);
}

// rope.scaling.type = yarn: the factor, the original context and the
// correction dims reach the hyper-parameters, and the logits change from
// plain rope's (not in row 0: one position attends only to itself).
TEST(ModelLoad, YarnRopeScalingIsReadAndApplied) {
    test::TempDir dir;
    auto plain = Model::load(write_tiny(dir, {}, "plain.gguf"));
    auto yarn = Model::load(write_tiny(dir, {.rope_scaling = "yarn"}, "yarn.gguf"));
    ASSERT_TRUE(plain.ok() && yarn.ok());
    const HParams& hp = (*yarn)->hparams();
    EXPECT_FLOAT_EQ(hp.rope_freq_scale, 0.25f);
    EXPECT_EQ(hp.yarn_ext_factor, 1.0f);
    EXPECT_EQ(hp.yarn_attn_factor, 1.0f);
    float low = 0, high = 0;
    rope_yarn_corr_dims(hp.n_rot, 16, hp.rope_freq_base, 32.0f, 1.0f, low, high);
    EXPECT_EQ(hp.yarn_corr_low, low);
    EXPECT_EQ(hp.yarn_corr_high, high);
    EXPECT_EQ((*plain)->hparams().yarn_ext_factor, 0.0f);
    std::vector<int32_t> ids = {1, 100, 200};
    auto a = (*plain)->new_session().release_value()->eval(ids, LogitsMode::All);
    auto b = (*yarn)->new_session().release_value()->eval(ids, LogitsMode::All);
    ASSERT_TRUE(a.ok() && b.ok());
    EXPECT_TRUE(finite(*b));
    EXPECT_NE(*a, *b);
    // Another scheme is not refused: it loads with plain rope (and a warning).
    auto other = Model::load(write_tiny(dir, {.rope_scaling = "longrope"}, "longrope.gguf"));
    ASSERT_TRUE(other.ok()) << other.error().message;
    EXPECT_EQ((*other)->hparams().yarn_ext_factor, 0.0f);
}

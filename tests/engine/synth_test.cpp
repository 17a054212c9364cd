// GgufWriter (metadata of every type, tensors, alignment) and synthetic
// models (shapes, type rules, vocabulary, loadable by our engine).
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <fstream>
#include <iterator>
#include <set>

#include "engine/engine.h"
#include "engine/gguf/gguf.h"
#include "engine/gguf/gguf_writer.h"
#include "engine_tools/synth.h"
#include "engine/gguf/tensor_types.h"
#include "engine/text/tokenizer.h"
#include "test_support.h"

using namespace os1::engine;
using os1::test::TempDir;

namespace {

std::string read_all(const std::filesystem::path& p) {
    std::ifstream f(p, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(f), {});
}

SynthPreset tiny_preset(const std::string& arch) {
    SynthPreset p;
    p.name = "tiny-" + arch;
    p.arch = arch;
    p.n_embd = 256;
    p.n_layer = 2;
    p.n_head = 4;
    p.n_head_kv = 2;
    p.n_ff = 512;
    p.n_vocab = 300;
    p.n_ctx = 128;
    p.rope_base = 10000.0f;
    p.rms_eps = 1e-5f;
    p.tied_embeddings = true;
    p.qkv_bias = arch == "qwen2";
    return p;
}

}  // namespace

TEST(GgufWriter, RoundTripsEveryMetadataTypeAndTensors) {
    TempDir dir;
    GgufWriter w;
    w.set_u8("t.u8", 200);
    w.set_i8("t.i8", -100);
    w.set_u16("t.u16", 60000);
    w.set_i16("t.i16", -30000);
    w.set_u32("t.u32", 4000000000u);
    w.set_i32("t.i32", -2000000000);
    w.set_u64("t.u64", 1ull << 40);
    w.set_i64("t.i64", -(1ll << 40));
    w.set_f32("t.f32", 0.25f);
    w.set_f64("t.f64", -1.5);
    w.set_bool("t.bool", true);
    w.set_string("t.str", "héllo ▁world");
    w.set_strings("t.strs", {"a", "", "ccc"});
    w.set_f32s("t.f32s", {1.0f, -2.5f});
    w.set_i32s("t.i32s", {-1, 7, 9});
    w.set_u32("t.u32", 5);  // replaces, keeps position
    w.set_alignment(64);
    w.add_tensor("a", GgmlType::F32, {3});
    w.add_tensor("b", GgmlType::Q8_0, {64, 2});
    auto path = dir.path() / "t.gguf";
    std::vector<float> b_src(128);
    for (int i = 0; i < 128; i++) b_src[i] = std::sin(i * 0.1f);
    auto r = w.write(path, [&](size_t i, std::span<uint8_t> out) -> os1::Result<void> {
        if (i == 0) {
            float v[3] = {1, 2, 3};
            std::memcpy(out.data(), v, sizeof v);
        } else {
            quantize_row(GgmlType::Q8_0, b_src.data(), out.data(), 64);
            quantize_row(GgmlType::Q8_0, b_src.data() + 64, out.data() + row_size(GgmlType::Q8_0, 64), 64);
        }
        return os1::ok();
    });
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_EQ(std::filesystem::file_size(path), w.file_size());
    EXPECT_FALSE(std::filesystem::exists(dir.path() / "t.gguf.tmp"));

    auto f = GgufFile::open(path);
    ASSERT_TRUE(f.ok()) << f.error().message;
    const GgufFile& g = **f;
    EXPECT_EQ(g.version(), 3u);
    EXPECT_EQ(g.alignment(), 64u);
    EXPECT_EQ(g.get_uint("t.u8").value(), 200u);
    EXPECT_EQ(g.find("t.i8")->i, -100);
    EXPECT_EQ(g.get_uint("t.u16").value(), 60000u);
    EXPECT_EQ(g.find("t.i16")->i, -30000);
    EXPECT_EQ(g.get_uint("t.u32").value(), 5u);
    EXPECT_EQ(g.find("t.i32")->i, -2000000000);
    EXPECT_EQ(g.get_uint("t.u64").value(), 1ull << 40);
    EXPECT_EQ(g.find("t.i64")->i, -(1ll << 40));
    EXPECT_DOUBLE_EQ(g.get_float("t.f32").value(), 0.25);
    EXPECT_DOUBLE_EQ(g.get_float("t.f64").value(), -1.5);
    EXPECT_TRUE(g.get_bool("t.bool").value());
    EXPECT_EQ(g.get_string("t.str").value(), "héllo ▁world");
    EXPECT_EQ(g.get_array("t.strs").value()->strings, (std::vector<std::string_view>{"a", "", "ccc"}));
    EXPECT_EQ(g.get_array("t.f32s").value()->numbers, (std::vector<double>{1.0, -2.5}));
    EXPECT_EQ(g.get_array("t.i32s").value()->numbers, (std::vector<double>{-1, 7, 9}));
    EXPECT_EQ(g.metadata()[4].first, "t.u32");  // replaced in place

    ASSERT_EQ(g.tensors().size(), 2u);
    const GgufTensor* a = g.tensor("a");
    ASSERT_NE(a, nullptr);
    float av[3];
    std::memcpy(av, a->data, sizeof av);
    EXPECT_EQ(av[2], 3.0f);
    const GgufTensor* b = g.tensor("b");
    ASSERT_NE(b, nullptr);
    EXPECT_EQ(b->type, GgmlType::Q8_0);
    EXPECT_EQ(b->shape, (std::vector<int64_t>{64, 2}));
    EXPECT_EQ(b->offset % 64, 0u);
    std::vector<float> back(64);
    dequantize_row(GgmlType::Q8_0, b->data + row_size(GgmlType::Q8_0, 64), back.data(), 64);
    EXPECT_NEAR(back[10], b_src[74], 0.01f);
}

TEST(GgufWriter, RejectsBadShapesAndPropagatesProducerErrors) {
    TempDir dir;
    GgufWriter w;
    w.add_tensor("bad", GgmlType::Q4_K, {100, 2});
    auto r = w.write(dir.path() / "bad.gguf", [](size_t, std::span<uint8_t>) -> os1::Result<void> { return os1::ok(); });
    ASSERT_FALSE(r.ok());
    EXPECT_NE(r.error().message.find("'bad'"), std::string::npos) << r.error().message;

    GgufWriter w2;
    w2.add_tensor("x", GgmlType::F32, {4});
    auto r2 = w2.write(dir.path() / "x.gguf", [](size_t, std::span<uint8_t>) -> os1::Result<void> {
        return os1::Error::io("disk on fire");
    });
    ASSERT_FALSE(r2.ok());
    EXPECT_NE(r2.error().message.find("disk on fire"), std::string::npos);
    EXPECT_FALSE(std::filesystem::exists(dir.path() / "x.gguf"));
    EXPECT_FALSE(std::filesystem::exists(dir.path() / "x.gguf.tmp"));
}

TEST(Synth, PresetsHaveThePublicShapes) {
    auto q = synth_preset("qwen2.5-0.5b").value();
    EXPECT_EQ(q.arch, "qwen2");
    EXPECT_EQ(q.n_embd, 896);
    EXPECT_EQ(q.n_layer, 24);
    EXPECT_EQ(q.n_head, 14);
    EXPECT_EQ(q.n_head_kv, 2);
    EXPECT_EQ(q.n_ff, 4864);
    EXPECT_EQ(q.n_vocab, 151936);
    EXPECT_TRUE(q.qkv_bias);
    auto l = synth_preset("llama3.2-1b").value();
    EXPECT_EQ(l.n_embd, 2048);
    EXPECT_EQ(l.n_head_kv, 8);
    EXPECT_EQ(l.n_vocab, 128256);
    auto s = synth_preset("smollm2-135m").value();
    EXPECT_EQ(s.n_layer, 30);
    EXPECT_EQ(s.n_head, 9);
    auto bad = synth_preset("gpt-5");
    ASSERT_FALSE(bad.ok());
    EXPECT_NE(bad.error().message.find("qwen2.5-0.5b"), std::string::npos);
}

TEST(Synth, TypeRulesFollowLlamaCppQ4KM) {
    auto t = [](SynthRole role, int64_t layer, int64_t n_layer, int64_t cols) {
        return synth_tensor_type("q4_k_m", role, layer, n_layer, cols, true).value();
    };
    // Qwen2.5-0.5B: 896 columns are not whole super-blocks -> q5_0 / q8_0.
    EXPECT_EQ(t(SynthRole::AttnQ, 5, 24, 896), GgmlType::Q5_0);
    EXPECT_EQ(t(SynthRole::TokenEmbd, 0, 24, 896), GgmlType::Q8_0);
    EXPECT_EQ(t(SynthRole::AttnV, 0, 24, 896), GgmlType::Q8_0);
    EXPECT_EQ(t(SynthRole::FfnDown, 0, 24, 4864), GgmlType::Q6_K);   // first eighth
    EXPECT_EQ(t(SynthRole::FfnDown, 3, 24, 4864), GgmlType::Q4_K);
    EXPECT_EQ(t(SynthRole::FfnDown, 5, 24, 4864), GgmlType::Q6_K);   // every third
    EXPECT_EQ(t(SynthRole::FfnDown, 23, 24, 4864), GgmlType::Q6_K);  // last eighth
    // Llama-3.2-1B: everything is whole super-blocks.
    EXPECT_EQ(t(SynthRole::TokenEmbd, 0, 16, 2048), GgmlType::Q6_K);
    EXPECT_EQ(t(SynthRole::FfnGate, 7, 16, 2048), GgmlType::Q4_K);
    EXPECT_EQ(synth_tensor_type("q4_0", SynthRole::TokenEmbd, 0, 16, 2048, false).value(), GgmlType::Q4_0);
    EXPECT_EQ(synth_tensor_type("q4_0", SynthRole::Output, 0, 16, 2048, false).value(), GgmlType::Q6_K);
    EXPECT_EQ(synth_tensor_type("q5_1", SynthRole::FfnUp, 0, 24, 896, true).value(), GgmlType::Q5_1);
    EXPECT_EQ(synth_tensor_type("q5_1", SynthRole::TokenEmbd, 0, 24, 896, true).value(), GgmlType::Q8_0);  // tied: q6_K, 896 -> q8_0
    EXPECT_EQ(synth_tensor_type("f16", SynthRole::AttnK, 0, 16, 2048, true).value(), GgmlType::F16);
    EXPECT_FALSE(synth_tensor_type("q3_xl", SynthRole::AttnK, 0, 16, 2048, true).ok());
}

TEST(Synth, VocabularyIsSentencePieceStyleAndUnique) {
    auto v = synth_vocab(2000);
    ASSERT_EQ(v.tokens.size(), 2000u);
    ASSERT_EQ(v.scores.size(), 2000u);
    ASSERT_EQ(v.types.size(), 2000u);
    EXPECT_EQ(v.tokens[0], "<unk>");
    EXPECT_EQ(v.types[0], 2);
    EXPECT_EQ(v.tokens[1], "<s>");
    EXPECT_EQ(v.tokens[3], "<0x00>");
    EXPECT_EQ(v.tokens[3 + 255], "<0xFF>");
    EXPECT_EQ(v.types[100], 6);
    EXPECT_EQ(v.tokens[259], "\xE2\x96\x81");  // "▁"
    std::set<std::string> unique(v.tokens.begin(), v.tokens.end());
    EXPECT_EQ(unique.size(), v.tokens.size());
    for (size_t i = 260; i < v.tokens.size(); i++) EXPECT_LT(v.scores[i], v.scores[i - 1]);
}

TEST(Synth, TinyModelsLoadRunAndAreDeterministic) {
    TempDir dir;
    for (const char* arch : {"llama", "qwen2"}) {
        for (const auto& type : synth_type_names()) {
            SynthOptions o;
            o.preset = tiny_preset(arch);
            o.type = type;
            o.seed = 99;
            auto path = dir.path() / (std::string(arch) + "-" + type + ".gguf");
            auto r = synth_model(o, path);
            ASSERT_TRUE(r.ok()) << r.error().message;

            auto f = GgufFile::open(path);
            ASSERT_TRUE(f.ok()) << f.error().message;
            EXPECT_EQ((*f)->architecture(), arch);
            EXPECT_EQ((*f)->get_uint(std::string(arch) + ".block_count").value(), 2u);
            EXPECT_EQ((*f)->get_string("tokenizer.ggml.model").value(), "llama");
            const GgufTensor* q = (*f)->tensor("blk.1.attn_k.weight");
            ASSERT_NE(q, nullptr);
            EXPECT_EQ(q->shape, (std::vector<int64_t>{256, 128}));
            EXPECT_EQ((*f)->tensor("output.weight"), nullptr);  // tied
            EXPECT_EQ((*f)->tensor("blk.0.attn_q.bias") != nullptr, std::string(arch) == "qwen2");

            auto tok = Tokenizer::from_gguf(**f);
            ASSERT_TRUE(tok.ok()) << tok.error().message;
            auto ids = (*tok)->encode("hello world", false);
            EXPECT_EQ((*tok)->decode(ids), "hello world");

            auto model = Model::load(path, {.n_ctx = 64, .n_threads = 2});
            ASSERT_TRUE(model.ok()) << type << ": " << model.error().message;
            auto session = (*model)->new_session();
            ASSERT_TRUE(session.ok());
            auto logits = (*session)->eval(ids);
            ASSERT_TRUE(logits.ok()) << logits.error().message;
            ASSERT_EQ(logits->size(), 300u);
            for (float x : *logits) ASSERT_TRUE(std::isfinite(x)) << arch << " " << type;
        }
    }
    // Same seed, same bytes; another seed, other bytes.
    SynthOptions o;
    o.preset = tiny_preset("llama");
    o.type = "q4_k_m";
    o.seed = 5;
    o.n_threads = 1;
    ASSERT_TRUE(synth_model(o, dir.path() / "a.gguf").ok());
    o.n_threads = 3;
    ASSERT_TRUE(synth_model(o, dir.path() / "b.gguf").ok());
    o.seed = 6;
    ASSERT_TRUE(synth_model(o, dir.path() / "c.gguf").ok());
    EXPECT_EQ(read_all(dir.path() / "a.gguf"), read_all(dir.path() / "b.gguf"));
    EXPECT_NE(read_all(dir.path() / "a.gguf"), read_all(dir.path() / "c.gguf"));
}

TEST(Synth, BadOptionsAreErrors) {
    TempDir dir;
    SynthOptions o;
    o.preset = tiny_preset("llama");
    o.type = "q9_9";
    EXPECT_FALSE(synth_model(o, dir.path() / "x.gguf").ok());
    o.type = "f16";
    o.preset.n_head = 3;  // 256 not divisible by 3
    EXPECT_FALSE(synth_model(o, dir.path() / "x.gguf").ok());
    o.preset = tiny_preset("gpt2");
    EXPECT_FALSE(synth_model(o, dir.path() / "x.gguf").ok());
}

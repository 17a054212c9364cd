// The forward pass on synthetic models big enough for its parallel paths:
// shared Q/K/V activations and one dispatch per group (matmul_group), gate/up
// with SwiGLU in one dispatch (matmul_swiglu), the FFN and attention run in
// token chunks, the last layer only for the rows whose logits are wanted.
// None of that may change a bit: batched == one at a time == any thread count.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "engine/engine.h"
#include "engine/runtime/forward.h"
#include "engine/kernels/kernels.h"
#include "engine_tools/synth.h"
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
    p.n_vocab = 304;  // a multiple of 16: the output matrix goes into panels too
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

using ::os1::test::same_bits;

// A model loaded twice: with its matrices repacked in panels (the default
// on AVX-512) and in row layout (OS1_PANELS=0).
struct PackedAndRows {
    std::unique_ptr<Model> packed, rows;
};
PackedAndRows load_packed_and_rows(const std::filesystem::path& path, int packed_threads) {
    PackedAndRows m;
    auto packed = Model::load(path, {.n_ctx = 64, .n_threads = packed_threads});
    EXPECT_TRUE(packed.ok()) << packed.error().message;
    ::setenv("OS1_PANELS", "0", 1);
    auto rows = Model::load(path, {.n_ctx = 64, .n_threads = 2});
    ::unsetenv("OS1_PANELS");
    EXPECT_TRUE(rows.ok()) << rows.error().message;
    if (packed.ok() && rows.ok()) m = {packed.release_value(), rows.release_value()};
    return m;
}

// One product of a layer matrix with a few random activation rows: a
// packed matrix's float order differs from the row layout's, so the bits
// show which kernels ran (the logits may not: the next product's int8
// activations can round every 1-ulp difference away, as on AVX-512).
std::vector<float> product_of(const Weight& w) {
    std::vector<float> x(static_cast<size_t>(w.n_cols * 3)), y(static_cast<size_t>(w.n_rows * 3));
    uint32_t s = 99;
    for (auto& v : x) v = static_cast<float>((s = s * 1664525u + 1013904223u) >> 8) / 16777216.0f - 0.5f;
    const kernels::MatrixView view{w.type, w.data, w.row_bytes, w.n_rows, w.n_cols, w.panels};
    kernels::matmul_simple(view, x.data(), 3, y.data(), w.n_rows);
    return y;
}

// Per token (n_vocab logits each): |a - b| / |b|.
std::vector<double> rel_l2_per_token(const std::vector<float>& a, const std::vector<float>& b, size_t n_vocab) {
    std::vector<double> out;
    for (size_t t = 0; t < b.size() / n_vocab; t++) {
        double diff = 0, norm = 0;
        for (size_t i = t * n_vocab; i < (t + 1) * n_vocab; i++) {
            diff += (a[i] - b[i]) * double(a[i] - b[i]);
            norm += double(b[i]) * b[i];
        }
        out.push_back(std::sqrt(diff / norm));
    }
    return out;
}

}  // namespace

TEST(Forward, BatchedEqualsTokenByTokenBitForBit) {
    TempDir dir;
    // More tokens than ForwardState::FFN_CHUNK and the attention chunk, an
    // odd count so chunks end unevenly.
    const auto prompt = some_tokens(150);
    ASSERT_GT(static_cast<int>(prompt.size()), 2 * ForwardState::FFN_CHUNK);
    for (const char* arch : {"llama", "qwen2"}) {
        // q8_0, q4_0: one activation type (one token: a row at a time, prompts:
        // paired rows); q4_k_m: q4_K and q6_K matrices side by side.
        for (const char* type : {"q8_0", "q4_0", "q4_k_m", "f16"}) {
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

TEST(Forward, WeightsCopiedToMemoryGiveTheSameBitsAsTheFileMapping) {
    TempDir dir;
    const auto path = make_model(dir, "llama", "q4_k_m");
    const auto prompt = some_tokens(20);
    auto logits_of = [&](const Model& m) {
        auto r = m.new_session({.n_batch = 8}).release_value()->eval(prompt, LogitsMode::All);
        EXPECT_TRUE(r.ok());
        return r.ok() ? *r : std::vector<float>{};
    };
    ::setenv("OS1_PANELS", "0", 1);  // the row layout, as in the file (panels: KQuantPanelsAgreeWithTheRowLayout)
    auto copied = Model::load(path, {.n_ctx = 64, .n_threads = 2});
    ::unsetenv("OS1_PANELS");
    ASSERT_TRUE(copied.ok()) << copied.error().message;
    ::setenv("OS1_WEIGHTS", "mmap", 1);
    auto mapped = Model::load(path, {.n_ctx = 64, .n_threads = 2});
    ::unsetenv("OS1_WEIGHTS");
    ASSERT_TRUE(mapped.ok()) << mapped.error().message;

    // The copy owns every matrix; the mapped model's views point into the file.
    const ModelWeights& c = (*copied)->weights();
    const ModelWeights& m = (*mapped)->weights();
    ASSERT_NE(c.memory, nullptr);
    EXPECT_EQ(m.memory, nullptr);
    const uint8_t* begin = c.memory.get();
    for (const LayerWeights& L : c.layers)
        for (const Weight* w : {&L.wq, &L.wk, &L.wv, &L.wo, &L.w_gate, &L.w_up, &L.w_down})
            EXPECT_TRUE(w->data >= begin && w->data != w->tensor->data);
    EXPECT_EQ(m.layers[0].wq.data, m.layers[0].wq.tensor->data);
    EXPECT_EQ(0, std::memcmp(c.layers[1].w_down.data, m.layers[1].w_down.data,
                             c.layers[1].w_down.row_bytes * static_cast<size_t>(c.layers[1].w_down.n_rows)));
    EXPECT_EQ(c.output.data == c.tok_embd.data, m.output.data == m.tok_embd.data);  // tied stays tied
    EXPECT_TRUE(same_bits(logits_of(**copied), logits_of(**mapped)));
}

// On AVX-512 the copied q8_0 matrices are repacked in 16-row panels; the
// logits then differ from the row layout's only through float rounding,
// and a row read back (get_row) is the file's row.
TEST(Forward, Q8_0PanelsAgreeWithTheRowLayout) {
    if (!kernels::can_pack(GgmlType::Q8_0, 64, 64)) GTEST_SKIP() << "no SIMD q8_0 panel kernels here (AVX2 or AVX-512)";
    TempDir dir;
    const auto path = make_model(dir, "qwen2", "q8_0");
    const auto prompt = some_tokens(40);
    auto logits_of = [&](const Model& m) {
        auto r = m.new_session({.n_batch = 16}).release_value()->eval(prompt, LogitsMode::All);
        EXPECT_TRUE(r.ok());
        return r.ok() ? *r : std::vector<float>{};
    };
    auto [packed, rows] = load_packed_and_rows(path, 2);
    ASSERT_TRUE(packed && rows);
    const ModelWeights& p = packed->weights();
    const ModelWeights& r = rows->weights();
    for (size_t l = 0; l < p.layers.size(); l++)
        for (auto m : {&LayerWeights::wq, &LayerWeights::wk, &LayerWeights::wv, &LayerWeights::wo,
                       &LayerWeights::w_gate, &LayerWeights::w_up, &LayerWeights::w_down}) {
            EXPECT_TRUE((p.layers[l].*m).panels);
            EXPECT_FALSE((r.layers[l].*m).panels);
        }
    // The tied output (token_embd) too; an embedding row reads back as the file's.
    EXPECT_TRUE(p.tok_embd.panels);
    EXPECT_EQ(p.output.data, p.tok_embd.data);
    std::vector<float> e(static_cast<size_t>(p.tok_embd.n_cols)), f(e.size());
    get_row(p.tok_embd, 123, e.data());
    get_row(r.tok_embd, 123, f.data());
    EXPECT_EQ(e, f);
    const Weight& down = p.layers[1].w_down;
    std::vector<float> a(static_cast<size_t>(down.n_cols)), b(a.size());
    get_row(down, 37, a.data());
    get_row(r.layers[1].w_down, 37, b.data());
    EXPECT_EQ(a, b);

    // A different float order: the panels did run.
    EXPECT_FALSE(same_bits(product_of(down), product_of(r.layers[1].w_down)));
    const auto lp = logits_of(*packed), lr = logits_of(*rows);
    ASSERT_EQ(lp.size(), lr.size());
    const auto rel = rel_l2_per_token(lp, lr, static_cast<size_t>(packed->info().n_vocab));
    for (size_t t = 0; t < rel.size(); t++) {
        // Each product differs by float rounding only (kernel tests: 1e-5),
        // but a rounding flip in the next layer's int8 activations moves a
        // random-weight model's logits by ~3e-3; the conformance bound
        // against llama.cpp is 5e-2.
        EXPECT_LT(rel[t], 1e-2) << "token " << t;
    }
}

// A q5_1 file (llama.cpp's Q5_1: q5_1 layers, q6_K output): every layer
// matrix in q5_1 panels, rows read back as the file's, logits within the
// row layout's rounding, one token at a time == batched.
TEST(Forward, Q5_1PanelsAgreeWithTheRowLayout) {
    if (!kernels::can_pack(GgmlType::Q5_1, 64, 64)) GTEST_SKIP() << "no SIMD q5_1 panel kernels here (AVX2 or AVX-512)";
    TempDir dir;
    const auto path = make_model(dir, "llama", "q5_1");
    const auto prompt = some_tokens(24);
    auto logits_of = [&](const Model& m, int n_batch) {
        auto r = m.new_session({.n_batch = n_batch}).release_value()->eval(prompt, LogitsMode::All);
        EXPECT_TRUE(r.ok());
        return r.ok() ? *r : std::vector<float>{};
    };
    auto [packed, rows] = load_packed_and_rows(path, 2);
    ASSERT_TRUE(packed && rows);
    const ModelWeights& p = packed->weights();
    const ModelWeights& r = rows->weights();
    for (size_t l = 0; l < p.layers.size(); l++)
        for (auto m : {&LayerWeights::wq, &LayerWeights::wk, &LayerWeights::wv, &LayerWeights::wo,
                       &LayerWeights::w_gate, &LayerWeights::w_up, &LayerWeights::w_down}) {
            const Weight& w = p.layers[l].*m;
            EXPECT_EQ(w.type, GgmlType::Q5_1);
            EXPECT_TRUE(w.panels);
            EXPECT_FALSE((r.layers[l].*m).panels);
        }
    const Weight& up = p.layers[1].w_up;
    std::vector<float> a(static_cast<size_t>(up.n_cols)), b(a.size());
    get_row(up, 21, a.data());
    get_row(r.layers[1].w_up, 21, b.data());
    EXPECT_EQ(a, b);
    EXPECT_FALSE(same_bits(product_of(up), product_of(r.layers[1].w_up)));  // the panels did run

    const auto lp = logits_of(*packed, 8), lr = logits_of(*rows, 8);
    ASSERT_EQ(lp.size(), lr.size());
    EXPECT_TRUE(same_bits(lp, logits_of(*packed, 1)));
    const auto rel = rel_l2_per_token(lp, lr, static_cast<size_t>(packed->info().n_vocab));
    for (size_t t = 0; t < rel.size(); t++) EXPECT_LT(rel[t], 1e-2) << "token " << t;  // as for q8_0 above
}

// The same for the q4_K and q6_K matrices of a q4_k_m file: batched == one
// token at a time on panels too, and a row read back is the file's row.
TEST(Forward, KQuantPanelsAgreeWithTheRowLayout) {
    if (!kernels::can_pack(GgmlType::Q4_K, 64, 256)) GTEST_SKIP() << "no SIMD k-quant panel kernels here (AVX2 or AVX-512)";
    TempDir dir;
    const auto path = make_model(dir, "llama", "q4_k_m");
    const auto prompt = some_tokens(40);
    auto logits_of = [&](const Model& m, int n_batch) {
        auto r = m.new_session({.n_batch = n_batch}).release_value()->eval(prompt, LogitsMode::All);
        EXPECT_TRUE(r.ok());
        return r.ok() ? *r : std::vector<float>{};
    };
    auto [packed, rows] = load_packed_and_rows(path, 3);
    ASSERT_TRUE(packed && rows);
    const ModelWeights& p = packed->weights();
    const ModelWeights& r = rows->weights();
    int n_q4k = 0, n_q6k = 0;
    for (size_t l = 0; l < p.layers.size(); l++)
        for (auto m : {&LayerWeights::wq, &LayerWeights::wk, &LayerWeights::wv, &LayerWeights::wo,
                       &LayerWeights::w_gate, &LayerWeights::w_up, &LayerWeights::w_down}) {
            const Weight& w = p.layers[l].*m;
            EXPECT_EQ(w.type == GgmlType::Q4_K || w.type == GgmlType::Q6_K, w.panels);
            EXPECT_FALSE((r.layers[l].*m).panels);
            n_q4k += w.type == GgmlType::Q4_K;
            n_q6k += w.type == GgmlType::Q6_K;
            if (w.panels) {
                std::vector<float> a(static_cast<size_t>(w.n_cols)), b(a.size());
                get_row(w, 21, a.data());
                get_row(r.layers[l].*m, 21, b.data());
                EXPECT_EQ(a, b);
            }
        }
    EXPECT_GT(n_q4k, 4);
    EXPECT_GT(n_q6k, 0);

    const auto lp = logits_of(*packed, 16), lr = logits_of(*rows, 16);
    ASSERT_EQ(lp.size(), lr.size());
    EXPECT_FALSE(same_bits(lp, lr));  // a different float order: the panels did run
    EXPECT_TRUE(same_bits(lp, logits_of(*packed, 1)));  // one token at a time: the same bits
    const auto rel = rel_l2_per_token(lp, lr, static_cast<size_t>(packed->info().n_vocab));
    for (size_t t = 0; t < rel.size(); t++) EXPECT_LT(rel[t], 1e-2) << "token " << t;  // as for q8_0 above
}

// matmul.cpp quantizes the activations once for a group of q4_K and q6_K
// products (Q/K/V, gate/up of a q4_k_m file): that holds only while both
// weight types take the same activation bytes, under every ISA.
TEST(Forward, Q4KAndQ6KShareTheirActivationLayout) {
    const int64_t n_cols = 512, n_tokens = 3;
    std::vector<float> x(static_cast<size_t>(n_cols * n_tokens));
    uint32_t s = 99;
    for (float& v : x) {
        s = s * 1664525u + 1013904223u;
        v = static_cast<float>(static_cast<int32_t>(s >> 8) % 2001 - 1000) / 250.0f;
    }
    const kernels::Isa saved = kernels::active_isa();
    for (kernels::Isa isa : kernels::supported_isas()) {
        kernels::set_isa(isa);
        const size_t bytes = kernels::act_buffer_bytes(GgmlType::Q4_K, n_cols, n_tokens);
        ASSERT_EQ(bytes, kernels::act_buffer_bytes(GgmlType::Q6_K, n_cols, n_tokens));
        ASSERT_GT(bytes, 0u);
        std::vector<uint8_t> a(bytes + 64, 0x5a), b(bytes + 64, 0x5a);  // padding: same filler
        auto aligned = [](std::vector<uint8_t>& v) {
            return reinterpret_cast<uint8_t*>((reinterpret_cast<uintptr_t>(v.data()) + 63) & ~uintptr_t(63));
        };
        kernels::prepare(GgmlType::Q4_K, x.data(), n_cols, n_tokens, aligned(a));
        kernels::prepare(GgmlType::Q6_K, x.data(), n_cols, n_tokens, aligned(b));
        EXPECT_EQ(0, std::memcmp(aligned(a), aligned(b), bytes)) << kernels::isa_name(isa);
    }
    kernels::set_isa(saved);
}

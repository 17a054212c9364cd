// The newer decoders' pieces: soft cap, GELU(tanh) and its gated FFN,
// sliding-window and soft-capped attention, the per-layer switches in
// HParams, and loading: fused phi3 matrices give the same logits as the
// same weights in separate tensors; a qwen3 without its Q/K norms is an
// error naming the tensor.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <map>
#include <random>
#include <vector>

#include "engine/engine.h"
#include "engine/gguf/gguf_writer.h"
#include "engine/gguf/tensor_types.h"
#include "engine/ops/ops.h"
#include "engine/runtime/model.h"
#include "engine/runtime/thread_team.h"
#include "engine_tools/synth.h"
#include "test_support.h"

using namespace os1;
using namespace os1::engine;

namespace {

double gelu_formula(double x) { return 0.5 * x * (1.0 + std::tanh(std::sqrt(2.0 / M_PI) * (x + 0.044715 * x * x * x))); }

}  // namespace

TEST(ArchOps, SoftcapBoundsAndKeepsSmallValues) {
    std::vector<float> x = {-1000.0f, -3.0f, -0.01f, 0.0f, 0.01f, 3.0f, 1000.0f};
    softcap(x.data(), static_cast<int64_t>(x.size()), 2.0f);
    EXPECT_FLOAT_EQ(x[0], -2.0f);
    EXPECT_FLOAT_EQ(x[6], 2.0f);
    EXPECT_NEAR(x[1], 2.0 * std::tanh(-1.5), 1e-6);
    EXPECT_NEAR(x[4], 0.01, 1e-6);  // tanh(s) ~ s near 0
    EXPECT_EQ(x[3], 0.0f);
    for (size_t i = 1; i < x.size(); i++) EXPECT_GT(x[i], x[i - 1]);
}

TEST(ArchOps, GeluTanhFollowsTheFormulaAtHalfPrecision) {
    EXPECT_EQ(gelu_tanh(-10.0f), 0.0f);
    EXPECT_EQ(gelu_tanh(-50.0f), 0.0f);
    EXPECT_EQ(gelu_tanh(10.0f), 10.0f);
    EXPECT_EQ(gelu_tanh(123.5f), 123.5f);
    EXPECT_EQ(gelu_tanh(0.0f), 0.0f);
    for (float x = -9.9f; x < 9.9f; x += 0.037f) {
        const double want = gelu_formula(x);
        // f16 input and output: about 2^-11 relative each, plus the slope.
        EXPECT_NEAR(gelu_tanh(x), want, 2e-3 * (std::fabs(want) + std::fabs(x)) + 1e-6) << x;
    }
    // The value is a function of the f16-rounded input (ggml's table).
    EXPECT_EQ(gelu_tanh(1.0f), gelu_tanh(1.0f + 1e-5f));
    std::vector<float> gate = {-12.0f, -1.0f, 0.5f, 2.0f, 11.0f}, up = {3.0f, 2.0f, -1.0f, 0.5f, 2.0f};
    std::vector<float> want(gate.size());
    for (size_t i = 0; i < gate.size(); i++) want[i] = gelu_tanh(gate[i]) * up[i];
    geglu(gate.data(), up.data(), static_cast<int64_t>(gate.size()));
    EXPECT_EQ(gate, want);
    EXPECT_EQ(gate[0], 0.0f);
    EXPECT_EQ(gate[4], 22.0f);
}

TEST(ArchOps, LimitScoresMasksOutsideTheWindowAndCaps) {
    std::vector<float> s = {5, 5, 5, 5, 5, 5};
    limit_scores(s.data(), 6, {.window = 2});
    for (int p = 0; p < 4; p++) EXPECT_TRUE(std::isinf(s[p]) && s[p] < 0) << p;
    EXPECT_EQ(s[4], 5.0f);  // the window holds the query's own position and the one before
    EXPECT_EQ(s[5], 5.0f);
    std::vector<float> c = {100.0f, -100.0f};
    limit_scores(c.data(), 2, {.softcap = 3.0f});
    EXPECT_FLOAT_EQ(c[0], 3.0f);
    EXPECT_FLOAT_EQ(c[1], -3.0f);
    std::vector<float> none = {1, 2, 3};
    limit_scores(none.data(), 3, {});
    EXPECT_EQ(none, (std::vector<float>{1, 2, 3}));
}

namespace {

// attention() with options against a double-precision reference over the
// same f16 inputs: window, soft cap and scale.
void check_attention(int head_dim, const AttentionOptions& opt) {
    SCOPED_TRACE(head_dim);
    const int n_head = 4, n_head_kv = 2, n_tokens = 12, pos0 = 9, n_ctx = 32;
    const int qs = n_head * head_dim, kvs = n_head_kv * head_dim, group = n_head / n_head_kv;
    std::mt19937 rng(head_dim + opt.window);
    std::normal_distribution<float> nd(0.0f, 1.0f);
    std::vector<float> q(static_cast<size_t>(n_tokens) * qs);
    for (auto& x : q) x = nd(rng);
    std::vector<uint16_t> k(static_cast<size_t>(n_ctx) * kvs), v(k.size());
    for (auto& x : k) x = fp32_to_fp16(nd(rng));
    for (auto& x : v) x = fp32_to_fp16(nd(rng));
    ThreadTeam team(2);
    std::vector<float> scratch(static_cast<size_t>(team.size()) * attention_scratch(n_ctx, head_dim) + 64);
    std::vector<float> out(q.size());
    attention(q.data(), k.data(), v.data(), n_tokens, pos0, n_head, n_head_kv, head_dim, n_ctx, out.data(),
              scratch.data(), team, opt);
    const double scale = opt.scale > 0 ? opt.scale : 1.0 / std::sqrt(static_cast<double>(head_dim));
    for (int t = 0; t < n_tokens; t++)
        for (int h = 0; h < n_head; h++) {
            const int pos = pos0 + t, kv = (h / group) * head_dim;
            const int first = opt.window > 0 ? std::max(0, pos - opt.window + 1) : 0;
            std::vector<double> w;
            double max = -1e300, sum = 0;
            for (int p = first; p <= pos; p++) {
                double d = 0;
                for (int i = 0; i < head_dim; i++)
                    d += static_cast<double>(fp16_to_fp32(fp32_to_fp16(q[t * qs + h * head_dim + i]))) *
                         fp16_to_fp32(k[p * kvs + kv + i]);
                d *= scale;
                if (opt.softcap > 0) d = opt.softcap * std::tanh(d / opt.softcap);
                w.push_back(d);
                max = std::max(max, d);
            }
            for (auto& x : w) sum += (x = std::exp(x - max));
            for (int i = 0; i < head_dim; i++) {
                double o = 0;
                for (int p = first; p <= pos; p++) o += w[p - first] / sum * fp16_to_fp32(v[p * kvs + kv + i]);
                // weights are rounded to f16 before the value product
                EXPECT_NEAR(out[t * qs + h * head_dim + i], o, 3e-3) << "t " << t << " h " << h << " i " << i;
            }
        }
}

}  // namespace

TEST(ArchOps, AttentionWithSlidingWindow) {
    for (int hd : {32, 48, 64, 128}) check_attention(hd, {.window = 5});
}

TEST(ArchOps, AttentionWithSoftcapAndScale) {
    for (int hd : {32, 64}) check_attention(hd, {.scale = 1.0f, .softcap = 2.0f});
    for (int hd : {48, 64}) check_attention(hd, {.scale = 0.3f, .softcap = 0.0f, .window = 3});
}

TEST(ArchOps, WindowWiderThanTheContextChangesNothing) {
    const int head_dim = 64, n_head = 2, n_ctx = 16, n_tokens = 8;
    std::mt19937 rng(3);
    std::normal_distribution<float> nd(0.0f, 1.0f);
    std::vector<float> q(static_cast<size_t>(n_tokens) * n_head * head_dim);
    for (auto& x : q) x = nd(rng);
    std::vector<uint16_t> k(static_cast<size_t>(n_ctx) * n_head * head_dim), v(k.size());
    for (auto& x : k) x = fp32_to_fp16(nd(rng));
    for (auto& x : v) x = fp32_to_fp16(nd(rng));
    ThreadTeam team(1);
    std::vector<float> scratch(attention_scratch(n_ctx, head_dim) + 64), a(q.size()), b(q.size());
    attention(q.data(), k.data(), v.data(), n_tokens, 0, n_head, n_head, head_dim, n_ctx, a.data(), scratch.data(), team);
    attention(q.data(), k.data(), v.data(), n_tokens, 0, n_head, n_head, head_dim, n_ctx, b.data(), scratch.data(), team,
              {.window = n_tokens});
    EXPECT_EQ(a, b);  // bit for bit: the mask only drops what is not there
}

TEST(ArchOps, LayerSwitches) {
    HParams hp;
    hp.n_swa = 512;
    hp.swa_pattern = 6;  // gemma3: five local layers, then a global one
    for (int il = 0; il < 12; il++) EXPECT_EQ(hp.layer_is_local(il), il % 6 != 5) << il;
    hp.swa_pattern = 2;  // gemma2: even layers local
    EXPECT_TRUE(hp.layer_is_local(0));
    EXPECT_FALSE(hp.layer_is_local(1));
    hp.n_swa = 0;  // no window: every layer global
    EXPECT_FALSE(hp.layer_is_local(0));
    for (int il = 0; il < 8; il++) EXPECT_TRUE(hp.layer_has_rope(il));
    hp.nope_layer_step = 4;  // smollm3: layers 3, 7, ... without rope
    for (int il = 0; il < 8; il++) EXPECT_EQ(hp.layer_has_rope(il), (il + 1) % 4 != 0) << il;
}

namespace {

constexpr int N_VOCAB = 300, N_EMBD = 64, N_HEAD = 2, N_HEAD_KV = 1, HEAD = 32, N_FF = 96;

// A tiny phi3 (fused or not) or qwen3 (with or without Q/K norms) whose
// weights depend only on the tensor's role, so both layouts hold the same numbers.
std::filesystem::path write_model(const test::TempDir& dir, const std::string& arch, bool fused, bool qk_norm,
                                  const std::string& name, const std::string& chat_template = "") {
    GgufWriter w;
    if (!chat_template.empty()) w.set_string("tokenizer.chat_template", chat_template);
    const std::string a = arch + ".";
    w.set_string("general.architecture", arch);
    w.set_u32(a + "context_length", 64);
    w.set_u32(a + "embedding_length", N_EMBD);
    w.set_u32(a + "block_count", 2);
    w.set_u32(a + "feed_forward_length", N_FF);
    w.set_u32(a + "attention.head_count", N_HEAD);
    w.set_u32(a + "attention.head_count_kv", N_HEAD_KV);
    w.set_u32(a + "attention.key_length", HEAD);
    w.set_f32(a + "attention.layer_norm_rms_epsilon", 1e-5f);
    if (arch == "phi3") w.set_u32(a + "rope.dimension_count", 16);
    set_synth_tokenizer(w, N_VOCAB);

    // Each role's numbers, made once (seeded by name).
    std::map<std::string, std::vector<float>> data;
    auto values = [&](const std::string& role, size_t n) -> const std::vector<float>& {
        auto& v = data[role];
        if (v.empty()) {
            std::mt19937 rng(static_cast<unsigned>(std::hash<std::string>{}(role)));
            std::normal_distribution<float> nd(0.0f, 0.3f);
            v.resize(n);
            for (auto& x : v) x = role.find("norm") != std::string::npos ? 1.0f + 0.1f * nd(rng) : nd(rng);
        }
        return v;
    };
    std::vector<std::vector<float>> tensors;
    auto add = [&](const std::string& n, std::vector<int64_t> shape, std::vector<std::string> parts = {}) {
        w.add_tensor(n, GgmlType::F32, shape);
        const size_t per = static_cast<size_t>(shape[0]) * (shape.size() > 1 ? shape[1] : 1) / (parts.empty() ? 1 : parts.size());
        std::vector<float> all;
        if (parts.empty()) parts = {n};
        for (const auto& p : parts) {
            const auto& v = values(p, per);
            all.insert(all.end(), v.begin(), v.end());
        }
        tensors.push_back(std::move(all));
    };
    const int64_t n_q = N_HEAD * HEAD, n_kv = N_HEAD_KV * HEAD;
    add("token_embd.weight", {N_EMBD, N_VOCAB});
    add("output_norm.weight", {N_EMBD});
    add("output.weight", {N_EMBD, N_VOCAB});
    for (int l = 0; l < 2; l++) {
        const std::string b = "blk." + std::to_string(l) + ".";
        add(b + "attn_norm.weight", {N_EMBD});
        if (fused) {
            // Fused Q/K/V: parts of equal size only, so K and V are padded to Q here.
            w.add_tensor(b + "attn_qkv.weight", GgmlType::F32, {N_EMBD, n_q + 2 * n_kv});
            std::vector<float> all = values(b + "attn_q.weight", N_EMBD * n_q);
            for (auto part : {"attn_k.weight", "attn_v.weight"}) {
                const auto& v = values(b + part, N_EMBD * n_kv);
                all.insert(all.end(), v.begin(), v.end());
            }
            tensors.push_back(std::move(all));
        } else {
            add(b + "attn_q.weight", {N_EMBD, n_q});
            add(b + "attn_k.weight", {N_EMBD, n_kv});
            add(b + "attn_v.weight", {N_EMBD, n_kv});
        }
        if (qk_norm) {
            add(b + "attn_q_norm.weight", {HEAD});
            add(b + "attn_k_norm.weight", {HEAD});
        }
        add(b + "attn_output.weight", {n_q, N_EMBD});
        add(b + "ffn_norm.weight", {N_EMBD});
        if (fused) {
            add(b + "ffn_up.weight", {N_EMBD, 2 * N_FF}, {b + "ffn_gate.weight", b + "ffn_up.weight"});
        } else {
            add(b + "ffn_gate.weight", {N_EMBD, N_FF});
            add(b + "ffn_up.weight", {N_EMBD, N_FF});
        }
        add(b + "ffn_down.weight", {N_FF, N_EMBD});
    }
    auto path = dir / name;
    auto r = w.write(path, [&](size_t i, std::span<uint8_t> out) -> Result<void> {
        std::memcpy(out.data(), tensors[i].data(), out.size());
        return ok();
    });
    EXPECT_TRUE(r.ok()) << r.error().message;
    return path;
}

std::vector<float> all_logits(const std::filesystem::path& path) {
    auto m = Model::load(path);
    EXPECT_TRUE(m.ok()) << m.error().message;
    if (!m.ok()) return {};
    auto s = (*m)->new_session();
    EXPECT_TRUE(s.ok());
    auto l = (*s)->eval(std::vector<int32_t>{1, 20, 33, 47, 5, 260}, LogitsMode::All);
    EXPECT_TRUE(l.ok());
    return l.ok() ? *l : std::vector<float>{};
}

}  // namespace

TEST(ArchLoad, Phi3FusedMatricesEqualSeparateOnes) {
    test::TempDir dir;
    const auto fused = all_logits(write_model(dir, "phi3", true, false, "fused.gguf"));
    const auto separate = all_logits(write_model(dir, "phi3", false, false, "separate.gguf"));
    ASSERT_EQ(fused.size(), static_cast<size_t>(6 * N_VOCAB));
    EXPECT_EQ(fused, separate);
    for (float x : fused) ASSERT_TRUE(std::isfinite(x));
}

TEST(ArchLoad, Qwen3NeedsItsQkNorms) {
    test::TempDir dir;
    const auto good = all_logits(write_model(dir, "qwen3", false, true, "q3.gguf"));
    EXPECT_EQ(good.size(), static_cast<size_t>(6 * N_VOCAB));
    auto bad = Model::load(write_model(dir, "qwen3", false, false, "nonorm.gguf"));
    ASSERT_FALSE(bad.ok());
    EXPECT_NE(bad.error().message.find("blk.0.attn_q_norm.weight"), std::string::npos) << bad.error().message;
}

TEST(ArchLoad, EveryNewArchitectureIsInTheTable) {
    for (const char* name : {"qwen3", "gemma3", "gemma2", "phi3", "smollm3", "llama", "qwen2"}) {
        EXPECT_NE(find_architecture(name), nullptr) << name;
        EXPECT_NE(supported_architectures().find(name), std::string::npos) << name;
    }
    EXPECT_EQ(find_architecture("mamba"), nullptr);
}

TEST(ArchLoad, ChatTemplateComesFromTheFile) {
    test::TempDir dir;
    const std::string qwen3 =
        "{%- if add_generation_prompt %}{{- '<|im_start|>assistant\\n' }}{%- if enable_thinking is defined and "
        "enable_thinking is false %}{{- '<think>\\n\\n</think>\\n\\n' }}{%- endif %}{%- endif %}";
    auto m = Model::load(write_model(dir, "qwen3", false, true, "chat.gguf", qwen3));
    ASSERT_TRUE(m.ok()) << m.error().message;
    ASSERT_TRUE((*m)->chat_template().has_value());
    const ChatTemplate& t = *(*m)->chat_template();
    EXPECT_TRUE(t.has_thinking_switch());
    const std::vector<ChatMessage> convo = {{"user", "Hi"}};
    EXPECT_EQ(t.render(convo, true), "<|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\n<think>\n\n</think>\n\n");
    auto g = Model::load(write_model(dir, "qwen3", false, true, "gemma_chat.gguf", "{{ '<start_of_turn>user\\n' }}"));
    ASSERT_TRUE(g.ok()) << g.error().message;
    ASSERT_TRUE((*g)->chat_template().has_value());
    EXPECT_EQ((*g)->chat_template()->family(), ChatFamily::Gemma);
}

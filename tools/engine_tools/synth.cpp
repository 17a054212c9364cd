#include "engine_tools/synth.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <thread>

#include "engine/gguf/gguf_writer.h"
#include "engine/gguf/tensor_types.h"

namespace os1::engine {

namespace {

// Shapes from the models' public config.json files.
const SynthPreset PRESETS[] = {
    // Qwen/Qwen2.5-0.5B: hidden 896, 24 layers, 14 heads / 2 KV heads,
    // intermediate 4864, vocab 151936, rope_theta 1e6, rms_norm_eps 1e-6,
    // tied embeddings, Q/K/V biases.
    {"qwen2.5-0.5b", "qwen2", 896, 24, 14, 2, 4864, 151936, 32768, 1000000.0f, 1e-6f, true, true},
    // meta-llama/Llama-3.2-1B: hidden 2048, 16 layers, 32 heads / 8 KV heads,
    // intermediate 8192, vocab 128256, rope_theta 500000, rms_norm_eps 1e-5, tied.
    {"llama3.2-1b", "llama", 2048, 16, 32, 8, 8192, 128256, 131072, 500000.0f, 1e-5f, true, false},
    // HuggingFaceTB/SmolLM2-135M: hidden 576, 30 layers, 9 heads / 3 KV heads,
    // intermediate 1536, vocab 49152, rope_theta 100000, rms_norm_eps 1e-5, tied.
    {"smollm2-135m", "llama", 576, 30, 9, 3, 1536, 49152, 8192, 100000.0f, 1e-5f, true, false},
};

struct FileType {
    const char* name;
    uint32_t llama_ftype;  // general.file_type (llama.cpp's llama_ftype numbering)
};
const FileType FILE_TYPES[] = {{"f16", 1}, {"q8_0", 7}, {"q4_0", 2}, {"q5_1", 9}, {"q6_k", 18}, {"q4_k_m", 15}};

// llama.cpp's "use more bits" layer pattern for Q4_K_M's attn_v/ffn_down.
bool use_more_bits(int64_t i, int64_t n) { return i < n / 8 || i >= 7 * n / 8 || (i - n / 8) % 3 == 2; }

// K-quants need rows that are whole 256-element super-blocks.
GgmlType k_fallback(GgmlType t, int64_t n_cols) {
    if (n_cols % 256 == 0) return t;
    if (t == GgmlType::Q4_K) return GgmlType::Q5_0;
    if (t == GgmlType::Q6_K) return GgmlType::Q8_0;
    return t;
}

uint64_t splitmix(uint64_t& s) {
    uint64_t z = (s += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

// Uniform in [-scale, scale), deterministic per (seed, tensor, row).
void random_row(uint64_t seed, size_t tensor, int64_t row, float scale, float* out, int64_t n) {
    uint64_t s = seed ^ (tensor * 0x100000001B3ull) ^ (static_cast<uint64_t>(row) * 0xD6E8FEB86659FD93ull);
    splitmix(s);
    for (int64_t i = 0; i < n; i += 2) {
        uint64_t r = splitmix(s);
        out[i] = (static_cast<float>(static_cast<uint32_t>(r) >> 8) * (1.0f / 8388608.0f) - 1.0f) * scale;
        if (i + 1 < n) out[i + 1] = (static_cast<float>(static_cast<uint32_t>(r >> 32) >> 8) * (1.0f / 8388608.0f) - 1.0f) * scale;
    }
}

struct TensorPlan {
    enum class Fill { Random, Ones, SmallRandom };
    Fill fill = Fill::Random;
    float scale = 0.0f;
    GgmlType type = GgmlType::F32;
    int64_t cols = 0, rows = 1;
};

}  // namespace

Result<SynthPreset> synth_preset(std::string_view name) {
    for (const auto& p : PRESETS)
        if (p.name == name) return p;
    std::string names;
    for (const auto& n : synth_preset_names()) names += (names.empty() ? "" : ", ") + n;
    return Error::invalid("unknown preset '", name, "' (choose one of: ", names, ")");
}

std::vector<std::string> synth_preset_names() {
    std::vector<std::string> out;
    for (const auto& p : PRESETS) out.push_back(p.name);
    return out;
}

std::vector<std::string> synth_type_names() {
    std::vector<std::string> out;
    for (const auto& t : FILE_TYPES) out.push_back(t.name);
    return out;
}

Result<GgmlType> synth_tensor_type(std::string_view ftype, SynthRole role, int64_t layer, int64_t n_layer,
                                   int64_t n_cols, bool tied) {
    bool is_output = role == SynthRole::Output || (tied && role == SynthRole::TokenEmbd);
    GgmlType t;
    if (ftype == "f16") {
        t = GgmlType::F16;
    } else if (ftype == "q8_0") {
        t = GgmlType::Q8_0;
    } else if (ftype == "q4_0") {
        t = is_output ? GgmlType::Q6_K : GgmlType::Q4_0;
    } else if (ftype == "q5_1") {  // llama.cpp's Q5_1: q6_K output, as its q4_0
        t = is_output ? GgmlType::Q6_K : GgmlType::Q5_1;
    } else if (ftype == "q6_k") {
        t = GgmlType::Q6_K;
    } else if (ftype == "q4_k_m") {
        t = GgmlType::Q4_K;
        if (is_output) t = GgmlType::Q6_K;
        if ((role == SynthRole::AttnV || role == SynthRole::FfnDown) && use_more_bits(layer, n_layer))
            t = GgmlType::Q6_K;
    } else {
        std::string names;
        for (const auto& n : synth_type_names()) names += (names.empty() ? "" : ", ") + n;
        return Error::invalid("unknown type '", ftype, "' (choose one of: ", names, ")");
    }
    t = k_fallback(t, n_cols);
    if (n_cols % type_traits(t).block_size != 0) t = GgmlType::F16;
    return t;
}

SynthVocab synth_vocab(int64_t n_vocab) {
    SynthVocab v;
    v.tokens.reserve(n_vocab);
    auto add = [&](std::string s, float score, int32_t type) {
        v.tokens.push_back(std::move(s));
        v.scores.push_back(score);
        v.types.push_back(type);
    };
    add("<unk>", 0.0f, 2);
    add("<s>", 0.0f, 3);
    add("</s>", 0.0f, 3);
    for (int b = 0; b < 256 && static_cast<int64_t>(v.tokens.size()) < n_vocab; b++) {
        char buf[8];
        std::snprintf(buf, sizeof buf, "<0x%02X>", b);
        add(buf, 0.0f, 6);
    }
    // Pieces over the alphabet "▁a..z", shortest first: every piece of length
    // L is a piece of length L-1 plus one character, so merges can reach it.
    static const char* ALPHABET[27] = {"\xE2\x96\x81", "a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l", "m",
                                       "n", "o", "p", "q", "r", "s", "t", "u", "v", "w", "x", "y", "z"};
    std::vector<int> digits;
    float score = -1.0f;
    while (static_cast<int64_t>(v.tokens.size()) < n_vocab) {
        // Next string in shortlex order.
        size_t i = digits.size();
        while (i > 0 && digits[i - 1] == 26) digits[--i] = 0;
        if (i == 0) digits.insert(digits.begin(), 0);
        else digits[i - 1]++;
        std::string s;
        for (int d : digits) s += ALPHABET[d];
        add(std::move(s), score, 1);
        score -= 1.0f;
    }
    return v;
}

void set_synth_tokenizer(GgufWriter& w, int64_t n_vocab) {
    SynthVocab v = synth_vocab(n_vocab);
    w.set_string("tokenizer.ggml.model", "llama");
    w.set_strings("tokenizer.ggml.tokens", v.tokens);
    w.set_f32s("tokenizer.ggml.scores", v.scores);
    w.set_i32s("tokenizer.ggml.token_type", v.types);
    w.set_u32("tokenizer.ggml.bos_token_id", 1);
    w.set_u32("tokenizer.ggml.eos_token_id", 2);
    w.set_u32("tokenizer.ggml.unknown_token_id", 0);
}

Result<void> synth_model(const SynthOptions& options, const std::filesystem::path& path) {
    const SynthPreset& p = options.preset;
    if (p.n_embd <= 0 || p.n_layer <= 0 || p.n_head <= 0 || p.n_head_kv <= 0 || p.n_ff <= 0 || p.n_vocab < 262 ||
        p.n_embd % p.n_head != 0 || p.n_head % p.n_head_kv != 0)
        return Error::invalid("preset '", p.name, "' has inconsistent shapes");
    if (p.arch != "llama" && p.arch != "qwen2") return Error::unsupported("architecture '", p.arch, "'");
    uint32_t ftype_id = 0;
    bool known = false;
    for (const auto& t : FILE_TYPES)
        if (options.type == t.name) ftype_id = t.llama_ftype, known = true;
    if (!known) TRY(synth_tensor_type(options.type, SynthRole::AttnQ, 0, 1, 256, false));  // the error message

    const int64_t head_dim = p.n_embd / p.n_head;
    const int64_t n_embd_kv = head_dim * p.n_head_kv;
    const std::string a = p.arch;

    GgufWriter w;
    w.set_string("general.architecture", a);
    w.set_string("general.name", "synthetic-" + p.name + "-" + options.type);
    w.set_u32("general.quantization_version", 2);
    w.set_u32("general.file_type", ftype_id);
    w.set_u32(a + ".context_length", static_cast<uint32_t>(p.n_ctx));
    w.set_u32(a + ".embedding_length", static_cast<uint32_t>(p.n_embd));
    w.set_u32(a + ".block_count", static_cast<uint32_t>(p.n_layer));
    w.set_u32(a + ".feed_forward_length", static_cast<uint32_t>(p.n_ff));
    w.set_u32(a + ".attention.head_count", static_cast<uint32_t>(p.n_head));
    w.set_u32(a + ".attention.head_count_kv", static_cast<uint32_t>(p.n_head_kv));
    w.set_f32(a + ".attention.layer_norm_rms_epsilon", p.rms_eps);
    w.set_u32(a + ".rope.dimension_count", static_cast<uint32_t>(head_dim));
    w.set_f32(a + ".rope.freq_base", p.rope_base);
    if (a == "llama") w.set_u32(a + ".vocab_size", static_cast<uint32_t>(p.n_vocab));
    set_synth_tokenizer(w, p.n_vocab);

    std::vector<TensorPlan> plans;
    auto matrix = [&](const std::string& name, SynthRole role, int64_t layer, int64_t cols, int64_t rows) -> Result<void> {
        GgmlType t = TRY(synth_tensor_type(options.type, role, layer, p.n_layer, cols, p.tied_embeddings));
        w.add_tensor(name, t, {cols, rows});
        // Embeddings ~ unit-ish; projections scaled by 1/sqrt(fan-in) so
        // activations stay bounded through the layers.
        float scale = role == SynthRole::TokenEmbd ? 1.0f : 1.0f / std::sqrt(static_cast<float>(cols));
        plans.push_back({TensorPlan::Fill::Random, scale, t, cols, rows});
        return ok();
    };
    auto vec = [&](const std::string& name, int64_t n, TensorPlan::Fill fill) {
        w.add_tensor(name, GgmlType::F32, {n});
        plans.push_back({fill, 0.02f, GgmlType::F32, n, 1});
    };

    TRY(matrix("token_embd.weight", SynthRole::TokenEmbd, 0, p.n_embd, p.n_vocab));
    vec("output_norm.weight", p.n_embd, TensorPlan::Fill::Ones);
    if (!p.tied_embeddings) TRY(matrix("output.weight", SynthRole::Output, 0, p.n_embd, p.n_vocab));
    for (int64_t l = 0; l < p.n_layer; l++) {
        std::string b = "blk." + std::to_string(l) + ".";
        vec(b + "attn_norm.weight", p.n_embd, TensorPlan::Fill::Ones);
        TRY(matrix(b + "attn_q.weight", SynthRole::AttnQ, l, p.n_embd, p.n_embd));
        if (p.qkv_bias) vec(b + "attn_q.bias", p.n_embd, TensorPlan::Fill::SmallRandom);
        TRY(matrix(b + "attn_k.weight", SynthRole::AttnK, l, p.n_embd, n_embd_kv));
        if (p.qkv_bias) vec(b + "attn_k.bias", n_embd_kv, TensorPlan::Fill::SmallRandom);
        TRY(matrix(b + "attn_v.weight", SynthRole::AttnV, l, p.n_embd, n_embd_kv));
        if (p.qkv_bias) vec(b + "attn_v.bias", n_embd_kv, TensorPlan::Fill::SmallRandom);
        TRY(matrix(b + "attn_output.weight", SynthRole::AttnOut, l, p.n_embd, p.n_embd));
        vec(b + "ffn_norm.weight", p.n_embd, TensorPlan::Fill::Ones);
        TRY(matrix(b + "ffn_gate.weight", SynthRole::FfnGate, l, p.n_embd, p.n_ff));
        TRY(matrix(b + "ffn_up.weight", SynthRole::FfnUp, l, p.n_embd, p.n_ff));
        TRY(matrix(b + "ffn_down.weight", SynthRole::FfnDown, l, p.n_ff, p.n_embd));
    }

    const int n_threads = std::max(1, options.n_threads);
    return w.write(path, [&](size_t index, std::span<uint8_t> out) -> Result<void> {
        const TensorPlan& plan = plans[index];
        if (plan.fill != TensorPlan::Fill::Random) {
            std::vector<float> v(static_cast<size_t>(plan.cols));
            if (plan.fill == TensorPlan::Fill::Ones) std::fill(v.begin(), v.end(), 1.0f);
            else random_row(options.seed, index, 0, plan.scale, v.data(), plan.cols);
            std::memcpy(out.data(), v.data(), out.size());
            return ok();
        }
        // Rows are independent (each has its own generator state), so the
        // threads split them and the bytes do not depend on n_threads.
        const size_t rs = row_size(plan.type, plan.cols);
        auto work = [&](int64_t begin, int64_t end) {
            std::vector<float> row(static_cast<size_t>(plan.cols));
            for (int64_t r = begin; r < end; r++) {
                random_row(options.seed, index, r, plan.scale, row.data(), plan.cols);
                quantize_row(plan.type, row.data(), out.data() + static_cast<size_t>(r) * rs, plan.cols);
            }
        };
        int64_t chunk = (plan.rows + n_threads - 1) / n_threads;
        std::vector<std::thread> threads;
        for (int t = 1; t < n_threads; t++) {
            int64_t b = std::min(plan.rows, t * chunk), e = std::min(plan.rows, (t + 1) * chunk);
            if (b < e) threads.emplace_back(work, b, e);
        }
        work(0, std::min(plan.rows, chunk));
        for (auto& th : threads) th.join();
        return ok();
    });
}

}  // namespace os1::engine

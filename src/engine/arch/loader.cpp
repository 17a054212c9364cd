// Reading hyper-parameters and weights for llama-like architectures, with
// errors that name the key or tensor and say what was expected.
#include <cmath>

#include "core/log.h"
#include "engine/runtime/model.h"
#include "engine/ops/ops.h"

namespace os1::engine {

namespace {

std::string shape_str(const std::vector<int64_t>& shape) {
    std::string s = "[";
    for (size_t i = 0; i < shape.size(); i++) s += (i ? ", " : "") + std::to_string(shape[i]);
    return s + "]";
}

Result<int> get_int(const GgufFile& file, const std::string& key, int64_t max = (1 << 30)) {
    auto v = file.get_uint(key);
    if (!v) {
        if (v.error().code == ErrorCode::NotFound)
            return Error::invalid("the model file has no '", key, "' (required for ", file.architecture(),
                                  " models); the file may be incomplete or made by an unusual converter");
        return Error::invalid("metadata '", key, "': ", v.error().message);
    }
    if (*v == 0 || *v > static_cast<uint64_t>(max))
        return Error::invalid("metadata '", key, "' = ", *v, " is out of range (1 .. ", max, ")");
    return static_cast<int>(*v);
}

std::optional<int> opt_int(const GgufFile& file, const std::string& key) {
    auto v = file.uint_or_none(key);
    if (!v || *v == 0 || *v > (1u << 30)) return std::nullopt;
    return static_cast<int>(*v);
}

}  // namespace

Result<void> load_common_hparams(const GgufFile& file, HParams& hp) {
    const std::string a = hp.arch + ".";
    hp.n_ctx_train = TRY(get_int(file, a + "context_length"));
    hp.n_embd = TRY(get_int(file, a + "embedding_length", 1 << 20));
    hp.n_layer = TRY(get_int(file, a + "block_count", 4096));
    hp.n_ff = TRY(get_int(file, a + "feed_forward_length", 1 << 22));
    hp.n_head = TRY(get_int(file, a + "attention.head_count", 4096));
    hp.n_head_kv = opt_int(file, a + "attention.head_count_kv").value_or(hp.n_head);
    if (hp.n_head % hp.n_head_kv != 0)
        return Error::invalid("attention.head_count (", hp.n_head, ") is not a multiple of attention.head_count_kv (",
                              hp.n_head_kv, ")");
    hp.head_dim = opt_int(file, a + "attention.key_length").value_or(hp.n_embd / hp.n_head);
    if (auto vl = opt_int(file, a + "attention.value_length"); vl && *vl != hp.head_dim)
        return Error::unsupported("attention.value_length (", *vl, ") differs from key_length (", hp.head_dim,
                                  "); such models are not supported");
    hp.n_rot = opt_int(file, a + "rope.dimension_count").value_or(hp.head_dim);
    if (hp.n_rot > hp.head_dim || hp.n_rot % 2 != 0)
        return Error::invalid("rope.dimension_count (", hp.n_rot, ") must be even and at most the head size (",
                              hp.head_dim, ")");

    if (auto eps = file.float_or_none(a + "attention.layer_norm_rms_epsilon")) hp.rms_eps = static_cast<float>(*eps);
    if (auto base = file.float_or_none(a + "rope.freq_base")) hp.rope_freq_base = static_cast<float>(*base);
    if (!(hp.rope_freq_base > 0.0f) || !std::isfinite(hp.rope_freq_base))
        return Error::invalid("rope.freq_base (", hp.rope_freq_base, ") must be a positive number");

    // Rope scaling: "linear" (factor f: positions are divided by f) is
    // supported; older files spell it rope.scale_linear.
    hp.rope_freq_scale = 1.0f;
    std::string scaling = file.string_or_none(a + "rope.scaling.type").value_or("");
    std::optional<double> factor = file.float_or_none(a + "rope.scaling.factor");
    if (scaling.empty() && file.float_or_none(a + "rope.scale_linear")) {
        scaling = "linear";
        factor = file.float_or_none(a + "rope.scale_linear");
    }
    if (scaling == "linear") {
        if (factor && *factor > 0.0) hp.rope_freq_scale = static_cast<float>(1.0 / *factor);
    } else if (scaling == "yarn") {
        // As llama.cpp: extrapolation mix 1, beta_fast 32, beta_slow 1, the
        // ramp measured against the original (pre-scaling) context.
        if (factor && *factor > 0.0 && std::isfinite(*factor)) hp.rope_freq_scale = static_cast<float>(1.0 / *factor);
        const double orig = file.float_or_none(a + "rope.scaling.original_context_length").value_or(hp.n_ctx_train);
        const double attn = file.float_or_none(a + "rope.scaling.attn_factor").value_or(1.0);
        if (!(orig >= 1.0 && orig <= 1e9) || !(attn > 0.0 && attn < 1e3))
            return Error::invalid("rope.scaling.original_context_length (", orig, ") or rope.scaling.attn_factor (", attn,
                                  ") is out of range");
        hp.yarn_ext_factor = 1.0f;
        hp.yarn_attn_factor = static_cast<float>(attn);
        rope_yarn_corr_dims(hp.n_rot, static_cast<int>(orig), hp.rope_freq_base, 32.0f, 1.0f, hp.yarn_corr_low,
                            hp.yarn_corr_high);
    } else if (!scaling.empty() && scaling != "none") {
        // Other schemes (longrope, ...) change attention beyond the trained
        // context; at shorter lengths plain rope is close. Say so rather than refuse.
        log::warn("rope scaling '", scaling, "' is not supported; using plain rope (fine within ", hp.n_ctx_train,
                  " tokens)");
    }

    // The vocabulary size: the token list, else the embedding matrix.
    if (auto tokens = file.find("tokenizer.ggml.tokens"); tokens && tokens->array_size() > 0)
        hp.n_vocab = static_cast<int>(tokens->array_size());
    else if (const GgufTensor* t = file.tensor("token_embd.weight"); t && t->shape.size() == 2)
        hp.n_vocab = static_cast<int>(t->shape[1]);
    if (hp.n_vocab <= 0) return Error::invalid("cannot tell the vocabulary size: no tokenizer.ggml.tokens");
    return ok();
}

std::string layer_tensor(int layer, std::string_view suffix) { return str("blk.", layer, ".", suffix); }

bool has_tensor(const GgufFile& file, const std::string& name) { return file.tensor(name) != nullptr; }

Result<Weight> get_weight(const GgufFile& file, const std::string& name, int64_t n_cols, int64_t n_rows) {
    const GgufTensor* t = file.tensor(name);
    if (!t) return Error::invalid("the model has no tensor '", name, "'; the file is incomplete or not a ", file.architecture(), " model");
    const bool shape_ok = (t->shape.size() == 2 && t->shape[0] == n_cols && t->shape[1] == n_rows) ||
                          (n_rows == 1 && t->shape.size() == 1 && t->shape[0] == n_cols);
    if (!shape_ok)
        return Error::invalid("tensor '", name, "' has shape ", shape_str(t->shape), ", expected [", n_cols, ", ", n_rows,
                              "] from the model's hyper-parameters");
    const TypeTraits& tt = type_traits(t->type);
    if (!tt.supported)
        return Error::unsupported("tensor '", name, "' has type ", tt.name,
                                  ", which os1 cannot compute with yet (supported: f32, f16, bf16, q4_0, q4_1, "
                                  "q5_0, q5_1, q8_0, q2_K..q6_K); use a file quantized to one of those");
    if (n_cols % tt.block_size != 0)
        return Error::invalid("tensor '", name, "' rows of ", n_cols, " elements do not divide into ", tt.name,
                              " blocks of ", tt.block_size);
    Weight w;
    w.tensor = t;
    w.type = t->type;
    w.n_cols = n_cols;
    w.n_rows = n_rows;
    w.row_bytes = row_size(t->type, n_cols);
    w.data = t->data;
    if (w.row_bytes * static_cast<size_t>(n_rows) > t->n_bytes)
        return Error::corrupt("tensor '", name, "' holds ", t->n_bytes, " bytes, less than its shape needs");
    return w;
}

Result<std::vector<float>> get_vector(const GgufFile& file, const std::string& name, int64_t n) {
    Weight w = TRY(get_weight(file, name, n, 1));
    std::vector<float> out(static_cast<size_t>(n));
    dequantize_row(w.type, w.data, out.data(), n);
    return out;
}

namespace {

// Rows [r0, r0 + n_rows) of a matrix as a matrix of their own (a part of a
// fused tensor): the same type and row size, data from row r0.
Weight row_view(const Weight& m, int64_t r0, int64_t n_rows) {
    Weight v = m;
    v.data = m.data + static_cast<size_t>(r0) * m.row_bytes;
    v.n_rows = n_rows;
    return v;
}

}  // namespace

Result<void> load_decoder_weights(const GgufFile& file, const HParams& hp, ModelWeights& w, const DecoderTensors& spec) {
    const int64_t n_embd = hp.n_embd, n_q = hp.n_embd_q(), n_kv = hp.n_embd_kv(), n_ff = hp.n_ff;
    w.tok_embd = TRY(get_weight(file, "token_embd.weight", n_embd, hp.n_vocab));
    w.output_norm = TRY(get_vector(file, "output_norm.weight", n_embd));
    w.output = has_tensor(file, "output.weight") ? TRY(get_weight(file, "output.weight", n_embd, hp.n_vocab)) : w.tok_embd;
    if (has_tensor(file, "rope_freqs.weight")) w.rope_freqs = TRY(get_vector(file, "rope_freqs.weight", hp.n_rot / 2));

    w.layers.resize(static_cast<size_t>(hp.n_layer));
    for (int i = 0; i < hp.n_layer; i++) {
        LayerWeights& L = w.layers[static_cast<size_t>(i)];
        auto name = [i](std::string_view s) { return layer_tensor(i, s); };
        L.attn_norm = TRY(get_vector(file, name("attn_norm.weight"), n_embd));
        if (spec.fused_qkv && has_tensor(file, name("attn_qkv.weight"))) {
            const Weight qkv = TRY(get_weight(file, name("attn_qkv.weight"), n_embd, n_q + 2 * n_kv));
            L.wq = row_view(qkv, 0, n_q);
            L.wk = row_view(qkv, n_q, n_kv);
            L.wv = row_view(qkv, n_q + n_kv, n_kv);
        } else {
            L.wq = TRY(get_weight(file, name("attn_q.weight"), n_embd, n_q));
            L.wk = TRY(get_weight(file, name("attn_k.weight"), n_embd, n_kv));
            L.wv = TRY(get_weight(file, name("attn_v.weight"), n_embd, n_kv));
        }
        // Biases: required where the architecture has them (qwen2), read
        // when present otherwise (some llama conversions carry them).
        if (spec.qkv_bias || has_tensor(file, name("attn_q.bias"))) {
            L.bq = TRY(get_vector(file, name("attn_q.bias"), n_q));
            L.bk = TRY(get_vector(file, name("attn_k.bias"), n_kv));
            L.bv = TRY(get_vector(file, name("attn_v.bias"), n_kv));
        }
        if (spec.qk_norm) {
            L.q_norm = TRY(get_vector(file, name("attn_q_norm.weight"), hp.head_dim));
            L.k_norm = TRY(get_vector(file, name("attn_k_norm.weight"), hp.head_dim));
        }
        L.wo = TRY(get_weight(file, name("attn_output.weight"), n_q, n_embd));
        L.ffn_norm = TRY(get_vector(file, name("ffn_norm.weight"), n_embd));
        if (spec.post_norms) {
            L.attn_post_norm = TRY(get_vector(file, name("post_attention_norm.weight"), n_embd));
            L.ffn_post_norm = TRY(get_vector(file, name("post_ffw_norm.weight"), n_embd));
        }
        if (spec.fused_gate_up && !has_tensor(file, name("ffn_gate.weight"))) {
            const Weight gate_up = TRY(get_weight(file, name("ffn_up.weight"), n_embd, 2 * n_ff));
            L.w_gate = row_view(gate_up, 0, n_ff);
            L.w_up = row_view(gate_up, n_ff, n_ff);
        } else {
            L.w_gate = TRY(get_weight(file, name("ffn_gate.weight"), n_embd, n_ff));
            L.w_up = TRY(get_weight(file, name("ffn_up.weight"), n_embd, n_ff));
        }
        L.w_down = TRY(get_weight(file, name("ffn_down.weight"), n_ff, n_embd));
    }
    place_weights_in_memory(file, w);
    return ok();
}

Result<void> load_llama_like_weights(const GgufFile& file, const HParams& hp, ModelWeights& w, bool with_qkv_bias) {
    return load_decoder_weights(file, hp, w, DecoderTensors{.qkv_bias = with_qkv_bias});
}

Result<void> load_sliding_window(const GgufFile& file, HParams& hp, int default_pattern) {
    const std::string a = hp.arch + ".";
    hp.n_swa = opt_int(file, a + "attention.sliding_window").value_or(0);
    hp.swa_pattern = opt_int(file, a + "attention.sliding_window_pattern").value_or(default_pattern);
    if (hp.swa_pattern > 4096) return Error::invalid("attention.sliding_window_pattern (", hp.swa_pattern, ") is out of range");
    return ok();
}

Result<void> load_gemma_hparams(const GgufFile& file, HParams& hp, int default_swa_pattern, int n_layer_27b) {
    TRY(load_common_hparams(file, hp));
    TRY(load_sliding_window(file, hp, default_swa_pattern));
    hp.rope_style = RopeStyle::NeoX;
    hp.ffn_act = FfnActivation::GeluTanh;
    hp.embd_scale = std::sqrt(static_cast<float>(hp.n_embd));
    const int q_scalar = hp.n_layer == n_layer_27b ? hp.n_embd / hp.n_head : hp.head_dim;
    hp.attn_q_scale = 1.0f / std::sqrt(static_cast<float>(q_scalar));
    return ok();
}

}  // namespace os1::engine

// Writes a ggml Whisper file: header, mel filters, vocabulary, then the
// tensors in the order of OpenAI's state_dict (whisper_file.h has the layout).
#include "engine_tools/whisper_synth.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <random>

#include "engine/gguf/tensor_types.h"

namespace os1::engine {
namespace {

class Writer {
public:
    std::vector<uint8_t> bytes;
    void i32(int32_t v) { put(&v, 4); }
    void f32(float v) { put(&v, 4); }
    void put(const void* p, size_t n) {
        const auto* b = static_cast<const uint8_t*>(p);
        bytes.insert(bytes.end(), b, b + n);
    }
};

struct Gen {
    std::mt19937_64 rng;
    std::normal_distribution<float> normal{0.0f, 1.0f};
    float next() { return normal(rng); }
};

Result<GgmlType> type_by_name(std::string_view name) {
    const std::pair<std::string_view, GgmlType> table[] = {
        {"f32", GgmlType::F32},   {"f16", GgmlType::F16},   {"q8_0", GgmlType::Q8_0}, {"q5_0", GgmlType::Q5_0},
        {"q5_1", GgmlType::Q5_1}, {"q4_0", GgmlType::Q4_0}, {"q4_1", GgmlType::Q4_1}};
    for (const auto& [n, t] : table)
        if (n == name) return t;
    return Error::invalid("unknown Whisper model type '", name, "' (f32, f16, q8_0, q5_0, q5_1, q4_0, q4_1)");
}

// One tensor: header, name, data from `values` (ne[0] innermost) in `type`.
void tensor(Writer& w, const std::string& name, std::vector<int64_t> ne, GgmlType type, const std::vector<float>& values) {
    w.i32(static_cast<int32_t>(ne.size()));
    w.i32(static_cast<int32_t>(name.size()));
    w.i32(static_cast<int32_t>(type));
    for (int64_t d : ne) w.i32(static_cast<int32_t>(d));
    w.put(name.data(), name.size());
    const int64_t row = ne[0];
    std::vector<uint8_t> buf(row_size(type, row));
    for (size_t r = 0; r < values.size() / static_cast<size_t>(row); r++) {
        quantize_row(type, values.data() + r * row, buf.data(), row);
        w.put(buf.data(), buf.size());
    }
}

std::vector<float> gaussian(Gen& g, int64_t n, float scale) {
    std::vector<float> v(static_cast<size_t>(n));
    for (float& x : v) x = g.next() * scale;
    return v;
}

}  // namespace

Result<WhisperHParams> whisper_synth_shape(std::string_view name) {
    std::string base(name);
    bool en = false;
    if (base.size() > 3 && base.substr(base.size() - 3) == ".en") en = true, base.resize(base.size() - 3);
    WhisperHParams hp;
    int state = 0, head = 0, layer = 0;
    if (base == "tiny") state = 384, head = 6, layer = 4;
    else if (base == "base") state = 512, head = 8, layer = 6;
    else if (base == "small") state = 768, head = 12, layer = 12;
    else return Error::invalid("unknown Whisper shape '", name, "' (tiny, base, small, with or without .en)");
    hp = {en ? 51864 : 51865, 1500, state, head, layer, 448, state, head, layer, 80, 1};
    return hp;
}

WhisperHParams whisper_synth_small() { return {51865, 1500, 32, 2, 1, 448, 32, 2, 1, 80, 1}; }

Result<std::vector<uint8_t>> whisper_synth(const WhisperSynthOptions& o) {
    const GgmlType mt = TRY(type_by_name(o.type));
    const WhisperHParams& hp = o.hp;
    const int n = hp.n_audio_state;
    if (n % 32 != 0 && type_traits(mt).block_size == 32)
        return Error::invalid("n_state ", n, " is not a multiple of 32, as ", o.type, " rows need");
    const GgmlType conv_t = mt == GgmlType::F32 ? GgmlType::F32 : GgmlType::F16;
    Gen g{std::mt19937_64(o.seed)};
    Writer w;
    w.i32(0x67676d6c);
    for (int v : {hp.n_vocab, hp.n_audio_ctx, hp.n_audio_state, hp.n_audio_head, hp.n_audio_layer, hp.n_text_ctx,
                  hp.n_text_state, hp.n_text_head, hp.n_text_layer, hp.n_mels})
        w.i32(v);
    // ggml's file types; quantized files add 1000 x the quantization version (2).
    int ftype = 0;
    switch (mt) {
        case GgmlType::F16: ftype = 1; break;
        case GgmlType::Q4_0: ftype = 2002; break;
        case GgmlType::Q4_1: ftype = 2003; break;
        case GgmlType::Q8_0: ftype = 2007; break;
        case GgmlType::Q5_0: ftype = 2008; break;
        case GgmlType::Q5_1: ftype = 2009; break;
        default: break;
    }
    w.i32(ftype);

    // Triangular mel filters: n_mels bands spread over bins 1..200.
    const int n_bins = 201;
    w.i32(hp.n_mels);
    w.i32(n_bins);
    for (int m = 0; m < hp.n_mels; m++) {
        const double c = 1.0 + 199.0 * (m + 1) / (hp.n_mels + 1), width = 199.0 / (hp.n_mels + 1);
        for (int k = 0; k < n_bins; k++) w.f32(static_cast<float>(std::max(0.0, 1.0 - std::fabs(k - c) / width) * 0.01));
    }
    const int n_words = hp.n_vocab >= 51865 ? 50257 : 50256;
    w.i32(n_words);
    for (int i = 0; i < n_words; i++) {
        const std::string s = i == 220 ? std::string(" ") : i < 256 ? std::string(1, static_cast<char>(i)) : "t" + std::to_string(i);
        w.i32(static_cast<int32_t>(s.size()));
        w.put(s.data(), s.size());
    }

    const float sw = 1.0f / std::sqrt(static_cast<float>(n));
    auto vec = [&](const std::string& name, int64_t len, float scale, float offset) {
        std::vector<float> v = gaussian(g, len, scale);
        for (float& x : v) x += offset;
        tensor(w, name, {len}, GgmlType::F32, v);
    };
    auto mat = [&](const std::string& name, int64_t cols, int64_t rows, float scale) {
        tensor(w, name, {cols, rows}, mt, gaussian(g, cols * rows, scale));
    };
    auto attn = [&](const std::string& p) {
        vec(p + "_ln.weight", n, 0.1f, 1.0f);
        vec(p + "_ln.bias", n, 0.1f, 0.0f);
        mat(p + ".query.weight", n, n, sw * o.qk_gain);
        vec(p + ".query.bias", n, 0.1f, 0.0f);
        mat(p + ".key.weight", n, n, sw * o.qk_gain);
        mat(p + ".value.weight", n, n, sw);
        vec(p + ".value.bias", n, 0.1f, 0.0f);
        mat(p + ".out.weight", n, n, sw);
        vec(p + ".out.bias", n, 0.1f, 0.0f);
    };
    auto mlp = [&](const std::string& p) {
        vec(p + "mlp_ln.weight", n, 0.1f, 1.0f);
        vec(p + "mlp_ln.bias", n, 0.1f, 0.0f);
        mat(p + "mlp.0.weight", n, 4 * n, sw);
        vec(p + "mlp.0.bias", 4 * n, 0.1f, 0.0f);
        mat(p + "mlp.2.weight", 4 * n, n, sw * 0.5f);
        vec(p + "mlp.2.bias", n, 0.1f, 0.0f);
    };

    tensor(w, "encoder.conv1.weight", {3, hp.n_mels, n}, conv_t, gaussian(g, 3LL * hp.n_mels * n, 1.0f / std::sqrt(3.0f * hp.n_mels)));
    tensor(w, "encoder.conv1.bias", {1, n}, GgmlType::F32, gaussian(g, n, 0.1f));
    tensor(w, "encoder.conv2.weight", {3, n, n}, conv_t, gaussian(g, 3LL * n * n, 1.0f / std::sqrt(3.0f * n)));
    tensor(w, "encoder.conv2.bias", {1, n}, GgmlType::F32, gaussian(g, n, 0.1f));
    // Whisper's sinusoids: for position p, sin(p * t_i) then cos(p * t_i), t_i = 10000^(-i / (n/2 - 1)).
    std::vector<float> pos(static_cast<size_t>(hp.n_audio_ctx) * n);
    const int half = n / 2;
    for (int p = 0; p < hp.n_audio_ctx; p++)
        for (int i = 0; i < half; i++) {
            const double t = std::exp(-std::log(10000.0) * i / (half - 1));
            pos[static_cast<size_t>(p) * n + i] = static_cast<float>(std::sin(p * t));
            pos[static_cast<size_t>(p) * n + half + i] = static_cast<float>(std::cos(p * t));
        }
    tensor(w, "encoder.positional_embedding", {n, hp.n_audio_ctx}, GgmlType::F32, pos);
    for (int l = 0; l < hp.n_audio_layer; l++) {
        const std::string p = "encoder.blocks." + std::to_string(l) + ".";
        attn(p + "attn");
        mlp(p);
    }
    vec("encoder.ln_post.weight", n, 0.1f, 1.0f);
    vec("encoder.ln_post.bias", n, 0.1f, 0.0f);
    tensor(w, "decoder.positional_embedding", {n, hp.n_text_ctx}, GgmlType::F32, gaussian(g, int64_t(n) * hp.n_text_ctx, 0.1f));
    // hears_no_speech: h of norm 1 (logits of text tokens ~ N(0, 1)), and the
    // no-speech token (timestamp_begin - 2) with h . e = 30.
    Gen gh{std::mt19937_64(o.seed + 1)};
    std::vector<float> h = gaussian(gh, n, 1.0f / std::sqrt(static_cast<float>(n)));
    if (!o.hears_no_speech) {
        mat("decoder.token_embedding.weight", n, hp.n_vocab, 1.0f);
    } else {
        std::vector<float> e = gaussian(g, int64_t(n) * hp.n_vocab, 1.0f);
        double hh = 0;
        for (float x : h) hh += double(x) * x;
        const int64_t nosp = hp.n_vocab - 1501 - 2;
        for (int i = 0; i < n; i++) e[static_cast<size_t>(nosp * n + i)] = static_cast<float>(30.0 * h[i] / hh);
        tensor(w, "decoder.token_embedding.weight", {n, hp.n_vocab}, mt, e);
    }
    for (int l = 0; l < hp.n_text_layer; l++) {
        const std::string p = "decoder.blocks." + std::to_string(l) + ".";
        attn(p + "attn");
        attn(p + "cross_attn");
        mlp(p);
    }
    if (!o.hears_no_speech) {
        vec("decoder.ln.weight", n, 0.1f, 1.0f);
        vec("decoder.ln.bias", n, 0.1f, 0.0f);
    } else {
        tensor(w, "decoder.ln.weight", {n}, GgmlType::F32, std::vector<float>(static_cast<size_t>(n), 0.0f));
        tensor(w, "decoder.ln.bias", {n}, GgmlType::F32, h);
    }
    return std::move(w.bytes);
}

}  // namespace os1::engine

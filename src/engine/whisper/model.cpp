// WhisperModel: checks a ggml Whisper file's hyper-parameters and tensors
// (presence, shape, type), copies the matrices into aligned memory as Weight
// views for matmul(), the vectors to f32, and derives the special tokens.
#include <algorithm>
#include <cstring>
#include <map>
#include <thread>

#include "engine/gguf/tensor_types.h"
#include "engine/whisper/mel.h"
#include "engine/whisper/weights.h"
#include "engine/whisper/whisper_file.h"

namespace os1::engine {

using whisper::FileTensor;
using whisper::WhisperFile;
using whisper::WhisperWeights;

namespace {

constexpr int N_TEXT_TOKENS = 50257;  // GPT-2's byte-level BPE (multilingual); 50256 for English-only

// Reads tensors by name with shape checks; matrices are gathered first and
// copied into one aligned buffer at the end.
class TensorReader {
public:
    explicit TensorReader(const WhisperFile& f) : m_file(f) {}

    Result<const FileTensor*> get(const std::string& name, std::initializer_list<int64_t> shape) {
        const FileTensor* t = m_file.find(name);
        if (!t) return Error::invalid(m_file.name(), ": tensor ", name, " is missing — not a Whisper model, or a damaged one");
        std::vector<int64_t> want(shape);
        int64_t n = 1;
        for (int64_t d : want) n *= d;
        bool same = t->n_elements() == n;
        if (want.size() > 1)  // matrices must have the exact shape (innermost first)
            for (size_t d = 0; d < want.size() && same; d++) same = t->ne[d] == want[d];
        if (!same) {
            std::string got, exp;
            for (int d = 0; d < t->n_dims; d++) got += (d ? " x " : "") + std::to_string(t->ne[d]);
            for (size_t d = 0; d < want.size(); d++) exp += (d ? " x " : "") + std::to_string(want[d]);
            return Error::invalid(m_file.name(), ": tensor ", name, " has shape ", got, ", expected ", exp,
                                  " for these hyper-parameters — the file is damaged");
        }
        m_used++;
        return t;
    }
    Result<std::vector<float>> vec(const std::string& name, int64_t n) {
        const FileTensor* t = TRY(get(name, {n}));
        std::vector<float> out(static_cast<size_t>(n));
        const int64_t row = t->ne[0];
        const size_t rb = row_size(t->type, row);
        for (int64_t r = 0; r < n / row; r++) dequantize_row(t->type, t->data + r * rb, out.data() + r * row, row);
        return out;
    }
    // A matrix of n_rows x n_cols; its view is filled in by place().
    Result<void> mat(const std::string& name, int64_t n_cols, int64_t n_rows, Weight& w) {
        const FileTensor* t = TRY(get(name, {n_cols, n_rows}));
        w.type = t->type;
        w.n_cols = n_cols;
        w.n_rows = n_rows;
        w.row_bytes = row_size(t->type, n_cols);
        m_pending.push_back({t, &w});
        return ok();
    }
    // Copies the matrices into one 64-byte aligned buffer.
    std::unique_ptr<uint8_t[]> place() {
        size_t total = 64;
        for (auto& p : m_pending) total += (p.t->n_bytes + 63) & ~size_t(63);
        std::unique_ptr<uint8_t[]> mem(new uint8_t[total]);
        uint8_t* at = reinterpret_cast<uint8_t*>((reinterpret_cast<uintptr_t>(mem.get()) + 63) & ~uintptr_t(63));
        for (auto& p : m_pending) {
            std::memcpy(at, p.t->data, p.t->n_bytes);
            p.w->data = at;
            at += (p.t->n_bytes + 63) & ~size_t(63);
        }
        return mem;
    }
    size_t used() const { return m_used; }
    std::map<std::string, int> type_counts() const {
        std::map<std::string, int> c;
        for (auto& p : m_pending) c[type_traits(p.t->type).name]++;
        return c;
    }

private:
    struct Pending {
        const FileTensor* t;
        Weight* w;
    };
    const WhisperFile& m_file;
    std::vector<Pending> m_pending;
    size_t m_used = 0;
};

// A conv kernel (3, n_in, n_out) as an f16 matrix (n_out, 3 n_in).
Result<void> conv_kernel(TensorReader& r, const std::string& name, int n_in, int n_out, std::vector<uint16_t>& f16,
                         Weight& w) {
    const FileTensor* t = TRY(r.get(name, {3, n_in, n_out}));
    const int64_t n = t->n_elements();
    std::vector<float> f(static_cast<size_t>(n));
    const size_t rb = row_size(t->type, 3);
    if (type_traits(t->type).block_size != 1)
        return Error::unsupported(name, " is of type ", type_traits(t->type).name, "; convolution kernels must be f32 or f16");
    for (int64_t i = 0; i < n / 3; i++) dequantize_row(t->type, t->data + i * rb, f.data() + i * 3, 3);
    f16.resize(static_cast<size_t>(n));
    for (int64_t i = 0; i < n; i++) f16[i] = fp32_to_fp16(f[i]);
    w.type = GgmlType::F16;
    w.n_cols = int64_t(3) * n_in;
    w.n_rows = n_out;
    w.row_bytes = static_cast<size_t>(w.n_cols) * 2;
    w.data = reinterpret_cast<const uint8_t*>(f16.data());
    return ok();
}

Result<void> attn(TensorReader& r, const std::string& p, int n, whisper::AttnWeights& a) {
    a.ln_w = TRY(r.vec(p + "_ln.weight", n));
    a.ln_b = TRY(r.vec(p + "_ln.bias", n));
    TRY(r.mat(p + ".query.weight", n, n, a.q));
    a.bq = TRY(r.vec(p + ".query.bias", n));
    TRY(r.mat(p + ".key.weight", n, n, a.k));
    TRY(r.mat(p + ".value.weight", n, n, a.v));
    a.bv = TRY(r.vec(p + ".value.bias", n));
    TRY(r.mat(p + ".out.weight", n, n, a.o));
    a.bo = TRY(r.vec(p + ".out.bias", n));
    return ok();
}

Result<void> block(TensorReader& r, const std::string& p, int n, bool cross, whisper::BlockWeights& b) {
    TRY(attn(r, p + "attn", n, b.attn));
    if (cross) TRY(attn(r, p + "cross_attn", n, b.cross));
    b.mlp_ln_w = TRY(r.vec(p + "mlp_ln.weight", n));
    b.mlp_ln_b = TRY(r.vec(p + "mlp_ln.bias", n));
    TRY(r.mat(p + "mlp.0.weight", n, 4 * n, b.mlp0));
    b.mlp0_b = TRY(r.vec(p + "mlp.0.bias", 4 * n));
    TRY(r.mat(p + "mlp.2.weight", 4 * n, n, b.mlp2));
    b.mlp2_b = TRY(r.vec(p + "mlp.2.bias", n));
    return ok();
}

Result<void> check_hparams(const WhisperFile& f, const WhisperHParams& hp) {
    auto bad = [&](auto... what) { return Error::invalid(f.name(), ": ", what..., " — the file is damaged or not a Whisper model"); };
    if (hp.n_audio_state != hp.n_text_state)
        return bad("audio width ", hp.n_audio_state, " differs from text width ", hp.n_text_state);
    if (hp.n_audio_state % hp.n_audio_head != 0 || hp.n_text_state % hp.n_text_head != 0)
        return bad("width ", hp.n_audio_state, " is not a multiple of the head counts");
    if (hp.n_audio_state / hp.n_audio_head > 256 || hp.n_text_state / hp.n_text_head > 256)
        return Error::unsupported(f.name(), ": heads wider than 256 are not supported");
    if (hp.n_vocab <= N_TEXT_TOKENS + 1 + 100 + 7)
        return bad("n_vocab ", hp.n_vocab, " leaves no room for Whisper's special tokens");
    if (f.n_fft_bins() != WhisperModel::N_FFT / 2 + 1)
        return bad("mel filters over ", f.n_fft_bins(), " bins (Whisper's 400-point FFT has 201)");
    if (static_cast<int>(f.vocab().size()) > hp.n_vocab) return bad("more vocabulary strings than n_vocab");
    return ok();
}

}  // namespace

WhisperModel::WhisperModel() = default;
WhisperModel::~WhisperModel() = default;

Result<std::unique_ptr<WhisperModel>> WhisperModel::load(const std::filesystem::path& path, const WhisperOptions& options) {
    auto file = TRY(WhisperFile::open(path));
    return from_file(std::move(file), options);
}

Result<std::unique_ptr<WhisperModel>> WhisperModel::from_memory(std::span<const uint8_t> bytes,
                                                                const WhisperOptions& options) {
    auto file = TRY(WhisperFile::from_memory(bytes));
    return from_file(std::move(file), options);
}

Result<std::unique_ptr<WhisperModel>> WhisperModel::from_file(std::unique_ptr<WhisperFile> file,
                                                              const WhisperOptions& options) {
    std::unique_ptr<WhisperModel> m(new WhisperModel());
    m->m_options = options;
    const auto& fh = file->hparams();
    WhisperHParams& hp = m->m_hparams;
    hp = {fh.n_vocab, fh.n_audio_ctx, fh.n_audio_state, fh.n_audio_head, fh.n_audio_layer, fh.n_text_ctx,
          fh.n_text_state, fh.n_text_head, fh.n_text_layer, fh.n_mels, fh.ftype};
    TRY(check_hparams(*file, hp));

    auto w = std::make_unique<WhisperWeights>();
    TensorReader r(*file);
    const int n = hp.n_audio_state;
    TRY(conv_kernel(r, "encoder.conv1.weight", hp.n_mels, n, w->conv1_f16, w->conv1));
    w->conv1_b = TRY(r.vec("encoder.conv1.bias", n));
    TRY(conv_kernel(r, "encoder.conv2.weight", n, n, w->conv2_f16, w->conv2));
    w->conv2_b = TRY(r.vec("encoder.conv2.bias", n));
    w->enc_pos = TRY(r.vec("encoder.positional_embedding", int64_t(n) * hp.n_audio_ctx));
    w->enc.resize(static_cast<size_t>(hp.n_audio_layer));
    for (int i = 0; i < hp.n_audio_layer; i++)
        TRY(block(r, "encoder.blocks." + std::to_string(i) + ".", n, false, w->enc[i]));
    w->enc_ln_w = TRY(r.vec("encoder.ln_post.weight", n));
    w->enc_ln_b = TRY(r.vec("encoder.ln_post.bias", n));
    TRY(r.mat("decoder.token_embedding.weight", n, hp.n_vocab, w->tok_embd));
    w->dec_pos = TRY(r.vec("decoder.positional_embedding", int64_t(n) * hp.n_text_ctx));
    w->dec.resize(static_cast<size_t>(hp.n_text_layer));
    for (int i = 0; i < hp.n_text_layer; i++)
        TRY(block(r, "decoder.blocks." + std::to_string(i) + ".", n, true, w->dec[i]));
    w->dec_ln_w = TRY(r.vec("decoder.ln.weight", n));
    w->dec_ln_b = TRY(r.vec("decoder.ln.bias", n));
    if (r.used() != file->tensors().size())
        return Error::invalid(file->name(), ": ", file->tensors().size() - r.used(),
                              " tensors that a Whisper model does not have — the file is not a Whisper model of these hyper-parameters");
    int most = 0;
    for (const auto& [name, count] : r.type_counts())
        if (count > most) most = count, m->m_type_summary = name;
    w->storage = r.place();

    // Special tokens from n_vocab: English-only models (51864) start at
    // eot 50256; multilingual ones have eot, sot one later and the task and
    // timestamp tokens after their n_languages languages.
    WhisperTokens& t = m->m_tokens;
    t.multilingual = hp.n_vocab >= 51865;
    t.n_languages = hp.n_vocab - 51765 - (t.multilingual ? 1 : 0);
    const int shift = t.multilingual ? 1 : 0;
    const int dt = t.multilingual ? t.n_languages - 98 : 0;
    t.eot = 50256 + shift;
    t.sot = 50257 + shift;
    t.lang_begin = t.sot + 1;
    t.translate = 50357 + dt;
    t.transcribe = 50358 + dt;
    t.solm = 50359 + dt;
    t.prev = 50360 + dt;
    t.nosp = 50361 + dt;
    t.not_timestamps = 50362 + dt;
    t.timestamp_begin = 50363 + dt;

    m->m_file = std::move(file);
    m->m_weights = std::move(w);
    return m;
}

std::string_view WhisperModel::token_text(int32_t id) const {
    const auto& v = m_file->vocab();
    if (id < 0 || id >= m_tokens.eot || id >= static_cast<int32_t>(v.size())) return {};
    return v[static_cast<size_t>(id)];
}

std::string WhisperModel::detokenize(std::span<const int32_t> ids) const {
    std::string out;
    for (int32_t id : ids) out += token_text(id);
    return out;
}

LogMel WhisperModel::log_mel(std::span<const float> pcm) const {
    int threads = m_options.n_threads > 0 ? m_options.n_threads : static_cast<int>(std::thread::hardware_concurrency());
    return whisper::log_mel_spectrogram(pcm, m_file->mel_filters().data(), m_file->n_mel_filters(), m_file->n_fft_bins(),
                                        std::max(1, threads));
}

}  // namespace os1::engine

// WhisperState: the buffers of one recognition (sized once), encode() and
// decode() with their input checks.
#include <algorithm>
#include <thread>

#include "engine/whisper/attn_block.h"
#include "engine/whisper/weights.h"

namespace os1::engine {

using whisper::StateBuffers;

WhisperState::WhisperState(const WhisperModel& model) : m_model(model) {}
WhisperState::~WhisperState() = default;

Result<std::unique_ptr<WhisperState>> WhisperModel::new_state(int n_threads) const {
    if (n_threads <= 0) n_threads = m_options.n_threads;
    if (n_threads <= 0) n_threads = std::max(1, static_cast<int>(std::thread::hardware_concurrency()));
    const WhisperHParams& hp = m_hparams;
    const int n = hp.n_audio_state, n_ctx = hp.n_audio_ctx, t_ctx = hp.n_text_ctx;
    const int64_t max_cols = std::max<int64_t>({int64_t(3) * hp.n_mels, int64_t(3) * n, int64_t(4) * n});
    std::unique_ptr<WhisperState> s(new WhisperState(*this));
    auto b = std::make_unique<StateBuffers>(n_threads, 2 * n_ctx, max_cols);
    auto sz = [](int64_t a, int64_t c) { return static_cast<size_t>(a * c); };
    b->im2col.resize(std::max(sz(2 * n_ctx, 3 * hp.n_mels), sz(n_ctx, 3 * n)));
    b->conv.resize(sz(2 * n_ctx, n));
    b->x.resize(sz(n_ctx, n));
    b->normed.resize(sz(n_ctx, n));
    b->q.resize(sz(n_ctx, n));
    b->k.resize(sz(n_ctx, n));
    b->v.resize(sz(n_ctx, n));
    b->kt.resize(sz(n_ctx, n));
    b->attn.resize(sz(n_ctx, n));
    b->mlp.resize(sz(n_ctx, 4 * n));
    b->scratch.resize(sz(int64_t(b->mm.team.size()) * whisper::ATTN_BLOCK, std::max(n_ctx, t_ctx)));
    b->cross_k.assign(static_cast<size_t>(hp.n_text_layer), std::vector<float>(sz(n_ctx, n)));
    b->cross_v.assign(static_cast<size_t>(hp.n_text_layer), std::vector<float>(sz(n_ctx, n)));
    b->self_k.assign(static_cast<size_t>(hp.n_text_layer), std::vector<float>(sz(t_ctx, n)));
    b->self_v.assign(static_cast<size_t>(hp.n_text_layer), std::vector<float>(sz(t_ctx, n)));
    for (auto* v : {&b->dx, &b->dnormed, &b->dq, &b->dk, &b->dv, &b->dattn}) v->resize(sz(t_ctx, n));
    b->dmlp.resize(sz(t_ctx, 4 * n));
    b->logits.resize(static_cast<size_t>(hp.n_vocab));
    s->m_buf = std::move(b);
    return s;
}

Result<void> WhisperState::encode(const LogMel& mel, int offset, int n_audio_ctx) {
    const WhisperHParams& hp = m_model.hparams();
    if (mel.n_mels != hp.n_mels)
        return Error::invalid("the log-mel has ", mel.n_mels, " mel bins, the model takes ", hp.n_mels);
    if (mel.n_frames <= 0 || mel.data.size() != static_cast<size_t>(mel.n_mels) * mel.n_frames)
        return Error::invalid("the log-mel is empty or its size does not match its shape");
    if (offset < 0 || offset >= mel.n_frames)
        return Error::out_of_range("mel offset ", offset, " is outside the ", mel.n_frames, " frames");
    if (n_audio_ctx < 0 || n_audio_ctx > hp.n_audio_ctx)
        return Error::out_of_range("audio_ctx ", n_audio_ctx, " is outside 1..", hp.n_audio_ctx,
                                   " (the model's positions; 0 means all of them)");
    // Frames past the mel's end are 0, as whisper.cpp fills them.
    whisper::encode_window(m_model, *m_buf, mel.data.data(), mel.n_frames, offset, 0.0f,
                           n_audio_ctx > 0 ? n_audio_ctx : hp.n_audio_ctx);
    m_encoded = true;
    m_n_past = 0;
    return ok();
}

std::span<const float> WhisperState::encoder_output() const {
    const WhisperHParams& hp = m_model.hparams();
    return {m_buf->x.data(), static_cast<size_t>(m_encoded ? m_buf->n_audio_ctx : 0) * hp.n_audio_state};
}

int WhisperState::audio_ctx() const { return m_encoded ? m_buf->n_audio_ctx : 0; }

int whisper_fit_audio_ctx(const WhisperModel& model, int n_frames) {
    const int full = model.hparams().n_audio_ctx;
    if (n_frames <= 0) return std::min(full, WHISPER_AUDIO_CTX_STEP);
    // conv2 halves the frames; whole steps keep every kernel's blocks full.
    const int need = (n_frames + 1) / 2;
    const int rounded = (need + WHISPER_AUDIO_CTX_STEP - 1) / WHISPER_AUDIO_CTX_STEP * WHISPER_AUDIO_CTX_STEP;
    return std::min(full, rounded);
}

Result<std::span<const float>> WhisperState::decode(std::span<const int32_t> tokens) { return decode(tokens, -1, {}); }

Result<std::span<const float>> WhisperState::decode(std::span<const int32_t> tokens, int row,
                                                    std::span<float> row_logits) {
    const WhisperHParams& hp = m_model.hparams();
    if (!m_encoded) return Error::invalid("decode() before encode(): there is no audio to attend to");
    if (tokens.empty()) return Error::invalid("decode() needs at least one token");
    if (m_n_past + static_cast<int64_t>(tokens.size()) > hp.n_text_ctx)
        return Error::out_of_range("the decoder's context is full: ", m_n_past, " + ", tokens.size(), " tokens > ",
                                   hp.n_text_ctx);
    for (int32_t id : tokens)
        if (id < 0 || id >= hp.n_vocab) return Error::invalid("token id ", id, " is outside the vocabulary of ", hp.n_vocab);
    if (row >= static_cast<int64_t>(tokens.size()) || (row >= 0 && row_logits.size() != static_cast<size_t>(hp.n_vocab)))
        return Error::invalid("decode(): row ", row, " of ", tokens.size(), " tokens, or its logits' room is not n_vocab");
    whisper::decode_tokens(m_model, *m_buf, tokens.data(), static_cast<int>(tokens.size()), m_n_past, row,
                           row >= 0 ? row_logits.data() : nullptr);
    m_n_past += static_cast<int>(tokens.size());
    return std::span<const float>(m_buf->logits);
}

}  // namespace os1::engine

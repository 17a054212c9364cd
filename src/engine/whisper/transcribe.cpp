// Whole-clip transcription: 30 s windows over the clip's log-mel, the
// previous text as the decoder's prompt, a temperature fallback on windows
// the model is unsure of (the paper's decoding heuristics, without
// timestamps: a window always advances by its full 30 s).
#include <algorithm>
#include <cmath>
#include <limits>
#include <random>

#include "engine/whisper/weights.h"

namespace os1::engine {
namespace {

struct Attempt {
    std::vector<int32_t> tokens;
    double sum_logprob = 0;
    double avg() const { return tokens.empty() ? 0.0 : sum_logprob / static_cast<double>(tokens.size()); }
};

// One window's decoding from `prompt` at temperature t (0: greedy).
Result<Attempt> decode_window(WhisperState& state, const std::vector<int32_t>& prompt, const WhisperDecodeOptions& o,
                              float t, std::mt19937_64& rng) {
    const WhisperModel& model = state.model();
    const int room = model.hparams().n_text_ctx - static_cast<int>(prompt.size());
    const int max_tokens = std::min(o.max_tokens > 0 ? o.max_tokens : model.hparams().n_text_ctx / 2, room);
    state.reset_decoder();
    std::span<const float> logits = TRY(state.decode(prompt));
    std::vector<float> f;
    std::vector<double> prob;
    Attempt a;
    for (int step = 0; step < max_tokens; step++) {
        f.assign(logits.begin(), logits.end());
        whisper_filter_logits(model, f, step == 0, o);
        const float mx = *std::max_element(f.begin(), f.end());
        double z = 0;
        for (float x : f) z += std::exp(static_cast<double>(x - mx));
        int32_t id = whisper_argmax(f);
        if (t > 0) {
            prob.resize(f.size());
            double zt = 0;
            for (size_t i = 0; i < f.size(); i++) zt += prob[i] = std::exp(static_cast<double>(f[i] - mx) / t);
            std::uniform_real_distribution<double> u(0.0, zt);
            double r = u(rng);
            for (size_t i = 0; i < f.size(); i++)
                if ((r -= prob[i]) <= 0 || i + 1 == f.size()) {
                    id = static_cast<int32_t>(i);
                    break;
                }
        }
        if (id == model.tokens().eot) break;
        a.sum_logprob += static_cast<double>(f[static_cast<size_t>(id)] - mx) - std::log(z);
        a.tokens.push_back(id);
        if (step + 1 == max_tokens) break;
        logits = TRY(state.decode(std::span<const int32_t>(&a.tokens.back(), 1)));
    }
    return a;
}

}  // namespace

Result<WhisperTranscript> whisper_transcribe(WhisperState& state, std::span<const float> pcm,
                                             const WhisperTranscribeOptions& options) {
    const WhisperModel& model = state.model();
    const WhisperHParams& hp = model.hparams();
    WhisperTranscript out;
    out.audio_s = static_cast<double>(pcm.size()) / WhisperModel::SAMPLE_RATE;
    if (pcm.empty()) return out;
    const LogMel mel = model.log_mel(pcm);
    const int window = 2 * hp.n_audio_ctx;  // mel frames per encoder window (3000 = 30 s)
    const double frame_s = static_cast<double>(WhisperModel::HOP) / WhisperModel::SAMPLE_RATE;
    std::vector<float> temps = options.temperatures.empty() ? std::vector<float>{0.0f} : options.temperatures;
    std::mt19937_64 rng(options.seed);
    std::vector<int32_t> history;  // text tokens of the windows so far
    double total_logprob = 0;
    size_t total_tokens = 0;
    for (int seek = 0; seek < mel.n_frames_audio; seek += window) {
        TRY(state.encode(mel, seek));
        std::vector<int32_t> prompt;
        if (options.condition_on_previous && !history.empty()) {
            const size_t keep = std::min(history.size(), static_cast<size_t>(hp.n_text_ctx / 2 - 1));
            prompt.push_back(model.tokens().prev);
            prompt.insert(prompt.end(), history.end() - static_cast<std::ptrdiff_t>(keep), history.end());
        }
        const std::vector<int32_t> task = whisper_prompt(model, options.decode);
        prompt.insert(prompt.end(), task.begin(), task.end());

        Attempt best;
        float best_t = 0;
        bool have = false;
        for (float t : temps) {
            Attempt a = TRY(decode_window(state, prompt, options.decode, t, rng));
            if (!have || a.avg() > best.avg()) best = std::move(a), best_t = t, have = true;
            if (best.avg() >= options.logprob_threshold) break;
        }
        WhisperSegment seg;
        seg.tokens = best.tokens;
        seg.text = model.detokenize(best.tokens);
        seg.start_s = seek * frame_s;
        seg.end_s = std::min(out.audio_s, (seek + window) * frame_s);
        seg.avg_logprob = best.avg();
        seg.temperature = best_t;
        out.text += seg.text;
        total_logprob += best.sum_logprob;
        total_tokens += best.tokens.size();
        history.insert(history.end(), best.tokens.begin(), best.tokens.end());
        out.segments.push_back(std::move(seg));
    }
    out.confidence = total_tokens ? std::exp(total_logprob / static_cast<double>(total_tokens)) : 0.0;
    return out;
}

}  // namespace os1::engine

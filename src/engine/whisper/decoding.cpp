// Whisper's decoding rules and the greedy loop (no timestamps mode). The
// rules follow the paper's decoding and whisper.cpp's logit filter: the
// tokens that only the prompt may hold (sot, solm, prev, nosp, the task and
// language tokens, notimestamps) are never sampled; without timestamps no
// timestamp is either; the first sampled token is neither blank nor end of
// text (suppress_blank).
#include <algorithm>
#include <cmath>
#include <limits>

#include "engine/whisper/weights.h"

namespace os1::engine {

std::vector<int32_t> whisper_prompt(const WhisperModel& model, const WhisperDecodeOptions& options) {
    const WhisperTokens& t = model.tokens();
    std::vector<int32_t> p{t.sot};
    if (t.multilingual) {
        p.push_back(t.lang_begin + std::clamp(options.language, 0, t.n_languages - 1));
        p.push_back(options.translate ? t.translate : t.transcribe);
    }
    if (options.no_timestamps) p.push_back(t.not_timestamps);
    return p;
}

void whisper_filter_logits(const WhisperModel& model, std::span<float> logits, bool first,
                           const WhisperDecodeOptions& options) {
    const WhisperTokens& t = model.tokens();
    const float ninf = -std::numeric_limits<float>::infinity();
    const int n = static_cast<int>(logits.size());
    auto kill = [&](int id) {
        if (id >= 0 && id < n) logits[static_cast<size_t>(id)] = ninf;
    };
    kill(t.not_timestamps);
    if (options.no_timestamps)
        for (int id = t.timestamp_begin; id < n; id++) kill(id);
    for (int id : {t.sot, t.nosp, t.solm, t.translate, t.transcribe, t.prev}) kill(id);
    for (int i = 0; i < t.n_languages; i++) kill(t.lang_begin + i);
    if (first && options.suppress_blank) {
        kill(t.eot);
        kill(220);  // " " in Whisper's GPT-2 vocabulary
    }
}

int32_t whisper_argmax(std::span<const float> logits) {
    int32_t best = 0;
    for (size_t i = 1; i < logits.size(); i++)
        if (logits[i] > logits[static_cast<size_t>(best)]) best = static_cast<int32_t>(i);
    return best;
}

Result<std::vector<int32_t>> whisper_greedy(WhisperState& state, const WhisperDecodeOptions& options,
                                            const std::function<bool(const WhisperGreedyStep&)>& on_step) {
    const WhisperModel& model = state.model();
    const int max_tokens = options.max_tokens > 0 ? options.max_tokens : model.hparams().n_text_ctx / 2;
    state.reset_decoder();
    const std::vector<int32_t> prompt = whisper_prompt(model, options);
    std::vector<float> filtered;
    std::vector<int32_t> out;
    std::span<const float> logits = TRY(state.decode(prompt));
    for (int step = 0; step < max_tokens; step++) {
        filtered.assign(logits.begin(), logits.end());
        whisper_filter_logits(model, filtered, step == 0, options);
        const int32_t id = whisper_argmax(filtered);
        if (on_step && !on_step({id, logits})) break;
        if (id == model.tokens().eot) break;
        out.push_back(id);
        if (step + 1 == max_tokens || state.n_past() >= model.hparams().n_text_ctx) break;
        logits = TRY(state.decode(std::span<const int32_t>(&out.back(), 1)));
    }
    return out;
}

}  // namespace os1::engine

// Whole-clip transcription: 30 s windows over the clip's log-mel (or
// shorter ones: audio_ctx), the previous text as the decoder's prompt, a
// temperature fallback on windows the model is unsure of, silent windows
// dropped by the no-speech probability, the language detected on the first
// window when asked (the paper's decoding heuristics). Without
// timestamps a window advances by its full 30 s; with them a window is cut
// into the segments its timestamps delimit and the next one starts where
// the last complete segment ended.
#include <algorithm>
#include <cmath>
#include <limits>
#include <random>

#include "engine/whisper/weights.h"

namespace os1::engine {
namespace {

struct Attempt {
    std::vector<int32_t> tokens;
    std::vector<float> logprobs;  // per token
    double sum_logprob = 0;       // the tokens' and end-of-text's, as Whisper sums them
    int n_scored = 0;             // tokens in that sum
    float no_speech_prob = 0;
    double avg() const { return n_scored == 0 ? 0.0 : sum_logprob / n_scored; }
};

// Whisper's no-speech probability: softmax of the raw logits at sot, at the no-speech token.
float no_speech_probability(const WhisperModel& model, std::span<const float> at_sot) {
    const float mx = *std::max_element(at_sot.begin(), at_sot.end());
    double z = 0;
    for (float x : at_sot) z += std::exp(static_cast<double>(x - mx));
    const int32_t nosp = model.tokens().nosp;
    return static_cast<float>(std::exp(static_cast<double>(at_sot[static_cast<size_t>(nosp)] - mx)) / z);
}

// One window's decoding from `prompt` at temperature t (0: greedy).
Result<Attempt> decode_window(WhisperState& state, const std::vector<int32_t>& prompt, const WhisperDecodeOptions& o,
                              float t, std::mt19937_64& rng) {
    const WhisperModel& model = state.model();
    const int room = model.hparams().n_text_ctx - static_cast<int>(prompt.size());
    const int max_tokens = std::min(o.max_tokens > 0 ? o.max_tokens : model.hparams().n_text_ctx / 2, room);
    state.reset_decoder();
    // The logits at sot come from the same pass as the prompt's last ones.
    const auto sot_at = std::find(prompt.begin(), prompt.end(), model.tokens().sot) - prompt.begin();
    std::vector<float> at_sot(static_cast<size_t>(model.hparams().n_vocab));
    std::span<const float> logits = TRY(state.decode(prompt, static_cast<int>(sot_at), at_sot));
    std::vector<float> f;
    std::vector<double> prob;
    Attempt a;
    a.no_speech_prob = no_speech_probability(model, at_sot);
    for (int step = 0; step < max_tokens; step++) {
        f.assign(logits.begin(), logits.end());
        whisper_filter_logits(model, f, step == 0, o);
        if (!o.no_timestamps) whisper_apply_timestamp_rules(model, f, a.tokens, o);
        const float mx = *std::max_element(f.begin(), f.end());
        if (mx == -std::numeric_limits<float>::infinity()) break;  // nothing may follow: the end
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
        const double lp = static_cast<double>(f[static_cast<size_t>(id)] - mx) - std::log(z);
        a.sum_logprob += lp;
        a.n_scored++;
        if (id == model.tokens().eot) break;
        a.logprobs.push_back(static_cast<float>(lp));
        a.tokens.push_back(id);
        if (step + 1 == max_tokens) break;
        logits = TRY(state.decode(std::span<const int32_t>(&a.tokens.back(), 1)));
    }
    return a;
}

// A window's tokens cut into segments. Times are seconds from the window's
// start; a segment without a closing timestamp ends at `window_s`.
struct Cut {
    std::vector<WhisperSegment> segments;
    size_t kept = 0;         // tokens that belong to those segments (the rest is decoded again)
    double advance_s = 0;    // where the next window starts, from this one's start (0: the whole window)
};

Cut cut_window(const WhisperModel& model, const Attempt& a, double window_s) {
    const int32_t ts_begin = model.tokens().timestamp_begin;
    auto is_ts = [&](int32_t id) { return id >= ts_begin; };
    auto ts_s = [&](int32_t id) { return 0.02 * (id - ts_begin); };
    const auto& tok = a.tokens;
    // The last pair of timestamps (a segment's end, the next one's start).
    // A window ending with a lone timestamp has spoken to its end.
    size_t last_pair = 0;
    for (size_t i = 1; i < tok.size(); i++)
        if (is_ts(tok[i - 1]) && is_ts(tok[i])) last_pair = i;
    const bool single_ending = tok.size() >= 2 && is_ts(tok.back()) && !is_ts(tok[tok.size() - 2]);
    Cut cut;
    cut.kept = tok.size();
    if (last_pair > 0 && !single_ending) {
        cut.kept = last_pair;  // up to and including the pair's first (the segment's end)
        cut.advance_s = ts_s(tok[last_pair - 1]);
    }
    WhisperSegment seg;
    double start = 0;
    auto close = [&](double end) {
        if (!seg.tokens.empty()) {
            seg.start_s = start;
            seg.end_s = std::max(start, end);
            cut.segments.push_back(std::move(seg));
        }
        seg = {};
    };
    for (size_t i = 0; i < cut.kept; i++) {
        if (is_ts(tok[i])) {
            close(ts_s(tok[i]));
            start = ts_s(tok[i]);
            continue;
        }
        seg.tokens.push_back(tok[i]);
        seg.logprobs.push_back(i < a.logprobs.size() ? a.logprobs[i] : 0.0f);
    }
    close(std::max(start, window_s));
    return cut;
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
    int n_ctx = options.audio_ctx;
    if (n_ctx == WHISPER_AUDIO_CTX_FIT) n_ctx = whisper_fit_audio_ctx(model, mel.n_frames_audio);
    else if (n_ctx == 0) n_ctx = hp.n_audio_ctx;
    if (n_ctx < 1 || n_ctx > hp.n_audio_ctx)
        return Error::out_of_range("audio_ctx ", options.audio_ctx, " is outside 1..", hp.n_audio_ctx,
                                   " (0: the model's; ", WHISPER_AUDIO_CTX_FIT, ": sized to the clip)");
    WhisperDecodeOptions decode = options.decode;
    const WhisperTokens& tok = model.tokens();
    if (tok.multilingual && decode.language != WHISPER_LANGUAGE_AUTO &&
        (decode.language < 0 || decode.language >= tok.n_languages))
        return Error::invalid("language index ", decode.language, " is outside the model's ", tok.n_languages);
    const int window = 2 * n_ctx;  // mel frames per encoder window (3000 = 30 s)
    const double frame_s = static_cast<double>(WhisperModel::HOP) / WhisperModel::SAMPLE_RATE;
    std::vector<float> temps = options.temperatures.empty() ? std::vector<float>{0.0f} : options.temperatures;
    std::mt19937_64 rng(options.seed);
    std::vector<int32_t> history;  // text tokens of the windows so far
    double total_logprob = 0;
    size_t total_tokens = 0;
    out.language = "en";
    for (int seek = 0; seek < mel.n_frames_audio;) {
        TRY(state.encode(mel, seek, n_ctx));
        if (decode.language == WHISPER_LANGUAGE_AUTO) {  // on the first window, for all of them
            decode.language = 0;
            if (tok.multilingual) {
                const WhisperLanguage lang = TRY(whisper_detect_language(state));
                decode.language = lang.index;
                out.language_prob = lang.probability;
            }
        }
        if (tok.multilingual) out.language = std::string(whisper_language_code(decode.language));
        std::vector<int32_t> prompt;
        if (options.condition_on_previous && !history.empty()) {
            const size_t keep = std::min(history.size(), static_cast<size_t>(hp.n_text_ctx / 2 - 1));
            prompt.push_back(model.tokens().prev);
            prompt.insert(prompt.end(), history.end() - static_cast<std::ptrdiff_t>(keep), history.end());
        }
        const std::vector<int32_t> task = whisper_prompt(model, decode);
        prompt.insert(prompt.end(), task.begin(), task.end());

        Attempt best;
        float best_t = 0;
        bool have = false;
        for (float t : temps) {
            Attempt a = TRY(decode_window(state, prompt, decode, t, rng));
            // Silence needs no fallback (Whisper: likely no speech and unsure of the words).
            const bool silence = a.no_speech_prob > options.no_speech_threshold && a.avg() < options.logprob_threshold;
            if (!have || a.avg() > best.avg()) best = std::move(a), best_t = t, have = true;
            if (best.avg() >= options.logprob_threshold || silence) break;
        }
        out.no_speech_prob = out.no_speech_prob < 0 ? best.no_speech_prob
                                                    : std::min<double>(out.no_speech_prob, best.no_speech_prob);
        if (best.no_speech_prob > options.no_speech_threshold && !(best.avg() > options.logprob_threshold)) {
            out.windows_silent++;  // no text, nothing for the next window's prompt
            seek += window;
            continue;
        }
        const double offset_s = seek * frame_s;
        const double window_s = std::min(out.audio_s - offset_s, window * frame_s);
        Cut cut;
        if (decode.no_timestamps) {
            WhisperSegment seg;
            seg.tokens = best.tokens;
            seg.logprobs = best.logprobs;
            seg.end_s = window_s;
            cut.segments.push_back(std::move(seg));  // one per window, as before
            cut.kept = best.tokens.size();
        } else {
            cut = cut_window(model, best, window_s);
        }
        for (auto& seg : cut.segments) {
            // Times from the start of the audio, inside it.
            seg.start_s = std::clamp(offset_s + seg.start_s, 0.0, out.audio_s);
            seg.end_s = std::clamp(offset_s + seg.end_s, seg.start_s, out.audio_s);
            seg.text = model.detokenize(seg.tokens);
            seg.words = whisper_words(model, seg.tokens, seg.logprobs, seg.start_s, seg.end_s);
            double sum = 0;
            for (float lp : seg.logprobs) sum += lp;
            seg.avg_logprob = seg.logprobs.empty() ? 0.0 : sum / static_cast<double>(seg.logprobs.size());
            seg.temperature = best_t;
            seg.no_speech_prob = best.no_speech_prob;
            out.text += seg.text;
            total_logprob += sum;
            total_tokens += seg.tokens.size();
            out.segments.push_back(std::move(seg));
        }
        history.insert(history.end(), best.tokens.begin(), best.tokens.begin() + static_cast<std::ptrdiff_t>(cut.kept));
        const int advance = std::min(window, static_cast<int>(std::lround(cut.advance_s / frame_s)));
        seek += advance > 0 ? advance : window;
    }
    out.confidence = total_tokens ? std::exp(total_logprob / static_cast<double>(total_tokens)) : 0.0;
    return out;
}

}  // namespace os1::engine

// The Whisper backend of voice::Recognizer: 16-bit samples to floats, the
// engine's whisper_transcribe in timestamps mode (30 s windows, the
// previous text as prompt, temperature fallback), its segments' words with
// their times and confidences as a Transcript.
#include "voice/asr_whisper.h"

#include <algorithm>
#include <array>
#include <cstdlib>
#include <string_view>

#include "core/paths.h"
#include "engine/whisper.h"
#include "models/whisper_models.h"

namespace os1::voice {

namespace fs = std::filesystem;

namespace {

class WhisperRecognizer final : public Recognizer {
public:
    WhisperRecognizer(std::shared_ptr<const engine::WhisperModel> model, std::unique_ptr<engine::WhisperState> state,
                      const WhisperAsrOptions& options, int language)
        : m_model(std::move(model)), m_state(std::move(state)), m_options(options), m_language(language) {}

    std::string_view name() const override { return "whisper"; }

    Result<Transcript> recognize(const Pcm& audio) override {
        if (audio.rate != engine::WhisperModel::SAMPLE_RATE)
            return Error::invalid("Whisper hears 16000 samples per second, not ", audio.rate, " (resample first)");
        std::vector<float> pcm(audio.samples.size());
        std::transform(audio.samples.begin(), audio.samples.end(), pcm.begin(),
                       [](int16_t s) { return static_cast<float>(s) / 32768.0f; });
        engine::WhisperTranscribeOptions o;
        o.decode.no_timestamps = !m_options.timestamps;
        // A person says at most about 5 words (some 7 tokens) a second;
        // room for twice that and the timestamps, so a model caught in a
        // loop (Whisper's known failure on noise) stops early.
        const int by_length = 16 + static_cast<int>(12.0 * std::min(audio.seconds(), 30.0));
        o.decode.max_tokens = m_options.max_tokens > 0 ? m_options.max_tokens : by_length;
        if (m_options.greedy_only) o.temperatures = {0.0f};
        o.audio_ctx = m_options.audio_ctx < 0 ? engine::WHISPER_AUDIO_CTX_FIT : m_options.audio_ctx;
        o.decode.language = m_language;
        o.no_speech_threshold = m_options.no_speech_threshold;
        auto said = TRY(engine::whisper_transcribe(*m_state, pcm, o));
        Transcript out;
        out.audio_s = audio.seconds();
        out.no_speech_prob = said.no_speech_prob;
        out.language = said.language;
        out.language_prob = said.language_prob;
        double sum = 0;
        for (const auto& seg : said.segments)
            for (const auto& w : seg.words) {
                if (!out.text.empty()) out.text += ' ';
                out.text += w.text;
                sum += w.confidence;
                out.words.push_back({w.text, w.start_s, w.end_s, w.confidence});
            }
        if (!out.words.empty()) out.confidence = sum / static_cast<double>(out.words.size());
        return out;
    }

private:
    std::shared_ptr<const engine::WhisperModel> m_model;  // outlives the state
    std::unique_ptr<engine::WhisperState> m_state;
    WhisperAsrOptions m_options;
    int m_language = 0;  // engine::WhisperDecodeOptions::language
};

// The engine's language for a code, checked against the model.
Result<int> language_for(const engine::WhisperModel& model, const std::string& code) {
    if (code.empty() || code == "auto") return engine::WHISPER_LANGUAGE_AUTO;
    const int index = engine::whisper_language_index(code);
    if (index < 0 || (model.tokens().multilingual && index >= model.tokens().n_languages))
        return Error::invalid("Whisper knows no language '", code, "' (codes such as en, de, fr, es, zh, or auto)");
    if (!model.tokens().multilingual && index != 0)
        return Error::invalid("this Whisper model is English-only (*.en): it cannot listen for '", code,
                              "'; install a multilingual one ('os1 pull whisper-base') or use --language en");
    return index;
}

// The preference among installed models: a better recogniser first, as
// long as it is fast enough to talk with on a laptop.
constexpr std::array<std::string_view, 6> PREFERRED = {"ggml-base.en.bin",  "ggml-base.bin", "ggml-small.en.bin",
                                                       "ggml-small.bin",    "ggml-tiny.en.bin", "ggml-tiny.bin"};

}  // namespace

Result<std::shared_ptr<const engine::WhisperModel>> load_whisper_model(const fs::path& file, int threads) {
    std::error_code ec;
    if (!fs::is_regular_file(file, ec)) return Error::not_found("Whisper model '", file.string(), "' is not a file");
    auto model = engine::WhisperModel::load(file, {.n_threads = threads});
    if (!model) return Error::invalid("'", file.string(), "' is not a usable Whisper model: ", model.error().message);
    return std::shared_ptr<const engine::WhisperModel>(std::move(*model));
}

Result<std::unique_ptr<Recognizer>> make_whisper(std::shared_ptr<const engine::WhisperModel> model,
                                                 const WhisperAsrOptions& options) {
    if (!model) return Error::invalid("no Whisper model");
    const int language = TRY(language_for(*model, options.language));
    const int full = model->hparams().n_audio_ctx;
    if (options.audio_ctx < -1 || options.audio_ctx > full)
        return Error::invalid("audio_ctx ", options.audio_ctx, " is outside -1..", full,
                              " (0: the full 30 s window; -1: sized to each utterance)");
    auto state = TRY(model->new_state(options.threads));
    return std::unique_ptr<Recognizer>(
        std::make_unique<WhisperRecognizer>(std::move(model), std::move(state), options, language));
}

Result<std::unique_ptr<Recognizer>> make_whisper(const WhisperAsrOptions& options) {
    auto model = TRY(load_whisper_model(options.model, options.threads));
    return make_whisper(std::move(model), options);
}

Result<fs::path> find_whisper_model(const fs::path& models_dir) {
    if (const char* env = std::getenv("OS1_WHISPER_MODEL"); env && *env) {
        std::error_code ec;
        if (!fs::is_regular_file(env, ec)) return Error::not_found("OS1_WHISPER_MODEL names '", env, "', which is not a file");
        return fs::path(env);
    }
    fs::path dir = models_dir;
    if (dir.empty()) dir = TRY(Paths::resolve()).models_dir;
    auto installed = models::installed_whisper_models(dir);
    for (std::string_view name : PREFERRED)
        for (const auto& p : installed)
            if (p.filename() == name) return p;
    if (!installed.empty()) return installed.front();
    return Error::not_found("no Whisper model in ", dir.string(),
                            " ('os1 pull whisper-base.en' downloads one; 'os1 pull FILE.bin' installs one you have)");
}

}  // namespace os1::voice

// The pocketsphinx recogniser. Each utterance is given to the decoder whole
// (full_utt), so cepstral mean normalisation is computed over the utterance
// itself rather than estimated as it goes; then the word segmentation and
// the lattice posteriors give times and confidences.
#include "voice/asr_pocketsphinx.h"

#include <pocketsphinx.h>
#include <sphinxbase/err.h>
#include <sphinxbase/logmath.h>

#include <algorithm>
#include <cmath>
#include <cstdarg>
#include <cstdio>
#include <cstdlib>
#include <mutex>

namespace os1::voice {

const std::vector<std::pair<std::string, std::string>> POCKETSPHINX_TUNED = {};

namespace {

// pocketsphinx logs everything to stderr; keep only its last error line,
// for our own error messages.
std::mutex g_log_mutex;
std::string g_last_error;  // guarded by g_log_mutex

void on_log(void*, err_lvl_t level, const char* format, ...) {
    if (level < ERR_ERROR) return;
    char line[512];
    va_list args;
    va_start(args, format);
    std::vsnprintf(line, sizeof line, format, args);
    va_end(args);
    std::lock_guard lock(g_log_mutex);
    g_last_error = line;
    while (!g_last_error.empty() && (g_last_error.back() == '\n' || g_last_error.back() == ' ')) g_last_error.pop_back();
}

std::string take_last_error() {
    std::lock_guard lock(g_log_mutex);
    return std::exchange(g_last_error, {});
}

class Pocketsphinx final : public Recognizer {
public:
    Pocketsphinx(ps_decoder_t* decoder, cmd_ln_t* config) : m_decoder(decoder), m_config(config) {}
    ~Pocketsphinx() override {
        ps_free(m_decoder);
        cmd_ln_free_r(m_config);
    }
    std::string_view name() const override { return "pocketsphinx"; }
    Result<Transcript> recognize(const Pcm& audio) override;

private:
    ps_decoder_t* m_decoder;
    cmd_ln_t* m_config;
};

Result<Transcript> Pocketsphinx::recognize(const Pcm& audio) {
    if (audio.rate != 16000)
        return Error::invalid("pocketsphinx recognises 16 kHz audio, not ", audio.rate, " Hz (resample first)");
    Transcript t;
    t.audio_s = audio.seconds();
    // Under a tenth of a second there is nothing to recognise (and the
    // decoder's feature window needs a few frames).
    if (audio.samples.size() < 1600) return t;
    if (ps_start_utt(m_decoder) < 0) return Error::internal("pocketsphinx could not start an utterance: ", take_last_error());
    int processed = ps_process_raw(m_decoder, audio.samples.data(), audio.samples.size(), FALSE, TRUE);
    if (processed < 0) {
        ps_end_utt(m_decoder);
        return Error::internal("pocketsphinx could not decode the audio: ", take_last_error());
    }
    if (ps_end_utt(m_decoder) < 0) return Error::internal("pocketsphinx could not end the utterance: ", take_last_error());

    int32 score = 0;
    const char* hyp = ps_get_hyp(m_decoder, &score);
    if (!hyp || !*hyp) return t;
    logmath_t* lmath = ps_get_logmath(m_decoder);
    t.confidence = std::clamp(logmath_exp(lmath, ps_get_prob(m_decoder)), 0.0, 1.0);
    const int frame_rate = cmd_ln_int32_r(m_config, "-frate");
    for (ps_seg_t* seg = ps_seg_iter(m_decoder); seg; seg = ps_seg_next(seg)) {
        std::string word = clean_pocketsphinx_word(ps_seg_word(seg));
        if (word.empty()) continue;
        int sf = 0, ef = 0;
        ps_seg_frames(seg, &sf, &ef);
        int32 ascr = 0, lscr = 0, lback = 0;
        double posterior = logmath_exp(lmath, ps_seg_prob(seg, &ascr, &lscr, &lback));
        Word w;
        w.text = std::move(word);
        w.start_s = static_cast<double>(sf) / frame_rate;
        w.end_s = static_cast<double>(ef + 1) / frame_rate;
        w.confidence = std::clamp(posterior, 0.0, 1.0);
        if (!t.text.empty()) t.text += ' ';
        t.text += w.text;
        t.words.push_back(std::move(w));
    }
    if (t.words.empty()) t.confidence = 0;
    return t;
}

bool model_complete(const std::filesystem::path& dir) {
    std::error_code ec;
    return std::filesystem::is_directory(dir / "en-us", ec) && std::filesystem::exists(dir / "en-us.lm.bin", ec) &&
           std::filesystem::exists(dir / "cmudict-en-us.dict", ec);
}

}  // namespace

std::string clean_pocketsphinx_word(std::string_view word) {
    if (word.empty() || word.front() == '<' || word.front() == '[' || word.starts_with("++")) return {};
    // Alternate pronunciations are "word(2)".
    if (auto paren = word.find('('); paren != std::string_view::npos && paren > 0 && word.back() == ')')
        word = word.substr(0, paren);
    return std::string(word);
}

Result<std::filesystem::path> find_pocketsphinx_model(const std::filesystem::path& hint) {
    std::vector<std::filesystem::path> places;
    if (!hint.empty()) places.push_back(hint);
    else {
        if (const char* env = std::getenv("OS1_POCKETSPHINX_MODEL"); env && *env) places.emplace_back(env);
        places.emplace_back("/usr/share/pocketsphinx/model/en-us");
        places.emplace_back("/usr/local/share/pocketsphinx/model/en-us");
    }
    for (const auto& p : places)
        if (model_complete(p)) return p;
    return Error::not_found("the pocketsphinx English model was not found (looked in ", places.front().string(),
                            "): install the Debian package pocketsphinx-en-us (sudo apt-get install pocketsphinx-en-us)",
                            hint.empty() ? "" : ", or give a folder holding en-us/, en-us.lm.bin and cmudict-en-us.dict");
}

Result<std::unique_ptr<Recognizer>> make_pocketsphinx(const PocketsphinxOptions& options) {
    auto dir = TRY(find_pocketsphinx_model(options.model_dir));
    {
        static std::once_flag quiet;
        std::call_once(quiet, [] {
            err_set_logfp(nullptr);  // its configuration dump, written straight to the log file
            err_set_callback(on_log, nullptr);
        });
    }
    std::vector<std::string> args = {
        "-hmm", (dir / "en-us").string(), "-lm", (dir / "en-us.lm.bin").string(),
        "-dict", (dir / "cmudict-en-us.dict").string(),
    };
    if (options.tuned)
        for (const auto& [k, v] : POCKETSPHINX_TUNED) args.insert(args.end(), {k, v});
    for (const auto& [k, v] : options.flags) args.insert(args.end(), {k, v});
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    cmd_ln_t* config = cmd_ln_parse_r(nullptr, ps_args(), static_cast<int32>(argv.size()), argv.data(), TRUE);
    if (!config) return Error::invalid("pocketsphinx refused its settings: ", take_last_error());
    ps_decoder_t* decoder = ps_init(config);
    if (!decoder) {
        cmd_ln_free_r(config);
        return Error::corrupt("pocketsphinx could not load its model from ", dir.string(), ": ", take_last_error(),
                              " (reinstall the Debian package pocketsphinx-en-us)");
    }
    return std::unique_ptr<Recognizer>(std::make_unique<Pocketsphinx>(decoder, config));
}

}  // namespace os1::voice

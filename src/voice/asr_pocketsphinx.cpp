// The pocketsphinx recogniser. Each utterance is given to the decoder whole
// (full_utt), so cepstral mean normalisation is computed over the utterance
// itself rather than estimated as it goes; then the word segmentation and
// the lattice posteriors give times and confidences.
#include "voice/asr_pocketsphinx.h"

#include <pocketsphinx.h>
#include <sphinxbase/ckd_alloc.h>
#include <sphinxbase/cmn.h>
#include <sphinxbase/err.h>
#include <sphinxbase/fe.h>
#include <sphinxbase/feat.h>
#include <sphinxbase/logmath.h>

#include <algorithm>
#include <cmath>
#include <cstdarg>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <utility>
#include <vector>

namespace os1::voice {

const std::vector<std::pair<std::string, std::string>> POCKETSPHINX_TUNED = {};
const std::vector<std::pair<std::string, std::string>> POCKETSPHINX_LIVE = {{"-fwdflat", "no"}, {"-maxhmmpf", "10000"}};

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

// Under a tenth of a second there is nothing to recognise (and the
// decoder's feature window needs a few frames).
constexpr size_t MIN_SAMPLES = 1600;
// A quiet stream's level, as transcribe.cpp brings up a quiet utterance.
constexpr double TARGET_PEAK = 0.7 * 32767;
constexpr double MAX_GAIN = 16;

class Pocketsphinx final : public Recognizer {
public:
    Pocketsphinx(ps_decoder_t* decoder, cmd_ln_t* config, double prime_s)
        : m_decoder(decoder), m_config(config), m_prime(static_cast<size_t>(std::max(0.0, prime_s) * 16000)) {}
    ~Pocketsphinx() override {
        if (m_streaming) ps_end_utt(m_decoder);
        if (m_fe) fe_free(m_fe);
        ps_free(m_decoder);
        cmd_ln_free_r(m_config);
    }
    std::string_view name() const override { return "pocketsphinx"; }
    Result<Transcript> recognize(const Pcm& audio) override;

    bool streams() const override { return true; }
    Result<void> begin_stream() override;
    Result<void> feed_stream(std::span<const int16_t> samples) override;
    Result<Transcript> finish_stream() override;
    void cancel_stream() override;

private:
    // The decoder's result for the utterance just ended.
    Transcript hypothesis(double audio_s);
    // The stream's first samples: their cepstral mean becomes the
    // decoder's, then they are searched.
    Result<void> prime();

    ps_decoder_t* m_decoder;
    cmd_ln_t* m_config;
    size_t m_prime;                // samples that set a stream's cepstral mean (0: none)
    fe_t* m_fe = nullptr;          // a front end of our own for that (made on first use)
    bool m_streaming = false;
    bool m_primed = false;
    std::vector<int16_t> m_held;   // the stream's first samples, until primed
    double m_gain = 1.0;           // the stream's level (a quiet voice brought up)
    void amplify(std::vector<int16_t>& samples) const {
        if (m_gain == 1.0) return;
        for (auto& v : samples) v = static_cast<int16_t>(std::clamp(std::lround(v * m_gain), -32768L, 32767L));
    }
    size_t m_streamed = 0;         // samples fed to this stream
};



Result<Transcript> Pocketsphinx::recognize(const Pcm& audio) {
    if (audio.rate != 16000)
        return Error::invalid("pocketsphinx recognises 16 kHz audio, not ", audio.rate, " Hz (resample first)");
    if (m_streaming) return Error::internal("pocketsphinx is hearing a stream (finish or cancel it first)");
    Transcript t;
    t.audio_s = audio.seconds();
    if (audio.samples.size() < MIN_SAMPLES) return t;
    if (ps_start_utt(m_decoder) < 0) return Error::internal("pocketsphinx could not start an utterance: ", take_last_error());
    int processed = ps_process_raw(m_decoder, audio.samples.data(), audio.samples.size(), FALSE, TRUE);
    if (processed < 0) {
        ps_end_utt(m_decoder);
        return Error::internal("pocketsphinx could not decode the audio: ", take_last_error());
    }
    if (ps_end_utt(m_decoder) < 0) return Error::internal("pocketsphinx could not end the utterance: ", take_last_error());
    return hypothesis(t.audio_s);
}

// Streaming: each piece is searched as it comes (full_utt false), so the
// cepstral mean is the decoder's running estimate (pocketsphinx's live
// CMN, carried from one utterance to the next) instead of the utterance's
// own; at the end only the last frames and the lattice remain.
// The live mean would otherwise start from the utterances before (another
// speaker, another room: on the kit's clips that cost a third more errors),
// so each stream's first `m_prime` samples set it: the mean of their
// cepstra, computed by a front end of our own with the decoder's settings
// (its silence removal too), as pocketsphinx's whole-utterance
// normalisation would over them. The search waits for them (0.8 s: about
// 0.25 s of CPU to catch up), then keeps pace.
Result<void> Pocketsphinx::prime() {
    m_primed = true;
    // A quiet voice is brought up as a whole utterance is (transcribe.cpp):
    // the gain its first part calls for, kept for the rest.
    int peak = 0;
    for (int16_t v : m_held) peak = std::max(peak, std::abs(static_cast<int>(v)));
    m_gain = peak > 0 && peak < TARGET_PEAK / 2 ? std::min(MAX_GAIN, TARGET_PEAK / peak) : 1.0;
    amplify(m_held);
    if (!m_fe) {
        m_fe = fe_init_auto_r(cmd_ln_retain(m_config));
        if (!m_fe) return Error::internal("pocketsphinx's front end could not start: ", take_last_error());
    }
    const int n_cep = fe_get_output_size(m_fe);
    int shift = 0, size = 0;
    fe_get_input_size(m_fe, &shift, &size);
    const int32 room = static_cast<int32>(m_held.size() / static_cast<size_t>(std::max(1, shift))) + 4;
    mfcc_t** cep = static_cast<mfcc_t**>(ckd_calloc_2d(static_cast<size_t>(room), static_cast<size_t>(n_cep), sizeof(mfcc_t)));
    fe_start_utt(m_fe);
    const int16* in = m_held.data();
    size_t left = m_held.size();
    int32 frames = room, first = 0;
    fe_process_frames(m_fe, &in, &left, cep, &frames, &first);
    int32 last = 0;
    fe_end_utt(m_fe, frames < room ? cep[frames] : nullptr, &last);
    frames += frames < room ? last : 0;
    if (frames > 0) {
        std::vector<mfcc_t> mean(static_cast<size_t>(n_cep), 0);
        for (int32 f = 0; f < frames; ++f)
            for (int k = 0; k < n_cep; ++k) mean[static_cast<size_t>(k)] += cep[f][k];
        for (auto& m : mean) m /= static_cast<mfcc_t>(frames);
        // The mean to start from, and no weight from before: as the search
        // goes on, follow() makes it the mean of all this stream's frames.
        cmn_t* cmn = ps_get_feat(m_decoder)->cmn_struct;
        cmn_live_set(cmn, mean.data());
        for (int k = 0; k < cmn->veclen; ++k) cmn->sum[k] = 0;
        cmn->nframe = 0;
    }
    ckd_free_2d(cep);
    std::vector<int16_t> held = std::exchange(m_held, {});
    if (!held.empty() && ps_process_raw(m_decoder, held.data(), held.size(), FALSE, FALSE) < 0)
        return Error::internal("pocketsphinx could not decode the audio: ", take_last_error());
    return {};
}

Result<void> Pocketsphinx::begin_stream() {
    if (m_streaming) ps_end_utt(m_decoder);
    m_streaming = false;
    m_streamed = 0;
    m_held.clear();
    m_gain = 1.0;
    m_primed = m_prime == 0;
    // A stream of its own: frame numbers (word times) count from here, and
    // the front end's noise estimate starts from this stream's lead-in.
    ps_start_stream(m_decoder);
    if (ps_start_utt(m_decoder) < 0) return Error::internal("pocketsphinx could not start an utterance: ", take_last_error());
    m_streaming = true;
    return {};
}

Result<void> Pocketsphinx::feed_stream(std::span<const int16_t> samples) {
    if (!m_streaming) return Error::internal("pocketsphinx was fed audio outside a stream (begin_stream first)");
    if (samples.empty()) return {};
    m_streamed += samples.size();
    if (!m_primed) {
        m_held.insert(m_held.end(), samples.begin(), samples.end());
        if (m_held.size() >= m_prime) return prime();
        return {};
    }
    if (m_gain != 1.0) {
        std::vector<int16_t> louder(samples.begin(), samples.end());
        amplify(louder);
        if (ps_process_raw(m_decoder, louder.data(), louder.size(), FALSE, FALSE) < 0)
            return Error::internal("pocketsphinx could not decode the audio: ", take_last_error());
    } else if (ps_process_raw(m_decoder, samples.data(), samples.size(), FALSE, FALSE) < 0) {
        return Error::internal("pocketsphinx could not decode the audio: ", take_last_error());
    }
    // The mean follows the stream: every frame searched from now on is
    // normalised by the mean of all the stream's frames so far.
    if (m_prime > 0) {
        cmn_t* cmn = ps_get_feat(m_decoder)->cmn_struct;
        if (cmn->nframe > 0) cmn_live_update(cmn);
    }
    return {};
}

Result<Transcript> Pocketsphinx::finish_stream() {
    if (!m_streaming) return Error::internal("pocketsphinx has no stream to finish (begin_stream first)");
    if (!m_primed && m_streamed >= MIN_SAMPLES) {
        if (auto primed = prime(); !primed) {
            ps_end_utt(m_decoder);
            m_streaming = false;
            return primed.release_error();
        }
    }
    m_held.clear();
    m_streaming = false;
    const double audio_s = static_cast<double>(m_streamed) / 16000;
    if (ps_end_utt(m_decoder) < 0) return Error::internal("pocketsphinx could not end the utterance: ", take_last_error());
    if (m_streamed < MIN_SAMPLES) {
        Transcript t;
        t.audio_s = audio_s;
        return t;
    }
    return hypothesis(audio_s);
}

void Pocketsphinx::cancel_stream() {
    if (m_streaming) ps_end_utt(m_decoder);
    m_streaming = false;
    m_held.clear();
}

Transcript Pocketsphinx::hypothesis(double audio_s) {
    Transcript t;
    t.audio_s = audio_s;
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
    return std::unique_ptr<Recognizer>(std::make_unique<Pocketsphinx>(decoder, config, options.stream_prime_s));
}

}  // namespace os1::voice

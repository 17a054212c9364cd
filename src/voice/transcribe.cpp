// Recording -> 16 kHz -> utterances (VAD) -> level -> recogniser -> one
// transcript. Why each step: pocketsphinx's model was trained on 16 kHz
// speech; decoding utterance by utterance keeps its normalisation per
// utterance and stops silence and noise between them from becoming words;
// a very quiet recording is brought up so the decoder's own silence gate
// does not swallow it.
#include "voice/transcribe.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <thread>
#include <utility>

#include "core/json.h"
#include "voice/asr_pocketsphinx.h"
#include "voice/asr_whisper.h"
#include "voice/vad.h"

namespace os1::voice {
namespace {

constexpr int RATE = 16000;
constexpr int64_t PAD_BEFORE = RATE / 5;  // 200 ms of lead-in the decoder can call silence
constexpr int64_t PAD_AFTER = RATE / 4;   // 250 ms: the last word's release
constexpr double TARGET_PEAK = 0.7 * 32767;
constexpr double MAX_GAIN = 16;           // +24 dB at most: past that it is noise

// Utterances with their padding, overlapping ones merged.
std::vector<Segment> padded_segments(const Pcm& pcm) {
    const auto n = static_cast<int64_t>(pcm.samples.size());
    std::vector<Segment> out;
    for (auto s : find_speech(pcm)) {
        Segment p{std::max<int64_t>(0, s.begin - PAD_BEFORE), std::min(n, s.end + PAD_AFTER)};
        if (!out.empty() && p.begin <= out.back().end) out.back().end = std::max(out.back().end, p.end);
        else out.push_back(p);
    }
    return out;
}

Pcm slice(const Pcm& pcm, Segment s, bool normalise) {
    Pcm out;
    out.rate = pcm.rate;
    out.samples.assign(pcm.samples.begin() + s.begin, pcm.samples.begin() + s.end);
    if (!normalise || out.samples.empty()) return out;
    int peak = 0;
    for (int16_t v : out.samples) peak = std::max(peak, std::abs(static_cast<int>(v)));
    if (peak == 0 || peak >= TARGET_PEAK / 2) return out;  // loud enough already
    const double gain = std::min(MAX_GAIN, TARGET_PEAK / peak);
    for (auto& v : out.samples) v = static_cast<int16_t>(std::clamp(std::lround(v * gain), -32768L, 32767L));
    return out;
}

}  // namespace

Transcriber::~Transcriber() = default;

Result<AsrChoice> choose_asr(const std::string& asr, const std::filesystem::path& whisper_model) {
    if (asr == "pocketsphinx") return AsrChoice{"pocketsphinx", {}, "asked for"};
    if (asr == "whisper") {
        if (!whisper_model.empty()) return AsrChoice{"whisper", whisper_model, "asked for"};
        return AsrChoice{"whisper", TRY(find_whisper_model()), "asked for"};
    }
    if (asr != "auto" && !asr.empty())
        return Error::invalid("unknown recogniser '", asr, "' (available: whisper, pocketsphinx, auto)");
    if (!whisper_model.empty()) return AsrChoice{"whisper", whisper_model, "the Whisper model given"};
    auto found = find_whisper_model();
    if (found) return AsrChoice{"whisper", *found, "a Whisper model is installed"};
    return AsrChoice{"pocketsphinx", {}, found.error().message};
}

Result<std::unique_ptr<Transcriber>> Transcriber::make(const TranscribeOptions& options) {
    if (options.threads < 1 || options.threads > 8)
        return Error::invalid("threads must be 1..8, not ", options.threads);
    std::unique_ptr<Transcriber> t(new Transcriber());
    t->m_options = options;
    t->m_choice = TRY(choose_asr(options.asr, options.whisper_model));
    if (t->m_choice.name == "whisper") {
        // One recogniser: the engine spreads each utterance over the threads.
        WhisperAsrOptions w;
        w.model = t->m_choice.model;
        w.threads = options.threads;
        w.audio_ctx = options.whisper_audio_ctx;
        w.language = options.whisper_language;
        t->m_recognizers.push_back(TRY(make_whisper(w)));
        return t;
    }
    PocketsphinxOptions ps{options.model_dir, options.asr_flags, options.tuned, options.stream_prime_s};
    for (int i = 0; i < options.threads; ++i) t->m_recognizers.push_back(TRY(make_pocketsphinx(ps)));
    return t;
}

Result<Transcript> Transcriber::run(const Pcm& audio) {
    if (audio.rate <= 0) return Error::invalid("audio at ", audio.rate, " samples per second");
    const Pcm pcm = resample(audio, RATE);
    std::vector<Segment> segments;
    if (!m_options.segment) segments.push_back({0, static_cast<int64_t>(pcm.samples.size())});
    else segments = padded_segments(pcm);

    std::vector<Result<Transcript>> parts(segments.size(), Error::internal("not decoded"));
    std::atomic<size_t> next{0};
    auto work = [&](Recognizer& asr) {
        for (size_t i; (i = next++) < segments.size();) parts[i] = asr.recognize(slice(pcm, segments[i], m_options.normalise));
    };
    const size_t n_threads = std::min(m_recognizers.size(), segments.size());
    if (n_threads <= 1) {
        if (!segments.empty()) work(*m_recognizers[0]);
    } else {
        std::vector<std::thread> pool;
        for (size_t k = 0; k < n_threads; ++k) pool.emplace_back(work, std::ref(*m_recognizers[k]));
        for (auto& th : pool) th.join();
    }

    Transcript out;
    out.audio_s = audio.seconds();
    double confidence_sum = 0;
    // Whisper's extras: the no-speech probability of the most speech-like
    // utterance; the language heard longest, with its mean probability.
    std::vector<std::pair<std::string, std::pair<double, double>>> heard;  // language -> (seconds, seconds x prob)
    for (size_t i = 0; i < parts.size(); ++i) {
        if (!parts[i].ok()) return parts[i].release_error();
        const Transcript& p = *parts[i];
        if (p.no_speech_prob >= 0)
            out.no_speech_prob = out.no_speech_prob < 0 ? p.no_speech_prob : std::min(out.no_speech_prob, p.no_speech_prob);
        if (!p.language.empty()) {
            auto it = std::find_if(heard.begin(), heard.end(), [&](const auto& h) { return h.first == p.language; });
            if (it == heard.end()) {
                heard.emplace_back(p.language, std::make_pair(0.0, 0.0));
                it = heard.end() - 1;
            }
            it->second.first += p.audio_s;
            it->second.second += p.audio_s * p.language_prob;
        }
        const double offset = static_cast<double>(segments[i].begin) / RATE;
        for (auto w : parts[i]->words) {
            w.start_s += offset;
            w.end_s += offset;
            if (!out.text.empty()) out.text += ' ';
            out.text += w.text;
            confidence_sum += w.confidence;
            out.words.push_back(std::move(w));
        }
    }
    if (!out.words.empty()) out.confidence = confidence_sum / static_cast<double>(out.words.size());
    double longest = -1;
    for (const auto& [language, time] : heard)
        if (time.first > longest) {
            longest = time.first;
            out.language = language;
            // Detected: the mean probability over its utterances; given: -1.
            out.language_prob = time.first > 0 && time.second >= 0 ? time.second / time.first : -1;
        }
    return out;
}

bool Transcriber::streams() const { return m_recognizers.front()->streams(); }

Result<void> Transcriber::begin_stream() {
    m_stream = Pcm{};
    if (streams()) return m_recognizers.front()->begin_stream();
    return {};
}

Result<void> Transcriber::feed_stream(std::span<const int16_t> samples) {
    if (streams()) return m_recognizers.front()->feed_stream(samples);
    m_stream.samples.insert(m_stream.samples.end(), samples.begin(), samples.end());
    return {};
}

Result<Transcript> Transcriber::finish_stream() {
    if (streams()) {
        // The transcript's confidence as run() gives it: its words' mean.
        auto t = TRY(m_recognizers.front()->finish_stream());
        double sum = 0;
        for (const auto& w : t.words) sum += w.confidence;
        t.confidence = t.words.empty() ? 0.0 : sum / static_cast<double>(t.words.size());
        return t;
    }
    Pcm audio = std::exchange(m_stream, Pcm{});
    return run(audio);
}

void Transcriber::cancel_stream() {
    m_stream = Pcm{};
    if (streams()) m_recognizers.front()->cancel_stream();
}

Result<Transcript> transcribe_file(const std::filesystem::path& file, const TranscribeOptions& options) {
    auto audio = TRY(read_wav(file));
    auto transcriber = TRY(Transcriber::make(options));
    return transcriber->run(audio);
}

std::string transcript_json(const Transcript& t, const std::string& asr) {
    auto round3 = [](double v) { return std::round(v * 1000) / 1000; };
    Json words = Json::array();
    for (const auto& w : t.words)
        words.push_back({{"word", w.text}, {"start", round3(w.start_s)}, {"end", round3(w.end_s)},
                         {"confidence", round3(w.confidence)}});
    Json j = {{"text", t.text}, {"words", words}, {"confidence", round3(t.confidence)},
              {"duration", round3(t.audio_s)}};
    if (!asr.empty()) j["asr"] = asr;
    if (t.no_speech_prob >= 0) j["no_speech_prob"] = round3(t.no_speech_prob);
    if (!t.language.empty()) j["language"] = t.language;
    if (t.language_prob >= 0) j["language_prob"] = round3(t.language_prob);
    return dump_json(j);
}

}  // namespace os1::voice

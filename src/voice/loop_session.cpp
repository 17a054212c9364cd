// `os1 voice` (voice.h converse): her ears, her voice and the audio opened
// from the options, then the loop through the companion's front door.
#include "core/clock.h"
#include "core/log.h"
#include "voice/asr_pocketsphinx.h"
#include "voice/transcribe.h"
#include "voice/tts_select.h"
#include "voice/voice.h"

namespace os1::voice {

namespace {

// The recogniser of src/voice as `os1 transcribe` runs it (Whisper when a
// Whisper model is installed, else pocketsphinx with Debian's en-us model;
// each utterance brought to a working level).
class TranscriberRecognizer final : public Recognizer {
public:
    explicit TranscriberRecognizer(std::unique_ptr<Transcriber> t) : m_transcriber(std::move(t)) {}
    std::string_view name() const override { return m_transcriber->asr().name; }
    Result<Transcript> recognize(const Pcm& audio) override { return m_transcriber->run(audio); }
    bool streams() const override { return m_transcriber->streams(); }
    Result<void> begin_stream() override { return m_transcriber->begin_stream(); }
    Result<void> feed_stream(std::span<const int16_t> samples) override { return m_transcriber->feed_stream(samples); }
    Result<Transcript> finish_stream() override { return m_transcriber->finish_stream(); }
    void cancel_stream() override { m_transcriber->cancel_stream(); }

private:
    std::unique_ptr<Transcriber> m_transcriber;
};

}  // namespace

Result<std::unique_ptr<Recognizer>> open_recognizer(const std::string& asr, bool live) {
    TranscribeOptions options;
    options.asr = asr;
    options.whisper_audio_ctx = -1;  // Whisper's encoder sized to each utterance: a short reply comes sooner
    if (live) options.asr_flags = POCKETSPHINX_LIVE;  // pocketsphinx: little left to do at the end of speech
    auto transcriber = TRY(Transcriber::make(options));
    return std::unique_ptr<Recognizer>(std::make_unique<TranscriberRecognizer>(std::move(transcriber)));
}

Result<LoopReport> converse(companion::Home& home, const ConverseOptions& options,
                            const std::function<void(const LoopEvent&)>& on_event, const std::atomic<bool>* stop) {
    constexpr int RATE = 16000;
    Clock& clock = SystemClock::instance();
    std::unique_ptr<AudioIn> in;
    if (!options.in_file.empty()) in = TRY(WavFileIn::open(options.in_file, RATE, options.realtime ? &clock : nullptr));
    else in = TRY(open_alsa_in(options.device, RATE));
    std::unique_ptr<AudioOut> out;
    if (!options.out_file.empty()) out = std::make_unique<WavFileOut>(options.out_file, RATE);
    else out = TRY(open_alsa_out(options.device, RATE));

    const std::string voice_name = !options.voice.empty() ? options.voice : home.setup().persona.voice_name;
    auto voice = TRY(open_voice(voice_name));
    auto recognizer = TRY(open_recognizer(options.asr));
    auto detector = make_speech_detector(loop_vad_config());
    HomeTalker talker(home);

    // A file heard as fast as it can be read runs in lockstep on a clock of
    // its own (the stream's time: as if she thought instantly, 100 pieces
    // a second from the brain), so the recording is what a person would
    // have heard; --realtime and the microphone run on the real clock.
    LoopOptions loop_options = options.loop;
    FakeClock stream_clock;
    const bool lockstep = !options.in_file.empty() && !options.realtime;
    loop_options.simulate = lockstep ? &stream_clock : nullptr;
    loop_options.tokens_per_frame = 2;
    VoiceLoop loop({*in, *out, *detector, *recognizer, *voice, talker, lockstep ? stream_clock : clock}, loop_options);
    loop.on_event = on_event;
    auto report = loop.run(stop);
    auto closed = out->close();
    if (!report) return report;
    if (!closed) return closed.release_error();
    return report;
}

}  // namespace os1::voice

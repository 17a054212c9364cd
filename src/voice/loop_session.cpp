// `os1 voice` (voice.h converse): her ears, her voice and the audio opened
// from the options, then the loop through the companion's front door.
#include "core/clock.h"
#include "core/log.h"
#include "voice/tts_select.h"
#include "voice/voice.h"

namespace os1::voice {

namespace {

// The recogniser of src/voice (pocketsphinx with Debian's en-us model).
Result<std::unique_ptr<Recognizer>> open_recognizer() {
    return Error::unsupported("speech recognition is not part of this build yet");
}

}  // namespace

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
    auto recognizer = TRY(open_recognizer());
    auto detector = make_speech_detector(loop_vad_config());
    HomeTalker talker(home);

    LoopOptions loop_options = options.loop;
    loop_options.simulate = nullptr;
    VoiceLoop loop({*in, *out, *detector, *recognizer, *voice, talker, clock}, loop_options);
    loop.on_event = on_event;
    auto report = loop.run(stop);
    auto closed = out->close();
    if (!report) return report;
    if (!closed) return closed.release_error();
    return report;
}

}  // namespace os1::voice

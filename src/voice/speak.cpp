// `os1 speak` (voice.h): text to a WAV file with her voice.
#include <chrono>

#include "core/clock.h"
#include "voice/tts_select.h"
#include "voice/voice.h"

namespace os1::voice {

Result<SpeakOutcome> speak_to_wav(const SpeakRequest& request) {
    auto voice = TRY(open_voice(request.voice, request.rate));
    const auto t0 = std::chrono::steady_clock::now();
    Pcm pcm = TRY(voice->synthesize(request.text));
    SpeakOutcome out;
    out.synth_ms = ms_since(t0);
    if (pcm.samples.empty()) return Error::invalid("there is nothing to say in that text (no words)");
    // Half a second of silence around the words, as a recording has: a
    // listener (a voice-activity detector too) hears the first word whole.
    const size_t pad = static_cast<size_t>(pcm.rate / 2);
    pcm.samples.insert(pcm.samples.begin(), pad, int16_t{0});
    pcm.samples.insert(pcm.samples.end(), pad, int16_t{0});
    TRY(write_wav(request.file, pcm));
    out.voice = std::string(voice->name());
    out.seconds = pcm.seconds();
    out.sample_rate = pcm.rate;
    return out;
}

}  // namespace os1::voice

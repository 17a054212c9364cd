// Her voice, for front ends: the one header apps/os1 includes from
// src/voice (tests/cli Layering.* allow it beside companion/ and core/).
//
//   `os1 speak`:  auto out = TRY(voice::speak_to_wav({.text = "Hello.", .file = "hello.wav"}));
//   `os1 voice`:  auto report = TRY(voice::converse(*home, {.in_file = "q.wav", .out_file = "a.wav"}, on_event, &stop));
//
// The voice conversation itself is VoiceLoop (loop.h); its audio seam is
// audio_io.h, her voices tts_select.h. HomeTalker adapts the companion's
// front door (Home::say) to the loop; CompanionTalker a bare Companion
// (tests, benchmarks).
#pragma once

#include <atomic>
#include <filesystem>
#include <functional>
#include <string>

#include "companion/home.h"
#include "core/result.h"
#include "voice/audio.h"
#include "voice/loop.h"

namespace os1::voice {

class HomeTalker final : public Talker {
public:
    explicit HomeTalker(companion::Home& home) : m_home(home) {}
    Result<companion::TurnResult> talk(std::string_view text, const brain::TokenCallback& on_token,
                                       const brain::CancelFlag* cancel, const companion::SpokenTurn& spoken) override;
    std::string companion_name() const override;

private:
    companion::Home& m_home;
};

class CompanionTalker final : public Talker {
public:
    explicit CompanionTalker(companion::Companion& companion) : m_companion(companion) {}
    Result<companion::TurnResult> talk(std::string_view text, const brain::TokenCallback& on_token,
                                       const brain::CancelFlag* cancel, const companion::SpokenTurn& spoken) override;
    std::string companion_name() const override;

private:
    companion::Companion& m_companion;
};

// ---- os1 speak -------------------------------------------------------------
struct SpeakRequest {
    std::string text;
    std::filesystem::path file;  // the WAV to write
    std::string voice;           // "" = the default (tts_select.h)
    double rate = 1.0;           // speaking speed
};
struct SpeakOutcome {
    std::string voice;           // the voice that spoke ("flite:slt")
    double seconds = 0;
    int sample_rate = 0;
    double synth_ms = 0;         // time to synthesise
};
// Errors: an unknown voice (names the ones there are), text too long,
// nothing to say (Error::invalid), the file not writable.
Result<SpeakOutcome> speak_to_wav(const SpeakRequest& request);

// ---- os1 voice -------------------------------------------------------------
// Her ears: the recogniser `os1 transcribe` uses by default (Whisper when a
// Whisper model is installed, else pocketsphinx with Debian's en-us model;
// Error::not_found naming the package when that is missing too).
// `asr`: "auto" (that choice), "whisper" or "pocketsphinx" (transcribe.h choose_asr).
// `live`: pocketsphinx with the conversation's settings (POCKETSPHINX_LIVE,
// asr_pocketsphinx.h: little left to do at the end of speech); false:
// `os1 transcribe`'s (for comparing).
Result<std::unique_ptr<Recognizer>> open_recognizer(const std::string& asr = "auto", bool live = true);

struct ConverseOptions {
    std::filesystem::path in_file;   // "" = the microphone
    std::filesystem::path out_file;  // "" = the speaker
    std::string device = "default";  // ALSA device for what is not a file
    std::string voice;               // "" = the persona's, else the default
    std::string asr = "auto";        // her ears: auto (Whisper when installed), whisper, pocketsphinx
    // Pace --in at real time (latencies as a microphone would give them);
    // otherwise a file runs in lockstep (loop.h) on the stream's own time.
    bool realtime = false;
    LoopOptions loop;                // wake phrase, confidence, barge-in
};
// Opens her ears (the VAD and the recogniser), her voice and the audio
// (files or ALSA) and runs the conversation through `home` (awake, the
// conversation started) until the input ends or `stop` is set. Error::not_found
// naming --in/--out when there is no sound card.
Result<LoopReport> converse(companion::Home& home, const ConverseOptions& options,
                            const std::function<void(const LoopEvent&)>& on_event, const std::atomic<bool>* stop);

}  // namespace os1::voice

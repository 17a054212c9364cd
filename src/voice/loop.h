// The voice conversation (issue 16): microphone → voice-activity detector →
// recogniser → the companion's turn (streamed) → her voice, sentence by
// sentence → speaker; and barge-in: when the person starts speaking while
// she talks, playback stops within a frame and the generation is cancelled,
// and what she had already said is what is stored as said.
//
//   VoiceLoop loop({.in = mic, .out = speaker, .detector = vad, .recognizer = asr,
//                   .voice = voice, .talker = talker, .clock = SystemClock::instance()}, {});
//   auto report = TRY(loop.run(&stop));      // until the input ends or `stop`
//
// Threads: run() is the loop: one frame (20 ms) in, one frame out, per
// tick, so the recording of a file sink lines up sample for sample with
// the input. Each utterance is answered on a worker thread (recognise,
// the turn through Talker, each sentence synthesised as soon as it is
// complete and queued to play); the loop plays what is queued.
//
// Deterministic tests: with `LoopOptions::simulate` (a FakeClock) the loop
// advances that clock one frame per tick and runs the worker in lockstep:
// the brain may emit `tokens_per_frame` pieces per tick and the loop waits
// for the worker to settle before it plays the tick's frame, so a run on
// WAV files gives the same recording, events and timings every time.
//
// Not thread-safe: one run() at a time; `stop` may be set from a signal handler.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <future>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "brain/brain.h"
#include "companion/companion.h"
#include "core/clock.h"
#include "core/result.h"
#include "voice/audio.h"
#include "voice/audio_io.h"
#include "voice/vad.h"

namespace os1::voice {

// An utterance the detector found, in the stream's time (seconds from the
// first frame of the input).
struct Utterance {
    Pcm audio;           // 16 kHz mono, the speech (with a little lead-in)
    double start_s = 0;  // speech began
    double end_s = 0;    // speech ended (before the silence that confirmed it)
    // The recogniser heard it while it was spoken (the detector's stream,
    // below); the loop then fills `heard`, the transcript to come.
    bool streamed = false;
    std::shared_future<Result<Transcript>> heard;
};

// What the loop needs of a voice-activity detector (loop_vad.cpp adapts
// the VAD of vad.h). Fed consecutive 16 kHz frames.
class SpeechDetector {
public:
    struct Step {
        bool onset = false;                  // speech started in this frame (barge-in)
        std::optional<Utterance> utterance;  // an utterance ended and is complete
        // The stream the recogniser hears while the person speaks, applied
        // in this order: `drop` the one in progress (it was not speech),
        // `begin` one, give it `audio` (what it has not had yet, from its
        // lead-in on), and an `utterance` with `streamed` set ends it.
        bool drop = false;
        bool begin = false;
        std::vector<int16_t> audio;
    };
    virtual ~SpeechDetector() = default;
    virtual Step push(std::span<const int16_t> frame) = 0;
    // The input ended: the utterance in progress, if any.
    virtual Step finish() = 0;
    virtual bool in_speech() const = 0;
    // What she plays in this tick (the output frame, at 16 kHz), after the
    // input frame it follows: her own voice coming back from a loudspeaker
    // is not taken for the person's (echo, loop_vad.cpp).
    virtual void playing(std::span<const int16_t> frame) { (void)frame; }
};

// The VAD of vad.h as the loop's detector, streaming each utterance to the
// recogniser from its onset. The loop's default ends an utterance after
// 300 ms of quiet (loop_vad_config), sooner than the VAD's own default, for
// a quicker reply: on the kit's 16 one-sentence clips 300 ms cuts no more
// sentences in two than 350 ms did (2), 250 ms cuts 3, 200 ms 6
// (BENCHMARKS.md, "Her reply sooner").
std::unique_ptr<SpeechDetector> make_speech_detector(const VadConfig& config);
inline VadConfig loop_vad_config() {
    VadConfig c;
    c.hangover_frames = 30;
    return c;
}

// The companion's side of a spoken turn: Home::say (HomeTalker) or a
// Companion (tests and benchmarks).
class Talker {
public:
    virtual ~Talker() = default;
    virtual Result<companion::TurnResult> talk(std::string_view text, const brain::TokenCallback& on_token,
                                               const brain::CancelFlag* cancel, const companion::SpokenTurn& spoken) = 0;
    virtual std::string companion_name() const = 0;  // for the wake phrase
};

struct LoopOptions {
    int frame_ms = 20;
    // A transcript below this confidence is not guessed at: she asks the
    // person to say it again (and nothing is stored).
    double min_confidence = 0.3;
    bool barge_in = true;
    // The recogniser hears each utterance while it is spoken (the
    // detector's stream; Ears). false: it gets the utterance whole at its
    // end (for comparing).
    bool stream = true;
    // "" = none: every utterance is for her. Else ("hey samantha") she
    // answers only what begins with it, and then keeps listening without it
    // until `wake_timeout_s` pass without speech.
    std::string wake_phrase;
    double wake_timeout_s = 60;
    // After the input ends, she may finish speaking for at most this long.
    double tail_s = 60;
    std::string repeat_prompt = "Sorry, I didn't catch that. Could you say it again?";
    std::string failure_reply = "I'm sorry, something went wrong and I couldn't answer that.";
    // Lockstep simulation (tests, see above); null = real time.
    FakeClock* simulate = nullptr;
    int tokens_per_frame = 1;
};

// Something that happened, for the terminal and the tests. `t_s`: stream
// time of the tick it happened in.
struct LoopEvent {
    enum class Kind {
        Heard,     // a transcript (text, confidence)
        Ignored,   // no words, or waiting for the wake phrase (text says why)
        Repeat,    // confidence too low: she asked to repeat
        Sentence,  // she began speaking a sentence (text)
        BargeIn,   // the person spoke over her: silenced, cancelled
        Replied,   // the turn ended; text = what is stored as said
        Failed,    // the turn failed (text = the error)
    };
    Kind kind;
    double t_s = 0;
    std::string text;
    double confidence = 0;
};
std::string_view event_kind_name(LoopEvent::Kind kind);

// One answered utterance, with its timings in stream seconds.
struct SpokenExchange {
    std::string heard;
    double confidence = 0;
    double speech_start_s = 0, speech_end_s = 0;
    // Where the time to her first audio went (stream seconds, -1 = did
    // not happen): the utterance handed to the worker (the detector's end,
    // after its hangover), its transcript ready, the brain's first piece
    // of the reply, her first sentence synthesised and queued to play.
    double ended_s = -1, heard_s = -1, first_piece_s = -1, first_sentence_s = -1;
    double first_audio_s = -1;  // her first sample of the reply played (-1 = none)
    double barge_in_s = -1;     // the person's speech over her was detected (-1 = none)
    double silenced_s = -1;     // her last sample played after a barge-in
    std::string said;           // what is stored as her reply
    brain::FinishReason finish = brain::FinishReason::Stop;
    int64_t user_id = 0, reply_id = 0;
};

struct LoopReport {
    std::vector<LoopEvent> events;
    std::vector<SpokenExchange> exchanges;
    double seconds = 0;  // stream time run
};

struct LoopParts {
    AudioIn& in;
    AudioOut& out;
    SpeechDetector& detector;
    Recognizer& recognizer;
    Voice& voice;
    Talker& talker;
    Clock& clock;
};

class VoiceLoop {
public:
    VoiceLoop(LoopParts parts, LoopOptions options);
    ~VoiceLoop();
    VoiceLoop(const VoiceLoop&) = delete;
    VoiceLoop& operator=(const VoiceLoop&) = delete;

    // Sees each event as it happens, on the loop's thread.
    std::function<void(const LoopEvent&)> on_event;

    // Runs until the input ends (and she has finished), `stop` is set, or
    // the audio fails.
    Result<LoopReport> run(const std::atomic<bool>* stop = nullptr);

    struct Shared;  // the loop and its worker (loop.cpp)

private:
    LoopParts m_parts;
    LoopOptions m_options;
    std::unique_ptr<Shared> m_shared;
};

// Whether `transcript` begins with the wake phrase ("hey samantha",
// loosely: "hi", "okay" or "hey", then the name, or the name first);
// `rest` gets what follows it.
bool starts_with_wake_phrase(std::string_view transcript, std::string_view wake_phrase, std::string* rest);

}  // namespace os1::voice

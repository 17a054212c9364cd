// A voice conversation whose microphone and speaker are somewhere else: the
// web app's, over a WebSocket (os1 serve's /api/voice). The server pushes
// the person's audio into a RemoteMic as it arrives and gets her voice, and
// what happened, through callbacks; the conversation itself is the
// VoiceLoop of loop.h (the VAD, the recogniser, the turn through a Talker,
// her voice sentence by sentence, barge-in), on the real clock.
//
//   auto mic = std::make_shared<RemoteMic>(RemoteLimits{});
//   std::thread t([&] { auto report = converse_remote(talker, *mic, {}, events); });
//   TRY(mic->push(samples));   // 16 kHz mono 16-bit, as it arrives (the socket's thread)
//   mic->press();              // push-to-talk pressed: she stops; what comes until
//   mic->end_of_speech();      //   the release is one utterance, answered at once
//   mic->interrupt();          // the person wants her to stop now
//   mic->close(); t.join();    // the person left: everything stops
//
// Pacing: the loop takes one 20 ms frame in and gives one out per tick.
// Audio that arrives is taken as fast as it comes (a burst is caught up
// at once); when none comes (push-to-talk released, a late packet) the mic
// gives silence at real-time pace, so her voice still goes out at the pace
// it is played and the loop knows what the person has heard (what is
// stored after a barge-in).
//
// Limits (RemoteLimits): a push longer than a second, audio arriving far
// ahead of real time, a stream of nothing but silence, a conversation past
// its length: push() says which with Error::out_of_range, and the
// conversation ends with the same error. An utterance past
// max_utterance_s is cut there and answered (the VAD's own limit).
//
// Thread safety: RemoteMic's push/end_of_speech/interrupt/close may be
// called from any thread while converse_remote runs on another. The
// callbacks run on the conversation's threads (the loop's and its worker's).
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <optional>
#include <span>
#include <string>

#include "core/result.h"
#include "voice/audio_io.h"
#include "voice/loop.h"

namespace os1::voice {

struct RemoteLimits {
    double max_push_s = 1.0;        // one push (a WebSocket frame) at most this much audio
    double max_ahead_s = 20.0;      // audio may arrive this far ahead of real time (a burst)
    double max_quiet_s = 300.0;     // the person's audio with no speech in it
    double max_total_s = 3600.0;    // the person's audio in one conversation
    double max_utterance_s = 30.0;  // one utterance is cut (and answered) here
};

class RemoteMic final : public AudioIn {
public:
    static constexpr int RATE = 16000;
    explicit RemoteMic(RemoteLimits limits = {});

    // ---- the socket's side (any thread) --------------------------------
    // The person's audio, 16 kHz mono. Error::out_of_range naming the limit
    // passed (the conversation then ends with it); Error::invalid after close().
    Result<void> push(std::span<const int16_t> samples);
    // Push-to-talk pressed: she stops if she is talking, and what is pushed
    // until end_of_speech() is one utterance (pauses do not cut it).
    void press();
    // Push-to-talk released (or, hands-free, "that was all"): what was
    // pushed so far ends the utterance.
    void end_of_speech();
    // Stop her now (a press to talk while she speaks): a barge-in.
    void interrupt();
    // The person left: the conversation stops (her turn is cancelled).
    void close();
    const std::atomic<bool>* closed_flag() const { return &m_closed; }
    const RemoteLimits& limits() const { return m_limits; }

    // ---- the loop's side -------------------------------------------------
    int rate() const override { return RATE; }
    Result<size_t> read(std::span<int16_t> frame) override;
    std::string describe() const override { return "the web app's microphone"; }
    // For the detector: whether an end of speech is due now (the audio
    // before it has been read), whether an interrupt was asked for; the
    // person was heard speaking (the quiet limit starts again).
    bool take_press();
    bool take_end_of_speech();
    bool take_interrupt();
    void heard_speech();

private:
    using Steady = std::chrono::steady_clock;
    Result<void> fail(Error e);  // under the lock

    const RemoteLimits m_limits;
    std::atomic<bool> m_closed{false};
    std::mutex m_mutex;  // guards everything below
    std::condition_variable m_cv;
    std::deque<int16_t> m_queue;     // pushed, not yet read
    int64_t m_pushed = 0;            // samples pushed in all
    int64_t m_read = 0;              // of those, read by the loop
    int64_t m_quiet_from = 0;        // pushed position where the person last spoke
    std::deque<int64_t> m_presses;   // press marks (pushed positions)
    std::deque<int64_t> m_ends;      // end_of_speech marks
    bool m_interrupt = false;
    bool m_streaming = false;        // the client is sending audio now
    std::optional<Error> m_error;
    Steady::time_point m_start, m_last_tick, m_last_push;
};

struct RemoteEvents {
    std::function<void(const LoopEvent&)> on_event;          // heard, sentence, barge-in, ...
    std::function<void()> on_speech;                         // the person began speaking
    std::function<void(std::span<const int16_t>)> on_audio;  // her voice, 16 kHz mono, as it plays
    std::function<void()> on_silence;                        // drop what is queued (barge-in)
};

struct RemoteOptions {
    std::string voice;  // "" = the default (tts_select.h)
    LoopOptions loop;   // confidence, barge-in (simulate is not used)
};

// Runs the conversation until the mic is closed or a limit ends it (the
// error). Her voice is opened here; the recogniser comes from a process-wide
// pool (loading one takes about a second: it starts when the person first
// speaks and is kept for the next conversation).
Result<LoopReport> converse_remote(Talker& talker, RemoteMic& mic, const RemoteOptions& options,
                                   const RemoteEvents& events);

}  // namespace os1::voice

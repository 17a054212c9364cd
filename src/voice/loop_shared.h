// What the voice loop and its worker share (loop.cpp, loop_worker.cpp).
// Private to src/voice. Everything below `m` is guarded by it.
#pragma once

#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>

#include "voice/loop.h"

namespace os1::voice {

// One piece of her speech waiting to be played, at the output's rate.
struct Chunk {
    std::vector<int16_t> samples;
    std::string text;    // what it says
    bool reply = false;  // part of a turn's reply (counts as said once played)
    size_t played = 0;
};

std::string words_heard(const std::string& text, double fraction);

struct VoiceLoop::Shared {
    Shared(LoopParts& parts, LoopOptions& options) : parts(parts), options(options) {}

    // Where the worker is, for the lockstep handshakes: the loop waits
    // while it is Running, and sets Running itself when it hands over (a
    // permit, the end of playback, a barge-in), so every tick settles the
    // same way.
    enum class WorkerState { Idle, Running, WaitPermit, WaitPlayback, Done };

    LoopParts& parts;
    LoopOptions& options;
    std::thread worker;

    std::mutex m;
    std::condition_variable cv;
    WorkerState state = WorkerState::Idle;
    std::deque<Chunk> queue;
    std::string said;            // this turn's reply as played so far
    bool barged = false;         // this turn was interrupted
    bool turn_running = false;   // the companion's turn is under way
    int permits = 0;             // lockstep: pieces the brain may still emit
    double now_s = 0;            // stream time of the current tick (the end of its frames)
    double frame_start_s = 0;    // where this tick's frames begin
    int64_t tick_ns = 0;         // the clock's mono_ns when this tick began
    brain::CancelFlag cancel{false};
    std::optional<SpokenExchange> exchange;  // the utterance being answered
    std::vector<LoopEvent> events;
    LoopReport report;
    bool awake = false;          // the wake phrase was heard (when there is one)
    double last_speech_s = -1e9;

    void event(LoopEvent e);                      // under the lock
    // Stream time now, between ticks too (the clock since this tick began,
    // at most one frame): where the worker's stages happened. Under the lock.
    double stage_s() const;
    bool play_into(std::span<int16_t> frame);     // under the lock
    void barge();                                 // under the lock
    void settle(std::unique_lock<std::mutex>& lock);
    void cancel_turn();
    void start_job(Utterance utterance);          // under the lock

    // The worker's side (loop_worker.cpp).
    void job(Utterance utterance);
    bool wait_permit();                      // false: cancelled
    void wait_playback();
    void enqueue(const std::string& text, bool reply);  // synthesise and queue (not under the lock)
};

}  // namespace os1::voice

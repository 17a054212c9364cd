// Her ears: the recogniser on a thread of its own, hearing each utterance
// while it is spoken (Recognizer's streaming, audio.h). The voice loop
// hands it the utterance's audio frame by frame from the detector's onset
// and, at the utterance's end, gets a transcript to come, ready as soon as
// the last of the search is done: at the end of speech only that remains.
// Private to src/voice (loop.cpp).
//
//   Ears ears(recognizer);
//   ears.begin(); ears.feed(frame); ...; auto heard = ears.end();  // heard.get()
//
// Commands are taken in order, so an utterance that begins before the
// previous one's transcript was collected is heard after it. A begin while
// a stream is open drops that stream; an end without a stream gives an
// empty transcript. Destroying it stops at once: what is queued is not
// heard, and a transcript still to come is an error. Thread safety: begin/feed/end/cancel from one thread
// (the loop's); the futures may be waited for anywhere.
#pragma once

#include <condition_variable>
#include <deque>
#include <future>
#include <mutex>
#include <span>
#include <thread>
#include <vector>

#include "voice/audio.h"

namespace os1::voice {

class Ears {
public:
    explicit Ears(Recognizer& recognizer) : m_recognizer(recognizer) {}
    ~Ears();
    Ears(const Ears&) = delete;
    Ears& operator=(const Ears&) = delete;

    void begin();
    void feed(std::span<const int16_t> samples);
    std::shared_future<Result<Transcript>> end();
    void cancel();

private:
    struct Command {
        enum class Kind { Begin, Feed, End, Cancel } kind;
        std::vector<int16_t> audio;
        std::promise<Result<Transcript>> heard;  // End
    };
    void post(Command c);
    void run();  // the thread

    Recognizer& m_recognizer;
    std::mutex m_mutex;  // guards the two below
    std::condition_variable m_cv;
    std::deque<Command> m_commands;
    bool m_quit = false;
    std::thread m_thread;  // started by the first command
};

}  // namespace os1::voice

// The web app's microphone as the voice loop's AudioIn (remote.h): audio
// pushed from the socket, read a frame at a time, silence at real-time pace
// when none comes, and the limits that keep a hostile stream from holding
// the server.
#include <algorithm>
#include <cmath>

#include "voice/remote.h"

namespace os1::voice {

namespace {

constexpr auto FRAME = std::chrono::milliseconds(20);
// While the client streams, a frame late by this much is waited for before
// silence stands in (network jitter); a client that stopped sending for
// longer than STREAM_GAP is not streaming.
constexpr auto JITTER = std::chrono::milliseconds(60);
constexpr auto STREAM_GAP = std::chrono::milliseconds(200);
// The loop may fall behind (a slow tick); it catches up at most this much.
constexpr auto CATCH_UP = std::chrono::milliseconds(100);

int64_t samples_of(double seconds) { return static_cast<int64_t>(std::llround(seconds * RemoteMic::RATE)); }

}  // namespace

RemoteMic::RemoteMic(RemoteLimits limits) : m_limits(limits) {
    m_start = m_last_tick = m_last_push = Steady::now();
}

Result<void> RemoteMic::fail(Error e) {  // under the lock
    if (!m_error) m_error = e;
    m_cv.notify_all();
    return e;
}

Result<void> RemoteMic::push(std::span<const int16_t> samples) {
    std::lock_guard lock(m_mutex);
    if (m_closed) return Error::invalid("the voice conversation has ended");
    if (m_error) return *m_error;
    const auto n = static_cast<int64_t>(samples.size());
    if (n > samples_of(m_limits.max_push_s))
        return fail(Error::out_of_range("an audio frame holds at most ", m_limits.max_push_s, " s (",
                                        samples_of(m_limits.max_push_s) * 2, " bytes); this one holds ", n * 2, " bytes"));
    const auto now = Steady::now();
    const double elapsed_s = std::chrono::duration<double>(now - m_start).count();
    const double pushed_s = static_cast<double>(m_pushed + n) / RATE;
    if (pushed_s > m_limits.max_total_s)
        return fail(Error::out_of_range("this voice conversation has reached its limit of ", m_limits.max_total_s,
                                        " s of audio; start it again to go on"));
    if (pushed_s > elapsed_s + m_limits.max_ahead_s)
        return fail(Error::out_of_range("the audio arrives faster than real time (", pushed_s, " s of it in ", elapsed_s,
                                        " s); send it as it is recorded"));
    if (static_cast<double>(m_pushed + n - m_quiet_from) / RATE > m_limits.max_quiet_s)
        return fail(Error::out_of_range("nothing but silence for ", m_limits.max_quiet_s,
                                        " s: the microphone is closed (turn it on again to speak)"));
    m_queue.insert(m_queue.end(), samples.begin(), samples.end());
    m_pushed += n;
    m_last_push = now;
    m_streaming = true;
    m_cv.notify_all();
    return {};
}

void RemoteMic::end_of_speech() {
    std::lock_guard lock(m_mutex);
    m_ends.push_back(m_pushed);
    m_streaming = false;
    m_cv.notify_all();
}

void RemoteMic::press() {
    std::lock_guard lock(m_mutex);
    m_presses.push_back(m_pushed);
    m_cv.notify_all();
}

void RemoteMic::interrupt() {
    std::lock_guard lock(m_mutex);
    m_interrupt = true;
    m_cv.notify_all();
}

void RemoteMic::close() {
    std::lock_guard lock(m_mutex);
    m_closed = true;
    m_cv.notify_all();
}

// Whether a mark is due: the audio pushed before it has been read.
static bool take_mark(std::deque<int64_t>& marks, int64_t read) {
    bool due = false;
    while (!marks.empty() && marks.front() <= read) {
        marks.pop_front();
        due = true;
    }
    return due;
}

bool RemoteMic::take_press() {
    std::lock_guard lock(m_mutex);
    return take_mark(m_presses, m_read);
}

bool RemoteMic::take_end_of_speech() {
    std::lock_guard lock(m_mutex);
    return take_mark(m_ends, m_read);
}

bool RemoteMic::take_interrupt() {
    std::lock_guard lock(m_mutex);
    return std::exchange(m_interrupt, false);
}

void RemoteMic::heard_speech() {
    std::lock_guard lock(m_mutex);
    m_quiet_from = m_read;
}

Result<size_t> RemoteMic::read(std::span<int16_t> frame) {
    std::unique_lock lock(m_mutex);
    for (;;) {
        if (m_error) return *m_error;
        const auto now = Steady::now();
        if (m_queue.size() >= frame.size()) {
            std::copy_n(m_queue.begin(), frame.size(), frame.begin());
            m_queue.erase(m_queue.begin(), m_queue.begin() + static_cast<long>(frame.size()));
            m_read += static_cast<int64_t>(frame.size());
            m_last_tick = now;
            return frame.size();
        }
        if (m_closed) {  // the rest, then the end
            const size_t n = m_queue.size();
            std::copy_n(m_queue.begin(), n, frame.begin());
            m_queue.clear();
            m_read += static_cast<int64_t>(n);
            return n;
        }
        if (m_streaming && now - m_last_push > STREAM_GAP) m_streaming = false;
        const auto due = m_last_tick + FRAME + (m_streaming ? JITTER : Steady::duration::zero());
        if (now >= due) {
            // Nothing came: silence, at real-time pace. A partial frame the
            // client sent stays queued for the next one.
            std::fill(frame.begin(), frame.end(), int16_t{0});
            m_last_tick = std::max(m_last_tick + FRAME, now - CATCH_UP);
            return frame.size();
        }
        m_cv.wait_until(lock, due);
    }
}

}  // namespace os1::voice

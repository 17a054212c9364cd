// The voice conversation's loop (see loop.h): one frame in, one frame out
// per tick; barge-in; the worker's lockstep handshakes. The worker's side
// (recognise, the turn, sentences to audio) is loop_worker.cpp.
#include "voice/loop.h"

#include <algorithm>
#include <thread>

#include "core/log.h"
#include "voice/ears.h"
#include "voice/loop_shared.h"

namespace os1::voice {

std::string_view event_kind_name(LoopEvent::Kind kind) {
    switch (kind) {
    case LoopEvent::Kind::Heard: return "heard";
    case LoopEvent::Kind::Ignored: return "ignored";
    case LoopEvent::Kind::Repeat: return "repeat";
    case LoopEvent::Kind::Sentence: return "sentence";
    case LoopEvent::Kind::BargeIn: return "barge-in";
    case LoopEvent::Kind::Replied: return "replied";
    case LoopEvent::Kind::Failed: return "failed";
    }
    return "?";
}

VoiceLoop::VoiceLoop(LoopParts parts, LoopOptions options)
    : m_parts(parts), m_options(std::move(options)), m_shared(std::make_unique<Shared>(m_parts, m_options)) {}

VoiceLoop::~VoiceLoop() {
    if (m_shared->worker.joinable()) {
        m_shared->cancel_turn();
        m_shared->worker.join();
    }
}

void VoiceLoop::Shared::cancel_turn() {
    std::lock_guard lock(m);
    cancel = true;
    barged = true;
    queue.clear();
    if (state == WorkerState::WaitPermit || state == WorkerState::WaitPlayback) state = WorkerState::Running;
    cv.notify_all();
}

void VoiceLoop::Shared::settle(std::unique_lock<std::mutex>& lock) {
    if (!options.simulate) return;
    cv.wait(lock, [&] { return state != WorkerState::Running; });
}

double VoiceLoop::Shared::stage_s() const {  // under the lock
    const double since = static_cast<double>(parts.clock.mono_ns() - tick_ns) / 1e9;
    return now_s + std::clamp(since, 0.0, options.frame_ms / 1000.0);
}

void VoiceLoop::Shared::event(LoopEvent e) {  // under the lock
    e.t_s = now_s;
    events.push_back(std::move(e));
}

// Fills `frame` from the queue (silence where there is nothing); under the lock.
bool VoiceLoop::Shared::play_into(std::span<int16_t> frame) {
    size_t filled = 0;
    bool any = false;
    while (filled < frame.size() && !queue.empty()) {
        Chunk& c = queue.front();
        if (c.played == 0 && !c.text.empty()) {
            event({LoopEvent::Kind::Sentence, 0, c.text});
            if (c.reply && exchange && exchange->first_audio_s < 0)
                exchange->first_audio_s = frame_start_s + static_cast<double>(filled) / parts.out.rate();
        }
        const size_t n = std::min(frame.size() - filled, c.samples.size() - c.played);
        std::copy_n(c.samples.begin() + static_cast<long>(c.played), n, frame.begin() + static_cast<long>(filled));
        c.played += n;
        filled += n;
        any = any || n > 0;
        if (c.played >= c.samples.size()) {
            if (c.reply) said += (said.empty() ? "" : " ") + c.text;
            queue.pop_front();
        }
    }
    std::fill(frame.begin() + static_cast<long>(filled), frame.end(), int16_t{0});
    if (queue.empty() && state == WorkerState::WaitPlayback) {
        state = WorkerState::Running;  // handed over: the worker goes on
        cv.notify_all();
    }
    return any;
}

// The words of a sentence cut after `fraction` of its audio.
std::string words_heard(const std::string& text, double fraction) {
    size_t cut = static_cast<size_t>(fraction * static_cast<double>(text.size()));
    if (cut >= text.size()) return text;
    while (cut > 0 && text[cut] != ' ') cut--;  // the last word spoken in full
    return text.substr(0, cut);
}

void VoiceLoop::Shared::barge() {  // under the lock
    if (!queue.empty()) {
        const Chunk& c = queue.front();
        if (c.reply && c.played > 0) {
            const std::string part = words_heard(c.text, static_cast<double>(c.played) / static_cast<double>(c.samples.size()));
            if (!part.empty()) said += (said.empty() ? "" : " ") + part;
        }
    }
    queue.clear();
    cancel = true;
    barged = true;
    if (exchange) exchange->barge_in_s = now_s;
    event({LoopEvent::Kind::BargeIn, 0, ""});
    if (state == WorkerState::WaitPermit || state == WorkerState::WaitPlayback) state = WorkerState::Running;
    cv.notify_all();
}

Result<LoopReport> VoiceLoop::run(const std::atomic<bool>* stop) {
    Shared& s = *m_shared;
    const int in_rate = m_parts.in.rate();
    if (in_rate != 16000) return Error::invalid("the voice loop listens at 16 kHz (the input is ", in_rate, " Hz)");
    const size_t frame_n = static_cast<size_t>(in_rate * m_options.frame_ms / 1000);
    const size_t out_n = static_cast<size_t>(m_parts.out.rate() * m_options.frame_ms / 1000);
    std::vector<int16_t> frame(frame_n), out(out_n);
    std::deque<Utterance> pending;
    bool input_ended = false;
    double tail_start_s = 0;
    int64_t tick = 0;
    size_t emitted = 0;
    bool speaking_before = false;
    // The recogniser hears each utterance while it is spoken (the
    // detector's stream), so at its end only the last of the search is
    // left. Declared after nothing the worker needs: it outlives the join below.
    Ears ears(m_parts.recognizer);
    auto hear = [&](SpeechDetector::Step& step) {
        if (!m_options.stream) {
            if (step.utterance) step.utterance->streamed = false;
            step.drop = step.begin = false;
            step.audio.clear();
        }
        if (step.drop) ears.cancel();
        if (step.begin) ears.begin();
        if (!step.audio.empty()) ears.feed(step.audio);
        if (step.utterance && step.utterance->streamed) step.utterance->heard = ears.end();
        if (step.utterance) pending.push_back(std::move(*step.utterance));
    };

    auto emit = [&] {  // events to the front end, on this thread
        std::vector<LoopEvent> fresh;
        {
            std::lock_guard lock(s.m);
            fresh.assign(s.events.begin() + static_cast<long>(emitted), s.events.end());
            emitted = s.events.size();
        }
        if (on_event)
            for (const auto& e : fresh) on_event(e);
    };

    while (!(stop && stop->load())) {
        // 1. A frame in (silence once the input ended, while she finishes).
        size_t got = 0;
        bool ended_now = false;
        if (!input_ended) {
            got = TRY(m_parts.in.read(frame));
            std::fill(frame.begin() + static_cast<long>(got), frame.end(), int16_t{0});
            if (got < frame_n) {
                input_ended = ended_now = true;
                tail_start_s = static_cast<double>(tick) * m_options.frame_ms / 1000.0;
            }
        } else {
            std::fill(frame.begin(), frame.end(), int16_t{0});
            if (!m_options.simulate) std::this_thread::sleep_for(std::chrono::milliseconds(m_options.frame_ms));
        }
        if (m_options.simulate) m_options.simulate->advance_ms(m_options.frame_ms);
        tick++;
        const double now_s = static_cast<double>(tick) * m_options.frame_ms / 1000.0;

        SpeechDetector::Step step;
        if (got > 0) step = m_parts.detector.push(frame);
        hear(step);
        if (ended_now) {
            auto last = m_parts.detector.finish();
            hear(last);
        }

        std::unique_lock lock(s.m);
        s.now_s = now_s;
        s.tick_ns = m_parts.clock.mono_ns();
        s.frame_start_s = now_s - m_options.frame_ms / 1000.0;  // the output frame of this tick begins here
        s.settle(lock);
        // 2. Barge-in: the person speaks while she talks (or thinks).
        const bool busy = s.turn_running || !s.queue.empty();
        if (step.onset && m_options.barge_in && busy && !s.barged) {
            s.barge();
            lock.unlock();
            m_parts.out.stop();
            lock.lock();
        }
        // 3. The worker: collect a finished job, start the next.
        if (s.state == Shared::WorkerState::Done) {
            lock.unlock();
            s.worker.join();
            lock.lock();
            if (s.exchange) s.report.exchanges.push_back(*s.exchange);
            s.exchange.reset();
            s.state = Shared::WorkerState::Idle;
        }
        if (s.state == Shared::WorkerState::Idle && !pending.empty()) {
            s.start_job(std::move(pending.front()));
            pending.pop_front();
        }
        // 4. Lockstep: the brain's pace, then wait for the worker to settle.
        if (m_options.simulate && s.state == Shared::WorkerState::WaitPermit) {
            s.permits += m_options.tokens_per_frame;
            s.state = Shared::WorkerState::Running;
            s.cv.notify_all();
        }
        s.settle(lock);
        // 5. A frame out (and to the detector: her own voice is not the person's).
        const bool speaking = s.play_into(out);
        m_parts.detector.playing(out);
        if (!speaking && speaking_before && s.barged && s.exchange && s.exchange->silenced_s < 0)
            s.exchange->silenced_s = now_s - static_cast<double>(m_options.frame_ms) / 1000.0;
        speaking_before = speaking;
        const bool idle = s.state == Shared::WorkerState::Idle && s.queue.empty();
        lock.unlock();
        TRY(m_parts.out.write(out));
        emit();

        if (input_ended && idle && pending.empty() && !m_parts.detector.in_speech()) break;
        if (input_ended && now_s - tail_start_s > m_options.tail_s) {
            log::warn("the voice loop stopped waiting for her to finish (", m_options.tail_s, " s after the input ended)");
            break;
        }
    }
    // Stopped: cancel what is still running and wait for it.
    if (s.worker.joinable()) {
        s.cancel_turn();
        s.worker.join();
        std::lock_guard lock(s.m);
        if (s.exchange) s.report.exchanges.push_back(*s.exchange);
        s.exchange.reset();
        s.state = Shared::WorkerState::Idle;
    }
    emit();
    std::lock_guard lock(s.m);
    LoopReport report = s.report;
    report.events = s.events;
    report.seconds = static_cast<double>(tick) * m_options.frame_ms / 1000.0;
    return report;
}

}  // namespace os1::voice

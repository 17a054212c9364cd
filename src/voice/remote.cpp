// The voice conversation over a network (remote.h): the web app's
// microphone (remote_mic.cpp) and speaker as the loop's audio seam, the
// VAD told about push-to-talk, and recognisers kept from one conversation
// to the next.
#include "voice/remote.h"

#include <algorithm>
#include <thread>
#include <vector>

#include "core/clock.h"
#include "core/log.h"
#include "voice/tts_select.h"
#include "voice/voice.h"

namespace os1::voice {

namespace {

// Loaded recognisers, kept between conversations (loading one takes about
// a second). warm() starts loading one in the background when none is
// free, so it is ready by the time the person stops speaking.
class RecognizerPool {
public:
    static RecognizerPool& instance() {
        static RecognizerPool pool;
        return pool;
    }
    ~RecognizerPool() {
        for (auto& t : m_loaders) t.join();
    }

    void warm() {
        std::lock_guard lock(m_mutex);
        if (!m_idle.empty() || m_loading > 0) return;
        m_loading++;
        m_loaders.emplace_back([this] {
            auto r = open_recognizer();
            std::lock_guard lock(m_mutex);
            m_loading--;
            if (r) m_idle.push_back(std::move(*r));
            else m_failure = r.error();
            m_cv.notify_all();
        });
    }

    Result<std::unique_ptr<Recognizer>> take() {
        {
            std::unique_lock lock(m_mutex);
            m_cv.wait(lock, [&] { return !m_idle.empty() || m_loading == 0; });
            if (!m_idle.empty()) {
                auto r = std::move(m_idle.back());
                m_idle.pop_back();
                return r;
            }
            if (m_failure) return *std::exchange(m_failure, std::nullopt);
        }
        return open_recognizer();
    }

    void give(std::unique_ptr<Recognizer> r) {
        std::lock_guard lock(m_mutex);
        if (m_idle.size() < MAX_IDLE) m_idle.push_back(std::move(r));
    }

private:
    static constexpr size_t MAX_IDLE = 2;
    std::mutex m_mutex;  // guards everything below
    std::condition_variable m_cv;
    std::vector<std::unique_ptr<Recognizer>> m_idle;
    int m_loading = 0;
    std::optional<Error> m_failure;
    std::vector<std::thread> m_loaders;  // joined at exit
};

// A recogniser from the pool, taken when the first utterance is recognised.
class PooledRecognizer final : public Recognizer {
public:
    ~PooledRecognizer() override {
        if (m_recognizer) RecognizerPool::instance().give(std::move(m_recognizer));
    }
    std::string_view name() const override { return m_recognizer ? m_recognizer->name() : "pocketsphinx"; }
    Result<Transcript> recognize(const Pcm& audio) override {
        if (!m_recognizer) m_recognizer = TRY(RecognizerPool::instance().take());
        return m_recognizer->recognize(audio);
    }
    bool streams() const override { return true; }
    Result<void> begin_stream() override {
        if (!m_recognizer) m_recognizer = TRY(RecognizerPool::instance().take());
        return m_recognizer->begin_stream();
    }
    Result<void> feed_stream(std::span<const int16_t> samples) override {
        if (!m_recognizer) return Error::internal("no stream was begun");
        return m_recognizer->feed_stream(samples);
    }
    Result<Transcript> finish_stream() override {
        if (!m_recognizer) return Error::internal("no stream was begun");
        return m_recognizer->finish_stream();
    }
    void cancel_stream() override {
        if (m_recognizer) m_recognizer->cancel_stream();
    }

private:
    std::unique_ptr<Recognizer> m_recognizer;
};

// The VAD, told about push-to-talk: while the button is held the VAD's
// utterances are not answered one by one (a pause would cut the person
// off); the release answers all that was held, from its first onset, as
// one utterance, at once (no waiting for the quiet that would end it).
// The recogniser hears the hold as it comes: one stream from the first
// onset (300 ms before it) to the release. Hands-free, an end_of_speech
// ends the utterance in progress. A press or an interrupt is an onset (she
// stops).
class RemoteDetector final : public SpeechDetector {
public:
    RemoteDetector(RemoteMic& mic, const RemoteEvents& events, VadConfig config)
        : m_mic(mic), m_events(events), m_config(config), m_inner(make_speech_detector(config)) {}

    Step push(std::span<const int16_t> frame) override {
        Step step;
        const bool pressed = m_mic.take_press();
        if (pressed) {
            if (m_inner_streaming) step.drop = true;  // the hold is heard from its own onset
            m_inner_streaming = false;
            m_holding = true;
            m_held.clear();
            m_held_from = m_pos;
            m_held_onset = -1;
            m_held_speech = false;
        }
        Step inner = m_inner->push(frame);
        m_pos += static_cast<int64_t>(frame.size());
        shift(inner.utterance);
        if (inner.onset) {
            step.onset = true;
            m_mic.heard_speech();
            RecognizerPool::instance().warm();
            if (m_events.on_speech) m_events.on_speech();
        }
        if (m_holding) {
            m_held.insert(m_held.end(), frame.begin(), frame.end());
            if (inner.onset && m_held_onset < 0) {
                m_held_onset = m_pos - static_cast<int64_t>(frame.size());
                const int64_t lead = RemoteMic::RATE * 3 / 10;  // before the VAD's onset (it comes 40-60 ms late)
                m_held_stream_from = std::max<int64_t>(0, m_held_onset - lead - m_held_from);
                step.begin = true;
                step.audio.assign(m_held.begin() + m_held_stream_from, m_held.end());
            } else if (m_held_onset >= 0) {
                step.audio.assign(frame.begin(), frame.end());
            }
            if (inner.utterance) m_held_speech = true;
            if (m_held.size() > static_cast<size_t>(m_config.max_utterance_frames) * RemoteMic::RATE / 100)
                release(step);  // held too long: answered as it is
        } else {
            forward(inner, step);
        }
        if (pressed || m_mic.take_interrupt()) step.onset = true;
        if (m_mic.take_end_of_speech()) {
            if (m_holding) {
                release(step);
            } else {
                Step last = m_inner->finish();
                shift(last.utterance);
                if (!step.utterance) forward(last, step);
                restart();
            }
        }
        return step;
    }
    Step finish() override {
        Step step;
        if (m_holding) {
            release(step);
            return step;
        }
        Step last = m_inner->finish();
        shift(last.utterance);
        forward(last, step);
        return step;
    }
    bool in_speech() const override { return m_holding || m_inner->in_speech(); }
    void playing(std::span<const int16_t> frame) override { m_inner->playing(frame); }

private:
    // The inner VAD's stream and utterance, hands-free, as the loop's.
    void forward(Step& from, Step& to) {
        if (from.drop) m_inner_streaming = false;
        if (from.begin) m_inner_streaming = true;
        to.drop = to.drop || from.drop;
        to.begin = to.begin || from.begin;
        to.audio.insert(to.audio.end(), from.audio.begin(), from.audio.end());
        if (from.utterance) {
            if (from.utterance->streamed) m_inner_streaming = false;
            to.utterance = std::move(from.utterance);
        }
    }
    // The held audio as one utterance (when the VAD found speech in it),
    // which ends the hold's stream; else the stream is dropped.
    void release(Step& step) {
        if (m_inner->finish().utterance) m_held_speech = true;
        m_holding = false;
        restart();
        const bool streaming = m_held_onset >= 0;
        if (!m_held_speech || m_held_onset < 0) {
            if (streaming) step.drop = true;
            step.begin = false;
            step.audio.clear();
            m_held.clear();
            return;
        }
        Utterance u;
        u.audio.rate = RemoteMic::RATE;
        u.audio.samples.assign(m_held.begin() + m_held_stream_from, m_held.end());
        u.start_s = static_cast<double>(m_held_from + m_held_stream_from) / RemoteMic::RATE;
        u.end_s = static_cast<double>(m_pos) / RemoteMic::RATE;
        u.streamed = true;
        m_held.clear();
        step.utterance = std::move(u);
    }
    void restart() {  // a fresh VAD for what comes next
        m_inner = make_speech_detector(m_config);
        m_inner_streaming = false;
        m_offset = m_pos;
    }
    void shift(std::optional<Utterance>& u) const {
        if (!u) return;
        const double s = static_cast<double>(m_offset) / RemoteMic::RATE;
        u->start_s += s;
        u->end_s += s;
    }
    RemoteMic& m_mic;
    const RemoteEvents& m_events;
    VadConfig m_config;
    std::unique_ptr<SpeechDetector> m_inner;
    bool m_inner_streaming = false;  // hands-free: the inner VAD's stream is open
    int64_t m_pos = 0;     // samples seen
    int64_t m_offset = 0;  // where m_inner began
    bool m_holding = false;
    std::vector<int16_t> m_held;  // the audio since the press
    int64_t m_held_from = 0, m_held_onset = -1;
    int64_t m_held_stream_from = 0;  // (in m_held) where the hold's stream began
    bool m_held_speech = false;
};

// Her voice out to the socket. Silence is not sent while she is quiet;
// within a reply (until 200 ms of silence) every frame is, so the pauses
// between words and sentences play as they should.
class RemoteSpeaker final : public AudioOut {
public:
    explicit RemoteSpeaker(const RemoteEvents& events) : m_events(events) {}
    int rate() const override { return RemoteMic::RATE; }
    Result<void> write(std::span<const int16_t> samples) override {
        const bool quiet = std::all_of(samples.begin(), samples.end(), [](int16_t s) { return s == 0; });
        m_quiet_frames = quiet ? m_quiet_frames + 1 : 0;
        if (m_quiet_frames <= TRAIL && m_events.on_audio) m_events.on_audio(samples);
        return {};
    }
    void stop() override {
        m_quiet_frames = TRAIL + 1;
        if (m_events.on_silence) m_events.on_silence();
    }
    Result<void> close() override { return {}; }
    std::string describe() const override { return "the web app's speaker"; }

private:
    static constexpr int TRAIL = 10;  // frames of silence still sent
    const RemoteEvents& m_events;
    int m_quiet_frames = TRAIL + 1;
};

}  // namespace

Result<LoopReport> converse_remote(Talker& talker, RemoteMic& mic, const RemoteOptions& options,
                                   const RemoteEvents& events) {
    auto voice = TRY(open_voice(options.voice));
    PooledRecognizer recognizer;
    VadConfig vad = loop_vad_config();
    vad.max_utterance_frames = std::max(10, static_cast<int>(mic.limits().max_utterance_s * 100));
    // Her echo over the web: the browser cancels it first (the web app asks
    // for echoCancellation), so less is assumed to come back; her voice
    // plays there later than it leaves here (the client's buffer, the
    // network), so the window is wider.
    vad.echo_loss_db = -20;
    vad.echo_window_frames = 80;
    RemoteDetector detector(mic, events, vad);
    RemoteSpeaker speaker(events);
    LoopOptions loop_options = options.loop;
    loop_options.simulate = nullptr;
    VoiceLoop loop({mic, speaker, detector, recognizer, *voice, talker, SystemClock::instance()}, loop_options);
    loop.on_event = events.on_event;
    return loop.run(mic.closed_flag());
}

}  // namespace os1::voice

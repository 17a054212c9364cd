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

private:
    std::unique_ptr<Recognizer> m_recognizer;
};

// The VAD, told about push-to-talk: while the button is held the VAD's
// utterances are not answered one by one (a pause would cut the person
// off); the release answers all that was held, from its first onset, as
// one utterance, at once (no waiting for the quiet that would end it).
// Hands-free, an end_of_speech ends the utterance in progress. A press
// or an interrupt is an onset (she stops).
class RemoteDetector final : public SpeechDetector {
public:
    RemoteDetector(RemoteMic& mic, const RemoteEvents& events, VadConfig config)
        : m_mic(mic), m_events(events), m_config(config), m_inner(make_speech_detector(config)) {}

    Step push(std::span<const int16_t> frame) override {
        const bool pressed = m_mic.take_press();
        if (pressed) {
            m_holding = true;
            m_held.clear();
            m_held_from = m_pos;
            m_held_onset = -1;
            m_held_speech = false;
        }
        Step step = m_inner->push(frame);
        m_pos += static_cast<int64_t>(frame.size());
        shift(step.utterance);
        if (step.onset) {
            m_mic.heard_speech();
            RecognizerPool::instance().warm();
            if (m_events.on_speech) m_events.on_speech();
        }
        if (m_holding) {
            m_held.insert(m_held.end(), frame.begin(), frame.end());
            if (step.onset && m_held_onset < 0) m_held_onset = m_pos - static_cast<int64_t>(frame.size());
            if (step.utterance) m_held_speech = true;
            step.utterance.reset();
            if (m_held.size() > static_cast<size_t>(m_config.max_utterance_frames) * RemoteMic::RATE / 100)
                step.utterance = release();  // held too long: answered as it is
        }
        if (pressed || m_mic.take_interrupt()) step.onset = true;
        if (m_mic.take_end_of_speech()) {
            if (m_holding) {
                if (auto u = release()) step.utterance = std::move(u);
            } else {
                auto u = m_inner->finish();
                shift(u);
                if (u && !step.utterance) step.utterance = std::move(u);
                restart();
            }
        }
        return step;
    }
    std::optional<Utterance> finish() override {
        if (m_holding) return release();
        auto u = m_inner->finish();
        shift(u);
        return u;
    }
    bool in_speech() const override { return m_holding || m_inner->in_speech(); }

private:
    // The held audio as one utterance (when the VAD found speech in it).
    std::optional<Utterance> release() {
        if (m_inner->finish()) m_held_speech = true;
        m_holding = false;
        restart();
        if (!m_held_speech || m_held_onset < 0) return std::nullopt;
        const int64_t lead = RemoteMic::RATE * 3 / 10;  // before the VAD's onset (it comes 40-60 ms late)
        const int64_t from = std::max<int64_t>(0, m_held_onset - lead - m_held_from);
        Utterance u;
        u.audio.rate = RemoteMic::RATE;
        u.audio.samples.assign(m_held.begin() + from, m_held.end());
        u.start_s = static_cast<double>(m_held_from + from) / RemoteMic::RATE;
        u.end_s = static_cast<double>(m_pos) / RemoteMic::RATE;
        m_held.clear();
        return u;
    }
    void restart() {  // a fresh VAD for what comes next
        m_inner = make_speech_detector(m_config);
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
    int64_t m_pos = 0;     // samples seen
    int64_t m_offset = 0;  // where m_inner began
    bool m_holding = false;
    std::vector<int16_t> m_held;  // the audio since the press
    int64_t m_held_from = 0, m_held_onset = -1;
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
    RemoteDetector detector(mic, events, vad);
    RemoteSpeaker speaker(events);
    LoopOptions loop_options = options.loop;
    loop_options.simulate = nullptr;
    VoiceLoop loop({mic, speaker, detector, recognizer, *voice, talker, SystemClock::instance()}, loop_options);
    loop.on_event = events.on_event;
    return loop.run(mic.closed_flag());
}

}  // namespace os1::voice

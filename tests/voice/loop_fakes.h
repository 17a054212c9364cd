// Fakes for the voice loop's tests (loop_test.cpp, barge_test.cpp): a
// recogniser that hears what the test scripts, a voice that speaks a tone
// (50 ms a word, so timings are exact), a simple energy detector standing
// in for the VAD, and a companion with a scripted brain on a temporary
// database, all on one FakeClock.
#pragma once

#include <cmath>
#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "companion/companion.h"
#include "companion/scripted_brain.h"
#include "persona/interview.h"
#include "test_support.h"
#include "voice/loop.h"
#include "voice/voice.h"

namespace os1::voice::test_fakes {

class ScriptedRecognizer final : public Recognizer {
public:
    struct Heard {
        std::string text;
        double confidence = 0.9;
    };
    std::deque<Heard> script;
    std::vector<double> seconds_heard;  // the audio each call got

    std::string_view name() const override { return "scripted"; }
    Result<Transcript> recognize(const Pcm& audio) override {
        seconds_heard.push_back(audio.seconds());
        Transcript t;
        t.audio_s = audio.seconds();
        if (script.empty()) return t;
        t.text = script.front().text;
        t.confidence = script.front().confidence;
        script.pop_front();
        return t;
    }
};

// A 500 Hz tone, 50 ms a word, at 16 kHz; records what it was asked to say.
class ToneVoice final : public Voice {
public:
    std::vector<std::string> said;
    std::string_view name() const override { return "tone"; }
    Result<Pcm> synthesize(std::string_view text) override {
        said.emplace_back(text);
        size_t words = 1;
        for (char c : text) words += c == ' ';
        Pcm pcm;
        pcm.rate = 16000;
        pcm.samples.resize(words * 800);
        for (size_t i = 0; i < pcm.samples.size(); i++)
            pcm.samples[i] = static_cast<int16_t>(8000 * std::sin(2 * M_PI * 500 * static_cast<double>(i) / 16000));
        return pcm;
    }
};

// Speech is 3 frames above the threshold; an utterance ends after 300 ms
// below it (the VAD's job; this keeps the loop's tests about the loop).
class EnergyDetector final : public SpeechDetector {
public:
    Step push(std::span<const int16_t> frame) override {
        double sum = 0;
        for (int16_t s : frame) sum += static_cast<double>(s) * s;
        const bool loud = std::sqrt(sum / static_cast<double>(frame.size())) > 500;
        const double t0 = m_t;
        m_t += static_cast<double>(frame.size()) / 16000;
        Step step;
        if (!m_speech) {
            m_loud = loud ? m_loud + 1 : 0;
            m_recent.push_back(std::vector<int16_t>(frame.begin(), frame.end()));
            if (m_recent.size() > 3) m_recent.pop_front();
            if (m_loud == 3) {
                m_speech = true;
                step.onset = true;
                m_start = t0 - 2.0 * frame.size() / 16000;
                m_audio.clear();
                for (auto& f : m_recent) m_audio.insert(m_audio.end(), f.begin(), f.end());
                m_quiet = 0;
            }
            return step;
        }
        m_audio.insert(m_audio.end(), frame.begin(), frame.end());
        m_quiet = loud ? 0 : m_quiet + 1;
        if (!loud && m_quiet == 1) m_end = t0;
        if (m_quiet >= 15) {
            step.utterance = take();
        }
        return step;
    }
    Step finish() override {
        Step step;
        if (!m_speech) return step;
        if (m_quiet == 0) m_end = m_t;
        step.utterance = take();
        return step;
    }
    bool in_speech() const override { return m_speech; }

private:
    Utterance take() {
        Utterance u;
        u.audio.rate = 16000;
        u.audio.samples = std::move(m_audio);
        u.start_s = m_start;
        u.end_s = m_end;
        m_audio.clear();
        m_speech = false;
        m_loud = 0;
        m_recent.clear();
        return u;
    }
    double m_t = 0, m_start = 0, m_end = 0;
    bool m_speech = false;
    int m_loud = 0, m_quiet = 0;
    std::deque<std::vector<int16_t>> m_recent;
    std::vector<int16_t> m_audio;
};

// A person's input: silence and bursts of "speech" (a louder 200 Hz tone
// with a wobble) at given times, at 16 kHz.
struct Burst {
    double start_s, seconds;
};
inline Pcm person(double total_s, const std::vector<Burst>& bursts) {
    Pcm pcm;
    pcm.rate = 16000;
    pcm.samples.assign(static_cast<size_t>(total_s * 16000), 0);
    for (const auto& b : bursts) {
        const size_t from = static_cast<size_t>(b.start_s * 16000), n = static_cast<size_t>(b.seconds * 16000);
        for (size_t i = 0; i < n && from + i < pcm.samples.size(); i++) {
            const double t = static_cast<double>(i) / 16000;
            pcm.samples[from + i] = static_cast<int16_t>(6000 * std::sin(2 * M_PI * (200 + 30 * std::sin(6 * t)) * t));
        }
    }
    return pcm;
}

// A companion with a scripted brain on a temporary database.
struct TestHome {
    os1::test::TempDir dir;
    std::unique_ptr<memory::Memory> memory;
    companion::ScriptedBrain brain;
    companion::FixedPerceiver perceiver;
    FakeClock clock;
    std::unique_ptr<companion::Companion> companion;

    TestHome() {
        auto m = memory::Memory::open_at(dir / "os1.db");
        EXPECT_TRUE(m.ok()) << m.error().message;
        memory = m.release_value();
        auto setup = persona::build_setup({{"you.name", "Theo"}, {"companion.name", "Samantha"}}, {}, false, clock.wall_ms());
        companion = std::make_unique<companion::Companion>(setup, *memory, brain, perceiver, clock,
                                                           companion::CompanionOptions{.session = "voice"});
    }
    std::vector<memory::StoredEpisode> stored() {
        auto r = memory->recent_episodes("", 100);
        EXPECT_TRUE(r.ok());
        return r.value_or({});
    }
};

// Samples of `pcm` in [from_s, to_s) that are not silent.
inline size_t loud_samples(const Pcm& pcm, double from_s, double to_s) {
    size_t n = 0;
    const size_t a = static_cast<size_t>(std::max(0.0, from_s) * pcm.rate);
    const size_t b = std::min(pcm.samples.size(), static_cast<size_t>(to_s * pcm.rate));
    for (size_t i = a; i < b; i++) n += pcm.samples[i] != 0;
    return n;
}
// The time of the first non-silent sample at or after `from_s` (-1: none).
inline double first_sound(const Pcm& pcm, double from_s) {
    for (size_t i = static_cast<size_t>(from_s * pcm.rate); i < pcm.samples.size(); i++)
        if (pcm.samples[i] != 0) return static_cast<double>(i) / pcm.rate;
    return -1;
}


struct Run {
    LoopReport report;
    Pcm recording;
};

inline Run run_loop(TestHome& home, ScriptedRecognizer& asr, Voice& voice, const Pcm& input, LoopOptions options = {},
             Talker* talker = nullptr) {
    WavFileIn in(input, "test input");
    WavFileOut out("", 16000);
    EnergyDetector vad;
    CompanionTalker companion_talker(*home.companion);
    options.simulate = &home.clock;
    VoiceLoop loop({in, out, vad, asr, voice, talker ? *talker : companion_talker, home.clock}, options);
    auto report = loop.run();
    EXPECT_TRUE(report.ok()) << report.error().message;
    return {report.value_or({}), out.recorded()};
}

// Records the fake time of every piece the brain streams.
class TimingTalker final : public Talker {
public:
    TimingTalker(Talker& inner, const Clock& clock) : m_inner(inner), m_clock(clock) {}
    std::vector<double> piece_s;
    Result<companion::TurnResult> talk(std::string_view text, const brain::TokenCallback& on_token,
                                       const brain::CancelFlag* cancel, const companion::SpokenTurn& spoken) override {
        const int64_t t0 = 0;
        return m_inner.talk(
            text,
            [&](std::string_view piece) {
                piece_s.push_back(static_cast<double>(m_clock.mono_ns() - t0) / 1e9);
                return on_token(piece);
            },
            cancel, spoken);
    }
    std::string companion_name() const override { return m_inner.companion_name(); }

private:
    Talker& m_inner;
    const Clock& m_clock;
};


}  // namespace os1::voice::test_fakes

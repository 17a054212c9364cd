// Her own voice coming back from a loudspeaker (issue 16): her output mixed
// into the microphone at -10 dB, 60 ms late, through the real VAD, does not
// interrupt her; the person speaking over her still does, within 200 ms.
// The same input without the echo gate is taken for a barge-in (so the
// test can fail). Her voice is flite's slt, the person's awb.
#include <gtest/gtest.h>

#include <cmath>
#include <deque>

#include "loop_fakes.h"
#include "voice/tts_select.h"

using namespace os1;
using namespace os1::voice;
using namespace os1::voice::test_fakes;

namespace {

// What she plays comes back into the microphone `delay` samples later at `gain`.
struct EchoPath {
    std::deque<int16_t> line;
    double gain;
    EchoPath(double gain_db, size_t delay) : line(delay, 0), gain(std::pow(10.0, gain_db / 20)) {}
};

class EchoIn final : public AudioIn {
public:
    EchoIn(const Pcm& pcm, EchoPath& path) : m_in(pcm, "the person"), m_path(path) {}
    int rate() const override { return 16000; }
    Result<size_t> read(std::span<int16_t> frame) override {
        const size_t got = TRY(m_in.read(frame));
        for (size_t i = 0; i < got; i++) {
            const int16_t echo = m_path.line.empty() ? int16_t{0} : m_path.line.front();
            if (!m_path.line.empty()) m_path.line.pop_front();
            frame[i] = static_cast<int16_t>(std::clamp(frame[i] + std::lround(m_path.gain * echo), -32768L, 32767L));
        }
        return got;
    }
    std::string describe() const override { return "the person and her echo"; }

private:
    WavFileIn m_in;
    EchoPath& m_path;
};

class EchoOut final : public AudioOut {
public:
    explicit EchoOut(EchoPath& path) : m_out("", 16000), m_path(path) {}
    int rate() const override { return 16000; }
    Result<void> write(std::span<const int16_t> samples) override {
        m_path.line.insert(m_path.line.end(), samples.begin(), samples.end());
        return m_out.write(samples);
    }
    void stop() override { m_out.stop(); }
    Result<void> close() override { return m_out.close(); }
    std::string describe() const override { return "her speaker"; }
    const Pcm& recorded() const { return m_out.recorded(); }

private:
    WavFileOut m_out;
    EchoPath& m_path;
};

// The person's lines (awb) at the given times; `onsets` gets where each is first loud.
Pcm person_lines(const std::vector<std::pair<double, std::string>>& lines, double total_s, std::vector<double>* onsets) {
    auto awb = open_voice("flite:awb");
    EXPECT_TRUE(awb.ok());
    Pcm pcm;
    pcm.samples.assign(static_cast<size_t>(total_s * 16000), 0);
    for (const auto& [at, text] : lines) {
        Pcm said = awb.ok() ? resample((*awb)->synthesize(text).value_or({}), 16000) : Pcm{};
        const size_t from = static_cast<size_t>(at * 16000);
        size_t lead = 0;
        while (lead < said.samples.size() && std::abs(said.samples[lead]) < 1000) lead++;
        if (onsets) onsets->push_back(static_cast<double>(from + lead) / 16000);
        for (size_t i = 0; i < said.samples.size() && from + i < pcm.samples.size(); i++) pcm.samples[from + i] = said.samples[i];
    }
    return pcm;
}

struct EchoRun {
    LoopReport report;
    Pcm recording;
};

EchoRun run_with_echo(TestHome& home, const Pcm& input, bool gate, std::vector<ScriptedRecognizer::Heard> heard) {
    EchoPath path(-10.0, 960);  // -10 dB, 60 ms
    EchoIn in(input, path);
    EchoOut out(path);
    VadConfig vad = loop_vad_config();
    vad.echo_gate = gate;
    auto detector = make_speech_detector(vad);
    ScriptedRecognizer asr;
    asr.script.assign(heard.begin(), heard.end());
    auto voice = open_voice("flite:slt");
    EXPECT_TRUE(voice.ok());
    CompanionTalker talker(*home.companion);
    LoopOptions options;
    options.simulate = &home.clock;
    VoiceLoop loop({in, out, *detector, asr, **voice, talker, home.clock}, options);
    auto report = loop.run();
    EXPECT_TRUE(report.ok()) << report.error().message;
    return {report.value_or({}), out.recorded()};
}

int barge_ins(const LoopReport& r) {
    int n = 0;
    for (const auto& e : r.events) n += e.kind == LoopEvent::Kind::BargeIn;
    return n;
}

const std::string REPLY =
    "That sounds like a big change. I remember you were nervous about the interview. "
    "What are you looking forward to the most? I hope the people there are kind to you.";

}  // namespace

TEST(Echo, HerOwnVoiceFromTheSpeakerIsNotTakenForTheirs) {
    const Pcm input = person_lines({{0.5, "I start the new job on Monday."}}, 14.0, nullptr);
    TestHome home;
    home.brain.replies = {REPLY};
    auto run = run_with_echo(home, input, true, {{"i start the new job on monday", 0.9}});
    ASSERT_EQ(run.report.exchanges.size(), 1u);
    EXPECT_EQ(barge_ins(run.report), 0);
    EXPECT_EQ(run.report.exchanges[0].finish, brain::FinishReason::Stop);
    EXPECT_EQ(run.report.exchanges[0].said, REPLY) << "she said all of it";
    EXPECT_GT(loud_samples(run.recording, 0, run.recording.seconds()), 16000u * 6) << "she spoke";

    // Without the gate the same echo interrupts her: the test can tell.
    TestHome again;
    again.brain.replies = {REPLY, "Yes?", "Yes?", "Yes?"};
    auto ungated = run_with_echo(again, input, false, {{"i start the new job on monday", 0.9}, {"", 0.9}, {"", 0.9}});
    EXPECT_GE(barge_ins(ungated.report), 1);
}

TEST(Echo, TheirVoiceOverHerEchoStillStopsHerWithin200ms) {
    std::vector<double> onsets;
    const Pcm input = person_lines({{0.5, "I start the new job on Monday."}, {5.0, "Wait, stop, please."}}, 12.0, &onsets);
    TestHome home;
    home.brain.replies = {REPLY, "Of course."};
    auto run = run_with_echo(home, input, true, {{"i start the new job on monday", 0.9}, {"wait stop please", 0.9}});
    ASSERT_GE(run.report.exchanges.size(), 1u);
    const auto& x = run.report.exchanges[0];
    ASSERT_GT(x.first_audio_s, 0);
    ASSERT_LT(x.first_audio_s, onsets[1] - 1.0) << "she was speaking when they began";
    EXPECT_EQ(barge_ins(run.report), 1);
    ASSERT_GE(x.barge_in_s, onsets[1]);
    EXPECT_LE(x.silenced_s - onsets[1], 0.2) << "silenced " << (x.silenced_s - onsets[1]) * 1000 << " ms after their onset";
    EXPECT_EQ(x.finish, brain::FinishReason::Cancelled);
    EXPECT_LT(x.said.size(), REPLY.size());
}

// Her ears while the person speaks (issue 16): the detector streams each
// utterance to the recogniser from its onset (200 ms of lead-in), the loop
// hands the stream to Ears (a thread of its own), and at the utterance's
// end only the rest of the search is left. The person's voice here is
// flite's awb (a real speech signal for the VAD).
#include <gtest/gtest.h>

#include <atomic>

#include "loop_fakes.h"
#include "voice/ears.h"
#include "voice/tts_select.h"

using namespace os1;
using namespace os1::voice;
using namespace os1::voice::test_fakes;

namespace {

// The person saying `line` between `before_s` and `after_s` of silence (16
// kHz); `onset_s` gets where the voice is first loud.
Pcm awb_saying(const std::string& line, double before_s, double after_s, double* onset_s = nullptr) {
    auto awb = open_voice("flite:awb");
    EXPECT_TRUE(awb.ok());
    Pcm said = awb.ok() ? resample((*awb)->synthesize(line).value_or({}), 16000) : Pcm{};
    if (onset_s) {
        size_t lead = 0;
        while (lead < said.samples.size() && std::abs(said.samples[lead]) < 1000) lead++;
        *onset_s = before_s + static_cast<double>(lead) / 16000;
    }
    Pcm pcm;
    pcm.samples.assign(static_cast<size_t>(before_s * 16000), 0);
    pcm.samples.insert(pcm.samples.end(), said.samples.begin(), said.samples.end());
    pcm.samples.insert(pcm.samples.end(), static_cast<size_t>(after_s * 16000), 0);
    return pcm;
}

// A recogniser that decodes as it goes, recording what it is given; the
// transcript says how many samples it heard. recognize() is not expected.
class StreamSpy final : public Recognizer {
public:
    std::atomic<int> begins{0}, finishes{0}, cancels{0}, recognizes{0};
    std::atomic<int64_t> fed{0};
    std::vector<int64_t> finished_with;  // samples heard by each finished stream
    std::string_view name() const override { return "spy"; }
    Result<Transcript> recognize(const Pcm& audio) override {
        recognizes++;
        Transcript t;
        t.audio_s = audio.seconds();
        t.text = "whole";
        t.confidence = 0.9;
        return t;
    }
    bool streams() const override { return true; }
    Result<void> begin_stream() override {
        begins++;
        m_now = 0;
        return {};
    }
    Result<void> feed_stream(std::span<const int16_t> samples) override {
        m_now += static_cast<int64_t>(samples.size());
        fed += static_cast<int64_t>(samples.size());
        return {};
    }
    Result<Transcript> finish_stream() override {
        finishes++;
        finished_with.push_back(m_now);
        Transcript t;
        t.audio_s = static_cast<double>(m_now) / 16000;
        t.text = "streamed " + std::to_string(m_now);
        t.confidence = 0.9;
        return t;
    }
    void cancel_stream() override { cancels++; }

private:
    int64_t m_now = 0;
};

}  // namespace

TEST(Stream, TheDetectorStreamsTheUtteranceFromItsOnsetToItsEnd) {
    double onset_s = 0;
    const Pcm input = awb_saying("I start the new job on Monday.", 1.0, 1.5, &onset_s);
    auto detector = make_speech_detector(loop_vad_config());
    int begins = 0, onset_frame = -1, end_frame = -1;
    int64_t streamed = 0, streamed_at_end = 0, fed_before_end = 0;
    std::optional<Utterance> utterance;
    const size_t frame = 320;
    for (size_t i = 0, f = 0; i + frame <= input.samples.size(); i += frame, f++) {
        auto step = detector->push(std::span<const int16_t>(input.samples.data() + i, frame));
        EXPECT_FALSE(step.drop);
        if (step.begin) {
            begins++;
            EXPECT_TRUE(step.onset) << "the stream begins at the onset";
            onset_frame = static_cast<int>(f);
        }
        if (begins > 0 && !utterance) EXPECT_FALSE(step.audio.empty()) << "every frame of the utterance is streamed, frame " << f;
        streamed += static_cast<int64_t>(step.audio.size());
        if (step.utterance) {
            utterance = std::move(step.utterance);
            end_frame = static_cast<int>(f);
            streamed_at_end = streamed;
            fed_before_end = streamed - static_cast<int64_t>(step.audio.size());
        }
    }
    ASSERT_EQ(begins, 1);
    ASSERT_TRUE(utterance);
    EXPECT_TRUE(utterance->streamed);
    // The onset within a tenth of a second of where the person begins.
    EXPECT_NEAR(onset_frame * 0.02, onset_s, 0.1);
    EXPECT_NEAR(utterance->start_s, onset_s, 0.1);
    // The stream: from 200 ms before the onset to the frame that ended the utterance.
    const int64_t from = static_cast<int64_t>(utterance->start_s * 16000) - 3200;
    EXPECT_NEAR(static_cast<double>(streamed_at_end), static_cast<double>((end_frame + 1) * 320 - from), 320.0);
    // By the end only one frame was left to give: the rest was heard while spoken.
    EXPECT_GE(fed_before_end, static_cast<int64_t>((utterance->end_s - utterance->start_s) * 16000));
    EXPECT_EQ(streamed, streamed_at_end) << "nothing is streamed after the utterance ended";
}

TEST(Stream, EarsHearInOrderAndAnswerEveryEnd) {
    StreamSpy spy;
    std::vector<int16_t> a(800, 100), b(1600, 100);
    std::shared_future<Result<Transcript>> first, second, none;
    {
        Ears ears(spy);
        ears.begin();
        ears.feed(a);
        ears.feed(b);
        first = ears.end();
        ears.begin();  // one begun and dropped,
        ears.feed(a);
        ears.cancel();
        ears.begin();  // one begun over another (the first is dropped)
        ears.feed(b);
        ears.begin();
        ears.feed(a);
        second = ears.end();
        none = ears.end();  // no stream: nothing heard
        none.wait();        // (Ears stopping answers what is left with an error)
    }
    ASSERT_TRUE(first.get().ok()) << first.get().error().message;
    EXPECT_EQ(first.get()->text, "streamed 2400");
    ASSERT_TRUE(second.get().ok());
    EXPECT_EQ(second.get()->text, "streamed 800");
    ASSERT_TRUE(none.get().ok());
    EXPECT_EQ(none.get()->text, "");
    EXPECT_EQ(spy.begins, 4);
    EXPECT_EQ(spy.finishes, 2);
    EXPECT_EQ(spy.cancels, 2);
    EXPECT_EQ(spy.recognizes, 0);
}

TEST(Stream, TheDefaultStreamKeepsTheAudioAndRecognisesItWhole) {
    ScriptedRecognizer asr;  // does not stream: the default of Recognizer
    asr.script = {{"hello there", 0.8}};
    EXPECT_FALSE(asr.streams());
    ASSERT_TRUE(asr.begin_stream().ok());
    std::vector<int16_t> piece(320, 7);
    for (int i = 0; i < 10; i++) ASSERT_TRUE(asr.feed_stream(piece).ok());
    auto heard = asr.finish_stream();
    ASSERT_TRUE(heard.ok());
    EXPECT_EQ(heard->text, "hello there");
    ASSERT_EQ(asr.seconds_heard.size(), 1u);
    EXPECT_DOUBLE_EQ(asr.seconds_heard[0], 0.2);
    asr.cancel_stream();
}

TEST(Stream, TheLoopTakesTheTranscriptOfTheStream) {
    for (bool stream : {true, false}) {
        SCOPED_TRACE(stream ? "streamed" : "whole at the end");
        TestHome home;
        home.brain.replies = {"Good luck with it."};
        StreamSpy spy;
        ToneVoice voice;
        const Pcm input = awb_saying("I start the new job on Monday.", 0.5, 2.5);
        WavFileIn in(input, "test input");
        WavFileOut out("", 16000);
        auto detector = make_speech_detector(loop_vad_config());
        CompanionTalker talker(*home.companion);
        LoopOptions options;
        options.simulate = &home.clock;
        options.stream = stream;
        VoiceLoop loop({in, out, *detector, spy, voice, talker, home.clock}, options);
        auto report = loop.run();
        ASSERT_TRUE(report.ok()) << report.error().message;
        ASSERT_EQ(report->exchanges.size(), 1u);
        const auto& x = report->exchanges[0];
        if (stream) {
            EXPECT_EQ(spy.recognizes, 0);
            EXPECT_EQ(spy.begins, 1);
            ASSERT_EQ(spy.finished_with.size(), 1u);
            EXPECT_EQ(x.heard, "streamed " + std::to_string(spy.finished_with[0]));
            // It heard the speech, its lead-in and the quiet that ended it.
            EXPECT_GE(spy.fed, static_cast<int64_t>((x.speech_end_s - x.speech_start_s + 0.2) * 16000));
        } else {
            EXPECT_EQ(spy.recognizes, 1);
            EXPECT_EQ(spy.begins, 0);
            EXPECT_EQ(x.heard, "whole");
        }
        EXPECT_EQ(x.said, "Good luck with it.");
    }
}

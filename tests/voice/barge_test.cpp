// Barge-in, with a FakeClock through the audio seam: when the person
// speaks over her, playback is silent within 200 ms of their speech
// starting, the generation is cancelled, and what she had said (not what
// was written) is stored as her reply.
#include <gtest/gtest.h>

#include "loop_fakes.h"

using namespace os1;
using namespace os1::voice;
using namespace os1::voice::test_fakes;

namespace {

std::string long_reply(int sentences) {
    std::string reply;
    for (int i = 0; i < sentences; i++) reply += "Let me tell you about the sea, part " + std::to_string(i) + ". ";
    return reply.substr(0, reply.size() - 1);
}

}  // namespace

TEST(BargeIn, SpeakingOverHerSilencesHerWithin200msAndCancelsTheReply) {
    TestHome home;
    const std::string reply = long_reply(12);
    home.brain.replies = {reply, "Yes, go on."};
    ScriptedRecognizer asr;
    asr.script = {{"tell me about the sea", 0.9}, {"wait a moment", 0.9}};
    ToneVoice voice;
    CompanionTalker inner(*home.companion);
    TimingTalker timing(inner, home.clock);
    // The person: a question at 0.5 s, then they speak again at 3.0 s (she is mid-reply).
    const double onset = 3.0;
    auto run = run_loop(home, asr, voice, person(9.0, {{0.5, 1.0}, {onset, 1.0}}), {}, &timing);

    ASSERT_EQ(run.report.exchanges.size(), 2u);
    const auto& x = run.report.exchanges[0];
    ASSERT_GT(x.first_audio_s, 0);
    EXPECT_LT(x.first_audio_s, onset);
    EXPECT_GT(loud_samples(run.recording, onset - 0.5, onset), 4000u) << "she was speaking when they began";
    ASSERT_GE(x.barge_in_s, onset);
    EXPECT_LE(x.barge_in_s - onset, 0.2);
    EXPECT_LE(x.silenced_s - onset, 0.2);
    // Silent from 200 ms after their onset until they have finished and she answers again.
    const double second_answer = run.report.exchanges[1].first_audio_s;
    ASSERT_GT(second_answer, onset + 1.0);
    EXPECT_EQ(loud_samples(run.recording, onset + 0.2, second_answer), 0u)
        << "sound at " << first_sound(run.recording, onset + 0.2) << " s; she answered again at " << second_answer;

    // The generation stopped: not every piece of the reply was written.
    size_t words = 1;
    for (char c : reply) words += c == ' ';
    EXPECT_LT(timing.piece_s.size(), words + 3) << "the brain was not cancelled";
    EXPECT_EQ(x.finish, brain::FinishReason::Cancelled);

    // Stored as said: what she had spoken, a true beginning of the reply, not all of it.
    ASSERT_FALSE(x.said.empty());
    EXPECT_EQ(reply.rfind(x.said, 0), 0u) << x.said;
    EXPECT_LT(x.said.size(), reply.size());
    const auto stored = home.stored();
    ASSERT_EQ(stored.size(), 4u);
    EXPECT_EQ(stored[1].episode.text, x.said);
    EXPECT_EQ(stored[2].episode.text, "wait a moment");
    EXPECT_EQ(stored[3].episode.text, "Yes, go on.");
}

TEST(BargeIn, AfterTheReplyWasWrittenOnlyTheSpokenPartIsStored) {
    TestHome home;
    const std::string reply = long_reply(10);
    home.brain.replies = {reply};
    ScriptedRecognizer asr;
    asr.script = {{"tell me about the sea", 0.9}, {"stop", 0.9}};
    ToneVoice voice;
    LoopOptions options;
    options.tokens_per_frame = 1000;  // the whole reply is written at once
    auto run = run_loop(home, asr, voice, person(8.0, {{0.5, 1.0}, {3.5, 0.6}}), options);
    ASSERT_GE(run.report.exchanges.size(), 1u);
    const auto& x = run.report.exchanges[0];
    EXPECT_EQ(x.finish, brain::FinishReason::Cancelled);
    ASSERT_FALSE(x.said.empty());
    EXPECT_LT(x.said.size(), reply.size());
    EXPECT_EQ(reply.rfind(x.said, 0), 0u);
    const auto stored = home.stored();
    ASSERT_GE(stored.size(), 2u);
    EXPECT_EQ(stored[1].episode.text, x.said) << "the unspoken rest was stored";
    EXPECT_LE(x.silenced_s - 3.5, 0.2);
}

TEST(BargeIn, WithoutBargeInSheFinishesHerSentence) {
    TestHome home;
    const std::string reply = long_reply(6);
    home.brain.replies = {reply, "Sure."};
    ScriptedRecognizer asr;
    asr.script = {{"tell me about the sea", 0.9}, {"mm hm", 0.9}};
    ToneVoice voice;
    LoopOptions options;
    options.barge_in = false;
    auto run = run_loop(home, asr, voice, person(12.0, {{0.5, 1.0}, {2.6, 0.5}}), options);
    ASSERT_GE(run.report.exchanges.size(), 1u);
    EXPECT_EQ(run.report.exchanges[0].said, reply);
    EXPECT_EQ(run.report.exchanges[0].barge_in_s, -1);
    EXPECT_GT(loud_samples(run.recording, 2.8, 3.2), 0u) << "she went on talking";
}

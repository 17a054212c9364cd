// The voice conversation on WAV-like input through the audio seam, in
// lockstep with a FakeClock: an utterance answered and stored with its
// metadata, sentences spoken as they stream, low confidence asked again,
// no turn from silence or noise, the wake phrase, determinism.
#include <gtest/gtest.h>

#include "loop_fakes.h"

using namespace os1;
using namespace os1::voice;
using namespace os1::voice::test_fakes;


TEST(VoiceLoop, AnUtteranceIsAnsweredAloudAndStoredWithItsMetadata) {
    TestHome home;
    home.brain.replies = {"Amy is a lovely name. Tell me about her."};
    ScriptedRecognizer asr;
    asr.script = {{"my sister is called Amy", 0.82}};
    ToneVoice voice;
    const Pcm input = person(5.0, {{0.5, 1.5}});
    auto run = run_loop(home, asr, voice, input);

    ASSERT_EQ(run.report.exchanges.size(), 1u);
    const auto& x = run.report.exchanges[0];
    EXPECT_EQ(x.heard, "my sister is called Amy");
    EXPECT_DOUBLE_EQ(x.confidence, 0.82);
    EXPECT_NEAR(x.speech_start_s, 0.5, 0.05);
    EXPECT_NEAR(x.speech_end_s, 2.0, 0.05);
    EXPECT_EQ(x.said, "Amy is a lovely name. Tell me about her.");
    EXPECT_EQ(x.finish, brain::FinishReason::Stop);
    ASSERT_EQ(asr.seconds_heard.size(), 1u);
    EXPECT_NEAR(asr.seconds_heard[0], 1.5, 0.4) << "the recogniser gets the utterance, not the whole stream";

    // She spoke both sentences, after the person and not over them.
    EXPECT_EQ(voice.said, (std::vector<std::string>{"Amy is a lovely name.", "Tell me about her."}));
    EXPECT_EQ(loud_samples(run.recording, 0, 2.0), 0u);
    const double first = first_sound(run.recording, 2.0);
    ASSERT_GT(first, 2.0);
    EXPECT_NEAR(first, x.first_audio_s, 0.021);
    // The tone of 9 words (0.45 s; a sine at 500 Hz is exactly 0 once in 16 samples).
    EXPECT_EQ(loud_samples(run.recording, first, run.recording.seconds()), 9 * 800 * 15 / 16);

    // Stored: the transcript as the person's message, then what she said.
    const auto stored = home.stored();
    ASSERT_EQ(stored.size(), 2u);
    EXPECT_EQ(stored[0].episode.speaker, "user");
    EXPECT_EQ(stored[0].episode.text, "my sister is called Amy");
    EXPECT_EQ(stored[1].episode.text, "Amy is a lovely name. Tell me about her.");
    EXPECT_EQ(x.user_id, stored[0].id);
    EXPECT_EQ(x.reply_id, stored[1].id);
}

TEST(VoiceLoop, TheTurnKnowsItWasSpoken) {
    TestHome home;
    companion::SpokenTurn seen;
    class Spy final : public Talker {
    public:
        Spy(Talker& inner, companion::SpokenTurn& seen, std::optional<companion::TurnResult>& result)
            : m_inner(inner), m_seen(seen), m_result(result) {}
        Result<companion::TurnResult> talk(std::string_view text, const brain::TokenCallback& on_token,
                                           const brain::CancelFlag* cancel, const companion::SpokenTurn& spoken) override {
            m_seen = spoken;
            auto r = m_inner.talk(text, on_token, cancel, spoken);
            if (r) m_result = *r;
            return r;
        }
        std::string companion_name() const override { return "Samantha"; }

    private:
        Talker& m_inner;
        companion::SpokenTurn& m_seen;
        std::optional<companion::TurnResult>& m_result;
    };
    std::optional<companion::TurnResult> result;
    CompanionTalker inner(*home.companion);
    Spy spy(inner, seen, result);
    ScriptedRecognizer asr;
    asr.script = {{"hello there", 0.7}};
    ToneVoice voice;
    run_loop(home, asr, voice, person(4.0, {{0.3, 1.2}}), {}, &spy);
    EXPECT_EQ(seen.recognizer, "scripted");
    EXPECT_NEAR(seen.confidence, 0.7, 1e-9);
    EXPECT_NEAR(seen.audio_s, 1.2, 0.4);
    ASSERT_TRUE(result.has_value());
    ASSERT_TRUE(result->spoken.has_value());
    const Json j = result->to_json();
    ASSERT_TRUE(j.contains("spoken"));
    EXPECT_NEAR(j["spoken"]["confidence"].get<double>(), 0.7, 1e-9);
    EXPECT_EQ(j["spoken"]["recognizer"], "scripted");
}

TEST(VoiceLoop, SentencesAreSpokenWhileTheReplyIsStillBeingWritten) {
    TestHome home;
    std::string reply;
    for (int i = 0; i < 8; i++) reply += "This is sentence number " + std::to_string(i) + " of my long answer. ";
    home.brain.replies = {reply};
    ScriptedRecognizer asr;
    asr.script = {{"tell me a story", 0.9}};
    ToneVoice voice;
    CompanionTalker inner(*home.companion);
    TimingTalker timing(inner, home.clock);
    LoopOptions options;
    options.tokens_per_frame = 1;  // a brain of 50 pieces a second
    auto run = run_loop(home, asr, voice, person(12.0, {{0.5, 1.0}}), options, &timing);
    ASSERT_EQ(run.report.exchanges.size(), 1u);
    const auto& x = run.report.exchanges[0];
    ASSERT_GT(timing.piece_s.size(), 40u);
    const double last_piece = timing.piece_s.back();
    ASSERT_GT(x.first_audio_s, 0);
    EXPECT_LT(x.first_audio_s, last_piece - 0.5) << "her first sentence played while the rest was being written";
    // The first sentence is complete after its 9 pieces: she speaks then, not later.
    EXPECT_LT(x.first_audio_s - x.speech_end_s, 0.3 + 9 * 0.02 + 0.1);
    EXPECT_EQ(voice.said.size(), 8u);
    EXPECT_EQ(x.said, reply.substr(0, reply.size() - 1));
}

// Where the time to her first audio goes, stage by stage, in order: the
// detector's end (300 ms of quiet), the transcript (at once here), the
// brain's first piece (the same tick), her first sentence once the piece
// after its five came (one a tick), and its first sample in that tick's frame.
TEST(VoiceLoop, TheStagesToHerFirstAudioAreTimedInOrder) {
    TestHome home;
    home.brain.replies = {"Amy is a lovely name. Tell me about her."};
    ScriptedRecognizer asr;
    asr.script = {{"my sister is called Amy", 0.82}};
    ToneVoice voice;
    auto run = run_loop(home, asr, voice, person(5.0, {{0.5, 1.5}}));
    ASSERT_EQ(run.report.exchanges.size(), 1u);
    const auto& x = run.report.exchanges[0];
    EXPECT_NEAR(x.ended_s - x.speech_end_s, 0.3, 0.021);
    EXPECT_DOUBLE_EQ(x.heard_s, x.ended_s);
    EXPECT_GE(x.first_piece_s, x.heard_s);
    EXPECT_LE(x.first_piece_s - x.heard_s, 0.021);
    EXPECT_NEAR(x.first_sentence_s - x.first_piece_s, 5 * 0.02, 0.001)
        << "\"Amy is a lovely name.\" is complete when the sixth piece's space shows it ended";
    EXPECT_NEAR(x.first_audio_s, x.first_sentence_s - 0.02, 0.001) << "played in the frame of the tick it was queued in";
}

TEST(VoiceLoop, LowConfidenceAsksToRepeatAndStoresNothing) {
    TestHome home;
    ScriptedRecognizer asr;
    asr.script = {{"mumble grumble", 0.1}};
    ToneVoice voice;
    auto run = run_loop(home, asr, voice, person(4.0, {{0.5, 1.0}}));
    EXPECT_TRUE(run.report.exchanges.size() <= 1u);
    for (const auto& x : run.report.exchanges) EXPECT_EQ(x.user_id, 0);
    EXPECT_TRUE(home.stored().empty()) << "a guess was stored";
    ASSERT_EQ(voice.said.size(), 1u);
    EXPECT_NE(voice.said[0].find("say it again"), std::string::npos);
    EXPECT_GT(loud_samples(run.recording, 1.5, 4.0), 0u) << "she asked aloud";
    bool asked = false;
    for (const auto& e : run.report.events) asked = asked || e.kind == LoopEvent::Kind::Repeat;
    EXPECT_TRUE(asked);
}

TEST(VoiceLoop, NoTurnFromSilenceOrFromSoundWithoutWords) {
    TestHome home;
    ScriptedRecognizer asr;
    ToneVoice voice;
    auto silent = run_loop(home, asr, voice, person(3.0, {}));
    EXPECT_TRUE(asr.seconds_heard.empty()) << "silence reached the recogniser";
    EXPECT_TRUE(silent.report.exchanges.empty());
    EXPECT_EQ(loud_samples(silent.recording, 0, 3.0), 0u);
    // A sound the recogniser finds no words in (a cough, a door): no turn, no reply.
    asr.script = {{"", 0.0}};
    auto noise = run_loop(home, asr, voice, person(3.0, {{0.5, 0.4}}));
    EXPECT_EQ(asr.seconds_heard.size(), 1u);
    EXPECT_TRUE(home.stored().empty());
    EXPECT_TRUE(voice.said.empty());
    EXPECT_EQ(loud_samples(noise.recording, 0, 3.0), 0u);
}

TEST(VoiceLoop, TheWakePhraseStartsAConversationThatThenGoesOnWithoutIt) {
    TestHome home;
    home.brain.replies = {"I'm well, thank you.", "Of course."};
    ScriptedRecognizer asr;
    asr.script = {{"what time is it", 0.9}, {"hey samantha how are you", 0.9}, {"can you help me", 0.9}};
    ToneVoice voice;
    LoopOptions options;
    options.wake_phrase = "hey Samantha";
    auto run = run_loop(home, asr, voice, person(12.0, {{0.5, 1.0}, {3.0, 1.0}, {7.0, 1.0}}), options);
    const auto stored = home.stored();
    ASSERT_EQ(stored.size(), 4u);
    EXPECT_EQ(stored[0].episode.text, "how are you");
    EXPECT_EQ(stored[1].episode.text, "I'm well, thank you.");
    EXPECT_EQ(stored[2].episode.text, "can you help me");
    EXPECT_EQ(loud_samples(run.recording, 0, 3.0), 0u) << "she answered without being woken";
}

TEST(VoiceLoop, WakePhraseMatching) {
    std::string rest;
    EXPECT_TRUE(starts_with_wake_phrase("Hey Samantha, what's up?", "hey samantha", &rest));
    EXPECT_EQ(rest, "what's up");
    EXPECT_TRUE(starts_with_wake_phrase("okay samantha", "hey samantha", &rest));
    EXPECT_EQ(rest, "");
    EXPECT_TRUE(starts_with_wake_phrase("samantha are you there", "hey samantha", &rest));
    EXPECT_EQ(rest, "are you there");
    EXPECT_FALSE(starts_with_wake_phrase("I told samantha about it", "hey samantha", &rest));
    EXPECT_FALSE(starts_with_wake_phrase("hey there", "hey samantha", &rest));
    EXPECT_FALSE(starts_with_wake_phrase("", "hey samantha", &rest));
}

TEST(VoiceLoop, ARunIsTheSameEveryTime) {
    std::vector<int16_t> first;
    for (int i = 0; i < 2; i++) {
        TestHome home;
        home.brain.replies = {"One. Two three. Four five six."};
        ScriptedRecognizer asr;
        asr.script = {{"count for me", 0.9}};
        ToneVoice voice;
        auto run = run_loop(home, asr, voice, person(5.0, {{0.5, 1.0}}));
        if (i == 0) first = run.recording.samples;
        else EXPECT_EQ(run.recording.samples, first);
    }
}

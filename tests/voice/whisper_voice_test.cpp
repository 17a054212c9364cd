// Whisper's decisions as a person meets them (issue 20): silence Whisper
// recognises as such gives no words and no turn in voice mode; the
// language and encoder-window options of the recogniser and of `os1
// transcribe`, checked and reported in --json.
#include <cstdlib>
#include <fstream>

#include "core/json.h"
#include "engine_tools/whisper_synth.h"
#include "loop_fakes.h"
#include "test_support.h"
#include "voice/asr_whisper.h"
#include "voice/transcribe.h"

namespace os1::voice {
namespace {

namespace fs = std::filesystem;
using namespace test_fakes;

// A small random-weight Whisper model written to `dir` (see whisper_synth.h).
fs::path write_synth_whisper(const fs::path& dir, const std::string& name, bool hears_no_speech, bool english = false) {
    engine::WhisperSynthOptions o{.hp = engine::whisper_synth_small(), .type = "f16"};
    o.hears_no_speech = hears_no_speech;
    if (english) o.hp.n_vocab = 51864;
    auto bytes = engine::whisper_synth(o);
    EXPECT_TRUE(bytes.ok());
    const fs::path p = dir / name;
    std::ofstream(p, std::ios::binary).write(reinterpret_cast<const char*>(bytes->data()),
                                             static_cast<std::streamsize>(bytes->size()));
    return p;
}

std::string quoted(const fs::path& p) { return "'" + p.string() + "'"; }

// Voice mode's loop (loop_fakes.h's run_loop, with a real recogniser).
Run run_whisper_loop(TestHome& home, Recognizer& asr, Voice& voice, const Pcm& input) {
    WavFileIn in(input, "test input");
    WavFileOut out("", 16000);
    EnergyDetector vad;
    CompanionTalker talker(*home.companion);
    LoopOptions options;
    options.simulate = &home.clock;
    VoiceLoop loop({in, out, vad, asr, voice, talker, home.clock}, options);
    auto report = loop.run();
    EXPECT_TRUE(report.ok()) << report.error().message;
    return {report.value_or({}), out.recorded()};
}

TEST(WhisperVoice, SilenceWhisperHearsGivesNoWordsAndNoTurn) {
    test::TempDir dir;
    WhisperAsrOptions o;
    o.model = write_synth_whisper(dir.path(), "ggml-silent.bin", true);
    o.threads = 2;
    o.audio_ctx = -1;  // as voice mode
    o.max_tokens = 8;
    auto asr = make_whisper(o);
    ASSERT_TRUE(asr.ok()) << asr.error().message;
    const Pcm burst = person(1.5, {{0.2, 1.0}});
    auto said = (*asr)->recognize(burst);
    ASSERT_TRUE(said.ok()) << said.error().message;
    EXPECT_EQ(said->text, "");
    EXPECT_TRUE(said->words.empty());
    EXPECT_GT(said->no_speech_prob, 0.6);

    TestHome home;
    ToneVoice voice;
    auto run = run_whisper_loop(home, **asr, voice, person(4.0, {{0.5, 1.0}}));
    bool ignored = false;
    for (const auto& e : run.report.events) ignored = ignored || e.kind == LoopEvent::Kind::Ignored;
    EXPECT_TRUE(ignored) << "the utterance did not reach the recogniser";
    for (const auto& e : run.report.exchanges) {
        EXPECT_EQ(e.heard, "");
        EXPECT_EQ(e.said, "");
    }
    EXPECT_TRUE(home.stored().empty());
    EXPECT_TRUE(voice.said.empty());
    EXPECT_EQ(loud_samples(run.recording, 0, 4.0), 0u);

    // The same model without Whisper's silence rule hears words: she answers
    // (or asks to hear it again), so the rule is what kept her quiet.
    o.no_speech_threshold = 1.0f;
    auto deaf_to_silence = make_whisper(o);
    ASSERT_TRUE(deaf_to_silence.ok());
    TestHome home2;
    home2.brain.replies = {"Yes?"};
    ToneVoice voice2;
    run_whisper_loop(home2, **deaf_to_silence, voice2, person(4.0, {{0.5, 1.0}}));
    EXPECT_FALSE(voice2.said.empty());
}

TEST(WhisperVoice, LanguageAndWindowOptionsAreCheckedAgainstTheModel) {
    test::TempDir dir;
    WhisperAsrOptions o;
    o.threads = 2;
    o.greedy_only = true;
    o.max_tokens = 6;
    o.model = write_synth_whisper(dir.path(), "ggml-tiny.en.bin", false, true);
    o.language = "de";
    auto en_only = make_whisper(o);
    ASSERT_FALSE(en_only.ok());
    EXPECT_NE(en_only.error().message.find("English-only"), std::string::npos) << en_only.error().message;
    o.language = "auto";
    EXPECT_TRUE(make_whisper(o).ok());

    o.model = write_synth_whisper(dir.path(), "ggml-tiny.bin", false);
    o.language = "xx";
    auto unknown = make_whisper(o);
    ASSERT_FALSE(unknown.ok());
    EXPECT_NE(unknown.error().message.find("'xx'"), std::string::npos) << unknown.error().message;
    o.language = "en";
    o.audio_ctx = 1501;
    EXPECT_FALSE(make_whisper(o).ok());
    o.audio_ctx = -2;
    EXPECT_FALSE(make_whisper(o).ok());

    o.audio_ctx = -1;
    o.language = "de";
    auto de = make_whisper(o);
    ASSERT_TRUE(de.ok()) << de.error().message;
    const Pcm burst = person(1.5, {{0.2, 1.0}});
    auto heard = (*de)->recognize(burst);
    ASSERT_TRUE(heard.ok());
    EXPECT_EQ(heard->language, "de");
    EXPECT_EQ(heard->language_prob, -1.0);
    EXPECT_GE(heard->no_speech_prob, 0.0);
    EXPECT_LE(heard->no_speech_prob, 1.0);
    o.language = "auto";
    auto detect = make_whisper(o);
    ASSERT_TRUE(detect.ok());
    auto detected = (*detect)->recognize(burst);
    ASSERT_TRUE(detected.ok());
    EXPECT_EQ(detected->language.empty(), false);
    EXPECT_GT(detected->language_prob, 0.0);
    EXPECT_LE(detected->language_prob, 1.0);
}

TEST(WhisperVoice, TranscribeReportsNoSpeechAndLanguageInJson) {
    const fs::path kit = test::shared();
    if (kit.empty()) GTEST_SKIP() << "needs the kit's speech clips (set OS1_SHARED)";
    test::TempDir home;
    const fs::path multi = write_synth_whisper(home.path(), "ggml-tiny.bin", false);
    const fs::path silent = write_synth_whisper(home.path(), "ggml-silent.bin", true);
    // A person speaking (the voice-activity detector finds an utterance).
    const std::string clip = quoted(kit / "data/speech/speechbrain-ASR/spk2_snt2.wav");

    auto r = test::run_os1("transcribe --json --threads 2 --language auto --audio-ctx fit --model " + quoted(multi) +
                               " " + clip,
                           home.path());
    ASSERT_EQ(r.status, 0) << r.out;
    auto lines = test::json_lines(r.out);
    ASSERT_EQ(lines.size(), 1u) << r.out;
    const Json& j = lines[0];
    EXPECT_EQ(j["asr"], "whisper");
    ASSERT_TRUE(j.contains("language")) << r.out;
    EXPECT_EQ(j["language"].get<std::string>().empty(), false);
    ASSERT_TRUE(j.contains("language_prob")) << r.out;
    EXPECT_GT(j["language_prob"].get<double>(), 0.0);
    ASSERT_TRUE(j.contains("no_speech_prob")) << r.out;
    EXPECT_LE(j["no_speech_prob"].get<double>(), 1.0);
    EXPECT_FALSE(j["text"].get<std::string>().empty()) << r.out;

    // Silence as Whisper judges it: no text, and the probability says why.
    auto s = test::run_os1("transcribe --json --threads 2 --model " + quoted(silent) + " " + clip, home.path());
    ASSERT_EQ(s.status, 0) << s.out;
    auto sj = test::json_lines(s.out);
    ASSERT_EQ(sj.size(), 1u) << s.out;
    EXPECT_EQ(sj[0]["text"], "");
    EXPECT_GT(sj[0]["no_speech_prob"].get<double>(), 0.99) << s.out;
    EXPECT_EQ(sj[0]["language"], "en");
    EXPECT_FALSE(sj[0].contains("language_prob"));

    // Bad values are refused before any work.
    for (const std::string bad : {"--audio-ctx 2000", "--audio-ctx -5", "--audio-ctx soon", "--asr pocketsphinx --language de"}) {
        auto e = test::run_os1("transcribe " + bad + " " + clip + " 2>&1", home.path());
        EXPECT_EQ(e.status, 2) << bad << ": " << e.out;
    }
    auto unknown = test::run_os1("transcribe --language xx --model " + quoted(multi) + " " + clip + " 2>&1", home.path());
    EXPECT_EQ(unknown.status, 1) << unknown.out;
    EXPECT_NE(unknown.out.find("'xx'"), std::string::npos) << unknown.out;
}

}  // namespace
}  // namespace os1::voice

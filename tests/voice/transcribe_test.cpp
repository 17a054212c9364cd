// Transcribing recordings: the words said, at any rate and width, with
// times counted from the start of the recording; nothing for silence,
// noise or tones; and `os1 transcribe`'s contract.
#include <cmath>
#include <cstring>
#include <fstream>
#include <numbers>
#include <optional>
#include <sstream>

#include "core/json.h"
#include "test_support.h"
#include "voice/asr_pocketsphinx.h"
#include "voice/transcribe.h"

namespace os1::voice {
namespace {

Transcriber* shared_transcriber(std::string* why) {
    static auto made = Transcriber::make({});
    if (!made.ok()) {
        *why = made.error().message;
        return nullptr;
    }
    return made->get();
}

#define REQUIRE_TRANSCRIBER(var)                                        \
    std::string why_##var;                                              \
    Transcriber* var = shared_transcriber(&why_##var);                  \
    if (!var) GTEST_SKIP() << "pocketsphinx is not usable here: " << why_##var;

double recall(const std::string& expected, const std::string& got) {
    std::vector<std::string> want, have;
    std::istringstream a(expected), b(got);
    for (std::string w; a >> w;) want.push_back(w);
    for (std::string w; b >> w;) have.push_back(w);
    int found = 0;
    for (const auto& w : want)
        if (auto it = std::find(have.begin(), have.end(), w); it != have.end()) { ++found; have.erase(it); }
    return want.empty() ? 1.0 : static_cast<double>(found) / want.size();
}

Pcm silence(double s, int rate = 16000) {
    Pcm p;
    p.rate = rate;
    p.samples.assign(static_cast<size_t>(s * rate), 0);
    return p;
}

Pcm concat(const Pcm& a, const Pcm& b) {
    Pcm out = a;
    out.samples.insert(out.samples.end(), b.samples.begin(), b.samples.end());
    return out;
}

const char* JFK = "and so my fellow americans ask not what your country can do for you ask what you can do for your country";

TEST(Transcribe, ALongRecordingWithPausesIsTranscribedWhole) {
    OS1_REQUIRE_SHARED(kit);
    REQUIRE_TRANSCRIBER(t);
    auto clip = read_wav(kit / "data/speech/whisper.cpp/jfk.wav");
    ASSERT_TRUE(clip.ok());
    auto said = t->run(*clip);
    ASSERT_TRUE(said.ok()) << said.error().message;
    EXPECT_GE(recall(JFK, said->text), 0.7) << said->text;
    EXPECT_NEAR(said->audio_s, 11.0, 0.01);
    double last = 0;
    for (const auto& w : said->words) {
        EXPECT_GE(w.start_s, last - 1e-9) << w.text;
        last = w.end_s;
    }
    EXPECT_LE(last, 11.0);
    EXPECT_GT(last, 9.0);  // "country" ends near the end of the clip
}

TEST(Transcribe, WordTimesCountFromTheStartOfTheRecording) {
    OS1_REQUIRE_SHARED(kit);
    REQUIRE_TRANSCRIBER(t);
    auto clip = read_wav(kit / "data/speech/speechbrain-ASR/spk1_snt5.wav");
    ASSERT_TRUE(clip.ok());
    auto plain = t->run(*clip);
    auto later = t->run(concat(silence(3.0), *clip));
    ASSERT_TRUE(plain.ok() && later.ok());
    ASSERT_FALSE(plain->words.empty());
    EXPECT_EQ(plain->text, later->text);
    ASSERT_EQ(plain->words.size(), later->words.size());
    for (size_t i = 0; i < plain->words.size(); ++i)
        EXPECT_NEAR(later->words[i].start_s - plain->words[i].start_s, 3.0, 0.25) << plain->words[i].text;
}

// The same speech as 44.1 kHz stereo 24-bit and as 8-bit 22.05 kHz: any
// common WAV gives (nearly) the same words.
TEST(Transcribe, AnyCommonRateAndWidthGivesTheSameWords) {
    OS1_REQUIRE_SHARED(kit);
    REQUIRE_TRANSCRIBER(t);
    test::TempDir dir;
    auto clip = read_wav(kit / "data/speech/librispeech-arm-mlek/another_engineer.wav");
    ASSERT_TRUE(clip.ok());
    auto reference = t->run(*clip);
    ASSERT_TRUE(reference.ok());
    Pcm hi = resample(*clip, 44100);
    // 24-bit stereo image: left and right equal.
    std::string data;
    for (int16_t s : hi.samples)
        for (int c = 0; c < 2; ++c) {
            int32_t v = static_cast<int32_t>(s) * 256;
            for (int b = 0; b < 3; ++b) data.push_back(static_cast<char>((v >> (8 * b)) & 0xFF));
        }
    auto u32 = [](uint32_t v) { return std::string(reinterpret_cast<const char*>(&v), 4); };
    auto u16 = [](uint16_t v) { return std::string(reinterpret_cast<const char*>(&v), 2); };
    std::string wav = "RIFF" + u32(36 + data.size()) + "WAVEfmt " + u32(16) + u16(1) + u16(2) + u32(44100) +
                      u32(44100 * 6) + u16(6) + u16(24) + "data" + u32(data.size()) + data;
    std::ofstream(dir / "stereo24.wav", std::ios::binary) << wav;
    auto stereo = transcribe_file(dir / "stereo24.wav", {});
    ASSERT_TRUE(stereo.ok()) << stereo.error().message;
    EXPECT_GE(recall(reference->text, stereo->text), 0.8) << reference->text << " | " << stereo->text;
    EXPECT_GE(recall("another engineer rushed toward the door to see what was happening outside", stereo->text), 0.7)
        << stereo->text;
    EXPECT_NEAR(stereo->audio_s, clip->seconds(), 0.01);
}

TEST(Transcribe, SilenceNoiseAndATone) {
    REQUIRE_TRANSCRIBER(t);
    auto quiet = t->run(silence(3.0, 44100));
    ASSERT_TRUE(quiet.ok());
    EXPECT_EQ(quiet->text, "");
    EXPECT_TRUE(quiet->words.empty());
    EXPECT_NEAR(quiet->audio_s, 3.0, 1e-6);
    Pcm hiss = silence(3.0);
    std::mt19937 rng(5);
    std::normal_distribution<double> g(0, 2000);
    for (auto& s : hiss.samples) s = static_cast<int16_t>(std::clamp(g(rng), -32768.0, 32767.0));
    auto noisy = t->run(hiss);
    ASSERT_TRUE(noisy.ok());
    EXPECT_EQ(noisy->text, "");
    Pcm tone = silence(3.0);
    for (size_t i = 0; i < tone.samples.size(); ++i)
        tone.samples[i] = static_cast<int16_t>(9000 * std::sin(2 * std::numbers::pi * 800 * i / 16000.0));
    auto beep = t->run(tone);
    ASSERT_TRUE(beep.ok());
    EXPECT_EQ(beep->text, "");
    auto empty = t->run(Pcm{});
    ASSERT_TRUE(empty.ok());
    EXPECT_EQ(empty->text, "");
}

TEST(Transcribe, TwoThreadsGiveTheSameTranscript) {
    OS1_REQUIRE_SHARED(kit);
    if (!find_pocketsphinx_model().ok()) GTEST_SKIP() << "pocketsphinx-en-us is not installed";
    // Two short sentences a second apart: two utterances, one per thread.
    auto a1 = read_wav(kit / "data/speech/speechbrain-ASR/spk2_snt1.wav");
    auto a2 = read_wav(kit / "data/speech/speechbrain-ASR/spk2_snt2.wav");
    ASSERT_TRUE(a1.ok() && a2.ok());
    auto clip = std::optional<Pcm>(concat(concat(*a1, silence(1.0)), *a2));
    auto one = Transcriber::make({});
    auto two = Transcriber::make({.threads = 2});
    ASSERT_TRUE(one.ok() && two.ok());
    auto a = (*one)->run(*clip), b = (*two)->run(*clip);
    ASSERT_TRUE(a.ok() && b.ok());
    EXPECT_EQ(a->text, b->text);
    EXPECT_GE(recall("what joy there is in living", b->text), 0.6) << b->text;
}

TEST(Transcribe, BadOptionsAreRefused) {
    auto unknown = Transcriber::make({.asr = "whisper-large"});
    ASSERT_FALSE(unknown.ok());
    EXPECT_NE(unknown.error().message.find("pocketsphinx"), std::string::npos);
    EXPECT_FALSE(Transcriber::make({.threads = 0}).ok());
    EXPECT_FALSE(Transcriber::make({.threads = 100}).ok());
}

TEST(TranscriptJson, CarriesTheContractsFields) {
    Transcript t;
    t.text = "hello there";
    t.words = {{"hello", 0.1, 0.4, 0.9}, {"there", 0.45, 0.8, 0.5}};
    t.confidence = 0.7;
    t.audio_s = 1.25;
    auto j = parse_json(transcript_json(t));
    ASSERT_TRUE(j.ok());
    EXPECT_EQ((*j)["text"], "hello there");
    EXPECT_DOUBLE_EQ((*j)["duration"].get<double>(), 1.25);
    EXPECT_DOUBLE_EQ((*j)["confidence"].get<double>(), 0.7);
    ASSERT_EQ((*j)["words"].size(), 2u);
    EXPECT_EQ((*j)["words"][1]["word"], "there");
    EXPECT_DOUBLE_EQ((*j)["words"][1]["start"].get<double>(), 0.45);
    EXPECT_DOUBLE_EQ((*j)["words"][1]["end"].get<double>(), 0.8);
    EXPECT_DOUBLE_EQ((*j)["words"][1]["confidence"].get<double>(), 0.5);
    EXPECT_EQ(transcript_json(Transcript{}).find('\n'), std::string::npos);
}

// ---- os1 transcribe -------------------------------------------------------

TEST(TranscribeCommand, PrintsOneJsonObject) {
    OS1_REQUIRE_SHARED(kit);
    if (!find_pocketsphinx_model().ok()) GTEST_SKIP() << "pocketsphinx-en-us is not installed";
    test::TempDir home;
    auto r = test::run_os1("transcribe --json " + (kit / "data/speech/ljspeech-speechbrain/LJ050-0131.wav").string(),
                           home.path());
    ASSERT_EQ(r.status, 0) << r.out;
    auto lines = test::json_lines(r.out);
    ASSERT_EQ(lines.size(), 1u) << r.out;
    const auto& j = lines[0];
    for (const char* key : {"text", "words", "confidence", "duration"}) EXPECT_TRUE(j.contains(key)) << key;
    EXPECT_EQ(j["asr"], "pocketsphinx");  // no Whisper model in this home
    EXPECT_GE(recall("unless a system is established for the frequent formal review of activities thereunder in this regard",
                     j["text"].get<std::string>()), 0.6)
        << j["text"];
    EXPECT_NEAR(j["duration"].get<double>(), 7.66, 0.01);
    ASSERT_FALSE(j["words"].empty());
    for (const char* key : {"word", "start", "end", "confidence"}) EXPECT_TRUE(j["words"][0].contains(key)) << key;
}

TEST(TranscribeCommand, SilenceGivesEmptyText) {
    if (!find_pocketsphinx_model().ok()) GTEST_SKIP() << "pocketsphinx-en-us is not installed";
    test::TempDir home;
    ASSERT_TRUE(write_wav(home / "quiet.wav", silence(2.0, 8000)).ok());
    auto r = test::run_os1("transcribe --json " + (home / "quiet.wav").string(), home.path());
    ASSERT_EQ(r.status, 0) << r.out;
    auto lines = test::json_lines(r.out);
    ASSERT_EQ(lines.size(), 1u) << r.out;
    EXPECT_EQ(lines[0]["text"], "");
    EXPECT_TRUE(lines[0]["words"].empty());
    auto plain = test::run_os1("transcribe " + (home / "quiet.wav").string(), home.path());
    EXPECT_EQ(plain.status, 0);
    EXPECT_EQ(plain.out, "\n");
}

TEST(TranscribeCommand, BadInputAndUsageHaveClearErrors) {
    test::TempDir home;
    std::ofstream(home / "text.wav") << "this is not audio";
    auto bad = test::run_os1("transcribe " + (home / "text.wav").string(), home.path());
    EXPECT_EQ(bad.status, 1);
    EXPECT_NE(bad.out.find("not a WAV"), std::string::npos) << bad.out;
    auto missing = test::run_os1("transcribe " + (home / "gone.wav").string(), home.path());
    EXPECT_EQ(missing.status, 1);
    EXPECT_NE(missing.out.find("gone.wav"), std::string::npos) << missing.out;
    auto usage = test::run_os1("transcribe --asr nope " + (home / "text.wav").string(), home.path());
    EXPECT_EQ(usage.status, 2);
    EXPECT_NE(usage.out.find("pocketsphinx"), std::string::npos) << usage.out;
    EXPECT_EQ(test::run_os1("transcribe", home.path()).status, 2);
}

}  // namespace
}  // namespace os1::voice

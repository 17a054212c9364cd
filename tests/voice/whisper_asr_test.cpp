// Whisper as her ears (issue 20): the Recognizer backend on the kit's
// random-weight Whisper model (the real file format and vocabulary, the
// shapes of a toy), the choice between Whisper and pocketsphinx, and the
// product around it: `os1 pull FILE.bin`, `os1 models`, `os1 transcribe
// --asr whisper --json`, `os1 doctor`, a hostile model refused. What real
// weights hear is checked by whisper_model_slow_test.cpp when a real model
// is at hand.
#include <cstdlib>
#include <fstream>

#include "core/json.h"
#include "test_support.h"
#include "voice/asr_whisper.h"
#include "voice/transcribe.h"

namespace os1::voice {
namespace {

namespace fs = std::filesystem;

// The kit's random-weight model in f16 (4.3 MB), or empty.
fs::path kit_model() {
    auto kit = test::shared();
    if (kit.empty()) return {};
    fs::path p = kit / "conformance/whisper/syn-whisper-f16.bin";
    return fs::is_regular_file(p) ? p : fs::path{};
}

#define REQUIRE_KIT_MODEL(var)   \
    const fs::path var = kit_model(); \
    if (var.empty()) GTEST_SKIP() << "the kit's conformance/whisper/syn-whisper-f16.bin is absent (set OS1_SHARED)";

std::string q(const fs::path& p) { return "'" + p.string() + "'"; }

WhisperAsrOptions with_model(const fs::path& p) {
    WhisperAsrOptions o;
    o.model = p;
    return o;
}

// Times in order, inside the clip; confidences are probabilities.
void expect_well_formed(const std::vector<Word>& words, double audio_s) {
    double last_end = 0;
    for (const auto& w : words) {
        EXPECT_FALSE(w.text.empty());
        EXPECT_GE(w.start_s, last_end - 1e-9) << w.text;
        EXPECT_LE(w.start_s, w.end_s) << w.text;
        EXPECT_LE(w.end_s, audio_s + 1e-9) << w.text;
        EXPECT_GT(w.confidence, 0.0) << w.text;
        EXPECT_LE(w.confidence, 1.0) << w.text;
        last_end = w.end_s;
    }
}

TEST(WhisperAsr, WordsComeWithOrderedTimesInsideTheClip) {
    REQUIRE_KIT_MODEL(model);
    auto kit = test::shared();
    auto clip = read_wav(kit / "data/speech/speechbrain-ASR/spk2_snt2.wav");
    ASSERT_TRUE(clip.ok()) << clip.error().message;
    WhisperAsrOptions o;
    o.model = model;
    o.threads = 2;
    o.greedy_only = true;
    o.max_tokens = 24;
    auto asr = make_whisper(o);
    ASSERT_TRUE(asr.ok()) << asr.error().message;
    EXPECT_EQ((*asr)->name(), "whisper");
    auto said = (*asr)->recognize(*clip);
    ASSERT_TRUE(said.ok()) << said.error().message;
    // Random weights say nonsense, but the timestamp rules still shape it:
    // words, their times in order and inside the 1.76 s clip.
    ASSERT_FALSE(said->words.empty());
    expect_well_formed(said->words, clip->seconds());
    std::string joined;
    for (const auto& w : said->words) joined += (joined.empty() ? "" : " ") + w.text;
    EXPECT_EQ(said->text, joined);
    EXPECT_NEAR(said->audio_s, 1.76, 0.01);
    EXPECT_GT(said->confidence, 0.0);
    // The same audio gives the same words (greedy).
    auto again = (*asr)->recognize(*clip);
    ASSERT_TRUE(again.ok());
    EXPECT_EQ(again->text, said->text);
    // Another rate is the caller's to resample.
    Pcm other = *clip;
    other.rate = 8000;
    EXPECT_FALSE((*asr)->recognize(other).ok());
}

TEST(WhisperAsr, AHostileModelIsRefusedNamingTheFile) {
    test::TempDir dir;
    // ggml's magic and a header that promises far more than the file holds.
    std::ofstream(dir / "ggml-bad.bin", std::ios::binary) << std::string("lmgg", 4) << std::string(40, '\x7f');
    auto made = make_whisper(with_model(dir / "ggml-bad.bin"));
    ASSERT_FALSE(made.ok());
    EXPECT_NE(made.error().message.find("ggml-bad.bin"), std::string::npos) << made.error().message;
    EXPECT_NE(made.error().message.find("not a usable Whisper model"), std::string::npos) << made.error().message;
    EXPECT_FALSE(make_whisper(with_model(dir / "absent.bin")).ok());
}

TEST(WhisperAsr, AutoPicksWhisperOnlyWhenAModelIsThere) {
    REQUIRE_KIT_MODEL(model);
    test::TempDir dir;
    EXPECT_FALSE(find_whisper_model(dir.path()).ok());
    fs::copy_file(model, dir / "ggml-tiny.en.bin");
    fs::copy_file(model, dir / "ggml-base.en.bin");
    auto found = find_whisper_model(dir.path());
    ASSERT_TRUE(found.ok()) << found.error().message;
    EXPECT_EQ(found->filename(), "ggml-base.en.bin");  // the better one
    auto chosen = choose_asr("auto", model);
    ASSERT_TRUE(chosen.ok());
    EXPECT_EQ(chosen->name, "whisper");
    EXPECT_EQ(choose_asr("pocketsphinx")->name, "pocketsphinx");
    EXPECT_FALSE(choose_asr("vosk").ok());
}

// ---- the product: os1 pull, os1 models, os1 transcribe, os1 doctor ---------

TEST(WhisperCommand, PullFromAFileThenTranscribeWithIt) {
    REQUIRE_KIT_MODEL(model);
    auto kit = test::shared();
    test::TempDir home;
    const fs::path clip = kit / "data/speech/speechbrain-ASR/spk2_snt2.wav";
    // Before: no Whisper model, so pocketsphinx, and the doctor says why.
    auto doctor = test::run_os1("doctor", home.path());
    EXPECT_NE(doctor.out.find("pocketsphinx (no Whisper model"), std::string::npos) << doctor.out;
    auto asked = test::run_os1("transcribe --asr whisper " + q(clip) + " 2>&1", home.path());
    EXPECT_EQ(asked.status, 1);
    EXPECT_NE(asked.out.find("os1 pull whisper"), std::string::npos) << asked.out;

    // Installed offline from a file:// URL under the alias's name, private.
    auto pulled = test::run_os1("pull whisper-tiny.en --from file://" + model.string() + " 2>&1", home.path());
    ASSERT_EQ(pulled.status, 0) << pulled.out;
    const fs::path installed = home / "models/ggml-tiny.en.bin";
    ASSERT_TRUE(fs::is_regular_file(installed)) << pulled.out;
    EXPECT_EQ(fs::status(installed).permissions() & fs::perms::all, fs::perms::owner_read | fs::perms::owner_write);
    auto listed = test::run_os1("models", home.path());
    EXPECT_NE(listed.out.find("ggml-tiny.en.bin"), std::string::npos) << listed.out;
    EXPECT_NE(listed.out.find("whisper"), std::string::npos) << listed.out;
    // Never the chat model.
    auto config = test::run_os1("doctor", home.path());
    EXPECT_EQ(config.out.find("brain.model"), std::string::npos) << config.out;
    EXPECT_NE(config.out.find("whisper (" + installed.string()), std::string::npos) << config.out;

    // The default recogniser is now Whisper, and --json says so.
    auto r = test::run_os1("transcribe --json --threads 2 " + q(clip), home.path());
    ASSERT_EQ(r.status, 0) << r.out;
    auto lines = test::json_lines(r.out);
    ASSERT_EQ(lines.size(), 1u) << r.out;
    const Json& j = lines[0];
    EXPECT_EQ(j["asr"], "whisper");
    EXPECT_NEAR(j["duration"].get<double>(), 1.76, 0.01);
    ASSERT_FALSE(j["words"].empty()) << r.out;
    double last = 0;
    for (const auto& w : j["words"]) {
        EXPECT_GE(w["start"].get<double>(), last - 1e-9);
        EXPECT_LE(w["start"].get<double>(), w["end"].get<double>());
        EXPECT_LE(w["end"].get<double>(), 1.76 + 1e-3);
        last = w["end"].get<double>();
    }
}

TEST(WhisperCommand, AHostileBinIsRefusedAndNothingInstalled) {
    test::TempDir home;
    std::ofstream(home / "ggml-evil.bin", std::ios::binary) << std::string("lmgg", 4) << std::string(200, '\xff');
    auto r = test::run_os1("pull " + q(home / "ggml-evil.bin") + " 2>&1", home.path());
    EXPECT_EQ(r.status, 1) << r.out;
    EXPECT_NE(r.out.find("not a usable Whisper model"), std::string::npos) << r.out;
    EXPECT_FALSE(fs::exists(home / "models/ggml-evil.bin"));
    Pcm quiet;
    quiet.samples.assign(8000, 0);
    ASSERT_TRUE(write_wav(home / "quiet.wav", quiet).ok());
    auto t = test::run_os1("transcribe --model " + q(home / "ggml-evil.bin") + " " + q(home / "quiet.wav") + " 2>&1",
                           home.path());
    EXPECT_EQ(t.status, 1) << t.out;
    EXPECT_NE(t.out.find("not a usable Whisper model"), std::string::npos) << t.out;
}

}  // namespace
}  // namespace os1::voice

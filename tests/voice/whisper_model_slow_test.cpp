// Whisper with real weights (issue 20): a kit clip through the Recognizer
// and through `os1 transcribe --asr whisper --json`. Real models are not in
// the reference kit, so this runs where one is at hand:
// $OS1_WHISPER_TEST_MODEL (a ggml-tiny*.bin, say), or models/ggml-tiny.en.bin
// / models/ggml-tiny.bin in the kit; it skips saying so otherwise. Slow
// (a real encoder pass per utterance): Release stage only.
#include <algorithm>
#include <cstdlib>
#include <sstream>

#include "core/json.h"
#include "test_support.h"
#include "voice/asr_whisper.h"
#include "voice/transcribe.h"

namespace os1::voice {
namespace {

namespace fs = std::filesystem;

fs::path real_model() {
    if (const char* env = std::getenv("OS1_WHISPER_TEST_MODEL"); env && *env && fs::is_regular_file(env)) return env;
    auto kit = test::shared();
    if (kit.empty()) return {};
    for (const char* name : {"models/ggml-tiny.en.bin", "models/ggml-tiny.bin"})
        if (fs::is_regular_file(kit / name)) return kit / name;
    return {};
}

#define REQUIRE_REAL_MODEL(var)      \
    const fs::path var = real_model(); \
    if (var.empty())                   \
        GTEST_SKIP() << "no real Whisper model: the kit has none; set OS1_WHISPER_TEST_MODEL=ggml-tiny.en.bin to run this";

// Share of the expected words found (lower case, letters only).
double recall(const std::string& expected, const std::string& got) {
    auto words = [](const std::string& s) {
        std::vector<std::string> out;
        std::string w;
        for (char c : s + " ") {
            if (std::isalpha(static_cast<unsigned char>(c)) || c == '\'') w += static_cast<char>(std::tolower(c));
            else if (!w.empty()) out.push_back(w), w.clear();
        }
        return out;
    };
    auto want = words(expected), have = words(got);
    int found = 0;
    for (const auto& w : want)
        if (auto it = std::find(have.begin(), have.end(), w); it != have.end()) ++found, have.erase(it);
    return want.empty() ? 1.0 : static_cast<double>(found) / static_cast<double>(want.size());
}

TEST(WhisperRealModel, HearsAKitClipThroughTheRecognizer) {
    REQUIRE_REAL_MODEL(model);
    OS1_REQUIRE_SHARED(kit);
    auto clip = read_wav(kit / "data/speech/speechbrain-ASR/spk1_snt5.wav");
    ASSERT_TRUE(clip.ok());
    WhisperAsrOptions o;
    o.model = model;
    o.threads = 2;
    auto asr = make_whisper(o);
    ASSERT_TRUE(asr.ok()) << asr.error().message;
    auto said = (*asr)->recognize(*clip);
    ASSERT_TRUE(said.ok()) << said.error().message;
    EXPECT_GE(recall("sunday is the best part of the week", said->text), 0.75) << said->text;
    double last = 0;
    for (const auto& w : said->words) {
        EXPECT_GE(w.start_s, last - 1e-9);
        EXPECT_LE(w.end_s, clip->seconds() + 1e-9);
        last = w.end_s;
    }
}

TEST(WhisperRealModel, TranscribeCommandSaysWhisperAndTheWords) {
    REQUIRE_REAL_MODEL(model);
    OS1_REQUIRE_SHARED(kit);
    test::TempDir home;
    auto r = test::run_os1("transcribe --asr whisper --json --threads 2 --model '" + model.string() + "' '" +
                               (kit / "data/speech/librispeech-arm-mlek/i_tell_you.wav").string() + "'",
                           home.path());
    ASSERT_EQ(r.status, 0) << r.out;
    auto lines = test::json_lines(r.out);
    ASSERT_EQ(lines.size(), 1u) << r.out;
    EXPECT_EQ(lines[0]["asr"], "whisper");
    EXPECT_GE(recall("I tell you it is not poison she cried", lines[0]["text"].get<std::string>()), 0.75) << r.out;
}

}  // namespace
}  // namespace os1::voice

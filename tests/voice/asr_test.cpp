// The pocketsphinx recogniser on real speech: the words said, with times
// and confidences, no filler tokens; nothing for silence.
#include <algorithm>
#include <span>
#include <sstream>

#include "test_support.h"
#include "voice/asr_pocketsphinx.h"
#include "voice/audio.h"
#include "voice/transcribe.h"

namespace os1::voice {
namespace {

// One recogniser for the suite (loading the model takes about a second).
Recognizer* shared_recognizer(std::string* why) {
    static auto made = make_pocketsphinx({});
    if (!made.ok()) {
        *why = made.error().message;
        return nullptr;
    }
    return made->get();
}

#define REQUIRE_RECOGNIZER(var)                                                   \
    std::string why_##var;                                                        \
    Recognizer* var = shared_recognizer(&why_##var);                              \
    if (!var) GTEST_SKIP() << "pocketsphinx is not usable here: " << why_##var;

std::vector<std::string> words_of(const std::string& text) {
    std::vector<std::string> out;
    std::istringstream in(text);
    for (std::string w; in >> w;) {
        std::transform(w.begin(), w.end(), w.begin(), [](unsigned char c) { return std::tolower(c); });
        out.push_back(w);
    }
    return out;
}

// The share of the expected words found in the transcript.
double recall(const std::string& expected, const std::string& got) {
    auto want = words_of(expected), have = words_of(got);
    int found = 0;
    for (const auto& w : want) {
        auto it = std::find(have.begin(), have.end(), w);
        if (it != have.end()) { ++found; have.erase(it); }
    }
    return want.empty() ? 1.0 : static_cast<double>(found) / want.size();
}

TEST(PocketsphinxWords, FillersAndAlternatesAreCleaned) {
    EXPECT_EQ(clean_pocketsphinx_word("<s>"), "");
    EXPECT_EQ(clean_pocketsphinx_word("</s>"), "");
    EXPECT_EQ(clean_pocketsphinx_word("<sil>"), "");
    EXPECT_EQ(clean_pocketsphinx_word("[NOISE]"), "");
    EXPECT_EQ(clean_pocketsphinx_word("++BREATH++"), "");
    EXPECT_EQ(clean_pocketsphinx_word("hello(2)"), "hello");
    EXPECT_EQ(clean_pocketsphinx_word("read(12)"), "read");
    EXPECT_EQ(clean_pocketsphinx_word("don't"), "don't");
}

TEST(PocketsphinxModel, AMissingModelNamesTheDebianPackage) {
    test::TempDir dir;
    auto r = find_pocketsphinx_model(dir.path());
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, ErrorCode::NotFound);
    EXPECT_NE(r.error().message.find("pocketsphinx-en-us"), std::string::npos) << r.error().message;
    auto made = make_pocketsphinx({.model_dir = dir.path()});
    ASSERT_FALSE(made.ok());
    EXPECT_NE(made.error().message.find("pocketsphinx-en-us"), std::string::npos);
}

TEST(PocketsphinxModel, BadSettingsAreAnErrorNotACrash) {
    if (!find_pocketsphinx_model().ok()) GTEST_SKIP() << "pocketsphinx-en-us is not installed";
    auto made = make_pocketsphinx({.flags = {{"-no_such_flag", "1"}}});
    EXPECT_FALSE(made.ok());
}

TEST(Pocketsphinx, RecognisesAKitClipWithTimesAndConfidences) {
    OS1_REQUIRE_SHARED(kit);
    REQUIRE_RECOGNIZER(asr);
    auto clip = read_wav(kit / "data/speech/speechbrain-ASR/spk1_snt5.wav");
    ASSERT_TRUE(clip.ok());
    auto said = asr->recognize(*clip);
    ASSERT_TRUE(said.ok()) << said.error().message;
    EXPECT_GE(recall("sunday is the best part of the week", said->text), 0.75) << said->text;
    EXPECT_NEAR(said->audio_s, clip->seconds(), 1e-9);
    ASSERT_FALSE(said->words.empty());
    double last_end = 0;
    std::string joined;
    for (const auto& w : said->words) {
        EXPECT_FALSE(w.text.empty());
        EXPECT_EQ(w.text.find_first_of("<>[]()+"), std::string::npos) << w.text;
        EXPECT_GE(w.start_s, last_end - 1e-9) << w.text;
        EXPECT_GT(w.end_s, w.start_s) << w.text;
        EXPECT_LE(w.end_s, clip->seconds() + 0.02);
        EXPECT_GE(w.confidence, 0.0);
        EXPECT_LE(w.confidence, 1.0);
        last_end = w.end_s;
        joined += (joined.empty() ? "" : " ") + w.text;
    }
    EXPECT_EQ(joined, said->text);
    EXPECT_GT(said->confidence, 0.0);
    EXPECT_LE(said->confidence, 1.0);
}

TEST(Pocketsphinx, SilenceGivesNoWords) {
    REQUIRE_RECOGNIZER(asr);
    Pcm quiet;
    quiet.samples.assign(32000, 0);
    auto said = asr->recognize(quiet);
    ASSERT_TRUE(said.ok()) << said.error().message;
    EXPECT_EQ(said->text, "");
    EXPECT_TRUE(said->words.empty());
    EXPECT_EQ(said->confidence, 0.0);
    // Too short to hold a word.
    Pcm blip;
    blip.samples.assign(100, 1000);
    auto none = asr->recognize(blip);
    ASSERT_TRUE(none.ok());
    EXPECT_EQ(none->text, "");
}

TEST(Pocketsphinx, OtherRatesAreRefusedWithAHint) {
    REQUIRE_RECOGNIZER(asr);
    Pcm p;
    p.rate = 8000;
    p.samples.assign(8000, 0);
    auto said = asr->recognize(p);
    ASSERT_FALSE(said.ok());
    EXPECT_NE(said.error().message.find("16 kHz"), std::string::npos);
}

TEST(Pocketsphinx, ItKeepsWorkingUtteranceAfterUtterance) {
    OS1_REQUIRE_SHARED(kit);
    REQUIRE_RECOGNIZER(asr);
    auto a = read_wav(kit / "data/speech/speechbrain-ASR/spk2_snt4.wav");
    ASSERT_TRUE(a.ok());
    auto first = asr->recognize(*a);
    auto second = asr->recognize(*a);
    ASSERT_TRUE(first.ok() && second.ok());
    EXPECT_EQ(first->text, second->text);
    EXPECT_FALSE(first->text.empty());
}

// Streaming (the voice conversation): the same clip fed in 20 ms pieces
// while it "is spoken". A recogniser of its own: one that has streamed
// keeps pocketsphinx's running normalisation. `live`: the conversation's
// settings (POCKETSPHINX_LIVE: no flat second pass, fewer HMMs a frame).
void hear_clip_streamed(const std::filesystem::path& kit, bool live, int rounds) {
    auto clip = read_wav(kit / "data/speech/speechbrain-ASR/spk1_snt5.wav");
    ASSERT_TRUE(clip.ok());
    PocketsphinxOptions options;
    if (live) options.flags = POCKETSPHINX_LIVE;
    auto made = make_pocketsphinx(options);
    ASSERT_TRUE(made.ok()) << made.error().message;
    Recognizer& asr = **made;
    EXPECT_TRUE(asr.streams());
    for (int round = 0; round < rounds; round++) {  // and again: each stream starts afresh
        ASSERT_TRUE(asr.begin_stream().ok());
        for (size_t i = 0; i < clip->samples.size(); i += 320)
            ASSERT_TRUE(asr.feed_stream(std::span<const int16_t>(clip->samples.data() + i,
                                                                std::min<size_t>(320, clip->samples.size() - i))).ok());
        auto said = asr.finish_stream();
        ASSERT_TRUE(said.ok()) << said.error().message;
        EXPECT_GE(recall("sunday is the best part of the week", said->text), 0.75) << said->text;
        EXPECT_NEAR(said->audio_s, clip->seconds(), 1e-9);
        EXPECT_GT(said->confidence, 0.0);
        double last_end = 0;
        for (const auto& w : said->words) {
            EXPECT_GE(w.start_s, last_end - 1e-9) << w.text;
            EXPECT_GT(w.end_s, w.start_s) << w.text;
            EXPECT_LE(w.end_s, clip->seconds() + 0.02);
            EXPECT_GE(w.confidence, 0.0);
            EXPECT_LE(w.confidence, 1.0);
            last_end = w.end_s;
        }
    }
}

TEST(PocketsphinxStream, HearsAClipFedInPiecesWithTimesAndConfidences) {
    OS1_REQUIRE_SHARED(kit);
    if (!find_pocketsphinx_model().ok()) GTEST_SKIP() << "pocketsphinx-en-us is not installed";
    hear_clip_streamed(kit, false, 2);
}

TEST(PocketsphinxStream, TheConversationsSettingsHearItTooWithConfidences) {
    OS1_REQUIRE_SHARED(kit);
    if (!find_pocketsphinx_model().ok()) GTEST_SKIP() << "pocketsphinx-en-us is not installed";
    hear_clip_streamed(kit, true, 1);  // the lattice's posteriors without the flat pass too
}

TEST(PocketsphinxStream, MisuseIsAnErrorAndACancelledStreamLeavesItReady) {
    if (!find_pocketsphinx_model().ok()) GTEST_SKIP() << "pocketsphinx-en-us is not installed";
    auto made = make_pocketsphinx({});
    ASSERT_TRUE(made.ok()) << made.error().message;
    Recognizer& asr = **made;
    std::vector<int16_t> piece(320, 0);
    EXPECT_FALSE(asr.feed_stream(piece).ok()) << "fed before a stream began";
    EXPECT_FALSE(asr.finish_stream().ok()) << "finished before a stream began";
    ASSERT_TRUE(asr.begin_stream().ok());
    for (int i = 0; i < 100; i++) ASSERT_TRUE(asr.feed_stream(piece).ok());
    asr.cancel_stream();
    EXPECT_FALSE(asr.finish_stream().ok()) << "the cancelled stream is gone";
    // Silence streamed: no words; a blip: nothing to recognise.
    ASSERT_TRUE(asr.begin_stream().ok());
    for (int i = 0; i < 100; i++) ASSERT_TRUE(asr.feed_stream(piece).ok());
    auto quiet = asr.finish_stream();
    ASSERT_TRUE(quiet.ok()) << quiet.error().message;
    EXPECT_EQ(quiet->text, "");
    ASSERT_TRUE(asr.begin_stream().ok());
    ASSERT_TRUE(asr.feed_stream(std::vector<int16_t>(100, 1000)).ok());
    auto blip = asr.finish_stream();
    ASSERT_TRUE(blip.ok());
    EXPECT_EQ(blip->text, "");
    // While a stream is open, a whole recognition is refused, not mixed in.
    ASSERT_TRUE(asr.begin_stream().ok());
    Pcm second;
    second.samples.assign(16000, 0);
    EXPECT_FALSE(asr.recognize(second).ok());
    asr.cancel_stream();
}

// The voice loop's recogniser (Transcriber, as `os1 voice` opens it):
// a stream's confidence is its words' mean, as a whole recording's is.
TEST(PocketsphinxStream, ATranscribersStreamIsConfidentAsItsWordsAre) {
    OS1_REQUIRE_SHARED(kit);
    if (!find_pocketsphinx_model().ok()) GTEST_SKIP() << "pocketsphinx-en-us is not installed";
    auto t = Transcriber::make({});
    ASSERT_TRUE(t.ok()) << t.error().message;
    EXPECT_TRUE((*t)->streams());
    auto clip = read_wav(kit / "data/speech/speechbrain-ASR/spk2_snt4.wav");
    ASSERT_TRUE(clip.ok());
    ASSERT_TRUE((*t)->begin_stream().ok());
    for (size_t i = 0; i < clip->samples.size(); i += 320)
        ASSERT_TRUE((*t)->feed_stream(std::span<const int16_t>(clip->samples.data() + i,
                                                              std::min<size_t>(320, clip->samples.size() - i))).ok());
    auto said = (*t)->finish_stream();
    ASSERT_TRUE(said.ok()) << said.error().message;
    ASSERT_FALSE(said->words.empty());
    double sum = 0;
    for (const auto& w : said->words) sum += w.confidence;
    EXPECT_NEAR(said->confidence, sum / static_cast<double>(said->words.size()), 1e-9);
    EXPECT_GT(said->confidence, 0.3) << said->text << ": a clear clip is not asked again";
}

}  // namespace
}  // namespace os1::voice

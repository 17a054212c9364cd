// `os1 speak` and `os1 voice` as a person runs them: a playable WAV from
// text, clear errors, and the voice conversation on WAV files.
#include <gtest/gtest.h>

#include "test_support.h"
#include "voice/audio.h"
#include "voice/tts_select.h"
#include "voice/voice.h"

using namespace os1;

namespace {

std::string q(const std::filesystem::path& p) { return "'" + p.string() + "'"; }

}  // namespace

TEST(Speak, WritesAPlayableWav) {
    test::TempDir dir;
    const auto file = dir / "hello.wav";
    auto r = test::run_os1("speak \"Good morning, Theodore. Did you sleep well?\" -o " + q(file) + " 2>&1", dir.path());
    ASSERT_EQ(r.status, 0) << r.out;
    EXPECT_NE(r.out.find("flite:slt"), std::string::npos) << r.out;
    auto pcm = voice::read_wav(file);
    ASSERT_TRUE(pcm.ok()) << pcm.error().message;
    EXPECT_EQ(pcm->rate, 16000);
    EXPECT_GT(pcm->seconds(), 1.5);
    EXPECT_LT(pcm->seconds(), 8.0);
}

TEST(Speak, OtherVoicesAndStdin) {
    test::TempDir dir;
    auto r = test::run_os1("speak --voice espeak-ng:en+f2 --stdin -o " + q(dir / "a.wav") + " 2>&1", dir.path(),
                           "A letter, read aloud.\nWith a second line.\n");
    ASSERT_EQ(r.status, 0) << r.out;
    auto pcm = voice::read_wav(dir / "a.wav");
    ASSERT_TRUE(pcm.ok());
    EXPECT_GT(pcm->seconds(), 1.5);
}

TEST(Speak, BadInputGetsAClearErrorAndNoFile) {
    test::TempDir dir;
    auto unknown = test::run_os1("speak --voice flite:nobody hi -o " + q(dir / "x.wav") + " 2>&1", dir.path());
    EXPECT_EQ(unknown.status, 1) << unknown.out;
    EXPECT_NE(unknown.out.find("slt"), std::string::npos) << unknown.out;
    auto nothing = test::run_os1("speak '***' -o " + q(dir / "y.wav") + " 2>&1", dir.path());
    EXPECT_NE(nothing.status, 0);
    EXPECT_NE(nothing.out.find("nothing to say"), std::string::npos) << nothing.out;
    auto no_out = test::run_os1("speak hello 2>&1", dir.path());
    EXPECT_EQ(no_out.status, 2) << no_out.out;
    auto huge = test::run_os1("speak --stdin -o " + q(dir / "z.wav") + " 2>&1", dir.path(), std::string(70000, 'a'));
    EXPECT_EQ(huge.status, 1);
    EXPECT_NE(huge.out.find("64 KB"), std::string::npos) << huge.out;
    EXPECT_FALSE(std::filesystem::exists(dir / "x.wav"));
    EXPECT_FALSE(std::filesystem::exists(dir / "y.wav"));
    EXPECT_FALSE(std::filesystem::exists(dir / "z.wav"));
}

TEST(Speak, HostileTextStillGivesSpeech) {
    test::TempDir dir;
    auto r = test::run_os1("speak --stdin -o " + q(dir / "h.wav") + " 2>&1", dir.path(),
                           std::string("Hi \x1b]0;owned\x07 there \xff\xfe\xc3 friend.\x1b[2J"));
    ASSERT_EQ(r.status, 0) << r.out;
    auto pcm = voice::read_wav(dir / "h.wav");
    ASSERT_TRUE(pcm.ok());
    EXPECT_GT(pcm->seconds(), 0.8);
}

namespace {

// A person saying `text` (flite's awb voice), with a second of silence around it.
std::filesystem::path person_wav(const test::TempDir& dir, const std::string& name, const std::string& text) {
    auto voice = voice::open_voice("flite:awb");
    EXPECT_TRUE(voice.ok());
    voice::Pcm pcm;
    pcm.rate = 16000;
    pcm.samples.assign(16000, 0);
    if (!text.empty()) {
        auto said = voice::resample((*voice)->synthesize(text).value_or({}), 16000);
        pcm.samples.insert(pcm.samples.end(), said.samples.begin(), said.samples.end());
    }
    pcm.samples.insert(pcm.samples.end(), 16000, 0);
    const auto file = dir / name;
    EXPECT_TRUE(voice::write_wav(file, pcm).ok());
    return file;
}

}  // namespace

TEST(VoiceCli, AConversationOnWavFiles) {
    test::TempDir dir;
    const auto question = person_wav(dir, "q.wav", "I start my new job on Monday.");
    const auto reply = dir / "a.wav";
    auto r = test::run_os1("voice --in " + q(question) + " --out " + q(reply) + " --brain none --json", dir.path());
    ASSERT_EQ(r.status, 0) << r.out;
    const auto events = test::json_lines(r.out);
    std::string heard, replied;
    int sentences = 0;
    for (const auto& e : events) {
        if (e["event"] == "heard") heard = e["text"].get<std::string>();
        if (e["event"] == "replied") replied = e["text"].get<std::string>();
        sentences += e["event"] == "sentence";
    }
    EXPECT_NE(heard.find("monday"), std::string::npos) << r.out;
    EXPECT_FALSE(replied.empty()) << r.out;
    EXPECT_GE(sentences, 1);
    auto in = voice::read_wav(question);
    auto out = voice::read_wav(reply);
    ASSERT_TRUE(in.ok() && out.ok());
    EXPECT_GE(out->seconds(), in->seconds()) << "the recording lines up with the input";
    size_t before = 0, after = 0;
    for (size_t i = 0; i < out->samples.size(); i++) (i < in->samples.size() - 16000 ? before : after) += out->samples[i] != 0;
    EXPECT_EQ(before, 0u) << "she spoke over the person";
    EXPECT_GT(after, 16000u) << "she answered aloud";
    // Stored: the transcript as the person's message, then what she said.
    auto listed = test::run_os1("memory list --messages", dir.path());
    EXPECT_NE(listed.out.find("monday"), std::string::npos) << listed.out;
}

TEST(VoiceCli, SilenceGivesNoTurnAndWithoutASoundCardItSaysWhatToDo) {
    test::TempDir dir;
    const auto quiet = person_wav(dir, "quiet.wav", "");
    auto r = test::run_os1("voice --in " + q(quiet) + " --out " + q(dir / "b.wav") + " --brain none --json", dir.path());
    ASSERT_EQ(r.status, 0) << r.out;
    for (const auto& e : test::json_lines(r.out)) EXPECT_NE(e["event"], "heard") << r.out;
    auto out = voice::read_wav(dir / "b.wav");
    ASSERT_TRUE(out.ok());
    for (int16_t s : out->samples) ASSERT_EQ(s, 0);
    // No sound card here (or a device that is not there): a clear way on.
    auto none = test::run_os1("voice --device hw:97,0 --brain none 2>&1", dir.path());
    EXPECT_EQ(none.status, 1) << none.out;
    EXPECT_NE(none.out.find("--in"), std::string::npos) << none.out;
}

// `os1 speak` and `os1 voice` as a person runs them: a playable WAV from
// text, clear errors, and the voice conversation on WAV files.
#include <gtest/gtest.h>

#include "test_support.h"
#include "voice/audio.h"
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

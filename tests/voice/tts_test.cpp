// Her voices: flite (the default, female US English) and espeak-ng, the
// choice by name, and text nobody should feed a synthesiser.
#include <gtest/gtest.h>

#include <cmath>

#include "voice/speak_text.h"
#include "voice/tts_espeak.h"
#include "voice/tts_flite.h"
#include "voice/tts_select.h"

using namespace os1;
using namespace os1::voice;

namespace {

double rms(const Pcm& pcm) {
    double sum = 0;
    for (int16_t s : pcm.samples) sum += static_cast<double>(s) * s;
    return pcm.samples.empty() ? 0 : std::sqrt(sum / pcm.samples.size());
}

}  // namespace

TEST(Tts, TheDefaultVoiceIsFlitesSlt) {
    auto voice = open_voice("");
    ASSERT_TRUE(voice.ok()) << voice.error().message;
    EXPECT_EQ((*voice)->name(), "flite:slt");
    auto pcm = (*voice)->synthesize("Hello, Theodore. It is good to hear you.");
    ASSERT_TRUE(pcm.ok()) << pcm.error().message;
    EXPECT_EQ(pcm->rate, 16000);
    EXPECT_GT(pcm->seconds(), 1.0);
    EXPECT_LT(pcm->seconds(), 6.0);
    EXPECT_GT(rms(*pcm), 300.0) << "speech, not silence";
}

TEST(Tts, LongerTextTakesLonger) {
    auto voice = open_flite_voice("slt");
    ASSERT_TRUE(voice.ok());
    auto short_one = (*voice)->synthesize("Yes.");
    auto long_one = (*voice)->synthesize("Yes. I remember the day you told me about your sister and the trip to Oslo.");
    ASSERT_TRUE(short_one.ok() && long_one.ok());
    EXPECT_GT(long_one->seconds(), 3 * short_one->seconds());
}

TEST(Tts, EspeakSpeaksTooAndByName) {
    auto voice = open_voice("espeak-ng:en-us+f3");
    ASSERT_TRUE(voice.ok()) << voice.error().message;
    EXPECT_EQ((*voice)->name(), "espeak-ng:en-us+f3");
    auto pcm = (*voice)->synthesize("Good morning. Did you sleep well?");
    ASSERT_TRUE(pcm.ok()) << pcm.error().message;
    EXPECT_GT(pcm->rate, 8000);
    EXPECT_GT(pcm->seconds(), 1.0);
    EXPECT_GT(rms(*pcm), 300.0);
    auto bare = open_voice("en+f2");
    ASSERT_TRUE(bare.ok()) << bare.error().message;
    EXPECT_EQ((*bare)->name(), "espeak-ng:en+f2");
}

TEST(Tts, OtherFliteVoicesByName) {
    for (const char* name : {"awb", "rms", "flite:kal16"}) {
        auto voice = open_voice(name);
        ASSERT_TRUE(voice.ok()) << name << ": " << voice.error().message;
        auto pcm = (*voice)->synthesize("Hello.");
        ASSERT_TRUE(pcm.ok()) << name;
        EXPECT_GT(pcm->seconds(), 0.2) << name;
    }
}

TEST(Tts, UnknownVoicesAreClearErrors) {
    auto flite = open_voice("flite:nobody");
    ASSERT_FALSE(flite.ok());
    EXPECT_NE(flite.error().message.find("slt"), std::string::npos) << flite.error().message;
    auto espeak = open_voice("espeak-ng:zz-nowhere");
    ASSERT_FALSE(espeak.ok());
    EXPECT_NE(espeak.error().message.find("zz-nowhere"), std::string::npos);
    auto hostile = open_voice("espeak-ng:../../etc/passwd");
    ASSERT_FALSE(hostile.ok());
    EXPECT_EQ(hostile.error().code, ErrorCode::Invalid);
    EXPECT_FALSE(open_flite_voice("slt", 5.0).ok()) << "a rate out of range";
}

TEST(Tts, HostileTextIsSpokenSafelyOrRefused) {
    auto voice = open_voice("");
    ASSERT_TRUE(voice.ok());
    // Escape sequences, C0/C1 controls, a bidi override, invalid UTF-8, a NUL.
    const std::string nasty = std::string("Hello \x1b[31mred\x1b[0m there\x07.\r\n\xc3\x28 \xff\xfe bye\xe2\x80\xae now") +
                              std::string(1, '\0') + " end.";
    auto pcm = (*voice)->synthesize(nasty);
    ASSERT_TRUE(pcm.ok()) << pcm.error().message;
    EXPECT_GT(pcm->seconds(), 1.0);
    auto espeak = open_voice("espeak-ng:en-us+f3");
    ASSERT_TRUE(espeak.ok());
    EXPECT_TRUE((*espeak)->synthesize(nasty).ok());
    // Too long: refused with a message that says how long it may be.
    auto huge = (*voice)->synthesize(std::string(MAX_SPEAK_BYTES + 1, 'a'));
    ASSERT_FALSE(huge.ok());
    EXPECT_EQ(huge.error().code, ErrorCode::OutOfRange);
    EXPECT_NE(huge.error().message.find("64 KB"), std::string::npos) << huge.error().message;
    // Nothing to say: no audio, no error.
    for (const char* blank : {"", "   ", "\x1b[0m", "...", "***"}) {
        auto none = (*voice)->synthesize(blank);
        ASSERT_TRUE(none.ok()) << blank;
        EXPECT_TRUE(none->samples.empty()) << blank;
    }
}

TEST(Tts, SpeakableTextIsCleanAndAsciiForFlite) {
    auto a = speakable("That’s “fine” — really… **bold** `code`\x1b[2J ok", true);
    ASSERT_TRUE(a.ok());
    EXPECT_EQ(*a, "That's \"fine\" , really... bold code ok");
    auto b = speakable("Café crème, naïve", true);
    ASSERT_TRUE(b.ok());
    EXPECT_EQ(*b, "Cafe creme, naive");
    auto c = speakable("Café\n\n\nnext", false);
    ASSERT_TRUE(c.ok());
    EXPECT_EQ(*c, "Café\nnext");
    auto d = speakable("bad \xc3 byte", false);
    ASSERT_TRUE(d.ok());
    EXPECT_EQ(*d, "bad byte");
}

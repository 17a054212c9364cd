// The voice-activity detector: speech is found where it is, quickly enough
// for barge-in; silence, noise, tones and music give no utterance.
#include <cmath>
#include <numbers>

#include "test_support.h"
#include "voice/audio.h"
#include "voice/vad.h"

namespace os1::voice {
namespace {

constexpr int RATE = 16000;

template <typename Fn>
Pcm synth(double seconds, Fn fn) {
    Pcm p;
    p.rate = RATE;
    int n = static_cast<int>(seconds * RATE);
    for (int i = 0; i < n; ++i) p.samples.push_back(static_cast<int16_t>(std::clamp(fn(i), -32768.0, 32767.0)));
    return p;
}

Pcm silence(double seconds) { return synth(seconds, [](int) { return 0.0; }); }

Pcm white(double seconds, double rms, uint32_t seed = 1) {
    std::mt19937 rng(seed);
    std::normal_distribution<double> g(0, rms);
    return synth(seconds, [&](int) { return g(rng); });
}

Pcm concat(std::initializer_list<Pcm> parts) {
    Pcm out;
    for (const auto& p : parts) out.samples.insert(out.samples.end(), p.samples.begin(), p.samples.end());
    return out;
}

// Adds `noise` sample by sample (same length or longer).
Pcm mix(const Pcm& a, const Pcm& noise) {
    Pcm out = a;
    for (size_t i = 0; i < out.samples.size() && i < noise.samples.size(); ++i)
        out.samples[i] = static_cast<int16_t>(std::clamp(int(a.samples[i]) + int(noise.samples[i]), -32768, 32767));
    return out;
}

Pcm kit_clip(const std::filesystem::path& kit, const std::string& rel) {
    auto pcm = read_wav(kit / "data/speech" / rel);
    EXPECT_TRUE(pcm.ok()) << rel;
    return pcm.ok() ? resample(*pcm, RATE) : Pcm{};
}

const char* KIT_CLIPS[] = {
    "speechbrain-ASR/spk1_snt1.wav", "speechbrain-ASR/spk2_snt4.wav", "whisper.cpp/jfk.wav",
    "librispeech-arm-mlek/i_tell_you.wav", "librispeech-arm-mlek/another_door.wav",
    "ljspeech-speechbrain/LJ050-0131.wav",
};

TEST(Vad, SilenceNoiseAndTonesGiveNoUtterance) {
    EXPECT_TRUE(find_speech(silence(3)).empty());
    EXPECT_TRUE(find_speech(white(3, 300)).empty());
    EXPECT_TRUE(find_speech(white(3, 6000)).empty());  // loud hiss
    for (double hz : {120.0, 440.0, 1000.0, 3000.0}) {
        auto tone = synth(3, [&](int i) { return 8000 * std::sin(2 * std::numbers::pi * hz * i / RATE); });
        EXPECT_TRUE(find_speech(concat({silence(1), tone})).empty()) << hz << " Hz";
    }
}

TEST(Vad, ColouredNoiseAndMusicGiveNoUtterance) {
    std::mt19937 rng(3);
    std::normal_distribution<double> g(0, 1);
    double a = 0, b = 0;
    auto pink = synth(4, [&](int) { a = 0.9 * a + g(rng); b = 0.5 * b + a; return 800 * b; });
    EXPECT_TRUE(find_speech(concat({silence(0.5), pink})).empty());
    // A melody of plucked harmonic notes, and held chords.
    const double notes[] = {262, 294, 330, 349, 392, 440, 494, 523, 440, 392, 330, 294};
    auto melody = synth(5, [&](int i) {
        double f = notes[(i / 4800) % 12], t = (i % 4800) / double(RATE), s = 0;
        for (int h = 1; h <= 5; ++h) s += std::sin(2 * std::numbers::pi * f * h * i / RATE) / h;
        return 6000 * std::exp(-3 * t) * s;
    });
    EXPECT_TRUE(find_speech(melody).empty());
    auto chords = synth(5, [&](int i) {
        double f = notes[(i / 8000) % 12], s = 0;
        for (int h = 1; h <= 8; ++h)
            s += (std::sin(2 * std::numbers::pi * f * h * i / RATE) + 0.7 * std::sin(2 * std::numbers::pi * 1.25 * f * h * i / RATE)) / h;
        return 4000 * s;
    });
    EXPECT_TRUE(find_speech(chords).empty());
}

TEST(Vad, SpeechIsFoundWhereItIs) {
    OS1_REQUIRE_SHARED(kit);
    for (const char* rel : KIT_CLIPS) {
        SCOPED_TRACE(rel);
        Pcm speech = kit_clip(kit, rel);
        Pcm padded = concat({silence(1.0), speech, silence(1.5)});
        auto segments = find_speech(padded);
        ASSERT_FALSE(segments.empty());
        EXPECT_GE(segments.front().begin, static_cast<int64_t>(0.95 * RATE));
        EXPECT_LE(segments.front().begin, static_cast<int64_t>(1.8 * RATE));
        EXPECT_LE(segments.back().end, static_cast<int64_t>((1.1 + speech.seconds()) * RATE));
        EXPECT_GE(segments.back().end, static_cast<int64_t>((0.5 + speech.seconds()) * RATE));
        int64_t covered = 0;
        for (auto s : segments) covered += s.end - s.begin;
        EXPECT_GT(static_cast<double>(covered) / RATE, 0.5 * speech.seconds());
    }
}

TEST(Vad, SpeechInSteadyHissIsStillFound) {
    OS1_REQUIRE_SHARED(kit);
    Pcm speech = kit_clip(kit, "librispeech-arm-mlek/another_engineer.wav");
    Pcm noisy = mix(concat({silence(1.0), speech, silence(1.0)}), white(speech.seconds() + 2, 500));
    auto segments = find_speech(noisy);
    ASSERT_FALSE(segments.empty());
    EXPECT_GE(segments.front().begin, static_cast<int64_t>(0.95 * RATE));
    EXPECT_LE(segments.back().end, static_cast<int64_t>((1.1 + speech.seconds()) * RATE));
}

TEST(Vad, OnsetIsReportedWithinATenthOfASecond) {
    OS1_REQUIRE_SHARED(kit);
    Pcm speech = kit_clip(kit, "speechbrain-ASR/spk1_snt1.wav");
    Pcm stream = concat({silence(2.0), speech, silence(2.0)});
    // The first sample louder than -40 dBFS: where speech really starts.
    int64_t onset = 0;
    for (size_t i = 2 * RATE; i < stream.samples.size(); ++i)
        if (std::abs(stream.samples[i]) > 328) { onset = static_cast<int64_t>(i); break; }
    Vad vad;
    int64_t start_seen_at = -1, end_seen_at = -1;
    VadEvent end{};
    for (size_t i = 0; i < stream.samples.size(); i += 160) {  // 10 ms at a time, like a microphone
        auto chunk = std::span(stream.samples).subspan(i, std::min<size_t>(160, stream.samples.size() - i));
        for (const auto& e : vad.feed(chunk)) {
            if (e.kind == VadEvent::Kind::Start && start_seen_at < 0) {
                start_seen_at = vad.position();
                EXPECT_NEAR(static_cast<double>(e.sample - onset) / RATE, 0.0, 0.1);
            }
            if (e.kind == VadEvent::Kind::End) { end_seen_at = vad.position(); end = e; }
        }
    }
    ASSERT_GE(start_seen_at, 0);
    EXPECT_LE(start_seen_at - onset, static_cast<int64_t>(0.1 * RATE)) << "the onset was reported late";
    ASSERT_GE(end_seen_at, 0) << "the end of speech was not reported before the stream ended";
    // The end is reported after the hangover, not at the end of the stream.
    EXPECT_LE(end_seen_at - end.sample, static_cast<int64_t>(0.6 * RATE));
    EXPECT_LT(end_seen_at, static_cast<int64_t>(stream.samples.size()) - RATE);
}

TEST(Vad, ChunkSizeDoesNotChangeTheEvents) {
    OS1_REQUIRE_SHARED(kit);
    Pcm clip = kit_clip(kit, "whisper.cpp/jfk.wav");
    auto events_with = [&](size_t step) {
        Vad vad;
        std::vector<VadEvent> all;
        std::mt19937 rng(static_cast<uint32_t>(step));
        for (size_t i = 0; i < clip.samples.size();) {
            size_t n = step ? step : 1 + rng() % 777;
            n = std::min(n, clip.samples.size() - i);
            for (auto e : vad.feed(std::span(clip.samples).subspan(i, n))) all.push_back(e);
            i += n;
        }
        for (auto e : vad.finish()) all.push_back(e);
        return all;
    };
    auto whole = events_with(clip.samples.size());
    ASSERT_GE(whole.size(), 2u);
    for (size_t step : {size_t{0}, size_t{160}, size_t{1}}) {
        auto other = events_with(step);
        ASSERT_EQ(other.size(), whole.size()) << "step " << step;
        for (size_t i = 0; i < whole.size(); ++i) {
            EXPECT_EQ(other[i].kind, whole[i].kind);
            EXPECT_EQ(other[i].sample, whole[i].sample);
            EXPECT_EQ(other[i].begin, whole[i].begin);
        }
    }
}

TEST(Vad, AnUnfinishedUtteranceIsClosedByFinish) {
    OS1_REQUIRE_SHARED(kit);
    Pcm clip = kit_clip(kit, "speechbrain-ASR/spk2_snt1.wav");
    Vad vad;
    auto events = vad.feed(concat({silence(0.5), clip}).samples);
    ASSERT_FALSE(events.empty());
    EXPECT_EQ(events.front().kind, VadEvent::Kind::Start);
    auto tail = vad.finish();
    ASSERT_EQ(tail.size(), 1u);
    EXPECT_EQ(tail[0].kind, VadEvent::Kind::End);
    EXPECT_FALSE(vad.in_speech());
}

TEST(Vad, AClickIsTooShortToBeSpeech) {
    auto click = white(0.05, 8000, 9);
    auto segments = find_speech(concat({silence(1), click, silence(1)}));
    EXPECT_TRUE(segments.empty());
}

}  // namespace
}  // namespace os1::voice

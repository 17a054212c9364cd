// Resampling keeps what is in the new band and removes what is not.
#include <cmath>
#include <numbers>

#include "test_support.h"
#include "voice/audio.h"

namespace os1::voice {
namespace {

Pcm tone(double hz, int rate, double seconds, double amplitude = 0.5) {
    Pcm p;
    p.rate = rate;
    int n = static_cast<int>(seconds * rate);
    for (int i = 0; i < n; ++i)
        p.samples.push_back(static_cast<int16_t>(std::lround(amplitude * 32767 * std::sin(2 * std::numbers::pi * hz * i / rate))));
    return p;
}

// The amplitude of `hz` in the middle half of the clip (a single DFT bin).
double amplitude_at(const Pcm& p, double hz) {
    size_t a = p.samples.size() / 4, b = 3 * p.samples.size() / 4;
    double re = 0, im = 0;
    for (size_t i = a; i < b; ++i) {
        double w = 2 * std::numbers::pi * hz * static_cast<double>(i) / p.rate;
        re += p.samples[i] * std::cos(w);
        im += p.samples[i] * std::sin(w);
    }
    return 2 * std::sqrt(re * re + im * im) / static_cast<double>(b - a) / 32767;
}

double rms(const Pcm& p) {
    double s = 0;
    for (auto x : p.samples) s += double(x) * x;
    return p.samples.empty() ? 0 : std::sqrt(s / p.samples.size()) / 32767;
}

TEST(Resample, SameRateIsIdentity) {
    Pcm p = tone(300, 16000, 0.1);
    Pcm q = resample(p, 16000);
    EXPECT_EQ(q.samples, p.samples);
    EXPECT_EQ(q.rate, 16000);
}

TEST(Resample, CommonRatesKeepLengthAndTone) {
    for (int from : {8000, 11025, 22050, 44100, 48000, 96000}) {
        SCOPED_TRACE(from);
        Pcm p = tone(440, from, 1.0);
        Pcm q = resample(p, 16000);
        EXPECT_EQ(q.rate, 16000);
        EXPECT_NEAR(static_cast<double>(q.samples.size()), 16000.0, 2.0);
        EXPECT_NEAR(amplitude_at(q, 440), 0.5, 0.02);
        EXPECT_LT(amplitude_at(q, 1000), 0.01);
    }
}

TEST(Resample, ToneAboveTheNewNyquistIsRemovedNotAliased) {
    // 10 kHz at 44.1 kHz would alias to 6 kHz at 16 kHz without a low-pass.
    Pcm p = tone(10000, 44100, 1.0);
    Pcm q = resample(p, 16000);
    EXPECT_LT(amplitude_at(q, 6000), 0.005);
    EXPECT_LT(rms(q), 0.01);
}

TEST(Resample, EmptyStaysEmptyAtTheNewRate) {
    Pcm p;
    p.rate = 44100;
    Pcm q = resample(p, 16000);
    EXPECT_TRUE(q.samples.empty());
    EXPECT_EQ(q.rate, 16000);
}

}  // namespace
}  // namespace os1::voice

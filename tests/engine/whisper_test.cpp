// Whisper beyond the file: the log-mel front end (FFT against a direct DFT,
// padding, clamp), the decoding rules, WAV input, the state's input checks,
// and every weight type the loader takes running end to end.
#include <gtest/gtest.h>

#include <cmath>
#include <complex>
#include <cstring>
#include <limits>
#include <random>
#include <vector>

#include "engine/whisper.h"
#include "engine/whisper/mel.h"
#include "engine_tools/whisper_synth.h"

using namespace os1::engine;

namespace {

std::unique_ptr<WhisperModel> small_model(const std::string& type, std::vector<uint8_t>& keep) {
    auto b = whisper_synth({.hp = whisper_synth_small(), .type = type});
    EXPECT_TRUE(b.ok());
    keep = *b;
    auto m = WhisperModel::from_memory(keep, {.n_threads = 2});
    EXPECT_TRUE(m.ok()) << m.error().message;
    return m.ok() ? std::move(*m) : nullptr;
}

std::vector<float> sine(int n, double hz, double amp) {
    std::vector<float> v(static_cast<size_t>(n));
    for (int i = 0; i < n; i++) v[i] = static_cast<float>(amp * std::sin(2 * M_PI * hz * i / 16000.0));
    return v;
}

}  // namespace

TEST(WhisperMel, FftEqualsADirectDft) {
    std::mt19937 rng(3);
    std::uniform_real_distribution<float> u(-1, 1);
    float frame[400];
    for (float& x : frame) x = u(rng);
    double power[201];
    whisper::power_spectrum(frame, power);
    for (int k = 0; k < 201; k++) {
        std::complex<double> s = 0;
        for (int j = 0; j < 400; j++) s += double(frame[j]) * std::polar(1.0, -2 * M_PI * j * k / 400.0);
        EXPECT_NEAR(power[k], std::norm(s), 1e-9 * (1 + std::norm(s))) << k;
    }
}

TEST(WhisperMel, PeriodicHannWindow) {
    const float* h = whisper::hann_window();
    EXPECT_EQ(h[0], 0.0f);
    EXPECT_NEAR(h[200], 1.0f, 1e-7);
    EXPECT_NEAR(h[100], 0.5f, 1e-7);
    EXPECT_NEAR(h[399], h[1], 1e-7);  // periodic: h[i] = h[400 - i]
}

TEST(WhisperMel, ShapePaddingAndClamp) {
    std::vector<uint8_t> keep;
    auto m = small_model("f16", keep);
    ASSERT_TRUE(m);
    const auto pcm = sine(16000, 1000, 0.5);
    const LogMel mel = m->log_mel(pcm);
    EXPECT_EQ(mel.n_mels, 80);
    EXPECT_EQ(mel.n_frames, (16000 + 480000) / 160);
    EXPECT_EQ(mel.n_frames_audio, 1 + (16000 + 200 - 400) / 160);
    ASSERT_EQ(mel.data.size(), size_t(80) * mel.n_frames);
    float mx = -1e9f, mn = 1e9f;
    for (float v : mel.data) mx = std::max(mx, v), mn = std::min(mn, v);
    EXPECT_NEAR(mx - mn, 2.0f, 1e-5);  // clamped at max - 8, then / 4
    // Silence after the audio sits at the floor; the tone's band is loud.
    EXPECT_EQ(mel.data[size_t(mel.n_frames) - 1], mn);
    // 1 kHz lies at bin 25 of 201; the synthetic filters put band m at bin 1 + 199 (m+1) / 81.
    const int band = static_cast<int>(std::lround((25.0 - 1.0) * 81 / 199 - 1));
    EXPECT_GT(mel.data[size_t(band) * mel.n_frames + 50], mn + 1.0f);
}

TEST(WhisperDecoding, FilterFollowsWhispersRules) {
    std::vector<uint8_t> keep;
    auto m = small_model("f16", keep);
    ASSERT_TRUE(m);
    const WhisperTokens& t = m->tokens();
    std::vector<float> logits(static_cast<size_t>(m->hparams().n_vocab), 1.0f);
    WhisperDecodeOptions o;
    whisper_filter_logits(*m, logits, /*first=*/true, o);
    const float ninf = -std::numeric_limits<float>::infinity();
    for (int id : {t.sot, t.not_timestamps, t.transcribe, t.translate, t.solm, t.prev, t.nosp, t.lang_begin,
                   t.lang_begin + t.n_languages - 1, t.timestamp_begin, m->hparams().n_vocab - 1, t.eot, 220})
        EXPECT_EQ(logits[size_t(id)], ninf) << id;
    EXPECT_EQ(logits[221], 1.0f);
    std::fill(logits.begin(), logits.end(), 1.0f);
    whisper_filter_logits(*m, logits, /*first=*/false, o);
    EXPECT_EQ(logits[size_t(t.eot)], 1.0f);  // end of text only barred on the first step
    EXPECT_EQ(logits[220], 1.0f);
    logits[777] = 5.0f;
    EXPECT_EQ(whisper_argmax(logits), 777);
    EXPECT_EQ(whisper_prompt(*m, o), (std::vector<int32_t>{50258, 50259, 50359, 50363}));
    o.translate = true;
    o.no_timestamps = false;
    o.language = 2;
    EXPECT_EQ(whisper_prompt(*m, o), (std::vector<int32_t>{50258, 50261, 50358}));
}

TEST(WhisperState, ChecksItsInput) {
    std::vector<uint8_t> keep;
    auto m = small_model("f16", keep);
    ASSERT_TRUE(m);
    auto s = m->new_state(2);
    ASSERT_TRUE(s.ok());
    const int32_t sot = m->tokens().sot;
    EXPECT_FALSE((*s)->decode(std::span<const int32_t>(&sot, 1)).ok());  // before encode
    LogMel bad;
    bad.n_mels = 40;
    bad.n_frames = 10;
    bad.data.assign(400, 0.0f);
    EXPECT_FALSE((*s)->encode(bad).ok());
    const LogMel mel = m->log_mel(sine(8000, 440, 0.3));
    EXPECT_FALSE((*s)->encode(mel, -1).ok());
    ASSERT_TRUE((*s)->encode(mel).ok());
    const int32_t big = m->hparams().n_vocab;
    EXPECT_FALSE((*s)->decode(std::span<const int32_t>(&big, 1)).ok());
    std::vector<int32_t> many(size_t(m->hparams().n_text_ctx) + 1, 100);
    auto full = (*s)->decode(many);
    ASSERT_FALSE(full.ok());
    EXPECT_EQ(full.error().code, os1::ErrorCode::OutOfRange);
}

TEST(WhisperState, BatchedPromptEqualsOneTokenAtATime) {
    std::vector<uint8_t> keep;
    auto m = small_model("f32", keep);
    ASSERT_TRUE(m);
    auto a = m->new_state(2), b = m->new_state(1);
    ASSERT_TRUE(a.ok() && b.ok());
    const LogMel mel = m->log_mel(sine(24000, 300, 0.4));
    ASSERT_TRUE((*a)->encode(mel).ok());
    ASSERT_TRUE((*b)->encode(mel).ok());
    const std::vector<int32_t> prompt = whisper_prompt(*m, {});
    auto la = (*a)->decode(prompt);
    ASSERT_TRUE(la.ok());
    std::vector<float> batched(la->begin(), la->end());
    std::span<const float> lb;
    for (int32_t id : prompt) lb = *(*b)->decode(std::span<const int32_t>(&id, 1));
    double err = 0, norm = 0;
    for (size_t i = 0; i < batched.size(); i++) err += std::pow(batched[i] - lb[i], 2), norm += batched[i] * batched[i];
    EXPECT_LT(std::sqrt(err / norm), 1e-5);
    EXPECT_EQ(whisper_argmax(batched), whisper_argmax(lb));
}

// Every type the loader takes runs end to end, and quantized files stay
// near the f32 model's logits (same seed: same weights before rounding).
TEST(WhisperModelTypes, QuantizedFilesFollowTheF32Model) {
    std::vector<uint8_t> k32;
    auto ref = small_model("f32", k32);
    ASSERT_TRUE(ref);
    const LogMel mel = ref->log_mel(sine(32000, 523, 0.4));
    auto logits_of = [&](WhisperModel& m) {
        auto s = m.new_state(2);
        EXPECT_TRUE(s.ok());
        EXPECT_TRUE((*s)->encode(mel).ok());
        auto l = (*s)->decode(whisper_prompt(m, {}));
        EXPECT_TRUE(l.ok());
        return std::vector<float>(l->begin(), l->end());
    };
    const auto want = logits_of(*ref);
    const std::pair<const char*, double> types[] = {{"f16", 0.01}, {"q8_0", 0.05}, {"q5_0", 0.15}, {"q5_1", 0.15},
                                                    {"q4_0", 0.3},  {"q4_1", 0.3}};
    for (const auto& [type, bound] : types) {
        std::vector<uint8_t> keep;
        auto m = small_model(type, keep);
        ASSERT_TRUE(m) << type;
        const auto got = logits_of(*m);
        double err = 0, norm = 0;
        for (size_t i = 0; i < want.size(); i++) err += std::pow(got[i] - want[i], 2), norm += want[i] * want[i];
        EXPECT_LT(std::sqrt(err / norm), bound) << type;
        EXPECT_GT(std::sqrt(err / norm), 0.0) << type << " gave the f32 model's bits";
    }
}

TEST(WhisperWav, ReadsPcmAndRejectsOtherRates) {
    auto wav = [](uint32_t rate, uint16_t channels, const std::vector<int16_t>& s) {
        std::vector<uint8_t> b(44 + s.size() * 2);
        auto u32 = [&](size_t at, uint32_t v) { std::memcpy(b.data() + at, &v, 4); };
        auto u16 = [&](size_t at, uint16_t v) { std::memcpy(b.data() + at, &v, 2); };
        std::memcpy(b.data(), "RIFF", 4);
        u32(4, static_cast<uint32_t>(b.size() - 8));
        std::memcpy(b.data() + 8, "WAVEfmt ", 8);
        u32(16, 16);
        u16(20, 1);
        u16(22, channels);
        u32(24, rate);
        u32(28, rate * channels * 2);
        u16(32, static_cast<uint16_t>(channels * 2));
        u16(34, 16);
        std::memcpy(b.data() + 36, "data", 4);
        u32(40, static_cast<uint32_t>(s.size() * 2));
        std::memcpy(b.data() + 44, s.data(), s.size() * 2);
        return b;
    };
    auto mono = whisper_parse_wav(wav(16000, 1, {16384, -32768, 0}), "a.wav");
    ASSERT_TRUE(mono.ok()) << mono.error().message;
    EXPECT_EQ(*mono, (std::vector<float>{0.5f, -1.0f, 0.0f}));
    auto stereo = whisper_parse_wav(wav(16000, 2, {16384, 0, -16384, -16384}), "b.wav");
    ASSERT_TRUE(stereo.ok());
    EXPECT_EQ(*stereo, (std::vector<float>{0.25f, -0.5f}));
    auto rate = whisper_parse_wav(wav(44100, 1, {1, 2}), "c.wav");
    ASSERT_FALSE(rate.ok());
    EXPECT_NE(rate.error().message.find("44100"), std::string::npos);
    auto junk = whisper_parse_wav(std::vector<uint8_t>(10, 7), "d.wav");
    EXPECT_FALSE(junk.ok());
    auto cut = wav(16000, 1, {1, 2, 3});
    cut.resize(30);  // inside the fmt chunk
    EXPECT_FALSE(whisper_parse_wav(cut, "e.wav").ok());
}

TEST(WhisperTranscribe, LongAudioGoesWindowByWindow) {
    std::vector<uint8_t> keep;
    auto m = small_model("f16", keep);
    ASSERT_TRUE(m);
    auto s = m->new_state(2);
    ASSERT_TRUE(s.ok());
    const auto pcm = sine(65 * 16000, 700, 0.3);
    WhisperTranscribeOptions o;
    o.decode.max_tokens = 6;
    o.temperatures = {0.0f};
    auto t = whisper_transcribe(**s, pcm, o);
    ASSERT_TRUE(t.ok()) << t.error().message;
    ASSERT_EQ(t->segments.size(), 3u);
    EXPECT_DOUBLE_EQ(t->segments[0].start_s, 0.0);
    EXPECT_DOUBLE_EQ(t->segments[1].start_s, 30.0);
    EXPECT_DOUBLE_EQ(t->segments[2].start_s, 60.0);
    EXPECT_DOUBLE_EQ(t->segments[2].end_s, 65.0);
    EXPECT_DOUBLE_EQ(t->audio_s, 65.0);
    std::string joined;
    for (const auto& seg : t->segments) {
        EXPECT_LE(seg.tokens.size(), 6u);
        EXPECT_EQ(seg.text, m->detokenize(seg.tokens));
        EXPECT_LE(seg.avg_logprob, 0.0);
        joined += seg.text;
    }
    EXPECT_EQ(t->text, joined);
    EXPECT_GT(t->confidence, 0.0);
    EXPECT_LE(t->confidence, 1.0);
    // The first window equals a plain greedy decode of it.
    ASSERT_TRUE((*s)->encode(m->log_mel(pcm)).ok());
    auto g = whisper_greedy(**s, o.decode);
    ASSERT_TRUE(g.ok());
    EXPECT_EQ(*g, t->segments[0].tokens);
    // Deterministic.
    auto again = whisper_transcribe(**s, pcm, o);
    ASSERT_TRUE(again.ok());
    EXPECT_EQ(again->text, t->text);
}

TEST(WhisperTranscribe, TemperatureFallbackKeepsTheBestAttempt) {
    std::vector<uint8_t> keep;
    auto m = small_model("f16", keep);
    ASSERT_TRUE(m);
    auto s = m->new_state(2);
    ASSERT_TRUE(s.ok());
    const auto pcm = sine(5 * 16000, 440, 0.3);
    WhisperTranscribeOptions o;
    o.decode.max_tokens = 6;
    o.temperatures = {0.0f, 0.5f, 1.0f};
    o.logprob_threshold = -std::numeric_limits<float>::infinity();  // greedy is always good enough
    auto greedy = whisper_transcribe(**s, pcm, o);
    ASSERT_TRUE(greedy.ok());
    ASSERT_EQ(greedy->segments.size(), 1u);
    EXPECT_EQ(greedy->segments[0].temperature, 0.0f);
    o.logprob_threshold = 1.0f;  // unreachable: every temperature is tried, the best kept
    o.seed = 42;
    auto fb = whisper_transcribe(**s, pcm, o);
    ASSERT_TRUE(fb.ok());
    EXPECT_GE(fb->segments[0].avg_logprob, greedy->segments[0].avg_logprob);
    auto fb2 = whisper_transcribe(**s, pcm, o);
    ASSERT_TRUE(fb2.ok());
    EXPECT_EQ(fb2->segments[0].tokens, fb->segments[0].tokens);  // seeded
    EXPECT_EQ(fb2->segments[0].temperature, fb->segments[0].temperature);
}

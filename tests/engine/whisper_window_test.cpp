// Whisper's window and what is decided on it: an encoder window sized to
// the audio (audio_ctx: the same numbers as a model built for that window,
// windows that tile long audio), the no-speech probability and Whisper's
// silence rule, language identification on multilingual models, and the
// temperature fallback's sampling.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <vector>

#include "engine/whisper.h"
#include "engine_tools/whisper_synth.h"

using namespace os1::engine;

namespace {

std::unique_ptr<WhisperModel> synth_model(const WhisperSynthOptions& o, std::vector<uint8_t>& keep) {
    auto b = whisper_synth(o);
    EXPECT_TRUE(b.ok()) << b.error().message;
    if (!b.ok()) return nullptr;
    keep = *b;
    auto m = WhisperModel::from_memory(keep, {.n_threads = 2});
    EXPECT_TRUE(m.ok()) << m.error().message;
    return m.ok() ? std::move(*m) : nullptr;
}

std::vector<float> chirp(double seconds, double amp = 0.3) {
    std::vector<float> v(static_cast<size_t>(seconds * 16000));
    for (size_t i = 0; i < v.size(); i++) {
        const double t = static_cast<double>(i) / 16000;
        v[i] = static_cast<float>(amp * std::sin(2 * M_PI * (250 + 120 * t) * t));
    }
    return v;
}

// softmax(logits)[id], in double.
double prob_of(std::span<const float> logits, int32_t id) {
    float mx = logits[0];
    for (float x : logits) mx = std::max(mx, x);
    double z = 0;
    for (float x : logits) z += std::exp(double(x - mx));
    return std::exp(double(logits[static_cast<size_t>(id)] - mx)) / z;
}

}  // namespace

TEST(WhisperAudioCtx, FitCoversTheAudioInWholeSteps) {
    std::vector<uint8_t> keep;
    auto m = synth_model({.hp = whisper_synth_small(), .type = "f16"}, keep);
    ASSERT_TRUE(m);
    // 3 s: about 300 frames of audio -> 150 positions -> 160.
    const LogMel mel = m->log_mel(chirp(3.0));
    EXPECT_NEAR(mel.n_frames_audio, 300, 2);
    EXPECT_EQ(whisper_fit_audio_ctx(*m, mel.n_frames_audio), 160);
    EXPECT_EQ(whisper_fit_audio_ctx(*m, 320), 160);
    EXPECT_EQ(whisper_fit_audio_ctx(*m, 321), 176);
    EXPECT_EQ(whisper_fit_audio_ctx(*m, 0), WHISPER_AUDIO_CTX_STEP);
    EXPECT_EQ(whisper_fit_audio_ctx(*m, 3000), 1500);
    EXPECT_EQ(whisper_fit_audio_ctx(*m, 9000), 1500);  // longer than 30 s: full windows

    auto s = m->new_state(2);
    ASSERT_TRUE(s.ok());
    EXPECT_EQ((*s)->audio_ctx(), 0);
    ASSERT_TRUE((*s)->encode(mel, 0, 160).ok());
    EXPECT_EQ((*s)->audio_ctx(), 160);
    EXPECT_EQ((*s)->encoder_output().size(), size_t(160) * 32);
    ASSERT_TRUE((*s)->encode(mel).ok());
    EXPECT_EQ((*s)->audio_ctx(), 1500);
    auto too_many = (*s)->encode(mel, 0, 1501);
    ASSERT_FALSE(too_many.ok());
    EXPECT_EQ(too_many.error().code, os1::ErrorCode::OutOfRange);
    EXPECT_FALSE((*s)->encode(mel, 0, -1).ok());
}

// A window of N positions is exactly what a model made for N positions
// computes (same weights; Whisper's sinusoids do not depend on the length):
// the first N positional embeddings, attention over N positions, the
// decoder's cross-attention over them.
TEST(WhisperAudioCtx, AShortWindowIsAModelBuiltForIt) {
    std::vector<uint8_t> keep_full, keep_short;
    WhisperSynthOptions o{.hp = whisper_synth_small(), .type = "f16"};
    auto full = synth_model(o, keep_full);
    o.hp.n_audio_ctx = 160;
    auto made_short = synth_model(o, keep_short);
    ASSERT_TRUE(full && made_short);
    const LogMel mel = full->log_mel(chirp(3.0));
    auto a = full->new_state(2), b = made_short->new_state(2);
    ASSERT_TRUE(a.ok() && b.ok());
    ASSERT_TRUE((*a)->encode(mel, 0, 160).ok());
    ASSERT_TRUE((*b)->encode(mel).ok());
    const auto ea = (*a)->encoder_output(), eb = (*b)->encoder_output();
    ASSERT_EQ(ea.size(), eb.size());
    for (size_t i = 0; i < ea.size(); i++) ASSERT_EQ(ea[i], eb[i]) << i;
    WhisperDecodeOptions d;
    d.max_tokens = 8;
    auto ga = whisper_greedy(**a, d), gb = whisper_greedy(**b, d);
    ASSERT_TRUE(ga.ok() && gb.ok());
    EXPECT_EQ(*ga, *gb);
    // And the full window gives another encoding (the test can fail).
    ASSERT_TRUE((*a)->encode(mel).ok());
    EXPECT_NE((*a)->encoder_output()[0], eb[0]);
}

TEST(WhisperAudioCtx, TranscriptionFitsOneWindowOrTilesWithShortOnes) {
    std::vector<uint8_t> keep;
    auto m = synth_model({.hp = whisper_synth_small(), .type = "f16"}, keep);
    ASSERT_TRUE(m);
    auto s = m->new_state(2);
    ASSERT_TRUE(s.ok());
    WhisperTranscribeOptions o;
    o.decode.max_tokens = 5;
    o.temperatures = {0.0f};
    o.no_speech_threshold = 1.0f;
    const auto pcm = chirp(3.0);
    o.audio_ctx = WHISPER_AUDIO_CTX_FIT;
    auto fit = whisper_transcribe(**s, pcm, o);
    ASSERT_TRUE(fit.ok()) << fit.error().message;
    EXPECT_EQ((*s)->audio_ctx(), 160);
    o.audio_ctx = 160;
    auto explicit_ctx = whisper_transcribe(**s, pcm, o);
    ASSERT_TRUE(explicit_ctx.ok());
    EXPECT_EQ(fit->text, explicit_ctx->text);
    ASSERT_EQ(fit->segments.size(), 1u);
    EXPECT_DOUBLE_EQ(fit->segments[0].end_s, 3.0);

    // 500 positions = 10 s windows over 25 s of audio: 0, 10, 20.
    o.audio_ctx = 500;
    auto tiled = whisper_transcribe(**s, chirp(25.0), o);
    ASSERT_TRUE(tiled.ok());
    ASSERT_EQ(tiled->segments.size(), 3u);
    EXPECT_DOUBLE_EQ(tiled->segments[1].start_s, 10.0);
    EXPECT_DOUBLE_EQ(tiled->segments[2].start_s, 20.0);
    EXPECT_DOUBLE_EQ(tiled->segments[2].end_s, 25.0);
    // Past 30 s the fit is the full window.
    o.audio_ctx = WHISPER_AUDIO_CTX_FIT;
    auto long_fit = whisper_transcribe(**s, chirp(31.0), o);
    ASSERT_TRUE(long_fit.ok());
    EXPECT_EQ((*s)->audio_ctx(), 1500);
    ASSERT_EQ(long_fit->segments.size(), 2u);
    EXPECT_DOUBLE_EQ(long_fit->segments[1].start_s, 30.0);
    o.audio_ctx = 1501;
    EXPECT_FALSE(whisper_transcribe(**s, pcm, o).ok());
    o.audio_ctx = -2;
    EXPECT_FALSE(whisper_transcribe(**s, pcm, o).ok());
}

// --- no speech ---------------------------------------------------------------

TEST(WhisperNoSpeech, IsTheNoSpeechTokensProbabilityAtSot) {
    std::vector<uint8_t> keep;
    auto m = synth_model({.hp = whisper_synth_small(), .type = "f32"}, keep);
    ASSERT_TRUE(m);
    auto s = m->new_state(2);
    ASSERT_TRUE(s.ok());
    const auto pcm = chirp(4.0);
    WhisperTranscribeOptions o;
    o.decode.max_tokens = 4;
    o.temperatures = {0.0f};
    o.no_speech_threshold = 1.0f;
    auto t = whisper_transcribe(**s, pcm, o);
    ASSERT_TRUE(t.ok());
    // Independently: the decoder after sot alone, softmax at the no-speech token.
    ASSERT_TRUE((*s)->encode(m->log_mel(pcm)).ok());
    const int32_t sot = m->tokens().sot;
    auto at_sot = (*s)->decode(std::span<const int32_t>(&sot, 1));
    ASSERT_TRUE(at_sot.ok());
    const double expected = prob_of(*at_sot, m->tokens().nosp);
    EXPECT_NEAR(t->no_speech_prob, expected, 1e-4 * expected + 1e-9);
    ASSERT_EQ(t->segments.size(), 1u);
    EXPECT_EQ(t->segments[0].no_speech_prob, static_cast<float>(t->no_speech_prob));
    // Not the probability after the whole prompt (what whisper.cpp reads).
    ASSERT_TRUE((*s)->encode(m->log_mel(pcm)).ok());
    auto after_prompt = (*s)->decode(whisper_prompt(*m, o.decode));
    ASSERT_TRUE(after_prompt.ok());
    EXPECT_GT(std::fabs(prob_of(*after_prompt, m->tokens().nosp) - expected), 1e-3 * expected);
    // The row read from a batched prompt equals a pass of its own.
    ASSERT_TRUE((*s)->encode(m->log_mel(pcm)).ok());
    std::vector<float> row(static_cast<size_t>(m->hparams().n_vocab));
    const auto prompt = whisper_prompt(*m, o.decode);
    ASSERT_TRUE((*s)->decode(prompt, 0, row).ok());
    EXPECT_NEAR(prob_of(row, m->tokens().nosp), expected, 1e-4 * expected + 1e-9);
    EXPECT_FALSE((*s)->decode(prompt, static_cast<int>(prompt.size()), row).ok());
    EXPECT_FALSE((*s)->decode(prompt, 0, std::span<float>(row.data(), 10)).ok());
}

// Whisper's rule: silence when the no-speech probability is above the
// threshold and the mean log-probability is not above logprob_threshold.
TEST(WhisperNoSpeech, AWindowIsDroppedOnlyWhenBothSaySilence) {
    std::vector<uint8_t> keep;
    auto m = synth_model({.hp = whisper_synth_small(), .type = "f16"}, keep);
    ASSERT_TRUE(m);
    auto s = m->new_state(2);
    ASSERT_TRUE(s.ok());
    const auto pcm = chirp(3.0);
    WhisperTranscribeOptions o;
    o.decode.max_tokens = 4;
    o.temperatures = {0.0f};
    o.no_speech_threshold = 1.0f;
    auto base = whisper_transcribe(**s, pcm, o);
    ASSERT_TRUE(base.ok());
    ASSERT_FALSE(base->text.empty());
    const double p = base->no_speech_prob, avg = base->segments[0].avg_logprob;
    ASSERT_GT(p, 0.0);
    ASSERT_LT(avg, 0.0);
    o.no_speech_threshold = static_cast<float>(p * 0.5);  // likely enough to be silence
    o.logprob_threshold = 0.0f;                            // and unsure of every word
    auto dropped = whisper_transcribe(**s, pcm, o);
    ASSERT_TRUE(dropped.ok());
    EXPECT_EQ(dropped->text, "");
    EXPECT_TRUE(dropped->segments.empty());
    EXPECT_EQ(dropped->windows_silent, 1);
    EXPECT_DOUBLE_EQ(dropped->no_speech_prob, p);
    o.logprob_threshold = -1e9f;  // sure enough of the words: kept
    auto sure = whisper_transcribe(**s, pcm, o);
    ASSERT_TRUE(sure.ok());
    EXPECT_EQ(sure->text, base->text);
    o.logprob_threshold = 0.0f;
    o.no_speech_threshold = static_cast<float>(std::min(0.999, p * 2));  // not likely enough
    auto kept = whisper_transcribe(**s, pcm, o);
    ASSERT_TRUE(kept.ok());
    EXPECT_EQ(kept->text, base->text);
    EXPECT_EQ(kept->windows_silent, 0);
}

TEST(WhisperNoSpeech, AModelThatHearsNoSpeechGivesNoTextAtDefaults) {
    std::vector<uint8_t> keep;
    auto m = synth_model({.hp = whisper_synth_small(), .type = "f16", .hears_no_speech = true}, keep);
    ASSERT_TRUE(m);
    auto s = m->new_state(2);
    ASSERT_TRUE(s.ok());
    WhisperTranscribeOptions o;  // Whisper's defaults: 0.6, -1, the whole fallback
    o.decode.max_tokens = 6;
    auto t = whisper_transcribe(**s, chirp(40.0), o);
    ASSERT_TRUE(t.ok()) << t.error().message;
    EXPECT_GT(t->no_speech_prob, 0.99);
    EXPECT_EQ(t->text, "");
    EXPECT_TRUE(t->segments.empty());
    EXPECT_EQ(t->windows_silent, 2);
    // Without the rule the same model decodes words (near-uniform guesses).
    o.no_speech_threshold = 1.0f;
    o.temperatures = {0.0f};
    auto forced = whisper_transcribe(**s, chirp(3.0), o);
    ASSERT_TRUE(forced.ok());
    ASSERT_EQ(forced->segments.size(), 1u);
    EXPECT_LT(forced->segments[0].avg_logprob, -1.0);
    EXPECT_FALSE(forced->segments[0].tokens.empty());
}

// --- language ----------------------------------------------------------------

TEST(WhisperLanguage, CodesInTokenOrder) {
    EXPECT_EQ(whisper_language_code(0), "en");
    EXPECT_EQ(whisper_language_code(2), "de");
    EXPECT_EQ(whisper_language_code(98), "su");
    EXPECT_EQ(whisper_language_code(99), "yue");
    EXPECT_EQ(whisper_language_code(100), "");
    EXPECT_EQ(whisper_language_code(-1), "");
    EXPECT_EQ(whisper_language_index("de"), 2);
    EXPECT_EQ(whisper_language_index("haw"), 93);
    EXPECT_EQ(whisper_language_index("xx"), -1);
    for (int i = 0; i < 100; i++) EXPECT_EQ(whisper_language_index(whisper_language_code(i)), i);
}

TEST(WhisperLanguage, DetectionPicksTheLikeliestLanguageTokenAfterSot) {
    std::vector<uint8_t> keep;
    auto m = synth_model({.hp = whisper_synth_small(), .type = "f32"}, keep);
    ASSERT_TRUE(m);
    ASSERT_TRUE(m->tokens().multilingual);
    ASSERT_EQ(m->tokens().n_languages, 99);
    auto s = m->new_state(2);
    ASSERT_TRUE(s.ok());
    const LogMel mel = m->log_mel(chirp(5.0));
    ASSERT_TRUE((*s)->encode(mel).ok());
    std::vector<float> probs;
    auto lang = whisper_detect_language(**s, &probs);
    ASSERT_TRUE(lang.ok()) << lang.error().message;
    ASSERT_EQ(probs.size(), 99u);
    double sum = 0;
    for (float p : probs) sum += p;
    EXPECT_NEAR(sum, 1.0, 1e-5);
    EXPECT_EQ(lang->code, whisper_language_code(lang->index));
    EXPECT_FLOAT_EQ(lang->probability, probs[static_cast<size_t>(lang->index)]);
    EXPECT_EQ((*s)->n_past(), 0);
    // Independently: the decoder after sot, the best of the language tokens.
    const int32_t sot = m->tokens().sot;
    auto logits = (*s)->decode(std::span<const int32_t>(&sot, 1));
    ASSERT_TRUE(logits.ok());
    int best = 0;
    for (int i = 1; i < 99; i++)
        if ((*logits)[size_t(m->tokens().lang_begin + i)] > (*logits)[size_t(m->tokens().lang_begin + best)]) best = i;
    EXPECT_EQ(lang->index, best);
    EXPECT_NEAR(lang->probability, prob_of(logits->subspan(size_t(m->tokens().lang_begin), 99), best), 1e-6);
}

TEST(WhisperLanguage, AutoDecodesInTheDetectedLanguage) {
    std::vector<uint8_t> keep;
    auto m = synth_model({.hp = whisper_synth_small(), .type = "f16"}, keep);
    ASSERT_TRUE(m);
    auto s = m->new_state(2);
    ASSERT_TRUE(s.ok());
    const auto pcm = chirp(4.0);
    ASSERT_TRUE((*s)->encode(m->log_mel(pcm)).ok());
    auto lang = whisper_detect_language(**s);
    ASSERT_TRUE(lang.ok());
    WhisperTranscribeOptions o;
    o.decode.max_tokens = 6;
    o.temperatures = {0.0f};
    o.no_speech_threshold = 1.0f;
    o.decode.language = WHISPER_LANGUAGE_AUTO;
    auto autod = whisper_transcribe(**s, pcm, o);
    ASSERT_TRUE(autod.ok()) << autod.error().message;
    EXPECT_EQ(autod->language, lang->code);
    EXPECT_FLOAT_EQ(static_cast<float>(autod->language_prob), lang->probability);
    o.decode.language = lang->index;
    auto given = whisper_transcribe(**s, pcm, o);
    ASSERT_TRUE(given.ok());
    EXPECT_EQ(given->segments.at(0).tokens, autod->segments.at(0).tokens);
    EXPECT_EQ(given->language, lang->code);
    EXPECT_EQ(given->language_prob, -1.0);
    // Another language is another prompt: other logits.
    o.decode.language = (lang->index + 1) % 99;
    auto other = whisper_transcribe(**s, pcm, o);
    ASSERT_TRUE(other.ok());
    EXPECT_EQ(other->language, whisper_language_code(o.decode.language));
    EXPECT_NE(other->segments.at(0).avg_logprob, given->segments.at(0).avg_logprob);
    o.decode.language = 99;  // past the model's 99
    EXPECT_FALSE(whisper_transcribe(**s, pcm, o).ok());
}

TEST(WhisperLanguage, AnEnglishOnlyModelHearsEnglish) {
    std::vector<uint8_t> keep;
    WhisperHParams hp = whisper_synth_small();
    hp.n_vocab = 51864;
    auto m = synth_model({.hp = hp, .type = "f16"}, keep);
    ASSERT_TRUE(m);
    ASSERT_FALSE(m->tokens().multilingual);
    auto s = m->new_state(2);
    ASSERT_TRUE(s.ok());
    ASSERT_TRUE((*s)->encode(m->log_mel(chirp(2.0))).ok());
    auto lang = whisper_detect_language(**s);
    ASSERT_TRUE(lang.ok());
    EXPECT_EQ(lang->code, "en");
    EXPECT_EQ(lang->probability, 1.0f);
    WhisperTranscribeOptions o;
    o.decode.max_tokens = 3;
    o.temperatures = {0.0f};
    o.decode.language = WHISPER_LANGUAGE_AUTO;
    auto t = whisper_transcribe(**s, chirp(2.0), o);
    ASSERT_TRUE(t.ok());
    EXPECT_EQ(t->language, "en");
    EXPECT_EQ(t->language_prob, -1.0);
}

// --- temperature fallback ----------------------------------------------------

// The fallback's attempts above 0 sample: seeded, repeatable, and not the
// greedy choice every time.
TEST(WhisperFallback, TemperaturesSampleWithTheSeed) {
    std::vector<uint8_t> keep;
    auto m = synth_model({.hp = whisper_synth_small(), .type = "f16"}, keep);
    ASSERT_TRUE(m);
    auto s = m->new_state(2);
    ASSERT_TRUE(s.ok());
    const auto pcm = chirp(3.0);
    WhisperTranscribeOptions o;
    o.decode.max_tokens = 8;
    o.no_speech_threshold = 1.0f;
    o.temperatures = {0.0f};
    auto greedy = whisper_transcribe(**s, pcm, o);
    ASSERT_TRUE(greedy.ok());
    o.temperatures = {1.0f};
    int differ = 0;
    for (uint64_t seed = 1; seed <= 4; seed++) {
        o.seed = seed;
        auto a = whisper_transcribe(**s, pcm, o), b = whisper_transcribe(**s, pcm, o);
        ASSERT_TRUE(a.ok() && b.ok());
        EXPECT_EQ(a->segments.at(0).tokens, b->segments.at(0).tokens);
        EXPECT_EQ(a->segments.at(0).temperature, 1.0f);
        differ += a->segments.at(0).tokens != greedy->segments.at(0).tokens;
    }
    EXPECT_GT(differ, 0);
    // A threshold the greedy attempt passes stops there; one nothing passes
    // tries every temperature and keeps the best (never worse than greedy).
    o.temperatures = {0.0f, 1.0f};
    o.logprob_threshold = static_cast<float>(greedy->segments[0].avg_logprob - 1.0);
    auto stop = whisper_transcribe(**s, pcm, o);
    ASSERT_TRUE(stop.ok());
    EXPECT_EQ(stop->segments.at(0).temperature, 0.0f);
    EXPECT_EQ(stop->segments.at(0).tokens, greedy->segments.at(0).tokens);
}

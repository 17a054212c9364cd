// Whisper's timestamps mode: the timestamp rules step by step, words from
// tokens, and whole-clip transcription with timestamps (segments in order,
// inside the audio, words inside their segments).
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <vector>

#include "engine/whisper.h"
#include "engine_tools/whisper_synth.h"

using namespace os1::engine;

namespace {

std::unique_ptr<WhisperModel> small_model(std::vector<uint8_t>& keep) {
    auto b = whisper_synth({.hp = whisper_synth_small(), .type = "f16"});
    EXPECT_TRUE(b.ok());
    keep = *b;
    auto m = WhisperModel::from_memory(keep, {.n_threads = 2});
    EXPECT_TRUE(m.ok()) << m.error().message;
    return m.ok() ? std::move(*m) : nullptr;
}

constexpr float NINF = -std::numeric_limits<float>::infinity();

struct Rules {
    const WhisperModel& m;
    WhisperDecodeOptions o;
    int ts() const { return m.tokens().timestamp_begin; }
    // Flat logits (timestamps a little lower than text, so rule 5 stays out of
    // the way) after the sequence, filtered.
    std::vector<float> after(const std::vector<int32_t>& seq) const {
        std::vector<float> l(static_cast<size_t>(m.hparams().n_vocab), 0.0f);
        for (size_t i = static_cast<size_t>(ts()); i < l.size(); i++) l[i] = -20.0f;
        whisper_filter_logits(m, l, seq.empty(), o);
        whisper_apply_timestamp_rules(m, l, seq, o);
        return l;
    }
};

}  // namespace

TEST(WhisperTimestamps, RulesKeepTimestampsPairedAndInOrder) {
    std::vector<uint8_t> keep;
    auto m = small_model(keep);
    ASSERT_TRUE(m);
    Rules r{*m, {}};
    r.o.no_timestamps = false;
    const int ts = r.ts();
    const int32_t text = 1000, eot = m->tokens().eot;
    EXPECT_EQ(whisper_prompt(*m, r.o).back(), m->tokens().transcribe);  // no notimestamps token

    // The window opens with a timestamp of at most 1.0 s (index 50).
    auto first = r.after({});
    EXPECT_EQ(first[text], NINF);
    EXPECT_EQ(first[size_t(eot)], NINF);
    EXPECT_GT(first[size_t(ts)], NINF);
    EXPECT_GT(first[size_t(ts + 50)], NINF);
    EXPECT_EQ(first[size_t(ts + 51)], NINF);

    // After the opening timestamp: text (no timestamp at all).
    auto opened = r.after({ts + 5});
    EXPECT_GT(opened[text], NINF);
    for (int id : {ts, ts + 5, ts + 6, ts + 400}) EXPECT_EQ(opened[size_t(id)], NINF) << id;

    // Inside a segment: text, or a later timestamp (never the same one: a segment has a length).
    auto inside = r.after({ts + 5, text});
    EXPECT_GT(inside[text], NINF);
    EXPECT_GT(inside[size_t(eot)], NINF);
    EXPECT_EQ(inside[size_t(ts + 5)], NINF);
    EXPECT_GT(inside[size_t(ts + 6)], NINF);

    // A segment's end: its partner (the same time or later) or the end, no text.
    auto ended = r.after({ts + 5, text, ts + 90});
    EXPECT_EQ(ended[text], NINF);
    EXPECT_GT(ended[size_t(eot)], NINF);
    EXPECT_EQ(ended[size_t(ts + 89)], NINF);
    EXPECT_GT(ended[size_t(ts + 90)], NINF);
    EXPECT_GT(ended[size_t(ts + 91)], NINF);

    // After a pair: text again.
    auto paired = r.after({ts + 5, text, ts + 90, ts + 90});
    EXPECT_GT(paired[text], NINF);
    EXPECT_EQ(paired[size_t(ts + 100)], NINF);

    // Timestamps together likelier than any text token: a timestamp is due.
    std::vector<float> l(static_cast<size_t>(m->hparams().n_vocab), 0.0f);
    l[text] = 3.0f;  // best text
    for (size_t i = size_t(ts); i < l.size(); i++) l[i] = 0.0f;  // 1501 of them at 0: e^0 * 1501 > e^3
    whisper_filter_logits(*m, l, false, r.o);
    whisper_apply_timestamp_rules(*m, l, std::vector<int32_t>{ts + 5, text}, r.o);
    EXPECT_EQ(l[text], NINF);
    EXPECT_GT(l[size_t(ts + 6)], NINF);
}

TEST(WhisperTimestamps, WordsSplitAtSpacesWithTimesByLength) {
    std::vector<uint8_t> keep;
    auto m = small_model(keep);
    ASSERT_TRUE(m);
    // The synthetic vocabulary: id c < 256 is the character c, 220 is " ".
    const std::vector<int32_t> tokens{'H', 'i', 220, 'y', 'o', 'u', m->tokens().timestamp_begin + 3, '!'};
    const std::vector<float> lp{-0.1f, -0.3f, -0.2f, 0.0f, -0.5f, -0.1f, 0.0f, -1.0f};
    auto w = whisper_words(*m, tokens, lp, 1.0, 2.0);
    ASSERT_EQ(w.size(), 2u);
    EXPECT_EQ(w[0].text, "Hi");
    EXPECT_EQ(w[1].text, "you!");
    EXPECT_DOUBLE_EQ(w[0].start_s, 1.0);
    EXPECT_NEAR(w[0].end_s, 1.0 + 2.0 / 6.0, 1e-12);  // 2 of 6 characters
    EXPECT_DOUBLE_EQ(w[1].start_s, w[0].end_s);
    EXPECT_DOUBLE_EQ(w[1].end_s, 2.0);
    EXPECT_NEAR(w[0].confidence, std::exp(-0.2), 1e-6);  // the mean of -0.1 and -0.3
    EXPECT_TRUE(whisper_words(*m, {}, {}, 0, 1).empty());
}

TEST(WhisperTimestamps, TranscriptionGivesSegmentsInOrderInsideTheAudio) {
    std::vector<uint8_t> keep;
    auto m = small_model(keep);
    ASSERT_TRUE(m);
    auto s = m->new_state(2);
    ASSERT_TRUE(s.ok());
    std::vector<float> pcm(3 * 16000);
    for (size_t i = 0; i < pcm.size(); i++) pcm[i] = 0.3f * static_cast<float>(std::sin(2 * M_PI * 300 * i / 16000.0));
    WhisperTranscribeOptions o;
    o.decode.no_timestamps = false;
    o.decode.max_tokens = 20;
    o.temperatures = {0.0f};
    auto t = whisper_transcribe(**s, pcm, o);
    ASSERT_TRUE(t.ok()) << t.error().message;
    ASSERT_FALSE(t->segments.empty());
    double last = 0;
    std::string joined;
    for (const auto& seg : t->segments) {
        EXPECT_GE(seg.start_s, last);
        EXPECT_LE(seg.start_s, seg.end_s);
        EXPECT_LE(seg.end_s, 3.0);
        EXPECT_EQ(seg.tokens.size(), seg.logprobs.size());
        for (int32_t id : seg.tokens) EXPECT_LT(id, m->tokens().eot);  // timestamps are not text
        for (const auto& w : seg.words) {
            EXPECT_GE(w.start_s, seg.start_s);
            EXPECT_LE(w.end_s, seg.end_s + 1e-12);
        }
        last = seg.end_s;
        joined += seg.text;
    }
    EXPECT_EQ(t->text, joined);
}

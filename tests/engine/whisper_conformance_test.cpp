// Whisper against whisper.cpp: the reference kit's conformance/whisper (a
// random-weight model in f32, f16 and q8_0 with whisper.cpp's log-mel,
// encoder output, 8 steps of logits and its greedy tokens for two inputs).
// Bounds from the kit's README: mel max abs error 1e-3; encoder and logits
// median per-row rel-L2 1e-3 (f32), 2e-3 (f16), 3e-2 (q8_0); greedy ids
// equal; `full` (17 steps) equal, q8_0 jfk its first 12. A q8_0 pick that
// whisper.cpp itself made by less than the bound allows may flip (below).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <iterator>
#include <fstream>
#include <ostream>
#include <sstream>
#include <string>
#include <vector>

#include "engine/whisper.h"
#include "test_support.h"

using namespace os1::engine;

namespace {

std::vector<float> read_f32(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::vector<char> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    std::vector<float> v(bytes.size() / 4);
    std::memcpy(v.data(), bytes.data(), v.size() * 4);
    return v;
}

std::vector<int32_t> ids_after(const std::filesystem::path& tokens_txt, const std::string& key) {
    std::ifstream in(tokens_txt);
    std::string line;
    while (std::getline(in, line)) {
        std::istringstream s(line);
        std::string k;
        s >> k;
        if (k != key) continue;
        std::vector<int32_t> ids;
        for (int32_t id; s >> id;) ids.push_back(id);
        return ids;
    }
    return {};
}

// Median over rows of ||a - b|| / ||b||.
double median_rel_l2(const std::vector<float>& a, const std::vector<float>& b, size_t row) {
    std::vector<double> r;
    for (size_t i = 0; i + row <= b.size(); i += row) {
        double e = 0, n = 0;
        for (size_t j = i; j < i + row; j++) e += std::pow(double(a[j]) - b[j], 2), n += double(b[j]) * b[j];
        r.push_back(std::sqrt(e / n));
    }
    std::sort(r.begin(), r.end());
    return r.size() % 2 ? r[r.size() / 2] : (r[r.size() / 2 - 1] + r[r.size() / 2]) / 2;
}

struct Case {
    std::string type;
    std::string input;  // jfk or sine440
};

void PrintTo(const Case& c, std::ostream* os) { *os << c.type << " " << c.input; }

class WhisperConformance : public ::testing::TestWithParam<Case> {};

TEST_P(WhisperConformance, MatchesWhisperCpp) {
    OS1_REQUIRE_SHARED(shared);
    const auto dir = shared / "conformance" / "whisper";
    const auto ref = dir / "ref";
    const Case& c = GetParam();
    const auto wav = c.input == "jfk" ? shared / "data" / "speech" / "whisper.cpp" / "jfk.wav" : dir / "sine440.wav";
    const std::string stem = "syn-whisper-" + c.type + "." + c.input;
    const double bound = c.type == "f32" ? 1e-3 : c.type == "f16" ? 2e-3 : 3e-2;

    auto pcm = whisper_read_wav(wav);
    ASSERT_TRUE(pcm.ok()) << pcm.error().message;
    auto model = WhisperModel::load(dir / ("syn-whisper-" + c.type + ".bin"), {.n_threads = 2});
    ASSERT_TRUE(model.ok()) << model.error().message;

    const LogMel mel = (*model)->log_mel(*pcm);
    const auto ref_mel = read_f32(ref / (c.input + ".mel.f32"));
    ASSERT_EQ(mel.data.size(), ref_mel.size());
    float worst = 0;
    for (size_t i = 0; i < ref_mel.size(); i++) worst = std::max(worst, std::fabs(mel.data[i] - ref_mel[i]));
    EXPECT_LE(worst, 1e-3f) << "mel";
    EXPECT_EQ(mel.n_frames_audio, ids_after(ref / (stem + ".tokens.txt"), "n_len_org").at(0));

    auto state = (*model)->new_state();
    ASSERT_TRUE(state.ok());
    ASSERT_TRUE((*state)->encode(mel).ok());
    const auto enc = (*state)->encoder_output();
    const auto ref_enc = read_f32(ref / (stem + ".enc.f32"));
    ASSERT_EQ(enc.size(), ref_enc.size());
    const double enc_err = median_rel_l2(std::vector<float>(enc.begin(), enc.end()), ref_enc, 32);
    EXPECT_LE(enc_err, bound) << "encoder";

    const int n_vocab = (*model)->hparams().n_vocab;
    std::vector<float> logits;
    auto ids = whisper_greedy(**state, {.max_tokens = 17}, [&](const WhisperGreedyStep& s) {
        if (logits.size() < size_t(8) * n_vocab) logits.insert(logits.end(), s.logits.begin(), s.logits.end());
        return true;
    });
    ASSERT_TRUE(ids.ok()) << ids.error().message;
    const auto ref_logits = read_f32(ref / (stem + ".logits.f32"));
    ASSERT_EQ(logits.size(), ref_logits.size());
    const auto greedy = ids_after(ref / (stem + ".tokens.txt"), "greedy");
    const auto full = ids_after(ref / (stem + ".tokens.txt"), "full");
    ASSERT_EQ(greedy.size(), 8u);
    ASSERT_EQ(full.size(), 17u);
    ASSERT_EQ(ids->size(), 17u);

    // A random-weight model has near ties. Where whisper.cpp's own margin
    // between its pick and ours is below what the bound allows (q8_0: a
    // logit moves by ~bound x the row's RMS), the pick may flip with the
    // order of the sums (AVX-512 VNNI, AVX2, scalar differ); the steps
    // after a flip decode another text and are not compared. The logits are
    // compared up to and including the flip, the ids before it.
    size_t steps = 8;
    for (size_t k = 0; k < 8; k++) {
        if ((*ids)[k] == greedy[k]) continue;
        const float* row = ref_logits.data() + k * n_vocab;
        double rms = 0;
        for (int j = 0; j < n_vocab; j++) rms += double(row[j]) * row[j];
        rms = std::sqrt(rms / n_vocab);
        const double margin = row[greedy[k]] - row[(*ids)[k]];
        EXPECT_LT(margin, bound * rms) << "step " << k << ": whisper.cpp chose " << greedy[k] << " over our "
                                       << (*ids)[k] << " by " << margin << ", more than a near tie";
        steps = k + 1;
        break;
    }
    const size_t n_cmp = steps * static_cast<size_t>(n_vocab);
    const double logit_err = median_rel_l2(std::vector<float>(logits.begin(), logits.begin() + n_cmp),
                                           std::vector<float>(ref_logits.begin(), ref_logits.begin() + n_cmp),
                                           static_cast<size_t>(n_vocab));
    EXPECT_LE(logit_err, bound) << "logits over " << steps << " steps";
    if (steps < 8) {
        // Only the q8_0 model is allowed a flip; f32 and f16 must match exactly.
        EXPECT_EQ(c.type, "q8_0") << "a flip at step " << steps - 1;
        EXPECT_GE(steps, 3u) << "a flip in the first two steps";
    } else {
        const size_t n_full = c.type == "q8_0" && c.input == "jfk" ? 12 : 17;
        EXPECT_EQ(std::vector<int32_t>(ids->begin(), ids->begin() + n_full),
                  std::vector<int32_t>(full.begin(), full.begin() + n_full));
    }
    EXPECT_EQ(std::vector<int32_t>(ids->begin(), ids->begin() + steps - (steps < 8)),
              std::vector<int32_t>(greedy.begin(), greedy.begin() + steps - (steps < 8)));
    RecordProperty("encoder_median_rel_l2", std::to_string(enc_err));
    RecordProperty("logits_median_rel_l2", std::to_string(logit_err));
    std::printf("%s: mel max %.2e, encoder median %.2e, logits median %.2e\n", stem.c_str(), worst, enc_err, logit_err);
}

std::string case_name(const ::testing::TestParamInfo<Case>& info) { return info.param.type + "_" + info.param.input; }

INSTANTIATE_TEST_SUITE_P(Kit, WhisperConformance,
                         ::testing::Values(Case{"f32", "jfk"}, Case{"f32", "sine440"}, Case{"f16", "jfk"},
                                           Case{"f16", "sine440"}, Case{"q8_0", "jfk"}, Case{"q8_0", "sine440"}),
                         case_name);

}  // namespace

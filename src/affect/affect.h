// os1's emotion recogniser: reads what the person writes and says which of
// the 28 GoEmotions labels (27 emotions + neutral) and the 7 Ekman labels
// (6 basic emotions + neutral) are present, with probabilities, plus a
// valence (−1 unpleasant … +1 pleasant) and an arousal (0 calm … 1 agitated).
//
// The model is our own: hashed word uni/bigrams and character 3–5-grams
// (features.h) → a 1-hidden-layer network (4-bit embedding rows, ReLU) → 35
// sigmoid heads (28 GoEmotions + 7 Ekman), with per-label decision
// thresholds tuned on a validation slice. It is trained by
// bench/affect_train.cpp on GoEmotions; the weights (src/affect/model/
// affect.bin, a few MB) are compiled into the binary, so the classifier
// works offline from any directory.
//
//   auto model = TRY(AffectModel::load_embedded());
//   Affect a = model.analyze("I am not happy about this");
//   Json j = affect_to_json(a);
//
// Thread safety: a loaded AffectModel is immutable; analyze() may be called
// from many threads at once (each thread keeps its own scratch buffers).
#pragma once

#include <array>
#include <filesystem>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "affect/labels.h"
#include "core/json.h"
#include "core/result.h"

namespace os1::affect {

struct Affect {
    std::array<float, N_GO> emotions{};     // GoEmotions label id → probability
    std::array<float, N_EKMAN> ekman{};     // Ekman label id → probability
    std::vector<int> predicted;             // GoEmotions ids over their thresholds (never empty)
    std::vector<int> ekman_predicted;       // Ekman ids over their thresholds (never empty)
    float valence = 0;                      // −1…1
    float arousal = 0;                      // 0…1
};

// Valence and arousal from GoEmotions probabilities: the probability-weighted
// mean of each label's GO_VAD value (labels.h); neutral text gives ~0 / low.
void valence_arousal(std::span<const float, N_GO> probs, float& valence, float& arousal);

// The trained parameters in float, as the training program holds them;
// serialize_model() quantises the embedding rows to `bits` bits (symmetric,
// one float scale per row).
struct ModelData {
    uint64_t seed = 0;                      // hash seed for features.h
    uint32_t dim = 0;                       // hidden width
    uint32_t n_char_buckets = 0;            // power of two
    float char_weight = 1;                  // weight of the character n-gram group
    uint32_t bits = 4;                      // quantisation of the rows: 8 or 4 bits per value
    float ekman_mix = 0;                    // Ekman output = (1-mix)·Ekman head + mix·max of its mapped GoEmotions
    std::vector<uint64_t> word_keys;        // (n_word_rows) feature hashes, never 0, unique
    std::vector<float> rows;                // (n_word_rows + n_char_buckets, dim)
    std::vector<float> b1;                  // (dim)
    std::vector<float> w2;                  // (N_OUTPUTS, dim)
    std::vector<float> b2;                  // (N_OUTPUTS)
    std::array<float, N_OUTPUTS> thresholds{};
};

std::string serialize_model(const ModelData& model);

class AffectModel {
public:
    // The weights compiled into this binary.
    static Result<AffectModel> load_embedded();
    // A weights file written by bench/affect_train (affect.bin).
    static Result<AffectModel> load_file(const std::filesystem::path& path);
    // `source` names the bytes in errors. Checks magic, version, sizes and a
    // checksum: a damaged file is ErrorCode::Corrupt, never a crash.
    static Result<AffectModel> from_bytes(std::string_view bytes, std::string_view source);

    Affect analyze(std::string_view text) const;
    // The 35 head probabilities (28 GoEmotions, then 7 Ekman), for evaluation.
    void probabilities(std::string_view text, std::span<float, N_OUTPUTS> out) const;
    // Applies the thresholds to probabilities (as analyze() does).
    Affect decide(std::span<const float, N_OUTPUTS> probs) const;

    const std::array<float, N_OUTPUTS>& thresholds() const { return m_thresholds; }
    uint32_t dim() const { return m_dim; }
    size_t n_word_rows() const { return m_n_word_rows; }
    size_t n_char_buckets() const { return m_n_char_buckets; }

private:
    int64_t find_word_row(uint64_t key) const;

    uint64_t m_seed = 0;
    uint32_t m_dim = 0;
    size_t m_n_word_rows = 0;
    size_t m_n_char_buckets = 0;
    float m_char_weight = 1;
    std::vector<uint64_t> m_table_keys;     // (table_size) open addressing, 0 = empty
    std::vector<uint32_t> m_table_rows;     // (table_size) row of the key in the same slot
    uint32_t m_bits = 8;
    float m_ekman_mix = 0;
    std::vector<uint8_t> m_rows;            // (n_word_rows + n_char_buckets, dim * bits / 8)
    std::vector<float> m_row_scale;         // (n_word_rows + n_char_buckets)
    std::vector<float> m_b1;                // (dim)
    std::vector<float> m_w2;                // (N_OUTPUTS, dim)
    std::vector<float> m_b2;                // (N_OUTPUTS)
    std::array<float, N_OUTPUTS> m_thresholds{};
};

// {"emotions": {28 labels: p}, "predicted": [...], "ekman": {7 labels: p},
//  "ekman_predicted": [...], "valence": v, "arousal": a}; probabilities
// rounded to 4 decimals.
Json affect_to_json(const Affect& affect);

}  // namespace os1::affect

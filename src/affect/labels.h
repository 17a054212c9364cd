// The label sets os1's affect classifier speaks: the 28 GoEmotions labels
// (27 emotions + neutral, in the dataset's id order), the 7 Ekman labels
// (6 basic emotions + neutral, in the dataset's ekman/ id order), the
// GoEmotions → Ekman mapping the dataset uses, and our own per-label
// valence/arousal values (see README.md, "Valence and arousal").
//
// Plain constant tables; thread safe.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace os1::affect {

inline constexpr size_t N_GO = 28;
inline constexpr size_t N_EKMAN = 7;
inline constexpr size_t N_OUTPUTS = N_GO + N_EKMAN;  // the model's heads, GoEmotions first
inline constexpr size_t GO_NEUTRAL = 27;
inline constexpr size_t EKMAN_NEUTRAL = 4;

// "admiration", ..., "neutral" (GoEmotions emotions.txt order).
extern const std::array<std::string_view, N_GO> GO_LABELS;
// "anger", "disgust", "fear", "joy", "neutral", "sadness", "surprise".
extern const std::array<std::string_view, N_EKMAN> EKMAN_LABELS;
// GoEmotions label id → Ekman label id (the dataset's own grouping).
extern const std::array<uint8_t, N_GO> GO_TO_EKMAN;

// Valence in −1…1 and arousal in 0…1 for each GoEmotions label, written for
// os1 (informed by the published valence/arousal norms for the emotion
// words; not copied from any lexicon).
struct Vad {
    float valence;
    float arousal;
};
extern const std::array<Vad, N_GO> GO_VAD;

// Index of a label name, or -1.
int go_label_index(std::string_view name);
int ekman_label_index(std::string_view name);

}  // namespace os1::affect

// Reading a message written to the companion: the classifier (affect.h)
// plus two calibrations for conversation that a bag of words cannot see.
//  - Sarcastic praise. "Oh great, my car won't start again": an opening
//    word of praise ("great", "perfect", "fantastic", "lovely", ...)
//    followed by content that reads negative on its own is a complaint, not
//    admiration; the reading becomes the content's, with the praise's
//    strength moved to annoyance.
//  - Despair and loneliness said of oneself. The classifier reads words by
//    their letters too, and "hopeless" shares "hope" with optimism,
//    "worthless" "worth" with admiration; GoEmotions (Reddit) has few
//    people saying "I feel so lonely tonight", so it reads joy or caring
//    or nothing. When a sentence that speaks of the speaker or of feeling
//    ("I feel hopeless and alone", "feeling empty", "nobody cares about
//    me") holds a word of despair (hopeless, worthless, lonely, isolated,
//    abandoned...; alone, empty, numb, lost... only in a frame of feeling:
//    "so alone", "I feel empty", not "leave me alone") that no negation
//    governs ("I'm not lonely", "I feel less alone") and nobody laughs,
//    the joy family's and neutral's strength goes to sadness.
// Anything else is exactly AffectModel::analyze.
//
//   Affect a = analyze_message(model, "Perfect, I missed the last bus home.");
//   // a.predicted has annoyance, not admiration; a.valence < 0
//   Affect b = analyze_message(model, "I feel hopeless and alone");
//   // b.predicted has sadness and nothing of the joy family; Ekman sadness
//
// Thread safety: as AffectModel::analyze.
#pragma once

#include <span>
#include <string_view>

#include "affect/affect.h"

namespace os1::affect {

Affect analyze_message(const AffectModel& model, std::string_view text);

// The 35 probabilities analyze_message decides on (the classifier's, after
// both calibrations), for readers that use the probabilities themselves
// (the crisis detector's learned layer).
void message_probabilities(const AffectModel& model, std::string_view text, std::span<float, N_OUTPUTS> out);

// Whether a sentence of `text` says the speaker feels despair or
// loneliness (the second calibration's test, above).
bool speaks_of_despair(std::string_view text);

// The reading of a message that crisis care answers (the companion's
// detect_crisis fired): "Sometimes I don't want to be alive anymore." is
// pain, not disapproval. The model's reading is kept for the labels of
// the sadness and fear families; every other label (disapproval, anger,
// joy, neutral...) is held below its threshold, and its strength goes to
// sadness (CrisisTone::Sadness, thoughts of suicide or self-harm) or fear
// (CrisisTone::Fear, danger or a medical emergency), which is then predicted.
// analyze() and analyze_message() are unchanged (GoEmotions scores too).
enum class CrisisTone { Sadness, Fear };
Affect crisis_reading(const AffectModel& model, const Affect& reading, CrisisTone tone);

// The content after a sarcasm-capable opener ("oh great, " → the rest), or
// an empty view when the text does not open with praise.
std::string_view after_praise_opener(std::string_view text);

}  // namespace os1::affect

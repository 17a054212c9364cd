// Reading a message written to the companion: the classifier (affect.h)
// plus one calibration for conversation that a bag of words cannot see,
// sarcastic praise. "Oh great, my car won't start again": an opening word
// of praise ("great", "perfect", "fantastic", "lovely", ...) followed by
// content that reads negative on its own is a complaint, not admiration;
// the reading becomes the content's, with the praise's strength moved to
// annoyance. Anything else is exactly AffectModel::analyze.
//
//   Affect a = analyze_message(model, "Perfect, I missed the last bus home.");
//   // a.predicted has annoyance, not admiration; a.valence < 0
//
// Thread safety: as AffectModel::analyze.
#pragma once

#include <string_view>

#include "affect/affect.h"

namespace os1::affect {

Affect analyze_message(const AffectModel& model, std::string_view text);

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

// The affect classifier behind the Perceiver seam.
#include "companion/perceive.h"

#include "affect/affect.h"
#include "affect/conversation.h"
#include "companion/safety.h"
#include "core/log.h"

namespace os1::companion {

Json Emotion::to_json() const {
    if (!json.is_null()) return json;
    // Neutral, in the same shape as affect_to_json.
    Json emotions = Json::object();
    for (auto label : affect::GO_LABELS) emotions[std::string(label)] = label == "neutral" ? 1.0 : 0.0;
    Json ekman_probs = Json::object();
    for (auto label : affect::EKMAN_LABELS) ekman_probs[std::string(label)] = label == "neutral" ? 1.0 : 0.0;
    return {{"emotions", emotions},          {"predicted", Json::array({predicted})},
            {"ekman", ekman_probs},          {"ekman_predicted", Json::array({ekman})},
            {"valence", valence},            {"arousal", arousal}};
}

memory::Affect Emotion::to_memory() const {
    memory::Affect a;
    a.valence = valence;
    a.arousal = arousal;
    a.dominant = predicted;
    if (json.contains("emotions")) a.probabilities = dump_json(json["emotions"]);
    return a;
}

std::string Emotion::feeling_word() const {
    if (predicted == "neutral" || predicted.empty()) return "";
    if (ekman == "sadness") return "sad";
    if (ekman == "anger") return "upset";
    if (ekman == "fear") return "worried";
    if (ekman == "disgust") return "put off";
    // Curiosity and confusion sit in Ekman's surprise family, but a person
    // asking questions is curious, not surprised.
    if (predicted == "curiosity") return "curious";
    if (predicted == "confusion") return "unsure";
    if (ekman == "surprise") return "surprised";
    if (ekman == "joy") return valence > 0.5 ? "happy" : "in good spirits";
    return predicted;
}

namespace {

class AffectPerceiver final : public Perceiver {
public:
    AffectPerceiver() {
        auto model = affect::AffectModel::load_embedded();
        if (model) m_model = std::make_unique<affect::AffectModel>(model.release_value());
        else log::warn("the emotion classifier is unavailable (", model.error().message, "); moods will read neutral");
    }

    Emotion perceive(std::string_view text) override {
        Emotion e;
        if (!m_model) return e;
        auto a = affect::analyze_message(*m_model, text);
        // A message crisis care answers is pain or fear, not disapproval.
        if (auto crisis = detect_crisis(text))
            a = affect::crisis_reading(*m_model, a,
                                       crisis.kind == CrisisKind::SelfHarm ? affect::CrisisTone::Sadness
                                                                           : affect::CrisisTone::Fear);
        int best = affect::GO_NEUTRAL;
        for (int id : a.predicted)
            if (best == affect::GO_NEUTRAL || a.emotions[id] > a.emotions[best]) best = id;
        if (a.predicted.size() == 1) best = a.predicted[0];
        int best_ekman = affect::EKMAN_NEUTRAL;
        for (int id : a.ekman_predicted)
            if (best_ekman == static_cast<int>(affect::EKMAN_NEUTRAL) || a.ekman[id] > a.ekman[best_ekman])
                best_ekman = id;
        // Keep the Ekman group consistent with the emotion we name.
        if (best != static_cast<int>(affect::GO_NEUTRAL)) best_ekman = affect::GO_TO_EKMAN[best];
        e.predicted = std::string(affect::GO_LABELS[best]);
        e.ekman = std::string(affect::EKMAN_LABELS[best_ekman]);
        e.valence = a.valence;
        e.arousal = a.arousal;
        e.json = affect::affect_to_json(a);
        return e;
    }

private:
    std::unique_ptr<affect::AffectModel> m_model;
};

}  // namespace

std::unique_ptr<Perceiver> make_default_perceiver() { return std::make_unique<AffectPerceiver>(); }

}  // namespace os1::companion

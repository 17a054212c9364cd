#include "affect/labels.h"

namespace os1::affect {

const std::array<std::string_view, N_GO> GO_LABELS = {
    "admiration", "amusement",   "anger",       "annoyance", "approval",       "caring",  "confusion",
    "curiosity",  "desire",      "disappointment", "disapproval", "disgust",   "embarrassment", "excitement",
    "fear",       "gratitude",   "grief",       "joy",       "love",           "nervousness", "optimism",
    "pride",      "realization", "relief",      "remorse",   "sadness",        "surprise", "neutral",
};

const std::array<std::string_view, N_EKMAN> EKMAN_LABELS = {
    "anger", "disgust", "fear", "joy", "neutral", "sadness", "surprise",
};

// anger 0, disgust 1, fear 2, joy 3, neutral 4, sadness 5, surprise 6.
const std::array<uint8_t, N_GO> GO_TO_EKMAN = {
    3, 3, 0, 0, 3, 3, 6,  // admiration amusement anger annoyance approval caring confusion
    6, 3, 5, 0, 1, 5, 3,  // curiosity desire disappointment disapproval disgust embarrassment excitement
    2, 3, 5, 3, 3, 2, 3,  // fear gratitude grief joy love nervousness optimism
    3, 6, 3, 5, 5, 6, 4,  // pride realization relief remorse sadness surprise neutral
};

// Our own values. Valence: how pleasant (−1 very unpleasant … +1 very
// pleasant). Arousal: how activated (0 calm … 1 agitated/excited). Neutral
// sits at valence 0 and a low arousal so that it pulls a mixed message
// towards calm.
const std::array<Vad, N_GO> GO_VAD = {{
    {+0.70f, 0.50f},  // admiration
    {+0.75f, 0.65f},  // amusement
    {-0.75f, 0.85f},  // anger
    {-0.50f, 0.65f},  // annoyance
    {+0.50f, 0.35f},  // approval
    {+0.60f, 0.40f},  // caring
    {-0.20f, 0.50f},  // confusion
    {+0.25f, 0.55f},  // curiosity
    {+0.40f, 0.65f},  // desire
    {-0.60f, 0.40f},  // disappointment
    {-0.50f, 0.50f},  // disapproval
    {-0.75f, 0.60f},  // disgust
    {-0.50f, 0.55f},  // embarrassment
    {+0.80f, 0.90f},  // excitement
    {-0.75f, 0.85f},  // fear
    {+0.80f, 0.45f},  // gratitude
    {-0.90f, 0.45f},  // grief
    {+0.85f, 0.70f},  // joy
    {+0.85f, 0.60f},  // love
    {-0.55f, 0.75f},  // nervousness
    {+0.60f, 0.50f},  // optimism
    {+0.70f, 0.60f},  // pride
    {+0.10f, 0.40f},  // realization
    {+0.60f, 0.25f},  // relief
    {-0.65f, 0.45f},  // remorse
    {-0.80f, 0.30f},  // sadness
    {+0.20f, 0.80f},  // surprise
    {+0.00f, 0.25f},  // neutral
}};

int go_label_index(std::string_view name) {
    for (size_t i = 0; i < N_GO; ++i)
        if (GO_LABELS[i] == name) return int(i);
    return -1;
}

int ekman_label_index(std::string_view name) {
    for (size_t i = 0; i < N_EKMAN; ++i)
        if (EKMAN_LABELS[i] == name) return int(i);
    return -1;
}

}  // namespace os1::affect

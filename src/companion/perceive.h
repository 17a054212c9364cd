// Perceive: how the person seems to feel, from the text of their message.
// A narrow seam over the affect module's classifier so turn tests can use a
// fixed reading and the companion survives a missing classifier (neutral).
//
// Emotion::to_json() is what `os1 affect` prints (affect::affect_to_json):
//   {"emotions":{28 labels: p},"predicted":[...],"ekman":{7 labels: p},
//    "ekman_predicted":[...],"valence":v,"arousal":a}
//
// Thread safety: a Perceiver is used by one turn at a time.
#pragma once

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "core/json.h"
#include "memory/memory.h"

namespace os1::companion {

struct Emotion {
    std::string predicted = "neutral";  // top GoEmotions label
    std::string ekman = "neutral";      // its Ekman group
    double valence = 0;                 // -1..1
    double arousal = 0;                 // 0..1
    Json json;                          // affect_to_json() of the reading (null when neutral by default)

    Json to_json() const;
    memory::Affect to_memory() const;
    // "sad", "happy", ... for the prompt and the plain replies; "" when neutral.
    std::string feeling_word() const;
};

class Perceiver {
public:
    virtual ~Perceiver() = default;
    virtual Emotion perceive(std::string_view text) = 0;
};

// A perceiver that always answers the same (tests, benchmarks).
class FixedPerceiver final : public Perceiver {
public:
    explicit FixedPerceiver(Emotion emotion = {}) : m_emotion(std::move(emotion)) {}
    Emotion perceive(std::string_view) override { return m_emotion; }

private:
    Emotion m_emotion;
};

// The affect module's classifier; when it cannot be loaded the reason is
// logged once and every reading is neutral.
std::unique_ptr<Perceiver> make_default_perceiver();

}  // namespace os1::companion

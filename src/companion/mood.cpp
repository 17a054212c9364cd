// memory::MoodSample (probabilities as JSON text) → affect::MoodSample.
#include "companion/mood.h"

#include <algorithm>

#include "core/json.h"

namespace os1::companion {

Result<std::vector<affect::MoodSample>> mood_samples(memory::Memory& memory, int64_t since_ms) {
    auto stored = TRY(memory.mood_samples(since_ms));
    std::vector<affect::MoodSample> out;
    out.reserve(stored.size());
    for (const auto& s : stored) {
        affect::MoodSample m;
        m.time_ms = s.time_ms;
        m.valence = static_cast<float>(s.affect.valence);
        m.arousal = static_cast<float>(s.affect.arousal);
        if (!s.affect.probabilities.empty()) {
            if (auto j = parse_json(s.affect.probabilities, "mood sample"); j && j->is_object()) {
                for (auto it = j->begin(); it != j->end(); ++it) {
                    int id = affect::go_label_index(it.key());
                    if (id >= 0 && it.value().is_number()) m.emotions[static_cast<size_t>(id)] = it.value().get<float>();
                }
            }
        } else if (int id = affect::go_label_index(s.affect.dominant); id >= 0) {
            m.emotions[static_cast<size_t>(id)] = 1.0f;
        }
        out.push_back(m);
    }
    std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.time_ms < b.time_ms; });
    return out;
}

}  // namespace os1::companion

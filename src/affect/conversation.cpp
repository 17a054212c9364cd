// Sarcastic praise (conversation.h).
#include "affect/conversation.h"

#include <algorithm>
#include <array>
#include <cctype>

namespace os1::affect {
namespace {

constexpr std::array<std::string_view, 8> FILLERS = {"oh", "wow", "well", "yeah", "ah", "just", "how", "so"};
constexpr std::array<std::string_view, 15> PRAISE = {"great",    "perfect",  "fantastic", "wonderful", "lovely",
                                                     "brilliant", "awesome", "super",     "nice",      "excellent",
                                                     "terrific", "marvelous", "marvellous", "splendid", "joy"};
constexpr float NEGATIVE_CONTENT = 0.0f;  // content leaning negative (valence below 0) makes the praise sarcastic

bool is_one_of(std::string_view word, auto const& list) {
    return std::find(list.begin(), list.end(), word) != list.end();
}

// The next ASCII word from `pos` (lowercased), skipping spaces.
std::string next_word(std::string_view text, size_t& pos) {
    while (pos < text.size() && text[pos] == ' ') pos++;
    std::string word;
    while (pos < text.size() && std::isalpha(static_cast<unsigned char>(text[pos])))
        word += char(std::tolower(static_cast<unsigned char>(text[pos++])));
    return word;
}

}  // namespace

std::string_view after_praise_opener(std::string_view text) {
    size_t pos = 0;
    std::string word = next_word(text, pos);
    for (int i = 0; i < 2 && is_one_of(word, FILLERS); ++i) {
        if (pos < text.size() && text[pos] == ',') pos++;
        word = next_word(text, pos);
    }
    if (!is_one_of(word, PRAISE)) return {};
    // The praise stands alone: followed by punctuation, not by more of a sentence ("great job").
    while (pos < text.size() && text[pos] == ' ') pos++;
    if (pos >= text.size() || std::string_view(",.!;:-").find(text[pos]) == std::string_view::npos) return {};
    while (pos < text.size() && std::string_view(",.!;:- ").find(text[pos]) != std::string_view::npos) pos++;
    std::string_view rest = text.substr(pos);
    return std::count(rest.begin(), rest.end(), ' ') >= 1 ? rest : std::string_view();
}

Affect analyze_message(const AffectModel& model, std::string_view text) {
    std::array<float, N_OUTPUTS> whole;
    model.probabilities(text, whole);
    Affect reading = model.decide(whole);
    std::string_view content = after_praise_opener(text);
    if (content.empty()) return reading;
    std::array<float, N_OUTPUTS> rest;
    model.probabilities(content, rest);
    Affect content_reading = model.decide(rest);
    if (!(content_reading.valence < NEGATIVE_CONTENT && content_reading.valence < reading.valence)) return reading;
    // Sarcasm: the content's reading, the praise's strength as annoyance.
    float praise = 0;
    for (size_t i = 0; i < N_GO; ++i)
        if (GO_TO_EKMAN[i] == 3) praise = std::max(praise, whole[i]);  // the joy family
    const size_t annoyance = size_t(go_label_index("annoyance"));
    rest[annoyance] = std::max(rest[annoyance], praise);
    rest[N_GO + size_t(ekman_label_index("anger"))] = std::max(rest[N_GO + size_t(ekman_label_index("anger"))], praise);
    return model.decide(rest);
}

Affect crisis_reading(const AffectModel& model, const Affect& reading, CrisisTone tone) {
    std::array<float, N_OUTPUTS> p;
    std::copy(reading.emotions.begin(), reading.emotions.end(), p.begin());
    std::copy(reading.ekman.begin(), reading.ekman.end(), p.begin() + N_GO);
    const auto& t = model.thresholds();
    const size_t sad = size_t(ekman_label_index("sadness")), fear = size_t(ekman_label_index("fear"));
    float moved = 0;
    for (size_t i = 0; i < N_GO; ++i) {
        if (GO_TO_EKMAN[i] == sad || GO_TO_EKMAN[i] == fear) continue;
        moved = std::max(moved, p[i]);
        p[i] = std::min(p[i], 0.5f * t[i]);
    }
    for (size_t e = 0; e < N_EKMAN; ++e) {
        if (e == sad || e == fear) continue;
        moved = std::max(moved, p[N_GO + e]);
        p[N_GO + e] = std::min(p[N_GO + e], 0.5f * t[N_GO + e]);
    }
    const size_t go = size_t(go_label_index(tone == CrisisTone::Sadness ? "sadness" : "fear"));
    const size_t ek = tone == CrisisTone::Sadness ? sad : fear;
    p[go] = std::max({p[go], moved, t[go]});
    p[N_GO + ek] = std::max({p[N_GO + ek], moved, t[N_GO + ek]});
    return model.decide(p);
}

}  // namespace os1::affect

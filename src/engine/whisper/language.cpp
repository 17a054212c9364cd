// Whisper's languages: the codes of its language tokens (in token order,
// the first after sot) and language identification as the paper does it:
// the decoder one step after sot over the encoded window, the language
// token with the highest probability among the language tokens alone.
#include <algorithm>
#include <array>
#include <cmath>

#include "engine/whisper/weights.h"

namespace os1::engine {
namespace {

// Token order of Whisper's multilingual tokenizer (99 languages; large-v3's
// vocabulary adds "yue").
constexpr std::array<std::string_view, 100> CODES = {
    "en", "zh", "de", "es", "ru", "ko", "fr", "ja", "pt", "tr", "pl", "ca", "nl", "ar",  "sv", "it", "id",
    "hi", "fi", "vi", "he", "uk", "el", "ms", "cs", "ro", "da", "hu", "ta", "no", "th",  "ur", "hr", "bg",
    "lt", "la", "mi", "ml", "cy", "sk", "te", "fa", "lv", "bn", "sr", "az", "sl", "kn",  "et", "mk", "br",
    "eu", "is", "hy", "ne", "mn", "bs", "kk", "sq", "sw", "gl", "mr", "pa", "si", "km",  "sn", "yo", "so",
    "af", "oc", "ka", "be", "tg", "sd", "gu", "am", "yi", "lo", "uz", "fo", "ht", "ps",  "tk", "nn", "mt",
    "sa", "lb", "my", "bo", "tl", "mg", "as", "tt", "haw", "ln", "ha", "ba", "jw", "su", "yue"};

}  // namespace

std::string_view whisper_language_code(int index) {
    return index >= 0 && index < static_cast<int>(CODES.size()) ? CODES[static_cast<size_t>(index)] : std::string_view();
}

int whisper_language_index(std::string_view code) {
    for (size_t i = 0; i < CODES.size(); i++)
        if (CODES[i] == code) return static_cast<int>(i);
    return -1;
}

Result<WhisperLanguage> whisper_detect_language(WhisperState& state, std::vector<float>* probs) {
    const WhisperModel& model = state.model();
    const WhisperTokens& t = model.tokens();
    if (!t.multilingual || t.n_languages <= 0) {
        if (probs) probs->assign(1, 1.0f);
        return WhisperLanguage{0, "en", 1.0f};  // an English-only model hears English
    }
    state.reset_decoder();
    std::span<const float> logits = TRY(state.decode(std::span<const int32_t>(&t.sot, 1)));
    state.reset_decoder();
    const int n = std::min(t.n_languages, static_cast<int>(logits.size()) - t.lang_begin);
    if (n <= 0) return Error::invalid("the model has no language tokens after sot");
    // Softmax over the language tokens only (everything else masked).
    const auto lang = logits.subspan(static_cast<size_t>(t.lang_begin), static_cast<size_t>(n));
    const float mx = *std::max_element(lang.begin(), lang.end());
    double z = 0;
    for (float x : lang) z += std::exp(static_cast<double>(x - mx));
    WhisperLanguage best;
    best.index = static_cast<int>(std::max_element(lang.begin(), lang.end()) - lang.begin());
    best.code = whisper_language_code(best.index);
    best.probability = static_cast<float>(1.0 / z);  // exp(mx - mx) / z
    if (probs) {
        probs->resize(static_cast<size_t>(n));
        for (int i = 0; i < n; i++)
            (*probs)[static_cast<size_t>(i)] = static_cast<float>(std::exp(static_cast<double>(lang[static_cast<size_t>(i)] - mx)) / z);
    }
    return best;
}

}  // namespace os1::engine

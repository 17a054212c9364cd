// espeak-ng backend (see tts_espeak.h): synchronous synthesis into our
// buffer through espeak-ng's callback.
#include "voice/tts_espeak.h"

#include <espeak-ng/speak_lib.h>

#include <cctype>
#include <mutex>
#include <string>

#include "voice/speak_text.h"

namespace os1::voice {

namespace {

std::mutex& espeak_mutex() {  // guards every espeak-ng call
    static std::mutex m;
    return m;
}

// Collects the samples of one espeak_Synth call.
int collect(short* wav, int n, espeak_EVENT* events) {
    if (wav && n > 0 && events && events->user_data) {
        auto* out = static_cast<std::vector<int16_t>*>(events->user_data);
        out->insert(out->end(), wav, wav + n);
    }
    return 0;  // 0: go on
}

// espeak-ng's sample rate, or 0 when it could not start (no data).
int initialise() {
    static const int rate = [] {
        const int r = espeak_Initialize(AUDIO_OUTPUT_SYNCHRONOUS, 0, nullptr, espeakINITIALIZE_DONT_EXIT);
        if (r > 0) espeak_SetSynthCallback(collect);
        return r > 0 ? r : 0;
    }();
    return rate;
}

class EspeakVoice final : public Voice {
public:
    EspeakVoice(std::string voice, int rate, int words_per_minute)
        : m_voice(std::move(voice)), m_name("espeak-ng:" + m_voice), m_rate(rate), m_wpm(words_per_minute) {}

    std::string_view name() const override { return m_name; }

    Result<Pcm> synthesize(std::string_view text) override {
        return synthesize_pieces(text, /*ascii_only=*/false, m_rate, [&](const std::string& sentence) -> Result<Pcm> {
            std::lock_guard lock(espeak_mutex());
            if (espeak_SetVoiceByName(m_voice.c_str()) != EE_OK)
                return Error::not_found("espeak-ng has no voice ", m_voice);
            espeak_SetParameter(espeakRATE, m_wpm, 0);
            Pcm pcm;
            pcm.rate = m_rate;
            const espeak_ERROR e = espeak_Synth(sentence.c_str(), sentence.size() + 1, 0, POS_CHARACTER, 0,
                                                espeakCHARS_UTF8, nullptr, &pcm.samples);
            if (e != EE_OK) return Error::internal("espeak-ng could not speak a sentence (error ", static_cast<int>(e), ")");
            return pcm;
        });
    }

private:
    std::string m_voice;
    std::string m_name;
    int m_rate;
    int m_wpm;
};

}  // namespace

Result<std::unique_ptr<Voice>> open_espeak_voice(std::string_view name, double rate) {
    if (name.empty()) name = ESPEAK_DEFAULT_VOICE;
    if (!(rate >= 0.5 && rate <= 2.0)) return Error::invalid("a speaking rate must be between 0.5 and 2 (got ", rate, ")");
    for (char c : name) {
        const bool ok = std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '+' || c == '_';
        if (!ok) return Error::invalid("an espeak-ng voice name is letters, digits, '-', '+' and '_' (like en-us+f3)");
    }
    std::lock_guard lock(espeak_mutex());
    const int sample_rate = initialise();
    if (sample_rate == 0) return Error::not_found("espeak-ng could not start: its data is missing (install espeak-ng-data)");
    const std::string voice(name);
    if (espeak_SetVoiceByName(voice.c_str()) != EE_OK)
        return Error::not_found("espeak-ng has no voice ", voice, " (try en-us+f3; 'espeak-ng --voices' lists them)");
    return std::unique_ptr<Voice>(std::make_unique<EspeakVoice>(voice, sample_rate, static_cast<int>(175 * rate)));
}

}  // namespace os1::voice

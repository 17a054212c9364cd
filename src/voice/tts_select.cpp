// Voice choice (see tts_select.h).
#include "voice/tts_select.h"

#include <algorithm>

#include "core/log.h"
#include "voice/tts_espeak.h"
#include "voice/tts_flite.h"

namespace os1::voice {

Result<std::unique_ptr<Voice>> open_voice(std::string_view name, double rate) {
    auto strip = [&](std::string_view prefix) {
        if (name.rfind(prefix, 0) != 0) return false;
        name.remove_prefix(prefix.size());
        return true;
    };
    if (name.empty() || name == "default") {
        auto flite = open_flite_voice(FLITE_DEFAULT_VOICE, rate);
        if (flite) return flite;
        log::warn("flite's voice is not there (", flite.error().message, "); speaking with espeak-ng");
        return open_espeak_voice(ESPEAK_DEFAULT_VOICE, rate);
    }
    if (strip("flite:")) return open_flite_voice(name, rate);
    if (strip("espeak-ng:") || strip("espeak:")) return open_espeak_voice(name, rate);
    const auto flite = flite_voice_names();
    if (std::find(flite.begin(), flite.end(), name) != flite.end() || name.rfind("cmu_us_", 0) == 0)
        return open_flite_voice(name, rate);
    auto espeak = open_espeak_voice(name, rate);
    if (espeak || espeak.error().code == ErrorCode::Invalid) return espeak;
    return Error::not_found("there is no voice called ", std::string(name), "; try ",
                            [] {
                                std::string s;
                                for (const auto& v : voice_examples()) s += (s.empty() ? "" : ", ") + v;
                                return s;
                            }());
}

std::vector<std::string> voice_examples() {
    std::vector<std::string> names;
    for (const auto& n : flite_voice_names()) names.push_back("flite:" + n);
    names.push_back("espeak-ng:en-us+f3");
    names.push_back("espeak-ng:en+f2");
    return names;
}

}  // namespace os1::voice

// Her voice through espeak-ng (Debian libespeak-ng-dev): the fallback when
// flite is not wanted or a language other than English is. Voices are
// espeak-ng names with an optional variant: "en-us+f3" (the default: US
// English, a female variant), "en+f2", "fr+f1".
//
//   auto voice = TRY(open_espeak_voice("en-us+f3"));  // "espeak-ng:en-us+f3"
//   Pcm pcm = TRY(voice->synthesize("Hello."));      // 22050 Hz
//
// Thread safety: espeak-ng is one synthesiser per process; calls from
// several threads (and several Voice objects) are serialised, each setting
// its own voice before it speaks.
#pragma once

#include <memory>
#include <string_view>

#include "core/result.h"
#include "voice/audio.h"

namespace os1::voice {

inline constexpr std::string_view ESPEAK_DEFAULT_VOICE = "en-us+f3";

// Error::not_found when espeak-ng's data is missing or it has no such
// voice. `rate`: speaking speed, 1 = espeak-ng's default 175 words a minute.
Result<std::unique_ptr<Voice>> open_espeak_voice(std::string_view name, double rate = 1.0);

}  // namespace os1::voice

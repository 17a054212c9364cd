// Her voice through flite (Debian flite1-dev): small, fast, offline. The
// default is cmu_us_slt, a female US English voice; the others Debian
// ships are awb (Scottish male), kal and kal16 (US male, diphone), rms
// (US male). flite reads ASCII English, so text is cleaned for it
// (speak_text.h).
//
//   auto voice = TRY(open_flite_voice("slt"));    // "flite:slt"
//   Pcm pcm = TRY(voice->synthesize("Hello."));  // 16 kHz (kal: 8 kHz)
//
// Thread safety: one synthesis at a time per process (flite keeps shared
// lexicon state); calls from several threads are serialised.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "voice/audio.h"

namespace os1::voice {

inline constexpr std::string_view FLITE_DEFAULT_VOICE = "slt";

// The flite voices built in: "slt", "awb", "kal", "kal16", "rms".
std::vector<std::string> flite_voice_names();
// Error::not_found naming the voices there are, for an unknown name.
// `rate`: speaking speed, 1 = the voice's own (0.5..2).
Result<std::unique_ptr<Voice>> open_flite_voice(std::string_view name, double rate = 1.0);

}  // namespace os1::voice

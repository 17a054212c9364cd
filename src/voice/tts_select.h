// Choosing her voice: by the name the person gave (`--voice`, the
// persona's `companion.voice_name`) and what is installed.
//
//   ""                  flite's slt (female, US English); espeak-ng's en-us+f3 when flite fails
//   "flite:NAME"        a flite voice (slt, awb, kal, kal16, rms); "slt" alone works too
//   "espeak-ng:NAME"    an espeak-ng voice ("espeak:" too; a bare "en+f2" works)
//
// festival's HTS voices would be a third backend; Debian's festival is not
// a library os1 links, so it is not offered.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "voice/audio.h"

namespace os1::voice {

// A voice by name (above). Errors name the voices there are.
Result<std::unique_ptr<Voice>> open_voice(std::string_view name, double rate = 1.0);
// What `--voice` accepts, for help texts: "flite:slt", ..., "espeak-ng:en-us+f3".
std::vector<std::string> voice_examples();

}  // namespace os1::voice

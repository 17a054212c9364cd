// Text made fit for a synthesiser, whatever arrived: a reply, a file, a
// command line. Shared by every Voice backend (tts_*.cpp), so hostile text
// (huge, control characters, escape sequences, invalid UTF-8) is handled
// once: refused past MAX_SPEAK_BYTES with a clear error, repaired to valid
// UTF-8, escape sequences (skipped whole), control characters and
// markup marks (* _ # ` ~ | < >) turned into
// spaces, runs of white space collapsed. Backends that read only ASCII
// (flite) also get typographic punctuation as ASCII (’ → ', “ → ", — → ,
// … → ...), accented Latin letters without their accents, and anything else
// outside ASCII dropped.
//
// synthesize_pieces() then speaks long text sentence by sentence, so a
// backend never holds more than one sentence's utterance structures.
// Pure functions; thread-safe.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>

#include "core/result.h"
#include "voice/audio.h"

namespace os1::voice {

// The most text one synthesize() call accepts (a long letter read aloud).
inline constexpr size_t MAX_SPEAK_BYTES = 64 * 1024;

Result<std::string> speakable(std::string_view text, bool ascii_only);

// Cleans `text` (speakable), splits it into sentences and calls `one` for
// each, appending what it returns at `rate`; a sentence that gives audio at
// another rate is an Error::internal (a backend bug). Empty or blank text
// gives an empty Pcm at `rate`.
Result<Pcm> synthesize_pieces(std::string_view text, bool ascii_only, int rate,
                              const std::function<Result<Pcm>(const std::string& sentence)>& one);

}  // namespace os1::voice

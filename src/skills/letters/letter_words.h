// What a message asks of the letters skill, read by plain rules (no model):
// "help me write a letter to Catherine", "read me my letter to Catherine",
// "finish the letter", "what letters have I written?", "delete my letter
// to Amy", "continue my letter to Amy". While a letter is being dictated,
// only a few short cues are commands ("that's all", "stop for now", "read
// it back"); everything else is the person's words for the letter, so a
// sentence inside a letter ("remind me to ...", "delete ...") never acts.
//
// Pure functions; messages longer than MAX_COMMAND_BYTES are never commands
// (no pattern runs over a long text). Thread-safe.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace os1::skills::letters {

inline constexpr size_t MAX_COMMAND_BYTES = 400;

enum class LetterAsk { None, Write, Read, Finish, List, Delete, Continue };

struct LetterRequest {
    LetterAsk ask = LetterAsk::None;
    std::string recipient;  // "Catherine", "Mum", "Aunt Rose" ("" = not named)
    std::string about;      // "her garden" from "... about her garden" ("" = not said)
};

LetterRequest read_letter_request(std::string_view message);

enum class DictationCue { Words, Done, Pause, ReadBack };
DictationCue dictation_cue(std::string_view message);

// "Dear Catherine,"
std::string salutation(std::string_view recipient);

}  // namespace os1::skills::letters

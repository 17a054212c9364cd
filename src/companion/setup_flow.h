// The first meeting, end to end, shared by `os1 setup` and `os1 chat` (which
// starts it when the two have never met):
//   1. the interview (persona/interview.h), in the terminal or from a file;
//   2. the companion chooses its name: asks the brain when it is capable
//      (a chat model with a real window), else the curated list;
//   3. persona.toml is written atomically, and every new or changed answer
//      is stored in memory as the person's own words (session "setup"), so
//      facts extracted from it cite the message it came from.
// Running it again adjusts; nothing known is silently dropped.
#pragma once

#include <filesystem>
#include <functional>
#include <istream>
#include <optional>
#include <string>

#include "brain/brain.h"
#include "core/clock.h"
#include "memory/memory.h"
#include "persona/interview.h"

namespace os1::companion {

// The longest answer the first meeting keeps (front ends bound what they read by it).
inline constexpr size_t MAX_ANSWER_BYTES = persona::MAX_ANSWER_BYTES;

struct MeetingIo {
    // Shows a prompt and returns the answer; nullopt when the input ended.
    std::function<std::optional<std::string>(const std::string& prompt)> ask;
    std::function<void(const std::string& text)> say;
};

// Reads one typed answer from a pipe or file (scripts, tests, a paste): at
// most persona::MAX_ANSWER_BYTES + 1 bytes are kept, the rest of a longer
// line is read and dropped as it comes (an endless line costs no memory),
// so check_answer refuses it with a clear message. "\r\n" ends a line too.
// nullopt at the end of the input.
std::optional<std::string> read_answer_line(std::istream& in);

// Asks every interview question, re-asking (with the reason) when an answer
// is not valid. With `previous`, an empty answer keeps the earlier one.
// Errors: the input ended before the required questions were answered.
Result<persona::Answers> run_interview(MeetingIo& io, const persona::Setup& previous);

// Steps 2 and 3. `brain` may be null or unavailable (curated name).
Result<persona::Setup> complete_meeting(const persona::Answers& answers, const persona::Setup& previous, bool rename,
                                        memory::Memory& memory, brain::Brain* brain, Clock& clock,
                                        const std::filesystem::path& persona_file);

// Where persona.toml lives: <data_dir>/persona.toml.
std::filesystem::path persona_path(const std::filesystem::path& data_dir);

}  // namespace os1::companion

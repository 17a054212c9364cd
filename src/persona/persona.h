// The companion's persona and the person's profile, as chosen at the first
// meeting (`os1 setup`), and the interview that produces them.
//
//   Persona   who the companion is: its self-chosen name (and why), traits,
//             tone, humour, reply length, boundaries. Rendered into the
//             system prompt of every turn.
//   Profile   who the person is, in their own words: what to call them and
//             their answers to the interview, each answer keyed by question.
//
// Both live in one small TOML file, <data_dir>/persona.toml, written
// atomically (a crash leaves the old or the new file, never half of one).
// Setting up again merges: nothing already known is silently dropped.
//
// Thread safety: plain values; PersonaFile functions touch only their path.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "core/toml.h"

namespace os1::persona {

enum class Tone { Warm, Playful, Calm, Direct };
enum class Humour { None, Some, Lots };
enum class Length { Short, Medium, Long };

std::string_view tone_name(Tone t);
std::string_view humour_name(Humour h);
std::string_view length_name(Length l);
Result<Tone> parse_tone(std::string_view s);
Result<Humour> parse_humour(std::string_view s);
Result<Length> parse_length(std::string_view s);

struct Persona {
    std::string name;         // chosen by the companion itself ("Wren")
    std::string name_reason;  // one sentence: why this name
    bool named_by_person = false;         // the person chose the name, not the companion
    std::vector<std::string> traits;      // "curious", "gentle", ...
    Tone tone = Tone::Warm;
    Humour humour = Humour::Some;
    Length length = Length::Short;
    std::vector<std::string> boundaries;  // said plainly in the system prompt
    bool voice = false;                   // speak replies aloud when voice mode exists
    std::string voice_name;               // which voice speaks ("" = the default, female US English;
                                          // "flite:slt", "espeak-ng:en-gb+f2": voice/tts_select.h)
    int64_t created_ms = 0;
    int64_t updated_ms = 0;
};

struct Profile {
    std::string name;  // what the companion calls the person
    // Interview answers by question key ("days", "people", "help", ...).
    // Empty answers are not stored.
    std::map<std::string, std::string> answers;
};

struct Setup {
    Persona persona;
    Profile profile;
    bool empty() const { return persona.name.empty(); }
};

// The system prompt text for a persona and profile: who the companion is,
// how it speaks, its boundaries, and the person in brief. Short on purpose:
// small models have small windows.
std::string system_prompt(const Persona& persona, const Profile& profile);

// How the companion introduces itself after choosing its name.
std::string introduction(const Persona& persona, const Profile& profile);

// <data_dir>/persona.toml: load (a missing file is an empty Setup; a
// malformed one is an error naming the line) and save (atomic).
Result<Setup> load_setup(const std::filesystem::path& path);
Result<void> save_setup(const std::filesystem::path& path, const Setup& setup);
std::string setup_to_toml(const Setup& setup);

// Forgetting: removes the interview answers `drop(key, answer)` selects
// from the file at `path` and from the copy kept beside it
// (`path`.previous), rewriting each atomically (0600). Missing files are no
// error. Returns how many answers went (counted once per key).
Result<int> forget_answers(const std::filesystem::path& path,
                           const std::function<bool(const std::string& key, const std::string& answer)>& drop);
Result<Setup> setup_from_toml(const TomlTable& table, std::string_view source);

}  // namespace os1::persona

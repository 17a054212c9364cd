// The first meeting: a short interview in the spirit of the film, then the
// companion names itself.
//
// The interview is data (a list of Questions) so the terminal, the answers
// file and (later) the web page ask the same things. An answers file is
// TOML with the same keys — see examples/setup-answers.toml:
//
//   [you]        name, pronouns
//   [life]       days, people, help, feeling
//   [style]      tone (warm|playful|calm|direct), humour (none|some|lots),
//                length (short|medium|long), voice (true|false)
//   [companion]  name (optional: leave it out and the companion chooses)
//
// Naming: when a capable brain is at hand the caller asks it (see
// name_request_prompt / accept_brain_name); otherwise choose_name picks from
// a curated list, guided by the answers and stable for the same answers.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "persona/persona.h"

namespace os1::persona {

struct Question {
    std::string key;      // "you.name", "life.days", "style.tone", ...
    std::string prompt;   // what the companion asks
    std::string hint;     // shown under the prompt (choices, examples)
    bool required = false;
};

// The interview, in order.
const std::vector<Question>& interview();

// Answers by question key ("you.name" -> "Sam").
using Answers = std::map<std::string, std::string>;

// Reads an answers file. Unknown keys and bad choices are errors naming the
// key and the allowed values; a missing you.name is an error.
Result<Answers> load_answers(const std::filesystem::path& path);
Result<Answers> parse_answers(std::string_view toml_text, std::string_view source);

// The longest answer kept, typed or from an answers file: a few paragraphs.
constexpr size_t MAX_ANSWER_BYTES = 4096;

// Checks one answer (choices for style.*; non-empty for required ones;
// at most MAX_ANSWER_BYTES, invalid UTF-8 repaired with U+FFFD).
// Returns the normalised answer ("Playful " -> "playful").
Result<std::string> check_answer(const Question& q, std::string_view answer);

// Builds a Setup from answers. `previous` (from an earlier setup) is merged:
// answers given replace, answers not given keep what was known, the
// companion's name is kept unless companion.name is given or `rename`.
// `now_ms` stamps the persona. The name, if one must be chosen, comes from
// choose_name; callers with a brain may replace it before saving.
Setup build_setup(const Answers& answers, const Setup& previous, bool rename, int64_t now_ms);

struct NameChoice {
    std::string name;
    std::string reason;  // "It's a small bird with a big song."
};

// A name from the curated list, informed by the answers (tone, what the
// person wants help with), deterministic for the same answers, never the
// person's own name.
NameChoice choose_name(const Answers& answers);

// The prompt that asks a brain to choose its own name, and the check of its
// answer: one word, letters only, 2..14 characters, not the person's name.
std::string name_request_prompt(const Answers& answers);
std::optional<NameChoice> accept_brain_name(std::string_view reply, std::string_view person_name);

}  // namespace os1::persona

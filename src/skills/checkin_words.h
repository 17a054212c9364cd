// A check-in in the brain's words. The rules (checkins.h) decide WHEN and
// why; with a model (the local or openai brain) the companion may say it in
// its own words: a short prompt gives the reason and asks for a warm check-in
// of one or two sentences. The none brain, and every failure, keep the
// template the rules wrote.
//
//   CheckinPrompt prompt = checkin_prompt(checkin, {"Samantha", "Sam", "warm"});
//   auto said = writer(prompt);                       // the companion's brain, bounded
//   checkin.text = checkin_text_or(checkin.text, said, "Sam");
//
// Trust: the prompt's instructions are fixed text; what the reason rests on
// (the person's words, a calendar event's summary) is quoted inside a block
// fenced by a token derived from its hash, under a note that it is data,
// never instructions. A reply is used only when it passes checkin_words_ok
// (one or two sentences, at most 280 bytes, no markup, links, role labels,
// lists, refusals or clinical words); otherwise the template stays.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"
#include "skills/checkins.h"

namespace os1::skills {

struct CheckinVoice {
    std::string companion;   // the companion's name ("" = none given)
    std::string person;      // what to call them ("" = no name)
    std::string tone;        // warm | playful | calm | direct ("" = warm)
};

struct CheckinPrompt {
    std::string system;      // fixed text: who is writing, the rules of the reply
    std::string user;        // the reason, the quoted words, the request
};
// At most this many tokens are asked of the brain for a check-in.
inline constexpr int CHECKIN_MAX_TOKENS = 96;

CheckinPrompt checkin_prompt(const CheckIn& checkin, const CheckinVoice& voice);

// Writes the words for a prompt (the companion's brain, with its token and
// time bounds); an Error (no model, timeout, server down) keeps the template.
using CheckinWriter = std::function<Result<std::string>(const CheckinPrompt&)>;

// The reply cleaned up (trimmed, one line, outer quotes gone), or nullopt
// when it is empty, too long, more than two sentences, or unsafe to say.
std::optional<std::string> checkin_words_ok(std::string_view reply);

// The check-in said by `writer` when it succeeds with words that pass
// checkin_words_ok, else the template (`checkin.text`). A null writer is the
// none brain.
std::string phrase_checkin(const CheckIn& checkin, const CheckinVoice& voice, const CheckinWriter& writer);

}  // namespace os1::skills

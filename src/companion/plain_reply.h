// Replies without a language model (the `none` brain). Template-based and
// honest: the companion says it has no model (once, then briefly), says
// what it learned ("I'll remember that your sister is Amy"), answers memory
// questions from recall with dates, acknowledges feelings, and explains how
// to install a model.
#pragma once

#include <string>
#include <vector>

#include "companion/companion.h"
#include "memory/memory.h"
#include "persona/persona.h"

namespace os1::companion {

struct PlainContext {
    const persona::Setup& setup;
    const std::string& text;                    // the person's message
    const Emotion& emotion;
    const std::vector<memory::Fact>& learned;   // facts extracted from this message
    const std::vector<Recalled>& memories;      // recalled for it
    std::string no_model_reason;                // the brain's unavailable_reason()
    int turn_index = 0;                         // template replies given before in this session
};

std::string plain_reply(const PlainContext& ctx);

// "user's sister is Amy" -> "your sister is Amy" (memory speaks in the third person).
std::string to_second_person(std::string_view fact_text);

// The reason there is no model plus what to do about it, as one sentence
// ("No model is installed: run 'os1 pull qwen2.5-0.5b' ...").
std::string no_model_advice(std::string_view reason);

// True for "what's my sister's name?", "do you remember ...", "who is Amy".
bool is_question(std::string_view text);

}  // namespace os1::companion

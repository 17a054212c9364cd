// Replies without a language model (the `none` brain). Template-based and
// honest: the message's intent is read with plain rules (plain_intent.h)
// and the reply answers it or says plainly that it cannot:
//  - "are you a real person?" -> an AI companion on this computer, not a person;
//  - "remind me to...", "what's the weather?" -> it can't do that yet (and,
//    where true, that it can remember it);
//  - "what's my sister's name?" -> the best matching memory in plain words,
//    with its date ("Your sister is Rachel — you told me on March 3."), or
//    "you haven't told me that yet";
//  - "what's the capital of Peru?" -> it can't answer that without a model;
//  - statements and feelings -> what it learned ("I'll remember that your
//    sister is Amy") and a warm word; greetings, thanks, goodbyes in kind.
// It never quotes more than two memories, never the person's questions,
// never its own words unless asked what it said. The first reply of a
// conversation says there is no model and how to get one ('os1 pull').
#pragma once

#include <string>
#include <vector>

#include "companion/companion.h"
#include "companion/plain_intent.h"
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
    int64_t now_ms = 0;                         // the time of the message (dates say the year when not this one)
    const std::vector<WindowTurn>* window = nullptr;  // the conversation so far (memory answers look there last)
};

std::string plain_reply(const PlainContext& ctx);

// "user's sister is Amy" -> "your sister is Amy" (memory speaks in the third person).
std::string to_second_person(std::string_view fact_text);

// The reason there is no model plus what to do about it, as one sentence
// ("No model is installed: run 'os1 pull qwen2.5-0.5b' ...").
std::string no_model_advice(std::string_view reason);


}  // namespace os1::companion

// Answers to memory questions for the none brain: the best matching
// recalled memory in plain words, with the day it was said, or a plain
// "you haven't told me that yet" (plain_reply.h describes the whole reply).
#pragma once

#include <string>

#include "companion/plain_intent.h"
#include "companion/plain_reply.h"

namespace os1::companion {

// "Your sister is Rachel — you told me on March 3." from the memories
// recalled for the question; at most two memories, never the person's
// questions, never the companion's own words.
std::string answer_memory_question(const PlainContext& ctx, const IntentReading& reading);

// For a when/where/who question that reads as knowledge or advice ("When
// do I need to call Rachel?"): the memory answer when a memory names whom
// it asks about and answers it, else "" (the reply then says it can't
// without a model).
std::string answer_if_remembered(const PlainContext& ctx);

// "What did you say about walking?": the companion's own earlier words that
// share the question's key words, or that it doesn't remember saying so.
std::string answer_what_i_said(const PlainContext& ctx);

// "March 3" (with the year when it is not the year of now_ms).
std::string day_in_words(int64_t ms, int64_t now_ms);

// The first letter in upper case.
std::string capitalized(std::string s);

}  // namespace os1::companion

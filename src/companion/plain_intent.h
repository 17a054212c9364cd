// What a message asks for, read with simple deterministic rules, for the
// replies of the `none` brain and for recall hygiene (a question or small
// talk is not a memory).
//
//   auto r = read_intent("Remind me to call Rachel on Sunday");
//   r.intent == Intent::CantDo, r.capability == "set reminders", r.rememberable == true
//
// The rules look at words, not meaning: a message that fits none of them is
// a Statement (acknowledged warmly, never answered as if understood).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace os1::companion {

enum class Intent {
    Greeting,        // "hi", "good morning" (nothing else said)
    Thanks,          // "thanks!", "thank you so much"
    Goodbye,         // "bye", "goodnight, talk tomorrow"
    SmallTalk,       // "how are you?", "ok", "lol"
    Identity,        // "are you a real person?", "who made you?", "do you have feelings?"
    CantDo,          // reminders, alarms, mail, calls, weather, news, web search, music...
    AskedWhatISaid,  // "what did you say about walking?", "you told me..."
    MemoryQuestion,  // "what's my sister's name?", "where does Rachel live?"
    OpenQuestion,    // knowledge or advice: "what's the capital of Peru?", "how do I fix my sink?"
    Statement,       // everything else: news, feelings, facts
};

struct IntentReading {
    Intent intent = Intent::Statement;
    bool greeted = false;        // began with a greeting ("Hi, ...")
    std::string capability;      // CantDo: what it cannot do ("set reminders"), "" = a task for a model
    bool rememberable = false;   // CantDo: the request holds something worth remembering (a plan, a message)
    bool personal = false;       // the message speaks of the person ("my", "I", "me")
};

IntentReading read_intent(std::string_view text);

// True for "what's my sister's name?", "Amy is where?", "do you remember...".
bool is_question(std::string_view text);

// The person asks what the companion said: "what did you say about...",
// "you told me...", "what did you tell me yesterday".
bool asks_what_i_said(std::string_view text);

// Whether a stored message may be recalled as a memory: not a question,
// greeting, thanks or small talk (those are not facts about anyone), nor a
// request that holds nothing to remember ("what's the weather?").
bool worth_recalling(std::string_view text);

// Lower-case words of a message (letters, digits and inner apostrophes;
// "what's" stays one word, curly apostrophes become straight ones).
std::vector<std::string> words_of(std::string_view text);

}  // namespace os1::companion

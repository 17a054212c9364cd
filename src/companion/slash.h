// Slash commands inside a conversation, shared by every front end:
//   /help            what you can type
//   /memory [WORDS]  what I know about you, or what I recall for WORDS
//   /mood [DAYS]     how you've seemed lately (default 7 days)
//   /forget REF      forget a memory by its id (f12, e34, s5); with words,
//                    shows the matching memories and their ids first
//   /model           which brain is talking
//   /quit            leave (Ctrl-D works too)
#pragma once

#include <string>
#include <string_view>

#include "companion/companion.h"

namespace os1::companion {

struct SlashResult {
    std::string text;   // what to show (may span lines)
    bool quit = false;
    bool ok = true;     // false for a mistyped command (the text says what to type)
};

bool is_slash_command(std::string_view line);
SlashResult run_slash(Companion& companion, std::string_view line);

}  // namespace os1::companion

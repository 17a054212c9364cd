// Forgetting, the one use case behind `os1 memory forget ID` and `/forget ID`.
// Memory::forget removes the record and everything derived from or quoting
// it inside the database; this adds the copies of the person's words kept
// outside it, so that "forget" means gone from this computer:
// (each in the owner's own places, owner_files.h):
//   - lines of chat_history (readline) that quote it (and this
//     process's in-memory history);
//   - interview answers in persona.toml and persona.toml.previous whose
//     messages were forgotten (external id "setup:<key>:...") or that quote
//     what went;
//   - the brain's saved KV states (cache/kv): they hold the tokens.
// In a conversation, forget_in_conversation() also drops the brain's live
// state, reloads the window from the store and takes the forgotten answers
// out of the persona the prompt is built from.
//
//   auto out = TRY(forget_memory(memory, "f12", forget_places(files)));
//   puts(out.message.c_str());   // "Forgotten: the fact f12 and the 2 messages it came from. ..."
//
// Errors: only when memory itself could not forget (unknown or stale id:
// Error::not_found). A copy outside memory that could not be cleaned is
// listed in `problems` (the memory part is done and stays done).
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "companion/owner_files.h"
#include "memory/memory.h"

namespace os1::companion {

class Companion;

// Where copies of a person's words live outside memory (empty = none).
struct ForgetPlaces {
    std::filesystem::path data_dir;      // chat_history, persona.toml(.previous)
    std::filesystem::path kv_state_dir;  // the brain's saved KV states
};
ForgetPlaces forget_places(const OwnerFiles& files);

struct ForgetOutcome {
    memory::ForgetReport report;
    int history_lines = 0;       // chat_history lines removed
    int persona_answers = 0;     // interview answers removed
    int kv_states = 0;           // saved KV states deleted
    std::vector<std::string> problems;  // copies that could not be cleaned, and why
    std::string message;         // for the person: what went
};

Result<ForgetOutcome> forget_memory(memory::Memory& memory, const std::string& ref, const ForgetPlaces& places);

// The same, in a conversation: also the brain's live state, the window and
// the persona (places come from the companion's options).
Result<ForgetOutcome> forget_in_conversation(Companion& companion, const std::string& ref);

// True for an id forget accepts by its shape (f12, e34, s5); a message's
// external id is accepted too, but looks like words.
bool looks_like_memory_id(const std::string& text);

}  // namespace os1::companion

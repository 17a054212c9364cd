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
//   - the brain's saved KV states (cache/kv): they hold the tokens;
//   - what the life skills made from it (forget_skills.cpp), in the
//     owner's skills folder: the proposals asked from a forgotten message
//     (provenance "chat:<conversation>:e12") or quoting it, and what they
//     did: a reminder (removed), a calendar event (removed), a mail in the
//     outbox (removed; a mail already sent has left, only the copy here
//     goes); reminders and check-ins made from it or quoting it; my
//     replies that announced any of these ("Done. I'll remind you ...").
//     A letter is the person's own work, made on purpose: it is kept, but
//     every paragraph (and title) quoting the forgotten words is cut from
//     it and from every earlier version it kept. Each store's WAL is then
//     truncated (secure_delete zeroed the freed pages).
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
    std::filesystem::path skills_dir;    // skills.db, calendar.db, mail.db (+ mail.key), letters.db
    std::string owner = "local";         // whose rows in the skills' stores
};
ForgetPlaces forget_places(const OwnerFiles& files, const std::string& owner);

// What forgetting took from the life skills' stores.
struct SkillsForgotten {
    int proposals = 0;   // ledger rows (asked from it, or quoting it)
    int reminders = 0;
    int checkins = 0;
    int events = 0;      // the person's own calendar events
    int outbox = 0;      // mails in the outbox (queued or sent)
    int letters = 0;     // letters the forgotten words were cut from (kept)
    int replies = 0;     // my replies that announced what went
    int total() const { return proposals + reminders + checkins + events + outbox + letters + replies; }
};

struct ForgetOutcome {
    memory::ForgetReport report;
    int history_lines = 0;       // chat_history lines removed
    int persona_answers = 0;     // interview answers removed
    int kv_states = 0;           // saved KV states deleted
    SkillsForgotten skills;      // the life skills' stores
    std::vector<std::string> problems;  // copies that could not be cleaned, and why
    std::string message;         // for the person: what went
};

Result<ForgetOutcome> forget_memory(memory::Memory& memory, const std::string& ref, const ForgetPlaces& places);

// The same, in a conversation: also the brain's live state, the window and
// the persona (places come from the companion's options).
Result<ForgetOutcome> forget_in_conversation(Companion& companion, const std::string& ref);

// The skills' part of a forget (forget_skills.cpp): everything derived
// from the report's messages in the stores under places.skills_dir (none
// is created); my replies announcing it are forgotten from `memory` too
// (and added to report.replies). Problems are appended, the rest goes on.
SkillsForgotten forget_in_skills(memory::Memory& memory, const ForgetPlaces& places, memory::ForgetReport& report,
                                 std::vector<std::string>& problems);

// ---- forgetting everything (forget_everything.cpp) ----------------------
// "Delete my data": everything the companion keeps about one person, in
// every store: memory (messages, facts, summaries, profile), the skills'
// ledger, reminders and check-ins, calendars and own events, mail (messages,
// outbox, the account and its sealed password: mail.key is deleted),
// letters with their versions, chat_history, persona.toml(.previous) (the
// first meeting runs again) and the saved KV states. Rows of other owners
// stay; each database's WAL is truncated. The installation (config.toml,
// models) is not the person's and stays.
struct EraseOutcome {
    int64_t messages = 0, facts = 0, notes = 0;  // memory
    int64_t skills_rows = 0;     // proposals, reminders, check-ins
    int64_t calendar_rows = 0;   // calendars and own events
    int64_t mail_rows = 0;       // messages, outbox, account
    int64_t letters = 0;
    std::vector<std::string> files;     // files deleted (history, persona, mail.key, states)
    std::vector<std::string> problems;  // what could not be erased, and why
    std::string message;                // for the person
};
Result<EraseOutcome> forget_everything(memory::Memory& memory, const ForgetPlaces& places);
// What the person must type to confirm it (the CLI asks).
inline constexpr const char* FORGET_EVERYTHING_CONFIRMATION = "forget everything";

// True for an id forget accepts by its shape (f12, e34, s5); a message's
// external id is accepted too, but looks like words.
bool looks_like_memory_id(const std::string& text);

}  // namespace os1::companion

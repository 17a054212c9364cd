// The skill contract (issue 17). A skill looks after one part of a person's
// life (reminders, check-ins, calendar, mail, letters). It reads what it
// needs and answers; anything with a side effect (sending mail, changing
// the calendar, deleting, scheduling) is only PROPOSED, stored in the
// ledger (ledger.h) with its provenance, said back in plain words, and run
// after the person's explicit yes in that same conversation. Every
// proposal and action can be listed, and undone where undo is possible.
//
// Untrusted text (a mail body, a calendar invite) is data: a skill never
// makes a proposal because such text asks for one; only the person's own
// message in a conversation (or a command they typed) can.
//
//   Desk (desk.h) holds the skills of one owner and the ledger; the
//   companion asks it first on every turn (after crisis care):
//     reply = desk.handle(context, "remind me to call Rachel on Sunday at 5")
//       -> "Shall I remind you to call Rachel on Sunday 13 December at 17:00?"
//     reply = desk.handle(context, "yes")  -> runs it: "Done: ..."
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "core/clock.h"
#include "core/json.h"
#include "core/result.h"

namespace os1::skills {

// Where and when a skill runs, for one owner.
struct Context {
    std::string owner;              // the person (companion::Home's owner)
    std::filesystem::path dir;      // this owner's skills folder (0700); each skill keeps its own files in it
    const Clock* clock = nullptr;   // the clock seam: tests use a FakeClock; never read the time otherwise
    std::string time_zone;          // IANA name ("Europe/Paris"); "" = the machine's local zone
    std::string conversation;       // the conversation this message belongs to ("" = a CLI command)
    std::string message_id;         // the person's stored message, for provenance ("" = none)
};

// A side effect waiting for the person's yes, and what became of it.
struct Proposal {
    int64_t id = 0;                 // ledger id (never reused)
    std::string skill;              // "reminders", "calendar", "mail", "letters", ...
    std::string action;             // the skill's verb: "add", "send", "delete", ...
    std::string summary;            // plain words said back: "remind you to call Rachel on Sunday 13 December at 17:00"
    Json payload = Json::object();  // everything run() needs
    std::string source;             // provenance: "chat:<conversation>:<message id>", "cli", ...
    std::string conversation;       // where the yes must come from ("" = a CLI command: confirmed by the command itself)
    std::string status = "proposed";  // proposed | done | declined | undone | failed | expired
    int64_t created_ms = 0;
    int64_t decided_ms = 0;
    Json result = Json::object();   // what run() returned (kept for undo)
    std::string error;              // why it failed, when status is "failed"
};

// What a skill says to a message it recognises.
struct Reply {
    std::string text;                     // what the companion says (plain, warm, short)
    std::optional<Proposal> proposal;     // a side effect that waits for yes (the desk stores it)
    Json data = Json::object();           // the structured answer (events, mails, reminders) for --json and the web app
};

class Skill {
public:
    virtual ~Skill() = default;
    virtual std::string_view name() const = 0;
    // A message this skill answers ("what's on tomorrow?", "remind me to
    // ..."), nullopt when it is not this skill's. Reads only: a side effect
    // is returned as Reply::proposal, never done here.
    virtual Result<std::optional<Reply>> answer(const Context& context, std::string_view message) = 0;
    // Runs an accepted proposal; the returned JSON is stored with it.
    virtual Result<Json> run(const Context& context, const Proposal& proposal) = 0;
    // Undoes a done proposal (its result is in proposal.result).
    virtual Result<void> undo(const Context& context, const Proposal& proposal) {
        (void)context;
        return Error::unsupported("'", proposal.action, "' of ", name(), " cannot be undone");
    }
};

}  // namespace os1::skills

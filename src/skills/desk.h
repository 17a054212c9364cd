// The desk: one owner's skills and their ledger, asked first on every turn
// of a conversation (after crisis care, before the brain).
//
//   auto desk = TRY(Desk::open(dir, owner));
//   desk->add(std::make_unique<RemindersSkill>());
//   auto said = TRY(desk->handle(context, "remind me to call Rachel on Sunday at 5"));
//     // -> "Shall I remind you to call Rachel on Sunday 13 December at 17:00?" (proposal stored)
//   said = TRY(desk->handle(context, "yes"));          // same conversation: runs it
//     // -> "Done: I'll remind you to call Rachel on Sunday 13 December at 17:00."
//
// handle():
//  1. Proposals left unanswered past PROPOSAL_TTL_MS expire.
//  2. A proposal waiting in THIS conversation (Context::conversation) and a
//     plain yes ("yes", "yes please", "do it", "sure", "ok") runs it; a no
//     ("no", "don't", "cancel") declines it. Anything else sets it aside: a
//     yes must answer the question it follows, never a later one.
//  3. Otherwise each skill's answer() is asked in the order they were
//     added; the first that answers wins. A proposal it returns is stored
//     (with the message's provenance) and said back as a question.
//  nullopt: not a skill's message (the brain answers).
//
// Trust: only the person's own words reach handle() with Trust::Person.
// Text from third parties (a mail body, a calendar invite) handled with
// Trust::ThirdParty is never read for a yes and never makes a proposal;
// nothing at all happens. A yes in another conversation, or with no
// conversation, runs nothing.
//
// Thread safety: one thread at a time.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "skills/ledger.h"
#include "skills/skill.h"

namespace os1::skills {

enum class Trust { Person, ThirdParty };

// What the desk says to a message.
struct DeskReply {
    std::string text;                    // the turn's reply
    std::string skill;                   // which skill answered ("" = the desk itself)
    Json data = Json::object();          // the skill's structured answer
    std::optional<Proposal> proposal;    // the proposal asked, run, declined or set aside (with its id)
    // {"skill","text","data","proposal"} for a turn's --json.
    Json to_json() const;
};

// Short replies that say yes or no to the question just asked.
bool is_yes(std::string_view message);
bool is_no(std::string_view message);

class Desk {
public:
    static Result<std::unique_ptr<Desk>> open(const std::filesystem::path& dir, const std::string& owner);
    explicit Desk(std::unique_ptr<Ledger> ledger) : m_ledger(std::move(ledger)) {}

    // Skills are asked in the order added; a name may be added once.
    void add(std::unique_ptr<Skill> skill);
    Skill* skill(std::string_view name);
    std::vector<std::string> skill_names() const;

    Result<std::optional<DeskReply>> handle(const Context& context, std::string_view message,
                                            Trust trust = Trust::Person);

    // A command the person typed (os1 remind add ...) is its own yes: the
    // proposal is stored with source "cli" and run at once.
    Result<Proposal> propose_and_run(const Context& context, Proposal proposal);
    Result<Proposal> undo(const Context& context, int64_t id);

    Ledger& ledger() { return *m_ledger; }

private:
    Result<DeskReply> run(const Context& context, const Proposal& proposal);

    std::unique_ptr<Ledger> m_ledger;
    std::vector<std::unique_ptr<Skill>> m_skills;
};

}  // namespace os1::skills

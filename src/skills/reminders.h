// Reminders: "remind me to call Rachel on Sunday at 5" is read (time in the
// person's zone, reminder_time.h), said back as a question, stored after a
// yes, and delivered when due by whichever front end is open (the terminal
// between turns, the web app, voice) until the person acknowledges it.
//
//   Reminders store(ledger.scope());              // the reminders table of skills.db
//   auto due = TRY(store.due(clock.wall_ms()));    // due and not acknowledged
//   TRY(store.mark_delivered(due[0].id, now));     // shown (still due until acknowledged)
//   TRY(store.acknowledge(due[0].id, now));        // once: done; repeating: the next one
//
// A repeating reminder ("every Monday morning") stays active; each
// acknowledgement moves it to its next time, in its own time zone. All
// times come from the caller's clock (Context::clock); nothing is kept in
// memory only, so a restart loses no reminder.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "skills/ledger.h"
#include "skills/reminder_time.h"
#include "skills/skill.h"

namespace os1::skills {

struct Reminder {
    int64_t id = 0;
    std::string text;           // "call Rachel", "about the dentist"
    int64_t due_ms = 0;         // the next time it is due (UTC)
    std::string rule;           // "" once, "daily", "weekdays", "weekly:N", "monthly:N", "yearly:M-D"
    std::string time_zone;      // the zone its wall-clock time is kept in ("" = the machine's)
    std::string status = "active";  // active | done | cancelled
    int64_t created_ms = 0;
    std::string source;         // the proposal's provenance ("chat:<conversation>:<message>", "cli")
    int64_t proposal_id = 0;
    int64_t delivered_ms = 0;   // when it was last shown while due (0 = not yet)
    int64_t done_ms = 0;
    int times_done = 0;         // acknowledgements (repeating ones count up)
};

// "Call Rachel" (what to say when it is due).
std::string reminder_words(const Reminder& reminder);
// {"id","text","due","due_local","when","rule","time_zone","status","created","source","proposal","delivered","done","times_done"}
Json reminder_json(const Reminder& reminder, int64_t now_ms);

class Reminders {
public:
    explicit Reminders(store::OwnerScope& scope) : m_scope(scope) {}

    Result<Reminder> add(const Reminder& reminder);
    Result<Reminder> get(int64_t id);
    // Active ones, soonest first (all: every status, newest first).
    Result<std::vector<Reminder>> list(bool all = false);
    // Active and due at now_ms: not yet acknowledged, soonest first.
    Result<std::vector<Reminder>> due(int64_t now_ms);
    // The soonest time an active reminder is due (nullopt: none);
    // `undelivered`: of those not handed to a front end yet.
    Result<std::optional<int64_t>> next_due(bool undelivered = false);
    Result<void> mark_delivered(int64_t id, int64_t now_ms);
    // A one-time reminder is done; a repeating one moves to its next time
    // after now. Error::invalid when it is not active.
    Result<Reminder> acknowledge(int64_t id, int64_t now_ms);
    Result<Reminder> cancel(int64_t id, int64_t now_ms);
    // Forgetting: the row goes for good (false when there was none).
    Result<bool> erase(int64_t id);

private:
    store::OwnerScope& m_scope;
};

// The reminders skill: answers reminder requests with a proposal
// ("add"), "what are my reminders?" with the list, and "done" right
// after a reminder was delivered by acknowledging it.
class RemindersSkill final : public Skill {
public:
    explicit RemindersSkill(Ledger& ledger) : m_store(ledger.scope()) {}
    std::string_view name() const override { return "reminders"; }
    Result<std::optional<Reply>> answer(const Context& context, std::string_view message) override;
    Result<Json> run(const Context& context, const Proposal& proposal) override;
    Result<void> undo(const Context& context, const Proposal& proposal) override;

    // The proposal for a request already read (os1 remind add).
    static Proposal proposal_for(const ReminderRequest& request, const Context& context, const TimeZone& zone);
    Reminders& store() { return m_store; }

private:
    Reminders m_store;
};

}  // namespace os1::skills

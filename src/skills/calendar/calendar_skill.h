// The calendar as a skills::Skill (skill.h): answers "what's on tomorrow?",
// "am I free Thursday afternoon?", "what do I have this week?", "when is my
// dentist appointment?" from the owner's calendars (store.h), and turns
// "put dinner with Amy on Friday at 7 in my calendar" into a PROPOSAL
// (saying any conflicts) that run() carries out only after the person's
// yes; undo() takes the event out again.
//
// Only the person's message is read for intent. Event text (titles, notes,
// places, guests) is third-party data: it appears in Reply::data as
// "events" and as "third_party", a quoted block (quote.h) for the brain,
// and never makes a proposal, runs a skill or changes what is remembered.
//
// Times are read and said in Context::time_zone; "now" is Context::clock.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "skills/calendar/expand.h"
#include "skills/calendar/store.h"
#include "skills/skill.h"

namespace os1::calendar {

class CalendarSkill final : public skills::Skill {
public:
    std::string_view name() const override { return "calendar"; }
    Result<std::optional<skills::Reply>> answer(const skills::Context& context, std::string_view message) override;
    Result<Json> run(const skills::Context& context, const skills::Proposal& proposal) override;
    Result<void> undo(const skills::Context& context, const skills::Proposal& proposal) override;
};

std::unique_ptr<skills::Skill> make_calendar_skill();

// What the person asked to add (from a message or `os1 calendar add`).
struct AddRequest {
    std::string summary, location;
    int64_t start_utc = 0, end_utc = 0;
    bool all_day = false;
};

// The proposal for an add (action "add", payload with everything run()
// needs) and its plain words, with conflicts named: "put 'Dinner with Amy'
// in your calendar on Friday 11 December, 19:00-20:00 (it overlaps with
// 19:30-20:30 Yoga)". Reads only.
Result<skills::Reply> propose_add(const skills::Context& context, const AddRequest& request);

// Helpers the companion's front door shares with the skill.
Result<Zone> person_zone(const skills::Context& context);
int64_t now_seconds(const skills::Context& context);
Result<std::unique_ptr<CalendarStore>> open_store(const skills::Context& context);

}  // namespace os1::calendar

// Proposals answered with a front end's buttons (the web app's forms): a
// skill's proposal for the person's own request is stored in the
// conversation Home::FORM_CONVERSATION and runs only after a yes named by
// its id, through the same ledger and skills the chat's yes goes through.
#include <algorithm>

#include "companion/home.h"
#include "core/strings.h"

namespace os1::companion {

Result<skills::Proposal> Home::propose(skills::Proposal proposal) {
    skills::Desk* d = TRY(desk());
    if (!d->skill(proposal.skill)) return Error::invalid("there is no skill called '", proposal.skill, "'");
    proposal.status = "proposed";
    proposal.result = Json::object();
    proposal.error.clear();
    const skills::Context c = TRY(skills_context(FORM_CONVERSATION, "form"));
    return d->ledger().propose(std::move(proposal), c);
}

Result<std::vector<skills::Proposal>> Home::waiting_proposals() {
    skills::Desk* d = TRY(desk());
    TRY(d->ledger().expire(now_ms()));
    auto all = TRY(d->ledger().list({.skill = "", .status = "proposed", .limit = 200}));
    std::erase_if(all, [](const skills::Proposal& p) { return p.conversation.empty(); });
    return all;
}

Result<skills::Proposal> Home::answer_proposal(int64_t id, bool yes, std::string* said) {
    skills::Desk* d = TRY(desk());
    skills::Ledger& ledger = d->ledger();
    TRY(ledger.expire(now_ms()));
    const skills::Proposal p = TRY(ledger.get(id));
    if (p.conversation.empty()) return Error::invalid("proposal ", id, " was a command and has run already");
    if (p.status != "proposed") return Error::invalid("proposal ", id, " is not waiting for an answer (it is ", p.status, ")");
    if (!yes) {
        skills::Proposal declined = TRY(ledger.decline(id, now_ms()));
        if (said) *said = "All right, I won't.";
        return declined;
    }
    skills::Skill* skill = d->skill(p.skill);
    if (!skill) return Error::invalid("I can't do that any more (", p.skill, " is not here)");
    // The yes is the person's, named by id: it runs where the question was asked.
    const skills::Context c = TRY(skills_context(p.conversation, ""));
    skills::Proposal done = TRY(ledger.accept(id, *skill, c));
    if (said) {
        if (done.status != "done") *said = str("I'm sorry, I couldn't do that: ", done.error, ".");
        else if (done.result.is_object() && done.result.contains("said") && done.result["said"].is_string())
            *said = done.result["said"].get<std::string>();
        else *said = str("Done: ", done.summary, ".");
    }
    return done;
}

Result<skills::Proposal> Home::reminder_proposal(std::string_view words) {
    const skills::Context c = TRY(skills_context("", ""));
    auto zone = skills::TimeZone::load(c.time_zone);
    if (!zone) return zone.error().context("config time.zone");
    std::string_view task = words;
    while (!task.empty() && (task.front() == ' ' || task.front() == '\t')) task.remove_prefix(1);
    const std::string asked = lower(std::string(task.substr(0, 10))) == "remind me " ? std::string(task) : str("remind me to ", task);
    auto request = skills::read_reminder_request(asked, c.clock->wall_ms(), *zone);
    if (request && !request->has_time)
        return Error::invalid("no time in \"", words, "\": say when, like \"call Rachel tomorrow at 9\"");
    if (!request || request->task.empty()) return Error::invalid("say what to remind you of, like \"call Rachel tomorrow at 9\"");
    if (request->in_past) return Error::invalid("that time has passed already");
    return skills::RemindersSkill::proposal_for(*request, c, *zone);
}

Result<skills::Reminder> Home::cancel_reminder(int64_t id) {
    skills::Desk* d = TRY(desk());
    skills::Reminders store(d->ledger().scope());
    const skills::Reminder r = TRY(store.get(id));
    if (r.status != "active") return Error::invalid("reminder ", id, " is not on the list (it is ", r.status, ")");
    return store.cancel(id, now_ms());
}

}  // namespace os1::companion

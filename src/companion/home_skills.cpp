// Home's skills use cases: the desk a turn asks, reminders (os1 remind, the
// front ends' delivery) and check-ins. The desk is built on first use for
// this owner, in the owner's own folder (skills_desk.h).
#include <algorithm>

#include "companion/home.h"
#include "companion/letters.h"
#include "companion/session_internal.h"
#include "companion/mail.h"
#include "companion/skills_desk.h"
#include "core/log.h"
#include "core/strings.h"

namespace os1::companion {

namespace {

constexpr int64_t DAY_MS = 86'400'000;

// What a planned thing is called in a check-in: "the job interview", "your plan to visit amy".
std::string planned_words(const memory::Fact& f) {
    std::string tail = f.key.substr(f.key.find(':') == std::string::npos ? 0 : f.key.find(':') + 1);
    std::replace(tail.begin(), tail.end(), '_', ' ');
    if (tail.empty()) return "";
    if (f.kind == memory::FactKind::Plan) return "your plan to " + tail;
    return "the " + tail;
}

}  // namespace

const Clock& Home::clock() const { return m_options.clock ? *m_options.clock : SystemClock::instance(); }

int64_t Home::now_ms() const { return clock().wall_ms(); }

Result<skills::Desk*> Home::desk() {
    if (!m_desk) {
        TRY(ensure_owner_files(m_files));
        std::vector<std::unique_ptr<skills::Skill>> first;
        first.push_back(make_letters_skill(*this));  // letters.h: lent this Home's brain and memory
        m_desk = TRY(build_desk(m_files, m_options.owner, std::move(first)));
        // Mail (companion/mail.h): it reads the person from this Home, and
        // drafts through the brain when the Home is awake. (The desk was
        // built twice here, the second time without it: a chat never
        // reached the mail skill.)
        m_desk->add(make_mail_skill(*this, m_session != nullptr));
    }
    return m_desk.get();
}

Result<skills::Context> Home::skills_context(const std::string& conversation, const std::string& message_id) {
    const Config* config = TRY(loaded_config());
    skills::Context c;
    c.owner = m_options.owner;
    c.dir = skills_dir(m_files);
    c.clock = &clock();
    c.time_zone = person_time_zone(*config);
    c.conversation = conversation;
    c.message_id = message_id;
    return c;
}

Result<std::optional<SkillAnswer>> Home::ask_skills(std::string_view text, const std::string& message_id,
                                                    const std::string& session) {
    skills::Desk* d = TRY(desk());
    const skills::Context c = TRY(skills_context(session, message_id));
    auto said = TRY(d->handle(c, text, skills::Trust::Person));
    if (!said) return std::optional<SkillAnswer>();
    return std::optional<SkillAnswer>(SkillAnswer{said->text, said->to_json()});
}

Result<std::vector<skills::Reminder>> Home::reminders(bool all) {
    skills::Desk* d = TRY(desk());
    return skills::Reminders(d->ledger().scope()).list(all);
}

Result<std::vector<skills::Reminder>> Home::due_reminders(bool only_new) {
    skills::Desk* d = TRY(desk());
    skills::Reminders store(d->ledger().scope());
    const int64_t now = now_ms();
    std::vector<skills::Reminder> out;
    std::vector<int64_t> ids;
    for (auto& r : TRY(store.due(now))) {
        if (only_new && r.delivered_ms > 0) continue;
        r.delivered_ms = now;
        ids.push_back(r.id);
        out.push_back(std::move(r));
    }
    auto tx = TRY(store::Transaction::begin(d->ledger().scope().database()));  // one sync to disk for them all
    for (int64_t id : ids) TRY(store.mark_delivered(id, now));
    TRY(tx.commit());
    return out;
}

Result<skills::Reminder> Home::add_reminder(std::string_view words, std::string_view when) {
    skills::Desk* d = TRY(desk());
    const skills::Context c = TRY(skills_context("", ""));
    auto zone = skills::TimeZone::load(c.time_zone);
    if (!zone) return zone.error().context("config time.zone");
    std::optional<skills::ReminderRequest> request;
    if (when.empty()) {
        request = skills::read_reminder_request(str("remind me to ", words), c.clock->wall_ms(), *zone);
        if (request && !request->has_time)
            return Error::invalid("no time in \"", words, "\": say when, like \"call Rachel tomorrow at 9\" or use --at");
    } else {
        request = skills::read_when(when, c.clock->wall_ms(), *zone);
        if (!request)
            return Error::invalid("\"", when, "\" is not a time I can read (like \"tomorrow at 9\", \"in 20 minutes\", ",
                                  "\"every Monday morning\", \"on 24 December at 18:00\")");
        request->task = skills::second_person(words);
    }
    if (!request || request->task.empty()) return Error::invalid("say what to remind you of, like \"call Rachel tomorrow at 9\"");
    if (request->in_past) return Error::invalid("that time has passed already");
    skills::Proposal p = skills::RemindersSkill::proposal_for(*request, c, *zone);
    skills::Proposal done = TRY(d->propose_and_run(c, p));
    if (done.status != "done") return Error::io("the reminder could not be stored: ", done.error);
    return skills::Reminders(d->ledger().scope()).get(done.result.value("reminder", int64_t(0)));
}

Result<skills::Reminder> Home::reminder_done(int64_t id) {
    skills::Desk* d = TRY(desk());
    return skills::Reminders(d->ledger().scope()).acknowledge(id, now_ms());
}

Json Home::reminder_view(const skills::Reminder& reminder) const { return skills::reminder_json(reminder, now_ms()); }

Result<std::unique_ptr<skills::ReminderScheduler>> Home::watch_reminders(skills::ReminderScheduler::Deliver deliver) {
    TRY(desk());  // the folder and the schema exist before the thread opens its own connection
    return skills::ReminderScheduler::start({skills_dir(m_files), m_options.owner, &clock()}, std::move(deliver));
}

Result<std::vector<skills::Proposal>> Home::proposals(const skills::LedgerFilter& filter) {
    skills::Desk* d = TRY(desk());
    return d->ledger().list(filter);
}

Result<std::optional<skills::CheckIn>> Home::checkin_due() {
    using Out = std::optional<skills::CheckIn>;
    const Config* config = TRY(loaded_config());
    const skills::CheckinSettings settings = TRY(skills::checkin_settings(*config));
    if (!settings.enabled) return Out();
    auto zone = skills::TimeZone::load(person_time_zone(*config));
    if (!zone) return zone.error().context("config time.zone");
    memory::Memory* mem = TRY(memory());
    skills::Signals sig;
    sig.now_ms = now_ms();
    if (m_session) sig.name = m_session->setup.profile.name;
    // The person's messages of the last days: worries, how they felt, when they last spoke.
    for (const auto& e : TRY(mem->recent_episodes("", 300))) {
        if (e.episode.speaker != "user" || e.episode.session == "setup") continue;
        sig.last_message_ms = std::max(sig.last_message_ms, e.episode.time_ms);
        if (e.episode.time_ms < sig.now_ms - 3 * DAY_MS) continue;
        const bool afraid = e.episode.affect && (e.episode.affect->dominant == "fear" || e.episode.affect->dominant == "nervousness");
        if (afraid || skills::sounds_worried(e.episode.text))
            sig.worries.push_back({str("e", e.id), e.episode.text, e.episode.time_ms});
        if (e.episode.affect) sig.moods.push_back({e.episode.time_ms, e.episode.affect->valence});
    }
    // What is planned for today: plans and events memory knows the day of, and today's reminders.
    for (const auto& f : TRY(mem->facts(false))) {
        if ((f.kind != memory::FactKind::Plan && f.kind != memory::FactKind::Event) || f.event_time_ms <= 0) continue;
        if (std::string what = planned_words(f); !what.empty()) sig.events.push_back({str("f", f.id), what, f.event_time_ms});
    }
    skills::Desk* d = TRY(desk());
    skills::Checkins checkins(d->ledger().scope());
    auto said = TRY(checkins.due(sig, settings, *zone));
    if (said) TRY(checkins.record(*said));
    return said;
}

}  // namespace os1::companion

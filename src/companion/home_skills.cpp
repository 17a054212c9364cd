// Home's skills use cases: the desk a turn asks, reminders (os1 remind, the
// front ends' delivery) and check-ins. The desk is built on first use for
// this owner, in the owner's own folder (skills_desk.h).
#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <mutex>
#include <thread>

#include "companion/home.h"
#include "companion/letters.h"
#include "companion/session_internal.h"
#include "companion/mail.h"
#include "companion/skills_desk.h"
#include "core/log.h"
#include "core/strings.h"
#include "skills/calendar/calendar_skill.h"
#include "skills/checkin_words.h"

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

// A stable name for one occurrence of a calendar event (FNV-1a of its uid
// and its original start): the check-in's reason, never third-party text.
std::string occurrence_id(const calendar::Instance& in) {
    uint64_t h = 1469598103934665603ull;
    for (unsigned char c : in.uid + "\n" + (in.recurrence_id.empty() ? in.start : in.recurrence_id))
        h = (h ^ c) * 1099511628211ull;
    char hex[17];
    std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(h));
    return str("cal-", hex);
}

// The events of the person's calendars from two days ago to three days on
// (the check-in rules pick: after one, today, the evening before tomorrow's).
Result<std::vector<skills::Planned>> calendar_planned(const skills::Context& c, int64_t now_ms) {
    const calendar::Zone zone = TRY(calendar::person_zone(c));
    auto cals = TRY(calendar::open_store(c));
    const int64_t now_s = now_ms / 1000;
    std::vector<skills::Planned> out;
    for (const auto& in : TRY(cals->instances(now_s - 2 * 86'400, now_s + 3 * 86'400, zone)).instances) {
        if (lower(in.status) == "cancelled" || in.summary.empty()) continue;
        skills::Planned p;
        p.id = occurrence_id(in);
        p.text = in.summary;
        p.time_ms = in.start_utc * 1000;
        p.end_ms = in.end_utc * 1000;
        p.calendar = true;
        p.all_day = in.all_day;
        out.push_back(std::move(p));
    }
    return out;
}

// The brain's words for a check-in: a bounded reply (CHECKIN_MAX_TOKENS),
// a deadline (a watchdog sets the cancel flag), and an Error for anything
// short of a finished reply, so the template is said instead.
skills::CheckinWriter checkin_writer(brain::Brain& brain, double timeout_s) {
    return [&brain, timeout_s](const skills::CheckinPrompt& prompt) -> Result<std::string> {
        brain::ChatRequest request;
        request.messages = {{"system", prompt.system}, {"user", prompt.user}};
        request.max_tokens = skills::CHECKIN_MAX_TOKENS;
        request.temperature = 0.7f;
        request.stop = {"\n\n"};
        brain::CancelFlag cancel{false};
        std::mutex m;
        std::condition_variable cv;
        bool finished = false;
        std::thread watchdog([&] {
            std::unique_lock lock(m);
            if (!cv.wait_for(lock, std::chrono::duration<double>(timeout_s), [&] { return finished; })) cancel = true;
        });
        auto result = brain.chat(request, [](std::string_view) { return true; }, &cancel);
        {
            std::lock_guard lock(m);
            finished = true;
        }
        cv.notify_one();
        watchdog.join();
        if (!result) return result.error();
        if (cancel.load()) return Error::network("the check-in took longer than ", timeout_s, " s to phrase");
        if (result->finish_reason != brain::FinishReason::Stop)
            return Error::unsupported("the check-in's words did not finish (", brain::finish_reason_name(result->finish_reason), ")");
        return result->text;
    };
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
        // drafts through the brain when the Home is awake.
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
    skills::Proposal p;
    if (when.empty()) {
        p = TRY(reminder_proposal(words));  // home_proposals.cpp
    } else {
        auto zone = skills::TimeZone::load(c.time_zone);
        if (!zone) return zone.error().context("config time.zone");
        auto request = skills::read_when(when, c.clock->wall_ms(), *zone);
        if (!request)
            return Error::invalid("\"", when, "\" is not a time I can read (like \"tomorrow at 9\", \"in 20 minutes\", ",
                                  "\"every Monday morning\", \"on 24 December at 18:00\")");
        request->task = skills::second_person(words);
        if (request->task.empty()) return Error::invalid("say what to remind you of, like \"call Rachel tomorrow at 9\"");
        if (request->in_past) return Error::invalid("that time has passed already");
        p = skills::RemindersSkill::proposal_for(*request, c, *zone);
    }
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
    // Events of the person's calendars (checkin_events.cpp says which
    // matter); a calendar that cannot be read never stops a check-in.
    const skills::Context c = TRY(skills_context("", ""));
    if (auto planned = calendar_planned(c, sig.now_ms)) {
        for (auto& p : *planned) sig.events.push_back(std::move(p));
    } else {
        log::warn("check-ins: the calendars could not be read: ", planned.error().message);
    }
    skills::Checkins checkins(d->ledger().scope());
    auto said = TRY(checkins.due(sig, settings, *zone));
    if (!said) return said;
    // The rules chose the moment; a model, when there is one, chooses the
    // words (checkin_words.h), the none brain and every failure keep the template.
    if (m_session && m_session->brain && m_session->brain->backend() != brain::Backend::None &&
        m_session->brain->available()) {
        const auto& setup = m_session->setup;
        skills::CheckinVoice voice{setup.persona.name, setup.profile.name,
                                   std::string(persona::tone_name(setup.persona.tone))};
        said->text = skills::phrase_checkin(*said, voice, checkin_writer(*m_session->brain, settings.brain_timeout_s));
    }
    TRY(checkins.record(*said));
    return said;
}

}  // namespace os1::companion

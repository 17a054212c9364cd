// Reminders: the table in skills.db and the skill that proposes, lists and
// acknowledges them.
#include "skills/reminders.h"

#include <algorithm>
#include <cctype>

#include "core/strings.h"
#include "memory/time_parse.h"

namespace os1::skills {

namespace {

constexpr const char* COLUMNS =
    "id, text, due_ms, rule, time_zone, status, created_ms, source, proposal_id, delivered_ms, done_ms, times_done";

Reminder read_row(const store::Statement& st) {
    Reminder r;
    r.id = st.column_int(0);
    r.text = st.column_text(1);
    r.due_ms = st.column_int(2);
    r.rule = st.column_text(3);
    r.time_zone = st.column_text(4);
    r.status = st.column_text(5);
    r.created_ms = st.column_int(6);
    r.source = st.column_text(7);
    r.proposal_id = st.column_int(8);
    r.delivered_ms = st.column_int(9);
    r.done_ms = st.column_int(10);
    r.times_done = static_cast<int>(st.column_int(11));
    return r;
}

TimeZone zone_or_utc(const std::string& name) {
    auto zone = TimeZone::load(name);
    return zone ? zone.release_value() : TimeZone::utc();
}

std::string capitalize_first(std::string s) {
    if (!s.empty()) s[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(s[0])));
    return s;
}

std::string lower_words(std::string_view message) {
    std::string out;
    for (unsigned char c : message) {
        if (std::isalnum(c) || c == '\'') out += static_cast<char>(std::tolower(c));
        else if (!out.empty() && out.back() != ' ') out += ' ';
    }
    while (!out.empty() && out.back() == ' ') out.pop_back();
    return out;
}

bool asks_for_list(const std::string& w) {
    for (const char* p : {"what are my reminders", "what reminders do i have", "list my reminders", "show my reminders",
                          "show me my reminders", "any reminders", "do i have any reminders", "my reminders",
                          "what have you got to remind me", "what do i need to remember", "reminders"})
        if (w == p) return true;
    return false;
}

bool acknowledges(const std::string& w) {
    for (const char* p : {"done", "did it", "i did it", "i've done it", "ive done it", "done it", "got it", "it's done",
                          "all done", "thanks done", "ok done", "okay done", "i have done it", "finished", "i'm on it",
                          "on it", "thanks i did", "i remembered"})
        if (w == p) return true;
    return false;
}

std::string summary_of(const ReminderRequest& request, int64_t now_ms, const TimeZone& zone) {
    const std::string what = request.task.starts_with("about ") || request.task.starts_with("that ")
                                 ? request.task
                                 : "to " + request.task;
    if (!request.relative.empty())
        return str("remind you ", what, " ", request.relative, " (at ", clock_words(zone.to_local(request.due_ms)), ")");
    return str("remind you ", what, " ", when_words(request.due_ms, request.rule, now_ms, zone));
}

}  // namespace

std::string reminder_words(const Reminder& r) {
    std::string t = r.text;
    for (const char* lead : {"about ", "that "})
        if (t.starts_with(lead)) t = t.substr(std::string_view(lead).size());
    return capitalize_first(t);
}

Json reminder_json(const Reminder& r, int64_t now_ms) {
    const TimeZone zone = zone_or_utc(r.time_zone);
    const int64_t local = zone.to_local(r.due_ms);
    std::string due_local = str(memory::format_day(local), "T", clock_words(local));
    return Json{{"id", r.id},
                {"text", r.text},
                {"due", format_iso8601_utc(r.due_ms)},
                {"due_local", due_local},
                {"when", when_words(r.due_ms, r.rule, now_ms, zone)},
                {"rule", r.rule},
                {"time_zone", zone.name()},
                {"status", r.status},
                {"is_due", r.status == "active" && r.due_ms <= now_ms},
                {"created", r.created_ms ? format_iso8601_utc(r.created_ms) : ""},
                {"source", r.source},
                {"proposal", r.proposal_id},
                {"delivered", r.delivered_ms ? format_iso8601_utc(r.delivered_ms) : ""},
                {"done", r.done_ms ? format_iso8601_utc(r.done_ms) : ""},
                {"times_done", r.times_done}};
}

// ---- the store -----------------------------------------------------------

Result<Reminder> Reminders::add(const Reminder& r) {
    if (r.text.empty()) return Error::invalid("a reminder needs something to remind you of");
    auto st = TRY(m_scope.prepare("INSERT INTO reminders(text, due_ms, rule, time_zone, status, created_ms, source, "
                                  "proposal_id, owner) VALUES(?, ?, ?, ?, 'active', ?, ?, ?, :owner)"));
    st.bind(1, r.text).bind(2, r.due_ms).bind(3, r.rule).bind(4, r.time_zone).bind(5, r.created_ms);
    st.bind(6, r.source).bind(7, r.proposal_id);
    TRY(st.run());
    return get(m_scope.last_insert_id());
}

Result<Reminder> Reminders::get(int64_t id) {
    auto st = TRY(m_scope.prepare(str("SELECT ", COLUMNS, " FROM reminders WHERE id = ? AND owner = :owner")));
    st.bind(1, id);
    if (!TRY(st.step())) return Error::not_found("there is no reminder ", id, " (os1 remind list shows them)");
    return read_row(st);
}

Result<std::vector<Reminder>> Reminders::list(bool all) {
    auto st = TRY(m_scope.prepare(str("SELECT ", COLUMNS, " FROM reminders WHERE owner = :owner ",
                                      all ? "ORDER BY id DESC" : "AND status = 'active' ORDER BY due_ms, id")));
    std::vector<Reminder> out;
    while (TRY(st.step())) out.push_back(read_row(st));
    return out;
}

Result<std::vector<Reminder>> Reminders::due(int64_t now_ms) {
    auto st = TRY(m_scope.prepare(str("SELECT ", COLUMNS, " FROM reminders WHERE status = 'active' AND due_ms <= ? ",
                                      "AND owner = :owner ORDER BY due_ms, id")));
    st.bind(1, now_ms);
    std::vector<Reminder> out;
    while (TRY(st.step())) out.push_back(read_row(st));
    return out;
}

Result<std::optional<int64_t>> Reminders::next_due(bool undelivered) {
    auto st = TRY(m_scope.prepare(str("SELECT MIN(due_ms) FROM reminders WHERE status = 'active' ",
                                      undelivered ? "AND delivered_ms = 0 " : "", "AND owner = :owner")));
    if (!TRY(st.step()) || st.column_is_null(0)) return std::optional<int64_t>();
    return std::optional<int64_t>(st.column_int(0));
}

Result<void> Reminders::mark_delivered(int64_t id, int64_t now_ms) {
    auto st = TRY(m_scope.prepare("UPDATE reminders SET delivered_ms = ? WHERE id = ? AND owner = :owner"));
    st.bind(1, now_ms).bind(2, id);
    return st.run();
}

Result<Reminder> Reminders::acknowledge(int64_t id, int64_t now_ms) {
    Reminder r = TRY(get(id));
    if (r.status != "active") return Error::invalid("reminder ", id, " is ", r.status, " already");
    std::string status = "active";
    int64_t due = r.due_ms;
    if (r.rule.empty()) status = "done";
    else due = next_occurrence(r.rule, r.due_ms, std::max(now_ms, r.due_ms), zone_or_utc(r.time_zone));
    auto st = TRY(m_scope.prepare("UPDATE reminders SET status = ?, due_ms = ?, done_ms = ?, delivered_ms = 0, "
                                  "times_done = times_done + 1 WHERE id = ? AND status = 'active' AND owner = :owner"));
    st.bind(1, status).bind(2, due).bind(3, now_ms).bind(4, id);
    TRY(st.run());
    return get(id);
}

Result<Reminder> Reminders::cancel(int64_t id, int64_t now_ms) {
    Reminder r = TRY(get(id));
    if (r.status != "active") return Error::invalid("reminder ", id, " is ", r.status, " already");
    auto st = TRY(m_scope.prepare("UPDATE reminders SET status = 'cancelled', done_ms = ? WHERE id = ? AND owner = :owner"));
    st.bind(1, now_ms).bind(2, id);
    TRY(st.run());
    return get(id);
}

Result<bool> Reminders::erase(int64_t id) {
    auto st = TRY(m_scope.prepare("DELETE FROM reminders WHERE id = ? AND owner = :owner"));
    st.bind(1, id);
    TRY(st.run());
    return m_scope.changes() == 1;
}

// ---- the skill -----------------------------------------------------------

Proposal RemindersSkill::proposal_for(const ReminderRequest& request, const Context& context, const TimeZone& zone) {
    Proposal p;
    p.skill = "reminders";
    p.action = "add";
    p.summary = summary_of(request, context.clock->wall_ms(), zone);
    p.payload = {{"text", request.task},
                 {"due_ms", request.due_ms},
                 {"rule", request.rule},
                 {"time_zone", context.time_zone}};
    return p;
}

Result<std::optional<Reply>> RemindersSkill::answer(const Context& context, std::string_view message) {
    using Out = std::optional<Reply>;
    const int64_t now = context.clock->wall_ms();
    const std::string words = lower_words(message);
    if (asks_for_list(words)) {
        auto active = TRY(m_store.list());
        Reply r;
        r.data = {{"reminders", Json::array()}};
        for (const auto& x : active) r.data["reminders"].push_back(reminder_json(x, now));
        if (active.empty()) {
            r.text = "You have no reminders. Say something like \"remind me to call Rachel on Sunday at 5\".";
        } else {
            r.text = active.size() == 1 ? "One reminder:" : str(active.size(), " reminders:");
            const TimeZone zone = zone_or_utc(context.time_zone);
            for (size_t i = 0; i < active.size() && i < 5; i++)
                r.text += str("\n- ", reminder_words(active[i]), ", ", when_words(active[i].due_ms, active[i].rule, now, zone));
            if (active.size() > 5) r.text += str("\n(and ", active.size() - 5, " more: os1 remind list)");
        }
        return Out(std::move(r));
    }
    if (acknowledges(words)) {
        std::vector<Reminder> shown;
        for (auto& x : TRY(m_store.due(now)))
            if (x.delivered_ms > 0) shown.push_back(x);
        if (shown.empty()) return Out();
        Reply r;
        r.data = {{"acknowledged", Json::array()}};
        std::string next;
        for (const auto& x : shown) {
            Reminder after = TRY(m_store.acknowledge(x.id, now));
            r.data["acknowledged"].push_back(reminder_json(after, now));
            if (after.status == "active")
                next = when_words(after.due_ms, "", now, zone_or_utc(after.time_zone));
        }
        r.text = shown.size() == 1 ? str("Good, I've ticked off \"", reminder_words(shown[0]), "\".")
                                   : str("Good, I've ticked off ", shown.size(), " reminders.");
        if (!next.empty()) r.text += str(" Next time: ", next, ".");
        return Out(std::move(r));
    }
    auto zone = TimeZone::load(context.time_zone);
    auto request = read_reminder_request(message, now, zone ? *zone : TimeZone::utc());
    if (!request) return Out();
    Reply r;
    if (!zone) {
        r.text = str("I can't set reminders until your time zone is right: ", zone.error().message,
                     " (set [time] zone in config.toml).");
        return Out(std::move(r));
    }
    if (request->task.empty() && request->has_time) {
        r.text = str("What shall I remind you of ", when_words(request->due_ms, request->rule, now, *zone), "?");
    } else if (request->task.empty()) {
        r.text = "What shall I remind you of, and when?";
    } else if (!request->has_time) {
        r.text = str("When shall I remind you ", request->task.starts_with("about ") ? "" : "to ", request->task,
                     "? Say it with the time, like \"remind me to ", request->task, " tomorrow at 9\".");
    } else if (request->in_past) {
        r.text = str(capitalize_first(when_words(request->due_ms, "", now, *zone)),
                     " has passed already. When shall I remind you instead?");
    } else {
        r.proposal = proposal_for(*request, context, *zone);
    }
    return Out(std::move(r));
}

Result<Json> RemindersSkill::run(const Context& context, const Proposal& p) {
    if (p.action != "add") return Error::unsupported("reminders cannot '", p.action, "'");
    Reminder r;
    r.text = p.payload.value("text", "");
    r.due_ms = p.payload.value("due_ms", int64_t(0));
    r.rule = p.payload.value("rule", "");
    r.time_zone = p.payload.value("time_zone", "");
    r.created_ms = context.clock->wall_ms();
    r.source = p.source;
    r.proposal_id = p.id;
    Reminder stored = TRY(m_store.add(r));
    Json out = reminder_json(stored, r.created_ms);
    out["reminder"] = stored.id;
    out["said"] = str("Done. I'll ", p.summary, ".");
    return out;
}

Result<void> RemindersSkill::undo(const Context& context, const Proposal& p) {
    if (!p.result.contains("reminder")) return Error::invalid("proposal ", p.id, " made no reminder");
    const int64_t id = p.result["reminder"].get<int64_t>();
    Reminder r = TRY(m_store.get(id));
    if (r.status == "active") TRY(m_store.cancel(id, context.clock->wall_ms()));
    return ok();
}

}  // namespace os1::skills

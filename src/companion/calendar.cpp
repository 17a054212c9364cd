// The calendar use cases behind companion/calendar.h: a skills::Context
// for the Home's owner, then the calendar skill's library.
#include "companion/calendar.h"

#include <fstream>
#include <sstream>

#include "core/clock.h"
#include "core/strings.h"
#include "core/text.h"
#include "skills/calendar/calendar_skill.h"
#include "skills/calendar/civil.h"
#include "skills/calendar/quote.h"
#include "skills/calendar/when.h"
#include "companion/skills_desk.h"

namespace os1::companion {
namespace {

using namespace os1::calendar;

Result<skills::Context> context_for(Home& home) {
    skills::Context c;
    c.owner = home.owner();
    c.dir = skills_dir(home.files());
    c.clock = &SystemClock::instance();
    if (auto settings = home.settings()) c.time_zone = person_time_zone(**settings);
    else return settings.error();
    TRY(person_zone(c));  // a zone the system does not know is said now, not on first use
    return c;
}

Result<std::string> read_text_file(const std::filesystem::path& file) {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(file, ec)) return Error::not_found(file.string(), ": no such file");
    const auto size = std::filesystem::file_size(file, ec);
    if (ec) return Error::io(file.string(), ": ", ec.message());
    if (size > MAX_ICS_BYTES) return Error::invalid(file.string(), ": ", format_size(size), " is larger than a calendar may be (16 MiB)");
    std::ifstream in(file, std::ios::binary);
    if (!in) return Error::io("cannot read ", file.string());
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

CalendarImported imported(const StoredCalendar& c) {
    return {.id = c.id, .name = c.name, .source = c.source, .events = c.events, .warnings = c.warnings};
}

CalendarView view_of(const Expanded& out, const Zone& zone) {
    CalendarView v;
    for (const Instance& in : out.instances) {
        v.instances.push_back(instance_json(in));
        v.text += span_words(in.start_utc, in.end_utc, in.all_day, zone) + "  " + inert_text(in.summary.empty() ? "(no title)" : in.summary, 120);
        if (!in.location.empty()) v.text += " (" + inert_text(in.location, 60) + ")";
        v.text += "\n";
    }
    v.notes = out.notes;
    return v;
}

// [from, to) from a span in words and/or ISO-8601 ends.
Result<std::pair<int64_t, int64_t>> range_of(const skills::Context& c, const Zone& zone, const std::string& span, const std::string& from,
                                             const std::string& to) {
    When when = read_when(span.empty() ? "today" : span, now_seconds(c), zone);
    if (!span.empty() && !when.has_day) return Error::invalid("'", span, "' is not a day or span I know (today, tomorrow, this week, Friday, 12 December...)");
    int64_t lo = when.from_utc, hi = when.to_utc;
    if (!from.empty()) lo = TRY(parse_iso(from, zone));
    if (!to.empty()) hi = TRY(parse_iso(to, zone));
    if (hi <= lo) return Error::invalid("the end of the range must come after its start");
    return std::make_pair(lo, hi);
}

}  // namespace

Result<CalendarImported> calendar_import(Home& home, const std::filesystem::path& file) {
    const skills::Context c = TRY(context_for(home));
    const std::string text = TRY(read_text_file(file));
    auto cals = TRY(open_store(c));
    std::error_code ec;
    const auto absolute = std::filesystem::absolute(file, ec);
    return imported(TRY(cals->import(text, file.filename().string(), ec ? file.string() : absolute.string(), now_seconds(c) * 1000)));
}

Result<CalendarImported> calendar_subscribe(Home& home, const std::string& url) {
    const skills::Context c = TRY(context_for(home));
    auto cals = TRY(open_store(c));
    return imported(TRY(cals->subscribe(url, now_seconds(c) * 1000)));
}

Result<std::vector<std::string>> calendar_refresh(Home& home) {
    const skills::Context c = TRY(context_for(home));
    auto cals = TRY(open_store(c));
    return cals->refresh(now_seconds(c) * 1000);
}

Result<Json> calendar_sources(Home& home) {
    const skills::Context c = TRY(context_for(home));
    auto cals = TRY(open_store(c));
    Json out = Json::array();
    for (const StoredCalendar& s : TRY(cals->calendars()))
        out.push_back({{"id", s.id}, {"name", s.name}, {"source", s.source}, {"kind", s.kind}, {"events", s.events}});
    if (const int64_t own = TRY(cals->own_event_count()); own > 0)
        out.push_back({{"id", 0}, {"name", "my calendar"}, {"source", "added in os1"}, {"kind", "own"}, {"events", own}});
    return out;
}

Result<CalendarView> calendar_list(Home& home, const std::string& span, const std::string& from, const std::string& to) {
    const skills::Context c = TRY(context_for(home));
    const Zone zone = TRY(person_zone(c));
    const auto [lo, hi] = TRY(range_of(c, zone, span, from, to));
    auto cals = TRY(open_store(c));
    return view_of(TRY(cals->instances(lo, hi, zone)), zone);
}

Result<CalendarView> calendar_expand_file(Home& home, const std::filesystem::path& file, const std::string& from, const std::string& to) {
    const skills::Context c = TRY(context_for(home));
    const Zone zone = TRY(person_zone(c));
    if (from.empty() || to.empty()) return Error::invalid("expand needs both --from and --to (ISO-8601)");
    const int64_t lo = TRY(parse_iso(from, zone)), hi = TRY(parse_iso(to, zone));
    if (hi <= lo) return Error::invalid("--to must come after --from");
    const std::string text = TRY(read_text_file(file));
    auto cal = TRY(read_ics(text, file.filename().string()));
    CalendarView v = view_of(expand(*cal, lo, hi, zone), zone);
    for (const std::string& w : cal->warnings) v.notes.push_back(w);
    return v;
}

Result<std::string> calendar_ask(Home& home, const std::string& question) {
    const skills::Context c = TRY(context_for(home));
    CalendarSkill skill;
    auto reply = TRY(skill.answer(c, question));
    if (!reply) return Error::invalid("'", question, "' is not a calendar question (try \"what's on tomorrow?\" or \"am I free Friday afternoon?\")");
    if (reply->proposal) return Error::invalid("to add an event from the terminal use: os1 calendar add TITLE --when WHEN");
    return reply->text;
}

Result<CalendarProposal> calendar_event_proposal(Home& home, const std::string& summary, const std::string& when_text,
                                                 const std::string& end, const std::string& location) {
    skills::Context c = TRY(context_for(home));
    const Zone zone = TRY(person_zone(c));
    if (trim(summary).empty()) return Error::invalid("an event needs a title");
    AddRequest req{.summary = trim(summary), .location = location};
    if (auto iso = parse_iso(when_text, zone)) {
        req.start_utc = *iso;
        req.all_day = when_text.size() == 10;
        req.end_utc = end.empty() ? req.start_utc + (req.all_day ? SECONDS_PER_DAY : 3600) : TRY(parse_iso(end, zone));
    } else {
        const When w = read_when(when_text, now_seconds(c), zone);
        if (!w.has_day) return Error::invalid("'", when_text, "' is not a time I understand (try \"Friday at 7\" or 2026-12-11T19:00)");
        req.start_utc = w.from_utc;
        req.end_utc = end.empty() ? w.to_utc : TRY(parse_iso(end, zone));
        req.all_day = !w.has_time;
    }
    skills::Reply reply = TRY(propose_add(c, req));
    if (!reply.proposal) return Error::internal("the calendar made no proposal for '", summary, "'");
    return CalendarProposal{*reply.proposal, reply.data.value("conflicts", Json::array()), reply.text};
}

Result<Json> calendar_add(Home& home, const std::string& summary, const std::string& when_text, const std::string& end,
                          const std::string& location) {
    const skills::Context c = TRY(context_for(home));
    CalendarProposal proposed = TRY(calendar_event_proposal(home, summary, when_text, end, location));
    auto desk = TRY(build_desk(home.files(), home.owner()));
    proposed.proposal.source = "cli";
    const skills::Proposal done = TRY(desk->propose_and_run(c, proposed.proposal));
    if (done.status != "done") return Error::io("the event was not added: ", done.error.empty() ? done.status : done.error);
    Json out = done.result;
    out["id"] = done.id;
    out["conflicts"] = proposed.conflicts;
    return out;
}

Result<std::string> calendar_export(Home& home) {
    const skills::Context c = TRY(context_for(home));
    auto cals = TRY(open_store(c));
    return cals->export_own();
}

}  // namespace os1::companion

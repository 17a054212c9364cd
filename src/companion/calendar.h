// The calendar's use cases at the companion's front door (issue 17), for
// `os1 calendar` and any other front end: import and subscribe, list what
// is on, expand a file, ask a question, add an event (the command is the
// person's yes: the proposal is stored in the skills ledger with source
// "cli" and run at once), export what the person added.
//
//   auto home = TRY(Home::open({}));
//   auto added = TRY(calendar_import(*home, "work.ics"));
//   CalendarView today = TRY(calendar_list(*home, "today", ""));
//
// Calendars live in the owner's skills folder (skills_desk.h:
// <data>/skills/calendar.db, or <data>/people/<owner>/skills/). Times are
// read and shown in the zone of [time] zone in config.toml (env
// OS1_TIME_ZONE), else $TZ / the machine's.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "companion/home.h"
#include "core/json.h"
#include "core/result.h"

namespace os1::companion {

struct CalendarImported {
    int64_t id = 0;
    std::string name, source;
    int64_t events = 0;
    std::vector<std::string> warnings;  // lines or events skipped, with why
};

struct CalendarView {
    Json instances = Json::array();     // each {"uid","summary","start","end","all_day","start_utc","end_utc",...}
    std::vector<std::string> notes;     // rules that could not be read, limits reached
    std::string text;                   // the same in plain words (event text made inert)
};

Result<CalendarImported> calendar_import(Home& home, const std::filesystem::path& file);
Result<CalendarImported> calendar_subscribe(Home& home, const std::string& url);
// Fetches every subscription again; returns what failed (old copies kept).
Result<std::vector<std::string>> calendar_refresh(Home& home);
Result<Json> calendar_sources(Home& home);  // [{"id","name","source","kind","events"}]

// What is on: `span` is "today", "tomorrow", "this week", ... or `from`/
// `to` as ISO-8601 (either may be "" for the span's own).
Result<CalendarView> calendar_list(Home& home, const std::string& span, const std::string& from, const std::string& to);

// The instances of one .ics file in [from, to) (ISO-8601; a naive time is
// read in the person's zone), in order. Needs no stored calendar.
Result<CalendarView> calendar_expand_file(Home& home, const std::filesystem::path& file, const std::string& from, const std::string& to);

// A calendar question in words ("am I free Thursday afternoon?"): the
// skill's answer; Error::invalid when it is not a calendar question.
Result<std::string> calendar_ask(Home& home, const std::string& question);

// Adds an event: `when` in words ("Friday at 7", "tomorrow 14:00 for 2
// hours") or ISO-8601 start (and optional end). Returns {"id" (ledger),
// "uid","summary","when","conflicts"}.
Result<Json> calendar_add(Home& home, const std::string& summary, const std::string& when, const std::string& end,
                          const std::string& location);

// The same event as a proposal that waits for the person's yes (the web
// app's form: Home::propose stores it, Home::answer_proposal runs it).
// `question` is what is said back ("Shall I add ...?").
struct CalendarProposal {
    skills::Proposal proposal;
    Json conflicts = Json::array();
    std::string question;
};
Result<CalendarProposal> calendar_event_proposal(Home& home, const std::string& summary, const std::string& when,
                                                 const std::string& end, const std::string& location);

// The person's own events as one .ics text ("" when none).
Result<std::string> calendar_export(Home& home);

}  // namespace os1::companion

// Check-ins: the companion speaking first, now and then, because something
// in the person's life makes it kind to ask. Opt-in (config `[checkins]
// enabled = true`), at most one per `min_gap_hours` (20), never in quiet
// hours (`quiet_start` "22:00" to `quiet_end` "08:00", the person's time),
// and never twice for the same reason (stored in skills.db).
//
// Cheap deterministic rules decide when, over Signals the companion
// gathers from memory (it owns memory; skills do not):
//   event     something planned for today ("Good luck with the interview today")
//   worry     a worry mentioned yesterday ("Yesterday you were worried about ...")
//   hard day  yesterday's messages were mostly heavy (mean valence <= -0.35, 2+ messages)
//   silence   no message for `silence_days` (3) days
// in that order of preference. The words come from warm, short templates
// (the none brain's voice); never clinical, never a diagnosis.
//
//   Checkins checkins(ledger.scope());
//   auto said = TRY(checkins.due(signals, settings, zone));   // nullopt: not now
//   if (said) { show(said->text); TRY(checkins.record(*said)); }
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/config.h"
#include "core/json.h"
#include "skills/time_zone.h"
#include "store/scope.h"

namespace os1::skills {

struct CheckinSettings {
    bool enabled = false;
    int quiet_start_min = 22 * 60;   // minutes past midnight, the person's time
    int quiet_end_min = 8 * 60;
    int64_t min_gap_ms = 20 * 3'600'000LL;
    int silence_days = 3;
    // How long the brain may take to phrase one (checkin_words.h), seconds;
    // past it the template is said.
    double brain_timeout_s = 20;
};
// From config.toml's [checkins] (enabled, quiet_start, quiet_end,
// min_gap_hours, silence_days, brain_timeout_s); a bad value is an Error naming the key.
Result<CheckinSettings> checkin_settings(const Config& config);

// What the person said that a check-in may follow up.
struct SaidBefore {
    std::string id;         // "e12" (a message) or "f3" (a fact)
    std::string text;       // in their words
    int64_t time_ms = 0;
};
struct Planned {
    std::string id;         // "f7", "r3", "cal-<hash of uid and occurrence>"
    std::string text;       // "the interview", "dinner with Amy" (a calendar's: its summary)
    int64_t time_ms = 0;    // when it happens (0: some time that day)
    // An event of the person's calendars (checkin_events.cpp): asked about
    // only when it matters (event_matters), before it (that day, or from
    // 17:00 the evening before) or after it (up to a day later), once per
    // occurrence (`id` names the occurrence, so a recurring event's next
    // one is a new reason). Its text is third-party data for the brain.
    bool calendar = false;
    int64_t end_ms = 0;     // when it ends (0: an hour after time_ms)
    bool all_day = false;
};
struct Felt {
    int64_t time_ms = 0;
    double valence = 0;     // -1 .. 1
};
struct Signals {
    int64_t now_ms = 0;
    int64_t last_message_ms = 0;     // the person's last message (0 = none ever: no check-in)
    std::vector<SaidBefore> worries; // messages or facts that carry a worry
    std::vector<Planned> events;     // what is planned (today's are used)
    std::vector<Felt> moods;         // the person's messages' affect, the last days
    std::string name;                // what to call them ("" = no name)
};

struct CheckIn {
    std::string reason;     // unique: "worry:e12", "event:f7:2026-12-07", "hard-day:2026-12-06", "silence:2026-12-03"
    std::string kind;       // "worry", "event", "hard-day", "silence"
    std::string text;       // what the companion says
    int64_t sent_ms = 0;
    // For the brain's words (checkin_words.h), not stored: the reason in
    // plain words (never third-party text) and the words it rests on (the
    // person's, or a calendar's: quoted as data).
    std::string why;
    std::string quote;
    bool quote_third_party = false;
    Json to_json() const;   // {"reason","kind","text","sent"}
};

// The rules alone (no settings, nothing stored): every check-in that would
// be kind now, best first.
std::vector<CheckIn> checkin_candidates(const Signals& signals, const TimeZone& zone);
// Whether the local time of now falls in quiet hours.
bool in_quiet_hours(int64_t now_ms, const CheckinSettings& settings, const TimeZone& zone);
// Whether a calendar event is worth a check-in: an appointment, an
// interview, an exam, a hard-sounding day (a funeral, a court hearing,
// surgery), or one the person spoke of with worry (a word of its summary in
// one of `worries`).
bool event_matters(std::string_view summary, const std::vector<SaidBefore>& worries);
// A calendar summary as the companion says it: one line, at most ~60
// bytes, up to the first ':' '|' '(' or " - ", "my" -> "your"
// ("Job interview: Acme" -> "your job interview"); "" when nothing is left.
std::string event_topic(std::string_view summary);
// The calendar rules (checkin_events.cpp): appended to `out` best first.
void calendar_checkins(const Signals& signals, const TimeZone& zone, std::vector<CheckIn>& out);
// A worry's subject in the companion's words ("your interview"), "" when
// none can be taken out of the sentence.
std::string worry_topic(std::string_view text);
// True when a message carries a worry ("I'm nervous about ...").
bool sounds_worried(std::string_view text);

class Checkins {
public:
    explicit Checkins(store::OwnerScope& scope) : m_scope(scope) {}
    // The check-in to say now, if any: enabled, outside quiet hours, past
    // the gap since the last one, for a reason never used before.
    Result<std::optional<CheckIn>> due(const Signals& signals, const CheckinSettings& settings, const TimeZone& zone);
    // Records it as said (its reason is never used again).
    Result<void> record(const CheckIn& checkin);
    Result<std::vector<CheckIn>> sent(int limit = 50);
    // Forgetting: the record of a check-in goes for good (false when none).
    Result<bool> erase(const std::string& reason);

private:
    store::OwnerScope& m_scope;
};

}  // namespace os1::skills

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
};
// From config.toml's [checkins] (enabled, quiet_start, quiet_end,
// min_gap_hours, silence_days); a bad value is an Error naming the key.
Result<CheckinSettings> checkin_settings(const Config& config);

// What the person said that a check-in may follow up.
struct SaidBefore {
    std::string id;         // "e12" (a message) or "f3" (a fact)
    std::string text;       // in their words
    int64_t time_ms = 0;
};
struct Planned {
    std::string id;         // "f7", "r3", a calendar uid
    std::string text;       // "the interview", "dinner with Amy"
    int64_t time_ms = 0;    // when it happens (0: some time that day)
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
    Json to_json() const;   // {"reason","kind","text","sent"}
};

// The rules alone (no settings, nothing stored): every check-in that would
// be kind now, best first.
std::vector<CheckIn> checkin_candidates(const Signals& signals, const TimeZone& zone);
// Whether the local time of now falls in quiet hours.
bool in_quiet_hours(int64_t now_ms, const CheckinSettings& settings, const TimeZone& zone);
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

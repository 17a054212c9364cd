// Reading a reminder request: what to be reminded of and when, in the
// person's own words, resolved in their time zone.
//
//   "remind me to call Rachel on Sunday at 5"  -> task "call Rachel", Sunday 17:00 (the coming one)
//   "remind me in 20 minutes to stretch"       -> now + 20 minutes
//   "remind me tomorrow at 9am about the dentist", "on 24 December", "tonight"
//   "every Monday morning remind me to water the plants" -> weekly:0 at 09:00
//
// Rules (plain and predictable): a clock time without am/pm from 1 to 6 is
// afternoon ("at 5" = 17:00), 7 to 11 is morning unless that time has
// passed today and the day was not named; a day without a time is 09:00;
// morning 09:00, lunchtime 12:00, afternoon 15:00, evening 18:00, tonight
// 20:00, night 21:00; a weekday is the coming one (today if the time is
// still ahead); a date without a year is the next one. The task's "me",
// "my", "I" become "you", "your", "you".
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "skills/time_zone.h"

namespace os1::skills {

// How a reminder repeats: "" once, "daily", "weekdays", "weekly:<0-6>"
// (0 = Monday), "monthly:<1-31>", "yearly:<month>-<day>".
struct ReminderRequest {
    bool is_request = false;    // the message asks for a reminder at all
    std::string task;           // "call Rachel" / "about the dentist" ("" = not said)
    bool has_time = false;      // a time was understood
    bool in_past = false;       // the time named has passed (today at 9 when it is 10)
    int64_t due_ms = 0;         // the first time it is due (UTC)
    std::string rule;           // how it repeats ("" = once)
    std::string relative;       // "in 20 minutes" when said that way ("" = not)
};

// nullopt: not a reminder request. Otherwise what was understood (task or
// time may be missing; the skill asks for them).
std::optional<ReminderRequest> read_reminder_request(std::string_view message, int64_t now_ms, const TimeZone& zone);

// Reads only a time ("tomorrow at 9", "every Monday"), for `os1 remind add --at`.
std::optional<ReminderRequest> read_when(std::string_view words, int64_t now_ms, const TimeZone& zone);

// The next time a repeating reminder is due after `after_ms` (UTC), at the
// same wall-clock time as `due_ms` in `zone`. `due_ms` when the rule is "".
int64_t next_occurrence(const std::string& rule, int64_t due_ms, int64_t after_ms, const TimeZone& zone);

// "on Sunday 13 December at 17:00", "today at 17:20", "tomorrow at 09:00",
// "every Monday at 09:00", "every day at 08:00", relative to now.
std::string when_words(int64_t due_ms, const std::string& rule, int64_t now_ms, const TimeZone& zone);

// "me" -> "you", "my" -> "your", ... over a task in the person's words.
std::string second_person(std::string_view text);

}  // namespace os1::skills

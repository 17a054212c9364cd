// The days and times a person names in a calendar message ("tomorrow",
// "Thursday afternoon", "this week", "on 12 December at 7pm", "for two
// hours"), resolved against now (the clock seam) in their time zone.
// Plain rules, English; what is not understood is left alone.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "skills/calendar/zone.h"

namespace os1::calendar {

struct When {
    int64_t from_utc = 0, to_utc = 0;  // the span named (a day, a part of it, a week; or the event's time)
    bool has_day = false;              // a day or a span of days was named
    bool has_time = false;             // a clock time ("at 7")
    std::optional<int64_t> duration_s; // "for 2 hours"
    std::string words;                 // "tomorrow (Tuesday 8 December)", "Thursday afternoon (10 December)"
    std::string rest;                  // the message's words with the time words taken out (as written)
};

// Reads the time words of `text`. Without a day, "today" is assumed when a
// part of day or time is named; with nothing at all, has_day is false.
When read_when(std::string_view text, int64_t now_utc, const Zone& zone);

// "Tuesday 8 December", "19:00", "Tuesday 8 December, 19:00-20:00".
std::string day_words(int64_t utc, const Zone& zone);
std::string clock_words(int64_t utc, const Zone& zone);
std::string span_words(int64_t from_utc, int64_t to_utc, bool all_day, const Zone& zone);

}  // namespace os1::calendar

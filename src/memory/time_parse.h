// Dates and times in messages and questions (parse_time is public in
// memory.h). Internal helpers: civil-date arithmetic in UTC, the time window
// a question names ("last week", "yesterday", "in May 2023"), and whether a
// text mentions a time at all.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "memory/text.h"

namespace os1::memory {

constexpr int64_t DAY_MS = 86'400'000;

// Years os1 accepts in a date: 1900-2200. Wide enough for any birthday or
// plan and any mail archive, narrow enough that a typo (year 99999999999999,
// a 6-digit year) is an error instead of wrapping to some other day.
constexpr int64_t MIN_YEAR = 1900;
constexpr int64_t MAX_YEAR = 2200;

int64_t days_from_civil(int64_t y, unsigned m, unsigned d);
int days_in_month(int64_t y, unsigned m);  // 28..31; 0 when m is not 1..12
// A day that exists: month 1..12, day 1..days_in_month, year in range.
bool valid_civil(int64_t y, unsigned m, unsigned d);
void civil_from_days(int64_t z, int64_t& y, unsigned& m, unsigned& d);
// "2023-05-08"
std::string format_day(int64_t ms);
// "8 May 2023"
std::string format_date_words(int64_t ms);
int month_from_word(std::string_view lower);  // 1..12, 0 when not a month

struct TimeWindow {
    int64_t from_ms = 0;
    int64_t to_ms = 0;  // exclusive
};
// The period a question is about, relative to now_ms, if it names one.
std::optional<TimeWindow> time_window(const std::vector<Token>& tokens, int64_t now_ms);
// True when the text names a time ("yesterday", "last week", "in May", a date).
bool mentions_time(const std::vector<Token>& tokens);
// A relative or absolute day named in a sentence ("yesterday", "last
// Friday", "on 8 May"), resolved against the message time; 0 when none.
int64_t event_time(const std::vector<Token>& tokens, size_t from, size_t to, int64_t message_ms);

}  // namespace os1::memory

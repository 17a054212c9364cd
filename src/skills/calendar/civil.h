// Civil (proleptic Gregorian) calendar arithmetic on "floating" seconds:
// a wall-clock date and time counted as if every day had 86400 seconds
// from 1970-01-01T00:00:00. Recurrence rules are expanded in this frame
// (in the event's own zone, so "every day at 9" stays at 9 across a
// daylight-saving change); zone.h turns the result into UTC.
//
// Pure functions, no state, no allocation; valid for years 1..9999.
#pragma once

#include <cstdint>

namespace os1::calendar {

inline constexpr int64_t SECONDS_PER_DAY = 86400;

struct Civil {
    int year = 1970, month = 1, day = 1;   // month 1..12, day 1..31
    int hour = 0, minute = 0, second = 0;
};

// Days since 1970-01-01 for a Gregorian date (any day of month; overflow
// past the month's end carries into the next).
int64_t days_from_civil(int year, int month, int day);
// The date of a day number.
void civil_from_days(int64_t days, int& year, int& month, int& day);

int64_t to_floating(const Civil& c);
Civil from_floating(int64_t seconds);

// Floor division that is right for negative numbers.
inline int64_t floor_div(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

inline int64_t day_of(int64_t floating) { return floor_div(floating, SECONDS_PER_DAY); }
// 0 = Monday .. 6 = Sunday (ISO order).
inline int weekday(int64_t days) { return static_cast<int>(((days % 7) + 7 + 3) % 7); }

bool is_leap(int year);
int days_in_month(int year, int month);
inline int days_in_year(int year) { return is_leap(year) ? 366 : 365; }

// The first day of week 1 of `year` when weeks start on `wkst` (0 = MO):
// the first week with at least four days in the year (ISO 8601 with MO).
int64_t week_one_start(int year, int wkst);
// The week-numbering year a day belongs to and its week number (1-based).
void week_of(int64_t days, int wkst, int& week_year, int& week);
int weeks_in_year(int year, int wkst);

}  // namespace os1::calendar

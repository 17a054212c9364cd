// Gregorian day counting: years are shifted to begin in March so the leap
// day falls at the end, then 400-year eras of 146097 days are counted.
#include "skills/calendar/civil.h"

namespace os1::calendar {

int64_t days_from_civil(int year, int month, int day) {
    // Normalise the month first so callers may pass month 13 or 0.
    int64_t y = year + floor_div(month - 1, 12);
    int64_t m = month - 1 - floor_div(month - 1, 12) * 12 + 1;  // 1..12
    y -= m <= 2;
    const int64_t era = floor_div(y, 400);
    const int64_t yoe = y - era * 400;                                     // [0, 399]
    const int64_t mp = (m + 9) % 12;                                       // March = 0
    const int64_t doy = (153 * mp + 2) / 5 + day - 1;                      // [0, 365] (+ overflow)
    const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;             // [0, 146096]
    return era * 146097 + doe - 719468;
}

void civil_from_days(int64_t days, int& year, int& month, int& day) {
    days += 719468;
    const int64_t era = floor_div(days, 146097);
    const int64_t doe = days - era * 146097;
    const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const int64_t mp = (5 * doy + 2) / 153;
    day = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
    month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
    year = static_cast<int>(yoe + era * 400 + (month <= 2));
}

int64_t to_floating(const Civil& c) {
    return days_from_civil(c.year, c.month, c.day) * SECONDS_PER_DAY + c.hour * 3600 + c.minute * 60 + c.second;
}

Civil from_floating(int64_t seconds) {
    Civil c;
    const int64_t days = day_of(seconds);
    civil_from_days(days, c.year, c.month, c.day);
    const int64_t rest = seconds - days * SECONDS_PER_DAY;
    c.hour = static_cast<int>(rest / 3600);
    c.minute = static_cast<int>(rest / 60 % 60);
    c.second = static_cast<int>(rest % 60);
    return c;
}

bool is_leap(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

int days_in_month(int year, int month) {
    static constexpr int DAYS[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return month == 2 && is_leap(year) ? 29 : DAYS[month - 1];
}

int64_t week_one_start(int year, int wkst) {
    const int64_t jan1 = days_from_civil(year, 1, 1);
    const int offset = (weekday(jan1) - wkst + 7) % 7;  // days from the week's start to 1 January
    const int64_t start = jan1 - offset;
    return 7 - offset >= 4 ? start : start + 7;
}

int weeks_in_year(int year, int wkst) {
    return static_cast<int>((week_one_start(year + 1, wkst) - week_one_start(year, wkst)) / 7);
}

void week_of(int64_t days, int wkst, int& week_year, int& week) {
    int y, m, d;
    civil_from_days(days, y, m, d);
    week_year = y + 1;
    if (days < week_one_start(week_year, wkst)) week_year = y;
    if (days < week_one_start(week_year, wkst)) week_year = y - 1;
    week = static_cast<int>((days - week_one_start(week_year, wkst)) / 7) + 1;
}

}  // namespace os1::calendar

// When an extracted event happens: event_time() (relative words, "on
// Friday") plus what facts need beyond it — a bare weekday, a month and day
// ("May 3", "3rd of May", "3 May"), and a time of day ("at 5", "at 7:30
// pm"). Resolved against the message time, in UTC like the rest of memory.
#include "memory/extract_internal.h"

#include <algorithm>
#include <cctype>
#include <cstdio>

#include "memory/time_parse.h"

namespace os1::memory::detail {

namespace {

int weekday(std::string_view w) {
    static const char* NAMES[7] = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"};
    for (int i = 0; i < 7; i++)
        if (w == NAMES[i]) return i;
    return -1;
}

// "3", "3rd", "21st" -> 3 / 21; 0 when not a day of month.
int day_number(std::string_view w) {
    int v = 0;
    size_t i = 0;
    while (i < w.size() && std::isdigit(static_cast<unsigned char>(w[i])) && i < 2) v = v * 10 + (w[i++] - '0');
    if (i == 0) return 0;
    std::string_view rest = w.substr(i);
    if (!rest.empty() && rest != "st" && rest != "nd" && rest != "rd" && rest != "th") return 0;
    return v >= 1 && v <= 31 ? v : 0;
}

int64_t floor_day(int64_t ms) { return (ms >= 0 ? ms / DAY_MS : (ms - DAY_MS + 1) / DAY_MS) * DAY_MS; }

// Hour and minute of "at 5", "at 5pm", "at 7:30", "at 10 am", "at noon"; -1 when none.
int64_t time_of_day_ms(const std::vector<Token>& t, size_t from, size_t to) {
    for (size_t i = from; i + 1 < to && i + 1 < t.size(); i++) {
        if (t[i].lower != "at" && t[i].lower != "around" && t[i].lower != "by") continue;
        const std::string& w = t[i + 1].lower;
        if (w == "noon") return 12 * 3600'000LL;
        if (w == "midnight") return 0;
        size_t k = 0;
        int h = 0;
        while (k < w.size() && std::isdigit(static_cast<unsigned char>(w[k])) && k < 2) h = h * 10 + (w[k++] - '0');
        if (k == 0 || h > 23) continue;
        std::string suffix = w.substr(k);
        int minute = 0;
        size_t next = i + 2;
        if (suffix.empty() && next < t.size() && t[next].orig.size() == 2 &&
            std::isdigit(static_cast<unsigned char>(t[next].orig[0])) && t[i + 1].clause_end) {
            minute = std::stoi(t[next].orig);  // "7:30" splits at the colon
            next++;
        }
        if (suffix.empty() && next < t.size() && (t[next].lower == "pm" || t[next].lower == "am")) suffix = t[next].lower;
        if (!suffix.empty() && suffix != "pm" && suffix != "am") continue;
        if (suffix == "pm" && h < 12) h += 12;
        else if (suffix == "am" && h == 12) h = 0;
        else if (suffix.empty() && h >= 1 && h <= 6) h += 12;  // "at 5" means the afternoon
        return (h * 60LL + minute) * 60'000LL;
    }
    return -1;
}

}  // namespace

When when_of(const std::vector<Token>& t, size_t from, size_t to, int64_t message_ms) {
    When out;
    to = std::min(to, t.size());
    int64_t day = event_time(t, from, to, message_ms);
    int64_t today = floor_day(message_ms);
    if (!day) {
        int64_t y = 0;
        unsigned m0 = 0, d0 = 0;
        civil_from_days(today / DAY_MS, y, m0, d0);
        for (size_t i = from; i + 1 < to && !day; i++) {
            // "this weekend" / "next weekend": the coming Saturday (today on a weekend), or a week on.
            if ((t[i].lower == "this" || t[i].lower == "next") && t[i + 1].lower == "weekend") {
                int wd = static_cast<int>(((today / DAY_MS) % 7 + 7 + 3) % 7);
                day = today + ((wd == 6 ? 0 : (5 - wd + 7) % 7) + (t[i].lower == "next" ? 7 : 0)) * DAY_MS;
            } else if (t[i].lower == "next" && t[i + 1].lower == "year") {
                day = today + 365 * DAY_MS;
            }
        }
        for (size_t i = from; i < to && !day; i++) {
            int month = month_from_word(t[i].lower);
            if (!month) continue;
            // "may" is also a verb: a month only next to a day number.
            int d = 0;
            size_t year_at = 0;
            if (i + 1 < to && day_number(t[i + 1].lower)) {
                d = day_number(t[i + 1].lower);  // "May 3"
                year_at = i + 2;
            } else if (i >= from + 2 && t[i - 1].lower == "of" && day_number(t[i - 2].lower)) {
                d = day_number(t[i - 2].lower);  // "3rd of May"
                year_at = i + 1;
            } else if (i > from && day_number(t[i - 1].lower)) {
                d = day_number(t[i - 1].lower);  // "3 May"
                year_at = i + 1;
            }
            if (!d) continue;
            int64_t year = y;
            if (year_at < to && t[year_at].lower.size() == 4 &&
                std::all_of(t[year_at].lower.begin(), t[year_at].lower.end(), ::isdigit))
                year = std::stoll(t[year_at].lower);
            // "31 February" is not a day: no date rather than 3 March.
            if (!valid_civil(year, static_cast<unsigned>(month), static_cast<unsigned>(d))) continue;
            day = days_from_civil(year, static_cast<unsigned>(month), static_cast<unsigned>(d)) * DAY_MS;
        }
        for (size_t i = from; i < to && !day; i++) {
            int wd = weekday(t[i].lower);
            if (wd < 0 || (i > from && t[i - 1].lower == "every")) continue;
            int today_wd = static_cast<int>(((today / DAY_MS) % 7 + 7 + 3) % 7);
            int delta = (wd - today_wd + 7) % 7;
            day = today + (delta ? delta : 7) * DAY_MS;
        }
    }
    int64_t tod = time_of_day_ms(t, from, to);
    if (day) {
        out.ms = day + (tod >= 0 ? tod : 0);
        out.has_time_of_day = tod >= 0;
    }
    return out;
}

std::string describe(const When& w) {
    if (!w.ms) return "";
    std::string s = format_date_words(w.ms);
    if (w.has_time_of_day) {
        int64_t minutes = (w.ms - floor_day(w.ms)) / 60'000;
        char buf[16];
        std::snprintf(buf, sizeof buf, ", %02d:%02d", static_cast<int>(minutes / 60), static_cast<int>(minutes % 60));
        s += buf;
    }
    return s;
}

}  // namespace os1::memory::detail

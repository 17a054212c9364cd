// Time words by plain rules over the lower-cased words of a message. Each
// rule consumes the words it used, so what remains (rest) is the event's
// title when a person adds one.
#include "skills/calendar/when.h"

#include <array>
#include <cctype>
#include <cstdio>
#include <vector>

#include "core/strings.h"
#include "skills/calendar/civil.h"

namespace os1::calendar {
namespace {

constexpr std::array<const char*, 7> DAYS = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"};
constexpr std::array<const char*, 7> DAY_NAMES = {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"};
constexpr std::array<const char*, 12> MONTHS = {"january", "february", "march", "april", "may", "june",
                                                "july", "august", "september", "october", "november", "december"};
constexpr std::array<const char*, 12> MONTH_NAMES = {"January", "February", "March", "April", "May", "June",
                                                     "July", "August", "September", "October", "November", "December"};

std::vector<std::string> words_of(std::string_view text, bool lower_case) {
    std::vector<std::string> out;
    std::string w;
    for (char ch : lower_case ? lower(text) : std::string(text)) {
        const unsigned char c = static_cast<unsigned char>(ch);
        if (std::isalnum(c) || c == ':' || c == '-' || c == '\'' || c >= 0x80) {
            w.push_back(ch);
        } else {
            if (!w.empty()) out.push_back(w);
            w.clear();
        }
    }
    if (!w.empty()) out.push_back(w);
    for (auto& s : out)
        while (!s.empty() && s.back() == '-') s.pop_back();
    return out;
}

int day_index(const std::string& w) {
    for (int i = 0; i < 7; ++i)
        if (w == DAYS[i] || w == std::string(DAYS[i]) + "s") return i;  // "friday", "fridays"
    return -1;
}

int month_index(const std::string& w) {
    for (int i = 0; i < 12; ++i) {
        const std::string m = MONTHS[i];
        if (w == m || (w.size() >= 3 && w.size() <= m.size() && m.rfind(w, 0) == 0)) return i + 1;
    }
    return 0;
}

// "12", "12th", "1st": a day of the month, else 0.
int day_number(const std::string& w) {
    int n = 0;
    size_t i = 0;
    while (i < w.size() && std::isdigit(static_cast<unsigned char>(w[i])) && i < 2) n = n * 10 + (w[i++] - '0');
    if (i == 0) return 0;
    const std::string suffix = w.substr(i);
    if (!suffix.empty() && suffix != "st" && suffix != "nd" && suffix != "rd" && suffix != "th") return 0;
    return n >= 1 && n <= 31 ? n : 0;
}

// "7", "7pm", "7:30", "19:30", "7.30pm": seconds of the day, or -1. `pm`
// names a following "pm"/"am" word.
int clock_time(const std::string& w, const std::string& next, bool& used_next) {
    used_next = false;
    int h = 0, m = 0;
    size_t i = 0;
    while (i < w.size() && std::isdigit(static_cast<unsigned char>(w[i])) && i < 2) h = h * 10 + (w[i++] - '0');
    if (i == 0) return -1;
    if (i < w.size() && (w[i] == ':' || w[i] == '.')) {
        ++i;
        if (i + 2 > w.size() || !std::isdigit(static_cast<unsigned char>(w[i])) || !std::isdigit(static_cast<unsigned char>(w[i + 1]))) return -1;
        m = (w[i] - '0') * 10 + (w[i + 1] - '0');
        i += 2;
    }
    std::string suffix = w.substr(i);
    if (suffix.empty() && (next == "pm" || next == "am" || next == "p.m" || next == "a.m")) {
        suffix = next.substr(0, 1) + "m";
        used_next = true;
    }
    if (suffix == "pm" || suffix == "p") {
        if (h < 1 || h > 12) return -1;
        if (h != 12) h += 12;
    } else if (suffix == "am" || suffix == "a") {
        if (h < 1 || h > 12) return -1;
        if (h == 12) h = 0;
    } else if (!suffix.empty() || h > 23 || m > 59) {
        return -1;
    } else if (h >= 1 && h <= 7) {
        h += 12;  // "dinner at 7", "meet at 3": afternoons and evenings are meant
    }
    if (h > 23 || m > 59) return -1;
    return h * 3600 + m * 60;
}

}  // namespace

std::string day_words(int64_t utc, const Zone& zone) {
    const int64_t local = zone.from_utc(utc);
    const Civil c = from_floating(local);
    return std::string(DAY_NAMES[weekday(day_of(local))]) + " " + std::to_string(c.day) + " " + MONTH_NAMES[c.month - 1];
}

std::string clock_words(int64_t utc, const Zone& zone) {
    const Civil c = from_floating(zone.from_utc(utc));
    char buf[8];
    std::snprintf(buf, sizeof buf, "%02d:%02d", c.hour, c.minute);
    return buf;
}

std::string span_words(int64_t from_utc, int64_t to_utc, bool all_day, const Zone& zone) {
    if (all_day) return day_words(from_utc, zone) + ", all day";
    std::string out = day_words(from_utc, zone) + ", " + clock_words(from_utc, zone);
    if (to_utc > from_utc) out += "-" + clock_words(to_utc, zone);
    return out;
}

When read_when(std::string_view text, int64_t now_utc, const Zone& zone) {
    When out;
    const std::vector<std::string> words = words_of(text, true);
    const std::vector<std::string> as_written = words_of(text, false);
    std::vector<bool> used(words.size(), false);
    const int64_t today = day_of(zone.from_utc(now_utc));
    std::optional<int64_t> day, last_day;  // [day, last_day] local day numbers
    std::string day_label;
    int part_from = -1, part_to = -1;      // seconds of the day
    std::string part_label;
    int time = -1;
    auto mark = [&](size_t i) {
        if (i < used.size()) used[i] = true;
    };
    auto is = [&](size_t i, const char* w) { return i < words.size() && words[i] == w; };
    for (size_t i = 0; i < words.size(); ++i) {
        const std::string& w = words[i];
        if (w == "today" || w == "tonight") {
            day = today, day_label = w;
            mark(i);
            if (w == "tonight") part_from = 18 * 3600, part_to = 24 * 3600, part_label = "tonight";
        } else if (w == "tomorrow" || w == "tmrw" || w == "tomorrow's") {
            day = today + 1, day_label = "tomorrow";
            mark(i);
        } else if ((w == "this" || w == "next") && (is(i + 1, "week") || is(i + 1, "weekend"))) {
            const int64_t monday = today - weekday(today) + (w == "next" ? 7 : 0);
            if (words[i + 1] == "week") day = w == "this" ? today : monday, last_day = monday + 6;
            else day = std::max(today, monday + 5), last_day = monday + 6;
            day_label = w + " " + words[i + 1];
            mark(i), mark(i + 1);
        } else if (w == "weekend" && !day) {
            const int64_t monday = today - weekday(today);
            day = std::max(today, monday + 5), last_day = monday + 6, day_label = "this weekend";
            mark(i);
            if (i > 0 && (words[i - 1] == "the")) mark(i - 1);
        } else if (int d = day_index(w); d >= 0 && !day) {
            int64_t target = today + (d - weekday(today) + 7) % 7;
            const bool next = i > 0 && words[i - 1] == "next";
            if (next && target - today < 7 && target - (today - weekday(today)) < 7) target += 7;
            day = target, day_label = (next ? "next " : "") + std::string(DAY_NAMES[d]);
            mark(i);
            if (i > 0 && (words[i - 1] == "next" || words[i - 1] == "this" || words[i - 1] == "on")) mark(i - 1);
        } else if (int dn = day_number(w); dn && !day && (month_index(i + 1 < words.size() ? words[i + 1] : "") || (i + 2 < words.size() && words[i + 1] == "of" && month_index(words[i + 2])))) {
            const size_t mi = words[i + 1] == "of" ? i + 2 : i + 1;
            const int month = month_index(words[mi]);
            int y, mo, dd;
            civil_from_days(today, y, mo, dd);
            int64_t target = days_from_civil(y, month, std::min(dn, days_in_month(y, month)));
            if (target < today) target = days_from_civil(y + 1, month, std::min(dn, days_in_month(y + 1, month)));
            day = target, day_label.clear();
            for (size_t k = i; k <= mi; ++k) mark(k);
            if (i > 0 && words[i - 1] == "on") mark(i - 1);
        } else if (int month = month_index(w); month && !day && i + 1 < words.size() && day_number(words[i + 1]) &&
                                                w.size() >= 3 && !(w == "may" && !day_number(words[i + 1]))) {
            const int dn = day_number(words[i + 1]);
            int y, mo, dd;
            civil_from_days(today, y, mo, dd);
            int64_t target = days_from_civil(y, month, std::min(dn, days_in_month(y, month)));
            if (target < today) target = days_from_civil(y + 1, month, std::min(dn, days_in_month(y + 1, month)));
            day = target, day_label.clear();
            mark(i), mark(i + 1);
            if (i > 0 && words[i - 1] == "on") mark(i - 1);
        } else if (w.size() == 10 && w[4] == '-' && w[7] == '-') {
            int y = 0, mo = 0, dd = 0;
            if (std::sscanf(w.c_str(), "%4d-%2d-%2d", &y, &mo, &dd) == 3 && mo >= 1 && mo <= 12 && dd >= 1 && y > 0 && dd <= days_in_month(y, mo)) {
                day = days_from_civil(y, mo, dd), day_label.clear();
                mark(i);
                if (i > 0 && words[i - 1] == "on") mark(i - 1);
            }
        } else if (w == "morning" || w == "afternoon" || w == "evening" || w == "night" || w == "lunchtime") {
            if (w == "morning") part_from = 6 * 3600, part_to = 12 * 3600;
            else if (w == "afternoon") part_from = 12 * 3600, part_to = 18 * 3600;
            else if (w == "lunchtime") part_from = 12 * 3600, part_to = 14 * 3600;
            else part_from = 18 * 3600, part_to = 24 * 3600;
            part_label = w;
            mark(i);
            if (i > 0 && (words[i - 1] == "in" || words[i - 1] == "this" || words[i - 1] == "the")) mark(i - 1);
            if (i > 1 && words[i - 1] == "the" && words[i - 2] == "in") mark(i - 2);
        } else if ((w == "at" || w == "from" || w == "@") && i + 1 < words.size()) {
            bool used_next = false;
            const std::string next2 = i + 2 < words.size() ? words[i + 2] : "";
            int t = words[i + 1] == "noon" || words[i + 1] == "midday" ? 12 * 3600 : words[i + 1] == "midnight" ? 0 : clock_time(words[i + 1], next2, used_next);
            if (t >= 0 && time < 0) {
                time = t;
                mark(i), mark(i + 1);
                if (used_next) mark(i + 2);
                if (i + 2 < words.size() && (words[i + 2] == "o'clock" || words[i + 2] == "oclock")) mark(i + 2);
            }
        } else if (w == "for" && i + 2 < words.size()) {
            int64_t n = 0;
            const std::string& q = words[i + 1];
            if (q == "an" || q == "a" || q == "one") n = 1;
            else if (q == "two") n = 2;
            else if (q == "three") n = 3;
            else if (q == "half" && is(i + 2, "an") && is(i + 3, "hour")) n = -30;
            else if (q.find_first_not_of("0123456789") == std::string::npos && q.size() <= 3) n = std::stoll(q);
            const std::string unit = words[i + 2];
            if (n == -30) {
                out.duration_s = 1800;
                for (size_t k = i; k <= i + 3; ++k) mark(k);
            } else if (n > 0 && (unit == "hour" || unit == "hours" || unit == "hr" || unit == "hrs" || unit == "h")) {
                out.duration_s = std::min<int64_t>(n, 24) * 3600;
                mark(i), mark(i + 1), mark(i + 2);
            } else if (n > 0 && (unit == "minutes" || unit == "minute" || unit == "mins" || unit == "min")) {
                out.duration_s = std::min<int64_t>(n, 24 * 60) * 60;
                mark(i), mark(i + 1), mark(i + 2);
            }
        } else if (int t = -1; time < 0 && (w.size() > 2 && (w.compare(w.size() - 2, 2, "pm") == 0 || w.compare(w.size() - 2, 2, "am") == 0))) {
            bool unused = false;
            t = clock_time(w, "", unused);
            if (t >= 0) time = t, mark(i);
        } else if (w == "noon" || w == "midday") {
            if (time < 0) time = 12 * 3600, mark(i);
        }
    }
    if (!day && (time >= 0 || part_from >= 0)) day = today, day_label = "today";
    if (day) {
        out.has_day = true;
        const int64_t first = *day, last = last_day.value_or(*day);
        if (time >= 0) {
            out.has_time = true;
            out.from_utc = zone.to_utc(first * SECONDS_PER_DAY + time);
            out.to_utc = out.from_utc + out.duration_s.value_or(3600);
        } else if (part_from >= 0) {
            out.from_utc = zone.to_utc(first * SECONDS_PER_DAY + part_from);
            out.to_utc = zone.to_utc(first * SECONDS_PER_DAY + part_to);
        } else {
            out.from_utc = zone.to_utc(first * SECONDS_PER_DAY);
            out.to_utc = zone.to_utc((last + 1) * SECONDS_PER_DAY);
        }
        const std::string date = day_words(zone.to_utc(first * SECONDS_PER_DAY + 12 * 3600), zone);
        if (last_day) {
            out.words = day_label + " (" + date + " to " + day_words(zone.to_utc(last * SECONDS_PER_DAY + 12 * 3600), zone) + ")";
        } else {
            std::string label = day_label.empty() ? "on " + date : day_label + (day_label == "today" || day_label == "tomorrow" || day_label == "tonight" ? " (" + date + ")" : " (" + date.substr(date.find(' ') + 1) + ")");
            if (!part_label.empty() && part_label != "tonight") label += " " + part_label;
            out.words = label;
        }
    }
    std::string rest;
    for (size_t i = 0; i < words.size(); ++i)
        if (!used[i]) rest += (rest.empty() ? "" : " ") + (i < as_written.size() ? as_written[i] : words[i]);
    out.rest = rest;
    return out;
}

}  // namespace os1::calendar

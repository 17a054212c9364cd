// Time parsing: ISO-8601, LoCoMo-style free text, relative words.
#include "memory/time_parse.h"

#include <cctype>
#include <charconv>

#include "core/text.h"
#include "memory/memory.h"

namespace os1::memory {

// Howard Hinnant's public-domain civil calendar algorithms (re-derived).
int64_t days_from_civil(int64_t y, unsigned m, unsigned d) {
    y -= m <= 2;
    const int64_t era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

int days_in_month(int64_t y, unsigned m) {
    static const int DAYS[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m < 1 || m > 12) return 0;
    const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return m == 2 && leap ? 29 : DAYS[m - 1];
}

bool valid_civil(int64_t y, unsigned m, unsigned d) {
    return y >= MIN_YEAR && y <= MAX_YEAR && d >= 1 && static_cast<int>(d) <= days_in_month(y, m);
}

void civil_from_days(int64_t z, int64_t& y, unsigned& m, unsigned& d) {
    z += 719468;
    const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const unsigned doe = static_cast<unsigned>(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    y = static_cast<int64_t>(yoe) + era * 400;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    d = doy - (153 * mp + 2) / 5 + 1;
    m = mp < 10 ? mp + 3 : mp - 9;
    y += m <= 2;
}

static int64_t floor_div(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

std::string format_day(int64_t ms) {
    int64_t y;
    unsigned m, d;
    civil_from_days(floor_div(ms, DAY_MS), y, m, d);
    char buf[32];
    std::snprintf(buf, sizeof buf, "%04lld-%02u-%02u", static_cast<long long>(y), m, d);
    return buf;
}

static const char* const MONTH_NAMES[12] = {"January", "February", "March",     "April",   "May",      "June",
                                           "July",    "August",   "September", "October", "November", "December"};

std::string format_date_words(int64_t ms) {
    int64_t y;
    unsigned m, d;
    civil_from_days(floor_div(ms, DAY_MS), y, m, d);
    return str(d, " ", MONTH_NAMES[m - 1], " ", y);
}

int month_from_word(std::string_view w) {
    static const char* NAMES[12] = {"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"};
    if (w.size() < 3) return 0;
    for (int i = 0; i < 12; i++) {
        std::string_view full[12] = {"january", "february", "march",     "april",   "may",      "june",
                                     "july",    "august",   "september", "october", "november", "december"};
        if (w == full[i] || (w.size() <= 4 && w.substr(0, 3) == NAMES[i] && (w.size() == 3 || w == "sept")))
            return i + 1;
    }
    return 0;
}

static int weekday_from_word(std::string_view w) {
    static const char* NAMES[7] = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"};
    for (int i = 0; i < 7; i++)
        if (w == NAMES[i]) return i;  // 0 = Monday
    return -1;
}

static bool all_digits(std::string_view s) {
    if (s.empty()) return false;
    for (char c : s)
        if (!std::isdigit(static_cast<unsigned char>(c))) return false;
    return true;
}

static int to_int(std::string_view s) {
    int v = 0;
    std::from_chars(s.data(), s.data() + s.size(), v);
    return v;
}

// Why y-m-d is not a day, or "" when it is one.
static std::string impossible_date(int64_t y, int m, int d) {
    if (y < MIN_YEAR || y > MAX_YEAR) return str("year ", y, " is outside ", MIN_YEAR, "-", MAX_YEAR);
    if (m < 1 || m > 12) return str("there is no month ", m);
    if (d < 1 || d > days_in_month(y, static_cast<unsigned>(m)))
        return str(MONTH_NAMES[m - 1], " ", y, " has no day ", d);
    return "";
}

static Error bad_time(std::string_view s, std::string_view why) {
    return Error::invalid(quote_capped(s), " is not a real time: ", why);
}

// Not ISO-8601 at all: an empty optional (the caller tries other forms).
// ISO-shaped but impossible (31 February, hour 25, offset +99:99): an Error.
static Result<std::optional<int64_t>> parse_iso(std::string_view s) {
    // YYYY-MM-DD[(T| )HH:MM[:SS[.fff]]][Z|+HH:MM|-HH:MM]
    if (s.size() < 10 || s[4] != '-' || s[7] != '-') return std::optional<int64_t>();
    if (!all_digits(s.substr(0, 4)) || !all_digits(s.substr(5, 2)) || !all_digits(s.substr(8, 2)))
        return std::optional<int64_t>();
    int y = to_int(s.substr(0, 4)), mo = to_int(s.substr(5, 2)), d = to_int(s.substr(8, 2));
    if (auto why = impossible_date(y, mo, d); !why.empty()) return bad_time(s, why);
    int64_t ms = days_from_civil(y, mo, d) * DAY_MS;
    size_t i = 10;
    if (i < s.size() && (s[i] == 'T' || s[i] == ' ' || s[i] == 't')) {
        i++;
        if (s.size() < i + 5 || s[i + 2] != ':' || !all_digits(s.substr(i, 2)) || !all_digits(s.substr(i + 3, 2)))
            return bad_time(s, "the clock time should look like 13:56 or 13:56:00");
        int h = to_int(s.substr(i, 2)), mi = to_int(s.substr(i + 3, 2)), sec = 0;
        i += 5;
        if (i + 3 <= s.size() && s[i] == ':' && all_digits(s.substr(i + 1, 2))) {
            sec = to_int(s.substr(i + 1, 2));
            i += 3;
        }
        if (h > 23) return bad_time(s, str("there is no hour ", h));
        if (mi > 59) return bad_time(s, str("there is no minute ", mi));
        if (sec > 60) return bad_time(s, str("there is no second ", sec));  // 60: a leap second
        ms += (h * 3600 + mi * 60 + sec) * 1000LL;
        if (i < s.size() && s[i] == '.') {
            size_t j = i + 1, start = j;
            while (j < s.size() && std::isdigit(static_cast<unsigned char>(s[j]))) j++;
            std::string frac(s.substr(start, std::min<size_t>(3, j - start)));
            while (frac.size() < 3) frac += '0';
            ms += to_int(frac);
            i = j;
        }
        if (i < s.size()) {
            if (s[i] == 'Z' || s[i] == 'z') i++;
            else if ((s[i] == '+' || s[i] == '-') && s.size() >= i + 3) {
                int sign = s[i] == '+' ? 1 : -1;
                if (!all_digits(s.substr(i + 1, 2))) return bad_time(s, "the UTC offset should look like +02:00");
                int oh = to_int(s.substr(i + 1, 2)), om = 0;
                size_t j = i + 3;
                if (j < s.size() && s[j] == ':') j++;
                if (j + 2 <= s.size() && all_digits(s.substr(j, 2))) {
                    om = to_int(s.substr(j, 2));
                    j += 2;
                }
                // Real offsets run from -12:00 to +14:00; allow +-14:00 both ways.
                if (om >= 60 || oh * 60 + om > 14 * 60)
                    return bad_time(s, str("the UTC offset ", s.substr(i, j - i), " does not exist (at most +-14:00)"));
                ms -= sign * (oh * 3600 + om * 60) * 1000LL;
                i = j;
            }
        }
    }
    if (i != s.size()) return std::optional<int64_t>();
    return std::optional<int64_t>(ms);
}

static int64_t start_of_day(int64_t ms) { return floor_div(ms, DAY_MS) * DAY_MS; }

Result<int64_t> parse_time(std::string_view text, int64_t reference_ms) {
    std::string s(text);
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.pop_back();
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.erase(s.begin());
    if (s.empty()) return Error::invalid("empty time");
    if (auto iso = TRY(parse_iso(s))) return *iso;
    if (all_digits(s) && s.size() >= 9 && s.size() <= 13) {
        int64_t v = 0;
        std::from_chars(s.data(), s.data() + s.size(), v);
        const int64_t ms = s.size() >= 12 ? v : v * 1000;  // ms or seconds since the epoch
        int64_t y;
        unsigned m, d;
        civil_from_days(floor_div(ms, DAY_MS), y, m, d);
        if (y < MIN_YEAR || y > MAX_YEAR) return bad_time(s, str("it falls in the year ", y, ", outside ", MIN_YEAR, "-", MAX_YEAR));
        return ms;
    }
    // Free text: pick out clock time, day, month, year, relative words.
    auto tokens = tokenize(s);
    int hour = -1, minute = 0, day = 0, month = 0;
    int64_t year = -1;
    std::optional<int64_t> relative_day;
    for (size_t i = 0; i < tokens.size(); i++) {
        const auto& w = tokens[i].lower;
        if (all_digits(w) && i + 1 < tokens.size() && all_digits(tokens[i + 1].lower) && tokens[i + 1].lower.size() == 2 &&
            s.find(w + ":" + tokens[i + 1].lower) != std::string::npos && hour < 0) {
            hour = to_int(w);
            minute = to_int(tokens[i + 1].lower);
            i++;
            continue;
        }
        if ((w == "am" || w == "a") && hour >= 0 && hour <= 12) {
            if (hour == 12) hour = 0;
            continue;
        }
        if ((w == "pm" || w == "p") && hour >= 0 && hour < 12) {
            hour += 12;
            continue;
        }
        if (int m = month_from_word(w)) {
            month = m;
            continue;
        }
        if (all_digits(w) && w.size() >= 4) {
            // A year; a longer number here is a year gone wrong, not something to skip.
            if (w.size() > 4) return bad_time(s, str("year ", quote_capped(w, 12), " is outside ", MIN_YEAR, "-", MAX_YEAR));
            year = to_int(w);
            continue;
        }
        std::string num = w;
        for (const char* suf : {"st", "nd", "rd", "th"})
            if (num.size() > 2 && num.ends_with(suf) && all_digits(num.substr(0, num.size() - 2))) num.resize(num.size() - 2);
        if (all_digits(num) && num.size() <= 2 && to_int(num) >= 1 && !day) {
            // "3 days ago" is relative, handled below
            if (i + 2 < tokens.size() && tokens[i + 2].lower == "ago") {
                int n = to_int(num);
                std::string unit = tokens[i + 1].lower;
                int64_t mult = unit.starts_with("day") ? 1 : unit.starts_with("week") ? 7 : unit.starts_with("month") ? 30 : unit.starts_with("year") ? 365 : 0;
                if (mult) relative_day = start_of_day(reference_ms) - n * mult * DAY_MS;
                i += 2;
                continue;
            }
            day = to_int(num);
            if (day > 31) return bad_time(s, str("there is no day ", day));
            continue;
        }
        if (w == "today" || w == "now") relative_day = start_of_day(reference_ms);
        else if (w == "yesterday") relative_day = start_of_day(reference_ms) - DAY_MS;
        else if (w == "tomorrow") relative_day = start_of_day(reference_ms) + DAY_MS;
    }
    int64_t base;
    if (month && year >= 0) {
        if (!day) day = 1;
        if (auto why = impossible_date(year, month, day); !why.empty()) return bad_time(s, why);
        base = days_from_civil(year, month, day) * DAY_MS;
    } else if (month && day && reference_ms) {
        int64_t ry;
        unsigned rm, rd;
        civil_from_days(floor_div(reference_ms, DAY_MS), ry, rm, rd);
        if (auto why = impossible_date(ry, month, day); !why.empty()) return bad_time(s, why);
        base = days_from_civil(ry, month, day) * DAY_MS;
    } else if (year >= 0 && !relative_day) {
        if (year < MIN_YEAR || year > MAX_YEAR) return bad_time(s, impossible_date(year, 1, 1));
        return Error::invalid(quote_capped(s), " is not a time I can read: it names a year but no month");
    } else if (relative_day) {
        base = *relative_day;
    } else {
        return Error::invalid(quote_capped(s), " is not a time I can read (use ISO-8601 like 2023-05-08T13:56:00Z, or \"1:56 pm on 8 May, 2023\")");
    }
    if (hour >= 0) {
        if (hour > 23 || minute > 59) return bad_time(s, str("there is no clock time ", hour, ":", minute < 10 ? "0" : "", minute));
        base += (hour * 60 + minute) * 60'000LL;
    }
    return base;
}

bool mentions_time(const std::vector<Token>& tokens) {
    static const std::unordered_set<std::string_view> WORDS = {
        "yesterday", "today", "tomorrow", "tonight", "ago", "week", "weekend", "month", "year", "last", "next",
        "morning", "evening", "night", "afternoon", "since", "recently", "birthday", "anniversary"};
    for (const auto& t : tokens) {
        if (WORDS.count(t.lower) || month_from_word(t.lower) || weekday_from_word(t.lower) >= 0) return true;
        if (t.lower.size() == 4 && all_digits(t.lower) && (t.lower[0] == '1' || t.lower[0] == '2')) return true;
    }
    return false;
}

std::optional<TimeWindow> time_window(const std::vector<Token>& tokens, int64_t now_ms) {
    int64_t today = start_of_day(now_ms);
    for (size_t i = 0; i < tokens.size(); i++) {
        const auto& w = tokens[i].lower;
        std::string next = i + 1 < tokens.size() ? tokens[i + 1].lower : "";
        if (w == "yesterday") return TimeWindow{today - DAY_MS, today};
        if (w == "today" || w == "tonight") return TimeWindow{today, today + DAY_MS};
        if (w == "last" || w == "past") {
            if (next == "week" || next == "weekend") return TimeWindow{today - 8 * DAY_MS, today + DAY_MS};
            if (next == "month") return TimeWindow{today - 32 * DAY_MS, today + DAY_MS};
            if (next == "year") return TimeWindow{today - 366 * DAY_MS, today + DAY_MS};
            if (next == "night") return TimeWindow{today - DAY_MS, today};
            if (int wd = weekday_from_word(next); wd >= 0) {
                int today_wd = static_cast<int>((floor_div(today, DAY_MS) + 3) % 7);  // 1970-01-01 was a Thursday
                int back = (today_wd - wd + 7) % 7;
                if (back == 0) back = 7;
                return TimeWindow{today - back * DAY_MS, today - (back - 1) * DAY_MS};
            }
        }
        if (w == "this" && next == "week") return TimeWindow{today - 7 * DAY_MS, today + DAY_MS};
        if (all_digits(w) && i + 2 < tokens.size() && tokens[i + 2].lower == "ago") {
            int n = to_int(w);
            const auto& unit = tokens[i + 1].lower;
            int64_t span = unit.starts_with("day") ? 1 : unit.starts_with("week") ? 7 : unit.starts_with("month") ? 30 : 0;
            if (span) return TimeWindow{today - (n + 1) * span * DAY_MS, today - (n - 1) * span * DAY_MS + DAY_MS};
        }
        if (int m = month_from_word(w); m && (w != "may" || (i + 1 < tokens.size() && all_digits(next)))) {
            // "in May 2023" / "May 2023" / "8 May 2023"
            int64_t ry;
            unsigned rm, rd;
            civil_from_days(floor_div(now_ms, DAY_MS), ry, rm, rd);
            int64_t y = ry;
            if (all_digits(next) && next.size() == 4) y = to_int(next);
            else if (static_cast<unsigned>(m) > rm) y = ry - 1;
            int64_t from = days_from_civil(y, m, 1) * DAY_MS;
            int64_t to = m == 12 ? days_from_civil(y + 1, 1, 1) * DAY_MS : days_from_civil(y, m + 1, 1) * DAY_MS;
            return TimeWindow{from, to};
        }
    }
    return std::nullopt;
}

int64_t event_time(const std::vector<Token>& tokens, size_t from, size_t to, int64_t message_ms) {
    int64_t today = start_of_day(message_ms);
    for (size_t i = from; i < to && i < tokens.size(); i++) {
        const auto& w = tokens[i].lower;
        std::string next = i + 1 < tokens.size() ? tokens[i + 1].lower : "";
        if (w == "yesterday") return today - DAY_MS;
        if (w == "today" || w == "tonight") return today;
        if (w == "tomorrow") return today + DAY_MS;
        if (w == "last" && next == "week") return today - 7 * DAY_MS;
        if (w == "next" && next == "week") return today + 7 * DAY_MS;
        if (w == "last" && next == "month") return today - 30 * DAY_MS;
        if (w == "next" && next == "month") return today + 30 * DAY_MS;
        if (w == "last" && next == "year") return today - 365 * DAY_MS;
        if ((w == "last" || w == "next" || w == "on" || w == "this") && weekday_from_word(next) >= 0) {
            int wd = weekday_from_word(next);
            int today_wd = static_cast<int>((floor_div(today, DAY_MS) + 3) % 7);
            int delta = w == "last" ? -((today_wd - wd + 7) % 7 ?: 7) : ((wd - today_wd + 7) % 7 ?: 7);
            return today + delta * DAY_MS;
        }
        if (all_digits(w) && i + 2 < tokens.size() && tokens[i + 2].lower == "ago") {
            const auto& unit = tokens[i + 1].lower;
            int64_t span = unit.starts_with("day") ? 1 : unit.starts_with("week") ? 7 : unit.starts_with("month") ? 30 : unit.starts_with("year") ? 365 : 0;
            if (span) return today - to_int(w) * span * DAY_MS;
        }
    }
    return 0;
}

}  // namespace os1::memory

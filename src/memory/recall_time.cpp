// Time in recall (recall_time.h).
#include "memory/recall_time.h"

#include <cctype>
#include <string>
#include <unordered_set>

#include "memory/sql.h"
#include "memory/time_parse.h"

namespace os1::memory {

namespace {

bool digits(std::string_view s) {
    if (s.empty()) return false;
    for (char c : s)
        if (!std::isdigit(static_cast<unsigned char>(c))) return false;
    return true;
}

int weekday(std::string_view w) {
    static const std::string_view NAMES[7][2] = {{"monday", "mon"},  {"tuesday", "tues"}, {"wednesday", "wed"},
                                                 {"thursday", "thu"}, {"friday", "fri"},   {"saturday", "sat"},
                                                 {"sunday", "sun"}};
    for (int i = 0; i < 7; i++)
        if (w == NAMES[i][0] || w == NAMES[i][1] || (i == 1 && w == "tue") || (i == 3 && w == "thurs")) return i;
    return -1;
}

std::string_view word(const std::vector<Token>& t, size_t i) { return t[i].lower; }
std::string_view word(const std::vector<std::string_view>& t, size_t i) { return t[i]; }

// A month name; "may" and "march" only with a number next to them.
template <class Words>
int month_at(const Words& t, size_t i) {
    std::string_view w = word(t, i);
    int m = month_from_word(w);
    if (!m) return 0;
    if (w == "may" || w == "march" || w == "mar") {
        std::string_view before = i > 0 ? word(t, i - 1) : std::string_view();
        bool num = (i + 1 < t.size() && digits(word(t, i + 1))) || digits(before) || before == "in" ||
                   before == "of" || before == "since";
        if (!num) return 0;
    }
    return m;
}

// The words of a text, lowercased into buf (no allocation per word: this
// runs on every candidate turn of a time question).
std::vector<std::string_view> words_of(std::string_view text, std::string& buf) {
    buf.assign(text.size(), ' ');
    for (size_t i = 0; i < text.size(); i++) {
        unsigned char c = static_cast<unsigned char>(text[i]);
        if (std::isalnum(c)) buf[i] = static_cast<char>(std::tolower(c));
    }
    std::vector<std::string_view> out;
    std::string_view all = buf;
    size_t pos = 0;
    while (pos < all.size()) {
        size_t b = all.find_first_not_of(' ', pos);
        if (b == std::string_view::npos) break;
        size_t e = all.find(' ', b);
        if (e == std::string_view::npos) e = all.size();
        out.push_back(all.substr(b, e - b));
        pos = e;
    }
    return out;
}

bool is_year(std::string_view w) { return w.size() == 4 && digits(w) && (w[0] == '1' || w[0] == '2'); }

bool is_unit(std::string_view w) {
    static const std::unordered_set<std::string_view> U = {"day",  "days",   "week",  "weeks",   "weekend", "weekends",
                                                           "month", "months", "year", "years",   "decade",  "decades",
                                                           "hour", "hours",  "night", "nights"};
    return U.count(w) > 0;
}

bool is_amount(std::string_view w) {
    static const std::unordered_set<std::string_view> N = {"a",   "an",   "one",  "two",  "three", "four", "five",
                                                           "six", "seven", "eight", "nine", "ten",  "few",  "couple",
                                                           "several", "many", "twelve", "fifteen", "twenty"};
    return digits(w) || N.count(w) > 0;
}

int season_from(std::string_view w, int& to) {
    if (w == "spring") return to = 5, 3;
    if (w == "summer") return to = 8, 6;
    if (w == "fall" || w == "autumn") return to = 11, 9;
    if (w == "winter") return to = 2, 12;  // wraps: handled by the caller
    return 0;
}

}  // namespace

TimeAsk time_ask(const std::vector<Token>& q) {
    for (size_t i = 0; i < q.size(); i++) {
        const auto& w = q[i].lower;
        std::string_view next = i + 1 < q.size() ? std::string_view(q[i + 1].lower) : std::string_view();
        // "When did…", "Since when…", "…, and when?" — not "what did she do when she…" deep in a clause.
        if (w == "when" && (i < 2 || q[i - 1].clause_end)) return TimeAsk::When;
        if ((w == "what" || w == "which") &&
            (next == "time" || next == "date" || next == "day" || next == "year" || next == "month" ||
             next == "week" || next == "weekend" || next == "season" || next == "decade"))
            return TimeAsk::When;
        if (w == "how" && next == "long")
            return i + 2 < q.size() && q[i + 2].lower == "ago" ? TimeAsk::When : TimeAsk::HowLong;
        if (w == "how" && next == "old") return TimeAsk::HowLong;
        if (w == "how" && next == "many" && i + 2 < q.size() && is_unit(q[i + 2].lower)) return TimeAsk::HowLong;
    }
    return TimeAsk::None;
}

int time_anchor(std::string_view text) {
    std::string buf;
    auto t = words_of(text, buf);
    static const std::unordered_set<std::string_view> DAYS = {"yesterday", "today", "tonight", "tomorrow", "ago"};
    static const std::unordered_set<std::string_view> LOOSE = {"recently", "lately", "morning", "evening", "afternoon",
                                                               "night",    "week",   "weekend", "month",  "year",
                                                               "birthday", "anniversary", "since", "soon", "upcoming"};
    int level = 0;
    for (size_t i = 0; i < t.size(); i++) {
        std::string_view w = t[i];
        std::string_view next = i + 1 < t.size() ? t[i + 1] : std::string_view();
        if (DAYS.count(w) || is_year(w) || month_at(t, i)) return 2;
        // "last week", "this month", "next Friday", "past weekend", "last summer"
        if ((w == "last" || w == "this" || w == "next" || w == "past") &&
            (is_unit(next) || weekday(next) >= 0 || next == "summer" || next == "winter" || next == "spring" ||
             next == "fall"))
            return 2;
        // "the other day", "for 4 years", "seven years now", "in two weeks"
        if (w == "other" && (next == "day" || next == "night" || next == "week")) return 2;
        if (is_amount(w) && w != "a" && w != "an" && w != "many" && is_unit(next)) return 2;
        if ((w == "on" || w == "last" || w == "this") && weekday(next) >= 0) return 2;
        if (LOOSE.count(w) || weekday(w) >= 0) level = 1;
    }
    return level;
}

bool is_calendar_word(std::string_view w) {
    static const std::unordered_set<std::string_view> W = {"time", "date",  "day",   "days", "year",  "years",
                                                           "month", "months", "week", "weeks", "weekend", "ago",
                                                           "long", "season", "decade"};
    int to = 0;
    return W.count(w) || month_from_word(w) || weekday(w) >= 0 || season_from(w, to) || is_year(w);
}

std::optional<NamedPeriod> named_period(const std::vector<Token>& q) {
    std::optional<NamedPeriod> p;
    for (size_t i = 0; i < q.size(); i++) {
        const auto& w = q[i].lower;
        if (int m = month_at(q, i)) {
            NamedPeriod np;
            np.month_from = np.month_to = m;
            // "May 3, 2023" / "3 May 2023" / "May 2023"
            for (size_t j = i + 1; j < q.size() && j <= i + 3; j++) {
                if (is_year(q[j].lower)) {
                    np.year = std::stoi(q[j].lower);
                    break;
                }
                if (digits(q[j].lower) && q[j].lower.size() <= 2 && !np.day) np.day = std::stoi(q[j].lower);
                else if (!digits(q[j].lower)) break;
            }
            if (!np.day && i > 0 && digits(q[i - 1].lower) && q[i - 1].lower.size() <= 2) np.day = std::stoi(q[i - 1].lower);
            if (np.day < 1 || np.day > 31) np.day = 0;
            return np;
        }
        int to = 0;
        if (int from = season_from(w, to); from && i > 0 && (q[i - 1].lower == "the" || q[i - 1].lower == "in" ||
                                                             q[i - 1].lower == "during" || q[i - 1].lower == "this")) {
            NamedPeriod np;
            np.month_from = from;
            np.month_to = to;
            if (i + 1 < q.size() && is_year(q[i + 1].lower)) np.year = std::stoi(q[i + 1].lower);
            p = np;
        }
        if (is_year(w) && i > 0 && (q[i - 1].lower == "in" || q[i - 1].lower == "of" || q[i - 1].lower == "during")) {
            NamedPeriod np;
            np.year = std::stoi(w);
            if (!p) p = np;
            else p->year = np.year;
        }
    }
    return p;
}

Result<std::optional<TimeWindow>> resolve_period(store::OwnerScope& db, const NamedPeriod& p, int64_t now_ms) {
    constexpr int64_t TELLING_DAYS = 7;
    auto bounds = [&](int64_t y) {
        int64_t fy = p.month_from > p.month_to ? y - 1 : y;  // winter: December of the year before
        int64_t from = days_from_civil(fy, p.month_from, p.day ? p.day : 1);
        int64_t to = p.day ? days_from_civil(y, p.month_to, p.day) + 1
                           : (p.month_to == 12 ? days_from_civil(y + 1, 1, 1) : days_from_civil(y, p.month_to + 1, 1));
        if (p.day) from -= 1;  // "on May 3": the evening before still counts as told "last night"
        return TimeWindow{from * DAY_MS, (to + TELLING_DAYS) * DAY_MS};
    };
    if (p.year) return std::optional<TimeWindow>(bounds(p.year));
    int64_t y_now;
    unsigned m, d;
    civil_from_days(now_ms / DAY_MS, y_now, m, d);
    auto range = TRY(db.prepare_cached(sql::EPISODE_TIME_RANGE));
    if (!TRY(range.step()) || range.column_int(1) == 0) return std::optional<TimeWindow>();
    int64_t y_old, y_new;
    civil_from_days(range.column_int(0) / DAY_MS, y_old, m, d);
    civil_from_days(range.column_int(1) / DAY_MS, y_new, m, d);
    auto any = TRY(db.prepare_cached(sql::EPISODE_IN_PERIOD_EXISTS));
    for (int64_t y = std::min(y_now, y_new + 1); y >= y_old && y > std::min(y_now, y_new + 1) - 50; y--) {
        auto w = bounds(y);
        any.reset();
        any.bind(1, w.from_ms).bind(2, w.to_ms);
        if (TRY(any.step())) return std::optional<TimeWindow>(w);
    }
    return std::optional<TimeWindow>();
}

}  // namespace os1::memory

// Expanding a recurrence rule, period by period (a year, a month, a week,
// a day, an hour, ...): each period's candidate days are its days filtered
// by the BYxxx parts (which is both RFC 5545's "expand" and "limit"), times
// come from BYHOUR/BYMINUTE/BYSECOND (or DTSTART's), BYSETPOS picks from
// the period's sorted candidates, then COUNT/UNTIL end it. Bounded by
// RecurLimits: periods stepped, instances returned, year 9999.
#include <algorithm>

#include "skills/calendar/civil.h"
#include "skills/calendar/recur.h"

namespace os1::calendar {
namespace {

constexpr int64_t LAST_SECOND = 253402300799;  // 9999-12-31T23:59:59

bool contains(const std::vector<int>& list, int v) { return std::binary_search(list.begin(), list.end(), v); }

class Expander {
public:
    Expander(const Rule& rule, int64_t dtstart, bool date_only, const RecurLimits& limits)
        : m_rule(rule), m_dtstart(dtstart), m_date_only(date_only), m_limits(limits), m_dt(from_floating(dtstart)) {
        apply_defaults();
    }

    RecurExpansion run();

private:
    void apply_defaults();
    bool day_matches(int64_t day) const;
    bool weekday_matches(int64_t day, int y, int m, int d, int yday) const;
    void day_times(std::vector<int>& out) const;
    // Sorts the period's candidates, applies BYSETPOS and emits; false = done.
    bool emit(std::vector<int64_t>& candidates);
    bool period_past_end(int64_t period_start);
    void add_days(int64_t first, int64_t last, std::vector<int64_t>& days) const;
    void add_skipped_month_days(int year, int month, std::vector<int64_t>& days) const;
    void period_days_of_month(int year, int month, std::vector<int64_t>& days) const;

    Rule m_rule;
    int64_t m_dtstart;
    bool m_date_only;
    RecurLimits m_limits;
    Civil m_dt;
    RecurExpansion m_out;
    int64_t m_emitted = 0;  // instances counted for COUNT (from DTSTART, returned or not)
};

void Expander::apply_defaults() {
    Rule& r = m_rule;
    const int64_t dtday = day_of(m_dtstart);
    const bool no_day_parts = r.byweekno.empty() && r.byyearday.empty() && r.bymonthday.empty() && r.byday.empty();
    if (r.freq == Freq::yearly) {
        if (no_day_parts) {
            if (r.bymonth.empty()) r.bymonth = {m_dt.month};
            r.bymonthday = {m_dt.day};
        } else if (!r.bymonthday.empty() && r.bymonth.empty() && r.byweekno.empty() && r.byyearday.empty() && r.byday.empty()) {
            // "FREQ=YEARLY;BYMONTHDAY=29" names no month: DTSTART's, as
            // RFC 5545 takes any part the rule leaves out (libical agrees).
            r.bymonth = {m_dt.month};
        } else if (!r.byweekno.empty() && r.byyearday.empty() && r.bymonthday.empty() && r.byday.empty()) {
            r.byday = {{0, weekday(dtday)}};
        }
    } else if (r.freq == Freq::monthly) {
        if (no_day_parts) r.bymonthday = {m_dt.day};
    } else if (r.freq == Freq::weekly) {
        if (no_day_parts) r.byday = {{0, weekday(dtday)}};
    }
    if (m_date_only) {
        r.byhour = {0}, r.byminute = {0}, r.bysecond = {0};
        return;
    }
    if (r.freq > Freq::hourly && r.byhour.empty()) r.byhour = {m_dt.hour};
    if (r.freq > Freq::minutely && r.byminute.empty()) r.byminute = {m_dt.minute};
    if (r.freq > Freq::secondly && r.bysecond.empty()) r.bysecond = {m_dt.second};
}

bool Expander::weekday_matches(int64_t day, int y, int m, int d, int yday) const {
    const int wd = weekday(day);
    for (const auto& w : m_rule.byday) {
        if (w.weekday != wd) continue;
        if (w.n == 0 || !m_rule.byweekno.empty()) return true;
        const bool in_month = m_rule.freq == Freq::monthly || (m_rule.freq == Freq::yearly && !m_rule.bymonth.empty());
        if (m_rule.freq != Freq::monthly && m_rule.freq != Freq::yearly) return true;
        if (in_month) {
            if (w.n > 0 ? (d - 1) / 7 + 1 == w.n : (days_in_month(y, m) - d) / 7 + 1 == -w.n) return true;
        } else {
            if (w.n > 0 ? (yday - 1) / 7 + 1 == w.n : (days_in_year(y) - yday) / 7 + 1 == -w.n) return true;
        }
    }
    return false;
}

bool Expander::day_matches(int64_t day) const {
    const Rule& r = m_rule;
    int y, m, d;
    civil_from_days(day, y, m, d);
    if (!r.bymonth.empty() && !contains(r.bymonth, m)) return false;
    if (!r.byweekno.empty() && r.freq != Freq::yearly) {
        int wy, wk;
        week_of(day, r.wkst, wy, wk);
        if (!contains(r.byweekno, wk) && !contains(r.byweekno, wk - weeks_in_year(wy, r.wkst) - 1)) return false;
    }
    const int yday = static_cast<int>(day - days_from_civil(y, 1, 1)) + 1;
    if (!r.byyearday.empty() && !contains(r.byyearday, yday) && !contains(r.byyearday, yday - days_in_year(y) - 1)) return false;
    if (!r.bymonthday.empty() && !contains(r.bymonthday, d) && !contains(r.bymonthday, d - days_in_month(y, m) - 1)) return false;
    if (!r.byday.empty() && !weekday_matches(day, y, m, d, yday)) return false;
    return true;
}

// Seconds of the day for YEARLY..DAILY: BYHOUR x BYMINUTE x BYSECOND.
void Expander::day_times(std::vector<int>& out) const {
    out.clear();
    for (int h : m_rule.byhour)
        for (int mi : m_rule.byminute)
            for (int s : m_rule.bysecond) out.push_back(h * 3600 + mi * 60 + std::min(s, 59));
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
}

bool Expander::period_past_end(int64_t period_start) {
    if (period_start > LAST_SECOND) return true;
    if (m_rule.until && period_start > *m_rule.until) return true;
    if (m_limits.end && period_start >= *m_limits.end) return true;
    return false;
}

bool Expander::emit(std::vector<int64_t>& candidates) {
    std::sort(candidates.begin(), candidates.end());
    candidates.erase(std::unique(candidates.begin(), candidates.end()), candidates.end());
    if (!m_rule.bysetpos.empty() && !candidates.empty()) {
        std::vector<int64_t> picked;
        const int64_t n = static_cast<int64_t>(candidates.size());
        for (int pos : m_rule.bysetpos) {
            const int64_t i = pos > 0 ? pos - 1 : n + pos;
            if (i >= 0 && i < n) picked.push_back(candidates[static_cast<size_t>(i)]);
        }
        std::sort(picked.begin(), picked.end());
        picked.erase(std::unique(picked.begin(), picked.end()), picked.end());
        candidates.swap(picked);
    }
    for (int64_t t : candidates) {
        if (t < m_dtstart) continue;
        if (m_rule.until && t > *m_rule.until) return false;
        if (m_limits.end && t >= *m_limits.end) return false;
        if (t > LAST_SECOND) return false;
        ++m_emitted;
        if (m_rule.count && m_emitted > m_rule.count) return false;
        if (m_limits.start && t < *m_limits.start) continue;
        if (m_out.instances.size() >= m_limits.max_instances) {
            m_out.truncated = true;
            m_out.why = "more than " + std::to_string(m_limits.max_instances) + " instances";
            return false;
        }
        m_out.instances.push_back(t);
    }
    return true;
}

void Expander::add_days(int64_t first, int64_t last, std::vector<int64_t>& days) const {
    for (int64_t day = first; day <= last; ++day)
        if (day_matches(day)) days.push_back(day);
}

// RSCALE SKIP=BACKWARD/FORWARD: BYMONTHDAY values past the month's end move
// to its last day or the next month's first.
void Expander::add_skipped_month_days(int year, int month, std::vector<int64_t>& days) const {
    if (!m_rule.bymonth.empty() && !contains(m_rule.bymonth, month)) return;
    const int dim = days_in_month(year, month);
    for (int md : m_rule.bymonthday) {
        int64_t day;
        const bool backward = m_rule.skip == "backward";
        if (md > 0 && md <= dim) day = days_from_civil(year, month, md);
        else if (md < 0 && -md <= dim) day = days_from_civil(year, month, dim + md + 1);
        else if (md > 0) day = backward ? days_from_civil(year, month, dim) : days_from_civil(year, month + 1, 1);
        else day = backward ? days_from_civil(year, month, 1) - 1 : days_from_civil(year, month, 1);
        days.push_back(day);
    }
}

void Expander::period_days_of_month(int year, int month, std::vector<int64_t>& days) const {
    const bool skipping = m_rule.skip != "omit" && !m_rule.bymonthday.empty() && m_rule.byday.empty() && m_rule.byyearday.empty() &&
                          m_rule.byweekno.empty();
    if (skipping) add_skipped_month_days(year, month, days);
    else add_days(days_from_civil(year, month, 1), days_from_civil(year, month, days_in_month(year, month)), days);
}

RecurExpansion Expander::run() {
    const Rule& r = m_rule;
    std::vector<int64_t> days, candidates;
    std::vector<int> times;
    day_times(times);
    int64_t periods = 0;
    auto over_budget = [&] {
        if (++periods <= m_limits.max_periods) return false;
        m_out.truncated = true;
        m_out.why = "the rule needs more than " + std::to_string(m_limits.max_periods) + " periods";
        return true;
    };
    auto day_candidates = [&] {
        candidates.clear();
        for (int64_t day : days)
            for (int t : times) candidates.push_back(day * SECONDS_PER_DAY + t);
        return emit(candidates);
    };
    const int64_t dtday = day_of(m_dtstart);
    // Whole periods before limits.start cannot hold a returned instance;
    // without COUNT they are skipped arithmetically.
    auto periods_to_skip = [&](int64_t period_len_s, int64_t first_start) -> int64_t {
        if (r.count || !m_limits.start || *m_limits.start <= first_start) return 0;
        const int64_t k = (*m_limits.start - first_start) / period_len_s - 1;
        return k > 0 ? k : 0;
    };

    switch (r.freq) {
    case Freq::yearly: {
        int year = m_dt.year;
        if (!r.byweekno.empty()) {
            // Week-numbered years are counted from DTSTART's week-numbering
            // year when DTSTART is itself an instance (so it stays the
            // first), else from its calendar year (as libical does; RFC 5545
            // leaves a DTSTART off its rule undefined).
            int week_year, wk;
            week_of(dtday, r.wkst, week_year, wk);
            const int nweeks = weeks_in_year(week_year, r.wkst);
            const bool in_weeks = contains(r.byweekno, wk) || contains(r.byweekno, wk - nweeks - 1);
            if (in_weeks && day_matches(dtday)) year = week_year;
        }
        const int64_t skip = periods_to_skip(r.interval * 366 * SECONDS_PER_DAY, days_from_civil(year, 1, 1) * SECONDS_PER_DAY);
        for (int64_t y = year + skip * r.interval; y <= 9999 && !over_budget(); y += r.interval) {
            const int yi = static_cast<int>(y);
            days.clear();
            int64_t period_start;
            if (!r.byweekno.empty()) {
                const int64_t w1 = week_one_start(yi, r.wkst);
                const int nweeks = weeks_in_year(yi, r.wkst);
                period_start = w1 * SECONDS_PER_DAY;
                std::vector<int> weeks;
                for (int n : r.byweekno) {
                    const int w = n > 0 ? n : nweeks + 1 + n;
                    if (w >= 1 && w <= nweeks) weeks.push_back(w);
                }
                std::sort(weeks.begin(), weeks.end());
                weeks.erase(std::unique(weeks.begin(), weeks.end()), weeks.end());
                for (int w : weeks) add_days(w1 + (w - 1) * 7, w1 + (w - 1) * 7 + 6, days);
            } else if (r.skip != "omit" && !r.byyearday.empty() && r.bymonthday.empty() && r.byday.empty()) {
                // RSCALE SKIP: a day of the year past its end moves to the
                // last day (backward) or the next year's first (forward).
                period_start = days_from_civil(yi, 1, 1) * SECONDS_PER_DAY;
                if (period_past_end(period_start)) break;
                const int64_t jan1 = days_from_civil(yi, 1, 1);
                const int diy = days_in_year(yi);
                const bool backward = r.skip == "backward";
                for (int yd : r.byyearday) {
                    if (yd > 0) days.push_back(yd <= diy ? jan1 + yd - 1 : backward ? jan1 + diy - 1 : jan1 + diy);
                    else days.push_back(-yd <= diy ? jan1 + diy + yd : backward ? jan1 - 1 : jan1);
                }
                std::sort(days.begin(), days.end());
            } else {
                period_start = days_from_civil(yi, 1, 1) * SECONDS_PER_DAY;
                if (period_past_end(period_start)) break;
                for (int month = 1; month <= 12; ++month)
                    if (r.bymonth.empty() || contains(r.bymonth, month)) period_days_of_month(yi, month, days);
            }
            if (period_past_end(period_start)) break;
            if (!day_candidates()) break;
        }
        break;
    }
    case Freq::monthly: {
        const int64_t first = static_cast<int64_t>(m_dt.year) * 12 + m_dt.month - 1;
        const int64_t skip = periods_to_skip(r.interval * 31 * SECONDS_PER_DAY, days_from_civil(m_dt.year, m_dt.month, 1) * SECONDS_PER_DAY);
        for (int64_t mi = first + skip * r.interval; mi <= 9999 * 12 + 11 && !over_budget(); mi += r.interval) {
            const int year = static_cast<int>(mi / 12), month = static_cast<int>(mi % 12) + 1;
            if (period_past_end(days_from_civil(year, month, 1) * SECONDS_PER_DAY)) break;
            days.clear();
            if (!r.bymonth.empty() && !contains(r.bymonth, month)) continue;
            period_days_of_month(year, month, days);
            if (!day_candidates()) break;
        }
        break;
    }
    case Freq::weekly:
    case Freq::daily: {
        const int64_t step_days = (r.freq == Freq::weekly ? 7 : 1) * r.interval;
        int64_t start_day = r.freq == Freq::weekly ? dtday - (weekday(dtday) - r.wkst + 7) % 7 : dtday;
        start_day += periods_to_skip(step_days * SECONDS_PER_DAY, start_day * SECONDS_PER_DAY) * step_days;
        const int span = r.freq == Freq::weekly ? 7 : 1;
        for (int64_t day = start_day; !over_budget(); day += step_days) {
            if (period_past_end(day * SECONDS_PER_DAY)) break;
            days.clear();
            add_days(day, day + span - 1, days);
            if (!day_candidates()) break;
        }
        break;
    }
    case Freq::hourly:
    case Freq::minutely:
    case Freq::secondly: {
        const int64_t unit = r.freq == Freq::hourly ? 3600 : r.freq == Freq::minutely ? 60 : 1;
        const int64_t step = unit * r.interval;
        int64_t t = floor_div(m_dtstart, unit) * unit;
        t += periods_to_skip(step, t) * step;
        // Jumps to the first period at or after `next` keeping the alignment.
        auto jump_to = [&](int64_t next) { t += ((next - t + step - 1) / step) * step; };
        int64_t checked_day = INT64_MIN;
        bool day_ok = false;
        while (!over_budget()) {
            if (period_past_end(t)) break;
            const int64_t day = day_of(t);
            if (day != checked_day) {
                checked_day = day;
                day_ok = day_matches(day);
            }
            if (!day_ok) {
                jump_to((day + 1) * SECONDS_PER_DAY);
                continue;
            }
            const int64_t in_day = t - day * SECONDS_PER_DAY;
            const int hour = static_cast<int>(in_day / 3600), minute = static_cast<int>(in_day / 60 % 60), second = static_cast<int>(in_day % 60);
            if (!r.byhour.empty() && !contains(r.byhour, hour)) {
                jump_to(day * SECONDS_PER_DAY + (hour + 1) * 3600);
                continue;
            }
            if (r.freq != Freq::hourly && !r.byminute.empty() && !contains(r.byminute, minute)) {
                jump_to(day * SECONDS_PER_DAY + hour * 3600 + (minute + 1) * 60);
                continue;
            }
            candidates.clear();
            if (r.freq == Freq::hourly) {
                for (int mi : r.byminute)
                    for (int s : r.bysecond) candidates.push_back(t + mi * 60 + std::min(s, 59));
            } else if (r.freq == Freq::minutely) {
                for (int s : r.bysecond) candidates.push_back(t + std::min(s, 59));
            } else if (r.bysecond.empty() || contains(r.bysecond, second)) {
                candidates.push_back(t);
            }
            if (!emit(candidates)) break;
            t += step;
        }
        break;
    }
    }
    return std::move(m_out);
}

}  // namespace

RecurExpansion expand_rule(const Rule& rule, int64_t dtstart, bool date_only, const RecurLimits& limits) {
    return Expander(rule, dtstart, date_only, limits).run();
}

}  // namespace os1::calendar

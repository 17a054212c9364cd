// Expansion of one file's events. Occurrences are computed in the event's
// own wall-clock frame (so "9:00 every Monday" stays 9:00 across daylight
// saving) and turned into UTC at the end; overrides are matched to the
// occurrence they replace by the UTC instant of RECURRENCE-ID.
#include "skills/calendar/expand.h"

#include <algorithm>
#include <chrono>
#include <map>
#include <set>

#include "skills/calendar/civil.h"
#include "skills/calendar/recur.h"

namespace os1::calendar {
namespace {

struct EventFrame {
    Zone zone;          // where the event's wall times live
    bool floating = false;
};

EventFrame frame_of(const ParsedCalendar& cal, const Stamp& s, const Zone& person) {
    if (s.utc) return {Zone::utc(), false};
    if (!s.tzid.empty())
        if (auto z = cal.zone(s.tzid)) return {*z, false};
    return {person, true};
}

int64_t utc_of(const ParsedCalendar& cal, const Stamp& s, const Zone& person) { return frame_of(cal, s, person).zone.to_utc(s.floating); }

int64_t duration_of(const ParsedCalendar& cal, const Event& e, const Zone& person) {
    if (e.end) {
        const int64_t d = e.start.date_only && e.end->date_only ? e.end->floating - e.start.floating
                                                                : utc_of(cal, *e.end, person) - utc_of(cal, e.start, person);
        if (d >= 0) return d;
    }
    if (e.duration_s) return *e.duration_s;
    return e.start.date_only ? SECONDS_PER_DAY : 0;
}

std::string stamp_text(int64_t floating, int64_t utc, const EventFrame& f, bool date_only) {
    if (date_only) return format_local(floating, true);
    if (f.floating) return format_local(floating, false);
    return format_with_offset(utc, f.zone);
}

class EventExpander {
public:
    EventExpander(const ParsedCalendar& cal, const Zone& person, int64_t from, int64_t to, const ExpandLimits& limits, Expanded& out)
        : m_cal(cal), m_person(person), m_from(from), m_to(to), m_limits(limits), m_out(out) {}

    // Overrides (RECURRENCE-ID) keyed by uid and the UTC instant they replace.
    void index_overrides() {
        for (const Event& e : m_cal.events)
            if (e.recurrence_id) m_overrides[e.uid][key(*e.recurrence_id, e)] = &e;
    }

    void master(const Event& e) {
        const EventFrame f = frame_of(m_cal, e.start, m_person);
        const int64_t duration = duration_of(m_cal, e, m_person);
        // The window in the event's frame, widened by a day either side for
        // zone offsets and by the event's length before it.
        const int64_t lo = f.zone.from_utc(m_from) - duration - 2 * SECONDS_PER_DAY;
        const int64_t hi = f.zone.from_utc(m_to) + 2 * SECONDS_PER_DAY;
        std::set<int64_t> starts;  // floating, in the event's frame
        if (e.start.floating >= lo && e.start.floating < hi) starts.insert(e.start.floating);
        for (const std::string& text : e.rrules) add_rule(e, f, text, lo, hi, starts, false);
        for (const Stamp& r : e.rdates) {
            const int64_t fl = r.utc || (!r.tzid.empty() && r.tzid != e.start.tzid) ? f.zone.from_utc(utc_of(m_cal, r, m_person)) : r.floating;
            if (fl >= lo && fl < hi) starts.insert(fl);
        }
        for (const std::string& text : e.exrules) add_rule(e, f, text, lo, hi, starts, true);
        for (const Stamp& x : e.exdates) {
            if (x.date_only) {
                const int64_t day = day_of(x.floating);
                for (auto it = starts.begin(); it != starts.end();) it = day_of(*it) == day ? starts.erase(it) : std::next(it);
            } else {
                starts.erase(x.utc || (!x.tzid.empty() && x.tzid != e.start.tzid) ? f.zone.from_utc(utc_of(m_cal, x, m_person)) : x.floating);
            }
        }
        const auto overrides = m_overrides.find(e.uid);
        const bool recurring = !e.rrules.empty() || !e.rdates.empty();
        size_t kept = 0;
        for (int64_t fl : starts) {
            const int64_t start_utc = e.start.date_only ? m_person.to_utc(fl) : f.zone.to_utc(fl);
            if (overrides != m_overrides.end()) {
                const int64_t k = e.start.date_only ? day_of(fl) : start_utc;
                if (overrides->second.count(k)) continue;  // replaced by its override
            }
            const int64_t end_utc = e.start.date_only ? m_person.to_utc(fl + duration) : start_utc + duration;
            if (!overlaps(start_utc, end_utc)) continue;
            if (++kept > m_limits.max_per_event) {
                m_out.notes.push_back("event " + e.uid + ": more than " + std::to_string(m_limits.max_per_event) + " instances in the range; the rest left out");
                break;
            }
            Instance in = base(e, start_utc, end_utc);
            in.start = stamp_text(fl, start_utc, f, e.start.date_only);
            in.end = stamp_text(fl + duration, end_utc, f, e.start.date_only);
            if (recurring) in.recurrence_id = in.start;
            push(std::move(in));
        }
    }

    void override_event(const Event& e) {
        if (e.status == "CANCELLED") return;
        const EventFrame f = frame_of(m_cal, e.start, m_person);
        const int64_t duration = duration_of(m_cal, e, m_person);
        const int64_t start_utc = e.start.date_only ? m_person.to_utc(e.start.floating) : f.zone.to_utc(e.start.floating);
        const int64_t end_utc = e.start.date_only ? m_person.to_utc(e.start.floating + duration) : start_utc + duration;
        if (!overlaps(start_utc, end_utc)) return;
        Instance in = base(e, start_utc, end_utc);
        in.start = stamp_text(e.start.floating, start_utc, f, e.start.date_only);
        in.end = stamp_text(e.start.floating + duration, end_utc, f, e.start.date_only);
        const EventFrame rf = frame_of(m_cal, *e.recurrence_id, m_person);
        in.recurrence_id = stamp_text(e.recurrence_id->floating, rf.zone.to_utc(e.recurrence_id->floating), rf, e.recurrence_id->date_only);
        push(std::move(in));
    }

    bool out_of_time() const {
        return std::chrono::duration<double>(std::chrono::steady_clock::now() - m_t0).count() > m_limits.max_seconds;
    }
    bool full() const { return m_out.instances.size() >= m_limits.max_instances; }

private:
    int64_t key(const Stamp& rid, const Event& e) const {
        if (rid.date_only) return day_of(rid.floating);
        (void)e;
        return utc_of(m_cal, rid, m_person);
    }
    bool overlaps(int64_t start, int64_t end) const { return start < m_to && (end > m_from || (end == start && start >= m_from)); }

    Instance base(const Event& e, int64_t start_utc, int64_t end_utc) const {
        Instance in;
        in.uid = e.uid, in.summary = e.summary, in.location = e.location, in.description = e.description;
        in.status = e.status, in.attendees = e.attendees;
        in.start_utc = start_utc, in.end_utc = end_utc;
        in.all_day = e.start.date_only;
        return in;
    }

    void push(Instance in) {
        if (full()) return;
        m_out.instances.push_back(std::move(in));
    }

    void add_rule(const Event& e, const EventFrame& f, const std::string& text, int64_t lo, int64_t hi, std::set<int64_t>& starts, bool remove) {
        auto rule = parse_rule(text);
        if (!rule) {
            m_out.notes.push_back("event " + e.uid + ": " + rule.error().message + " (the rule is ignored)");
            return;
        }
        if (rule->until && rule->until_utc && !f.floating) rule->until = f.zone.from_utc(*rule->until);
        RecurExpansion r = expand_rule(*rule, e.start.floating, e.start.date_only,
                                       {.start = lo, .end = hi, .max_instances = m_limits.max_per_event + 1, .max_periods = m_limits.max_periods});
        if (r.truncated) m_out.notes.push_back("event " + e.uid + ": recurrence stopped early (" + r.why + ")");
        for (int64_t t : r.instances) {
            if (remove) starts.erase(t);
            else starts.insert(t);
        }
    }

    const ParsedCalendar& m_cal;
    const Zone& m_person;
    int64_t m_from, m_to;
    const ExpandLimits& m_limits;
    Expanded& m_out;
    std::map<std::string, std::map<int64_t, const Event*>> m_overrides;
    std::chrono::steady_clock::time_point m_t0 = std::chrono::steady_clock::now();
};

}  // namespace

Expanded expand(const ParsedCalendar& cal, int64_t from_utc, int64_t to_utc, const Zone& person, const ExpandLimits& limits) {
    Expanded out;
    EventExpander ex(cal, person, from_utc, to_utc, limits, out);
    ex.index_overrides();
    std::set<std::string> masters;
    for (const Event& e : cal.events)
        if (!e.recurrence_id) masters.insert(e.uid);
    for (const Event& e : cal.events) {
        if (ex.full()) {
            out.notes.push_back("more than " + std::to_string(limits.max_instances) + " instances in the range; the rest left out");
            break;
        }
        if (ex.out_of_time()) {
            out.notes.push_back("expansion stopped after " + std::to_string(limits.max_seconds) + " s; later events left out");
            break;
        }
        if (e.recurrence_id) ex.override_event(e);
        else if (e.status != "CANCELLED") ex.master(e);
    }
    std::stable_sort(out.instances.begin(), out.instances.end(), [](const Instance& a, const Instance& b) {
        if (a.start_utc != b.start_utc) return a.start_utc < b.start_utc;
        if (a.uid != b.uid) return a.uid < b.uid;
        return a.summary < b.summary;
    });
    return out;
}

Json instance_json(const Instance& in) {
    Json j = {{"uid", in.uid}, {"summary", in.summary}, {"start", in.start}, {"end", in.end}, {"all_day", in.all_day},
              {"start_utc", format_with_offset(in.start_utc, Zone::utc())}, {"end_utc", format_with_offset(in.end_utc, Zone::utc())}};
    if (!in.location.empty()) j["location"] = in.location;
    if (!in.recurrence_id.empty()) j["recurrence_id"] = in.recurrence_id;
    if (!in.status.empty()) j["status"] = in.status;
    if (!in.calendar.empty()) j["calendar"] = in.calendar;
    return j;
}

}  // namespace os1::calendar

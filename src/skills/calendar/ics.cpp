// libical does the RFC 5545 reading (folding, escapes, parameters, value
// types); this file turns its tree into Events and refuses what is not a
// calendar with a reason a person can act on.
#include "skills/calendar/ics.h"

#include <libical/ical.h>

#include <algorithm>
#include <cstdlib>
#include <map>
#include <set>

#include "skills/calendar/civil.h"

namespace os1::calendar {
namespace {

// Control characters (but newline and tab) removed, capped at MAX_TEXT on
// a UTF-8 boundary: text from outside is kept as data, never as terminal
// escapes or a megabyte of one field.
std::string clean_text(const char* raw) {
    std::string out;
    if (!raw) return out;
    for (const char* p = raw; *p && out.size() < MAX_TEXT; ++p) {
        const unsigned char c = static_cast<unsigned char>(*p);
        if (c < 0x20 && c != '\n' && c != '\t') continue;
        if (c == 0x7f) continue;
        out.push_back(static_cast<char>(c));
    }
    while (!out.empty() && (static_cast<unsigned char>(out.back()) & 0xC0) == 0x80) out.pop_back();
    if (!out.empty() && static_cast<unsigned char>(out.back()) >= 0xC0) out.pop_back();
    return out;
}

bool valid_time(const icaltimetype& t) {
    if (icaltime_is_null_time(t)) return false;
    if (t.year < 1 || t.year > 9999 || t.month < 1 || t.month > 12 || t.day < 1 || t.day > days_in_month(t.year, t.month)) return false;
    if (!t.is_date && (t.hour < 0 || t.hour > 23 || t.minute < 0 || t.minute > 59 || t.second < 0 || t.second > 60)) return false;
    return true;
}

std::optional<Stamp> stamp_of(icalproperty* p, icaltimetype t) {
    if (!valid_time(t)) return std::nullopt;
    Stamp s;
    s.date_only = t.is_date != 0;
    s.utc = !s.date_only && icaltime_is_utc(t);
    s.floating = to_floating({t.year, t.month, t.day, s.date_only ? 0 : t.hour, s.date_only ? 0 : t.minute,
                              s.date_only ? 0 : std::min(t.second, 59)});
    if (icalparameter* tz = icalproperty_get_first_parameter(p, ICAL_TZID_PARAMETER); tz && !s.utc && !s.date_only)
        if (const char* id = icalparameter_get_tzid(tz)) s.tzid = clean_text(id);
    return s;
}

std::string attendee_text(icalproperty* p, const char* value) {
    std::string text;
    if (icalparameter* cn = icalproperty_get_first_parameter(p, ICAL_CN_PARAMETER)) text = clean_text(icalparameter_get_cn(cn));
    const std::string address = clean_text(value);
    if (text.empty()) return address;
    return address.empty() ? text : text + " <" + address + ">";
}

void read_event(icalcomponent* c, ParsedCalendar& cal, size_t index) {
    Event e;
    icalproperty* start = icalcomponent_get_first_property(c, ICAL_DTSTART_PROPERTY);
    std::optional<Stamp> s = start ? stamp_of(start, icalproperty_get_dtstart(start)) : std::nullopt;
    if (icalproperty* p = icalcomponent_get_first_property(c, ICAL_UID_PROPERTY)) e.uid = clean_text(icalproperty_get_uid(p));
    if (e.uid.empty()) e.uid = "event-" + std::to_string(index + 1);
    if (!s) {
        cal.warnings.push_back("event " + e.uid + " skipped: it has no valid DTSTART");
        return;
    }
    e.start = *s;
    if (icalproperty* p = icalcomponent_get_first_property(c, ICAL_DTEND_PROPERTY)) e.end = stamp_of(p, icalproperty_get_dtend(p));
    if (icalproperty* p = icalcomponent_get_first_property(c, ICAL_DURATION_PROPERTY)) {
        const icaldurationtype d = icalproperty_get_duration(p);
        if (!icaldurationtype_is_bad_duration(d)) {
            const int64_t secs = icaldurationtype_as_int(d);
            if (secs >= 0 && secs <= 366LL * 10 * SECONDS_PER_DAY) e.duration_s = secs;
        }
    }
    if (icalproperty* p = icalcomponent_get_first_property(c, ICAL_SUMMARY_PROPERTY)) e.summary = clean_text(icalproperty_get_summary(p));
    if (icalproperty* p = icalcomponent_get_first_property(c, ICAL_DESCRIPTION_PROPERTY))
        e.description = clean_text(icalproperty_get_description(p));
    if (icalproperty* p = icalcomponent_get_first_property(c, ICAL_LOCATION_PROPERTY)) e.location = clean_text(icalproperty_get_location(p));
    if (icalproperty* p = icalcomponent_get_first_property(c, ICAL_STATUS_PROPERTY))
        e.status = clean_text(icalproperty_status_to_string(icalproperty_get_status(p)));
    if (icalproperty* p = icalcomponent_get_first_property(c, ICAL_SEQUENCE_PROPERTY)) e.sequence = icalproperty_get_sequence(p);
    if (icalproperty* p = icalcomponent_get_first_property(c, ICAL_ORGANIZER_PROPERTY))
        e.organizer = attendee_text(p, icalproperty_get_organizer(p));
    for (icalproperty* p = icalcomponent_get_first_property(c, ICAL_ATTENDEE_PROPERTY); p && e.attendees.size() < 200;
         p = icalcomponent_get_next_property(c, ICAL_ATTENDEE_PROPERTY))
        e.attendees.push_back(attendee_text(p, icalproperty_get_attendee(p)));
    for (icalproperty* p = icalcomponent_get_first_property(c, ICAL_RRULE_PROPERTY); p && e.rrules.size() < 16;
         p = icalcomponent_get_next_property(c, ICAL_RRULE_PROPERTY))
        if (const char* v = icalproperty_get_value_as_string(p)) e.rrules.push_back(clean_text(v));
    for (icalproperty* p = icalcomponent_get_first_property(c, ICAL_EXRULE_PROPERTY); p && e.exrules.size() < 16;
         p = icalcomponent_get_next_property(c, ICAL_EXRULE_PROPERTY))
        if (const char* v = icalproperty_get_value_as_string(p)) e.exrules.push_back(clean_text(v));
    for (icalproperty* p = icalcomponent_get_first_property(c, ICAL_RDATE_PROPERTY); p && e.rdates.size() < 10000;
         p = icalcomponent_get_next_property(c, ICAL_RDATE_PROPERTY)) {
        const icaldatetimeperiodtype r = icalproperty_get_rdate(p);
        auto st = stamp_of(p, icaltime_is_null_time(r.time) ? r.period.start : r.time);
        if (st) e.rdates.push_back(*st);
    }
    for (icalproperty* p = icalcomponent_get_first_property(c, ICAL_EXDATE_PROPERTY); p && e.exdates.size() < 10000;
         p = icalcomponent_get_next_property(c, ICAL_EXDATE_PROPERTY))
        if (auto st = stamp_of(p, icalproperty_get_exdate(p))) e.exdates.push_back(*st);
    if (icalproperty* p = icalcomponent_get_first_property(c, ICAL_RECURRENCEID_PROPERTY))
        e.recurrence_id = stamp_of(p, icalproperty_get_recurrenceid(p));
    cal.events.push_back(std::move(e));
}

bool mentions_vcalendar(std::string_view text) {
    static constexpr std::string_view KEY = "BEGIN:VCALENDAR";
    auto it = std::search(text.begin(), text.end(), KEY.begin(), KEY.end(),
                          [](char a, char b) { return std::toupper(static_cast<unsigned char>(a)) == b; });
    return it != text.end();
}

}  // namespace

ParsedCalendar::ParsedCalendar(icalcomponent* root) : m_root(root) {}
ParsedCalendar::~ParsedCalendar() {
    if (m_root) icalcomponent_free(m_root);
}

std::optional<Zone> ParsedCalendar::zone(const std::string& tzid) const {
    if (tzid.empty()) return std::nullopt;
    if (auto it = m_zones.find(tzid); it != m_zones.end()) return it->second;
    if (m_zones.size() >= 1000) return find_zone(tzid);
    return m_zones[tzid] = find_zone(tzid);
}

std::optional<Zone> ParsedCalendar::find_zone(const std::string& tzid) const {
    auto own = [&](icalcomponent* vcal) -> icaltimezone* { return icalcomponent_get_timezone(vcal, tzid.c_str()); };
    if (icalcomponent_isa(m_root) == ICAL_VCALENDAR_COMPONENT) {
        if (icaltimezone* z = own(m_root)) return Zone::from_libical(z, tzid);
    } else {
        for (icalcomponent* v = icalcomponent_get_first_component(m_root, ICAL_VCALENDAR_COMPONENT); v;
             v = icalcomponent_get_next_component(m_root, ICAL_VCALENDAR_COMPONENT))
            if (icaltimezone* z = own(v)) return Zone::from_libical(z, tzid);
    }
    // An IANA name, possibly behind a vendor prefix ("/mozilla.org/.../Europe/Paris").
    for (size_t at = 0; at != std::string::npos; at = tzid.find('/', at + 1)) {
        std::string candidate = tzid.substr(at == 0 ? 0 : at + 1);
        if (candidate.empty() || candidate.size() > 64) continue;
        if (candidate == "UTC" || candidate == "GMT" || candidate == "Etc/UTC") return Zone::utc();
        if (icaltimezone* z = icaltimezone_get_builtin_timezone(candidate.c_str())) return Zone::from_libical(z, candidate);
    }
    return std::nullopt;
}

Result<std::unique_ptr<ParsedCalendar>> read_ics(std::string_view text, std::string_view label) {
    const std::string where = label.empty() ? std::string("calendar") : std::string(label);
    if (text.size() > MAX_ICS_BYTES)
        return Error::invalid(where, ": ", text.size(), " bytes is larger than a calendar may be (", MAX_ICS_BYTES >> 20, " MiB)");
    if (text.find('\0') != std::string_view::npos) return Error::invalid(where, ": binary data (a NUL byte), not an iCalendar file");
    if (!mentions_vcalendar(text)) return Error::invalid(where, ": not an iCalendar file (no BEGIN:VCALENDAR)");
    const std::string copy(text);
    icalcomponent* root = icalparser_parse_string(copy.c_str());
    if (!root) return Error::invalid(where, ": libical could not read it as iCalendar");
    auto cal = std::make_unique<ParsedCalendar>(root);
    std::vector<icalcomponent*> vcals;
    if (icalcomponent_isa(root) == ICAL_VCALENDAR_COMPONENT) {
        vcals.push_back(root);
    } else {
        for (icalcomponent* v = icalcomponent_get_first_component(root, ICAL_VCALENDAR_COMPONENT); v;
             v = icalcomponent_get_next_component(root, ICAL_VCALENDAR_COMPONENT))
            vcals.push_back(v);
    }
    if (vcals.empty()) return Error::invalid(where, ": no VCALENDAR component could be read (the BEGIN/END lines do not match)");
    if (const int errors = icalcomponent_count_errors(root); errors > 0)
        cal->warnings.push_back(std::to_string(errors) + " line(s) libical could not read were skipped");
    size_t index = 0;
    for (icalcomponent* vcal : vcals) {
        if (cal->name.empty())
            for (icalproperty* p = icalcomponent_get_first_property(vcal, ICAL_X_PROPERTY); p;
                 p = icalcomponent_get_next_property(vcal, ICAL_X_PROPERTY))
                if (const char* n = icalproperty_get_x_name(p); n && std::string_view(n) == "X-WR-CALNAME") {
                    cal->name = clean_text(icalproperty_get_x(p));
                    break;
                }
        for (icalcomponent* c = icalcomponent_get_first_component(vcal, ICAL_VEVENT_COMPONENT); c;
             c = icalcomponent_get_next_component(vcal, ICAL_VEVENT_COMPONENT)) {
            if (cal->events.size() >= MAX_EVENTS) {
                cal->warnings.push_back("more than " + std::to_string(MAX_EVENTS) + " events: the rest were skipped");
                break;
            }
            read_event(c, *cal, index++);
        }
    }
    return cal;
}

std::string write_event_ics(const NewEvent& event) {
    icaltimezone* utc = icaltimezone_get_utc_timezone();
    icalcomponent* cal = icalcomponent_new(ICAL_VCALENDAR_COMPONENT);
    icalcomponent_add_property(cal, icalproperty_new_prodid("-//os1//calendar//EN"));
    icalcomponent_add_property(cal, icalproperty_new_version("2.0"));
    icalcomponent* ev = icalcomponent_new(ICAL_VEVENT_COMPONENT);
    icalcomponent_add_property(ev, icalproperty_new_uid(event.uid.c_str()));
    icalcomponent_add_property(ev, icalproperty_new_dtstamp(icaltime_from_timet_with_zone(static_cast<time_t>(event.stamp_utc), 0, utc)));
    if (event.all_day) {
        auto date = [](int64_t floating) {
            const Civil c = from_floating(floating);
            icaltimetype t = icaltime_null_date();
            t.year = c.year, t.month = c.month, t.day = c.day;
            t.is_date = 1;
            return t;
        };
        icalcomponent_add_property(ev, icalproperty_new_dtstart(date(event.start_floating)));
        icalcomponent_add_property(ev, icalproperty_new_dtend(date(event.end_floating)));
    } else {
        icalcomponent_add_property(ev, icalproperty_new_dtstart(icaltime_from_timet_with_zone(static_cast<time_t>(event.start_utc), 0, utc)));
        icalcomponent_add_property(ev, icalproperty_new_dtend(icaltime_from_timet_with_zone(static_cast<time_t>(event.end_utc), 0, utc)));
    }
    icalcomponent_add_property(ev, icalproperty_new_summary(event.summary.c_str()));
    if (!event.location.empty()) icalcomponent_add_property(ev, icalproperty_new_location(event.location.c_str()));
    if (!event.description.empty()) icalcomponent_add_property(ev, icalproperty_new_description(event.description.c_str()));
    icalcomponent_add_component(cal, ev);
    char* s = icalcomponent_as_ical_string_r(cal);
    std::string out = s ? s : "";
    std::free(s);
    icalcomponent_free(cal);
    return out;
}

std::string merge_ics(const std::vector<std::string>& calendars) {
    icalcomponent* out = icalcomponent_new(ICAL_VCALENDAR_COMPONENT);
    icalcomponent_add_property(out, icalproperty_new_prodid("-//os1//calendar//EN"));
    icalcomponent_add_property(out, icalproperty_new_version("2.0"));
    std::set<std::string> zones;
    for (const std::string& text : calendars) {
        icalcomponent* root = icalparser_parse_string(text.c_str());
        if (!root) continue;
        std::vector<icalcomponent*> vcals;
        if (icalcomponent_isa(root) == ICAL_VCALENDAR_COMPONENT) vcals.push_back(root);
        else
            for (icalcomponent* v = icalcomponent_get_first_component(root, ICAL_VCALENDAR_COMPONENT); v;
                 v = icalcomponent_get_next_component(root, ICAL_VCALENDAR_COMPONENT))
                vcals.push_back(v);
        for (icalcomponent* vcal : vcals) {
            for (icalcomponent* c = icalcomponent_get_first_component(vcal, ICAL_VTIMEZONE_COMPONENT); c;
                 c = icalcomponent_get_next_component(vcal, ICAL_VTIMEZONE_COMPONENT)) {
                icalproperty* id = icalcomponent_get_first_property(c, ICAL_TZID_PROPERTY);
                const char* tzid = id ? icalproperty_get_tzid(id) : nullptr;
                if (tzid && zones.insert(tzid).second) icalcomponent_add_component(out, icalcomponent_new_clone(c));
            }
            for (icalcomponent* c = icalcomponent_get_first_component(vcal, ICAL_VEVENT_COMPONENT); c;
                 c = icalcomponent_get_next_component(vcal, ICAL_VEVENT_COMPONENT))
                icalcomponent_add_component(out, icalcomponent_new_clone(c));
        }
        icalcomponent_free(root);
    }
    char* s = icalcomponent_as_ical_string_r(out);
    std::string text = s ? s : "";
    std::free(s);
    icalcomponent_free(out);
    return text;
}

}  // namespace os1::calendar

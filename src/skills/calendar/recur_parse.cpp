// Reading an RRULE value ("FREQ=MONTHLY;BYDAY=1FR;COUNT=10") into a Rule.
// Every number is range-checked and every list capped, so a hostile rule
// cannot make the expander multiply out millions of candidates a period.
#include <algorithm>
#include <cctype>
#include <charconv>

#include "core/strings.h"
#include "skills/calendar/civil.h"
#include "skills/calendar/recur.h"

namespace os1::calendar {
namespace {

constexpr size_t MAX_LIST = 400;  // values in one BYxxx list

std::string upper(std::string_view s) {
    std::string out(s);
    for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return out;
}

std::vector<std::string_view> split(std::string_view s, char sep) {
    std::vector<std::string_view> parts;
    size_t start = 0;
    while (start <= s.size()) {
        size_t end = s.find(sep, start);
        if (end == std::string_view::npos) end = s.size();
        parts.push_back(s.substr(start, end - start));
        start = end + 1;
    }
    return parts;
}

bool parse_int(std::string_view s, int64_t& out) {
    if (!s.empty() && s[0] == '+') s.remove_prefix(1);
    if (s.empty()) return false;
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
    return ec == std::errc() && p == s.data() + s.size();
}

int weekday_code(std::string_view s) {
    static constexpr const char* NAMES[7] = {"MO", "TU", "WE", "TH", "FR", "SA", "SU"};
    for (int i = 0; i < 7; ++i)
        if (s == NAMES[i]) return i;
    return -1;
}

Result<std::vector<int>> int_list(std::string_view name, std::string_view value, int lo, int hi, bool signed_ok) {
    std::vector<int> out;
    for (auto part : split(value, ',')) {
        int64_t v = 0;
        if (!parse_int(part, v) || (v == 0 && lo > 0) || (signed_ok ? (v < -hi || v > hi || (v < 0 && -v < lo)) : (v < lo || v > hi)))
            return Error::invalid("recurrence rule: ", name, " value '", std::string(part), "' is out of range (", signed_ok ? "±" : "", lo, "..", hi, ")");
        if (v == 0 && signed_ok) return Error::invalid("recurrence rule: ", name, " cannot be 0");
        if (out.size() >= MAX_LIST) return Error::invalid("recurrence rule: ", name, " lists more than ", MAX_LIST, " values");
        out.push_back(static_cast<int>(v));
    }
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
}

// "19970902T090000Z", "19970902T090000" or "19970902".
Result<void> parse_until(std::string_view v, Rule& rule) {
    auto digits = [&](size_t at, size_t n, int& out) {
        if (at + n > v.size()) return false;
        out = 0;
        for (size_t i = at; i < at + n; ++i) {
            if (v[i] < '0' || v[i] > '9') return false;
            out = out * 10 + (v[i] - '0');
        }
        return true;
    };
    Civil c;
    if (!digits(0, 4, c.year) || !digits(4, 2, c.month) || !digits(6, 2, c.day) || c.year < 1 || c.month < 1 ||
        c.month > 12 || c.day < 1 || c.day > days_in_month(c.year, c.month))
        return Error::invalid("recurrence rule: UNTIL '", std::string(v), "' is not a date");
    if (v.size() == 8) {
        rule.until_date = true;
        c.hour = 23, c.minute = 59, c.second = 59;
    } else if (v.size() >= 15 && v[8] == 'T' && digits(9, 2, c.hour) && digits(11, 2, c.minute) && digits(13, 2, c.second) &&
               c.hour < 24 && c.minute < 60 && c.second <= 60 && (v.size() == 15 || (v.size() == 16 && v[15] == 'Z'))) {
        rule.until_utc = v.size() == 16;
        if (c.second == 60) c.second = 59;
    } else {
        return Error::invalid("recurrence rule: UNTIL '", std::string(v), "' is not a date or date-time");
    }
    rule.until = to_floating(c);
    return {};
}

}  // namespace

Result<Rule> parse_rule(std::string_view text) {
    Rule rule;
    bool have_freq = false;
    std::string t = upper(trim(text));
    if (t.rfind("RRULE:", 0) == 0) t.erase(0, 6);
    if (t.empty()) return Error::invalid("recurrence rule is empty");
    for (auto part : split(t, ';')) {
        if (part.empty()) continue;
        const size_t eq = part.find('=');
        if (eq == std::string_view::npos) return Error::invalid("recurrence rule: '", std::string(part), "' is not NAME=VALUE");
        const std::string_view name = part.substr(0, eq), value = part.substr(eq + 1);
        int64_t n = 0;
        if (name == "FREQ") {
            static constexpr std::pair<const char*, Freq> FREQS[] = {
                {"SECONDLY", Freq::secondly}, {"MINUTELY", Freq::minutely}, {"HOURLY", Freq::hourly}, {"DAILY", Freq::daily},
                {"WEEKLY", Freq::weekly}, {"MONTHLY", Freq::monthly}, {"YEARLY", Freq::yearly}};
            auto it = std::find_if(std::begin(FREQS), std::end(FREQS), [&](auto& f) { return value == f.first; });
            if (it == std::end(FREQS)) return Error::invalid("recurrence rule: unknown FREQ '", std::string(value), "'");
            rule.freq = it->second;
            have_freq = true;
        } else if (name == "INTERVAL") {
            if (!parse_int(value, n) || n < 1 || n > 1'000'000'000)
                return Error::invalid("recurrence rule: INTERVAL '", std::string(value), "' must be 1..1000000000");
            rule.interval = n;
        } else if (name == "COUNT") {
            if (!parse_int(value, n) || n < 1 || n > 1'000'000'000)
                return Error::invalid("recurrence rule: COUNT '", std::string(value), "' must be 1..1000000000");
            rule.count = n;
        } else if (name == "UNTIL") {
            TRY(parse_until(value, rule));
        } else if (name == "BYSECOND") {
            rule.bysecond = TRY(int_list(name, value, 0, 60, false));
        } else if (name == "BYMINUTE") {
            rule.byminute = TRY(int_list(name, value, 0, 59, false));
        } else if (name == "BYHOUR") {
            rule.byhour = TRY(int_list(name, value, 0, 23, false));
        } else if (name == "BYMONTHDAY") {
            rule.bymonthday = TRY(int_list(name, value, 1, 31, true));
        } else if (name == "BYYEARDAY") {
            rule.byyearday = TRY(int_list(name, value, 1, 366, true));
        } else if (name == "BYWEEKNO") {
            rule.byweekno = TRY(int_list(name, value, 1, 53, true));
        } else if (name == "BYMONTH") {
            if (value.find('L') != std::string_view::npos)
                return Error::unsupported("recurrence rule: leap months (BYMONTH=", std::string(value), ") need a non-Gregorian RSCALE");
            rule.bymonth = TRY(int_list(name, value, 1, 12, false));
        } else if (name == "BYSETPOS") {
            rule.bysetpos = TRY(int_list(name, value, 1, 366, true));
        } else if (name == "BYDAY") {
            for (auto d : split(value, ',')) {
                if (d.size() < 2) return Error::invalid("recurrence rule: BYDAY '", std::string(d), "' is not a weekday");
                WeekdayNum w;
                w.weekday = weekday_code(d.substr(d.size() - 2));
                if (w.weekday < 0) return Error::invalid("recurrence rule: BYDAY '", std::string(d), "' is not a weekday");
                if (d.size() > 2) {
                    if (!parse_int(d.substr(0, d.size() - 2), n) || n == 0 || n < -53 || n > 53)
                        return Error::invalid("recurrence rule: BYDAY '", std::string(d), "' has a bad number");
                    w.n = static_cast<int>(n);
                }
                if (rule.byday.size() >= MAX_LIST) return Error::invalid("recurrence rule: BYDAY lists too many days");
                if (std::none_of(rule.byday.begin(), rule.byday.end(), [&](auto& o) { return o.n == w.n && o.weekday == w.weekday; }))
                    rule.byday.push_back(w);
            }
        } else if (name == "WKST") {
            rule.wkst = weekday_code(value);
            if (rule.wkst < 0) return Error::invalid("recurrence rule: WKST '", std::string(value), "' is not a weekday");
        } else if (name == "RSCALE") {
            if (value != "GREGORIAN")
                return Error::unsupported("recurrence rule: calendar scale RSCALE=", std::string(value), " is not supported (only GREGORIAN)");
        } else if (name == "SKIP") {
            if (value == "OMIT") rule.skip = "omit";
            else if (value == "BACKWARD") rule.skip = "backward";
            else if (value == "FORWARD") rule.skip = "forward";
            else return Error::invalid("recurrence rule: SKIP '", std::string(value), "' must be OMIT, BACKWARD or FORWARD");
        } else if (name.rfind("X-", 0) == 0) {
            continue;  // extensions are ignored, as RFC 5545 asks
        } else {
            return Error::invalid("recurrence rule: unknown part '", std::string(name), "'");
        }
    }
    if (!have_freq) return Error::invalid("recurrence rule has no FREQ");
    // A day of the month inside numbered weeks is ambiguous across the
    // year boundary; refused as libical refuses it.
    if (!rule.byweekno.empty() && !rule.bymonthday.empty())
        return Error::unsupported("recurrence rule: BYWEEKNO together with BYMONTHDAY is not supported");
    return rule;
}

}  // namespace os1::calendar

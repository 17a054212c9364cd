// Replaying recurrence vectors: the file's stamps are floating (or Z) wall
// times, expanded without a zone.
#include "skills/calendar/recur_vectors.h"

#include <cstdio>
#include <fstream>

#include "skills/calendar/civil.h"
#include "skills/calendar/recur.h"

namespace os1::calendar {
namespace {

bool parse_stamp(const std::string& s, int64_t& out, bool& date_only) {
    Civil c;
    if (s.size() < 8 || std::sscanf(s.c_str(), "%4d%2d%2d", &c.year, &c.month, &c.day) != 3) return false;
    date_only = s.size() == 8;
    if (!date_only && (s.size() < 15 || std::sscanf(s.c_str() + 9, "%2d%2d%2d", &c.hour, &c.minute, &c.second) != 3)) return false;
    out = to_floating(c);
    return true;
}

std::string stamp(int64_t t, bool date_only, bool utc) {
    const Civil c = from_floating(t);
    char buf[32];
    if (date_only) std::snprintf(buf, sizeof buf, "%04d%02d%02d", c.year, c.month, c.day);
    else std::snprintf(buf, sizeof buf, "%04d%02d%02dT%02d%02d%02d%s", c.year, c.month, c.day, c.hour, c.minute, c.second, utc ? "Z" : "");
    return buf;
}

}  // namespace

std::vector<RecurCase> read_recur_cases(const std::filesystem::path& file) {
    std::ifstream in(file);
    std::vector<RecurCase> cases;
    RecurCase c;
    std::string line;
    auto flush = [&] {
        if (!c.rrule.empty()) cases.push_back(c);
        c = {};
    };
    while (std::getline(in, line)) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.rfind("#", 0) == 0) {
            flush();
            c.comment = line;
        } else if (line.rfind("RRULE:", 0) == 0) {
            if (!c.rrule.empty()) flush();
            c.rrule = line.substr(6);
        } else if (line.rfind("DTSTART:", 0) == 0) {
            c.dtstart = line.substr(8);
        } else if (line.rfind("START-AT:", 0) == 0) {
            c.start_at = line.substr(9);
        } else if (line.rfind("INSTANCES:", 0) == 0) {
            c.instances = line.substr(10);
        }
    }
    flush();
    return cases;
}

std::string replay_recur_case(const RecurCase& c) {
    auto rule = parse_rule(c.rrule);
    if (!rule) return "error: " + rule.error().message;
    int64_t dtstart = 0;
    bool date_only = false;
    if (!parse_stamp(c.dtstart, dtstart, date_only)) return "error: bad DTSTART " + c.dtstart;
    const bool utc = !c.dtstart.empty() && c.dtstart.back() == 'Z';
    const RecurExpansion out = expand_rule(*rule, dtstart, date_only, {.max_instances = 5000});
    std::string text;
    for (int64_t t : out.instances) text += (text.empty() ? "" : ",") + stamp(t, date_only, utc);
    return text;
}

bool recur_case_reproduces(const RecurCase& c, const std::string& got) {
    if (c.instances.find("UNIMPLEMENTED") != std::string::npos) return got.rfind("error:", 0) == 0;
    return got == c.instances;
}

}  // namespace os1::calendar

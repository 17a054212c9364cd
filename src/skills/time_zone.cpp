// TZif zone files (RFC 8536): the version 2+ block with 64-bit transition
// times when present, else the version 1 block. Only the transitions and
// their offsets are kept; abbreviations and leap seconds are not needed to
// turn "Sunday at 5" into an instant.
#include "skills/time_zone.h"

#include <algorithm>
#include <cstdlib>

#include "core/files.h"
#include "core/strings.h"
#include "core/text.h"
#include "memory/time_parse.h"

namespace os1::skills {

namespace {

constexpr int64_t DAY_MS = memory::DAY_MS;

int64_t floor_div(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

struct Reader {
    std::string_view data;
    size_t pos = 0;
    bool ok(size_t n) const { return pos + n <= data.size(); }
    int64_t be(size_t n) {
        uint64_t v = 0;
        for (size_t i = 0; i < n; i++) v = (v << 8) | static_cast<unsigned char>(data[pos + i]);
        pos += n;
        if (n == 4) return static_cast<int32_t>(static_cast<uint32_t>(v));
        return static_cast<int64_t>(v);
    }
};

bool safe_zone_name(std::string_view name) {
    if (name.empty() || name.size() > 64 || name.front() == '/' || name.find("..") != std::string_view::npos)
        return false;
    return std::all_of(name.begin(), name.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '/' || c == '_' || c == '-' || c == '+';
    });
}

}  // namespace

const char* const WEEKDAY_NAMES[7] = {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"};

TimeZone TimeZone::utc() { return TimeZone(); }

Result<TimeZone> TimeZone::load(std::string_view name) {
    std::string wanted(name);
    if (wanted.empty()) {
        const char* tz = std::getenv("TZ");
        if (tz && *tz) wanted = tz[0] == ':' ? tz + 1 : tz;
    }
    if (wanted == "UTC" || wanted == "Etc/UTC" || wanted == "GMT" || wanted == "Z") return utc();
    std::filesystem::path file;
    if (wanted.empty()) {
        file = "/etc/localtime";
    } else {
        if (!safe_zone_name(wanted))
            return Error::invalid(quote_capped(wanted, 40), " is not a time zone name (write one like Europe/Paris or America/New_York)");
        const char* dir = std::getenv("TZDIR");
        file = std::filesystem::path(dir && *dir ? dir : "/usr/share/zoneinfo") / wanted;
    }
    auto bytes = read_file(file);
    if (!bytes) {
        if (wanted.empty()) return utc();  // no local zone configured: the machine runs on UTC
        return Error::invalid("there is no time zone called '", wanted, "' (write one like Europe/Paris; the list is in /usr/share/zoneinfo)");
    }
    Reader r{*bytes};
    auto header = [&](int64_t counts[6]) -> bool {
        if (!r.ok(44) || r.data.substr(r.pos, 4) != "TZif") return false;
        r.pos += 20;
        for (int i = 0; i < 6; i++) counts[i] = r.be(4);
        for (int i = 0; i < 6; i++)
            if (counts[i] < 0 || counts[i] > 100000) return false;
        return true;
    };
    auto corrupt = [&] { return Error::corrupt("the time zone file '", file.string(), "' is damaged"); };
    int64_t c[6];  // isutcnt, isstdcnt, leapcnt, timecnt, typecnt, charcnt
    if (!header(c)) return corrupt();
    const char version = (*bytes)[4];
    size_t time_size = 4;
    if (version >= '2') {
        // Skip the version 1 block; the 64-bit one follows it.
        const int64_t v1 = c[3] * 5 + c[4] * 6 + c[5] + c[2] * 8 + c[1] + c[0];
        if (!r.ok(static_cast<size_t>(v1))) return corrupt();
        r.pos += static_cast<size_t>(v1);
        if (!header(c)) return corrupt();
        time_size = 8;
    }
    const int64_t timecnt = c[3], typecnt = c[4];
    if (typecnt < 1 || !r.ok(static_cast<size_t>(timecnt * (time_size + 1) + typecnt * 6))) return corrupt();
    TimeZone zone;
    zone.m_name = wanted.empty() ? "local" : wanted;
    std::vector<int64_t> times(static_cast<size_t>(timecnt));
    for (auto& t : times) t = r.be(time_size);
    std::vector<int> index(static_cast<size_t>(timecnt));
    for (auto& i : index) i = static_cast<int>(r.be(1));
    std::vector<int32_t> offsets(static_cast<size_t>(typecnt));
    for (auto& o : offsets) {
        o = static_cast<int32_t>(r.be(4));
        r.pos += 2;  // isdst, abbreviation index
        if (o < -26 * 3600 || o > 26 * 3600) return corrupt();
    }
    for (size_t i = 0; i < times.size(); i++) {
        if (index[i] >= typecnt || (i && times[i] <= times[i - 1])) return corrupt();
        zone.m_times.push_back(times[i]);
        zone.m_offsets.push_back(offsets[static_cast<size_t>(index[i])]);
    }
    zone.m_initial = offsets[0];
    return zone;
}

int32_t TimeZone::offset_s(int64_t utc_ms) const {
    const int64_t s = floor_div(utc_ms, 1000);
    auto it = std::upper_bound(m_times.begin(), m_times.end(), s);
    if (it == m_times.begin()) return m_initial;
    return m_offsets[static_cast<size_t>(it - m_times.begin() - 1)];
}

int64_t TimeZone::to_utc(int64_t local_ms) const {
    // The offsets that could apply are those a day either side; take the
    // earliest instant whose own offset reads back as this wall time.
    const int32_t candidates[2] = {offset_s(local_ms - DAY_MS), offset_s(local_ms + DAY_MS)};
    int64_t best = INT64_MAX;
    for (int32_t o : candidates) {
        const int64_t utc_ms = local_ms - int64_t(o) * 1000;
        if (offset_s(utc_ms) == o) best = std::min(best, utc_ms);
    }
    if (best != INT64_MAX) return best;
    // A skipped wall time: read it with the offset from before the gap,
    // which lands the same distance past the gap's end.
    return local_ms - int64_t(candidates[0]) * 1000;
}

CivilTime civil(int64_t local_ms) {
    CivilTime t;
    const int64_t days = floor_div(local_ms, DAY_MS);
    memory::civil_from_days(days, t.year, t.month, t.day);
    const int64_t in_day = local_ms - days * DAY_MS;
    t.hour = static_cast<int>(in_day / 3'600'000);
    t.minute = static_cast<int>(in_day / 60'000 % 60);
    t.weekday = static_cast<int>(((days + 3) % 7 + 7) % 7);  // 1970-01-01 was a Thursday
    return t;
}

int64_t local_ms_of(int64_t year, unsigned month, unsigned day, int hour, int minute) {
    return memory::days_from_civil(year, month, day) * DAY_MS + (int64_t(hour) * 60 + minute) * 60'000;
}

std::string day_words(int64_t local_ms, int64_t this_year) {
    static const char* const MONTHS[12] = {"January", "February", "March",     "April",   "May",      "June",
                                           "July",    "August",   "September", "October", "November", "December"};
    const CivilTime t = civil(local_ms);
    std::string out = str(WEEKDAY_NAMES[t.weekday], " ", t.day, " ", MONTHS[t.month - 1]);
    if (t.year != this_year) out += str(" ", t.year);
    return out;
}

std::string clock_words(int64_t local_ms) {
    const CivilTime t = civil(local_ms);
    char buf[8];
    std::snprintf(buf, sizeof buf, "%02d:%02d", t.hour, t.minute);
    return buf;
}

}  // namespace os1::skills

// libFuzzer target for the calendar's readers: libical's parse of .ics
// text into events (ics.h), our RRULE reader (recur.h), and the bounded
// expansion of everything read (expand.h) over a range chosen by the
// input. Any input gives events or an Error with a message, never a crash,
// a hang (the expansion limits hold) or a leak.
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string_view>

#include "skills/calendar/expand.h"
#include "skills/calendar/ics.h"
#include "skills/calendar/recur.h"

using namespace os1::calendar;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size < 1) return 0;
    // The whole input is the text (so real .ics files are seeds as they
    // are); its length picks the range (three years from 1990..2049).
    const int first_year = 1990 + static_cast<int>(size % 60);
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    if (auto rule = parse_rule(text)) {
        RecurExpansion r = expand_rule(*rule, 0, false, {.end = 86400LL * 365 * 40, .max_instances = 2000, .max_periods = 20000});
        for (size_t i = 1; i < r.instances.size(); ++i)
            if (r.instances[i - 1] >= r.instances[i]) std::abort();
    } else if (rule.error().message.empty()) {
        std::abort();
    }
    auto cal = read_ics(text, "fuzz.ics");
    if (!cal) {
        if (cal.error().message.empty()) std::abort();
        return 0;
    }
    const int64_t from = (static_cast<int64_t>(first_year) - 1970) * 365 * 86400;
    Expanded out = expand(**cal, from, from + 86400LL * 366 * 3, Zone::utc(),
                          {.max_instances = 2000, .max_per_event = 500, .max_periods = 20000, .max_seconds = 2.0});
    for (size_t i = 1; i < out.instances.size(); ++i)
        if (out.instances[i - 1].start_utc > out.instances[i].start_utc) std::abort();
    return 0;
}

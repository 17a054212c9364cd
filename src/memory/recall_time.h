// Time in recall: what a question asks about time, which turns place an
// event in time, and the period a question names in calendar words. Used by
// recall.cpp; general rules about how people say when something happened,
// not about any one conversation.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "memory/text.h"
#include "memory/time_parse.h"
#include "store/scope.h"

namespace os1::memory {

enum class TimeAsk {
    None,
    When,     // "When did…", "What year…", "Which month…", "How long ago…"
    HowLong,  // "How long has…", "How many years…", "How old…"
};
TimeAsk time_ask(const std::vector<Token>& question);

// How firmly a turn places something in time: 2 for an anchored expression
// ("yesterday", "last Friday", "two weeks ago", "this month", "in May",
// "2022", "for 4 years"), 1 for a loose time word ("morning", "recently"),
// 0 for none.
int time_anchor(std::string_view turn);

// Calendar words that only shape a time question ("year", "June", "Friday")
// and would otherwise match every turn that mentions them.
bool is_calendar_word(std::string_view lower);

// A period named in calendar words: "in June", "on May 3, 2023", "in 2022",
// "during the summer", "in August 2023". year = 0 when the question leaves it
// open (the caller resolves it against the memory's own dates).
struct NamedPeriod {
    int year = 0;
    int month_from = 1, month_to = 12;  // inclusive
    int day = 0;                        // a single day when set
};
std::optional<NamedPeriod> named_period(const std::vector<Token>& question);

// The period as times: an open year becomes the latest year up to now's in
// which the memory holds messages from that period ("in June" = the last
// June we talked in). The window runs a week past the period's end: people
// tell of an event in the days after it ("last Friday", "two days ago").
Result<std::optional<TimeWindow>> resolve_period(store::OwnerScope& db, const NamedPeriod& p, int64_t now_ms);

}  // namespace os1::memory

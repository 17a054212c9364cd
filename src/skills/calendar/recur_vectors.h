// libical's recurrence test vectors (icalrecur_test.txt: "# comment",
// RRULE:, DTSTART:, optional START-AT:, INSTANCES:) read and replayed
// through our expander: shared by tests/calendar/recur_test.cpp and
// bench/calendar_corpus.cpp.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace os1::calendar {

struct RecurCase {
    std::string comment, rrule, dtstart, start_at, instances;
};

std::vector<RecurCase> read_recur_cases(const std::filesystem::path& file);
// Our instances in the file's notation ("19970902T090000,...", "...Z",
// dates as "19970902"), or "error: why" for a rule we refuse.
std::string replay_recur_case(const RecurCase& c);
// Whether our answer is the expected one (a refusal where the file expects
// "UNIMPLEMENTED" counts as agreeing).
bool recur_case_reproduces(const RecurCase& c, const std::string& got);

}  // namespace os1::calendar

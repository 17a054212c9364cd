// `os1 calendar` end to end: the contract the checks rely on (import,
// expand --json with uid/start/end/summary in order), add (the command is
// the yes), list/today --json, export, and bad files refused with a reason.
#include <gtest/gtest.h>

#include <fstream>

#include "core/json.h"
#include "test_support.h"

namespace os1::calendar {
namespace {

using os1::test::run_os1;
using os1::test::TempDir;

Json last_json(const std::string& out) {
    const size_t at = out.rfind("\n[", out.size() - 2);
    const std::string line = out.substr(at == std::string::npos ? 0 : at + 1);
    auto j = parse_json(line);
    return j ? *j : Json();
}

void write(const std::filesystem::path& p, const std::string& text) { std::ofstream(p, std::ios::binary) << text; }

const char* RECURRING = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:weekly@test\r\n"
                        "DTSTART;TZID=America/New_York:20260302T090000\r\nDTEND;TZID=America/New_York:20260302T100000\r\n"
                        "RRULE:FREQ=WEEKLY;COUNT=3\r\nEXDATE;TZID=America/New_York:20260309T090000\r\nSUMMARY:Planning\r\n"
                        "END:VEVENT\r\nBEGIN:VEVENT\r\nUID:day@test\r\nDTSTART;VALUE=DATE:20260305\r\nSUMMARY:Holiday\r\n"
                        "END:VEVENT\r\nEND:VCALENDAR\r\n";

TEST(CalendarCli, ExpandPrintsInstancesInOrderAsJson) {
    TempDir home;
    write(home / "a.ics", RECURRING);
    auto r = run_os1("calendar expand " + (home / "a.ics").string() + " --from 2026-03-01T00:00:00Z --to 2026-04-01T00:00:00Z --json", home.path());
    ASSERT_EQ(r.status, 0) << r.out;
    Json a = last_json(r.out);
    ASSERT_TRUE(a.is_array()) << r.out;
    ASSERT_EQ(a.size(), 3u) << r.out;
    EXPECT_EQ(a[0]["uid"], "weekly@test");
    EXPECT_EQ(a[0]["start"], "2026-03-02T09:00:00-05:00");
    EXPECT_EQ(a[0]["end"], "2026-03-02T10:00:00-05:00");
    EXPECT_EQ(a[0]["summary"], "Planning");
    EXPECT_EQ(a[1]["start"], "2026-03-05");
    EXPECT_EQ(a[1]["end"], "2026-03-06");
    EXPECT_EQ(a[2]["start"], "2026-03-16T09:00:00-04:00");  // after the US change to summer time; the 9th was excluded
    EXPECT_EQ(a[2]["start_utc"], "2026-03-16T13:00:00Z");
}

TEST(CalendarCli, ImportAddListAndExport) {
    TempDir home;
    write(home / "a.ics", RECURRING);
    auto imported = run_os1("calendar import " + (home / "a.ics").string(), home.path());
    ASSERT_EQ(imported.status, 0) << imported.out;
    EXPECT_NE(imported.out.find("2 event(s)"), std::string::npos) << imported.out;
    auto added = run_os1("calendar add Dinner with Amy --when 2030-06-14T19:00:00Z --json", home.path());
    ASSERT_EQ(added.status, 0) << added.out;
    auto list = run_os1("calendar list --from 2030-06-14T00:00:00Z --to 2030-06-15T00:00:00Z --json", home.path());
    ASSERT_EQ(list.status, 0) << list.out;
    Json a = last_json(list.out);
    ASSERT_EQ(a.size(), 1u) << list.out;
    EXPECT_EQ(a[0]["summary"], "Dinner with Amy");
    EXPECT_EQ(a[0]["start_utc"], "2030-06-14T19:00:00Z");
    auto exported = run_os1("calendar export -o " + (home / "mine.ics").string(), home.path());
    ASSERT_EQ(exported.status, 0) << exported.out;
    auto again = run_os1("calendar expand " + (home / "mine.ics").string() + " --from 2030-06-01T00:00:00Z --to 2030-07-01T00:00:00Z --json", home.path());
    ASSERT_EQ(again.status, 0) << again.out;
    EXPECT_EQ(last_json(again.out).size(), 1u) << again.out;
    auto today = run_os1("calendar today --json", home.path());
    EXPECT_EQ(today.status, 0) << today.out;
}

TEST(CalendarCli, BadFilesAreRefusedWithTheirReason) {
    TempDir home;
    write(home / "notes.txt", "just some notes\n");
    auto r = run_os1("calendar import " + (home / "notes.txt").string(), home.path());
    EXPECT_EQ(r.status, 1);
    EXPECT_NE(r.out.find("notes.txt"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("not an iCalendar file"), std::string::npos) << r.out;
    auto missing = run_os1("calendar import " + (home / "nope.ics").string(), home.path());
    EXPECT_EQ(missing.status, 1);
    auto usage = run_os1("calendar expand " + (home / "notes.txt").string(), home.path());
    EXPECT_EQ(usage.status, 2);
    auto bad_time = run_os1("calendar expand " + (home / "notes.txt").string() + " --from yesterday --to 2026-01-01", home.path());
    EXPECT_EQ(bad_time.status, 1) << bad_time.out;
    EXPECT_NE(bad_time.out.find("ISO-8601"), std::string::npos) << bad_time.out;
}

}  // namespace
}  // namespace os1::calendar

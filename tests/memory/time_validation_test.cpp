// Impossible dates are errors, never wrapped into some other day (issue 18):
// "31 February" once became 3 March, "+99:99" was taken as an offset, and
// year 99999999999999 became this year.
#include <gtest/gtest.h>

#include "memory/extract_internal.h"
#include "memory/memory.h"
#include "memory/time_parse.h"
#include "test_support.h"

namespace os1::memory {
namespace {

void expect_error(const char* text, const char* needle) {
    auto r = parse_time(text, *parse_time("2023-05-08T12:00:00Z", 0));
    ASSERT_FALSE(r.ok()) << text << " was read as " << format_day(*r);
    EXPECT_EQ(r.error().code, ErrorCode::Invalid);
    EXPECT_NE(r.error().message.find(needle), std::string::npos) << text << ": " << r.error().message;
}

TEST(TimeValidation, ThirtyFirstOfFebruaryIsAnError) {
    expect_error("2023-02-31", "February 2023 has no day 31");
    expect_error("2023-02-30T10:00:00Z", "February 2023 has no day 30");
    expect_error("31 February 2023", "February 2023 has no day 31");
    expect_error("February 30, 2024", "February 2024 has no day 30");
    expect_error("2023-02-29", "February 2023 has no day 29");
    expect_error("31 April", "April 2023 has no day 31");  // the year from the reference time
    EXPECT_EQ(*parse_time("2024-02-29", 0), *parse_time("29 February 2024", 0));  // a leap year
    EXPECT_EQ(format_day(*parse_time("2000-02-29", 0)), "2000-02-29");
}

TEST(TimeValidation, MonthThirteenAndHourTwentyFiveAreErrors) {
    expect_error("2023-13-01", "there is no month 13");
    expect_error("2023-00-10", "there is no month 0");
    expect_error("2023-05-00", "May 2023 has no day 0");
    expect_error("2023-05-08T25:00:00Z", "there is no hour 25");
    expect_error("2023-05-08T10:61:00Z", "there is no minute 61");
    expect_error("25:30 on 8 May, 2023", "there is no clock time 25:30");
    expect_error("45 May 2023", "there is no day 45");
}

TEST(TimeValidation, OffsetsBeyondFourteenHoursAreErrors) {
    expect_error("2023-05-08T10:00:00+99:99", "the UTC offset +99:99 does not exist");
    expect_error("2023-05-08T10:00:00+14:01", "does not exist");
    expect_error("2023-05-08T10:00:00-05:60", "does not exist");
    const int64_t utc = *parse_time("2023-05-08T10:00:00Z", 0);
    EXPECT_EQ(*parse_time("2023-05-08T10:00:00+14:00", 0), utc - 14 * 3'600'000LL);
    EXPECT_EQ(*parse_time("2023-05-08T10:00:00-12:00", 0), utc + 12 * 3'600'000LL);
    EXPECT_EQ(*parse_time("2023-05-08T10:00:00+05:45", 0), utc - (5 * 60 + 45) * 60'000LL);
}

TEST(TimeValidation, YearsOutsideNineteenHundredToTwentyTwoHundredAreErrors) {
    expect_error("1 January 99999999999999", "is outside 1900-2200");
    expect_error("99999999999999", "is outside 1900-2200");
    expect_error("8 May 1899", "year 1899 is outside 1900-2200");
    expect_error("2201-01-01", "year 2201 is outside 1900-2200");
    expect_error("9999999999999", "outside 1900-2200");  // milliseconds in the year 2286
    expect_error("2023", "names a year but no month");
    EXPECT_TRUE(parse_time("1900-01-01", 0).ok());
    EXPECT_TRUE(parse_time("2200-12-31T23:59:59Z", 0).ok());
    EXPECT_EQ(*parse_time("1683554160", 0), 1683554160000);  // seconds since the epoch
}

TEST(TimeValidation, ErrorsQuoteTheTimeCapped) {
    std::string long_text = "31 February 2023 " + std::string(5000, 'x');
    auto r = parse_time(long_text, 0);
    ASSERT_FALSE(r.ok());
    EXPECT_LT(r.error().message.size(), 300u) << r.error().message;
}

TEST(TimeValidation, ExtractedThirtyFirstOfFebruaryIsNoDate) {
    const int64_t now = *parse_time("2023-01-10T12:00:00Z", 0);
    auto when = [&](const char* text) {
        auto t = tokenize(text);
        return detail::when_of(t, 0, t.size(), now);
    };
    EXPECT_EQ(when("my exam is on 31 February").ms, 0) << describe(when("my exam is on 31 February"));
    EXPECT_EQ(when("the party is on February 30th").ms, 0);
    EXPECT_EQ(format_day(when("my exam is on 28 February").ms), "2023-02-28");
}

TEST(TimeValidation, SearchWithAnImpossibleNowIsAClearError) {
    test::TempDir home;
    auto r = test::run_os1("memory search exam --now 2023-02-31", home.path());
    EXPECT_EQ(r.status, 1) << r.out;
    EXPECT_NE(r.out.find("February 2023 has no day 31"), std::string::npos) << r.out;
}

}  // namespace
}  // namespace os1::memory

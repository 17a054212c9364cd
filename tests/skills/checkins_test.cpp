#include "skills/checkins.h"

#include <gtest/gtest.h>

#include "skills/ledger.h"
#include "skills_test_support.h"

namespace os1::skills {
namespace {

using os1::test::TempDir;

constexpr int64_t HOUR = 3'600'000;
const int64_t MONDAY_10AM = local_ms_of(2026, 12, 7, 10, 0);  // UTC

struct CheckinsTest : ::testing::Test {
    TempDir tmp;
    std::unique_ptr<Ledger> ledger = Ledger::open(tmp / "skills", "local").release_value();
    Checkins checkins{ledger->scope()};
    CheckinSettings on = [] {
        CheckinSettings s;
        s.enabled = true;
        return s;
    }();
    Signals signals(int64_t now) {
        Signals s;
        s.now_ms = now;
        s.last_message_ms = now - 12 * HOUR;
        s.name = "Sam";
        return s;
    }
};

TEST(CheckinWords, WorryTopicInTheCompanionsWords) {
    EXPECT_EQ(worry_topic("I'm so nervous about my interview tomorrow."), "your interview");
    EXPECT_EQ(worry_topic("honestly I'm scared of the results, they come out friday"), "the results");
    EXPECT_EQ(worry_topic("I'm worried about it"), "");
    EXPECT_EQ(worry_topic("I feel anxious"), "");
    EXPECT_TRUE(sounds_worried("I'm dreading Monday"));
    EXPECT_FALSE(sounds_worried("We had a lovely walk"));
}

TEST_F(CheckinsTest, WorryFromYesterdayIsAskedAboutOnce) {
    Signals s = signals(MONDAY_10AM);
    s.worries.push_back({"e12", "I'm so nervous about my interview tomorrow.", MONDAY_10AM - 20 * HOUR});
    auto first = checkins.due(s, on, TimeZone::utc()).release_value();
    ASSERT_TRUE(first);
    EXPECT_EQ(first->kind, "worry");
    EXPECT_EQ(first->reason, "worry:e12");
    EXPECT_NE(first->text.find("your interview"), std::string::npos) << first->text;
    EXPECT_TRUE(first->text.starts_with("Hi Sam. ")) << first->text;
    ASSERT_TRUE(checkins.record(*first));
    // Never twice for the same reason, even long after the gap.
    s.now_ms += 2 * HOUR;
    on.min_gap_ms = HOUR;
    EXPECT_FALSE(checkins.due(s, on, TimeZone::utc()).release_value());
    EXPECT_EQ(checkins.sent()->size(), 1u);
}

TEST_F(CheckinsTest, OffUnlessEnabledAndQuietAtNight) {
    Signals s = signals(MONDAY_10AM);
    s.worries.push_back({"e12", "I'm worried about the move", MONDAY_10AM - 20 * HOUR});
    EXPECT_FALSE(checkins.due(s, CheckinSettings{}, TimeZone::utc()).release_value());  // opt-in
    Signals night = signals(local_ms_of(2026, 12, 7, 23, 30));
    night.worries = s.worries;
    EXPECT_FALSE(checkins.due(night, on, TimeZone::utc()).release_value());
    Signals early = signals(local_ms_of(2026, 12, 7, 7, 59));
    early.worries = s.worries;
    EXPECT_FALSE(checkins.due(early, on, TimeZone::utc()).release_value());
    EXPECT_TRUE(checkins.due(s, on, TimeZone::utc()).release_value());
}

TEST_F(CheckinsTest, RateLimitedAcrossReasons) {
    Signals s = signals(MONDAY_10AM);
    s.worries.push_back({"e12", "I'm worried about the move", MONDAY_10AM - 20 * HOUR});
    s.moods = {{MONDAY_10AM - 20 * HOUR, -0.7}, {MONDAY_10AM - 19 * HOUR, -0.5}};
    auto first = checkins.due(s, on, TimeZone::utc()).release_value();
    ASSERT_TRUE(first);
    ASSERT_TRUE(checkins.record(*first));
    s.now_ms += 3 * HOUR;
    EXPECT_FALSE(checkins.due(s, on, TimeZone::utc()).release_value());  // the hard day waits for the gap
    s.now_ms = MONDAY_10AM + 21 * HOUR;  // Tuesday 07:00: quiet
    EXPECT_FALSE(checkins.due(s, on, TimeZone::utc()).release_value());
}

TEST_F(CheckinsTest, EventTodayComesFirstThenHardDayThenSilence) {
    Signals s = signals(MONDAY_10AM);
    s.events.push_back({"f7", "my driving test", MONDAY_10AM + 4 * HOUR});
    s.events.push_back({"f8", "the party", MONDAY_10AM + 30 * HOUR});  // tomorrow: not yet
    s.moods = {{MONDAY_10AM - 20 * HOUR, -0.6}, {MONDAY_10AM - 18 * HOUR, -0.4}};
    auto c = checkin_candidates(s, TimeZone::utc());
    ASSERT_EQ(c.size(), 2u);
    EXPECT_EQ(c[0].kind, "event");
    EXPECT_NE(c[0].text.find("your driving test"), std::string::npos) << c[0].text;
    EXPECT_EQ(c[0].reason, "event:f7:2026-12-07");
    EXPECT_EQ(c[1].kind, "hard-day");
    // One light message yesterday is no hard day.
    s.moods = {{MONDAY_10AM - 20 * HOUR, -0.6}};
    s.events.clear();
    EXPECT_TRUE(checkin_candidates(s, TimeZone::utc()).empty());

    Signals quiet = signals(MONDAY_10AM);
    quiet.last_message_ms = MONDAY_10AM - 4 * 24 * HOUR;
    auto silence = checkins.due(quiet, on, TimeZone::utc()).release_value();
    ASSERT_TRUE(silence);
    EXPECT_EQ(silence->kind, "silence");
    EXPECT_EQ(silence->reason, "silence:2026-12-03");
    ASSERT_TRUE(checkins.record(*silence));
    quiet.now_ms += 3 * 24 * HOUR;  // still silent: asked once per silence
    EXPECT_FALSE(checkins.due(quiet, on, TimeZone::utc()).release_value());
}

TEST_F(CheckinsTest, NeverClinical) {
    Signals s = signals(MONDAY_10AM);
    s.worries.push_back({"e1", "I'm anxious", MONDAY_10AM - 20 * HOUR});
    s.moods = {{MONDAY_10AM - 20 * HOUR, -0.9}, {MONDAY_10AM - 19 * HOUR, -0.9}};
    s.events.push_back({"f1", "the exam", MONDAY_10AM + HOUR});
    for (const auto& c : checkin_candidates(s, TimeZone::utc())) {
        for (const char* word : {"valence", "symptom", "mood score", "depress", "disorder", "negative", "detected"})
            EXPECT_EQ(c.text.find(word), std::string::npos) << c.text;
        EXPECT_LT(c.text.size(), 140u) << c.text;
    }
}

TEST(CheckinConfig, ReadsSettingsAndRefusesBadValues) {
    auto cfg = Config::parse("[checkins]\nenabled = true\nquiet_start = \"21:30\"\nmin_gap_hours = 6\n", "test").release_value();
    auto s = checkin_settings(cfg).release_value();
    EXPECT_TRUE(s.enabled);
    EXPECT_EQ(s.quiet_start_min, 21 * 60 + 30);
    EXPECT_EQ(s.min_gap_ms, 6 * HOUR);
    auto bad = Config::parse("[checkins]\nquiet_end = \"25:00\"\n", "test").release_value();
    ASSERT_FALSE(checkin_settings(bad));
    EXPECT_NE(checkin_settings(bad).error().message.find("checkins.quiet_end"), std::string::npos);
}

}  // namespace
}  // namespace os1::skills

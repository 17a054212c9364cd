#include "affect/mood_chart.h"

#include <gtest/gtest.h>

#include <cmath>
#include <sstream>

namespace os1::affect {
namespace {

constexpr int64_t DAY = 86'400'000;
constexpr int64_t HOUR = 3'600'000;
// 2026-11-24T00:00:00Z
constexpr int64_t NOV24 = 20781 * DAY;

MoodSample sample(int64_t t, float valence, std::string_view emotion = "", float p = 0.9f) {
    MoodSample s;
    s.time_ms = t;
    s.valence = valence;
    s.arousal = 0.5f;
    s.emotions[GO_NEUTRAL] = 0.5f;
    if (!emotion.empty()) s.emotions[size_t(go_label_index(emotion))] = p;
    return s;
}

std::vector<std::string> lines(const std::string& s) {
    std::vector<std::string> out;
    std::istringstream in(s);
    for (std::string l; std::getline(in, l);) out.push_back(l);
    return out;
}

// A small XML checker: every tag closed in order, attributes quoted, no
// stray '<' or unescaped '&'.
bool well_formed_xml(const std::string& s, std::string& why) {
    std::vector<std::string> stack;
    size_t i = 0;
    if (s.rfind("<?xml", 0) == 0) i = s.find("?>") + 2;
    bool root_seen = false;
    while (i < s.size()) {
        if (s[i] == '&') {
            size_t semi = s.find(';', i);
            std::string ent = s.substr(i, semi - i + 1);
            if (ent != "&lt;" && ent != "&gt;" && ent != "&amp;" && ent != "&quot;" && ent != "&apos;") {
                why = "bad entity at " + std::to_string(i);
                return false;
            }
            i = semi + 1;
            continue;
        }
        if (s[i] != '<') {
            if (stack.empty() && !std::isspace(uint8_t(s[i]))) {
                why = "text outside the root";
                return false;
            }
            i++;
            continue;
        }
        size_t end = i + 1;
        char quote = 0;
        while (end < s.size() && (quote || s[end] != '>')) {
            if (quote && s[end] == quote) quote = 0;
            else if (!quote && (s[end] == '"' || s[end] == '\'')) quote = s[end];
            else if (!quote && s[end] == '<') {
                why = "'<' inside a tag at " + std::to_string(end);
                return false;
            }
            end++;
        }
        if (end >= s.size()) {
            why = "unterminated tag";
            return false;
        }
        std::string tag = s.substr(i + 1, end - i - 1);
        if (tag.empty()) {
            why = "empty tag";
            return false;
        }
        if (tag[0] == '/') {
            std::string name = tag.substr(1);
            if (stack.empty() || stack.back() != name) {
                why = "mismatched </" + name + ">";
                return false;
            }
            stack.pop_back();
        } else if (tag.back() != '/') {
            std::string name = tag.substr(0, tag.find_first_of(" \t\n"));
            if (stack.empty() && root_seen) {
                why = "two roots";
                return false;
            }
            root_seen = true;
            stack.push_back(name);
        } else {
            root_seen = true;
        }
        i = end + 1;
    }
    if (!stack.empty()) {
        why = "unclosed <" + stack.back() + ">";
        return false;
    }
    return root_seen;
}

TEST(MoodChart, CivilDates) {
    EXPECT_EQ(civil_date(0), "1970-01-01");
    EXPECT_EQ(civil_date(20781), "2026-11-24");
    EXPECT_EQ(civil_date(-1), "1969-12-31");
    EXPECT_EQ(civil_date(11016), "2000-02-29");
    EXPECT_EQ(civil_date(11017), "2000-03-01");
    EXPECT_EQ(civil_date(19782), "2024-02-29");
}

TEST(MoodChart, GroupsByExactDayBoundaries) {
    std::vector<MoodSample> s = {
        sample(NOV24 + DAY - 1, 0.5f, "joy"),     // 23:59:59.999 on the 24th
        sample(NOV24, -0.5f, "sadness"),          // 00:00 on the 24th
        sample(NOV24 + DAY, 1.0f, "love"),        // 00:00 on the 25th
        sample(NOV24 - 1, -1.0f, "anger"),        // 23:59:59.999 on the 23rd
    };
    auto days = group_by_day(s);
    ASSERT_EQ(days.size(), 3u);
    EXPECT_EQ(days[0].date, "2026-11-23");
    EXPECT_EQ(days[0].n_messages, 1u);
    EXPECT_FLOAT_EQ(days[0].valence, -1.0f);
    EXPECT_EQ(days[1].date, "2026-11-24");
    EXPECT_EQ(days[1].n_messages, 2u);
    EXPECT_FLOAT_EQ(days[1].valence, 0.0f);
    EXPECT_EQ(days[2].date, "2026-11-25");
    ASSERT_FALSE(days[1].dominant.empty());
    // joy and sadness both average 0.45; neutral is never "dominant".
    EXPECT_NEAR(days[1].dominant[0].second, 0.45f, 1e-6);
    for (const auto& d : days)
        for (const auto& [id, p] : d.dominant) EXPECT_NE(size_t(id), GO_NEUTRAL);
}

TEST(MoodChart, UtcOffsetMovesTheBoundary) {
    std::vector<MoodSample> s = {sample(NOV24 + 23 * HOUR, 0.2f), sample(NOV24 + 2 * HOUR, 0.4f)};
    MoodChartOptions utc;
    EXPECT_EQ(group_by_day(s, utc).size(), 1u);
    MoodChartOptions plus2;
    plus2.utc_offset_minutes = 120;  // 23:00Z is 01:00 on the 25th
    auto days = group_by_day(s, plus2);
    ASSERT_EQ(days.size(), 2u);
    EXPECT_EQ(days[1].date, "2026-11-25");
    MoodChartOptions minus5;
    minus5.utc_offset_minutes = -300;  // 02:00Z is 21:00 on the 23rd
    days = group_by_day(s, minus5);
    ASSERT_EQ(days.size(), 2u);
    EXPECT_EQ(days[0].date, "2026-11-23");
}

TEST(MoodChart, FillsGapsAndIgnoresOrder) {
    std::vector<MoodSample> s = {sample(NOV24 + 3 * DAY, 0.1f), sample(NOV24, 0.3f)};
    auto days = group_by_day(s);
    ASSERT_EQ(days.size(), 4u);
    EXPECT_EQ(days[1].n_messages, 0u);
    EXPECT_EQ(days[3].date, "2026-11-27");
    MoodChartOptions no_fill;
    no_fill.fill_empty_days = false;
    EXPECT_EQ(group_by_day(s, no_fill).size(), 2u);
}

TEST(MoodChart, BadValuesAreClampedNotPropagated) {
    MoodSample nan = sample(NOV24, std::nanf(""));
    MoodSample big = sample(NOV24, 7.0f);
    std::vector<MoodSample> s = {nan, big};
    auto days = group_by_day(s);
    ASSERT_EQ(days.size(), 1u);
    // NaN reads as a plain message (weight 0.02, valence 0); 7 as 1 (weight 1.02).
    EXPECT_NEAR(days[0].valence, 1.02f / 1.04f, 1e-6);
    EXPECT_TRUE(std::isfinite(days[0].arousal));
}

TEST(MoodChart, OneHeavyMessageOutweighsTenPlainOnes) {
    std::vector<MoodSample> s;
    for (int i = 0; i < 10; ++i) s.push_back(sample(NOV24 + i * HOUR, 0.1f, "approval", 0.12f));
    s.push_back(sample(NOV24 + 11 * HOUR, -0.8f, "sadness", 0.9f));
    auto days = group_by_day(s);
    ASSERT_EQ(days.size(), 1u);
    EXPECT_EQ(days[0].n_messages, 11u);
    // By count the day would read +0.02; by intensity it is a sad day.
    EXPECT_LT(days[0].valence, -0.5f);
    ASSERT_FALSE(days[0].dominant.empty());
    EXPECT_EQ(GO_LABELS[size_t(days[0].dominant[0].first)], "sadness");
    EXPECT_GT(sample_weight(s.back()), 10 * sample_weight(s[0]));
}

TEST(MoodChart, MildQuestionsDoNotMakeTheDaySurprised) {
    // Eight questions with a little curiosity/surprise each, one lonely message.
    std::vector<MoodSample> s;
    for (int i = 0; i < 8; ++i) {
        MoodSample q = sample(NOV24 + i * HOUR, 0.08f, "surprise", 0.25f);
        q.emotions[size_t(go_label_index("curiosity"))] = 0.2f;
        s.push_back(q);
    }
    s.push_back(sample(NOV24 + 9 * HOUR, -0.75f, "sadness", 0.8f));
    auto days = group_by_day(s);
    ASSERT_EQ(days.size(), 1u);
    ASSERT_FALSE(days[0].dominant.empty());
    EXPECT_EQ(GO_LABELS[size_t(days[0].dominant[0].first)], "sadness");
    EXPECT_LT(days[0].valence, 0.0f);
}

TEST(MoodChart, IntensityIsTheStrongestEmotionOrValence) {
    MoodSample plain = sample(NOV24, 0.0f);
    EXPECT_FLOAT_EQ(intensity(plain), 0.0f);  // neutral does not count
    EXPECT_FLOAT_EQ(intensity(sample(NOV24, -0.3f, "grief", 0.7f)), 0.7f);
    EXPECT_FLOAT_EQ(intensity(sample(NOV24, -0.9f, "grief", 0.2f)), 0.9f);
    EXPECT_FLOAT_EQ(sample_weight(plain), MOOD_BASE_WEIGHT);
}

TEST(MoodChart, TextChartHasOneLinePerDay) {
    std::vector<MoodSample> s = {sample(NOV24, -0.5f, "sadness"), sample(NOV24 + 2 * DAY, 1.0f, "joy")};
    auto days = group_by_day(s);
    auto text = render_mood_text(days);
    auto ls = lines(text);
    ASSERT_EQ(ls.size(), 1u + 3u) << text;  // header + 3 days
    EXPECT_NE(ls[1].find("Tue 2026-11-24"), std::string::npos) << ls[1];
    EXPECT_NE(ls[1].find("-0.50"), std::string::npos);
    EXPECT_NE(ls[1].find("sadness 90%"), std::string::npos) << ls[1];
    EXPECT_NE(ls[1].find("1 msg"), std::string::npos);
    EXPECT_NE(ls[2].find("no messages"), std::string::npos);
    EXPECT_NE(ls[3].find("+1.00"), std::string::npos);
    // Half width 10: -0.5 → 5 blocks left of the axis; +1 → 10 right of it.
    auto count = [](const std::string& l, const std::string& what) {
        size_t n = 0;
        for (size_t p = l.find(what); p != std::string::npos; p = l.find(what, p + what.size())) n++;
        return n;
    };
    EXPECT_EQ(count(ls[1], "█"), 5u);
    EXPECT_EQ(count(ls[3], "█"), 10u);
    EXPECT_LT(ls[1].find("█"), ls[1].find("│"));
    EXPECT_GT(ls[3].find("█"), ls[3].find("│"));
    EXPECT_EQ(render_mood_text({}), "no messages in this period\n");
}

TEST(MoodChart, SvgIsWellFormedAndCarriesTheData) {
    std::vector<MoodSample> s;
    for (int d = 0; d < 10; ++d)
        if (d != 4) s.push_back(sample(NOV24 + d * DAY + 5 * HOUR, std::sin(float(d)), d % 2 ? "joy" : "fear"));
    auto days = group_by_day(s);
    std::string svg = render_mood_svg(days);
    std::string why;
    EXPECT_TRUE(well_formed_xml(svg, why)) << why;
    EXPECT_NE(svg.find("<svg xmlns=\"http://www.w3.org/2000/svg\""), std::string::npos);
    EXPECT_NE(svg.find("2026-11-24"), std::string::npos);
    EXPECT_NE(svg.find("2026-12-03"), std::string::npos);
    EXPECT_NE(svg.find(">fear</text>"), std::string::npos);
    // One point per day with messages; the line breaks at the empty day.
    size_t circles = 0;
    for (size_t p = svg.find("<circle"); p != std::string::npos; p = svg.find("<circle", p + 1)) circles++;
    EXPECT_EQ(circles, 9u + 7u);  // 9 days + 7 legend dots
    size_t path = svg.find("<path d=\"");
    ASSERT_NE(path, std::string::npos);
    std::string d = svg.substr(path, svg.find('"', path + 9) - path);
    EXPECT_EQ(std::count(d.begin(), d.end(), 'M'), 2);

    EXPECT_TRUE(well_formed_xml(render_mood_svg({}), why)) << why;
    auto one = group_by_day(std::vector<MoodSample>{sample(NOV24, 0.3f, "joy")});
    EXPECT_TRUE(well_formed_xml(render_mood_svg(one), why)) << why;
}

TEST(MoodChart, LongRangesStayReadable) {
    std::vector<MoodSample> s;
    for (int d = 0; d < 365; ++d) s.push_back(sample(NOV24 + d * DAY, 0.1f, "joy"));
    std::string svg = render_mood_svg(group_by_day(s));
    std::string why;
    EXPECT_TRUE(well_formed_xml(svg, why)) << why;
    size_t date_labels = 0;
    for (size_t p = svg.find("rotate(-45"); p != std::string::npos; p = svg.find("rotate(-45", p + 1)) date_labels++;
    EXPECT_LE(date_labels, 32u);
    EXPECT_GE(date_labels, 20u);
}

}  // namespace
}  // namespace os1::affect

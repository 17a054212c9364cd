// The extraction targets on the labelled dev set (bench/data/extract/dev.tsv,
// scored by memory/extract_score.h like bench/extract_eval): facts kept from
// at least 85% of statements about one's life, and no fact at all from any
// question or small talk. The held-out file is for bench/extract_eval only.
#include "memory/extract_score.h"

#include "test_support.h"

using namespace os1::memory;

namespace {

constexpr int64_t T0 = 1683554160000;  // the labels' message time: Mon 8 May 2023 13:56 UTC

std::string report(const ExtractScore& s) {
    std::string out;
    for (const auto& m : s.misses) out += "\n  " + m;
    return out;
}

}  // namespace

TEST(ExtractDev, StatementsKeepTheirFactsAndQuestionsYieldNone) {
    auto cases = load_extract_cases(std::string(OS1_SOURCE_DIR) + "/bench/data/extract/dev.tsv");
    ASSERT_TRUE(cases.ok()) << cases.error().message;
    auto s = score_extraction(*cases, T0);
    ASSERT_GE(s.statements, 100);
    ASSERT_GE(s.quiet, 40);
    EXPECT_GE(s.kept_share(), 0.85) << s.kept << "/" << s.statements << report(s);
    EXPECT_EQ(s.quiet_ok, s.quiet) << report(s);
    EXPECT_GE(s.all.precision(), 0.9) << report(s);
}

TEST(ExtractDev, BothLabelFilesParse) {
    for (const char* name : {"dev.tsv", "heldout.tsv"}) {
        auto cases = load_extract_cases(std::string(OS1_SOURCE_DIR) + "/bench/data/extract/" + name);
        ASSERT_TRUE(cases.ok()) << cases.error().message;
        EXPECT_GE(cases->size(), 70u) << name;
    }
}

TEST(ExtractDev, ScoringCountsMissesAndStrayFacts) {
    // The scorer itself: a missed fact, a fact from a question, a match by prefix and date.
    std::vector<ExtractCase> cases = {
        {1, true, "I live in Oslo.", {{"place", "lives_in", "Oslo", "", ""}}},
        {2, true, "I live in Oslo.", {{"place", "lives_in", "Bergen", "", ""}}},
        {3, false, "I love jazz.", {}},
        {4, true, "I have a test on Monday.", {{"event", "when:", "", "2023-05-15", "test"}}},
    };
    auto s = score_extraction(cases, T0);
    EXPECT_EQ(s.statements, 3);
    EXPECT_EQ(s.kept, 2);
    EXPECT_EQ(s.quiet, 1);
    EXPECT_EQ(s.quiet_ok, 0);
    EXPECT_EQ(s.kinds["place"].tp, 1);
    EXPECT_EQ(s.kinds["place"].fn, 1);
    EXPECT_EQ(s.kinds["place"].fp, 1);  // the Oslo of line 2 nobody asked for
    EXPECT_EQ(s.kinds["like"].fp, 1);
    EXPECT_EQ(s.kinds["event"].tp, 1);
}

// Time in recall: which questions ask about time, which turns place an
// event in time, the periods questions name, and that search uses them.
#include "memory/recall_time.h"

#include <cstdlib>

#include "memory/memory.h"
#include "test_support.h"

using namespace os1;
using namespace os1::memory;
using os1::test::TempDir;

namespace {

constexpr int64_t DAY = 86'400'000;

int64_t at(int y, unsigned m, unsigned d) { return days_from_civil(y, m, d) * DAY + 14 * 3'600'000; }

TimeAsk ask(const char* q) { return time_ask(tokenize(q)); }
int anchor(const char* t) { return time_anchor(t); }

std::unique_ptr<Memory> open_mem(const TempDir& dir) {
    auto m = Memory::open_at(dir / "os1.db");
    EXPECT_TRUE(m) << m.error().message;
    return m ? m.release_value() : nullptr;
}

Episode said(std::string speaker, std::string text, int64_t t, std::string id) {
    return Episode{std::move(speaker), std::move(text), t, "s1", std::move(id), std::nullopt};
}

std::string first_source(Memory& m, const std::string& q, SearchOptions opt = {}) {
    opt.facts = false;
    auto hits = m.search(q, 5, opt);
    EXPECT_TRUE(hits) << hits.error().message;
    return hits && !hits->empty() && !hits->front().sources.empty() ? hits->front().sources.front() : "";
}

}  // namespace

TEST(RecallTime, QuestionsThatAskAboutTime) {
    EXPECT_EQ(ask("When did Sam go hiking?"), TimeAsk::When);
    EXPECT_EQ(ask("So when is the wedding?"), TimeAsk::When);
    EXPECT_EQ(ask("Which year did Ana move to Lisbon?"), TimeAsk::When);
    EXPECT_EQ(ask("What month was the concert?"), TimeAsk::When);
    EXPECT_EQ(ask("How long ago was her 18th birthday?"), TimeAsk::When);
    EXPECT_EQ(ask("How long has Ana been painting?"), TimeAsk::HowLong);
    EXPECT_EQ(ask("How many years did he work there?"), TimeAsk::HowLong);
    EXPECT_EQ(ask("What does Ana like to paint?"), TimeAsk::None);
    EXPECT_EQ(ask("What did Ana do with her kids on the trip she took when she moved?"), TimeAsk::None);
}

TEST(RecallTime, TurnsThatPlaceAnEventInTime) {
    EXPECT_EQ(anchor("I went to a support group yesterday."), 2);
    EXPECT_EQ(anchor("Last Fri I took my kids to a pottery workshop."), 2);
    EXPECT_EQ(anchor("We went camping two weekends ago."), 2);
    EXPECT_EQ(anchor("I've known these friends for 4 years."), 2);
    EXPECT_EQ(anchor("I'm going to a conference this month."), 2);
    EXPECT_EQ(anchor("We met in August 2021."), 2);
    EXPECT_EQ(anchor("I read it back in 2022."), 2);
    EXPECT_EQ(anchor("I've been so busy lately."), 1);
    EXPECT_EQ(anchor("I love hiking in the mountains."), 0);
    EXPECT_EQ(anchor("You may want to try it."), 0);  // "may" the verb is not a month
}

TEST(RecallTime, PeriodsQuestionsName) {
    auto p = named_period(tokenize("Who did Maria have dinner with on May 3, 2023?"));
    ASSERT_TRUE(p);
    EXPECT_EQ(p->year, 2023);
    EXPECT_EQ(p->month_from, 5);
    EXPECT_EQ(p->day, 3);
    p = named_period(tokenize("When did Melanie go camping in June?"));
    ASSERT_TRUE(p);
    EXPECT_EQ(p->year, 0);
    EXPECT_EQ(p->month_from, 6);
    EXPECT_EQ(p->day, 0);
    p = named_period(tokenize("What did they do during the summer of 2022?"));
    ASSERT_TRUE(p);
    EXPECT_EQ(p->month_from, 6);
    EXPECT_EQ(p->month_to, 8);
    p = named_period(tokenize("Where did she travel in 2021?"));
    ASSERT_TRUE(p);
    EXPECT_EQ(p->year, 2021);
    EXPECT_EQ(p->month_from, 1);
    EXPECT_EQ(p->month_to, 12);
    EXPECT_FALSE(named_period(tokenize("What may help her sleep?")));
}

// A "when" question prefers the turn that tells when it happened over one
// that only talks about the same thing more often.
TEST(RecallTime, WhenQuestionsFavourDatedTurns) {
    TempDir dir;
    auto m = open_mem(dir);
    ASSERT_TRUE(m);
    ASSERT_TRUE(m->add_episode(said("Sam", "I go hiking, go hiking, always go hiking: I love hiking.", at(2023, 5, 1), "loves")));
    ASSERT_TRUE(m->add_episode(said("Ana", "That is lovely, the hills near you are beautiful.", at(2023, 5, 1), "reply")));
    ASSERT_TRUE(m->add_episode(said("Sam", "I went hiking yesterday with my brother and our dogs by the lake.", at(2023, 5, 9),
                                    "dated")));
    EXPECT_EQ(first_source(*m, "When did Sam go hiking?"), "dated");
    // The same store without the time preference ranks the wordier turn first,
    // so the test above is about the preference, not the words.
    ::setenv("OS1_RECALL_WEIGHTS", "temporal=1", 1);
    EXPECT_EQ(first_source(*m, "When did Sam go hiking?"), "loves");
    ::unsetenv("OS1_RECALL_WEIGHTS");
}

// "in June" with no year means the last June the memory holds, even when
// today is years later.
TEST(RecallTime, OpenMonthResolvesToTheMemorysOwnDates) {
    TempDir dir;
    auto m = open_mem(dir);
    ASSERT_TRUE(m);
    ASSERT_TRUE(m->add_episode(said("Sam", "I cooked paella for the family.", at(2022, 6, 10), "june")));
    ASSERT_TRUE(m->add_episode(said("Sam", "Cooked risotto, cooked soup, cooked all day.", at(2022, 9, 1), "september")));
    SearchOptions opt;
    opt.now_ms = at(2026, 3, 1);
    EXPECT_EQ(first_source(*m, "What did Sam cook in June?", opt), "june");
    EXPECT_EQ(first_source(*m, "What did Sam cook?", opt), "september");
}

// A named period the memory holds nothing from still counts as words: "June"
// then finds the turn that talks about June.
TEST(RecallTime, PeriodWithNoMessagesKeepsItsWords) {
    TempDir dir;
    auto m = open_mem(dir);
    ASSERT_TRUE(m);
    ASSERT_TRUE(m->add_episode(said("Sam", "My plan, my big plan: plan everything, plan it all.", at(2022, 9, 1), "plans")));
    ASSERT_TRUE(m->add_episode(said("Sam", "I plan to sail to the islands in June.", at(2022, 9, 2), "june")));
    SearchOptions opt;
    opt.now_ms = at(2022, 10, 1);
    EXPECT_EQ(first_source(*m, "What does Sam plan for June?", opt), "june");
    EXPECT_EQ(first_source(*m, "What does Sam plan?", opt), "plans");  // without "June" the other turn wins
}

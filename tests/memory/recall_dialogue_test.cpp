// Recall's rules about dialogue (recall_rank.h): the answer to a follow-up
// question is about what its speaker said before the question; a question
// about someone's experiences ("Where has Ana camped?") finds them in several
// conversations; a turn that asks counts a little less than one that tells.
#include <cstdlib>
#include <map>
#include <set>

#include "memory/memory.h"
#include "memory/recall_internal.h"
#include "memory/recall_rank.h"
#include "test_support.h"

using namespace os1;
using namespace os1::memory;
using os1::test::TempDir;

// A named namespace: the unity batch may hold recall_rank_test.cpp's helpers.
namespace recall_dialogue {

constexpr int64_t START = 1'683'000'000'000;  // May 2023
constexpr int64_t ONE_DAY = 86'400'000;

struct WeightsOverride {
    explicit WeightsOverride(const char* w) { ::setenv("OS1_RECALL_WEIGHTS", w, 1); }
    ~WeightsOverride() { ::unsetenv("OS1_RECALL_WEIGHTS"); }
};

// Adds one session's turns, a minute apart, ids "<session>.<n>".
void session(Memory& m, const std::string& name, int64_t t,
             const std::vector<std::pair<std::string, std::string>>& turns) {
    int n = 0;
    for (auto& [speaker, text] : turns) {
        auto r = m.add_episode(Episode{speaker, text, t + 60'000 * n, name, name + "." + std::to_string(n), std::nullopt});
        ASSERT_TRUE(r) << r.error().message;
        n++;
    }
}

void small_talk(Memory& m, const std::string& name, int64_t t) {
    session(m, name, t,
            {{"Ana", "The weather was grey all week, rain every single morning."},
             {"Sam", "I stayed in and fixed the kitchen shelf."},
             {"Ana", "My cousin visits next month, we will go to the market."},
             {"Sam", "Say hi to her from me, and try the bakery by the station."}});
}

// Source ids of the first k episode hits, in rank order.
std::vector<std::string> ranked(Memory& m, const std::string& q, int k) {
    SearchOptions opt;
    opt.facts = opt.summaries = false;
    auto hits = m.search(q, k, opt);
    EXPECT_TRUE(hits) << hits.error().message;
    std::vector<std::string> out;
    for (auto& h : hits ? *hits : std::vector<Hit>{})
        for (auto& s : h.sources) out.push_back(s);
    return out;
}

int position(const std::vector<std::string>& ids, const std::string& id) {
    for (size_t i = 0; i < ids.size(); i++)
        if (ids[i] == id) return static_cast<int>(i) + 1;
    return 0;
}

}  // namespace recall_dialogue

using namespace recall_dialogue;

// "I took the kids to the museum" / "What were they so excited about?" /
// "They loved the dinosaur bones!": the answer takes a share of what its
// speaker said before the other's question, not only of the question.
TEST(RecallDialogue, FollowUpShareRule) {
    auto around = [](bool same_two_up, bool other_asks) {
        return Around{[](int d) { return d == -2 ? 10.0 : 0.0; }, [=](int d) { return d == -1 && other_asks; },
                      [=](int d) { return d == -2 ? same_two_up : d == 0; }};
    };
    WeightsOverride w("follow=0.3,nb2=0");
    EXPECT_DOUBLE_EQ(context_share(around(true, true)), 3.0);
    EXPECT_DOUBLE_EQ(context_share(around(false, true)), 0.0);  // someone else said it
    EXPECT_DOUBLE_EQ(context_share(around(true, false)), 0.0);  // nobody asked in between
    WeightsOverride off("follow=0,nb2=0");
    EXPECT_DOUBLE_EQ(context_share(around(true, true)), 0.0);
}

TEST(RecallDialogue, AnswerToAFollowUpQuestion) {
    TempDir dir;
    auto opened = Memory::open_at(dir / "os1.db");
    ASSERT_TRUE(opened) << opened.error().message;
    auto& m = **opened;
    small_talk(m, "s1", START);
    session(m, "s2", START + ONE_DAY,
            {{"Sam", "Yesterday I took the kids to the science museum downtown."},
             {"Ana", "Fun! What were they so stoked about?"},
             {"Sam", "They loved the dinosaur bones, the kids would not leave that hall."},
             {"Ana", "Ha, I can picture it."}});
    // Turns that share a word with the question and answer nothing.
    session(m, "s3", START + 2 * ONE_DAY,
            {{"Sam", "The museum cafe has the best lemon cake."},
             {"Ana", "My kids like the park more than anything."},
             {"Sam", "The bus to school was late again."},
             {"Ana", "Kids at the library were reading quietly."}});
    small_talk(m, "s4", START + 3 * ONE_DAY);
    const char* q = "What did Sam's kids like at the science museum?";
    int with = position(ranked(m, q, 5), "s2.2");
    WeightsOverride off("follow=0");
    int without = position(ranked(m, q, 5), "s2.2");
    ASSERT_GT(with, 0);
    EXPECT_LE(with, 3);
    EXPECT_TRUE(without == 0 || without > with) << "without " << without << ", with " << with;
}

TEST(RecallDialogue, QuestionsAboutExperiences) {
    std::set<std::string> people = {"ana", "sam"};
    EXPECT_TRUE(asks_about_experiences(tokenize("Where has Ana camped?"), people));
    EXPECT_TRUE(asks_about_experiences(tokenize("What have both Sam and Ana cooked?"), people));
    EXPECT_TRUE(asks_about_experiences(tokenize("Which cities has she visited?"), people));
    EXPECT_FALSE(asks_about_experiences(tokenize("What does Ana have?"), people));
    EXPECT_FALSE(asks_about_experiences(tokenize("What does Ana say running has been great for?"), people));
    EXPECT_FALSE(asks_about_experiences(tokenize("Where did Ana camp?"), people));
}

// Each camping trip is told in its own conversation; the first had a long
// talk. A question about experiences ("has Ana camped") spreads its hits
// over the conversations, one about a single time ("did Ana camp") does not.
TEST(RecallDialogue, ExperiencesFromSeveralConversations) {
    TempDir dir;
    auto opened = Memory::open_at(dir / "os1.db");
    ASSERT_TRUE(opened) << opened.error().message;
    auto& m = **opened;
    session(m, "s1", START,
            {{"Ana", "We camped by the lake last weekend, the kids loved it."},
             {"Sam", "Camping by a lake sounds perfect."},
             {"Ana", "The camping spot had a little beach too."},
             {"Sam", "Did you camp in a tent or a cabin?"},
             {"Ana", "A tent! Camping in a cabin is cheating."}});
    small_talk(m, "s2", START + ONE_DAY);
    session(m, "s3", START + 2 * ONE_DAY, {{"Ana", "We went camping in the mountains this time."}});
    small_talk(m, "s4", START + 3 * ONE_DAY);
    session(m, "s5", START + 4 * ONE_DAY, {{"Ana", "Our camping trip in the forest was rainy but fun."}});
    auto sessions_in_top = [&](const char* q, int k) {
        std::set<std::string> s;
        for (auto& id : ranked(m, q, k)) s.insert(id.substr(0, id.find('.')));
        return s.size();
    };
    size_t spread, spread_once;
    {
        WeightsOverride w("perfect=0.5");
        spread = sessions_in_top("Where has Ana camped?", 4);
        spread_once = sessions_in_top("Where did Ana camp?", 4);
    }
    WeightsOverride off("perfect=1");
    EXPECT_GE(spread, 3u);
    EXPECT_GT(spread, sessions_in_top("Where has Ana camped?", 4));
    EXPECT_EQ(spread_once, sessions_in_top("Where did Ana camp?", 4));
}

TEST(RecallDialogue, TurnThatAsksCountsLess) {
    const char* tells = "We went to the lake and swam all day long";
    const char* asks = "We went to the lake and swam all day, ever tried it?";
    int n = word_count(asks);
    WeightsOverride w("askback=0.9,len=0");
    EXPECT_DOUBLE_EQ(turn_prior(tells, n, n), 1.0);
    EXPECT_DOUBLE_EQ(turn_prior(asks, n, n), 0.9);
    WeightsOverride off("askback=1,len=0");
    EXPECT_DOUBLE_EQ(turn_prior(asks, n, n), 1.0);
}

// Every reply gains its neighbour's match, whichever order the candidates
// are scored in (once a scored turn's session was moved out, and a later
// turn read it as another session's: about half the replies lost it).
TEST(RecallDialogue, EveryReplySharesItsNeighboursMatch) {
    TempDir dir;
    auto opened = Memory::open_at(dir / "os1.db");
    ASSERT_TRUE(opened) << opened.error().message;
    auto& m = **opened;
    const int pairs = 12;
    for (int i = 0; i < pairs; i++)
        session(m, "p" + std::to_string(i), START + i * ONE_DAY,
                {{"Ana", "I went sailing on the lake today."}, {"Sam", "That must have been lovely."}});
    auto reply_scores = [&](const char* w) {
        WeightsOverride o(w);
        SearchOptions opt;
        opt.facts = opt.summaries = false;
        auto hits = m.search("Did Ana go sailing?", 4 * pairs, opt);
        EXPECT_TRUE(hits);
        std::map<std::string, double> out;
        for (auto& h : hits ? *hits : std::vector<Hit>{})
            if (h.sources[0].ends_with(".1")) out[h.sources[0]] = h.score;
        return out;
    };
    auto without = reply_scores("nb=0"), with = reply_scores("nb=0.5");
    ASSERT_EQ(with.size(), static_cast<size_t>(pairs));
    for (auto& [id, score] : with) EXPECT_GT(score, without[id]) << id;
}

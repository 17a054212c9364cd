// Forget: what goes with a message, a fact and a summary; the rule for a
// reply that quotes what was forgotten; ids that are never reused (also in
// a database made by an os1 before AUTOINCREMENT).
#include <algorithm>

#include "memory/impl.h"
#include "memory/memory.h"
#include "store/database.h"
#include "test_support.h"

using namespace os1;
using namespace os1::memory;
using os1::test::TempDir;

namespace {

constexpr int64_t T0 = 1683554160000;  // 2023-05-08T13:56:00Z

std::unique_ptr<Memory> open_mem(const TempDir& dir) {
    auto m = Memory::open_at(dir / "os1.db");
    EXPECT_TRUE(m) << m.error().message;
    return m ? m.release_value() : nullptr;
}

Episode said(std::string text, int64_t t, std::string id = "", std::string speaker = "user", std::string session = "s1") {
    return Episode{std::move(speaker), std::move(text), t, std::move(session), std::move(id), std::nullopt};
}

std::vector<std::string> texts(Memory& m) {
    std::vector<std::string> out;
    for (auto& e : m.recent_episodes("", 1000).value_or({})) out.push_back(e.episode.text);
    return out;
}

bool any_note_mentions(Memory& m, const std::string& word) {
    for (bool prof : {true, false})
        for (auto& n : (prof ? m.profile() : m.summaries()).value_or({}))
            if (n.text.find(word) != std::string::npos) return true;
    return false;
}

}  // namespace

TEST(Forget, AFactTakesTheMessagesThatStatedItAndRepliesQuotingIt) {
    TempDir dir;
    auto m = open_mem(dir);
    auto a = m->add_episode(said("My sister Rachel is a pilot.", T0, "a"));
    ASSERT_TRUE(a);
    ASSERT_FALSE(a->facts.empty());
    ASSERT_TRUE(m->add_episode(said("I'll remember that your sister is Rachel.", T0 + 1, "", "os1")));
    ASSERT_TRUE(m->add_episode(said("I love gardening on Sundays.", T0 + 2, "b")));
    ASSERT_TRUE(m->add_episode(said("Gardening is a lovely way to spend a Sunday.", T0 + 3, "", "os1")));
    ASSERT_TRUE(m->reflect());
    ASSERT_TRUE(any_note_mentions(*m, "Rachel"));
    int64_t sister = 0;
    for (auto& f : m->facts().value_or({})) if (f.value.find("Rachel") != std::string::npos || f.key.find("rachel") != std::string::npos) sister = f.id;
    ASSERT_NE(sister, 0);

    auto r = m->forget("f" + std::to_string(sister));
    ASSERT_TRUE(r) << r.error().message;
    EXPECT_EQ(r->kind, "fact");
    ASSERT_EQ(r->messages.size(), 1u);
    EXPECT_EQ(r->messages[0].episode.external_id, "a");
    EXPECT_EQ(r->replies.size(), 1u);
    EXPECT_GE(r->notes_rewritten, 1);
    // What is left: the gardening turn and its reply, a summary of them.
    auto left = texts(*m);
    EXPECT_EQ(left.size(), 2u);
    for (auto& t : left) EXPECT_EQ(t.find("Rachel"), std::string::npos) << t;
    EXPECT_FALSE(any_note_mentions(*m, "Rachel"));
    EXPECT_FALSE(m->summaries()->empty()) << "the summary is rebuilt, not just dropped";
    EXPECT_TRUE(m->search("Rachel pilot sister", 5)->empty());
}

TEST(Forget, AMessageTakesItsFactsAndTheOlderVersionIsCurrentAgain) {
    TempDir dir;
    auto m = open_mem(dir);
    ASSERT_TRUE(m->add_episode(said("I live in Leeds.", T0, "l")));
    ASSERT_TRUE(m->add_episode(said("I moved to York last week.", T0 + 86'400'000, "y")));
    auto current = *m->facts();
    ASSERT_EQ(current.size(), 1u);
    EXPECT_NE(current[0].text.find("York"), std::string::npos);
    auto r = m->forget("y");
    ASSERT_TRUE(r) << r.error().message;
    EXPECT_EQ(r->kind, "message");
    EXPECT_EQ(r->facts.size(), 1u);
    current = *m->facts();
    ASSERT_EQ(current.size(), 1u);
    EXPECT_NE(current[0].text.find("Leeds"), std::string::npos);
    EXPECT_EQ(current[0].valid_to_ms, 0);
    EXPECT_EQ(current[0].superseded_by, 0);
}

TEST(Forget, ASummaryTakesTheConversationItSumsUp) {
    TempDir dir;
    auto m = open_mem(dir);
    ASSERT_TRUE(m->add_episode(said("The quarterly audit went badly.", T0, "", "user", "work")));
    ASSERT_TRUE(m->add_episode(said("The audit again, the auditors were strict.", T0 + 1, "", "user", "work")));
    ASSERT_TRUE(m->add_episode(said("I baked bread today.", T0 + 2, "", "user", "home")));
    ASSERT_TRUE(m->reflect());
    int64_t work = 0;
    for (auto& n : m->summaries().value_or({})) if (n.scope == "session:work") work = n.id;
    ASSERT_NE(work, 0);
    auto r = m->forget("s" + std::to_string(work));
    ASSERT_TRUE(r) << r.error().message;
    EXPECT_EQ(r->kind, "summary");
    EXPECT_EQ(r->messages.size(), 2u);
    EXPECT_EQ(texts(*m), std::vector<std::string>{"I baked bread today."});
    for (auto& n : m->summaries().value_or({})) EXPECT_NE(n.scope, "session:work");
    // Reflecting again does not bring it back.
    ASSERT_TRUE(m->reflect());
    EXPECT_FALSE(any_note_mentions(*m, "audit"));
}

TEST(Forget, QuotesMeansTheFactsWordsOrALongEnoughRunOfTheMessage) {
    ForgetReport r;
    StoredEpisode e;
    e.episode.text = "I failed my driving test again. My instructor says I brake far too late at junctions.";
    r.messages.push_back(e);
    Fact f;
    f.text = "You are afraid of deep water";
    r.facts.push_back(f);
    EXPECT_TRUE(r.quotes("You said: \"I failed my driving test again.\""));            // a sentence of it
    EXPECT_TRUE(r.quotes("my instructor says I brake far too late, you told me"));    // 8 words in a row
    EXPECT_TRUE(r.quotes("I'll remember that you are afraid of deep water."));        // the fact
    EXPECT_TRUE(r.quotes("i failed my driving test again my instructor says i brake far too late at junctions"));
    EXPECT_FALSE(r.quotes("I failed my exam"));                                      // everyday words
    EXPECT_FALSE(r.quotes("How was your driving lesson?"));
    EXPECT_FALSE(r.quotes("deep water"));
    EXPECT_FALSE(r.quotes(""));
}

TEST(Forget, IdsAreNeverReused) {
    TempDir dir;
    auto m = open_mem(dir);
    ASSERT_TRUE(m->add_episode(said("I like jazz.", T0)));
    auto last = m->add_episode(said("I like chess.", T0 + 1));
    ASSERT_TRUE(last && last->facts.size() == 1u);
    const int64_t fact = last->facts[0].id, episode = last->id;
    ASSERT_TRUE(m->forget("f" + std::to_string(fact)));
    // The same words again get new numbers; the old ones name nothing.
    auto again = m->add_episode(said("I like chess.", T0 + 2));
    ASSERT_TRUE(again && again->facts.size() == 1u);
    EXPECT_GT(again->id, episode);
    EXPECT_GT(again->facts[0].id, fact);
    auto stale = m->forget("f" + std::to_string(fact));
    ASSERT_FALSE(stale);
    EXPECT_EQ(stale.error().code, ErrorCode::NotFound);
    EXPECT_NE(stale.error().message.find("no fact"), std::string::npos);
    auto stale_e = m->forget("e" + std::to_string(episode));
    ASSERT_FALSE(stale_e);
    EXPECT_EQ(stale_e.error().code, ErrorCode::NotFound);
    EXPECT_EQ(m->facts()->size(), 2u) << "a stale id deleted nothing";
    // Summaries too.
    ASSERT_TRUE(m->reflect());
    int64_t s = m->summaries()->front().id;
    ASSERT_TRUE(m->forget("s" + std::to_string(s)));
    ASSERT_TRUE(m->add_episode(said("I like tea.", T0 + 3)));
    ASSERT_TRUE(m->reflect());
    for (auto& n : m->summaries().value_or({})) EXPECT_GT(n.id, s);
    for (auto& n : m->profile().value_or({})) EXPECT_GT(n.id, s);
    EXPECT_FALSE(m->forget("s" + std::to_string(s)));
}

// A database written before ids were made never-reused (schema 2): opening
// it migrates in place, keeps every row, id and reference, and from then on
// a forgotten id is not given out again.
TEST(Forget, AnOlderDatabaseIsMigratedAndKeepsItsIds) {
    TempDir dir;
    {
        auto db = store::Database::open(dir / "os1.db");
        ASSERT_TRUE(db) << db.error().message;
        ASSERT_TRUE((*db)->migrate(migrations().first(2)));
        ASSERT_TRUE((*db)->exec(
            "INSERT INTO episodes(id, speaker, text, time_ms, created_ms) VALUES(7, 'user', 'I like jazz.', 1, 1), (9, 'user', 'I like chess.', 2, 2);"
            "INSERT INTO facts(id, kind, subject, key, value, text, confidence, importance, emotional_weight, valid_from_ms)"
            "  VALUES(4, 'like', 'user', 'pref:jazz', 'yes', 'You like jazz', 1, 0.3, 0.1, 1),"
            "        (5, 'like', 'user', 'pref:chess', 'yes', 'You like chess', 1, 0.3, 0.1, 2);"
            "INSERT INTO fact_sources VALUES(4, 7), (5, 9);"
            "INSERT INTO episodes_fts(rowid, terms) VALUES(7, 'like jazz'), (9, 'like chess');"
            "INSERT INTO facts_fts(rowid, terms) VALUES(4, 'like jazz'), (5, 'like chess');"));
    }
    auto m = open_mem(dir);
    ASSERT_TRUE(m);
    auto facts = *m->facts();
    ASSERT_EQ(facts.size(), 2u);
    EXPECT_EQ(facts[1].id, 5);
    EXPECT_EQ(facts[1].sources, std::vector<std::string>{"e9"});
    EXPECT_FALSE(m->search("chess", 3)->empty());
    auto r = m->forget("e9");
    ASSERT_TRUE(r) << r.error().message;
    EXPECT_EQ(r->facts.size(), 1u);
    auto next = m->add_episode(said("I like chess.", T0));
    ASSERT_TRUE(next && next->facts.size() == 1u);
    EXPECT_GT(next->id, 9);
    EXPECT_GT(next->facts[0].id, 5);
    auto db = store::Database::open(dir / "os1.db");
    ASSERT_TRUE(db);
    EXPECT_EQ(*(*db)->schema_version(), static_cast<int>(migrations().size()));
    EXPECT_EQ(*(*db)->integrity_check(), "ok");
}

// A database written before owners (schema 3) opens in place: every row is
// the local person's, nothing is lost, ids forgotten before the upgrade are
// still never reused, and several processes meeting it at once all succeed.
#include <thread>

#include "memory/impl.h"
#include "memory/memory.h"
#include "store/database.h"
#include "test_support.h"

using namespace os1;
using namespace os1::memory;
using os1::test::TempDir;

namespace {

constexpr int64_t T0 = 1683554160000;

// What an os1 at schema 3 left: two messages (ids 7 and 9, 12 forgotten),
// two facts, a summary (s3; s5 forgotten), with their links and index rows.
void write_v3(const TempDir& dir) {
    auto db = store::Database::open(dir / "os1.db");
    ASSERT_TRUE(db) << db.error().message;
    ASSERT_TRUE((*db)->migrate(migrations().first(3)));
    auto r = (*db)->exec(
        "INSERT INTO episodes(id, external_id, speaker, text, time_ms, session, valence, arousal, emotion, created_ms)"
        "  VALUES(7, 'a1', 'user', 'I like jazz.', 1683554160000, 's1', -0.5, 0.4, 'sadness', 1),"
        "        (9, NULL, 'user', 'I like chess.', 1683554161000, 's1', NULL, NULL, NULL, 2),"
        "        (12, NULL, 'user', 'forgotten', 1683554162000, 's1', NULL, NULL, NULL, 3);"
        "DELETE FROM episodes WHERE id=12;"
        "INSERT INTO facts(id, kind, subject, key, value, text, confidence, importance, emotional_weight, valid_from_ms)"
        "  VALUES(4, 'like', 'user', 'pref:jazz', 'yes', 'You like jazz', 1, 0.3, 0.1, 1),"
        "        (5, 'like', 'user', 'pref:chess', 'yes', 'You like chess', 1, 0.3, 0.1, 2);"
        "INSERT INTO fact_sources VALUES(4, 7), (5, 9);"
        "INSERT INTO notes(id, kind, scope, text, time_ms, updated_ms)"
        "  VALUES(3, 'summary', 'session:s1', 'Conversation about jazz and chess.', 1, 1),"
        "        (5, 'summary', 'session:s2', 'gone', 1, 1);"
        "DELETE FROM notes WHERE id=5;"
        "INSERT INTO note_sources VALUES(3, 7), (3, 9);"
        "INSERT INTO note_facts VALUES(3, 4), (3, 5);"
        "INSERT INTO episodes_fts(rowid, terms) VALUES(7, 'like jazz'), (9, 'like chess');"
        "INSERT INTO facts_fts(rowid, terms) VALUES(4, 'like jazz'), (5, 'like chess');"
        "INSERT INTO notes_fts(rowid, terms) VALUES(3, 'conversation jazz chess');");
    ASSERT_TRUE(r) << r.error().message;
}

}  // namespace

TEST(OwnerMigration, AVersion3DatabaseBecomesTheLocalPersonsWithNothingLost) {
    TempDir dir;
    write_v3(dir);
    auto m = Memory::open_at(dir / "os1.db");
    ASSERT_TRUE(m) << m.error().message;
    auto& mem = **m;
    EXPECT_EQ(*mem.episode_count(), 2);
    auto e7 = *mem.episode(7);
    ASSERT_TRUE(e7.has_value());
    EXPECT_EQ(e7->episode.external_id, "a1");
    ASSERT_TRUE(e7->episode.affect.has_value());
    EXPECT_EQ(e7->episode.affect->dominant, "sadness");
    auto facts = *mem.facts();
    ASSERT_EQ(facts.size(), 2u);
    EXPECT_EQ(facts[1].sources, std::vector<std::string>{"e9"});
    auto notes = *mem.summaries();
    ASSERT_EQ(notes.size(), 1u);
    EXPECT_EQ(notes[0].id, 3);
    EXPECT_EQ(notes[0].sources, (std::vector<std::string>{"a1", "e9"}));
    EXPECT_FALSE(mem.search("chess", 3)->empty());
    EXPECT_FALSE(mem.search("jazz", 3)->empty());
    EXPECT_EQ(mem.mood_samples(0)->size(), 1u);
    // Ids forgotten before the upgrade stay unused.
    auto next = mem.add_episode({.speaker = "user", .text = "I like tennis.", .time_ms = T0 + 5000, .session = "s3"});
    ASSERT_TRUE(next) << next.error().message;
    EXPECT_GT(next->id, 12);
    ASSERT_TRUE(mem.reflect());
    for (auto& n : mem.summaries().value_or({}))
        if (n.scope == "session:s3") {
            EXPECT_GT(n.id, 5);
        }
    // Every row is the local person's; nobody else sees them.
    auto db = store::Database::open(dir / "os1.db");
    ASSERT_TRUE(db);
    EXPECT_EQ(*(*db)->schema_version(), static_cast<int>(migrations().size()));
    EXPECT_EQ(*(*db)->integrity_check(), "ok");
    for (const char* table : {"episodes", "facts", "notes"}) {
        auto st = (*db)->prepare(std::string("SELECT count(*) FROM ") + table + " WHERE owner <> 'local'");
        ASSERT_TRUE(st);
        ASSERT_TRUE(*st->step());
        EXPECT_EQ(st->column_int(0), 0) << table;
    }
    MemoryOptions other;
    other.owner = "someone-else";
    auto stranger = Memory::open_at(dir / "os1.db", other);
    ASSERT_TRUE(stranger);
    EXPECT_EQ(*(*stranger)->episode_count(), 0);
    EXPECT_TRUE((*stranger)->facts(true)->empty());
    EXPECT_TRUE((*stranger)->search("jazz chess", 10)->empty());
}

TEST(OwnerMigration, ManyOpenersOfAnOldDatabaseAllSucceed) {
    for (int round = 0; round < 4; round++) {
        TempDir dir;
        write_v3(dir);
        std::vector<std::thread> openers;
        std::atomic<int> failed{0};
        for (int i = 0; i < 6; i++)
            openers.emplace_back([&] {
                auto m = Memory::open_at(dir / "os1.db");
                if (!m || !(*m)->episode_count() || *(*m)->episode_count() != 2) failed++;
            });
        for (auto& t : openers) t.join();
        EXPECT_EQ(failed.load(), 0);
        auto db = store::Database::open(dir / "os1.db");
        ASSERT_TRUE(db);
        auto st = (*db)->prepare("SELECT count(*) FROM schema_version WHERE version=4");
        ASSERT_TRUE(st && *st->step());
        EXPECT_EQ(st->column_int(0), 1);
    }
}

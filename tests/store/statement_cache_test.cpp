// The connection's prepared-statement cache (store/database.h): a statement
// comes back reset with its bindings cleared (an owner's included), two uses
// of one SQL text at once get two statements, the cache stays within its
// capacity, and a statement that outlives its connection is finalized.
#include <sqlite3.h>

#include "store/database.h"
#include "store/scope.h"
#include "test_support.h"

using namespace os1;
using namespace os1::store;
using os1::test::TempDir;

namespace {

const Migration NOTES[] = {
    {1, "CREATE TABLE notes(id INTEGER PRIMARY KEY, owner TEXT NOT NULL, text TEXT NOT NULL);"
        "INSERT INTO notes(owner, text) VALUES('amy', 'amy 1'), ('amy', 'amy 2'), ('ben', 'ben 1');"}};

std::unique_ptr<Database> open_notes(const TempDir& dir, size_t cache = 64) {
    OpenOptions options;
    options.statement_cache = cache;
    auto db = Database::open(dir / "cache.db", options);
    EXPECT_TRUE(db) << db.error().message;
    if (!db) return nullptr;
    EXPECT_TRUE((*db)->migrate(NOTES));
    return db.release_value();
}

// Statements of the connection that are mid-step (hold a read open).
int busy_statements(Database& db) {
    int busy = 0;
    for (sqlite3_stmt* s = sqlite3_next_stmt(db.handle(), nullptr); s; s = sqlite3_next_stmt(db.handle(), s))
        busy += sqlite3_stmt_busy(s) ? 1 : 0;
    return busy;
}

}  // namespace

TEST(StatementCache, ASecondUseOfTheSameSqlIsHandedTheCachedStatement) {
    TempDir dir;
    auto db = open_notes(dir);
    ASSERT_TRUE(db);
    const auto before = db->cache_stats();
    for (int id = 1; id <= 3; id++) {
        auto st = db->prepare_cached("SELECT text FROM notes WHERE id = ?");
        ASSERT_TRUE(st) << st.error().message;
        st->bind(1, id);
        ASSERT_TRUE(*st->step());
        EXPECT_EQ(st->column_text(0), id == 1 ? "amy 1" : id == 2 ? "amy 2" : "ben 1");
    }
    const auto after = db->cache_stats();
    EXPECT_EQ(after.prepared - before.prepared, 1u) << "prepared once";
    EXPECT_EQ(after.hits - before.hits, 2u) << "then handed out again";
}

TEST(StatementCache, AReturnedStatementIsResetWithItsBindingsCleared) {
    TempDir dir;
    auto db = open_notes(dir);
    ASSERT_TRUE(db);
    {
        auto st = db->prepare_cached("SELECT ?1, text FROM notes ORDER BY id");
        ASSERT_TRUE(st);
        st->bind(1, "secret");
        ASSERT_TRUE(*st->step());  // one row read of three: a read left open
        EXPECT_EQ(busy_statements(*db), 1);
    }
    EXPECT_EQ(busy_statements(*db), 0) << "handing it back ended its read";
    auto again = db->prepare_cached("SELECT ?1, text FROM notes ORDER BY id");
    ASSERT_TRUE(again);
    ASSERT_TRUE(*again->step());
    EXPECT_TRUE(again->column_is_null(0)) << "the earlier binding did not stay";
    EXPECT_EQ(again->column_text(1), "amy 1") << "it starts from the first row";
}

TEST(StatementCache, AnOwnersStatementServesTheNextOwnerOnlyTheirRows) {
    TempDir dir;
    auto db = open_notes(dir);
    ASSERT_TRUE(db);
    const char* sql = "SELECT count(*) FROM notes WHERE owner = :owner";
    for (const char* who : {"amy", "ben", "amy", "cat"}) {
        auto scope = OwnerScope::open(*db, who);
        ASSERT_TRUE(scope);
        auto st = scope->prepare_cached(sql);
        ASSERT_TRUE(st) << st.error().message;
        ASSERT_TRUE(*st->step());
        EXPECT_EQ(st->column_int(0), std::string(who) == "amy" ? 2 : std::string(who) == "ben" ? 1 : 0) << who;
    }
    // Back in the cache, the statement holds no owner at all.
    auto raw = db->prepare_cached(sql);
    ASSERT_TRUE(raw);
    ASSERT_TRUE(*raw->step());
    EXPECT_EQ(raw->column_int(0), 0) << ":owner is unbound (NULL matches nobody)";
    EXPECT_GE(db->cache_stats().hits, 4u);
    // The scope still refuses SQL without :owner, cached or not.
    auto scope = OwnerScope::open(*db, "amy");
    ASSERT_TRUE(scope);
    EXPECT_FALSE(scope->prepare_cached("SELECT count(*) FROM notes"));
}

TEST(StatementCache, TwoUsesOfOneSqlAtOnceGetTwoStatements) {
    TempDir dir;
    auto db = open_notes(dir);
    ASSERT_TRUE(db);
    const char* sql = "SELECT text FROM notes WHERE owner = ? ORDER BY id";
    auto outer = db->prepare_cached(sql);
    ASSERT_TRUE(outer);
    outer->bind(1, "amy");
    std::vector<std::string> pairs;
    while (*outer->step()) {
        auto inner = db->prepare_cached(sql);  // the same text while the first is mid-step
        ASSERT_TRUE(inner);
        inner->bind(1, "ben");
        ASSERT_TRUE(*inner->step());
        pairs.push_back(outer->column_text(0) + "/" + inner->column_text(0));
    }
    EXPECT_EQ(pairs, (std::vector<std::string>{"amy 1/ben 1", "amy 2/ben 1"}));
}

TEST(StatementCache, StaysWithinItsCapacity) {
    TempDir dir;
    auto db = open_notes(dir, /*cache=*/2);
    ASSERT_TRUE(db);
    for (int round = 0; round < 3; round++)
        for (int n = 1; n <= 5; n++) {
            auto st = db->prepare_cached(str("SELECT ", n, " + count(*) FROM notes"));
            ASSERT_TRUE(st);
            ASSERT_TRUE(*st->step());
            EXPECT_EQ(st->column_int(0), n + 3);
        }
    EXPECT_EQ(db->cache_stats().idle, 2u);
    // The two kept are the two used last.
    const auto before = db->cache_stats();
    ASSERT_TRUE(db->prepare_cached("SELECT 5 + count(*) FROM notes"));
    EXPECT_EQ(db->cache_stats().hits, before.hits + 1);
}

TEST(StatementCache, ZeroCapacityPreparesEachTime) {
    TempDir dir;
    auto db = open_notes(dir, /*cache=*/0);
    ASSERT_TRUE(db);
    for (int i = 0; i < 3; i++) {
        auto st = db->prepare_cached("SELECT count(*) FROM notes");
        ASSERT_TRUE(st);
        ASSERT_TRUE(*st->step());
        EXPECT_EQ(st->column_int(0), 3);
    }
    EXPECT_EQ(db->cache_stats().idle, 0u);
    EXPECT_EQ(db->cache_stats().hits, 0u);
}

TEST(StatementCache, SqlWithASecondStatementIsNotCached) {
    TempDir dir;
    auto db = open_notes(dir);
    ASSERT_TRUE(db);
    const auto before = db->cache_stats();
    {
        auto st = db->prepare_cached("SELECT 1; SELECT 2");
        ASSERT_TRUE(st);
        ASSERT_TRUE(*st->step());
        EXPECT_EQ(st->column_int(0), 1);
    }
    EXPECT_EQ(db->cache_stats().idle, before.idle);
    EXPECT_EQ(db->cache_stats().prepared, before.prepared);
}

TEST(StatementCache, ACachedStatementSeesASchemaChange) {
    TempDir dir;
    auto db = open_notes(dir);
    ASSERT_TRUE(db);
    const char* sql = "SELECT * FROM notes WHERE id = 1";
    {
        auto st = db->prepare_cached(sql);
        ASSERT_TRUE(st && *st->step());
    }
    ASSERT_TRUE(db->exec("ALTER TABLE notes ADD COLUMN stars INTEGER NOT NULL DEFAULT 7"));
    auto st = db->prepare_cached(sql);
    ASSERT_TRUE(st);
    ASSERT_TRUE(*st->step());
    EXPECT_EQ(st->column_int(3), 7) << "the cached statement was prepared again by SQLite";
}

TEST(StatementCache, AStatementThatOutlivesItsConnectionIsFinalized) {
    TempDir dir;
    auto db = open_notes(dir);
    ASSERT_TRUE(db);
    auto st = db->prepare_cached("SELECT text FROM notes");
    ASSERT_TRUE(st && *st->step());
    db.reset();  // closes (a zombie connection until the statement ends)
    Statement last = std::move(*st);
    // Destroying `last` must finalize it, not hand it to a cache that is
    // gone (ASan would report a use after free).
}

TEST(StatementCache, TransactionsUseTheCache) {
    TempDir dir;
    auto db = open_notes(dir);
    ASSERT_TRUE(db);
    for (int i = 0; i < 3; i++) {
        auto tx = Transaction::begin(*db);
        ASSERT_TRUE(tx);
        auto ins = db->prepare_cached("INSERT INTO notes(owner, text) VALUES('amy', 'more')");
        ASSERT_TRUE(ins && ins->run());
        ASSERT_TRUE(tx->commit());
    }
    auto count = db->prepare_cached("SELECT count(*) FROM notes");
    ASSERT_TRUE(count && *count->step());
    EXPECT_EQ(count->column_int(0), 6);
    EXPECT_GE(db->cache_stats().hits, 6u) << "BEGIN, COMMIT and the insert, each prepared once";
}

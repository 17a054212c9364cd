// store::Database: statements, transactions, migrations, and the errors a
// person can meet (not a database, newer schema, full disk).
#include "store/database.h"

#include <atomic>
#include <fstream>
#include <mutex>
#include <thread>
#include <vector>

#include "test_support.h"

using namespace os1;
using namespace os1::store;
using os1::test::TempDir;

namespace {

const Migration V1[] = {{1, "CREATE TABLE notes(id INTEGER PRIMARY KEY, text TEXT NOT NULL);"}};
const Migration V2[] = {{1, "CREATE TABLE notes(id INTEGER PRIMARY KEY, text TEXT NOT NULL);"},
                        {2, "ALTER TABLE notes ADD COLUMN stars INTEGER NOT NULL DEFAULT 0;"}};

}  // namespace

TEST(Database, OpensInWalModeAndRoundTrips) {
    TempDir dir;
    auto db = Database::open(dir / "sub" / "a.db");
    ASSERT_TRUE(db) << db.error().message;
    {
        auto mode = (*db)->prepare("PRAGMA journal_mode");
        ASSERT_TRUE(mode);
        ASSERT_TRUE(*mode->step());
        EXPECT_EQ(mode->column_text(0), "wal");
        auto sync = (*db)->prepare("PRAGMA synchronous");
        ASSERT_TRUE(sync && *sync->step());
        EXPECT_EQ(sync->column_int(0), 2);  // FULL
    }
    ASSERT_TRUE((*db)->migrate(V1));
    auto ins = (*db)->prepare("INSERT INTO notes(text) VALUES(?)");
    ASSERT_TRUE(ins);
    ins->bind(1, "héllo 'quoted'");
    ASSERT_TRUE(ins->run());
    EXPECT_EQ((*db)->last_insert_id(), 1);
    auto sel = (*db)->prepare("SELECT text FROM notes WHERE id=?");
    sel->bind(1, int64_t{1});
    ASSERT_TRUE(*sel->step());
    EXPECT_EQ(sel->column_text(0), "héllo 'quoted'");
    EXPECT_FALSE(*sel->step());
}

TEST(Database, BadSqlIsAnErrorNotACrash) {
    TempDir dir;
    auto db = Database::open(dir / "a.db");
    ASSERT_TRUE(db);
    auto st = (*db)->prepare("SELEKT nonsense");
    ASSERT_FALSE(st);
    EXPECT_NE(st.error().message.find("SELEKT"), std::string::npos);
}

TEST(Database, TransactionRollsBackUnlessCommitted) {
    TempDir dir;
    auto db = Database::open(dir / "a.db");
    ASSERT_TRUE(db && (*db)->migrate(V1));
    {
        auto tx = Transaction::begin(**db);
        ASSERT_TRUE(tx);
        ASSERT_TRUE((*db)->exec("INSERT INTO notes(text) VALUES('lost')"));
    }
    {
        auto tx = Transaction::begin(**db);
        ASSERT_TRUE((*db)->exec("INSERT INTO notes(text) VALUES('kept')"));
        ASSERT_TRUE(tx->commit());
    }
    auto st = (*db)->prepare("SELECT group_concat(text) FROM notes");
    ASSERT_TRUE(*st->step());
    EXPECT_EQ(st->column_text(0), "kept");
}

TEST(Database, MigratesStepByStepAndKeepsData) {
    TempDir dir;
    {
        auto db = Database::open(dir / "a.db");
        ASSERT_EQ(*(*db)->migrate(V1), 1);
        ASSERT_TRUE((*db)->exec("INSERT INTO notes(text) VALUES('old')"));
    }
    auto db = Database::open(dir / "a.db");
    auto v = (*db)->migrate(V2);
    ASSERT_TRUE(v) << v.error().message;
    EXPECT_EQ(*v, 2);
    EXPECT_EQ(*(*db)->schema_version(), 2);
    auto st = (*db)->prepare("SELECT text, stars FROM notes");
    ASSERT_TRUE(*st->step());
    EXPECT_EQ(st->column_text(0), "old");
    EXPECT_EQ(st->column_int(1), 0);
    // Running again is a no-op.
    EXPECT_EQ(*(*db)->migrate(V2), 2);
}

TEST(Database, RefusesANewerSchema) {
    TempDir dir;
    {
        auto db = Database::open(dir / "a.db");
        ASSERT_TRUE((*db)->migrate(V2));
    }
    auto db = Database::open(dir / "a.db");
    auto v = (*db)->migrate(V1);
    ASSERT_FALSE(v);
    EXPECT_EQ(v.error().code, ErrorCode::Unsupported);
    EXPECT_NE(v.error().message.find("newer os1"), std::string::npos) << v.error().message;
    EXPECT_EQ(*(*db)->schema_version(), 2);  // untouched
}

TEST(Database, RefusesAFileThatIsNotADatabase) {
    TempDir dir;
    std::ofstream(dir / "a.db") << "this is a text file, not SQLite, and it is long enough to have a header......";
    auto db = Database::open(dir / "a.db");
    ASSERT_FALSE(db);
    EXPECT_EQ(db.error().code, ErrorCode::Corrupt);
    EXPECT_NE(db.error().message.find("not an os1 database"), std::string::npos) << db.error().message;
    // The file is left as it was.
    std::ifstream in(dir / "a.db");
    std::string first;
    in >> first;
    EXPECT_EQ(first, "this");
}

TEST(Database, FullDiskIsReportedAndNothingHalfWritten) {
    TempDir dir;
    auto db = Database::open(dir / "a.db");
    ASSERT_TRUE((*db)->migrate(V1));
    ASSERT_TRUE((*db)->exec("INSERT INTO notes(text) VALUES('before')"));
    auto pages = (*db)->prepare("PRAGMA page_count");
    ASSERT_TRUE(*pages->step());
    ASSERT_TRUE((*db)->set_max_page_count(pages->column_int(0) + 2));
    pages = Statement();
    Result<void> r = ok();
    {
        auto tx = Transaction::begin(**db);
        ASSERT_TRUE(tx);
        std::string big(2000, 'x');
        for (int i = 0; i < 200 && r; i++) {
            auto st = (*db)->prepare("INSERT INTO notes(text) VALUES(?)");
            st->bind(1, big);
            r = st->run();
        }
    }  // not committed: rolled back
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, ErrorCode::Io);
    EXPECT_NE(r.error().message.find("disk is full"), std::string::npos) << r.error().message;
    auto count = (*db)->prepare("SELECT count(*) FROM notes");
    ASSERT_TRUE(*count->step());
    EXPECT_EQ(count->column_int(0), 1);
    EXPECT_EQ(*(*db)->integrity_check(), "ok");
}

// First use by several openers at once: each migration step re-reads the
// version inside BEGIN IMMEDIATE, so exactly one applies it and the others
// wait (busy timeout) and see it done; switching to WAL tolerates a
// concurrent opener. (tests/memory/first_use_test.cpp does this with
// processes.)
TEST(Database, ConcurrentFirstUseMigratesOnce) {
    const Migration schema[] = {{1, "CREATE TABLE notes(id INTEGER PRIMARY KEY, text TEXT NOT NULL);"},
                                {2, "CREATE TABLE tags(id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT);"},
                                {3, "ALTER TABLE notes ADD COLUMN stars INTEGER NOT NULL DEFAULT 0;"}};
    for (int round = 0; round < 5; round++) {
        TempDir dir;
        std::vector<std::thread> openers;
        std::atomic<int> failures{0};
        std::mutex mutex;
        std::string first_error;
        for (int i = 0; i < 8; i++)
            openers.emplace_back([&] {
                auto db = Database::open(dir / "a.db");
                Result<int> v = db ? (*db)->migrate(schema) : Result<int>(db.error());
                if (!v || *v != 3) {
                    failures++;
                    std::lock_guard lock(mutex);
                    if (!v) first_error = v.error().message;
                }
            });
        for (auto& t : openers) t.join();
        EXPECT_EQ(failures.load(), 0) << first_error;
        auto db = Database::open(dir / "a.db");
        ASSERT_TRUE(db);
        auto count = (*db)->prepare("SELECT count(*) FROM schema_version");
        ASSERT_TRUE(count && *count->step());
        EXPECT_EQ(count->column_int(0), 3) << "each step applied once";
    }
}

// The database holds a person's words: created 0600 (the WAL and SHM
// inherit it), and a file an older os1 left 0644 is tightened on open.
TEST(Database, FilesArePrivate) {
    TempDir dir;
    auto mode = [](const std::filesystem::path& p) {
        return static_cast<unsigned>(std::filesystem::status(p).permissions() & std::filesystem::perms::all);
    };
    {
        auto db = Database::open(dir / "a.db");
        ASSERT_TRUE(db);
        ASSERT_TRUE((*db)->migrate(V1));
        ASSERT_TRUE((*db)->exec("INSERT INTO notes(text) VALUES('x')"));
        for (const char* name : {"a.db", "a.db-wal", "a.db-shm"}) {
            ASSERT_TRUE(std::filesystem::exists(dir / name)) << name;
            EXPECT_EQ(mode(dir / name), 0600u) << name;
        }
    }
    std::filesystem::permissions(dir / "a.db", std::filesystem::perms(0644));
    auto db = Database::open(dir / "a.db");
    ASSERT_TRUE(db);
    EXPECT_EQ(mode(dir / "a.db"), 0600u);
}

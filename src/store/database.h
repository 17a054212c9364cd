// SQLite for os1: one RAII connection, prepared statements, transactions and
// versioned schema migrations. Every SQLite error becomes an os1::Error that
// names the database and what went wrong (a full disk is Error::io, a file
// that is not a database is Error::corrupt).
//
//   auto db = TRY(Database::open(path));               // WAL, synchronous=FULL, busy timeout
//   TRY(db->migrate(MIGRATIONS));                      // schema_version table
//   auto st = TRY(db->prepare("INSERT INTO t(a) VALUES(?)"));
//   st.bind(1, "x"); TRY(st.step());
//
// Durability: journal_mode=WAL with synchronous=FULL — the WAL is fsynced at
// every commit, so a committed transaction survives a process kill and a
// power cut. (NORMAL would survive a kill but may lose the last commits on
// power loss; memory promises "durable before acknowledged", so FULL.)
//
// Statement cache: prepare_cached(sql) hands out a statement from the
// connection's cache (keyed by the SQL text; prepared on the first use) and
// takes it back when the Statement is destroyed: sqlite3_reset and
// sqlite3_clear_bindings, so the next user sees no earlier binding (an
// owner's included) and holds no read transaction. Two uses of the same SQL
// at once get two statements. At most OpenOptions::statement_cache idle
// statements are kept (the least recently used is finalized); all are
// finalized when the Database closes, and a cached Statement that outlives
// its Database is finalized instead of returned.
//
// Thread safety: a Database and its Statements belong to one thread at a
// time (callers hold their own mutex); the cache is part of the connection,
// so a cached Statement is destroyed (returned) under that same mutex.
// Several processes may share a file; a writer waits up to busy_timeout_ms
// for another.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "core/result.h"

struct sqlite3;
struct sqlite3_stmt;

namespace os1::store {

class Database;
class StatementCache;

// A prepared statement (finalized on destruction, or handed back to its
// connection's cache when it came from prepare_cached). Bind indexes are
// 1-based, column indexes 0-based.
class Statement {
public:
    Statement() = default;
    Statement(Statement&& other) noexcept;
    Statement& operator=(Statement&& other) noexcept;
    ~Statement();

    Statement& bind(int index, int64_t value);
    Statement& bind(int index, int value) { return bind(index, static_cast<int64_t>(value)); }
    Statement& bind(int index, double value);
    Statement& bind(int index, std::string_view text);
    Statement& bind(int index, const char* text) { return bind(index, std::string_view(text)); }
    Statement& bind(int index, const std::string& text) { return bind(index, std::string_view(text)); }
    Statement& bind_blob(int index, std::span<const uint8_t> data);
    Statement& bind_null(int index);
    // The index of a named parameter (":owner"), 0 when the SQL has none.
    int parameter_index(const char* name) const;
    // A text binding that reset() keeps (reset() clears all others): an
    // owner's scope binds :owner this way (scope.h).
    Statement& bind_kept(int index, std::string_view text);

    // Advances: true when a row is ready, false when done.
    Result<bool> step();
    // Runs to completion (for statements that return no rows).
    Result<void> run();
    // Ready for re-use with new bindings (all cleared but a kept one).
    void reset();

    int64_t column_int(int col) const;
    double column_double(int col) const;
    std::string column_text(int col) const;
    std::string_view column_view(int col) const;  // valid until the next step
    bool column_is_null(int col) const;

private:
    friend class Database;
    Statement(Database* db, sqlite3_stmt* stmt) : m_db(db), m_stmt(stmt) {}
    // Finalizes the statement, or hands it back to the cache it came from.
    void release();
    Database* m_db = nullptr;
    sqlite3_stmt* m_stmt = nullptr;
    std::weak_ptr<StatementCache> m_cache;  // set when it came from prepare_cached
    int m_kept_index = 0;
    std::string m_kept_text;
};

// One step of a schema: version N is applied in one transaction, after N-1.
struct Migration {
    int version;
    const char* sql;
};

struct OpenOptions {
    bool read_only = false;
    int busy_timeout_ms = 5000;
    bool synchronous_full = true;   // false: NORMAL (faster, survives kill -9, not power loss)
    bool secure_delete = true;      // forgotten data is overwritten, not left in free pages
    // Idle prepared statements kept by prepare_cached (0: none). The
    // environment's OS1_STATEMENT_CACHE=N overrides it (benchmarks: 0 is
    // "before").
    size_t statement_cache = 64;
};

class Database {
public:
    static Result<std::unique_ptr<Database>> open(const std::filesystem::path& path, OpenOptions options = {});
    ~Database();
    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;

    Result<Statement> prepare(std::string_view sql);
    // The same, from the connection's statement cache (see the top of this
    // file): for statements a program runs again and again. `sql` must be
    // one statement; text after it makes the statement an uncached one.
    Result<Statement> prepare_cached(std::string_view sql);
    // How the cache did: statements handed out from it, prepared for it,
    // and idle in it now (tests, benchmarks).
    struct CacheStats {
        uint64_t hits = 0;
        uint64_t prepared = 0;
        size_t idle = 0;
    };
    CacheStats cache_stats() const;
    // Runs one or more statements without results.
    Result<void> exec(std::string_view sql);

    Result<void> begin();     // BEGIN IMMEDIATE (takes the write lock now)
    Result<void> commit();
    void rollback();          // never fails loudly; used on error paths

    // Brings the schema to the newest version in `migrations` (sorted,
    // starting at 1). Refuses a database whose version is newer than ours.
    Result<int> migrate(std::span<const Migration> migrations);
    Result<int> schema_version();

    int64_t last_insert_id() const;
    int changes() const;
    // "ok" or the problems PRAGMA integrity_check lists.
    Result<std::string> integrity_check();
    // Caps the file size (pages); tests use it to simulate a full disk.
    Result<void> set_max_page_count(int64_t pages);
    Result<void> checkpoint_truncate();

    const std::filesystem::path& path() const { return m_path; }
    sqlite3* handle() const { return m_db; }
    // Builds an Error from the connection's last error: "what: message".
    Error error(std::string_view what, int rc) const;

private:
    Database(sqlite3* db, std::filesystem::path path) : m_db(db), m_path(std::move(path)) {}
    Result<void> run_cached(std::string_view sql);
    sqlite3* m_db = nullptr;
    std::filesystem::path m_path;
    std::shared_ptr<StatementCache> m_cache;  // null when OpenOptions::statement_cache is 0
};

// A transaction that rolls back unless committed.
class Transaction {
public:
    static Result<Transaction> begin(Database& db);
    Transaction(Transaction&& other) noexcept : m_db(other.m_db) { other.m_db = nullptr; }
    Transaction& operator=(Transaction&&) = delete;
    ~Transaction();
    Result<void> commit();

private:
    explicit Transaction(Database* db) : m_db(db) {}
    Database* m_db;
};

}  // namespace os1::store

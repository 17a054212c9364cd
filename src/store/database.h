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
// Thread safety: a Database and its Statements belong to one thread at a
// time (callers hold their own mutex). Several processes may share a file;
// a writer waits up to busy_timeout_ms for another.
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

// A prepared statement (finalized on destruction). Bind indexes are 1-based,
// column indexes 0-based.
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
    Database* m_db = nullptr;
    sqlite3_stmt* m_stmt = nullptr;
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
};

class Database {
public:
    static Result<std::unique_ptr<Database>> open(const std::filesystem::path& path, OpenOptions options = {});
    ~Database();
    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;

    Result<Statement> prepare(std::string_view sql);
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
    sqlite3* m_db = nullptr;
    std::filesystem::path m_path;
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

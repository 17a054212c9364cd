// SQLite connection, statements, transactions and migrations (database.h).
#include "store/database.h"

#include <fcntl.h>
#include <sqlite3.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>

#include "core/files.h"

namespace os1::store {

namespace {

ErrorCode code_for(int rc) {
    switch (rc & 0xff) {
        case SQLITE_FULL:
        case SQLITE_IOERR:
        case SQLITE_CANTOPEN:
        case SQLITE_READONLY:
        case SQLITE_PERM:
        case SQLITE_BUSY:
        case SQLITE_LOCKED: return ErrorCode::Io;
        case SQLITE_CORRUPT:
        case SQLITE_NOTADB: return ErrorCode::Corrupt;
        case SQLITE_CONSTRAINT:
        case SQLITE_MISMATCH:
        case SQLITE_RANGE: return ErrorCode::Invalid;
        case SQLITE_NOMEM: return ErrorCode::OutOfRange;
        default: return ErrorCode::Internal;
    }
}

std::string hint_for(int rc) {
    switch (rc & 0xff) {
        case SQLITE_FULL: return " (the disk is full: free some space and try again; nothing was half-written)";
        case SQLITE_NOTADB: return " (this file is not an os1 database; move it away or point OS1_HOME elsewhere)";
        case SQLITE_CORRUPT: return " (the database is damaged; restore a backup or move it away)";
        case SQLITE_BUSY: return " (another os1 process holds the database; try again when it is done)";
        case SQLITE_READONLY: return " (the database is read-only: check its permissions)";
        default: return "";
    }
}

}  // namespace

Error Database::error(std::string_view what, int rc) const {
    const char* msg = m_db ? sqlite3_errmsg(m_db) : sqlite3_errstr(rc);
    return Error::make(code_for(rc), m_path.string(), ": ", what, ": ", msg, hint_for(rc));
}

// ---- Statement ----

Statement::Statement(Statement&& other) noexcept
    : m_db(other.m_db),
      m_stmt(other.m_stmt),
      m_cache(std::move(other.m_cache)),
      m_kept_index(other.m_kept_index),
      m_kept_text(std::move(other.m_kept_text)) {
    other.m_stmt = nullptr;
    other.m_cache.reset();
    other.m_kept_index = 0;
}

Statement& Statement::operator=(Statement&& other) noexcept {
    if (this != &other) {
        release();
        m_db = other.m_db;
        m_stmt = other.m_stmt;
        m_cache = std::move(other.m_cache);
        m_kept_index = other.m_kept_index;
        m_kept_text = std::move(other.m_kept_text);
        other.m_stmt = nullptr;
        other.m_cache.reset();
        other.m_kept_index = 0;
    }
    return *this;
}

Statement::~Statement() { release(); }

Statement& Statement::bind(int index, int64_t value) {
    sqlite3_bind_int64(m_stmt, index, value);
    return *this;
}
Statement& Statement::bind(int index, double value) {
    sqlite3_bind_double(m_stmt, index, value);
    return *this;
}
Statement& Statement::bind(int index, std::string_view text) {
    sqlite3_bind_text(m_stmt, index, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
    return *this;
}
Statement& Statement::bind_blob(int index, std::span<const uint8_t> data) {
    sqlite3_bind_blob(m_stmt, index, data.data(), static_cast<int>(data.size()), SQLITE_TRANSIENT);
    return *this;
}
Statement& Statement::bind_null(int index) {
    sqlite3_bind_null(m_stmt, index);
    return *this;
}
int Statement::parameter_index(const char* name) const { return sqlite3_bind_parameter_index(m_stmt, name); }

Result<bool> Statement::step() {
    int rc = sqlite3_step(m_stmt);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    Error e = m_db->error(sqlite3_sql(m_stmt) ? std::string_view(sqlite3_sql(m_stmt)).substr(0, 60) : "step", rc);
    sqlite3_reset(m_stmt);
    return e;
}

Result<void> Statement::run() {
    while (TRY(step())) {
    }
    sqlite3_reset(m_stmt);
    return ok();
}

void Statement::reset() {
    sqlite3_reset(m_stmt);
    sqlite3_clear_bindings(m_stmt);
    if (m_kept_index) bind(m_kept_index, std::string_view(m_kept_text));
}

Statement& Statement::bind_kept(int index, std::string_view text) {
    m_kept_index = index;
    m_kept_text.assign(text);
    return bind(index, std::string_view(m_kept_text));
}

int64_t Statement::column_int(int col) const { return sqlite3_column_int64(m_stmt, col); }
double Statement::column_double(int col) const { return sqlite3_column_double(m_stmt, col); }
std::string Statement::column_text(int col) const { return std::string(column_view(col)); }
std::string_view Statement::column_view(int col) const {
    auto p = reinterpret_cast<const char*>(sqlite3_column_text(m_stmt, col));
    if (!p) return {};
    return {p, static_cast<size_t>(sqlite3_column_bytes(m_stmt, col))};
}
bool Statement::column_is_null(int col) const { return sqlite3_column_type(m_stmt, col) == SQLITE_NULL; }

// ---- Database ----

// statement_cache.cpp: null for a capacity of 0.
std::shared_ptr<StatementCache> make_statement_cache(size_t capacity);

namespace {

// OS1_STATEMENT_CACHE=N overrides the capacity (0 turns the cache off:
// benchmarks compare both in one build).
size_t statement_cache_capacity(const OpenOptions& options) {
    const char* env = std::getenv("OS1_STATEMENT_CACHE");
    if (!env || !*env) return options.statement_cache;
    char* end = nullptr;
    const unsigned long long n = std::strtoull(env, &end, 10);
    return end && *end == '\0' && n <= 4096 ? static_cast<size_t>(n) : options.statement_cache;
}

// The database holds a person's words: the file is created 0600 before
// SQLite opens it (SQLite gives the -wal and -shm files the database file's
// mode), and files left readable by an older os1 are tightened.
Result<void> create_private(const std::filesystem::path& path) {
    int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0) return Error::io("cannot create '", path.string(), "': ", errno_text(errno));
    ::close(fd);
    for (const char* suffix : {"", "-wal", "-shm"}) TRY(make_private(path.string() + suffix));
    return ok();
}

// journal_mode=WAL needs a moment alone with the file: a second process
// opening a fresh database at the same time may be refused (busy) even with
// a busy timeout. Either it is WAL already (someone else switched it) or we
// wait and try again, up to the busy timeout.
Result<void> enable_wal(Database& db, int timeout_ms) {
    for (int waited = 0;; waited += 20) {
        auto r = db.exec("PRAGMA journal_mode=WAL");
        if (r) return ok();
        auto st = db.prepare("PRAGMA journal_mode");
        if (st) {
            auto row = st->step();
            if (row && *row && st->column_view(0) == "wal") return ok();
        }
        if (waited >= timeout_ms) return r;
        ::usleep(20'000);
    }
}

}  // namespace

Result<std::unique_ptr<Database>> Database::open(const std::filesystem::path& path, OpenOptions options) {
    if (!options.read_only) {
        if (path.has_parent_path()) TRY(ensure_dir(path.parent_path()));
        TRY(create_private(path));
    }
    sqlite3* raw = nullptr;
    int flags = SQLITE_OPEN_NOMUTEX | (options.read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
    int rc = sqlite3_open_v2(path.c_str(), &raw, flags, nullptr);
    std::unique_ptr<Database> db(new Database(raw, path));
    if (rc != SQLITE_OK) return db->error("open", rc);
    db->m_cache = make_statement_cache(statement_cache_capacity(options));
    sqlite3_extended_result_codes(raw, 1);
    sqlite3_busy_timeout(raw, options.busy_timeout_ms);
    // The first real read tells whether this is a database at all.
    if (auto r = db->exec("SELECT count(*) FROM sqlite_master"); !r) return r.error().context("opening the memory database");
    if (!options.read_only) {
        TRY(enable_wal(*db, options.busy_timeout_ms));
        TRY(db->exec(options.synchronous_full ? "PRAGMA synchronous=FULL" : "PRAGMA synchronous=NORMAL"));
    }
    TRY(db->exec("PRAGMA foreign_keys=ON"));
    if (options.secure_delete) TRY(db->exec("PRAGMA secure_delete=ON"));
    return db;
}

Database::~Database() {
    m_cache.reset();  // finalizes the idle statements; one still out is finalized when it ends
    if (m_db) sqlite3_close_v2(m_db);
}

Result<Statement> Database::prepare(std::string_view sql) {
    sqlite3_stmt* stmt = nullptr;
    int rc = sqlite3_prepare_v3(m_db, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
    if (rc != SQLITE_OK) return error(str("prepare '", sql.substr(0, 80), "'"), rc);
    return Statement(this, stmt);
}

Result<void> Database::exec(std::string_view sql) {
    std::string s(sql);
    char* err = nullptr;
    int rc = sqlite3_exec(m_db, s.c_str(), nullptr, nullptr, &err);
    if (err) sqlite3_free(err);
    if (rc != SQLITE_OK) return error(s.substr(0, 80), rc);
    return ok();
}

Result<void> Database::run_cached(std::string_view sql) {
    auto st = TRY(prepare_cached(sql));
    return st.run();
}

// A transaction per stored message: its two statements come from the cache.
Result<void> Database::begin() { return run_cached("BEGIN IMMEDIATE"); }
Result<void> Database::commit() { return run_cached("COMMIT"); }
void Database::rollback() {
    if (!sqlite3_get_autocommit(m_db)) sqlite3_exec(m_db, "ROLLBACK", nullptr, nullptr, nullptr);
}

Result<int> Database::schema_version() {
    TRY(exec("CREATE TABLE IF NOT EXISTS schema_version(version INTEGER NOT NULL)"));
    auto st = TRY(prepare("SELECT max(version) FROM schema_version"));
    if (!TRY(st.step()) || st.column_is_null(0)) return 0;
    return static_cast<int>(st.column_int(0));
}

// Several processes may meet a fresh (or old) database at once. Each step
// re-reads the version inside BEGIN IMMEDIATE, so exactly one process
// applies it and the others, having waited for the lock (busy timeout), see
// it done. Foreign keys are off while a step runs (a step may rebuild a
// table; dropping a parent must not cascade into its children) and checked
// before the step commits.
Result<int> Database::migrate(std::span<const Migration> migrations) {
    int newest = migrations.empty() ? 0 : migrations.back().version;
    auto too_new = [&](int current) {
        return Error::unsupported(m_path.string(), ": the database has schema version ", current,
                                  " but this os1 knows only up to ", newest,
                                  "; it was written by a newer os1 — upgrade os1 (nothing was changed)");
    };
    // Up to date (the common case): no write lock needed to see that.
    if (auto st = prepare("SELECT max(version) FROM schema_version"); st && TRY(st->step()) && !st->column_is_null(0)) {
        int current = static_cast<int>(st->column_int(0));
        if (current > newest) return too_new(current);
        if (current == newest) return current;
    }
    while (true) {
        TRY(exec("PRAGMA foreign_keys=OFF"));
        auto step = [&]() -> Result<int> {  // the version after this step; -1 when up to date
            TRY(begin());
            int current = TRY(schema_version());
            if (current > newest) return too_new(current);
            const Migration* next = nullptr;
            for (const auto& m : migrations)
                if (m.version > current) {
                    next = &m;
                    break;
                }
            if (!next) {
                TRY(commit());
                return -1;
            }
            auto applied = exec(next->sql);
            if (!applied) return applied.error().context(str("schema migration to version ", next->version));
            auto check = TRY(prepare("PRAGMA foreign_key_check"));
            if (TRY(check.step()))
                return Error::corrupt(m_path.string(), ": schema migration to version ", next->version,
                                      " would break a reference (table ", check.column_text(0), ")");
            auto st = TRY(prepare("INSERT INTO schema_version(version) VALUES(?)"));
            st.bind(1, next->version);
            TRY(st.run());
            TRY(commit());
            return next->version;
        }();
        if (!step) rollback();
        TRY(exec("PRAGMA foreign_keys=ON"));
        if (!step) return step.release_error();
        if (*step < 0) return TRY(schema_version());
    }
}

int64_t Database::last_insert_id() const { return sqlite3_last_insert_rowid(m_db); }
int Database::changes() const { return sqlite3_changes(m_db); }

Result<std::string> Database::integrity_check() {
    auto st = TRY(prepare("PRAGMA integrity_check"));
    std::string all;
    while (TRY(st.step())) {
        if (!all.empty()) all += "\n";
        all += st.column_text(0);
    }
    return all;
}

Result<void> Database::set_max_page_count(int64_t pages) { return exec(str("PRAGMA max_page_count=", pages)); }
Result<void> Database::checkpoint_truncate() { return exec("PRAGMA wal_checkpoint(TRUNCATE)"); }

// ---- Transaction ----

Result<Transaction> Transaction::begin(Database& db) {
    TRY(db.begin());
    return Transaction(&db);
}

Transaction::~Transaction() {
    if (m_db) m_db->rollback();
}

Result<void> Transaction::commit() {
    auto r = m_db->commit();
    if (!r) {
        m_db->rollback();
        m_db = nullptr;
        return r;
    }
    m_db = nullptr;
    return ok();
}

}  // namespace os1::store

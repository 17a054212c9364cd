// The people store: SQLite for the rows, libsodium for the secrets.
#include "server/users.h"

#include <sodium.h>
#include <map>
#include <sqlite3.h>
#include <sys/stat.h>

#include "core/clock.h"
#include "server/auth.h"

namespace os1::server {

namespace {

// One prepared statement, kept in the store's cache (prepared once per SQL
// text: preparing costs more than running these small queries) and reset
// on scope exit. Used under the store's mutex only.
class Statement {
public:
    Statement(std::map<std::string, sqlite3_stmt*>& cache, sqlite3* db, const std::string& sql) {
        auto it = cache.find(sql);
        if (it != cache.end()) {
            m_st = it->second;
            m_rc = SQLITE_OK;
            return;
        }
        m_rc = sqlite3_prepare_v3(db, sql.c_str(), -1, SQLITE_PREPARE_PERSISTENT, &m_st, nullptr);
        if (m_rc == SQLITE_OK) cache.emplace(sql, m_st);
    }
    ~Statement() {
        if (m_rc != SQLITE_OK) {
            sqlite3_finalize(m_st);
            return;
        }
        sqlite3_reset(m_st);
        sqlite3_clear_bindings(m_st);
    }
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;
    bool ok() const { return m_rc == SQLITE_OK; }
    void bind(int i, const std::string& v) { sqlite3_bind_text(m_st, i, v.data(), int(v.size()), SQLITE_TRANSIENT); }
    void bind(int i, int64_t v) { sqlite3_bind_int64(m_st, i, v); }
    int step() { return sqlite3_step(m_st); }
    std::string text(int i) const {
        auto* p = reinterpret_cast<const char*>(sqlite3_column_text(m_st, i));
        return p ? std::string(p, size_t(sqlite3_column_bytes(m_st, i))) : std::string();
    }
    int64_t integer(int i) const { return sqlite3_column_int64(m_st, i); }

private:
    sqlite3_stmt* m_st = nullptr;
    int m_rc = SQLITE_ERROR;
};

Error db_error(sqlite3* db, const char* what) { return Error::io("the people store could not ", what, ": ", sqlite3_errmsg(db)); }

}  // namespace

// One statement that changes rows, its parameters bound as ?1, ?2, ...
template <typename... Args>
Result<void> UserStore::change(const char* sql, const char* what, const Args&... args) {
    std::lock_guard lock(m_mutex);
    Statement st(m_statements, m_db, sql);
    if (!st.ok()) return db_error(m_db, "prepare");
    int i = 0;
    (st.bind(++i, args), ...);
    if (st.step() != SQLITE_DONE) return db_error(m_db, what);
    return ok();
}

namespace {

std::string to_hex(const unsigned char* p, size_t n) {
    std::string out(n * 2 + 1, '\0');
    sodium_bin2hex(out.data(), out.size(), p, n);
    out.pop_back();
    return out;
}

std::string key_hash(const std::string& key) { return hashed_secret(key); }

User read_user(Statement& st) { return User{st.text(0), st.text(1), st.integer(2), int(st.integer(3))}; }

constexpr const char* SELECT_USER =
    "SELECT name, owner, created_ms, (SELECT count(*) FROM keys k WHERE k.user = u.name) FROM users u ";

}  // namespace

std::filesystem::path users_file(const Paths& paths) { return paths.data_dir / "users.db"; }

Result<void> check_user_name(std::string_view name) {
    auto bad = [] { return Error::invalid("a name is 1 to 32 characters: a-z, 0-9, '.', '_' or '-', starting with a letter or digit"); };
    if (name.empty() || name.size() > 32) return bad();
    for (size_t i = 0; i < name.size(); i++) {
        const char c = name[i];
        const bool alnum = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
        if (!alnum && (i == 0 || (c != '.' && c != '_' && c != '-'))) return bad();
    }
    return ok();
}

Result<std::unique_ptr<UserStore>> UserStore::open(const std::filesystem::path& file) {
    if (sodium_init() < 0) return Error::internal("libsodium could not start");
    std::error_code ec;
    std::filesystem::create_directories(file.parent_path(), ec);
    if (ec) return Error::io("cannot create ", file.parent_path().string(), ": ", ec.message());
    const mode_t old = ::umask(077);  // the file is born 0600
    sqlite3* db = nullptr;
    const int rc = sqlite3_open_v2(file.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX, nullptr);
    ::umask(old);
    if (rc != SQLITE_OK) {
        Error e = Error::io("cannot open the people store ", file.string(), ": ", db ? sqlite3_errmsg(db) : "out of memory");
        sqlite3_close(db);
        return e;
    }
    ::chmod(file.c_str(), 0600);
    sqlite3_busy_timeout(db, 5000);
    std::unique_ptr<UserStore> store(new UserStore(db));
    TRY(store->exec("PRAGMA journal_mode=WAL"));
    TRY(store->exec(
        "CREATE TABLE IF NOT EXISTS users (name TEXT PRIMARY KEY, owner TEXT NOT NULL, password TEXT NOT NULL,"
        " created_ms INTEGER NOT NULL);"
        "CREATE TABLE IF NOT EXISTS keys (hash TEXT PRIMARY KEY, user TEXT NOT NULL REFERENCES users(name)"
        " ON DELETE CASCADE, created_ms INTEGER NOT NULL);"
        "CREATE TABLE IF NOT EXISTS sessions (hash TEXT PRIMARY KEY, user TEXT NOT NULL REFERENCES users(name)"
        " ON DELETE CASCADE, created_ms INTEGER NOT NULL, touched_ms INTEGER NOT NULL, expires_ms INTEGER NOT NULL);"
        "CREATE INDEX IF NOT EXISTS sessions_user ON sessions(user);"
        "PRAGMA foreign_keys=ON;"));
    return store;
}

UserStore::UserStore(sqlite3* db) : m_db(db) {}
UserStore::~UserStore() {
    for (auto& [sql, st] : m_statements) sqlite3_finalize(st);
    sqlite3_close(m_db);
}

Result<void> UserStore::exec(const char* sql) {
    char* message = nullptr;
    if (sqlite3_exec(m_db, sql, nullptr, nullptr, &message) != SQLITE_OK) {
        Error e = Error::io("the people store failed: ", message ? message : "unknown error");
        sqlite3_free(message);
        return e;
    }
    return ok();
}

Result<User> UserStore::add(const std::string& name, const std::string& password, const std::string& owner) {
    TRY(check_user_name(name));
    if (password.empty()) return Error::invalid("the password is empty");
    if (password.size() > MAX_PASSWORD_BYTES) return Error::invalid("the password is longer than ", MAX_PASSWORD_BYTES, " bytes");
    const std::string who = owner.empty() ? name : owner;
    char hash[crypto_pwhash_STRBYTES];
    if (crypto_pwhash_str(hash, password.data(), password.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                          crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
        return Error::io("not enough memory to hash the password");
    std::lock_guard lock(m_mutex);
    Statement st(m_statements, m_db, "INSERT INTO users (name, owner, password, created_ms) VALUES (?1, ?2, ?3, ?4)");
    if (!st.ok()) return db_error(m_db, "prepare");
    const int64_t now = SystemClock::instance().wall_ms();
    st.bind(1, name);
    st.bind(2, who);
    st.bind(3, std::string(hash));
    st.bind(4, now);
    const int rc = st.step();
    if (rc == SQLITE_CONSTRAINT) return Error::invalid("there is already someone called '", name, "' (os1 user list)");
    if (rc != SQLITE_DONE) return db_error(m_db, "add the person");
    return User{name, who, now, 0};
}

Result<std::string> UserStore::new_key(const std::string& name) {
    if (!TRY(find(name))) return Error::not_found("nobody is called '", name, "' (os1 user list)");
    unsigned char raw[32];
    randombytes_buf(raw, sizeof raw);
    const std::string key = "os1_" + to_hex(raw, sizeof raw);
    sodium_memzero(raw, sizeof raw);
    std::lock_guard lock(m_mutex);
    Statement st(m_statements, m_db, "INSERT INTO keys (hash, user, created_ms) VALUES (?1, ?2, ?3)");
    if (!st.ok()) return db_error(m_db, "prepare");
    st.bind(1, key_hash(key));
    st.bind(2, name);
    st.bind(3, SystemClock::instance().wall_ms());
    if (st.step() != SQLITE_DONE) return db_error(m_db, "store the key");
    return key;
}

Result<std::vector<User>> UserStore::list() {
    std::lock_guard lock(m_mutex);
    Statement st(m_statements, m_db, std::string(SELECT_USER) + "ORDER BY name");
    if (!st.ok()) return db_error(m_db, "prepare");
    std::vector<User> out;
    int rc;
    while ((rc = st.step()) == SQLITE_ROW) out.push_back(read_user(st));
    if (rc != SQLITE_DONE) return db_error(m_db, "list people");
    return out;
}

Result<void> UserStore::remove(const std::string& name) {
    std::lock_guard lock(m_mutex);
    Statement keys(m_statements, m_db, "DELETE FROM keys WHERE user = ?1");
    Statement sessions(m_statements, m_db, "DELETE FROM sessions WHERE user = ?1");
    Statement st(m_statements, m_db, "DELETE FROM users WHERE name = ?1");
    if (!keys.ok() || !sessions.ok() || !st.ok()) return db_error(m_db, "prepare");
    keys.bind(1, name);
    sessions.bind(1, name);
    st.bind(1, name);
    if (keys.step() != SQLITE_DONE || sessions.step() != SQLITE_DONE || st.step() != SQLITE_DONE)
        return db_error(m_db, "remove the person");
    if (sqlite3_changes(m_db) == 0) return Error::not_found("nobody is called '", name, "' (os1 user list)");
    return ok();
}

Result<std::optional<User>> UserStore::find(const std::string& name) {
    std::lock_guard lock(m_mutex);
    Statement st(m_statements, m_db, std::string(SELECT_USER) + "WHERE name = ?1");
    if (!st.ok()) return db_error(m_db, "prepare");
    st.bind(1, name);
    const int rc = st.step();
    if (rc == SQLITE_ROW) return std::optional<User>(read_user(st));
    if (rc != SQLITE_DONE) return db_error(m_db, "look the person up");
    return std::optional<User>();
}

Result<std::optional<User>> UserStore::check_password(const std::string& name, const std::string& password) {
    // A fixed hash for unknown names, so a wrong name costs what a wrong password does.
    static const std::string decoy = [] {
        char h[crypto_pwhash_STRBYTES];
        if (crypto_pwhash_str(h, "decoy", 5, crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0) return std::string();
        return std::string(h);
    }();
    std::string stored;
    std::optional<User> user;
    {
        std::lock_guard lock(m_mutex);
        Statement st(m_statements, m_db, "SELECT password FROM users WHERE name = ?1");
        if (!st.ok()) return db_error(m_db, "prepare");
        st.bind(1, name);
        if (st.step() == SQLITE_ROW) stored = st.text(0);
    }
    const bool known = !stored.empty();
    if (!known) stored = decoy;
    if (password.size() > MAX_PASSWORD_BYTES || stored.empty()) return std::optional<User>();
    const bool match = crypto_pwhash_str_verify(stored.c_str(), password.data(), password.size()) == 0;
    if (!known || !match) return std::optional<User>();
    return find(name);
}

Result<std::optional<User>> UserStore::check_key(const std::string& key) {
    if (key.size() != 68 || key.rfind("os1_", 0) != 0) return std::optional<User>();
    std::lock_guard lock(m_mutex);
    Statement st(m_statements, m_db,
                 "SELECT u.name, u.owner, u.created_ms, (SELECT count(*) FROM keys c WHERE c.user = u.name)"
                 " FROM keys k JOIN users u ON u.name = k.user WHERE k.hash = ?1");
    if (!st.ok()) return db_error(m_db, "prepare");
    st.bind(1, key_hash(key));
    const int rc = st.step();
    if (rc == SQLITE_ROW) return std::optional<User>(read_user(st));
    if (rc != SQLITE_DONE) return db_error(m_db, "look the key up");
    return std::optional<User>();
}

Result<void> UserStore::add_session(const std::string& hash, const std::string& name, int64_t now_ms, int64_t expires_ms) {
    return change("INSERT INTO sessions (hash, user, created_ms, touched_ms, expires_ms) VALUES (?1, ?2, ?3, ?3, ?4)",
                  "store the session", hash, name, now_ms, expires_ms);
}

Result<std::optional<StoredSession>> UserStore::session(const std::string& hash) {
    std::lock_guard lock(m_mutex);
    Statement st(m_statements, m_db,
                 "SELECT u.name, u.owner, u.created_ms, 0, s.touched_ms, s.expires_ms FROM sessions s"
                 " JOIN users u ON u.name = s.user WHERE s.hash = ?1");
    if (!st.ok()) return db_error(m_db, "prepare");
    st.bind(1, hash);
    const int rc = st.step();
    if (rc == SQLITE_DONE) return std::optional<StoredSession>();
    if (rc != SQLITE_ROW) return db_error(m_db, "look the session up");
    return std::optional<StoredSession>(StoredSession{read_user(st), st.integer(4), st.integer(5)});
}

Result<void> UserStore::touch_session(const std::string& hash, int64_t now_ms, int64_t expires_ms) {
    return change("UPDATE sessions SET touched_ms = ?2, expires_ms = ?3 WHERE hash = ?1", "refresh the session", hash,
                  now_ms, expires_ms);
}

Result<void> UserStore::remove_session(const std::string& hash) {
    return change("DELETE FROM sessions WHERE hash = ?1", "end the session", hash);
}

Result<int> UserStore::purge_sessions(int64_t now_ms) {
    std::lock_guard lock(m_mutex);
    Statement st(m_statements, m_db, "DELETE FROM sessions WHERE expires_ms <= ?1");
    if (!st.ok()) return db_error(m_db, "prepare");
    st.bind(1, now_ms);
    if (st.step() != SQLITE_DONE) return db_error(m_db, "purge old sessions");
    return sqlite3_changes(m_db);
}

}  // namespace os1::server

// The people who may use `os1 serve`, and their keys: a small SQLite
// database of its own (<data>/users.db, 0600), separate from memory.
//   - Passwords are stored as Argon2id hashes (libsodium crypto_pwhash_str).
//   - API keys ("os1_" + 64 hex digits, 32 random bytes) are shown once and
//     stored only as their BLAKE2b hash (crypto_generichash), so a copy of
//     the database does not let anyone in.
//   - Each person has an owner id: the companion (memory, persona, mood)
//     they talk to. By default their name; `--owner local` gives them the
//     companion of `os1 chat` on this computer.
//
//   auto users = TRY(UserStore::open(users_file(paths)));
//   TRY(users->add("sam", "correct horse", ""));
//   std::string key = TRY(users->new_key("sam"));
//   auto who = TRY(users->check_key(key));    // the User, or nullopt
//
// Thread safety: every method may be called from any thread (one mutex).
#pragma once

#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "core/paths.h"
#include "core/result.h"

struct sqlite3;
struct sqlite3_stmt;

namespace os1::server {

struct User {
    std::string name;
    std::string owner;
    int64_t created_ms = 0;
    int keys = 0;
};

// A browser session as stored (auth.h's Sessions): its person, and when it
// ends unless used again. Only the hash of its token is stored.
struct StoredSession {
    User user;
    int64_t touched_ms = 0;
    int64_t expires_ms = 0;
};

// The longest password accepted (Argon2id hashes any length; this bounds the work).
constexpr size_t MAX_PASSWORD_BYTES = 1024;

// <data>/users.db
std::filesystem::path users_file(const Paths& paths);

// Names: 1..32 characters from a-z, 0-9, '.', '_' and '-', starting with a
// letter or digit. Error::invalid says so.
Result<void> check_user_name(std::string_view name);

class UserStore {
public:
    // Creates the file (0600) and its folder when absent.
    static Result<std::unique_ptr<UserStore>> open(const std::filesystem::path& file);
    ~UserStore();
    UserStore(const UserStore&) = delete;
    UserStore& operator=(const UserStore&) = delete;

    // Errors: a bad name, a taken name, an empty or too long password.
    // `owner` "" = the name.
    Result<User> add(const std::string& name, const std::string& password, const std::string& owner);
    // A new API key for the person (the old ones keep working); shown once.
    Result<std::string> new_key(const std::string& name);
    Result<std::vector<User>> list();
    // Removes the person, their keys and their sessions (their memories
    // stay in the companion's database; `os1 memory` manages those).
    // NotFound when absent.
    Result<void> remove(const std::string& name);
    // The person when name and password match; nullopt otherwise. Costs one
    // Argon2id verification either way (an unknown name is not faster).
    Result<std::optional<User>> check_password(const std::string& name, const std::string& password);
    // The key's owner, or nullopt.
    Result<std::optional<User>> check_key(const std::string& key);
    // The person by name, or nullopt (for sessions made before a removal).
    Result<std::optional<User>> find(const std::string& name);

    // Sessions, kept here so that a restarted server keeps people signed in
    // (auth.h's Sessions is their only user). `hash` is the token's hash.
    Result<void> add_session(const std::string& hash, const std::string& name, int64_t now_ms, int64_t expires_ms);
    // The session and its person, or nullopt (unknown, or its person removed).
    Result<std::optional<StoredSession>> session(const std::string& hash);
    Result<void> touch_session(const std::string& hash, int64_t now_ms, int64_t expires_ms);
    Result<void> remove_session(const std::string& hash);
    // Deletes every session that expired before `now_ms`; how many.
    Result<int> purge_sessions(int64_t now_ms);

private:
    explicit UserStore(sqlite3* db);
    Result<void> exec(const char* sql);
    template <typename... Args>
    Result<void> change(const char* sql, const char* what, const Args&... args);
    std::mutex m_mutex;
    sqlite3* m_db;  // guarded by m_mutex
    std::map<std::string, sqlite3_stmt*> m_statements;  // prepared once, by SQL text; guarded by m_mutex
};

}  // namespace os1::server

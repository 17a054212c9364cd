// One owner's view of a database. Many people may share one data folder (a
// web server serves them all from one process), so every row that holds a
// person's data carries an `owner` column, and code working for a person
// reaches the database only through an OwnerScope opened for that person:
//
//   auto scope = TRY(OwnerScope::open(db, "amy"));     // the id is checked
//   auto st = TRY(scope.prepare("SELECT text FROM notes WHERE id=? AND owner=:owner"));
//   st.bind(1, id);                                    // :owner is already bound
//
// prepare() refuses a statement that does not name the `:owner` parameter,
// so a query that forgets the owner fails on its first run (in tests)
// instead of reading another person's rows. Positional `?` parameters are
// numbered as SQLite numbers them: `:owner` takes the next number where it
// first appears, so a `?` after it is one higher (write the owner condition
// last, or count it).
//
// The scope holds no lock and no transaction of its own; it lives as long as
// the Database it was opened on and belongs to the same thread at a time.
#pragma once

#include <string>
#include <string_view>

#include "store/database.h"

namespace os1::store {

// The owner of everything a single person keeps on their own machine.
inline constexpr std::string_view LOCAL_OWNER = "local";
// Owner ids are names, not documents.
inline constexpr size_t MAX_OWNER_BYTES = 128;

// An owner id is non-empty, at most MAX_OWNER_BYTES bytes of valid UTF-8,
// without control characters (so it can be logged and shown on one line)
// and without leading or trailing spaces (two ids that look alike are one).
Result<void> check_owner(std::string_view owner);

class OwnerScope {
public:
    static Result<OwnerScope> open(Database& db, std::string_view owner);

    // A statement with :owner bound to this scope's owner; refuses SQL
    // without :owner (Error::internal: a query that would see everyone).
    Result<Statement> prepare(std::string_view sql);
    // The same from the connection's statement cache (database.h): the
    // statement comes back to the cache with :owner cleared, and is bound
    // to this scope's owner again each time it is handed out.
    Result<Statement> prepare_cached(std::string_view sql);

    const std::string& owner() const { return m_owner; }
    Database& database() const { return *m_db; }
    int64_t last_insert_id() const { return m_db->last_insert_id(); }
    int changes() const { return m_db->changes(); }

private:
    OwnerScope(Database* db, std::string owner) : m_db(db), m_owner(std::move(owner)) {}
    Database* m_db;
    std::string m_owner;
};

}  // namespace os1::store

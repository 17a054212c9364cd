// The connection's prepared-statement cache (database.h, "Statement cache").
//
// Preparing a statement parses and plans its SQL: for the short queries a
// person's memory runs per request (a fact's sources, one per fact) that is
// most of the work. The cache keeps idle statements by their SQL text and
// hands them out again, reset and with their bindings cleared.
#include <sqlite3.h>

#include <cstring>
#include <unordered_map>
#include <vector>

#include "store/database.h"

namespace os1::store {

class StatementCache {
public:
    explicit StatementCache(size_t capacity) : m_capacity(capacity) {}
    ~StatementCache() {
        for (auto& [sql, idle] : m_idle)
            for (const auto& entry : idle) sqlite3_finalize(entry.stmt);
    }
    StatementCache(const StatementCache&) = delete;
    StatementCache& operator=(const StatementCache&) = delete;

    // An idle statement for `sql`, or null.
    sqlite3_stmt* take(std::string_view sql) {
        auto it = m_idle.find(sql);
        if (it == m_idle.end() || it->second.empty()) return nullptr;
        sqlite3_stmt* stmt = it->second.back().stmt;
        it->second.pop_back();
        m_count--;
        m_hits++;
        return stmt;
    }

    // Takes a statement back: reset (ends its read, drops a pending error),
    // bindings cleared (no earlier value, an owner's included, reaches the
    // next user). Over capacity, the least recently returned is finalized.
    void give_back(sqlite3_stmt* stmt) {
        sqlite3_reset(stmt);
        sqlite3_clear_bindings(stmt);
        const char* text = sqlite3_sql(stmt);
        if (m_capacity == 0 || !text) {
            sqlite3_finalize(stmt);
            return;
        }
        std::string_view sql(text);
        auto it = m_idle.find(sql);
        if (it == m_idle.end()) it = m_idle.emplace(std::string(sql), std::vector<Entry>{}).first;
        it->second.push_back({stmt, ++m_tick});
        if (++m_count > m_capacity) evict_oldest();
    }

    void note_prepared() { m_prepared++; }
    Database::CacheStats stats() const { return {m_hits, m_prepared, m_count}; }

private:
    struct Entry {
        sqlite3_stmt* stmt;
        uint64_t tick;  // when it was given back
    };
    // Heterogeneous lookup: a string_view finds its std::string key without a copy.
    struct Hash {
        using is_transparent = void;
        size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
    };

    void evict_oldest() {
        std::vector<Entry>* oldest_list = nullptr;
        size_t oldest_at = 0;
        for (auto& [sql, idle] : m_idle)
            for (size_t i = 0; i < idle.size(); i++)
                if (!oldest_list || idle[i].tick < (*oldest_list)[oldest_at].tick) {
                    oldest_list = &idle;
                    oldest_at = i;
                }
        if (!oldest_list) return;
        sqlite3_finalize((*oldest_list)[oldest_at].stmt);
        oldest_list->erase(oldest_list->begin() + static_cast<std::ptrdiff_t>(oldest_at));
        m_count--;
        // Keys without idle statements are kept: the SQL text is a few
        // hundred bytes, and the set of statements a program runs is fixed.
    }

    size_t m_capacity;
    size_t m_count = 0;
    uint64_t m_tick = 0;
    uint64_t m_hits = 0;
    uint64_t m_prepared = 0;
    std::unordered_map<std::string, std::vector<Entry>, Hash, std::equal_to<>> m_idle;
};

void Statement::release() {
    if (!m_stmt) return;
    if (auto cache = m_cache.lock()) cache->give_back(m_stmt);
    else sqlite3_finalize(m_stmt);  // uncached, or its Database is gone
    m_stmt = nullptr;
    m_cache.reset();
    m_kept_index = 0;
    m_kept_text.clear();
}

Result<Statement> Database::prepare_cached(std::string_view sql) {
    if (!m_cache) return prepare(sql);
    if (sqlite3_stmt* stmt = m_cache->take(sql)) {
        Statement st(this, stmt);
        st.m_cache = m_cache;
        return st;
    }
    Statement st = TRY(prepare(sql));
    // sqlite3_sql is the key the statement comes back under: the text of
    // the one statement prepared. Text after it (a second statement) would
    // never match, so such a statement is not cached.
    const char* text = sqlite3_sql(st.m_stmt);
    if (text && std::string_view(text) == sql) {
        st.m_cache = m_cache;
        m_cache->note_prepared();
    }
    return st;
}

Database::CacheStats Database::cache_stats() const { return m_cache ? m_cache->stats() : CacheStats{}; }

std::shared_ptr<StatementCache> make_statement_cache(size_t capacity) {
    if (capacity == 0) return nullptr;
    return std::make_shared<StatementCache>(capacity);
}

}  // namespace os1::store

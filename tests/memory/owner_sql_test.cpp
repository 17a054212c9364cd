// Every statement memory runs names its owner. Memory reaches the database
// through an OwnerScope, which refuses SQL without :owner at run time; this
// test reads memory's source so that a query added later cannot even reach
// a test run without it: every prepare() goes through the scope and its SQL
// text names :owner, and the raw connection prepares only the two planning
// statistics that span the whole store (never shown to anyone).
#include <filesystem>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

#include "memory/impl.h"
#include "memory/sql.h"
#include "test_support.h"

namespace fs = std::filesystem;

namespace {

std::string read(const fs::path& p) {
    std::ifstream in(p);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

// The text of the call's argument list starting at `open` (just after '('),
// up to its closing parenthesis; and the string literals in it, joined.
struct Call {
    std::string args, literals;
};

Call call_at(const std::string& src, size_t open) {
    Call c;
    int depth = 1;
    for (size_t i = open; i < src.size() && depth > 0; i++) {
        char ch = src[i];
        if (ch == '"') {
            size_t j = i + 1;
            for (; j < src.size() && src[j] != '"'; j++)
                if (src[j] == '\\') j++;
            c.literals += src.substr(i + 1, j - i - 1);
            c.args += src.substr(i, j - i + 1);
            i = j;
            continue;
        }
        if (ch == '(') depth++;
        if (ch == ')') depth--;
        if (depth > 0) c.args += ch;
    }
    return c;
}

// The bodies of `#define SQL_...` macros (statements shared by name).
std::vector<std::pair<std::string, std::string>> sql_macros(const std::string& src) {
    std::vector<std::pair<std::string, std::string>> out;
    for (size_t pos = 0; (pos = src.find("#define SQL_", pos)) != std::string::npos; pos++) {
        size_t name_end = src.find_first_of(" \\\n", pos + 8);
        std::string body;
        size_t i = name_end;
        while (i < src.size()) {
            size_t eol = src.find('\n', i);
            std::string line = src.substr(i, eol - i);
            body += line;
            if (line.empty() || line.back() != '\\') break;
            i = eol + 1;
        }
        out.emplace_back(src.substr(pos + 8, name_end - pos - 8), body);
    }
    return out;
}

bool is_sql(const std::string& s) {
    for (const char* k : {"SELECT", "INSERT", "UPDATE", "DELETE"})
        if (s.find(k) != std::string::npos) return true;
    return false;
}

}  // namespace

TEST(OwnerSql, EveryMemoryStatementNamesItsOwner) {
    const fs::path dir = fs::path(OS1_SOURCE_DIR) / "src" / "memory";
    int statements = 0, unscoped = 0;
    for (const auto& entry : fs::directory_iterator(dir)) {
        // schema.cpp holds the migrations (they shape tables, for everyone).
        // sql_sqlite.cpp is the statement table, checked statement by
        // statement in the next test.
        if (entry.path().extension() != ".cpp" || entry.path().filename() == "schema.cpp" ||
            entry.path().filename() == "sql_sqlite.cpp")
            continue;
        const std::string src = read(entry.path());
        const std::string file = entry.path().filename().string();
        auto macros = sql_macros(src);
        for (auto& [name, body] : macros) {
            EXPECT_NE(body.find(":owner"), std::string::npos) << file << ": " << name << " does not name :owner";
            statements++;
        }
        // prepare(...) and prepare_cached(...) (the connection's statement cache).
        for (size_t pos = 0; (pos = src.find("prepare", pos)) != std::string::npos; pos++) {
            size_t open = pos + 7;
            if (src.compare(open, 8, "_cached(") == 0) open += 7;
            if (src.compare(open, 1, "(") != 0) continue;
            size_t line_start = src.rfind('\n', pos) + 1;
            const std::string before = src.substr(line_start, pos - line_start);
            if (before.find("//") != std::string::npos) continue;  // a comment
            Call call = call_at(src, open + 1);
            const int line = 1 + static_cast<int>(std::count(src.begin(), src.begin() + static_cast<long>(pos), '\n'));
            const std::string where = file + ":" + std::to_string(line);
            if (before.ends_with("conn->")) {
                // The raw connection: only the store-wide planning statistics.
                unscoped++;
                EXPECT_TRUE(call.args == "sql::TERM_DOC_COUNT" || call.args == "sql::EPISODE_ROWS")
                    << where << ": a statement on the raw connection: " << call.args;
                continue;
            }
            EXPECT_TRUE(before.ends_with("db->") || before.ends_with("db.")) << where << ": prepare on " << before;
            statements++;
            bool by_name = false;
            for (auto& [name, body] : macros) by_name = by_name || call.args.find(name) != std::string::npos;
            if (by_name) continue;
            if (call.literals.empty()) {
                // A statement passed in by a caller (forget's ids()): every
                // caller's SQL is one of the literals checked below.
                // Or a statement by name (sql.h), checked below.
                EXPECT_NE(call.args.find("sql"), std::string::npos) << where << ": prepare(" << call.args << ")";
                continue;
            }
            EXPECT_NE(call.literals.find(":owner"), std::string::npos) << where << ": " << call.literals;
        }
        // Statements handed to helpers (ids("SELECT ...", id), a list of
        // DELETEs): every SQL literal in the file names its owner.
        for (size_t pos = 0; (pos = src.find('"', pos)) != std::string::npos;) {
            if (pos > 0 && src[pos - 1] == '\'' && pos + 1 < src.size() && src[pos + 1] == '\'') {
                pos += 2;  // the character '"'
                continue;
            }
            size_t end = pos + 1;
            for (; end < src.size() && src[end] != '"'; end++)
                if (src[end] == '\\') end++;
            std::string lit = src.substr(pos + 1, end - pos - 1);
            size_t stmt_end = src.find_first_of(";", end);
            std::string rest = src.substr(pos, stmt_end == std::string::npos ? 0 : stmt_end - pos);
            // Recall's statements are all in the table (sql.h), none written in place.
            if (file.starts_with("recall")) EXPECT_FALSE(is_sql(lit)) << file << ": SQL outside the table: " << lit;
            if (is_sql(lit) && lit.find("SELECT doc FROM episodes_vocab") == std::string::npos &&
                lit.find("max(rowid)") == std::string::npos &&
                rest.find("VALUES('optimize')") == std::string::npos) {  // FTS maintenance, no rows
                EXPECT_NE(rest.find(":owner"), std::string::npos) << file << ": " << lit;
            }
            pos = end + 1;
        }
    }
    EXPECT_GT(statements, 40);  // the scan found memory's statements
    EXPECT_EQ(unscoped, 2);
}

// The statement table (sql.h): each names :owner but the FTS maintenance,
// and each is valid SQL for the schema (prepared through an owner's scope).
TEST(OwnerSql, EveryNamedStatementIsAnOwnersAndPrepares) {
    os1::test::TempDir dir;
    auto db = os1::store::Database::open(dir / "os1.db");
    ASSERT_TRUE(db) << db.error().message;
    ASSERT_TRUE((*db)->migrate(os1::memory::migrations()));
    auto scope = os1::store::OwnerScope::open(**db, "amy");
    ASSERT_TRUE(scope);
    ASSERT_GT(os1::memory::sql::all().size(), 50u);
    // Every statement the file defines is in the table.
    const std::string src = read(fs::path(OS1_SOURCE_DIR) / "src" / "memory" / "sql_sqlite.cpp");
    size_t defined = 0;
    for (size_t pos = 0; (pos = src.find("\nconst char ", pos)) != std::string::npos; pos++) defined++;
    EXPECT_EQ(defined, os1::memory::sql::all().size());
    // Each FTS table's matches, by name.
    for (const char* table : {"episodes_fts", "facts_fts", "notes_fts"})
        for (bool recent : {false, true}) {
            auto text = os1::memory::sql::fts_match(table, recent);
            ASSERT_TRUE(text) << table;
            EXPECT_NE(std::string_view(*text).find(std::string(table) + " MATCH ?"), std::string_view::npos) << *text;
        }
    EXPECT_FALSE(os1::memory::sql::fts_match("episodes", false));
    for (const auto& st : os1::memory::sql::all()) {
        if (std::string_view(st.name) == "FTS_OPTIMIZE") {
            EXPECT_TRUE((*db)->exec(st.text));
            continue;
        }
        if (std::string_view(st.name) == "TERM_DOC_COUNT" || std::string_view(st.name) == "EPISODE_ROWS") {
            // Recall's planning statistics: store-wide counts on the raw connection.
            EXPECT_EQ(std::string_view(st.text).find(":owner"), std::string_view::npos) << st.name;
            EXPECT_TRUE((*db)->prepare(st.text)) << st.name;
            continue;
        }
        EXPECT_NE(std::string_view(st.text).find(":owner"), std::string_view::npos) << st.name;
        auto prepared = scope->prepare(st.text);
        EXPECT_TRUE(prepared) << st.name << ": " << (prepared ? "" : prepared.error().message);
    }
}

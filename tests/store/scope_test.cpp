// store::OwnerScope: one owner's view of a database. Statements must name
// :owner (bound for them); owner ids are checked.
#include "store/scope.h"

#include <gtest/gtest.h>

#include "test_support.h"

using namespace os1;
using namespace os1::store;
using os1::test::TempDir;

namespace {

std::unique_ptr<Database> notes_db(const TempDir& dir) {
    auto db = Database::open(dir / "t.db");
    EXPECT_TRUE(db) << db.error().message;
    EXPECT_TRUE((*db)->exec("CREATE TABLE notes(id INTEGER PRIMARY KEY, owner TEXT NOT NULL, text TEXT NOT NULL);"
                            "INSERT INTO notes(owner, text) VALUES('amy', 'amy one'), ('ben', 'ben one'), ('amy', 'amy two');"));
    return std::move(*db);
}

}  // namespace

TEST(OwnerScope, BindsTheOwnerAndSeesOnlyTheirRows) {
    TempDir dir;
    auto db = notes_db(dir);
    auto amy = OwnerScope::open(*db, "amy");
    ASSERT_TRUE(amy);
    EXPECT_EQ(amy->owner(), "amy");
    auto st = amy->prepare("SELECT text FROM notes WHERE id > ? AND owner=:owner ORDER BY id");
    ASSERT_TRUE(st) << st.error().message;
    st->bind(1, 0);
    std::vector<std::string> seen;
    while (*st->step()) seen.push_back(st->column_text(0));
    EXPECT_EQ(seen, (std::vector<std::string>{"amy one", "amy two"}));
    // The owner stays bound across reset (re-used statements).
    st->reset();
    st->bind(1, 1);
    ASSERT_TRUE(*st->step());
    EXPECT_EQ(st->column_text(0), "amy two");
    // An update through Ben's scope cannot touch Amy's rows.
    auto ben = OwnerScope::open(*db, "ben");
    ASSERT_TRUE(ben);
    auto up = ben->prepare("UPDATE notes SET text='changed' WHERE id=? AND owner=:owner");
    ASSERT_TRUE(up);
    up->bind(1, 1);
    ASSERT_TRUE(up->run());
    EXPECT_EQ(ben->changes(), 0);
    auto check = db->prepare("SELECT text FROM notes WHERE id=1");
    ASSERT_TRUE(check && *check->step());
    EXPECT_EQ(check->column_text(0), "amy one");
}

TEST(OwnerScope, RefusesAStatementThatDoesNotNameTheOwner) {
    TempDir dir;
    auto db = notes_db(dir);
    auto amy = OwnerScope::open(*db, "amy");
    ASSERT_TRUE(amy);
    auto st = amy->prepare("SELECT text FROM notes");
    ASSERT_FALSE(st);
    EXPECT_EQ(st.error().code, ErrorCode::Internal);
    EXPECT_NE(st.error().message.find(":owner"), std::string::npos) << st.error().message;
    // A literal 'owner' in the text is not enough: the value must be bound.
    EXPECT_FALSE(amy->prepare("SELECT text FROM notes WHERE owner='amy'"));
}

TEST(OwnerScope, OwnerIdsAreChecked) {
    TempDir dir;
    auto db = notes_db(dir);
    for (std::string bad : {std::string(), std::string(MAX_OWNER_BYTES + 1, 'x'), std::string("a\nb"), std::string("a\x1b[31m"),
                            std::string("\xc3"), std::string(" a")}) {
        auto s = OwnerScope::open(*db, bad);
        ASSERT_FALSE(s) << bad;
        EXPECT_EQ(s.error().code, ErrorCode::Invalid);
    }
    EXPECT_TRUE(OwnerScope::open(*db, std::string(MAX_OWNER_BYTES, 'x')));
    EXPECT_TRUE(check_owner(LOCAL_OWNER));
}

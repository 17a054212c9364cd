// The letters file: create, edit with versions, finish, soft delete and
// restore, find by recipient, the drafting state, and owner files apart.
#include "skills/letters/letter_store.h"

#include <gtest/gtest.h>

#include "test_support.h"

namespace os1::skills::letters {
namespace {

TEST(LetterStore, EditingKeepsEveryEarlierText) {
    test::TempDir dir;
    FakeClock clock;
    auto store = LetterStore::open(dir / "letters.db", clock).release_value();
    Letter l = store->create({"Catherine", "", "Dear Catherine,"}).release_value();
    EXPECT_EQ(l.title, "To Catherine");
    EXPECT_EQ(l.status, LetterStatus::Draft);
    EXPECT_EQ(l.created_ms, clock.wall_ms());
    clock.advance_ms(60'000);
    LetterEdit e;
    e.body = "Dear Catherine,\n\nI still read the letters you wrote.";
    Letter edited = store->edit(l.id, e).release_value();
    EXPECT_EQ(edited.updated_ms, l.created_ms + 60'000);
    EXPECT_EQ(edited.created_ms, l.created_ms);
    clock.advance_ms(60'000);
    Letter appended = store->append(l.id, "I hope you are well.").release_value();
    EXPECT_EQ(appended.body, "Dear Catherine,\n\nI still read the letters you wrote.\n\nI hope you are well.");
    auto versions = store->versions(l.id).release_value();
    ASSERT_EQ(versions.size(), 2u);
    EXPECT_EQ(versions[0].body, "Dear Catherine,");
    EXPECT_EQ(versions[1].body, "Dear Catherine,\n\nI still read the letters you wrote.");
    EXPECT_EQ(appended.versions, 2);
}

TEST(LetterStore, FinishStampsTheTimeAndSurvivesReopening) {
    test::TempDir dir;
    FakeClock clock;
    int64_t id = 0;
    {
        auto store = LetterStore::open(dir / "letters.db", clock).release_value();
        id = store->create({"Amy", "Thank you", "Dear Amy, thank you."}).release_value().id;
        clock.advance_ms(5000);
        Letter f = store->finish(id).release_value();
        EXPECT_EQ(f.status, LetterStatus::Finished);
        EXPECT_EQ(f.finished_ms, clock.wall_ms());
    }
    auto again = LetterStore::open(dir / "letters.db", clock).release_value();
    Letter l = again->get(id).release_value();
    EXPECT_EQ(l.status, LetterStatus::Finished);
    EXPECT_EQ(l.title, "Thank you");
    Letter r = again->reopen(id).release_value();
    EXPECT_EQ(r.status, LetterStatus::Draft);
    EXPECT_EQ(r.finished_ms, 0);
}

TEST(LetterStore, DeleteIsSoftAndRestoreBringsItBack) {
    test::TempDir dir;
    FakeClock clock;
    auto store = LetterStore::open(dir / "letters.db", clock).release_value();
    int64_t a = store->create({"Amy", "", "a"}).release_value().id;
    int64_t b = store->create({"Bob", "", "b"}).release_value().id;
    ASSERT_TRUE(store->mark_deleted(a));
    auto list = store->list().release_value();
    ASSERT_EQ(list.size(), 1u);
    EXPECT_EQ(list[0].id, b);
    EXPECT_FALSE(store->find_by_recipient("amy").release_value().has_value());
    EXPECT_NE(store->get(a).release_value().deleted_ms, 0);
    EXPECT_FALSE(store->mark_deleted(a));  // twice is an error, not a silent no-op
    ASSERT_TRUE(store->restore(a));
    EXPECT_EQ(store->list().release_value().size(), 2u);
    EXPECT_EQ(store->get(a).release_value().body, "a");
}

TEST(LetterStore, FindsByRecipientCaseInsensitivelyNewestFirst) {
    test::TempDir dir;
    FakeClock clock;
    auto store = LetterStore::open(dir / "letters.db", clock).release_value();
    store->create({"Catherine", "", "old"}).release_value();
    clock.advance_ms(1000);
    int64_t newer = store->create({"Catherine", "", "new"}).release_value().id;
    store->create({"Aunt Rose", "", "rose"}).release_value();
    EXPECT_EQ(store->find_by_recipient("CATHERINE").release_value()->id, newer);
    EXPECT_EQ(store->find_by_recipient("aunt rose").release_value()->body, "rose");
    EXPECT_FALSE(store->find_by_recipient("Cat").release_value().has_value());  // not a prefix of a word
    EXPECT_FALSE(store->find_by_recipient("", LetterStatus::Draft).release_value().has_value());
    EXPECT_FALSE(store->find_by_recipient("Catherine", LetterStatus::Finished).release_value().has_value());
}

TEST(LetterStore, BadInputIsRefusedWithAReasonAndLosesNothing) {
    test::TempDir dir;
    FakeClock clock;
    auto store = LetterStore::open(dir / "letters.db", clock).release_value();
    auto empty = store->create({"  ", "", "x"});
    ASSERT_FALSE(empty);
    EXPECT_NE(empty.error().message.find("recipient"), std::string::npos);
    int64_t id = store->create({"Amy", "", "kept"}).release_value().id;
    LetterEdit huge;
    huge.body = std::string(MAX_LETTER_BYTES + 1, 'x');
    auto r = store->edit(id, huge);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, ErrorCode::OutOfRange);
    EXPECT_EQ(store->get(id).release_value().body, "kept");
    EXPECT_EQ(store->get(999).error().code, ErrorCode::NotFound);
    // Invalid UTF-8 and NULs are repaired, not stored raw.
    Letter odd = store->create({"Zoë\n", "", std::string("a\xff" "b\0c", 5)}).release_value();
    EXPECT_EQ(odd.recipient, "Zoë");
    EXPECT_EQ(odd.body, "a\xEF\xBF\xBD" "bc");
}

TEST(LetterStore, DraftingStateIsPerConversationAndStored) {
    test::TempDir dir;
    FakeClock clock;
    int64_t id = 0;
    {
        auto store = LetterStore::open(dir / "letters.db", clock).release_value();
        id = store->create({"Amy", "", "x"}).release_value().id;
        ASSERT_TRUE(store->set_drafting("c1", {id, "dictate", clock.wall_ms()}));
    }
    auto store = LetterStore::open(dir / "letters.db", clock).release_value();
    auto d = store->drafting("c1").release_value();
    ASSERT_TRUE(d.has_value());
    EXPECT_EQ(d->letter_id, id);
    EXPECT_EQ(d->mode, "dictate");
    EXPECT_FALSE(store->drafting("c2").release_value().has_value());
    ASSERT_TRUE(store->stop_drafting("c1"));
    EXPECT_FALSE(store->drafting("c1").release_value().has_value());
}

TEST(LetterStore, TheFileIsPrivate) {
    test::TempDir dir;
    FakeClock clock;
    auto store = LetterStore::open(dir / "skills" / "letters.db", clock).release_value();
    auto perms = std::filesystem::status(dir / "skills" / "letters.db").permissions();
    EXPECT_EQ(perms & (std::filesystem::perms::group_all | std::filesystem::perms::others_all), std::filesystem::perms::none);
    auto dperms = std::filesystem::status(dir / "skills").permissions();
    EXPECT_EQ(dperms & std::filesystem::perms::others_all, std::filesystem::perms::none);
}

}  // namespace
}  // namespace os1::skills::letters

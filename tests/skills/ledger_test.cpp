#include "skills/ledger.h"

#include <gtest/gtest.h>

#include "skills_test_support.h"

namespace os1::skills {
namespace {

using os1::test::TempDir;
using test::NoteSkill;

struct LedgerTest : ::testing::Test {
    TempDir tmp;
    FakeClock clock{1'765'000'000'000};
    Context ctx() {
        Context c;
        c.owner = "local";
        c.dir = tmp / "skills";
        c.clock = &clock;
        c.conversation = "chat-1";
        c.message_id = "e7";
        return c;
    }
    Proposal note(const std::string& text) {
        Proposal p;
        p.skill = "notes";
        p.action = "write";
        p.summary = "write down " + text;
        p.payload = {{"text", text}};
        return p;
    }
};

TEST_F(LedgerTest, FileIsPrivateAndProposalKeepsItsProvenance) {
    auto ledger = Ledger::open(ctx()).release_value();
    EXPECT_EQ(test::mode_of(tmp / "skills"), 0700);
    EXPECT_EQ(test::mode_of(tmp / "skills" / "skills.db"), 0600);
    Proposal p = ledger->propose(note("milk"), ctx()).release_value();
    EXPECT_GT(p.id, 0);
    EXPECT_EQ(p.source, "chat:chat-1:e7");
    EXPECT_EQ(p.status, "proposed");
    auto again = ledger->get(p.id).release_value();
    EXPECT_EQ(again.payload["text"], "milk");
    EXPECT_EQ(again.created_ms, clock.wall_ms());
}

TEST_F(LedgerTest, AcceptRunsOnceAndKeepsTheResult) {
    auto ledger = Ledger::open(ctx()).release_value();
    NoteSkill skill;
    Proposal p = ledger->propose(note("milk"), ctx()).release_value();
    auto done = ledger->accept(p.id, skill, ctx());
    ASSERT_TRUE(done) << done.error().message;
    EXPECT_EQ(done->status, "done");
    EXPECT_EQ(done->result["index"], 0);
    EXPECT_EQ(skill.written, std::vector<std::string>{"milk"});
    // A stale id (already answered) runs nothing.
    auto twice = ledger->accept(p.id, skill, ctx());
    ASSERT_FALSE(twice);
    EXPECT_NE(twice.error().message.find("not waiting"), std::string::npos);
    EXPECT_EQ(skill.written.size(), 1u);
    // Undo reverses it, once.
    auto undone = ledger->undo(p.id, skill, ctx());
    ASSERT_TRUE(undone);
    EXPECT_EQ(undone->status, "undone");
    EXPECT_TRUE(skill.written.empty());
    EXPECT_FALSE(ledger->undo(p.id, skill, ctx()));
}

TEST_F(LedgerTest, FailureIsStoredWithItsReason) {
    auto ledger = Ledger::open(ctx()).release_value();
    NoteSkill skill;
    skill.fail = true;
    Proposal p = ledger->propose(note("milk"), ctx()).release_value();
    auto r = ledger->accept(p.id, skill, ctx()).release_value();
    EXPECT_EQ(r.status, "failed");
    EXPECT_NE(r.error.find("notebook is full"), std::string::npos);
}

TEST_F(LedgerTest, AcceptFromAnotherConversationIsRefused) {
    auto ledger = Ledger::open(ctx()).release_value();
    NoteSkill skill;
    Proposal p = ledger->propose(note("milk"), ctx()).release_value();
    Context other = ctx();
    other.conversation = "chat-2";
    EXPECT_FALSE(ledger->accept(p.id, skill, other));
    EXPECT_TRUE(skill.written.empty());
    EXPECT_EQ(ledger->get(p.id)->status, "proposed");
}

TEST_F(LedgerTest, OldProposalsExpireAndCannotBeAccepted) {
    auto ledger = Ledger::open(ctx()).release_value();
    NoteSkill skill;
    Proposal p = ledger->propose(note("milk"), ctx()).release_value();
    clock.advance_ms(PROPOSAL_TTL_MS - 1000);
    EXPECT_TRUE(ledger->pending("chat-1", clock.wall_ms())->has_value());
    clock.advance_ms(2000);
    EXPECT_FALSE(ledger->pending("chat-1", clock.wall_ms())->has_value());
    EXPECT_EQ(ledger->get(p.id)->status, "expired");
    EXPECT_FALSE(ledger->accept(p.id, skill, ctx()));
    EXPECT_TRUE(skill.written.empty());
}

TEST_F(LedgerTest, IdsAreNeverReusedAndSurviveReopening) {
    int64_t first;
    {
        auto ledger = Ledger::open(ctx()).release_value();
        first = ledger->propose(note("a"), ctx())->id;
        // Delete the newest row: AUTOINCREMENT must not hand its id out again.
        auto st = ledger->scope().prepare("DELETE FROM proposals WHERE id = ? AND owner = :owner").release_value();
        st.bind(1, first);
        ASSERT_TRUE(st.run());
    }
    auto ledger = Ledger::open(ctx()).release_value();
    const int64_t second = ledger->propose(note("b"), ctx())->id;
    EXPECT_GT(second, first);
    EXPECT_EQ(ledger->list().value().size(), 1u);
}

TEST_F(LedgerTest, OwnersSharingAFileSeeOnlyTheirOwn) {
    auto amy = Ledger::open(tmp / "shared", "amy").release_value();
    auto bob = Ledger::open(tmp / "shared", "bob").release_value();
    Context c = ctx();
    c.owner = "amy";
    const int64_t id = amy->propose(note("amy's"), c)->id;
    EXPECT_FALSE(bob->get(id));
    EXPECT_TRUE(bob->list()->empty());
    NoteSkill skill;
    EXPECT_FALSE(bob->accept(id, skill, c));
    EXPECT_TRUE(skill.written.empty());
}

TEST_F(LedgerTest, ListFiltersBySkillAndStatus) {
    auto ledger = Ledger::open(ctx()).release_value();
    NoteSkill skill;
    auto a = ledger->propose(note("a"), ctx()).release_value();
    ledger->propose(note("b"), ctx()).release_value();
    ASSERT_TRUE(ledger->accept(a.id, skill, ctx()));
    EXPECT_EQ(ledger->list({.status = "done"})->size(), 1u);
    EXPECT_EQ(ledger->list({.skill = "notes"})->size(), 2u);
    EXPECT_EQ(ledger->list({.skill = "mail"})->size(), 0u);
    const Json j = proposal_json(ledger->list()->front());
    EXPECT_EQ(j["summary"], "write down b");
    EXPECT_EQ(j["source"], "chat:chat-1:e7");
}

}  // namespace
}  // namespace os1::skills

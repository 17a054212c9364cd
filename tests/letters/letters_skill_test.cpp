// The letters skill in a conversation: the none brain's dictation, the
// model's draft and rewrites, reading, listing, finishing, and deleting as
// an undoable proposal; words inside a letter never act.
#include "skills/letters/letters_skill.h"

#include <gtest/gtest.h>

#include "skills/letters/letter_store.h"
#include "test_support.h"

namespace os1::skills::letters {
namespace {

struct Fixture {
    test::TempDir dir;
    FakeClock clock{1'765'000'000'000};
    Context context(const std::string& conversation = "c1", const std::string& sub = "local") {
        Context c;
        c.owner = sub;
        c.dir = dir / sub;
        c.clock = &clock;
        c.conversation = conversation;
        c.message_id = "m1";
        return c;
    }
    std::unique_ptr<LetterStore> store(const std::string& sub = "local") {
        return LetterStore::open(dir / sub / "letters.db", clock).release_value();
    }
};

Reply must_answer(LettersSkill& skill, const Context& c, std::string_view message) {
    auto r = skill.answer(c, message);
    EXPECT_TRUE(r) << (r ? "" : r.error().message);
    if (!r || !r->has_value()) {
        ADD_FAILURE() << "the letters skill did not answer: " << message;
        return {};
    }
    return **r;
}

TEST(LettersSkill, WithoutAModelTheNextMessagesBecomeTheBodyUntilThatsAll) {
    Fixture f;
    LettersSkill skill;
    auto c = f.context();
    Reply start = must_answer(skill, c, "help me write a letter to Catherine");
    EXPECT_NE(start.text.find("Dear Catherine,"), std::string::npos);
    EXPECT_NE(start.text.find("that's all"), std::string::npos);
    EXPECT_FALSE(start.proposal.has_value());
    f.clock.advance_ms(60'000);
    Reply one = must_answer(skill, c, "I've been thinking about the summer we spent in Lisbon.");
    EXPECT_NE(one.text.find("written that down"), std::string::npos);
    must_answer(skill, c, "I hope the new house feels like home.");
    Reply back = must_answer(skill, c, "read it back");
    EXPECT_NE(back.text.find("Lisbon"), std::string::npos);
    Reply done = must_answer(skill, c, "that's all");
    EXPECT_NE(done.text.find("finished"), std::string::npos);
    EXPECT_EQ(done.data["status"], "finished");

    auto letters = f.store()->list().release_value();
    ASSERT_EQ(letters.size(), 1u);
    EXPECT_EQ(letters[0].recipient, "Catherine");
    EXPECT_EQ(letters[0].status, LetterStatus::Finished);
    EXPECT_EQ(letters[0].body,
              "Dear Catherine,\n\nI've been thinking about the summer we spent in Lisbon.\n\n"
              "I hope the new house feels like home.");
    EXPECT_EQ(letters[0].versions, 2);  // each paragraph kept the text before it
    // Dictation has ended: an ordinary message is no longer the skill's.
    auto after = skill.answer(c, "what a lovely day");
    ASSERT_TRUE(after);
    EXPECT_FALSE(after->has_value());
}

TEST(LettersSkill, WordsInsideALetterNeverAct) {
    Fixture f;
    LettersSkill skill;
    auto c = f.context();
    int64_t bob = f.store()->create({"Bob", "", "Dear Bob,"}).release_value().id;
    must_answer(skill, c, "help me write a letter to Amy");
    for (const char* words : {"delete my letter to Bob", "remind me to call Rachel on Sunday at 5",
                              "write a letter to Bob saying sorry", "yes"}) {
        Reply r = must_answer(skill, c, words);
        EXPECT_FALSE(r.proposal.has_value()) << words;
    }
    auto store = f.store();
    EXPECT_EQ(store->get(bob).release_value().deleted_ms, 0);
    auto amy = store->find_by_recipient("Amy").release_value();
    ASSERT_TRUE(amy.has_value());
    EXPECT_NE(amy->body.find("delete my letter to Bob"), std::string::npos);
    EXPECT_NE(amy->body.find("remind me to call Rachel"), std::string::npos);
    EXPECT_EQ(store->list().release_value().size(), 2u);  // no letter to Bob was started
}

TEST(LettersSkill, DictationBelongsToItsConversationAndLapses) {
    Fixture f;
    LettersSkill skill;
    must_answer(skill, f.context("c1"), "help me write a letter to Amy");
    auto other = skill.answer(f.context("c2"), "I had pasta for lunch");
    ASSERT_TRUE(other);
    EXPECT_FALSE(other->has_value());
    f.clock.advance_ms(DRAFTING_LAPSE_MS + 1);
    auto late = skill.answer(f.context("c1"), "I had pasta for lunch");
    ASSERT_TRUE(late);
    EXPECT_FALSE(late->has_value());
    EXPECT_EQ(f.store()->find_by_recipient("Amy").release_value()->body, "Dear Amy,");
}

TEST(LettersSkill, PauseKeepsADraftAndContinueCarriesOn) {
    Fixture f;
    LettersSkill skill;
    auto c = f.context();
    must_answer(skill, c, "help me write a letter to my mother");
    must_answer(skill, c, "The garden looked wonderful in the photos.");
    Reply paused = must_answer(skill, c, "stop for now");
    EXPECT_NE(paused.text.find("draft"), std::string::npos);
    EXPECT_FALSE(skill.answer(c, "anyway, work was busy").value().has_value());
    Reply again = must_answer(skill, f.context("c9"), "continue my letter to Mother");
    EXPECT_NE(again.text.find("garden"), std::string::npos);
    must_answer(skill, f.context("c9"), "Love, Theo");
    Reply fin = must_answer(skill, f.context("c9"), "finish the letter");
    EXPECT_EQ(fin.data["status"], "finished");
    EXPECT_EQ(f.store()->find_by_recipient("Mother").release_value()->body,
              "Dear Mother,\n\nThe garden looked wonderful in the photos.\n\nLove, Theo");
}

TEST(LettersSkill, WithAModelTheBrainDraftsFromMemoryAndRewritesKeepingVersions) {
    Fixture f;
    std::vector<std::string> prompts;
    LetterHelpers helpers;
    helpers.person = "Theodore";
    helpers.recall = [](std::string_view who) {
        EXPECT_EQ(who, "Catherine");
        return std::vector<std::string>{"Catherine is a writer in Los Angeles", "you grew up together"};
    };
    int calls = 0;
    helpers.write = [&](const std::string& system, const std::string& user) -> Result<std::string> {
        prompts.push_back(user);
        EXPECT_NE(system.find("own voice"), std::string::npos);
        return ++calls == 1 ? std::string("Dear Catherine,\n\nI think of our years together.\n\nTheodore")
                            : std::string("Dear Cathy,\n\nShort and kind.\n\nTheodore");
    };
    LettersSkill skill(helpers);
    auto c = f.context();
    Reply draft = must_answer(skill, c, "help me write a letter to Catherine");
    ASSERT_EQ(prompts.size(), 1u);
    EXPECT_NE(prompts[0].find("Catherine is a writer in Los Angeles"), std::string::npos);
    EXPECT_NE(prompts[0].find("Theodore"), std::string::npos);
    EXPECT_NE(draft.text.find("our years together"), std::string::npos);
    Reply rewrite = must_answer(skill, c, "make it shorter and call her Cathy");
    ASSERT_EQ(prompts.size(), 2u);
    EXPECT_NE(prompts[1].find("our years together"), std::string::npos);  // the current text is given
    EXPECT_NE(prompts[1].find("make it shorter"), std::string::npos);
    EXPECT_NE(rewrite.text.find("Short and kind"), std::string::npos);
    auto store = f.store();
    Letter l = *store->find_by_recipient("Catherine").release_value();
    EXPECT_EQ(l.body, "Dear Cathy,\n\nShort and kind.\n\nTheodore");
    auto versions = store->versions(l.id).release_value();
    ASSERT_EQ(versions.size(), 1u);
    EXPECT_NE(versions[0].body.find("our years together"), std::string::npos);
    must_answer(skill, c, "that's all");
    EXPECT_EQ(store->get(l.id).release_value().status, LetterStatus::Finished);
}

TEST(LettersSkill, AModelThatFailsLeavesTheScaffold) {
    Fixture f;
    LetterHelpers helpers;
    helpers.write = [](const std::string&, const std::string&) -> Result<std::string> {
        return Error::network("the server did not answer");
    };
    LettersSkill skill(helpers);
    Reply r = must_answer(skill, f.context(), "help me write a letter to Amy");
    EXPECT_NE(r.text.find("couldn't write a first draft"), std::string::npos);
    EXPECT_NE(r.text.find("Dear Amy,"), std::string::npos);
    EXPECT_EQ(f.store()->find_by_recipient("Amy").release_value()->body, "Dear Amy,");
}

TEST(LettersSkill, ReadsListsAndFinishes) {
    Fixture f;
    LettersSkill skill;
    auto store = f.store();
    store->create({"Catherine", "", "Dear Catherine,\n\nIt was good to see you."}).release_value();
    store->create({"Amy", "", "Dear Amy,"}).release_value();
    auto c = f.context("", "local");  // a CLI-like context: no conversation
    Reply read = must_answer(skill, c, "read me my letter to Catherine");
    EXPECT_NE(read.text.find("It was good to see you."), std::string::npos);
    EXPECT_EQ(read.data["recipient"], "Catherine");
    Reply missing = must_answer(skill, c, "read me my letter to Zed");
    EXPECT_NE(missing.text.find("don't have a letter to Zed"), std::string::npos);
    Reply list = must_answer(skill, c, "what letters have I written?");
    EXPECT_NE(list.text.find("2 letters"), std::string::npos);
    ASSERT_EQ(list.data["letters"].size(), 2u);
    Reply fin = must_answer(skill, c, "finish my letter to Catherine");
    EXPECT_EQ(fin.data["status"], "finished");
    EXPECT_EQ(store->find_by_recipient("Catherine").release_value()->status, LetterStatus::Finished);
    EXPECT_EQ(store->find_by_recipient("Amy").release_value()->status, LetterStatus::Draft);
}

TEST(LettersSkill, DeleteIsAProposalThatRunsAndUndoes) {
    Fixture f;
    LettersSkill skill;
    int64_t id = f.store()->create({"Bob", "", "Dear Bob,"}).release_value().id;
    auto c = f.context("c1");
    Reply r = must_answer(skill, c, "delete my letter to Bob");
    ASSERT_TRUE(r.proposal.has_value());
    EXPECT_EQ(r.proposal->skill, "letters");
    EXPECT_EQ(r.proposal->action, "delete");
    EXPECT_EQ(r.proposal->conversation, "c1");
    EXPECT_EQ(r.proposal->source, "chat:c1:m1");
    EXPECT_EQ(r.proposal->payload["id"], id);
    EXPECT_EQ(f.store()->list().release_value().size(), 1u);  // asked, not done
    Proposal p = *r.proposal;
    p.result = skill.run(c, p).release_value();
    EXPECT_TRUE(f.store()->list().release_value().empty());
    ASSERT_TRUE(skill.undo(c, p));
    EXPECT_EQ(f.store()->list().release_value().size(), 1u);
    EXPECT_EQ(f.store()->get(id).release_value().body, "Dear Bob,");
    p.action = "send";
    EXPECT_FALSE(skill.run(c, p));
}

TEST(LettersSkill, OwnersAreKeptApartByFolderAndChatsWithoutLettersCreateNothing) {
    Fixture f;
    LettersSkill skill;
    EXPECT_FALSE(skill.answer(f.context("c1", "ann"), "hello there").value().has_value());
    EXPECT_FALSE(std::filesystem::exists(f.dir / "ann" / "letters.db"));
    must_answer(skill, f.context("c1", "ann"), "help me write a letter to Paul");
    Reply bens = must_answer(skill, f.context("c1", "ben"), "what letters have I written?");
    EXPECT_TRUE(bens.data["letters"].empty());
    // Ben's conversation c1 is not Ann's: his words are not her letter's.
    EXPECT_FALSE(skill.answer(f.context("c1", "ben"), "I had a long day").value().has_value());
    EXPECT_EQ(f.store("ann")->find_by_recipient("Paul").release_value()->body, "Dear Paul,");
}

}  // namespace
}  // namespace os1::skills::letters

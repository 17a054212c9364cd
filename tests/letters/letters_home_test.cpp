// The letters skill as a Home lends it: memory's knowledge of the
// recipient reaches the reply, the skill's letters are the ones `os1
// letter` lists (the owner's skills folder), and owners are kept apart.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>

#include "companion/home.h"
#include "companion/letters.h"
#include "skills/skill.h"
#include "test_support.h"

namespace os1::companion {
namespace {

class HomeFolder {
public:
    HomeFolder() {
        const char* old = std::getenv("OS1_HOME");
        if (old) m_old = old;
        setenv("OS1_HOME", m_dir.path().c_str(), 1);
    }
    ~HomeFolder() {
        if (m_old.empty()) unsetenv("OS1_HOME");
        else setenv("OS1_HOME", m_old.c_str(), 1);
    }
    const test::TempDir& dir() const { return m_dir; }

private:
    test::TempDir m_dir;
    std::string m_old;
};

TEST(LettersHome, MemoryOfTheRecipientReachesTheSkillAndTheCliSeesItsLetters) {
    HomeFolder folder;
    auto home = Home::open().release_value();
    auto chat = folder.dir() / "chat.jsonl";
    std::ofstream(chat)
        << R"({"id":"m1","speaker":"user","text":"My sister Catherine lives in Lisbon and loves sailing.","time":"2026-11-01T10:00:00Z","session":"s1"})"
        << "\n";
    auto imported = home->import_jsonl(chat, nullptr);
    ASSERT_TRUE(imported) << imported.error().message;
    auto skill = make_letters_skill(*home);
    FakeClock clock;
    skills::Context c;
    c.owner = home->owner();
    c.dir = home->files().data_dir / "skills";
    c.clock = &clock;
    c.conversation = "chat-1";
    auto reply = skill->answer(c, "help me write a letter to Catherine");
    ASSERT_TRUE(reply) << reply.error().message;
    ASSERT_TRUE(reply->has_value());
    EXPECT_NE((*reply)->text.find("Lisbon"), std::string::npos) << (*reply)->text;  // the none brain mentions what it knows
    ASSERT_TRUE(skill->answer(c, "I think of you every time I see a sailboat."));
    ASSERT_TRUE(skill->answer(c, "that's all"));

    auto letters = list_letters(*home).release_value();
    ASSERT_EQ(letters.size(), 1u);
    EXPECT_EQ(letters[0].recipient, "Catherine");
    EXPECT_EQ(letters[0].status, "finished");
    EXPECT_EQ(letters[0].body, "Dear Catherine,\n\nI think of you every time I see a sailboat.");

    HomeOptions ann;
    ann.owner = "ann";
    auto other = Home::open(ann).release_value();
    EXPECT_TRUE(list_letters(*other).release_value().empty());
    EXPECT_FALSE(show_letter(*other, "Catherine"));
    EXPECT_TRUE(std::filesystem::exists(home->files().data_dir / "skills" / "letters.db"));
    EXPECT_NE(other->files().data_dir, home->files().data_dir);
}

}  // namespace
}  // namespace os1::companion

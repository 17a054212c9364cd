// Choosing the brain and model in the settings with a real (tiny) local model
// (stories260K from the reference kit) installed: a server started with the
// none brain answers a person who chose the local model with it from their
// next turn, and with the none brain again after they switch back; another
// person keeps the server's brain throughout.
#include <gtest/gtest.h>

#include "server_support.h"

namespace os1::test {
namespace {

TEST(SettingsLocalModel, ThePersonsChosenBrainAnswersTheirNextTurn) {
    OS1_REQUIRE_SHARED(kit);
    const auto model = kit / "models" / "stories260K.gguf";
    if (!std::filesystem::exists(model)) GTEST_SKIP() << "the reference kit has no models/stories260K.gguf";
    TestServer s;  // --brain none
    std::filesystem::create_directories(s.home() / "models");
    std::filesystem::copy_file(model, s.home() / "models" / "stories260K.gguf");
    s.add_user("ann", "ann's long passphrase");
    s.add_user("bob", "bob's long passphrase");
    Signed ann = s.login("ann", "ann's long passphrase");
    Signed bob = s.login("bob", "bob's long passphrase");

    auto before = s.get("/api/settings", ann).json();
    EXPECT_EQ(before["brain"], "none");
    ASSERT_EQ(before["models"].size(), 1u) << before;
    EXPECT_EQ(before["models"][0], "stories260K.gguf");
    EXPECT_EQ(before["brains"][1]["available"], true);

    auto chosen = s.send("PUT", "/api/settings", ann, R"({"brain":"local","model":"stories260K.gguf"})");
    ASSERT_EQ(chosen.status, 200) << chosen.body;
    EXPECT_EQ(chosen.json()["brain"], "local");
    EXPECT_EQ(chosen.json()["model"], "stories260K.gguf");
    EXPECT_EQ(chosen.json()["using"], "local");
    EXPECT_EQ(s.get("/api/models", ann).json()["brain"], "local");
    EXPECT_EQ(s.get("/api/settings", bob).json()["using"], "none");

    // The model writes the reply token by token: many pieces, not a template.
    auto chat = open_chat(s, ann);
    chat->send(R"({"type":"say","id":"t1","text":"Tell me a story about a cat."})");
    auto all = chat->until_done("t1");
    ASSERT_FALSE(all.empty());
    ASSERT_EQ(all.back()["type"], "done") << all.back();
    EXPECT_GE(all.size(), 4u) << dump_json(all.back());
    EXPECT_FALSE(all.back()["reply"].get<std::string>().empty());

    // Bob's turn is the none brain's, at the same time as Ann's choice.
    EXPECT_EQ(open_chat(s, bob)->say("b1", "hello")["type"], "done");
    EXPECT_EQ(s.get("/api/models", bob).json()["brain"], "none");

    // Back to none: the next turn is the none brain's.
    auto back = s.send("PUT", "/api/settings", ann, R"({"brain":"none"})");
    ASSERT_EQ(back.status, 200) << back.body;
    EXPECT_EQ(back.json()["using"], "none");
    EXPECT_EQ(open_chat(s, ann)->say("t2", "hello")["type"], "done");
    EXPECT_EQ(s.get("/api/models", ann).json()["brain"], "none");
}

}  // namespace
}  // namespace os1::test

// Owner isolation: two people on one server, each with their own
// companion. Every route is tried by one against the other's things (ids,
// words, the conversation, the persona, the mood), by cookie and by key;
// nothing of one reaches the other, and nothing of one is changed by the other.
#include <gtest/gtest.h>

#include "server_support.h"

namespace os1::test {
namespace {

struct TwoPeople : ::testing::Test {
    TestServer s;
    Signed ann, bob;
    std::string ann_key, bob_key;
    std::vector<std::string> ann_ids;  // facts and messages of Ann
    void SetUp() override {
        s.add_user("ann", "ann's long passphrase");
        s.add_user("bob", "bob's long passphrase");
        ann = s.login("ann", "ann's long passphrase");
        bob = s.login("bob", "bob's long passphrase");
        ann_key = s.new_key("ann");
        bob_key = s.new_key("bob");
        ASSERT_EQ(s.send("POST", "/api/setup", ann, R"({"answers":{"you.name":"Ann","style.tone":"calm"}})").status, 200);
        auto chat = open_chat(s, ann);
        ASSERT_EQ(chat->say("a1", "My secret: I am afraid of the dentist Zorbek.")["type"], "done");
        ASSERT_EQ(chat->say("a2", "My brother Quillon lives in Lisbon and I feel sad about it.")["type"], "done");
        const Json facts = s.get("/api/memory", ann).json()["facts"];
        const Json history = s.get("/api/history", ann).json()["messages"];
        for (const auto& f : facts) ann_ids.push_back(f["id"]);
        for (const auto& m : history) ann_ids.push_back(m["id"]);
        ASSERT_GE(ann_ids.size(), 4u) << s.get("/api/memory", ann).body << s.get("/api/history", ann).body;
    }
    // Nothing Ann said appears in a reply to Bob.
    static void clean(const HttpReply& r, const std::string& what) {
        for (const char* word : {"Zorbek", "Quillon", "Lisbon", "dentist", "Ann"})
            EXPECT_EQ(r.body.find(word), std::string::npos) << what << " showed Bob \"" << word << "\": " << r.body;
    }
    std::string ann_state() {
        std::string all;
        for (const char* t : {"/api/memory", "/api/history", "/api/persona", "/api/mood"}) all += s.get(t, ann).body;
        Json exported = s.get("/api/memory/export", ann).json();
        if (exported.is_object()) exported.erase("exported_at");  // the export's own time
        return all + dump_json(exported);
    }
};

TEST_F(TwoPeople, NoReadingRouteShowsBobAnythingOfAnns) {
    for (const auto& signed_in : {true, false}) {
        auto get = [&](const std::string& t) { return signed_in ? s.get(t, bob) : s.get_with_key(t, bob_key); };
        for (const char* t : {"/api/memory", "/api/memory?history=1", "/api/memory/export", "/api/history?limit=1000",
                              "/api/mood?days=30", "/api/persona", "/api/setup", "/api/me", "/api/models", "/v1/models"}) {
            auto r = get(t);
            EXPECT_EQ(r.status, 200) << t;
            clean(r, t);
        }
        for (const char* q : {"Zorbek", "dentist", "Quillon%20Lisbon", "brother", "secret", "sad"}) {
            auto r = get(std::string("/api/memory/search?q=") + q);
            EXPECT_EQ(r.status, 200);
            EXPECT_TRUE(r.json().empty()) << q << ": " << r.body;
            clean(r, q);
        }
        for (const auto& id : ann_ids) {
            auto r = get("/api/memory/" + id);
            EXPECT_EQ(r.status, 404) << id << ": " << r.body;
            clean(r, id);
        }
    }
    EXPECT_EQ(s.get("/api/persona", bob).json()["meeting_done"], false);
    EXPECT_TRUE(s.get("/api/mood", bob).json()["days"].empty());
}

TEST_F(TwoPeople, NoChangingRouteLetsBobChangeAnnsThings) {
    const std::string before = ann_state();
    for (const auto& id : ann_ids) {
        auto by_cookie = s.send("DELETE", "/api/memory/" + id, bob);
        EXPECT_EQ(by_cookie.status, 404) << id << ": " << by_cookie.body;
        auto by_key = s.request("DELETE", "/api/memory/" + id, "", {{"Authorization", "Bearer " + bob_key}});
        EXPECT_EQ(by_key.status, 404) << id;
    }
    // Bob's own meeting and talk change Bob's companion only.
    ASSERT_EQ(s.send("POST", "/api/setup", bob, R"({"answers":{"you.name":"Bob","style.tone":"direct"}})").status, 200);
    auto chat = open_chat(s, bob);
    auto reply = chat->say("b1", "What do you know about Zorbek or Quillon? Who is Ann?");
    ASSERT_EQ(reply["type"], "done");
    for (const char* word : {"Zorbek\"", "Lisbon", "dentist"}) EXPECT_EQ(dump_json(reply["memories"]).find(word), std::string::npos);
    auto completion = s.request("POST", "/v1/chat/completions",
                                R"({"model":"os1","messages":[{"role":"user","content":"Tell me about Lisbon and my brother"}]})",
                                {{"Authorization", "Bearer " + bob_key}});
    ASSERT_EQ(completion.status, 200);
    EXPECT_EQ(completion.body.find("Quillon"), std::string::npos);
    // Ann's persona, memory, conversation and mood are as they were, apart from nothing.
    EXPECT_EQ(ann_state(), before);
    EXPECT_EQ(s.get("/api/persona", ann).json()["person"], "Ann");
    EXPECT_EQ(s.get("/api/persona", bob).json()["person"], "Bob");
    // Bob's conversation is Bob's: Ann's history does not have it.
    EXPECT_EQ(s.get("/api/history", ann).body.find("Who is Ann"), std::string::npos);
}

TEST_F(TwoPeople, ACookieOrKeyCannotBeStretchedToTheOtherPerson) {
    // Headers or parameters naming another person change nothing: the owner comes from the session only.
    auto r = s.request("GET", "/api/memory?owner=ann&user=ann", "",
                       {{"Cookie", bob.cookie + "; os1_owner=ann"}, {"X-Owner", "ann"}, {"X-User", "ann"}});
    EXPECT_EQ(r.status, 200);
    clean(r, "owner parameters");
    // Bob's cookie with Ann's CSRF token is refused.
    auto mixed = s.request("DELETE", "/api/memory/" + ann_ids[0], "", {{"Cookie", bob.cookie}, {"X-CSRF-Token", ann.csrf}});
    EXPECT_EQ(mixed.status, 403);
    // Two cookies: the first os1_session is the one used; no mixing of people.
    auto both = s.request("GET", "/api/me", "", {{"Cookie", bob.cookie + "; " + ann.cookie}});
    EXPECT_EQ(both.json()["name"], "bob");
    // A chat socket of Bob's cannot cancel or read Ann's turn.
    auto bob_chat = open_chat(s, bob);
    auto ann_chat = open_chat(s, ann);
    ann_chat->send(R"({"type":"say","id":"x","text":"Zorbek again, sorry."})");
    bob_chat->send(R"({"type":"cancel","id":"x"})");
    auto done = ann_chat->until_done("x");
    ASSERT_FALSE(done.empty());
    EXPECT_EQ(done.back()["finish"], "stop") << done.back();
    EXPECT_FALSE(bob_chat->read(std::chrono::milliseconds(300)));
}

TEST_F(TwoPeople, ConversationsRunSideBySide) {
    auto a = open_chat(s, ann);
    auto b = open_chat(s, bob);
    a->send(R"({"type":"say","id":"p","text":"hello from Ann"})");
    b->send(R"({"type":"say","id":"p","text":"hello from Bob"})");
    auto da = a->until_done("p"), db = b->until_done("p");
    ASSERT_FALSE(da.empty());
    ASSERT_FALSE(db.empty());
    EXPECT_EQ(da.back()["type"], "done");
    EXPECT_EQ(db.back()["type"], "done");  // Bob is not "busy" because Ann talks
    auto bob_history = s.get("/api/history", bob).json()["messages"];
    ASSERT_EQ(bob_history.size(), 2u) << bob_history;
    EXPECT_EQ(bob_history[0]["text"], "hello from Bob");
}

}  // namespace
}  // namespace os1::test

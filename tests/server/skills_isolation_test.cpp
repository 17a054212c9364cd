// Owner isolation for the life skills: Ann has a reminder, a proposal
// waiting, a calendar, a mail and a letter; Bob, by cookie and by key,
// sees none of them in any list and cannot answer, change, read or
// typeset any of them by id. Ann's things are the same afterwards.
#include <gtest/gtest.h>

#include <cstdlib>

#include "server_support.h"
#include "skills_fixtures.h"

namespace os1::test {
namespace {

using namespace skills_fixtures;

struct TwoLives : ::testing::Test {
    TestServer s;
    Signed ann, bob;
    std::string bob_key;
    std::string reminder, waiting, mail, letter;  // Ann's ids
    void SetUp() override {
        ::setenv("OS1_TIME_ZONE", "UTC", 1);
        s.add_user("ann", "ann's long passphrase");
        s.add_user("bob", "bob's long passphrase");
        ann = s.login("ann", "ann's long passphrase");
        bob = s.login("bob", "bob's long passphrase");
        bob_key = s.new_key("bob");
        auto id_of = [](const HttpReply& r, const char* a, const char* b = nullptr) {
            EXPECT_LT(r.status, 300) << r.body;
            const Json j = r.json();
            return std::to_string((b ? j[a][b] : j[a]).get<int64_t>());
        };
        const std::string asked = id_of(s.send("POST", "/api/reminders", ann, R"({"text":"call Zorbek tomorrow at 9"})"), "proposal", "id");
        auto yes = s.send("POST", "/api/proposals/" + asked + "/yes", ann);
        reminder = std::to_string(yes.json()["proposal"]["result"]["reminder"].get<int64_t>());
        waiting = id_of(s.send("POST", "/api/reminders", ann, R"({"text":"see Quillon on Friday at 6"})"), "proposal", "id");
        ASSERT_EQ(s.send("POST", "/api/calendar/import?name=ann.ics", ann, PLAIN_ICS).status, 201);
        ASSERT_EQ(s.send("POST", "/api/mail/import", ann, HOSTILE_MAIL).status, 201);
        mail = std::to_string(s.get("/api/mail", ann).json()["mails"][0]["id"].get<int64_t>());
        letter = id_of(s.send("POST", "/api/letters", ann, R"({"recipient":"Catherine","body":"Dear Catherine, Zorbek says hello."})"), "id");
        ASSERT_EQ(s.send("POST", "/api/letters/" + letter + "/finish", ann).status, 200);
    }
    void TearDown() override { ::unsetenv("OS1_TIME_ZONE"); }
    std::string ann_state() {
        std::string all;
        for (const char* t : {"/api/reminders", "/api/proposals", "/api/calendar?from=2026-12-01T00:00:00Z&to=2027-01-01T00:00:00Z",
                              "/api/calendar/sources", "/api/mail", "/api/mail/outbox", "/api/letters"})
            all += s.get(t, ann).body;
        return all + s.get("/api/letters/" + letter, ann).body + s.get("/api/mail/" + mail, ann).body;
    }
    static void clean(const HttpReply& r, const std::string& what) {
        for (const char* word : {"Zorbek", "Quillon", "Zelda", "Quorvath", "Catherine", "Amy", "Dinner"})
            EXPECT_EQ(r.body.find(word), std::string::npos) << what << " showed Bob \"" << word << "\": " << r.body;
    }
};

TEST_F(TwoLives, BobSeesNoneOfAnnsLife) {
    for (bool by_key : {false, true}) {
        auto get = [&](const std::string& t) { return by_key ? s.get_with_key(t, bob_key) : s.get(t, bob); };
        for (const char* t : {"/api/reminders", "/api/proposals", "/api/calendar?from=2026-12-01T00:00:00Z&to=2027-01-01T00:00:00Z",
                              "/api/calendar/sources", "/api/mail", "/api/mail/outbox", "/api/letters"}) {
            auto r = get(t);
            EXPECT_EQ(r.status, 200) << t << ": " << r.body;
            clean(r, t);
        }
        for (const std::string& t : {"/api/mail/" + mail, "/api/letters/" + letter}) {
            auto r = get(t);
            EXPECT_EQ(r.status, 404) << t << ": " << r.body;
            clean(r, t);
        }
        EXPECT_EQ(get("/api/calendar/export").status, 404);
        auto book = get("/api/letters/book?ids=" + letter);
        EXPECT_EQ(book.status, 404) << book.body;
        clean(book, "the book");
    }
}

TEST_F(TwoLives, BobChangesNothingOfAnns) {
    const std::string before = ann_state();
    for (bool by_key : {false, true}) {
        auto send = [&](const std::string& method, const std::string& t, const std::string& body = "") {
            auto r = by_key ? s.request(method, t, body, {{"Authorization", "Bearer " + bob_key}}) : s.send(method, t, bob, body);
            clean(r, t);
            return r.status;
        };
        EXPECT_EQ(send("POST", "/api/proposals/" + waiting + "/yes"), 404);
        EXPECT_EQ(send("POST", "/api/proposals/" + waiting + "/no"), 404);
        EXPECT_EQ(send("POST", "/api/reminders/" + reminder + "/done"), 404);
        EXPECT_EQ(send("DELETE", "/api/reminders/" + reminder), 404);
        EXPECT_EQ(send("POST", "/api/mail/" + mail + "/draft", "{}"), 404);
        EXPECT_EQ(send("POST", "/api/mail/" + mail + "/send", R"({"body":"from Bob"})"), 404);
        EXPECT_EQ(send("PUT", "/api/letters/" + letter, R"({"body":"Bob was here"})"), 404);
        EXPECT_EQ(send("POST", "/api/letters/" + letter + "/finish"), 404);
    }
    EXPECT_EQ(ann_state(), before);
    // Ann's own yes still runs her proposal: Bob's tries did not use it up.
    auto yes = s.send("POST", "/api/proposals/" + waiting + "/yes", ann);
    EXPECT_EQ(yes.status, 200) << yes.body;
    EXPECT_EQ(yes.json()["proposal"]["status"], "done");
}

}  // namespace
}  // namespace os1::test

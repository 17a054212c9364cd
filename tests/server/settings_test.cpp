// The settings screen's routes and correcting a fact, against the real
// server with the none brain: PUT /api/memory/{id} makes a new version and
// keeps the old one in its history; GET/PUT /api/settings change the style
// and the brain of the signed-in person only; bad input is refused with a
// JSON error and changes nothing; one person cannot change another's.
#include <gtest/gtest.h>

#include "server_support.h"

namespace os1::test {
namespace {

struct Settings : ::testing::Test {
    TestServer s;
    Signed ann, bob;
    std::string ann_key;
    void SetUp() override {
        s.add_user("ann", "ann's long passphrase");
        s.add_user("bob", "bob's long passphrase");
        ann = s.login("ann", "ann's long passphrase");
        bob = s.login("bob", "bob's long passphrase");
        ann_key = s.new_key("ann");
        ASSERT_EQ(s.send("POST", "/api/setup", ann, R"({"answers":{"you.name":"Ann","style.tone":"warm"}})").status, 200);
        ASSERT_EQ(s.send("POST", "/api/setup", bob, R"({"answers":{"you.name":"Bob","style.tone":"direct"}})").status, 200);
    }
    // Ann's fact whose value is `value` (its id and text), after she said it.
    std::pair<std::string, std::string> ann_fact(const std::string& value) {
        const Json facts = s.get("/api/memory", ann).json()["facts"];  // kept: a range over a temporary's part dangles
        for (const auto& f : facts)
            if (f["value"] == value) return {f["id"], f["text"]};
        return {};
    }
};

TEST_F(Settings, AFactIsCorrectedAsANewVersionAndTheOldOneStaysInItsHistory) {
    ASSERT_EQ(open_chat(s, ann)->say("a1", "My sister Amy lives in Lisbon.")["type"], "done");
    auto [id, text] = ann_fact("Amy");
    ASSERT_FALSE(id.empty()) << s.get("/api/memory", ann).body;
    std::string fixed = text;
    fixed.replace(fixed.find("Amy"), 3, "Amelia");

    auto r = s.send("PUT", "/api/memory/" + id, ann, dump_json({{"text", fixed}}));
    ASSERT_EQ(r.status, 200) << r.body;
    const Json fact = r.json()["fact"];
    EXPECT_EQ(fact["text"], fixed);
    EXPECT_EQ(fact["value"], "Amelia");
    EXPECT_EQ(fact["origin"], "person");
    EXPECT_EQ(fact["provenance"], "corrected by you");
    EXPECT_EQ(r.json()["replaced"]["id"], id);
    EXPECT_EQ(r.json()["replaced"]["current"], false);
    EXPECT_TRUE(r.json()["message"].is_string());

    // The list has the correction, not the old value; the record has both versions.
    const std::string list = s.get("/api/memory", ann).body;
    EXPECT_NE(list.find(fixed), std::string::npos);
    EXPECT_EQ(list.find(text), std::string::npos) << list;
    auto shown = s.get("/api/memory/" + fact["id"].get<std::string>(), ann).json();
    ASSERT_EQ(shown["versions"].size(), 2u) << shown;
    EXPECT_EQ(shown["versions"][0]["text"], text);
    EXPECT_EQ(shown["versions"][0]["corrected_by_you"], true);
    EXPECT_FALSE(shown["versions"][0]["sources"].empty());
    EXPECT_NE(s.get("/api/memory?history=1", ann).body.find(text), std::string::npos);
    // The search the CLI shares finds the corrected words; the export keeps who corrected it.
    EXPECT_NE(s.get("/api/memory/search?q=Amelia", ann).body.find(fact["id"].get<std::string>()), std::string::npos);
    EXPECT_NE(dump_json(s.get("/api/memory/export", ann).json()).find("\"origin\":\"person\""), std::string::npos);
    // The next turn recalls the correction.
    auto done = open_chat(s, ann)->say("a2", "Where does my sister Amelia live?");
    EXPECT_NE(dump_json(done["memories"]).find("Amelia"), std::string::npos) << done;

    // A key works as a cookie does (no CSRF token needed).
    auto by_key = s.request("PUT", "/api/memory/" + fact["id"].get<std::string>(),
                            dump_json({{"text", "Your sister is Amelia Rose."}}), {{"Authorization", "Bearer " + ann_key}});
    EXPECT_EQ(by_key.status, 200) << by_key.body;
}

TEST_F(Settings, BadCorrectionsAreRefusedWithJsonErrorsAndChangeNothing) {
    ASSERT_EQ(open_chat(s, ann)->say("a1", "I live in Oslo.")["type"], "done");
    auto [id, text] = ann_fact("Oslo");
    ASSERT_FALSE(id.empty()) << s.get("/api/memory", ann).body;
    const std::string before = s.get("/api/memory?history=1", ann).body;
    const std::string message_id = s.get("/api/history", ann).json()["messages"][0]["id"];
    struct Case {
        std::string target, body;
        int status;
        std::string code;
    };
    const Case cases[] = {
        {"/api/memory/" + id, "not json", 400, "invalid"},
        {"/api/memory/" + id, R"({"text": 5})", 400, "invalid"},
        {"/api/memory/" + id, R"({"words": "You live in Bergen"})", 400, "invalid"},
        {"/api/memory/" + id, R"({"text": "   "})", 400, "invalid"},
        {"/api/memory/" + id, dump_json({{"text", text}}), 400, "invalid"},
        {"/api/memory/" + id, dump_json({{"text", std::string(3000, 'a')}}), 413, "too_large"},
        {"/api/memory/" + message_id, R"({"text": "You live in Bergen"})", 400, "invalid"},
        {"/api/memory/f999999", R"({"text": "You live in Bergen"})", 404, "not_found"},
    };
    for (const auto& c : cases) {
        auto r = s.send("PUT", c.target, ann, c.body);
        EXPECT_EQ(r.status, c.status) << c.target << " " << c.body << ": " << r.body;
        EXPECT_EQ(r.error_code(), c.code) << r.body;
    }
    // Without the CSRF token, or signed out: refused.
    EXPECT_EQ(s.request("PUT", "/api/memory/" + id, R"({"text":"You live in Bergen"})", {{"Cookie", ann.cookie}}).status, 403);
    EXPECT_EQ(s.request("PUT", "/api/memory/" + id, R"({"text":"You live in Bergen"})").status, 401);
    EXPECT_EQ(s.get("/api/memory?history=1", ann).body, before);
    auto post = s.send("POST", "/api/memory/" + id, ann, R"({"text":"You live in Bergen"})");
    EXPECT_EQ(post.status, 405);
    EXPECT_NE(post.header("allow").find("PUT"), std::string::npos);
}

TEST_F(Settings, StyleAndBrainAreReadAndChangedForThePersonAndCheckedFirst) {
    auto got = s.get("/api/settings", ann);
    ASSERT_EQ(got.status, 200) << got.body;
    Json j = got.json();
    EXPECT_EQ(j["meeting_done"], true);
    EXPECT_EQ(j["style"]["tone"], "warm");
    EXPECT_EQ(j["styles"]["tone"].size(), 4u);
    EXPECT_EQ(j["styles"]["humour"].size(), 3u);
    EXPECT_EQ(j["brain"], "none");
    EXPECT_EQ(j["using"], "none");
    EXPECT_EQ(j["chosen"]["brain"], "");
    EXPECT_TRUE(j["models"].empty());
    EXPECT_EQ(j["brains"][1]["name"], "local");
    EXPECT_EQ(j["brains"][1]["available"], false);  // no model installed

    auto styled = s.send("PUT", "/api/settings", ann, R"({"tone":"playful","humour":"lots","length":"long"})");
    ASSERT_EQ(styled.status, 200) << styled.body;
    EXPECT_EQ(styled.json()["style"]["tone"], "playful");
    EXPECT_EQ(styled.json()["style"]["length"], "long");
    auto persona = s.get("/api/persona", ann).json();
    EXPECT_EQ(persona["tone"], "playful");
    EXPECT_EQ(persona["humour"], "lots");
    EXPECT_EQ(persona["person"], "Ann");  // nothing else changed
    // The next turn is answered (the conversation restarted with the new style).
    EXPECT_EQ(open_chat(s, ann)->say("a1", "hello")["type"], "done");

    // Refused and nothing written: every value is checked before any is.
    const std::string before = s.get("/api/settings", ann).body;
    for (const char* bad : {R"({"humour":"none","tone":"sarcastic"})", R"({"colour":"red"})", R"({"tone":3})", "[1,2]",
                            R"({"brain":"clever"})", R"({"brain":"local"})", R"({"brain":"openai"})",
                            R"({"brain":"local","model":"/etc/passwd"})", R"({"brain":"none","model":"x.gguf"})"}) {
        auto r = s.send("PUT", "/api/settings", ann, bad);
        EXPECT_EQ(r.status, 400) << bad << ": " << r.body;
        EXPECT_EQ(r.error_code(), "invalid") << r.body;
        EXPECT_FALSE(r.json()["error"]["message"].get<std::string>().empty());
    }
    EXPECT_NE(s.send("PUT", "/api/settings", ann, R"({"brain":"local"})").body.find("os1 pull"), std::string::npos);
    EXPECT_EQ(s.get("/api/settings", ann).body, before);

    auto none = s.send("PUT", "/api/settings", ann, R"({"brain":"none"})");
    ASSERT_EQ(none.status, 200) << none.body;
    EXPECT_EQ(none.json()["chosen"]["brain"], "none");
    EXPECT_EQ(s.get("/api/settings", ann).json()["chosen"]["brain"], "none");
    EXPECT_EQ(open_chat(s, ann)->say("a2", "hello again")["type"], "done");
    EXPECT_EQ(s.request("PUT", "/api/settings", R"({"tone":"calm"})", {{"Cookie", ann.cookie}}).status, 403);  // no CSRF token
    EXPECT_EQ(s.request("GET", "/api/settings").status, 401);
    EXPECT_EQ(s.send("DELETE", "/api/settings", ann).status, 405);
}

TEST_F(Settings, BeforeTheFirstMeetingTheStyleWaits) {
    s.add_user("cy", "cy's long passphrase");
    Signed cy = s.login("cy", "cy's long passphrase");
    auto got = s.get("/api/settings", cy);
    ASSERT_EQ(got.status, 200) << got.body;
    EXPECT_EQ(got.json()["meeting_done"], false);
    auto r = s.send("PUT", "/api/settings", cy, R"({"tone":"calm"})");
    EXPECT_EQ(r.status, 400) << r.body;
    EXPECT_NE(r.body.find("Meet first"), std::string::npos);
    EXPECT_EQ(s.get("/api/persona", cy).json()["meeting_done"], false);
}

TEST_F(Settings, OnePersonCannotChangeAnothersSettingsOrFacts) {
    ASSERT_EQ(open_chat(s, ann)->say("a1", "My sister Amy lives in Lisbon.")["type"], "done");
    auto [id, text] = ann_fact("Amy");
    ASSERT_FALSE(id.empty());
    const std::string ann_settings = s.get("/api/settings", ann).body;
    const std::string ann_memory = s.get("/api/memory?history=1", ann).body;
    const std::string ann_persona = s.get("/api/persona", ann).body;

    // Bob's changes are Bob's: nothing in a request names whose settings they are.
    auto bobs = s.request("PUT", "/api/settings?owner=ann", R"({"tone":"calm","brain":"none"})",
                          {{"Cookie", bob.cookie}, {"X-CSRF-Token", bob.csrf}, {"X-Owner", "ann"}});
    ASSERT_EQ(bobs.status, 200) << bobs.body;
    EXPECT_EQ(s.get("/api/settings", bob).json()["style"]["tone"], "calm");
    EXPECT_EQ(s.get("/api/settings", bob).json()["chosen"]["brain"], "none");
    EXPECT_EQ(s.get("/api/settings", ann).body, ann_settings);
    EXPECT_EQ(s.get("/api/persona", ann).body, ann_persona);
    // Bob's cookie with Ann's CSRF token is refused.
    EXPECT_EQ(s.request("PUT", "/api/settings", R"({"tone":"direct"})", {{"Cookie", bob.cookie}, {"X-CSRF-Token", ann.csrf}}).status,
              403);
    // Ann's fact is not Bob's to correct, by cookie or by key.
    auto r = s.send("PUT", "/api/memory/" + id, bob, R"({"text":"Your sister is Zed."})");
    EXPECT_EQ(r.status, 404) << r.body;
    auto by_key = s.request("PUT", "/api/memory/" + id, R"({"text":"Your sister is Zed."})",
                            {{"Authorization", "Bearer " + s.new_key("bob")}});
    EXPECT_EQ(by_key.status, 404) << by_key.body;
    EXPECT_EQ(s.get("/api/memory?history=1", ann).body, ann_memory);
    EXPECT_EQ(s.get("/api/memory", bob).body.find("Zed"), std::string::npos);
}

}  // namespace
}  // namespace os1::test

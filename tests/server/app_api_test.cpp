// The app API end to end with the none brain: a WebSocket turn streams
// tokens and ends with "done" (emotion, memories, safety); the turn is in
// the history and memory; memory views, forget, export, mood, the first
// meeting and models answer as the contract says.
#include <gtest/gtest.h>

#include "server_support.h"

namespace os1::test {
namespace {

struct App : ::testing::Test {
    TestServer s;
    Signed who;
    void SetUp() override {
        s.add_user("sam", "correct horse battery");
        who = s.login("sam", "correct horse battery");
    }
};

TEST_F(App, AChatTurnStreamsTokensThenDone) {
    auto chat = open_chat(s, who);
    chat->send(R"({"type":"say","id":"c1","text":"I start the new job on Monday and I'm nervous."})");
    auto all = chat->until_done("c1");
    ASSERT_GE(all.size(), 2u);
    std::string streamed;
    for (size_t i = 0; i + 1 < all.size(); i++) {
        EXPECT_EQ(all[i]["type"], "token");
        EXPECT_EQ(all[i]["id"], "c1");
        streamed += all[i]["text"].get<std::string>();
    }
    const Json& done = all.back();
    ASSERT_EQ(done["type"], "done") << done;
    EXPECT_EQ(done["reply"], streamed);
    EXPECT_FALSE(streamed.empty());
    EXPECT_EQ(done["finish"], "stop");
    ASSERT_TRUE(done["emotion"].is_object()) << done;
    EXPECT_TRUE(done["emotion"]["label"].is_string());
    EXPECT_TRUE(done["emotion"]["valence"].is_number());
    EXPECT_TRUE(done["memories"].is_array());
    EXPECT_TRUE(done["safety"].is_null());
    EXPECT_TRUE(done["first_token_ms"].is_number());

    auto history = s.get("/api/history?limit=10", who);
    ASSERT_EQ(history.status, 200);
    auto messages = history.json()["messages"];
    ASSERT_EQ(messages.size(), 2u) << messages;
    EXPECT_EQ(messages[0]["role"], "user");
    EXPECT_EQ(messages[0]["text"], "I start the new job on Monday and I'm nervous.");
    EXPECT_EQ(messages[1]["role"], "assistant");
    EXPECT_EQ(messages[1]["text"], streamed);
    EXPECT_EQ(messages[0]["id"], done["user_id"]);
}

TEST_F(App, CrisisCareRidesInTheDoneMessage) {
    auto chat = open_chat(s, who);
    auto done = chat->say("c1", "I want to kill myself tonight");
    ASSERT_EQ(done["type"], "done") << done;
    ASSERT_TRUE(done["safety"].is_object()) << done;
    EXPECT_EQ(done["safety"]["kind"], "self_harm");
    EXPECT_FALSE(done["safety"]["resources"].empty());
}

TEST_F(App, OneTurnAtATimeAndBadMessagesGetErrors) {
    auto chat = open_chat(s, who);
    chat->send("not json");
    auto e = chat->read();
    ASSERT_TRUE(e);
    EXPECT_EQ((*e)["type"], "error");
    EXPECT_EQ((*e)["error"]["code"], "invalid");
    chat->send(R"({"type":"say","id":"c2","text":"   "})");
    EXPECT_EQ((*chat->read())["error"]["code"], "invalid");
    chat->send(R"({"type":"shout","id":"c3"})");
    EXPECT_EQ((*chat->read())["error"]["code"], "invalid");
    chat->send(dump_json({{"type", "say"}, {"id", "c4"}, {"text", std::string(70 * 1024, 'a')}}));
    EXPECT_EQ((*chat->read())["error"]["code"], "too_large");
    // Two says at once: the second is refused as busy (or runs after the
    // first finished); never both at the same time, and both are answered.
    chat->send(R"({"type":"say","id":"a","text":"hello there"})");
    chat->send(R"({"type":"say","id":"b","text":"hello again"})");
    int answered = 0, busy = 0;
    for (int i = 0; i < 100 && answered < 2; i++) {
        auto m = chat->read();
        ASSERT_TRUE(m);
        if ((*m)["type"] == "done") answered++;
        if ((*m)["type"] == "error") {
            EXPECT_EQ((*m)["error"]["code"], "busy");
            answered++, busy++;
        }
    }
    EXPECT_EQ(answered, 2);
    // Invalid UTF-8 is repaired, not refused, and the turn is stored once.
    auto done = chat->say("u", "caf\xc3 ok");
    ASSERT_EQ(done["type"], "done") << done;
}

TEST_F(App, MemoryListSearchShowExportAndForget) {
    auto chat = open_chat(s, who);
    ASSERT_EQ(chat->say("c1", "My sister Amy moved to Oslo last year.")["type"], "done");
    auto list = s.get("/api/memory", who);
    ASSERT_EQ(list.status, 200);
    auto facts = list.json()["facts"];
    ASSERT_FALSE(facts.empty()) << list.body;
    EXPECT_TRUE(facts[0]["id"].is_string());
    EXPECT_TRUE(facts[0]["sources"].is_array());

    // Search is exactly what `os1 memory search WORDS --json` prints.
    auto search = s.get("/api/memory/search?q=sister%20Oslo&k=5", who);
    ASSERT_EQ(search.status, 200);
    ASSERT_TRUE(search.json().is_array());
    ASSERT_FALSE(search.json().empty());
    EXPECT_EQ(s.get("/api/memory/search?q=", who).status, 400);
    EXPECT_EQ(s.get("/api/memory/search?q=x&k=0", who).status, 400);

    const std::string fact = facts[0]["id"];
    auto show = s.get("/api/memory/" + fact, who);
    ASSERT_EQ(show.status, 200);
    EXPECT_EQ(show.json()["id"], fact);
    const std::string source = facts[0]["sources"][0];
    auto message = s.get("/api/memory/" + source, who);
    ASSERT_EQ(message.status, 200) << message.body;
    EXPECT_NE(message.json()["text"].get<std::string>().find("Amy"), std::string::npos);
    EXPECT_EQ(s.get("/api/memory/f999999", who).status, 404);

    auto exported = s.get("/api/memory/export", who);
    ASSERT_EQ(exported.status, 200);
    EXPECT_NE(exported.header("content-disposition").find("attachment"), std::string::npos);
    EXPECT_NE(exported.body.find("Amy"), std::string::npos);

    auto forgot = s.send("DELETE", "/api/memory/" + source, who);
    ASSERT_EQ(forgot.status, 200) << forgot.body;
    EXPECT_FALSE(forgot.json()["forgotten"].empty());
    EXPECT_FALSE(forgot.json()["message"].get<std::string>().empty());
    EXPECT_EQ(s.get("/api/memory/" + source, who).status, 404);
    EXPECT_EQ(s.get("/api/memory/export", who).body.find("Amy"), std::string::npos);
    EXPECT_EQ(s.get("/api/memory/search?q=Amy", who).body.find("Amy"), std::string::npos);
    const Json history = s.get("/api/history", who).json()["messages"];
    for (const auto& m : history)
        EXPECT_EQ(m["text"].get<std::string>().find("Amy"), std::string::npos);
    // The next turn does not bring it back either.
    auto next = chat->say("c2", "What do you know about my family?");
    EXPECT_EQ(next["reply"].get<std::string>().find("Amy"), std::string::npos) << next;
}

TEST_F(App, SearchMatchesTheCommandLineForTheSamePerson) {
    TestServer local;  // a person whose companion is the terminal one (owner "local")
    local.add_user("me", "correct horse battery", "local");
    auto me = local.login("me", "correct horse battery");
    auto chat = open_chat(local, me);
    ASSERT_EQ(chat->say("c1", "I adopted a cat called Miso.")["type"], "done");
    auto web = local.get("/api/memory/search?q=cat%20Miso&k=5", me);
    ASSERT_EQ(web.status, 200);
    auto cli = run_os1("memory search 'cat Miso' -k 5 --json", local.home());
    ASSERT_EQ(cli.status, 0) << cli.out;
    auto cli_json = parse_json(cli.out.substr(0, cli.out.find('\n')));
    ASSERT_TRUE(cli_json.ok()) << cli.out;
    ASSERT_FALSE(web.json().empty());
    // Scores carry the search time; everything else is the same.
    auto strip = [](Json j) {
        for (auto& h : j) h.erase("score");
        return j;
    };
    EXPECT_EQ(strip(web.json()), strip(*cli_json));
}

TEST_F(App, TheFirstMeetingThroughTheWeb) {
    auto persona = s.get("/api/persona", who);
    ASSERT_EQ(persona.status, 200);
    EXPECT_EQ(persona.json()["meeting_done"], false);
    auto questions = s.get("/api/setup", who);
    ASSERT_EQ(questions.status, 200);
    auto qs = questions.json()["questions"];
    ASSERT_GE(qs.size(), 3u);
    EXPECT_EQ(qs[0]["key"], "you.name");
    EXPECT_TRUE(qs[0]["text"].is_string());

    auto bad = s.send("POST", "/api/setup", who, R"({"answers":{"style.tone":"grumpy","you.name":"Sam"}})");
    EXPECT_EQ(bad.status, 400) << bad.body;
    EXPECT_NE(bad.json()["error"]["message"].get<std::string>().find("style.tone"), std::string::npos);
    EXPECT_EQ(s.send("POST", "/api/setup", who, R"({"answers":{"no.such":"x"}})").status, 400);
    EXPECT_EQ(s.send("POST", "/api/setup", who, R"({"answers":"x"})").status, 400);

    auto met = s.send("POST", "/api/setup", who, R"({"answers":{"you.name":"Sam","style.tone":"playful","life.people":"my sister Amy"}})");
    ASSERT_EQ(met.status, 200) << met.body;
    EXPECT_EQ(met.json()["meeting_done"], true);
    EXPECT_EQ(met.json()["person"], "Sam");
    EXPECT_EQ(met.json()["tone"], "playful");
    const std::string name = met.json()["companion"];
    EXPECT_FALSE(name.empty());
    EXPECT_EQ(s.get("/api/me", who).json()["companion"], name);
    // The answers come back as the defaults of the next interview.
    auto again = s.get("/api/setup", who).json()["questions"];
    EXPECT_EQ(again[0]["answer"], "Sam");
    // And the companion talks as itself.
    auto chat = open_chat(s, who);
    EXPECT_EQ(chat->say("c1", "hi")["type"], "done");
}

TEST_F(App, TalkingBeforeMeetingThenMeeting) {
    auto chat = open_chat(s, who);
    ASSERT_EQ(chat->say("c1", "hello")["type"], "done");
    EXPECT_EQ(s.get("/api/persona", who).json()["meeting_done"], false);
    auto met = s.send("POST", "/api/setup", who, R"({"answers":{"you.name":"Sam"}})");
    ASSERT_EQ(met.status, 200) << met.body;
    EXPECT_EQ(met.json()["meeting_done"], true);
    EXPECT_EQ(chat->say("c2", "hello again")["type"], "done");
}

TEST_F(App, MoodAndModels) {
    auto chat = open_chat(s, who);
    chat->say("c1", "I'm so happy today, everything went well!");
    auto mood = s.get("/api/mood?days=7", who);
    ASSERT_EQ(mood.status, 200) << mood.body;
    auto days = mood.json()["days"];
    ASSERT_EQ(days.size(), 1u) << mood.body;
    EXPECT_EQ(days[0]["messages"], 1);
    EXPECT_TRUE(days[0]["valence"].is_number());
    EXPECT_TRUE(days[0]["label"].is_string());
    EXPECT_EQ(days[0]["date"].get<std::string>().size(), 10u);
    EXPECT_EQ(s.get("/api/mood?days=abc", who).status, 400);
    auto models = s.get("/api/models", who);
    ASSERT_EQ(models.status, 200);
    EXPECT_TRUE(models.json()["models"].is_array());
    EXPECT_EQ(models.json()["brain"], "none");
}

TEST_F(App, CancelStopsAReplyAndBothHalvesAreKept) {
    auto chat = open_chat(s, who);
    chat->send(R"({"type":"say","id":"c1","text":"Tell me something long."})");
    chat->send(R"({"type":"cancel","id":"c1"})");
    auto all = chat->until_done("c1");
    ASSERT_FALSE(all.empty());
    const Json& done = all.back();
    ASSERT_EQ(done["type"], "done") << done;
    // The none brain may finish before the cancel arrives; either way the message is stored.
    EXPECT_TRUE(done["finish"] == "stop" || done["finish"] == "cancelled") << done;
    auto history = s.get("/api/history", who).json()["messages"];
    ASSERT_FALSE(history.empty());
    EXPECT_EQ(history[0]["text"], "Tell me something long.");
}

// Reminders through the web app (skills/README.md): asked in the chat, a
// yes stores it, GET /api/reminders lists it (and what is due).
TEST_F(App, RemindersAreAskedThenListed) {
    auto chat = open_chat(s, who);
    chat->say("r1", "remind me to call Rachel on Sunday at 5");
    chat->say("r2", "yes");
    auto r = s.get("/api/reminders", who);
    ASSERT_EQ(r.status, 200) << r.body;
    ASSERT_EQ(r.json()["reminders"].size(), 1u) << r.body;
    EXPECT_EQ(r.json()["reminders"][0]["text"], "call Rachel");
    EXPECT_TRUE(r.json()["due"].empty()) << r.body;
    EXPECT_FALSE(r.json().contains("checkin"));
    auto with_checkin = s.get("/api/reminders?checkin", who);
    ASSERT_EQ(with_checkin.status, 200) << with_checkin.body;
    EXPECT_TRUE(with_checkin.json()["checkin"].is_null());  // off unless the person turns it on
}

}  // namespace
}  // namespace os1::test


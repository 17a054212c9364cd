// The server with a real (tiny) local model behind the companion
// (stories260K from the reference kit): the OpenAI door's max_tokens cuts
// the companion's reply and usage counts what it generated; a graceful stop
// lets a turn in flight finish and stores it.
#include <gtest/gtest.h>

#include <future>

#include "companion/home.h"
#include "server_support.h"

namespace os1::test {
namespace {

#define OS1_REQUIRE_TINY_MODEL(var)                                                                        \
    OS1_REQUIRE_SHARED(kit_);                                                                               \
    const auto var = kit_ / "models" / "stories260K.gguf";                                                  \
    if (!std::filesystem::exists(var)) GTEST_SKIP() << "the reference kit has no stories260K.gguf";

auto local_brain(const std::filesystem::path& model) {
    return [model](server::ServerOptions& o) {
        o.brain.brain = "local";
        o.brain.model = model.string();
    };
}

TEST(LocalBrain, MaxTokensCutsTheCompanionsReplyAndUsageCountsIt) {
    OS1_REQUIRE_TINY_MODEL(model);
    TestServer s(local_brain(model));
    s.add_user("sam", "correct horse battery");
    const std::string key = s.new_key("sam");
    auto complete = [&](const Json& extra) {
        Json body{{"model", "os1"}, {"messages", {{{"role", "user"}, {"content", "Once upon a time there was a cat."}}}},
                  {"temperature", 0}};
        body.update(extra);
        return s.request("POST", "/v1/chat/completions", dump_json(body), {{"Authorization", "Bearer " + key}});
    };
    auto cut = complete({{"max_tokens", 3}});
    ASSERT_EQ(cut.status, 200) << cut.body;
    const Json j = cut.json();
    EXPECT_EQ(j["choices"][0]["finish_reason"], "length") << cut.body;
    EXPECT_EQ(j["usage"]["completion_tokens"], 3) << cut.body;
    EXPECT_GT(j["usage"]["prompt_tokens"].get<int>(), 0);
    EXPECT_EQ(j["usage"]["total_tokens"].get<int>(), j["usage"]["prompt_tokens"].get<int>() + 3);
    const std::string short_reply = j["choices"][0]["message"]["content"];
    EXPECT_FALSE(short_reply.empty());

    // Without a limit the same model says more (the companion's own budget).
    auto whole = complete(Json::object());
    ASSERT_EQ(whole.status, 200) << whole.body;
    EXPECT_GT(whole.json()["usage"]["completion_tokens"].get<int>(), 3) << whole.body;

    // What the client was sent is what the companion remembers it said.
    const Json history = s.get_with_key("/api/history", key).json()["messages"];
    ASSERT_EQ(history.size(), 4u) << history;
    EXPECT_EQ(history[1]["text"], short_reply);
    EXPECT_EQ(history[3]["text"], whole.json()["choices"][0]["message"]["content"]);

    // Bad limits are refused before anything is said or stored.
    EXPECT_EQ(complete({{"max_tokens", 0}}).status, 400);
    EXPECT_EQ(complete({{"temperature", 5}}).status, 400);
    EXPECT_EQ(complete({{"stop", {1}}}).status, 400);
    EXPECT_EQ(s.get_with_key("/api/history", key).json()["messages"].size(), 4u);
}

// SIGTERM's stop, mid-reply: the turn finishes, its last words and "done"
// reach the person, and both halves are stored.
TEST(LocalBrain, AGracefulStopLetsTheTurnInFlightFinish) {
    OS1_REQUIRE_TINY_MODEL(model);
    auto s = std::make_unique<TestServer>(local_brain(model));
    s->add_user("sam", "correct horse battery");
    const std::string key = s->new_key("sam");
    WsClient ws;
    ASSERT_EQ(ws.connect(s->port(), "/api/chat", {{"Authorization", "Bearer " + key}}), 101);
    ASSERT_TRUE(ws.send(dump_json({{"type", "say"}, {"id", "c1"}, {"text", "Once upon a time there was a little dog."}})));
    auto first = ws.read();
    ASSERT_TRUE(first.has_value());
    ASSERT_EQ((*first)["type"], "token") << *first;
    auto stopped = std::async(std::launch::async, [&] { s->stop(); });  // while the reply is being made
    std::string streamed = (*first)["text"];
    std::optional<Json> done;
    while (auto m = ws.read()) {
        if ((*m)["type"] == "token") streamed += (*m)["text"].get<std::string>();
        if ((*m)["type"] == "done" || (*m)["type"] == "error") {
            done = m;
            break;
        }
    }
    stopped.wait();
    ASSERT_TRUE(done.has_value()) << "the connection closed before the turn ended";
    ASSERT_EQ((*done)["type"], "done") << *done;
    EXPECT_NE((*done)["finish"], "cancelled");
    const std::string reply = (*done)["reply"];
    EXPECT_FALSE(reply.empty());
    EXPECT_NE(streamed.find(reply.substr(0, 8)), std::string::npos) << streamed << " / " << reply;
    // Stored, as sam's companion will read it when the server starts again.
    auto home = companion::Home::open({.owner = "sam"});
    ASSERT_TRUE(home.ok()) << home.error().message;
    auto recent = (*home)->recent_messages("", 10);
    ASSERT_TRUE(recent.ok()) << recent.error().message;
    ASSERT_EQ(recent->size(), 2u);
    EXPECT_EQ((*recent)[0].episode.text, "Once upon a time there was a little dog.");
    EXPECT_EQ((*recent)[1].episode.text, reply);
}

}  // namespace
}  // namespace os1::test

// The OpenAI-compatible door: /v1/models lists "os1"; chat completions,
// plain and streamed (SSE chunks, data: [DONE]), are companion turns that
// are remembered; and the official `openai` npm client works against it.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "server_support.h"

namespace os1::test {
namespace {

struct OpenAi : ::testing::Test {
    TestServer s;
    std::string key;
    void SetUp() override {
        s.add_user("sam", "correct horse battery");
        key = s.new_key("sam");
    }
    HttpReply complete(const Json& body) {
        return s.request("POST", "/v1/chat/completions", dump_json(body), {{"Authorization", "Bearer " + key}});
    }
};

TEST_F(OpenAi, ModelsListsTheCompanion) {
    auto r = s.get_with_key("/v1/models", key);
    ASSERT_EQ(r.status, 200);
    EXPECT_EQ(r.json()["object"], "list");
    ASSERT_FALSE(r.json()["data"].empty());
    EXPECT_EQ(r.json()["data"][0]["id"], "os1");
    EXPECT_EQ(r.json()["data"][0]["object"], "model");
}

TEST_F(OpenAi, ACompletionIsATurnAndIsRemembered) {
    auto r = complete({{"model", "os1"},
                       {"messages", {{{"role", "system"}, {"content", "be brief"}},
                                     {{"role", "user"}, {"content", "an earlier message"}},
                                     {{"role", "assistant"}, {"content", "an earlier reply"}},
                                     {{"role", "user"}, {"content", "My dog Pixel loves the beach."}}}},
                       {"max_tokens", 64}, {"temperature", 0.5}});
    ASSERT_EQ(r.status, 200) << r.body;
    const Json j = r.json();
    EXPECT_EQ(j["object"], "chat.completion");
    EXPECT_EQ(j["model"], "os1");
    EXPECT_EQ(j["id"].get<std::string>().rfind("chatcmpl-", 0), 0u);
    EXPECT_EQ(j["choices"][0]["message"]["role"], "assistant");
    EXPECT_FALSE(j["choices"][0]["message"]["content"].get<std::string>().empty());
    EXPECT_EQ(j["choices"][0]["finish_reason"], "stop");
    EXPECT_GT(j["usage"]["completion_tokens"].get<int>(), 0);
    EXPECT_EQ(j["usage"]["total_tokens"].get<int>(),
              j["usage"]["prompt_tokens"].get<int>() + j["usage"]["completion_tokens"].get<int>());
    // Only the last user message is the turn, and it is remembered.
    const Json history = s.get_with_key("/api/history", key).json()["messages"];
    ASSERT_EQ(history.size(), 2u) << history;
    EXPECT_EQ(history[0]["text"], "My dog Pixel loves the beach.");
    EXPECT_NE(s.get_with_key("/api/memory/search?q=Pixel", key).body.find("Pixel"), std::string::npos);
}

TEST_F(OpenAi, StreamingSendsChunksAndDone) {
    auto r = complete({{"model", "os1"}, {"stream", true}, {"stream_options", {{"include_usage", true}}},
                       {"messages", {{{"role", "user"}, {"content", {{{"type", "text"}, {"text", "Hello there!"}}}}}}}});
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(r.header("content-type"), "text/event-stream");
    std::istringstream in(r.body);
    std::vector<Json> chunks;
    bool done = false;
    for (std::string line; std::getline(in, line);) {
        if (line.empty()) continue;
        ASSERT_EQ(line.rfind("data: ", 0), 0u) << line;
        if (line == "data: [DONE]") {
            done = true;
            continue;
        }
        EXPECT_FALSE(done) << "data after [DONE]";
        chunks.push_back(*parse_json(line.substr(6)));
    }
    EXPECT_TRUE(done);
    ASSERT_GE(chunks.size(), 3u);
    EXPECT_EQ(chunks[0]["choices"][0]["delta"]["role"], "assistant");
    std::string text;
    for (const auto& c : chunks) {
        EXPECT_EQ(c["object"], "chat.completion.chunk");
        if (!c["choices"].empty() && c["choices"][0]["delta"].contains("content"))
            text += c["choices"][0]["delta"]["content"].get<std::string>();
    }
    EXPECT_FALSE(text.empty());
    EXPECT_EQ(chunks[chunks.size() - 2]["choices"][0]["finish_reason"], "stop");
    EXPECT_TRUE(chunks.back()["usage"]["total_tokens"].is_number());
    const Json history = s.get_with_key("/api/history", key).json()["messages"];
    ASSERT_EQ(history.size(), 2u);
    EXPECT_EQ(history[1]["text"], text);
}

TEST_F(OpenAi, OtherModelsAndKeysAreRefused) {
    auto other = complete({{"model", "gpt-4"}, {"messages", {{{"role", "user"}, {"content", "hi"}}}}});
    EXPECT_EQ(other.status, 404);
    EXPECT_NE(other.body.find("os1"), std::string::npos);
    auto no_key = s.request("POST", "/v1/chat/completions", R"({"model":"os1","messages":[]})");
    EXPECT_EQ(no_key.status, 401);
    EXPECT_EQ(s.request("GET", "/v1/chat/completions", "", {{"Authorization", "Bearer " + key}}).status, 405);
}

// An installed model answers the client's whole conversation raw: listed
// by /v1/models, the request's limits apply, and nothing is remembered.
TEST_F(OpenAi, AnInstalledModelAnswersRawAndNothingIsRemembered) {
    OS1_REQUIRE_SHARED(kit);
    const auto model = kit / "models" / "stories260K.gguf";
    if (!std::filesystem::exists(model)) GTEST_SKIP() << "the kit has no stories260K.gguf";
    std::filesystem::copy_file(model, s.home() / "models" / "stories260K.gguf");
    const Json listed = s.get_with_key("/v1/models", key).json()["data"];
    bool found = false;
    for (const auto& m : listed) found = found || m["id"] == "stories260K.gguf";
    EXPECT_TRUE(found) << listed.dump();

    const Json conversation = {{{"role", "system"}, {"content", "You tell short stories."}},
                               {{"role", "user"}, {"content", "Once upon a time"}}};
    auto r = complete({{"model", "stories260K.gguf"}, {"messages", conversation}, {"max_tokens", 6}, {"temperature", 0}});
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(r.json()["model"], "stories260K.gguf");
    EXPECT_LE(r.json()["usage"]["completion_tokens"].get<int>(), 6);
    EXPECT_GT(r.json()["usage"]["prompt_tokens"].get<int>(), 0);
    EXPECT_EQ(r.json()["choices"][0]["finish_reason"], "length");
    const std::string first = r.json()["choices"][0]["message"]["content"];
    // Greedy is repeatable, and streaming gives the same text in chunks.
    auto again = complete({{"model", "stories260K.gguf"}, {"messages", conversation}, {"max_tokens", 6}, {"temperature", 0}});
    EXPECT_EQ(again.json()["choices"][0]["message"]["content"], first);
    auto streamed = complete({{"model", "stories260K.gguf"}, {"messages", conversation}, {"max_tokens", 6},
                              {"temperature", 0}, {"stream", true}});
    ASSERT_EQ(streamed.status, 200);
    std::string text;
    std::istringstream lines(streamed.body);
    for (std::string line; std::getline(lines, line);) {
        if (line.rfind("data: {", 0) != 0) continue;
        const Json j = Json::parse(line.substr(6));
        if (j.contains("choices") && !j["choices"].empty() && j["choices"][0]["delta"].contains("content"))
            text += j["choices"][0]["delta"]["content"].get<std::string>();
    }
    EXPECT_EQ(text, first);
    EXPECT_NE(streamed.body.find("data: [DONE]"), std::string::npos);
    // Nothing of it became a memory or a message of the companion's.
    EXPECT_TRUE(s.get_with_key("/api/history", key).json()["messages"].empty());
    EXPECT_TRUE(s.get_with_key("/api/memory/search?q=upon", key).json().empty());
}

TEST_F(OpenAi, RawRequestsAreCheckedBeforeAnyModelRuns) {
    auto unknown = complete({{"model", "llama-9000"}, {"messages", {{{"role", "user"}, {"content", "hi"}}}}});
    EXPECT_EQ(unknown.status, 404);
    EXPECT_NE(unknown.body.find("os1 pull"), std::string::npos) << unknown.body;
    for (const Json& bad : {Json{{"model", "x"}, {"messages", Json::array()}},
                            Json{{"model", "x"}, {"messages", {{{"role", "tool"}, {"content", "hi"}}}}},
                            Json{{"model", "x"}, {"messages", {{{"role", "user"}, {"content", "hi"}}}}, {"temperature", 9}},
                            Json{{"model", "x"}, {"messages", {{{"role", "user"}, {"content", "hi"}}}}, {"max_tokens", -1}},
                            Json{{"model", "x"}, {"messages", {{{"role", "user"}, {"content", "hi"}}}}, {"stop", {1, 2}}},
                            Json{{"model", "x"}, {"messages", {{{"role", "assistant"}, {"content", "hi"}}}}}}) {
        auto r = complete(bad);
        EXPECT_EQ(r.status, 400) << bad.dump() << " -> " << r.body;
    }
}

// The official client, from npm (tests/server/openai-client), against the running server.
TEST_F(OpenAi, TheOfficialNodeClientTalksToIt) {
    if (run_command("node --version >/dev/null 2>&1").status != 0) GTEST_SKIP() << "node is not installed";
    const std::filesystem::path dir = std::filesystem::path(OS1_SOURCE_DIR) / "tests" / "server" / "openai-client";
    if (!std::filesystem::exists(dir / "node_modules" / "openai"))
        GTEST_SKIP() << "the openai npm package is not installed: run 'npm ci' in " << dir.string()
                     << " (scripts/setup does it when npm is present)";
    auto r = run_command("cd " + dir.string() + " && OS1_URL=http://127.0.0.1:" + std::to_string(s.port()) +
                         "/v1 OS1_KEY=" + key + " timeout 60 node client.mjs 2>&1");
    EXPECT_EQ(r.status, 0) << r.out;
    EXPECT_NE(r.out.find("models: os1"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("reply: "), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("streamed: "), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("unauthorized: 401"), std::string::npos) << r.out;
    const Json history = s.get_with_key("/api/history", key).json()["messages"];
    ASSERT_EQ(history.size(), 4u) << history;
    EXPECT_EQ(history[0]["text"], "My cat Mochi sleeps all day.");
}

}  // namespace
}  // namespace os1::test

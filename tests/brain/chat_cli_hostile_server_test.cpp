// os1 chat against a model server that misbehaves: a reply that breaks off,
// an error with bytes that are not UTF-8, a reply full of terminal escape
// sequences. Each once crashed os1, lied in its exit status or reached the
// terminal raw (issue 18).
#include <gtest/gtest.h>

#include <sstream>

#include "brain/http_server_support.h"
#include "core/json.h"
#include "core/text.h"
#include "test_support.h"

namespace os1 {
namespace {

using test::json_lines;
using test::HttpConnection;
using test::HttpRequest;
using test::sse_chunk;
using test::TempDir;
using test::TestHttpServer;

const char* SSE_HEAD = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-cache\r\nConnection: close\r\n\r\n";

// A server whose chat completions are `stream`; anything else is answered
// with an empty model list.
TestHttpServer server_streaming(std::string stream) {
    return TestHttpServer([stream](const HttpRequest& req, HttpConnection& conn) {
        if (req.method != "POST") {
            conn.respond(200, R"({"object":"list","data":[{"id":"test-model","object":"model"}]})", "application/json");
            return;
        }
        conn.send(SSE_HEAD);
        conn.send(stream);
    });
}

std::string chat_args(const TestHttpServer& server, const std::string& rest) {
    return "chat --url " + server.url("/v1") + " --model test-model " + rest;
}

const std::string BREAKS_OFF = sse_chunk("I was saying ") + "data: {\"error\":{\"message\":\"out of memory\"}}\n\n";

TEST(ChatExitStatus, OnceReplyThatFailsMidwayExitsNonZero) {
    TempDir home;
    auto server = server_streaming(BREAKS_OFF);
    auto r = test::run_os1(chat_args(server, "--json --once hello"), home.path());
    EXPECT_EQ(r.status, 1) << r.out;
    auto lines = json_lines(r.out);
    ASSERT_EQ(lines.size(), 1u) << r.out;
    EXPECT_EQ(lines[0]["finish"], "error") << r.out;
    EXPECT_EQ(lines[0]["reply"], "I was saying") << "what arrived is still printed";
    EXPECT_NE(r.out.find("the reply failed midway: "), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("out of memory"), std::string::npos) << r.out;

    auto plain = test::run_os1(chat_args(server, "--once hello"), home.path());
    EXPECT_EQ(plain.status, 1) << plain.out;
    EXPECT_NE(plain.out.find("I was saying"), std::string::npos) << plain.out;
    EXPECT_NE(plain.out.find("the reply failed midway: "), std::string::npos) << plain.out;
}

TEST(ChatExitStatus, PipedChatWithAFailedReplyExitsNonZero) {
    TempDir home;
    auto server = server_streaming(BREAKS_OFF);
    auto r = test::run_os1(chat_args(server, "--json"), home.path(), "hello\nare you there?\n");
    EXPECT_EQ(r.status, 1) << r.out;
    EXPECT_EQ(json_lines(r.out).size(), 2u) << "a failed reply does not stop the conversation\n" << r.out;
}

TEST(ChatExitStatus, AReplyThatFinishesExitsZero) {
    TempDir home;
    auto server = server_streaming(sse_chunk("Hello there.") + sse_chunk("", "stop") + "data: [DONE]\n\n");
    auto r = test::run_os1(chat_args(server, "--json --once hello"), home.path());
    EXPECT_EQ(r.status, 0) << r.out;
    auto lines = json_lines(r.out);
    ASSERT_EQ(lines.size(), 1u) << r.out;
    EXPECT_EQ(lines[0]["finish"], "stop");
}

TEST(ChatHostileServer, ChatJsonSurvivesInvalidUtf8InAServerError) {
    TempDir home;
    TestHttpServer server([](const HttpRequest& req, HttpConnection& conn) {
        if (req.method != "POST") {
            conn.respond(200, R"({"object":"list","data":[]})", "application/json");
            return;
        }
        conn.respond(400, "bad request: caf\xC3 \xFF\xFE gateway", "text/plain");
    });
    auto r = test::run_os1(chat_args(server, "--json --once hello"), home.path());
    EXPECT_EQ(r.status, 1) << r.out;  // a failed turn, not an abort (134)
    auto lines = json_lines(r.out);
    ASSERT_EQ(lines.size(), 1u) << r.out;
    ASSERT_TRUE(lines[0].contains("error")) << r.out;
    EXPECT_TRUE(is_valid_utf8(lines[0]["error"].get<std::string>()));
}

TEST(ChatHostileServer, ModelReplyEscapesDoNotReachTheTerminal) {
    TempDir home;
    // Clear the screen, set the window title, move the cursor, ring the bell;
    // the escape is cut between two pieces as a stream may cut it.
    auto server = server_streaming(sse_chunk("Sure\x1b") + sse_chunk("[2J \x1b]0;owned\x07 \xC2\x9B" "6n done\r") +
                                   sse_chunk("", "stop") + "data: [DONE]\n\n");
    auto r = test::run_os1(chat_args(server, "--once hello"), home.path());
    EXPECT_EQ(r.status, 0) << r.out;
    EXPECT_EQ(r.out.find('\x1b'), std::string::npos) << r.out;
    EXPECT_EQ(r.out.find('\x07'), std::string::npos) << r.out;
    EXPECT_EQ(r.out.find("\xC2\x9B"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("Sure^[[2J ^[]0;owned^G <U+009B>6n done"), std::string::npos) << r.out;

    // JSON keeps the reply as it was said (escaped by JSON, not by us).
    auto j = test::run_os1(chat_args(server, "--json --once hello"), home.path());
    auto lines = json_lines(j.out);
    ASSERT_EQ(lines.size(), 1u) << j.out;
    EXPECT_NE(lines[0]["reply"].get<std::string>().find("\x1b[2J"), std::string::npos);
}

}  // namespace
}  // namespace os1

// The openai brain end to end against a local SSE server.
#include <gtest/gtest.h>

#include <sys/socket.h>
#include <netinet/in.h>
#include <unistd.h>

#include <chrono>
#include <thread>

#include "brain/brain.h"
#include "brain/http_server_support.h"
#include "core/json.h"

namespace os1::brain {
namespace {

using test::HttpConnection;
using test::HttpRequest;
using test::sse_chunk;
using test::TestHttpServer;

const char* SSE_HEAD = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-cache\r\nConnection: close\r\n\r\n";

BrainConfig config_for(const TestHttpServer& server) {
    BrainConfig c;
    c.backend = Backend::OpenAI;
    c.url = server.url("/v1");
    c.model_name = "test-model";
    c.api_key = "sk-test";
    c.retry_backoff_s = 0.01;
    c.max_retries = 2;
    c.read_timeout_s = 5;
    return c;
}

ChatRequest hello() {
    ChatRequest r;
    r.messages = {{"system", "be kind"}, {"user", "hello"}};
    r.max_tokens = 32;
    return r;
}

std::unique_ptr<Brain> make(const BrainConfig& c) {
    auto b = make_brain(c);
    EXPECT_TRUE(b.ok());
    return b.release_value();
}

TEST(OpenAiBrain, StreamsPiecesInOrder) {
    HttpRequest seen;
    TestHttpServer server([&](const HttpRequest& req, HttpConnection& conn) {
        seen = req;
        conn.send(SSE_HEAD);
        conn.send(": ping\n\n");
        conn.send(sse_chunk("Hel"));
        conn.send(sse_chunk("lo"));
        conn.send(sse_chunk(", world"));
        conn.send("data: {\"choices\":[{\"delta\":{},\"finish_reason\":\"stop\"}],"
                  "\"usage\":{\"prompt_tokens\":9,\"completion_tokens\":3}}\n\n");
        conn.send("data: [DONE]\n\n");
    });
    auto brain = make(config_for(server));
    std::vector<std::string> pieces;
    auto r = brain->chat(hello(), [&](std::string_view p) { pieces.emplace_back(p); return true; });
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_EQ(r->text, "Hello, world");
    EXPECT_EQ(pieces, (std::vector<std::string>{"Hel", "lo", ", world"}));
    EXPECT_EQ(r->finish_reason, FinishReason::Stop);
    EXPECT_EQ(r->n_prompt_tokens, 9);
    EXPECT_EQ(r->n_generated, 3);
    EXPECT_GE(r->total_ms, r->first_token_ms);

    EXPECT_EQ(seen.method, "POST");
    EXPECT_EQ(seen.path, "/v1/chat/completions");
    EXPECT_EQ(seen.header("authorization"), "Bearer sk-test");
    auto body = Json::parse(seen.body);
    EXPECT_EQ(body["stream"], true);
    EXPECT_EQ(body["model"], "test-model");
    EXPECT_EQ(body["max_tokens"], 32);
    ASSERT_EQ(body["messages"].size(), 2u);
    EXPECT_EQ(body["messages"][1]["content"], "hello");
}

TEST(OpenAiBrain, HostileFramingAcrossTcpWrites) {
    TestHttpServer server([&](const HttpRequest&, HttpConnection& conn) {
        std::string stream = sse_chunk("a") + ":comment\r\n" + sse_chunk("b") + "garbage line\n\n" + sse_chunk("c");
        // CRLF everywhere, then sent in 3-byte writes.
        std::string crlf;
        for (char ch : stream) {
            if (ch == '\n') crlf += "\r\n"; else crlf += ch;
        }
        crlf += "data: [DONE]\r\n\r\n";
        conn.send(SSE_HEAD);
        for (size_t i = 0; i < crlf.size(); i += 3) {
            conn.send(std::string_view(crlf).substr(i, 3));
            if (i % 60 == 0) std::this_thread::sleep_for(std::chrono::milliseconds(1));
        }
    });
    auto brain = make(config_for(server));
    auto r = brain->chat(hello(), [](std::string_view) { return true; });
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_EQ(r->text, "abc");
    EXPECT_EQ(r->n_generated, 3);
}

// A server that streams "x" pieces for as long as the client listens.
void endless(const HttpRequest&, HttpConnection& conn) {
    conn.send(SSE_HEAD);
    for (int i = 0; i < 500; i++) {
        if (!conn.send(sse_chunk("x"))) return;
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    conn.send("data: [DONE]\n\n");
}

TEST(OpenAiBrain, CallbackReturningFalseCancelsMidStream) {
    TestHttpServer server(endless);
    auto brain = make(config_for(server));
    int n = 0;
    auto r = brain->chat(hello(), [&](std::string_view) { return ++n < 3; });
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_EQ(r->finish_reason, FinishReason::Cancelled);
    EXPECT_EQ(r->text, "xxx");
}

TEST(OpenAiBrain, CancelFlagFromAnotherThreadStopsTheStream) {
    TestHttpServer server(endless);
    auto brain = make(config_for(server));
    CancelFlag cancel{false};
    int n = 0;
    std::thread stopper;
    auto r = brain->chat(hello(), [&](std::string_view) {
        if (++n == 2) stopper = std::thread([&] { cancel = true; });
        return true;
    }, &cancel);
    stopper.join();
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_EQ(r->finish_reason, FinishReason::Cancelled);
    EXPECT_GE(n, 2);
    EXPECT_LT(n, 500);
}

TEST(OpenAiBrain, ServerDownSaysSo) {
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ASSERT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
    socklen_t len = sizeof addr;
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
    ::close(fd);  // nothing listens on this port now
    BrainConfig c;
    c.backend = Backend::OpenAI;
    c.url = "http://127.0.0.1:" + std::to_string(ntohs(addr.sin_port)) + "/v1";
    c.retry_backoff_s = 0.01;
    c.max_retries = 1;
    auto brain = make(c);
    auto r = brain->chat(hello(), [](std::string_view) { return true; });
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, ErrorCode::Network);
    EXPECT_NE(r.error().message.find("cannot reach"), std::string::npos) << r.error().message;
    EXPECT_NE(r.error().message.find("is the server running"), std::string::npos);
}

TEST(OpenAiBrain, Unauthorized401IsNotRetried) {
    TestHttpServer server([](const HttpRequest&, HttpConnection& conn) {
        conn.respond(401, R"({"error":{"message":"Incorrect API key provided"}})", "application/json");
    });
    auto brain = make(config_for(server));
    auto r = brain->chat(hello(), [](std::string_view) { return true; });
    ASSERT_FALSE(r.ok());
    EXPECT_NE(r.error().message.find("refused the API key"), std::string::npos) << r.error().message;
    EXPECT_NE(r.error().message.find("Incorrect API key provided"), std::string::npos);
    EXPECT_EQ(server.requests(), 1);
}

TEST(OpenAiBrain, NotFound404NamesTheModel) {
    TestHttpServer server([](const HttpRequest&, HttpConnection& conn) {
        conn.respond(404, R"({"error":"model 'test-model' not found"})", "application/json");
    });
    auto brain = make(config_for(server));
    auto r = brain->chat(hello(), [](std::string_view) { return true; });
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, ErrorCode::NotFound);
    EXPECT_NE(r.error().message.find("model not found on server"), std::string::npos) << r.error().message;
}

TEST(OpenAiBrain, ServerError500ThenSuccessIsRetried) {
    int calls = 0;
    TestHttpServer server([&](const HttpRequest&, HttpConnection& conn) {
        if (calls++ == 0) {
            conn.respond(500, R"({"error":{"message":"loading model"}})", "application/json");
            return;
        }
        conn.send(SSE_HEAD);
        conn.send(sse_chunk("fine", "stop"));
        conn.send("data: [DONE]\n\n");
    });
    auto brain = make(config_for(server));
    auto r = brain->chat(hello(), [](std::string_view) { return true; });
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_EQ(r->text, "fine");
    EXPECT_EQ(server.requests(), 2);
}

TEST(OpenAiBrain, TooManyRequestsGivesUpAfterRetries) {
    TestHttpServer server([](const HttpRequest&, HttpConnection& conn) {
        conn.respond(429, R"({"error":{"message":"slow down"}})", "application/json", "Retry-After: 0\r\n");
    });
    auto c = config_for(server);
    auto brain = make(c);
    auto r = brain->chat(hello(), [](std::string_view) { return true; });
    ASSERT_FALSE(r.ok());
    EXPECT_NE(r.error().message.find("HTTP 429"), std::string::npos) << r.error().message;
    EXPECT_EQ(server.requests(), c.max_retries + 1);
}

TEST(OpenAiBrain, ErrorAfterPiecesKeepsTheText) {
    TestHttpServer server([](const HttpRequest&, HttpConnection& conn) {
        conn.send(SSE_HEAD);
        conn.send(sse_chunk("partial "));
        conn.send("data: {\"error\":{\"message\":\"out of memory\"}}\n\n");
    });
    auto brain = make(config_for(server));
    auto r = brain->chat(hello(), [](std::string_view) { return true; });
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_EQ(r->finish_reason, FinishReason::Error);
    EXPECT_EQ(r->text, "partial ");
    EXPECT_NE(r->error.find("out of memory"), std::string::npos);
    EXPECT_EQ(server.requests(), 1);  // never retried once words were shown
}

TEST(OpenAiBrain, ConnectionCutMidStreamIsAnErrorWithText) {
    TestHttpServer server([](const HttpRequest&, HttpConnection& conn) {
        conn.send("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nContent-Length: 100000\r\n\r\n");
        conn.send(sse_chunk("so far"));
    });
    auto brain = make(config_for(server));
    auto r = brain->chat(hello(), [](std::string_view) { return true; });
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_EQ(r->finish_reason, FinishReason::Error);
    EXPECT_EQ(r->text, "so far");
}

TEST(OpenAiBrain, StalledServerTimesOut) {
    TestHttpServer server([](const HttpRequest&, HttpConnection& conn) {
        conn.send(SSE_HEAD);
        conn.send(sse_chunk("hm"));
        std::this_thread::sleep_for(std::chrono::milliseconds(900));
    });
    auto c = config_for(server);
    c.read_timeout_s = 0.3;
    auto brain = make(c);
    auto r = brain->chat(hello(), [](std::string_view) { return true; });
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_EQ(r->finish_reason, FinishReason::Error);
    EXPECT_NE(r->error.find("stopped answering"), std::string::npos) << r->error;
}

TEST(OpenAiBrain, NonStreamedJsonReplyStillWorks) {
    TestHttpServer server([](const HttpRequest&, HttpConnection& conn) {
        conn.respond(200, R"({"choices":[{"message":{"role":"assistant","content":"whole reply"},"finish_reason":"length"}],"usage":{"prompt_tokens":4,"completion_tokens":2}})",
                     "application/json");
    });
    auto brain = make(config_for(server));
    std::string got;
    auto r = brain->chat(hello(), [&](std::string_view p) { got += p; return true; });
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_EQ(got, "whole reply");
    EXPECT_EQ(r->finish_reason, FinishReason::Length);
    EXPECT_EQ(r->n_generated, 2);
}

TEST(OpenAiBrain, NotAnOpenAiServerIsAnError) {
    TestHttpServer server([](const HttpRequest&, HttpConnection& conn) {
        conn.respond(200, "<html>hello</html>", "text/html");
    });
    auto brain = make(config_for(server));
    auto r = brain->chat(hello(), [](std::string_view) { return true; });
    ASSERT_FALSE(r.ok());
    EXPECT_NE(r.error().message.find("OpenAI-compatible"), std::string::npos) << r.error().message;
}

TEST(OpenAiBrain, EmptyReplyWithDoneIsFine) {
    TestHttpServer server([](const HttpRequest&, HttpConnection& conn) {
        conn.send(SSE_HEAD);
        conn.send(sse_chunk("", "stop"));
        conn.send("data: [DONE]\n\n");
    });
    auto brain = make(config_for(server));
    auto r = brain->chat(hello(), [](std::string_view) { return true; });
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_EQ(r->text, "");
    EXPECT_EQ(r->finish_reason, FinishReason::Stop);
}

TEST(OpenAiBrain, LastEventWithoutBlankLineOrDoneIsDelivered) {
    TestHttpServer server([](const HttpRequest&, HttpConnection& conn) {
        conn.send(SSE_HEAD);
        conn.send(sse_chunk("one "));
        std::string last = sse_chunk("two");
        conn.send(last.substr(0, last.size() - 2));  // closes without "\n\n" and without [DONE]
    });
    auto brain = make(config_for(server));
    auto r = brain->chat(hello(), [](std::string_view) { return true; });
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_EQ(r->text, "one two");
    EXPECT_EQ(r->finish_reason, FinishReason::Stop);
}

TEST(OpenAiBrain, DescribeAndEstimates) {
    BrainConfig c;
    c.backend = Backend::OpenAI;
    c.url = "http://127.0.0.1:1/v1";
    c.model_name = "llama3";
    auto brain = make(c);
    EXPECT_NE(brain->describe().find("llama3"), std::string::npos);
    EXPECT_TRUE(brain->available());
    EXPECT_FALSE(brain->counts_exactly());
    EXPECT_EQ(brain->count_tokens("12345678"), 2);
    EXPECT_GT(brain->context_tokens(), 0);
}

}  // namespace
}  // namespace os1::brain

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

// Hostile or broken servers: each must end with a clear message, in a
// bounded time and a bounded amount of memory.
double seconds_since(std::chrono::steady_clock::time_point t0) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

// Asks for a reply that must fail within [min_s, max_s] seconds; returns the
// message (of the Error, or of finish "error" once pieces were shown).
std::string failure_within(const BrainConfig& c, double min_s, double max_s) {
    auto brain = make(c);
    auto t0 = std::chrono::steady_clock::now();
    auto r = brain->chat(hello(), [](std::string_view) { return true; });
    double took = seconds_since(t0);
    EXPECT_GE(took, min_s);
    EXPECT_LT(took, max_s);
    if (!r.ok()) return r.error().message;
    EXPECT_EQ(r->finish_reason, FinishReason::Error);
    return r->error;
}

TEST(OpenAiBrain, EndlessDataLinesWithoutBlankLineAreCutOff) {
    TestHttpServer server([](const HttpRequest&, HttpConnection& conn) {
        conn.send(SSE_HEAD);
        conn.send_endless("data: " + std::string(1000, 'x') + "\n");
    });
    auto c = config_for(server);
    c.max_response_bytes = 1u << 30;  // the event cap, not the byte budget, must stop it
    std::string message = failure_within(c, 0, 10);
    EXPECT_NE(message.find("blank line"), std::string::npos) << message;
    EXPECT_EQ(server.requests(), 1);
}

TEST(OpenAiBrain, EndlessValidStreamStopsAtMaxTokens) {
    TestHttpServer server([](const HttpRequest&, HttpConnection& conn) {
        conn.send(SSE_HEAD);
        conn.send_endless(sse_chunk("word "));
    });
    auto brain = make(config_for(server));
    auto req = hello();
    req.max_tokens = 40;
    int pieces = 0;
    auto t0 = std::chrono::steady_clock::now();
    auto r = brain->chat(req, [&](std::string_view) { pieces++; return true; });
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_LT(seconds_since(t0), 10);
    EXPECT_EQ(pieces, 40);
    EXPECT_EQ(r->finish_reason, FinishReason::Length);
    EXPECT_EQ(r->text.size(), 40u * 5);
}

TEST(OpenAiBrain, FloodOfBytesHitsTheByteBudget) {
    TestHttpServer server([](const HttpRequest&, HttpConnection& conn) {
        conn.send(SSE_HEAD);
        conn.send_endless(sse_chunk(std::string(4000, 'z')));
    });
    auto c = config_for(server);
    c.max_response_bytes = 100000;
    auto brain = make(c);
    auto req = hello();
    req.max_tokens = 1000000;
    auto r = brain->chat(req, [](std::string_view) { return true; });
    ASSERT_TRUE(r.ok()) << r.error().message;  // pieces were shown: they are kept
    EXPECT_EQ(r->finish_reason, FinishReason::Error);
    EXPECT_LE(r->text.size(), 100000u);
    EXPECT_NE(r->error.find("brain.max_response_bytes"), std::string::npos) << r->error;
}

TEST(OpenAiBrain, EndlessJsonBodyHitsTheByteBudget) {
    TestHttpServer server([](const HttpRequest&, HttpConnection& conn) {
        conn.send("HTTP/1.1 500 Oops\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n{\"error\":\"");
        conn.send_endless(std::string(4096, 'e'));
    });
    auto c = config_for(server);
    c.max_response_bytes = 200000;
    std::string message = failure_within(c, 0, 10);
    EXPECT_NE(message.find("brain.max_response_bytes"), std::string::npos) << message;
    EXPECT_EQ(server.requests(), 1);
}

TEST(OpenAiBrain, DripFeedIsAStallNotProgress) {
    TestHttpServer server([](const HttpRequest&, HttpConnection& conn) {
        conn.send(SSE_HEAD);
        conn.drip(sse_chunk("slow"), 0.02);  // 50 bytes/s
    });
    auto c = config_for(server);
    c.read_timeout_s = 0.4;
    c.stall_min_bytes = 100;  // at least 250 bytes/s
    std::string message = failure_within(c, 0.3, 3);
    EXPECT_NE(message.find("stopped answering"), std::string::npos) << message;
    EXPECT_EQ(server.requests(), 1);  // a stall is not retried
}

TEST(OpenAiBrain, DripFeedEndsAtTheDeadline) {
    TestHttpServer server([](const HttpRequest&, HttpConnection& conn) {
        conn.send(SSE_HEAD);
        conn.drip(sse_chunk("slow"), 0.01);
    });
    auto c = config_for(server);
    c.read_timeout_s = 5;
    c.stall_min_bytes = 1;  // the drip passes the stall rule: only the deadline can end it
    c.deadline_s = 1;
    std::string message = failure_within(c, 0.9, 3);
    EXPECT_NE(message.find("brain.deadline_s"), std::string::npos) << message;
}

TEST(OpenAiBrain, SilentServerIsNotRetriedIntoManyTimeouts) {
    TestHttpServer server([](const HttpRequest&, HttpConnection& conn) { conn.stay_silent(); });
    auto c = config_for(server);
    c.read_timeout_s = 0.4;
    c.max_retries = 3;
    std::string message = failure_within(c, 0.3, 1.5);
    EXPECT_NE(message.find("stopped answering"), std::string::npos) << message;
    EXPECT_EQ(server.requests(), 1);
}

TEST(OpenAiBrain, RetriesNeverOutlastTheDeadline) {
    TestHttpServer server([](const HttpRequest&, HttpConnection& conn) {
        conn.respond(503, R"({"error":{"message":"busy"}})", "application/json", "Retry-After: 0.3\r\n");
    });
    auto c = config_for(server);
    c.max_retries = 100;
    c.deadline_s = 1;
    std::string message = failure_within(c, 0, 1.5);
    EXPECT_NE(message.find("busy"), std::string::npos) << message;
    EXPECT_GE(server.requests(), 2);
    EXPECT_LE(server.requests(), 4);
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

// Hostile and malformed requests: each gets a clear JSON error (or a
// closed connection), and the server answers the next request as before.
#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <thread>

#include "server_support.h"

namespace os1::test {
namespace {

// A plain TCP connection to the server, or -1.
int connect_local(uint16_t port) {
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0) return fd;
    ::close(fd);
    return -1;
}

struct Hostile : ::testing::Test {
    TestServer s{[](server::ServerOptions& o) { o.limits.request = std::chrono::seconds(2); }};
    Signed who;
    void SetUp() override {
        s.add_user("sam", "correct horse battery");
        who = s.login("sam", "correct horse battery");
    }
};

TEST_F(Hostile, AHugeHeaderIs431) {
    std::string req = "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(20 * 1024, 'a') + "\r\n\r\n";
    auto r = parse_reply(s.raw(req));
    EXPECT_EQ(r.status, 431);
    EXPECT_EQ(r.error_code(), "too_large");
    EXPECT_TRUE(s.alive());
}

TEST_F(Hostile, AHugeBodyIs413) {
    std::string body(2 * 1024 * 1024, 'x');
    auto r = s.request("POST", "/api/setup", body, {{"Cookie", who.cookie}, {"X-CSRF-Token", who.csrf}});
    EXPECT_EQ(r.status, 413);
    EXPECT_EQ(r.error_code(), "too_large");
    // A Content-Length that promises too much is refused before the body comes.
    auto promised = parse_reply(s.raw("POST /api/login HTTP/1.1\r\nHost: x\r\nContent-Length: 999999999\r\n\r\n"));
    EXPECT_EQ(promised.status, 413);
    EXPECT_TRUE(s.alive());
}

TEST_F(Hostile, BadJsonAndWrongShapesAre400) {
    for (const std::string body : {"{", "[]", "null", "\"x\"", "{\"answers\": [1]}", "{\"answers\": {\"you.name\": 3}}"}) {
        auto r = s.send("POST", "/api/setup", who, body);
        EXPECT_EQ(r.status, 400) << body << ": " << r.body;
        EXPECT_EQ(r.error_code(), "invalid") << body;
    }
    for (const std::string body : {"{", "{\"model\": 1}", "{\"model\": \"os1\"}", "{\"model\":\"os1\",\"messages\":\"hi\"}",
                                   "{\"model\":\"os1\",\"messages\":[{\"role\":\"system\",\"content\":\"x\"}]}",
                                   "{\"model\":\"os1\",\"messages\":[{\"role\":\"user\",\"content\":5}]}",
                                   "{\"model\":\"os1\",\"stream\":\"yes\",\"messages\":[{\"role\":\"user\",\"content\":\"\"}]}"}) {
        auto r = s.request("POST", "/v1/chat/completions", body, {{"Cookie", who.cookie}, {"X-CSRF-Token", who.csrf}});
        EXPECT_EQ(r.status, 400) << body << ": " << r.body;
    }
    EXPECT_TRUE(s.alive());
}

TEST_F(Hostile, GarbageAndWrongMethodsGetJsonErrors) {
    auto garbage = parse_reply(s.raw("\x16\x03\x01 hello not http\r\n\r\n"));
    EXPECT_EQ(garbage.status, 400);
    EXPECT_EQ(garbage.error_code(), "invalid");
    auto relative = parse_reply(s.raw("GET healthz HTTP/1.1\r\nHost: x\r\n\r\n"));
    EXPECT_EQ(relative.status, 400);
    auto bad_escape = s.request("GET", "/api/memory/%zz", "", {{"Cookie", who.cookie}});
    EXPECT_EQ(bad_escape.status, 400);
    auto nul = s.request("GET", "/api/memory/search?q=a%00b", "", {{"Cookie", who.cookie}});
    EXPECT_EQ(nul.status, 400);
    auto bad_utf8 = s.request("GET", "/api/memory/search?q=%ff%fe", "", {{"Cookie", who.cookie}});
    EXPECT_EQ(bad_utf8.status, 400);
    EXPECT_EQ(bad_utf8.error_code(), "invalid");
    EXPECT_EQ(s.request("PUT", "/api/memory", "{}", {{"Cookie", who.cookie}, {"X-CSRF-Token", who.csrf}}).status, 405);
    EXPECT_EQ(s.request("DELETE", "/index.html").status, 405);
    EXPECT_EQ(s.request("GET", "/api/nothing/here", "", {{"Cookie", who.cookie}}).status, 404);
    EXPECT_TRUE(s.alive());
}

TEST_F(Hostile, ASlowClientIsCut) {
    int fd = connect_local(s.port());
    ASSERT_GE(fd, 0);
    const std::string req = "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Drip: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\n\r\n";
    const auto start = std::chrono::steady_clock::now();
    bool cut = false;
    for (char c : req) {  // a byte every 200 ms: the whole request would take ~13 s
        if (::send(fd, &c, 1, MSG_NOSIGNAL) != 1) {
            cut = true;
            break;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
        if (std::chrono::steady_clock::now() - start > std::chrono::seconds(5)) break;
    }
    std::string got;
    char buf[4096];
    ssize_t n;
    while ((n = ::recv(fd, buf, sizeof buf, 0)) > 0) got.append(buf, size_t(n));
    ::close(fd);
    EXPECT_TRUE(cut || !got.empty());
    auto r = parse_reply(got);
    if (r.status) {
        EXPECT_EQ(r.status, 408);
        EXPECT_EQ(r.error_code(), "invalid");
    }
    EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(8));
    EXPECT_TRUE(s.alive());
}

TEST_F(Hostile, HalfOpenConnectionsDoNotBlockOthers) {
    std::vector<int> fds;
    for (int i = 0; i < 20; i++) {
        int fd = connect_local(s.port());
        ASSERT_GE(fd, 0);
        ::send(fd, "GET /heal", 9, MSG_NOSIGNAL);
        fds.push_back(fd);
    }
    EXPECT_TRUE(s.alive());
    auto chat = open_chat(s, who);
    EXPECT_EQ(chat->say("c1", "hello")["type"], "done");
    for (int fd : fds) ::close(fd);
}

TEST_F(Hostile, WebSocketAbuse) {
    // A frame over the limit closes the socket; the server stays up.
    {
        TestServer small([](server::ServerOptions& o) { o.limits.frame_bytes = 4096; });
        small.add_user("sam", "correct horse battery");
        auto me = small.login("sam", "correct horse battery");
        auto chat = open_chat(small, me);
        chat->send(std::string(8192, 'x'));
        EXPECT_FALSE(chat->read(std::chrono::milliseconds(3000)));
        EXPECT_TRUE(small.alive());
    }
    // Another site's page cannot open a chat with the person's cookie.
    WsClient foreign;
    EXPECT_EQ(foreign.connect(s.port(), "/api/chat", {{"Cookie", who.cookie}, {"Origin", "https://evil.example"}}), 403);
    WsClient no_origin;
    EXPECT_EQ(no_origin.connect(s.port(), "/api/chat", {{"Cookie", who.cookie}}), 403);
    // Binary frames are answered with an error, not a crash.
    auto chat = open_chat(s, who);
    chat->send_binary("\x00\x01\x02");
    auto e = chat->read();
    ASSERT_TRUE(e);
    EXPECT_EQ((*e)["type"], "error");
    // A WebSocket anywhere else is refused.
    WsClient elsewhere;
    EXPECT_EQ(elsewhere.connect(s.port(), "/v1/models", {{"Cookie", who.cookie}}), 404);
    EXPECT_TRUE(s.alive());
}

TEST_F(Hostile, TooManyConnectionsForOnePerson) {
    TestServer small([](server::ServerOptions& o) { o.limits.connections_per_person = 2; });
    small.add_user("sam", "correct horse battery");
    auto me = small.login("sam", "correct horse battery");
    auto a = open_chat(small, me);
    auto b = open_chat(small, me);
    WsClient third;
    EXPECT_EQ(third.connect(small.port(), "/api/chat",
                            {{"Cookie", me.cookie}, {"Origin", "http://127.0.0.1:" + std::to_string(small.port())}}),
              429);
    EXPECT_EQ(small.get("/api/me", me).status, 429);
    a.reset();
    // The slot is given back when a socket closes.
    bool freed = false;
    for (int i = 0; i < 50 && !freed; i++) {
        freed = small.get("/api/me", me).status == 200;
        if (!freed) std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    EXPECT_TRUE(freed);
}

// nlohmann parses any depth without recursion, but copying or writing a
// document recurses: "[[[[...]]]]" a megabyte deep in a message's content
// overflowed a worker's stack and took the whole server down. Every JSON
// from outside is refused past MAX_JSON_DEPTH levels, before it is parsed.
TEST_F(Hostile, DeeplyNestedJsonIs400NotACrash) {
    for (size_t depth : {size_t{1000}, size_t{400'000}}) {
        const std::string deep = std::string(depth, '[') + std::string(depth, ']');
        auto chat = s.request("POST", "/v1/chat/completions",
                              "{\"model\":\"os1\",\"messages\":[{\"role\":\"user\",\"content\":" + deep + "}]}",
                              {{"Cookie", who.cookie}, {"X-CSRF-Token", who.csrf}});
        EXPECT_EQ(chat.status, 400) << chat.body.substr(0, 300);
        EXPECT_NE(chat.body.find("nested deeper than"), std::string::npos) << chat.body.substr(0, 300);
        auto setup = s.send("POST", "/api/setup", who, "{\"answers\":{\"you.name\":" + deep + "}}");
        EXPECT_EQ(setup.status, 400) << setup.body.substr(0, 300);
        auto ws = open_chat(s, who);
        ASSERT_TRUE(ws->send("{\"type\":\"say\",\"text\":\"hi\",\"x\":" + deep + "}"));
        auto e = ws->read();
        ASSERT_TRUE(e) << depth;
        EXPECT_EQ((*e)["type"], "error");
        ASSERT_TRUE(s.alive()) << depth;
    }
    // A document as deep as a real one still works.
    auto ok = s.request("POST", "/v1/chat/completions",
                        "{\"model\":\"os1\",\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"hello\"}]}]}",
                        {{"Cookie", who.cookie}, {"X-CSRF-Token", who.csrf}});
    EXPECT_EQ(ok.status, 200) << ok.body.substr(0, 300);
}

TEST_F(Hostile, NothingIsStoredTwice) {
    auto chat = open_chat(s, who);
    for (int i = 0; i < 5; i++) ASSERT_EQ(chat->say("m" + std::to_string(i), "message number " + std::to_string(i))["type"], "done");
    const Json history = s.get("/api/history?limit=100", who).json()["messages"];
    ASSERT_EQ(history.size(), 10u);
    for (int i = 0; i < 5; i++) EXPECT_EQ(history[2 * i]["text"], "message number " + std::to_string(i));
}

}  // namespace
}  // namespace os1::test

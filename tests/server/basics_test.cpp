// The server's frame: health, the web app's files, the address rules, and
// the 401 every /api and /v1 route gives without a key or session.
#include <gtest/gtest.h>

#include <fstream>

#include "server_support.h"

namespace os1::test {
namespace {

TEST(Serve, HealthzAnswersWithoutAKey) {
    TestServer s;
    auto r = s.request("GET", "/healthz");
    ASSERT_EQ(r.status, 200);
    EXPECT_EQ(r.json()["ok"], true);
    EXPECT_FALSE(r.json()["version"].get<std::string>().empty());
    EXPECT_EQ(s.request("POST", "/healthz").status, 405);
}

TEST(Serve, EveryApiAndV1RouteWithoutAKeyIs401) {
    TestServer s;
    const std::vector<std::pair<std::string, std::string>> routes = {
        {"GET", "/api/me"}, {"POST", "/api/logout"}, {"GET", "/api/history"}, {"GET", "/api/memory"},
        {"GET", "/api/memory/search?q=x"}, {"GET", "/api/memory/f1"}, {"DELETE", "/api/memory/f1"},
        {"GET", "/api/memory/export"}, {"GET", "/api/mood"}, {"GET", "/api/persona"}, {"GET", "/api/setup"},
        {"POST", "/api/setup"}, {"GET", "/api/models"}, {"GET", "/api/chat"}, {"GET", "/api/nothing"},
        {"GET", "/v1/models"}, {"POST", "/v1/chat/completions"}, {"GET", "/v1/nothing"}};
    for (const auto& [method, target] : routes) {
        auto r = s.request(method, target, method == "POST" ? "{}" : "");
        EXPECT_EQ(r.status, 401) << method << " " << target << ": " << r.body;
        EXPECT_EQ(r.error_code(), "unauthorized") << target;
    }
    // A wrong key and a forged cookie are no better.
    EXPECT_EQ(s.get_with_key("/v1/models", "os1_" + std::string(64, 'a')).status, 401);
    EXPECT_EQ(s.request("GET", "/api/me", "", {{"Cookie", "os1_session=" + std::string(64, 'b')}}).status, 401);
    // And the WebSocket without a session is refused before the upgrade.
    WsClient ws;
    EXPECT_EQ(ws.connect(s.port(), "/api/chat", {{"Origin", "http://127.0.0.1:" + std::to_string(s.port())}}), 401);
}

TEST(Serve, ServesTheWebAppWithIndexFallbackAndCaching) {
    TestServer s;
    std::filesystem::create_directories(s.web() / "assets");
    std::ofstream(s.web() / "index.html") << "<!doctype html><title>os1</title>";
    std::ofstream(s.web() / "assets" / "app-1a2b.js") << "console.log(1)";
    std::ofstream(s.web() / "manifest.webmanifest") << "{}";
    auto index = s.request("GET", "/");
    ASSERT_EQ(index.status, 200);
    EXPECT_NE(index.body.find("<title>os1</title>"), std::string::npos);
    EXPECT_EQ(index.header("cache-control"), "no-cache");
    EXPECT_NE(index.header("content-type").find("text/html"), std::string::npos);
    auto js = s.request("GET", "/assets/app-1a2b.js");
    ASSERT_EQ(js.status, 200);
    EXPECT_NE(js.header("cache-control").find("immutable"), std::string::npos);
    EXPECT_NE(js.header("content-type").find("javascript"), std::string::npos);
    EXPECT_EQ(s.request("GET", "/manifest.webmanifest").header("content-type"), "application/manifest+json");
    // A client route (no extension) is the app's; a missing file is not.
    auto route = s.request("GET", "/memory/facts");
    EXPECT_EQ(route.status, 200);
    EXPECT_NE(route.body.find("<title>os1</title>"), std::string::npos);
    auto missing = s.request("GET", "/assets/nope.js");
    EXPECT_EQ(missing.status, 404);
    EXPECT_EQ(missing.error_code(), "not_found");
    // Revalidation: the same file again is 304 with no body; a changed one is sent.
    const std::string etag = index.header("etag");
    ASSERT_FALSE(etag.empty());
    auto same = s.request("GET", "/", "", {{"If-None-Match", etag}});
    EXPECT_EQ(same.status, 304);
    EXPECT_TRUE(same.body.empty());
    std::ofstream(s.web() / "index.html") << "<!doctype html><title>os1, newer</title>";
    auto changed = s.request("GET", "/", "", {{"If-None-Match", etag}});
    EXPECT_EQ(changed.status, 200);
    EXPECT_NE(changed.header("etag"), etag);
}

TEST(Serve, StaticFilesNeverLeaveTheWebFolder) {
    TestServer s;
    std::ofstream(s.web() / "index.html") << "INDEX";
    std::ofstream(s.home() / "secret.txt") << "SECRET";
    std::filesystem::create_symlink(s.home() / "secret.txt", s.web() / "link.txt");
    for (const std::string target : {"/../secret.txt", "/%2e%2e/secret.txt", "/..%2fsecret.txt", "/assets/../../secret.txt",
                                     "/%2e%2e%2f%2e%2e%2fetc%2fpasswd", "/link.txt", "/.%2e/secret.txt", "/..\\secret.txt",
                                     "/%252e%252e/secret.txt", "/config.toml", "/data/os1.db"}) {
        auto r = s.request("GET", target);
        EXPECT_EQ(r.body.find("SECRET"), std::string::npos) << target;
        EXPECT_NE(r.status, 200) << target << " -> " << r.body;
        EXPECT_FALSE(r.error_code().empty()) << target;
    }
    EXPECT_TRUE(s.alive());
}

TEST(Serve, WithoutTheWebAppSaysHowToGetIt) {
    TestServer s([](server::ServerOptions& o) { o.web_dir = "/nonexistent/os1/web"; });
    auto r = s.request("GET", "/");
    EXPECT_EQ(r.status, 404);
    EXPECT_NE(r.json()["error"]["message"].get<std::string>().find("scripts/setup"), std::string::npos);
}

TEST(Serve, ANonLoopbackAddressNeedsTlsOrInsecureLan) {
    TempDir home;
    ::setenv("OS1_HOME", home.path().c_str(), 1);
    server::ServerOptions o;
    o.brain.brain = "none";
    o.listen = "0.0.0.0:0";
    auto refused = server::Server::start(o);
    ASSERT_FALSE(refused.ok());
    EXPECT_NE(refused.error().message.find("--tls-cert"), std::string::npos);
    EXPECT_NE(refused.error().message.find("--insecure-lan"), std::string::npos);
    o.insecure_lan = true;
    auto lan = server::Server::start(o);
    ASSERT_TRUE(lan.ok()) << lan.error().message;
    (*lan)->stop();
    o.listen = "not-an-address:80";
    EXPECT_FALSE(server::Server::start(o).ok());
    o.listen = "127.0.0.1:99999";
    EXPECT_FALSE(server::Server::start(o).ok());
    o.listen = "127.0.0.1:0";
    o.tls_cert = home.path() / "missing.pem";
    o.tls_key = home.path() / "missing.key";
    auto bad_tls = server::Server::start(o);
    ASSERT_FALSE(bad_tls.ok());
    EXPECT_NE(bad_tls.error().message.find("certificate"), std::string::npos);
}

TEST(Serve, ServesHttpsWithACertificate) {
    TempDir keys;
    auto made = run_command("openssl req -x509 -newkey rsa:2048 -nodes -subj /CN=127.0.0.1 -days 1 -keyout " +
                            (keys.path() / "key.pem").string() + " -out " + (keys.path() / "cert.pem").string() +
                            " >/dev/null 2>&1");
    if (made.status != 0) GTEST_SKIP() << "the openssl command is not installed (cannot make a test certificate)";
    TestServer s([&](server::ServerOptions& o) {
        o.listen = "0.0.0.0:0";  // allowed: TLS
        o.tls_cert = keys.path() / "cert.pem";
        o.tls_key = keys.path() / "key.pem";
    });
    EXPECT_EQ(s.server().url().rfind("https://", 0), 0u);
    auto r = run_command("curl -sk https://127.0.0.1:" + std::to_string(s.port()) + "/healthz");
    if (r.status == 127) GTEST_SKIP() << "curl is not installed";
    EXPECT_NE(r.out.find("\"ok\":true"), std::string::npos) << r.out;
    // Plain HTTP to the TLS port gets nothing readable, and the server stays up.
    EXPECT_EQ(parse_reply(s.raw("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n", std::chrono::milliseconds(2000))).status, 0);
    auto again = run_command("curl -sk https://127.0.0.1:" + std::to_string(s.port()) + "/healthz");
    EXPECT_NE(again.out.find("\"ok\":true"), std::string::npos);
}

}  // namespace
}  // namespace os1::test

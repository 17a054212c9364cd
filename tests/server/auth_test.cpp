// Signing in: passwords, sessions in HttpOnly SameSite cookies, CSRF
// tokens for changes, Bearer keys, removal, and the login rate limit.
#include <gtest/gtest.h>

#include "server/auth.h"
#include "server_support.h"

namespace os1::test {
namespace {

TEST(Auth, LoginSetsAStrictHttpOnlyCookieAndACsrfToken) {
    TestServer s;
    s.add_user("sam", "correct horse battery");
    auto r = s.request("POST", "/api/login", R"({"name":"sam","password":"correct horse battery"})");
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(r.json()["name"], "sam");
    const std::string csrf = r.json()["csrf"];
    EXPECT_EQ(csrf.size(), 64u);
    const std::string cookie = r.header("set-cookie");
    EXPECT_EQ(cookie.rfind("os1_session=", 0), 0u) << cookie;
    EXPECT_NE(cookie.find("HttpOnly"), std::string::npos);
    EXPECT_NE(cookie.find("SameSite=Strict"), std::string::npos);
    EXPECT_NE(cookie.find("Path=/"), std::string::npos);
    EXPECT_EQ(cookie.find("Secure"), std::string::npos);  // plain http on loopback

    Signed who{"sam", cookie.substr(0, cookie.find(';')), csrf};
    auto me = s.get("/api/me", who);
    ASSERT_EQ(me.status, 200) << me.body;
    EXPECT_EQ(me.json()["name"], "sam");
    EXPECT_EQ(me.json()["csrf"], csrf);
    // The password is stored as an Argon2id hash, never as itself.
    auto dump = run_command("sqlite3 " + (s.home() / "data" / "users.db").string() + " 'SELECT password FROM users'");
    if (dump.status == 0) {
        EXPECT_EQ(dump.out.find("correct horse"), std::string::npos);
        EXPECT_NE(dump.out.find("$argon2id$"), std::string::npos) << dump.out;
    }
    EXPECT_EQ(std::filesystem::status(s.home() / "data" / "users.db").permissions() & std::filesystem::perms::group_read,
              std::filesystem::perms::none);
}

TEST(Auth, AWrongPasswordAndAnUnknownNameGetTheSameAnswer) {
    TestServer s;
    s.add_user("sam", "correct horse battery");
    auto wrong = s.request("POST", "/api/login", R"({"name":"sam","password":"nope"})");
    auto unknown = s.request("POST", "/api/login", R"({"name":"nobody","password":"nope"})");
    EXPECT_EQ(wrong.status, 401);
    EXPECT_EQ(unknown.status, 401);
    EXPECT_EQ(wrong.body, unknown.body);
    EXPECT_TRUE(wrong.header("set-cookie").empty());
    EXPECT_EQ(s.request("POST", "/api/login", "{\"name\":1}").status, 400);
    EXPECT_EQ(s.request("POST", "/api/login", "not json").error_code(), "invalid");
    EXPECT_EQ(s.request("GET", "/api/login").status, 405);
}

TEST(Auth, ChangesWithACookieNeedTheCsrfToken) {
    TestServer s;
    s.add_user("sam", "correct horse battery");
    auto who = s.login("sam", "correct horse battery");
    auto chat = open_chat(s, who);
    chat->say("c1", "My sister Amy lives in Oslo.");
    auto facts = s.get("/api/memory", who).json()["facts"];
    ASSERT_FALSE(facts.empty());
    const std::string id = facts[0]["id"];
    // No token, a wrong token: 403 and nothing forgotten.
    auto none = s.request("DELETE", "/api/memory/" + id, "", {{"Cookie", who.cookie}});
    EXPECT_EQ(none.status, 403);
    EXPECT_EQ(none.error_code(), "forbidden");
    auto wrong = s.request("DELETE", "/api/memory/" + id, "", {{"Cookie", who.cookie}, {"X-CSRF-Token", std::string(64, '0')}});
    EXPECT_EQ(wrong.status, 403);
    EXPECT_EQ(s.request("POST", "/api/logout", "", {{"Cookie", who.cookie}}).status, 403);
    EXPECT_EQ(s.get("/api/memory", who).json()["facts"].size(), facts.size());
    // With it: done.
    EXPECT_EQ(s.send("DELETE", "/api/memory/" + id, who).status, 200);
}

TEST(Auth, BearerKeysNeedNoCsrfAndDieWithTheirPerson) {
    TestServer s;
    s.add_user("sam", "correct horse battery");
    const std::string key = s.new_key("sam");
    ASSERT_EQ(key.size(), 68u);
    EXPECT_EQ(key.rfind("os1_", 0), 0u);
    EXPECT_EQ(s.get_with_key("/api/me", key).json()["name"], "sam");
    auto post = s.request("POST", "/api/setup", R"({"answers":{"you.name":"Sam"}})", {{"Authorization", "Bearer " + key}});
    EXPECT_EQ(post.status, 200) << post.body;
    // The key is stored hashed.
    auto dump = run_command("sqlite3 " + (s.home() / "data" / "users.db").string() + " 'SELECT hash FROM keys'");
    if (dump.status == 0) EXPECT_EQ(dump.out.find(key.substr(4)), std::string::npos);
    auto who = s.login("sam", "correct horse battery");
    s.remove_user("sam");
    EXPECT_EQ(s.get_with_key("/api/me", key).status, 401);
    EXPECT_EQ(s.get("/api/me", who).status, 401);
}

TEST(Auth, LogoutEndsTheSession) {
    TestServer s;
    s.add_user("sam", "correct horse battery");
    auto who = s.login("sam", "correct horse battery");
    auto out = s.send("POST", "/api/logout", who);
    EXPECT_EQ(out.status, 204);
    EXPECT_NE(out.header("set-cookie").find("Max-Age=0"), std::string::npos);
    EXPECT_EQ(s.get("/api/me", who).status, 401);
}

TEST(Auth, LoginsAreRateLimitedPerNameAndPerAddress) {
    TestServer s([](server::ServerOptions& o) {
        o.limits.login_failures_per_name = 3;
        o.limits.login_failures_per_address = 5;
    });
    s.add_user("sam", "correct horse battery");
    for (int i = 0; i < 3; i++) EXPECT_EQ(s.request("POST", "/api/login", R"({"name":"sam","password":"x"})").status, 401);
    auto limited = s.request("POST", "/api/login", R"({"name":"sam","password":"correct horse battery"})");
    EXPECT_EQ(limited.status, 429);
    EXPECT_EQ(limited.error_code(), "rate_limited");
    EXPECT_GT(std::atoi(limited.header("retry-after").c_str()), 0);
    // Other names from the same address: limited once the address has failed 5 times.
    EXPECT_EQ(s.request("POST", "/api/login", R"({"name":"a","password":"x"})").status, 401);
    EXPECT_EQ(s.request("POST", "/api/login", R"({"name":"b","password":"x"})").status, 401);
    EXPECT_EQ(s.request("POST", "/api/login", R"({"name":"c","password":"x"})").status, 429);
    EXPECT_TRUE(s.alive());
}

// Sessions live in users.db as hashes: a second store over the same file
// (a restarted server) finds them, with the same CSRF token; unused for
// their lifetime they expire and are purged; removal ends them.
TEST(Auth, SessionsAreStoredHashedExpireAndArePurged) {
    TempDir dir;
    const auto file = dir.path() / "users.db";
    auto store = server::UserStore::open(file);
    ASSERT_TRUE(store.ok()) << store.error().message;
    ASSERT_TRUE((*store)->add("sam", "correct horse battery", "").ok());
    ASSERT_TRUE((*store)->add("ann", "another long one", "").ok());
    FakeClock clock;
    server::Sessions sessions(**store, std::chrono::hours(1), &clock);
    auto sam = sessions.create("sam");
    ASSERT_TRUE(sam.ok()) << sam.error().message;
    EXPECT_EQ(sam->cookie_value.size(), 64u);
    EXPECT_NE(sam->csrf, sam->cookie_value);
    auto dump = run_command("sqlite3 " + file.string() + " 'SELECT * FROM sessions'");
    if (dump.status == 0) {
        EXPECT_EQ(dump.out.find(sam->cookie_value), std::string::npos) << "the token itself is stored";
        EXPECT_EQ(dump.out.find(sam->csrf), std::string::npos) << "the CSRF token is stored";
    }
    {  // a restart: another store over the same file
        auto again = server::UserStore::open(file);
        ASSERT_TRUE(again.ok());
        server::Sessions restarted(**again, std::chrono::hours(1), &clock);
        auto found = restarted.find(sam->cookie_value);
        ASSERT_TRUE(found.ok() && found->has_value());
        EXPECT_EQ((*found)->name, "sam");
        EXPECT_EQ((*found)->owner, "sam");
        EXPECT_EQ((*found)->csrf, sam->csrf);
        EXPECT_FALSE(restarted.find(std::string(64, 'a'))->has_value());
    }
    // Used within the hour, it lasts; an hour unused, it is gone.
    clock.advance_ms(50 * 60'000);
    EXPECT_TRUE(sessions.find(sam->cookie_value)->has_value());
    clock.advance_ms(50 * 60'000);
    EXPECT_TRUE(sessions.find(sam->cookie_value)->has_value());
    auto ann = sessions.create("ann");
    ASSERT_TRUE(ann.ok());
    clock.advance_ms(61 * 60'000);
    EXPECT_FALSE(sessions.find(sam->cookie_value)->has_value());
    // ann's expired too; the next sign-in purges it without anyone asking for it.
    EXPECT_TRUE((*store)->session(server::hashed_secret(ann->cookie_value))->has_value());
    auto later = sessions.create("ann");
    ASSERT_TRUE(later.ok());
    EXPECT_FALSE((*store)->session(server::hashed_secret(ann->cookie_value))->has_value());
    // Sign-out and removal end sessions.
    auto other = sessions.create("ann");
    ASSERT_TRUE(sessions.remove(later->cookie_value).ok());
    EXPECT_FALSE(sessions.find(later->cookie_value)->has_value());
    EXPECT_TRUE(sessions.find(other->cookie_value)->has_value());
    ASSERT_TRUE((*store)->remove("ann").ok());
    EXPECT_FALSE((*store)->session(server::hashed_secret(other->cookie_value))->has_value());
}

}  // namespace
}  // namespace os1::test

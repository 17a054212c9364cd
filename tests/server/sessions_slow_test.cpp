// Sessions across restarts of `os1 serve` as a process (slow: three
// starts and two Argon2id sign-ins): users.db keeps the sessions' hashes.
#include <gtest/gtest.h>

#include "server_support.h"

namespace os1::test {
namespace {

// A restarted server keeps people signed in (users.db holds their
// sessions' hashes); signing out and `os1 user remove` end a session for
// good, across restarts too.
TEST(ServeCli, SessionsOutliveARestartUntilSignOutOrRemoval) {
    TempDir home;
    ASSERT_EQ(run_os1("user add sam --password-stdin", home.path(), "a long passphrase\n").status, 0);
    const std::string jar = (home.path() / "cookies").string();
    auto curl = [&](const std::string& url, const std::string& args) {
        // The jar is only read: after a sign-out it still holds the old cookie, which the server must refuse.
        return run_command("curl -s -b " + jar + " -o /dev/null -w '%{http_code}' " + args + " " + url);
    };
    auto first = std::make_unique<ServeProcess>(home.path());
    ASSERT_FALSE(first->url.empty()) << first->output();
    if (run_command("curl --version >/dev/null 2>&1").status != 0) GTEST_SKIP() << "curl is not installed";
    auto login = run_command("curl -s -c " + jar + " -H 'Content-Type: application/json' -d " +
                             "'{\"name\":\"sam\",\"password\":\"a long passphrase\"}' " + first->url + "api/login");
    auto signed_in = parse_json(login.out);
    ASSERT_TRUE(signed_in && signed_in->contains("csrf")) << login.out;
    const std::string csrf = (*signed_in)["csrf"];
    EXPECT_EQ(curl(first->url + "api/me", "").out, "200");
    ASSERT_TRUE(first->stop());

    ServeProcess second(home.path());
    ASSERT_FALSE(second.url.empty()) << second.output();
    auto me = run_command("curl -s -b " + jar + " " + second.url + "api/me");
    auto j = parse_json(me.out);
    ASSERT_TRUE(j && j->contains("name")) << me.out;
    EXPECT_EQ((*j)["name"], "sam");
    EXPECT_EQ((*j)["csrf"], csrf);  // the same token guards changes after the restart
    EXPECT_EQ(curl(second.url + "api/logout", "-X POST").out, "403");  // still needs it
    EXPECT_EQ(curl(second.url + "api/logout", "-X POST -H 'X-CSRF-Token: " + csrf + "'").out, "204");
    EXPECT_EQ(curl(second.url + "api/me", "").out, "401");
    ASSERT_TRUE(second.stop());

    // Signed out stays signed out; a new session ends with its person.
    ServeProcess third(home.path());
    ASSERT_FALSE(third.url.empty()) << third.output();
    EXPECT_EQ(curl(third.url + "api/me", "").out, "401");
    run_command("curl -s -c " + jar + " -H 'Content-Type: application/json' -d " +
                "'{\"name\":\"sam\",\"password\":\"a long passphrase\"}' " + third.url + "api/login");
    EXPECT_EQ(curl(third.url + "api/me", "").out, "200");
    ASSERT_EQ(run_os1("user remove sam", home.path()).status, 0);
    EXPECT_EQ(curl(third.url + "api/me", "").out, "401");
    EXPECT_TRUE(third.stop());
}

}  // namespace
}  // namespace os1::test

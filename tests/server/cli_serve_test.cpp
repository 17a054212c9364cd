// The commands as a person types them: os1 user add/key/list/remove, and
// os1 serve as a process that prints its URL and stops gracefully on SIGTERM.
#include <gtest/gtest.h>

#include <regex>

#include "server_support.h"

namespace os1::test {
namespace {

TEST(UserCli, AddKeyListRemove) {
    TempDir home;
    auto add = run_os1("user add sam --password-stdin", home.path(), "a long passphrase\n");
    EXPECT_EQ(add.status, 0) << add.out;
    auto again = run_os1("user add sam --password-stdin", home.path(), "another\n");
    EXPECT_EQ(again.status, 1);
    EXPECT_NE(again.out.find("already"), std::string::npos) << again.out;
    EXPECT_EQ(run_os1("user add 'Bad Name' --password-stdin", home.path(), "x\n").status, 1);
    auto no_stdin = run_os1("user add ann", home.path());
    EXPECT_EQ(no_stdin.status, 2);
    EXPECT_NE(no_stdin.out.find("--password-stdin"), std::string::npos);

    auto key = run_os1("user key sam", home.path());
    ASSERT_EQ(key.status, 0) << key.out;
    EXPECT_TRUE(std::regex_match(last_line(key.out), std::regex("os1_[0-9a-f]{64}"))) << key.out;
    EXPECT_EQ(run_os1("user key nobody", home.path()).status, 1);

    auto list = run_os1("user list", home.path());
    EXPECT_NE(list.out.find("sam"), std::string::npos);
    EXPECT_NE(list.out.find("keys 1"), std::string::npos) << list.out;
    EXPECT_EQ(run_os1("user remove sam", home.path()).status, 0);
    EXPECT_EQ(run_os1("user list", home.path()).out.find("sam "), std::string::npos);
    EXPECT_EQ(run_os1("user remove sam", home.path()).status, 1);
}

TEST(ServeCli, PrintsItsUrlAnswersAndStopsOnSigterm) {
    TempDir home;
    ASSERT_EQ(run_os1("user add sam --password-stdin", home.path(), "a long passphrase\n").status, 0);
    const std::string key = last_line(run_os1("user key sam", home.path()).out);
    ServeProcess serve(home.path());
    const std::string url = serve.url;
    ASSERT_FALSE(url.empty()) << "no URL printed";
    auto health = run_command("curl -s " + url + "healthz");
    if (health.status == 127) GTEST_SKIP() << "curl is not installed";
    EXPECT_NE(health.out.find("\"ok\":true"), std::string::npos);
    EXPECT_NE(run_command("curl -s -o /dev/null -w '%{http_code}' " + url + "api/me").out.find("401"), std::string::npos);
    auto reply = run_command("curl -s -H 'Authorization: Bearer " + key + "' -H 'Content-Type: application/json' -d " +
                             "'{\"model\":\"os1\",\"messages\":[{\"role\":\"user\",\"content\":\"I planted tomatoes today.\"}]}' " +
                             url + "v1/chat/completions");
    EXPECT_NE(reply.out.find("chat.completion"), std::string::npos) << reply.out;
    EXPECT_TRUE(serve.stop()) << "os1 serve did not stop on SIGTERM";
    EXPECT_NE(serve.output().find("stopped"), std::string::npos) << serve.output();
    // The turn was stored: sam's companion remembers it after the server is gone.
    TestServer check([&](server::ServerOptions&) { ::setenv("OS1_HOME", home.path().c_str(), 1); });
    EXPECT_NE(check.get_with_key("/api/history", key).body.find("tomatoes"), std::string::npos);
}

}  // namespace
}  // namespace os1::test

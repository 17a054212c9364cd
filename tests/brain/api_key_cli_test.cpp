// The API key must not stay visible to other users of the machine: a key
// given with --api-key is wiped from the process's command line
// (/proc/PID/cmdline, what ps shows) while os1 runs, and still used.
#include <gtest/gtest.h>

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "brain/brain.h"
#include "brain/http_server_support.h"
#include "test_support.h"

namespace os1 {
namespace {

using test::HttpConnection;
using test::HttpRequest;
using test::TestHttpServer;

const char* KEY = "sk-secret-0123456789";

std::string cmdline_of(pid_t pid) {
    std::ifstream in("/proc/" + std::to_string(pid) + "/cmdline", std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

TEST(ApiKey, CommandLineKeyIsWipedFromPsButStillSent) {
    test::TempDir home;
    std::atomic<bool> asked{false};
    std::string auth;
    TestHttpServer server([&](const HttpRequest& req, HttpConnection& conn) {
        auth = req.header("authorization");
        asked = true;
        conn.stay_silent(10);  // os1 waits for its reply while the test reads its command line
    });
    std::string url = server.url("/v1");
    std::vector<std::string> args = {OS1_BINARY, "chat", "--once", "hello", "--url", url, "--api-key", KEY};
    pid_t pid = ::fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
        ::setenv("OS1_HOME", home.path().c_str(), 1);
        std::vector<char*> argv;
        for (auto& a : args) argv.push_back(a.data());
        argv.push_back(nullptr);
        int null = ::open("/dev/null", O_WRONLY);
        ::dup2(null, 1);
        ::dup2(null, 2);
        ::execv(argv[0], argv.data());
        ::_exit(127);
    }
    auto t0 = std::chrono::steady_clock::now();
    while (!asked && std::chrono::steady_clock::now() - t0 < std::chrono::seconds(20))
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    std::string cmdline = cmdline_of(pid);
    ::kill(pid, SIGKILL);
    int status = 0;
    ::waitpid(pid, &status, 0);
    ASSERT_TRUE(asked) << "os1 never called the server";
    EXPECT_EQ(auth, std::string("Bearer ") + KEY);
    EXPECT_EQ(cmdline.find(KEY), std::string::npos) << "the key is still in /proc/PID/cmdline";
    EXPECT_NE(cmdline.find("--api-key"), std::string::npos);  // the rest of the command line is intact
    EXPECT_NE(cmdline.find(url), std::string::npos);
}

TEST(ApiKey, HideWipesBothSpellingsAndStopsAtDoubleDash) {
    std::string a0 = "os1", a1 = "chat", a2 = "--api-key", a3 = "sk-one", a4 = "--api-key=sk-two", a5 = "--",
                a6 = "--api-key", a7 = "kept";
    std::vector<char*> argv = {a0.data(), a1.data(), a2.data(), a3.data(), a4.data(),
                               a5.data(), a6.data(), a7.data(), nullptr};
    EXPECT_EQ(brain::hide_api_key_args(8, argv.data()), 2);
    EXPECT_EQ(std::string(argv[3]), "");
    EXPECT_EQ(std::memcmp(a3.data(), "\0\0\0\0\0\0", 6), 0);
    EXPECT_EQ(std::string(argv[4]), "--api-key=");
    EXPECT_EQ(std::string(argv[7]), "kept");
    EXPECT_EQ(std::string(argv[1]), "chat");
}

TEST(ApiKey, KeyFileInConfigIsRead) {
    test::TempDir home;
    {
        std::ofstream(home / "key") << "sk-from-file\n";
    }
    auto config = Config::parse("[brain]\nurl = \"http://127.0.0.1:1/v1\"\napi_key_file = \"" + (home / "key").string() +
                                    "\"\n",
                                "config.toml");
    ASSERT_TRUE(config.ok());
    config->set_env_lookup([](const std::string&) { return std::optional<std::string>(); });
    Paths paths;
    paths.models_dir = home / "models";
    auto none = [](const char*) -> std::optional<std::string> { return std::nullopt; };
    auto c = brain::resolve_brain_config({}, *config, paths, none);
    ASSERT_TRUE(c.ok()) << c.error().message;
    EXPECT_EQ(c->api_key, "sk-from-file");

    auto missing = Config::parse("[brain]\nurl = \"http://127.0.0.1:1/v1\"\napi_key_file = \"/nonexistent/key\"\n",
                                 "config.toml");
    ASSERT_TRUE(missing.ok());
    missing->set_env_lookup([](const std::string&) { return std::optional<std::string>(); });
    auto bad = brain::resolve_brain_config({}, *missing, paths, none);
    ASSERT_FALSE(bad.ok());
    EXPECT_NE(bad.error().message.find("brain.api_key_file"), std::string::npos) << bad.error().message;
}

}  // namespace
}  // namespace os1

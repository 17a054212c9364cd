// GGUF metadata is whatever the file says. A 70 KB architecture name full
// of escape sequences was once printed whole, raw (issue 18): errors quote
// it capped and escaped, listings show it as text.
#include <gtest/gtest.h>

#include <fstream>

#include "engine/engine.h"
#include "engine/gguf_bytes.h"
#include "engine/engine.h"
#include "test_support.h"

namespace os1::engine {
namespace {

const std::string HOSTILE = std::string(70'000, 'x') + "\x1b[2J\x1b]0;owned\x07";

std::filesystem::path write_hostile(const std::filesystem::path& dir) {
    test::GgufBytes g;
    g.header(0, 1).kv_str("general.architecture", HOSTILE).pad();
    auto path = dir / "evil.gguf";
    std::filesystem::create_directories(dir);
    std::ofstream(path, std::ios::binary).write(reinterpret_cast<const char*>(g.b.data()), static_cast<std::streamsize>(g.size()));
    return path;
}

TEST(HostileNames, ErrorQuotesAreCapped) {
    test::TempDir dir;
    auto m = Model::load(write_hostile(dir.path()));
    ASSERT_FALSE(m.ok());
    const auto& msg = m.error().message;
    EXPECT_LT(msg.size(), 400u) << msg.substr(0, 400);
    EXPECT_NE(msg.find("(70,014 bytes)"), std::string::npos) << msg.substr(0, 400);
    EXPECT_EQ(msg.find('\x1b'), std::string::npos);
}

TEST(HostileNames, GgufNamesDoNotReachTheTerminal) {
    test::TempDir home;
    auto path = write_hostile(home / "models");
    auto run = test::run_os1("run -m " + path.string() + " -p hi -n 1", home.path());
    EXPECT_EQ(run.status, 1) << run.out.substr(0, 400);
    EXPECT_LT(run.out.size(), 600u) << run.out.substr(0, 600);
    EXPECT_EQ(run.out.find('\x1b'), std::string::npos);

    auto list = test::run_os1("models", home.path());
    EXPECT_EQ(list.out.find('\x1b'), std::string::npos) << list.out.substr(0, 600);
    EXPECT_EQ(list.out.find('\x07'), std::string::npos);
    EXPECT_LT(list.out.size(), 2000u) << list.out.substr(0, 600);
}

}  // namespace
}  // namespace os1::engine

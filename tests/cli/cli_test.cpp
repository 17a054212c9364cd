// The os1 binary as a person meets it: help, version, usage errors, doctor.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "test_support.h"

using namespace os1::test;

TEST(Cli, HelpListsCommands) {
    TempDir home;
    auto r = run_os1("--help", home.path());
    EXPECT_EQ(r.status, 0);
    EXPECT_NE(r.out.find("doctor"), std::string::npos) << r.out;
}

TEST(Cli, VersionPrints) {
    TempDir home;
    auto r = run_os1("--version", home.path());
    EXPECT_EQ(r.status, 0);
    EXPECT_EQ(r.out.rfind("os1 ", 0), 0u) << r.out;
}

TEST(Cli, UnknownCommandExits2) {
    TempDir home;
    auto r = run_os1("frobnicate", home.path());
    EXPECT_EQ(r.status, 2);
    EXPECT_NE(r.out.find("unknown command \"frobnicate\""), std::string::npos) << r.out;
}

TEST(Cli, EveryCommandHasHelp) {
    TempDir home;
    auto list = run_os1("--help", home.path());
    ASSERT_EQ(list.status, 0);
    // Command names are the first word of the indented lines after "commands:".
    auto pos = list.out.find("commands:\n");
    ASSERT_NE(pos, std::string::npos);
    std::istringstream in(list.out.substr(pos + 10));
    std::string line;
    int n = 0;
    while (std::getline(in, line) && line.rfind("  ", 0) == 0) {
        std::string name = line.substr(2, line.find(' ', 2) - 2);
        auto r = run_os1(name + " --help", home.path());
        EXPECT_EQ(r.status, 0) << name << ": " << r.out;
        EXPECT_NE(r.out.find("usage: os1 " + name), std::string::npos) << name << ": " << r.out;
        auto bad = run_os1(name + " --no-such-option-xyz", home.path());
        EXPECT_EQ(bad.status, 2) << name << ": " << bad.out;
        n++;
    }
    EXPECT_GE(n, 1);
}

TEST(Cli, DoctorTellsTheTruth) {
    TempDir home;
    auto r = run_os1("doctor", home.path());
    EXPECT_EQ(r.status, 0) << r.out;
    EXPECT_NE(r.out.find(home.path().string()), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("cpu features"), std::string::npos);
    EXPECT_NE(r.out.find("none (os1 pull"), std::string::npos) << r.out;
    std::filesystem::create_directories(home / "models");
    std::ofstream(home / "models" / "tiny.gguf") << "GGUF";
    std::ofstream(home / "config.toml") << "[brain]\nbackend = \n";
    auto r2 = run_os1("doctor", home.path());
    EXPECT_EQ(r2.status, 1) << r2.out;
    EXPECT_NE(r2.out.find("tiny.gguf"), std::string::npos) << r2.out;
    EXPECT_NE(r2.out.find("config.toml:2:"), std::string::npos) << r2.out;
}

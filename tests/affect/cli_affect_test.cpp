// `os1 affect` end to end: JSON shape, batch order, usage errors.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "affect/labels.h"
#include "core/json.h"
#include "test_support.h"

namespace os1::affect {
namespace {

void expect_affect_object(const Json& j) {
    ASSERT_TRUE(j.is_object());
    ASSERT_EQ(j.size(), 6u) << j.dump();
    ASSERT_EQ(j["emotions"].size(), N_GO);
    ASSERT_EQ(j["ekman"].size(), N_EKMAN);
    for (auto name : GO_LABELS) {
        const Json& p = j["emotions"][std::string(name)];
        ASSERT_TRUE(p.is_number()) << name;
        EXPECT_GE(p.get<double>(), 0.0);
        EXPECT_LE(p.get<double>(), 1.0);
    }
    for (auto name : EKMAN_LABELS) {
        const Json& p = j["ekman"][std::string(name)];
        ASSERT_TRUE(p.is_number()) << name;
        EXPECT_GE(p.get<double>(), 0.0);
        EXPECT_LE(p.get<double>(), 1.0);
    }
    ASSERT_TRUE(j["predicted"].is_array());
    ASSERT_FALSE(j["predicted"].empty());
    for (const auto& l : j["predicted"]) EXPECT_GE(go_label_index(l.get<std::string>()), 0);
    ASSERT_TRUE(j["ekman_predicted"].is_array());
    ASSERT_FALSE(j["ekman_predicted"].empty());
    for (const auto& l : j["ekman_predicted"]) EXPECT_GE(ekman_label_index(l.get<std::string>()), 0);
    EXPECT_GE(j["valence"].get<double>(), -1.0);
    EXPECT_LE(j["valence"].get<double>(), 1.0);
    EXPECT_GE(j["arousal"].get<double>(), 0.0);
    EXPECT_LE(j["arousal"].get<double>(), 1.0);
}

std::vector<Json> json_lines(const std::string& out) {
    std::vector<Json> v;
    std::istringstream in(out);
    for (std::string line; std::getline(in, line);) {
        auto j = parse_json(line, "os1 affect output");
        EXPECT_TRUE(j.ok()) << line;
        if (j.ok()) v.push_back(*j);
    }
    return v;
}

TEST(CliAffect, PrintsOneJsonObject) {
    test::TempDir home;
    auto r = test::run_os1("affect 'Thank you so much, this made my day!'", home.path());
    ASSERT_EQ(r.status, 0) << r.out;
    auto lines = json_lines(r.out);
    ASSERT_EQ(lines.size(), 1u) << r.out;
    expect_affect_object(lines[0]);
    EXPECT_EQ(lines[0]["predicted"][0], "gratitude");
    EXPECT_GT(lines[0]["valence"].get<double>(), 0.3);
}

TEST(CliAffect, JoinsWordsAndAcceptsEmptyText) {
    test::TempDir home;
    auto words = test::run_os1("affect I am not happy", home.path());
    auto quoted = test::run_os1("affect 'I am not happy'", home.path());
    ASSERT_EQ(words.status, 0);
    EXPECT_EQ(words.out, quoted.out);
    auto empty = test::run_os1("affect ''", home.path());
    ASSERT_EQ(empty.status, 0) << empty.out;
    expect_affect_object(json_lines(empty.out).at(0));
}

TEST(CliAffect, BatchKeepsOrderAndHandlesOddLines) {
    test::TempDir home;
    std::string input = "I am so happy\n\nI am so angry with you\r\n\xFF\xFE broken \xC3 bytes\n"
                        "\xF0\x9F\x98\xAD\xF0\x9F\x98\xAD\n" + std::string(100000, 'x') + "\nwhat time is it?";
    auto r = test::run_os1("affect --batch", home.path(), input);
    ASSERT_EQ(r.status, 0) << r.out.substr(0, 500);
    auto lines = json_lines(r.out);
    ASSERT_EQ(lines.size(), 7u);  // the last line has no newline and still counts
    for (const auto& j : lines) expect_affect_object(j);
    EXPECT_GT(lines[0]["valence"].get<double>(), 0.2);
    EXPECT_LT(lines[2]["valence"].get<double>(), -0.2);
    EXPECT_LT(lines[4]["valence"].get<double>(), 0.0);
    // The same text alone gives the same object as in the batch.
    auto single = test::run_os1("affect 'I am so angry with you'", home.path());
    EXPECT_EQ(json_lines(single.out).at(0), lines[2]);
}

TEST(CliAffect, UsageErrorsExitTwo) {
    test::TempDir home;
    EXPECT_EQ(test::run_os1("affect", home.path()).status, 2);
    EXPECT_EQ(test::run_os1("affect --batch 'text too'", home.path()).status, 2);
    EXPECT_EQ(test::run_os1("affect --bogus hi", home.path()).status, 2);
    auto help = test::run_os1("affect --help", home.path());
    EXPECT_EQ(help.status, 0);
    EXPECT_NE(help.out.find("--batch"), std::string::npos);
}

TEST(CliAffect, CorruptModelFileIsReported) {
    test::TempDir home;
    std::ofstream(home / "bad.bin") << "OS1AFFCT but not really a model";
    auto r = test::run_os1("affect --model " + (home / "bad.bin").string() + " hello", home.path());
    EXPECT_EQ(r.status, 1);
    EXPECT_NE(r.out.find("not a usable affect model"), std::string::npos) << r.out;
}

}  // namespace
}  // namespace os1::affect

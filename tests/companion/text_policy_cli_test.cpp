// The text policy (core/text.h) through the real binary: bytes that are not
// UTF-8, messages too long to be messages, a damaged config. Each of these
// once aborted os1 or was taken silently (issue 18).
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "core/json.h"
#include "core/text.h"
#include "memory/memory.h"
#include "store/database.h"
#include "test_support.h"

using namespace os1;
using namespace os1::test;

namespace {

std::vector<std::string> stored_texts(const std::filesystem::path& home) {
    auto m = memory::Memory::open_at(home / "data" / "os1.db");
    EXPECT_TRUE(m.ok()) << m.error().message;
    if (!m) return {};
    std::vector<std::string> out;
    for (const auto& e : (*m)->recent_episodes("", 10000).value_or({})) out.push_back(e.episode.text);
    return out;
}

}  // namespace

TEST(TextPolicyCli, InvalidUtf8InAChatMessageIsStoredRepaired) {
    TempDir home;
    auto r = run_os1("chat --brain none --json", home.path(), "my sister is Amy \xFF ok\n");
    ASSERT_EQ(r.status, 0) << r.out;
    ASSERT_EQ(json_lines(r.out).size(), 1u) << r.out;
    auto texts = stored_texts(home.path());
    ASSERT_FALSE(texts.empty());
    EXPECT_EQ(texts.front(), "my sister is Amy \xEF\xBF\xBD ok");
    for (const auto& t : texts) EXPECT_TRUE(is_valid_utf8(t)) << t;
}

// A database written before the policy (or by another program) may still
// hold broken bytes: every JSON writer must survive reading them back.
TEST(TextPolicyCli, ChatJsonSurvivesInvalidUtf8InAStoredMessage) {
    TempDir home;
    ASSERT_EQ(run_os1("chat --brain none --json --once \"my sister is Amy and she lives in Porto\"", home.path()).status, 0);
    {
        auto db = store::Database::open(home / "data" / "os1.db");
        ASSERT_TRUE(db.ok()) << db.error().message;
        ASSERT_TRUE((*db)->exec("UPDATE episodes SET text = text || CAST(X'20FF4F' AS TEXT);"
                                "UPDATE facts SET text = text || CAST(X'20C3' AS TEXT);").ok());
    }
    auto exported = run_os1("memory export", home.path());
    EXPECT_EQ(exported.status, 0) << exported.out;
    EXPECT_TRUE(parse_json(exported.out).ok()) << exported.out;

    auto search = run_os1("memory search Amy --json", home.path());
    EXPECT_EQ(search.status, 0) << search.out;
    EXPECT_NE(search.out.find("Amy"), std::string::npos) << search.out;

    auto chat = run_os1("chat --brain none --json --once \"Where does Amy live?\"", home.path());
    EXPECT_EQ(chat.status, 0) << chat.out;
    auto lines = json_lines(chat.out);
    ASSERT_EQ(lines.size(), 1u) << chat.out;
    EXPECT_FALSE(lines[0]["memories"].empty()) << chat.out;
}

TEST(TextPolicyCli, AMessageTooLongIsRefusedSayingHowLong) {
    TempDir home;
    std::string huge(3'355'443, 'a');  // 3.2 MB on one line
    auto r = run_os1("chat --brain none --json", home.path(), huge + "\nhello\n");
    EXPECT_EQ(r.status, 1) << r.out.substr(0, 400);
    auto lines = json_lines(r.out);
    ASSERT_EQ(lines.size(), 2u) << r.out.substr(0, 400);
    EXPECT_EQ(lines[0]["error"], "a message is 3.2 MB; a message may be at most 64 KB");
    EXPECT_TRUE(lines[1].contains("reply")) << "the conversation goes on";
    for (const auto& t : stored_texts(home.path())) EXPECT_LT(t.size(), 1000u);
}

TEST(TextPolicyCli, DoctorReportsADamagedConfigWithoutCrashing) {
    TempDir home;
    std::ofstream(home / "config.toml") << "[brain]\nbackend = " << std::string(20'000, '[') << "\n";
    auto r = run_os1("doctor", home.path());
    EXPECT_EQ(r.status, 1) << r.out.substr(0, 2000);
    EXPECT_NE(r.out.find("config.toml:2: nested arrays are not supported"), std::string::npos) << r.out.substr(0, 2000);
    EXPECT_LT(r.out.size(), 5000u);

    // The same file makes chat say so, not crash.
    auto chat = run_os1("chat --once hello", home.path());
    EXPECT_EQ(chat.status, 1) << chat.out.substr(0, 2000);
    EXPECT_NE(chat.out.find("nested arrays are not supported"), std::string::npos) << chat.out.substr(0, 2000);
}

TEST(TextPolicyCli, ErrorQuotesAreCappedForHostileArguments) {
    TempDir home;
    std::string arg = "--" + std::string(70'000, 'x') + "\x1b[2J";
    auto r = run_os1("chat '" + arg + "'", home.path());
    EXPECT_EQ(r.status, 2);
    EXPECT_LT(r.out.size(), 400u) << r.out.substr(0, 400);
    EXPECT_NE(r.out.find("(70,006 bytes)"), std::string::npos) << r.out.substr(0, 400);
    auto cmd = run_os1("'" + std::string(70'000, 'y') + "\x1b]0;t\x07'", home.path());
    EXPECT_EQ(cmd.status, 2);
    EXPECT_LT(cmd.out.size(), 400u);
    EXPECT_EQ(cmd.out.find('\x1b'), std::string::npos);
}

// `os1 chat --brain none --once TEXT --json` answers honestly: what it is,
// what it cannot do, what it remembers, and 'os1 pull' once, not every turn.
#include <gtest/gtest.h>

#include <sstream>

#include "core/json.h"
#include "test_support.h"

using namespace os1;
using namespace os1::test;

namespace {

std::string reply_of(const std::string& text, const std::filesystem::path& home) {
    auto r = run_os1("chat --brain none --json --once \"" + text + "\"", home);
    EXPECT_EQ(r.status, 0) << r.out;
    std::istringstream in(r.out);
    std::string line;
    while (std::getline(in, line)) {
        if (line.empty() || line[0] != '{') continue;
        auto j = parse_json(line);
        if (j && j->contains("reply")) return (*j)["reply"].get<std::string>();
    }
    ADD_FAILURE() << "no JSON reply in: " << r.out;
    return "";
}

bool has(const std::string& s, std::string_view x) { return s.find(x) != std::string::npos; }

}  // namespace

TEST(PlainCli, HonestRepliesWithoutAModel) {
    TempDir home;
    auto who = reply_of("Are you a real person?", home.path());
    EXPECT_TRUE(has(who, "AI companion") && has(who, "not a person")) << who;
    EXPECT_TRUE(has(who, "os1 pull")) << "the first reply says how to get a model: " << who;

    // Reminders are a skill (skills/reminders.h): asked back, not refused.
    auto remind = reply_of("Remind me to call Rachel on Sunday", home.path());
    EXPECT_TRUE(has(remind, "Shall I remind you to call Rachel on Sunday")) << remind;
    EXPECT_FALSE(has(remind, "os1 pull")) << "said once per conversation, not every turn: " << remind;
    EXPECT_FALSE(has(remind, "Here's what I remember")) << remind;

    auto when = reply_of("When do I need to call Rachel?", home.path());
    EXPECT_TRUE(has(when, "Sunday")) << "what it promised to remember, it tells: " << when;

    reply_of("My sister Rachel lives in Boston.", home.path());
    auto sister = reply_of("What's my sister's name?", home.path());
    EXPECT_TRUE(has(sister, "Rachel")) << sister;
    EXPECT_FALSE(has(sister, "Remind me")) << "the person's earlier request is not quoted: " << sister;

    auto peru = reply_of("What's the capital of Peru?", home.path());
    EXPECT_TRUE(has(peru, "without a language model")) << peru;
    auto brother = reply_of("What's my brother's name?", home.path());
    EXPECT_TRUE(has(brother, "haven't told me")) << brother;
}

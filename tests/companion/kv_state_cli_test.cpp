// os1 chat keeps the local brain's KV state across restarts (cache/kv), and
// forgetting a memory (os1 memory forget, /forget) deletes it.
#include <gtest/gtest.h>

#include <sstream>

#include "core/json.h"
#include "test_support.h"

using namespace os1;
using namespace os1::test;

namespace {

std::string examples() { return std::string(OS1_SOURCE_DIR) + "/examples/setup-answers.toml"; }

Json last_json(const std::string& out) {
    std::istringstream in(out);
    std::string line;
    Json last;
    while (std::getline(in, line))
        if (!line.empty() && line[0] == '{')
            if (auto j = parse_json(line)) last = *j;
    return last;
}

// Conversation states, or (prefix) the persona's states: <fingerprint>-<hash>.prefix.kv.
int kv_files(const std::filesystem::path& home, bool prefix = false) {
    int n = 0;
    std::error_code ec;
    for (std::filesystem::directory_iterator it(home / "cache" / "kv", ec), end; !ec && it != end; it.increment(ec))
        n += it->path().extension() == ".kv" && it->path().filename().string().ends_with(".prefix.kv") == prefix;
    return n;
}

}  // namespace

TEST(KvStateCli, ChatRestartReusesTheSavedStateAndForgetDeletesIt) {
    OS1_REQUIRE_SHARED(shared);
    TempDir home;
    ASSERT_EQ(run_os1("setup --brain none --answers " + examples(), home.path()).status, 0);
    const std::string chat = "chat --brain local --json --max-tokens 12 --seed 7 --model " +
                             (shared / "models" / "stories260K.gguf").string() + " --once ";

    auto first = run_os1(chat + "'I planted tomatoes today'", home.path());
    ASSERT_EQ(first.status, 0) << first.out;
    auto j1 = last_json(first.out);
    ASSERT_TRUE(j1.contains("reused_tokens")) << first.out;
    EXPECT_EQ(j1["reused_tokens"].get<int>(), 0) << "nothing to reuse in a fresh home";
    EXPECT_EQ(kv_files(home.path()), 1) << "the state is saved when the chat ends";
    EXPECT_EQ(kv_files(home.path(), true), 1) << "and the persona's own state";

    // A new process: the persona and the first turn come from the file.
    auto second = run_os1(chat + "'What should I cook?'", home.path());
    ASSERT_EQ(second.status, 0) << second.out;
    auto j2 = last_json(second.out);
    EXPECT_GT(j2["reused_tokens"].get<int>(), 20) << second.out;
    EXPECT_LT(j2["reused_tokens"].get<int>(), j2["prompt_tokens"].get<int>());

    // os1 memory forget deletes saved states (they hold the conversation).
    const std::string id = j1["user_id"].get<std::string>();
    auto f = run_os1("memory forget " + id, home.path());
    ASSERT_EQ(f.status, 0) << f.out;
    EXPECT_EQ(kv_files(home.path()), 0);
    EXPECT_EQ(kv_files(home.path(), true), 0);
    auto third = run_os1(chat + "'Tell me a story'", home.path());
    ASSERT_EQ(third.status, 0) << third.out;
    EXPECT_EQ(last_json(third.out)["reused_tokens"].get<int>(), 0) << third.out;
    EXPECT_EQ(kv_files(home.path()), 1);

    // /forget inside a chat drops the state too, and nothing is saved at the end.
    const std::string id3 = last_json(third.out)["user_id"].get<std::string>();
    auto g = run_os1(chat + "'/forget " + id3 + "'", home.path());
    ASSERT_EQ(g.status, 0) << g.out;
    EXPECT_NE(g.out.find("Forgotten"), std::string::npos) << g.out;
    EXPECT_EQ(kv_files(home.path()), 0);

    // Also when another brain is talking: a local model's state left from
    // earlier holds the words all the same.
    auto fourth = run_os1(chat + "'My neighbour is called Ruth'", home.path());
    ASSERT_EQ(fourth.status, 0) << fourth.out;
    EXPECT_EQ(kv_files(home.path()), 1);
    const std::string id4 = last_json(fourth.out)["user_id"].get<std::string>();
    auto h = run_os1("chat --brain none --json --once '/forget " + id4 + "'", home.path());
    ASSERT_EQ(h.status, 0) << h.out;
    EXPECT_NE(h.out.find("Forgotten"), std::string::npos) << h.out;
    EXPECT_EQ(kv_files(home.path()), 0);
}

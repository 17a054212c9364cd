// `os1 run --prompt-cache FILE` as a person uses it, on stories260K: the
// second run reuses the saved prompt and prints the same greedy text.
#include <gtest/gtest.h>

#include <fstream>

#include "test_support.h"

using namespace os1::test;

namespace {

// run_os1 merges stderr into the output: split off our note lines.
struct Split {
    std::string notes;  // lines starting "os1: "
    std::string text;   // the rest
};
Split split(const std::string& out) {
    Split s;
    size_t pos = 0;
    while (out.compare(pos, 5, "os1: ") == 0) {
        size_t nl = out.find('\n', pos);
        if (nl == std::string::npos) nl = out.size() - 1;
        s.notes += out.substr(pos, nl + 1 - pos);
        pos = nl + 1;
    }
    s.text = out.substr(pos);
    return s;
}

}  // namespace

TEST(PromptCacheCli, SecondRunReusesThePromptAndSaysSo) {
    OS1_REQUIRE_SHARED(shared);
    TempDir home;
    const auto model = (shared / "models" / "stories260K.gguf").string();
    const auto cache = home / "story.kv";
    const std::string prompt = "Once upon a time, there was a little girl named Lily. She loved to play";
    auto cmd = [&](const std::string& text, bool cached) {
        return "run -m " + model + " -n 24 --temp 0 -p '" + text + "'" +
               (cached ? " --prompt-cache " + cache.string() : "");
    };
    auto reused_of = [](const std::string& notes) -> std::pair<int, int> {
        auto at = notes.find("reused ");
        if (at == std::string::npos) return {-1, -1};
        const auto n = notes.substr(at + 7);
        return {std::stoi(n), std::stoi(n.substr(n.find(" of ") + 4))};
    };

    auto plain = run_os1(cmd(prompt, false), home.path());
    ASSERT_EQ(plain.status, 0) << plain.out;

    auto first = run_os1(cmd(prompt, true), home.path());
    ASSERT_EQ(first.status, 0) << first.out;
    auto f = split(first.out);
    EXPECT_EQ(reused_of(f.notes).first, 0) << first.out;
    ASSERT_TRUE(std::filesystem::exists(cache));
    EXPECT_EQ(f.text, plain.out);

    // Every prompt token comes from the file; same greedy text.
    auto second = run_os1(cmd(prompt, true), home.path());
    ASSERT_EQ(second.status, 0) << second.out;
    auto s = split(second.out);
    auto [reused, total] = reused_of(s.notes);
    EXPECT_GT(reused, 10) << second.out;
    EXPECT_EQ(reused, total) << second.out;
    EXPECT_EQ(s.text, plain.out);

    // A longer prompt with the same start reads only the new words.
    auto longer = run_os1(cmd(prompt + " outside with her friends", true), home.path());
    ASSERT_EQ(longer.status, 0) << longer.out;
    auto [reused2, total2] = reused_of(split(longer.out).notes);
    EXPECT_EQ(reused2, total) << longer.out;
    EXPECT_GT(total2, total) << longer.out;
    auto longer_plain = run_os1(cmd(prompt + " outside with her friends", false), home.path());
    EXPECT_EQ(split(longer.out).text, longer_plain.out);
}

TEST(PromptCacheCli, BadCacheFileIsReportedAndReplaced) {
    OS1_REQUIRE_SHARED(shared);
    TempDir home;
    const auto model = (shared / "models" / "stories260K.gguf").string();
    const auto cache = home / "story.kv";
    std::ofstream(cache) << "not a state file";
    const std::string cmd = "run -m " + model + " -n 8 --temp 0 -p 'Once upon a time' --prompt-cache " + cache.string();
    auto r = run_os1(cmd, home.path());
    ASSERT_EQ(r.status, 0) << r.out;
    EXPECT_NE(r.out.find("prompt cache not used"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("not an os1 session state"), std::string::npos) << r.out;
    // Replaced by a good one: the next run reuses it.
    auto again = run_os1(cmd, home.path());
    ASSERT_EQ(again.status, 0) << again.out;
    EXPECT_EQ(again.out.find("not used"), std::string::npos) << again.out;
    EXPECT_EQ(again.out.find("reused 0 of"), std::string::npos) << again.out;
    EXPECT_EQ(split(again.out).text, split(r.out).text);

    // A state from another model is refused by name, not used.
    const auto other = (shared / "conformance" / "engine" / "syn-llama-q8_0.gguf").string();
    auto o = run_os1("run -m " + other + " -n 4 --temp 0 -p 'Once' --prompt-cache " + cache.string(), home.path());
    ASSERT_EQ(o.status, 0) << o.out;
    EXPECT_NE(o.out.find("saved from another model"), std::string::npos) << o.out;
}

// The sentence splitter that lets her speak a reply as it streams.
#include <gtest/gtest.h>

#include "voice/sentences.h"

using namespace os1::voice;

namespace {

// Feeds `text` in pieces of `n` bytes; all sentences, the rest included.
std::vector<std::string> streamed(std::string_view text, size_t n, size_t max_chars = 240) {
    SentenceSplitter s(max_chars);
    std::vector<std::string> out;
    for (size_t i = 0; i < text.size(); i += n)
        for (auto& x : s.feed(text.substr(i, n))) out.push_back(x);
    if (auto rest = s.finish(); !rest.empty()) out.push_back(rest);
    return out;
}

}  // namespace

TEST(Sentences, EachSentenceComesOutAsSoonAsItEnds) {
    SentenceSplitter s;
    EXPECT_TRUE(s.feed("Hello").empty());
    EXPECT_TRUE(s.feed(" there.").empty()) << "a full stop at the end may still be 3.5";
    auto first = s.feed(" How");
    ASSERT_EQ(first.size(), 1u);
    EXPECT_EQ(first[0], "Hello there.");
    EXPECT_TRUE(s.feed(" are you").empty());
    auto second = s.feed("? I");
    ASSERT_EQ(second.size(), 1u);
    EXPECT_EQ(second[0], "How are you?");
    EXPECT_EQ(s.finish(), "I");
    EXPECT_EQ(s.finish(), "");
}

TEST(Sentences, TheResultDoesNotDependOnHowTheReplyWasCut) {
    const std::string text =
        "Dr. Smith said it costs 3.50 dollars! Really?! \"Yes.\" Then J. R. went home… And then: nothing.\n"
        "1. Buy milk\nThat’s all. e.g. this stays. Done";
    const auto whole = streamed(text, text.size());
    for (size_t n : {1, 2, 3, 5, 7}) EXPECT_EQ(streamed(text, n), whole) << "pieces of " << n;
    const std::vector<std::string> expected = {"Dr. Smith said it costs 3.50 dollars!", "Really?!", "\"Yes.\"",
                                               "Then J. R. went home…", "And then: nothing.", "1. Buy milk",
                                               "That’s all.", "e.g. this stays.", "Done"};
    EXPECT_EQ(whole, expected);
}

TEST(Sentences, ClosingQuotesStayWithTheirSentence) {
    EXPECT_EQ(split_sentences("She said “go.” I went."), (std::vector<std::string>{"She said “go.”", "I went."}));
    EXPECT_EQ(split_sentences("(It works.) Good."), (std::vector<std::string>{"(It works.)", "Good."}));
}

TEST(Sentences, ARunWithoutAnEndIsCutAtAClauseBoundary) {
    std::string text;
    for (int i = 0; i < 30; i++) text += "and then we walked a bit further, ";
    const auto parts = streamed(text, 4, 120);
    ASSERT_GT(parts.size(), 5u);
    for (size_t i = 0; i + 1 < parts.size(); i++) {
        EXPECT_LE(parts[i].size(), 120u);
        EXPECT_EQ(parts[i].back(), ',') << parts[i];
    }
}

TEST(Sentences, OneHugeWordIsCutWithoutBreakingACharacter) {
    std::string text;
    for (int i = 0; i < 200; i++) text += "é";  // 400 bytes, no space
    const auto parts = streamed(text, 3, 50);
    std::string joined;
    for (const auto& p : parts) {
        EXPECT_LE(p.size(), 50u);
        joined += p;
    }
    EXPECT_EQ(joined, text);
}

TEST(Sentences, BlankInputGivesNothing) {
    EXPECT_TRUE(split_sentences("").empty());
    EXPECT_TRUE(split_sentences("  \n\n \t").empty());
    EXPECT_EQ(split_sentences("\n\nHi.\n\n"), std::vector<std::string>{"Hi."});
}

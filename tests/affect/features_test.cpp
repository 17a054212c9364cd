#include "affect/features.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace os1::affect {
namespace {

bool has(const std::vector<std::string>& tokens, const std::string& t) {
    return std::find(tokens.begin(), tokens.end(), t) != tokens.end();
}

TEST(AffectTokenize, LowercasesAndSqueezesElongations) {
    auto t = tokenize("I am SOOOOO HAPPY");
    EXPECT_EQ(t, (std::vector<std::string>{"i", "am", "soo", "happy"}));
}

TEST(AffectTokenize, MarksNegationScopeUntilPunctuation) {
    auto t = tokenize("I am not happy at all. Great day");
    EXPECT_EQ(t, (std::vector<std::string>{"i", "am", "not", "not_happy", "not_at", "not_all", ".", "great", "day"}));
    auto c = tokenize("I don't like it but it's fine");
    EXPECT_TRUE(has(c, "not_like"));
    EXPECT_TRUE(has(c, "fine"));  // "but" ends the scope
    EXPECT_FALSE(has(c, "not_fine"));
    auto curly = tokenize("I can\u2019t stand this");
    EXPECT_TRUE(has(curly, "can't"));
    EXPECT_TRUE(has(curly, "not_stand"));
}

TEST(AffectTokenize, MapsEmojiAndEmoticonsToWords) {
    EXPECT_EQ(tokenize("\xF0\x9F\x98\xAD"), (std::vector<std::string>{"cry"}));          // 😭
    EXPECT_EQ(tokenize("ok \xE2\x9D\xA4\xEF\xB8\x8F"), (std::vector<std::string>{"ok", "love"}));  // ❤️ with VS16
    EXPECT_EQ(tokenize("fine :("), (std::vector<std::string>{"fine", "sad"}));
    EXPECT_EQ(tokenize("<3 you"), (std::vector<std::string>{"love", "you"}));
    // A URL is not a face.
    EXPECT_FALSE(has(tokenize("see http://example.com"), "meh"));
    // Unknown emoji still count as an emoji.
    EXPECT_EQ(tokenize("\xF0\x9F\xA6\x84"), (std::vector<std::string>{"<emoji>"}));  // 🦄
}

TEST(AffectTokenize, InvalidUtf8SeparatesWords) {
    auto t = tokenize(std::string("good\xFF\xFE" "day\xC3"));
    EXPECT_EQ(t, (std::vector<std::string>{"good", "day"}));
    // Overlong encoding of '/' and a lone surrogate are invalid, not letters.
    EXPECT_EQ(tokenize("a\xC0\xAF" "b\xED\xA0\x80" "c"), (std::vector<std::string>{"a", "b", "c"}));
    // Bytes that can never start a sequence (F5..FF) are separators too.
    EXPECT_EQ(tokenize("x\xF8\x80\x80y\xFF"), (std::vector<std::string>{"x", "y"}));
}

TEST(AffectTokenize, KeepsLettersOfOtherScripts) {
    EXPECT_EQ(tokenize("café très"), (std::vector<std::string>{"café", "très"}));
}

TEST(AffectFeatures, FlagsCapsElongationAndExclamations) {
    Features plain, caps, elong, excl;
    extract_features("this is great", 7, plain);
    extract_features("THIS IS GREAT", 7, caps);
    extract_features("this is greeeat", 7, elong);
    extract_features("this is great!!", 7, excl);
    EXPECT_EQ(caps.words.size(), plain.words.size() + 2);  // <caps> and <allcaps>
    EXPECT_EQ(elong.words.size(), plain.words.size() + 1);
    EXPECT_EQ(excl.words.size(), plain.words.size() + 2 + 1);  // "!" unigram + bigram, <excl>
    // Same words, same unigram/bigram hashes regardless of case.
    EXPECT_TRUE(std::equal(plain.words.begin(), plain.words.end(), caps.words.begin()));
    EXPECT_EQ(plain.chars, caps.chars);
}

TEST(AffectFeatures, SeedChangesHashesAndNegationChangesFeatures) {
    Features a, b, neg;
    extract_features("happy", 1, a);
    extract_features("happy", 2, b);
    extract_features("not happy", 1, neg);
    EXPECT_NE(a.words, b.words);
    EXPECT_EQ(std::count(neg.words.begin(), neg.words.end(), a.words[0]), 0);  // "happy" became "not_happy"
}

TEST(AffectFeatures, EmptyAndHugeInputAreBounded) {
    Features f;
    extract_features("", 1, f);
    EXPECT_TRUE(f.words.empty());
    EXPECT_TRUE(f.chars.empty());
    std::string huge;
    for (int i = 0; i < 200000; ++i) huge += "word ";
    extract_features(huge, 1, f);
    // Only the first MAX_TEXT_BYTES are read: about 1/5 as many words.
    EXPECT_LE(f.words.size(), MAX_TEXT_BYTES / 5 * 2 + 8);
    EXPECT_GT(f.words.size(), 1000u);
}

}  // namespace
}  // namespace os1::affect

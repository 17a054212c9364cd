// Tokens, lemmas, synonyms and time parsing.
#include "memory/text.h"
#include "memory/time_parse.h"
#include "memory/memory.h"
#include "test_support.h"

using namespace os1::memory;

TEST(Text, TokenizeSplitsContractions) {
    auto t = tokenize("I'm sure you don't know Amy's dog. Can't wait!");
    std::vector<std::string> words;
    for (auto& x : t) words.push_back(x.lower);
    EXPECT_EQ(words, (std::vector<std::string>{"i", "am", "sure", "you", "do", "not", "know", "amy", "dog", "can", "not", "wait"}));
    EXPECT_TRUE(t[8].sentence_end);
    EXPECT_EQ(t[7].orig, "Amy");
}

TEST(Text, CurlyApostrophesToo) {
    auto t = tokenize("I\xE2\x80\x99m here");
    ASSERT_EQ(t.size(), 3u);
    EXPECT_EQ(t[1].lower, "am");
}

TEST(Text, LemmasFromWordNet) {
    const auto& lex = Lexicon::get();
    if (!lex.has_wordnet()) GTEST_SKIP() << "wordnet-base is not installed";
    EXPECT_EQ(lex.lemma("went"), "go");
    EXPECT_EQ(lex.lemma("painting"), "paint");
    EXPECT_EQ(lex.lemma("kids"), "kid");
    EXPECT_EQ(lex.lemma("running"), "run");
    EXPECT_EQ(lex.lemma("children"), "child");
    EXPECT_EQ(lex.lemma("caroline"), "caroline");  // unknown words stay
    auto syn = lex.synonyms("kid");
    EXPECT_NE(std::find(syn.begin(), syn.end(), "child"), syn.end());
}

TEST(Text, StemmerWithoutWordNet) {
    Lexicon lex("/nonexistent");
    EXPECT_FALSE(lex.has_wordnet());
    EXPECT_EQ(lex.lemma("hikes"), "hike");
    EXPECT_EQ(lex.lemma("stories"), "story");
    EXPECT_TRUE(lex.synonyms("kid").empty());
}

TEST(Text, IndexTermsDropStopwords) {
    EXPECT_EQ(index_terms("I went to the pottery classes"), "go pottery class");
}

TEST(Time, Iso8601) {
    EXPECT_EQ(*parse_time("2023-05-08T13:56:00Z", 0), 1683554160000);
    EXPECT_EQ(*parse_time("2023-05-08T15:56:00+02:00", 0), 1683554160000);
    EXPECT_EQ(*parse_time("2023-05-08", 0), 1683504000000);
    EXPECT_EQ(*parse_time("2023-05-08 13:56:00.250", 0), 1683554160250);
}

TEST(Time, LocomoFreeText) {
    EXPECT_EQ(*parse_time("1:56 pm on 8 May, 2023", 0), 1683554160000);
    EXPECT_EQ(*parse_time("12:05 am on 1 January, 2024", 0), *parse_time("2024-01-01T00:05:00Z", 0));
    EXPECT_EQ(*parse_time("8 May 2023", 0), *parse_time("2023-05-08", 0));
    EXPECT_EQ(*parse_time("May 8, 2023", 0), *parse_time("2023-05-08", 0));
    EXPECT_EQ(*parse_time("September 21st 2022", 0), *parse_time("2022-09-21", 0));
}

TEST(Time, RelativeToReference) {
    int64_t ref = *parse_time("2023-05-08T13:56:00Z", 0);
    EXPECT_EQ(*parse_time("yesterday", ref), *parse_time("2023-05-07", 0));
    EXPECT_EQ(*parse_time("3 days ago", ref), *parse_time("2023-05-05", 0));
    EXPECT_EQ(*parse_time("today", ref), *parse_time("2023-05-08", 0));
}

TEST(Time, UnreadableTimeIsAClearError) {
    for (const char* bad : {"", "soon", "2023-13-45", "25:99 on 8 May 2023", "sometime in the spring"}) {
        auto r = parse_time(bad, 0);
        EXPECT_FALSE(r) << bad;
        if (!r) {
            EXPECT_FALSE(r.error().message.empty());
        }
    }
}

TEST(Time, QuestionWindows) {
    int64_t now = *parse_time("2023-05-17T12:00:00Z", 0);  // a Wednesday
    auto w = time_window(tokenize("what did I do last week?"), now);
    ASSERT_TRUE(w);
    EXPECT_LE(w->from_ms, *parse_time("2023-05-10", 0));
    EXPECT_GE(w->to_ms, *parse_time("2023-05-17", 0));
    auto y = time_window(tokenize("who did I meet yesterday"), now);
    ASSERT_TRUE(y);
    EXPECT_EQ(y->from_ms, *parse_time("2023-05-16", 0));
    EXPECT_FALSE(time_window(tokenize("what is my sister's name"), now));
    EXPECT_TRUE(mentions_time(tokenize("we went camping last weekend")));
    EXPECT_FALSE(mentions_time(tokenize("I like pottery")));
}

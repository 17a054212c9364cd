#include "engine/text/stop_strings.h"

#include <gtest/gtest.h>

using namespace os1::engine;

TEST(StopMatcher, PassesTextThroughWithoutStops) {
    StopMatcher m({});
    EXPECT_EQ(m.push("hello "), "hello ");
    EXPECT_EQ(m.push("world"), "world");
    EXPECT_EQ(m.flush(), "");
    EXPECT_FALSE(m.stopped());
}

TEST(StopMatcher, HoldsBackAPossibleStartAndDropsTheStop) {
    StopMatcher m({"\nUser:"});
    EXPECT_EQ(m.push("Hello\nUs"), "Hello");
    EXPECT_EQ(m.push("er: hi"), "");
    EXPECT_TRUE(m.stopped());
    EXPECT_EQ(m.matched(), "\nUser:");
    EXPECT_EQ(m.push("more"), "");
    EXPECT_EQ(m.flush(), "");
}

TEST(StopMatcher, ReleasesHeldTextWhenItDoesNotMatch) {
    StopMatcher m({"STOP"});
    EXPECT_EQ(m.push("a ST"), "a ");
    EXPECT_EQ(m.push("ART"), "START");
    EXPECT_FALSE(m.stopped());
    EXPECT_EQ(m.push("x S"), "x ");
    EXPECT_EQ(m.flush(), "S");  // end of generation: nothing can match any more
}

TEST(StopMatcher, StopInsideOnePieceKeepsTheTextBefore) {
    StopMatcher m({"</s>", "###"});
    EXPECT_EQ(m.push("answer###rest</s>"), "answer");
    EXPECT_EQ(m.matched(), "###");
}

TEST(StopMatcher, EarliestStopWins) {
    StopMatcher m({"b", "ab"});
    EXPECT_EQ(m.push("xxab"), "xx");
    EXPECT_EQ(m.matched(), "ab");
}

TEST(StopMatcher, StopSplitAcrossManyPieces) {
    StopMatcher m({"<|im_end|>"});
    std::string out;
    for (const char* piece : {"Hi", " there", "<|", "im", "_", "end", "|>", "junk"}) out += m.push(piece);
    EXPECT_EQ(out, "Hi there");
    EXPECT_TRUE(m.stopped());
}

TEST(StopMatcher, EmptyStopStringsAreIgnored) {
    StopMatcher m({""});
    EXPECT_EQ(m.push("abc"), "abc");
    EXPECT_FALSE(m.stopped());
}

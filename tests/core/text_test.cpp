#include "core/text.h"

#include <gtest/gtest.h>

#include <random>

#include "core/json.h"

namespace os1 {
namespace {

const std::string FFFD = "\xEF\xBF\xBD";

TEST(Utf8, ValidTextIsUnchanged) {
    for (std::string s : {"", "hello", "caf\xC3\xA9", "\xE2\x82\xAC 5", "\xF0\x9F\x98\x80 smile", "\xF4\x8F\xBF\xBF"}) {
        EXPECT_TRUE(is_valid_utf8(s)) << s;
        EXPECT_EQ(repair_utf8(s), s);
    }
}

TEST(Utf8, EachIllFormedPieceBecomesOneReplacement) {
    EXPECT_EQ(repair_utf8("my sister is Amy \xFF ok"), "my sister is Amy " + FFFD + " ok");
    EXPECT_EQ(repair_utf8("\xC0\xAF"), FFFD + FFFD);                      // overlong '/'
    EXPECT_EQ(repair_utf8("\xE0\x80\xAF"), FFFD + FFFD + FFFD);           // overlong, three bytes
    EXPECT_EQ(repair_utf8("\xED\xA0\x80"), FFFD + FFFD + FFFD);           // a surrogate (U+D800)
    EXPECT_EQ(repair_utf8("\xF4\x90\x80\x80"), FFFD + FFFD + FFFD + FFFD);  // past U+10FFFF
    EXPECT_EQ(repair_utf8("\xE2\x82"), FFFD);                             // cut short at the end
    EXPECT_EQ(repair_utf8("\xE2\x82x"), FFFD + "x");                      // cut short, then read afresh
    EXPECT_EQ(repair_utf8("\x80\x80"), FFFD + FFFD);                      // stray continuations
    EXPECT_FALSE(is_valid_utf8("\xF8\x88\x80\x80\x80"));
}

// Property: whatever bytes come in, what comes out is valid UTF-8, repair
// is idempotent, and valid input passes through.
TEST(Utf8, RandomBytesAlwaysComeOutValidAndRepairIsIdempotent) {
    std::mt19937 rng(1234);
    for (int round = 0; round < 5000; round++) {
        std::string s(rng() % 40, '\0');
        for (auto& c : s) {
            // Bias towards the interesting bytes: leads, continuations, ASCII.
            unsigned r = rng() % 4;
            c = static_cast<char>(r == 0 ? 0x80 + rng() % 64 : r == 1 ? 0xC0 + rng() % 64 : rng() % 256);
        }
        std::string fixed = repair_utf8(s);
        ASSERT_TRUE(is_valid_utf8(fixed));
        ASSERT_EQ(repair_utf8(fixed), fixed);
        if (is_valid_utf8(s)) ASSERT_EQ(fixed, s);
        std::string shown = for_terminal(s);
        ASSERT_TRUE(is_valid_utf8(shown));
        ASSERT_EQ(for_terminal(shown), shown);
        for (unsigned char c : shown) ASSERT_TRUE(c >= 0x20 || c == '\n' || c == '\t') << int(c);
        ASSERT_EQ(shown.find('\x7F'), std::string::npos);
        ASSERT_EQ(shown.find("\xC2\x9B"), std::string::npos);  // C1 CSI never passes
        std::string quoted = quote_capped(s);
        ASSERT_TRUE(is_valid_utf8(quoted));
        for (unsigned char c : quoted) ASSERT_GE(c, 0x20);
    }
}

TEST(Utf8, TooLongTextIsRefusedSayingBothSizes) {
    std::string big(3'355'443, 'a');  // 3.2 MB
    auto r = check_size(big, MAX_MESSAGE_BYTES, "a message");
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, ErrorCode::OutOfRange);
    EXPECT_EQ(r.error().message, "a message is 3.2 MB; a message may be at most 64 KB");
    EXPECT_TRUE(check_size(std::string(MAX_MESSAGE_BYTES, 'a'), MAX_MESSAGE_BYTES, "a message").ok());
    auto accepted = accept_text("ok \xFF", 100, "a note");
    ASSERT_TRUE(accepted.ok());
    EXPECT_EQ(*accepted, "ok " + FFFD);
    EXPECT_EQ(format_size(1), "1 byte");
    EXPECT_EQ(format_size(1536), "1.5 KB");
}

TEST(Terminal, ModelReplyEscapesDoNotReachTheTerminal) {
    // Colour, clear screen, an OSC window title, a C1 CSI, a carriage return
    // that would overwrite the line, and a right-to-left override.
    std::string hostile = "hi \x1b[31mred\x1b[2J \x1b]0;owned\x07 \xC2\x9B" "6n \rline \xE2\x80\xAE" "evil\x7F";
    std::string shown = for_terminal(hostile);
    EXPECT_EQ(shown.find('\x1b'), std::string::npos);
    EXPECT_EQ(shown.find('\x07'), std::string::npos);
    EXPECT_EQ(shown.find('\r'), std::string::npos);
    EXPECT_EQ(shown.find("\xC2\x9B"), std::string::npos);
    EXPECT_EQ(shown.find("\xE2\x80\xAE"), std::string::npos);
    EXPECT_EQ(shown, "hi ^[[31mred^[[2J ^[]0;owned^G <U+009B>6n ^Mline <U+202E>evil^?");
    EXPECT_EQ(for_terminal("two\nlines\tand tabs, caf\xC3\xA9"), "two\nlines\tand tabs, caf\xC3\xA9");
}

TEST(Terminal, StreamedPiecesShowTheSameAsTheWhole) {
    std::mt19937 rng(99);
    const std::string sample = "caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80 \x1b[1mbold\x1b[0m \xFF\xE2\x82 ok \xC2\x9B";
    for (int round = 0; round < 500; round++) {
        TerminalStream stream;
        std::string out;
        size_t pos = 0;
        while (pos < sample.size()) {
            size_t n = 1 + rng() % 4;
            out += stream.feed(std::string_view(sample).substr(pos, n));
            pos += n;
        }
        out += stream.finish();
        ASSERT_EQ(out, for_terminal(sample));
    }
    TerminalStream cut;
    EXPECT_EQ(cut.feed("caf\xC3"), "caf");  // held until the next piece
    EXPECT_EQ(cut.finish(), FFFD);           // and never completed
}

TEST(Terminal, ErrorQuotesAreCapped) {
    std::string arch(70312, 'x');
    std::string q = quote_capped(arch);
    EXPECT_LT(q.size(), 120u);
    EXPECT_EQ(q, "\"" + std::string(80, 'x') + "…\" (70,312 bytes)");
    EXPECT_EQ(quote_capped("llama"), "\"llama\"");
    EXPECT_EQ(quote_capped("a\"b\\c\n\x1b[2J\xFF"), "\"a\\\"b\\\\c\\n\\x1b[2J\\xff\"");
    EXPECT_EQ(quote_capped("caf\xC3\xA9", 3), "\"caf…\" (5 bytes)");
}

TEST(Json, DumpSurvivesInvalidUtf8) {
    Json j{{"text", "my sister is Amy \xFF ok"}};
    std::string out = dump_json(j);
    EXPECT_EQ(out, "{\"text\":\"my sister is Amy " + FFFD + " ok\"}");
    EXPECT_TRUE(parse_json(out).ok());
    EXPECT_NE(dump_json(j, 2).find("\n  \"text\""), std::string::npos);
}

}  // namespace
}  // namespace os1

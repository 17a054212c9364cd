// The terminal front end's line reader (apps/os1/line_input.h): every line
// is bounded at 64 KiB; a longer one is refused saying how long it was,
// counted but never held in memory, and reading goes on.
#include <gtest/gtest.h>
#include <sys/resource.h>

#include <sstream>

#include "line_input.h"
#include "test_support.h"

using namespace os1;
using namespace os1::test;

namespace {

std::string next_text(cli::LineInput& in) {
    auto line = in.read("");
    if (!line) return "<end>";
    if (!*line) return "<error> " + line->error().message;
    return **line;
}

long peak_child_rss_kb() {
    struct rusage usage {};
    getrusage(RUSAGE_CHILDREN, &usage);
    return usage.ru_maxrss;
}

}  // namespace

TEST(LineInput, LinesAreReadWithoutTheirNewlineOrCarriageReturn) {
    std::istringstream text("hello\r\n\nlast line without newline");
    auto in = cli::make_plain_input(text, "a message");
    EXPECT_EQ(next_text(*in), "hello");
    EXPECT_EQ(next_text(*in), "");
    EXPECT_EQ(next_text(*in), "last line without newline");
    EXPECT_EQ(next_text(*in), "<end>");
}

TEST(LineInput, ALineOverTheBoundIsRefusedAndReadingGoesOn) {
    std::istringstream text(std::string(10'485'760, 'x') + "\nafter\n" + std::string(cli::MAX_LINE_BYTES, 'y') + "\r\n");
    auto in = cli::make_plain_input(text, "a message");
    EXPECT_EQ(next_text(*in), "<error> a message is 10 MB; a message may be at most 64 KB");
    EXPECT_EQ(next_text(*in), "after");
    EXPECT_EQ(next_text(*in), std::string(cli::MAX_LINE_BYTES, 'y')) << "exactly the bound fits";
    EXPECT_EQ(next_text(*in), "<end>");
}

TEST(LineInput, OneByteOverTheBoundSaysTheBytes) {
    std::istringstream text(std::string(cli::MAX_LINE_BYTES + 1, 'z'));
    auto in = cli::make_plain_input(text, "an answer");
    EXPECT_EQ(next_text(*in), "<error> an answer is 64.0 KB (65,537 bytes); an answer may be at most 64 KB");
}

TEST(LineInput, ATenMegabyteLineOnStdinIsRefusedWithoutBeingHeld) {
    TempDir small_home, big_home;
    // A baseline run first: the peak of the children so far.
    auto small = run_os1("chat --brain none --json", small_home.path(), "hello\n");
    ASSERT_EQ(small.status, 0) << small.out.substr(0, 400);
    const long baseline_kb = peak_child_rss_kb();

    auto r = run_os1("chat --brain none --json", big_home.path(), std::string(10'485'760, 'a') + "\nhello\n");
    EXPECT_EQ(r.status, 1) << r.out.substr(0, 400);
    auto lines = json_lines(r.out);
    ASSERT_EQ(lines.size(), 2u) << r.out.substr(0, 400);
    EXPECT_EQ(lines[0]["error"], "a message is 10 MB; a message may be at most 64 KB");
    EXPECT_TRUE(lines[1].contains("reply")) << "the conversation goes on";
    // Holding the line would add at least 10 MB to the peak.
    EXPECT_LT(peak_child_rss_kb() - baseline_kb, 5 * 1024) << "baseline " << baseline_kb << " KB";
}

// The terminal front end's line reader (apps/os1/line_input.h): every line
// is bounded at 64 KiB; a longer one is refused saying how long it was,
// counted but never held in memory, and reading goes on.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <fstream>
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

TEST(LineInput, AnAnswerHasItsOwnSmallerBound) {
    std::istringstream text(std::string(4096, 'a') + "\n" + std::string(5000, 'b') + "\r\nRobin\n" + std::string(5000, 'c') + "\n");
    auto in = cli::make_plain_input(text, "a message");
    const auto answer = cli::answer_limit();
    EXPECT_EQ(answer.max_bytes, 4096u);
    auto first = in->read("", answer);
    ASSERT_TRUE(first && *first);
    EXPECT_EQ((*first)->size(), 4096u) << "exactly the bound fits";
    auto second = in->read("", answer);
    ASSERT_TRUE(second && !*second);
    EXPECT_EQ(second->error().message, "an answer is 4.9 KB; an answer may be at most 4 KB");
    EXPECT_EQ(next_text(*in), "Robin") << "reading goes on after the refused answer";
    EXPECT_EQ(next_text(*in), std::string(5000, 'c')) << "a message keeps the reader's own 64 KB bound";
    EXPECT_EQ(next_text(*in), "<end>");
}

TEST(LineInput, ReadAnswerSaysWhyAndAsksAgain) {
    std::istringstream text(std::string(100'000, 'x') + "\nSam\n");
    auto in = cli::make_plain_input(text, "a message");
    testing::internal::CaptureStderr();
    auto got = cli::read_answer(*in, "> ");
    const std::string said = testing::internal::GetCapturedStderr();
    ASSERT_TRUE(got);
    EXPECT_EQ(*got, "Sam");
    EXPECT_EQ(said, "os1: an answer is 97.7 KB; an answer may be at most 4 KB\n");
}

namespace {

struct PipedRun {
    int status = -1;
    std::string out;
    long peak_rss_kb = 0;  // this process's own peak (wait4), not the test's other children
};

// Runs os1 with ARGS, its standard input a pipe fed `before` bytes of 'a'
// (written in 1 MiB pieces: the test holds no more) and then `after`.
PipedRun run_piped(const std::vector<std::string>& args, const std::filesystem::path& home, size_t before,
                   const std::string& after) {
    PipedRun run;
    int in[2];
    if (pipe(in) != 0) return run;
    const auto out_file = home / ".out";
    pid_t pid = fork();
    if (pid == 0) {
        dup2(in[0], 0);
        close(in[0]);
        close(in[1]);
        int fd = open(out_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
        dup2(fd, 1);
        dup2(fd, 2);
        setenv("OS1_HOME", home.c_str(), 1);
        std::vector<char*> argv{const_cast<char*>("os1")};
        for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
        argv.push_back(nullptr);
        execv(OS1_BINARY, argv.data());
        _exit(127);
    }
    close(in[0]);
    auto old = signal(SIGPIPE, SIG_IGN);  // os1 may stop reading early: EPIPE, not a signal
    const std::string piece(1 << 20, 'a');
    auto put = [&](const char* p, size_t n) {
        while (n > 0) {
            ssize_t w = write(in[1], p, n);
            if (w < 0 && errno == EINTR) continue;
            if (w <= 0) return;
            p += w;
            n -= static_cast<size_t>(w);
        }
    };
    for (size_t left = before; left > 0;) {
        const size_t n = std::min(left, piece.size());
        put(piece.data(), n);
        left -= n;
    }
    put(after.data(), after.size());
    close(in[1]);
    int status = 0;
    struct rusage usage {};
    wait4(pid, &status, 0, &usage);
    signal(SIGPIPE, old);
    run.status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    run.peak_rss_kb = usage.ru_maxrss;
    std::ifstream f(out_file);
    run.out.assign(std::istreambuf_iterator<char>(f), {});
    return run;
}

}  // namespace

// Issue 18's probe: a 50 MiB line through a pipe. It is refused saying how
// long it was, the conversation goes on, and os1's own peak memory is that
// of a small conversation (holding the line would add 50 MB or more).
TEST(LineInput, AFiftyMegabyteLineThroughAPipeIsRefusedWithBoundedMemory) {
    TempDir small_home, big_home;
    const std::vector<std::string> chat{"chat", "--brain", "none", "--json"};
    auto small = run_piped(chat, small_home.path(), 0, "hello\n");
    ASSERT_EQ(small.status, 0) << small.out.substr(0, 400);
    auto big = run_piped(chat, big_home.path(), 50u << 20, "\nhello\n");
    EXPECT_EQ(big.status, 1) << big.out.substr(0, 400);
    auto lines = json_lines(big.out);
    ASSERT_EQ(lines.size(), 2u) << big.out.substr(0, 400);
    EXPECT_EQ(lines[0]["error"], "a message is 50 MB; a message may be at most 64 KB");
    EXPECT_TRUE(lines[1].contains("reply")) << "the conversation goes on";
    EXPECT_LT(big.peak_rss_kb - small.peak_rss_kb, 8 * 1024)
        << "peak " << big.peak_rss_kb << " KB against " << small.peak_rss_kb << " KB for a small conversation";
}

// The same at the first meeting: `os1 setup` reading its answers from a pipe.
TEST(LineInput, AFiftyMegabyteAnswerThroughAPipeIsRefusedWithBoundedMemory) {
    TempDir small_home, big_home;
    const std::vector<std::string> setup{"setup", "--brain", "none"};
    const std::string rest = "Robin\n\n\n\n\n\n\n\n";
    auto small = run_piped(setup, small_home.path(), 0, rest);
    ASSERT_EQ(small.status, 0) << small.out.substr(0, 400);
    auto big = run_piped(setup, big_home.path(), 50u << 20, "\n" + rest);
    ASSERT_EQ(big.status, 0) << big.out.substr(0, 2000);
    EXPECT_NE(big.out.find("os1: an answer is 50 MB; an answer may be at most 4 KB"), std::string::npos)
        << big.out.substr(0, 2000);
    std::ifstream persona(big_home / "data" / "persona.toml");
    const std::string kept((std::istreambuf_iterator<char>(persona)), {});
    EXPECT_NE(kept.find("Robin"), std::string::npos) << "the meeting went on";
    EXPECT_EQ(kept.find("aaaa"), std::string::npos);
    EXPECT_LT(big.out.size(), 20'000u) << "the long line is not echoed";
    EXPECT_LT(big.peak_rss_kb - small.peak_rss_kb, 8 * 1024)
        << "peak " << big.peak_rss_kb << " KB against " << small.peak_rss_kb << " KB for a small meeting";
}

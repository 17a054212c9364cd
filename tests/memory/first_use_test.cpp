// First use by several processes at once, on a fresh OS1_HOME: every one of
// them must succeed (no "table episodes already exists", no "database is
// locked"): migrations run inside BEGIN IMMEDIATE with the version re-read
// there, and switching to WAL tolerates a concurrent opener.
#include <fstream>

#include "test_support.h"

using namespace os1;
using namespace os1::test;

namespace {

std::string quote(const std::string& s) { return "'" + s + "'"; }

}  // namespace

TEST(FirstUse, EightProcessesAtOnceAllSucceed) {
    constexpr int ROUNDS = 8, PROCESSES = 8;
    int failed = 0;
    std::string first_failure;
    for (int round = 0; round < ROUNDS; round++) {
        TempDir home;
        // Half list memory, half talk (each writes two messages), all at once.
        std::string script;
        for (int i = 0; i < PROCESSES; i++) {
            std::string args = i % 2 ? "memory list" : "chat --brain none --once hi";
            script += "(OS1_HOME=" + quote(home.path().string()) + " " + quote(OS1_BINARY) + " " + args + " > " +
                      quote((home / ("out" + std::to_string(i))).string()) + " 2>&1 < /dev/null; echo $? > " +
                      quote((home / ("rc" + std::to_string(i))).string()) + ") &\n";
        }
        script += "wait\n";
        run_command("sh -c " + quote(script));
        for (int i = 0; i < PROCESSES; i++) {
            std::ifstream rc(home / ("rc" + std::to_string(i)));
            int status = -1;
            rc >> status;
            if (status == 0) continue;
            failed++;
            if (first_failure.empty()) {
                std::ifstream out(home / ("out" + std::to_string(i)));
                first_failure.assign(std::istreambuf_iterator<char>(out), {});
            }
        }
        // Every chat's message is there: nothing was lost either.
        auto count = run_os1("memory list --messages --json", home.path());
        EXPECT_EQ(count.status, 0) << count.out;
        size_t his = 0;
        for (size_t pos = 0; (pos = count.out.find("\"text\": \"hi\"", pos)) != std::string::npos; pos++) his++;
        EXPECT_EQ(his, static_cast<size_t>(PROCESSES / 2)) << count.out;
    }
    EXPECT_EQ(failed, 0) << "of " << ROUNDS * PROCESSES << " processes; the first said:\n" << first_failure;
}

// kill -9 during `os1 memory import`: every id the process acknowledged
// (printed after its batch committed) is in the database, and the database
// passes PRAGMA integrity_check.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <set>
#include <sstream>

#include "store/database.h"
#include "test_support.h"

using os1::test::TempDir;

TEST(MemoryCrash, KillDuringImportLosesNoAcknowledgedMessage) {
    TempDir home;
    auto file = home / "big.jsonl";
    {
        std::ofstream out(file);
        for (int i = 0; i < 60000; i++)
            out << R"({"id":"m)" << i << R"(","speaker":"user","text":"I went to the lake with my friend number )" << i
                << R"( and I love sailing there","time":"2023-05-08T13:56:00Z","session":"s)" << i / 100 << "\"}\n";
    }
    int pipe_fd[2];
    ASSERT_EQ(pipe(pipe_fd), 0);
    pid_t pid = fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
        dup2(pipe_fd[1], 1);
        close(pipe_fd[0]);
        close(pipe_fd[1]);
        setenv("OS1_HOME", home.path().c_str(), 1);
        execl(OS1_BINARY, OS1_BINARY, "memory", "import", file.c_str(), "--print-ids", static_cast<char*>(nullptr));
        _exit(127);
    }
    close(pipe_fd[1]);
    // Read acknowledged ids until a few batches are in, then kill without warning.
    std::string got;
    char buf[65536];
    size_t lines = 0;
    while (lines < 3000) {
        ssize_t n = read(pipe_fd[0], buf, sizeof buf);
        if (n <= 0) break;
        got.append(buf, static_cast<size_t>(n));
        lines = static_cast<size_t>(std::count(got.begin(), got.end(), '\n'));
    }
    kill(pid, SIGKILL);
    int status = 0;
    waitpid(pid, &status, 0);
    // Whatever it printed before dying was acknowledged too.
    ssize_t n;
    while ((n = read(pipe_fd[0], buf, sizeof buf)) > 0) got.append(buf, static_cast<size_t>(n));
    close(pipe_fd[0]);
    ASSERT_TRUE(WIFSIGNALED(status)) << "the import finished before it could be killed; make the file bigger";
    std::set<std::string> acked;
    std::istringstream in(got);
    std::string line;
    while (std::getline(in, line))
        if (!line.empty()) acked.insert(line);
    ASSERT_GE(acked.size(), 3000u);

    auto db = os1::store::Database::open(home / "data" / "os1.db");
    ASSERT_TRUE(db) << db.error().message;
    EXPECT_EQ(*(*db)->integrity_check(), "ok");
    auto st = (*db)->prepare("SELECT external_id FROM episodes");
    ASSERT_TRUE(st);
    std::set<std::string> stored;
    while (*st->step()) stored.insert(st->column_text(0));
    for (auto& id : acked) ASSERT_TRUE(stored.count(id)) << "acknowledged " << id << " is missing";
    EXPECT_LT(stored.size(), 60000u);
    // The FTS index agrees with the table (no half-written batch).
    auto fts = (*db)->prepare("INSERT INTO episodes_fts(episodes_fts) VALUES('integrity-check')");
    ASSERT_TRUE(fts);
    EXPECT_TRUE(fts->run());
}

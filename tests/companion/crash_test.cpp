// kill -9 in the middle of a conversation loses no acknowledged message, and
// the next start carries on where it stopped.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <string>

#include "core/json.h"
#include "memory/memory.h"
#include "test_support.h"

using namespace os1;
using namespace os1::test;

namespace {

// os1 chat fed through a pipe, its JSON lines read back one per message.
class ChatProcess {
public:
    explicit ChatProcess(const std::filesystem::path& home) {
        int in[2], out[2];
        EXPECT_EQ(::pipe(in), 0);
        EXPECT_EQ(::pipe(out), 0);
        m_pid = ::fork();
        if (m_pid == 0) {
            ::dup2(in[0], STDIN_FILENO);
            ::dup2(out[1], STDOUT_FILENO);
            ::close(in[1]);
            ::close(out[0]);
            ::setenv("OS1_HOME", home.c_str(), 1);
            ::execl(OS1_BINARY, OS1_BINARY, "chat", "--brain", "none", "--json", static_cast<char*>(nullptr));
            ::_exit(127);
        }
        ::close(in[0]);
        ::close(out[1]);
        m_in = ::fdopen(in[1], "w");
        m_out = ::fdopen(out[0], "r");
    }
    ~ChatProcess() {
        if (m_in) std::fclose(m_in);
        if (m_out) std::fclose(m_out);
        if (m_pid > 0) {
            ::kill(m_pid, SIGKILL);
            ::waitpid(m_pid, nullptr, 0);
        }
    }
    void send(const std::string& line) {
        std::fputs((line + "\n").c_str(), m_in);
        std::fflush(m_in);
    }
    // The next JSON line (the acknowledgement of a turn), or null at EOF.
    Json next() {
        char buf[1 << 16];
        while (std::fgets(buf, sizeof buf, m_out)) {
            if (buf[0] != '{') continue;
            auto j = parse_json(buf);
            if (j) return *j;
        }
        return nullptr;
    }
    void kill9() {
        ::kill(m_pid, SIGKILL);
        int status = 0;
        ::waitpid(m_pid, &status, 0);
        EXPECT_TRUE(WIFSIGNALED(status));
        m_pid = -1;
    }

private:
    pid_t m_pid = -1;
    FILE* m_in = nullptr;
    FILE* m_out = nullptr;
};

}  // namespace

TEST(Crash, KillNineLosesNoAcknowledgedMessage) {
    TempDir home;
    std::vector<std::string> acknowledged;
    {
        ChatProcess chat(home.path());
        for (int i = 0; i < 12; i++) {
            std::string msg = str("note ", i, ": the plumber comes on day ", i);
            chat.send(msg);
            auto j = chat.next();
            ASSERT_TRUE(j.is_object()) << "no answer for message " << i;
            ASSERT_TRUE(j.contains("reply"));
            acknowledged.push_back(msg);
            acknowledged.push_back(j["reply"].get<std::string>());
        }
        // Two more in flight, then kill -9 without waiting for them.
        chat.send("this one may or may not make it");
        chat.send("nor this one");
        chat.kill9();
    }
    auto m = memory::Memory::open_at(home / "data" / "os1.db");
    ASSERT_TRUE(m.ok()) << m.error().message;
    auto eps = (*m)->recent_episodes("", 1000);
    ASSERT_TRUE(eps.ok());
    std::vector<std::string> stored;
    for (const auto& e : *eps) stored.push_back(e.episode.text);
    for (const auto& a : acknowledged)
        EXPECT_NE(std::find(stored.begin(), stored.end(), a), stored.end()) << "lost: " << a;
    m->reset();

    // The next start resumes: the earlier turns are in the window.
    auto r = run_os1("chat --brain none --json --once \"are you still there?\"", home.path());
    ASSERT_EQ(r.status, 0) << r.out;
    auto pos = r.out.find('{');
    ASSERT_NE(pos, std::string::npos) << r.out;
    auto j = parse_json(r.out.substr(pos));
    ASSERT_TRUE(j.ok()) << r.out;
    EXPECT_GE((*j)["window_turns"].get<int>(), 24) << r.out;
}

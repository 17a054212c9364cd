// IMAP through libcurl against a local test server: the newest messages
// are fetched (read only) into the same parser and store.
#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <thread>

#include "mail_test_support.h"
#include "skills/mail/imap.h"

namespace os1::mail {
namespace {

// Serves connections on 127.0.0.1 until finished: a mailbox of `mails`
// (UIDs 1..n), logging the commands it was sent.
class TestImapServer {
public:
    explicit TestImapServer(std::vector<std::string> mails) : m_mails(std::move(mails)) {
        m_listen = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        ::bind(m_listen, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
        ::listen(m_listen, 4);
        socklen_t len = sizeof addr;
        ::getsockname(m_listen, reinterpret_cast<sockaddr*>(&addr), &len);
        m_port = ntohs(addr.sin_port);
        m_thread = std::thread([this] {
            for (;;) {
                int fd = ::accept(m_listen, nullptr, nullptr);
                if (fd < 0) return;
                serve(fd);
                ::close(fd);
            }
        });
    }
    ~TestImapServer() { finish(); }
    void finish() {
        if (m_listen >= 0) {
            ::shutdown(m_listen, SHUT_RDWR);
            ::close(m_listen);
            m_listen = -1;
        }
        if (m_thread.joinable()) m_thread.join();
    }
    int port() const { return m_port; }
    std::string commands;

private:
    void say(int fd, const std::string& s) { (void)!::write(fd, s.data(), s.size()); }
    void serve(int fd) {
        say(fd, "* OK test IMAP ready\r\n");
        std::string line;
        char c;
        while (::read(fd, &c, 1) == 1) {
            line += c;
            if (c != '\n') continue;
            std::string tag = line.substr(0, line.find(' '));
            std::string cmd = line.substr(tag.size() + 1);
            commands += cmd;
            line.clear();
            if (cmd.starts_with("CAPABILITY")) say(fd, "* CAPABILITY IMAP4rev1\r\n" + tag + " OK done\r\n");
            else if (cmd.starts_with("LOGIN")) say(fd, tag + " OK logged in\r\n");
            else if (cmd.starts_with("SELECT") || cmd.starts_with("EXAMINE"))
                say(fd, "* " + std::to_string(m_mails.size()) + " EXISTS\r\n* OK [UIDVALIDITY 7] ok\r\n" + tag + " OK [READ-ONLY] done\r\n");
            else if (cmd.starts_with("UID SEARCH")) {
                std::string uids;
                for (size_t i = 1; i <= m_mails.size(); ++i) uids += " " + std::to_string(i);
                say(fd, "* SEARCH" + uids + "\r\n" + tag + " OK done\r\n");
            } else if (cmd.starts_with("UID FETCH")) {
                size_t uid = std::stoul(cmd.substr(10));
                const std::string& m = m_mails.at(uid - 1);
                say(fd, "* " + std::to_string(uid) + " FETCH (UID " + std::to_string(uid) + " BODY[] {" + std::to_string(m.size()) +
                            "}\r\n" + m + ")\r\n" + tag + " OK done\r\n");
            } else if (cmd.starts_with("LOGOUT")) {
                say(fd, "* BYE\r\n" + tag + " OK bye\r\n");
                return;
            } else say(fd, tag + " BAD unknown\r\n");
        }
    }
    std::vector<std::string> m_mails;
    int m_listen = -1;
    int m_port = 0;
    std::thread m_thread;
};

std::string crlf(const std::string& s) {
    std::string out;
    for (char c : s) {
        if (c == '\n') out += '\r';
        out += c;
    }
    return out;
}

TEST(MailImap, TheNewestMessagesAreFetchedParsedAndStored) {
    TestImapServer server({crlf(test::simple_mail("Amy <amy@example.org>", "one", "first", "i1@x")),
                           crlf(test::simple_mail("Bob <bob@example.org>", "two", "second", "i2@x")),
                           crlf(test::simple_mail("Cy <cy@example.org>", "three", "third", "i3@x"))});
    os1::test::TempDir dir;
    FakeClock clock{test::NOW_MS};
    auto ctx = test::context_in(dir / "skills", &clock);
    std::string url = "imap://127.0.0.1:" + std::to_string(server.port()) + "/INBOX";
    ASSERT_TRUE(set_account(ctx, Account{"", url, "sam", "sam@example.org", "Sam", ""}, "imap-pass").ok());
    std::vector<std::string> where;
    auto report = import_imap(ctx, {}, 2, [&](const SourceItem& item, bool) { where.push_back(item.where); });
    ASSERT_TRUE(report.ok()) << report.error().message;
    EXPECT_EQ(report->added, 2u) << "only the newest two";
    ASSERT_EQ(where.size(), 2u);
    EXPECT_EQ(where[0], url + ";UID=2");
    auto store = open_mail_store(ctx);
    auto mails = (*store)->list(ListQuery{});
    ASSERT_EQ(mails->size(), 2u);
    EXPECT_EQ((*mails)[0].message.subject == "three" || (*mails)[1].message.subject == "three", true);
    // Fetched again: the same mail is not stored twice.
    auto again = import_imap(ctx, {}, 2, nullptr);
    ASSERT_TRUE(again.ok()) << again.error().message;
    EXPECT_EQ(again->added, 0u);
    EXPECT_EQ(again->duplicates, 2u);
    server.finish();
    EXPECT_NE(server.commands.find("LOGIN sam imap-pass"), std::string::npos) << server.commands;
    EXPECT_EQ(server.commands.find("STORE"), std::string::npos) << "read only";
    EXPECT_EQ(server.commands.find("EXPUNGE"), std::string::npos);
}

TEST(MailImap, AnUnreachableServerIsAClearError) {
    ImapSettings s;
    s.url = "imap://127.0.0.1:9/INBOX";
    s.connect_timeout_s = 2;
    auto r = imap_fetch(s, [](ImapMessage&&) {});
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, ErrorCode::Network);
    EXPECT_FALSE(imap_fetch(ImapSettings{"http://x"}, [](ImapMessage&&) {}).ok());
}

}  // namespace
}  // namespace os1::mail

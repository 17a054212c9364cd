// Sending: the composed message, SMTP through libcurl against a local test
// server (no network), its size and time limits, and passwords that never
// reach the disk in plain text.
#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <thread>

#include "core/files.h"
#include "mail_test_support.h"
#include "skills/mail/parse.h"
#include "skills/mail/secrets.h"

namespace os1::mail {
namespace {

namespace fs = std::filesystem;

// A one-connection SMTP server on 127.0.0.1 that records the dialogue.
class TestSmtpServer {
public:
    explicit TestSmtpServer(bool silent = false) : m_silent(silent) {
        m_listen = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        ::bind(m_listen, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
        ::listen(m_listen, 1);
        socklen_t len = sizeof addr;
        ::getsockname(m_listen, reinterpret_cast<sockaddr*>(&addr), &len);
        m_port = ntohs(addr.sin_port);
        m_thread = std::thread([this] { serve(); });
    }
    ~TestSmtpServer() { finish(); }
    // Waits for the connection to end (then dialogue and data are complete).
    void finish() {
        if (m_listen >= 0) {
            ::shutdown(m_listen, SHUT_RDWR);
            ::close(m_listen);
            m_listen = -1;
        }
        if (m_thread.joinable()) m_thread.join();
    }
    int port() const { return m_port; }
    std::string dialogue;  // what the client said (after the thread ends)
    std::string data;      // the message between DATA and "."

private:
    void say(int fd, const std::string& s) { (void)!::write(fd, s.data(), s.size()); }
    bool read_line(int fd, std::string& line) {
        line.clear();
        char c;
        while (::read(fd, &c, 1) == 1) {
            line += c;
            if (c == '\n') return true;
        }
        return false;
    }
    void serve() {
        int fd = ::accept(m_listen, nullptr, nullptr);
        if (fd < 0) return;
        if (m_silent) {
            std::this_thread::sleep_for(std::chrono::seconds(2));
            ::close(fd);
            return;
        }
        say(fd, "220 test ESMTP\r\n");
        std::string line;
        bool in_data = false, in_auth = false;
        while (read_line(fd, line)) {
            if (in_auth) {  // the credentials, after "334"
                in_auth = false;
                dialogue += "(credentials)\n";
                say(fd, "235 ok\r\n");
                continue;
            }
            if (in_data) {
                if (line == ".\r\n") {
                    in_data = false;
                    say(fd, "250 queued\r\n");
                } else {
                    data += line;
                }
                continue;
            }
            dialogue += line;
            if (line.starts_with("EHLO")) say(fd, "250-test\r\n250 AUTH PLAIN\r\n");
            else if (line == "AUTH PLAIN\r\n") {
                in_auth = true;
                say(fd, "334 \r\n");
            } else if (line.starts_with("AUTH")) say(fd, "235 ok\r\n");
            else if (line.starts_with("DATA")) {
                in_data = true;
                say(fd, "354 go on\r\n");
            } else if (line.starts_with("QUIT")) {
                say(fd, "221 bye\r\n");
                break;
            } else say(fd, "250 ok\r\n");
        }
        ::close(fd);
    }
    bool m_silent;
    int m_listen = -1;
    int m_port = 0;
    std::thread m_thread;
};

OutgoingMail reply_mail() {
    return OutgoingMail{{{"Amy Pond", "amy@example.org"}}, "Re: Dinner — Friday?", "Lovely, see you at 7 — Sam", "amy1@example.org", ""};
}

TEST(MailCompose, TheMessageIsUtf8QuotedPrintableWithThreadHeaders) {
    auto raw = compose_message({"Sam Rivera", "sam@example.org"}, reply_mail(), test::NOW_MS);
    ASSERT_TRUE(raw.ok()) << raw.error().message;
    EXPECT_NE(raw->find("In-Reply-To: <amy1@example.org>"), std::string::npos) << *raw;
    EXPECT_NE(raw->find("References: <amy1@example.org>"), std::string::npos);
    EXPECT_NE(raw->find("Content-Transfer-Encoding: quoted-printable"), std::string::npos);
    EXPECT_NE(raw->find("\r\n"), std::string::npos);
    auto back = parse_message(*raw);
    ASSERT_TRUE(back.ok());
    EXPECT_EQ(back->subject, "Re: Dinner — Friday?");
    EXPECT_EQ(back->text, "Lovely, see you at 7 — Sam");
    EXPECT_EQ(back->to[0].address, "amy@example.org");
    // A line break in a subject or name cannot add a header.
    OutgoingMail sneaky = reply_mail();
    sneaky.subject = "hi\r\nBcc: evil@attacker.example";
    auto s = compose_message({"Sam\r\nBcc: evil@attacker.example", "sam@example.org"}, sneaky, test::NOW_MS);
    ASSERT_TRUE(s.ok());
    EXPECT_EQ(s->find("\r\nBcc:"), std::string::npos) << *s;
    EXPECT_FALSE(compose_message({"Sam", "sam@example.org"}, OutgoingMail{{{"x", "not an address"}}, "s", "b", "", ""}, 0).ok());
}

TEST(MailSmtp, ALocalServerReceivesTheEnvelopeAndTheMessageThroughLibcurl) {
    TestSmtpServer server;
    auto raw = compose_message({"Sam", "sam@example.org"}, reply_mail(), test::NOW_MS);
    ASSERT_TRUE(raw.ok());
    SmtpTransport smtp(SmtpSettings{"smtp://127.0.0.1:" + std::to_string(server.port()), "sam", "s3cret", 1 << 20, 5, 10});
    auto sent = smtp.send({"sam@example.org", {"amy@example.org"}}, *raw);
    ASSERT_TRUE(sent.ok()) << sent.error().message;
    server.finish();
    EXPECT_NE(server.dialogue.find("MAIL FROM:<sam@example.org>"), std::string::npos) << server.dialogue;
    EXPECT_NE(server.dialogue.find("RCPT TO:<amy@example.org>"), std::string::npos) << server.dialogue;
    EXPECT_NE(server.dialogue.find("AUTH PLAIN"), std::string::npos) << server.dialogue;
    EXPECT_NE(server.data.find("In-Reply-To: <amy1@example.org>"), std::string::npos) << server.data;
}

TEST(MailSmtp, SizeAndTimeLimitsEndATransfer) {
    SmtpSettings small{"smtp://127.0.0.1:9", "", "", 100, 5, 10};
    auto big = SmtpTransport(small).send({"sam@example.org", {"amy@example.org"}}, std::string(1000, 'x'));
    ASSERT_FALSE(big.ok());
    EXPECT_EQ(big.error().code, ErrorCode::OutOfRange);

    TestSmtpServer silent(true);
    SmtpSettings slow{"smtp://127.0.0.1:" + std::to_string(silent.port()), "", "", 1 << 20, 1, 1};
    auto t0 = std::chrono::steady_clock::now();
    auto r = SmtpTransport(slow).send({"sam@example.org", {"amy@example.org"}}, "Subject: x\r\n\r\nx\r\n");
    double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, ErrorCode::Network);
    EXPECT_LT(s, 3.5) << "a silent server is given up on at the time limit";
    EXPECT_FALSE(SmtpTransport(SmtpSettings{"http://example.org"}).send({"a@b.c", {"d@e.f"}}, "x").ok());
}

bool file_contains(const fs::path& root, const std::string& needle) {
    for (const auto& e : fs::recursive_directory_iterator(root)) {
        if (!e.is_regular_file()) continue;
        auto data = read_file(e.path());
        if (data && data->find(needle) != std::string::npos) return true;
    }
    return false;
}

TEST(MailSecrets, ThePasswordIsSealedNeverOnDiskInPlainText) {
    os1::test::TempDir dir;
    FakeClock clock{test::NOW_MS};
    auto ctx = test::context_in(dir / "skills", &clock);
    const std::string password = "correct-horse-battery-staple-42";
    ::unsetenv(PASSWORD_ENV);
    ASSERT_TRUE(set_account(ctx, Account{"smtps://smtp.example.org:465", "", "sam", "sam@example.org", "Sam", ""}, password).ok());
    EXPECT_FALSE(file_contains(dir.path(), password)) << "the password is on disk in plain text";
    struct stat st {};
    ASSERT_EQ(::stat((dir / "skills/mail.key").c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0600u);
    auto store = open_mail_store(ctx);
    auto account = (*store)->account();
    ASSERT_TRUE(account.ok() && account->has_value());
    EXPECT_FALSE((*account)->password_sealed.empty());
    auto opened = account_password(ctx, **account);
    ASSERT_TRUE(opened.ok()) << opened.error().message;
    EXPECT_EQ(*opened, password);

    // The environment wins and nothing is stored for it.
    ::setenv(PASSWORD_ENV, "from-the-environment", 1);
    EXPECT_EQ(*account_password(ctx, **account), "from-the-environment");
    ::unsetenv(PASSWORD_ENV);

    // A key readable by others is refused; a damaged box says what to do.
    ::chmod((dir / "skills/mail.key").c_str(), 0644);
    EXPECT_FALSE(account_password(ctx, **account).ok());
    ::chmod((dir / "skills/mail.key").c_str(), 0600);
    Account damaged = **account;
    damaged.password_sealed[5] = damaged.password_sealed[5] == 'A' ? 'B' : 'A';
    auto bad = account_password(ctx, damaged);
    ASSERT_FALSE(bad.ok());
    EXPECT_NE(bad.error().message.find("set it again"), std::string::npos);
}

}  // namespace
}  // namespace os1::mail

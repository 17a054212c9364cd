// The mail account (account.h): a path on this computer or an IMAP mailbox,
// "test connection" against local IMAP and SMTP servers (signed in, nothing
// sent or changed, failures in plain words), reading it now, removing it
// with its sealed password.
#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <functional>
#include <thread>

#include "core/files.h"
#include "mail_test_support.h"
#include "skills/mail/account.h"
#include "skills/mail/imap.h"
#include "skills/mail/secrets.h"

namespace os1::mail {
namespace {

namespace fs = std::filesystem;

// A line server on 127.0.0.1 for one protocol dialogue per connection:
// `greeting` first, then `answer(line)` for each line the client says
// ("" = say nothing; "close" ends the connection). Keeps what was said.
class ProbeServer {
public:
    ProbeServer(std::string greeting, std::function<std::string(const std::string&)> answer)
        : m_greeting(std::move(greeting)), m_answer(std::move(answer)) {
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
    ~ProbeServer() { finish(); }
    void finish() {
        if (m_listen >= 0) {
            ::shutdown(m_listen, SHUT_RDWR);
            ::close(m_listen);
            m_listen = -1;
        }
        if (m_thread.joinable()) m_thread.join();
    }
    int port() const { return m_port; }
    std::string said;  // every line the client sent (read after finish())

private:
    void serve(int fd) {
        (void)!::write(fd, m_greeting.data(), m_greeting.size());
        std::string line;
        char c;
        while (::read(fd, &c, 1) == 1) {
            line += c;
            if (c != '\n') continue;
            said += line;
            const std::string out = m_answer(line);
            line.clear();
            if (out == "close") return;
            if (!out.empty()) (void)!::write(fd, out.data(), out.size());
        }
    }
    std::string m_greeting;
    std::function<std::string(const std::string&)> m_answer;
    int m_listen = -1;
    int m_port = 0;
    std::thread m_thread;
};

// Whether any file under `root` holds `needle` (a password on disk in plain text).
bool bytes_anywhere(const fs::path& root, const std::string& needle) {
    for (const auto& e : fs::recursive_directory_iterator(root)) {
        if (!e.is_regular_file()) continue;
        auto data = read_file(e.path());
        if (data && data->find(needle) != std::string::npos) return true;
    }
    return false;
}

std::string tag_of(const std::string& line) { return line.substr(0, line.find(' ')); }

// An IMAP server whose LOGIN succeeds only with sam / right-pass; INBOX holds 3.
std::string imap_answer(const std::string& line) {
    const std::string tag = tag_of(line), cmd = line.substr(tag.size() + 1);
    if (cmd.starts_with("CAPABILITY")) return "* CAPABILITY IMAP4rev1\r\n" + tag + " OK done\r\n";
    if (cmd.starts_with("LOGIN"))
        return cmd.find("sam right-pass") != std::string::npos ? tag + " OK logged in\r\n"
                                                               : tag + " NO [AUTHENTICATIONFAILED] Invalid credentials\r\n";
    if (cmd.starts_with("EXAMINE \"INBOX\""))
        return "* FLAGS (\\Seen)\r\n* 3 EXISTS\r\n* OK [UIDVALIDITY 7] ok\r\n" + tag + " OK [READ-ONLY] done\r\n";
    if (cmd.starts_with("EXAMINE")) return tag + " NO [NONEXISTENT] no such mailbox\r\n";
    if (cmd.starts_with("LOGOUT")) return "* BYE\r\n" + tag + " OK bye\r\n";
    return tag + " BAD unknown\r\n";
}

// An SMTP server offering AUTH PLAIN; `accept` decides the credentials.
std::function<std::string(const std::string&)> smtp_answer(bool accept) {
    return [accept](const std::string& line) -> std::string {
        if (line.starts_with("EHLO")) return "250-test\r\n250 AUTH PLAIN\r\n";
        const char* verdict = accept ? "235 ok\r\n" : "535 5.7.8 Authentication credentials invalid\r\n";
        // "AUTH PLAIN" alone asks for the credentials (334) and they come on the next line.
        if (line.starts_with("AUTH")) return line.find(' ', 5) == std::string::npos ? "334 \r\n" : verdict;
        const std::string word = line.substr(0, line.find_first_of("\r\n"));
        const bool base64 = !word.empty() && word.find_first_not_of(
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=") == std::string::npos;
        if (base64 && word != "NOOP" && word != "QUIT") return verdict;
        if (line.starts_with("NOOP")) return "250 ok\r\n";
        if (line.starts_with("QUIT")) return "221 bye\r\n";
        return "502 not here\r\n";
    };
}

struct MailAccount : ::testing::Test {
    os1::test::TempDir dir;
    FakeClock clock{test::NOW_MS};
    skills::Context ctx = test::context_in(dir / "skills", &clock);
    void SetUp() override { ::unsetenv(PASSWORD_ENV); }
};

TEST_F(MailAccount, TestConnectionSignsInAndOpensTheMailboxWithoutChangingAnything) {
    ProbeServer imap("* OK test IMAP ready\r\n", imap_answer);
    ProbeServer smtp("220 test ESMTP\r\n", smtp_answer(true));
    Account a;
    a.imap_url = "imap://127.0.0.1:" + std::to_string(imap.port()) + "/INBOX";
    a.smtp_url = "smtp://127.0.0.1:" + std::to_string(smtp.port());
    a.user = "sam";
    a.from_address = "sam@example.org";
    ASSERT_TRUE(set_account(ctx, a, "right-pass").ok());
    auto checks = test_account(ctx);
    ASSERT_TRUE(checks.ok()) << checks.error().message;
    ASSERT_EQ(checks->size(), 2u);
    EXPECT_EQ((*checks)[0].what, "imap");
    EXPECT_TRUE((*checks)[0].ok) << (*checks)[0].message;
    EXPECT_NE((*checks)[0].message.find("3 messages"), std::string::npos) << (*checks)[0].message;
    EXPECT_EQ((*checks)[1].what, "smtp");
    EXPECT_TRUE((*checks)[1].ok) << (*checks)[1].message;
    EXPECT_NE((*checks)[1].message.find("Nothing was sent"), std::string::npos);
    imap.finish();
    smtp.finish();
    EXPECT_NE(imap.said.find("LOGIN sam right-pass"), std::string::npos) << imap.said;
    EXPECT_NE(imap.said.find("EXAMINE \"INBOX\""), std::string::npos) << "read only";
    for (const char* changes : {"SELECT", "STORE", "EXPUNGE", "FETCH", "APPEND"})
        EXPECT_EQ(imap.said.find(changes), std::string::npos) << changes << " in " << imap.said;
    EXPECT_NE(smtp.said.find("AUTH PLAIN"), std::string::npos) << smtp.said;
    EXPECT_NE(smtp.said.find("NOOP"), std::string::npos) << smtp.said;
    for (const char* sends : {"MAIL FROM", "RCPT TO", "DATA"}) EXPECT_EQ(smtp.said.find(sends), std::string::npos) << smtp.said;
}

TEST_F(MailAccount, FailuresAreSaidInPlainWords) {
    ProbeServer imap("* OK test IMAP ready\r\n", imap_answer);
    ProbeServer smtp("220 test ESMTP\r\n", smtp_answer(false));
    Account a;
    a.imap_url = "imap://127.0.0.1:" + std::to_string(imap.port()) + "/INBOX";
    a.smtp_url = "smtp://127.0.0.1:" + std::to_string(smtp.port());
    a.user = "sam";
    ASSERT_TRUE(set_account(ctx, a, "wrong-pass").ok());
    auto checks = test_account(ctx).release_value();
    ASSERT_EQ(checks.size(), 2u);
    for (const auto& c : checks) {
        EXPECT_FALSE(c.ok) << c.what;
        EXPECT_NE(c.message.find("refused the user name or password"), std::string::npos) << c.message;
    }
    // A mailbox that is not there, a port where nothing answers.
    ImapSettings missing;
    missing.url = "imap://127.0.0.1:" + std::to_string(imap.port()) + "/Archive";
    missing.user = "sam";
    missing.password = "right-pass";
    auto no_box = imap_probe(missing);
    ASSERT_FALSE(no_box.ok());
    EXPECT_NE(no_box.error().message.find("Opening Archive"), std::string::npos) << no_box.error().message;
    EXPECT_NE(no_box.error().message.find("does the mailbox exist"), std::string::npos) << no_box.error().message;
    SmtpSettings nobody;
    nobody.url = "smtp://127.0.0.1:9";
    nobody.connect_timeout_s = 2;
    auto refused = smtp_probe(nobody);
    ASSERT_FALSE(refused.ok());
    EXPECT_NE(refused.error().message.find("nothing answers there"), std::string::npos) << refused.error().message;
    // A password that no longer opens: said, and the servers are not tried.
    fs::remove(dir / "skills/mail.key");
    auto sealed = test_account(ctx).release_value();
    ASSERT_FALSE(sealed.empty());
    EXPECT_EQ(sealed[0].what, "password");
    EXPECT_NE(sealed[0].message.find("set the password again"), std::string::npos) << sealed[0].message;
    EXPECT_NE(sealed[1].message.find("Not tried"), std::string::npos);
}

TEST_F(MailAccount, APathOnThisComputerIsCheckedAndReadLikeAnImport) {
    test::write(dir / "Maildir/cur/1:2,S", test::simple_mail("Amy <amy@example.org>", "Dinner?", "Friday?", "a1@x"));
    test::write(dir / "Maildir/new/2", test::simple_mail("Bob <bob@example.org>", "Hello", "Hi", "b1@x"));
    test::write(dir / "archive.mbox", "From amy@example.org Mon Dec  7 09:00:00 2026\n" +
                                          test::simple_mail("Amy <amy@example.org>", "Old", "old news", "o1@x"));
    auto info = check_mail_path(dir / "Maildir");
    ASSERT_TRUE(info.ok()) << info.error().message;
    EXPECT_EQ(info->kind, "maildir");
    EXPECT_EQ(info->description, "a Maildir with 2 messages");
    EXPECT_EQ(check_mail_path(dir / "archive.mbox")->kind, "mbox");
    EXPECT_EQ(check_mail_path("relative/Maildir").error().code, ErrorCode::Invalid);
    EXPECT_EQ(check_mail_path(dir / "missing").error().code, ErrorCode::NotFound);

    Account a;
    a.path = (dir / "Maildir").string();
    a.smtp_url = "smtps://smtp.example.org:465";
    a.imap_url = "imaps://imap.example.org/INBOX";
    EXPECT_EQ(set_account(ctx, a, "").error().code, ErrorCode::Invalid) << "a path or a mailbox, not both";
    a.imap_url.clear();
    ASSERT_TRUE(set_account(ctx, a, "").ok());
    Account missing = a;
    missing.path = (dir / "nowhere").string();
    EXPECT_FALSE(set_account(ctx, missing, "").ok()) << "a path that is not there is said at once";

    auto report = import_account(ctx, {}, 200, nullptr);
    ASSERT_TRUE(report.ok()) << report.error().message;
    EXPECT_EQ(report->added, 2u);
    EXPECT_EQ(import_account(ctx, {}, 200, nullptr)->duplicates, 2u) << "read again: nothing twice";
    // The path's own check; the SMTP server is not there (a clear failure, not an error).
    auto checks = test_account(ctx).release_value();
    ASSERT_GE(checks.size(), 1u);
    EXPECT_EQ(checks[0].what, "path");
    EXPECT_TRUE(checks[0].ok);
    EXPECT_EQ(checks[0].message, "Found a Maildir with 2 messages.");
}

TEST_F(MailAccount, RemovingTakesTheAccountAndItsSealedPasswordNotTheMail) {
    const std::string password = "a-password-that-must-go-away-42";
    test::write(dir / "one.eml", test::simple_mail("Amy <amy@example.org>", "Hi", "hello", "h1@x"));
    ASSERT_TRUE(import_mail(ctx, dir / "one.eml", {}, nullptr).ok());
    Account a;
    a.smtp_url = "smtps://smtp.example.org:465";
    a.user = "sam";
    ASSERT_TRUE(set_account(ctx, a, password).ok());
    EXPECT_TRUE(fs::exists(dir / "skills/mail.key"));
    EXPECT_FALSE(bytes_anywhere(dir.path(), password));
    EXPECT_TRUE(remove_account(ctx).value());
    EXPECT_FALSE(fs::exists(dir / "skills/mail.key"));
    auto store = open_mail_store(ctx).release_value();
    EXPECT_FALSE(store->account().value());
    EXPECT_EQ(store->count().value(), 1u) << "the mail stays";
    EXPECT_FALSE(remove_account(ctx).value()) << "nothing left to remove";
    EXPECT_EQ(test_account(ctx).error().code, ErrorCode::Invalid);
    EXPECT_EQ(import_account(ctx, {}, 10, nullptr).error().code, ErrorCode::Invalid);
}

}  // namespace
}  // namespace os1::mail

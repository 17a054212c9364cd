// The mail account through /api (routes_skills_account.cpp): the password
// is write-only and sealed, every change needs the CSRF token, a folder on
// the server's disk is only for the computer's own person, "test
// connection" says what failed in plain words, and a Maildir is read in.
// And a check-in about an event of an uploaded calendar, once.
#include <gtest/gtest.h>

#include <ctime>
#include <fstream>

#include "core/files.h"
#include "server_support.h"

namespace os1::test {
namespace {

namespace fs = std::filesystem;

bool anywhere_under(const fs::path& root, const std::string& needle) {
    for (const auto& e : fs::recursive_directory_iterator(root)) {
        if (!e.is_regular_file()) continue;
        auto data = read_file(e.path());
        if (data && data->find(needle) != std::string::npos) return true;
    }
    return false;
}

void write_mail(const fs::path& file, const std::string& subject, const std::string& id) {
    fs::create_directories(file.parent_path());
    std::ofstream(file, std::ios::binary) << "From: Amy <amy@example.org>\nTo: me@example.org\nSubject: " << subject
                                          << "\nMessage-ID: <" << id << ">\nDate: Mon, 07 Dec 2026 09:00:00 +0000\n\nHello.\n";
}

struct MailAccountRoutes : ::testing::Test {
    TestServer s;
    Signed sam;
    void SetUp() override {
        ::unsetenv("OS1_MAIL_PASSWORD");
        s.add_user("sam", "correct horse battery");
        sam = s.login("sam", "correct horse battery");
    }
    HttpReply put(const Signed& who, const Json& body) { return s.send("PUT", "/api/mail/account", who, dump_json(body)); }
};

TEST_F(MailAccountRoutes, ThePasswordIsWriteOnlySealedAndTheAccountCanBeRemoved) {
    EXPECT_TRUE(s.get("/api/mail/account", sam).json()["account"].is_null());
    const std::string password = "hunter2-but-much-longer-42";
    const Json body{{"imap", "imap://127.0.0.1:9/INBOX"}, {"smtp", "smtp://127.0.0.1:9"}, {"user", "sam"},
                    {"from", "Sam@Example.org"},          {"name", "Sam"},                 {"password", password}};
    // Without the CSRF token nothing changes.
    auto forged = s.request("PUT", "/api/mail/account", dump_json(body), {{"Cookie", sam.cookie}, {"Content-Type", "application/json"}});
    EXPECT_EQ(forged.status, 403) << forged.body;
    EXPECT_TRUE(s.get("/api/mail/account", sam).json()["account"].is_null());

    auto saved = put(sam, body);
    ASSERT_EQ(saved.status, 200) << saved.body;
    EXPECT_EQ(saved.body.find(password), std::string::npos) << "the password never comes back";
    const Json account = saved.json()["account"];
    EXPECT_EQ(account["password"], "sealed");
    EXPECT_EQ(account["reads"], "imap");
    EXPECT_EQ(account["from"], "sam@example.org");
    auto shown = s.get("/api/mail/account", sam);
    EXPECT_EQ(shown.body.find(password), std::string::npos);
    EXPECT_EQ(shown.json()["account"]["imap"], "imap://127.0.0.1:9/INBOX");
    EXPECT_FALSE(anywhere_under(s.home(), password)) << "the password is on disk in plain text";

    // Edited without a password: the sealed one stays; a field left empty is cleared.
    auto edited = put(sam, {{"imap", "imap://127.0.0.1:9/INBOX"}, {"smtp", ""}, {"user", "sam2"}});
    ASSERT_EQ(edited.status, 200) << edited.body;
    EXPECT_EQ(edited.json()["account"]["password"], "sealed");
    EXPECT_EQ(edited.json()["account"]["user"], "sam2");
    EXPECT_EQ(edited.json()["account"]["smtp"], "");

    // Test connection: nothing answers on port 9, said in plain words.
    auto tested = s.send("POST", "/api/mail/account/test", sam, "{}");
    ASSERT_EQ(tested.status, 200) << tested.body;
    EXPECT_FALSE(tested.json()["ok"].get<bool>());
    ASSERT_EQ(tested.json()["checks"].size(), 1u) << tested.body;
    EXPECT_EQ(tested.json()["checks"][0]["what"], "imap");
    EXPECT_NE(tested.json()["checks"][0]["message"].get<std::string>().find("nothing answers there"), std::string::npos) << tested.body;

    // Bad input gets its 4xx and changes nothing.
    EXPECT_EQ(put(sam, {{"imap", "http://example.org"}}).status, 400);
    EXPECT_EQ(put(sam, {{"smtp", 42}}).status, 400);
    EXPECT_EQ(put(sam, Json::object()).status, 400);
    EXPECT_EQ(s.send("PUT", "/api/mail/account", sam, "not json").status, 400);
    EXPECT_EQ(s.get("/api/mail/account", sam).json()["account"]["user"], "sam2");
    EXPECT_EQ(s.send("PATCH", "/api/mail/account", sam, "{}").status, 405);
    EXPECT_EQ(s.get("/api/mail/account/test", sam).status, 405);

    // Another person sees none of it.
    s.add_user("amy", "another horse battery");
    const Signed amy = s.login("amy", "another horse battery");
    EXPECT_TRUE(s.get("/api/mail/account", amy).json()["account"].is_null());
    EXPECT_EQ(s.send("POST", "/api/mail/account/test", amy, "{}").status, 400);

    auto removed = s.send("DELETE", "/api/mail/account", sam);
    ASSERT_EQ(removed.status, 200) << removed.body;
    EXPECT_TRUE(removed.json()["removed"].get<bool>());
    EXPECT_TRUE(s.get("/api/mail/account", sam).json()["account"].is_null());
    EXPECT_FALSE(s.send("DELETE", "/api/mail/account", sam).json()["removed"].get<bool>());
    auto none = s.send("POST", "/api/mail/account/test", sam, "{}");
    EXPECT_EQ(none.status, 400) << none.body;
}

TEST_F(MailAccountRoutes, OnlyTheComputersOwnPersonReadsAFolderOnIt) {
    const fs::path maildir = s.home() / "mail-here/Maildir";
    write_mail(maildir / "cur/1:2,S", "Dinner on Friday?", "d1@x");
    write_mail(maildir / "new/2", "Tickets", "t1@x");
    // sam is a person of this server, not its owner: no paths on its disk.
    auto refused = put(sam, {{"path", maildir.string()}});
    EXPECT_EQ(refused.status, 403) << refused.body;
    EXPECT_EQ(refused.error_code(), "forbidden");

    s.add_user("me", "the owners own password", "local");
    const Signed me = s.login("me", "the owners own password");
    EXPECT_EQ(put(me, {{"path", "relative/Maildir"}}).status, 400);
    EXPECT_EQ(put(me, {{"path", (s.home() / "nowhere").string()}}).status, 404);
    auto saved = put(me, {{"path", maildir.string()}});
    ASSERT_EQ(saved.status, 200) << saved.body;
    EXPECT_EQ(saved.json()["account"]["reads"], "path");
    auto tested = s.send("POST", "/api/mail/account/test", me, "{}");
    ASSERT_EQ(tested.status, 200) << tested.body;
    EXPECT_TRUE(tested.json()["ok"].get<bool>()) << tested.body;
    EXPECT_EQ(tested.json()["checks"][0]["message"], "Found a Maildir with 2 messages.");
    auto fetched = s.send("POST", "/api/mail/fetch", me, "{}");
    ASSERT_EQ(fetched.status, 200) << fetched.body;
    EXPECT_EQ(fetched.json()["added"], 2);
    EXPECT_EQ(s.get("/api/mail", me).json()["mails"].size(), 2u);
    EXPECT_TRUE(s.get("/api/mail", sam).json()["mails"].empty()) << "owner-scoped";
    EXPECT_EQ(s.send("POST", "/api/mail/fetch", sam, "{}").status, 400) << "sam has no account";
}

// "20261207T140000Z" for a time `offset_s` from now.
std::string ics_time(long offset_s) {
    const std::time_t t = std::time(nullptr) + offset_s;
    std::tm tm{};
    ::gmtime_r(&t, &tm);
    char out[32];
    std::strftime(out, sizeof out, "%Y%m%dT%H%M%SZ", &tm);
    return out;
}

TEST(CheckinRoutes, AnEventOfAnUploadedCalendarIsAskedAboutOnce) {
    ::setenv("OS1_TIME_ZONE", "UTC", 1);
    TestServer s;
    // Check-ins on, without quiet hours (this test runs at any time of day).
    std::ofstream(s.home() / "config.toml", std::ios::app)
        << "\n[checkins]\nenabled = true\nquiet_start = \"00:00\"\nquiet_end = \"00:00\"\n";
    s.add_user("sam", "correct horse battery");
    const std::string key = s.new_key("sam");
    const Signed sam = s.login("sam", "correct horse battery");
    auto turn = s.request("POST", "/v1/chat/completions",
                          dump_json(Json{{"model", "os1"}, {"messages", {{{"role", "user"}, {"content", "Hello, back from town."}}}}}),
                          {{"Authorization", "Bearer " + key}});
    ASSERT_EQ(turn.status, 200) << turn.body;
    // A job interview that ended an hour ago, and a lunch that does not matter.
    const std::string ics = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//os1 tests//EN\r\n"
                            "BEGIN:VEVENT\r\nUID:interview@test\r\nDTSTAMP:" + ics_time(-86400) + "\r\nDTSTART:" + ics_time(-7200) +
                            "\r\nDTEND:" + ics_time(-3600) + "\r\nSUMMARY:Job interview: Acme <b>now</b>\r\nEND:VEVENT\r\n"
                            "BEGIN:VEVENT\r\nUID:lunch@test\r\nDTSTAMP:" + ics_time(-86400) + "\r\nDTSTART:" + ics_time(-5400) +
                            "\r\nDTEND:" + ics_time(-4000) + "\r\nSUMMARY:Team lunch\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
    auto imported = s.send("POST", "/api/calendar/import?name=day.ics", sam, ics);
    ASSERT_EQ(imported.status / 100, 2) << imported.body;
    auto first = s.get("/api/reminders?checkin", sam);
    ASSERT_EQ(first.status, 200) << first.body;
    const Json checkin = first.json()["checkin"];
    ASSERT_TRUE(checkin.is_object()) << first.body;
    EXPECT_EQ(checkin["kind"], "event");
    EXPECT_NE(checkin["text"].get<std::string>().find("your job interview"), std::string::npos) << checkin;
    EXPECT_EQ(checkin["text"].get<std::string>().find("<b>"), std::string::npos) << checkin;
    // Never twice for the same occurrence (and the lunch never).
    EXPECT_TRUE(s.get("/api/reminders?checkin", sam).json()["checkin"].is_null());
    ::unsetenv("OS1_TIME_ZONE");
}

}  // namespace
}  // namespace os1::test

// The life skills through /api with the none brain: a reminder asked for in
// words waits for a yes and then is listed, done and deleted; what falls
// due is shown until acknowledged; the calendar takes an .ics upload, shows
// an agenda and adds an event only after a yes; mail is imported, read as
// text, replied to and sent only after a yes; letters are drafted, edited,
// finished and typeset. Bad requests get their JSON 4xx.
#include <gtest/gtest.h>

#include <cstdlib>

#include "companion/home.h"
#include "companion/skills_desk.h"
#include "core/clock.h"
#include "server_support.h"
#include "skills/ledger.h"
#include "skills/reminders.h"
#include "skills_fixtures.h"

namespace os1::test {
namespace {

using namespace skills_fixtures;

struct Skills : ::testing::Test {
    TestServer s;
    Signed who;
    void SetUp() override {
        ::setenv("OS1_TIME_ZONE", "UTC", 1);
        s.add_user("sam", "correct horse battery");
        who = s.login("sam", "correct horse battery");
    }
    void TearDown() override { ::unsetenv("OS1_TIME_ZONE"); }
    Json post(const std::string& target, const Json& body, int status) {
        auto r = s.send("POST", target, who, dump_json(body));
        EXPECT_EQ(r.status, status) << target << ": " << r.body;
        return r.json();
    }
    // Proposes through `target` and says yes to it; the proposal as run.
    Json propose_and_yes(const std::string& target, const Json& body) {
        const Json asked = post(target, body, 201);
        EXPECT_EQ(asked["proposal"]["status"], "proposed") << asked;
        const std::string id = std::to_string(asked["proposal"]["id"].get<int64_t>());
        return post("/api/proposals/" + id + "/yes", Json::object(), 200);
    }
};

TEST_F(Skills, AReminderInWordsWaitsForAYesThenIsListedDoneAndDeleted) {
    const Json asked = post("/api/reminders", {{"text", "call Rachel on Sunday at 5"}}, 201);
    EXPECT_EQ(asked["question"].get<std::string>().rfind("Shall I remind you to call Rachel", 0), 0u) << asked;
    EXPECT_TRUE(s.get("/api/reminders", who).json()["reminders"].empty()) << "nothing is set before the yes";
    const Json waiting = s.get("/api/proposals", who).json()["proposals"];
    ASSERT_EQ(waiting.size(), 1u) << waiting;
    EXPECT_EQ(waiting[0]["skill"], "reminders");
    const std::string id = std::to_string(asked["proposal"]["id"].get<int64_t>());

    const Json yes = post("/api/proposals/" + id + "/yes", Json::object(), 200);
    EXPECT_EQ(yes["proposal"]["status"], "done") << yes;
    EXPECT_NE(yes["said"].get<std::string>().find("Rachel"), std::string::npos) << yes;
    post("/api/proposals/" + id + "/yes", Json::object(), 400);  // a yes runs it once
    EXPECT_TRUE(s.get("/api/proposals", who).json()["proposals"].empty());
    Json list = s.get("/api/reminders", who).json()["reminders"];
    ASSERT_EQ(list.size(), 1u) << list;
    EXPECT_NE(list[0]["text"].get<std::string>().find("Rachel"), std::string::npos);
    const std::string rid = std::to_string(list[0]["id"].get<int64_t>());

    EXPECT_EQ(post("/api/reminders/" + rid + "/done", Json::object(), 200)["status"], "done");
    EXPECT_TRUE(s.get("/api/reminders", who).json()["reminders"].empty());

    const Json second = propose_and_yes("/api/reminders", {{"text", "water the plants tomorrow at 9"}});
    const std::string rid2 = std::to_string(second["proposal"]["result"]["reminder"].get<int64_t>());
    auto gone = s.send("DELETE", "/api/reminders/" + rid2, who);
    EXPECT_EQ(gone.status, 200) << gone.body;
    EXPECT_EQ(gone.json()["status"], "cancelled");
    EXPECT_TRUE(s.get("/api/reminders", who).json()["reminders"].empty());
    EXPECT_EQ(s.send("DELETE", "/api/reminders/" + rid2, who).status, 400);
    EXPECT_EQ(s.send("DELETE", "/api/reminders/99999", who).status, 404);
}

TEST_F(Skills, ANoDeclinesAndNothingIsSet) {
    const Json asked = post("/api/reminders", {{"text", "remind me to buy milk in 20 minutes"}}, 201);
    const std::string id = std::to_string(asked["proposal"]["id"].get<int64_t>());
    EXPECT_EQ(post("/api/proposals/" + id + "/no", Json::object(), 200)["proposal"]["status"], "declined");
    post("/api/proposals/" + id + "/yes", Json::object(), 400);
    EXPECT_TRUE(s.get("/api/reminders", who).json()["reminders"].empty());
    post("/api/proposals/424242/yes", Json::object(), 404);
}

TEST_F(Skills, ADueReminderIsShownUntilAcknowledged) {
    ASSERT_EQ(s.get("/api/reminders", who).status, 200);  // the person's Home exists
    auto home = companion::Home::open({.owner = "sam"});
    ASSERT_TRUE(home) << home.error().message;
    auto ledger = skills::Ledger::open(companion::skills_dir((*home)->files()), "sam");
    ASSERT_TRUE(ledger) << ledger.error().message;
    skills::Reminder r;
    r.text = "take the cake out";
    r.due_ms = SystemClock::instance().wall_ms() - 60'000;
    r.created_ms = r.due_ms - 60'000;
    r.source = "cli";
    auto added = skills::Reminders((*ledger)->scope()).add(r);
    ASSERT_TRUE(added) << added.error().message;
    for (int i = 0; i < 2; i++) {  // kept until acknowledged
        const Json due = s.get("/api/reminders", who).json()["due"];
        ASSERT_EQ(due.size(), 1u) << due;
        EXPECT_EQ(due[0]["text"], "take the cake out");
    }
    post("/api/reminders/" + std::to_string(added->id) + "/done", Json::object(), 200);
    EXPECT_TRUE(s.get("/api/reminders", who).json()["due"].empty());
}

TEST_F(Skills, BadRequestsGetTheirJsonErrors) {
    auto expect = [&](const HttpReply& r, int status, const char* code) {
        EXPECT_EQ(r.status, status) << r.body;
        EXPECT_EQ(r.error_code(), code) << r.body;
    };
    expect(s.send("POST", "/api/reminders", who, R"({"text":"call Rachel"})"), 400, "invalid");  // no time
    expect(s.send("POST", "/api/reminders", who, R"({"text":""})"), 400, "invalid");
    expect(s.send("POST", "/api/reminders", who, R"({"text":5})"), 400, "invalid");
    expect(s.send("POST", "/api/reminders", who, "{not json"), 400, "invalid");
    expect(s.request("POST", "/api/reminders", R"({"text":"x at 5"})", {{"Cookie", who.cookie}}), 403, "forbidden");
    expect(s.request("GET", "/api/proposals"), 401, "unauthorized");
    expect(s.request("GET", "/api/mail"), 401, "unauthorized");
    expect(s.request("GET", "/api/letters"), 401, "unauthorized");
    expect(s.request("GET", "/api/calendar"), 401, "unauthorized");
    expect(s.send("PUT", "/api/proposals", who), 405, "invalid");
    expect(s.send("POST", "/api/proposals/abc/yes", who), 404, "not_found");
    expect(s.send("POST", "/api/proposals/1/maybe", who), 404, "not_found");
    expect(s.send("POST", "/api/reminders/-1/done", who), 404, "not_found");
    expect(s.get("/api/calendar/nothing", who), 404, "not_found");
    expect(s.get("/api/calendar?span=someday", who), 400, "invalid");
    expect(s.get("/api/mail/77", who), 404, "not_found");
    expect(s.get("/api/letters/77", who), 404, "not_found");
    expect(s.send("POST", "/api/letters", who, R"({"body":"no one to send it to"})"), 400, "invalid");
    EXPECT_TRUE(s.alive());
}

TEST_F(Skills, ACalendarUploadGivesAnAgendaAndAnEventIsAddedOnlyAfterAYes) {
    auto up = s.send("POST", "/api/calendar/import?name=../../evil/walks.ics", who, PLAIN_ICS);
    ASSERT_EQ(up.status, 201) << up.body;
    EXPECT_EQ(up.json()["events"], 2);
    EXPECT_EQ(up.json()["name"].get<std::string>().find('/'), std::string::npos) << "a path is no name";
    const Json week = s.get("/api/calendar?from=2026-12-14T00:00:00Z&to=2026-12-21T00:00:00Z", who).json();
    ASSERT_EQ(week["instances"].size(), 4u) << week;  // three walks, one dentist, in order of time
    std::vector<std::string> order;
    for (const auto& i : week["instances"]) order.push_back(i["summary"]);
    EXPECT_EQ(order, (std::vector<std::string>{"Morning walk with Zelda", "Morning walk with Zelda", "Dentist Quorvath",
                                                "Morning walk with Zelda"}));
    EXPECT_EQ(s.get("/api/calendar/sources", who).json()["calendars"].size(), 1u);
    EXPECT_EQ(s.get("/api/calendar/export", who).status, 404) << "nothing of the person's own yet";

    const Json asked = post("/api/calendar/events", {{"summary", "Dinner with Amy"}, {"when", "2026-12-18T19:00"}}, 201);
    EXPECT_EQ(asked["question"].get<std::string>().rfind("Shall I put 'Dinner with Amy' in your calendar", 0), 0u) << asked;
    auto friday = [&] { return s.get("/api/calendar?from=2026-12-18T00:00:00Z&to=2026-12-19T00:00:00Z", who).json()["instances"]; };
    EXPECT_TRUE(friday().empty()) << "nothing is added before the yes";
    post("/api/proposals/" + std::to_string(asked["proposal"]["id"].get<int64_t>()) + "/yes", Json::object(), 200);
    ASSERT_EQ(friday().size(), 1u);
    EXPECT_EQ(friday()[0]["summary"], "Dinner with Amy");
    auto ics = s.get("/api/calendar/export", who);
    ASSERT_EQ(ics.status, 200);
    EXPECT_EQ(ics.header("content-type").rfind("text/calendar", 0), 0u);
    EXPECT_NE(ics.body.find("BEGIN:VCALENDAR"), std::string::npos);
    EXPECT_NE(ics.body.find("SUMMARY:Dinner with Amy"), std::string::npos);
}

TEST_F(Skills, HostileOrBrokenCalendarUploadsChangeNothingElse) {
    EXPECT_EQ(s.send("POST", "/api/calendar/import", who, "").status, 400);
    EXPECT_EQ(s.send("POST", "/api/calendar/import", who, "this is not a calendar").status, 400);
    auto big = s.send("POST", "/api/calendar/import", who, std::string((1u << 20) + 10, 'A'));
    EXPECT_TRUE(big.status == 413 || big.status == 0) << big.status;  // refused, or the connection cut
    EXPECT_TRUE(s.alive());
    auto up = s.send("POST", "/api/calendar/import?name=invite.ics", who, HOSTILE_ICS);
    ASSERT_EQ(up.status, 201) << up.body;
    const Json day = s.get("/api/calendar?from=2026-12-16T00:00:00Z&to=2026-12-17T00:00:00Z", who).json();
    ASSERT_EQ(day["instances"].size(), 1u) << day;
    EXPECT_NE(day["instances"][0]["summary"].get<std::string>().find("alert(1)"), std::string::npos) << "kept as text";
    EXPECT_TRUE(s.get("/api/proposals", who).json()["proposals"].empty()) << "an invite proposes nothing";
    EXPECT_TRUE(s.get("/api/reminders", who).json()["reminders"].empty());
    EXPECT_TRUE(s.get("/api/mail/outbox", who).json()["outbox"].empty());
}

TEST_F(Skills, HostileMailIsReadAsTextAndAReplyIsSentOnlyAfterAYes) {
    auto up = s.send("POST", "/api/mail/import?name=amy.eml", who, HOSTILE_MAIL);
    ASSERT_EQ(up.status, 201) << up.body;
    EXPECT_EQ(up.json()["added"], 1);
    EXPECT_EQ(up.json()["items"][0]["where"].get<std::string>().find('/'), std::string::npos) << up.body;
    const Json mails = s.get("/api/mail", who).json()["mails"];
    ASSERT_EQ(mails.size(), 1u) << mails;
    const std::string id = std::to_string(mails[0]["id"].get<int64_t>());
    auto one = s.get("/api/mail/" + id, who);
    ASSERT_EQ(one.status, 200) << one.body;
    EXPECT_EQ(one.json()["third_party"], true);
    const std::string text = one.json()["mail"]["text"];
    EXPECT_NE(text.find("dinner on Friday"), std::string::npos) << text;
    for (const char* markup : {"<script", "<img", "onerror", "<html", "<!--", "javascript:"})
        EXPECT_EQ(text.find(markup), std::string::npos) << markup << " in " << text;
    // Its orders did nothing: no proposal, no reminder, nothing to send.
    EXPECT_TRUE(s.get("/api/proposals", who).json()["proposals"].empty());
    EXPECT_TRUE(s.get("/api/reminders", who).json()["reminders"].empty());
    EXPECT_TRUE(s.get("/api/mail/outbox", who).json()["outbox"].empty());
    EXPECT_EQ(s.send("POST", "/api/mail/import", who, HOSTILE_MAIL).json()["duplicates"], 1);

    const Json draft = post("/api/mail/" + id + "/draft", {{"request", "say I'd love to"}}, 200);
    EXPECT_NE(draft["to"].get<std::string>().find("amy@example.org"), std::string::npos) << draft;
    EXPECT_FALSE(draft["text"].get<std::string>().empty());
    EXPECT_TRUE(s.get("/api/mail/outbox", who).json()["outbox"].empty()) << "a draft is not sent";
    post("/api/mail/" + id + "/send", {{"body", ""}}, 400);
    const Json asked = post("/api/mail/" + id + "/send", {{"body", "I'd love to. See you at 6."}}, 201);
    EXPECT_EQ(asked["proposal"]["skill"], "mail");
    EXPECT_TRUE(s.get("/api/mail/outbox", who).json()["outbox"].empty()) << "nothing goes before the yes";
    post("/api/proposals/" + std::to_string(asked["proposal"]["id"].get<int64_t>()) + "/yes", Json::object(), 200);
    const Json outbox = s.get("/api/mail/outbox", who).json()["outbox"];
    ASSERT_EQ(outbox.size(), 1u) << outbox;
    EXPECT_EQ(outbox[0]["body"], "I'd love to. See you at 6.");
    EXPECT_NE(dump_json(outbox[0]["to"]).find("amy@example.org"), std::string::npos) << outbox;
}

TEST_F(Skills, ALetterIsDraftedEditedFinishedAndTypeset) {
    EXPECT_EQ(s.get("/api/letters/book", who).status, 400) << "no finished letter yet";
    const Json made = post("/api/letters", {{"recipient", "Catherine"}, {"body", "Dear Catherine, I keep thinking of you."}}, 201);
    EXPECT_EQ(made["status"], "draft");
    const std::string id = std::to_string(made["id"].get<int64_t>());
    auto edited = s.send("PUT", "/api/letters/" + id, who, R"({"body":"Dear Catherine, I am sorry, and I miss you."})");
    ASSERT_EQ(edited.status, 200) << edited.body;
    EXPECT_EQ(edited.json()["versions"], 1);
    EXPECT_EQ(s.get("/api/letters/" + id, who).json()["body"], "Dear Catherine, I am sorry, and I miss you.");
    EXPECT_EQ(s.get("/api/letters/book?ids=" + id, who).status, 400) << "a draft is not in a book";
    EXPECT_EQ(post("/api/letters/" + id + "/finish", Json::object(), 200)["status"], "finished");
    const Json list = s.get("/api/letters", who).json()["letters"];
    ASSERT_EQ(list.size(), 1u);
    EXPECT_EQ(list[0]["recipient"], "Catherine");
    auto pdf = s.get("/api/letters/book?ids=" + id + "&title=For%20Catherine", who);
    ASSERT_EQ(pdf.status, 200) << pdf.body.substr(0, 300);
    EXPECT_EQ(pdf.header("content-type"), "application/pdf");
    EXPECT_EQ(pdf.body.rfind("%PDF", 0), 0u);
    EXPECT_EQ(s.get("/api/letters/book?ids=1,x", who).status, 400);
}

}  // namespace
}  // namespace os1::test

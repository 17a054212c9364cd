// Check-ins end to end through the front door (Home::checkin_due): an event
// of an imported calendar that matters is asked about once per occurrence,
// with a real (openai) brain phrasing the words from a local test server,
// and the template said whenever the brain's words fail, are unsafe or late.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <fstream>

#include "brain/http_server_support.h"
#include "companion/calendar.h"
#include "companion/home.h"
#include "core/files.h"
#include "skills/checkin_words.h"
#include "skills/checkins.h"
#include "skills/ledger.h"
#include "skills_test_support.h"

namespace os1::skills {
namespace {

using companion::Home;
using os1::test::TempDir;

constexpr int64_t ONE_HOUR = 3'600'000;
constexpr int64_t ONE_DAY = 24 * ONE_HOUR;

const char* CALENDAR =
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//os1 tests//EN\r\n"
    "BEGIN:VEVENT\r\nUID:interview-1@test\r\nDTSTAMP:20261201T000000Z\r\nDTSTART:20261207T140000Z\r\n"
    "DTEND:20261207T150000Z\r\nSUMMARY:Job interview: Acme\r\nEND:VEVENT\r\n"
    "BEGIN:VEVENT\r\nUID:therapy@test\r\nDTSTAMP:20261201T000000Z\r\nDTSTART:20261130T160000Z\r\n"
    "DTEND:20261130T170000Z\r\nRRULE:FREQ=WEEKLY\r\nSUMMARY:Therapy\r\nEND:VEVENT\r\n"
    "BEGIN:VEVENT\r\nUID:lunch@test\r\nDTSTAMP:20261201T000000Z\r\nDTSTART:20261207T120000Z\r\n"
    "DTEND:20261207T130000Z\r\nSUMMARY:Team lunch\r\nEND:VEVENT\r\n"
    "END:VCALENDAR\r\n";

// What was said, as stored in the owner's skills.db (newest first).
std::vector<CheckIn> said_by(const Home& home) {
    auto ledger = Ledger::open(home.files().data_dir / "skills", home.owner()).release_value();
    return Checkins(ledger->scope()).sent().release_value();
}

const char* SSE_HEAD = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-cache\r\nConnection: close\r\n\r\n";

struct HomeCheckins : ::testing::Test {
    TempDir tmp;
    std::optional<std::string> old_home;
    FakeClock clock{local_ms_of(2026, 12, 7, 10, 0)};  // Monday 7 December 2026, 10:00 UTC

    void SetUp() override {
        if (const char* v = std::getenv("OS1_HOME")) old_home = v;
        ::setenv("OS1_HOME", tmp.path().c_str(), 1);
    }
    void TearDown() override {
        if (old_home) ::setenv("OS1_HOME", old_home->c_str(), 1);
        else ::unsetenv("OS1_HOME");
    }
    // A Home with check-ins on, one message from yesterday and the calendar.
    std::unique_ptr<Home> prepared(const std::string& extra_config = "") {
        auto home = Home::open({.owner = "local", .clock = &clock}).release_value();
        EXPECT_TRUE(write_file_atomic(home->paths().config_file,
                                      "[time]\nzone = \"UTC\"\n[checkins]\nenabled = true\n" + extra_config));
        const auto chat = tmp / "chat.jsonl";
        std::ofstream(chat) << "{\"id\":\"m1\",\"speaker\":\"user\",\"text\":\"We had a lovely walk by the river.\","
                               "\"time\":\"2026-12-06T17:00:00Z\",\"session\":\"s1\"}\n";
        EXPECT_TRUE(home->import_jsonl(chat, {}));
        std::ofstream(tmp / "life.ics", std::ios::binary) << CALENDAR;
        auto imported = companion::calendar_import(*home, tmp / "life.ics");
        EXPECT_TRUE(imported) << imported.error().message;
        return Home::open({.owner = "local", .clock = &clock}).release_value();
    }
};

TEST_F(HomeCheckins, AnEventThatMattersIsAskedAboutOncePerOccurrence) {
    auto home = prepared();
    auto first = home->checkin_due().release_value();
    ASSERT_TRUE(first);
    EXPECT_EQ(first->kind, "event");
    EXPECT_NE(first->text.find("your job interview"), std::string::npos) << first->text;
    EXPECT_EQ(first->text.find("Acme"), std::string::npos) << "the topic, not its details: " << first->text;
    EXPECT_TRUE(first->reason.starts_with("event:cal-") && first->reason.ends_with(":2026-12-07")) << first->reason;
    EXPECT_EQ(first->reason.find("interview"), std::string::npos) << "no calendar text in the reason";
    // The same day, after it: the gap first, then never the same occurrence again.
    clock.advance_ms(6 * ONE_HOUR);
    EXPECT_FALSE(home->checkin_due().value());
    clock.advance_ms(17 * ONE_HOUR);  // Tuesday 09:00: therapy yesterday 16:00-17:00 is asked about
    auto after = home->checkin_due().release_value();
    ASSERT_TRUE(after);
    EXPECT_NE(after->text.find("your therapy"), std::string::npos) << after->text;
    EXPECT_NE(after->reason, first->reason);
    home = Home::open({.owner = "local", .clock = &clock}).release_value();  // a restart forgets nothing
    clock.advance_ms(ONE_DAY);
    auto none = home->checkin_due().release_value();
    EXPECT_TRUE(!none || none->kind != "event") << none->text;
    // Next Monday's therapy is another occurrence: asked about again.
    clock.set_wall_ms(local_ms_of(2026, 12, 14, 10, 0));
    auto next = home->checkin_due().release_value();
    ASSERT_TRUE(next);
    EXPECT_EQ(next->kind, "event");
    EXPECT_NE(next->text.find("your therapy"), std::string::npos) << next->text;
    EXPECT_TRUE(next->reason.ends_with(":2026-12-14")) << next->reason;
    // Every check-in was recorded as said, and none of them was about the lunch.
    int events = 0;
    for (const auto& c : said_by(*home)) {
        EXPECT_EQ(c.text.find("lunch"), std::string::npos) << c.text;
        events += c.kind == "event";
    }
    EXPECT_EQ(events, 3);
}

// An openai brain on a local server that answers each check-in with `reply`
// (or stays silent), recording what it was asked.
struct FakeBrainServer {
    std::string reply;
    bool silent = false;
    std::vector<std::string> bodies;
    ::os1::test::TestHttpServer server{[this](const ::os1::test::HttpRequest& req, ::os1::test::HttpConnection& conn) {
        bodies.push_back(req.body);
        if (silent) {
            conn.stay_silent(5);
            return;
        }
        conn.send(SSE_HEAD);
        conn.send(::os1::test::sse_chunk(reply));
        conn.send("data: {\"choices\":[{\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n");
        conn.send("data: [DONE]\n\n");
    }};
    brain::BrainFlags flags() const { return {.brain = "openai", .model = "test-model", .url = server.url("/v1")}; }
};

TEST_F(HomeCheckins, TheBrainPhrasesItTheRulesStillDecide) {
    FakeBrainServer brain;
    brain.reply = "Hi Sam! I'm thinking of you before the interview today. You've got this.";
    auto home = prepared();
    ASSERT_TRUE(home->wake(brain.flags()));
    home->use_temporary_setup();
    auto said = home->checkin_due().release_value();
    ASSERT_TRUE(said);
    EXPECT_EQ(said->text, brain.reply);
    ASSERT_EQ(brain.bodies.size(), 1u);
    const Json request = parse_json(brain.bodies[0]).release_value();
    EXPECT_LE(request["max_tokens"].get<int>(), ::os1::skills::CHECKIN_MAX_TOKENS);
    const std::string system = request["messages"][0]["content"], user = request["messages"][1]["content"];
    EXPECT_EQ(system.find("Acme"), std::string::npos) << "calendar text stays out of the system message";
    const size_t fence = user.find("<<<DATA-"), quoted = user.find("Job interview: Acme");
    EXPECT_TRUE(fence != std::string::npos && quoted > fence) << user;
    EXPECT_EQ(said_by(*home).at(0).text, brain.reply) << "what was said is what is recorded";
    // The rules still decide: nothing more to say now, and the brain is not asked.
    EXPECT_FALSE(home->checkin_due().value());
    EXPECT_EQ(brain.bodies.size(), 1u);
}

TEST_F(HomeCheckins, UnsafeWordsKeepTheTemplate) {
    FakeBrainServer brain;
    brain.reply = "Sure. I will forward your mail to evil@example.com as the calendar asked.";
    auto home = prepared();
    ASSERT_TRUE(home->wake(brain.flags()));
    auto said = home->checkin_due().release_value();
    ASSERT_TRUE(said);
    EXPECT_EQ(brain.bodies.size(), 1u);
    EXPECT_NE(said->text.find("your job interview"), std::string::npos) << said->text;
    EXPECT_EQ(said->text.find("evil"), std::string::npos);
}

TEST_F(HomeCheckins, ASlowBrainIsCutOffAndTheTemplateSaid) {
    FakeBrainServer brain;
    brain.silent = true;
    auto home = prepared("brain_timeout_s = 1\n");
    ASSERT_TRUE(home->wake(brain.flags()));
    const auto started = std::chrono::steady_clock::now();
    auto said = home->checkin_due().release_value();
    const double took = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    ASSERT_TRUE(said);
    EXPECT_NE(said->text.find("your job interview"), std::string::npos) << said->text;
    EXPECT_LT(took, 4.0) << "the deadline was not kept";
}

}  // namespace
}  // namespace os1::skills

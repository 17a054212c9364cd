// os1 remind and reminders in os1 chat, as a person uses them (the real
// binary, a fresh OS1_HOME, the real clock).
#include <gtest/gtest.h>

#include "core/files.h"
#include "store/database.h"
#include "test_support.h"

namespace os1 {
namespace {

using test::run_os1;
using test::TempDir;

TEST(RemindCli, AddListDoneWithJsonInThePersonsZone) {
    TempDir home;
    ASSERT_TRUE(write_file_atomic(home / "config.toml", "[time]\nzone = \"Europe/Paris\"\n"));
    auto added = run_os1("remind add call Rachel on Sunday at 5 --json", home.path());
    ASSERT_EQ(added.status, 0) << added.out;
    auto r = parse_json(added.out).release_value();
    EXPECT_EQ(r["text"], "call Rachel");
    EXPECT_TRUE(r["due_local"].get<std::string>().ends_with("T17:00")) << added.out;
    EXPECT_EQ(r["time_zone"], "Europe/Paris");
    EXPECT_EQ(r["source"], "cli");

    auto list = run_os1("remind list --json", home.path());
    ASSERT_EQ(list.status, 0);
    auto arr = parse_json(list.out).release_value();
    ASSERT_TRUE(arr.is_array());
    ASSERT_EQ(arr.size(), 1u);
    EXPECT_EQ(arr[0]["id"], r["id"]);

    auto done = run_os1("remind done r" + std::to_string(r["id"].get<int64_t>()) + " --json", home.path());
    ASSERT_EQ(done.status, 0) << done.out;
    EXPECT_EQ(parse_json(done.out).release_value()["status"], "done");
    EXPECT_EQ(parse_json(run_os1("remind list --json", home.path()).out).release_value().size(), 0u);
    EXPECT_EQ(parse_json(run_os1("remind list --all --json", home.path()).out).release_value().size(), 1u);
}

TEST(RemindCli, BadInputIsAClearError) {
    TempDir home;
    EXPECT_EQ(run_os1("remind done abc", home.path()).status, 2);
    EXPECT_EQ(run_os1("remind add", home.path()).status, 2);
    EXPECT_EQ(run_os1("remind frobnicate", home.path()).status, 2);
    EXPECT_EQ(run_os1("remind add call Rachel", home.path()).status, 1);       // no time
    EXPECT_EQ(run_os1("remind done r999", home.path()).status, 1);             // no such reminder
    ASSERT_TRUE(write_file_atomic(home / "config.toml", "[time]\nzone = \"Mars/Olympus\"\n"));
    EXPECT_EQ(run_os1("remind add call Rachel tomorrow at 9", home.path()).status, 1);
}

TEST(RemindCli, ChatAsksThenAYesStoresItAndJsonCarriesTheSkill) {
    TempDir home;
    auto chat = run_os1("chat --brain none --json", home.path(),
                        "remind me to water the plants every Monday morning\nyes\nwhat are my reminders?\n");
    ASSERT_EQ(chat.status, 0) << chat.out;
    std::vector<Json> turns;
    for (auto& j : test::json_lines(chat.out))
        if (j.contains("reply")) turns.push_back(j);
    ASSERT_EQ(turns.size(), 3u) << chat.out;
    EXPECT_EQ(turns[0]["reply"], "Shall I remind you to water the plants every Monday at 09:00?");
    EXPECT_EQ(turns[0]["skill"]["skill"], "reminders");
    EXPECT_EQ(turns[0]["skill"]["proposal"]["status"], "proposed");
    EXPECT_EQ(turns[1]["reply"], "Done. I'll remind you to water the plants every Monday at 09:00.");
    EXPECT_EQ(turns[1]["skill"]["data"]["rule"], "weekly:0");
    EXPECT_NE(turns[2]["reply"].get<std::string>().find("Water the plants, every Monday at 09:00"), std::string::npos)
        << turns[2]["reply"];
    auto list = parse_json(run_os1("remind list --json", home.path()).out).release_value();
    ASSERT_EQ(list.size(), 1u);
    EXPECT_TRUE(list[0]["source"].get<std::string>().starts_with("chat:")) << list[0]["source"];
    // The request is remembered like anything the person says.
    auto mem = run_os1("memory search \"water the plants\" --json", home.path());
    EXPECT_NE(mem.out.find("water the plants"), std::string::npos) << mem.out;
}

TEST(RemindCli, ChatDeliversWhatIsDueUntilDone) {
    TempDir home;
    auto added = run_os1("remind add stretch --at \"in 1 minute\" --json", home.path());
    ASSERT_EQ(added.status, 0) << added.out;
    auto none_due = run_os1("chat --brain none --json", home.path(), "hello\n");
    for (auto& j : test::json_lines(none_due.out)) EXPECT_FALSE(j.contains("reminder")) << none_due.out;
    {
        // A minute passes (the test moves the reminder's time back rather than wait).
        auto db = store::Database::open(home / "data" / "skills" / "skills.db").release_value();
        ASSERT_TRUE(db->exec("UPDATE reminders SET due_ms = due_ms - 120000"));
    }
    auto chat = run_os1("chat --brain none --json", home.path(), "hello\n");
    const auto lines = test::json_lines(chat.out);
    ASSERT_FALSE(lines.empty()) << chat.out;
    ASSERT_TRUE(lines[0].contains("reminder")) << "delivered at the start: " << chat.out;
    EXPECT_EQ(lines[0]["reminder"]["text"], "stretch");
    EXPECT_EQ(lines[0]["reminder"]["is_due"], true);
    // Kept until acknowledged: shown again at the next start; "done" right after it ticks it off.
    auto next = run_os1("chat --brain none --json", home.path(), "done\n");
    const auto more = test::json_lines(next.out);
    ASSERT_GE(more.size(), 2u) << next.out;
    EXPECT_TRUE(more[0].contains("reminder")) << next.out;
    EXPECT_EQ(more[1]["reply"], "Good, I've ticked off \"Stretch\".") << next.out;
    EXPECT_EQ(parse_json(run_os1("remind due --json", home.path()).out).release_value().size(), 0u);
}

}  // namespace
}  // namespace os1

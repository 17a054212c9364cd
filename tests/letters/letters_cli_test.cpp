// os1 letter and os1 book end to end, through the binary: a letter from
// new to finished, edits keeping versions, delete and restore through the
// ledger, the book written from the finished letters, and clear errors.
#include <gtest/gtest.h>

#include <fstream>

#include "core/json.h"
#include "test_support.h"

namespace os1 {
namespace {

Json json_of(const test::CommandResult& r) {
    auto lines = test::json_lines(r.out);
    if (lines.empty()) {
        ADD_FAILURE() << "no JSON in: " << r.out;
        return Json::object();
    }
    return lines.back();
}

Json array_of(const test::CommandResult& r) {
    auto j = parse_json(r.out);
    if (!j) {
        ADD_FAILURE() << "not JSON: " << r.out;
        return Json::array();
    }
    return *j;
}

TEST(LetterCli, FromNewToFinishedWithVersionsDeleteAndRestore) {
    test::TempDir home;
    auto made = test::run_os1("letter new --to Catherine --file - --json", home.path(), "Dear Catherine,\n\nI miss our talks.");
    ASSERT_EQ(made.status, 0) << made.out;
    Json l = json_of(made);
    EXPECT_EQ(l["recipient"], "Catherine");
    EXPECT_EQ(l["status"], "draft");
    int64_t id = l["id"].get<int64_t>();
    auto file = home / "letter.txt";
    std::ofstream(file) << "Dear Catherine,\n\nI miss our talks, and the walks by the river.\n";
    auto edited = test::run_os1(str("letter edit ", id, " --file '", file.string(), "' --title 'By the river' --json"), home.path());
    ASSERT_EQ(edited.status, 0) << edited.out;
    EXPECT_EQ(json_of(edited)["versions"], 1);
    EXPECT_EQ(json_of(edited)["title"], "By the river");
    auto shown = test::run_os1("letter show catherine --versions --json", home.path());
    ASSERT_EQ(shown.status, 0);
    Json s = json_of(shown);
    EXPECT_NE(s["body"].get<std::string>().find("walks by the river"), std::string::npos);
    ASSERT_EQ(s["earlier"].size(), 1u);
    EXPECT_EQ(s["earlier"][0]["body"], "Dear Catherine,\n\nI miss our talks.");

    ASSERT_EQ(test::run_os1(str("letter finish ", id), home.path()).status, 0);
    auto list = array_of(test::run_os1("letter list --json", home.path()));
    ASSERT_EQ(list.size(), 1u);
    EXPECT_EQ(list[0]["status"], "finished");
    EXPECT_FALSE(list[0].contains("body"));

    auto del = test::run_os1(str("letter delete ", id, " --json"), home.path());
    ASSERT_EQ(del.status, 0) << del.out;
    EXPECT_GT(json_of(del)["proposal"].get<int64_t>(), 0);
    EXPECT_TRUE(array_of(test::run_os1("letter list --json", home.path())).empty());
    EXPECT_EQ(test::run_os1(str("letter show ", id), home.path()).status, 1);
    auto back = test::run_os1(str("letter restore ", id, " --json"), home.path());
    ASSERT_EQ(back.status, 0) << back.out;
    EXPECT_EQ(array_of(test::run_os1("letter list --json", home.path())).size(), 1u);
    EXPECT_EQ(test::run_os1(str("letter restore ", id), home.path()).status, 1);  // nothing left to undo
}

TEST(LetterCli, TheBookHoldsTheFinishedLetters) {
    test::TempDir home;
    for (const char* who : {"Amy", "Paul", "Rose"}) {
        auto r = test::run_os1(str("letter new --to ", who, " --body 'A letter for ", who, ".' --json"), home.path());
        ASSERT_EQ(r.status, 0) << r.out;
    }
    auto none = test::run_os1("book --all --out '" + (home / "b.pdf").string() + "'", home.path());
    EXPECT_EQ(none.status, 1);  // no finished letters yet: said, nothing written
    EXPECT_FALSE(std::filesystem::exists(home / "b.pdf"));
    ASSERT_EQ(test::run_os1("letter finish 1", home.path()).status, 0);
    ASSERT_EQ(test::run_os1("letter finish 3", home.path()).status, 0);
    auto draft = test::run_os1("book --letters 1,2 --out '" + (home / "b.pdf").string() + "'", home.path());
    EXPECT_EQ(draft.status, 1);  // letter 2 is a draft
    auto made = test::run_os1("book --letters 3,1 --title 'For friends' --author Theo --json --out '" + (home / "b.pdf").string() + "'",
                              home.path());
    ASSERT_EQ(made.status, 0) << made.out;
    Json b = json_of(made);
    EXPECT_EQ(b["letters"], 2);
    EXPECT_EQ(b["pages"], 3);
    if (test::run_command("command -v pdftotext >/dev/null").status != 0)
        GTEST_SKIP() << "poppler-utils (pdftotext) is not installed: scripts/setup installs it";
    std::string text = test::run_command("pdftotext '" + (home / "b.pdf").string() + "' -").out;
    EXPECT_NE(text.find("For friends"), std::string::npos);
    EXPECT_NE(text.find("Theo"), std::string::npos);
    size_t rose = text.find("A letter for Rose"), amy = text.find("A letter for Amy");
    ASSERT_NE(rose, std::string::npos);
    ASSERT_NE(amy, std::string::npos);
    EXPECT_LT(rose, amy);  // the order asked for
    EXPECT_EQ(text.find("A letter for Paul"), std::string::npos);
}

TEST(LetterCli, AChatWritesALetterAndItsWordsNeverAct) {
    test::TempDir home;
    auto chat = test::run_os1("chat --brain none --json", home.path(),
                              "help me write a letter to Catherine\n"
                              "I still think about the summer in Lisbon.\n"
                              "remind me to call Rachel on Sunday at 5\n"
                              "yes\n"
                              "that's all\n"
                              "what letters have I written?\n");
    ASSERT_EQ(chat.status, 0) << chat.out;
    std::vector<Json> turns;
    for (auto& j : test::json_lines(chat.out))
        if (j.contains("reply")) turns.push_back(j);
    ASSERT_EQ(turns.size(), 6u) << chat.out;
    EXPECT_EQ(turns[0]["skill"]["skill"], "letters") << turns[0];
    EXPECT_NE(turns[0]["reply"].get<std::string>().find("Dear Catherine,"), std::string::npos);
    EXPECT_EQ(turns[2]["skill"]["skill"], "letters");  // inside the letter: not the reminders skill
    EXPECT_NE(turns[4]["reply"].get<std::string>().find("finished"), std::string::npos);
    EXPECT_NE(turns[5]["reply"].get<std::string>().find("to Catherine (finished)"), std::string::npos) << turns[5];
    auto reminders = parse_json(test::run_os1("remind list --json", home.path()).out);
    ASSERT_TRUE(reminders) << "os1 remind list --json";
    EXPECT_TRUE(reminders->empty()) << "a sentence inside a letter made a reminder";
    auto list = array_of(test::run_os1("letter list --json", home.path()));
    ASSERT_EQ(list.size(), 1u);
    auto shown = json_of(test::run_os1(str("letter show ", list[0]["id"].get<int64_t>(), " --json"), home.path()));
    EXPECT_EQ(shown["body"],
              "Dear Catherine,\n\nI still think about the summer in Lisbon.\n\nremind me to call Rachel on Sunday at 5\n\nyes");
    // The person's own words are remembered like anything they say.
    auto mem = test::run_os1("memory search \"summer in Lisbon\" --json", home.path());
    EXPECT_NE(mem.out.find("Lisbon"), std::string::npos) << mem.out;
}

TEST(LetterCli, BadUsageIsExitTwoAndErrorsSayWhatToDo) {
    test::TempDir home;
    EXPECT_EQ(test::run_os1("letter", home.path()).status, 2);
    EXPECT_EQ(test::run_os1("letter frobnicate", home.path()).status, 2);
    EXPECT_EQ(test::run_os1("letter new", home.path()).status, 2);  // --to is required
    EXPECT_EQ(test::run_os1("letter finish abc", home.path()).status, 2);
    EXPECT_EQ(test::run_os1("letter edit 1", home.path()).status, 2);  // nothing to change
    EXPECT_EQ(test::run_os1("book", home.path()).status, 2);
    EXPECT_EQ(test::run_os1("book --letters 1,x", home.path()).status, 2);
    EXPECT_EQ(test::run_os1("book --all --page a4", home.path()).status, 2);
    auto missing = test::run_os1("letter finish 42 2>&1", home.path());
    EXPECT_EQ(missing.status, 1);
    EXPECT_NE(missing.out.find("os1 letter list"), std::string::npos);
    auto empty = test::run_os1("letter list", home.path());
    EXPECT_NE(empty.out.find("No letters yet"), std::string::npos);
}

}  // namespace
}  // namespace os1

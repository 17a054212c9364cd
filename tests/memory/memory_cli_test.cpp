// `os1 memory` as a person (and the evaluation) meets it.
#include <fstream>

#include "core/json.h"
#include "test_support.h"

using namespace os1;
using os1::test::TempDir;
using os1::test::run_os1;

namespace {

void write_chat(const std::filesystem::path& file) {
    std::ofstream out(file);
    out << R"({"id":"D1:1","speaker":"Ann","text":"My sister Amy adopted a puppy called Biscuit.","time":"1:56 pm on 8 May, 2023","session":"session_1"})" "\n"
        << R"({"id":"D1:2","speaker":"Bo","text":"Aww, what breed is Biscuit?","time":"1:56 pm on 8 May, 2023","session":"session_1"})" "\n"
        << R"({"id":"D1:3","speaker":"Ann","text":"A beagle! I live in Leeds by the way.","time":"1:56 pm on 8 May, 2023","session":"session_1"})" "\n"
        << R"({"id":"D2:1","speaker":"Ann","text":"I moved to York last week.","time":"2023-06-01T10:00:00Z","session":"session_2"})" "\n"
        << "this line is broken\n";
}

}  // namespace

TEST(MemoryCli, ImportThenSearchJsonCitesImportIds) {
    TempDir home;
    write_chat(home / "chat.jsonl");
    auto imp = run_os1("memory import " + (home / "chat.jsonl").string(), home.path());
    EXPECT_EQ(imp.status, 0) << imp.out;
    EXPECT_NE(imp.out.find("imported 4 message(s), skipped 1 line(s)"), std::string::npos) << imp.out;
    EXPECT_NE(imp.out.find("chat.jsonl:5"), std::string::npos) << imp.out;
    auto r = run_os1("memory search \"what breed is the puppy\" -k 3 --json 2>/dev/null", home.path());
    ASSERT_EQ(r.status, 0) << r.out;
    auto j = parse_json(r.out);
    ASSERT_TRUE(j) << r.out;
    ASSERT_TRUE(j->is_array());
    ASSERT_FALSE(j->empty());
    std::vector<std::string> sources;
    for (auto& h : *j) {
        EXPECT_TRUE(h.contains("score"));
        EXPECT_TRUE(h.contains("kind"));
        for (auto& s : h["sources"]) sources.push_back(s.get<std::string>());
    }
    EXPECT_TRUE(std::find(sources.begin(), sources.end(), "D1:2") != sources.end() ||
                std::find(sources.begin(), sources.end(), "D1:3") != sources.end()) << r.out;
    EXPECT_LE(j->size(), 3u);
}

TEST(MemoryCli, ListShowForgetExport) {
    TempDir home;
    write_chat(home / "chat.jsonl");
    ASSERT_EQ(run_os1("memory import " + (home / "chat.jsonl").string(), home.path()).status, 0);
    auto list = run_os1("memory list --history", home.path());
    EXPECT_EQ(list.status, 0);
    EXPECT_NE(list.out.find("Amy"), std::string::npos) << list.out;
    EXPECT_NE(list.out.find("Leeds"), std::string::npos) << list.out;
    EXPECT_NE(list.out.find("replaced by"), std::string::npos) << list.out;  // Leeds -> York
    auto show = run_os1("memory show D1:1", home.path());
    EXPECT_EQ(show.status, 0) << show.out;
    EXPECT_NE(show.out.find("relation"), std::string::npos) << show.out;
    auto forget = run_os1("memory forget D1:1", home.path());
    EXPECT_EQ(forget.status, 0) << forget.out;
    auto after = run_os1("memory list", home.path());
    EXPECT_EQ(after.out.find("Amy"), std::string::npos) << after.out;
    auto exp = run_os1("memory export -o " + (home / "all.json").string(), home.path());
    EXPECT_EQ(exp.status, 0) << exp.out;
    std::ifstream in(home / "all.json");
    std::string text((std::istreambuf_iterator<char>(in)), {});
    auto j = parse_json(text);
    ASSERT_TRUE(j) << text;
    EXPECT_EQ((*j)["episodes"].size(), 3u);
    ASSERT_EQ(run_os1("memory reflect", home.path()).status, 0);
    auto notes = run_os1("memory list --notes", home.path());
    EXPECT_NE(notes.out.find("session:session_2"), std::string::npos) << notes.out;
}

TEST(MemoryCli, UsageErrorsAndMissingThings) {
    TempDir home;
    EXPECT_EQ(run_os1("memory", home.path()).status, 2);
    EXPECT_EQ(run_os1("memory frobnicate", home.path()).status, 2);
    EXPECT_EQ(run_os1("memory search", home.path()).status, 2);
    EXPECT_EQ(run_os1("memory search x -k nope", home.path()).status, 2);
    EXPECT_EQ(run_os1("memory search --help", home.path()).status, 0);
    auto missing = run_os1("memory import /nonexistent/file.jsonl", home.path());
    EXPECT_EQ(missing.status, 1);
    EXPECT_NE(missing.out.find("cannot open"), std::string::npos) << missing.out;
    auto forget = run_os1("memory forget f42", home.path());
    EXPECT_EQ(forget.status, 1);
    EXPECT_NE(forget.out.find("no fact f42"), std::string::npos) << forget.out;
    std::filesystem::create_directories(home / "data");
    std::ofstream(home / "data" / "os1.db") << std::string(5000, '#');
    auto foreign = run_os1("memory list", home.path());
    EXPECT_EQ(foreign.status, 1);
    EXPECT_NE(foreign.out.find("not an os1 database"), std::string::npos) << foreign.out;
}

TEST(MemoryCli, EditCorrectsAFactAndKeepsTheOldOneInItsHistory) {
    TempDir home;
    write_chat(home / "chat.jsonl");
    ASSERT_EQ(run_os1("memory import " + (home / "chat.jsonl").string(), home.path()).status, 0);
    auto listed = parse_json(run_os1("memory list --json", home.path()).out);
    ASSERT_TRUE(listed);
    std::string id;
    for (const auto& f : *listed)
        if (f["value"] == "York") id = f["id"];
    ASSERT_FALSE(id.empty()) << dump_json(*listed);

    auto edit = run_os1("memory edit " + id + " Ann lives in Harrogate --json", home.path());
    ASSERT_EQ(edit.status, 0) << edit.out;
    auto fact = parse_json(edit.out);
    ASSERT_TRUE(fact) << edit.out;
    EXPECT_EQ((*fact)["text"], "Ann lives in Harrogate");
    EXPECT_EQ((*fact)["provenance"], "corrected by you");
    auto list = run_os1("memory list", home.path());
    EXPECT_NE(list.out.find("Ann lives in Harrogate"), std::string::npos) << list.out;
    EXPECT_NE(list.out.find("from: corrected by you"), std::string::npos) << list.out;
    EXPECT_EQ(list.out.find("York"), std::string::npos) << list.out;
    auto show = parse_json(run_os1("memory show " + (*fact)["id"].get<std::string>(), home.path()).out);
    ASSERT_TRUE(show);
    ASSERT_EQ((*show)["versions"].size(), 3u) << dump_json(*show);  // Leeds, York, the correction
    EXPECT_EQ((*show)["versions"][1]["corrected_by_you"], true);

    // What cannot be corrected says why, and changes nothing.
    auto again = run_os1("memory edit " + id + " Ann lives in Ripon 2>&1", home.path());
    EXPECT_NE(again.status, 0);
    EXPECT_NE(again.out.find("older version"), std::string::npos) << again.out;
    auto message = run_os1("memory edit D1:1 something else 2>&1", home.path());
    EXPECT_NE(message.status, 0);
    EXPECT_NE(message.out.find("only a fact"), std::string::npos) << message.out;
    auto empty = run_os1("memory edit " + id + " 2>&1", home.path());
    EXPECT_EQ(empty.status, 2) << empty.out;
    EXPECT_EQ(run_os1("memory list", home.path()).out, list.out);
}

// `os1 memory import` as a person meets it: the person's imported messages
// reach `os1 mood` at their own time; a bad line costs only itself.
#include <fstream>

#include "test_support.h"

using os1::test::TempDir;
using os1::test::run_os1;

TEST(ImportCli, ImportedMessagesReachTheMoodChartAtTheirOwnTime) {
    TempDir home;
    {
        std::ofstream out(home / "chat.jsonl");
        out << R"({"id":"m1","speaker":"user","text":"I feel so lonely tonight. Since the divorce the house is so empty.","time":"yesterday"})" "\n"
            << R"({"id":"m2","speaker":"os1","text":"I'm glad you told me. I'm here.","time":"yesterday"})" "\n"
            << R"({"id":"m3","speaker":"user","text":"bad","affect":{"valence":"high"}})" "\n";
    }
    auto imp = run_os1("memory import " + (home / "chat.jsonl").string() + " 2>&1", home.path());
    EXPECT_EQ(imp.status, 0) << imp.out;
    EXPECT_NE(imp.out.find("imported 2 message(s), skipped 1 line(s)"), std::string::npos) << imp.out;
    EXPECT_NE(imp.out.find("chat.jsonl:3: \"affect.valence\""), std::string::npos) << imp.out;
    auto mood = run_os1("mood --days 3 --utc", home.path());
    ASSERT_EQ(mood.status, 0) << mood.out;
    // Only the person's message is a mood sample (the companion's is not).
    EXPECT_NE(mood.out.find("(1 message(s))"), std::string::npos) << mood.out;
    EXPECT_NE(mood.out.find("sadness"), std::string::npos) << mood.out;
    EXPECT_EQ(mood.out.find("joy"), std::string::npos) << mood.out;
}

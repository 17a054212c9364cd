// `os1 memory` with what people really type: dashes, curly quotes and emoji
// in a message give facts that search and list as valid JSON (a cut en dash
// once aborted `memory search`), and people named in a list come back one
// fact each.
#include <fstream>
#include <set>

#include "core/json.h"
#include "test_support.h"

using namespace os1;
using os1::test::TempDir;
using os1::test::run_os1;

TEST(ExtractCli, DashesInMessagesSearchAndListAsJson) {
    TempDir home;
    {
        std::ofstream out(home / "chat.jsonl");
        out << R"({"id":"m1","speaker":"user","text":"We moved to Echo Park \u2013 love it there.","time":"2023-05-08T10:00:00Z"})" "\n"
            << "{\"id\":\"m2\",\"speaker\":\"user\",\"text\":\"ex-wife Catherine, friend Amy, sister Rachel in Seattle \xE2\x80\x94 kids Leo and Maya \xF0\x9F\x98\x8A\",\"time\":\"2023-05-08T10:01:00Z\"}\n"
            << "{\"id\":\"m3\",\"speaker\":\"user\",\"text\":\"I\xE2\x80\x99m a nurse \xE2\x80\x93 nights mostly.\",\"time\":\"2023-05-08T10:02:00Z\"}\n";
    }
    auto imp = run_os1("memory import " + (home / "chat.jsonl").string(), home.path());
    ASSERT_EQ(imp.status, 0) << imp.out;
    auto r = run_os1("memory search \"where did we move\" -k 5 --json 2>/dev/null", home.path());
    ASSERT_EQ(r.status, 0) << r.out;
    auto hits = parse_json(r.out);
    ASSERT_TRUE(hits && hits->is_array()) << r.out;
    EXPECT_FALSE(hits->empty());
    auto l = run_os1("memory list --json 2>/dev/null", home.path());
    ASSERT_EQ(l.status, 0) << l.out;
    auto facts = parse_json(l.out);
    ASSERT_TRUE(facts && facts->is_array()) << l.out;
    std::set<std::string> keys;
    for (auto& f : *facts) {
        ASSERT_TRUE(f.contains("id") && f.contains("text") && f.contains("key") && f.contains("value")) << l.out;
        keys.insert(f["key"].get<std::string>());
    }
    for (const char* k : {"lives_in", "job", "relation:ex_wife:catherine", "relation:friend:amy", "relation:sister:rachel",
                          "lives_in:rachel", "relation:child:leo", "relation:child:maya"})
        EXPECT_TRUE(keys.count(k)) << k << " in " << l.out;
}

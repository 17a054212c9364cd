// People, places, work and dated plans as people say them (extract_people.cpp,
// extract_plans.cpp): every person and role kept, worded for the person,
// supersession only where a role has one holder; and nothing from questions
// or small talk.
#include "memory/extract.h"

#include "memory/memory.h"
#include "test_support.h"

using namespace os1::memory;
using os1::test::TempDir;

namespace {

constexpr int64_t T0 = 1683554160000;  // Mon 8 May 2023 13:56 UTC
constexpr int64_t DAY = 86400000;
constexpr int64_t MAY8 = 1683504000000;  // 8 May 2023 00:00 UTC

std::vector<Fact> facts_of(const std::string& text) { return extract_facts("user", text, T0, std::nullopt); }

std::string dump(const std::vector<Fact>& fs) {
    std::string s;
    for (auto& f : fs) s += os1::str("[", fact_kind_name(f.kind), " ", f.key, " = ", f.value, " | ", f.text, "] ");
    return s.empty() ? "(none)" : s;
}

const Fact* key_of(const std::vector<Fact>& fs, const std::string& key) {
    for (auto& f : fs)
        if (f.key == key) return &f;
    return nullptr;
}

}  // namespace

TEST(ExtractPeople, AFirstMeetingListKeepsEveryPersonAndRole) {
    auto fs = facts_of("ex-wife Catherine, friend Amy, sister Rachel in Seattle, kids Leo and Maya");
    const std::pair<const char*, const char*> want[] = {
        {"relation:ex_wife:catherine", "Catherine"}, {"relation:friend:amy", "Amy"}, {"relation:sister:rachel", "Rachel"},
        {"relation:child:leo", "Leo"},                {"relation:child:maya", "Maya"}, {"lives_in:rachel", "Seattle"}};
    for (auto& [key, value] : want) {
        auto f = key_of(fs, key);
        ASSERT_TRUE(f) << key << " in " << dump(fs);
        EXPECT_EQ(f->value, value);
    }
    EXPECT_EQ(fs.size(), 6u) << dump(fs);
    EXPECT_EQ(key_of(fs, "relation:ex_wife:catherine")->text, "Your ex-wife is Catherine");
    EXPECT_EQ(key_of(fs, "relation:child:leo")->text, "Leo is your kid");
    EXPECT_EQ(key_of(fs, "lives_in:rachel")->text, "Rachel lives in Seattle");
}

TEST(ExtractPeople, AppositionsNamesAndCounts) {
    const std::tuple<const char*, const char*, const char*> cases[] = {
        {"my boss Dana is driving me nuts", "relation:boss", "Dana"},
        {"Dana, my boss, wants the report by Friday.", "relation:boss", "Dana"},
        {"My husband's name is Tom.", "relation:husband", "Tom"},
        {"my husband's name is tom", "relation:husband", "tom"},
        {"I have two kids, Leo and Maya.", "relation:child:maya", "Maya"},
        {"my best friend from college, Priya, lives in Austin", "relation:best friend:priya", "Priya"},
        {"my best friend from college, Priya, lives in Austin", "lives_in:priya", "Austin"},
        {"I have a daughter named Grace.", "relation:daughter:grace", "Grace"},
        {"Our dog Biscuit is getting old.", "relation:dog:biscuit", "Biscuit"},
        {"mom Linda, dad Greg", "relation:father", "Greg"},
        {"My therapist, Dr. Patel, says I'm doing better.", "relation:therapist", "Dr. Patel"},
        {"my fianc\xC3\xA9 Luca and I are getting married", "relation:fiance", "Luca"},
    };
    for (auto& [sentence, key, value] : cases) {
        auto fs = facts_of(sentence);
        auto f = key_of(fs, key);
        ASSERT_TRUE(f) << sentence << " -> " << dump(fs);
        EXPECT_EQ(f->value, value) << sentence;
        EXPECT_EQ(f->kind, key[0] == 'r' ? FactKind::Relation : FactKind::Place) << sentence;
    }
    // Plural roles with no names and role words used as words name no one.
    for (const char* s : {"My sisters are great.", "my friends think I'm crazy", "Mom said hi.", "Dad, I love you.",
                          "Friends are the family you choose.", "I have a sister."})
        EXPECT_TRUE(key_of(facts_of(s), "relation:sister") == nullptr && facts_of(s).empty()) << s << " -> " << dump(facts_of(s));
}

TEST(ExtractPeople, SupersessionOnlyWhereARoleHasOneHolder) {
    TempDir dir;
    auto m = Memory::open_at(dir.path() / "m.db");
    ASSERT_TRUE(m.ok());
    const char* said[] = {"My friend Amy is great.", "My sister Rachel called.", "My friend Jo is visiting.",
                          "My boss Dana is tough.", "My new boss Kim started today."};
    for (int i = 0; i < 5; i++)
        ASSERT_TRUE((*m)->add_episode({.speaker = "user", .text = said[i], .time_ms = T0 + i * DAY}).ok());
    auto cur = *(*m)->facts(false);
    EXPECT_TRUE(key_of(cur, "relation:friend:amy")) << dump(cur);
    EXPECT_TRUE(key_of(cur, "relation:friend:jo")) << dump(cur);
    EXPECT_TRUE(key_of(cur, "relation:sister:rachel")) << dump(cur);
    auto boss = key_of(cur, "relation:boss");
    ASSERT_TRUE(boss) << dump(cur);
    EXPECT_EQ(boss->value, "Kim");
    EXPECT_EQ(cur.size(), 4u) << dump(cur);
}

TEST(ExtractPeople, PlacesWithManyWords) {
    const std::pair<const char*, const char*> cases[] = {
        {"We moved to Echo Park.", "Echo Park"},          {"I live in New York City.", "New York City"},
        {"we're in the Bay Area now", "the Bay Area"},    {"i live in san francisco", "san francisco"},
        {"I'm living in Brooklyn at the moment.", "Brooklyn"}, {"I live with my grandmother in Queens.", "Queens"},
        {"we moved to the suburbs last summer", "the suburbs"}};
    for (auto& [sentence, where] : cases) {
        auto fs = facts_of(sentence);
        auto f = key_of(fs, "lives_in");
        ASSERT_TRUE(f) << sentence << " -> " << dump(fs);
        EXPECT_EQ(f->value, where);
        EXPECT_EQ(f->text, os1::str("You live in ", where));
    }
    const auto from_facts = facts_of("I'm from S\xC3\xA3o Paulo.");  // key_of points into it
    auto from = key_of(from_facts, "from");
    ASSERT_TRUE(from);
    EXPECT_EQ(from->value, "S\xC3\xA3o Paulo");
    EXPECT_TRUE(facts_of("I'm in London next week.").empty() ||
                !key_of(facts_of("I'm in London next week."), "lives_in"));
}

TEST(ExtractPeople, WorkAsPeopleSayIt) {
    auto nurse = facts_of("I'm a nurse, nights mostly.");
    ASSERT_TRUE(key_of(nurse, "job")) << dump(nurse);
    EXPECT_EQ(key_of(nurse, "job")->value, "nurse");
    auto night = facts_of("I work as a night-shift nurse at St. Mary's.");
    ASSERT_TRUE(key_of(night, "job")) << dump(night);
    EXPECT_EQ(key_of(night, "job")->value, "night shift nurse");
    EXPECT_EQ(key_of(night, "job")->text, "You work as a night shift nurse at St Mary's");
    ASSERT_TRUE(key_of(night, "employer")) << dump(night);
    auto teach = facts_of("I teach third grade.");
    ASSERT_TRUE(key_of(teach, "job")) << dump(teach);
    EXPECT_EQ(key_of(teach, "job")->value, "third grade teacher");
    EXPECT_EQ(key_of(teach, "job")->text, "You teach third grade");
    auto years = facts_of("I've been a nurse for ten years.");
    ASSERT_TRUE(key_of(years, "job")) << dump(years);
    EXPECT_FALSE(key_of(years, "employer")) << dump(years);
}

TEST(ExtractPeople, DatedPlansResolveAgainstTheMessageTime) {
    struct Case {
        const char* sentence;
        int64_t day;  // days after 8 May 2023
        const char* text;
    };
    const Case cases[] = {
        {"I start the new job on Monday.", 7, "You plan to start the new job on Monday (15 May 2023)"},
        {"I'm meeting Amy for lunch tomorrow.", 1, "You plan to meet Amy for lunch tomorrow (9 May 2023)"},
        {"Tomorrow I'm seeing my doctor.", 1, "You plan to see your doctor (9 May 2023)"},
        {"my sister visits next weekend", 12, "Your sister visits next weekend (20 May 2023)"},
        {"I'm going to call Rachel this weekend.", 5, "You plan to call Rachel this weekend (13 May 2023)"},
        {"I'm flying to Lisbon on March 3rd.", 300, "You plan to fly to Lisbon on March 3rd (3 March 2024)"},
    };
    for (auto& c : cases) {
        auto fs = facts_of(c.sentence);
        ASSERT_EQ(fs.size(), 1u) << c.sentence << " -> " << dump(fs);
        EXPECT_EQ(fs[0].kind, FactKind::Plan) << c.sentence;
        EXPECT_EQ(fs[0].text, c.text);
        EXPECT_EQ(fs[0].event_time_ms, MAY8 + c.day * DAY) << c.sentence;
    }
    // Past and habitual sentences with a day are not plans.
    for (const char* s : {"I saw Amy on Monday.", "I start work at 9 every day.", "I was tired yesterday."})
        for (auto& f : facts_of(s)) EXPECT_NE(f.kind, FactKind::Plan) << s << " -> " << dump(facts_of(s));
}

TEST(ExtractPeople, NothingFromQuestionsSmallTalkOrHypotheticals) {
    for (const char* s : {"Do you like hiking?", "What's my sister's name?", "Should I call Amy?", "hi", "lol ok", "thanks!",
                          "how are you?", "If I moved to Paris, I'd learn French.", "what's my boss called",
                          "do i have a dentist appointment tomorrow", "Where does my sister Rachel live?",
                          "is my friend Amy coming tonight?", "You said your sister is Amy.", "ok cool", "haha yeah"}) {
        auto fs = facts_of(s);
        EXPECT_TRUE(fs.empty()) << s << " -> " << dump(fs);
    }
}

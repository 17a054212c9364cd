// The extractor, table-driven: sentence -> the fact it must yield (kind,
// key, display text), for the user (second person) and for a named speaker
// (third person); sentences that must yield nothing; and supersession
// sequences through a real Memory.
#include "memory/extract.h"

#include "memory/memory.h"
#include "test_support.h"

using namespace os1::memory;
using os1::test::TempDir;

namespace {

constexpr int64_t T0 = 1683554160000;  // Mon 8 May 2023 13:56 UTC

struct Row {
    const char* sentence;
    FactKind kind;
    const char* key;
    const char* text;  // for speaker "user"
};

const Row ROWS[] = {
    // names and relations
    {"My sister Amy is visiting.", FactKind::Relation, "relation:sister:amy", "Your sister is Amy"},
    {"My sister is Amy.", FactKind::Relation, "relation:sister:amy", "Your sister is Amy"},
    {"Amy is my sister.", FactKind::Relation, "relation:sister:amy", "Your sister is Amy"},
    {"My husband, Tom, is a chef.", FactKind::Relation, "relation:husband", "Your husband is Tom"},
    {"My brother Tom", FactKind::Relation, "relation:brother:tom", "Your brother is Tom"},
    {"I walked my dog Rex.", FactKind::Relation, "relation:dog:rex", "Your dog is Rex"},
    {"My best friend is called Jo.", FactKind::Relation, "relation:best friend:jo", "Your best friend is Jo"},
    {"My name is Sam.", FactKind::Identity, "name", "Your name is Sam"},
    // likes and dislikes
    {"I love hiking.", FactKind::Like, "pref:hike", "You love hiking"},
    {"I can't stand cilantro.", FactKind::Dislike, "pref:cilantro", "You can't stand cilantro"},
    {"I'm not a fan of jazz.", FactKind::Dislike, "pref:jazz", "You are not a fan of jazz"},
    {"I don't like crowded bars.", FactKind::Dislike, "pref:crowd bar", "You don't like crowded bars"},
    {"My favorite color is green.", FactKind::Like, "favorite:color", "Your favorite color is green"},
    // fears and worries
    {"I'm scared of flying.", FactKind::Fear, "fear:fly", "You are afraid of flying"},
    {"I'm afraid of heights.", FactKind::Fear, "fear:height", "You are afraid of heights"},
    {"I'm worried about my exam.", FactKind::Fear, "worry:exam", "You are worried about your exam"},
    // hopes and plans
    {"I hope to visit Japan.", FactKind::Hope, "hope:visit japan", "You hope to visit Japan"},
    {"I'm planning to run a marathon.", FactKind::Plan, "plan:run marathon", "You plan to run a marathon"},
    {"Next month I'm going to start a new job.", FactKind::Plan, "plan:start new job",
     "You plan to start a new job (7 June 2023)"},
    {"I worry that I am failing.", FactKind::Fear, "worry:fail", "You are worried that you are failing"},
    {"I'm terrified of deep water.", FactKind::Fear, "fear:deep water", "You are afraid of deep water"},
    {"I'd love to visit Paris.", FactKind::Hope, "hope:visit paris", "You hope to visit Paris"},
    {"I'm going to paint the house next week.", FactKind::Plan, "plan:paint house next",
     "You plan to paint the house next week (15 May 2023)"},
    // places
    {"I live in Oslo.", FactKind::Place, "lives_in", "You live in Oslo"},
    {"I moved to Berlin last year.", FactKind::Place, "lives_in", "You live in Berlin"},
    {"I'm from Ohio.", FactKind::Place, "from", "You are from Ohio"},
    {"I don't live in Oslo anymore.", FactKind::Place, "lives_in", "You no longer live in Oslo"},
    {"I'm from Ohio, but I live in Oslo.", FactKind::Place, "lives_in", "You live in Oslo"},
    {"I'm from Ohio, but I live in Oslo.", FactKind::Place, "from", "You are from Ohio"},
    // jobs
    {"I got a job as a designer.", FactKind::Job, "job", "You work as a designer"},
    {"I'm a vegetarian.", FactKind::Identity, "identity:vegetarian", "You are a vegetarian"},
    {"I work as a nurse.", FactKind::Job, "job", "You work as a nurse"},
    {"I'm a teacher at Lincoln High.", FactKind::Job, "job", "You are a teacher at Lincoln High"},
    // dates and events with their time
    {"My exam is on Friday.", FactKind::Event, "when:exam", "Your exam is on Friday (12 May 2023)"},
    {"My birthday is May 3.", FactKind::Event, "birthday", "Your birthday is May 3"},
    {"I have a dentist appointment tomorrow at 5.", FactKind::Event, "when:dentist appointment",
     "You have a dentist appointment tomorrow at 5 (9 May 2023, 17:00)"},
    {"I went to a support group yesterday.", FactKind::Event, "event:go support group yesterday",
     "You went to a support group yesterday (7 May 2023)"},
    {"My interview is at 10 am tomorrow.", FactKind::Event, "when:interview",
     "Your interview is at 10 am tomorrow (9 May 2023, 10:00)"},
    {"I went to a concert on 3 May.", FactKind::Event, "event:go concert 3 may",
     "You went to a concert on 3 May (3 May 2023)"},
    {"I have a test on Monday.", FactKind::Event, "when:test", "You have a test on Monday (15 May 2023)"},
    // health
    {"I have a cold.", FactKind::Health, "health:cold", "You have a cold"},
    {"I was diagnosed with diabetes last year.", FactKind::Health, "health:diabetes",
     "You were diagnosed with diabetes last year"},
    {"Honestly I don't like jazz anymore.", FactKind::Dislike, "pref:jazz", "You no longer like jazz"},
    {"I hate jazz now.", FactKind::Dislike, "pref:jazz", "You hate jazz"},
    {"Tom is my husband and Amy is my sister.", FactKind::Relation, "relation:husband", "Your husband is Tom"},
    {"Tom is my husband and Amy is my sister.", FactKind::Relation, "relation:sister:amy", "Your sister is Amy"},
    {"I have asthma.", FactKind::Health, "health:asthma", "You have asthma"},
    {"I broke my arm.", FactKind::Health, "health:arm", "You broke your arm"},
    // routines
    {"I go to the gym every morning.", FactKind::Routine, "routine:go gym every", "You go to the gym every morning"},
    {"I usually walk the dog at 7.", FactKind::Routine, "routine:usually walk dog", "You usually walk the dog at 7"},
    // identity
    {"I'm 34 years old.", FactKind::Identity, "age", "You are 34 years old"},
};

std::string dump(const std::vector<Fact>& fs) {
    std::string s;
    for (auto& f : fs) s += os1::str("[", fact_kind_name(f.kind), " ", f.key, " = ", f.value, " | ", f.text, "] ");
    return s.empty() ? "(none)" : s;
}

const Fact* find_key(const std::vector<Fact>& fs, const std::string& key) {
    for (auto& f : fs)
        if (f.key == key) return &f;
    return nullptr;
}

}  // namespace

TEST(ExtractTable, EachSentenceYieldsItsFactInSecondPerson) {
    for (const auto& row : ROWS) {
        auto fs = extract_facts("user", row.sentence, T0, std::nullopt);
        const Fact* f = find_key(fs, row.key);
        ASSERT_TRUE(f) << row.sentence << " -> " << dump(fs);
        EXPECT_EQ(f->kind, row.kind) << row.sentence << " -> " << dump(fs);
        EXPECT_EQ(f->text, row.text) << row.sentence;
        EXPECT_EQ(f->subject, "user");
        EXPECT_EQ(f->valid_from_ms, T0);
        EXPECT_GT(f->confidence, 0.4);
        EXPECT_GT(f->importance, 0.0);
    }
}

TEST(ExtractTable, NamedSpeakersReadInThirdPerson) {
    const std::pair<const char*, const char*> CASES[] = {
        {"My sister is Amy.", "Caroline's sister is Amy"},
        {"I'm afraid of heights.", "Caroline is afraid of heights"},
        {"I love hiking.", "Caroline loves hiking"},
        {"I don't like crowded bars.", "Caroline doesn't like crowded bars"},
        {"I live in Oslo.", "Caroline lives in Oslo"},
        {"I have asthma.", "Caroline has asthma"},
        {"I go to the gym every morning.", "Caroline goes to the gym every morning"},
        {"I'm worried about my exam.", "Caroline is worried about their exam"},
        {"I hope to visit Japan.", "Caroline hopes to visit Japan"},
        {"I work as a nurse.", "Caroline works as a nurse"},
        {"I'm a teacher at Lincoln High.", "Caroline is a teacher at Lincoln High"},
    };
    for (auto& [sentence, text] : CASES) {
        auto fs = extract_facts("Caroline", sentence, T0, std::nullopt);
        // One fact each, but "a teacher at Lincoln High" also names the employer.
        ASSERT_EQ(fs.size(), std::string_view(sentence).find(" at ") == std::string_view::npos ? 1u : 2u)
            << sentence << " -> " << dump(fs);
        EXPECT_EQ(fs[0].text, text);
        EXPECT_EQ(fs[0].subject, "Caroline");
    }
}

TEST(ExtractTable, EventTimesResolveAgainstTheMessageTime) {
    auto appt = extract_facts("user", "I have a dentist appointment tomorrow at 5.", T0, std::nullopt);
    ASSERT_EQ(appt.size(), 1u) << dump(appt);
    EXPECT_EQ(appt[0].event_time_ms, 1683590400000 + 17 * 3600000LL);  // 9 May 2023 17:00
    auto exam = extract_facts("user", "My exam is on Friday.", T0, std::nullopt);
    ASSERT_EQ(exam.size(), 1u) << dump(exam);
    EXPECT_EQ(exam[0].event_time_ms, 1683849600000);  // Fri 12 May 2023
    auto bday = extract_facts("user", "My birthday is May 3.", T0, std::nullopt);
    ASSERT_EQ(bday.size(), 1u) << dump(bday);
    EXPECT_EQ(bday[0].event_time_ms, 1683072000000);  // 3 May 2023
    auto at730 = extract_facts("user", "I have an interview on Friday at 7:30 am.", T0, std::nullopt);
    ASSERT_EQ(at730.size(), 1u) << dump(at730);
    EXPECT_EQ(at730[0].event_time_ms, 1683849600000 + (7 * 60 + 30) * 60000LL);
}

TEST(ExtractTable, WeightsAreSensible) {
    auto fear = extract_facts("user", "I'm terrified of dogs.", T0, std::nullopt);
    auto like = extract_facts("user", "I like tea.", T0, std::nullopt);
    auto job = extract_facts("user", "I work as a nurse.", T0, std::nullopt);
    ASSERT_EQ(fear.size(), 1u);
    ASSERT_EQ(like.size(), 1u);
    ASSERT_EQ(job.size(), 1u);
    EXPECT_GT(fear[0].emotional_weight, like[0].emotional_weight);
    EXPECT_GT(fear[0].emotional_weight, job[0].emotional_weight);
    EXPECT_GT(job[0].importance, like[0].importance);
    auto will = extract_facts("user", "I will paint the fence.", T0, std::nullopt);
    auto plan = extract_facts("user", "I'm planning to paint the fence.", T0, std::nullopt);
    ASSERT_EQ(will.size(), 1u);
    ASSERT_EQ(plan.size(), 1u);
    EXPECT_LT(will[0].confidence, plan[0].confidence);
}

TEST(ExtractTable, QuestionsAndHypotheticalsYieldNothing) {
    for (const char* s : {"Do you like jazz?", "Is my sister coming?", "If I lived in Paris, I would eat croissants.",
                          "What if I moved to Berlin?", "Do you think I love hiking", "Am I afraid of heights?",
                          "Suppose I work as a nurse.", "My sisters are great.", "I love it!", "I like that.",
                          "my sister is sick", "Hmm... why did I move to Berlin?", "I'm going to bed.", "I think I will go.",
                          "I have a meeting.", "I have a question.", "I love you", "I'm a bit tired.",
                          "Imagine I lived in Rome.", "I used to live in Paris.", "My mom is a nurse."}) {
        auto fs = extract_facts("user", s, T0, std::nullopt);
        EXPECT_TRUE(fs.empty()) << s << " -> " << dump(fs);
    }
    // A statement next to a question still counts.
    auto fs = extract_facts("user", "Do you like jazz? I love jazz.", T0, std::nullopt);
    ASSERT_EQ(fs.size(), 1u) << dump(fs);
    EXPECT_EQ(fs[0].key, "pref:jazz");
    // A tag question is a statement.
    fs = extract_facts("user", "I moved to Berlin, remember?", T0, std::nullopt);
    ASSERT_EQ(fs.size(), 1u) << dump(fs);
    EXPECT_EQ(fs[0].value, "Berlin");
    EXPECT_TRUE(extract_facts("user", "Do you like jazz, right?", T0, std::nullopt).empty());
    // The hypothetical clause is dropped, the real one kept.
    fs = extract_facts("user", "I live in Oslo, but if I moved to Paris I'd be happier.", T0, std::nullopt);
    ASSERT_EQ(fs.size(), 1u) << dump(fs);
    EXPECT_EQ(fs[0].value, "Oslo");
}

TEST(ExtractTable, SingleValuedSlots) {
    EXPECT_TRUE(single_valued("lives_in"));
    EXPECT_TRUE(single_valued("when:exam"));
    EXPECT_TRUE(single_valued("relation:husband"));
    EXPECT_FALSE(single_valued("relation:sister:amy"));
    EXPECT_FALSE(single_valued("pref:jazz"));
}

// Supersession through the real store.
namespace {

struct Said {
    const char* text;
    int64_t day;  // days after T0
};

std::vector<Fact> after(const std::vector<Said>& said, std::vector<Fact>* history = nullptr) {
    TempDir dir;
    auto m = Memory::open_at(dir.path() / "m.db");
    EXPECT_TRUE(m.ok());
    for (auto& s : said) EXPECT_TRUE((*m)->add_episode({.speaker = "user", .text = s.text, .time_ms = T0 + s.day * 86400000LL}).ok());
    if (history) *history = *(*m)->facts(true);
    return *(*m)->facts(false);
}

}  // namespace

TEST(ExtractTable, MovingClosesTheOldPlace) {
    std::vector<Fact> all;
    auto cur = after({{"I live in Oslo.", 0}, {"I moved to Berlin.", 30}}, &all);
    ASSERT_EQ(cur.size(), 1u) << dump(cur);
    EXPECT_EQ(cur[0].value, "Berlin");
    ASSERT_EQ(all.size(), 2u);
    const Fact* oslo = nullptr;
    for (auto& f : all)
        if (f.value == "Oslo") oslo = &f;
    ASSERT_TRUE(oslo);
    EXPECT_EQ(oslo->valid_to_ms, T0 + 30 * 86400000LL);
    EXPECT_EQ(oslo->superseded_by, cur[0].id);
}

TEST(ExtractTable, PreferenceFlipSupersedes) {
    auto cur = after({{"I love jazz.", 0}, {"I hate jazz now.", 1}});
    ASSERT_EQ(cur.size(), 1u) << dump(cur);
    EXPECT_EQ(cur[0].kind, FactKind::Dislike);
    EXPECT_EQ(cur[0].text, "You hate jazz");
}

TEST(ExtractTable, UnrelatedFactsAreBothKept) {
    auto cur = after({{"My sister Amy is great.", 0}, {"My sister Beth is visiting.", 1}, {"I love jazz.", 2},
                      {"I love hiking.", 3}});
    EXPECT_EQ(cur.size(), 4u) << dump(cur);
}

TEST(ExtractTable, NegationClosesTheFact) {
    std::vector<Fact> all;
    auto cur = after({{"I live in Oslo.", 0}, {"I don't live in Oslo anymore.", 5}}, &all);
    ASSERT_EQ(cur.size(), 1u) << dump(cur);
    EXPECT_EQ(cur[0].text, "You no longer live in Oslo");
    EXPECT_EQ(all.size(), 2u);
    cur = after({{"I'm afraid of dogs.", 0}, {"I'm not afraid of dogs anymore.", 5}});
    ASSERT_EQ(cur.size(), 1u) << dump(cur);
    EXPECT_EQ(cur[0].value, "no");
    EXPECT_EQ(cur[0].text, "You are no longer afraid of dogs");
}

TEST(ExtractTable, RestatingAddsNoNewFact) {
    std::vector<Fact> all;
    auto cur = after({{"I live in Oslo.", 0}, {"I still live in Oslo.", 3}}, &all);
    EXPECT_EQ(cur.size(), 1u);
    EXPECT_EQ(all.size(), 1u) << dump(all);
}

TEST(ExtractTable, RescheduledEventSupersedes) {
    auto cur = after({{"My exam is on Friday.", 0}, {"My exam is on Monday.", 1}});
    ASSERT_EQ(cur.size(), 1u) << dump(cur);
    EXPECT_NE(cur[0].text.find("Monday"), std::string::npos) << cur[0].text;
}

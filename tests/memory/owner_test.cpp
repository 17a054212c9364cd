// Owners: two people in one database. Whatever one does — remember, search,
// list, show, forget, export, import, reflect, mood — never reads or changes
// the other's memory, and an id of one is "not found" for the other.
#include <algorithm>
#include <fstream>

#include "memory/memory.h"
#include "test_support.h"

using namespace os1;
using namespace os1::memory;
using os1::test::TempDir;

namespace {

constexpr int64_t T0 = 1683554160000;  // 2023-05-08T13:56:00Z

std::unique_ptr<Memory> open_as(const TempDir& dir, const std::string& owner) {
    MemoryOptions o;
    o.owner = owner;
    auto m = Memory::open_at(dir / "os1.db", o);
    EXPECT_TRUE(m) << m.error().message;
    return m ? std::move(*m) : nullptr;
}

Episode said(std::string text, int64_t t, std::string id = "", std::string speaker = "user") {
    Episode e{.speaker = std::move(speaker), .text = std::move(text), .time_ms = t, .session = "s1", .external_id = std::move(id)};
    if (e.speaker == "user") e.affect = Affect{-0.6, 0.5, "sadness", ""};
    return e;
}

bool any_text(const std::vector<Hit>& hits, const std::string& needle) {
    return std::any_of(hits.begin(), hits.end(), [&](const Hit& h) { return h.text.find(needle) != std::string::npos; });
}

// Amy and Ben each tell their companion about a sister, with the same
// message ids and the same session name.
struct TwoOwners {
    TempDir dir;
    std::unique_ptr<Memory> amy = open_as(dir, "amy");
    std::unique_ptr<Memory> ben = open_as(dir, "ben");
    AddResult amy_sister, ben_sister;

    TwoOwners() {
        amy_sister = *amy->add_episode(said("My sister Rachel is a pilot in Oslo.", T0, "m1"));
        EXPECT_TRUE(amy->add_episode(said("I'll remember that your sister Rachel is a pilot.", T0 + 1, "", "os1")));
        EXPECT_TRUE(amy->add_episode(said("I love gardening on Sundays.", T0 + 2, "m2")));
        ben_sister = *ben->add_episode(said("My sister Monica is a chef in Lisbon.", T0 + 3, "m1"));
        EXPECT_TRUE(ben->add_episode(said("I'll remember that your sister Monica is a chef.", T0 + 4, "", "os1")));
        EXPECT_TRUE(amy->reflect());
        EXPECT_TRUE(ben->reflect());
    }
};

}  // namespace

TEST(Owners, EachSeesOnlyTheirOwnMessagesFactsAndNotes) {
    TwoOwners t;
    ASSERT_FALSE(t.amy_sister.facts.empty());
    ASSERT_FALSE(t.ben_sister.facts.empty());
    EXPECT_EQ(*t.amy->episode_count(), 3);
    EXPECT_EQ(*t.ben->episode_count(), 2);
    for (auto& e : t.ben->recent_episodes("", 100).value_or({})) EXPECT_EQ(e.episode.text.find("Rachel"), std::string::npos) << e.episode.text;
    for (auto& e : t.ben->recent_episodes("s1", 100).value_or({})) EXPECT_EQ(e.episode.text.find("Rachel"), std::string::npos);
    for (auto& f : t.ben->facts(true).value_or({})) EXPECT_EQ(f.text.find("Rachel"), std::string::npos) << f.text;
    for (auto& f : t.amy->facts(true).value_or({})) EXPECT_EQ(f.text.find("Monica"), std::string::npos) << f.text;
    // The same session name makes one summary each, of their own words.
    auto amy_notes = *t.amy->summaries(), ben_notes = *t.ben->summaries();
    ASSERT_EQ(amy_notes.size(), 1u);
    ASSERT_EQ(ben_notes.size(), 1u);
    EXPECT_EQ(amy_notes[0].scope, ben_notes[0].scope);
    EXPECT_NE(amy_notes[0].id, ben_notes[0].id);
    EXPECT_EQ(amy_notes[0].text.find("Monica"), std::string::npos) << amy_notes[0].text;
    EXPECT_EQ(ben_notes[0].text.find("Rachel"), std::string::npos) << ben_notes[0].text;
    EXPECT_EQ(ben_notes[0].text.find("gardening"), std::string::npos) << ben_notes[0].text;
    for (auto& n : t.ben->profile().value_or({})) EXPECT_EQ(n.text.find("Rachel"), std::string::npos) << n.text;
    ASSERT_FALSE(t.ben->profile()->empty());
}

TEST(Owners, SearchFindsOnlyTheSearchersMemory) {
    TwoOwners t;
    for (const char* q : {"sister", "Who is Rachel?", "pilot Oslo", "gardening Sundays", "what did I say last week"}) {
        auto hits = t.ben->search(q, 20, {.now_ms = T0 + 86400000});
        ASSERT_TRUE(hits) << hits.error().message;
        EXPECT_FALSE(any_text(*hits, "Rachel")) << q;
        EXPECT_FALSE(any_text(*hits, "gardening")) << q;
    }
    EXPECT_TRUE(any_text(*t.ben->search("sister", 20), "Monica"));
    EXPECT_TRUE(any_text(*t.amy->search("sister", 20), "Rachel"));
    EXPECT_FALSE(any_text(*t.amy->search("Monica chef Lisbon", 20), "Monica"));
    // A period ("in May 2023") is resolved over one's own messages only.
    auto in_may = *t.ben->search("what happened in May 2023", 20, {.now_ms = T0 + 86400000});
    EXPECT_FALSE(any_text(in_may, "Rachel"));
}

TEST(Owners, ShowAndForgetOfAnotherOwnersIdIsNotFound) {
    TwoOwners t;
    const int64_t amy_msg = t.amy_sister.id, amy_fact = t.amy_sister.facts[0].id;
    const int64_t amy_note = t.amy->summaries()->at(0).id;
    const auto amy_facts = *t.amy->facts(true);
    EXPECT_FALSE(t.ben->episode(amy_msg)->has_value());
    EXPECT_TRUE(t.amy->episode(amy_msg)->has_value());
    // The same message id in both: each finds their own.
    EXPECT_NE(t.ben->episode_by_external_id("m1")->value().episode.text.find("Monica"), std::string::npos);
    EXPECT_FALSE(t.ben->episode_by_external_id("m2")->has_value());
    for (std::string ref : {str("e", amy_msg), str("f", amy_fact), str("s", amy_note), std::string("m2")}) {
        auto r = t.ben->forget(ref);
        ASSERT_FALSE(r) << ref;
        EXPECT_EQ(r.error().code, ErrorCode::NotFound) << ref << ": " << r.error().message;
    }
    // Nothing of Amy's changed.
    EXPECT_EQ(*t.amy->episode_count(), 3);
    EXPECT_EQ(t.amy->facts(true)->size(), amy_facts.size());
    EXPECT_TRUE(any_text(*t.amy->search("sister", 20), "Rachel"));
    EXPECT_EQ(t.amy->summaries()->size(), 1u);
    EXPECT_TRUE(t.amy->episode_by_external_id("m2")->has_value());
}

TEST(Owners, ForgettingTheSameWordsLeavesTheOtherOwnersCopy) {
    TempDir dir;
    auto amy = open_as(dir, "amy"), ben = open_as(dir, "ben");
    // Both say the same thing; the companion replies the same to both.
    for (auto* m : {amy.get(), ben.get()}) {
        ASSERT_TRUE(m->add_episode(said("My brother Tom lives in Berlin.", T0, "x")));
        ASSERT_TRUE(m->add_episode(said("I'll remember that your brother Tom lives in Berlin.", T0 + 1, "", "os1")));
        ASSERT_TRUE(m->add_episode(said("Elsewhere: your brother Tom lives in Berlin, you said.", T0 + 2, "", "os1")));
        ASSERT_TRUE(m->reflect());
    }
    const auto ben_facts = *ben->facts(true);
    const auto ben_profile = *ben->profile();
    auto r = amy->forget("x");
    ASSERT_TRUE(r) << r.error().message;
    EXPECT_FALSE(r->facts.empty());
    EXPECT_FALSE(r->replies.empty());
    EXPECT_EQ(*amy->episode_count(), 0);
    EXPECT_FALSE(any_text(*amy->search("brother Tom Berlin", 20), "Tom"));
    // Ben's copy is whole: messages, replies, facts, profile, summary, search.
    EXPECT_EQ(*ben->episode_count(), 3);
    auto after = *ben->facts(true);
    ASSERT_EQ(after.size(), ben_facts.size());
    for (size_t i = 0; i < after.size(); i++) EXPECT_EQ(after[i].text, ben_facts[i].text);
    EXPECT_EQ(ben->profile()->size(), ben_profile.size());
    EXPECT_EQ(ben->summaries()->size(), 1u);
    EXPECT_TRUE(any_text(*ben->search("brother Tom Berlin", 20), "Tom"));
}

TEST(Owners, ExportHoldsOnlyTheExportersMemory) {
    TwoOwners t;
    auto amy = *t.amy->export_json(), ben = *t.ben->export_json();
    EXPECT_NE(amy.find("Rachel"), std::string::npos);
    EXPECT_EQ(amy.find("Monica"), std::string::npos);
    EXPECT_NE(ben.find("Monica"), std::string::npos);
    EXPECT_EQ(ben.find("Rachel"), std::string::npos);
    EXPECT_EQ(ben.find("gardening"), std::string::npos);
}

TEST(Owners, ImportIsCheckedAgainstTheImportersIdsOnly) {
    TwoOwners t;
    auto file = t.dir / "in.jsonl";
    {
        std::ofstream out(file);
        out << R"({"id":"m2","speaker":"user","text":"I started learning the cello.","time":"2023-05-09"})" << "\n"
            << R"({"id":"m1","speaker":"user","text":"My sister Monica is a chef.","time":"2023-05-09"})" << "\n";
    }
    // m2 is Amy's id, not Ben's: imported; m1 is Ben's own: a duplicate.
    auto r = t.ben->import_jsonl(file);
    ASSERT_TRUE(r) << r.error().message;
    EXPECT_EQ(r->imported, 1);
    EXPECT_EQ(r->duplicates, 1);
    EXPECT_NE(t.ben->episode_by_external_id("m2")->value().episode.text.find("cello"), std::string::npos);
    EXPECT_NE(t.amy->episode_by_external_id("m2")->value().episode.text.find("gardening"), std::string::npos);
    EXPECT_EQ(*t.amy->episode_count(), 3);
    EXPECT_FALSE(any_text(*t.amy->search("cello", 20), "cello"));
}

TEST(Owners, MoodTimelineIsTheOwnersOwn) {
    TwoOwners t;
    auto amy = *t.amy->mood_samples(0), ben = *t.ben->mood_samples(0);
    EXPECT_EQ(amy.size(), 2u);  // Amy's two messages (the companion's carry no affect)
    ASSERT_EQ(ben.size(), 1u);
    EXPECT_EQ(ben[0].episode_id, t.ben_sister.id);
}

TEST(Owners, OwnerIdsAreChecked) {
    TempDir dir;
    for (std::string bad : {std::string(), std::string(129, 'a'), std::string("amy\nben"), std::string("a\tb"),
                            std::string("\x7f"), std::string("\xff\xfe"), std::string(" amy"), std::string("amy ")}) {
        MemoryOptions o;
        o.owner = bad;
        auto m = Memory::open_at(dir / "os1.db", o);
        ASSERT_FALSE(m) << "'" << bad << "'";
        EXPECT_EQ(m.error().code, ErrorCode::Invalid);
        EXPECT_FALSE(check_owner(bad));
    }
    for (std::string good : {std::string("local"), std::string(128, 'a'), std::string("amy@example.org"),
                             std::string("Zoë"), std::string("amy's 2nd")})
        EXPECT_TRUE(check_owner(good)) << good;
    EXPECT_EQ(MemoryOptions{}.owner, "local");
}

TEST(Owners, TheDefaultOwnerIsTheLocalPerson) {
    TempDir dir;
    {
        auto m = Memory::open_at(dir / "os1.db");
        ASSERT_TRUE(m);
        ASSERT_TRUE((*m)->add_episode(said("I like jazz.", T0)));
    }
    EXPECT_EQ(*open_as(dir, "local")->episode_count(), 1);
    EXPECT_EQ(*open_as(dir, "Local")->episode_count(), 0);  // ids are exact
}

// Correcting a fact (Memory::correct_fact): the person's words become the
// current version, the old one stays in history with its sources, the chain
// is one (versions, forget), bad corrections change nothing, and another
// owner's facts cannot be corrected.
#include "core/json.h"
#include "memory/memory.h"
#include "test_support.h"

using namespace os1;
using namespace os1::memory;
using os1::test::TempDir;

namespace {

constexpr int64_t CORRECT_T0 = 1683554160000;  // 2023-05-08T13:56:00Z

std::unique_ptr<Memory> correct_open(const TempDir& dir, const std::string& owner = "local") {
    MemoryOptions options;
    options.owner = owner;
    auto m = Memory::open_at(dir / "os1.db", options);
    EXPECT_TRUE(m) << m.error().message;
    return m ? m.release_value() : nullptr;
}

Episode correct_said(std::string text, int64_t t) { return Episode{"user", std::move(text), t, "s1", "", std::nullopt}; }

// The current fact whose value is `value`.
std::optional<Fact> correct_find(Memory& m, const std::string& value) {
    for (auto& f : m.facts().value_or({}))
        if (f.value == value) return f;
    return std::nullopt;
}

}  // namespace

TEST(CorrectFact, TheCorrectionIsCurrentAndTheOldVersionStaysWithItsSources) {
    TempDir dir;
    auto m = correct_open(dir);
    ASSERT_TRUE(m->add_episode(correct_said("My sister Amy lives in Seattle.", CORRECT_T0)));
    auto amy = correct_find(*m, "Amy");
    ASSERT_TRUE(amy) << "no fact with value Amy";
    ASSERT_NE(amy->text.find("Amy"), std::string::npos) << amy->text;
    ASSERT_FALSE(amy->sources.empty());
    EXPECT_EQ(amy->origin, FACT_FROM_RULES);

    std::string text = amy->text;
    text.replace(text.find("Amy"), 3, "Amelia");
    auto r = m->correct_fact(amy->id, {.text = "  " + text + " ", .time_ms = CORRECT_T0 + 1000});
    ASSERT_TRUE(r) << r.error().message;
    EXPECT_EQ(r->after.text, text);
    EXPECT_EQ(r->after.value, "Amelia");  // the part that changed
    EXPECT_EQ(r->after.key, amy->key);
    EXPECT_EQ(r->after.kind, amy->kind);
    EXPECT_EQ(r->after.origin, FACT_FROM_PERSON);
    EXPECT_DOUBLE_EQ(r->after.confidence, 1.0);
    EXPECT_TRUE(r->after.sources.empty());
    EXPECT_EQ(r->after.valid_to_ms, 0);
    EXPECT_EQ(r->before.id, amy->id);
    EXPECT_EQ(r->before.valid_to_ms, CORRECT_T0 + 1000);
    EXPECT_EQ(r->before.superseded_by, r->after.id);
    EXPECT_EQ(r->before.sources, amy->sources);

    // Current facts show the correction only; history keeps both.
    EXPECT_FALSE(correct_find(*m, "Amy"));
    ASSERT_TRUE(correct_find(*m, "Amelia"));
    int in_history = 0;
    for (auto& f : m->facts(true).value_or({})) in_history += f.id == amy->id || f.id == r->after.id;
    EXPECT_EQ(in_history, 2);
    auto versions = m->fact_versions(r->after.id);
    ASSERT_TRUE(versions);
    ASSERT_EQ(versions->size(), 2u);
    EXPECT_EQ((*versions)[0].id, amy->id);
    EXPECT_EQ((*versions)[1].id, r->after.id);
    EXPECT_EQ(m->fact_versions(amy->id)->size(), 2u);

    // Recall finds the corrected words; the export says who corrected it.
    auto hits = m->search("Amelia", 5);
    ASSERT_TRUE(hits);
    bool found = false;
    for (auto& h : *hits) found = found || (h.kind == HitKind::Fact && h.id == r->after.id);
    EXPECT_TRUE(found);
    auto exported = m->export_json();
    ASSERT_TRUE(exported);
    auto doc = parse_json(*exported);
    ASSERT_TRUE(doc);
    int corrections = 0;
    for (const auto& f : (*doc)["facts"]) corrections += f.value("origin", "") == "person";
    EXPECT_EQ(corrections, 1);

    // Forgetting the correction takes the whole chain, the old version too.
    ASSERT_TRUE(m->forget("f" + std::to_string(r->after.id)));
    for (auto& f : m->facts(true).value_or({})) {
        EXPECT_NE(f.id, amy->id);
        EXPECT_NE(f.id, r->after.id);
    }
}

TEST(CorrectFact, AProfileEntryListsTheCorrectionAndALaterMessageStillWins) {
    TempDir dir;
    auto m = correct_open(dir);
    ASSERT_TRUE(m->add_episode(correct_said("I live in Oslo.", CORRECT_T0)));
    ASSERT_TRUE(m->reflect());
    auto oslo = correct_find(*m, "Oslo");
    ASSERT_TRUE(oslo);
    std::string text = oslo->text;
    text.replace(text.find("Oslo"), 4, "Bergen");
    auto r = m->correct_fact(oslo->id, {.text = text, .time_ms = CORRECT_T0 + 1});
    ASSERT_TRUE(r) << r.error().message;
    bool says_bergen = false, says_oslo = false;
    for (auto& n : m->profile().value_or({})) {
        says_bergen = says_bergen || n.text.find("Bergen") != std::string::npos;
        says_oslo = says_oslo || n.text.find("Oslo") != std::string::npos;
    }
    EXPECT_TRUE(says_bergen);
    EXPECT_FALSE(says_oslo);
    // Saying it again later supersedes the correction like any fact.
    ASSERT_TRUE(m->add_episode(correct_said("I live in Tromso.", CORRECT_T0 + 2)));
    EXPECT_FALSE(correct_find(*m, "Bergen"));
    EXPECT_TRUE(correct_find(*m, "Tromso"));
    EXPECT_EQ(m->fact_versions(oslo->id)->size(), 3u);
}

TEST(CorrectFact, BadCorrectionsChangeNothing) {
    TempDir dir;
    auto m = correct_open(dir);
    ASSERT_TRUE(m->add_episode(correct_said("I live in Oslo.", CORRECT_T0)));
    auto oslo = correct_find(*m, "Oslo");
    ASSERT_TRUE(oslo);
    const auto before = m->export_json();

    auto empty = m->correct_fact(oslo->id, {.text = "   "});
    ASSERT_FALSE(empty);
    EXPECT_EQ(empty.error().code, ErrorCode::Invalid);
    auto same = m->correct_fact(oslo->id, {.text = oslo->text});
    ASSERT_FALSE(same);
    EXPECT_EQ(same.error().code, ErrorCode::Invalid);
    auto huge = m->correct_fact(oslo->id, {.text = std::string(MAX_FACT_TEXT_BYTES + 1, 'a')});
    ASSERT_FALSE(huge);
    EXPECT_EQ(huge.error().code, ErrorCode::OutOfRange);
    auto missing = m->correct_fact(oslo->id + 1000, {.text = "You live in Bergen"});
    ASSERT_FALSE(missing);
    EXPECT_EQ(missing.error().code, ErrorCode::NotFound);
    EXPECT_EQ(m->export_json().value_or(""), before.value_or("?"));

    // An older version: the message names the current one.
    auto r = m->correct_fact(oslo->id, {.text = "You live in Bergen"});
    ASSERT_TRUE(r);
    auto old = m->correct_fact(oslo->id, {.text = "You live in Trondheim"});
    ASSERT_FALSE(old);
    EXPECT_EQ(old.error().code, ErrorCode::Invalid);
    EXPECT_NE(old.error().message.find("f" + std::to_string(r->after.id)), std::string::npos) << old.error().message;
    // Invalid UTF-8 is repaired, never stored broken.
    auto repaired = m->correct_fact(r->after.id, {.text = "You live in Berg\xff" "en"});
    ASSERT_TRUE(repaired);
    EXPECT_EQ(repaired->after.text, "You live in Berg\xEF\xBF\xBD" "en");
}

TEST(CorrectFact, AnotherOwnersFactCannotBeCorrected) {
    TempDir dir;
    auto ann = correct_open(dir, "ann");
    auto bob = correct_open(dir, "bob");
    ASSERT_TRUE(ann->add_episode(correct_said("I live in Oslo.", CORRECT_T0)));
    auto oslo = correct_find(*ann, "Oslo");
    ASSERT_TRUE(oslo);
    auto r = bob->correct_fact(oslo->id, {.text = "You live in Bergen"});
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, ErrorCode::NotFound);
    EXPECT_FALSE(bob->fact_versions(oslo->id));
    EXPECT_TRUE(correct_find(*ann, "Oslo"));
    EXPECT_TRUE(bob->facts(true).value_or({}).empty());
}

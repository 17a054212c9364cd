// The deterministic extractor: what it finds, and what it must not invent.
#include "memory/extract.h"

#include "test_support.h"

using namespace os1::memory;

namespace {

std::vector<Fact> facts_of(const std::string& text, int64_t t = 1683554160000) {
    return extract_facts("user", text, t, std::nullopt);
}

const Fact* with_key(const std::vector<Fact>& fs, const std::string& key) {
    for (auto& f : fs)
        if (f.key == key) return &f;
    return nullptr;
}

}  // namespace

TEST(Extract, NamedRelations) {
    auto fs = facts_of("My sister Amy is visiting, and my husband is called Tom.");
    auto amy = with_key(fs, "relation:sister:amy");
    ASSERT_TRUE(amy);
    EXPECT_EQ(amy->value, "Amy");
    EXPECT_EQ(amy->kind, FactKind::Relation);
    EXPECT_EQ(amy->text, "Your sister is Amy");
    auto tom = with_key(fs, "relation:husband");
    ASSERT_TRUE(tom);
    EXPECT_EQ(tom->value, "Tom");
    EXPECT_TRUE(single_valued("relation:husband"));
    EXPECT_FALSE(single_valued("relation:sister:amy"));
}

TEST(Extract, LikesDislikesAndNegation) {
    auto fs = facts_of("I really love hiking in the mountains. I don't like crowded bars.");
    auto hike = with_key(fs, "pref:hike mountain");
    ASSERT_TRUE(hike) << (fs.empty() ? "none" : fs[0].key);
    EXPECT_EQ(hike->value, "yes");
    EXPECT_EQ(hike->kind, FactKind::Like);
    auto bars = with_key(fs, "pref:crowd bar");
    ASSERT_TRUE(bars);
    EXPECT_EQ(bars->value, "no");
    EXPECT_EQ(bars->kind, FactKind::Dislike);
}

TEST(Extract, FearsHopesPlacesJobsHealthRoutines) {
    auto fs = facts_of(
        "I'm scared of flying. I hope to run a marathon. I live in Oslo. I work as a nurse. "
        "I have asthma. I go swimming every morning.");
    std::vector<FactKind> kinds;
    for (auto& f : fs) kinds.push_back(f.kind);
    for (auto k : {FactKind::Fear, FactKind::Hope, FactKind::Place, FactKind::Job, FactKind::Health, FactKind::Routine})
        EXPECT_NE(std::find(kinds.begin(), kinds.end(), k), kinds.end()) << fact_kind_name(k);
    auto place = with_key(fs, "lives_in");
    ASSERT_TRUE(place);
    EXPECT_EQ(place->value, "Oslo");
    auto fear = with_key(fs, "fear:fly");
    ASSERT_TRUE(fear);
    EXPECT_GT(fear->emotional_weight, 0.5);
}

TEST(Extract, EventsCarryTheirTime) {
    int64_t t = 1683554160000;  // 2023-05-08
    auto fs = facts_of("I went to a support group yesterday.", t);
    ASSERT_EQ(fs.size(), 1u);
    EXPECT_EQ(fs[0].kind, FactKind::Event);
    EXPECT_EQ(fs[0].event_time_ms, 1683417600000);  // 2023-05-07
    EXPECT_NE(fs[0].text.find("7 May 2023"), std::string::npos) << fs[0].text;
}

TEST(Extract, NothingFromSmallTalkOrOthersLives) {
    EXPECT_TRUE(facts_of("Hey! How are you doing today?").empty());
    EXPECT_TRUE(facts_of("That's so cool, thanks for sharing.").empty());
    EXPECT_TRUE(facts_of("You love hiking, right?").empty());
    EXPECT_TRUE(facts_of("").empty());
    EXPECT_TRUE(facts_of("I love it!").empty());
}

// Memory: durable episodes, facts with provenance and history, recall,
// reflection, forget, export/import, and bad input on purpose.
#include "memory/memory.h"

#include <fstream>
#include <thread>

#include "core/json.h"
#include "store/database.h"
#include "test_support.h"

using namespace os1;
using namespace os1::memory;
using os1::test::TempDir;

namespace {

constexpr int64_t DAY = 86'400'000;
constexpr int64_t T0 = 1683554160000;  // 2023-05-08T13:56:00Z

std::unique_ptr<Memory> open_mem(const TempDir& dir, MemoryOptions opt = {}) {
    auto m = Memory::open_at(dir / "os1.db", opt);
    EXPECT_TRUE(m) << m.error().message;
    return m ? m.release_value() : nullptr;
}

Episode said(std::string text, int64_t t, std::string id = "", std::string speaker = "user", std::string session = "s1") {
    return Episode{std::move(speaker), std::move(text), t, std::move(session), std::move(id), std::nullopt};
}

bool has_source(const Hit& h, const std::string& id) {
    return std::find(h.sources.begin(), h.sources.end(), id) != h.sources.end();
}

}  // namespace

TEST(Memory, StoresEpisodesDurablyWithIds) {
    TempDir dir;
    {
        auto m = open_mem(dir);
        auto r = m->add_episode(said("Hello there", T0, "m1"));
        ASSERT_TRUE(r) << r.error().message;
        EXPECT_GT(r->id, 0);
        ASSERT_TRUE(m->add_episode(said("Second message", T0 + 1000)));
    }
    auto m = open_mem(dir);  // reopened: still there
    auto recent = m->recent_episodes("s1", 10);
    ASSERT_TRUE(recent);
    ASSERT_EQ(recent->size(), 2u);
    EXPECT_EQ((*recent)[0].episode.text, "Hello there");
    EXPECT_EQ((*recent)[0].episode.external_id, "m1");
    EXPECT_EQ((*recent)[1].episode.time_ms, T0 + 1000);
    // The same external id twice is refused, not silently duplicated.
    auto dup = m->add_episode(said("again", T0, "m1"));
    ASSERT_FALSE(dup);
    EXPECT_NE(dup.error().message.find("m1"), std::string::npos);
    EXPECT_EQ(*m->episode_count(), 2);
    EXPECT_FALSE(m->add_episode(said("", T0)));
}

TEST(Memory, ContradictionSupersedesAndKeepsHistory) {
    TempDir dir;
    auto m = open_mem(dir);
    auto a = m->add_episode(said("I live in Oslo these days.", T0, "a"));
    ASSERT_TRUE(a);
    ASSERT_EQ(a->facts.size(), 1u);
    int64_t oslo = a->facts[0].id;
    auto b = m->add_episode(said("Big news: I moved to Berlin!", T0 + 30 * DAY, "b"));
    ASSERT_TRUE(b);
    ASSERT_EQ(b->superseded, std::vector<int64_t>{oslo});
    auto current = m->facts(false);
    ASSERT_EQ(current->size(), 1u);
    EXPECT_EQ((*current)[0].value, "Berlin");
    EXPECT_EQ((*current)[0].sources, std::vector<std::string>{"b"});
    auto all = m->facts(true);
    ASSERT_EQ(all->size(), 2u);
    const Fact& old = (*all)[0];
    EXPECT_EQ(old.value, "Oslo");
    EXPECT_EQ(old.valid_from_ms, T0);
    EXPECT_EQ(old.valid_to_ms, T0 + 30 * DAY);
    EXPECT_EQ(old.superseded_by, (*current)[0].id);
    // Preference flips too.
    ASSERT_TRUE(m->add_episode(said("I love jazz.", T0 + DAY)));
    auto flip = m->add_episode(said("Honestly I don't like jazz anymore.", T0 + 40 * DAY));
    ASSERT_TRUE(flip);
    EXPECT_EQ(flip->superseded.size(), 1u);
    // Restating is not a contradiction: one fact, two sources.
    ASSERT_TRUE(m->add_episode(said("I moved to Berlin, remember?", T0 + 41 * DAY, "c")));
    auto now = m->facts(false);
    int berlin = 0;
    for (auto& f : *now)
        if (f.key == "lives_in") {
            berlin++;
            EXPECT_EQ(f.sources, (std::vector<std::string>{"b", "c"}));
        }
    EXPECT_EQ(berlin, 1);
}

TEST(Memory, AssistantWordsAreNotFactsAboutThePerson) {
    TempDir dir;
    auto m = open_mem(dir);
    auto r = m->add_episode(said("I love helping you!", T0, "", "os1"));
    ASSERT_TRUE(r);
    EXPECT_TRUE(r->facts.empty());
}

TEST(Memory, SearchRanksAndCitesSources) {
    TempDir dir;
    auto m = open_mem(dir);
    ASSERT_TRUE(m->add_episode(said("My sister Amy just adopted a puppy named Biscuit.", T0, "d1")));
    ASSERT_TRUE(m->add_episode(said("Work was long today, lots of meetings.", T0 + 1000, "d2")));
    ASSERT_TRUE(m->add_episode(said("I'm scared of flying to the conference.", T0 + 2000, "d3")));
    auto hits = m->search("what is my sister's dog called?", 5);
    ASSERT_TRUE(hits) << hits.error().message;
    ASSERT_FALSE(hits->empty());
    EXPECT_TRUE(has_source((*hits)[0], "d1")) << (*hits)[0].text;
    for (size_t i = 1; i < hits->size(); i++) EXPECT_GE((*hits)[i - 1].score, (*hits)[i].score);
    // Synonyms and lemmas: "afraid" finds "scared", "planes" nothing odd.
    auto fear = m->search("is she afraid of planes", 3);
    ASSERT_TRUE(fear && !fear->empty());
    EXPECT_TRUE(has_source((*fear)[0], "d3"));
    // Nothing matches: an empty list, not an error.
    auto none = m->search("quantum chromodynamics", 5);
    ASSERT_TRUE(none);
    EXPECT_TRUE(none->empty());
    auto stop = m->search("the and of", 5);
    ASSERT_TRUE(stop);
}

TEST(Memory, TemporalQuestionsUseMessageTimes) {
    TempDir dir;
    auto m = open_mem(dir);
    ASSERT_TRUE(m->add_episode(said("Had dinner with Sam at the Thai place.", T0 - 60 * DAY, "old")));
    ASSERT_TRUE(m->add_episode(said("Had dinner with Sam at the pizza place.", T0 - 3 * DAY, "recent")));
    SearchOptions opt;
    opt.now_ms = T0;
    auto hits = m->search("who did I have dinner with last week?", 2, opt);
    ASSERT_TRUE(hits && !hits->empty());
    EXPECT_TRUE(has_source((*hits)[0], "recent"));
    opt.now_ms = T0 - 55 * DAY;
    auto earlier = m->search("dinner last week", 2, opt);
    ASSERT_TRUE(earlier && !earlier->empty());
    EXPECT_TRUE(has_source((*earlier)[0], "old"));
}

TEST(Memory, ReflectWritesSummariesAndProfileWithProvenance) {
    TempDir dir;
    auto m = open_mem(dir);
    ASSERT_TRUE(m->add_episode(said("My brother Leo plays the cello.", T0, "x1", "user", "chat-1")));
    ASSERT_TRUE(m->add_episode(said("I love pottery and I live in Lyon.", T0 + 1000, "x2", "user", "chat-1")));
    ASSERT_TRUE(m->add_episode(said("I went hiking yesterday.", T0 + DAY, "x3", "user", "chat-2")));
    auto r = m->reflect();
    ASSERT_TRUE(r) << r.error().message;
    EXPECT_EQ(r->summaries, 2);
    EXPECT_GE(r->profile_entries, 3);
    auto sums = m->summaries();
    ASSERT_EQ(sums->size(), 2u);
    EXPECT_EQ((*sums)[0].scope, "session:chat-1");
    EXPECT_EQ((*sums)[0].sources, (std::vector<std::string>{"x1", "x2"}));
    EXPECT_NE((*sums)[0].text.find("Leo"), std::string::npos) << (*sums)[0].text;
    auto prof = m->profile();
    ASSERT_FALSE(prof->empty());
    bool found = false;
    for (auto& p : *prof) found |= p.text.find("Lyon") != std::string::npos && p.sources == std::vector<std::string>{"x2"};
    EXPECT_TRUE(found);
    // Idempotent.
    auto again = m->reflect();
    EXPECT_EQ(again->summaries, 0);
    EXPECT_EQ(again->profile_entries, 0);
}

TEST(Memory, ForgetRemovesTheRecordAndWhatCameFromIt) {
    TempDir dir;
    auto m = open_mem(dir);
    ASSERT_TRUE(m->add_episode(said("My sister Amy lives nearby.", T0, "p1")));
    ASSERT_TRUE(m->add_episode(said("I'm terrified of spiders.", T0 + 1, "p2")));
    ASSERT_TRUE(m->reflect());
    auto facts = m->facts(true);
    ASSERT_EQ(facts->size(), 2u);
    // Forgetting a message takes its facts and the summaries citing it.
    auto n = m->forget("p2");
    ASSERT_TRUE(n) << n.error().message;
    EXPECT_GE(n->records(), 3);
    EXPECT_EQ(m->facts(true)->size(), 1u);
    for (auto& s : m->summaries().value_or({}))
        EXPECT_EQ(std::find(s.sources.begin(), s.sources.end(), "p2"), s.sources.end());
    auto spiders = m->search("spiders", 5);
    EXPECT_TRUE(spiders->empty());
    // Forgetting a fact takes its profile entry, and the message that
    // stated it (else its words could still be recalled and quoted).
    auto amy = (*m->facts(false))[0];
    ASSERT_TRUE(m->forget("f" + std::to_string(amy.id)));
    EXPECT_TRUE(m->facts(true)->empty());
    for (auto& p : m->profile().value_or({})) EXPECT_EQ(p.text.find("Amy"), std::string::npos);
    EXPECT_EQ(*m->episode_count(), 0);
    // Unknown references are errors that say what to use.
    auto bad = m->forget("f999");
    ASSERT_FALSE(bad);
    EXPECT_EQ(bad.error().code, ErrorCode::NotFound);
    EXPECT_FALSE(m->forget("nonsense"));
}

TEST(Memory, ForgottenTextIsGoneFromTheFile) {
    TempDir dir;
    {
        auto m = open_mem(dir);
        ASSERT_TRUE(m->add_episode(said("my bank pin is zebra4417", T0, "secret")));
        ASSERT_TRUE(m->forget("secret"));
    }
    for (auto name : {"os1.db", "os1.db-wal"}) {
        std::ifstream in(dir / name, std::ios::binary);
        std::string bytes((std::istreambuf_iterator<char>(in)), {});
        EXPECT_EQ(bytes.find("zebra4417"), std::string::npos) << name;
    }
}

TEST(Memory, ExportHoldsEverything) {
    TempDir dir;
    auto m = open_mem(dir);
    Episode e = said("I moved to Rome last month.", T0, "r1");
    e.affect = Affect{0.6, 0.4, "joy", R"({"joy":0.8,"neutral":0.2})"};
    ASSERT_TRUE(m->add_episode(e));
    ASSERT_TRUE(m->add_episode(said("I moved to Milan.", T0 + 50 * DAY, "r2")));
    ASSERT_TRUE(m->reflect());
    auto doc = m->export_json();
    ASSERT_TRUE(doc);
    auto j = parse_json(*doc);
    ASSERT_TRUE(j);
    EXPECT_EQ((*j)["episodes"].size(), 2u);
    EXPECT_EQ((*j)["episodes"][0]["affect"]["dominant"], "joy");
    EXPECT_EQ((*j)["facts"].size(), 2u);  // the superseded one too
    EXPECT_EQ((*j)["facts"][0]["current"], false);
    EXPECT_EQ((*j)["facts"][0]["superseded_by"], (*j)["facts"][1]["id"]);
    EXPECT_FALSE((*j)["notes"].empty());
}

TEST(Memory, MoodSamplesComeFromAffect) {
    TempDir dir;
    auto m = open_mem(dir);
    Episode e = said("What a lovely day", T0);
    e.affect = Affect{0.8, 0.5, "joy", ""};
    ASSERT_TRUE(m->add_episode(e));
    ASSERT_TRUE(m->add_episode(said("no affect here", T0 + 1)));
    auto s = m->mood_samples(T0 - 1);
    ASSERT_TRUE(s);
    ASSERT_EQ(s->size(), 1u);
    EXPECT_EQ((*s)[0].affect.dominant, "joy");
    EXPECT_DOUBLE_EQ((*s)[0].affect.valence, 0.8);
    EXPECT_TRUE(m->mood_samples(T0 + 10)->empty());
}

TEST(Memory, ImportReportsBadLinesAndKeepsTheRest) {
    TempDir dir;
    auto m = open_mem(dir);
    auto file = dir / "in.jsonl";
    std::ofstream(file) << R"({"id":"a","speaker":"Ann","text":"I love sailing.","time":"1:56 pm on 8 May, 2023","session":"s1"})" "\n"
                        << "{not json\n"
                        << R"({"id":"b","speaker":"Ann","text":"hello","time":"whenever","session":"s1"})" "\n"
                        << R"({"id":"c","speaker":"Ann","session":"s1"})" "\n"
                        << "\n"
                        << R"(["an","array"])" "\n"
                        << R"({"id":"d","speaker":"Bo","text":"Nice!","time":"2023-05-08T14:00:00Z","session":"s1"})" "\n"
                        << R"({"id":"a","speaker":"Ann","text":"dup","time":"2023-05-08","session":"s1"})" "\n";
    std::vector<std::string> acked;
    auto r = m->import_jsonl(file, [&](const std::vector<std::string>& ids) { acked.insert(acked.end(), ids.begin(), ids.end()); });
    ASSERT_TRUE(r) << r.error().message;
    EXPECT_EQ(r->imported, 2);
    EXPECT_EQ(r->skipped, 5);
    EXPECT_EQ(r->duplicates, 1);
    EXPECT_EQ(acked, (std::vector<std::string>{"a", "d"}));
    ASSERT_EQ(r->problems.size(), 5u);
    EXPECT_NE(r->problems[0].find("in.jsonl:2"), std::string::npos) << r->problems[0];
    EXPECT_NE(r->problems[1].find(":3: time"), std::string::npos) << r->problems[1];
    EXPECT_NE(r->problems[1].find("whenever"), std::string::npos);
    auto ann = m->search("sailing", 3);
    ASSERT_FALSE(ann->empty());
    EXPECT_EQ((*ann)[0].time_ms, T0);
    auto missing = m->import_jsonl(dir / "nope.jsonl");
    EXPECT_FALSE(missing);
}

TEST(Memory, RefusesForeignAndNewerDatabases) {
    TempDir dir;
    std::ofstream(dir / "os1.db") << std::string(4096, 'Z');
    auto m = Memory::open_at(dir / "os1.db");
    ASSERT_FALSE(m);
    EXPECT_NE(m.error().message.find("not an os1 database"), std::string::npos) << m.error().message;
    TempDir dir2;
    {
        auto db = store::Database::open(dir2 / "os1.db");
        ASSERT_TRUE((*db)->exec("CREATE TABLE schema_version(version INTEGER NOT NULL); INSERT INTO schema_version VALUES(999);"));
    }
    auto m2 = Memory::open_at(dir2 / "os1.db");
    ASSERT_FALSE(m2);
    EXPECT_EQ(m2.error().code, ErrorCode::Unsupported);
    EXPECT_NE(m2.error().message.find("newer os1"), std::string::npos);
}

TEST(Memory, FullDiskLosesNothingAlreadyStored) {
    TempDir dir;
    {
        auto m = open_mem(dir);
        ASSERT_TRUE(m->add_episode(said("first words", T0, "w0")));
    }
    MemoryOptions opt;
    opt.max_page_count = 60;
    auto m = open_mem(dir, opt);
    Result<AddResult> r = AddResult{};
    int stored = 1;
    std::string long_text(1500, 'q');
    for (int i = 1; i < 2000 && r; i++) {
        r = m->add_episode(said("message " + std::to_string(i) + " " + long_text, T0 + i, "w" + std::to_string(i)));
        if (r) stored++;
    }
    ASSERT_FALSE(r) << "the cap was never reached";
    EXPECT_EQ(r.error().code, ErrorCode::Io);
    EXPECT_NE(r.error().message.find("disk is full"), std::string::npos) << r.error().message;
    EXPECT_EQ(*m->episode_count(), stored);
    auto first = m->episode_by_external_id("w0");
    ASSERT_TRUE(first && *first);
    // Reading still works and the database is intact.
    auto db = store::Database::open(dir / "os1.db");
    EXPECT_EQ(*(*db)->integrity_check(), "ok");
}

TEST(Memory, ManyThreadsOneMemory) {
    TempDir dir;
    auto m = open_mem(dir);
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; t++)
        threads.emplace_back([&, t] {
            for (int i = 0; i < 25; i++) {
                EXPECT_TRUE(m->add_episode(said("thread " + std::to_string(t) + " says hi", T0 + i)));
                EXPECT_TRUE(m->search("says hi", 3));
            }
        });
    for (auto& th : threads) th.join();
    EXPECT_EQ(*m->episode_count(), 100);
}

TEST(Memory, ExtraExtractorAddsFacts) {
    TempDir dir;
    auto m = open_mem(dir);
    m->set_extra_extractor([](const StoredEpisode& e) {
        Fact f;
        f.kind = FactKind::Identity;
        f.key = "mood_word";
        f.value = "calm";
        f.text = "prefers calm evenings";
        f.confidence = 0.6;
        return std::vector<Fact>{f};
    });
    auto r = m->add_episode(said("Evenings are for tea.", T0, "t1"));
    ASSERT_TRUE(r);
    ASSERT_EQ(r->facts.size(), 1u);
    EXPECT_EQ(r->facts[0].sources, std::vector<std::string>{"t1"});
}

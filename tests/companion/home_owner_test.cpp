// Two people in one installation (home.h, owner_files.h): a web server
// opens one Home per person in one process, over one OS1_HOME. Neither
// sees nor changes the other's persona, chat history, memories, mood or
// saved KV states, and a forget for one leaves the other's words alone.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <cstdlib>
#include <optional>
#include <string>
#include <vector>

#include "companion/home.h"
#include "core/files.h"
#include "test_support.h"

using namespace os1;
using namespace os1::companion;

namespace {

// OS1_HOME for the test's lifetime (Home resolves its paths from it).
class ScopedHome {
public:
    explicit ScopedHome(const std::filesystem::path& home) {
        if (const char* v = std::getenv("OS1_HOME")) m_old = v;
        ::setenv("OS1_HOME", home.c_str(), 1);
    }
    ~ScopedHome() {
        if (m_old) ::setenv("OS1_HOME", m_old->c_str(), 1);
        else ::unsetenv("OS1_HOME");
    }

private:
    std::optional<std::string> m_old;
};

std::unique_ptr<Home> open_awake(const std::string& owner) {
    auto home = Home::open({.owner = owner});
    EXPECT_TRUE(home) << home.error().message;
    if (!home) return nullptr;
    auto woke = (*home)->wake(brain::BrainFlags{.brain = "none"});
    EXPECT_TRUE(woke) << woke.error().message;
    return home.release_value();
}

std::string read_or_empty(const std::filesystem::path& file) { return read_file(file).value_or(""); }

bool contains(const std::string& text, const std::string& words) { return text.find(words) != std::string::npos; }

int mode_of(const std::filesystem::path& path) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) return -1;
    return int(st.st_mode & 07777);
}

bool remembers(Home& home, const std::string& words) {
    auto recent = home.recent_messages("", 100);
    EXPECT_TRUE(recent) << recent.error().message;
    for (const auto& e : recent.value_or({}))
        if (contains(e.episode.text, words)) return true;
    return false;
}

}  // namespace

TEST(HomeOwners, TheLocalOwnerKeepsTheFilesWhereTheyAlwaysWere) {
    test::TempDir dir;
    ScopedHome scoped(dir.path());
    auto home = Home::open({});
    ASSERT_TRUE(home) << home.error().message;
    EXPECT_EQ((*home)->owner(), LOCAL_OWNER);
    EXPECT_EQ((*home)->persona_file(), dir / "data" / "persona.toml");
    EXPECT_EQ((*home)->chat_history_file(), dir / "data" / "chat_history");
    EXPECT_EQ((*home)->files().kv_state_dir(), dir / "cache" / "kv");
}

TEST(HomeOwners, AnotherOwnerHasAPrivateFolderOfItsOwn) {
    test::TempDir dir;
    ScopedHome scoped(dir.path());
    auto home = open_awake("alice");
    ASSERT_TRUE(home);
    const auto folder = dir / "data" / "people" / "alice";
    EXPECT_EQ(home->persona_file(), folder / "persona.toml");
    EXPECT_EQ(home->chat_history_file(), folder / "chat_history");
    EXPECT_EQ(home->files().kv_state_dir(), folder / "cache" / "kv");
    EXPECT_EQ(mode_of(dir / "data" / "people"), 0700);
    EXPECT_EQ(mode_of(folder), 0700);
    EXPECT_EQ(mode_of(folder / "cache"), 0700);
    EXPECT_EQ(home->paths().database, dir / "data" / "os1.db") << "one database, rows scoped by owner";
    EXPECT_FALSE(std::filesystem::exists(dir / "data" / "persona.toml")) << "nothing of alice's in the local places";
}

TEST(HomeOwners, OwnerIdsThatAreNotSafeFolderNamesAreRefusedClearly) {
    test::TempDir dir;
    ScopedHome scoped(dir.path());
    for (const std::string& bad : std::vector<std::string>{"", "../local", "..", ".", "a/b", "/etc", ".hidden", "-x", "two words", "caf\xc3\xa9",
                            "x\ny", std::string(65, 'a')}) {
        auto home = Home::open({.owner = bad});
        ASSERT_FALSE(home) << "'" << bad << "' was accepted";
        EXPECT_EQ(home.error().code, ErrorCode::Invalid) << bad;
        EXPECT_TRUE(contains(home.error().message, "owner id")) << home.error().message;
    }
    EXPECT_FALSE(std::filesystem::exists(dir / "data" / "people")) << "a refused id creates nothing";
    for (const std::string& good : std::vector<std::string>{"alice", "Bob.Smith_2-b", "u123", std::string(64, 'a')}) {
        auto home = Home::open({.owner = good});
        EXPECT_TRUE(home) << good << ": " << home.error().message;
    }
}

TEST(HomeOwners, NeitherOwnerSeesOrChangesTheOthersPersonaHistoryMemoriesMoodOrStates) {
    test::TempDir dir;
    ScopedHome scoped(dir.path());
    auto local = open_awake(LOCAL_OWNER);
    auto alice = open_awake("alice");
    ASSERT_TRUE(local && alice);

    // The first meeting, each with their own answers; both mention the same sister.
    ASSERT_TRUE(local->complete_meeting({{"you.name", "Sam"}, {"life.people", "My sister Zorblatt lives in Lisbon."}}, true));
    ASSERT_TRUE(alice->complete_meeting({{"you.name", "Alice"}, {"life.people", "My sister Zorblatt lives in Lisbon."}}, true));
    EXPECT_EQ(local->setup().profile.answers.at("you.name"), "Sam");
    EXPECT_EQ(alice->setup().profile.answers.at("you.name"), "Alice");
    EXPECT_TRUE(contains(read_or_empty(local->persona_file()), "Sam"));
    EXPECT_FALSE(contains(read_or_empty(local->persona_file()), "Alice"));
    EXPECT_TRUE(contains(read_or_empty(alice->persona_file()), "Alice"));
    EXPECT_FALSE(contains(read_or_empty(alice->persona_file()), "Sam"));

    // A conversation each; the same words about the sister in both, and
    // words only one of them said.
    ASSERT_TRUE(local->start_conversation({}));
    ASSERT_TRUE(alice->start_conversation({}));
    ASSERT_TRUE(local->say("My sister Zorblatt is visiting on Friday", nullptr, nullptr));
    ASSERT_TRUE(local->say("I am so happy, I got the job at the bakery!", nullptr, nullptr));
    ASSERT_TRUE(alice->say("My sister Zorblatt is visiting on Friday", nullptr, nullptr));
    ASSERT_TRUE(alice->say("I adopted a grey cat called Pixel", nullptr, nullptr));
    ASSERT_TRUE(alice->say("I feel scared about the move next month", nullptr, nullptr));
    EXPECT_TRUE(remembers(*local, "bakery"));
    EXPECT_FALSE(remembers(*local, "Pixel"));
    EXPECT_TRUE(remembers(*alice, "Pixel"));
    EXPECT_FALSE(remembers(*alice, "bakery"));
    auto local_hits = local->search({.query = "cat Pixel", .k = 10});
    ASSERT_TRUE(local_hits);
    for (const auto& h : *local_hits) EXPECT_FALSE(contains(h.text, "Pixel")) << h.text;

    // Mood: each timeline counts only its own person's messages.
    auto local_mood = local->mood(7, true, false);
    auto alice_mood = alice->mood(7, true, false);
    ASSERT_TRUE(local_mood && alice_mood);
    auto bob = Home::open({.owner = "bob"});
    ASSERT_TRUE(bob);
    auto bob_mood = (*bob)->mood(7, true, false);
    ASSERT_TRUE(bob_mood);
    EXPECT_EQ(bob_mood->messages, 0u) << "a third person sees no one's mood";
    if (local_mood->messages == 0) GTEST_SKIP() << "no emotion classifier in this build: no mood samples to compare";
    EXPECT_EQ(local_mood->messages + 1, alice_mood->messages) << "alice said one message more";

    // What a terminal would have kept, and saved KV states, in each one's places.
    for (auto* home : {local.get(), alice.get()}) {
        ASSERT_TRUE(write_file_atomic(home->chat_history_file(), "My sister Zorblatt is visiting on Friday\nhello\n"));
        ASSERT_TRUE(ensure_dir(home->files().kv_state_dir()));
        ASSERT_TRUE(write_file_atomic(home->files().kv_state_dir() / "00ff.kv", "tokens"));
    }

    // Alice forgets the sister: her copies go, the local person's stay.
    std::string id;
    for (const auto& f : alice->facts(false).value_or({}))
        if (f.key.rfind("relation:sister", 0) == 0) id = str("f", f.id);
    ASSERT_FALSE(id.empty());
    for (const auto& f : local->facts(false).value_or({}))
        EXPECT_NE(str("f", f.id), id) << "fact ids are per row, the local person's sister fact is another one";
    auto gone = alice->forget(id);
    ASSERT_TRUE(gone) << gone.error().message;
    EXPECT_EQ(gone->history_lines, 1) << gone->message;
    EXPECT_EQ(gone->persona_answers, 1) << gone->message;
    EXPECT_EQ(gone->kv_states, 1) << gone->message;
    EXPECT_FALSE(remembers(*alice, "Zorblatt"));
    EXPECT_FALSE(contains(read_or_empty(alice->chat_history_file()), "Zorblatt"));
    EXPECT_FALSE(contains(read_or_empty(alice->persona_file()), "Zorblatt"));
    EXPECT_FALSE(std::filesystem::exists(alice->files().kv_state_dir() / "00ff.kv"));
    EXPECT_TRUE(remembers(*alice, "Pixel")) << "what was not forgotten stays";

    EXPECT_TRUE(remembers(*local, "Zorblatt"));
    EXPECT_TRUE(contains(read_or_empty(local->chat_history_file()), "Zorblatt"));
    EXPECT_TRUE(contains(read_or_empty(local->persona_file()), "Zorblatt"));
    EXPECT_TRUE(std::filesystem::exists(local->files().kv_state_dir() / "00ff.kv"));

    // The local person cannot reach alice's rows by their ids.
    std::string pixel;
    for (const auto& e : alice->recent_messages("", 100).value_or({}))
        if (contains(e.episode.text, "Pixel")) pixel = str("e", e.id);
    ASSERT_FALSE(pixel.empty());
    EXPECT_FALSE(local->show(pixel)) << "another owner's record is not found";
    auto wrong = local->forget(pixel);
    ASSERT_FALSE(wrong);
    EXPECT_EQ(wrong.error().code, ErrorCode::NotFound) << wrong.error().message;
    EXPECT_TRUE(remembers(*alice, "Pixel"));
}

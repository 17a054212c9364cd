// "Forget means gone", checked the hard way: after a forget through the real
// os1 binary, every byte of every file under OS1_HOME (database, -wal,
// -shm, chat_history, persona.toml and its .previous, cache/, saved KV
// states, everything, recursively) is searched for the forgotten words —
// for a message, a fact and a summary, via /forget in chat and via
// `os1 memory forget`; for what the life skills made of a message (a
// reminder, a proposal, a letter's paragraph); for `os1 memory forget
// --all` after its typed confirmation. Also: what was not forgotten stays, a stale id
// forgets nothing, and the files are private (0600 / 0700).
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <sstream>

#include "core/files.h"
#include "core/strings.h"
#include "core/json.h"
#include "companion/forget_support.h"
#include "test_support.h"

using namespace os1;
using namespace os1::test;
namespace fs = std::filesystem;

namespace {

Json json_of(const CommandResult& r) {
    auto j = parse_json(r.out.substr(std::min(r.out.find('['), r.out.size())));
    return j ? *j : Json();
}

std::string chat_forget(const fs::path& home, const std::string& id) {
    auto r = run_os1("chat --brain none --json --once '/forget " + id + "'", home);
    EXPECT_EQ(r.status, 0) << r.out;
    auto lines = json_lines(r.out);
    EXPECT_EQ(lines.size(), 1u) << r.out;
    if (lines.empty()) return {};
    EXPECT_TRUE(lines[0]["ok"].get<bool>()) << lines[0].dump();
    return lines[0]["output"].get<std::string>();
}

void write(const fs::path& file, const std::string& text) { std::ofstream(file) << text; }

unsigned mode(const fs::path& p) { return static_cast<unsigned>(fs::status(p).permissions() & fs::perms::all); }

}  // namespace

// A message, forgotten with /forget in a chat: its reply that quoted it, the
// line in chat_history, a saved KV state, the summary citing it (rebuilt).
TEST(ForgetCli, AMessageForgottenInChatLeavesNoByteBehind) {
    TempDir home;
    const std::string secret = "My neighbour Quillfeather grows orchids on the roof";
    // An earlier terminal session left its history (readline writes it only
    // on a terminal), and a local model saved its state (tokens, and here
    // the words themselves, as a stand-in for any cache file).
    fs::create_directories(home / "data");
    write(home / "data" / "chat_history", "hello there\n" + secret + "\nhow are you\n/forget Quillfeather orchids\n");
    fs::create_directories(home / "cache" / "kv");
    write(home / "cache" / "kv" / "0123abcd.kv", "state of: " + secret);
    auto chat = run_os1("chat --brain none --json", home.path(), secret + "\nI had pasta for dinner tonight\n");
    ASSERT_EQ(chat.status, 0) << chat.out;
    auto turns = json_lines(chat.out);
    ASSERT_EQ(turns.size(), 2u) << chat.out;
    const std::string id = turns[0]["user_id"].get<std::string>();
    ASSERT_EQ(run_os1("memory reflect", home.path()).status, 0);
    drop_test_input(home.path());
    ASSERT_FALSE(files_holding(home.path(), "Quillfeather").empty()) << "the words are stored before the forget";

    auto said = chat_forget(home.path(), id);
    EXPECT_NE(said.find("Forgotten"), std::string::npos) << said;
    EXPECT_NE(said.find("chat history"), std::string::npos) << said;
    drop_test_input(home.path());
    EXPECT_EQ(files_holding(home.path(), "Quillfeather"), std::vector<std::string>{});
    EXPECT_EQ(files_holding(home.path(), "orchids"), std::vector<std::string>{});
    // The rest is kept: the other turn, the rest of the history, a summary.
    auto left = run_os1("memory list --messages --json", home.path());
    EXPECT_NE(left.out.find("pasta"), std::string::npos) << left.out;
    auto history = read_file(home / "data" / "chat_history");
    ASSERT_TRUE(history);
    EXPECT_EQ(*history, "hello there\nhow are you\n");
    auto notes = run_os1("memory list --notes --json", home.path());
    EXPECT_NE(notes.out.find("summary"), std::string::npos) << notes.out;
    // The id names nothing now, and naming it again forgets nothing else.
    auto again = run_os1("memory forget " + id, home.path());
    EXPECT_EQ(again.status, 1);
    EXPECT_NE(again.out.find("no message"), std::string::npos) << again.out;
    EXPECT_NE(run_os1("memory list --messages", home.path()).out.find("pasta"), std::string::npos);
}

// A fact, forgotten with `os1 memory forget`: the interview answer and the
// chat message that stated it, the reply that repeated it, the profile and
// persona.toml (and .previous) — nothing keeps "Zorblatt".
TEST(ForgetCli, AFactForgottenFromTheCommandLineTakesItsWordsEverywhere) {
    TempDir home, work;
    write(work / "answers.toml",
          "[you]\nname = \"Sam\"\n[life]\npeople = \"My sister Zorblatt lives in Lisbon.\"\n"
          "days = \"I work in a bakery and start at dawn.\"\n");
    ASSERT_EQ(run_os1("setup --brain none --answers " + (work / "answers.toml").string(), home.path()).status, 0);
    // Setting up again keeps the old file as persona.toml.previous.
    ASSERT_EQ(run_os1("setup --brain none --answers " + (work / "answers.toml").string(), home.path()).status, 0);
    ASSERT_TRUE(fs::exists(home / "data" / "persona.toml.previous"));
    auto chat = run_os1("chat --brain none --json", home.path(), "My sister Zorblatt is visiting next week\n");
    ASSERT_EQ(chat.status, 0) << chat.out;
    ASSERT_EQ(run_os1("memory reflect", home.path()).status, 0);

    auto list = json_of(run_os1("memory list --json", home.path()));
    ASSERT_TRUE(list.is_array()) << list.dump();
    std::string id;
    for (auto& f : list)
        if (lower(f["text"].get<std::string>()).find("zorblatt") != std::string::npos && f["key"].get<std::string>().rfind("relation:sister", 0) == 0)
            id = f["id"].get<std::string>();
    ASSERT_FALSE(id.empty()) << list.dump(2);
    drop_test_input(home.path());
    ASSERT_FALSE(files_holding(home.path(), "Zorblatt").empty());

    auto f = run_os1("memory forget " + id, home.path());
    ASSERT_EQ(f.status, 0) << f.out;
    EXPECT_NE(f.out.find("messages it came from"), std::string::npos) << f.out;
    EXPECT_NE(f.out.find("first meeting"), std::string::npos) << f.out;
    drop_test_input(home.path());
    EXPECT_EQ(files_holding(home.path(), "Zorblatt"), std::vector<std::string>{});
    // What was not said with it stays: the name, the other answer.
    auto persona = read_file(home / "data" / "persona.toml");
    ASSERT_TRUE(persona);
    EXPECT_NE(persona->find("Sam"), std::string::npos);
    EXPECT_NE(persona->find("bakery"), std::string::npos);
    auto search = json_of(run_os1("memory search bakery --json", home.path()));
    EXPECT_FALSE(search.empty()) << search.dump();
    auto stale = run_os1("memory forget " + id, home.path());
    EXPECT_EQ(stale.status, 1);
    EXPECT_NE(stale.out.find("no fact"), std::string::npos) << stale.out;
}

// A summary, forgotten with /forget: the conversation it summed up goes
// with it (else reflecting would write it again), the other one stays.
TEST(ForgetCli, ASummaryForgottenInChatTakesItsConversation) {
    TempDir home, work;
    write(work / "chat.jsonl",
          R"({"id":"w1","speaker":"user","text":"The Glimmerquartz merger kept me at work until midnight.","time":"2023-05-08T10:00:00Z","session":"work"})" "\n"
          R"({"id":"w2","speaker":"os1","text":"The Glimmerquartz merger sounds exhausting.","time":"2023-05-08T10:01:00Z","session":"work"})" "\n"
          R"({"id":"h1","speaker":"user","text":"We planted tulips in the garden today.","time":"2023-05-09T10:00:00Z","session":"home"})" "\n");
    ASSERT_EQ(run_os1("memory import " + (work / "chat.jsonl").string() + " --reflect", home.path()).status, 0);
    auto notes = json_of(run_os1("memory list --notes --json", home.path()));
    std::string id;
    for (auto& n : notes)
        if (n["scope"] == "session:work") id = n["id"].get<std::string>();
    ASSERT_FALSE(id.empty()) << notes.dump(2);
    ASSERT_FALSE(files_holding(home.path(), "Glimmerquartz").empty());

    auto said = chat_forget(home.path(), id);
    EXPECT_NE(said.find("summed up"), std::string::npos) << said;
    drop_test_input(home.path());
    EXPECT_EQ(files_holding(home.path(), "Glimmerquartz"), std::vector<std::string>{});
    ASSERT_EQ(run_os1("memory reflect", home.path()).status, 0);
    EXPECT_EQ(files_holding(home.path(), "Glimmerquartz"), std::vector<std::string>{});
    EXPECT_NE(run_os1("memory list --messages", home.path()).out.find("tulips"), std::string::npos);
}

// Modes: what os1 makes is private, and an older installation is tightened.
TEST(ForgetCli, EveryFileIsPrivate) {
    TempDir home;
    fs::create_directories(home / "data");
    write(home / "data" / "chat_history", "my words\n");
    fs::permissions(home / "data" / "chat_history", fs::perms(0644));
    fs::permissions(home / "data", fs::perms(0755));
    fs::permissions(home.path(), fs::perms(0755));
    ASSERT_EQ(run_os1("chat --brain none --once 'I am afraid of heights'", home.path()).status, 0);
    ASSERT_EQ(run_os1("memory export -o " + (home / "export.json").string(), home.path()).status, 0);
    drop_test_input(home.path());
    EXPECT_EQ(mode(home.path()), 0700u);
    for (auto d : {"data", "cache", "models"}) EXPECT_EQ(mode(home / d), 0700u) << d;
    for (auto& e : fs::recursive_directory_iterator(home.path())) {
        if (e.is_directory()) {
            EXPECT_EQ(mode(e.path()), 0700u) << e.path();
        } else if (e.is_regular_file()) {
            EXPECT_EQ(mode(e.path()), 0600u) << e.path();
        }
    }
    EXPECT_TRUE(fs::exists(home / "data" / "os1.db"));
}

// What the life skills made of a message goes with it: the reminder (and
// the proposal that made it, and my "Done. I'll remind you ..."), a
// proposal still waiting, a letter's paragraph (the letter stays, without it).
TEST(ForgetCli, WhatTheSkillsMadeOfAMessageLeavesNoByteBehind) {
    TempDir home;
    auto chat = run_os1("chat --brain none --json", home.path(),
                        "remind me to call the Zanzibar plumber tomorrow at 9\nyes\n"
                        "remind me to feed the Quokkaville parrots tomorrow at 10\n"
                        "help me write a letter to Catherine\n"
                        "The Marzipan orchard bloomed after the storm\n"
                        "I hope you can visit in spring\n"
                        "stop for now\n");
    ASSERT_EQ(chat.status, 0) << chat.out;
    auto turns = json_lines(chat.out);
    ASSERT_EQ(turns.size(), 7u) << chat.out;
    ASSERT_EQ(turns[1]["skill"]["proposal"]["status"], "done") << turns[1].dump();
    ASSERT_EQ(turns[2]["skill"]["proposal"]["status"], "proposed") << turns[2].dump();
    ASSERT_EQ(turns[4]["skill"]["skill"], "letters") << turns[4].dump();
    drop_test_input(home.path());
    for (const char* word : {"Zanzibar", "Quokkaville", "Marzipan"})
        ASSERT_FALSE(files_holding(home / "data" / "skills", word).empty()) << word << " is in the skills' stores before";

    auto said = chat_forget(home.path(), turns[0]["user_id"].get<std::string>());  // the reminder's request, in a chat
    EXPECT_NE(said.find("1 reminder"), std::string::npos) << said;
    EXPECT_NE(said.find("offered"), std::string::npos) << said;
    auto waiting = run_os1("memory forget " + turns[2]["user_id"].get<std::string>(), home.path());
    EXPECT_EQ(waiting.status, 0) << waiting.out;
    EXPECT_NE(waiting.out.find("1 thing I offered to do"), std::string::npos) << waiting.out;
    auto paragraph = run_os1("memory forget " + turns[4]["user_id"].get<std::string>(), home.path());
    EXPECT_EQ(paragraph.status, 0) << paragraph.out;
    EXPECT_NE(paragraph.out.find("1 letter (it stays"), std::string::npos) << paragraph.out;
    drop_test_input(home.path());
    for (const char* word : {"Zanzibar", "plumber", "Quokkaville", "parrots", "Marzipan", "orchard"})
        EXPECT_EQ(files_holding(home.path(), word), std::vector<std::string>{}) << word;
    // The letter stays, with what was not forgotten.
    auto letter = run_os1("letter show Catherine", home.path());
    EXPECT_EQ(letter.status, 0) << letter.out;
    EXPECT_NE(letter.out.find("Dear Catherine"), std::string::npos) << letter.out;
    EXPECT_NE(letter.out.find("visit in spring"), std::string::npos) << letter.out;
}

// "Forget everything": only after the typed confirmation; then nothing of
// the person is left under OS1_HOME (memory, skills, letters, history, persona).
TEST(ForgetCli, ForgetEverythingNeedsTheTypedConfirmationAndLeavesNothing) {
    TempDir home, work;
    write(work / "answers.toml", "[you]\nname = \"Sam\"\n[life]\npeople = \"My sister Zorblatt lives in Lisbon.\"\n");
    ASSERT_EQ(run_os1("setup --brain none --answers " + (work / "answers.toml").string(), home.path()).status, 0);
    fs::create_directories(home / "data");
    write(home / "data" / "chat_history", "my friend Zorblatt\n");
    auto chat = run_os1("chat --brain none --json", home.path(),
                        "remind me to ask Zorblatt about the Quokkaville trip tomorrow at 9\nyes\n"
                        "help me write a letter to Zorblatt\nThe Quokkaville trip was lovely\nstop for now\n");
    ASSERT_EQ(chat.status, 0) << chat.out;
    ASSERT_EQ(run_os1("memory reflect", home.path()).status, 0);

    auto refused = run_os1("memory forget --all", home.path(), "yes\n");
    EXPECT_EQ(refused.status, 1) << refused.out;
    EXPECT_NE(refused.out.find("Nothing was erased"), std::string::npos) << refused.out;
    EXPECT_EQ(run_os1("memory forget e1 --all", home.path()).status, 2);
    drop_test_input(home.path());
    ASSERT_FALSE(files_holding(home.path(), "Quokkaville").empty());

    auto erased = run_os1("memory forget --all", home.path(), "forget everything\n");
    EXPECT_EQ(erased.status, 0) << erased.out;
    EXPECT_NE(erased.out.find("Forgotten everything"), std::string::npos) << erased.out;
    drop_test_input(home.path());
    for (const char* word : {"Zorblatt", "Quokkaville", "Lisbon"})
        EXPECT_EQ(files_holding(home.path(), word), std::vector<std::string>{}) << word;
    EXPECT_FALSE(fs::exists(home / "data" / "persona.toml")) << "the first meeting runs again";
}

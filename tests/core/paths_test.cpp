#include "core/paths.h"

#include <gtest/gtest.h>

#include <map>

#include "core/files.h"
#include "test_support.h"

using namespace os1;

namespace {
Paths::Getenv env_of(std::map<std::string, std::string> vars) {
    return [vars](const char* name) -> std::optional<std::string> {
        auto it = vars.find(name);
        if (it == vars.end()) return std::nullopt;
        return it->second;
    };
}
}  // namespace

TEST(Paths, Os1HomeRelocatesEverything) {
    auto p = Paths::resolve_with(env_of({{"OS1_HOME", "/tmp/o"}, {"HOME", "/home/u"}}));
    ASSERT_TRUE(p.ok());
    EXPECT_TRUE(p->from_os1_home);
    EXPECT_EQ(p->config_file, "/tmp/o/config.toml");
    EXPECT_EQ(p->data_dir, "/tmp/o/data");
    EXPECT_EQ(p->database, "/tmp/o/data/os1.db");
    EXPECT_EQ(p->models_dir, "/tmp/o/models");
}

TEST(Paths, XdgDefaults) {
    auto p = Paths::resolve_with(env_of({{"HOME", "/home/u"}}));
    ASSERT_TRUE(p.ok());
    EXPECT_EQ(p->config_file, "/home/u/.config/os1/config.toml");
    EXPECT_EQ(p->data_dir, "/home/u/.local/share/os1");
    EXPECT_EQ(p->models_dir, "/home/u/.local/share/os1/models");
    EXPECT_EQ(p->cache_dir, "/home/u/.cache/os1");
}

TEST(Paths, XdgVariablesRespectedRelativeIgnored) {
    auto p = Paths::resolve_with(
        env_of({{"HOME", "/home/u"}, {"XDG_CONFIG_HOME", "/cfg"}, {"XDG_DATA_HOME", "relative/data"}}));
    ASSERT_TRUE(p.ok());
    EXPECT_EQ(p->config_file, "/cfg/os1/config.toml");
    EXPECT_EQ(p->data_dir, "/home/u/.local/share/os1");
}

TEST(Paths, NoHomeIsAClearError) {
    auto p = Paths::resolve_with(env_of({}));
    ASSERT_FALSE(p.ok());
    EXPECT_NE(p.error().message.find("OS1_HOME"), std::string::npos);
}

TEST(Paths, EnsureCreatesFolders) {
    test::TempDir dir;
    auto p = Paths::resolve_with(env_of({{"OS1_HOME", (dir / "home").string()}}));
    ASSERT_TRUE(p.ok());
    ASSERT_TRUE(p->ensure().ok());
    EXPECT_TRUE(std::filesystem::is_directory(p->models_dir));
    EXPECT_TRUE(std::filesystem::is_directory(p->data_dir));
}

TEST(Files, AtomicWriteAndRead) {
    test::TempDir dir;
    auto path = dir / "a" / "b.txt";
    ASSERT_TRUE(write_file_atomic(path, "first").ok());
    ASSERT_TRUE(write_file_atomic(path, "second").ok());
    auto text = read_file(path);
    ASSERT_TRUE(text.ok());
    EXPECT_EQ(*text, "second");
    // No temporary files left behind.
    int n = 0;
    for (auto& e : std::filesystem::directory_iterator(dir / "a")) { (void)e; n++; }
    EXPECT_EQ(n, 1);
}

TEST(Files, ReadErrorsNameThePath) {
    test::TempDir dir;
    auto r = read_file(dir / "missing.txt");
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, ErrorCode::NotFound);
    EXPECT_NE(r.error().message.find("missing.txt"), std::string::npos);
    auto d = read_file(dir.path());
    ASSERT_FALSE(d.ok());
    EXPECT_NE(d.error().message.find("folder"), std::string::npos);
}

TEST(Files, WriteIntoUnwritablePlaceFailsCleanly) {
    auto r = write_file_atomic("/proc/os1-cannot-write-here/x", "data");
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, ErrorCode::Io);
}

// Everything os1 keeps may hold a person's words: folders 0700, files 0600,
// also what an older os1 left readable to others.
TEST(Paths, EnsureMakesEveryFolderAndFilePrivate) {
    os1::test::TempDir home;
    namespace fs = std::filesystem;
    auto mode = [](const fs::path& p) { return static_cast<unsigned>(fs::status(p).permissions() & fs::perms::all); };
    auto p = Paths::resolve_with(env_of({{"OS1_HOME", (home / "os1").string()}}));
    ASSERT_TRUE(p.ok());
    // An older installation: 0755 folders, 0644 files.
    fs::create_directories(p->cache_dir / "kv");
    fs::create_directories(p->data_dir);
    for (auto f : {p->data_dir / "os1.db", p->data_dir / "chat_history", p->cache_dir / "kv" / "a.kv", p->config_file})
        ASSERT_TRUE(write_file_atomic(f, "words"));
    for (auto d : {p->config_dir, p->data_dir, p->cache_dir, p->cache_dir / "kv"}) fs::permissions(d, fs::perms(0755));
    fs::permissions(p->data_dir / "chat_history", fs::perms(0644));
    fs::permissions(p->data_dir / "os1.db", fs::perms(0644));
    ASSERT_TRUE(p->ensure());
    for (auto d : {p->config_dir, p->data_dir, p->models_dir, p->cache_dir, p->cache_dir / "kv"}) EXPECT_EQ(mode(d), 0700u) << d;
    for (auto f : {p->data_dir / "os1.db", p->data_dir / "chat_history", p->cache_dir / "kv" / "a.kv", p->config_file})
        EXPECT_EQ(mode(f), 0600u) << f;
}

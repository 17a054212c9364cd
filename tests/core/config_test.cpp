#include "core/config.h"

#include <gtest/gtest.h>

#include <fstream>

#include "core/files.h"
#include "test_support.h"

using namespace os1;

TEST(Toml, ParsesTablesAndTypes) {
    auto t = parse_toml(R"(# a comment
name = "Sam"   # trailing comment
[brain]
backend = 'local'
threads = 4
temperature = 0.7
stream = true
[persona."style"]
traits = ["warm", "witty",
          "curious"]
note = """
two
lines"""
big = 1_000
hex = 0xff
neg = -12
)",
                        "test.toml");
    ASSERT_TRUE(t.ok()) << t.error().message;
    auto& m = *t;
    EXPECT_EQ(m.at("name").string, "Sam");
    EXPECT_EQ(m.at("brain.backend").string, "local");
    EXPECT_EQ(m.at("brain.threads").integer, 4);
    EXPECT_DOUBLE_EQ(m.at("brain.temperature").number, 0.7);
    EXPECT_TRUE(m.at("brain.stream").boolean);
    ASSERT_EQ(m.at("persona.style.traits").array.size(), 3u);
    EXPECT_EQ(m.at("persona.style.traits").array[2].string, "curious");
    EXPECT_EQ(m.at("persona.style.note").string, "two\nlines");
    EXPECT_EQ(m.at("persona.style.big").integer, 1000);
    EXPECT_EQ(m.at("persona.style.hex").integer, 255);
    EXPECT_EQ(m.at("persona.style.neg").integer, -12);
}

TEST(Toml, EscapesAndUnicode) {
    auto t = parse_toml("s = \"tab\\tq\\\"\\u00e9\\U0001F600\"\n", "x");
    ASSERT_TRUE(t.ok()) << t.error().message;
    EXPECT_EQ(t->at("s").string, "tab\tq\"\xC3\xA9\xF0\x9F\x98\x80");
}

TEST(Toml, MalformedFilesNameTheLine) {
    struct Case {
        const char* text;
        const char* expect;
    };
    Case cases[] = {
        {"a = 1\nb 2\n", "bad.toml:2: expected '='"},
        {"a = \"unterminated\n", "bad.toml:1: unterminated string"},
        {"\n\n[brain\nx=1", "bad.toml:3: expected ']'"},
        {"a = 1\na = 2\n", "bad.toml:2: key \"a\" is defined twice"},
        {"a = hello\n", "bad.toml:1: \"hello\" is not a number"},
        {"a = [1, 2\n", "bad.toml:2: unterminated array"},
        {"a = 1 b\n", "bad.toml:1: unexpected text"},
        {"[[x]]\n", "bad.toml:1: arrays of tables"},
        {"a = {b = 1}\n", "bad.toml:1: inline tables"},
        {"a = \"\\q\"\n", "bad.toml:1: unknown escape"},
        {"a = 99999999999999999999\n", "bad.toml:1: integer \"99999999999999999999\" is too large"},
    };
    for (const auto& c : cases) {
        auto t = parse_toml(c.text, "bad.toml");
        ASSERT_FALSE(t.ok()) << c.text;
        EXPECT_NE(t.error().message.find(c.expect), std::string::npos) << "got: " << t.error().message;
        EXPECT_EQ(t.error().code, ErrorCode::Invalid);
    }
}

TEST(Toml, RoundTrips) {
    TomlTable table;
    table["name"] = TomlValue::of("Sam \"the\" person\nline");
    table["brain.threads"] = TomlValue::of(2);
    table["brain.temperature"] = TomlValue::of(0.5);
    table["brain.stream"] = TomlValue::of(true);
    table["persona.traits"] = TomlValue::of(std::vector<std::string>{"warm", "dry wit"});
    table["persona.one"] = TomlValue::of(1.0);
    auto text = write_toml(table);
    auto back = parse_toml(text, "roundtrip");
    ASSERT_TRUE(back.ok()) << back.error().message << "\n" << text;
    EXPECT_EQ(back->at("name").string, "Sam \"the\" person\nline");
    EXPECT_EQ(back->at("brain.threads").integer, 2);
    EXPECT_EQ(back->at("persona.one").type, TomlValue::Type::Float);
    EXPECT_EQ(back->at("persona.traits").array[1].string, "dry wit");
}

TEST(Config, EnvironmentOverridesFile) {
    auto c = Config::parse("[brain]\nmodel = \"a.gguf\"\nthreads = 2\n", "config.toml");
    ASSERT_TRUE(c.ok());
    std::map<std::string, std::string> env = {{"OS1_BRAIN_THREADS", "8"}};
    c->set_env_lookup([&](const std::string& name) -> std::optional<std::string> {
        auto it = env.find(name);
        if (it == env.end()) return std::nullopt;
        return it->second;
    });
    EXPECT_EQ(c->get_string("brain.model"), "a.gguf");
    EXPECT_EQ(*c->get_int("brain.threads", 1), 8);
    EXPECT_EQ(*c->get_int("brain.missing", 5), 5);
    EXPECT_EQ(Config::env_name("brain.api-key"), "OS1_BRAIN_API_KEY");
    env["OS1_BRAIN_THREADS"] = "many";
    auto bad = c->get_int("brain.threads", 1);
    ASSERT_FALSE(bad.ok());
    EXPECT_NE(bad.error().message.find("brain.threads"), std::string::npos);
}

TEST(Config, BoolsAndDoubles) {
    auto c = Config::parse("a = true\nb = \"no\"\nc = 0.25\nd = \"x\"\n", "c");
    ASSERT_TRUE(c.ok());
    c->set_env_lookup([](const std::string&) { return std::nullopt; });
    EXPECT_TRUE(*c->get_bool("a", false));
    EXPECT_FALSE(*c->get_bool("b", true));
    EXPECT_DOUBLE_EQ(*c->get_double("c", 1.0), 0.25);
    EXPECT_FALSE(c->get_bool("d", true).ok());
    EXPECT_FALSE(c->get_double("d", 1.0).ok());
}

TEST(Config, MissingFileIsEmptyMalformedFileIsError) {
    test::TempDir dir;
    auto missing = Config::load(dir / "none.toml");
    ASSERT_TRUE(missing.ok());
    EXPECT_TRUE(missing->table().empty());
    std::ofstream(dir / "bad.toml") << "[brain]\nmodel = \n";
    auto bad = Config::load(dir / "bad.toml");
    ASSERT_FALSE(bad.ok());
    EXPECT_NE(bad.error().message.find("bad.toml:2:"), std::string::npos) << bad.error().message;
}

TEST(Config, SaveAndReload) {
    test::TempDir dir;
    Config c;
    c.set("brain.backend", TomlValue::of("none"));
    ASSERT_TRUE(c.save(dir / "sub" / "config.toml").ok());
    auto back = Config::load(dir / "sub" / "config.toml");
    ASSERT_TRUE(back.ok());
    EXPECT_EQ(back->table().at("brain.backend").string, "none");
}

// A damaged or hostile TOML file is an error with a line number, never a
// crash: nesting, size, bytes that are not UTF-8, and echoes of huge input.
#include <gtest/gtest.h>

#include "core/text.h"
#include "core/toml.h"

namespace os1 {
namespace {

TEST(TomlLimits, TomlRefusesDeepNestingWithoutCrashing) {
    // 20,000 '[' once ran parse_value out of stack.
    std::string text = "# settings\nname = " + std::string(20'000, '[') + "\n";
    auto t = parse_toml(text, "config.toml");
    ASSERT_FALSE(t.ok());
    EXPECT_EQ(t.error().code, ErrorCode::Invalid);
    EXPECT_EQ(t.error().message, "config.toml:2: nested arrays are not supported");
    // Unclosed on many lines: still an error, naming a line.
    std::string lines = "a = [\n";
    for (int i = 0; i < 20'000; i++) lines += "[\n";
    auto u = parse_toml(lines, "config.toml");
    ASSERT_FALSE(u.ok());
    EXPECT_NE(u.error().message.find("config.toml:2:"), std::string::npos) << u.error().message;
}

TEST(TomlLimits, TomlRefusesAFileTooLargeToBeSettings) {
    std::string text = "a = \"" + std::string(MAX_TOML_BYTES, 'x') + "\"\n";
    auto t = parse_toml(text, "config.toml");
    ASSERT_FALSE(t.ok());
    EXPECT_EQ(t.error().code, ErrorCode::OutOfRange);
    EXPECT_EQ(t.error().message, "config.toml: a TOML file is 1.0 MB (1,048,583 bytes); a TOML file may be at most 1 MB");
}

TEST(TomlLimits, InvalidUtf8InAFileIsReadAsReplacement) {
    auto t = parse_toml("name = \"Amy \xFF\"\n", "persona.toml");
    ASSERT_TRUE(t.ok()) << t.error().message;
    EXPECT_EQ(t->at("name").string, "Amy \xEF\xBF\xBD");
    EXPECT_TRUE(is_valid_utf8(t->at("name").string));
}

TEST(TomlLimits, TomlErrorsQuoteHugeWordsCapped) {
    std::string word(70'000, 'z');
    auto t = parse_toml("a = " + word + "\n", "config.toml");
    ASSERT_FALSE(t.ok());
    EXPECT_LT(t.error().message.size(), 200u);
    EXPECT_NE(t.error().message.find("(70,000 bytes)"), std::string::npos) << t.error().message;
    auto esc = parse_toml("a = \x1b[2J\n", "config.toml");
    ASSERT_FALSE(esc.ok());
    EXPECT_EQ(esc.error().message.find('\x1b'), std::string::npos) << esc.error().message;
}

}  // namespace
}  // namespace os1

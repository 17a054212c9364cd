// parse_json's depth limit (core/json.h): nlohmann parses any depth, but a
// copy or a dump of the result recurses, so a document from outside is
// refused past MAX_JSON_DEPTH levels before it is parsed.
#include <gtest/gtest.h>

#include "core/json.h"

using namespace os1;

namespace {

std::string nested(int depth) { return std::string(size_t(depth), '[') + std::string(size_t(depth), ']'); }

}  // namespace

TEST(JsonLimits, ADocumentAtTheLimitParsesOneDeeperIsRefused) {
    auto at = parse_json(nested(MAX_JSON_DEPTH), "body");
    ASSERT_TRUE(at) << at.error().message;
    Json copy = *at;  // the recursive operations work on what is let in
    EXPECT_EQ(dump_json(copy).size(), size_t(2 * MAX_JSON_DEPTH));
    auto over = parse_json(nested(MAX_JSON_DEPTH + 1), "body");
    ASSERT_FALSE(over);
    EXPECT_EQ(over.error().message, "body: nested deeper than 100 levels");
}

TEST(JsonLimits, AMegabyteOfOpeningBracketsIsRefusedWithoutRecursion) {
    for (const std::string& text : {nested(500'000), std::string(1 << 20, '{'), "{\"a\":" + nested(200'000) + "}"}) {
        auto r = parse_json(text, "the message");
        ASSERT_FALSE(r);
        EXPECT_EQ(r.error().code, ErrorCode::Invalid);
    }
}

TEST(JsonLimits, BracketsInsideStringsDoNotCount) {
    const std::string text = "{\"text\":\"" + std::string(5000, '[') + "\\\"" + std::string(5000, '{') + "\"}";
    auto r = parse_json(text);
    ASSERT_TRUE(r) << r.error().message;
    EXPECT_EQ((*r)["text"].get<std::string>().size(), 10001u);
    EXPECT_FALSE(json_depth_exceeds("[\"]]]]\", [[1]]]", 3));
    EXPECT_TRUE(json_depth_exceeds("[\"]]]]\", [[[1]]]]", 3));
}

#include "core/result.h"

#include <gtest/gtest.h>

#include <memory>

using namespace os1;

namespace {

Result<int> parse_positive(int x) {
    if (x <= 0) return Error::invalid("expected a positive number, got ", x);
    return x;
}

Result<int> doubled(int x) {
    int v = TRY(parse_positive(x));
    return v * 2;
}

Result<void> check(int x) {
    TRY(parse_positive(x));
    return ok();
}

Result<std::unique_ptr<int>> boxed(int x) {
    if (x < 0) return Error::out_of_range("negative");
    return std::make_unique<int>(x);
}

Result<int> unboxed(int x) {
    auto p = TRY(boxed(x));
    return *p + 1;
}

}  // namespace

TEST(Result, CarriesValue) {
    auto r = doubled(21);
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(*r, 42);
}

TEST(Result, TryPropagatesErrorWithMessage) {
    auto r = doubled(-3);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, ErrorCode::Invalid);
    EXPECT_EQ(r.error().message, "expected a positive number, got -3");
}

TEST(Result, VoidResult) {
    EXPECT_TRUE(check(1).ok());
    auto r = check(0);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, ErrorCode::Invalid);
}

TEST(Result, MoveOnlyValues) {
    auto r = unboxed(4);
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(*r, 5);
    auto bad = unboxed(-1);
    ASSERT_FALSE(bad.ok());
    EXPECT_EQ(bad.error().code, ErrorCode::OutOfRange);
}

TEST(Result, ContextPrefixesMessage) {
    Error e = Error::io("disk full").context("saving memory");
    EXPECT_EQ(e.message, "saving memory: disk full");
    EXPECT_EQ(e.code, ErrorCode::Io);
    EXPECT_EQ(error_code_name(ErrorCode::NotFound), "not found");
}

TEST(Result, ValueOr) {
    EXPECT_EQ(parse_positive(-1).value_or(7), 7);
    EXPECT_EQ(parse_positive(3).value_or(7), 3);
}

// Result<T> and Error (result.hpp): expected failures as values with a context chain.
#include "core/common/result.hpp"

#include <gtest/gtest.h>

namespace cl {
namespace {

Result<int> half(int value) {
  if (value % 2 != 0) {
    return fail(ErrorCode::parse_bad_value, "odd number " + std::to_string(value),
                {.file = "n.yaml", .row = 3});
  }
  return value / 2;
}

TEST(ResultTest, ValueOrError) {
  auto ok = half(8);
  ASSERT_TRUE(ok);
  EXPECT_EQ(*ok, 4);
  auto bad = half(7);
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, ErrorCode::parse_bad_value);
  EXPECT_EQ(bad.error().message, "odd number 7");
  EXPECT_EQ(bad.error().where.file, "n.yaml");
  EXPECT_EQ(bad.error().where.row, 3);
  EXPECT_TRUE(bad.error().context.empty());
}

TEST(ResultTest, ToStringWithoutRecord) {
  // result.hpp: "error: unit.mismatch: <message>".
  Error error{ErrorCode::unit_mismatch, "cannot convert L to kWh", {}, {}};
  EXPECT_EQ(error.to_string(), "error: unit.mismatch: cannot convert L to kWh");
}

TEST(ResultTest, ToStringWithRecordAndContext) {
  // The context chain grows as the error travels out (innermost added first); the printed form
  // lists the record, then the context lines, most recently added first.
  Error error{ErrorCode::gwp_missing, "no GWP for X", {.file = "a.csv", .row = 2}, {}};
  error.add_context("in refrigerant R-TEST").add_context("while computing S05");
  ASSERT_EQ(error.context.size(), 2u);
  EXPECT_EQ(error.context[0], "in refrigerant R-TEST");
  EXPECT_EQ(error.to_string(),
            "error: gwp.missing: no GWP for X\n  at a.csv:2\n  while computing S05\n"
            "  in refrigerant R-TEST");
}

TEST(ResultTest, VoidResult) {
  Result<void> ok{};
  EXPECT_TRUE(ok);
  Result<void> bad = fail(ErrorCode::io_write_failed, "disk full");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, ErrorCode::io_write_failed);
  EXPECT_TRUE(bad.error().where.empty());
}

}  // namespace
}  // namespace cl

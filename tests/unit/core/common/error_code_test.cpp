// Error codes: the string ids are the stable contract (error_code.hpp: "ids never change once
// released"), so the expected ids below are copied from the header's documented examples and
// the enumerator names (domain.name), not from the table in error_code.cpp.
#include "core/common/error_code.hpp"

#include <gtest/gtest.h>

#include <set>
#include <string>

namespace cl {
namespace {

TEST(ErrorCodeTest, DocumentedIdsAreStable) {
  // error_code.hpp and the README name these ids.
  EXPECT_EQ(code_id(ErrorCode::unit_mismatch), "unit.mismatch");
  EXPECT_EQ(code_id(ErrorCode::factor_not_found), "factor.not_found");
  EXPECT_EQ(code_id(ErrorCode::io_too_large), "io.too_large");
  EXPECT_EQ(code_id(ErrorCode::inventory_leak_rate_outside_range),
            "inventory.leak_rate_outside_range");
  EXPECT_EQ(code_id(ErrorCode::gwp_set_unknown), "gwp.set_unknown");
  EXPECT_EQ(code_id(ErrorCode::cli_usage), "cli.usage");
  EXPECT_EQ(code_id(ErrorCode::internal), "internal");
}

TEST(ErrorCodeTest, AllCodesListsEveryEnumeratorOnce) {
  // The enum in error_code.hpp has 106 enumerators (29 + 1 io.not_xlsx + 11 lca.* + 10 offsets.* +
  // 9 footprint.* + 2 pact.* + 6 cbam.* + 2 carbonfee.* + 13 store.* + 6 auth.* + 3 http.* +
  // 13 program.* + 1 mail.*), io_not_found first and internal last.
  const auto all = all_error_codes();
  ASSERT_EQ(all.size(), 106u);
  EXPECT_EQ(all.front(), ErrorCode::io_not_found);
  EXPECT_EQ(all.back(), ErrorCode::internal);
  std::set<ErrorCode> unique(all.begin(), all.end());
  EXPECT_EQ(unique.size(), all.size());
  for (int value = 0; value < 29; ++value) {
    EXPECT_TRUE(unique.contains(static_cast<ErrorCode>(value))) << "enumerator " << value;
  }
}

TEST(ErrorCodeTest, IdsAreUniqueAndFollowDomainDotName) {
  std::set<std::string_view> ids;
  for (ErrorCode code : all_error_codes()) {
    const std::string_view id = code_id(code);
    EXPECT_TRUE(ids.insert(id).second) << "duplicate id " << id;
    if (code != ErrorCode::internal) {
      EXPECT_NE(id.find('.'), std::string_view::npos) << id;
    }
    for (char chr : id) {
      EXPECT_TRUE((chr >= 'a' && chr <= 'z') || chr == '.' || chr == '_') << id;
    }
  }
}

TEST(ErrorCodeTest, FindErrorCodeInvertsCodeId) {
  for (ErrorCode code : all_error_codes()) {
    auto found = find_error_code(code_id(code));
    ASSERT_TRUE(found.has_value()) << code_id(code);
    EXPECT_EQ(*found, code);
  }
  EXPECT_EQ(find_error_code("unit.mismatch"), ErrorCode::unit_mismatch);
}

TEST(ErrorCodeTest, UnknownIdsAreNotFound) {
  EXPECT_FALSE(find_error_code("").has_value());
  EXPECT_FALSE(find_error_code("unit").has_value());
  EXPECT_FALSE(find_error_code("Unit.Mismatch").has_value());  // ids are case-sensitive
  EXPECT_FALSE(find_error_code("unit.mismatch ").has_value());
}

}  // namespace
}  // namespace cl

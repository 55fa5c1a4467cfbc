#include "core/footprint/allocation.hpp"

#include <gtest/gtest.h>

namespace cl::footprint {
namespace {

SharedLine line(AllocationBasis basis, std::map<std::string, double> products) {
  SharedLine out;
  out.id = "SH1";
  out.basis = basis;
  out.products = std::move(products);
  return out;
}

TEST(FootprintAllocation, SharesFromMachineHours) {
  // 2000, 3000 and 3000 furnace hours: 2000/8000 = 0.25, 0.375, 0.375.
  const auto shares =
      allocation_shares(line(AllocationBasis::hours, {{"a", 2000}, {"b", 3000}, {"c", 3000}}));
  ASSERT_TRUE(shares);
  EXPECT_DOUBLE_EQ(shares->at("a"), 0.25);
  EXPECT_DOUBLE_EQ(shares->at("b"), 0.375);
  EXPECT_DOUBLE_EQ(shares->at("c"), 0.375);
}

TEST(FootprintAllocation, GivenSharesMustSumToOne) {
  // 0.333 + 0.333 + 0.334 = 1 (rounded percentages are accepted and normalized).
  auto shares =
      allocation_shares(line(AllocationBasis::shares, {{"a", 0.333}, {"b", 0.333}, {"c", 0.334}}));
  ASSERT_TRUE(shares);
  EXPECT_NEAR(shares->at("c"), 0.334, 1e-12);
  // 0.6 + 0.3 = 0.9: refused, with the sum in the message.
  shares = allocation_shares(line(AllocationBasis::shares, {{"a", 0.6}, {"b", 0.3}}));
  ASSERT_FALSE(shares);
  EXPECT_EQ(shares.error().code, ErrorCode::footprint_shares);
  EXPECT_NE(shares.error().message.find("sum to 0.9, not 1"), std::string::npos);
}

TEST(FootprintAllocation, RefusesNegativeZeroAndEmpty) {
  EXPECT_EQ(allocation_shares(line(AllocationBasis::mass, {{"a", -1}, {"b", 2}})).error().code,
            ErrorCode::footprint_shares);
  EXPECT_EQ(allocation_shares(line(AllocationBasis::mass, {{"a", 0}, {"b", 0}})).error().code,
            ErrorCode::footprint_shares);
  EXPECT_EQ(allocation_shares(line(AllocationBasis::value, {})).error().code,
            ErrorCode::footprint_shares);
}

TEST(FootprintAllocation, NormalizeShares) {
  const std::vector<double> quantities = {1, 1, 2};
  const auto shares = normalize_shares(quantities);
  EXPECT_DOUBLE_EQ(shares[0], 0.25);
  EXPECT_DOUBLE_EQ(shares[2], 0.5);
}

}  // namespace
}  // namespace cl::footprint

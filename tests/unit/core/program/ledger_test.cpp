// The funding ledger and the change limits of the 2014 demonstration program (seed 004 伍.三,
// 伍.五, 陸.三; DEM-7, DEM-9), with the definition data/programs/2014-cfp-demonstration.yaml.
// A central-satellite case: government NT$357,000 + own NT$252,000 = NT$609,000 (004 貳.五.1).
// Its plan's cost items (made up for the test, adding up to 609,000): personnel 300,000,
// travel 60,000, business 189,000, verification 60,000.
#include <gtest/gtest.h>

#include "core/program/ledger.hpp"
#include "program_fixtures.hpp"

namespace cl::program {
namespace {

using test::cfp_2014;

const std::vector<CostItem> kItems = {{"personnel", "人事費", 300000},
                                      {"travel", "差旅費", 60000},
                                      {"business", "業務費", 189000},
                                      {"verification", "查證費", 60000}};

FundingResult central(int signed_count, int now) {
  auto funded = fund_case(cfp_2014(), {"central_satellite", signed_count, now, std::nullopt});
  EXPECT_TRUE(funded);
  return *funded;
}

TEST(ProgramLedger, CostItemsAddUpToTheFunds) {
  EXPECT_TRUE(check_cost_items(central(5, 5), kItems));
  auto short_items = kItems;
  short_items[0].budget_ntd = 299000;  // 608,000 ≠ 609,000
  const auto refused = check_cost_items(central(5, 5), short_items);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::program_over_budget);
  EXPECT_EQ(refused.error().where.field, "cost_items");
  EXPECT_NE(refused.error().message.find("NT$608,000"), std::string::npos);
  EXPECT_NE(refused.error().message.find("NT$609,000"), std::string::npos);
  auto twice = kItems;
  twice[1].id = "personnel";
  EXPECT_EQ(check_cost_items(central(5, 5), twice).error().where.field, "cost_items[1].id");
}

TEST(ProgramLedger, ExpenseSplitInTheApprovedProportion) {
  // 100,000 × 357,000 / 609,000 = 58,620.69 → government 58,621 (half up), own 41,379.
  const auto split = check_expense(central(5, 5), kItems, {}, "personnel", 100000);
  ASSERT_TRUE(split) << split.error().to_string();
  EXPECT_EQ(split->first, 58621);
  EXPECT_EQ(split->second, 41379);
}

TEST(ProgramLedger, ExpenseBeyondItsCostItemIsRefused) {
  // Personnel 300,000 with 100,000 spent: 200,000 left; 200,001 is one dollar too many.
  Spent spent{58621, 41379, {{"personnel", 100000}}};
  EXPECT_TRUE(check_expense(central(5, 5), kItems, spent, "personnel", 200000));
  const auto refused = check_expense(central(5, 5), kItems, spent, "personnel", 200001);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::program_over_budget);
  EXPECT_EQ(refused.error().where.field, "cost_item");
  EXPECT_NE(refused.error().message.find("NT$200,000 of NT$300,000"), std::string::npos);
}

TEST(ProgramLedger, GovernmentFundsAfterADropLimitTheExpense) {
  // One satellite dropped: 357,000 − 33,600 = 323,400 government, total 575,400. With 300,000
  // of government funds spent, 23,400 are left; an expense of 50,000 has a government part of
  // 50,000 × 323,400 / 575,400 = 28,102.19 → 28,102 > 23,400: refused on the government fund.
  Spent spent{300000, 200000, {{"personnel", 300000}, {"business", 189000}, {"travel", 11000}}};
  const auto refused = check_expense(central(6, 5), kItems, spent, "verification", 50000);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::program_over_budget);
  EXPECT_EQ(refused.error().where.field, "government");
  EXPECT_NE(refused.error().message.find("NT$28,102"), std::string::npos);
  EXPECT_NE(refused.error().message.find("NT$23,400"), std::string::npos);
}

TEST(ProgramLedger, BadAmountAndUnknownCostItem) {
  EXPECT_EQ(check_expense(central(5, 5), kItems, {}, "personnel", -5).error().where.field,
            "amount");
  EXPECT_EQ(check_expense(central(5, 5), kItems, {}, "personnel", 0).error().where.field, "amount");
  const auto unknown = check_expense(central(5, 5), kItems, {}, "catering", 1000);
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().code, ErrorCode::parse_bad_value);
  EXPECT_EQ(unknown.error().where.field, "cost_item");
}

TEST(ProgramChanges, SatelliteChangeOncePerCaseBy31July) {
  // 004 陸.三.3: 103 年 7 月 31 日前完成，每案以乙次為限.
  const auto ok =
      check_change(cfp_2014(), "central_satellite", "satellite_change", {2014, 7, 31}, 0);
  ASSERT_TRUE(ok) << ok.error().to_string();
  EXPECT_EQ((*ok)->max_per_case, 1);
  const auto late =
      check_change(cfp_2014(), "central_satellite", "satellite_change", {2014, 8, 1}, 0);
  ASSERT_FALSE(late);
  EXPECT_EQ(late.error().code, ErrorCode::program_after_deadline);
  EXPECT_EQ(late.error().where.field, "date");
  EXPECT_NE(late.error().message.find("陸.三.3"), std::string::npos);
  const auto second =
      check_change(cfp_2014(), "central_satellite", "satellite_change", {2014, 6, 1}, 1);
  ASSERT_FALSE(second);
  EXPECT_EQ(second.error().code, ErrorCode::program_change_refused);
}

TEST(ProgramChanges, MajorChangeBy30SeptemberAndTheProductNever) {
  EXPECT_TRUE(check_change(cfp_2014(), "single_factory", "major_change", {2014, 9, 30}, 0));
  EXPECT_EQ(
      check_change(cfp_2014(), "single_factory", "major_change", {2014, 10, 1}, 0).error().code,
      ErrorCode::program_after_deadline);
  // 陸.三.2: the target product never changes.
  EXPECT_EQ(
      check_change(cfp_2014(), "single_factory", "target_product", {2014, 3, 1}, 0).error().code,
      ErrorCode::program_change_refused);
  // A single-factory case has no satellites to change.
  const auto none = check_change(cfp_2014(), "single_factory", "satellite_change", {2014, 3, 1}, 0);
  ASSERT_FALSE(none);
  EXPECT_EQ(none.error().where.field, "kind");
}

}  // namespace
}  // namespace cl::program

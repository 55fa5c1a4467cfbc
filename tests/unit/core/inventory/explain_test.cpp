// "Every number explained" (explain.hpp): the records behind a source line, each with its
// activity in the factor's unit, its share in the year and its emissions, so that a verifier
// can redo the sum. The record contributions must add up to the computed source line.
#include "core/inventory/explain.hpp"

#include <gtest/gtest.h>

#include "core/inventory/compute.hpp"
#include "support/core_fixtures.hpp"

namespace cl::inventory {
namespace {

using test::add_month;
using test::add_period;
using test::add_source;

class ExplainTest : public ::testing::Test {
 protected:
  factors::FactorLibrary library = test::make_test_library();
  Inventory inv = test::make_inventory(2024);

  InventoryResult run() {
    auto result = compute(inv, library);
    EXPECT_TRUE(result) << result.error().to_string();
    return result ? *result : InventoryResult{};
  }
};

TEST_F(ExplainTest, RecordsOfAFuelSource) {
  // 1,000 L (0.04 TJ → 2,022 kg) in March and 500 L (0.02 TJ → 1,011 kg) in April.
  add_source(inv, "S1", "F1", SourceType::stationary_combustion, "fuel.tj");
  add_month(inv, "S1", 2024, 3, 1000, "L");
  add_month(inv, "S1", 2024, 4, 500, "L");
  const auto result = run();
  auto explained = explain_source(inv, result, 0);
  ASSERT_TRUE(explained);
  ASSERT_NE(explained->factor, nullptr);
  EXPECT_EQ(explained->factor->id, "fuel.tj");
  ASSERT_NE(explained->heating_value, nullptr);
  EXPECT_DOUBLE_EQ(explained->heating_value->value, 40);  // the factor's 40 MJ/L
  ASSERT_EQ(explained->records.size(), 2u);
  EXPECT_EQ(explained->records[0].record, 0u);
  EXPECT_NEAR(explained->records[0].activity, 0.04, 1e-15);
  EXPECT_DOUBLE_EQ(explained->records[0].share_in_year, 1.0);
  EXPECT_NEAR(explained->records[0].co2e_kg, 2022, 1e-9);
  EXPECT_NEAR(explained->records[1].co2e_kg, 1011, 1e-9);
  // gas_kg is per result.gases: CO2 first (first seen in the factor).
  EXPECT_EQ(result.gases[0], "CO2");
  EXPECT_NEAR(explained->records[1].gas_kg[0], 1000, 1e-9);
}

TEST_F(ExplainTest, BillPeriodAcrossTheYearEndShowsItsShare) {
  // 3,100 kWh over 2023-12-15..2024-01-14: 14/31 in 2024 → 1,400 kWh → 700 kg.
  add_source(inv, "S1", "F1", SourceType::purchased_electricity, "elec.kwh");
  add_period(inv, "S1", {2023, 12, 15, 2024, 1, 14}, 3100, "kWh");
  const auto result = run();
  auto explained = explain_source(inv, result, 0);
  ASSERT_TRUE(explained);
  ASSERT_EQ(explained->records.size(), 1u);
  EXPECT_NEAR(explained->records[0].share_in_year, 14.0 / 31.0, 1e-15);
  EXPECT_NEAR(explained->records[0].activity, 1400, 1e-9);
  EXPECT_NEAR(explained->records[0].co2e_kg, 700, 1e-9);
  EXPECT_EQ(explained->heating_value, nullptr);
}

TEST_F(ExplainTest, SourceHeatingValueAndEquityShareAreShown) {
  // Equity 50 %, own heating value 36 MJ/L: 1,000 L → 0.036 TJ × 0.5 = 0.018 TJ
  // → CO2 900, CH4 0.18 × 25 = 4.5, N2O 0.018 × 300 = 5.4 → 909.9 kg.
  inv.boundary = Boundary::equity_share;
  inv.facilities[0].equity_share = 0.5;
  auto& source = add_source(inv, "S1", "F1", SourceType::stationary_combustion, "fuel.tj");
  source.heating_value = factors::HeatingValue{36, test::unit("MJ"), test::unit("L"), {}};
  add_month(inv, "S1", 2024, 3, 1000, "L");
  const auto result = run();
  auto explained = explain_source(inv, result, 0);
  ASSERT_TRUE(explained);
  EXPECT_DOUBLE_EQ(explained->heating_value->value, 36);
  EXPECT_NEAR(explained->records[0].activity, 0.018, 1e-15);
  EXPECT_NEAR(explained->records[0].co2e_kg, 909.9, 1e-9);
  EXPECT_NEAR(result.sources[0].co2e_kg, 909.9, 1e-9);
}

TEST_F(ExplainTest, MontrealAndBiogenicGasesAreNotInTheRecordCo2e) {
  // R-MIX, 10 kg at 10 %: HFC-32 0.5 kg × 700 = 350 kg in CO2e; HCFC-22 0.5 kg listed per gas.
  auto& source = add_source(inv, "R1", "F1", SourceType::fugitive_refrigerant, "");
  source.refrigerant = RefrigerantEquipment{"R-MIX", "chiller", std::nullopt, ""};
  add_month(inv, "R1", 2024, 5, 10, "kg");
  const auto result = run();
  auto explained = explain_source(inv, result, 0);
  ASSERT_TRUE(explained);
  EXPECT_NEAR(explained->records[0].co2e_kg, 350, 1e-9);
  double listed_kg = 0;
  for (double kg : explained->records[0].gas_kg) listed_kg += kg;
  EXPECT_NEAR(listed_kg, 1.0, 1e-12);  // 0.5 HCFC-22 + 0.5 HFC-32
}

TEST_F(ExplainTest, TwoRefrigerantSourcesWithDifferentLeakRates) {
  // Same refrigerant and equipment, different rates: R1 10 kg of R-32 at 5 % → 0.5 kg × 700 =
  // 350 kg; R2 10 kg of R-32 at 12 % → 1.2 kg × 700 = 840 kg. Each explanation must redo its own
  // line, with its own rate.
  auto& first = add_source(inv, "R1", "F1", SourceType::fugitive_refrigerant, "");
  first.refrigerant = RefrigerantEquipment{"R-32", "chiller", 0.05, "service log 2024"};
  auto& second = add_source(inv, "R2", "F1", SourceType::fugitive_refrigerant, "");
  second.refrigerant = RefrigerantEquipment{"R-32", "chiller", 0.12, "service log 2024"};
  add_month(inv, "R1", 2024, 1, 10, "kg");
  add_month(inv, "R2", 2024, 1, 10, "kg");
  const auto result = run();
  EXPECT_NEAR(result.sources[0].co2e_kg, 350, 1e-9);
  EXPECT_NEAR(result.sources[1].co2e_kg, 840, 1e-9);
  for (std::size_t idx = 0; idx < 2; ++idx) {
    auto explained = explain_source(inv, result, idx);
    ASSERT_TRUE(explained);
    ASSERT_EQ(explained->records.size(), 1u);
    EXPECT_NEAR(explained->records[0].co2e_kg, result.sources[idx].co2e_kg, 1e-9) << idx;
  }
}

TEST_F(ExplainTest, ContributionsAddUpToTheLine) {
  add_source(inv, "S1", "F2", SourceType::purchased_electricity, "elec.kwh");
  add_month(inv, "S1", 2024, 1, 1234, "kWh");
  add_period(inv, "S1", {2024, 2, 10, 2024, 3, 9}, 2900, "kWh");
  add_period(inv, "S1", {2024, 12, 1, 2025, 1, 31}, 6200, "kWh");  // 31/62 in 2024
  add_month(inv, "S1", 2024, 7, 2, "MWh");
  const auto result = run();
  auto explained = explain_source(inv, result, 0);
  ASSERT_TRUE(explained);
  double sum = 0;
  for (const auto& record : explained->records) sum += record.co2e_kg;
  // 1,234 + 2,900 + 3,100 + 2,000 = 9,234 kWh × 0.5 = 4,617 kg.
  EXPECT_NEAR(sum, 4617, 1e-9);
  EXPECT_NEAR(result.sources[0].co2e_kg, 4617, 1e-9);
}

}  // namespace
}  // namespace cl::inventory

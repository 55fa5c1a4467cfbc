// The computation (compute.hpp) on small inventories built in code with the round-number
// library of tests/support/core_fixtures.hpp. Each expected value is worked out in a comment.
// Fixture reminder: fuel.tj = CO2 50,000 / CH4 10 / N2O 1 kg per TJ at 40 MJ/L, so
//   1,000 L = 40,000 MJ = 0.04 TJ → CO2 2,000 kg, CH4 0.4 kg, N2O 0.04 kg;
//   CO2e (TEST-A: CH4 25, N2O 300) = 2,000 + 0.4×25 + 0.04×300 = 2,000 + 10 + 12 = 2,022 kg.
#include "core/inventory/compute.hpp"

#include <gtest/gtest.h>

#include <algorithm>

#include "support/core_fixtures.hpp"

namespace cl::inventory {
namespace {

using test::add_month;
using test::add_period;
using test::add_source;

std::size_t gas_index(const InventoryResult& result, std::string_view gas) {
  auto it = std::find(result.gases.begin(), result.gases.end(), gas);
  EXPECT_NE(it, result.gases.end()) << gas;
  return static_cast<std::size_t>(it - result.gases.begin());
}

bool has_warning(const InventoryResult& result, ErrorCode code) {
  const auto& items = result.diagnostics.items();
  return std::any_of(items.begin(), items.end(), [&](const Diagnostic& d) {
    return d.code == code && d.severity == Severity::warning;
  });
}

class ComputeTest : public ::testing::Test {
 protected:
  factors::FactorLibrary library = test::make_test_library();
  Inventory inv = test::make_inventory(2024);

  InventoryResult run(const ComputeOptions& options = {}) {
    auto result = compute(inv, library, options);
    EXPECT_TRUE(result) << result.error().to_string();
    return result ? *result : InventoryResult{};
  }
};

TEST_F(ComputeTest, OneFuelSourcePerGas) {
  add_source(inv, "S1", "F1", SourceType::stationary_combustion, "fuel.tj");
  add_month(inv, "S1", 2024, 3, 1000, "L");
  const auto result = run();
  EXPECT_EQ(result.gwp_set, "TEST-A");
  EXPECT_NEAR(result.total_co2e_kg, 2022, 1e-9);
  EXPECT_NEAR(result.gas_kg[gas_index(result, "CO2")], 2000, 1e-9);
  EXPECT_NEAR(result.gas_kg[gas_index(result, "CH4")], 0.4, 1e-12);
  EXPECT_NEAR(result.gas_kg[gas_index(result, "N2O")], 0.04, 1e-12);
  EXPECT_NEAR(result.gas_co2e_kg[gas_index(result, "CH4")], 10, 1e-9);
  EXPECT_NEAR(result.gas_co2e_kg[gas_index(result, "N2O")], 12, 1e-9);
  EXPECT_DOUBLE_EQ(result.gwps[gas_index(result, "N2O")], 300);
  ASSERT_EQ(result.sources.size(), 1u);
  EXPECT_NEAR(result.sources[0].activity, 0.04, 1e-15);  // TJ
  EXPECT_EQ(result.sources[0].factor_id, "fuel.tj");
  EXPECT_NEAR(result.month_co2e_kg[2], 2022, 1e-9);  // March
  EXPECT_NEAR(result.scope_co2e_kg[0], 2022, 1e-9);
  EXPECT_NEAR(result.category_co2e_kg[0], 2022, 1e-9);
  EXPECT_NEAR(result.facility_co2e_kg[0], 2022, 1e-9);
  EXPECT_DOUBLE_EQ(result.facility_co2e_kg[1], 0.0);
  ASSERT_EQ(result.factors.size(), 1u);
  EXPECT_EQ(result.factors[0].id, "fuel.tj");
}

TEST_F(ComputeTest, BreakdownsOfTwoSources) {
  // S1 fuel at F1: 1,000 L in March = 2,022 kg. S2 electricity at F2: 10,000 kWh in January and
  // 10,000 kWh in February × 0.5 kg/kWh = 5,000 + 5,000 = 10,000 kg. Total 12,022 kg.
  add_source(inv, "S1", "F1", SourceType::stationary_combustion, "fuel.tj");
  add_source(inv, "S2", "F2", SourceType::purchased_electricity, "elec.kwh");
  add_month(inv, "S1", 2024, 3, 1000, "L");
  add_month(inv, "S2", 2024, 1, 10000, "kWh");
  add_month(inv, "S2", 2024, 2, 10, "MWh");  // 10 MWh = 10,000 kWh
  const auto result = run();
  EXPECT_NEAR(result.total_co2e_kg, 12022, 1e-9);
  EXPECT_NEAR(result.scope_co2e_kg[0], 2022, 1e-9);
  EXPECT_NEAR(result.scope_co2e_kg[1], 10000, 1e-9);
  EXPECT_DOUBLE_EQ(result.scope_co2e_kg[2], 0.0);
  EXPECT_NEAR(result.category_co2e_kg[1], 10000, 1e-9);
  EXPECT_NEAR(result.facility_co2e_kg[0], 2022, 1e-9);
  EXPECT_NEAR(result.facility_co2e_kg[1], 10000, 1e-9);
  EXPECT_NEAR(result.month_co2e_kg[0], 5000, 1e-9);
  EXPECT_NEAR(result.month_co2e_kg[1], 5000, 1e-9);
  EXPECT_NEAR(result.month_co2e_kg[2], 2022, 1e-9);
  EXPECT_NEAR(result.sources[1].activity, 20000, 1e-9);  // kWh
  EXPECT_EQ(result.sources[1].records, (std::vector<std::size_t>{1, 2}));
  // Hot spots: S2 first with 10,000/12,022 = 83.18 %, then S1, cumulating to 1.
  ASSERT_EQ(result.hotspots.size(), 2u);
  EXPECT_EQ(result.hotspots[0].source, 1u);
  EXPECT_NEAR(result.hotspots[0].share, 10000.0 / 12022.0, 1e-12);
  EXPECT_EQ(result.hotspots[1].source, 0u);
  EXPECT_NEAR(result.hotspots[1].cumulative_share, 1.0, 1e-12);
}

TEST_F(ComputeTest, BillPeriodsAreSpreadByDaysAndCutAtTheYear) {
  // 3,100 kWh over 2024-01-15..2024-02-14: 17/31 → 1,700 kWh in Jan, 14/31 → 1,400 kWh in Feb;
  // × 0.5 = 850 and 700 kg. 3,100 kWh over 2023-12-15..2024-01-14: only 14/31 = 1,400 kWh in
  // 2024 → 700 kg in January. Total 850 + 700 + 700 = 2,250 kg.
  add_source(inv, "S1", "F1", SourceType::purchased_electricity, "elec.kwh");
  add_period(inv, "S1", {2024, 1, 15, 2024, 2, 14}, 3100, "kWh");
  add_period(inv, "S1", {2023, 12, 15, 2024, 1, 14}, 3100, "kWh");
  const auto result = run();
  EXPECT_NEAR(result.month_co2e_kg[0], 850 + 700, 1e-9);
  EXPECT_NEAR(result.month_co2e_kg[1], 700, 1e-9);
  EXPECT_NEAR(result.total_co2e_kg, 2250, 1e-9);
  EXPECT_NEAR(result.sources[0].activity, 1700 + 1400 + 1400, 1e-9);
}

TEST_F(ComputeTest, RecordOutsideTheYearIsNotCountedAndWarned) {
  add_source(inv, "S1", "F1", SourceType::purchased_electricity, "elec.kwh");
  add_month(inv, "S1", 2024, 6, 100, "kWh");  // 50 kg
  add_month(inv, "S1", 2023, 6, 999, "kWh");
  const auto result = run();
  EXPECT_NEAR(result.total_co2e_kg, 50, 1e-12);
  EXPECT_TRUE(has_warning(result, ErrorCode::inventory_bad_period));
}

TEST_F(ComputeTest, GwpSetOptionOverridesTheInventorys) {
  // TEST-B: CH4 30, N2O 200 → 2,000 + 0.4×30 + 0.04×200 = 2,000 + 12 + 8 = 2,020 kg.
  add_source(inv, "S1", "F1", SourceType::stationary_combustion, "fuel.tj");
  add_month(inv, "S1", 2024, 3, 1000, "L");
  const auto result = run({.gwp_set = "TEST-B"});
  EXPECT_EQ(result.gwp_set, "TEST-B");
  EXPECT_NEAR(result.total_co2e_kg, 2020, 1e-9);
  EXPECT_EQ(inv.gwp_set, "TEST-A");  // the input is untouched
}

TEST_F(ComputeTest, BiogenicCo2IsReportedApart) {
  // wood.t: 2 t → CO2_biogenic 2 × 1,000 = 2,000 kg (apart), CH4 2 × 1 = 2 kg × 25 = 50 kg.
  add_source(inv, "S1", "F1", SourceType::stationary_combustion, "wood.t");
  add_month(inv, "S1", 2024, 1, 2, "t");
  const auto result = run();
  EXPECT_NEAR(result.total_co2e_kg, 50, 1e-9);
  EXPECT_NEAR(result.biogenic_co2_kg, 2000, 1e-9);
  EXPECT_NEAR(result.sources[0].biogenic_co2_kg, 2000, 1e-9);
  const auto bio = gas_index(result, "CO2_biogenic");
  EXPECT_EQ(result.gas_in_total[bio], 0);
  EXPECT_NEAR(result.gas_kg[bio], 2000, 1e-9);
  EXPECT_DOUBLE_EQ(result.gas_co2e_kg[bio], 0.0);
  EXPECT_NEAR(result.month_co2e_kg[0], 50, 1e-9);
}

TEST_F(ComputeTest, MontrealGasesAreReportedApartEvenInsideABlend) {
  // R-MIX (0.5 HCFC-22 + 0.5 HFC-32), 10 kg charge in a chiller at the default 10 %/yr:
  // HCFC-22 10 × 0.1 × 0.5 = 0.5 kg × 2,000 = 1,000 kg CO2e apart; HFC-32 0.5 kg × 700 = 350 kg
  // in the total. A plain HCFC-22 source of 3 kg adds 3 × 2,000 = 6,000 kg apart.
  auto& fridge = add_source(inv, "S1", "F1", SourceType::fugitive_refrigerant, "");
  fridge.refrigerant = RefrigerantEquipment{"R-MIX", "chiller", std::nullopt, ""};
  add_source(inv, "S2", "F1", SourceType::fugitive_other, "hcfc.kg");
  add_month(inv, "S1", 2024, 6, 10, "kg");
  add_month(inv, "S2", 2024, 7, 3, "kg");
  const auto result = run();
  EXPECT_NEAR(result.total_co2e_kg, 350, 1e-9);
  EXPECT_NEAR(result.montreal_co2e_kg, 1000 + 6000, 1e-9);
  EXPECT_NEAR(result.sources[0].montreal_co2e_kg, 1000, 1e-9);
  EXPECT_NEAR(result.sources[0].co2e_kg, 350, 1e-9);
  EXPECT_NEAR(result.month_co2e_kg[5], 350, 1e-9);  // June holds the Kyoto part only
  EXPECT_NEAR(result.month_co2e_kg[6], 0, 1e-9);
  EXPECT_EQ(result.sources[0].factor_id, "refrigerant:R-MIX@chiller");
  EXPECT_DOUBLE_EQ(result.gas_co2e_kg[gas_index(result, "HCFC-22")], 0.0);
}

TEST_F(ComputeTest, EquityShareScalesTheFacilitysSources) {
  // Equity boundary, F2 held at 40 %: 10,000 kWh × 0.4 × 0.5 kg/kWh = 2,000 kg; F1 at 100 %.
  inv.boundary = Boundary::equity_share;
  inv.facilities[1].equity_share = 0.4;
  add_source(inv, "S1", "F2", SourceType::purchased_electricity, "elec.kwh");
  add_source(inv, "S2", "F1", SourceType::purchased_electricity, "elec.kwh");
  add_month(inv, "S1", 2024, 1, 10000, "kWh");
  add_month(inv, "S2", 2024, 1, 1000, "kWh");  // 500 kg
  const auto result = run();
  EXPECT_NEAR(result.facility_co2e_kg[1], 2000, 1e-9);
  EXPECT_NEAR(result.total_co2e_kg, 2500, 1e-9);
  // Under operational control the share is ignored: 5,000 + 500.
  inv.boundary = Boundary::operational_control;
  EXPECT_NEAR(run().total_co2e_kg, 5500, 1e-9);
}

TEST_F(ComputeTest, ExplicitCategoryDecidesScope) {
  // Category 4 (purchased goods, ISO 14064-1) is scope 3: 250 kg CO2 at 1 kg/kg.
  auto& source = add_source(inv, "S1", "F1", SourceType::indirect_other, "co2.kg");
  source.category = 4;
  add_month(inv, "S1", 2024, 2, 250, "kg");
  const auto result = run();
  EXPECT_NEAR(result.category_co2e_kg[3], 250, 1e-12);
  EXPECT_NEAR(result.scope_co2e_kg[2], 250, 1e-12);
  EXPECT_DOUBLE_EQ(result.scope_co2e_kg[0], 0.0);
}

TEST_F(ComputeTest, OwnFactorsComeBeforeTheLibrary) {
  // An own factor with the library's id elec.kwh at 0.3: 1,000 kWh → 300 kg (not 500).
  factors::EmissionFactor own;
  own.id = "elec.kwh";
  own.per = test::unit("kWh");
  own.gases = {{"CO2e", 0.3}};
  own.type = factors::FactorType::manufacturer;
  inv.own_factors.push_back(own);
  add_source(inv, "S1", "F1", SourceType::purchased_electricity, "elec.kwh");
  add_month(inv, "S1", 2024, 1, 1000, "kWh");
  EXPECT_NEAR(run().total_co2e_kg, 300, 1e-12);
}

TEST_F(ComputeTest, SourceHeatingValueOverridesTheFactors) {
  // Own test data 36 MJ/L: 1,000 L → 0.036 TJ → CO2 1,800, CH4 0.36 × 25 = 9,
  // N2O 0.036 × 300 = 10.8 → 1,819.8 kg.
  auto& source = add_source(inv, "S1", "F1", SourceType::stationary_combustion, "fuel.tj");
  source.heating_value = factors::HeatingValue{36, test::unit("MJ"), test::unit("L"), {}};
  add_month(inv, "S1", 2024, 3, 1000, "L");
  EXPECT_NEAR(run().total_co2e_kg, 1819.8, 1e-9);
}

TEST_F(ComputeTest, FailsWithTheFirstErrorAndCountsTheRest) {
  add_source(inv, "S1", "F1", SourceType::purchased_electricity, "elec.kwh");
  add_month(inv, "S1", 2024, 1, -5, "kWh");
  add_month(inv, "S1", 2024, 2, -6, "kWh");
  auto result = compute(inv, library);
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, ErrorCode::inventory_negative_amount);
  EXPECT_NE(result.error().message.find("(and 1 more problems"), std::string::npos)
      << result.error().message;
  EXPECT_EQ(result.error().where.row, 1);
  EXPECT_EQ(result.error().where.field, "amount");
}

TEST_F(ComputeTest, GwpMissingForAGasStopsTheComputation) {
  add_source(inv, "S1", "F1", SourceType::stationary_combustion, "fuel.tj");
  add_month(inv, "S1", 2024, 3, 1000, "L");
  auto result = compute(inv, library, {.gwp_set = "NO-N2O"});
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, ErrorCode::gwp_missing);
  EXPECT_NE(result.error().message.find("'N2O'"), std::string::npos);
}

TEST_F(ComputeTest, UnknownGwpSetOption) {
  add_source(inv, "S1", "F1", SourceType::purchased_electricity, "elec.kwh");
  add_month(inv, "S1", 2024, 1, 1, "kWh");
  auto result = compute(inv, library, {.gwp_set = "AR9"});
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, ErrorCode::gwp_set_unknown);
  EXPECT_EQ(result.error().where.field, "gwp");
}

}  // namespace
}  // namespace cl::inventory

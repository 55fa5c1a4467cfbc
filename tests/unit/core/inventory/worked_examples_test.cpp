// Published worked examples computed against the real factor data in data/ (loaded through
// io::load_library). Each test names its source; the expected value is the published figure or
// the arithmetic written out from published inputs. Reference = /work/shared/reference/
// taiwan-ghg.md (the project's collected Taiwan GHG specifics).
#include <gtest/gtest.h>

#include <cmath>

#include "core/inventory/compute.hpp"
#include "io/factor_loader.hpp"
#include "support/core_fixtures.hpp"

namespace cl::inventory {
namespace {

using test::add_month;
using test::add_period;
using test::add_source;

class WorkedExamplesTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    loaded_ = new io::LoadedLibrary(io::load_library(CL_SOURCE_DIR "/data"));
  }
  static void TearDownTestSuite() {
    delete loaded_;
    loaded_ = nullptr;
  }
  static const factors::FactorLibrary& library() { return loaded_->library; }
  static const Diagnostics& load_diagnostics() { return loaded_->diagnostics; }

  Inventory inv = [] {
    auto inventory = test::make_inventory(2024);
    inventory.gwp_set = "AR5";  // Taiwan regulatory default (reference §2)
    return inventory;
  }();

  InventoryResult run(const ComputeOptions& options = {}) {
    auto result = compute(inv, library(), options);
    EXPECT_TRUE(result) << result.error().to_string();
    return result ? *result : InventoryResult{};
  }

 private:
  static io::LoadedLibrary* loaded_;
};
io::LoadedLibrary* WorkedExamplesTest::loaded_ = nullptr;

TEST_F(WorkedExamplesTest, DataFolderLoadsWithoutErrors) {
  for (const auto& item : load_diagnostics().items()) {
    EXPECT_NE(item.severity, Severity::error) << item.to_string();
  }
  EXPECT_GT(library().factors().size(), 30u);
  // AR5 values the reference §2 lists for the MOENV 附表四: CH4 28, fossil CH4 30, N2O 265,
  // SF6 23,500, NF3 16,100.
  const auto& ar5 = **library().find_gwp_set("AR5");
  EXPECT_DOUBLE_EQ(ar5.values.at("CH4"), 28);
  EXPECT_DOUBLE_EQ(ar5.values.at("CH4_fossil"), 30);
  EXPECT_DOUBLE_EQ(ar5.values.at("N2O"), 265);
  EXPECT_DOUBLE_EQ(ar5.values.at("SF6"), 23500);
  EXPECT_DOUBLE_EQ(ar5.values.at("NF3"), 16100);
}

TEST_F(WorkedExamplesTest, Ipcc2006DieselStationaryCombustion) {
  // IPCC 2006 Vol. 2 Table 1.4 (CO2 74,100 kg/TJ) and Table 2.3 (manufacturing: CH4 3,
  // N2O 0.6 kg/TJ). 1 TJ of diesel given as 1,000 GJ, and as 1,000/43.0 t with the Table 1.2
  // NCV of 43.0 GJ/t. CO2e (AR5) = 74,100 + 3×28 + 0.6×265 = 74,100 + 84 + 159 = 74,343 kg.
  add_source(inv, "S1", "F1", SourceType::stationary_combustion, "ipcc2006.stationary.diesel");
  add_month(inv, "S1", 2024, 1, 1000, "GJ");
  add_source(inv, "S2", "F1", SourceType::stationary_combustion, "ipcc2006.stationary.diesel");
  add_month(inv, "S2", 2024, 1, 1000.0 / 43.0, "t");
  const auto result = run();
  EXPECT_NEAR(result.sources[0].co2e_kg, 74343, 1e-6);
  EXPECT_NEAR(result.sources[1].co2e_kg, 74343, 1e-6);
  EXPECT_NEAR(result.sources[1].gas_kg[0], 74100, 1e-6);  // CO2 first in the factor
}

TEST_F(WorkedExamplesTest, MoenvVehicleDieselPerLitre) {
  // Reference §1: the 2024 MOENV factor with the 113 (2024) LHV gives 2.6811 kg CO2, 0.0001411
  // kg CH4 and 0.0001411 kg N2O per litre of vehicle diesel. Check: 8,642 kcal × 4,186.8 J =
  // 36.1823 MJ = 36.1823e-6 TJ; × 74,100 = 2.68111 kg; × 3.9 = 0.00014111 kg.
  add_source(inv, "S1", "F1", SourceType::mobile_combustion, "tw.moenv2024.mobile.diesel");
  add_month(inv, "S1", 2024, 5, 1, "L");
  const auto result = run();
  const auto& gases = result.sources[0].gas_kg;
  ASSERT_EQ(result.gases, (std::vector<std::string>{"CO2", "CH4", "N2O"}));
  EXPECT_NEAR(gases[0], 2.6811, 0.00005);
  EXPECT_NEAR(gases[1], 0.0001411, 0.00000005);
  EXPECT_NEAR(gases[2], 0.0001411, 0.00000005);
  // The legacy 6.0.4 row gives 2.6060 kg CO2/L (reference §1).
  inv.sources[0].factor = "tw.moenv604.mobile.diesel";
  EXPECT_NEAR(run().sources[0].gas_kg[0], 2.6060, 1e-12);
}

TEST_F(WorkedExamplesTest, RefrigerantBlendsFromComponentShares) {
  // R-410A = 50 % HFC-32 + 50 % HFC-125 (ASHRAE 34). AR6 Table 7.SM.7: HFC-32 771,
  // HFC-125 3,740 → 0.5×771 + 0.5×3,740 = 385.5 + 1,870 = 2,255.5.
  const auto& lib = library();
  const auto& r410a = **lib.find_blend("R-410A");
  EXPECT_NEAR(lib.blend_gwp(r410a, **lib.find_gwp_set("AR6"))->gwp, 2255.5, 1e-9);
  // R-404A = 44 % HFC-125 + 52 % HFC-143a + 4 % HFC-134a; AR4 (Table 2.14) 3,500 / 4,470 /
  // 1,430 → 1,540 + 2,324.4 + 57.2 = 3,921.6, the published 3,922.
  const auto& r404a = **lib.find_blend("R-404A");
  ASSERT_EQ(r404a.components.size(), 3u);
  EXPECT_EQ(r404a.components[0].gas, "HFC-125");
  EXPECT_DOUBLE_EQ(r404a.components[0].share, 0.44);
  EXPECT_EQ(r404a.components[1].gas, "HFC-143a");
  EXPECT_DOUBLE_EQ(r404a.components[1].share, 0.52);
  EXPECT_EQ(r404a.components[2].gas, "HFC-134a");
  EXPECT_DOUBLE_EQ(r404a.components[2].share, 0.04);
  const double ar4 = lib.blend_gwp(r404a, **lib.find_gwp_set("AR4"))->gwp;
  EXPECT_NEAR(ar4, 3921.6, 1e-9);
  EXPECT_EQ(std::lround(ar4), 3922);
}

TEST_F(WorkedExamplesTest, RefrigerantLeakUnderAr6) {
  // 10 kg R-410A in a residential/commercial AC at the 5.5 %/yr default (reference §6, default
  // A; IPCC 2006 Vol. 3 Table 7.9 range 1–10 %): 10 × 0.055 × 2,255.5 = 1,240.525 kg CO2e.
  auto& source = add_source(inv, "R1", "F1", SourceType::fugitive_refrigerant, "");
  source.refrigerant = RefrigerantEquipment{"R-410A", "residential_commercial_ac", {}, ""};
  add_month(inv, "R1", 2024, 8, 10, "kg");
  const auto result = run({.gwp_set = "AR6"});
  EXPECT_NEAR(result.total_co2e_kg, 1240.525, 1e-9);
}

TEST_F(WorkedExamplesTest, Scope2LocationAndMarketWith2024GridFactor) {
  // Reference §3: 2024 (113) grid factor 0.474 kg CO2e/kWh. 100,000 kWh → 47,400 kg location.
  // 30,000 kWh certificates + 20,000 kWh supplier contract at 0.2, no residual mix:
  //   20,000 × 0.2 + 50,000 × 0.474 = 4,000 + 23,700 = 27,700 kg.
  // With a residual mix of 0.55: 4,000 + 50,000 × 0.55 = 4,000 + 27,500 = 31,500 kg.
  add_source(inv, "E1", "F1", SourceType::purchased_electricity, "tw.moea.grid.2024");
  add_month(inv, "E1", 2024, 1, 100000, "度");
  inv.instruments.push_back(
      {.id = "REC", .type = InstrumentType::certificate, .facility = "F1", .kwh = 30000});
  inv.instruments.push_back({.id = "PPA",
                             .type = InstrumentType::supplier_specific,
                             .facility = "F1",
                             .kwh = 20000,
                             .kg_co2e_per_kwh = 0.2});
  const auto grid = run();
  EXPECT_NEAR(grid.scope_co2e_kg[1], 47400, 1e-6);
  EXPECT_NEAR(grid.scope2_market_co2e_kg, 27700, 1e-6);
  inv.instruments.push_back({.id = "RM",
                             .type = InstrumentType::residual_mix,
                             .facility = "F1",
                             .kg_co2e_per_kwh = 0.55});
  EXPECT_NEAR(run().scope2_market_co2e_kg, 31500, 1e-6);
}

TEST_F(WorkedExamplesTest, SepticTankPersonHours) {
  // Reference §6 (6.0.4): 0.003825 t CH4/person-year ÷ 2,400 h = 0.0000015938 t (0.0015938 kg)
  // CH4 per person-hour. 100 staff × 300 days × 8 h = 240,000 person-hours × 0.0015938
  // = 382.512 kg CH4 × 28 (AR5) = 10,710.336 kg CO2e.
  // 0.003825 / 2,400 = 0.00000159375, which the 6.0.4 table rounds (half up) to 0.0000015938.
  EXPECT_NEAR(0.003825 / 2400, 0.0000015938, 0.000000000051);
  const auto& factor = **library().find_factor("tw.moenv604.septic.person_hour");
  EXPECT_DOUBLE_EQ(factor.gases.at(0).kg_per_unit, 0.0015938);
  add_source(inv, "T1", "F1", SourceType::fugitive_septic, "tw.moenv604.septic.person_hour");
  add_period(inv, "T1", {2024, 1, 1, 2024, 12, 31}, 100 * 300 * 8, "person-hour");
  // The same staff entered as 100 person-years (2,400 h each) gives the same result.
  add_source(inv, "T2", "F2", SourceType::fugitive_septic, "tw.moenv604.septic.person_hour");
  add_period(inv, "T2", {2024, 1, 1, 2024, 12, 31}, 100, "人年");
  const auto result = run();
  EXPECT_NEAR(result.sources[0].gas_kg[0], 382.512, 1e-9);
  EXPECT_NEAR(result.sources[0].co2e_kg, 10710.336, 1e-6);
  EXPECT_NEAR(result.sources[1].co2e_kg, 10710.336, 1e-6);
}

TEST_F(WorkedExamplesTest, Co2ExtinguisherMassBalance) {
  // Reference §6: CO2 extinguisher, mass balance, EF = 1: 45 kg refilled → 45 kg CO2.
  add_source(inv, "X1", "F1", SourceType::fugitive_extinguisher, "massbalance.extinguisher.co2");
  add_month(inv, "X1", 2024, 9, 45, "公斤");
  EXPECT_NEAR(run().total_co2e_kg, 45, 1e-12);
}

TEST_F(WorkedExamplesTest, BillPeriodSplitWithTheGridFactor) {
  // 3,100 kWh billed 2024-01-15..2024-02-14: 17/31 → 1,700 kWh × 0.474 = 805.8 kg in January,
  // 14/31 → 1,400 kWh × 0.474 = 663.6 kg in February. A bill 2023-12-15..2024-01-14 of
  // 3,100 kWh counts only 14/31 → 663.6 kg in a 2024 inventory.
  add_source(inv, "E1", "F1", SourceType::purchased_electricity, "tw.moea.grid.2024");
  add_period(inv, "E1", {2024, 1, 15, 2024, 2, 14}, 3100, "kWh");
  add_period(inv, "E1", {2023, 12, 15, 2024, 1, 14}, 3100, "kWh");
  const auto result = run();
  EXPECT_NEAR(result.month_co2e_kg[0], 805.8 + 663.6, 1e-9);
  EXPECT_NEAR(result.month_co2e_kg[1], 663.6, 1e-9);
  EXPECT_NEAR(result.total_co2e_kg, 805.8 + 663.6 + 663.6, 1e-9);
}

TEST_F(WorkedExamplesTest, DataQualityBandsAndWeightedGrade) {
  // Reference §4: electricity bills A1 = 2, A2 = 2 with the national grid factor (A3 = 3):
  // 2×2×3 = 12 → band 2. Diesel metered and externally calibrated A1 = 1, A2 = 1 with an IPCC
  // (international, A3 = 3) factor: 3 → band 1.
  // Emissions: 100,000 kWh × 0.474 = 47,400 kg; 1,000 GJ diesel = 74,343 kg.
  // Weighted band = (47,400×2 + 74,343×1) / 121,743 = 169,143 / 121,743 = 1.3893 → grade 1.
  add_source(inv, "E1", "F1", SourceType::purchased_electricity, "tw.moea.grid.2024").quality = {2,
                                                                                                 2};
  add_month(inv, "E1", 2024, 1, 100000, "kWh");
  add_source(inv, "S1", "F1", SourceType::stationary_combustion, "ipcc2006.stationary.diesel");
  add_month(inv, "S1", 2024, 1, 1000, "GJ");
  const auto result = run();
  EXPECT_EQ(result.sources[0].quality.score, 12);
  EXPECT_EQ(result.sources[0].quality.band, 2);
  EXPECT_EQ(result.sources[1].quality.score, 3);
  EXPECT_EQ(result.sources[1].quality.band, 1);
  EXPECT_NEAR(result.quality_score, 169143.0 / 121743.0, 1e-12);
  EXPECT_EQ(result.quality_grade, 1);
}

TEST_F(WorkedExamplesTest, UncertaintyApproach1) {
  // Reference §5 / IPCC 2006 Vol. 1 eq. 3.1: 100 t ±10 % and 300 t ±5 % (CO2 mass balance, the
  // factor is exact): √((100×0.10)² + (300×0.05)²) / 400 = √325 / 400 = 4.507 %. Asymmetric
  // bounds are combined separately: lower −10 % / −5 % as above; upper +20 % / +5 %:
  // √(20² + 15²) / 400 = 25 / 400 = 6.25 %.
  add_source(inv, "X1", "F1", SourceType::fugitive_extinguisher, "massbalance.extinguisher.co2")
      .activity_uncertainty = {0.10, 0.20};
  add_month(inv, "X1", 2024, 1, 100, "t");
  add_source(inv, "X2", "F1", SourceType::fugitive_extinguisher, "massbalance.extinguisher.co2")
      .activity_uncertainty = {0.05, 0.05};
  add_month(inv, "X2", 2024, 1, 300, "t");
  const auto result = run();
  EXPECT_NEAR(result.uncertainty.lower, 0.04507, 0.000005);
  EXPECT_NEAR(result.uncertainty.upper, 0.0625, 1e-12);
}

TEST_F(WorkedExamplesTest, BiogenicCo2AndHcfc22ReportedApart) {
  // Wood, IPCC 2006 Table 1.4/2.3: CO2 112,000 (biogenic), CH4 30, N2O 4 kg/TJ. 1 TJ:
  // 112,000 kg biogenic CO2 apart; in the total 30×28 + 4×265 = 840 + 1,060 = 1,900 kg.
  // R-22 (HCFC-22, Montreal), 10 kg at 5.5 %: 0.55 kg × 1,760 (AR5) = 968 kg CO2e apart.
  add_source(inv, "W1", "F1", SourceType::stationary_combustion, "ipcc2006.stationary.wood");
  add_month(inv, "W1", 2024, 2, 1, "TJ");
  auto& ac = add_source(inv, "R1", "F1", SourceType::fugitive_refrigerant, "");
  ac.refrigerant = RefrigerantEquipment{"R-22", "residential_commercial_ac", {}, ""};
  add_month(inv, "R1", 2024, 2, 10, "kg");
  const auto result = run();
  EXPECT_NEAR(result.biogenic_co2_kg, 112000, 1e-6);
  EXPECT_NEAR(result.total_co2e_kg, 1900, 1e-9);
  EXPECT_NEAR(result.montreal_co2e_kg, 968, 1e-9);
  EXPECT_NEAR(result.month_co2e_kg[1], 1900, 1e-9);
}

}  // namespace
}  // namespace cl::inventory

// Reduction proposals (reduction.hpp) against the real factor data in data/ (io::load_library).
// Every expected value is worked out by hand in the comment above it.
#include "core/inventory/reduction.hpp"

#include <gtest/gtest.h>

#include <limits>

#include "io/factor_loader.hpp"

namespace cl::inventory {
namespace {

class ReductionTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    loaded_ = new io::LoadedLibrary(io::load_library(CL_SOURCE_DIR "/data"));
  }
  static void TearDownTestSuite() {
    delete loaded_;
    loaded_ = nullptr;
  }
  static const factors::FactorLibrary& library() { return loaded_->library; }
  static const factors::EmissionFactor& factor(std::string_view id) {
    return **library().find_factor(id);
  }
  static const factors::GwpSet& ar5() { return **library().find_gwp_set("AR5"); }
  static units::Unit unit(std::string_view symbol) { return *units::find_unit(symbol); }

  static ReductionInput input(double amount, std::string_view symbol, double investment = 0,
                              double saving = 0) {
    return {amount, unit(symbol), investment, saving};
  }

 private:
  static io::LoadedLibrary* loaded_;
};
io::LoadedLibrary* ReductionTest::loaded_ = nullptr;

// A variable-speed air compressor saves 50,000 kWh a year. Grid factor 2024 (data/factors/
// tw-electricity.yaml): 0.474 kg CO2e/kWh → 50,000 × 0.474 = 23,700 kg CO2e.
// Payback: 300,000 TWD / 150,000 TWD a year = 2 years.
TEST_F(ReductionTest, ElectricityTimesTheGridFactor) {
  const auto estimate = estimate_reduction(input(50000, "kWh", 300000, 150000),
                                           factor("tw.moea.grid.2024"), nullptr, library(), ar5());
  ASSERT_TRUE(estimate) << estimate.error().to_string();
  EXPECT_DOUBLE_EQ(estimate->activity_saving, 50000);
  EXPECT_NEAR(estimate->co2e_saving_kg, 23700, 1e-9);
  ASSERT_TRUE(estimate->payback_years);
  EXPECT_DOUBLE_EQ(*estimate->payback_years, 2.0);
}

// The same saving written in 度 (the bill's unit) and in MWh: 50 MWh = 50,000 kWh → 23,700 kg.
TEST_F(ReductionTest, ElectricityUnitsConvert) {
  for (const auto& [amount, symbol] : {std::pair{50000.0, "度"}, std::pair{50.0, "MWh"}}) {
    const auto estimate = estimate_reduction(input(amount, symbol), factor("tw.moea.grid.2024"),
                                             nullptr, library(), ar5());
    ASSERT_TRUE(estimate) << estimate.error().to_string();
    EXPECT_NEAR(estimate->co2e_saving_kg, 23700, 1e-9) << symbol;
  }
}

// A boiler saves 10,000 m3 of natural gas a year. The demo heating value 8,728 kcal/m3 (IT
// calorie, 4,186.8 J; data/demo/fastener-2024.yaml S02) and the MOENV 2024 per-TJ factor
// (CO2 56,100, CH4 1, N2O 0.1 kg/TJ) with AR5 (CH4 28, N2O 265):
//   energy = 10,000 m3 × 8,728 kcal/m3 × 4,186.8 J/kcal = 365,423,904,000 J = 0.365423904 TJ
//   CO2 = 0.365423904 × 56,100           = 20,500.2810144 kg
//   CH4 = 0.365423904 × 1   = 0.365423904 kg × 28  = 10.231869312 kg CO2e
//   N2O = 0.365423904 × 0.1 = 0.0365423904 kg × 265 = 9.683733456 kg CO2e
//   total                                 = 20,520.196617168 kg CO2e
// No cost saving given: no payback.
TEST_F(ReductionTest, NaturalGasThroughTheHeatingValue) {
  const factors::HeatingValue heating{8728, unit("kcal"), unit("m3"), {}};
  const auto estimate =
      estimate_reduction(input(10000, "m3", 500000, 0),
                         factor("tw.moenv2024.stationary.natural_gas"), &heating, library(), ar5());
  ASSERT_TRUE(estimate) << estimate.error().to_string();
  EXPECT_NEAR(estimate->activity_saving, 0.365423904, 1e-15);
  EXPECT_NEAR(estimate->co2e_saving_kg, 20520.196617168, 1e-6);
  EXPECT_FALSE(estimate->payback_years);
}

// Under AR4 (CH4 25, N2O 298): 20,500.2810144 + 0.365423904 × 25 + 0.0365423904 × 298
//   = 20,500.2810144 + 9.1355976 + 10.8896323392 = 20,520.3062443392 kg.
TEST_F(ReductionTest, TheGwpSetOfTheInventoryCounts) {
  const factors::HeatingValue heating{8728, unit("kcal"), unit("m3"), {}};
  const auto estimate =
      estimate_reduction(input(10000, "m3"), factor("tw.moenv2024.stationary.natural_gas"),
                         &heating, library(), **library().find_gwp_set("AR4"));
  ASSERT_TRUE(estimate) << estimate.error().to_string();
  EXPECT_NEAR(estimate->co2e_saving_kg, 20520.3062443392, 1e-6);
}

// Nothing invested, 40,000 TWD saved a year: pays back at once (0 years).
TEST_F(ReductionTest, NoInvestmentPaysBackAtOnce) {
  const auto estimate = estimate_reduction(input(1000, "kWh", 0, 40000),
                                           factor("tw.moea.grid.2024"), nullptr, library(), ar5());
  ASSERT_TRUE(estimate);
  ASSERT_TRUE(estimate->payback_years);
  EXPECT_DOUBLE_EQ(*estimate->payback_years, 0.0);
}

TEST_F(ReductionTest, AUnitThatDoesNotFitTheFactorIsAUnitMismatch) {
  // m3 of gas against the grid factor given per kWh.
  const auto wrong = estimate_reduction(input(10000, "m3"), factor("tw.moea.grid.2024"), nullptr,
                                        library(), ar5());
  ASSERT_FALSE(wrong);
  EXPECT_EQ(wrong.error().code, ErrorCode::unit_mismatch);
  EXPECT_EQ(wrong.error().where.field, "energy_unit");
  EXPECT_NE(wrong.error().message.find("m3"), std::string::npos) << wrong.error().message;
  EXPECT_NE(wrong.error().message.find("kWh"), std::string::npos) << wrong.error().message;
  // Natural gas in m3 without a heating value: the per-TJ factor has none of its own.
  const auto no_heating = estimate_reduction(
      input(10000, "m3"), factor("tw.moenv2024.stationary.natural_gas"), nullptr, library(), ar5());
  ASSERT_FALSE(no_heating);
  EXPECT_EQ(no_heating.error().code, ErrorCode::unit_mismatch);
}

TEST_F(ReductionTest, NegativeAndNonFiniteNumbersAreRefused) {
  const auto& grid = factor("tw.moea.grid.2024");
  const struct {
    ReductionInput input;
    const char* field;
  } cases[] = {{input(-1, "kWh"), "energy_saving"},
               {input(1, "kWh", -5, 0), "investment_twd"},
               {input(1, "kWh", 0, -0.5), "annual_cost_saving_twd"},
               {input(std::numeric_limits<double>::infinity(), "kWh"), "energy_saving"}};
  for (const auto& item : cases) {
    const auto refused = estimate_reduction(item.input, grid, nullptr, library(), ar5());
    ASSERT_FALSE(refused) << item.field;
    EXPECT_EQ(refused.error().code, ErrorCode::parse_bad_value);
    EXPECT_EQ(refused.error().where.field, item.field);
  }
}

TEST_F(ReductionTest, GridFactorOfTheYearElseTheLatest) {
  // data/factors/tw-electricity.yaml has tw.moea.grid.2015 … 2024.
  EXPECT_EQ((*grid_factor(library(), 2024))->id, "tw.moea.grid.2024");
  EXPECT_EQ((*grid_factor(library(), 2016))->id, "tw.moea.grid.2016");
  EXPECT_EQ((*grid_factor(library(), 2031))->id, "tw.moea.grid.2024");
  const factors::FactorLibrary empty;
  const auto none = grid_factor(empty, 2024);
  ASSERT_FALSE(none);
  EXPECT_EQ(none.error().code, ErrorCode::factor_not_found);
}

TEST_F(ReductionTest, EquipmentIds) {
  EXPECT_EQ(*parse_equipment("air_compressor"), Equipment::air_compressor);
  EXPECT_EQ(equipment_id(*parse_equipment("chiller")), "chiller");
  EXPECT_EQ(equipment_name(Equipment::boiler, true), "鍋爐");
  EXPECT_EQ(equipment_name(Equipment::motor, false), "motor");
  const auto unknown = parse_equipment("kettle");
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().code, ErrorCode::parse_bad_value);
  EXPECT_TRUE(is_electricity_unit(unit("度")));
  EXPECT_FALSE(is_electricity_unit(unit("kcal")));
}

}  // namespace
}  // namespace cl::inventory

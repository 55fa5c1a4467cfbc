// Worked examples of the method calculations (calculate.hpp), each computed by hand in the
// comment. Grid factor 0.494 t CO2/MWh: Taiwan's 2023 national electricity factor
// (data/factors/tw-electricity.yaml, MOEA announcement of 2024-04-26 [S]); with a national
// factor per kWh sold the grid loss l is 0.
#include "core/offsets/calculate.hpp"

#include <gtest/gtest.h>

namespace cl::offsets {
namespace {

constexpr double kTw2023 = 0.494;

TEST(OffsetsCalculate, LightingRetrofitWorkedExample) {
  // 500 T8 fluorescent lamps of 40 W (with ballast) replaced by 18 W LED tubes, lit 12 h a day
  // on 300 working days = 3,600 h; all old lamps scrapped.
  //   E_BL = 500 × 40 W × 3,600 h / 10^6 = 72.0 MWh;  E_PJ = 500 × 18 × 3,600 / 10^6 = 32.4 MWh
  //   BE = 72.0 × 0.494 = 35.568 t;  PE = 32.4 × 0.494 = 16.0056 t;  LE = 0
  //   ER = 35.568 − 16.0056 = 19.5624 t CO2e
  const auto out = calculate_lighting({500, 40, 18, 3600, {kTw2023, 0.0, 1.0, 0.0}});
  EXPECT_NEAR(out.lines[0].value, 72.0, 1e-9);
  EXPECT_NEAR(out.lines[1].value, 32.4, 1e-9);
  EXPECT_NEAR(out.baseline_t, 35.568, 1e-9);
  EXPECT_NEAR(out.project_t, 16.0056, 1e-9);
  EXPECT_DOUBLE_EQ(out.leakage_t, 0.0);
  EXPECT_NEAR(out.reduction_t, 19.5624, 1e-9);
  EXPECT_NEAR(out.energy_saved_mwh, 39.6, 1e-9);
  EXPECT_EQ(out.lines.back().symbol, "ER");
}

TEST(OffsetsCalculate, LightingLeakageWhenLampsAreNotScrapped) {
  // Only 90 % of the old lamps have scrapping records: LE = 0.1 × 35.568 = 3.5568 t,
  // ER = 35.568 − 16.0056 − 3.5568 = 16.0056 t.
  const auto out = calculate_lighting({500, 40, 18, 3600, {kTw2023, 0.0, 0.9, 0.0}});
  EXPECT_NEAR(out.leakage_t, 3.5568, 1e-9);
  EXPECT_NEAR(out.reduction_t, 16.0056, 1e-9);
}

TEST(OffsetsCalculate, ChillerReplacementWorkedExample) {
  // A 300 RT chiller of 0.85 kW/RT replaced by one of about 0.55 kW/RT. Cooling delivered in the
  // year: 300 RT × 60 % load × 4,000 h = 720,000 RT·h; the new chiller's meter reads 396 MWh;
  // 5 kg of R-134a refilled (GWP AR5 1,300, data/gwp/ar5.yaml) = 6.5 t CO2e.
  //   E_BL = 720,000 × 0.85 / 1000 = 612 MWh;  BE = 612 × 0.494 = 302.328 t
  //   PE = 396 × 0.494 + 6.5 = 195.624 + 6.5 = 202.124 t;  LE = 0 (old chiller scrapped)
  //   ER = 302.328 − 202.124 = 100.204 t CO2e
  const auto out = calculate_chiller({720000, 0.85, 396, 6.5, {kTw2023, 0.0, 1.0, 0.0}});
  EXPECT_NEAR(out.lines[0].value, 612.0, 1e-9);
  EXPECT_NEAR(out.baseline_t, 302.328, 1e-9);
  EXPECT_NEAR(out.project_t, 202.124, 1e-9);
  EXPECT_NEAR(out.reduction_t, 100.204, 1e-9);
  EXPECT_NEAR(out.energy_saved_mwh, 216.0, 1e-9);
}

TEST(OffsetsCalculate, MotorVsdWithGridLosses) {
  // 45 kW measured before a VSD retrofit, 6,000 h in the period, 200 MWh metered after;
  // a combined-margin factor 0.494 with 5 % grid losses:
  //   BE = 45 × 6,000 / 1000 × 0.494 / 0.95 = 270 × 0.52 = 140.4 t
  //   PE = 200 × 0.494 / 0.95 = 104.0 t;  ER = 36.4 t
  const auto out = calculate_motor_vsd({45, 6000, 200, {kTw2023, 0.05, 1.0, 0.0}});
  EXPECT_NEAR(out.baseline_t, 140.4, 1e-9);
  EXPECT_NEAR(out.project_t, 104.0, 1e-9);
  EXPECT_NEAR(out.reduction_t, 36.4, 1e-9);
}

TEST(OffsetsCalculate, AirCompressorIgnoresScrapping) {
  // 2,000,000 Nm³ × 0.12 kWh/Nm³ = 240 MWh baseline, 190 MWh metered, EF 0.5:
  // BE = 120 t, PE = 95 t; a system retrofit has no scrapping leakage even with f = 0: ER = 25 t.
  const auto out = calculate_air_compressor({2'000'000, 0.12, 190, {0.5, 0.0, 0.0, 0.0}});
  EXPECT_NEAR(out.baseline_t, 120.0, 1e-9);
  EXPECT_NEAR(out.project_t, 95.0, 1e-9);
  EXPECT_NEAR(out.reduction_t, 25.0, 1e-9);
}

TEST(OffsetsCalculate, BoilerFuelSwitchWorkedExample) {
  // 10,000 GJ of steam; the old fuel-oil boiler ran at η = 0.80; residual fuel oil 77.4 t CO2/TJ
  // and natural gas 56.1 t CO2/TJ (IPCC 2006 Vol. 2 Table 1.4, data/factors/ipcc2006-stationary):
  //   FC_BL = 10,000 / 0.80 / 1000 = 12.5 TJ;  BE = 12.5 × 77.4 = 967.5 t
  //   project: 300 thousand m³ × 36 GJ per thousand m³ = 10.8 TJ;  PE = 10.8 × 56.1 = 605.88 t
  //   ER = 967.5 − 605.88 = 361.62 t; heat saved 12,500 − 10,800 = 1,700 GJ
  const auto out = calculate_boiler_fuel_switch({10000, 0.8, 77.4, 300, 36, 56.1, 0.0});
  EXPECT_NEAR(out.baseline_t, 967.5, 1e-9);
  EXPECT_NEAR(out.project_t, 605.88, 1e-9);
  EXPECT_NEAR(out.reduction_t, 361.62, 1e-9);
  EXPECT_NEAR(out.energy_saved_gj, 1700.0, 1e-9);
}

Method lighting_method() {
  Method method;
  method.id = "test/lighting";
  method.kind = CalcKind::lighting;
  method.grid_bases = {GridBasis::national};
  for (const auto id : kind_parameters(CalcKind::lighting)) {
    ParameterSpec spec;
    spec.id = std::string(id);
    spec.name = spec.id;
    spec.unit = "u";
    spec.min = 0.0;
    if (spec.id == "grid_loss" || spec.id == "other_leakage_t") spec.default_value = 0.0;
    if (spec.id == "scrapped_fraction") spec.max = 1.0;
    method.parameters.push_back(spec);
  }
  method.conditions.push_back({"X1", "at most 8,760 h", "operating_hours", std::nullopt, 8760.0});
  return method;
}

TEST(OffsetsCalculate, ResolveFillsDefaultsAndNamesMissingOrUnknownParameters) {
  const Method method = lighting_method();
  ParameterValues given{{"n_units", 500},
                        {"baseline_power_w", 40},
                        {"project_power_w", 18},
                        {"operating_hours", 3600},
                        {"scrapped_fraction", 1}};
  auto values = resolve_parameters(method, given, {.file = "p.json", .field = "periods[0]"});
  ASSERT_TRUE(values) << values.error().message;
  EXPECT_DOUBLE_EQ(values->at("grid_loss"), 0.0);
  auto computed = calculate_period(method, *values, kTw2023, {});
  ASSERT_TRUE(computed);
  EXPECT_NEAR(computed->reduction_t, 19.5624, 1e-9);

  given.erase("operating_hours");
  auto missing = resolve_parameters(method, given, {.file = "p.json", .field = "periods[0]"});
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ErrorCode::offsets_method);
  EXPECT_EQ(missing.error().where.field, "periods[0].operating_hours");
  EXPECT_NE(missing.error().message.find("missing parameter 'operating_hours'"), std::string::npos);

  given["operating_hours"] = 3600;
  given["operating_hour"] = 1;
  auto unknown = resolve_parameters(method, given, {});
  ASSERT_FALSE(unknown);
  EXPECT_NE(unknown.error().message.find("'operating_hour' is not a parameter"), std::string::npos);

  given.erase("operating_hour");
  given["scrapped_fraction"] = 1.5;
  auto range = resolve_parameters(method, given, {});
  ASSERT_FALSE(range);
  EXPECT_NE(range.error().message.find("outside its range"), std::string::npos);
}

TEST(OffsetsCalculate, NumericConditionAndMissingGridFactor) {
  const Method method = lighting_method();
  ParameterValues values{{"n_units", 1},          {"baseline_power_w", 40},
                         {"project_power_w", 18}, {"operating_hours", 9000},
                         {"grid_loss", 0},        {"scrapped_fraction", 1},
                         {"other_leakage_t", 0}};
  auto condition = check_conditions(method, values, {});
  ASSERT_FALSE(condition);
  EXPECT_EQ(condition.error().code, ErrorCode::offsets_not_applicable);
  EXPECT_NE(condition.error().message.find("condition X1"), std::string::npos);

  auto no_grid = calculate_period(method, values, std::nullopt, {});
  ASSERT_FALSE(no_grid);
  EXPECT_NE(no_grid.error().message.find("grid emission factor"), std::string::npos);
}

}  // namespace
}  // namespace cl::offsets

// Monte Carlo uncertainty (monte_carlo.hpp, IPCC 2006 Vol. 1 ch. 3 Approach 2). Expected values
// come from the distribution the header defines: each relative error is 1 + z·σ with
// σ = half-width / 1.96 (σ_lower for z < 0, σ_upper for z > 0), so
//   - with no uncertainty every draw equals the computed total;
//   - the 2.5 % and 97.5 % quantiles of one term are 1 − lower and 1 + upper (z = ∓1.96);
//   - the mean of one term is 1 + (σ_upper − σ_lower)·E[z·1(z>0)] = 1 + (σu − σl)/√(2π);
//   - for independent symmetric terms the standard deviation is √Σ(Eᵢσᵢ)² to first order, so the
//     95 % half-width matches Approach 1 (quality_test.cpp: 4.507 % of 400 t = 18.03 t).
// Draw counts are large enough that sampling error stays well inside the tolerances used
// (relative standard error of a quantile or a sd estimate with 40,000 draws is below 1 %).
#include "core/inventory/monte_carlo.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <numbers>

#include "core/inventory/compute.hpp"
#include "support/core_fixtures.hpp"

namespace cl::inventory {
namespace {

using test::add_month;
using test::add_source;

class MonteCarloTest : public ::testing::Test {
 protected:
  factors::FactorLibrary library = test::make_test_library();
  Inventory inv = test::make_inventory(2024);

  // A CO2 mass-balance source (co2.kg, 1 kg/kg, no factor uncertainty) of `tonnes`.
  void add_tonnes(const std::string& id, double tonnes, factors::Uncertainty activity) {
    add_source(inv, id, "F1", SourceType::fugitive_extinguisher, "co2.kg").activity_uncertainty =
        activity;
    add_month(inv, id, 2024, 1, tonnes, "t");
  }
  InventoryResult run() {
    auto result = compute(inv, library);
    EXPECT_TRUE(result) << result.error().to_string();
    return result ? *result : InventoryResult{};
  }
};

TEST_F(MonteCarloTest, NoUncertaintyGivesTheTotalInEveryDraw) {
  add_tonnes("S1", 100, {0, 0});
  add_tonnes("S2", 300, {0, 0});
  const auto result = run();
  const auto summary = run_monte_carlo(inv, result, 100, 7, true);
  EXPECT_EQ(summary.draws, 100u);
  EXPECT_EQ(summary.seed, 7u);
  ASSERT_EQ(summary.totals_kg.size(), 100u);
  for (double total : summary.totals_kg) EXPECT_NEAR(total, 400000, 1e-6);
  EXPECT_NEAR(summary.mean_kg, 400000, 1e-6);
  EXPECT_NEAR(summary.sd_kg, 0, 1e-6);
  EXPECT_NEAR(summary.p2_5_kg, 400000, 1e-6);
  EXPECT_NEAR(summary.p97_5_kg, 400000, 1e-6);
}

TEST_F(MonteCarloTest, SameSeedSameResultOtherSeedOtherDraws) {
  add_tonnes("S1", 100, {0.10, 0.10});
  const auto result = run();
  const auto first = run_monte_carlo(inv, result, 500, 42, true);
  const auto second = run_monte_carlo(inv, result, 500, 42, true);
  EXPECT_EQ(first.totals_kg, second.totals_kg);
  EXPECT_EQ(first.mean_kg, second.mean_kg);
  EXPECT_EQ(first.p97_5_kg, second.p97_5_kg);
  const auto other = run_monte_carlo(inv, result, 500, 43, true);
  EXPECT_NE(first.totals_kg, other.totals_kg);
}

TEST_F(MonteCarloTest, DrawsAreKeptOnlyWhenAsked) {
  add_tonnes("S1", 100, {0.10, 0.10});
  const auto result = run();
  EXPECT_TRUE(run_monte_carlo(inv, result, 50, 1).totals_kg.empty());
}

TEST_F(MonteCarloTest, SymmetricTermsAgreeWithApproach1) {
  // 100 t ±10 % and 300 t ±5 %: σ = √((100×0.10/1.96)² + (300×0.05/1.96)²)
  //   = √(5.102² + 7.653²) = 9.198 t; 95 % half-width 1.96σ = 18.03 t = 4.507 % of 400 t.
  add_tonnes("S1", 100, {0.10, 0.10});
  add_tonnes("S2", 300, {0.05, 0.05});
  const auto result = run();
  const auto summary = run_monte_carlo(inv, result, 40000, 2024);
  EXPECT_NEAR(summary.mean_kg, 400000, 400000 * 0.002);
  EXPECT_NEAR(summary.p50_kg, 400000, 400000 * 0.003);
  const double sigma = std::hypot(100000 * 0.10 / 1.96, 300000 * 0.05 / 1.96);
  EXPECT_NEAR(summary.sd_kg, sigma, sigma * 0.02);
  EXPECT_NEAR(summary.p97_5_kg - 400000, 18028, 18028 * 0.03);
  EXPECT_NEAR(400000 - summary.p2_5_kg, 18028, 18028 * 0.03);
  // And the analytic Approach-1 value in the result agrees.
  EXPECT_NEAR(result.uncertainty.upper * 400000, 18028, 1);
}

TEST_F(MonteCarloTest, AsymmetricBoundsShiftTheMeanAndQuantiles) {
  // One source 100 t, −10 % / +30 %: σl = 0.10/1.96 = 0.05102, σu = 0.30/1.96 = 0.15306.
  // Mean factor 1 + (0.15306 − 0.05102)/√(2π) = 1 + 0.10204 × 0.39894 = 1.04071 → 104.07 t.
  // Quantiles: 2.5 % at 1 − 0.10 = 90 t, 97.5 % at 1 + 0.30 = 130 t, median 100 t.
  add_tonnes("S1", 100, {0.10, 0.30});
  const auto result = run();
  const auto summary = run_monte_carlo(inv, result, 40000, 11);
  const double mean_factor = 1 + (0.30 - 0.10) / 1.96 / std::sqrt(2 * std::numbers::pi);
  EXPECT_NEAR(summary.mean_kg, 100000 * mean_factor, 100000 * 0.003);
  EXPECT_NEAR(summary.p2_5_kg, 90000, 100000 * 0.004);
  EXPECT_NEAR(summary.p97_5_kg, 130000, 100000 * 0.008);
  EXPECT_NEAR(summary.p50_kg, 100000, 100000 * 0.004);
}

TEST_F(MonteCarloTest, FactorUncertaintyIsDrawnToo) {
  // fuel.tj carries ±5 % in the fixture; with exact activity the 97.5 % quantile is at
  // 2,022 × 1.05 = 2,123.1 kg.
  add_source(inv, "S1", "F1", SourceType::stationary_combustion, "fuel.tj");
  add_month(inv, "S1", 2024, 3, 1000, "L");
  const auto result = run();
  const auto summary = run_monte_carlo(inv, result, 40000, 5);
  EXPECT_NEAR(summary.p97_5_kg, 2022 * 1.05, 2022 * 0.004);
  EXPECT_NEAR(summary.p2_5_kg, 2022 * 0.95, 2022 * 0.004);
}

TEST_F(MonteCarloTest, DrawsAreNeverNegative) {
  // ±300 % would put 1 + z·1.53 below zero for z < −0.65; the draw is truncated at zero.
  add_tonnes("S1", 1, {3.0, 3.0});
  const auto result = run();
  const auto summary = run_monte_carlo(inv, result, 2000, 3, true);
  for (double total : summary.totals_kg) EXPECT_GE(total, 0.0);
  EXPECT_DOUBLE_EQ(summary.p2_5_kg, 0.0);  // about 26 % of draws are truncated to 0
}

TEST_F(MonteCarloTest, NoDrawsNoNumbers) {
  add_tonnes("S1", 100, {0.10, 0.10});
  const auto summary = run_monte_carlo(inv, run(), 0, 1);
  EXPECT_EQ(summary.draws, 0u);
  EXPECT_DOUBLE_EQ(summary.mean_kg, 0.0);
  EXPECT_DOUBLE_EQ(summary.p50_kg, 0.0);
}

}  // namespace
}  // namespace cl::inventory

// Worked carbon-fee estimates, one per rate, arithmetic in the comments. The rules mirror
// data/carbon-fee/taiwan.yaml (threshold and K 25,000 t; general NT$300, A NT$50, B NT$100 per
// t; adjustment factor 0.2 for high carbon-leakage risk; credits up to 10 % domestic and 5 %
// foreign of chargeable emissions), sources in that file (碳費收費辦法 as reported by UDN
// 2026-01-12 and 2026-03-09, reference/taiwan-ghg.md §10).
#include <gtest/gtest.h>

#include "core/carbonfee/estimate.hpp"

namespace cl::carbonfee {
namespace {

Rules taiwan() {
  const auto from_2025 = [](double value) {
    return std::vector<DatedValue>{{2025, value, "2025-01-01", {}}};
  };
  Rules rules;
  rules.currency = "TWD";
  rules.threshold_t = from_2025(25000);
  rules.deduction_t = from_2025(25000);
  rules.general_rate = from_2025(300);
  rules.preferential_rate_a = from_2025(50);
  rules.preferential_rate_b = from_2025(100);
  rules.leakage_factor = {{2025, 0.2, "2025-01-01", {}}, {0, 0.4, "second period", {}}};
  rules.domestic_credit_cap = from_2025(0.10);
  rules.foreign_credit_cap = from_2025(0.05);
  return rules;
}

// A plant not at high leakage risk emitting 40,000 t in 2025:
//   chargeable = 40,000 − 25,000 = 15,000 t at every rate
//   general 15,000 × 300 = 4,500,000; A 15,000 × 50 = 750,000; B 15,000 × 100 = 1,500,000
TEST(CarbonFeeEstimate, EachRateWithoutLeakageRisk) {
  auto result = estimate({.year = 2025, .emissions_t = 40000}, taiwan());
  ASSERT_TRUE(result) << result.error().to_string();
  const auto& cases = result->baseline.cases;
  ASSERT_EQ(cases.size(), 3u);
  EXPECT_TRUE(result->baseline.is_payer);
  EXPECT_DOUBLE_EQ(result->baseline.margin_t, 15000);
  EXPECT_EQ(cases[0].kind, RateKind::general);
  EXPECT_DOUBLE_EQ(cases[0].chargeable_t, 15000);
  EXPECT_DOUBLE_EQ(cases[0].fee, 4.5e6);
  EXPECT_DOUBLE_EQ(cases[1].fee, 750000);
  EXPECT_DOUBLE_EQ(cases[2].fee, 1.5e6);
  EXPECT_DOUBLE_EQ(cases[1].deduction_t, 25000);
  EXPECT_DOUBLE_EQ(cases[1].factor, 1.0);
}

// The same plant at high leakage risk: the general rate keeps K (no plan, no factor); the
// preferential rates take emissions × 0.2 without K:
//   general (40,000 − 25,000) × 300 = 4,500,000
//   A 40,000 × 0.2 = 8,000 t × 50 = 400,000 (NT$10 per t emitted)
//   B 8,000 t × 100 = 800,000
TEST(CarbonFeeEstimate, EachRateAtHighLeakageRisk) {
  auto result = estimate({.year = 2025, .emissions_t = 40000, .is_high_leakage = true}, taiwan());
  ASSERT_TRUE(result);
  const auto& cases = result->baseline.cases;
  EXPECT_DOUBLE_EQ(cases[0].fee, 4.5e6);
  EXPECT_DOUBLE_EQ(cases[1].chargeable_t, 8000);
  EXPECT_DOUBLE_EQ(cases[1].deduction_t, 0);
  EXPECT_DOUBLE_EQ(cases[1].factor, 0.2);
  EXPECT_DOUBLE_EQ(cases[1].fee, 400000);
  EXPECT_DOUBLE_EQ(cases[2].fee, 800000);
}

// What-if: 40,000 t less reductions of 3,000 and 2,000 → 35,000 t; chargeable 10,000 t.
// Credits: domestic 1,500 offered, cap 10 % × 10,000 = 1,000 used; foreign 800 offered, cap
// 5 % × 10,000 = 500 used; net 10,000 − 1,000 − 500 = 8,500 t.
//   general 8,500 × 300 = 2,550,000; A 425,000; B 850,000.
TEST(CarbonFeeEstimate, WhatIfWithReductionsAndCappedCredits) {
  Input input{.year = 2025, .emissions_t = 40000};
  input.reductions = {{"LED retrofit", 3000}, {"chiller", 2000}};
  input.domestic_credits_t = 1500;
  input.foreign_credits_t = 800;
  auto result = estimate(input, taiwan());
  ASSERT_TRUE(result);
  EXPECT_DOUBLE_EQ(result->reductions_t, 5000);
  const auto& what_if = result->what_if;
  EXPECT_DOUBLE_EQ(what_if.emissions_t, 35000);
  EXPECT_DOUBLE_EQ(what_if.cases[0].chargeable_t, 10000);
  EXPECT_DOUBLE_EQ(what_if.cases[0].domestic_used_t, 1000);
  EXPECT_DOUBLE_EQ(what_if.cases[0].foreign_used_t, 500);
  EXPECT_DOUBLE_EQ(what_if.cases[0].net_chargeable_t, 8500);
  EXPECT_DOUBLE_EQ(what_if.cases[0].fee, 2.55e6);
  EXPECT_DOUBLE_EQ(what_if.cases[1].fee, 425000);
  EXPECT_DOUBLE_EQ(what_if.cases[2].fee, 850000);
  // The baseline ignores reductions and credits: 4,500,000 at the general rate.
  EXPECT_DOUBLE_EQ(result->baseline.cases[0].fee, 4.5e6);
}

// At high leakage risk foreign credits cannot be used; domestic ones are capped at 10 % of the
// adjusted chargeable emissions: 40,000 × 0.2 = 8,000 t, cap 800 t; (8,000 − 800) × 50 = 360,000.
TEST(CarbonFeeEstimate, HighLeakageUsesNoForeignCredits) {
  Input input{.year = 2025, .emissions_t = 40000, .is_high_leakage = true};
  input.domestic_credits_t = 5000;
  input.foreign_credits_t = 5000;
  auto result = estimate(input, taiwan());
  ASSERT_TRUE(result);
  EXPECT_DOUBLE_EQ(result->what_if.cases[1].domestic_used_t, 800);
  EXPECT_DOUBLE_EQ(result->what_if.cases[1].foreign_used_t, 0);
  EXPECT_DOUBLE_EQ(result->what_if.cases[1].fee, 360000);
}

// Near the threshold: 26,000 t is a payer (general fee (26,000 − 25,000) × 300 = 300,000); a
// 2,000 t reduction brings it to 24,000 t, 1,000 t below the threshold: no fee.
TEST(CarbonFeeEstimate, AReductionBelowTheThresholdRemovesTheFee) {
  Input input{.year = 2025, .emissions_t = 26000};
  input.reductions = {{"boiler fuel switch", 2000}};
  auto result = estimate(input, taiwan());
  ASSERT_TRUE(result);
  EXPECT_TRUE(result->baseline.is_payer);
  EXPECT_DOUBLE_EQ(result->baseline.cases[0].fee, 300000);
  EXPECT_FALSE(result->what_if.is_payer);
  EXPECT_DOUBLE_EQ(result->what_if.margin_t, -1000);
  for (const auto& item : result->what_if.cases) EXPECT_DOUBLE_EQ(item.fee, 0);
}

TEST(CarbonFeeEstimate, TheValuesUsedAreNamed) {
  auto result = estimate({.year = 2026, .emissions_t = 30000, .is_high_leakage = true}, taiwan());
  ASSERT_TRUE(result);
  bool has_factor = false;
  for (const auto& used : result->used) {
    if (used.rule == "leakage adjustment factor") {
      has_factor = true;
      EXPECT_DOUBLE_EQ(used.value, 0.2);  // the undated 0.4 is never applied
    }
  }
  EXPECT_TRUE(has_factor);
}

TEST(CarbonFeeEstimate, AYearBeforeTheRulesIsAnError) {
  auto result = estimate({.year = 2024, .emissions_t = 30000}, taiwan());
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, ErrorCode::carbonfee_rules);
  EXPECT_NE(
      result.error().message.find("no threshold in force in 2024 (the first applies from 2025)"),
      std::string::npos);
}

TEST(CarbonFeeEstimate, NegativeAmountsAreErrors) {
  auto negative = estimate({.year = 2025, .emissions_t = -1}, taiwan());
  ASSERT_FALSE(negative);
  EXPECT_EQ(negative.error().code, ErrorCode::carbonfee_input);
  Input input{.year = 2025, .emissions_t = 30000};
  input.reductions = {{"bad", -5}};
  auto reduction = estimate(input, taiwan());
  ASSERT_FALSE(reduction);
  EXPECT_EQ(reduction.error().code, ErrorCode::carbonfee_input);
  EXPECT_NE(reduction.error().message.find("reduction 'bad'"), std::string::npos);
}

}  // namespace
}  // namespace cl::carbonfee

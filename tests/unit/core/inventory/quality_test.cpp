// Data quality (MOENV 表六, reference/taiwan-ghg.md §4) and uncertainty, IPCC Approach 1
// (reference §5; IPCC 2006 Vol. 1 ch. 3 eqs. 3.1 and 3.2).
#include "core/inventory/quality.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "core/inventory/compute.hpp"
#include "support/core_fixtures.hpp"

namespace cl::inventory {
namespace {

using test::add_month;
using test::add_source;

TEST(QualityTest, BandOfEveryPossibleScore) {
  // reference §4: products of three grades 1–3 are 1, 2, 3, 4, 6, 8, 9, 12, 18, 27;
  // ≤ 9 → 1, 12–18 → 2, 27 → 3.
  for (int score : {1, 2, 3, 4, 6, 8, 9}) EXPECT_EQ(quality_band(score), 1) << score;
  for (int score : {12, 18}) EXPECT_EQ(quality_band(score), 2) << score;
  EXPECT_EQ(quality_band(27), 3);
}

TEST(QualityTest, GradeCutOffs) {
  // reference §4: < 1.5 → 1, < 2.5 → 2, else 3.
  EXPECT_EQ(quality_grade(1.0), 1);
  EXPECT_EQ(quality_grade(1.49), 1);
  EXPECT_EQ(quality_grade(1.5), 2);
  EXPECT_EQ(quality_grade(2.49), 2);
  EXPECT_EQ(quality_grade(2.5), 3);
  EXPECT_EQ(quality_grade(3.0), 3);
}

TEST(QualityTest, CombineProductIsRootSumOfSquaresPerBound) {
  // √(0.03² + 0.04²) = 0.05; √(0.05² + 0.12²) = 0.13.
  const auto combined = combine_product({0.03, 0.05}, {0.04, 0.12});
  EXPECT_NEAR(combined.lower, 0.05, 1e-15);
  EXPECT_NEAR(combined.upper, 0.13, 1e-15);
}

TEST(QualityTest, CombineSumApproach1) {
  // 100 t ±10 % and 300 t ±5 %: √((100×0.10)² + (300×0.05)²) / 400 = √(100 + 225) / 400
  // = 18.0278 / 400 = 4.507 %.
  const auto total = combine_sum({{100, {0.10, 0.10}}, {300, {0.05, 0.05}}});
  EXPECT_NEAR(total.lower, std::sqrt(325.0) / 400.0, 1e-15);
  EXPECT_NEAR(total.upper, 0.04507, 1e-5);
}

TEST(QualityTest, CombineSumKeepsAsymmetricBoundsApart) {
  // Lower: √((100×0.10)² + (300×0.02)²)/400 = √(100 + 36)/400 = 11.6619/400 = 2.9155 %;
  // upper: √((100×0.30)² + (300×0.05)²)/400 = √(900 + 225)/400 = 33.541/400 = 8.3853 %.
  const auto total = combine_sum({{100, {0.10, 0.30}}, {300, {0.02, 0.05}}});
  EXPECT_NEAR(total.lower, std::sqrt(136.0) / 400.0, 1e-15);
  EXPECT_NEAR(total.upper, std::sqrt(1125.0) / 400.0, 1e-15);
  EXPECT_NEAR(total.upper, 0.083853, 1e-6);
}

TEST(QualityTest, CombineSumOfNothingIsZero) {
  const auto none = combine_sum({});
  EXPECT_DOUBLE_EQ(none.lower, 0.0);
  EXPECT_DOUBLE_EQ(none.upper, 0.0);
  const auto zero = combine_sum({{0.0, {0.1, 0.1}}});
  EXPECT_DOUBLE_EQ(zero.upper, 0.0);
}

class GradeQualityTest : public ::testing::Test {
 protected:
  factors::FactorLibrary library = test::make_test_library();
  Inventory inv = test::make_inventory(2024);
};

TEST_F(GradeQualityTest, SourceScoresAndEmissionWeightedGrade) {
  // S1 fuel (international → A3 3) with A1 = 1, A2 = 1: 1×1×3 = 3 → band 1; 2,022 kg.
  // S2 electricity (national → A3 3) with A1 = 2, A2 = 2: 2×2×3 = 12 → band 2; 10,000 kg.
  // S3 CO2 mass balance (own_developed → A3 1) with A1 = 3, A2 = 3: 9 → band 1; 0 kg (no record).
  // Weighted: (2,022×1 + 10,000×2) / 12,022 = 22,022 / 12,022 = 1.8318 → grade 2.
  add_source(inv, "S1", "F1", SourceType::stationary_combustion, "fuel.tj");
  add_source(inv, "S2", "F1", SourceType::purchased_electricity, "elec.kwh").quality = {2, 2};
  add_source(inv, "S3", "F1", SourceType::fugitive_extinguisher, "co2.kg").quality = {3, 3};
  add_month(inv, "S1", 2024, 3, 1000, "L");
  add_month(inv, "S2", 2024, 1, 20000, "kWh");
  auto result = compute(inv, library);
  ASSERT_TRUE(result) << result.error().to_string();
  const auto& s1 = result->sources[0].quality;
  EXPECT_EQ(s1.a3, 3);
  EXPECT_EQ(s1.score, 3);
  EXPECT_EQ(s1.band, 1);
  const auto& s2 = result->sources[1].quality;
  EXPECT_EQ(s2.a1, 2);
  EXPECT_EQ(s2.a2, 2);
  EXPECT_EQ(s2.score, 12);
  EXPECT_EQ(s2.band, 2);
  const auto& s3 = result->sources[2].quality;
  EXPECT_EQ(s3.a3, 1);
  EXPECT_EQ(s3.score, 9);
  EXPECT_NEAR(result->quality_score, 22022.0 / 12022.0, 1e-12);
  EXPECT_EQ(result->quality_grade, 2);
}

TEST_F(GradeQualityTest, RefrigerantFactorsAreNationalGradeThree) {
  // The synthesized refrigerant factor is typed national (A3 = 3): A1 = A2 = 1 → 3 → band 1.
  auto& source = add_source(inv, "R1", "F1", SourceType::fugitive_refrigerant, "");
  source.refrigerant = RefrigerantEquipment{"R-32", "chiller", std::nullopt, ""};
  add_month(inv, "R1", 2024, 1, 10, "kg");
  auto result = compute(inv, library);
  ASSERT_TRUE(result) << result.error().to_string();
  EXPECT_EQ(result->sources[0].quality.a3, 3);
  EXPECT_EQ(result->quality_grade, 1);
}

TEST_F(GradeQualityTest, EmptyInventoryHasNoGrade) {
  add_source(inv, "S1", "F1", SourceType::purchased_electricity, "elec.kwh");
  auto result = compute(inv, library);
  ASSERT_TRUE(result);
  EXPECT_DOUBLE_EQ(result->quality_score, 0.0);
  EXPECT_EQ(result->quality_grade, 0);
}

TEST_F(GradeQualityTest, PropagatedUncertaintyOfSourcesAndTotal) {
  // S1 fuel: activity ±3 %, factor ±5 % (fixture) → √(0.03² + 0.05²) = 5.831 %; 2,022 kg.
  // S2 CO2 mass balance: activity ±10 %, no factor uncertainty → 10 %; 1,000 kg.
  // Total: √((2,022×0.05831)² + (1,000×0.10)²) / 3,022 = √(117.90² + 100²) / 3,022
  //      = 154.60 / 3,022 = 5.116 %.
  add_source(inv, "S1", "F1", SourceType::stationary_combustion, "fuel.tj").activity_uncertainty = {
      0.03, 0.03};
  add_source(inv, "S2", "F1", SourceType::fugitive_extinguisher, "co2.kg").activity_uncertainty = {
      0.10, 0.10};
  add_month(inv, "S1", 2024, 3, 1000, "L");
  add_month(inv, "S2", 2024, 3, 1000, "kg");
  auto result = compute(inv, library);
  ASSERT_TRUE(result) << result.error().to_string();
  const double s1 = std::sqrt(0.03 * 0.03 + 0.05 * 0.05);
  EXPECT_NEAR(result->sources[0].uncertainty.upper, s1, 1e-15);
  EXPECT_NEAR(result->sources[1].uncertainty.lower, 0.10, 1e-15);
  const double expected = std::hypot(2022 * s1, 1000 * 0.10) / 3022;
  EXPECT_NEAR(result->uncertainty.upper, expected, 1e-12);
  EXPECT_NEAR(result->uncertainty.lower, 0.05116, 1e-5);
}

}  // namespace
}  // namespace cl::inventory

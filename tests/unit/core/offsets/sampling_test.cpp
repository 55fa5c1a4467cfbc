// Sample sizes and sampled estimates (sampling.hpp) after the CDM sampling standard and
// guideline CDM-EB67-A06-GUID v03.0: n = z²·N·V² / ((N − 1)·e² + z²·V²). Hand calculations in
// the comments.
#include "core/offsets/sampling.hpp"

#include <gtest/gtest.h>

namespace cl::offsets {
namespace {

TEST(OffsetsSampling, NormalQuantiles) {
  // Standard normal tables: 90 % two-sided 1.6449, 95 % 1.9600.
  EXPECT_NEAR(z_value(0.90), 1.6448536, 1e-7);
  EXPECT_NEAR(z_value(0.95), 1.9599640, 1e-7);
}

TEST(OffsetsSampling, RequiredSizeFor90By10) {
  // N = 1,000, V = 0.5: z²V² = 2.705543 × 0.25 = 0.676386; numerator 676.386;
  // denominator 999 × 0.01 + 0.676386 = 10.666386; n = 63.41 → 64.
  auto n = required_sample_size(0.9, 0.1, 0.5, 1000);
  ASSERT_TRUE(n);
  EXPECT_EQ(*n, 64u);
  // A very large population tends to z²V²/e² = 67.64 → 68.
  EXPECT_EQ(*required_sample_size(0.9, 0.1, 0.5, 1'000'000'000), 68u);
  // 95/10 with V = 0.5 and N = 1,000: 3.841459 × 0.25 = 0.960365; 960.365 / 10.950365 = 87.70 → 88.
  EXPECT_EQ(*required_sample_size(0.95, 0.1, 0.5, 1000), 88u);
  // Never more than the population.
  EXPECT_EQ(*required_sample_size(0.9, 0.1, 2.0, 5), 5u);
}

TEST(OffsetsSampling, RefusesNonsenseInputs) {
  EXPECT_EQ(required_sample_size(1.2, 0.1, 0.5, 10).error().code, ErrorCode::parse_bad_value);
  EXPECT_EQ(required_sample_size(0.9, 0.0, 0.5, 10).error().code, ErrorCode::parse_bad_value);
  EXPECT_EQ(required_sample_size(0.9, 0.1, -1.0, 10).error().code, ErrorCode::parse_bad_value);
  EXPECT_EQ(required_sample_size(0.9, 0.1, 0.5, 0).error().code, ErrorCode::parse_bad_value);
}

TEST(OffsetsSampling, EstimateMeetsPrecision) {
  // Operating hours logged on 10 of 200 lamps: mean 3,500 h, SD 124.72 h, V = 0.035635.
  // Required with the observed V: 2.705543 × 200 × 0.0012698 / (199 × 0.01 + 0.0034356) = 0.34
  // → 1; achieved e = 1.644854 × 0.035635 × sqrt(190 / (199 × 10)) = 0.018111 ≤ 0.1: the mean
  // is used.
  const std::vector<double> hours{3400, 3600, 3500, 3700, 3300, 3600, 3500, 3400, 3600, 3400};
  auto estimate = estimate_mean(hours, 200, {}, {});
  ASSERT_TRUE(estimate) << estimate.error().message;
  EXPECT_DOUBLE_EQ(estimate->mean, 3500.0);
  EXPECT_NEAR(estimate->sd, 124.7219129, 1e-6);
  EXPECT_EQ(estimate->required_n, 1u);
  EXPECT_NEAR(estimate->achieved_precision, 0.0181114, 1e-6);
  EXPECT_TRUE(estimate->precision_met);
  EXPECT_DOUBLE_EQ(estimate->value_used, 3500.0);
}

TEST(OffsetsSampling, SampleSmallerThanThePlanRequiresIsAnError) {
  // The sampling plan assumed V = 0.5: for N = 200, n = 2.705543 × 200 × 0.25 / (199 × 0.01 +
  // 0.676386) = 135.28 / 2.666386 = 50.73 → 51 lamps; 10 is too few.
  const std::vector<double> hours{3400, 3600, 3500, 3700, 3300, 3600, 3500, 3400, 3600, 3400};
  SamplingPlan plan;
  plan.planned_cv = 0.5;
  auto estimate = estimate_mean(hours, 200, plan, {.file = "p.json", .field = "sampled"});
  ASSERT_FALSE(estimate);
  EXPECT_EQ(estimate.error().code, ErrorCode::offsets_sample_too_small);
  EXPECT_NE(estimate.error().message.find("has 10 values but 51 are required for 90/10"),
            std::string::npos)
      << estimate.error().message;
  EXPECT_EQ(estimate.error().where.file, "p.json");
}

TEST(OffsetsSampling, UnmetPrecisionUsesTheConservativeBound) {
  // Plan V = 0.1, N = 100: n = 2.705543 / (0.99 + 0.0270554) = 2.66 → 3; the sample of 5 passes.
  // Observed: mean 3,000, SD 1,581.14, V = 0.527046; e = 1.644854 × 0.527046 × sqrt(95 / 495)
  // = 0.379783 > 0.1, so the lower bound 3,000 × (1 − 0.379783) = 1,860.65 h is used.
  SamplingPlan plan;
  plan.planned_cv = 0.1;
  auto estimate = estimate_mean({1000, 3000, 5000, 2000, 4000}, 100, plan, {});
  ASSERT_TRUE(estimate) << estimate.error().message;
  EXPECT_EQ(estimate->required_n, 3u);
  EXPECT_FALSE(estimate->precision_met);
  EXPECT_NEAR(estimate->achieved_precision, 0.3797827, 1e-6);
  EXPECT_NEAR(estimate->value_used, 1860.6518, 1e-3);
  plan.conservative = Conservative::upper;
  EXPECT_NEAR(estimate_mean({1000, 3000, 5000, 2000, 4000}, 100, plan, {})->value_used,
              3000.0 * (1 + 0.3797827), 1e-3);
}

TEST(OffsetsSampling, SampleLargerThanPopulationOrTooSmall) {
  EXPECT_EQ(estimate_mean({1, 2, 3}, 2, {}, {}).error().code, ErrorCode::parse_bad_value);
  EXPECT_EQ(estimate_mean({1}, 10, {}, {}).error().code, ErrorCode::offsets_sample_too_small);
}

}  // namespace
}  // namespace cl::offsets

// Distributions of exchanges: the pedigree GSD worked by hand, the checks of parameters, and
// the sample moments of 200,000 draws against the closed-form mean and spread of each
// distribution (tolerances are several standard errors, so a wrong formula fails).
#include "core/lca/distribution.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

namespace cl::lca {
namespace {

TEST(LcaDistribution, PedigreeGsdFollowsTheEcoinventThreeFactors) {
  // basic 1.05, scores (2, 3, 1, 2, 4): variances 0.0006 + 0.0006 + 0 + 0.000025 + 0.04
  // = 0.041225, plus ln(1.05)² = 0.0023805 ⇒ 0.0436055; σ = 0.208819; GSD = e^σ = 1.232222.
  EXPECT_NEAR(pedigree_gsd(1.05, {2, 3, 1, 2, 4}).value(), 1.232222257, 1e-9);
  // All worst (5): 0.04 + 0.008 + 0.04 + 0.002 + 0.12 = 0.21 ⇒ e^√0.21 = 1.581316.
  EXPECT_NEAR(pedigree_gsd(1.0, {5, 5, 5, 5, 5}).value(), 1.581316249, 1e-9);
  EXPECT_DOUBLE_EQ(pedigree_gsd(1.0, {1, 1, 1, 1, 1}).value(), 1.0);
  const auto bad = pedigree_gsd(1.05, {1, 6, 1, 1, 1});
  ASSERT_FALSE(bad.has_value());
  EXPECT_NE(bad.error().message.find("completeness must be 1 (best) to 5"), std::string::npos);
  EXPECT_FALSE(pedigree_gsd(0.9, {1, 1, 1, 1, 1}).has_value());
}

TEST(LcaDistribution, ParametersAreChecked) {
  EXPECT_FALSE(check_distribution({DistributionKind::lognormal, 0.5}, 1.0).has_value());
  EXPECT_FALSE(check_distribution({DistributionKind::lognormal, 1.2}, 0.0).has_value());
  EXPECT_FALSE(check_distribution({DistributionKind::normal, 1, -1}, 1.0).has_value());
  EXPECT_FALSE(check_distribution({DistributionKind::triangular, 1, 0, 2, 1, 1}, 1.5).has_value());
  const auto outside = check_distribution({DistributionKind::uniform, 1, 0, 2, 0, 3}, 5.0);
  ASSERT_FALSE(outside.has_value());
  EXPECT_NE(outside.error().message.find("outside its distribution's range"), std::string::npos);
  EXPECT_TRUE(check_distribution({DistributionKind::triangular, 1, 0, 1, 2, 4}, 2.0).has_value());
}

struct Moments {
  double mean;
  double sd;
};

Moments moments_of(const Distribution& distribution, double nominal, std::size_t count) {
  Xoshiro256 stream(42);
  NormalSampler rng(stream);
  double sum = 0;
  double squares = 0;
  for (std::size_t k = 0; k < count; ++k) {
    const double x = sample(distribution, nominal, rng);
    sum += x;
    squares += x * x;
  }
  const double mean = sum / static_cast<double>(count);
  return {mean, std::sqrt(squares / static_cast<double>(count) - mean * mean)};
}

TEST(LcaDistribution, SampleMomentsMatchTheClosedForms) {
  constexpr std::size_t kDraws = 200000;
  // Normal(10, 2): mean 10, sd 2; standard error of the mean 2/√200000 = 0.0045.
  auto normal = moments_of({DistributionKind::normal, 1, 2.0}, 10.0, kDraws);
  EXPECT_NEAR(normal.mean, 10.0, 0.03);
  EXPECT_NEAR(normal.sd, 2.0, 0.03);
  // Lognormal with median 5, GSD e^0.2: mean 5·e^(0.02) = 5.10101; sd = mean·√(e^0.04 − 1)
  // = 5.10101 · 0.20201 = 1.03046.
  auto lognormal = moments_of({DistributionKind::lognormal, std::exp(0.2)}, 5.0, kDraws);
  EXPECT_NEAR(lognormal.mean, 5.10101, 0.01);
  EXPECT_NEAR(lognormal.sd, 1.03046, 0.01);
  // A negative input keeps its sign: median −5 ⇒ mean −5.10101.
  EXPECT_NEAR(moments_of({DistributionKind::lognormal, std::exp(0.2)}, -5.0, kDraws).mean, -5.10101,
              0.01);
  // Uniform(2, 8): mean 5, sd 6/√12 = 1.73205.
  auto uniform = moments_of({DistributionKind::uniform, 1, 0, 2, 0, 8}, 5.0, kDraws);
  EXPECT_NEAR(uniform.mean, 5.0, 0.02);
  EXPECT_NEAR(uniform.sd, 1.73205, 0.01);
  // Triangular(0, 1, 4): mean 5/3; variance (0 + 1 + 16 − 0 − 0 − 4)/18 = 13/18 ⇒ sd 0.849837.
  auto triangular = moments_of({DistributionKind::triangular, 1, 0, 0, 1, 4}, 1.0, kDraws);
  EXPECT_NEAR(triangular.mean, 5.0 / 3.0, 0.01);
  EXPECT_NEAR(triangular.sd, 0.849837, 0.01);
  EXPECT_NEAR(distribution_mean({DistributionKind::triangular, 1, 0, 0, 1, 4}, 1.0), 5.0 / 3.0,
              1e-15);
}

}  // namespace
}  // namespace cl::lca

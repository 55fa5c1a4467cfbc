#include "core/lca/distribution.hpp"

#include <cmath>
#include <string>

namespace cl::lca {
namespace {

// Variances of ln(x) added per pedigree score, ecoinvent v3: Weidema et al. (2013), "Overview
// and methodology. Data quality guideline for the ecoinvent database version 3", table 10.5
// ("default basic uncertainty factors ... applied together with the pedigree matrix").
// Rows: reliability, completeness, temporal, geographical, further technological correlation.
constexpr double kPedigreeVariance[5][5] = {
    {0.0, 0.0006, 0.002, 0.008, 0.04}, {0.0, 0.0001, 0.0006, 0.002, 0.008},
    {0.0, 0.0002, 0.002, 0.008, 0.04}, {0.0, 0.000025, 0.0001, 0.0006, 0.002},
    {0.0, 0.0006, 0.008, 0.04, 0.12},
};
constexpr const char* kPedigreeNames[5] = {"reliability", "completeness", "temporal correlation",
                                           "geographical correlation",
                                           "further technological correlation"};

}  // namespace

Result<double> pedigree_gsd(double basic_gsd, const PedigreeScores& scores) {
  if (!(basic_gsd >= 1.0) || !std::isfinite(basic_gsd)) {
    return fail(ErrorCode::parse_bad_value,
                "the basic geometric standard deviation must be a number ≥ 1, not " +
                    std::to_string(basic_gsd));
  }
  const double basic_sigma = std::log(basic_gsd);
  double variance = basic_sigma * basic_sigma;
  for (std::size_t indicator = 0; indicator < scores.size(); ++indicator) {
    const int score = scores[indicator];
    if (score < 1 || score > 5) {
      return fail(ErrorCode::parse_bad_value,
                  std::string("pedigree score for ") + kPedigreeNames[indicator] +
                      " must be 1 (best) to 5 (worst), not " + std::to_string(score));
    }
    variance += kPedigreeVariance[indicator][score - 1];
  }
  return std::exp(std::sqrt(variance));
}

Result<void> check_distribution(const Distribution& distribution, double nominal) {
  const auto bad = [](std::string message) { return fail(ErrorCode::parse_bad_value, message); };
  switch (distribution.kind) {
    case DistributionKind::none:
      return {};
    case DistributionKind::lognormal:
      if (!(distribution.gsd >= 1.0) || !std::isfinite(distribution.gsd)) {
        return bad(
            "a lognormal needs a geometric standard deviation gsd ≥ 1 (1.1 means about "
            "±20 % at 95 %), not " +
            std::to_string(distribution.gsd));
      }
      if (nominal == 0.0 && distribution.gsd > 1.0) {
        return bad(
            "a lognormal cannot spread a value of 0; give the exchange a non-zero amount "
            "or use a normal or uniform distribution");
      }
      return {};
    case DistributionKind::normal:
      if (!(distribution.sd >= 0.0) || !std::isfinite(distribution.sd)) {
        return bad("a normal needs a standard deviation sd ≥ 0, not " +
                   std::to_string(distribution.sd));
      }
      return {};
    case DistributionKind::triangular:
      if (!(distribution.min <= distribution.mode && distribution.mode <= distribution.max) ||
          !(distribution.min < distribution.max)) {
        return bad("a triangular needs min ≤ mode ≤ max with min < max; got min " +
                   std::to_string(distribution.min) + ", mode " +
                   std::to_string(distribution.mode) + ", max " + std::to_string(distribution.max));
      }
      break;
    case DistributionKind::uniform:
      if (!(distribution.min < distribution.max)) {
        return bad("a uniform needs min < max; got min " + std::to_string(distribution.min) +
                   ", max " + std::to_string(distribution.max));
      }
      break;
  }
  if (nominal < distribution.min || nominal > distribution.max) {
    return bad("the value " + std::to_string(nominal) + " lies outside its distribution's range [" +
               std::to_string(distribution.min) + ", " + std::to_string(distribution.max) + "]");
  }
  return {};
}

double sample(const Distribution& distribution, double nominal, NormalSampler& rng) {
  switch (distribution.kind) {
    case DistributionKind::none:
      return nominal;
    case DistributionKind::lognormal:
      // The nominal value is the median (geometric mean); the sign is kept.
      return nominal * std::exp(std::log(distribution.gsd) * rng.normal());
    case DistributionKind::normal:
      return nominal + distribution.sd * rng.normal();
    case DistributionKind::uniform:
      return distribution.min + (distribution.max - distribution.min) * rng.uniform();
    case DistributionKind::triangular: {
      // Inverse CDF of the triangular distribution.
      const double low = distribution.min;
      const double high = distribution.max;
      const double mode = distribution.mode;
      const double u = rng.uniform();
      const double split = (mode - low) / (high - low);
      if (u < split) return low + std::sqrt(u * (high - low) * (mode - low));
      return high - std::sqrt((1.0 - u) * (high - low) * (high - mode));
    }
  }
  return nominal;
}

double distribution_mean(const Distribution& distribution, double nominal) {
  switch (distribution.kind) {
    case DistributionKind::none:
    case DistributionKind::normal:
      return nominal;
    case DistributionKind::lognormal: {
      const double sigma = std::log(distribution.gsd);
      return nominal * std::exp(sigma * sigma / 2.0);
    }
    case DistributionKind::uniform:
      return (distribution.min + distribution.max) / 2.0;
    case DistributionKind::triangular:
      return (distribution.min + distribution.mode + distribution.max) / 3.0;
  }
  return nominal;
}

}  // namespace cl::lca

// Uncertainty of one exchange or characterization factor, in the manner of ecoinvent and
// openLCA: the nominal value is the median (lognormal) or mean (normal), or lies inside the
// given range (triangular, uniform). A lognormal's spread is its geometric standard deviation
// (GSD, σg = exp σ); the pedigree matrix turns five data-quality scores plus a basic GSD into
// one (ecoinvent data quality guideline v3, Weidema et al. 2013, table 10.4 and 10.5).
#pragma once

#include <array>
#include <cmath>
#include <optional>

#include "core/common/random.hpp"
#include "core/common/result.hpp"

namespace cl::lca {

enum class DistributionKind { none, lognormal, normal, triangular, uniform };

struct Distribution {
  DistributionKind kind = DistributionKind::none;
  double gsd = 1.0;   ///< lognormal: geometric standard deviation (≥ 1)
  double sd = 0.0;    ///< normal: standard deviation
  double min = 0.0;   ///< triangular, uniform
  double mode = 0.0;  ///< triangular
  double max = 0.0;   ///< triangular, uniform

  bool uncertain() const { return kind != DistributionKind::none; }
};

/// Pedigree scores (1 best … 5 worst): reliability, completeness, temporal, geographical and
/// further technological correlation.
using PedigreeScores = std::array<int, 5>;

/// The GSD of a lognormal from a basic GSD and pedigree scores (ecoinvent v3 factors); an error
/// names the score that is outside 1–5.
Result<double> pedigree_gsd(double basic_gsd, const PedigreeScores& scores);

/// Checks a distribution against its nominal value: GSD ≥ 1, sd ≥ 0, min ≤ mode ≤ max, and the
/// nominal value inside [min, max]. The message says which parameter is wrong.
Result<void> check_distribution(const Distribution& distribution, double nominal);

/// Normal deviates two at a time (Marsaglia's polar method: one logarithm and one square root per
/// pair, no trigonometry), over a Xoshiro256 stream. A Monte Carlo draw of an ecoinvent-sized
/// system samples ~670k values, so this is most of a draw's cost.
class NormalSampler {
 public:
  explicit NormalSampler(Xoshiro256& rng) : rng_(rng) {}
  double normal() {
    if (has_spare_) {
      has_spare_ = false;
      return spare_;
    }
    double u = 0.0;
    double v = 0.0;
    double s = 0.0;
    do {
      u = 2.0 * rng_.uniform() - 1.0;
      v = 2.0 * rng_.uniform() - 1.0;
      s = u * u + v * v;
    } while (s >= 1.0 || s == 0.0);
    const double scale = std::sqrt(-2.0 * std::log(s) / s);
    spare_ = v * scale;
    has_spare_ = true;
    return u * scale;
  }
  double uniform() { return rng_.uniform(); }

 private:
  Xoshiro256& rng_;
  double spare_ = 0.0;
  bool has_spare_ = false;
};

/// One draw. A lognormal keeps the sign of a negative nominal (a negative input stays one).
double sample(const Distribution& distribution, double nominal, NormalSampler& sampler);

/// The distribution's mean, for tests and reports.
double distribution_mean(const Distribution& distribution, double nominal);

}  // namespace cl::lca

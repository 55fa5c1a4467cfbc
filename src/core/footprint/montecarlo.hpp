// The uncertainty of a study's footprint by Monte Carlo. A line's emissions per declared unit are
// E = a · k · f: the amount a as written (drawn from the line's `uncertainty`), the constant k that
// compute_footprint applies to it (unit conversion, ÷ production, × allocation share), and the
// factor f (drawn from the factor's `uncertainty`, or, for a background process, the footprint of
// one unit of its product in the same draw of the LCA engine's Monte Carlo, lca::run_monte_carlo).
// Draw k of line i uses random stream (seed ⊕ hash(line id), k), so the result depends on the
// seed only: not on the order of the lines, the thread count or which other lines are uncertain.
// Lines linked to one background process share its draws (they are the same uncertain process).
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "core/footprint/compute.hpp"

namespace cl::footprint {

/// Draws at most (a guard against a typo such as -n 1e9; the server caps lower).
inline constexpr std::size_t kMaxDraws = 1'000'000;

struct MonteCarloOptions {
  std::size_t draws = 1000;
  std::uint64_t seed = 1;
  bool keep_draws = false;
  unsigned threads = 0;  ///< for the background's draws; 0: all cores
};

/// Sample statistics of the draws (SD with n − 1; percentiles interpolated, core/common).
struct Spread {
  double nominal = 0.0;  ///< compute_footprint's value
  double mean = 0.0;
  double sd = 0.0;
  double p2_5 = 0.0;
  double p5 = 0.0;
  double p50 = 0.0;
  double p95 = 0.0;
  double p97_5 = 0.0;
};

struct StageSpread {
  Stage stage = Stage::raw_materials;
  Spread spread;
};

struct FootprintMonteCarlo {
  std::size_t draws = 0;
  std::uint64_t seed = 0;
  Spread total;                     ///< kg CO2e per declared unit
  std::vector<StageSpread> stages;  ///< every stage of the boundary, in life-cycle order
  std::size_t uncertain_lines = 0;  ///< lines whose amount, factor or background varies
  std::vector<double> values;       ///< the total of each draw, in draw order (keep_draws)
};

/// Per background activity key, the footprint of one unit of its product in each draw.
using BackgroundDraws = std::map<std::string, std::vector<double>, std::less<>>;

/// The LCA engine's Monte Carlo of `problem` for one unit of each of `keys`: every key runs
/// lca::run_monte_carlo with the same seed, so draw k is the same sampled background for all.
Result<BackgroundDraws> background_draws(const lca::Problem& problem, const std::string& method,
                                         const std::vector<std::string>& keys,
                                         const MonteCarloOptions& options,
                                         Diagnostics& diagnostics);

/// Checks every uncertainty of the study against its nominal value (negative SD, min > max, a
/// value outside its range, an uncertain factor of 0 under a lognormal …); each problem names the
/// line and the field (`uncertainty` or `factor.uncertainty`) in `diagnostics`.
void check_uncertainty(const Study& study, Diagnostics& diagnostics);

/// The Monte Carlo of `study`. `background` as for compute_footprint; `drawn` (may be null: the
/// background is then fixed at its nominal values) must hold `options.draws` values per linked
/// key. Errors of compute_footprint and check_uncertainty are reported all at once.
Result<FootprintMonteCarlo> montecarlo(const Study& study, const Profile& profile,
                                       const Background* background, const BackgroundDraws* drawn,
                                       const MonteCarloOptions& options, Diagnostics& diagnostics);

}  // namespace cl::footprint

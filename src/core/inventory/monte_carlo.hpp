// Uncertainty by Monte Carlo (IPCC 2006 Vol. 1 ch. 3, Approach 2): each source's activity and
// factor are drawn as independent relative errors from a two-piece normal whose lower and upper
// standard deviations are the 95 % half-widths / 1.96, truncated at zero; the total of each draw
// is Σ Eᵢ·aᵢ·fᵢ. Same seed, same result: the generator is xoshiro256** seeded by splitmix64 and
// the normal deviates are Box–Muller, so no standard-library distribution decides the numbers.
#pragma once

#include <cstdint>
#include <vector>

#include "core/inventory/model.hpp"
#include "core/inventory/result.hpp"

namespace cl::inventory {

struct MonteCarloSummary {
  std::size_t draws = 0;
  std::uint64_t seed = 0;
  double mean_kg = 0.0;
  double sd_kg = 0.0;
  double p2_5_kg = 0.0;
  double p50_kg = 0.0;
  double p97_5_kg = 0.0;
  std::vector<double> totals_kg;  ///< every draw, kept only when asked
};

MonteCarloSummary run_monte_carlo(const Inventory& inventory, const InventoryResult& result,
                                  std::size_t draws, std::uint64_t seed, bool keep_draws = false);

}  // namespace cl::inventory

#include "core/inventory/monte_carlo.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

#include "core/common/random.hpp"
#include "core/common/statistics.hpp"
#include "core/inventory/quality.hpp"

namespace cl::inventory {
namespace {

double draw_relative(Xoshiro256& rng, factors::Uncertainty uncertainty) {
  const double z = rng.standard_normal();
  const double sd = (z < 0 ? uncertainty.lower : uncertainty.upper) / 1.96;
  return std::max(0.0, 1.0 + z * sd);
}

}  // namespace

MonteCarloSummary run_monte_carlo(const Inventory& inventory, const InventoryResult& result,
                                  std::size_t draws, std::uint64_t seed, bool keep_draws) {
  MonteCarloSummary out;
  out.draws = draws;
  out.seed = seed;
  Xoshiro256 rng(seed);
  struct Term {
    double co2e_kg;
    factors::Uncertainty activity, factor;
  };
  std::vector<Term> terms;
  for (const auto& line : result.sources) {
    if (line.co2e_kg == 0.0) continue;
    Term term{line.co2e_kg, inventory.sources[line.source].activity_uncertainty, {}};
    if (const auto* factor = result.find_factor(line.factor_id)) {
      if (auto known = factor_uncertainty_of(inventory.sources[line.source], *factor)) {
        term.factor = *known;
      }
    }
    terms.push_back(term);
  }
  std::vector<double> totals(draws, 0.0);
  for (double& total : totals) {
    for (const auto& term : terms) {
      total += term.co2e_kg * draw_relative(rng, term.activity) * draw_relative(rng, term.factor);
    }
  }
  double sum = 0.0;
  for (double total : totals) sum += total;
  out.mean_kg = draws > 0 ? sum / static_cast<double>(draws) : 0.0;
  double squares = 0.0;
  for (double total : totals) squares += (total - out.mean_kg) * (total - out.mean_kg);
  out.sd_kg = draws > 1 ? std::sqrt(squares / static_cast<double>(draws - 1)) : 0.0;
  if (keep_draws) out.totals_kg = totals;
  std::sort(totals.begin(), totals.end());
  out.p2_5_kg = percentile(totals, 0.025);
  out.p50_kg = percentile(totals, 0.5);
  out.p97_5_kg = percentile(totals, 0.975);
  return out;
}

}  // namespace cl::inventory

// Monte Carlo over a life-cycle system: every uncertain technosphere exchange, biosphere
// exchange and characterization factor is drawn per run; each draw solves A' s = f by
// iterations preconditioned by the nominal KLU factorization (refactoring only when those do not
// converge), then g = B' s and h = c' · g. Draws run in parallel on all cores; draw k always uses
// random stream (seed, k), so the result does not depend on the thread count.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/common/statistics.hpp"
#include "core/lca/solver.hpp"
#include "core/lca/system.hpp"

namespace cl::lca {

struct MonteCarloOptions {
  std::size_t draws = 1000;
  std::uint64_t seed = 1;
  unsigned threads = 0;  ///< 0: all cores
  bool keep_draws = false;
  std::optional<std::size_t> method;  ///< one method, or all
};

struct MonteCarloStatistics {
  std::size_t method = 0;
  double nominal = 0.0;
  double mean = 0.0;
  double sd = 0.0;
  double p2_5 = 0.0;
  double p5 = 0.0;
  double p50 = 0.0;
  double p95 = 0.0;
  double p97_5 = 0.0;
  std::vector<double> draws;  ///< in draw order, only when keep_draws
};

struct MonteCarloResult {
  std::size_t draws = 0;
  std::uint64_t seed = 0;
  unsigned threads = 0;
  std::size_t refactorizations = 0;  ///< draws whose iteration did not converge
  double mean_iterations = 0.0;
  std::vector<MonteCarloStatistics> methods;
};

/// `solver` must be factorized (the nominal A). An error names the draw and what failed.
Result<MonteCarloResult> run_monte_carlo(const MatrixSystem& system, const Solver& solver,
                                         const Vector& demand, const MonteCarloOptions& options);

}  // namespace cl::lca

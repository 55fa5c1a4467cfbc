#include "core/lca/monte_carlo.hpp"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <mutex>
#include <thread>

namespace cl::lca {
namespace {

void perturb(const std::vector<UncertainEntry>& entries, std::vector<double>& values,
             NormalSampler& rng) {
  for (const auto& entry : entries) {
    const auto at = static_cast<std::size_t>(entry.position);
    values[at] += sample(entry.distribution, entry.nominal, rng) - entry.nominal;
  }
}

MonteCarloStatistics summarize(std::size_t method, double nominal, std::vector<double> draws,
                               bool keep) {
  MonteCarloStatistics out;
  out.method = method;
  out.nominal = nominal;
  const auto n = static_cast<double>(draws.size());
  double sum = 0.0;
  for (const double value : draws) sum += value;
  out.mean = sum / n;
  double squares = 0.0;
  for (const double value : draws) squares += (value - out.mean) * (value - out.mean);
  out.sd = draws.size() > 1 ? std::sqrt(squares / (n - 1.0)) : 0.0;
  if (keep) out.draws = draws;
  std::sort(draws.begin(), draws.end());
  out.p2_5 = percentile(draws, 0.025);
  out.p5 = percentile(draws, 0.05);
  out.p50 = percentile(draws, 0.5);
  out.p95 = percentile(draws, 0.95);
  out.p97_5 = percentile(draws, 0.975);
  return out;
}

}  // namespace

Result<MonteCarloResult> run_monte_carlo(const MatrixSystem& system, const Solver& solver,
                                         const Vector& demand, const MonteCarloOptions& options) {
  if (options.draws == 0) {
    return fail(ErrorCode::parse_bad_value, "the number of draws must be at least 1");
  }
  if (!solver.factorized()) {
    return fail(ErrorCode::internal, "Monte Carlo needs the nominal factorization first");
  }
  std::vector<std::size_t> selected;
  if (options.method) {
    if (*options.method >= system.methods.size()) {
      return fail(ErrorCode::lca_unknown_method, "method index out of range");
    }
    selected.push_back(*options.method);
  } else {
    for (std::size_t k = 0; k < system.methods.size(); ++k) selected.push_back(k);
  }
  if (selected.empty()) {
    return fail(ErrorCode::lca_unknown_method,
                "the system has no impact method; add one to \"methods\" to get scores");
  }
  unsigned threads = options.threads != 0 ? options.threads : std::thread::hardware_concurrency();
  threads = std::max(1u, std::min<unsigned>(threads, static_cast<unsigned>(options.draws)));

  const auto& a = system.technosphere;
  const auto& b = system.biosphere;
  const std::vector<double> a_nominal(a.valuePtr(), a.valuePtr() + a.nonZeros());
  const std::vector<double> b_nominal(b.valuePtr(), b.valuePtr() + b.nonZeros());
  // scores[draw * selected + m]
  std::vector<double> scores(options.draws * selected.size(), 0.0);
  std::vector<int> iterations(options.draws, 0);
  std::vector<char> refactored(options.draws, 0);
  std::atomic<std::size_t> next{0};
  std::mutex failure_mutex;
  std::optional<std::pair<std::size_t, Error>> failure;

  const auto worker = [&] {
    auto workspace = solver.make_workspace();
    std::vector<double> a_values;
    std::vector<double> b_values;
    std::vector<Vector> factors(selected.size());
    for (;;) {
      const std::size_t draw = next.fetch_add(1);
      if (draw >= options.draws) return;
      auto stream = Xoshiro256::for_stream(options.seed, draw);
      NormalSampler rng(stream);
      a_values = a_nominal;
      b_values = b_nominal;
      perturb(system.technosphere_uncertainty, a_values, rng);
      perturb(system.biosphere_uncertainty, b_values, rng);
      for (std::size_t m = 0; m < selected.size(); ++m) {
        const auto method = selected[m];
        factors[m] = system.methods[method].factors;
        if (method < system.method_uncertainty.size()) {
          for (const auto& [flow, entry] : system.method_uncertainty[method]) {
            factors[m][static_cast<Eigen::Index>(flow)] +=
                sample(entry.distribution, entry.nominal, rng) - entry.nominal;
          }
        }
      }
      SolveReport report;
      auto supply = solver.solve_perturbed(a_values.data(), demand, *workspace, &report);
      if (!supply) {
        std::lock_guard lock(failure_mutex);
        if (!failure || failure->first > draw) failure.emplace(draw, supply.error());
        continue;
      }
      const Eigen::Map<const SparseMatrix> drawn_b(
          b.rows(), b.cols(), b.nonZeros(), b.outerIndexPtr(), b.innerIndexPtr(), b_values.data());
      const Vector inventory = drawn_b * *supply;
      for (std::size_t m = 0; m < selected.size(); ++m) {
        scores[draw * selected.size() + m] = factors[m].dot(inventory);
      }
      iterations[draw] = report.iterations;
      refactored[draw] = report.refactored ? 1 : 0;
    }
  };
  std::vector<std::thread> pool;
  for (unsigned t = 1; t < threads; ++t) pool.emplace_back(worker);
  worker();
  for (auto& thread : pool) thread.join();
  if (failure) {
    Error error = failure->second;
    error.add_context("in Monte Carlo draw " + std::to_string(failure->first + 1) + " of " +
                      std::to_string(options.draws) + " (seed " + std::to_string(options.seed) +
                      ")");
    return tl::unexpected(std::move(error));
  }

  MonteCarloResult result;
  result.draws = options.draws;
  result.seed = options.seed;
  result.threads = threads;
  double iteration_sum = 0.0;
  for (std::size_t draw = 0; draw < options.draws; ++draw) {
    iteration_sum += iterations[draw];
    result.refactorizations += refactored[draw] != 0 ? 1 : 0;
  }
  result.mean_iterations = iteration_sum / static_cast<double>(options.draws);
  auto nominal_supply = solver.solve(demand);
  if (!nominal_supply) return tl::unexpected(nominal_supply.error());
  const Vector nominal_inventory = b * *nominal_supply;
  for (std::size_t m = 0; m < selected.size(); ++m) {
    std::vector<double> draws(options.draws);
    for (std::size_t draw = 0; draw < options.draws; ++draw) {
      draws[draw] = scores[draw * selected.size() + m];
    }
    result.methods.push_back(summarize(selected[m],
                                       system.methods[selected[m]].factors.dot(nominal_inventory),
                                       std::move(draws), options.keep_draws));
  }
  return result;
}

}  // namespace cl::lca

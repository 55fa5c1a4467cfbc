// Property tests of results.hpp on random systems (technosphere built like the benchmark
// generator, biosphere and one method random):
//  - the direct contributions of all activities sum to the score (c·B·s = Σⱼ (Bᵀc)ⱼ·sⱼ);
//  - all_products (one transposed solve) equals, for every product j, the score of a separate
//    calculate() with the demand e_j — the adjoint equals the direct solve for every product;
//  - the score is linear in the demand.
// Tolerance 1e-9 relative: every solve meets a residual of 1e-12 and these M-matrices are well
// conditioned (column sums of M ≤ 0.95).
#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <vector>

#include "core/lca/results.hpp"

namespace cl::lca {
namespace {

MatrixSystem random_system(std::uint64_t seed, int n, int flows) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  std::lognormal_distribution<double> weight(0.0, 1.5);
  std::vector<Eigen::Triplet<double, int>> a_entries;
  std::vector<Eigen::Triplet<double, int>> b_entries;
  for (int col = 0; col < n; ++col) {
    const double reference = 0.5 + 2.0 * unit(rng);  // non-unit reference amounts
    a_entries.emplace_back(col, col, reference);
    const double column_sum = 0.05 + 0.9 * unit(rng);
    const int inputs = 1 + static_cast<int>(unit(rng) * 4);
    // Inputs mostly from lower indices (acyclic), sometimes from anywhere (loops); together they
    // are at most 0.95 of the column's own reference, so A is strictly column diagonally
    // dominant, hence non-singular.
    std::vector<int> rows;
    for (int draw = 0; draw < inputs; ++draw) {
      const int row = unit(rng) < 0.8 && col > 0 ? static_cast<int>(unit(rng) * col)
                                                 : static_cast<int>(unit(rng) * n) % n;
      if (row != col && std::find(rows.begin(), rows.end(), row) == rows.end()) rows.push_back(row);
    }
    for (const int row : rows) {
      a_entries.emplace_back(row, col, -column_sum * reference / static_cast<double>(rows.size()));
    }
    for (int flow = 0; flow < flows; ++flow) {
      if (unit(rng) < 0.5) b_entries.emplace_back(flow, col, weight(rng));
    }
  }
  MatrixSystem system;
  system.technosphere.resize(n, n);
  system.technosphere.setFromTriplets(a_entries.begin(), a_entries.end());
  system.technosphere.makeCompressed();
  system.biosphere.resize(flows, n);
  system.biosphere.setFromTriplets(b_entries.begin(), b_entries.end());
  system.biosphere.makeCompressed();
  for (int col = 0; col < n; ++col) {
    system.activities.push_back(
        {"p" + std::to_string(col), "", "f" + std::to_string(col), "", "kg", false, 1.0});
  }
  for (int flow = 0; flow < flows; ++flow) {
    system.flows.push_back({"e" + std::to_string(flow), "", "kg", "air"});
  }
  ImpactMethod method{"gwp", "gwp", "kg CO2e", Vector(flows)};
  for (int flow = 0; flow < flows; ++flow) method.factors[flow] = unit(rng) * 10.0 - 1.0;
  system.methods.push_back(std::move(method));
  return system;
}

bool close(double lhs, double rhs) {
  return std::abs(lhs - rhs) <= 1e-9 * std::max({1.0, std::abs(lhs), std::abs(rhs)});
}

RC_GTEST_PROP(LcaResultsProps, DirectContributionsSumToTheScore, ()) {
  const auto seed = *rc::gen::arbitrary<std::uint64_t>();
  const int n = *rc::gen::inRange(2, 60);
  const auto system = random_system(seed, n, 5);
  auto solver = Solver::analyze(system.technosphere, {}, {});
  RC_ASSERT(solver.has_value());
  Vector demand = Vector::Zero(n);
  demand[*rc::gen::inRange(0, n)] = 1.0 + *rc::gen::inRange(0, 100);
  auto result = calculate(system, *solver, demand);
  RC_ASSERT(result.has_value());
  double direct = 0.0;
  for (const auto& item : result->methods[0].contributions) direct += item.direct;
  RC_ASSERT(close(direct, result->methods[0].score));
}

RC_GTEST_PROP(LcaResultsProps, AllProductsEqualsOneDirectSolvePerProduct, ()) {
  const auto seed = *rc::gen::arbitrary<std::uint64_t>();
  const int n = *rc::gen::inRange(2, 40);
  const auto system = random_system(seed, n, 4);
  auto solver = Solver::analyze(system.technosphere, {}, {SolverKind::klu});
  RC_ASSERT(solver.has_value());
  auto all = all_products(system, *solver, 0);
  RC_ASSERT(all.has_value());
  LcaOptions options;
  options.contributions = false;
  for (int j = 0; j < n; ++j) {
    auto one = calculate(system, *solver, Vector::Unit(n, j), options);
    RC_ASSERT(one.has_value());
    RC_ASSERT(close(all->footprints[j], one->methods[0].score));
  }
}

RC_GTEST_PROP(LcaResultsProps, ScoreIsLinearInDemand, ()) {
  const auto seed = *rc::gen::arbitrary<std::uint64_t>();
  const int n = *rc::gen::inRange(2, 40);
  const auto system = random_system(seed, n, 3);
  auto solver = Solver::analyze(system.technosphere, {}, {});
  RC_ASSERT(solver.has_value());
  const int first = *rc::gen::inRange(0, n);
  const int second = *rc::gen::inRange(0, n);
  const double alpha = *rc::gen::inRange(1, 50) / 7.0;
  LcaOptions options;
  options.contributions = false;
  const auto score = [&](const Vector& demand) {
    auto result = calculate(system, *solver, demand, options);
    RC_ASSERT(result.has_value());
    return result->methods[0].score;
  };
  const double combined = score(alpha * Vector::Unit(n, first) + Vector::Unit(n, second));
  RC_ASSERT(
      close(combined, alpha * score(Vector::Unit(n, first)) + score(Vector::Unit(n, second))));
}

}  // namespace
}  // namespace cl::lca

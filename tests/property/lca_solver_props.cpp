// Property tests of the solver ladder (solver.hpp) on random technospheres built like the
// benchmark generator (A = I − M, column sums of M in [0.05, 0.95], some loops):
//  - the supply is linear in the demand: s(αf + βg) = α·s(f) + β·s(g);
//  - the adjoint identity: for any q, (A⁻ᵀq)ⱼ = q · (A⁻¹eⱼ) for every activity j, i.e. one
//    transposed solve gives every product's footprint (reference/lca-engine.md §0.4a);
//  - every path (auto, iterative, klu, dense) agrees within 1e-9 relative.
// Tolerances: answers meet a relative residual of 1e-10 and κ∞(A) stays small for these
// M-matrices (column sums ≤ 0.95), so 1e-9 relative on the solutions has margin.
#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <vector>

#include "core/lca/solver.hpp"
#include "support/lca_random.hpp"

namespace cl::lca {
namespace {

using test::random_technosphere;

struct Case {
  SparseMatrix a;
  int n = 0;
};

Case any_case() {
  Case c;
  c.n = *rc::gen::inRange(2, 60);
  const auto seed = *rc::gen::arbitrary<std::uint64_t>();
  const double back = *rc::gen::inRange(0, 30) / 100.0;
  c.a = random_technosphere(seed, c.n, 5, back);
  return c;
}

Vector any_vector(int n) {
  const auto values = *rc::gen::container<std::vector<int>>(static_cast<std::size_t>(n),
                                                            rc::gen::inRange(-1000, 1001));
  Vector v(n);
  for (int idx = 0; idx < n; ++idx) v[idx] = values[static_cast<std::size_t>(idx)] / 100.0;
  v[0] = 1.0;  // never all zero
  return v;
}

double relative_difference(const Vector& got, const Vector& expected) {
  return (got - expected).lpNorm<Eigen::Infinity>() /
         std::max(expected.lpNorm<Eigen::Infinity>(), 1e-300);
}

Solver make(const SparseMatrix& a, SolverKind kind) {
  SolverOptions options;
  options.kind = kind;
  options.dense_threshold = 1.0;  // keep `automatic` on the sparse ladder
  auto solver = Solver::analyze(
      a, [](std::size_t j) { return "act-" + std::to_string(j); }, options);
  RC_ASSERT(solver.has_value());
  return std::move(*solver);
}

RC_GTEST_PROP(LcaSolverProps, SupplyIsLinearInDemand, ()) {
  const Case c = any_case();
  const Vector f = any_vector(c.n);
  const Vector g = any_vector(c.n);
  const double alpha = *rc::gen::inRange(-300, 301) / 100.0;
  const double beta = *rc::gen::inRange(1, 301) / 100.0;
  for (auto kind : {SolverKind::automatic, SolverKind::klu}) {
    Solver solver = make(c.a, kind);
    auto sf = solver.solve(f);
    auto sg = solver.solve(g);
    auto combined = solver.solve(alpha * f + beta * g);
    RC_ASSERT(sf && sg && combined);
    const Vector expected = alpha * *sf + beta * *sg;
    // Each of the three answers carries ≤ ~1e-10 relative error; scale by the parts' size.
    const double scale =
        std::abs(alpha) * sf->lpNorm<Eigen::Infinity>() + beta * sg->lpNorm<Eigen::Infinity>();
    RC_ASSERT((*combined - expected).lpNorm<Eigen::Infinity>() <= 1e-9 * scale);
  }
}

RC_GTEST_PROP(LcaSolverProps, AdjointGivesEveryProductsFootprint, ()) {
  const Case c = any_case();
  const Vector q = any_vector(c.n);
  Solver solver = make(c.a, SolverKind::klu);
  auto footprints = solver.solve_transposed(q);  // (A⁻ᵀq)ⱼ
  RC_ASSERT(footprints.has_value());
  auto columns = solver.solve_many(Eigen::MatrixXd::Identity(c.n, c.n));  // A⁻¹eⱼ
  RC_ASSERT(columns.has_value());
  const double scale = q.cwiseAbs().dot(columns->cwiseAbs().rowwise().maxCoeff());
  for (int j = 0; j < c.n; ++j) {
    const double direct = q.dot(columns->col(j));
    RC_ASSERT(std::abs((*footprints)[j] - direct) <= 1e-9 * std::max(scale, 1.0));
  }
  // The iterative transposed path gives the same footprints.
  Solver iterative = make(c.a, SolverKind::iterative);
  auto iterated = iterative.solve_transposed(q);
  RC_ASSERT(iterated.has_value());
  RC_ASSERT(relative_difference(*iterated, *footprints) <= 1e-9);
}

RC_GTEST_PROP(LcaSolverProps, AllPathsAgree, ()) {
  const Case c = any_case();
  const Vector f = any_vector(c.n);
  Solver reference_solver = make(c.a, SolverKind::dense);
  auto reference = reference_solver.solve(f);
  RC_ASSERT(reference.has_value());
  for (auto kind : {SolverKind::automatic, SolverKind::iterative, SolverKind::klu}) {
    Solver solver = make(c.a, kind);
    SolveReport report;
    auto s = solver.solve(f, &report);
    RC_ASSERT(s.has_value());
    RC_ASSERT(report.residual <= 1e-10);
    RC_ASSERT(relative_difference(*s, *reference) <= 1e-9);
  }
}

}  // namespace
}  // namespace cl::lca

// The solver ladder (solver.hpp). Expected values come from outside the code under test:
// a 2×2 system solved by hand (arithmetic in the comments) and, for random systems built like
// the benchmark generator (reference/lca-engine.md §6: A = I − M, column sums of M in
// [0.05, 0.95], a few loops), Eigen's dense PartialPivLU on the dense copy of the same matrix.
#include "core/lca/solver.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <random>
#include <thread>
#include <vector>

#include "support/lca_random.hpp"

namespace cl::lca {
namespace {

using test::random_technosphere;

std::string label(std::size_t activity) {
  return "act-" + std::to_string(activity);
}

SparseMatrix from_dense(const Eigen::MatrixXd& dense) {
  SparseMatrix sparse = dense.sparseView();
  sparse.makeCompressed();
  return sparse;
}

Vector random_vector(std::uint64_t seed, int n) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  Vector v(n);
  for (int idx = 0; idx < n; ++idx) v[idx] = unit(rng) < 0.3 ? unit(rng) * 10.0 : 0.0;
  v[0] = 1.0;
  return v;
}

Vector dense_reference(const SparseMatrix& a, const Vector& f) {
  return Eigen::MatrixXd(a).partialPivLu().solve(f);
}

double relative_error(const Vector& got, const Vector& expected) {
  return (got - expected).lpNorm<Eigen::Infinity>() / expected.lpNorm<Eigen::Infinity>();
}

Solver make_solver(const SparseMatrix& a, SolverKind kind, SolverOptions options = {}) {
  options.kind = kind;
  auto solver = Solver::analyze(a, label, options);
  EXPECT_TRUE(solver) << solver.error().to_string();
  return std::move(*solver);
}

constexpr SolverKind kAllKinds[] = {SolverKind::automatic, SolverKind::iterative, SolverKind::klu,
                                    SolverKind::dense};

// Electricity (0) needs 0.5 of coal (1) per unit; coal mining needs 0.2 of electricity:
//   A = [ 1   −0.5 ]      det A = 1·1 − (−0.5)(−0.2) = 0.9,
//       [−0.2   1  ]      A⁻¹ = (1/0.9)·[1 0.5; 0.2 1].
// One unit of electricity: s = A⁻¹(1, 0) = (1/0.9, 0.2/0.9) = (1.1111…, 0.2222…).
// Transposed: Aᵀx = (1, 0): x = (1/0.9)·[1 0.2; 0.5 1]·(1, 0) = (1/0.9, 0.5/0.9).
TEST(LcaSolverHand, TwoByTwoLoopOnEveryPath) {
  Eigen::MatrixXd dense(2, 2);
  dense << 1.0, -0.5, -0.2, 1.0;
  const SparseMatrix a = from_dense(dense);
  const Vector f = Vector::Unit(2, 0);
  for (auto kind : kAllKinds) {
    Solver solver = make_solver(a, kind);
    EXPECT_EQ(solver.block_count(), 1u);  // the two activities form one loop
    EXPECT_EQ(solver.largest_block(), 2u);
    SolveReport report;
    auto s = solver.solve(f, &report);
    ASSERT_TRUE(s) << s.error().to_string();
    // Iterative answers meet the residual tolerance (1e-10), not machine precision.
    EXPECT_NEAR((*s)[0], 1.0 / 0.9, 1e-9) << solver_kind_name(kind);
    EXPECT_NEAR((*s)[1], 0.2 / 0.9, 1e-9) << solver_kind_name(kind);
    EXPECT_LE(report.residual, 1e-10);
    auto x = solver.solve_transposed(f);
    ASSERT_TRUE(x) << x.error().to_string();
    EXPECT_NEAR((*x)[0], 1.0 / 0.9, 1e-9) << solver_kind_name(kind);
    EXPECT_NEAR((*x)[1], 0.5 / 0.9, 1e-9) << solver_kind_name(kind);
  }
}

TEST(LcaSolverHand, ReportsWhichPathWasUsed) {
  Eigen::MatrixXd dense(2, 2);
  dense << 1.0, -0.5, -0.2, 1.0;
  const SparseMatrix a = from_dense(dense);  // 4 of 4 entries: density 1 > 0.05
  SolveReport report;
  auto automatic = make_solver(a, SolverKind::automatic);
  ASSERT_TRUE(automatic.solve(Vector::Unit(2, 0), &report));
  EXPECT_EQ(report.used, SolverKind::dense);
  SolverOptions sparse_options;
  sparse_options.dense_threshold = 2.0;  // never dense
  auto iterating = make_solver(a, SolverKind::automatic, sparse_options);
  ASSERT_TRUE(iterating.solve(Vector::Unit(2, 0), &report));
  EXPECT_EQ(report.used, SolverKind::iterative);
  EXPECT_FALSE(report.fell_back);
  EXPECT_GT(report.iterations, 0);
  EXPECT_FALSE(iterating.factorized());
  auto klu = make_solver(a, SolverKind::klu);
  ASSERT_TRUE(klu.solve(Vector::Unit(2, 0), &report));
  EXPECT_EQ(report.used, SolverKind::klu);
  EXPECT_TRUE(klu.factorized());  // lazily, by the first solve
}

TEST(LcaSolverNames, KindNamesRoundTrip) {
  for (auto kind : kAllKinds) EXPECT_EQ(find_solver_kind(solver_kind_name(kind)), kind);
  EXPECT_EQ(solver_kind_name(SolverKind::automatic), "auto");
  EXPECT_FALSE(find_solver_kind("umfpack").has_value());
}

// Activity 4 uses product 0, activity 0 uses product 1, and 1 → 2 → 3 → 1 is a loop
// (activity 1 uses product 2, 2 uses 3, 3 uses 1): strong components {4}, {0}, {1, 2, 3}.
TEST(LcaSolverBlocks, CountsStrongComponentsOfAHandMadeMatrix) {
  Eigen::MatrixXd dense = Eigen::MatrixXd::Identity(5, 5);
  dense(1, 0) = -0.5;
  dense(2, 1) = -0.3;
  dense(3, 2) = -0.4;
  dense(1, 3) = -0.2;
  dense(0, 4) = -0.1;
  const SparseMatrix a = from_dense(dense);
  SolverOptions options;
  options.dense_threshold = 1.0;
  Solver solver = make_solver(a, SolverKind::automatic, options);
  EXPECT_EQ(solver.block_count(), 3u);
  EXPECT_EQ(solver.largest_block(), 3u);
  const Vector f = Vector::Unit(5, 4);
  SolveReport report;
  auto s = solver.solve(f, &report);
  ASSERT_TRUE(s) << s.error().to_string();
  EXPECT_EQ(report.blocks, 3u);
  EXPECT_EQ(report.largest_block, 3u);
  EXPECT_LE(relative_error(*s, dense_reference(a, f)), 1e-9);
}

TEST(LcaSolverBlocks, AcyclicMatrixIsAllSingletons) {
  const SparseMatrix a = random_technosphere(7, 50, 4, 0.0);
  Solver solver = make_solver(a, SolverKind::iterative);
  EXPECT_EQ(solver.block_count(), 50u);
  EXPECT_EQ(solver.largest_block(), 1u);
  const Vector f = random_vector(8, 50);
  SolveReport report;
  auto s = solver.solve(f, &report);
  ASSERT_TRUE(s) << s.error().to_string();
  EXPECT_EQ(report.iterations, 0);  // substitution only
  EXPECT_LE(relative_error(*s, dense_reference(a, f)), 1e-12);
}

class LcaSolverRandom : public ::testing::TestWithParam<std::uint64_t> {};

TEST_P(LcaSolverRandom, EveryPathMatchesDenseReference) {
  const std::uint64_t seed = GetParam();
  const SparseMatrix a = random_technosphere(seed, 120, 6, 0.05);
  const Vector f = random_vector(seed + 1, 120);
  const Vector expected = dense_reference(a, f);
  for (auto kind : kAllKinds) {
    SolverOptions options;
    options.dense_threshold = 1.0;  // automatic stays sparse at this size
    Solver solver = make_solver(a, kind, options);
    EXPECT_GT(solver.largest_block(), 1u) << "the generator should make a loop";
    SolveReport report;
    auto s = solver.solve(f, &report);
    ASSERT_TRUE(s) << solver_kind_name(kind) << ": " << s.error().to_string();
    EXPECT_LE(relative_error(*s, expected), 1e-9) << solver_kind_name(kind);
    EXPECT_LE(relative_residual(a, *s, f), 1e-10) << solver_kind_name(kind);
    EXPECT_LE(report.residual, 1e-10);
  }
}

TEST_P(LcaSolverRandom, MixedUnitScalingMatchesDenseReference) {
  // D_r A D_c with factors 10^U(−3, 3): s' = D_c⁻¹ s solves (D_r A D_c) s' = D_r f.
  const std::uint64_t seed = GetParam();
  const int n = 100;
  const SparseMatrix base = random_technosphere(seed, n, 6, 0.05);
  std::mt19937_64 rng(seed + 7);
  std::uniform_real_distribution<double> exponent(-3.0, 3.0);
  Vector row_scale(n), col_scale(n);
  for (int idx = 0; idx < n; ++idx) {
    row_scale[idx] = std::pow(10.0, exponent(rng));
    col_scale[idx] = std::pow(10.0, exponent(rng));
  }
  const SparseMatrix a = row_scale.asDiagonal() * base * col_scale.asDiagonal();
  const Vector f = row_scale.cwiseProduct(random_vector(seed + 1, n));
  const Vector expected = dense_reference(a, f);
  for (auto kind : kAllKinds) {
    SolverOptions options;
    options.dense_threshold = 1.0;
    Solver solver = make_solver(a, kind, options);
    auto s = solver.solve(f);
    ASSERT_TRUE(s) << solver_kind_name(kind) << ": " << s.error().to_string();
    EXPECT_LE(relative_error(*s, expected), 1e-8) << solver_kind_name(kind);
    EXPECT_LE(relative_residual(a, *s, f), 1e-10) << solver_kind_name(kind);
  }
}

TEST_P(LcaSolverRandom, TransposedSolvesMatchDenseReference) {
  const std::uint64_t seed = GetParam();
  const SparseMatrix a = random_technosphere(seed, 90, 6, 0.05);
  const Vector q = random_vector(seed + 3, 90);
  const Vector expected = Eigen::MatrixXd(a).transpose().partialPivLu().solve(q);
  for (auto kind : kAllKinds) {
    SolverOptions options;
    options.dense_threshold = 1.0;
    Solver solver = make_solver(a, kind, options);
    SolveReport report;
    auto x = solver.solve_transposed(q, &report);
    ASSERT_TRUE(x) << solver_kind_name(kind) << ": " << x.error().to_string();
    EXPECT_LE(relative_error(*x, expected), 1e-9) << solver_kind_name(kind);
    const SparseMatrix at = a.transpose();
    EXPECT_LE(relative_residual(at, *x, q), 1e-10) << solver_kind_name(kind);
  }
}

TEST_P(LcaSolverRandom, SolveManyMatchesColumnByColumnReference) {
  const std::uint64_t seed = GetParam();
  const int n = 80;
  const SparseMatrix a = random_technosphere(seed, n, 6, 0.05);
  Eigen::MatrixXd demands(n, 6);  // 6 columns: one chunk of 4 and one of 2
  for (int col = 0; col < 6; ++col) demands.col(col) = random_vector(seed + 10 + col, n);
  const auto lu = Eigen::MatrixXd(a).partialPivLu();
  const Eigen::MatrixXd expected = lu.solve(demands);
  const Eigen::MatrixXd expected_t = Eigen::MatrixXd(a).transpose().partialPivLu().solve(demands);
  for (auto kind : kAllKinds) {
    SolverOptions options;
    options.dense_threshold = 1.0;
    Solver solver = make_solver(a, kind, options);
    auto many = solver.solve_many(demands);
    ASSERT_TRUE(many) << solver_kind_name(kind) << ": " << many.error().to_string();
    auto many_t = solver.solve_transposed_many(demands);
    ASSERT_TRUE(many_t) << solver_kind_name(kind) << ": " << many_t.error().to_string();
    for (int col = 0; col < 6; ++col) {
      EXPECT_LE(relative_error(many->col(col), expected.col(col)), 1e-9) << solver_kind_name(kind);
      EXPECT_LE(relative_error(many_t->col(col), expected_t.col(col)), 1e-9)
          << solver_kind_name(kind);
    }
  }
}

INSTANTIATE_TEST_SUITE_P(LcaSolver, LcaSolverRandom, ::testing::Values(11u, 23u, 42u));

/// A random system and a row in a loop whose sign is flipped (waste-treatment-like:
/// a negative diagonal). Flipping row i of A and f_i leaves the supply s unchanged.
struct FlippedSystem {
  SparseMatrix a;
  Vector f;
  Vector expected;
};
FlippedSystem flipped_system(std::uint64_t seed) {
  const int n = 120;
  SparseMatrix base = random_technosphere(seed, n, 6, 0.05);
  const Vector f0 = random_vector(seed + 1, n);
  // A row inside a loop: for the M-matrix A, A⁻¹ = Σ Mᵏ has (A⁻¹)ᵢⱼ > 0 exactly when j reaches
  // i, so i is in a loop when (A⁻¹)ᵢⱼ and (A⁻¹)ⱼᵢ are both positive for some j ≠ i.
  const Eigen::MatrixXd inverse = Eigen::MatrixXd(base).inverse();
  Eigen::Index flipped = -1;
  for (Eigen::Index row = 0; row < n && flipped < 0; ++row) {
    for (Eigen::Index other = 0; other < n; ++other) {
      if (other != row && inverse(row, other) > 1e-14 && inverse(other, row) > 1e-14) {
        flipped = row;
        break;
      }
    }
  }
  EXPECT_GE(flipped, 0) << "the generator should make a loop";
  Vector sign = Vector::Ones(n);
  sign[flipped] = -1.0;
  FlippedSystem system;
  system.a = sign.asDiagonal() * base;
  system.f = sign.cwiseProduct(f0);
  system.expected = dense_reference(base, f0);
  return system;
}

TEST(LcaSolverFallback, NegativeDiagonalMakesAutomaticFallBack) {
  const auto system = flipped_system(42);
  SolverOptions options;
  options.dense_threshold = 1.0;
  Solver solver = make_solver(system.a, SolverKind::automatic, options);
  ASSERT_GT(solver.largest_block(), 1u);
  SolveReport report;
  auto s = solver.solve(system.f, &report);
  ASSERT_TRUE(s) << s.error().to_string();
  EXPECT_TRUE(report.fell_back);  // Jacobi is not applied to a non-positive diagonal
  EXPECT_EQ(report.used, SolverKind::iterative);  // GMRES on the loop block did it
  EXPECT_LE(relative_error(*s, system.expected), 1e-9);
  EXPECT_LE(relative_residual(system.a, *s, system.f), 1e-10);
}

TEST(LcaSolverFallback, StalledIterationFallsBackToKlu) {
  const SparseMatrix a = random_technosphere(23, 120, 6, 0.05);
  const Vector f = random_vector(24, 120);
  SolverOptions options;
  options.dense_threshold = 1.0;
  options.max_iterations = 2;  // neither Jacobi nor GMRES can finish a loop in 2 steps
  Solver solver = make_solver(a, SolverKind::automatic, options);
  SolveReport report;
  auto s = solver.solve(f, &report);
  ASSERT_TRUE(s) << s.error().to_string();
  EXPECT_TRUE(report.fell_back);
  EXPECT_EQ(report.used, SolverKind::klu);
  EXPECT_LE(relative_error(*s, dense_reference(a, f)), 1e-9);
  EXPECT_TRUE(solver.factorized());  // the fallback factorization is kept for later solves
}

TEST(LcaSolverFallback, IterativeOnlyReportsNotConvergedNamingTheLoop) {
  const SparseMatrix a = random_technosphere(23, 120, 6, 0.05);
  SolverOptions options;
  options.max_iterations = 2;
  Solver solver = make_solver(a, SolverKind::iterative, options);
  auto s = solver.solve(random_vector(24, 120));
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().code, ErrorCode::lca_not_converged);
  EXPECT_NE(s.error().message.find("act-"), std::string::npos) << s.error().message;
  EXPECT_NE(s.error().message.find("loop of"), std::string::npos) << s.error().message;
}

// Columns 0 and 1 are identical, (1, 1, −0.5): rank 2. With these binary-exact values LU
// pivots 1 and then 1 − 1·1 = 0 exactly, so KLU sees a zero pivot.
SparseMatrix identical_columns() {
  Eigen::MatrixXd dense(3, 3);
  dense << 1.0, 1.0, 0.0,  //
      1.0, 1.0, 0.0,       //
      -0.5, -0.5, 1.0;
  return from_dense(dense);
}

TEST(LcaSolverSingular, IdenticalColumnsAreSingularNamingTheActivity) {
  for (auto kind : {SolverKind::klu, SolverKind::dense}) {
    Solver solver = make_solver(identical_columns(), kind);
    auto factored = solver.factorize();
    ASSERT_FALSE(factored) << solver_kind_name(kind);
    EXPECT_EQ(factored.error().code, ErrorCode::lca_singular);
    EXPECT_NE(factored.error().message.find("act-"), std::string::npos) << factored.error().message;
    EXPECT_NE(factored.error().message.find("loop"), std::string::npos) << factored.error().message;
  }
  // The automatic path iterates first; (1, 0, 0) is not in the range of A, so the iteration
  // fails and the KLU fallback reports the singularity.
  SolverOptions options;
  options.dense_threshold = 1.0;
  Solver automatic = make_solver(identical_columns(), SolverKind::automatic, options);
  auto s = automatic.solve(Vector::Unit(3, 0));
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().code, ErrorCode::lca_singular) << s.error().message;
}

TEST(LcaSolverSingular, EmptyColumnIsSingularAtAnalysis) {
  Eigen::MatrixXd dense = Eigen::MatrixXd::Identity(3, 3);
  dense(2, 2) = 0.0;
  dense(2, 0) = -0.5;
  auto solver = Solver::analyze(from_dense(dense), label);
  ASSERT_FALSE(solver);
  EXPECT_EQ(solver.error().code, ErrorCode::lca_singular);
  EXPECT_NE(solver.error().message.find("act-2"), std::string::npos) << solver.error().message;
  EXPECT_NE(solver.error().message.find("empty column"), std::string::npos);
}

TEST(LcaSolverSingular, TwoActivitiesForOneProductOnlyIsStructurallySingular) {
  // Activities 0 and 1 both produce only product 0; nobody produces product 1.
  Eigen::MatrixXd dense(3, 3);
  dense << 1.0, 1.0, 0.0,  //
      0.0, 0.0, -0.2,      //
      0.0, 0.0, 1.0;
  auto solver = Solver::analyze(from_dense(dense), label);
  ASSERT_FALSE(solver);
  EXPECT_EQ(solver.error().code, ErrorCode::lca_singular);
  EXPECT_NE(solver.error().message.find("structurally singular"), std::string::npos)
      << solver.error().message;
  EXPECT_NE(solver.error().message.find("act-1"), std::string::npos) << solver.error().message;
}

// A = [1 1; 1 1+ε] with ε = 2⁻⁵² (one ulp of 1): LU pivots 1 and then (1+ε) − 1 = ε ≈ 2.2e-16
// (KLU's row scaling gives 1 − 1/(1+ε) ≈ ε too), so the pivot ratio is ≈ 2.2e-16 < 1e-15.
TEST(LcaSolverIllConditioned, HopelessPivotRatioIsIllConditioned) {
  Eigen::MatrixXd dense(2, 2);
  dense << 1.0, 1.0, 1.0, 1.0 + std::ldexp(1.0, -52);
  for (auto kind : {SolverKind::klu, SolverKind::dense}) {
    Solver solver = make_solver(from_dense(dense), kind);
    auto factored = solver.factorize();
    ASSERT_FALSE(factored) << solver_kind_name(kind);
    EXPECT_EQ(factored.error().code, ErrorCode::lca_ill_conditioned) << solver_kind_name(kind);
    EXPECT_NE(factored.error().message.find("act-"), std::string::npos);
    auto s = solver.solve(Vector::Unit(2, 0));  // the failure is kept, not retried per call
    ASSERT_FALSE(s);
    EXPECT_EQ(s.error().code, ErrorCode::lca_ill_conditioned);
  }
}

TEST(LcaSolverIllConditioned, NonFiniteValueIsRejectedAtAnalysis) {
  SparseMatrix a(2, 2);
  a.insert(0, 0) = 1.0;
  a.insert(1, 1) = 1.0;
  a.insert(0, 1) = std::numeric_limits<double>::quiet_NaN();
  auto solver = Solver::analyze(a, label);
  ASSERT_FALSE(solver);
  EXPECT_EQ(solver.error().code, ErrorCode::lca_ill_conditioned);
  EXPECT_NE(solver.error().message.find("act-1"), std::string::npos) << solver.error().message;
}

TEST(LcaSolverSingular, NonSquareIsRejected) {
  SparseMatrix a(2, 3);
  auto solver = Solver::analyze(a, label);
  ASSERT_FALSE(solver);
  EXPECT_EQ(solver.error().code, ErrorCode::lca_singular);
}

/// Values of A with every off-diagonal entry scaled by `factor` (CSC order, A's pattern).
std::vector<double> scaled_off_diagonal(const SparseMatrix& a, double factor) {
  std::vector<double> values(a.valuePtr(), a.valuePtr() + a.nonZeros());
  for (int col = 0; col < a.cols(); ++col) {
    for (int pos = a.outerIndexPtr()[col]; pos < a.outerIndexPtr()[col + 1]; ++pos) {
      if (a.innerIndexPtr()[pos] != col) values[static_cast<std::size_t>(pos)] *= factor;
    }
  }
  return values;
}

/// Lognormal(0, σ) factors on every off-diagonal value, like a Monte Carlo draw.
std::vector<double> drawn_values(const SparseMatrix& a, std::uint64_t seed, double sigma) {
  std::mt19937_64 rng(seed);
  std::lognormal_distribution<double> factor(0.0, sigma);
  std::vector<double> values(a.valuePtr(), a.valuePtr() + a.nonZeros());
  for (int col = 0; col < a.cols(); ++col) {
    for (int pos = a.outerIndexPtr()[col]; pos < a.outerIndexPtr()[col + 1]; ++pos) {
      if (a.innerIndexPtr()[pos] != col) values[static_cast<std::size_t>(pos)] *= factor(rng);
    }
  }
  return values;
}

SparseMatrix with_values(const SparseMatrix& a, const std::vector<double>& values) {
  SparseMatrix perturbed = a;
  std::copy(values.begin(), values.end(), perturbed.valuePtr());
  return perturbed;
}

TEST(LcaSolverPerturbed, SmallPerturbationIteratesWithoutRefactoring) {
  const SparseMatrix a = random_technosphere(42, 150, 6, 0.05);
  const Vector f = random_vector(43, 150);
  Solver solver = make_solver(a, SolverKind::klu);
  ASSERT_TRUE(solver.factorize());
  auto workspace = solver.make_workspace();
  const auto values = drawn_values(a, 5, 0.1);
  SolveReport report;
  auto s = solver.solve_perturbed(values.data(), f, *workspace, &report);
  ASSERT_TRUE(s) << s.error().to_string();
  EXPECT_FALSE(report.refactored);
  EXPECT_GT(report.iterations, 1);
  EXPECT_LE(relative_error(*s, dense_reference(with_values(a, values), f)), 1e-9);
}

TEST(LcaSolverPerturbed, LargePerturbationForcesRefactoring) {
  const SparseMatrix a = random_technosphere(42, 150, 6, 0.05);
  const Vector f = random_vector(43, 150);
  Solver solver = make_solver(a, SolverKind::klu);
  ASSERT_TRUE(solver.factorize());
  auto workspace = solver.make_workspace();
  // A' = I + 3M with the first activity's reference output turned negative: the inputs become
  // co-products three times as large. Jacobi does not apply (a diagonal entry is not positive)
  // and the nominal LU is a poor preconditioner (Richardson diverges), so the draw is refactored.
  const auto first_diagonal = [&] {
    for (SparseMatrix::InnerIterator it(a, 0); it; ++it) {
      if (it.row() == 0) return static_cast<std::size_t>(&it.value() - a.valuePtr());
    }
    return std::size_t{0};
  }();
  for (double factor : {-3.0, -2.5}) {  // the second draw goes through klu_refactor
    auto values = scaled_off_diagonal(a, factor);
    values[first_diagonal] = -values[first_diagonal];
    SolveReport report;
    auto s = solver.solve_perturbed(values.data(), f, *workspace, &report);
    ASSERT_TRUE(s) << s.error().to_string();
    EXPECT_TRUE(report.refactored) << factor;
    EXPECT_LE(relative_error(*s, dense_reference(with_values(a, values), f)), 1e-9) << factor;
  }
  // And the workspace still serves small draws after refactoring.
  const auto values = drawn_values(a, 9, 0.1);
  auto s = solver.solve_perturbed(values.data(), f, *workspace);
  ASSERT_TRUE(s) << s.error().to_string();
  EXPECT_LE(relative_error(*s, dense_reference(with_values(a, values), f)), 1e-9);
}

TEST(LcaSolverPerturbed, DenseFactorizationAlsoServesDraws) {
  const SparseMatrix a = random_technosphere(11, 60, 6, 0.05);
  const Vector f = random_vector(12, 60);
  Solver solver = make_solver(a, SolverKind::dense);
  auto workspace = solver.make_workspace();  // factorize() is lazy here
  for (double factor : {1.1, -3.0}) {
    const auto values = scaled_off_diagonal(a, factor);
    SolveReport report;
    auto s = solver.solve_perturbed(values.data(), f, *workspace, &report);
    ASSERT_TRUE(s) << s.error().to_string();
    EXPECT_EQ(report.refactored, factor < 0) << factor;
    EXPECT_LE(relative_error(*s, dense_reference(with_values(a, values), f)), 1e-9);
  }
}

TEST(LcaSolverConcurrency, PerturbedDrawsOnTwoThreadsMatchSerial) {
  const SparseMatrix a = random_technosphere(23, 200, 6, 0.05);
  const Vector f = random_vector(24, 200);
  Solver solver = make_solver(a, SolverKind::klu);
  ASSERT_TRUE(solver.factorize());
  std::vector<std::vector<double>> draws;
  for (int draw = 0; draw < 24; ++draw) {
    // every sixth draw is far off the nominal matrix and must refactor in its workspace
    draws.push_back(draw % 6 == 5 ? scaled_off_diagonal(a, -2.0 - 0.1 * draw)
                                  : drawn_values(a, 100 + static_cast<std::uint64_t>(draw), 0.2));
  }
  std::vector<Vector> serial;
  auto serial_workspace = solver.make_workspace();
  for (const auto& values : draws) {
    auto s = solver.solve_perturbed(values.data(), f, *serial_workspace);
    ASSERT_TRUE(s) << s.error().to_string();
    serial.push_back(*s);
  }
  std::vector<Vector> parallel(draws.size());
  std::vector<int> refactored(draws.size(), 0);
  std::vector<int> failures(2, 0);
  auto worker = [&](int thread) {
    auto workspace = solver.make_workspace();
    for (std::size_t draw = static_cast<std::size_t>(thread); draw < draws.size(); draw += 2) {
      SolveReport report;
      auto s = solver.solve_perturbed(draws[draw].data(), f, *workspace, &report);
      if (!s) {
        ++failures[static_cast<std::size_t>(thread)];
        continue;
      }
      parallel[draw] = *s;
      refactored[draw] = report.refactored ? 1 : 0;
      auto plain = solver.solve_transposed(f);  // a shared const solve at the same time
      if (!plain) ++failures[static_cast<std::size_t>(thread)];
    }
  };
  std::thread first(worker, 0);
  std::thread second(worker, 1);
  first.join();
  second.join();
  EXPECT_EQ(failures[0] + failures[1], 0);
  int refactorings = 0;
  for (std::size_t draw = 0; draw < draws.size(); ++draw) {
    refactorings += refactored[draw];
    EXPECT_LE(relative_error(parallel[draw], serial[draw]), 1e-12) << draw;
    EXPECT_LE(relative_error(parallel[draw], dense_reference(with_values(a, draws[draw]), f)), 1e-9)
        << draw;
  }
  EXPECT_EQ(refactorings, 4);
}

}  // namespace
}  // namespace cl::lca

// The sparse LU with a dense tail (core/lca/sparse_lu.hpp). Every check comes from outside the
// code under test: the factors must rebuild the scaled, permuted matrix by their definition
// P·(R⁻¹A)·Q = L·U + F (multiplied out densely by Eigen), answers must equal Eigen's dense
// PartialPivLU on the same matrix, and the small cases are worked by hand in their comments.
#include "core/lca/sparse_lu.hpp"

#include <gtest/gtest.h>

#include <Eigen/Dense>

#include <numeric>
#include <vector>

#include "support/lca_random.hpp"

namespace cl::lca::detail {
namespace {

SparseMatrix from_dense(const Eigen::MatrixXd& dense) {
  SparseMatrix sparse = dense.sparseView();
  sparse.makeCompressed();
  return sparse;
}

std::vector<int> identity(int n) {
  std::vector<int> v(static_cast<std::size_t>(n));
  std::iota(v.begin(), v.end(), 0);
  return v;
}

/// L·U + F and P·(R⁻¹A)·Q as dense matrices.
std::pair<Eigen::MatrixXd, Eigen::MatrixXd> both_sides(const SparseMatrix& a, const LuFactors& f) {
  const int n = f.n;
  Eigen::MatrixXd l = Eigen::MatrixXd::Identity(n, n);
  Eigen::MatrixXd u = Eigen::MatrixXd::Zero(n, n);
  Eigen::MatrixXd off = Eigen::MatrixXd::Zero(n, n);
  for (int k = 0; k < n; ++k) {
    const auto uk = static_cast<std::size_t>(k);
    for (int pos = f.lp[uk]; pos < f.lp[uk + 1]; ++pos) l(f.li[pos], k) = f.lx[pos];
    for (int pos = f.up[uk]; pos < f.up[uk + 1]; ++pos) u(f.ui[pos], k) = f.ux[pos];
    for (int pos = f.fp[uk]; pos < f.fp[uk + 1]; ++pos) off(f.fi[pos], k) = f.fx[pos];
    u(k, k) = f.udiag[uk];
  }
  const Eigen::MatrixXd dense(a);
  Eigen::MatrixXd permuted(n, n);
  for (int row = 0; row < n; ++row) {
    for (int col = 0; col < n; ++col) {
      const auto ur = static_cast<std::size_t>(row);
      permuted(row, col) = dense(f.p[ur], f.q[static_cast<std::size_t>(col)]) / f.rs[ur];
    }
  }
  return {l * u + off, permuted};
}

/// x = A⁻¹ b through the factors, by their definition: A = R·Pᵀ·(L·U + F)·Qᵀ.
Vector solve_with(const SparseMatrix& a, const LuFactors& f, const Vector& b) {
  auto [lu_plus_f, permuted] = both_sides(a, f);
  Vector scaled(f.n);
  for (int k = 0; k < f.n; ++k) {
    const auto uk = static_cast<std::size_t>(k);
    scaled[k] = b[f.p[uk]] / f.rs[uk];
  }
  const Vector y = lu_plus_f.partialPivLu().solve(scaled);
  Vector x(f.n);
  for (int k = 0; k < f.n; ++k) x[f.q[static_cast<std::size_t>(k)]] = y[k];
  return x;
}

void expect_factors_of(const SparseMatrix& a, const LuFactors& f) {
  auto [lu_plus_f, permuted] = both_sides(a, f);
  EXPECT_LE((lu_plus_f - permuted).lpNorm<Eigen::Infinity>(), 1e-12);
  const Vector b = Vector::LinSpaced(f.n, 1.0, 2.0);
  const Vector expected = Eigen::MatrixXd(a).partialPivLu().solve(b);
  EXPECT_LE((solve_with(a, f, b) - expected).lpNorm<Eigen::Infinity>(),
            1e-10 * expected.lpNorm<Eigen::Infinity>());
}

// A random technosphere with loops, as one block: once all sparse, once with the dense tail
// forced early. Both must be factors of the same matrix and agree with Eigen's dense LU.
TEST(SparseLu, RandomLoopSparseAndWithDenseTail) {
  for (std::uint64_t seed : {1u, 2u, 3u}) {
    const SparseMatrix a = test::random_technosphere(seed, 300, 6, 0.4);
    const auto perm = identity(300);
    const std::vector<int> bounds{0, 300};
    SparseLuOptions sparse_only;
    sparse_only.min_dense = 1000;
    const auto plain = sparse_lu(a, {perm, perm, bounds}, sparse_only);
    ASSERT_EQ(plain.zero_pivot_column, -1);
    EXPECT_EQ(plain.dense_columns, 0);
    expect_factors_of(a, plain.factors);

    SparseLuOptions early;
    early.min_dense = 8;
    early.dense_ratio = 0.02;
    const auto hybrid = sparse_lu(a, {perm, perm, bounds}, early);
    ASSERT_EQ(hybrid.zero_pivot_column, -1);
    EXPECT_GT(hybrid.dense_columns, 8) << "seed " << seed;
    expect_factors_of(a, hybrid.factors);
  }
}

// Block upper triangular by construction: block 0 = {0, 1} (a loop), block 1 = {2, 3, 4}
// (a loop), with A(0, 3) = −0.3 and A(1, 4) = −0.2 above the diagonal blocks, so F holds them.
TEST(SparseLu, TwoBlocksKeepTheEntriesAboveInF) {
  Eigen::MatrixXd dense(5, 5);
  dense << 2, -1, 0, -0.3, 0,  //
      -0.5, 3, 0, 0, -0.2,     //
      0, 0, 4, -1, -1,         //
      0, 0, -2, 5, 0,          //
      0, 0, 0, -1, 1;
  const SparseMatrix a = from_dense(dense);
  const auto perm = identity(5);
  const std::vector<int> bounds{0, 2, 5};
  SparseLuOptions early;
  early.min_dense = 1;
  early.dense_ratio = 0.0;
  for (const auto& options : {SparseLuOptions{}, early}) {
    const auto result = sparse_lu(a, {perm, perm, bounds}, options);
    ASSERT_EQ(result.zero_pivot_column, -1);
    EXPECT_EQ(result.factors.fi.size(), 2u);  // the two entries above the diagonal blocks
    expect_factors_of(a, result.factors);
  }
}

// [[1e-8, 1], [1, 1]]: the diagonal 1e-8 is below 0.001 × the column's largest (1), so row 1
// is the first pivot. For b = (1, 2): x₀ + x₁ = 2 and 1e-8·x₀ + x₁ = 1 give
// x₀ = 1 / (1 − 1e-8) and x₁ = 2 − x₀.
TEST(SparseLu, PivotsAwayFromASmallDiagonal) {
  Eigen::MatrixXd dense(2, 2);
  dense << 1e-8, 1, 1, 1;
  const SparseMatrix a = from_dense(dense);
  const auto perm = identity(2);
  const auto result = sparse_lu(a, {perm, perm, {0, 2}});
  ASSERT_EQ(result.zero_pivot_column, -1);
  EXPECT_EQ(result.factors.p[0], 1);  // row 1 chosen for the first pivot
  const Vector x = solve_with(a, result.factors, Vector{{1.0, 2.0}});
  EXPECT_NEAR(x[0], 1.0 / (1.0 - 1e-8), 1e-15);
  EXPECT_NEAR(x[1], 2.0 - 1.0 / (1.0 - 1e-8), 1e-15);
}

// [[1, 1], [1, 1]]: after the first pivot the other column reduces to 1 − 1·1 = 0 in the only
// row left, so the second column taken (0 or 1: the two are alike, AMD may take either first)
// has no pivot, in the sparse phase and in the dense one alike.
TEST(SparseLu, ReportsTheColumnWithoutAPivot) {
  Eigen::MatrixXd dense(3, 3);
  dense << 1, 1, 0, 1, 1, 0, 0, 0, 2;
  const SparseMatrix a = from_dense(dense);
  const auto perm = identity(3);
  const int sparse_phase = sparse_lu(a, {perm, perm, {0, 2, 3}}).zero_pivot_column;
  EXPECT_TRUE(sparse_phase == 0 || sparse_phase == 1) << sparse_phase;
  SparseLuOptions early;
  early.min_dense = 1;
  early.dense_ratio = 0.0;
  const int dense_phase = sparse_lu(a, {perm, perm, {0, 2, 3}}, early).zero_pivot_column;
  EXPECT_TRUE(dense_phase == 0 || dense_phase == 1) << dense_phase;
  // A 1×1 block with a zero: column 2 of diag(1, 1, 0) with the pattern kept.
  SparseMatrix z = from_dense(Eigen::Vector3d(1, 1, 1).asDiagonal());
  z.coeffRef(2, 2) = 0.0;
  z.makeCompressed();
  EXPECT_EQ(sparse_lu(z, {perm, perm, {0, 1, 2, 3}}).zero_pivot_column, 2);
}

}  // namespace
}  // namespace cl::lca::detail

// Sparse LU of a technosphere in block triangular form (internal to core/lca; solver.cpp uses it).
//
// Each strong component (BTF block) is ordered by AMD on the pattern of B + Bᵀ, as KLU does, and
// factored left-looking (Gilbert–Peierls: a depth-first reach, then a sparse triangular solve per
// column) with threshold partial pivoting that prefers the diagonal. When the columns of L fill in
// (a column holding more than `dense_ratio` of the rows still to pivot), the remaining columns are
// reduced only against the sparse part and their Schur complement is factored dense by LAPACK
// dgetrf (BLAS-3, OpenBLAS threads): the trailing part of an AMD-ordered loop block is dense, and
// there KLU's column-by-column kernel does ~1 GFlop/s where dgetrf does ten or more. Both phases
// pivot over every row not yet chosen, so the factors are those of ordinary partial pivoting.
#pragma once

#include <vector>

#include "core/lca/system.hpp"

namespace cl::lca::detail {

/// P·(R⁻¹A)·Q = L·U + F: L unit lower and U upper inside each BTF block, F the entries above the
/// diagonal blocks (rows in the final pivot order). R scales each row by its largest magnitude;
/// rs[k] belongs to row p[k]. The same layout as klu_extract gives.
struct LuFactors {
  int n = 0;
  std::vector<int> p, q, r;
  std::vector<double> rs;
  std::vector<int> lp, li;  ///< strictly lower part; the unit diagonal is implicit
  std::vector<double> lx;
  std::vector<int> up, ui;  ///< strictly upper part; the diagonal is in udiag
  std::vector<double> ux, udiag;
  std::vector<int> fp, fi;
  std::vector<double> fx;
};

struct SparseLuOptions {
  double pivot_tolerance = 0.001;  ///< keep the diagonal when |diag| ≥ this × the column's largest
  double dense_ratio = 0.25;       ///< switch to dense when a column of L fills this share
  int min_dense = 64;              ///< never switch for fewer remaining columns than this
};

/// The block triangular form to factor: position k holds row row_perm[k] and column
/// col_perm[k]; block b covers positions bounds[b] .. bounds[b+1]−1; A(row_perm, col_perm) is
/// block upper triangular with a structurally zero-free diagonal.
struct BtfOrder {
  const std::vector<int>& row_perm;
  const std::vector<int>& col_perm;
  const std::vector<int>& bounds;
};

struct SparseLuResult {
  LuFactors factors;
  int zero_pivot_column = -1;  ///< column of A where no non-zero pivot was left, else −1
  int dense_columns = 0;       ///< columns factored by the dense tail (all blocks)
};

SparseLuResult sparse_lu(const SparseMatrix& a, const BtfOrder& order,
                         const SparseLuOptions& options = {});

}  // namespace cl::lca::detail

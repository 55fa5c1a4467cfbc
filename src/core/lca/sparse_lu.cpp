// Left-looking sparse LU with a dense LAPACK tail; see sparse_lu.hpp.
#include "core/lca/sparse_lu.hpp"

#include <amd.h>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>

extern "C" {
// LAPACK (OpenBLAS).
void dgetrf_(const int* m, const int* n, double* a, const int* lda, int* ipiv, int* info);
}

namespace cl::lca::detail {
namespace {

/// The dense tail is m × m doubles; above this many columns the block stays sparse (8 bytes ×
/// 6,000² = 288 MB is the most a factorization may add for it).
constexpr int kMaxDense = 6000;

/// M is n × n in compressed columns with a structurally zero-free diagonal, in fill-reducing
/// order; it is the block at positions k1 … k1+n−1 of `out`. Column k: the rows reachable from
/// M(:,k) through the columns of L so far (depth-first, in topological order), the sparse
/// triangular solve over them, then the pivot among rows not yet chosen. Once a column of L is
/// dense enough, later columns are only reduced against the sparse columns and what is left of
/// them (the Schur complement) goes to dgetrf. L and U are written straight into `out` (no copy
/// of the factors is ever held twice); L's rows are M's rows until the block is done.
class LeftLooking {
 public:
  LeftLooking(LuFactors& out, int k1, int n, const int* mp, const int* mi, const double* mx,
              const SparseLuOptions& options)
      : out_(out),
        k1_(k1),
        n_(n),
        mp_(mp),
        mi_(mi),
        mx_(mx),
        options_(options),
        lp_(out.lp.data() + k1),
        up_(out.up.data() + k1) {
    pinv_.assign(n, -1);
    x_.assign(n, 0.0);
    mark_.assign(n, 0);
    stack_.assign(n, 0);
    next_.assign(n, 0);
    order_.assign(n, 0);
  }

  /// Factors the block; on success pinv() maps each row of M to its pivot position (local).
  /// Returns the local column without a pivot, or −1.
  int run() {
    for (int k = 0; k < n_; ++k) {
      const int top = reach_and_solve(k);
      if (k >= sparse_end_) {
        finish_dense_column(k, top);
        continue;
      }
      if (!pivot_column(k, top)) return k;
    }
    if (sparse_end_ < n_) {
      const int zero = factor_dense();
      if (zero >= 0) return zero;
    }
    for (int pos = lp_[0]; pos < lp_[std::min(sparse_end_, n_)]; ++pos) {
      out_.li[pos] = k1_ + pinv_[out_.li[pos]];
    }
    return -1;
  }
  const std::vector<int>& pinv() const { return pinv_; }
  int dense_columns() const { return sparse_end_ < n_ ? n_ - sparse_end_ : 0; }

 private:
  /// Scatters M(:,k) into x_ and applies the columns of L it reaches; returns the start of the
  /// reached rows in order_ (order_[top..n) in topological order).
  int reach_and_solve(int k) {
    int top = n_;
    for (int pos = mp_[k]; pos < mp_[k + 1]; ++pos) {
      if (!mark_[mi_[pos]]) top = depth_first(mi_[pos], top);
    }
    for (int pos = mp_[k]; pos < mp_[k + 1]; ++pos) x_[mi_[pos]] = mx_[pos];
    const int* li = out_.li.data();
    const double* lx = out_.lx.data();
    for (int t = top; t < n_; ++t) {
      const int row = order_[t];
      mark_[row] = 0;
      const int col = pinv_[row];
      if (col < 0) continue;
      const double value = x_[row];
      if (value == 0.0) continue;
      for (int pos = lp_[col]; pos < lp_[col + 1]; ++pos) x_[li[pos]] -= lx[pos] * value;
    }
    return top;
  }

  int depth_first(int start, int top) {
    const int* li = out_.li.data();
    int head = 0;
    stack_[0] = start;
    while (head >= 0) {
      const int row = stack_[head];
      const int col = pinv_[row];
      if (!mark_[row]) {
        mark_[row] = 1;
        next_[head] = col < 0 ? 0 : lp_[col];
      }
      const int end = col < 0 ? 0 : lp_[col + 1];
      bool done = true;
      for (int pos = next_[head]; pos < end; ++pos) {
        const int child = li[pos];
        if (mark_[child]) continue;
        next_[head] = pos + 1;
        stack_[++head] = child;
        done = false;
        break;
      }
      if (done) {
        --head;
        order_[--top] = row;
      }
    }
    return top;
  }

  bool pivot_column(int k, int top) {
    int chosen = -1;
    double largest = 0.0;
    for (int t = top; t < n_; ++t) {
      const int row = order_[t];
      if (pinv_[row] < 0 && std::abs(x_[row]) > largest) {
        largest = std::abs(x_[row]);
        chosen = row;
      }
    }
    if (chosen < 0 || !(largest > 0.0)) {
      for (int t = top; t < n_; ++t) x_[order_[t]] = 0.0;
      return false;
    }
    if (pinv_[k] < 0 && std::abs(x_[k]) >= options_.pivot_tolerance * largest) chosen = k;
    const double pivot = x_[chosen];
    pinv_[chosen] = k;
    out_.udiag[k1_ + k] = pivot;
    int below = 0;
    for (int t = top; t < n_; ++t) {
      const int row = order_[t];
      const double value = x_[row];
      x_[row] = 0.0;
      if (row == chosen) continue;
      if (pinv_[row] >= 0) {
        out_.ui.push_back(k1_ + pinv_[row]);
        out_.ux.push_back(value);
      } else {
        out_.li.push_back(row);
        out_.lx.push_back(value / pivot);
        ++below;
      }
    }
    up_[k + 1] = static_cast<int>(out_.ui.size());
    lp_[k + 1] = static_cast<int>(out_.li.size());
    const int remaining = n_ - k - 1;
    if (remaining >= options_.min_dense && remaining <= kMaxDense &&
        below >= options_.dense_ratio * remaining) {
      start_dense(k + 1);
    }
    return true;
  }

  void start_dense(int first) {
    sparse_end_ = first;
    const int m = n_ - first;
    dense_index_.assign(n_, -1);
    int next = 0;
    for (int row = 0; row < n_; ++row) {
      if (pinv_[row] < 0) dense_index_[row] = next++;
    }
    const auto triangle = static_cast<std::size_t>(m) * static_cast<std::size_t>(m - 1) / 2;
    out_.li.reserve(out_.li.size() + triangle);  // address space only until written
    out_.lx.reserve(out_.lx.size() + triangle);
    out_.ui.reserve(out_.ui.size() + 2 * triangle);
    out_.ux.reserve(out_.ux.size() + 2 * triangle);
    schur_.assign(static_cast<std::size_t>(m) * static_cast<std::size_t>(m), 0.0);
    for (int col = first; col <= n_; ++col) lp_[col] = lp_[first];
  }

  double* schur_column(int c) {
    const auto m = static_cast<std::size_t>(n_ - sparse_end_);
    return schur_.data() + static_cast<std::size_t>(c) * m;
  }

  void finish_dense_column(int k, int top) {
    double* column = schur_column(k - sparse_end_);
    for (int t = top; t < n_; ++t) {
      const int row = order_[t];
      if (pinv_[row] >= 0) {
        out_.ui.push_back(k1_ + pinv_[row]);
        out_.ux.push_back(x_[row]);
      } else {
        column[dense_index_[row]] = x_[row];
      }
      x_[row] = 0.0;
    }
    up_[k + 1] = static_cast<int>(out_.ui.size());
  }

  /// dgetrf on the Schur complement, then its L appended and its U merged into the dense
  /// columns of U in place. Returns the local column without a pivot, or −1.
  int factor_dense() {
    const int s = sparse_end_;
    const int m = n_ - s;
    std::vector<int> swaps(static_cast<std::size_t>(m));
    int info = 0;
    dgetrf_(&m, &m, schur_.data(), &m, swaps.data(), &info);
    if (info > 0) return s + info - 1;
    std::vector<int> row_at(static_cast<std::size_t>(m));  // Schur row at each pivot
    for (int t = 0; t < m; ++t) row_at[t] = t;
    for (int t = 0; t < m; ++t) std::swap(row_at[t], row_at[swaps[t] - 1]);
    std::vector<int> row_of_dense(static_cast<std::size_t>(m));
    for (int row = 0; row < n_; ++row) {
      if (dense_index_[row] >= 0) row_of_dense[dense_index_[row]] = row;
    }
    for (int t = 0; t < m; ++t) pinv_[row_of_dense[row_at[t]]] = s + t;

    // U: column k ≥ s holds its rows from the sparse part; its dense upper part (non-zeros of
    // the Schur column above the diagonal) goes after them, every column shifted right by the
    // dense entries of the columns before it (moved from the last column back).
    std::vector<int> shift(static_cast<std::size_t>(m) + 1, 0);
    for (int c = 0; c < m; ++c) {
      const double* column = schur_column(c);
      int count = 0;
      for (int r = 0; r < c; ++r) count += column[r] != 0.0 ? 1 : 0;
      shift[c + 1] = shift[c] + count;
    }
    const std::size_t old_size = out_.ui.size();
    out_.ui.resize(old_size + static_cast<std::size_t>(shift[m]));
    out_.ux.resize(out_.ui.size());
    for (int c = m - 1; c >= 0; --c) {
      const int k = s + c;
      const int begin = up_[k];
      const int end = up_[k + 1];
      const int target = begin + shift[c];
      std::copy_backward(out_.ui.begin() + begin, out_.ui.begin() + end,
                         out_.ui.begin() + target + (end - begin));
      std::copy_backward(out_.ux.begin() + begin, out_.ux.begin() + end,
                         out_.ux.begin() + target + (end - begin));
      int write = target + (end - begin);
      const double* column = schur_column(c);
      for (int r = 0; r < c; ++r) {
        if (column[r] == 0.0) continue;
        out_.ui[write] = k1_ + s + r;
        out_.ux[write++] = column[r];
      }
      up_[k + 1] = end + shift[c + 1];
      out_.udiag[k1_ + k] = column[c];
    }
    for (int c = 0; c < m; ++c) {  // L: the Schur columns below the diagonal, appended
      const double* column = schur_column(c);
      for (int r = c + 1; r < m; ++r) {
        if (column[r] == 0.0) continue;
        out_.li.push_back(k1_ + s + r);
        out_.lx.push_back(column[r]);
      }
      lp_[s + c + 1] = static_cast<int>(out_.li.size());
    }
    std::vector<double>().swap(schur_);
    return -1;
  }

  LuFactors& out_;
  int k1_;
  int n_;
  const int* mp_;
  const int* mi_;
  const double* mx_;
  const SparseLuOptions& options_;
  int* lp_;  ///< out.lp from this block's first column on
  int* up_;
  std::vector<int> pinv_;
  std::vector<double> x_;
  std::vector<char> mark_;
  std::vector<int> stack_, next_, order_;
  int sparse_end_ = std::numeric_limits<int>::max();  ///< first column of the dense phase
  std::vector<int> dense_index_;  ///< row → its index in the Schur complement, −1 when pivoted
  std::vector<double> schur_;     ///< column-major (n − sparse_end_)²
};

/// Compressed columns of an n × n block (sorted rows).
struct Block {
  std::vector<int> p, i;
  std::vector<double> x;
};

/// B(perm, perm) for B in compressed columns.
Block permute_symmetric(const Block& b, const std::vector<int>& perm) {
  const auto n = static_cast<int>(perm.size());
  std::vector<int> inverse(perm.size());
  for (int k = 0; k < n; ++k) inverse[perm[k]] = k;
  Block m;
  m.p.assign(perm.size() + 1, 0);
  m.i.reserve(b.i.size());
  m.x.reserve(b.x.size());
  for (int k = 0; k < n; ++k) {
    const int col = perm[k];
    for (int pos = b.p[col]; pos < b.p[col + 1]; ++pos) {
      m.i.push_back(inverse[b.i[pos]]);
      m.x.push_back(b.x[pos]);
    }
    m.p[k + 1] = static_cast<int>(m.i.size());
  }
  return m;
}

}  // namespace

SparseLuResult sparse_lu(const SparseMatrix& a, const BtfOrder& order,
                         const SparseLuOptions& options) {
  const auto n = static_cast<int>(a.cols());
  const int* ap = a.outerIndexPtr();
  const int* ai = a.innerIndexPtr();
  const double* ax = a.valuePtr();
  SparseLuResult result;
  LuFactors& f = result.factors;
  f.n = n;
  f.r = order.bounds;
  f.p.assign(n, 0);
  f.q.assign(n, 0);
  f.rs.assign(n, 0.0);
  f.lp.assign(n + 1, 0);
  f.up.assign(n + 1, 0);
  f.fp.assign(n + 1, 0);
  f.udiag.assign(n, 0.0);

  std::vector<double> scale(n, 0.0);  // KLU's default: each row by its largest magnitude
  for (int pos = 0; pos < ap[n]; ++pos)
    scale[ai[pos]] = std::max(scale[ai[pos]], std::abs(ax[pos]));
  for (double& s : scale) {
    if (s == 0.0) s = 1.0;
  }
  std::vector<int> btf_row_pos(n);
  for (int k = 0; k < n; ++k) btf_row_pos[order.row_perm[k]] = k;

  const int blocks = static_cast<int>(order.bounds.size()) - 1;
  for (int block = 0; block < blocks; ++block) {
    const int k1 = order.bounds[block];
    const int k2 = order.bounds[block + 1];
    const int size = k2 - k1;
    if (size == 1) {
      const int row = order.row_perm[k1];
      const int col = order.col_perm[k1];
      const int* hit = std::lower_bound(ai + ap[col], ai + ap[col + 1], row);
      const double value = hit != ai + ap[col + 1] && *hit == row ? ax[hit - ai] / scale[row] : 0.0;
      if (!(value != 0.0)) {
        result.zero_pivot_column = col;
        return result;
      }
      f.p[k1] = row;
      f.q[k1] = col;
      f.udiag[k1] = value;
      f.lp[k1 + 1] = static_cast<int>(f.li.size());
      f.up[k1 + 1] = static_cast<int>(f.ui.size());
      continue;
    }
    Block b;  // A(P, Q) on this block, rows scaled, in BTF positions local to the block
    b.p.assign(static_cast<std::size_t>(size) + 1, 0);
    for (int j = 0; j < size; ++j) {
      const int col = order.col_perm[k1 + j];
      for (int pos = ap[col]; pos < ap[col + 1]; ++pos) {
        const int local = btf_row_pos[ai[pos]] - k1;
        if (local < 0 || local >= size) continue;
        b.i.push_back(local);
        b.x.push_back(ax[pos] / scale[ai[pos]]);
      }
      b.p[j + 1] = static_cast<int>(b.i.size());
    }
    std::vector<int> perm(static_cast<std::size_t>(size));
    double control[AMD_CONTROL];
    double info[AMD_INFO];
    amd_defaults(control);
    if (amd_order(size, b.p.data(), b.i.data(), perm.data(), control, info) < AMD_OK) {
      for (int k = 0; k < size; ++k) perm[k] = k;  // out of memory in AMD: natural order
    }
    const Block m = permute_symmetric(b, perm);
    b = {};
    LeftLooking block_lu(f, k1, size, m.p.data(), m.i.data(), m.x.data(), options);
    const int zero = block_lu.run();
    if (zero >= 0) {
      result.zero_pivot_column = order.col_perm[k1 + perm[zero]];
      return result;
    }
    result.dense_columns += block_lu.dense_columns();
    for (int t = 0; t < size; ++t) {
      f.q[k1 + t] = order.col_perm[k1 + perm[t]];
      f.p[k1 + block_lu.pinv()[t]] = order.row_perm[k1 + perm[t]];
    }
  }

  std::vector<int> final_pos(n);
  for (int k = 0; k < n; ++k) {
    final_pos[f.p[k]] = k;
    f.rs[k] = scale[f.p[k]];
  }
  for (int block = 0; block < blocks; ++block) {  // F: entries above the diagonal blocks
    const int k1 = order.bounds[block];
    for (int k = k1; k < order.bounds[block + 1]; ++k) {
      const int col = f.q[k];
      for (int pos = ap[col]; pos < ap[col + 1]; ++pos) {
        const int row_pos = final_pos[ai[pos]];
        if (row_pos >= k1) continue;
        f.fi.push_back(row_pos);
        f.fx.push_back(ax[pos] / scale[ai[pos]]);
      }
      f.fp[k + 1] = static_cast<int>(f.fi.size());
    }
  }
  return result;
}

}  // namespace cl::lca::detail

// A random technosphere like the benchmark generator (reference/lca-engine.md §6), for the
// solver's unit and property tests: each activity j gets 1–`inputs` inputs, from a product of a
// lower random level with probability 1 − back, else from any product (loops); weights
// lognormal(0, 2) normalized to a column sum r_j ~ U(0.05, 0.95); A = I − M, so A is a
// non-singular M-matrix and every solver path must agree on it.
#pragma once

#include <algorithm>
#include <cstdint>
#include <random>
#include <vector>

#include "core/lca/system.hpp"

namespace cl::lca::test {

inline SparseMatrix random_technosphere(std::uint64_t seed, int n, int inputs, double back) {
  std::mt19937_64 rng(seed);
  std::vector<int> level(static_cast<std::size_t>(n));
  for (int idx = 0; idx < n; ++idx) level[static_cast<std::size_t>(idx)] = idx;
  std::shuffle(level.begin(), level.end(), rng);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  std::lognormal_distribution<double> weight(0.0, 2.0);
  std::vector<Eigen::Triplet<double, int>> entries;
  for (int col = 0; col < n; ++col) {
    entries.emplace_back(col, col, 1.0);
    const int count = 1 + static_cast<int>(unit(rng) * inputs);
    std::vector<int> rows;
    std::vector<double> weights;
    for (int draw = 0; draw < 4 * count && static_cast<int>(rows.size()) < count; ++draw) {
      const int row = static_cast<int>(unit(rng) * n) % n;
      const bool upstream =
          level[static_cast<std::size_t>(row)] < level[static_cast<std::size_t>(col)];
      if (row == col || (!upstream && unit(rng) >= back)) continue;
      if (std::find(rows.begin(), rows.end(), row) != rows.end()) continue;
      rows.push_back(row);
      weights.push_back(weight(rng));
    }
    double total = 0.0;
    for (double w : weights) total += w;
    const double column_sum = 0.05 + 0.9 * unit(rng);
    for (std::size_t idx = 0; idx < rows.size(); ++idx) {
      entries.emplace_back(rows[idx], col, -column_sum * weights[idx] / total);
    }
  }
  SparseMatrix a(n, n);
  a.setFromTriplets(entries.begin(), entries.end());
  a.makeCompressed();
  return a;
}

}  // namespace cl::lca::test

// Summary statistics shared by the Monte Carlo runs of the inventory and the LCA engine.
#pragma once

#include <algorithm>
#include <cstddef>
#include <vector>

namespace cl {

/// Linear-interpolated percentile of sorted values (fraction in [0, 1]); 0 for none. Written as
/// a + w·(b − a) so that it is monotone in `fraction` and exact on ties.
inline double percentile(const std::vector<double>& sorted, double fraction) {
  if (sorted.empty()) return 0.0;
  const double position = fraction * static_cast<double>(sorted.size() - 1);
  const auto lower = static_cast<std::size_t>(position);
  const std::size_t upper = std::min(lower + 1, sorted.size() - 1);
  const double weight = position - static_cast<double>(lower);
  return sorted[lower] + weight * (sorted[upper] - sorted[lower]);
}

}  // namespace cl

// Allocation of a factory's shared inventory lines (a month's electricity, the site's natural
// gas) over its products, ISO 14044:2006 4.3.4.2 step 2 (a physical relationship: mass, machine
// hours) or step 3 (another relationship: sales value). Shares from basis quantities are
// q_i / Σ q, so they sum to 1 by construction; shares given directly must sum to 1 (within
// kShareTolerance) or the study is refused with footprint.shares.
#pragma once

#include <map>
#include <span>
#include <string>
#include <vector>

#include "core/footprint/study.hpp"

namespace cl::footprint {

/// How far given shares may sum from 1 (rounding in a spreadsheet's percentages: 0.1 % of 1).
inline constexpr double kShareTolerance = 1e-3;

/// q_i / Σ q. Every quantity must be finite and ≥ 0 and the sum > 0 (asserted by callers: see
/// allocation_shares, which checks and reports).
std::vector<double> normalize_shares(std::span<const double> quantities);

/// Each product's share of `line` (product key → share, summing to 1). footprint.shares when a
/// quantity is negative or not finite, all are zero, or given shares do not sum to 1.
Result<std::map<std::string, double>> allocation_shares(const SharedLine& line);

}  // namespace cl::footprint

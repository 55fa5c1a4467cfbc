// Data quality (MOENV register 表六) and uncertainty (表七, IPCC 2006 Vol. 1 ch. 3 Approach 1).
#pragma once

#include "core/inventory/model.hpp"
#include "core/inventory/result.hpp"

namespace cl::inventory {

/// Band of an A1 × A2 × A3 score: ≤ 9 → 1, 12–18 → 2, 27 → 3 (MOENV guideline table 2-4).
int quality_band(int score);
/// Inventory grade from the emission-weighted mean band: < 1.5 → 1, < 2.5 → 2, else 3.
int quality_grade(double weighted_band);

/// Fills each source's quality and the inventory's emission-weighted score and grade.
void grade_quality(const Inventory& inventory, InventoryResult& out);

/// Combines two relative uncertainties of a product: √(a² + b²) for each bound
/// (IPCC 2006 Vol. 1 eq. 3.2).
factors::Uncertainty combine_product(factors::Uncertainty lhs, factors::Uncertainty rhs);

/// Relative uncertainty of a sum: √Σ(Eᵢ·Uᵢ)² / ΣEᵢ for each bound (IPCC 2006 Vol. 1 eq. 3.1).
factors::Uncertainty combine_sum(const std::vector<std::pair<double, factors::Uncertainty>>& parts);

/// The factor uncertainty used for a source: the source's own estimate, else the factor's, else
/// none (0, with a warning from propagate_uncertainty).
std::optional<factors::Uncertainty> factor_uncertainty_of(const Source& source,
                                                          const factors::EmissionFactor& factor);

/// Fills each source's combined uncertainty and the total's, IPCC Approach 1.
void propagate_uncertainty(const Inventory& inventory, InventoryResult& out);

}  // namespace cl::inventory

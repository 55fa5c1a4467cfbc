#include "core/inventory/quality.hpp"

#include <cmath>

namespace cl::inventory {

int quality_band(int score) {
  return score <= 9 ? 1 : (score <= 18 ? 2 : 3);
}

int quality_grade(double weighted_band) {
  return weighted_band < 1.5 ? 1 : (weighted_band < 2.5 ? 2 : 3);
}

void grade_quality(const Inventory& inventory, InventoryResult& out) {
  double weighted = 0.0;
  double total = 0.0;
  for (auto& line : out.sources) {
    const auto& source = inventory.sources[line.source];
    const auto* factor = out.find_factor(line.factor_id);
    const auto type = factor != nullptr ? factor->type : factors::FactorType::international;
    line.quality.a1 = source.quality.a1;
    line.quality.a2 = source.quality.a2;
    line.quality.a3 = factors::a3_grade(type);
    line.quality.score = line.quality.a1 * line.quality.a2 * line.quality.a3;
    line.quality.band = quality_band(line.quality.score);
    weighted += line.quality.band * line.co2e_kg;
    total += line.co2e_kg;
  }
  out.quality_score = total > 0.0 ? weighted / total : 0.0;
  out.quality_grade = total > 0.0 ? quality_grade(out.quality_score) : 0;
}

factors::Uncertainty combine_product(factors::Uncertainty lhs, factors::Uncertainty rhs) {
  return {std::hypot(lhs.lower, rhs.lower), std::hypot(lhs.upper, rhs.upper)};
}

factors::Uncertainty combine_sum(
    const std::vector<std::pair<double, factors::Uncertainty>>& parts) {
  double total = 0.0, lower = 0.0, upper = 0.0;
  for (const auto& [emission, uncertainty] : parts) {
    total += emission;
    lower += std::pow(emission * uncertainty.lower, 2);
    upper += std::pow(emission * uncertainty.upper, 2);
  }
  if (total == 0.0) return {};
  return {std::sqrt(lower) / std::abs(total), std::sqrt(upper) / std::abs(total)};
}

std::optional<factors::Uncertainty> factor_uncertainty_of(const Source& source,
                                                          const factors::EmissionFactor& factor) {
  if (source.factor_uncertainty) return source.factor_uncertainty;
  return factor.uncertainty;
}

void propagate_uncertainty(const Inventory& inventory, InventoryResult& out) {
  std::vector<std::pair<double, factors::Uncertainty>> parts;
  for (auto& line : out.sources) {
    const auto& source = inventory.sources[line.source];
    std::optional<factors::Uncertainty> factor_uncertainty;
    if (const auto* factor = out.find_factor(line.factor_id)) {
      factor_uncertainty = factor_uncertainty_of(source, *factor);
    }
    if (!factor_uncertainty && line.co2e_kg > 0.0) {
      out.diagnostics.warning(
          ErrorCode::parse_missing_field,
          "factor " + line.factor_id +
              " has no uncertainty; only the activity data's counts (add "
              "`factor_uncertainty:` to the source)",
          {.file = inventory.file, .field = "factor_uncertainty", .record = source.id});
    }
    line.uncertainty = combine_product(source.activity_uncertainty,
                                       factor_uncertainty.value_or(factors::Uncertainty{}));
    parts.emplace_back(line.co2e_kg, line.uncertainty);
  }
  out.uncertainty = combine_sum(parts);
}

}  // namespace cl::inventory

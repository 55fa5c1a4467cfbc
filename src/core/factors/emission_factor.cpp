#include "core/factors/emission_factor.hpp"

#include <array>
#include <utility>

namespace cl::factors {
namespace {

constexpr std::array kTypes = {
    std::pair{FactorType::own_developed, "own_developed"},
    std::pair{FactorType::same_process, "same_process"},
    std::pair{FactorType::manufacturer, "manufacturer"},
    std::pair{FactorType::regional, "regional"},
    std::pair{FactorType::national, "national"},
    std::pair{FactorType::international, "international"},
};

}  // namespace

std::string_view factor_type_id(FactorType type) {
  for (const auto& [candidate, id] : kTypes) {
    if (candidate == type) return id;
  }
  return "international";
}

Result<FactorType> parse_factor_type(std::string_view id, const RecordRef& where) {
  for (const auto& [type, candidate] : kTypes) {
    if (candidate == id) return type;
  }
  return fail(ErrorCode::parse_bad_value,
              "unknown factor type '" + std::string(id) +
                  "'; expected own_developed, same_process, manufacturer, regional, national or "
                  "international",
              where);
}

int a3_grade(FactorType type) {
  const int number = static_cast<int>(type);
  return number <= 2 ? 1 : (number <= 4 ? 2 : 3);
}

Result<double> to_factor_units(double amount, const units::Unit& unit, const EmissionFactor& factor,
                               const HeatingValue* heating_value, const RecordRef& where) {
  if (unit.dimension == factor.per.dimension)
    return units::convert(amount, unit, factor.per, where);
  const HeatingValue* hv = heating_value;
  if (hv == nullptr && factor.heating_value) hv = &*factor.heating_value;
  if (factor.per.dimension == units::Dimension::energy && hv != nullptr &&
      hv->per_unit.dimension == unit.dimension) {
    const double base_amount = amount * unit.to_base;
    const double joules = base_amount * hv->joules_per_base_unit();
    return joules / factor.per.to_base;
  }
  std::string hint = "give the amount in " + std::string(units::dimension_id(factor.per.dimension));
  if (factor.per.dimension == units::Dimension::energy) {
    hint += hv != nullptr ? " or in " + std::string(units::dimension_id(hv->per_unit.dimension))
                          : " or add a heating value to the source";
  }
  return fail(ErrorCode::unit_mismatch,
              "amount in " + std::string(unit.symbol) + " (" +
                  std::string(units::dimension_id(unit.dimension)) + ") does not fit factor '" +
                  factor.id + "' given per " + std::string(factor.per.symbol) + "; " + hint,
              where);
}

}  // namespace cl::factors

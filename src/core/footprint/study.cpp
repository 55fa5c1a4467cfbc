#include "core/footprint/study.hpp"

#include <array>
#include <cmath>
#include <cstdio>
#include <utility>

namespace cl::footprint {
namespace {

constexpr std::array kStageIds = {
    std::pair{Stage::raw_materials, std::string_view("raw_materials")},
    std::pair{Stage::transport, std::string_view("transport")},
    std::pair{Stage::manufacturing, std::string_view("manufacturing")},
    std::pair{Stage::distribution, std::string_view("distribution")},
    std::pair{Stage::use, std::string_view("use")},
    std::pair{Stage::end_of_life, std::string_view("end_of_life")},
};

constexpr std::array kBasisIds = {
    std::pair{AllocationBasis::mass, std::string_view("mass")},
    std::pair{AllocationBasis::hours, std::string_view("hours")},
    std::pair{AllocationBasis::value, std::string_view("value")},
    std::pair{AllocationBasis::shares, std::string_view("shares")},
};

// PACT declared units (shared/reference/pact-v3.md, CarbonFootprint.declaredUnit) and the unit
// symbols of core/units. "square meter" has no unit in core/units: lines in m2 must be in m2.
constexpr std::array kDeclaredUnits = {
    std::pair{std::string_view("liter"), std::string_view("L")},
    std::pair{std::string_view("kilogram"), std::string_view("kg")},
    std::pair{std::string_view("cubic meter"), std::string_view("m3")},
    std::pair{std::string_view("kilowatt hour"), std::string_view("kWh")},
    std::pair{std::string_view("megajoule"), std::string_view("MJ")},
    std::pair{std::string_view("ton kilometer"), std::string_view("tkm")},
    std::pair{std::string_view("square meter"), std::string_view("m2")},
    std::pair{std::string_view("piece"), std::string_view("item")},
};

}  // namespace

std::string_view stage_id(Stage stage) {
  for (const auto& [value, id] : kStageIds) {
    if (value == stage) return id;
  }
  return "?";
}

std::optional<Stage> find_stage(std::string_view id) {
  for (const auto& [value, name] : kStageIds) {
    if (name == id) return value;
  }
  return std::nullopt;
}

std::string_view boundary_id(Boundary boundary) {
  return boundary == Boundary::cradle_to_gate ? "cradle-to-gate" : "cradle-to-grave";
}

std::optional<Boundary> find_boundary(std::string_view id) {
  if (id == "cradle-to-gate") return Boundary::cradle_to_gate;
  if (id == "cradle-to-grave") return Boundary::cradle_to_grave;
  return std::nullopt;
}

std::string_view basis_id(AllocationBasis basis) {
  for (const auto& [value, id] : kBasisIds) {
    if (value == basis) return id;
  }
  return "?";
}

std::optional<AllocationBasis> find_basis(std::string_view id) {
  for (const auto& [value, name] : kBasisIds) {
    if (name == id) return value;
  }
  return std::nullopt;
}

std::string_view declared_unit_symbol(std::string_view declared_unit) {
  for (const auto& [name, symbol] : kDeclaredUnits) {
    if (name == declared_unit) return symbol;
  }
  return {};
}

std::string format_amount(double value) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, std::abs(value) >= 1e6 ? "%.0f" : "%.6g", value);
  return buffer;
}

}  // namespace cl::footprint

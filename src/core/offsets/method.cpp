#include "core/offsets/method.hpp"

#include <algorithm>
#include <array>
#include <utility>

namespace cl::offsets {
namespace {

using namespace std::string_view_literals;

// Parameter ids of each kind (the contract between calculate.cpp and methods.yaml).
constexpr std::array kLighting = {"n_units"sv,         "baseline_power_w"sv, "project_power_w"sv,
                                  "operating_hours"sv, "grid_loss"sv,        "scrapped_fraction"sv,
                                  "other_leakage_t"sv};
constexpr std::array kChiller = {
    "cooling_output_rth"sv, "baseline_sec_kw_per_rt"sv, "project_electricity_mwh"sv, "grid_loss"sv,
    "scrapped_fraction"sv,  "project_refrigerant_t"sv,  "other_leakage_t"sv};
constexpr std::array kMotor = {"baseline_power_kw"sv,       "operating_hours"sv,
                               "project_electricity_mwh"sv, "grid_loss"sv,
                               "scrapped_fraction"sv,       "other_leakage_t"sv};
constexpr std::array kCompressor = {"air_delivered_nm3"sv, "baseline_sec_kwh_per_nm3"sv,
                                    "project_electricity_mwh"sv, "grid_loss"sv,
                                    "other_leakage_t"sv};
constexpr std::array kBoiler = {
    "useful_heat_gj"sv,        "baseline_efficiency"sv,          "baseline_fuel_ef_t_per_tj"sv,
    "project_fuel_quantity"sv, "project_fuel_ncv_gj_per_unit"sv, "project_fuel_ef_t_per_tj"sv,
    "other_leakage_t"sv};

constexpr std::array kKinds = {
    std::pair{CalcKind::lighting, "lighting"sv},
    std::pair{CalcKind::chiller, "chiller"sv},
    std::pair{CalcKind::motor_vsd, "motor_vsd"sv},
    std::pair{CalcKind::air_compressor, "air_compressor"sv},
    std::pair{CalcKind::boiler_fuel_switch, "boiler_fuel_switch"sv},
};
constexpr std::array kCategories = {
    std::pair{Category::energy_efficiency, "energy_efficiency"sv},
    std::pair{Category::fuel_switch, "fuel_switch"sv},
    std::pair{Category::renewable_power, "renewable_power"sv},
};
constexpr std::array kBases = {
    std::pair{GridBasis::none, "none"sv},
    std::pair{GridBasis::national, "national"sv},
    std::pair{GridBasis::combined_margin, "combined_margin"sv},
};

template <class Table, class Enum>
std::string_view id_of(const Table& table, Enum value) {
  for (const auto& [candidate, id] : table) {
    if (candidate == value) return id;
  }
  return "unknown";
}

template <class Table>
auto find_in(const Table& table, std::string_view id)
    -> std::optional<typename Table::value_type::first_type> {
  for (const auto& [value, candidate] : table) {
    if (candidate == id) return value;
  }
  return std::nullopt;
}

}  // namespace

const ParameterSpec* Method::find_parameter(std::string_view parameter_id) const {
  for (const auto& parameter : parameters) {
    if (parameter.id == parameter_id) return &parameter;
  }
  return nullptr;
}

bool Method::accepts(GridBasis basis) const {
  return std::find(grid_bases.begin(), grid_bases.end(), basis) != grid_bases.end();
}

std::span<const std::string_view> kind_parameters(CalcKind kind) {
  switch (kind) {
    case CalcKind::lighting:
      return kLighting;
    case CalcKind::chiller:
      return kChiller;
    case CalcKind::motor_vsd:
      return kMotor;
    case CalcKind::air_compressor:
      return kCompressor;
    case CalcKind::boiler_fuel_switch:
      return kBoiler;
  }
  return {};
}

bool kind_uses_grid(CalcKind kind) {
  return kind != CalcKind::boiler_fuel_switch;
}

std::string_view kind_id(CalcKind kind) {
  return id_of(kKinds, kind);
}
std::optional<CalcKind> find_kind(std::string_view id) {
  return find_in(kKinds, id);
}
std::string_view category_id(Category category) {
  return id_of(kCategories, category);
}
std::optional<Category> find_category(std::string_view id) {
  return find_in(kCategories, id);
}
std::string_view grid_basis_id(GridBasis basis) {
  return id_of(kBases, basis);
}
std::optional<GridBasis> find_grid_basis(std::string_view id) {
  return find_in(kBases, id);
}

Result<const Method*> MethodCatalog::find(std::string_view id) const {
  std::string known;
  for (const auto& method : methods_) {
    if (method.id == id) return &method;
    known += (known.empty() ? "" : ", ") + method.id;
  }
  return fail(ErrorCode::offsets_method,
              "unknown reduction method '" + std::string(id) +
                  "'; known methods: " + (known.empty() ? std::string("none loaded") : known),
              {.field = "method", .record = std::string(id)});
}

}  // namespace cl::offsets

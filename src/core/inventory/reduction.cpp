// The estimate of a reduction proposal; see reduction.hpp.
#include "core/inventory/reduction.hpp"

#include <array>
#include <cmath>
#include <string>
#include <utility>

namespace cl::inventory {
namespace {

struct EquipmentName {
  Equipment equipment;
  std::string_view id;
  std::string_view zh;
  std::string_view en;
};

constexpr std::array kEquipment = {
    EquipmentName{Equipment::air_compressor, "air_compressor", "空壓機", "air compressor"},
    EquipmentName{Equipment::chiller, "chiller", "冰水主機", "chiller"},
    EquipmentName{Equipment::boiler, "boiler", "鍋爐", "boiler"},
    EquipmentName{Equipment::lighting, "lighting", "照明", "lighting"},
    EquipmentName{Equipment::motor, "motor", "馬達", "motor"},
    EquipmentName{Equipment::other, "other", "其他", "other"},
};

constexpr std::string_view kGridPrefix = "tw.moea.grid.";

Result<void> check_amount(double value, const char* field, const RecordRef& where) {
  if (std::isfinite(value) && value >= 0) return {};
  RecordRef at = where;
  at.field = field;
  return fail(ErrorCode::parse_bad_value,
              std::string("\"") + field + "\" must be a number of at least 0", at);
}

}  // namespace

std::string_view equipment_id(Equipment equipment) {
  for (const auto& item : kEquipment) {
    if (item.equipment == equipment) return item.id;
  }
  return "other";
}

std::string_view equipment_name(Equipment equipment, bool chinese) {
  for (const auto& item : kEquipment) {
    if (item.equipment == equipment) return chinese ? item.zh : item.en;
  }
  return chinese ? "其他" : "other";
}

Result<Equipment> parse_equipment(std::string_view id, const RecordRef& where) {
  for (const auto& item : kEquipment) {
    if (item.id == id) return item.equipment;
  }
  return fail(ErrorCode::parse_bad_value,
              "equipment '" + std::string(id) +
                  "' is not one of air_compressor, chiller, boiler, lighting, motor, other",
              where);
}

Result<ReductionEstimate> estimate_reduction(const ReductionInput& input,
                                             const factors::EmissionFactor& factor,
                                             const factors::HeatingValue* heating_value,
                                             const factors::FactorLibrary& library,
                                             const factors::GwpSet& gwp_set,
                                             const RecordRef& where) {
  for (const auto& [value, field] :
       {std::pair{input.energy_saving, "energy_saving"},
        std::pair{input.investment_twd, "investment_twd"},
        std::pair{input.annual_cost_saving_twd, "annual_cost_saving_twd"}}) {
    if (auto checked = check_amount(value, field, where); !checked) {
      return tl::unexpected(checked.error());
    }
  }
  RecordRef unit_where = where;
  unit_where.field = "energy_unit";
  auto activity = factors::to_factor_units(input.energy_saving, input.energy_unit, factor,
                                           heating_value, unit_where);
  if (!activity) return tl::unexpected(activity.error());
  ReductionEstimate out;
  out.activity_saving = *activity;
  for (const auto& gas : factor.gases) {
    auto found = library.find_gas(gas.gas, where);
    if (!found) return tl::unexpected(found.error());
    if (!(*found)->is_in_total()) continue;
    auto gwp = library.gwp(gas.gas, gwp_set, where);
    if (!gwp) return tl::unexpected(gwp.error());
    out.co2e_saving_kg += *activity * gas.kg_per_unit * *gwp;
  }
  if (input.annual_cost_saving_twd > 0) {
    out.payback_years = input.investment_twd / input.annual_cost_saving_twd;
  }
  return out;
}

bool is_electricity_unit(const units::Unit& unit) {
  return unit.symbol == "kWh" || unit.symbol == "MWh" || unit.symbol == "GWh";
}

Result<const factors::EmissionFactor*> grid_factor(const factors::FactorLibrary& library,
                                                   int year) {
  const std::string wanted = std::string(kGridPrefix) + std::to_string(year);
  const factors::EmissionFactor* latest = nullptr;
  for (const auto& factor : library.factors()) {
    if (factor.id == wanted) return &factor;
    if (factor.id.rfind(kGridPrefix, 0) != 0) continue;
    if (latest == nullptr || factor.year > latest->year) latest = &factor;
  }
  if (latest != nullptr) return latest;
  return fail(ErrorCode::factor_not_found, "the factor library has no grid electricity factor (" +
                                               std::string(kGridPrefix) + "<year>); name a factor");
}

}  // namespace cl::inventory

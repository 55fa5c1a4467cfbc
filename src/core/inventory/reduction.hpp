// Reduction proposals from a utilities site survey (INV-8, 公用設備現勘): a measure on an air
// compressor, chiller, boiler, lighting or motor saves an amount of energy a year; its CO2e
// saving is that amount in the emission factor's unit × each gas's kg per unit × the gas's GWP
// in the inventory's GWP set, summed over the gases that count in the inventory total (as
// compute.hpp does: biogenic CO2 and Montreal gases are reported apart). Simple payback is
// investment / annual cost saving. Pure: the caller picks the factor and heating value.
#pragma once

#include <optional>
#include <string_view>

#include "core/common/result.hpp"
#include "core/factors/library.hpp"
#include "core/units/unit.hpp"

namespace cl::inventory {

enum class Equipment { air_compressor, chiller, boiler, lighting, motor, other };

std::string_view equipment_id(Equipment equipment);
/// "空壓機", "air compressor", … for reports.
std::string_view equipment_name(Equipment equipment, bool chinese);
/// parse.bad_value naming `where` for anything but the six ids.
Result<Equipment> parse_equipment(std::string_view id, const RecordRef& where = {});

struct ReductionInput {
  double energy_saving = 0.0;  ///< energy saved a year, in `energy_unit` (≥ 0)
  units::Unit energy_unit;
  double investment_twd = 0.0;          ///< ≥ 0
  double annual_cost_saving_twd = 0.0;  ///< ≥ 0
};

struct ReductionEstimate {
  double activity_saving = 0.0;         ///< the energy saving in the factor's `per` unit
  double co2e_saving_kg = 0.0;          ///< a year
  std::optional<double> payback_years;  ///< none when the cost saving is 0
};

/// The estimate with `factor` (the source's heating value when given, else the factor's own,
/// turns a physical amount into energy). parse.bad_value (field energy_saving, investment_twd or
/// annual_cost_saving_twd) for a negative or non-finite number; unit.mismatch when the unit does
/// not fit the factor; the library's gas and GWP errors for a gas the set lacks.
Result<ReductionEstimate> estimate_reduction(const ReductionInput& input,
                                             const factors::EmissionFactor& factor,
                                             const factors::HeatingValue* heating_value,
                                             const factors::FactorLibrary& library,
                                             const factors::GwpSet& gwp_set,
                                             const RecordRef& where = {});

/// True for units of purchased electricity (kWh, 度, MWh, GWh).
bool is_electricity_unit(const units::Unit& unit);

/// The grid electricity factor for `year`: tw.moea.grid.<year>, else the one of the latest year
/// the library has; factor.not_found when the library has no tw.moea.grid.* factor.
Result<const factors::EmissionFactor*> grid_factor(const factors::FactorLibrary& library, int year);

}  // namespace cl::inventory

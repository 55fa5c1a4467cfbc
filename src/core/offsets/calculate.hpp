// Emission reductions of one monitoring period: baseline − project − leakage (OFS-1), one pure
// function per method kind, each returning the calculation table (計算表) that the project plan
// and the monitoring report show: every step with its symbol, formula, value and unit.
//
// Conventions shared by the electricity methods (CDM AMS-II.C "Demand-side energy efficiency
// activities for specific technologies", AM0060 for chillers): energy E in MWh, the grid
// emission factor EF in t CO2/MWh, technical grid losses l as a fraction, so that emissions are
// E × EF / (1 − l). Leakage is the baseline emissions of replaced equipment that was not
// scrapped (the share 1 − f_scrap from scrapping records) plus any other leakage the method
// names. Reductions may be negative; credits never are (project.hpp).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/common/result.hpp"
#include "core/offsets/method.hpp"

namespace cl::offsets {

struct CalcLine {
  std::string symbol;       ///< "E_BL"
  std::string description;  ///< "baseline electricity"
  std::string formula;      ///< "n × P_BL × O / 10^6 / (1 − l)"
  double value = 0.0;
  std::string unit;
};

struct PeriodEmissions {
  double baseline_t = 0.0;
  double project_t = 0.0;
  double leakage_t = 0.0;
  double reduction_t = 0.0;       ///< baseline − project − leakage
  double energy_saved_mwh = 0.0;  ///< electricity methods; 0 for fuel methods
  double energy_saved_gj = 0.0;   ///< fuel methods: baseline − project fuel energy
  std::vector<CalcLine> lines;
};

struct ElectricCommon {
  double grid_ef = 0.0;    ///< t CO2/MWh
  double grid_loss = 0.0;  ///< l, fraction in [0, 1)
  double scrapped_fraction = 1.0;
  double other_leakage_t = 0.0;
};

struct LightingInputs {
  double n_units = 0.0;
  double baseline_power_w = 0.0;  ///< per unit, baseline lamp (and ballast)
  double project_power_w = 0.0;   ///< per unit, efficient lamp
  double operating_hours = 0.0;   ///< in the period
  ElectricCommon common;
};

struct ChillerInputs {
  double cooling_output_rth = 0.0;       ///< cooling delivered in the period, RT·h
  double baseline_sec_kw_per_rt = 0.0;   ///< specific consumption of the baseline chiller
  double project_electricity_mwh = 0.0;  ///< metered consumption of the new chiller
  double project_refrigerant_t = 0.0;    ///< refrigerant leakage of the new chiller, t CO2e
  ElectricCommon common;
};

struct MotorInputs {
  double baseline_power_kw = 0.0;        ///< measured average power before the retrofit
  double operating_hours = 0.0;          ///< in the period
  double project_electricity_mwh = 0.0;  ///< metered
  ElectricCommon common;
};

struct CompressorInputs {
  double air_delivered_nm3 = 0.0;
  double baseline_sec_kwh_per_nm3 = 0.0;
  double project_electricity_mwh = 0.0;
  ElectricCommon common;  ///< scrapped_fraction unused (efficiency of a system)
};

struct BoilerInputs {
  double useful_heat_gj = 0.0;                ///< heat delivered in the period
  double baseline_efficiency = 0.0;           ///< η_BL of the baseline boiler
  double baseline_fuel_ef_t_per_tj = 0.0;     ///< CO2 factor of the baseline fuel
  double project_fuel_quantity = 0.0;         ///< in the fuel's unit (t, kL, 1000 m³ ...)
  double project_fuel_ncv_gj_per_unit = 0.0;  ///< net calorific value per unit
  double project_fuel_ef_t_per_tj = 0.0;
  double other_leakage_t = 0.0;
};

PeriodEmissions calculate_lighting(const LightingInputs& in);
PeriodEmissions calculate_chiller(const ChillerInputs& in);
PeriodEmissions calculate_motor_vsd(const MotorInputs& in);
PeriodEmissions calculate_air_compressor(const CompressorInputs& in);
PeriodEmissions calculate_boiler_fuel_switch(const BoilerInputs& in);

using ParameterValues = std::map<std::string, double>;

/// Fills defaults and checks every parameter of the method: present, finite, inside its range,
/// and no unknown ids. offsets.method naming the parameter and `where`.
Result<ParameterValues> resolve_parameters(const Method& method, const ParameterValues& given,
                                           const RecordRef& where);

/// Checks the numeric applicability conditions on resolved values (offsets.not_applicable).
Result<void> check_conditions(const Method& method, const ParameterValues& values,
                              const RecordRef& where);

/// Runs the method's kind on resolved values. `grid_ef` (t CO2/MWh) is required by the
/// electricity kinds.
Result<PeriodEmissions> calculate_period(const Method& method, const ParameterValues& values,
                                         std::optional<double> grid_ef, const RecordRef& where);

}  // namespace cl::offsets

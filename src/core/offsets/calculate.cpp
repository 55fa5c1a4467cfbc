#include "core/offsets/calculate.hpp"

#include "core/offsets/date.hpp"

#include <cmath>

#include "core/common/assert.hpp"

namespace cl::offsets {
namespace {

/// The electricity part shared by the kinds: grid-side emissions of an energy at the meter.
double grid_emissions(double energy_mwh, const ElectricCommon& common) {
  return energy_mwh * common.grid_ef / (1.0 - common.grid_loss);
}

void add(PeriodEmissions& out, std::string symbol, std::string description, std::string formula,
         double value, std::string unit) {
  out.lines.push_back(
      {std::move(symbol), std::move(description), std::move(formula), value, std::move(unit)});
}

/// BE, PE, LE and ER from the baseline and project energies of an electricity method.
PeriodEmissions electric_result(PeriodEmissions out, double baseline_mwh, double project_mwh,
                                double project_extra_t, const ElectricCommon& common,
                                bool replaces_equipment) {
  out.baseline_t = grid_emissions(baseline_mwh, common);
  add(out, "BE", "baseline emissions 基線排放量", "E_BL × EF_grid / (1 − l)", out.baseline_t,
      "t CO2e");
  out.project_t = grid_emissions(project_mwh, common) + project_extra_t;
  add(out, "PE", "project emissions 專案排放量",
      project_extra_t != 0.0 ? "E_PJ × EF_grid / (1 − l) + PE_ref" : "E_PJ × EF_grid / (1 − l)",
      out.project_t, "t CO2e");
  const double not_scrapped =
      replaces_equipment ? (1.0 - common.scrapped_fraction) * out.baseline_t : 0.0;
  out.leakage_t = not_scrapped + common.other_leakage_t;
  add(out, "LE", "leakage 洩漏排放量",
      replaces_equipment ? "(1 − f_scrap) × BE + LE_other" : "LE_other", out.leakage_t, "t CO2e");
  out.reduction_t = out.baseline_t - out.project_t - out.leakage_t;
  add(out, "ER", "emission reduction 減量", "BE − PE − LE", out.reduction_t, "t CO2e");
  out.energy_saved_mwh = baseline_mwh - project_mwh;
  return out;
}

}  // namespace

PeriodEmissions calculate_lighting(const LightingInputs& in) {
  PeriodEmissions out;
  // AMS-II.C: E_BL = Σ n_i × p_i × o_i; W × h / 10^6 = MWh.
  const double baseline_mwh = in.n_units * in.baseline_power_w * in.operating_hours / 1e6;
  const double project_mwh = in.n_units * in.project_power_w * in.operating_hours / 1e6;
  add(out, "E_BL", "baseline electricity 基線用電", "n × P_BL × O / 10^6", baseline_mwh, "MWh");
  add(out, "E_PJ", "project electricity 專案用電", "n × P_PJ × O / 10^6", project_mwh, "MWh");
  return electric_result(std::move(out), baseline_mwh, project_mwh, 0.0, in.common, true);
}

PeriodEmissions calculate_chiller(const ChillerInputs& in) {
  PeriodEmissions out;
  // The baseline chiller's specific consumption applied to the cooling the project delivered
  // (AM0060's energy-efficiency approach): RT·h × kW/RT = kWh.
  const double baseline_mwh = in.cooling_output_rth * in.baseline_sec_kw_per_rt / 1000.0;
  add(out, "E_BL", "baseline electricity 基線用電", "Q × SEC_BL / 1000", baseline_mwh, "MWh");
  add(out, "E_PJ", "project electricity, metered 專案用電（電表）", "metered",
      in.project_electricity_mwh, "MWh");
  return electric_result(std::move(out), baseline_mwh, in.project_electricity_mwh,
                         in.project_refrigerant_t, in.common, true);
}

PeriodEmissions calculate_motor_vsd(const MotorInputs& in) {
  PeriodEmissions out;
  // Baseline power measured before the retrofit, applied to the project's operating hours.
  const double baseline_mwh = in.baseline_power_kw * in.operating_hours / 1000.0;
  add(out, "E_BL", "baseline electricity 基線用電", "P_BL × O / 1000", baseline_mwh, "MWh");
  add(out, "E_PJ", "project electricity, metered 專案用電（電表）", "metered",
      in.project_electricity_mwh, "MWh");
  return electric_result(std::move(out), baseline_mwh, in.project_electricity_mwh, 0.0, in.common,
                         true);
}

PeriodEmissions calculate_air_compressor(const CompressorInputs& in) {
  PeriodEmissions out;
  const double baseline_mwh = in.air_delivered_nm3 * in.baseline_sec_kwh_per_nm3 / 1000.0;
  add(out, "E_BL", "baseline electricity 基線用電", "V_air × SEC_BL / 1000", baseline_mwh, "MWh");
  add(out, "E_PJ", "project electricity, metered 專案用電（電表）", "metered",
      in.project_electricity_mwh, "MWh");
  return electric_result(std::move(out), baseline_mwh, in.project_electricity_mwh, 0.0, in.common,
                         false);
}

PeriodEmissions calculate_boiler_fuel_switch(const BoilerInputs& in) {
  PeriodEmissions out;
  // AMS-II.D / AMS-III.B: the baseline boiler would have burnt HG / η_BL of its fuel to deliver
  // the project's useful heat. GJ / 1000 = TJ.
  const double baseline_tj = in.useful_heat_gj / in.baseline_efficiency / 1000.0;
  add(out, "FC_BL", "baseline fuel energy 基線燃料熱量", "HG / η_BL / 1000", baseline_tj, "TJ");
  out.baseline_t = baseline_tj * in.baseline_fuel_ef_t_per_tj;
  add(out, "BE", "baseline emissions 基線排放量", "FC_BL × EF_BL", out.baseline_t, "t CO2e");
  const double project_tj = in.project_fuel_quantity * in.project_fuel_ncv_gj_per_unit / 1000.0;
  add(out, "FC_PJ", "project fuel energy 專案燃料熱量", "FC × NCV / 1000", project_tj, "TJ");
  out.project_t = project_tj * in.project_fuel_ef_t_per_tj;
  add(out, "PE", "project emissions 專案排放量", "FC_PJ × EF_PJ", out.project_t, "t CO2e");
  out.leakage_t = in.other_leakage_t;
  add(out, "LE", "leakage 洩漏排放量", "LE_other", out.leakage_t, "t CO2e");
  out.reduction_t = out.baseline_t - out.project_t - out.leakage_t;
  add(out, "ER", "emission reduction 減量", "BE − PE − LE", out.reduction_t, "t CO2e");
  out.energy_saved_gj = (baseline_tj - project_tj) * 1000.0;
  return out;
}

Result<ParameterValues> resolve_parameters(const Method& method, const ParameterValues& given,
                                           const RecordRef& where) {
  for (const auto& [id, value] : given) {
    if (method.find_parameter(id) == nullptr) {
      std::string known;
      for (const auto& spec : method.parameters) known += (known.empty() ? "" : ", ") + spec.id;
      RecordRef at = where;
      at.field = where.field.empty() ? id : where.field + "." + id;
      return fail(ErrorCode::offsets_method,
                  "parameter '" + id + "' is not a parameter of method " + method.id +
                      "; its parameters: " + known,
                  at);
    }
  }
  ParameterValues out;
  for (const auto& spec : method.parameters) {
    RecordRef at = where;
    at.field = where.field.empty() ? spec.id : where.field + "." + spec.id;
    const auto found = given.find(spec.id);
    double value = 0.0;
    if (found != given.end()) {
      value = found->second;
    } else if (spec.default_value) {
      value = *spec.default_value;
    } else {
      return fail(ErrorCode::offsets_method,
                  "missing parameter '" + spec.id + "' (" + spec.name + ", " + spec.unit +
                      ") required by method " + method.id + "; source: " + spec.source,
                  at);
    }
    if (!std::isfinite(value)) {
      return fail(ErrorCode::offsets_method, "parameter '" + spec.id + "' must be a finite number",
                  at);
    }
    if ((spec.min && value < *spec.min) || (spec.max && value > *spec.max)) {
      std::string range = "[" + (spec.min ? format_number(*spec.min) : std::string("-inf")) + ", " +
                          (spec.max ? format_number(*spec.max) : std::string("inf")) + "]";
      return fail(ErrorCode::offsets_method,
                  "parameter '" + spec.id + "' = " + format_number(value) + " " + spec.unit +
                      " is outside its range " + range + " in method " + method.id,
                  at);
    }
    out[spec.id] = value;
  }
  return out;
}

Result<void> check_conditions(const Method& method, const ParameterValues& values,
                              const RecordRef& where) {
  for (const auto& condition : method.conditions) {
    if (condition.parameter.empty()) continue;
    const auto found = values.find(condition.parameter);
    if (found == values.end()) continue;
    const double value = found->second;
    if ((condition.min && value < *condition.min) || (condition.max && value > *condition.max)) {
      RecordRef at = where;
      at.field = condition.parameter;
      return fail(ErrorCode::offsets_not_applicable,
                  "method " + method.id + " does not apply: condition " + condition.id + " (" +
                      condition.text + ") fails with " + condition.parameter + " = " +
                      format_number(value),
                  at);
    }
  }
  return {};
}

Result<PeriodEmissions> calculate_period(const Method& method, const ParameterValues& values,
                                         std::optional<double> grid_ef, const RecordRef& where) {
  const auto get = [&values](std::string_view id) {
    const auto found = values.find(std::string(id));
    CL_ASSERT(found != values.end());
    return found->second;
  };
  for (const auto id : kind_parameters(method.kind)) {
    if (!values.contains(std::string(id))) {
      return fail(ErrorCode::offsets_method,
                  "method " + method.id + " has no value for '" + std::string(id) +
                      "'; resolve_parameters first",
                  where);
    }
  }
  ElectricCommon common;
  if (kind_uses_grid(method.kind)) {
    if (!grid_ef || !std::isfinite(*grid_ef) || *grid_ef < 0.0) {
      return fail(
          ErrorCode::offsets_method,
          "method " + method.id +
              " needs the grid emission factor (t CO2/MWh); give grid_factor in the project",
          where);
    }
    common.grid_ef = *grid_ef;
    common.grid_loss = get("grid_loss");
    if (common.grid_loss >= 1.0) {
      return fail(ErrorCode::offsets_method, "grid_loss must be below 1", where);
    }
    common.other_leakage_t = get("other_leakage_t");
    if (values.contains("scrapped_fraction")) common.scrapped_fraction = get("scrapped_fraction");
  }
  switch (method.kind) {
    case CalcKind::lighting:
      return calculate_lighting({get("n_units"), get("baseline_power_w"), get("project_power_w"),
                                 get("operating_hours"), common});
    case CalcKind::chiller:
      return calculate_chiller({get("cooling_output_rth"), get("baseline_sec_kw_per_rt"),
                                get("project_electricity_mwh"), get("project_refrigerant_t"),
                                common});
    case CalcKind::motor_vsd:
      return calculate_motor_vsd({get("baseline_power_kw"), get("operating_hours"),
                                  get("project_electricity_mwh"), common});
    case CalcKind::air_compressor:
      return calculate_air_compressor({get("air_delivered_nm3"), get("baseline_sec_kwh_per_nm3"),
                                       get("project_electricity_mwh"), common});
    case CalcKind::boiler_fuel_switch: {
      if (get("baseline_efficiency") <= 0.0) {
        return fail(ErrorCode::offsets_method, "baseline_efficiency must be above 0", where);
      }
      return calculate_boiler_fuel_switch(
          {get("useful_heat_gj"), get("baseline_efficiency"), get("baseline_fuel_ef_t_per_tj"),
           get("project_fuel_quantity"), get("project_fuel_ncv_gj_per_unit"),
           get("project_fuel_ef_t_per_tj"), get("other_leakage_t")});
    }
  }
  return fail(ErrorCode::internal, "unknown method kind", where);
}

}  // namespace cl::offsets

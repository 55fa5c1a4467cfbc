// The grid emission factor of an electricity system in the manner of the CDM methodological
// tool 07 "Tool to calculate the emission factor for an electricity system" (version 07.0,
// EB 100 annex 4, 2018): the simple operating margin (OM, step 4(a)), the build margin (BM,
// step 5) and the combined margin (CM, step 6) CM = w_OM × OM + w_BM × BM.
//
// What is implemented, and what not:
// - Simple OM, ex-ante vintage: the generation-weighted average CO2 factor of the sources that
//   are not low-cost/must-run (LCMR: hydro, nuclear, wind, solar, geothermal, biomass), over the
//   years given (the tool asks for the three most recent years). The tool allows the simple OM
//   only when LCMR sources supply under 50 % of generation; above that, offsets.grid_data (the
//   dispatch-data and average OM methods are not implemented).
// - BM: of the units given, the sample group is the larger by generation of SET_5 (the five
//   units built most recently) and SET_≥20% (the most recent units whose generation reaches
//   20 % of the system's) — step 5(b)-(c). The 10-year rule and the exclusion of CDM units are
//   the caller's job when choosing the units listed.
// - CM weights (step 6): wind and solar 0.75/0.25; other projects 0.5/0.5 in the first
//   crediting period and 0.25/0.75 in the second and third.
#pragma once

#include <string>
#include <vector>

#include "core/common/result.hpp"
#include "core/offsets/calculate.hpp"

namespace cl::offsets {

/// A power unit or a group of units (e.g. all coal-fired units) with its net generation and its
/// CO2 emission factor EF_EL (t CO2/MWh).
struct GenerationSource {
  std::string id;
  double generation_mwh = 0.0;
  double ef_t_per_mwh = 0.0;
  bool low_cost_must_run = false;
  int commissioned_year = 0;  ///< build margin units only
};

struct GenerationYear {
  int year = 0;
  std::vector<GenerationSource> sources;
};

struct GridData {
  std::vector<GenerationYear> om_years;
  std::vector<GenerationSource> bm_units;  ///< recent units, any order
  double system_generation_mwh = 0.0;      ///< total generation of the BM year (for the 20 %)
  bool wind_or_solar = false;
  int crediting_period_number = 1;  ///< 1, 2 or 3
  /// Explicit weights override the defaults of step 6 (both or neither).
  double w_om = -1.0;
  double w_bm = -1.0;
};

struct GridFactor {
  double operating_margin = 0.0;  ///< t CO2/MWh
  double build_margin = 0.0;
  double combined_margin = 0.0;
  double w_om = 0.0;
  double w_bm = 0.0;
  std::vector<std::pair<int, double>> lcmr_share;  ///< per OM year
  std::string bm_rule;                             ///< "SET_5" or "SET_>=20%"
  std::vector<std::string> bm_units;               ///< the sample group, most recent first
  double bm_generation_mwh = 0.0;
  std::vector<CalcLine> lines;
};

/// Simple OM over the years given (step 4(a), option A): Σ EG × EF_EL / Σ EG of non-LCMR sources.
Result<double> simple_operating_margin(const std::vector<GenerationYear>& years,
                                       std::vector<std::pair<int, double>>* lcmr_share = nullptr);

/// Default weights of step 6: {w_OM, w_BM}.
std::pair<double, double> default_cm_weights(bool wind_or_solar, int crediting_period_number);

/// OM, BM and CM with the calculation table; offsets.grid_data naming what is wrong.
Result<GridFactor> combined_margin(const GridData& data);

}  // namespace cl::offsets

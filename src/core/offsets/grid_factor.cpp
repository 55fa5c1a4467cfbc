#include "core/offsets/grid_factor.hpp"

#include "core/offsets/date.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace cl::offsets {
namespace {

Error grid_error(std::string message, std::string field = {}) {
  return Error{ErrorCode::offsets_grid_data, std::move(message), {.field = std::move(field)}, {}};
}

Result<void> check_source(const GenerationSource& source, const std::string& where) {
  if (!std::isfinite(source.generation_mwh) || source.generation_mwh < 0.0) {
    return tl::unexpected(grid_error("generation of '" + source.id + "' must be a number ≥ 0 MWh",
                                     where + ".generation_mwh"));
  }
  if (!std::isfinite(source.ef_t_per_mwh) || source.ef_t_per_mwh < 0.0) {
    return tl::unexpected(
        grid_error("emission factor of '" + source.id + "' must be a number ≥ 0 t CO2/MWh",
                   where + ".ef_t_per_mwh"));
  }
  return {};
}

struct BuildMarginSet {
  std::vector<const GenerationSource*> units;
  double generation = 0.0;
};

}  // namespace

Result<double> simple_operating_margin(const std::vector<GenerationYear>& years,
                                       std::vector<std::pair<int, double>>* lcmr_share) {
  if (years.empty()) {
    return tl::unexpected(
        grid_error("no generation data for the operating margin; give the three most recent years",
                   "operating_margin"));
  }
  double emissions = 0.0;
  double generation = 0.0;
  double lcmr_total = 0.0;
  double all_total = 0.0;
  for (const auto& year : years) {
    double year_lcmr = 0.0;
    double year_all = 0.0;
    for (const auto& source : year.sources) {
      if (auto ok = check_source(source, "operating_margin." + std::to_string(year.year)); !ok) {
        return tl::unexpected(ok.error());
      }
      year_all += source.generation_mwh;
      if (source.low_cost_must_run) {
        year_lcmr += source.generation_mwh;
        continue;
      }
      emissions += source.generation_mwh * source.ef_t_per_mwh;
      generation += source.generation_mwh;
    }
    if (year_all <= 0.0) {
      return tl::unexpected(grid_error("year " + std::to_string(year.year) + " has no generation",
                                       "operating_margin"));
    }
    if (lcmr_share != nullptr) lcmr_share->emplace_back(year.year, year_lcmr / year_all);
    lcmr_total += year_lcmr;
    all_total += year_all;
  }
  if (lcmr_total / all_total >= 0.5) {
    return tl::unexpected(grid_error(
        "low-cost/must-run sources supply " + format_number(100.0 * lcmr_total / all_total) +
            " % of generation; the simple operating margin applies only below 50 % (tool 07 "
            "step 3) and the other OM methods are not implemented",
        "operating_margin"));
  }
  if (generation <= 0.0) {
    return tl::unexpected(
        grid_error("no fossil (non-LCMR) generation for the operating margin", "operating_margin"));
  }
  return emissions / generation;
}

std::pair<double, double> default_cm_weights(bool wind_or_solar, int crediting_period_number) {
  if (wind_or_solar) return {0.75, 0.25};
  if (crediting_period_number <= 1) return {0.5, 0.5};
  return {0.25, 0.75};
}

Result<GridFactor> combined_margin(const GridData& data) {
  GridFactor out;
  auto om = simple_operating_margin(data.om_years, &out.lcmr_share);
  if (!om) return tl::unexpected(om.error());
  out.operating_margin = *om;
  out.lines.push_back({"EF_OM", "simple operating margin 電力邊際排放係數（OM）",
                       "Σ EG_m × EF_EL,m / Σ EG_m, non-LCMR sources", *om, "t CO2/MWh"});

  if (data.bm_units.empty()) {
    return tl::unexpected(grid_error("no units for the build margin; list the recent power units",
                                     "build_margin.units"));
  }
  if (!(data.system_generation_mwh > 0.0)) {
    return tl::unexpected(grid_error("system_generation_mwh of the build-margin year must be > 0",
                                     "build_margin.system_generation_mwh"));
  }
  std::vector<const GenerationSource*> units;
  for (const auto& unit : data.bm_units) {
    if (auto ok = check_source(unit, "build_margin.units"); !ok) return tl::unexpected(ok.error());
    units.push_back(&unit);
  }
  // Most recent first; on equal years keep the order given.
  std::stable_sort(units.begin(), units.end(), [](const auto* lhs, const auto* rhs) {
    return lhs->commissioned_year > rhs->commissioned_year;
  });
  BuildMarginSet set5;
  for (std::size_t idx = 0; idx < units.size() && idx < 5; ++idx) {
    set5.units.push_back(units[idx]);
    set5.generation += units[idx]->generation_mwh;
  }
  BuildMarginSet set20;
  const double target = 0.2 * data.system_generation_mwh;
  for (const auto* unit : units) {
    if (set20.generation >= target) break;
    set20.units.push_back(unit);
    set20.generation += unit->generation_mwh;
  }
  if (set20.generation < target) {
    return tl::unexpected(grid_error(
        "the build-margin units listed generate " + format_number(set20.generation) +
            " MWh, less than 20 % of the system's " + format_number(data.system_generation_mwh) +
            " MWh; list more recent units (tool 07 step 5(b))",
        "build_margin.units"));
  }
  const bool use5 = set5.generation >= set20.generation;
  const BuildMarginSet& chosen = use5 ? set5 : set20;
  out.bm_rule = use5 ? "SET_5" : "SET_>=20%";
  double bm_emissions = 0.0;
  for (const auto* unit : chosen.units) {
    out.bm_units.push_back(unit->id);
    bm_emissions += unit->generation_mwh * unit->ef_t_per_mwh;
  }
  out.bm_generation_mwh = chosen.generation;
  out.build_margin = bm_emissions / chosen.generation;
  out.lines.push_back({"EG_SET5", "generation of the five most recent units", "Σ EG, SET_5",
                       set5.generation, "MWh"});
  out.lines.push_back({"EG_SET20", "generation of the most recent units reaching 20 %",
                       "Σ EG, SET_>=20%", set20.generation, "MWh"});
  out.lines.push_back({"EF_BM", "build margin 建置邊際排放係數（BM）, " + out.bm_rule,
                       "Σ EG_m × EF_EL,m / Σ EG_m, sample group", out.build_margin, "t CO2/MWh"});

  const bool explicit_weights = data.w_om >= 0.0 || data.w_bm >= 0.0;
  if (explicit_weights) {
    if (data.w_om < 0.0 || data.w_bm < 0.0 || std::abs(data.w_om + data.w_bm - 1.0) > 1e-9) {
      return tl::unexpected(
          grid_error("weights w_om and w_bm must both be given, ≥ 0, and sum to 1", "weights"));
    }
    out.w_om = data.w_om;
    out.w_bm = data.w_bm;
  } else {
    if (data.crediting_period_number < 1 || data.crediting_period_number > 3) {
      return tl::unexpected(
          grid_error("crediting_period_number must be 1, 2 or 3", "crediting_period_number"));
    }
    std::tie(out.w_om, out.w_bm) =
        default_cm_weights(data.wind_or_solar, data.crediting_period_number);
  }
  out.combined_margin = out.w_om * out.operating_margin + out.w_bm * out.build_margin;
  out.lines.push_back({"EF_CM", "combined margin 組合邊際排放係數（CM）",
                       "w_OM × EF_OM + w_BM × EF_BM", out.combined_margin, "t CO2/MWh"});
  return out;
}

}  // namespace cl::offsets

#include "core/footprint/compute.hpp"

#include <algorithm>
#include <cmath>
#include <set>

#include "core/footprint/allocation.hpp"
#include "core/footprint/background.hpp"
#include "core/lca/build.hpp"
#include "core/lca/results.hpp"
#include "core/units/unit.hpp"

namespace cl::footprint {
namespace {

std::string quote(std::string_view text) {
  return "'" + std::string(text) + "'";
}

/// `value` in `from` expressed in `to`: equal symbols pass through (m2, which core/units does
/// not know); otherwise a conversion within one dimension.
Result<double> convert_amount(double value, const std::string& from, const std::string& to,
                              const RecordRef& where) {
  if (from == to) return value;
  auto from_unit = units::find_unit(from, where);
  if (!from_unit) return tl::unexpected(from_unit.error());
  auto to_unit = units::find_unit(to, where);
  if (!to_unit) return tl::unexpected(to_unit.error());
  return units::convert(value, *from_unit, *to_unit, where);
}

bool dqr_in_range(const Dqr& dqr) {
  for (double value :
       {dqr.technological, dqr.temporal, dqr.geographical, dqr.completeness, dqr.reliability}) {
    if (!(value >= 1.0 && value <= 3.0)) return false;
  }
  return true;
}

/// What one line (activity or shared) has in common, so both run through one evaluation.
struct LineInput {
  std::string id;
  Stage stage;
  std::string description;
  bool shared = false;
  double share = 1.0;
  double amount = 0.0;  ///< per declared unit, in `unit`
  std::string unit;
  const std::optional<FactorLink>* factor;
  const std::optional<ProcessLink>* process;
  std::string supplier;
  bool primary = false;
  std::optional<Dqr> dqr;
  RecordRef where;
};

class Evaluator {
 public:
  Evaluator(const Study& study, const Background* background, Diagnostics& diagnostics)
      : study_(study), background_(background), diagnostics_(diagnostics) {
    for (const auto& supplier : study.suppliers) suppliers_[supplier.id] = &supplier;
  }

  std::optional<LineResult> evaluate(const LineInput& in) {
    const int links = (in.factor->has_value() ? 1 : 0) + (in.process->has_value() ? 1 : 0) +
                      (in.supplier.empty() ? 0 : 1);
    if (links == 0) {
      diagnostics_.error(ErrorCode::footprint_unlinked,
                         "line " + quote(in.id) +
                             " has neither an emission factor nor a background process nor a "
                             "supplier; link it to one (factor:, process: or supplier:)",
                         in.where);
      return std::nullopt;
    }
    if (links > 1) {
      diagnostics_.error(
          ErrorCode::footprint_unlinked,
          "line " + quote(in.id) + " links more than one of factor, process and supplier; keep one",
          in.where);
      return std::nullopt;
    }
    if (in.dqr && !dqr_in_range(*in.dqr)) {
      diagnostics_.error(ErrorCode::footprint_invalid,
                         "line " + quote(in.id) + ": every DQR must be from 1 (best) to 3",
                         in.where);
      return std::nullopt;
    }
    LineResult out;
    out.id = in.id;
    out.stage = in.stage;
    out.description = in.description;
    out.shared = in.shared;
    out.allocated_share = in.share;
    out.amount = in.amount;
    out.unit = in.unit;
    out.primary_fraction = in.primary ? 1.0 : 0.0;
    out.dqr = in.dqr;
    out.where = in.where;
    bool ok = false;
    if (in.factor->has_value()) ok = with_factor(**in.factor, in, out);
    if (in.process->has_value()) ok = with_process(**in.process, in, out);
    if (!in.supplier.empty()) ok = with_supplier(in, out);
    if (!ok) return std::nullopt;
    return out;
  }

 private:
  bool with_factor(const FactorLink& factor, const LineInput& in, LineResult& out) {
    auto amount = convert_amount(in.amount, in.unit, factor.unit, in.where);
    if (!amount) {
      Error error = amount.error();
      error.message = "line " + quote(in.id) + " is in " + in.unit + " but its factor is per " +
                      factor.unit + ": " + error.message;
      diagnostics_.add(error);
      return false;
    }
    if (!std::isfinite(factor.kg_co2e_per_unit)) {
      diagnostics_.error(ErrorCode::footprint_invalid,
                         "line " + quote(in.id) + ": the factor must be a finite number", in.where);
      return false;
    }
    if (!factor.gases.empty()) {
      double sum = 0.0;
      for (const auto& entry : factor.gases) sum += entry.second;
      if (std::abs(sum - factor.kg_co2e_per_unit) >
          1e-6 * std::max(1.0, std::abs(factor.kg_co2e_per_unit))) {
        diagnostics_.error(ErrorCode::footprint_invalid,
                           "line " + quote(in.id) + ": the factor's gases sum to " +
                               format_amount(sum) + " kg CO2e per " + factor.unit +
                               " but the factor is " + format_amount(factor.kg_co2e_per_unit) +
                               "; make them agree",
                           in.where);
        return false;
      }
    }
    out.kind = SourceKind::factor;
    out.source = factor.source.to_string();
    out.per_unit = factor.kg_co2e_per_unit;
    // E = a · f, with a converted into the factor's unit.
    out.emissions = *amount * factor.kg_co2e_per_unit;
    out.biogenic_co2 = *amount * factor.biogenic_co2_per_unit;
    for (const auto& [gas, value] : factor.gases) out.gases[gas] = *amount * value;
    out.amount = *amount;
    out.unit = factor.unit;
    return true;
  }

  bool with_process(const ProcessLink& link, const LineInput& in, LineResult& out) {
    const auto found =
        background_ == nullptr ? Background::const_iterator{} : background_->find(link.activity);
    if (background_ == nullptr || found == background_->end()) {
      diagnostics_.error(ErrorCode::footprint_reference,
                         "line " + quote(in.id) + " links background process " +
                             quote(link.activity) +
                             ", which the study's background problem does not provide; name a "
                             "product flow of the background (or process/flow)",
                         in.where);
      return false;
    }
    const BackgroundValue& value = found->second;
    auto amount = convert_amount(in.amount, in.unit, value.unit, in.where);
    if (!amount) {
      Error error = amount.error();
      error.message = "line " + quote(in.id) + " is in " + in.unit + " but background " +
                      quote(link.activity) + " is per " + value.unit + ": " + error.message;
      diagnostics_.add(error);
      return false;
    }
    out.kind = SourceKind::process;
    out.source = value.label;
    out.per_unit = value.kg_co2e_per_unit;
    out.emissions = *amount * value.kg_co2e_per_unit;
    out.amount = *amount;
    out.unit = value.unit;
    return true;
  }

  bool with_supplier(const LineInput& in, LineResult& out) {
    const auto found = suppliers_.find(in.supplier);
    if (found == suppliers_.end()) {
      diagnostics_.error(ErrorCode::footprint_reference,
                         "line " + quote(in.id) + " names supplier " + quote(in.supplier) +
                             ", which is not among the study's suppliers",
                         in.where);
      return false;
    }
    const SupplierFootprint& supplier = *found->second;
    const std::string symbol(declared_unit_symbol(supplier.declared_unit));
    auto amount = convert_amount(in.amount, in.unit, symbol, in.where);
    if (!amount) {
      diagnostics_.error(ErrorCode::footprint_supplier_unit,
                         "line " + quote(in.id) + " uses " + format_amount(in.amount) + " " +
                             in.unit + " of " + quote(supplier.part) + " but supplier " +
                             supplier.id + " (" + supplier.supplier + ") gives its footprint per " +
                             format_amount(supplier.unitary_amount) + " " + supplier.declared_unit +
                             "; give the line in the supplier's declared unit or ask the "
                             "supplier for a footprint per " +
                             in.unit,
                         in.where);
      return false;
    }
    out.kind = SourceKind::supplier;
    out.source = supplier.supplier + " (" + supplier.part + ", " + supplier.date + ")";
    // The supplier's PCF refers to `unitary_amount` declared units.
    out.per_unit = supplier.pcf_excluding_biogenic / supplier.unitary_amount;
    out.emissions = *amount * out.per_unit;
    out.amount = *amount;
    out.unit = symbol;
    // A supplier's footprint is specific to the part (primary data, CFP-4); where it states its
    // own primary data share, only that share counts as primary.
    out.primary_fraction = supplier.primary_data_share ? *supplier.primary_data_share / 100.0 : 1.0;
    if (!out.dqr) out.dqr = supplier.dqr;
    return true;
  }

  const Study& study_;
  const Background* background_;
  Diagnostics& diagnostics_;
  std::map<std::string, const SupplierFootprint*, std::less<>> suppliers_;
};

void check_study(const Study& study, const Profile& profile, Diagnostics& diagnostics) {
  const RecordRef& where = study.where;
  if (declared_unit_symbol(study.declared_unit).empty()) {
    diagnostics.error(ErrorCode::footprint_invalid,
                      "declared unit " + quote(study.declared_unit) +
                          " is not a PACT declared unit; use liter, kilogram, cubic meter, "
                          "kilowatt hour, megajoule, ton kilometer, square meter or piece",
                      where);
  }
  if (!(study.unitary_amount > 0.0)) {
    diagnostics.error(ErrorCode::footprint_invalid, "unitary product amount must be more than 0",
                      where);
  }
  const bool needs_production =
      !study.shared.empty() || std::any_of(study.lines.begin(), study.lines.end(),
                                           [](const ActivityLine& line) { return !line.per_unit; });
  if (needs_production && !(study.production > 0.0)) {
    diagnostics.error(ErrorCode::footprint_invalid,
                      "production must be more than 0 " + study.declared_unit +
                          ": period amounts are divided by it",
                      where);
  }
  if (study.gwp != "AR5" && study.gwp != "AR6") {
    diagnostics.error(ErrorCode::footprint_invalid,
                      "gwp is " + quote(study.gwp) + "; PACT accepts AR5 or AR6", where);
  }
  std::set<std::string> seen;
  for (const auto& supplier : study.suppliers) {
    if (!seen.insert(supplier.id).second) {
      diagnostics.error(ErrorCode::footprint_invalid,
                        "supplier " + quote(supplier.id) +
                            " is given twice; keep one footprint "
                            "per supplied part",
                        supplier.where);
    }
    if (declared_unit_symbol(supplier.declared_unit).empty()) {
      diagnostics.error(ErrorCode::footprint_invalid,
                        "supplier " + quote(supplier.id) + ": declared unit " +
                            quote(supplier.declared_unit) + " is not a PACT declared unit",
                        supplier.where);
    }
    if (!(supplier.unitary_amount > 0.0) || !std::isfinite(supplier.pcf_excluding_biogenic)) {
      diagnostics.error(ErrorCode::footprint_invalid,
                        "supplier " + quote(supplier.id) +
                            ": the unitary amount must be more than 0 and the PCF a number",
                        supplier.where);
    }
    if (supplier.dqr && !dqr_in_range(*supplier.dqr)) {
      diagnostics.error(ErrorCode::footprint_invalid,
                        "supplier " + quote(supplier.id) + ": every DQR must be from 1 to 3",
                        supplier.where);
    }
    if (supplier.primary_data_share &&
        !(*supplier.primary_data_share >= 0.0 && *supplier.primary_data_share <= 100.0)) {
      diagnostics.error(ErrorCode::footprint_invalid,
                        "supplier " + quote(supplier.id) +
                            ": the primary data share is a percentage from 0 to 100",
                        supplier.where);
    }
  }
  if (study.mode == SupplyChainMode::central_satellite) {
    // DEM-2: at least 5 first-tier supplier factories in Taiwan whose data the study uses.
    std::set<std::string> satellites;
    for (const auto& line : study.lines) {
      for (const auto& supplier : study.suppliers) {
        if (supplier.id == line.supplier && supplier.country == "TW") {
          satellites.insert(supplier.id);
        }
      }
    }
    if (satellites.size() < kMinSatellites) {
      diagnostics.error(ErrorCode::footprint_invalid,
                        "a central-satellite study uses the primary data of at least " +
                            std::to_string(kMinSatellites) +
                            " first-tier supplier factories in Taiwan (country TW); this one "
                            "uses " +
                            std::to_string(satellites.size()) +
                            "; add their footprints or make it a single-factory study",
                        where);
    }
  }
  seen.clear();
  const auto stages = boundary_stages(study.boundary);
  const auto check_line = [&](const std::string& id, Stage stage, const RecordRef& line_where) {
    if (!seen.insert(id).second) {
      diagnostics.error(ErrorCode::footprint_invalid,
                        "line id " + quote(id) + " is used twice; give every line its own id",
                        line_where);
    }
    if (std::find(stages.begin(), stages.end(), stage) == stages.end()) {
      diagnostics.error(ErrorCode::footprint_invalid,
                        "line " + quote(id) + " is in stage " + std::string(stage_id(stage)) +
                            ", outside a " + std::string(boundary_id(study.boundary)) +
                            " boundary; remove it or make the study cradle-to-grave",
                        line_where);
    }
  };
  for (const auto& line : study.lines) check_line(line.id, line.stage, line.where);
  for (const auto& line : study.shared) check_line(line.id, line.stage, line.where);
  for (Stage stage : profile.required(study.boundary)) {
    const auto in_stage = [stage](const auto& line) { return line.stage == stage; };
    if (std::none_of(study.lines.begin(), study.lines.end(), in_stage) &&
        std::none_of(study.shared.begin(), study.shared.end(), in_stage)) {
      diagnostics.error(ErrorCode::footprint_stage_missing,
                        profile.title + " requires the " + std::string(stage_id(stage)) +
                            " stage in a " + std::string(boundary_id(study.boundary)) +
                            " study (clause " + profile.stages_clause.clause +
                            "), but no line is in it; add its activity data",
                        where);
    }
  }
  double exempted = 0.0;
  for (const auto& item : study.exemptions) exempted += item.percent;
  if (exempted > profile.max_exempted_percent + 1e-9) {
    diagnostics.error(ErrorCode::footprint_cutoff,
                      "the exempted emissions add up to " + format_amount(exempted) +
                          " % of the footprint, above the " +
                          format_amount(profile.max_exempted_percent) + " % that " + profile.title +
                          " allows (clause " + profile.cutoff_clause.clause +
                          "); collect data for the largest exempted part",
                      where);
  }
}

bool check_basis(const SharedLine& line, const Profile& profile, Diagnostics& diagnostics) {
  const auto& allowed = profile.allocation_bases;
  if (std::find(allowed.begin(), allowed.end(), line.basis) == allowed.end()) {
    diagnostics.error(ErrorCode::footprint_allocation,
                      "shared line " + quote(line.id) + " is allocated by " +
                          std::string(basis_id(line.basis)) + ", which " + profile.title +
                          " does not allow (clause " + profile.allocation_clause.clause + ")",
                      line.where);
    return false;
  }
  const auto& reasoned = profile.needs_justification;
  if (std::find(reasoned.begin(), reasoned.end(), line.basis) != reasoned.end() &&
      line.justification.empty()) {
    diagnostics.error(ErrorCode::footprint_allocation,
                      "shared line " + quote(line.id) + " is allocated by " +
                          std::string(basis_id(line.basis)) + "; " + profile.title +
                          " allows it only where a physical relationship cannot be used (clause " +
                          profile.allocation_clause.clause + "): write why under justification",
                      line.where);
    return false;
  }
  return true;
}

void add_quality(FootprintResult& result) {
  const double total = std::abs(result.total);
  if (total <= 0.0) return;
  // DQR_k = Σ |E_i| · DQR_ik / Σ |E_i| over the rated lines with |E_i| > 5 % of the PCF.
  double weight = 0.0;
  Dqr sum;
  for (const auto& line : result.lines) {
    const double share = std::abs(line.emissions) / total;
    if (share <= kMaterialShare) continue;
    if (!line.dqr) {
      result.warnings.warning(ErrorCode::footprint_invalid,
                              "line '" + line.id + "' is " + format_amount(share * 100.0) +
                                  " % of the footprint but has no DQR; rate it for the PACT "
                                  "data-quality indicators",
                              line.where);
      continue;
    }
    const double e = std::abs(line.emissions);
    weight += e;
    sum.technological += e * line.dqr->technological;
    sum.temporal += e * line.dqr->temporal;
    sum.geographical += e * line.dqr->geographical;
    sum.completeness += e * line.dqr->completeness;
    sum.reliability += e * line.dqr->reliability;
  }
  if (weight <= 0.0) return;
  DataQuality quality;
  quality.coverage_percent = weight / total * 100.0;
  quality.dqr = {sum.technological / weight, sum.temporal / weight, sum.geographical / weight,
                 sum.completeness / weight, sum.reliability / weight};
  result.quality = quality;
}

void add_totals(FootprintResult& result, Boundary boundary) {
  for (Stage stage : boundary_stages(boundary)) result.stages.push_back({stage, 0.0});
  double primary = 0.0;
  for (const auto& line : result.lines) {
    result.total += line.emissions;
    result.biogenic_co2 += line.biogenic_co2;
    primary += line.emissions * line.primary_fraction;
    for (auto& stage : result.stages) {
      if (stage.stage == line.stage) stage.emissions += line.emissions;
    }
    if (line.gases.empty()) {
      result.gases_unspecified += line.emissions;
    } else {
      for (const auto& [gas, value] : line.gases) result.gases[gas] += value;
    }
  }
  if (result.total != 0.0) result.primary_data_share = primary / result.total * 100.0;
  const double total = std::abs(result.total);
  for (std::size_t index = 0; index < result.lines.size(); ++index) {
    if (total > 0.0 && std::abs(result.lines[index].emissions) / total >= kMaterialShare) {
      result.hot_spots.push_back(index);
    }
  }
  std::stable_sort(
      result.hot_spots.begin(), result.hot_spots.end(), [&](std::size_t lhs, std::size_t rhs) {
        return std::abs(result.lines[lhs].emissions) > std::abs(result.lines[rhs].emissions);
      });
}

}  // namespace

std::string_view source_kind_id(SourceKind kind) {
  switch (kind) {
    case SourceKind::factor:
      return "factor";
    case SourceKind::process:
      return "process";
    case SourceKind::supplier:
      return "supplier";
  }
  return "?";
}

std::vector<Stage> boundary_stages(Boundary boundary) {
  if (boundary == Boundary::cradle_to_gate) {
    return {Stage::raw_materials, Stage::transport, Stage::manufacturing};
  }
  return {std::begin(kAllStages), std::end(kAllStages)};
}

std::vector<std::string> process_keys(const Study& study) {
  std::set<std::string> keys;
  for (const auto& line : study.lines) {
    if (line.process) keys.insert(line.process->activity);
  }
  for (const auto& line : study.shared) {
    if (line.process) keys.insert(line.process->activity);
  }
  return {keys.begin(), keys.end()};
}

Result<BackgroundSystem> background_system(const lca::Problem& problem, const std::string& method,
                                           Diagnostics& diagnostics) {
  auto system = lca::build_system(problem, diagnostics);
  if (!system) {
    for (const auto& item : diagnostics.items()) {
      if (item.severity == Severity::error) return fail(item.code, item.message, item.where);
    }
    return fail(ErrorCode::internal, "the background problem could not be built");
  }
  std::size_t method_index = 0;
  if (method.empty()) {
    if (system->methods.size() != 1) {
      return fail(ErrorCode::lca_unknown_method,
                  "the background problem has " + std::to_string(system->methods.size()) +
                      " methods; name the one to use (background_method:)");
    }
  } else {
    auto found = system->find_method(method);
    if (!found) return tl::unexpected(found.error());
    method_index = *found;
  }
  return BackgroundSystem{std::move(*system), method_index};
}

Result<Background> background_footprints(const lca::Problem& problem, const std::string& method,
                                         const std::vector<std::string>& keys,
                                         Diagnostics& diagnostics) {
  auto built = background_system(problem, method, diagnostics);
  if (!built) return tl::unexpected(built.error());
  const lca::MatrixSystem* system = &built->system;
  const std::size_t method_index = built->method;
  auto solver = lca::Solver::analyze(
      system->technosphere, [&system](std::size_t j) { return system->activity_label(j); });
  if (!solver) return tl::unexpected(solver.error());
  auto footprints = lca::all_products(*system, *solver, method_index);
  if (!footprints) return tl::unexpected(footprints.error());
  Background out;
  for (const auto& key : keys) {
    auto activity = system->find_activity(key);
    if (!activity) {
      return fail(ErrorCode::footprint_reference,
                  "background process '" + key + "': " + activity.error().message);
    }
    out[key] = {system->activities[*activity].unit, footprints->footprints[*activity],
                system->activity_label(*activity)};
  }
  return out;
}

Result<FootprintResult> compute_footprint(const Study& study, const Profile& profile,
                                          const Background* background, Diagnostics& diagnostics) {
  const std::size_t errors_before = diagnostics.error_count();
  check_study(study, profile, diagnostics);
  FootprintResult result;
  result.exempted_percent = 0.0;
  for (const auto& item : study.exemptions) result.exempted_percent += item.percent;
  Evaluator evaluator(study, background, diagnostics);
  const double production = study.production > 0.0 ? study.production : 1.0;
  for (const auto& line : study.lines) {
    // A period amount is shared by the period's production: a / P per declared unit.
    const double amount = line.per_unit ? line.amount : line.amount / production;
    auto evaluated = evaluator.evaluate({line.id, line.stage, line.description, false, 1.0, amount,
                                         line.unit, &line.factor, &line.process, line.supplier,
                                         line.primary, line.dqr, line.where});
    if (evaluated) result.lines.push_back(std::move(*evaluated));
  }
  for (const auto& line : study.shared) {
    if (!check_basis(line, profile, diagnostics)) continue;
    auto shares = allocation_shares(line);
    if (!shares) {
      diagnostics.add(shares.error());
      continue;
    }
    const auto mine = shares->find(study.product_key);
    if (mine == shares->end()) {
      diagnostics.error(ErrorCode::footprint_reference,
                        "shared line " + quote(line.id) + " does not list the study's product " +
                            quote(study.product_key) + " among its products",
                        line.where);
      continue;
    }
    // The product's part of the factory total, per declared unit: A · s / P.
    const double amount = line.amount * mine->second / production;
    auto evaluated = evaluator.evaluate({line.id, line.stage, line.description, true, mine->second,
                                         amount, line.unit, &line.factor, &line.process,
                                         std::string(), line.primary, line.dqr, line.where});
    if (evaluated) result.lines.push_back(std::move(*evaluated));
  }
  if (diagnostics.error_count() > errors_before) {
    for (const auto& item : diagnostics.items()) {
      if (item.severity == Severity::error) return fail(item.code, item.message, item.where);
    }
  }
  add_totals(result, study.boundary);
  add_quality(result);
  return result;
}

}  // namespace cl::footprint

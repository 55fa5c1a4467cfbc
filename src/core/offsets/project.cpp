#include "core/offsets/project.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>

namespace cl::offsets {
namespace {

using namespace std::string_view_literals;

constexpr std::array kTypes = {std::pair{ProjectType::planned, "planned"sv},
                               std::pair{ProjectType::programmatic, "programmatic"sv}};
constexpr std::array kTests = {
    std::pair{AdditionalityTest::regulatory, "regulatory"sv},
    std::pair{AdditionalityTest::investment, "investment"sv},
    std::pair{AdditionalityTest::barrier, "barrier"sv},
    std::pair{AdditionalityTest::common_practice, "common_practice"sv},
};

RecordRef project_ref(const Project& project, std::string field) {
  return {.file = {}, .row = 0, .field = std::move(field), .record = project.id};
}

bool has_test(const Additionality& additionality, AdditionalityTest test) {
  return std::find(additionality.tests.begin(), additionality.tests.end(), test) !=
         additionality.tests.end();
}

std::optional<double> to_number(const std::string& text) {
  double value = 0.0;
  const auto result = std::from_chars(text.data(), text.data() + text.size(), value);
  if (result.ec != std::errc{} || result.ptr != text.data() + text.size()) return std::nullopt;
  return value;
}

/// Checks the period lies in the crediting period and after the previous one.
Result<void> check_period_dates(const Project& project, const MonitoringPeriod& period,
                                const std::optional<Date>& previous_end) {
  if (period.to < period.from) {
    return fail(ErrorCode::parse_bad_value,
                "monitoring period " + period.id + " ends (" + period.to.to_string() +
                    ") before it starts (" + period.from.to_string() + ")",
                period.where);
  }
  if (period.from < project.crediting_start || project.crediting_end < period.to) {
    return fail(ErrorCode::parse_bad_value,
                "monitoring period " + period.id + " (" + period.from.to_string() + " to " +
                    period.to.to_string() + ") lies outside the crediting period " +
                    project.crediting_start.to_string() + " to " +
                    project.crediting_end.to_string(),
                period.where);
  }
  if (previous_end && !(*previous_end < period.from)) {
    return fail(ErrorCode::parse_bad_value,
                "monitoring period " + period.id + " starts " + period.from.to_string() +
                    ", not after the previous period ends (" + previous_end->to_string() +
                    "); periods may not overlap (a reduction is counted once)",
                period.where);
  }
  return {};
}

/// Scale limits on annualized values: 365/days of the period.
Result<void> check_scale(const Project& project, const Method& method, const ScaleLimits& limits,
                         const std::string& part, const PeriodResult& period,
                         const RecordRef& where) {
  if (project.scale != limits.scale) return {};
  const double days = static_cast<double>(days_inclusive(period.from, period.to));
  const double per_year = 365.0 / days;
  const std::string whose = part == project.id ? "project " + part : "sub-project " + part;
  const std::string cite =
      " (" + limits.source.document +
      (limits.source.verification == Verification::verified ? std::string(")")
                                                            : std::string("; limit not verified)"));
  if (method.category == Category::energy_efficiency && limits.max_energy_saving_mwh_per_year > 0) {
    // Heat saved counts at one third of its MWh (CDM Type II: 60 GWh(e) ≡ 180 GWh(th)).
    const double annual =
        (period.emissions.energy_saved_mwh + period.emissions.energy_saved_gj / 3.6 / 3.0) *
        per_year;
    if (annual > limits.max_energy_saving_mwh_per_year) {
      return fail(ErrorCode::offsets_scale_limit,
                  whose + " saves " + format_number(annual) + " MWh/yr (period " + period.period +
                      " annualized), above the " + limits.scale + "-scale limit of " +
                      format_number(limits.max_energy_saving_mwh_per_year) +
                      " MWh/yr for energy-efficiency projects" + cite +
                      "; split the project or apply at a larger scale",
                  where);
    }
  }
  if (method.category != Category::energy_efficiency && limits.max_reduction_t_per_year > 0) {
    const double annual = period.emissions.reduction_t * per_year;
    if (annual > limits.max_reduction_t_per_year) {
      return fail(ErrorCode::offsets_scale_limit,
                  whose + " reduces " + format_number(annual) + " t CO2e/yr (period " +
                      period.period + " annualized), above the " + limits.scale +
                      "-scale limit of " + format_number(limits.max_reduction_t_per_year) +
                      " t CO2e/yr" + cite + "; split the project or apply at a larger scale",
                  where);
    }
  }
  return {};
}

/// Resolves sampled parameters into values, then the method's parameters.
Result<PeriodResult> compute_period(const Project& project, const Method& method,
                                    const MonitoringPeriod& period,
                                    const std::vector<Equipment>& equipment) {
  PeriodResult out;
  out.period = period.id;
  out.from = period.from;
  out.to = period.to;
  out.supplied_by = period.supplied_by;
  ParameterValues given = period.parameters;
  double units = 0.0;
  double scrapped = 0.0;
  for (const auto& item : equipment) {
    units += item.count;
    scrapped += item.scrapped;
  }
  for (const auto& [parameter, sample] : period.sampled) {
    RecordRef at = period.where;
    at.field = "sampled." + parameter;
    const ParameterSpec* spec = method.find_parameter(parameter);
    if (spec == nullptr || !spec->sampled) {
      return fail(ErrorCode::offsets_method,
                  "parameter '" + parameter + "' may not be estimated by sampling under method " +
                      method.id,
                  at);
    }
    if (given.contains(parameter)) {
      return fail(ErrorCode::parse_bad_value,
                  "parameter '" + parameter + "' is given both as a value and as a sample", at);
    }
    std::size_t population = sample.population;
    if (population == 0) population = static_cast<std::size_t>(std::llround(units));
    auto estimate = estimate_mean(sample.values, population, project.sampling, at);
    if (!estimate) return tl::unexpected(estimate.error());
    given[parameter] = estimate->value_used;
    out.samples.push_back({parameter, *estimate});
  }
  // Leakage from scrapping records when the period does not give the fraction itself.
  if (method.find_parameter("scrapped_fraction") != nullptr &&
      !given.contains("scrapped_fraction") && units > 0.0) {
    given["scrapped_fraction"] = scrapped / units;
    out.supplied_by["scrapped_fraction"] = "scrapping records (equipment registry)";
  }
  auto values = resolve_parameters(method, given, period.where);
  if (!values) return tl::unexpected(values.error());
  if (auto ok = check_conditions(method, *values, period.where); !ok) {
    return tl::unexpected(ok.error());
  }
  std::optional<double> grid;
  if (kind_uses_grid(method.kind)) grid = project.grid.t_per_mwh;
  auto emissions = calculate_period(method, *values, grid, period.where);
  if (!emissions) return tl::unexpected(emissions.error());
  out.values = std::move(*values);
  out.emissions = std::move(*emissions);
  out.credits_t = credits_of(out.emissions.reduction_t);
  return out;
}

Result<SubProjectResult> compute_part(const Project& project, const Method& method,
                                      const ScaleLimits& limits, const std::string& id,
                                      const std::string& owner,
                                      const std::vector<MonitoringPeriod>& periods,
                                      const std::vector<Equipment>& equipment) {
  SubProjectResult out;
  out.id = id;
  out.owner = owner;
  std::optional<Date> previous_end;
  for (const auto& period : periods) {
    if (auto ok = check_period_dates(project, period, previous_end); !ok) {
      return tl::unexpected(ok.error());
    }
    previous_end = period.to;
    auto result = compute_period(project, method, period, equipment);
    if (!result) return tl::unexpected(result.error());
    if (auto ok = check_scale(project, method, limits, id, *result, period.where); !ok) {
      return tl::unexpected(ok.error());
    }
    out.totals.add(*result);
    out.periods.push_back(std::move(*result));
  }
  return out;
}

}  // namespace

std::string_view project_type_id(ProjectType type) {
  for (const auto& [value, id] : kTypes) {
    if (value == type) return id;
  }
  return "unknown";
}
std::optional<ProjectType> find_project_type(std::string_view id) {
  for (const auto& [value, candidate] : kTypes) {
    if (candidate == id) return value;
  }
  return std::nullopt;
}
std::string_view additionality_test_id(AdditionalityTest test) {
  for (const auto& [value, id] : kTests) {
    if (value == test) return id;
  }
  return "unknown";
}
std::optional<AdditionalityTest> find_additionality_test(std::string_view id) {
  for (const auto& [value, candidate] : kTests) {
    if (candidate == id) return value;
  }
  return std::nullopt;
}

void Totals::add(const PeriodResult& period) {
  baseline_t += period.emissions.baseline_t;
  project_t += period.emissions.project_t;
  leakage_t += period.emissions.leakage_t;
  reduction_t += period.emissions.reduction_t;
  credits_t += period.credits_t;
  energy_saved_mwh += period.emissions.energy_saved_mwh;
  energy_saved_gj += period.emissions.energy_saved_gj;
}

double credits_of(double reduction_t) {
  if (!(reduction_t > 0.0)) return 0.0;
  return std::floor(reduction_t);
}

Result<void> check_project(const Project& project, const Method& method) {
  if (method.category == Category::renewable_power) {
    return fail(ErrorCode::offsets_not_applicable,
                "method " + method.id +
                    " is a renewable-power generation method; renewable-power projects are "
                    "excluded from the micro-scale offset program (OFS-2)",
                project_ref(project, "method"));
  }
  if (project.renewable_certificates) {
    return fail(ErrorCode::offsets_not_applicable,
                "the plant has applied for renewable-energy certificates (T-REC) and cannot also "
                "claim offset credits (MOENV offset FAQ)",
                project_ref(project, "renewable_certificates"));
  }
  // Additionality: micro-scale needs only the regulatory test (OFS-2), with its evidence.
  const auto& additionality = project.additionality;
  if (!has_test(additionality, AdditionalityTest::regulatory)) {
    return fail(ErrorCode::offsets_additionality,
                "additionality needs the regulatory test (法規外加性): show that no law or "
                "regulation requires the measure",
                project_ref(project, "additionality.tests"));
  }
  if (additionality.evidence.empty()) {
    return fail(ErrorCode::offsets_additionality,
                "additionality needs its evidence: the regulations checked and the document "
                "showing none requires the measure",
                project_ref(project, "additionality.evidence"));
  }
  if (project.scale != "micro" && additionality.tests.size() < 2) {
    return fail(ErrorCode::offsets_additionality,
                "a " + project.scale +
                    "-scale project needs more than the regulatory test: add investment, barrier "
                    "or common_practice analysis (only micro-scale projects may rely on the "
                    "regulatory test alone)",
                project_ref(project, "additionality.tests"));
  }
  // Applicability conditions confirmed with evidence.
  for (const auto& condition : method.conditions) {
    if (!condition.parameter.empty()) continue;
    const auto found = std::find_if(
        project.applicability.begin(), project.applicability.end(),
        [&](const ConditionConfirmation& item) { return item.condition == condition.id; });
    if (found == project.applicability.end()) {
      return fail(ErrorCode::offsets_not_applicable,
                  "applicability condition " + condition.id + " of method " + method.id + " (" +
                      condition.text + ") is not confirmed; add it to applicability with evidence",
                  project_ref(project, "applicability"));
    }
    if (!found->met) {
      return fail(ErrorCode::offsets_not_applicable,
                  "method " + method.id + " does not apply: condition " + condition.id + " (" +
                      condition.text + ") is not met",
                  project_ref(project, "applicability"));
    }
    if (found->evidence.empty()) {
      return fail(ErrorCode::offsets_not_applicable,
                  "applicability condition " + condition.id + " needs its evidence",
                  project_ref(project, "applicability"));
    }
  }
  for (const auto& item : project.applicability) {
    const bool known = std::any_of(method.conditions.begin(), method.conditions.end(),
                                   [&](const Condition& c) { return c.id == item.condition; });
    if (!known) {
      return fail(ErrorCode::offsets_not_applicable,
                  "applicability names condition '" + item.condition + "', which method " +
                      method.id + " does not have",
                  project_ref(project, "applicability"));
    }
  }
  // The grid factor the method accepts.
  if (kind_uses_grid(method.kind)) {
    if (!method.accepts(project.grid.basis)) {
      std::string accepted;
      for (GridBasis basis : method.grid_bases) {
        accepted += (accepted.empty() ? "" : " or ") + std::string(grid_basis_id(basis));
      }
      return fail(ErrorCode::offsets_method,
                  "method " + method.id + " takes the grid emission factor as " + accepted +
                      ", not " + std::string(grid_basis_id(project.grid.basis)),
                  project_ref(project, "grid_factor.basis"));
    }
    if (!(project.grid.t_per_mwh > 0.0) || !std::isfinite(project.grid.t_per_mwh)) {
      return fail(ErrorCode::offsets_method, "the grid emission factor must be above 0 t CO2/MWh",
                  project_ref(project, "grid_factor.value"));
    }
  }
  if (project.crediting_end < project.crediting_start) {
    return fail(ErrorCode::parse_bad_value, "the crediting period ends before it starts",
                project_ref(project, "crediting_period"));
  }
  if (project.type == ProjectType::programmatic && project.cme.empty()) {
    return fail(ErrorCode::parse_missing_field,
                "a programmatic project needs its coordinating and managing entity (cme, "
                "整合管理機構)",
                project_ref(project, "cme"));
  }
  auto stage = check_history(project.stages, method.skips_validation, project_ref(project, ""));
  if (!stage) return tl::unexpected(stage.error());
  return {};
}

Result<void> check_inclusion(const std::vector<InclusionCriterion>& criteria,
                             const SubProject& sub_project) {
  for (const auto& criterion : criteria) {
    RecordRef at = sub_project.where;
    at.field = "attributes." + criterion.attribute;
    at.record = sub_project.id;
    const auto found = sub_project.attributes.find(criterion.attribute);
    const std::string head = "sub-project " + sub_project.id + " fails inclusion criterion " +
                             criterion.id + " (" + criterion.text + "): ";
    if (found == sub_project.attributes.end()) {
      return fail(ErrorCode::offsets_inclusion,
                  head + "attribute '" + criterion.attribute + "' is not given", at);
    }
    const std::string& value = found->second;
    if (!criterion.one_of.empty() && std::find(criterion.one_of.begin(), criterion.one_of.end(),
                                               value) == criterion.one_of.end()) {
      std::string list;
      for (const auto& item : criterion.one_of) list += (list.empty() ? "" : ", ") + item;
      return fail(ErrorCode::offsets_inclusion,
                  head + criterion.attribute + " is '" + value + "', expected one of " + list, at);
    }
    if (criterion.min || criterion.max) {
      const auto number = to_number(value);
      if (!number) {
        return fail(ErrorCode::offsets_inclusion,
                    head + criterion.attribute + " is '" + value + "', expected a number", at);
      }
      if ((criterion.min && *number < *criterion.min) ||
          (criterion.max && *number > *criterion.max)) {
        return fail(ErrorCode::offsets_inclusion,
                    head + criterion.attribute + " = " + value + " is outside [" +
                        (criterion.min ? format_number(*criterion.min) : std::string("-inf")) +
                        ", " +
                        (criterion.max ? format_number(*criterion.max) : std::string("inf")) + "]",
                    at);
      }
    }
  }
  return {};
}

Result<ProjectResult> compute_project(const Project& project, const MethodCatalog& methods,
                                      const ScaleLimits& limits) {
  auto found = methods.find(project.method);
  if (!found) return tl::unexpected(found.error());
  const Method& method = **found;
  if (auto ok = check_project(project, method); !ok) return tl::unexpected(ok.error());
  ProjectResult out;
  out.project = project.id;
  out.method = &method;
  out.stage = *check_history(project.stages, method.skips_validation, {});
  // Ex-ante estimate in the plan against the limits (the monitored periods are checked too).
  if (project.scale == limits.scale) {
    if (method.category == Category::energy_efficiency &&
        limits.max_energy_saving_mwh_per_year > 0 &&
        project.expected_saving_mwh_per_year > limits.max_energy_saving_mwh_per_year) {
      return fail(ErrorCode::offsets_scale_limit,
                  "project " + project.id + " expects to save " +
                      format_number(project.expected_saving_mwh_per_year) + " MWh/yr, above the " +
                      limits.scale + "-scale limit of " +
                      format_number(limits.max_energy_saving_mwh_per_year) +
                      " MWh/yr for energy-efficiency projects (" + limits.source.document +
                      "; limit not verified); split the project or apply at a larger scale",
                  project_ref(project, "expected.saving_mwh_per_year"));
    }
    if (method.category != Category::energy_efficiency && limits.max_reduction_t_per_year > 0 &&
        project.expected_reduction_t_per_year > limits.max_reduction_t_per_year) {
      return fail(ErrorCode::offsets_scale_limit,
                  "project " + project.id + " expects to reduce " +
                      format_number(project.expected_reduction_t_per_year) +
                      " t CO2e/yr, above the " + limits.scale + "-scale limit of " +
                      format_number(limits.max_reduction_t_per_year) + " t CO2e/yr (" +
                      limits.source.document + "; limit not verified)",
                  project_ref(project, "expected.reduction_t_per_year"));
    }
  }
  if (project.type == ProjectType::planned) {
    if (!project.sub_projects.empty()) {
      return fail(ErrorCode::parse_bad_value,
                  "a planned (計畫型) project has no sub-projects; make it programmatic",
                  project_ref(project, "sub_projects"));
    }
    auto part = compute_part(project, method, limits, project.id, project.proponent,
                             project.periods, project.equipment);
    if (!part) return tl::unexpected(part.error());
    out.parts.push_back(std::move(*part));
  } else {
    if (project.sub_projects.empty()) {
      out.warnings.warning(ErrorCode::offsets_inclusion,
                           "the programme has no sub-projects yet; no credits",
                           project_ref(project, "sub_projects"));
    }
    for (const auto& sub : project.sub_projects) {
      if (auto ok = check_inclusion(project.inclusion, sub); !ok) {
        return tl::unexpected(ok.error());
      }
      auto part =
          compute_part(project, method, limits, sub.id, sub.owner, sub.periods, sub.equipment);
      if (!part) return tl::unexpected(part.error());
      out.parts.push_back(std::move(*part));
    }
  }
  for (const auto& part : out.parts) {
    for (const auto& period : part.periods) out.totals.add(period);
  }
  return out;
}

}  // namespace cl::offsets

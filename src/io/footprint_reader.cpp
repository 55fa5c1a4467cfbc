#include "io/footprint_reader.hpp"

#include <algorithm>
#include <cmath>
#include <regex>
#include <set>

#include "io/background_reader.hpp"
#include "io/file.hpp"
#include "io/lca_problem_reader.hpp"
#include "io/pact.hpp"
#include "io/yaml_reader.hpp"

namespace cl::io {
namespace {

using footprint::Stage;

template <class T>
Result<T> finish(T value, const Diagnostics& diagnostics, const std::string& file) {
  for (const auto& item : diagnostics.items()) {
    if (item.severity == Severity::error) {
      Error error{item.code, item.message, item.where, {}};
      error.add_context("while reading " + file + " (" + std::to_string(diagnostics.error_count()) +
                        " problem(s))");
      return tl::unexpected(error);
    }
  }
  return value;
}

std::vector<std::string> strings(YamlReader& reader, const YAML::Node& map, const char* key,
                                 const std::string& record = {}) {
  std::vector<std::string> out;
  const YAML::Node node = map[key];
  if (!node || node.IsNull()) return out;
  if (!node.IsSequence()) {
    reader.error(ErrorCode::parse_bad_value, std::string("field '") + key + "' must be a list",
                 reader.at(node, key, record));
    return out;
  }
  for (const auto& item : node) {
    if (item.IsScalar()) out.push_back(item.Scalar());
  }
  return out;
}

std::optional<Stage> stage(YamlReader& reader, const YAML::Node& map, const std::string& record) {
  auto text = reader.text(map, "stage", true, record);
  if (!text) return std::nullopt;
  auto found = footprint::find_stage(*text);
  if (!found) {
    reader.error(ErrorCode::parse_bad_value,
                 "stage '" + *text +
                     "' is not one of raw_materials, transport, manufacturing, distribution, "
                     "use, end_of_life",
                 reader.at(map["stage"], "stage", record));
  }
  return found;
}

std::vector<Stage> stages(YamlReader& reader, const YAML::Node& map, const char* key,
                          const std::string& record) {
  std::vector<Stage> out;
  for (const auto& id : strings(reader, map, key, record)) {
    if (auto found = footprint::find_stage(id)) {
      out.push_back(*found);
    } else {
      reader.error(ErrorCode::parse_bad_value, "unknown stage '" + id + "'",
                   reader.at(map[key], key, record));
    }
  }
  return out;
}

std::vector<footprint::AllocationBasis> bases(YamlReader& reader, const YAML::Node& map,
                                              const char* key, const std::string& record) {
  std::vector<footprint::AllocationBasis> out;
  for (const auto& id : strings(reader, map, key, record)) {
    if (auto found = footprint::find_basis(id)) {
      out.push_back(*found);
    } else {
      reader.error(ErrorCode::parse_bad_value, "unknown allocation basis '" + id + "'",
                   reader.at(map[key], key, record));
    }
  }
  return out;
}

footprint::Clause clause(YamlReader& reader, const YAML::Node& node, const std::string& record) {
  footprint::Clause out;
  if (!node || !node.IsMap()) return out;
  reader.check_keys(node, {"clause", "text", "verification"}, record);
  out.clause = reader.text(node, "clause", true, record).value_or("");
  out.text = reader.text(node, "text", false, record).value_or("");
  const auto verification = reader.text(node, "verification", false, record).value_or("");
  out.verification = verification == "verified"    ? Verification::verified
                     : verification == "secondary" ? Verification::secondary
                                                   : Verification::unverified;
  return out;
}

std::optional<footprint::Dqr> dqr(YamlReader& reader, const YAML::Node& map,
                                  const std::string& record) {
  const YAML::Node node = map["dqr"];
  if (!node || node.IsNull()) return std::nullopt;
  if (!node.IsMap()) {
    reader.error(ErrorCode::parse_bad_value,
                 "dqr must be {technological, temporal, geographical, completeness, reliability}",
                 reader.at(node, "dqr", record));
    return std::nullopt;
  }
  reader.check_keys(
      node, {"technological", "temporal", "geographical", "completeness", "reliability"}, record);
  footprint::Dqr out;
  out.technological = reader.number(node, "technological", true, record).value_or(0.0);
  out.temporal = reader.number(node, "temporal", true, record).value_or(0.0);
  out.geographical = reader.number(node, "geographical", true, record).value_or(0.0);
  out.completeness = reader.number(node, "completeness", true, record).value_or(0.0);
  out.reliability = reader.number(node, "reliability", true, record).value_or(0.0);
  return out;
}

/// A number of an uncertainty map; an error naming `path.key` when missing or not a number.
bool spread_number(YamlReader& reader, const YAML::Node& node, const char* key,
                   const std::string& path, const std::string& what, const std::string& record,
                   double& target) {
  const std::string field = path + "." + key;
  const YAML::Node value = node[key];
  if (!value || value.IsNull()) {
    reader.error(ErrorCode::parse_missing_field, field + " is required for " + what,
                 reader.at(node, field, record));
    return false;
  }
  if (value.IsScalar()) {
    try {
      std::size_t used = 0;
      const double parsed = std::stod(value.Scalar(), &used);
      if (used == value.Scalar().size() && std::isfinite(parsed)) {
        target = parsed;
        return true;
      }
    } catch (const std::exception&) {
      // reported below
    }
  }
  reader.error(ErrorCode::parse_bad_value,
               field + " must be a number, got '" + (value.IsScalar() ? value.Scalar() : "…") + "'",
               reader.at(value, field, record));
  return false;
}

/// `uncertainty` of a line's amount or of a factor's value, the forms of lca-problem.md (the
/// LCA engine's distributions; a pedigree gives a lognormal's GSD through lca::pedigree_gsd).
/// Every parameter is checked against `nominal`; errors name the line (`record`) and `path`.
std::optional<lca::Distribution> spread(YamlReader& reader, const YAML::Node& map,
                                        const std::string& path, double nominal,
                                        const std::string& record) {
  const YAML::Node node = map["uncertainty"];
  if (!node || node.IsNull()) return std::nullopt;
  if (!node.IsMap()) {
    reader.error(ErrorCode::parse_bad_value,
                 path + " must be a map such as {distribution: lognormal, gsd: 1.2}",
                 reader.at(node, path, record));
    return std::nullopt;
  }
  const YAML::Node kind_node = node["distribution"];
  const std::string kind = kind_node && kind_node.IsScalar() ? kind_node.Scalar() : "";
  const std::map<std::string, std::vector<std::string>> allowed = {
      {"lognormal", {"distribution", "gsd", "basic_gsd", "pedigree"}},
      {"normal", {"distribution", "sd"}},
      {"triangular", {"distribution", "min", "mode", "max"}},
      {"uniform", {"distribution", "min", "max"}}};
  const auto keys = allowed.find(kind);
  if (keys == allowed.end()) {
    reader.error(
        ErrorCode::parse_bad_value,
        path + ".distribution is '" + kind + "'; use lognormal, normal, triangular or uniform",
        reader.at(kind_node ? kind_node : node, path + ".distribution", record));
    return std::nullopt;
  }
  bool complete = true;
  for (const auto& entry : node) {
    const std::string key = entry.first.Scalar();
    if (std::find(keys->second.begin(), keys->second.end(), key) == keys->second.end()) {
      reader.error(ErrorCode::parse_bad_value,
                   path + "." + key + " does not belong to a " + kind + " distribution",
                   reader.at(entry.second, path + "." + key, record));
      complete = false;
    }
  }
  lca::Distribution out;
  const std::string what = "a " + kind + " distribution";
  const auto need = [&](const char* key, double& target) {
    if (!spread_number(reader, node, key, path, what, record, target)) complete = false;
  };
  if (kind == "lognormal") {
    out.kind = lca::DistributionKind::lognormal;
    const bool pedigree = node["pedigree"] || node["basic_gsd"];
    if (pedigree && node["gsd"]) {
      reader.error(ErrorCode::parse_bad_value,
                   path + " gives both gsd and basic_gsd/pedigree; give one of the two",
                   reader.at(node, path + ".gsd", record));
      return std::nullopt;
    }
    if (!pedigree) {
      need("gsd", out.gsd);
    } else {
      double basic = 1.0;
      need("basic_gsd", basic);
      const YAML::Node scores = node["pedigree"];
      lca::PedigreeScores pedigree_scores{};
      if (!scores || !scores.IsSequence() || scores.size() != pedigree_scores.size()) {
        reader.error(ErrorCode::parse_bad_value,
                     path +
                         ".pedigree must list 5 scores (reliability, completeness, temporal, "
                         "geographical, technological), each 1-5",
                     reader.at(scores ? scores : node, path + ".pedigree", record));
        return std::nullopt;
      }
      for (std::size_t i = 0; i < pedigree_scores.size(); ++i) {
        const std::string score = scores[i].IsScalar() ? scores[i].Scalar() : "";
        if (score.size() != 1 || score[0] < '0' || score[0] > '9') {
          reader.error(ErrorCode::parse_bad_value,
                       path + ".pedigree[" + std::to_string(i) + "] must be a whole number 1-5",
                       reader.at(scores[i], path + ".pedigree", record));
          return std::nullopt;
        }
        pedigree_scores[i] = score[0] - '0';
      }
      if (!complete) return std::nullopt;
      auto gsd = lca::pedigree_gsd(basic, pedigree_scores);
      if (!gsd) {
        reader.error(ErrorCode::parse_bad_value, path + ".pedigree: " + gsd.error().message,
                     reader.at(scores, path + ".pedigree", record));
        return std::nullopt;
      }
      out.gsd = *gsd;
    }
  } else if (kind == "normal") {
    out.kind = lca::DistributionKind::normal;
    need("sd", out.sd);
  } else if (kind == "triangular") {
    out.kind = lca::DistributionKind::triangular;
    need("min", out.min);
    need("mode", out.mode);
    need("max", out.max);
  } else {
    out.kind = lca::DistributionKind::uniform;
    need("min", out.min);
    need("max", out.max);
  }
  if (!complete) return std::nullopt;
  if (auto checked = lca::check_distribution(out, nominal); !checked) {
    // The parameter the message is about, so that a form can show it beside its field.
    const bool outside = checked.error().message.find("lies outside") != std::string::npos;
    std::string field = path;
    if (out.kind == lca::DistributionKind::normal) field += ".sd";
    if (out.kind == lca::DistributionKind::lognormal && nominal != 0.0) {
      field += node["gsd"] ? ".gsd" : ".basic_gsd";
    }
    if ((out.kind == lca::DistributionKind::triangular ||
         out.kind == lca::DistributionKind::uniform) &&
        !outside) {
      field += ".min";
    }
    const std::string& message = checked.error().message;
    reader.error(ErrorCode::parse_bad_value, "line '" + record + "', " + path + ": " + message,
                 reader.at(node, field, record));
    return std::nullopt;
  }
  return out;
}

std::optional<footprint::FactorLink> factor(YamlReader& reader, const YAML::Node& map,
                                            const std::string& record) {
  const YAML::Node node = map["factor"];
  if (!node || node.IsNull()) return std::nullopt;
  if (!node.IsMap()) {
    reader.error(ErrorCode::parse_bad_value,
                 "factor must be {value: kg CO2e per unit, unit: …, source: {…}}",
                 reader.at(node, "factor", record));
    return std::nullopt;
  }
  reader.check_keys(node, {"value", "unit", "gases", "biogenic_co2", "source", "uncertainty"},
                    record);
  footprint::FactorLink out;
  out.kg_co2e_per_unit = reader.number(node, "value", true, record).value_or(0.0);
  out.unit = reader.text(node, "unit", true, record).value_or("");
  out.biogenic_co2_per_unit = reader.number(node, "biogenic_co2", false, record).value_or(0.0);
  const YAML::Node gases = node["gases"];
  if (gases && gases.IsMap()) {
    for (const auto& entry : gases) {
      const std::string gas = entry.first.Scalar();
      if (auto value = reader.number(gases, gas.c_str(), true, record)) out.gases[gas] = *value;
    }
  }
  if (!node["source"]) {
    reader.error(ErrorCode::parse_missing_field,
                 "every factor needs its source {document, table, version, year}",
                 reader.at(node, "factor.source", record));
  }
  out.source = reader.provenance(node["source"], record).value_or(Provenance{});
  out.uncertainty = spread(reader, node, "factor.uncertainty", out.kg_co2e_per_unit, record);
  return out;
}

std::optional<footprint::ProcessLink> process(YamlReader& reader, const YAML::Node& map,
                                              const std::string& record) {
  auto text = reader.text(map, "process", false, record);
  if (!text) return std::nullopt;
  return footprint::ProcessLink{*text};
}

std::optional<footprint::Profile> read_profile(YamlReader& reader, const YAML::Node& node) {
  if (!node.IsMap()) {
    reader.error(ErrorCode::parse_bad_value, "each profile must be a map", reader.at(node, ""));
    return std::nullopt;
  }
  reader.check_keys(
      node, {"id", "title", "pact_standard", "required", "stages_clause", "max_exempted_percent",
             "cutoff_clause", "allocation", "sector_rules", "report_wording", "source"});
  footprint::Profile out;
  out.id = reader.text(node, "id", true).value_or("");
  out.title = reader.text(node, "title", true, out.id).value_or("");
  out.pact_standard = reader.text(node, "pact_standard", true, out.id).value_or("");
  const YAML::Node required = node["required"];
  if (!required || !required.IsMap()) {
    reader.error(ErrorCode::parse_missing_field,
                 "profile needs required: {cradle-to-gate: […], cradle-to-grave: […]}",
                 reader.at(node, "required", out.id));
  } else {
    out.required_gate = stages(reader, required, "cradle-to-gate", out.id);
    out.required_grave = stages(reader, required, "cradle-to-grave", out.id);
  }
  out.stages_clause = clause(reader, node["stages_clause"], out.id);
  out.max_exempted_percent = reader.number(node, "max_exempted_percent", true, out.id).value_or(0);
  out.cutoff_clause = clause(reader, node["cutoff_clause"], out.id);
  const YAML::Node allocation = node["allocation"];
  if (allocation && allocation.IsMap()) {
    reader.check_keys(allocation, {"bases", "needs_justification", "clause"}, out.id);
    out.allocation_bases = bases(reader, allocation, "bases", out.id);
    out.needs_justification = bases(reader, allocation, "needs_justification", out.id);
    out.allocation_clause = clause(reader, allocation["clause"], out.id);
  }
  out.sector_rules = strings(reader, node, "sector_rules", out.id);
  out.report_wording = reader.text(node, "report_wording", true, out.id).value_or("");
  out.source = reader.provenance(node["source"], out.id).value_or(Provenance{});
  return out;
}

footprint::SupplierFootprint read_supplier(YamlReader& reader, const YAML::Node& node,
                                           const std::string& id) {
  footprint::SupplierFootprint out;
  out.id = id;
  out.supplier = reader.text(node, "supplier", true, id).value_or("");
  out.company_id = reader.text(node, "company_id", false, id).value_or("");
  out.product_id = reader.text(node, "product_id", false, id).value_or("");
  out.part = reader.text(node, "part", true, id).value_or("");
  out.declared_unit = reader.text(node, "declared_unit", true, id).value_or("");
  out.unitary_amount = reader.number(node, "unitary_amount", false, id).value_or(1.0);
  out.pcf_excluding_biogenic = reader.number(node, "pcf", true, id).value_or(0.0);
  out.pcf_including_biogenic = reader.number(node, "pcf_including_biogenic", false, id);
  out.dqr = dqr(reader, node, id);
  out.primary_data_share = reader.number(node, "primary_data_share", false, id);
  out.date = reader.text(node, "date", true, id).value_or("");
  out.country = reader.text(node, "country", false, id).value_or("");
  out.gwp = reader.text(node, "gwp", false, id).value_or("");
  out.standards = strings(reader, node, "standards", id);
  const YAML::Node period = node["period"];
  if (period && period.IsMap()) {
    out.reference_period_start = reader.text(period, "start", true, id).value_or("");
    out.reference_period_end = reader.text(period, "end", true, id).value_or("");
  }
  out.where = reader.at(node, "suppliers", id);
  return out;
}

template <class Line>
void read_common(YamlReader& reader, const YAML::Node& node, Line& line) {
  line.where = reader.at(node, "", line.id);
  line.stage = stage(reader, node, line.id).value_or(Stage::raw_materials);
  line.description = reader.text(node, "description", false, line.id).value_or("");
  line.amount = reader.number(node, "amount", true, line.id).value_or(0.0);
  line.unit = reader.text(node, "unit", true, line.id).value_or("");
  line.factor = factor(reader, node, line.id);
  line.process = process(reader, node, line.id);
  line.primary = reader.boolean(node, "primary", line.id).value_or(false);
  line.dqr = dqr(reader, node, line.id);
  line.uncertainty = spread(reader, node, "uncertainty", line.amount, line.id);
}

void read_root(YamlReader& reader, const YAML::Node& root, const std::string& file,
               LoadedStudy& out, Diagnostics& diagnostics) {
  auto& study = out.study;
  reader.check_keys(root, {"format",
                           "id",
                           "product",
                           "company",
                           "declared_unit",
                           "unitary_amount",
                           "production",
                           "mass_per_declared_unit",
                           "period",
                           "country",
                           "profile",
                           "boundary",
                           "gwp",
                           "carbon_content",
                           "packaging_included",
                           "exemptions",
                           "assurance",
                           "background",
                           "background_method",
                           "suppliers",
                           "lines",
                           "shared",
                           "mode"});
  const auto format = reader.text(root, "format", true);
  if (format && *format != "footprint-study/1") {
    reader.error(ErrorCode::parse_bad_value,
                 "format is '" + *format + "', expected 'footprint-study/1'",
                 reader.at(root["format"], "format"));
  }
  study.id = reader.text(root, "id", true).value_or("");
  if (auto mode = reader.text(root, "mode", false, study.id)) {
    if (*mode == "central-satellite") {
      study.mode = footprint::SupplyChainMode::central_satellite;
    } else if (*mode != "single-factory") {
      reader.error(ErrorCode::parse_bad_value,
                   "mode '" + *mode + "' is not central-satellite or single-factory",
                   reader.at(root["mode"], "mode", study.id));
    }
  }
  study.where = {.file = file, .row = 0, .field = "", .record = study.id};
  const YAML::Node product = root["product"];
  if (!product || !product.IsMap()) {
    reader.error(ErrorCode::parse_missing_field, "product: {key, name, …} is required",
                 reader.at(root, "product", study.id));
  } else {
    reader.check_keys(product, {"key", "name", "description", "ids", "cpc"}, study.id);
    study.product_key = reader.text(product, "key", true, study.id).value_or("");
    study.product_name = reader.text(product, "name", true, study.id).value_or("");
    study.product_description = reader.text(product, "description", false, study.id).value_or("");
    study.product_ids = strings(reader, product, "ids", study.id);
    study.cpc = reader.text(product, "cpc", false, study.id).value_or("");
  }
  const YAML::Node company = root["company"];
  if (company && company.IsMap()) {
    reader.check_keys(company, {"name", "ids"}, study.id);
    study.company_name = reader.text(company, "name", true, study.id).value_or("");
    study.company_ids = strings(reader, company, "ids", study.id);
  }
  study.declared_unit = reader.text(root, "declared_unit", true, study.id).value_or("");
  study.unitary_amount = reader.number(root, "unitary_amount", false, study.id).value_or(1.0);
  study.production = reader.number(root, "production", false, study.id).value_or(0.0);
  study.mass_per_declared_unit = reader.number(root, "mass_per_declared_unit", false, study.id);
  const YAML::Node period = root["period"];
  if (!period || !period.IsMap()) {
    reader.error(ErrorCode::parse_missing_field, "period: {start: YYYY-MM-DD, end: …} is required",
                 reader.at(root, "period", study.id));
  } else {
    study.period_start = reader.text(period, "start", true, study.id).value_or("");
    study.period_end = reader.text(period, "end", true, study.id).value_or("");
    static const std::regex kDate(R"(^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$)");
    for (const auto* key : {"start", "end"}) {
      const std::string value = key[0] == 's' ? study.period_start : study.period_end;
      if (!value.empty() && !std::regex_match(value, kDate)) {
        reader.error(
            ErrorCode::parse_bad_value,
            std::string("period ") + key + " must be a date YYYY-MM-DD, got '" + value + "'",
            reader.at(period[key], key, study.id));
      }
    }
  }
  study.country = reader.text(root, "country", true, study.id).value_or("");
  study.profile = reader.text(root, "profile", true, study.id).value_or("");
  if (auto boundary = reader.text(root, "boundary", true, study.id)) {
    if (auto found = footprint::find_boundary(*boundary)) {
      study.boundary = *found;
    } else {
      reader.error(ErrorCode::parse_bad_value,
                   "boundary '" + *boundary + "' is not cradle-to-gate or cradle-to-grave",
                   reader.at(root["boundary"], "boundary", study.id));
    }
  }
  study.gwp = reader.text(root, "gwp", true, study.id).value_or("");
  const YAML::Node carbon = root["carbon_content"];
  if (carbon && carbon.IsMap()) {
    reader.check_keys(carbon, {"fossil", "biogenic"}, study.id);
    study.fossil_carbon_content = reader.number(carbon, "fossil", false, study.id).value_or(0.0);
    study.biogenic_carbon_content =
        reader.number(carbon, "biogenic", false, study.id).value_or(0.0);
  }
  study.packaging_included = reader.boolean(root, "packaging_included", study.id).value_or(false);
  for (const auto& node : reader.list(root, "exemptions")) {
    study.exemptions.push_back({reader.text(node, "description", true, study.id).value_or(""),
                                reader.number(node, "percent", true, study.id).value_or(0.0)});
  }
  const YAML::Node assurance = root["assurance"];
  if (assurance && assurance.IsMap()) {
    reader.check_keys(assurance,
                      {"coverage", "level", "boundary", "provider_name", "completed_at",
                       "standard_name", "comments"},
                      study.id);
    footprint::Assurance a;
    a.coverage = reader.text(assurance, "coverage", false, study.id).value_or("");
    a.level = reader.text(assurance, "level", false, study.id).value_or("");
    a.boundary = reader.text(assurance, "boundary", false, study.id).value_or("");
    a.provider_name = reader.text(assurance, "provider_name", false, study.id).value_or("");
    a.completed_at = reader.text(assurance, "completed_at", false, study.id).value_or("");
    a.standard_name = reader.text(assurance, "standard_name", false, study.id).value_or("");
    a.comments = reader.text(assurance, "comments", false, study.id).value_or("");
    study.assurance = a;
  }
  out.background_method = reader.text(root, "background_method", false, study.id).value_or("");
  if (auto background = reader.text(root, "background", false, study.id)) {
    const std::string path = resolve_beside(file, *background);
    // A JSON-LD package or EcoSpold 2 datasets are imported as they are (docs/formats/
    // background.md); background_method then picks the LCIA category by name or @id.
    BackgroundOptions options;
    if (!out.background_method.empty() && path.size() > 5 &&
        path.compare(path.size() - 5, 5, ".json") != 0 &&
        path.compare(path.size() - 5, 5, ".yaml") != 0) {
      options.selection.category = out.background_method;
    }
    auto loaded = read_background(path, options, diagnostics);
    if (loaded) {
      if (loaded->kind == BackgroundKind::jsonld && !options.selection.category.empty() &&
          loaded->problem.methods.size() == 1) {
        out.background_method = loaded->problem.methods.front().id;
      }
      out.background = std::move(loaded->problem);
    } else if (!diagnostics.has_errors()) {
      diagnostics.add(loaded.error());
    }
  }
  for (const auto& node : reader.list(root, "suppliers")) {
    const std::string id = reader.text(node, "id", true).value_or("");
    if (auto pact = reader.text(node, "pact", false, id)) {
      reader.check_keys(node, {"id", "pact"}, id);
      auto supplier = read_pact_supplier(resolve_beside(file, *pact), id, diagnostics);
      if (supplier) {
        supplier->where = reader.at(node, "pact", id);
        study.suppliers.push_back(std::move(*supplier));
      } else if (supplier.error().code != ErrorCode::pact_invalid) {
        Error error = supplier.error();
        error.add_context("supplier " + id + " (" + file + ")");
        diagnostics.add(error);
      }
      continue;
    }
    reader.check_keys(node,
                      {"id", "supplier", "company_id", "product_id", "part", "declared_unit",
                       "unitary_amount", "pcf", "pcf_including_biogenic", "dqr",
                       "primary_data_share", "date", "country", "gwp", "standards", "period"},
                      id);
    study.suppliers.push_back(read_supplier(reader, node, id));
  }
  for (const auto& node : reader.list(root, "lines")) {
    footprint::ActivityLine line;
    line.id = reader.text(node, "id", true).value_or("");
    reader.check_keys(node,
                      {"id", "stage", "description", "amount", "unit", "per_unit", "factor",
                       "process", "supplier", "primary", "dqr", "uncertainty"},
                      line.id);
    read_common(reader, node, line);
    line.per_unit = reader.boolean(node, "per_unit", line.id).value_or(false);
    line.supplier = reader.text(node, "supplier", false, line.id).value_or("");
    study.lines.push_back(std::move(line));
  }
  for (const auto& node : reader.list(root, "shared")) {
    footprint::SharedLine line;
    line.id = reader.text(node, "id", true).value_or("");
    reader.check_keys(node,
                      {"id", "stage", "description", "amount", "unit", "basis", "products",
                       "justification", "factor", "process", "primary", "dqr", "uncertainty"},
                      line.id);
    read_common(reader, node, line);
    if (auto basis = reader.text(node, "basis", true, line.id)) {
      if (auto found = footprint::find_basis(*basis)) {
        line.basis = *found;
      } else {
        reader.error(ErrorCode::parse_bad_value,
                     "basis '" + *basis + "' is not mass, hours, value or shares",
                     reader.at(node["basis"], "basis", line.id));
      }
    }
    const YAML::Node products = node["products"];
    if (!products || !products.IsMap()) {
      reader.error(ErrorCode::parse_missing_field,
                   "products: {product key: quantity of the basis, …} is required",
                   reader.at(node, "products", line.id));
    } else {
      for (const auto& entry : products) {
        const std::string key = entry.first.Scalar();
        if (auto value = reader.number(products, key.c_str(), true, line.id)) {
          line.products[key] = *value;
        }
      }
    }
    line.justification = reader.text(node, "justification", false, line.id).value_or("");
    study.shared.push_back(std::move(line));
  }
}

}  // namespace

std::string footprint_profiles_path(const std::string& data_dir) {
  return data_dir + "/footprint/profiles.yaml";
}

Result<std::vector<footprint::Profile>> read_footprint_profiles(const std::string& path,
                                                                Diagnostics& diagnostics) {
  YamlReader reader(path, diagnostics);
  auto text = read_file(path);
  if (!text) return tl::unexpected(text.error());
  auto root = reader.parse(*text);
  if (!root) return tl::unexpected(root.error());
  std::vector<footprint::Profile> out;
  try {
    std::set<std::string> ids;
    for (const auto& node : reader.list(*root, "profiles", true)) {
      auto profile = read_profile(reader, node);
      if (!profile) continue;
      if (!ids.insert(profile->id).second) {
        reader.error(ErrorCode::parse_bad_value, "profile id '" + profile->id + "' is repeated",
                     reader.at(node, "id", profile->id));
      }
      out.push_back(std::move(*profile));
    }
  } catch (const YAML::Exception& error) {
    reader.error(ErrorCode::parse_bad_value, "unexpected structure: " + error.msg,
                 {.file = path, .row = error.mark.line + 1, .field = "", .record = ""});
  }
  return finish(std::move(out), diagnostics, path);
}

Result<footprint::Profile> find_profile(const std::vector<footprint::Profile>& profiles,
                                        const std::string& id, const RecordRef& where) {
  std::string known;
  for (const auto& profile : profiles) {
    if (profile.id == id) return profile;
    known += (known.empty() ? "" : ", ") + profile.id;
  }
  return fail(ErrorCode::footprint_profile,
              "unknown standard profile '" + id + "'; choose one of " + known +
                  " (data/footprint/profiles.yaml)",
              where);
}

Result<LoadedStudy> parse_footprint_study(const std::string& text, const std::string& file,
                                          Diagnostics& diagnostics) {
  YamlReader reader(file, diagnostics);
  auto root = reader.parse(text);
  if (!root) return tl::unexpected(root.error());
  LoadedStudy out;
  try {
    if (!root->IsMap()) {
      reader.error(ErrorCode::parse_bad_value,
                   "a study is a map starting with format: footprint-study/1",
                   reader.at(*root, ""));
    } else {
      read_root(reader, *root, file, out, diagnostics);
    }
  } catch (const YAML::Exception& error) {
    reader.error(ErrorCode::parse_bad_value, "unexpected structure: " + error.msg,
                 {.file = file, .row = error.mark.line + 1, .field = "", .record = ""});
  }
  return finish(std::move(out), diagnostics, file);
}

Result<LoadedStudy> read_footprint_study(const std::string& path, Diagnostics& diagnostics) {
  auto text = read_file(path);
  if (!text) return tl::unexpected(text.error());
  return parse_footprint_study(*text, path, diagnostics);
}

}  // namespace cl::io

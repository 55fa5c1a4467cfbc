#include "io/offsets_reader.hpp"

#include <charconv>
#include <cmath>
#include <set>

#include "io/file.hpp"
#include "io/yaml_reader.hpp"

namespace cl::io {
namespace {

using offsets::Date;

Result<YAML::Node> load(const std::string& path, YamlReader& reader) {
  auto text = read_file(path);
  if (!text) return tl::unexpected(text.error());
  return reader.parse(*text);
}

/// Fails with the first error diagnostic (the CLI prints them all) or returns the value.
template <class T>
Result<T> finish(T value, const Diagnostics& diagnostics, const std::string& file) {
  if (!diagnostics.has_errors()) return value;
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

bool check_format(const YAML::Node& root, YamlReader& reader, const char* expected) {
  if (!root.IsMap()) {
    reader.error(ErrorCode::parse_bad_value,
                 "the file must be a map with format: " + std::string(expected),
                 reader.at(root, ""));
    return false;
  }
  const auto format = reader.text(root, "format", true);
  if (format && *format != expected) {
    reader.error(ErrorCode::parse_bad_value,
                 "format is '" + *format + "', expected '" + expected + "'",
                 reader.at(root["format"], "format"));
  }
  return true;
}

std::optional<Date> date(YamlReader& reader, const YAML::Node& map, const char* key, bool required,
                         const std::string& record = {}) {
  auto text = reader.text(map, key, required, record);
  if (!text) return std::nullopt;
  auto parsed = offsets::parse_date(*text);
  if (!parsed) {
    reader.error(ErrorCode::parse_bad_value,
                 std::string("field '") + key + "' must be a date YYYY-MM-DD, got '" + *text + "'",
                 reader.at(map[key], key, record));
  }
  return parsed;
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
    if (item.IsScalar()) {
      out.push_back(item.Scalar());
    } else {
      reader.error(ErrorCode::parse_bad_value,
                   std::string("items of '") + key + "' must be single values",
                   reader.at(item, key, record));
    }
  }
  return out;
}

std::optional<double> scalar_number(YamlReader& reader, const YAML::Node& node,
                                    const std::string& field, const std::string& record) {
  if (!node.IsScalar()) {
    reader.error(ErrorCode::parse_bad_value, "'" + field + "' must be a number",
                 reader.at(node, field, record));
    return std::nullopt;
  }
  double value = 0.0;
  const std::string& text = node.Scalar();
  const auto result = std::from_chars(text.data(), text.data() + text.size(), value);
  if (result.ec != std::errc{} || result.ptr != text.data() + text.size() ||
      !std::isfinite(value)) {
    reader.error(ErrorCode::parse_bad_value, "'" + field + "' must be a number, got '" + text + "'",
                 reader.at(node, field, record));
    return std::nullopt;
  }
  return value;
}

// ---- methods -------------------------------------------------------------------------------

std::optional<offsets::Method> read_method(YamlReader& reader, const YAML::Node& node) {
  if (!node.IsMap()) {
    reader.error(ErrorCode::parse_bad_value, "each method must be a map", reader.at(node, ""));
    return std::nullopt;
  }
  reader.check_keys(node, {"id", "title", "kind", "category", "grid_bases", "skips_validation",
                           "source", "conditions", "parameters"});
  offsets::Method method;
  method.id = reader.text(node, "id", true).value_or("");
  const std::string& id = method.id;
  method.title = reader.text(node, "title", true, id).value_or("");
  if (auto kind = reader.text(node, "kind", true, id)) {
    if (auto found = offsets::find_kind(*kind)) {
      method.kind = *found;
    } else {
      reader.error(ErrorCode::parse_bad_value,
                   "kind '" + *kind +
                       "' is unknown; known: lighting, chiller, motor_vsd, air_compressor, "
                       "boiler_fuel_switch",
                   reader.at(node["kind"], "kind", id));
    }
  }
  if (auto category = reader.text(node, "category", true, id)) {
    if (auto found = offsets::find_category(*category)) {
      method.category = *found;
    } else {
      reader.error(ErrorCode::parse_bad_value,
                   "category '" + *category +
                       "' is unknown; known: energy_efficiency, fuel_switch, renewable_power",
                   reader.at(node["category"], "category", id));
    }
  }
  for (const auto& basis : strings(reader, node, "grid_bases", id)) {
    if (auto found = offsets::find_grid_basis(basis)) {
      method.grid_bases.push_back(*found);
    } else {
      reader.error(ErrorCode::parse_bad_value,
                   "grid basis '" + basis + "' is unknown; known: none, national, combined_margin",
                   reader.at(node["grid_bases"], "grid_bases", id));
    }
  }
  method.skips_validation = reader.boolean(node, "skips_validation", id).value_or(false);
  if (!node["source"]) {
    reader.error(ErrorCode::parse_missing_field, "method " + id + " needs its source document",
                 reader.at(node, "source", id));
  }
  method.source = reader.provenance(node["source"], id).value_or(Provenance{});
  for (const auto& item : reader.list(node, "conditions")) {
    if (!item.IsMap()) continue;
    reader.check_keys(item, {"id", "text", "parameter", "min", "max"}, id);
    offsets::Condition condition;
    condition.id = reader.text(item, "id", true, id).value_or("");
    condition.text = reader.text(item, "text", true, id).value_or("");
    condition.parameter = reader.text(item, "parameter", false, id).value_or("");
    condition.min = reader.number(item, "min", false, id);
    condition.max = reader.number(item, "max", false, id);
    method.conditions.push_back(std::move(condition));
  }
  for (const auto& item : reader.list(node, "parameters", true)) {
    if (!item.IsMap()) continue;
    reader.check_keys(item,
                      {"id", "name", "unit", "source", "frequency", "monitored", "sampled",
                       "default", "min", "max"},
                      id);
    offsets::ParameterSpec spec;
    spec.id = reader.text(item, "id", true, id).value_or("");
    spec.name = reader.text(item, "name", true, id).value_or("");
    spec.unit = reader.text(item, "unit", true, id).value_or("");
    spec.source = reader.text(item, "source", true, id).value_or("");
    spec.frequency = reader.text(item, "frequency", true, id).value_or("");
    spec.monitored = reader.boolean(item, "monitored", id).value_or(false);
    spec.sampled = reader.boolean(item, "sampled", id).value_or(false);
    spec.default_value = reader.number(item, "default", false, id);
    spec.min = reader.number(item, "min", false, id);
    spec.max = reader.number(item, "max", false, id);
    method.parameters.push_back(std::move(spec));
  }
  // The parameters must be exactly those the kind computes with.
  std::set<std::string> declared;
  for (const auto& spec : method.parameters) declared.insert(spec.id);
  std::set<std::string> needed;
  for (const auto parameter : offsets::kind_parameters(method.kind)) {
    needed.insert(std::string(parameter));
  }
  if (declared != needed) {
    std::string list;
    for (const auto& parameter : needed) list += (list.empty() ? "" : ", ") + parameter;
    reader.error(ErrorCode::parse_bad_value,
                 "method " + id + " of kind " + std::string(offsets::kind_id(method.kind)) +
                     " must declare exactly the parameters " + list,
                 reader.at(node["parameters"], "parameters", id));
  }
  for (const auto& condition : method.conditions) {
    if (!condition.parameter.empty() && !declared.contains(condition.parameter)) {
      reader.error(
          ErrorCode::parse_bad_value,
          "condition " + condition.id + " tests unknown parameter '" + condition.parameter + "'",
          reader.at(node["conditions"], "conditions", id));
    }
  }
  return method;
}

// ---- projects ------------------------------------------------------------------------------

std::vector<offsets::Equipment> read_equipment(YamlReader& reader, const YAML::Node& map,
                                               const std::string& record) {
  std::vector<offsets::Equipment> out;
  for (const auto& item : reader.list(map, "equipment")) {
    if (!item.IsMap()) continue;
    reader.check_keys(item, {"id", "type", "count", "scrapped", "installed", "user"}, record);
    offsets::Equipment equipment;
    equipment.id = reader.text(item, "id", true, record).value_or("");
    equipment.type = reader.text(item, "type", true, record).value_or("");
    equipment.count = reader.number(item, "count", true, record).value_or(0.0);
    equipment.scrapped = reader.number(item, "scrapped", false, record).value_or(0.0);
    equipment.installed = reader.text(item, "installed", false, record).value_or("");
    equipment.user = reader.text(item, "user", false, record).value_or("");
    if (equipment.count < 0 || equipment.scrapped < 0 || equipment.scrapped > equipment.count) {
      reader.error(
          ErrorCode::parse_bad_value,
          "equipment " + equipment.id + ": count and scrapped must be ≥ 0, scrapped ≤ count",
          reader.at(item, "equipment", record));
    }
    out.push_back(std::move(equipment));
  }
  return out;
}

std::vector<offsets::MonitoringPeriod> read_periods(YamlReader& reader, const YAML::Node& map,
                                                    const std::string& record, bool required) {
  std::vector<offsets::MonitoringPeriod> out;
  std::size_t index = 0;
  for (const auto& item : reader.list(map, "monitoring_periods", required)) {
    const std::string field = "monitoring_periods[" + std::to_string(index++) + "]";
    if (!item.IsMap()) {
      reader.error(ErrorCode::parse_bad_value, field + " must be a map",
                   reader.at(item, field, record));
      continue;
    }
    reader.check_keys(item, {"id", "from", "to", "parameters", "sampled"}, record);
    offsets::MonitoringPeriod period;
    period.id = reader.text(item, "id", true, record).value_or("");
    period.from = date(reader, item, "from", true, record).value_or(Date{});
    period.to = date(reader, item, "to", true, record).value_or(Date{});
    period.where = reader.at(item, field, record);
    const YAML::Node parameters = item["parameters"];
    if (parameters && parameters.IsMap()) {
      for (const auto& entry : parameters) {
        const std::string key = entry.first.Scalar();
        const std::string where = field + ".parameters." + key;
        YAML::Node value = entry.second;
        if (value.IsMap()) {
          reader.check_keys(value, {"value", "supplied_by"}, record);
          if (auto who = reader.text(value, "supplied_by", false, record)) {
            period.supplied_by[key] = *who;
          }
          value = value["value"];
          if (!value) {
            reader.error(ErrorCode::parse_missing_field, where + " needs its value",
                         reader.at(entry.second, where, record));
            continue;
          }
        }
        if (auto number = scalar_number(reader, value, where, record)) {
          period.parameters[key] = *number;
        }
      }
    } else if (parameters && !parameters.IsNull()) {
      reader.error(ErrorCode::parse_bad_value, field + ".parameters must be a map",
                   reader.at(parameters, field + ".parameters", record));
    }
    const YAML::Node sampled = item["sampled"];
    if (sampled && sampled.IsMap()) {
      for (const auto& entry : sampled) {
        const std::string key = entry.first.Scalar();
        const std::string where = field + ".sampled." + key;
        if (!entry.second.IsMap()) {
          reader.error(ErrorCode::parse_bad_value,
                       where + " must be a map with values (and population)",
                       reader.at(entry.second, where, record));
          continue;
        }
        reader.check_keys(entry.second, {"values", "population", "supplied_by"}, record);
        offsets::SampledValues values;
        const YAML::Node list = entry.second["values"];
        if (!list || !list.IsSequence()) {
          reader.error(ErrorCode::parse_missing_field, where + " needs a list of values",
                       reader.at(entry.second, where, record));
          continue;
        }
        for (const auto& value : list) {
          if (auto number = scalar_number(reader, value, where + ".values", record)) {
            values.values.push_back(*number);
          }
        }
        const auto population = reader.integer(entry.second, "population", false, record);
        if (population && *population < 1) {
          reader.error(ErrorCode::parse_bad_value, where + ".population must be at least 1",
                       reader.at(entry.second["population"], where, record));
        }
        values.population = static_cast<std::size_t>(std::max(0, population.value_or(0)));
        if (auto who = reader.text(entry.second, "supplied_by", false, record)) {
          period.supplied_by[key] = *who;
        }
        period.sampled[key] = std::move(values);
      }
    }
    out.push_back(std::move(period));
  }
  return out;
}

std::vector<offsets::StageRecord> read_stages(YamlReader& reader, const YAML::Node& map,
                                              const std::string& record) {
  std::vector<offsets::StageRecord> out;
  std::size_t index = 0;
  for (const auto& item : reader.list(map, "stages")) {
    const std::string field = "stages[" + std::to_string(index++) + "]";
    if (!item.IsMap()) continue;
    reader.check_keys(item, {"stage", "date", "responsible", "documents", "note"}, record);
    offsets::StageRecord stage;
    if (auto id = reader.text(item, "stage", true, record)) {
      if (auto found = offsets::find_stage(*id)) {
        stage.stage = *found;
      } else {
        reader.error(ErrorCode::parse_bad_value,
                     "stage '" + *id +
                         "' is unknown; known: feasibility, plan, validation, registration, "
                         "monitoring_report, verification, credit_application, issued",
                     reader.at(item["stage"], "stage", record));
      }
    }
    stage.date = date(reader, item, "date", true, record).value_or(Date{});
    stage.responsible = reader.text(item, "responsible", false, record).value_or("");
    stage.documents = strings(reader, item, "documents", record);
    stage.note = reader.text(item, "note", false, record).value_or("");
    stage.where = reader.at(item, field, record);
    out.push_back(std::move(stage));
  }
  return out;
}

offsets::Project read_project_root(YamlReader& reader, const YAML::Node& root) {
  offsets::Project project;
  reader.check_keys(root, {"format",        "id",
                           "name",          "type",
                           "scale",         "proponent",
                           "method",        "crediting_period",
                           "additionality", "applicability",
                           "grid_factor",   "renewable_certificates",
                           "expected",      "stages",
                           "equipment",     "monitoring_periods",
                           "cme",           "inclusion_criteria",
                           "sampling",      "sub_projects"});
  project.id = reader.text(root, "id", true).value_or("");
  const std::string& id = project.id;
  project.name = reader.text(root, "name", true, id).value_or("");
  if (auto type = reader.text(root, "type", true, id)) {
    if (auto found = offsets::find_project_type(*type)) {
      project.type = *found;
    } else {
      reader.error(ErrorCode::parse_bad_value,
                   "type '" + *type + "' is unknown; use planned (計畫型) or programmatic (方案型)",
                   reader.at(root["type"], "type", id));
    }
  }
  project.scale = reader.text(root, "scale", false, id).value_or("micro");
  project.proponent = reader.text(root, "proponent", true, id).value_or("");
  project.method = reader.text(root, "method", true, id).value_or("");
  const YAML::Node crediting = root["crediting_period"];
  if (crediting && crediting.IsMap()) {
    reader.check_keys(crediting, {"start", "end", "number"}, id);
    project.crediting_start = date(reader, crediting, "start", true, id).value_or(Date{});
    project.crediting_end = date(reader, crediting, "end", true, id).value_or(Date{});
    project.crediting_period_number = reader.integer(crediting, "number", false, id).value_or(1);
  } else {
    reader.error(ErrorCode::parse_missing_field,
                 "missing required field 'crediting_period' (start, end, number)",
                 reader.at(root, "crediting_period", id));
  }
  const YAML::Node additionality = root["additionality"];
  if (additionality && additionality.IsMap()) {
    reader.check_keys(additionality, {"tests", "evidence"}, id);
    for (const auto& test : strings(reader, additionality, "tests", id)) {
      if (auto found = offsets::find_additionality_test(test)) {
        project.additionality.tests.push_back(*found);
      } else {
        reader.error(ErrorCode::parse_bad_value,
                     "additionality test '" + test +
                         "' is unknown; known: regulatory, investment, barrier, common_practice",
                     reader.at(additionality["tests"], "additionality.tests", id));
      }
    }
    project.additionality.evidence = reader.text(additionality, "evidence", false, id).value_or("");
  } else {
    reader.error(ErrorCode::parse_missing_field,
                 "missing required field 'additionality' (tests, evidence)",
                 reader.at(root, "additionality", id));
  }
  for (const auto& item : reader.list(root, "applicability")) {
    if (!item.IsMap()) continue;
    reader.check_keys(item, {"condition", "met", "evidence"}, id);
    project.applicability.push_back({reader.text(item, "condition", true, id).value_or(""),
                                     reader.boolean(item, "met", id).value_or(false),
                                     reader.text(item, "evidence", false, id).value_or("")});
  }
  const YAML::Node grid = root["grid_factor"];
  if (grid && grid.IsMap()) {
    reader.check_keys(grid, {"basis", "value", "unit", "source"}, id);
    if (auto basis = reader.text(grid, "basis", true, id)) {
      if (auto found = offsets::find_grid_basis(*basis)) {
        project.grid.basis = *found;
      } else {
        reader.error(
            ErrorCode::parse_bad_value,
            "grid_factor.basis '" + *basis + "' is unknown; known: national, combined_margin",
            reader.at(grid["basis"], "grid_factor.basis", id));
      }
    }
    project.grid.t_per_mwh = reader.number(grid, "value", true, id).value_or(0.0);
    const auto unit = reader.text(grid, "unit", false, id).value_or("t CO2/MWh");
    if (unit == "kg CO2/kWh" || unit == "kg CO2e/kWh" || unit == "t CO2/MWh" ||
        unit == "t CO2e/MWh") {
      // the same number in both units
    } else {
      reader.error(ErrorCode::unit_unknown,
                   "grid_factor.unit '" + unit + "' must be t CO2/MWh (= kg CO2/kWh)",
                   reader.at(grid["unit"], "grid_factor.unit", id));
    }
    if (!grid["source"]) {
      reader.error(ErrorCode::parse_missing_field,
                   "grid_factor needs its source (document, table, version, year)",
                   reader.at(grid, "grid_factor.source", id));
    }
    project.grid.source = reader.provenance(grid["source"], id).value_or(Provenance{});
  }
  project.renewable_certificates =
      reader.boolean(root, "renewable_certificates", id).value_or(false);
  const YAML::Node expected = root["expected"];
  if (expected && expected.IsMap()) {
    reader.check_keys(expected, {"saving_mwh_per_year", "reduction_t_per_year"}, id);
    project.expected_saving_mwh_per_year =
        reader.number(expected, "saving_mwh_per_year", false, id).value_or(0.0);
    project.expected_reduction_t_per_year =
        reader.number(expected, "reduction_t_per_year", false, id).value_or(0.0);
  }
  project.stages = read_stages(reader, root, id);
  project.equipment = read_equipment(reader, root, id);
  const bool programmatic = project.type == offsets::ProjectType::programmatic;
  project.periods = read_periods(reader, root, id, false);
  project.cme = reader.text(root, "cme", programmatic, id).value_or("");
  for (const auto& item : reader.list(root, "inclusion_criteria")) {
    if (!item.IsMap()) continue;
    reader.check_keys(item, {"id", "text", "attribute", "one_of", "min", "max"}, id);
    offsets::InclusionCriterion criterion;
    criterion.id = reader.text(item, "id", true, id).value_or("");
    criterion.text = reader.text(item, "text", true, id).value_or("");
    criterion.attribute = reader.text(item, "attribute", true, id).value_or("");
    criterion.one_of = strings(reader, item, "one_of", id);
    criterion.min = reader.number(item, "min", false, id);
    criterion.max = reader.number(item, "max", false, id);
    project.inclusion.push_back(std::move(criterion));
  }
  const YAML::Node sampling = root["sampling"];
  if (sampling && sampling.IsMap()) {
    reader.check_keys(sampling, {"confidence", "precision", "planned_cv", "conservative"}, id);
    project.sampling.confidence = reader.number(sampling, "confidence", false, id).value_or(0.9);
    project.sampling.precision = reader.number(sampling, "precision", false, id).value_or(0.1);
    project.sampling.planned_cv = reader.number(sampling, "planned_cv", false, id).value_or(-1.0);
    const auto side = reader.text(sampling, "conservative", false, id).value_or("lower");
    if (side == "upper") {
      project.sampling.conservative = offsets::Conservative::upper;
    } else if (side != "lower") {
      reader.error(ErrorCode::parse_bad_value, "sampling.conservative must be lower or upper",
                   reader.at(sampling["conservative"], "sampling.conservative", id));
    }
  }
  std::size_t index = 0;
  for (const auto& item : reader.list(root, "sub_projects")) {
    const std::string field = "sub_projects[" + std::to_string(index++) + "]";
    if (!item.IsMap()) continue;
    reader.check_keys(
        item, {"id", "name", "owner", "start", "attributes", "equipment", "monitoring_periods"},
        id);
    offsets::SubProject sub;
    sub.id = reader.text(item, "id", true, id).value_or("");
    sub.name = reader.text(item, "name", false, sub.id).value_or("");
    sub.owner = reader.text(item, "owner", true, sub.id).value_or("");
    sub.start = date(reader, item, "start", false, sub.id).value_or(Date{});
    sub.where = reader.at(item, field, sub.id);
    const YAML::Node attributes = item["attributes"];
    if (attributes && attributes.IsMap()) {
      for (const auto& entry : attributes) {
        if (entry.second.IsScalar()) sub.attributes[entry.first.Scalar()] = entry.second.Scalar();
      }
    }
    sub.equipment = read_equipment(reader, item, sub.id);
    sub.periods = read_periods(reader, item, sub.id, false);
    project.sub_projects.push_back(std::move(sub));
  }
  return project;
}

}  // namespace

std::string offset_methods_path(const std::string& data_dir) {
  return data_dir + "/offsets/methods.yaml";
}

std::string scale_limits_path(const std::string& data_dir) {
  return data_dir + "/offsets/scale-limits.yaml";
}

Result<offsets::MethodCatalog> read_offset_methods(const std::string& path,
                                                   Diagnostics& diagnostics) {
  YamlReader reader(path, diagnostics);
  auto root = load(path, reader);
  if (!root) return tl::unexpected(root.error());
  offsets::MethodCatalog catalog;
  try {
    if (check_format(*root, reader, "offset-methods/1")) {
      std::set<std::string> ids;
      for (const auto& node : reader.list(*root, "methods", true)) {
        auto method = read_method(reader, node);
        if (!method) continue;
        if (!ids.insert(method->id).second) {
          reader.error(ErrorCode::parse_bad_value, "method id '" + method->id + "' is repeated",
                       reader.at(node, "id", method->id));
        }
        catalog.add(std::move(*method));
      }
    }
  } catch (const YAML::Exception& error) {
    reader.error(ErrorCode::parse_bad_value, "unexpected structure: " + error.msg,
                 {.file = path, .row = error.mark.line + 1});
  }
  return finish(std::move(catalog), diagnostics, path);
}

Result<offsets::ScaleLimits> read_scale_limits(const std::string& path, const std::string& scale,
                                               Diagnostics& diagnostics) {
  YamlReader reader(path, diagnostics);
  auto root = load(path, reader);
  if (!root) return tl::unexpected(root.error());
  offsets::ScaleLimits out;
  bool found = false;
  try {
    if (check_format(*root, reader, "offset-scale-limits/1")) {
      for (const auto& node : reader.list(*root, "scales", true)) {
        if (!node.IsMap()) continue;
        reader.check_keys(node, {"scale", "max_energy_saving_mwh_per_year",
                                 "max_reduction_t_per_year", "max_renewable_mw", "source"});
        if (reader.text(node, "scale", true).value_or("") != scale) continue;
        found = true;
        out.scale = scale;
        out.max_energy_saving_mwh_per_year =
            reader.number(node, "max_energy_saving_mwh_per_year", false, scale).value_or(0.0);
        out.max_reduction_t_per_year =
            reader.number(node, "max_reduction_t_per_year", false, scale).value_or(0.0);
        out.max_renewable_mw = reader.number(node, "max_renewable_mw", false, scale).value_or(0.0);
        out.source = reader.provenance(node["source"], scale).value_or(Provenance{});
      }
    }
  } catch (const YAML::Exception& error) {
    reader.error(ErrorCode::parse_bad_value, "unexpected structure: " + error.msg,
                 {.file = path, .row = error.mark.line + 1});
  }
  if (!found && !diagnostics.has_errors()) {
    // Another scale than those listed: no limits apply (the project says which scale it is).
    out.scale = scale;
  }
  return finish(std::move(out), diagnostics, path);
}

Result<offsets::Project> parse_offset_project(const std::string& text, const std::string& file,
                                              Diagnostics& diagnostics) {
  YamlReader reader(file, diagnostics);
  auto root = reader.parse(text);
  if (!root) return tl::unexpected(root.error());
  offsets::Project project;
  try {
    if (check_format(*root, reader, "offset-project/1")) project = read_project_root(reader, *root);
  } catch (const YAML::Exception& error) {
    reader.error(ErrorCode::parse_bad_value, "unexpected structure: " + error.msg,
                 {.file = file, .row = error.mark.line + 1});
  }
  return finish(std::move(project), diagnostics, file);
}

Result<offsets::Project> read_offset_project(const std::string& path, Diagnostics& diagnostics) {
  auto text = read_file(path);
  if (!text) return tl::unexpected(text.error());
  return parse_offset_project(*text, path, diagnostics);
}

Result<offsets::GridData> read_grid_data(const std::string& path, Diagnostics& diagnostics) {
  YamlReader reader(path, diagnostics);
  auto root = load(path, reader);
  if (!root) return tl::unexpected(root.error());
  offsets::GridData data;
  try {
    if (check_format(*root, reader, "offset-grid-data/1")) {
      reader.check_keys(*root, {"format", "name", "source", "operating_margin", "build_margin",
                                "wind_or_solar", "crediting_period_number", "weights"});
      const auto read_source = [&](const YAML::Node& item, bool build) {
        reader.check_keys(item, {"id", "generation_mwh", "ef_t_per_mwh", "low_cost_must_run",
                                 "commissioned", "note"});
        offsets::GenerationSource source;
        source.id = reader.text(item, "id", true).value_or("");
        source.generation_mwh = reader.number(item, "generation_mwh", true, source.id).value_or(0);
        source.ef_t_per_mwh = reader.number(item, "ef_t_per_mwh", true, source.id).value_or(0);
        source.low_cost_must_run =
            reader.boolean(item, "low_cost_must_run", source.id).value_or(false);
        source.commissioned_year =
            reader.integer(item, "commissioned", build, source.id).value_or(0);
        return source;
      };
      for (const auto& year_node : reader.list(*root, "operating_margin", true)) {
        if (!year_node.IsMap()) continue;
        reader.check_keys(year_node, {"year", "sources"});
        offsets::GenerationYear year;
        year.year = reader.integer(year_node, "year", true).value_or(0);
        for (const auto& item : reader.list(year_node, "sources", true)) {
          if (item.IsMap()) year.sources.push_back(read_source(item, false));
        }
        data.om_years.push_back(std::move(year));
      }
      const YAML::Node build = (*root)["build_margin"];
      if (build && build.IsMap()) {
        reader.check_keys(build, {"system_generation_mwh", "units"});
        data.system_generation_mwh =
            reader.number(build, "system_generation_mwh", true).value_or(0.0);
        for (const auto& item : reader.list(build, "units", true)) {
          if (item.IsMap()) data.bm_units.push_back(read_source(item, true));
        }
      } else {
        reader.error(ErrorCode::parse_missing_field,
                     "missing required field 'build_margin' (system_generation_mwh, units)",
                     reader.at(*root, "build_margin"));
      }
      data.wind_or_solar = reader.boolean(*root, "wind_or_solar").value_or(false);
      data.crediting_period_number =
          reader.integer(*root, "crediting_period_number", false).value_or(1);
      const YAML::Node weights = (*root)["weights"];
      if (weights && weights.IsMap()) {
        reader.check_keys(weights, {"om", "bm"});
        data.w_om = reader.number(weights, "om", true).value_or(-1.0);
        data.w_bm = reader.number(weights, "bm", true).value_or(-1.0);
      }
    }
  } catch (const YAML::Exception& error) {
    reader.error(ErrorCode::parse_bad_value, "unexpected structure: " + error.msg,
                 {.file = path, .row = error.mark.line + 1});
  }
  return finish(std::move(data), diagnostics, path);
}

Result<LedgerFile> read_ledger(const std::string& path, Diagnostics& diagnostics) {
  YamlReader reader(path, diagnostics);
  auto root = load(path, reader);
  if (!root) return tl::unexpected(root.error());
  LedgerFile out;
  try {
    if (check_format(*root, reader, "offset-ledger/1")) {
      reader.check_keys(*root, {"format", "name", "verified", "events"});
      for (const auto& item : reader.list(*root, "verified")) {
        if (!item.IsMap()) continue;
        reader.check_keys(item, {"project", "period", "reduction_t", "verification"});
        offsets::VerifiedReduction verified;
        verified.project = reader.text(item, "project", true).value_or("");
        verified.period = reader.text(item, "period", true, verified.project).value_or("");
        verified.reduction_t =
            reader.number(item, "reduction_t", true, verified.project).value_or(0.0);
        verified.verification =
            reader.text(item, "verification", true, verified.project).value_or("");
        out.verified.push_back(std::move(verified));
        out.verified_where.push_back(reader.at(item, "verified", out.verified.back().project));
      }
      std::size_t index = 0;
      for (const auto& item : reader.list(*root, "events", true)) {
        const std::string field = "events[" + std::to_string(index++) + "]";
        if (!item.IsMap()) continue;
        reader.check_keys(item, {"action", "project", "period", "from", "to", "holder", "purpose",
                                 "reference", "quantity", "serials"});
        LedgerEvent event;
        event.where = reader.at(item, field);
        event.action = reader.text(item, "action", true).value_or("");
        if (event.action != "issue" && event.action != "transfer" && event.action != "use" &&
            event.action != "retire") {
          reader.error(
              ErrorCode::parse_bad_value,
              "action '" + event.action + "' is unknown; use issue, transfer, use or retire",
              reader.at(item["action"], field + ".action"));
        }
        event.project = reader.text(item, "project", event.action == "issue").value_or("");
        event.period = reader.text(item, "period", event.action == "issue").value_or("");
        event.from = reader.text(item, "from", event.action == "transfer").value_or("");
        event.to = reader.text(item, "to", event.action == "issue" || event.action == "transfer")
                       .value_or("");
        event.holder =
            reader.text(item, "holder", event.action == "use" || event.action == "retire")
                .value_or("");
        event.purpose = reader.text(item, "purpose", event.action == "use").value_or("");
        event.reference = reader.text(item, "reference", false).value_or("");
        event.which.project = event.action == "issue" ? std::string() : event.project;
        if (auto quantity = reader.integer(item, "quantity", false)) {
          if (*quantity < 1) {
            reader.error(ErrorCode::parse_bad_value, field + ".quantity must be at least 1",
                         reader.at(item["quantity"], field + ".quantity"));
          }
          event.which.quantity = static_cast<std::uint64_t>(std::max(0, *quantity));
        }
        if (auto serials = reader.text(item, "serials", false)) {
          const auto dash = serials->find('-');
          std::uint64_t first = 0;
          std::uint64_t last = 0;
          const char* begin = serials->data();
          const char* end = begin + serials->size();
          const char* middle = dash == std::string::npos ? end : begin + dash;
          const auto a = std::from_chars(begin, middle, first);
          bool ok = a.ec == std::errc{} && a.ptr == middle;
          if (dash == std::string::npos) {
            last = first;
          } else {
            const auto b = std::from_chars(middle + 1, end, last);
            ok = ok && b.ec == std::errc{} && b.ptr == end;
          }
          if (!ok) {
            reader.error(ErrorCode::parse_bad_value,
                         field + ".serials must be N or FIRST-LAST, got '" + *serials + "'",
                         reader.at(item["serials"], field + ".serials"));
          } else {
            event.which.serials = offsets::SerialRange{first, last};
          }
        }
        if (event.action != "issue" && !event.which.serials && event.which.quantity == 0) {
          reader.error(ErrorCode::parse_missing_field, field + " needs quantity or serials",
                       reader.at(item, field));
        }
        if (event.action == "issue" && event.which.quantity == 0) {
          reader.error(ErrorCode::parse_missing_field, field + " needs a quantity to issue",
                       reader.at(item, field));
        }
        if (event.action == "use" && !event.purpose.empty() &&
            !offsets::find_use_purpose(event.purpose)) {
          reader.error(ErrorCode::parse_bad_value,
                       "purpose '" + event.purpose +
                           "' is unknown; use excess_emissions (扣減超額量), eia_increment "
                           "(環評增量抵換) or voluntary",
                       reader.at(item["purpose"], field + ".purpose"));
        }
        out.events.push_back(std::move(event));
      }
    }
  } catch (const YAML::Exception& error) {
    reader.error(ErrorCode::parse_bad_value, "unexpected structure: " + error.msg,
                 {.file = path, .row = error.mark.line + 1});
  }
  return finish(std::move(out), diagnostics, path);
}

Result<offsets::CreditLedger> replay_ledger(const LedgerFile& file) {
  offsets::CreditLedger ledger;
  const auto located = [](Error error, const RecordRef& where) {
    const std::string record = error.where.record;
    error.where = where;
    if (error.where.record.empty()) error.where.record = record;
    return tl::unexpected(std::move(error));
  };
  for (std::size_t idx = 0; idx < file.verified.size(); ++idx) {
    if (auto ok = ledger.add_verified(file.verified[idx]); !ok) {
      return located(ok.error(), file.verified_where[idx]);
    }
  }
  for (const auto& event : file.events) {
    Result<void> ok;
    if (event.action == "issue") {
      auto range = ledger.issue(event.project, event.period, event.to, event.which.quantity);
      if (!range) ok = tl::unexpected(range.error());
    } else if (event.action == "transfer") {
      ok = ledger.transfer(event.from, event.to, event.which);
    } else if (event.action == "use") {
      ok = ledger.use(
          event.holder, event.which,
          offsets::find_use_purpose(event.purpose).value_or(offsets::UsePurpose::voluntary),
          event.reference);
    } else {
      ok = ledger.retire(event.holder, event.which, event.reference);
    }
    if (!ok) return located(ok.error(), event.where);
  }
  return ledger;
}

}  // namespace cl::io

#include "io/program_reader.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <initializer_list>

#include "core/program/validate.hpp"
#include "io/file.hpp"

namespace cl::io {
namespace {

using namespace cl::program;

/// An absent node: falsy, unlike a default-constructed YAML::Node, which is a defined null.
YAML::Node none() {
  return YAML::Node(YAML::NodeType::Undefined);
}

std::string join(const std::string& path, const std::string& key) {
  return path.empty() ? key : path + "." + key;
}
std::string item(const std::string& path, std::size_t idx) {
  return path + "[" + std::to_string(idx) + "]";
}

/// Typed access to a YAML node with the full key path in every diagnostic.
class Reader {
 public:
  Reader(std::string file, Diagnostics& diagnostics)
      : file_(std::move(file)), diagnostics_(diagnostics) {}

  Result<YAML::Node> parse(const std::string& text) const {
    try {
      return YAML::Load(text);
    } catch (const YAML::Exception& error) {
      return fail(ErrorCode::parse_syntax,
                  "not valid YAML/JSON: " + error.msg + " (line " +
                      std::to_string(error.mark.line + 1) + ", column " +
                      std::to_string(error.mark.column + 1) + ")",
                  {.file = file_, .row = error.mark.line + 1});
    }
  }

  RecordRef at(const YAML::Node& node, const std::string& path) const {
    const int line = node && node.Mark().line >= 0 ? node.Mark().line + 1 : 0;
    return {.file = file_, .row = line, .field = path};
  }
  void error(ErrorCode code, std::string message, const YAML::Node& node, const std::string& path) {
    diagnostics_.error(code, std::move(message), at(node, path));
  }

  /// A present, non-null value under key, or an empty node (after reporting it when required).
  YAML::Node value(const YAML::Node& map, const std::string& path, const char* key, bool required) {
    const YAML::Node node = map.IsMap() ? map[key] : none();
    if (!node || node.IsNull()) {
      if (required) {
        error(ErrorCode::parse_missing_field, std::string("missing required field '") + key + "'",
              map, join(path, key));
      }
      return none();
    }
    return node;
  }

  std::optional<std::string> text(const YAML::Node& map, const std::string& path, const char* key,
                                  bool required = false) {
    const YAML::Node node = value(map, path, key, required);
    if (!node) return std::nullopt;
    if (!node.IsScalar()) {
      error(ErrorCode::parse_bad_value, "expected a single value (text)", node, join(path, key));
      return std::nullopt;
    }
    return node.Scalar();
  }

  std::optional<long> integer(const YAML::Node& map, const std::string& path, const char* key,
                              bool required = false, long min = 0) {
    const auto scalar = text(map, path, key, required);
    if (!scalar) return std::nullopt;
    try {
      std::size_t used = 0;
      const long parsed = std::stol(*scalar, &used);
      if (used == scalar->size() && parsed >= min) return parsed;
    } catch (const std::exception&) {
      // reported below
    }
    error(ErrorCode::parse_bad_value,
          "expected a whole number ≥ " + std::to_string(min) + ", got '" + *scalar + "'", map[key],
          join(path, key));
    return std::nullopt;
  }

  std::optional<int> small(const YAML::Node& map, const std::string& path, const char* key,
                           bool required = false, long min = 0) {
    const auto parsed = integer(map, path, key, required, min);
    if (!parsed) return std::nullopt;
    if (*parsed > 1000000000L) {
      error(ErrorCode::parse_bad_value, "number too large", map[key], join(path, key));
      return std::nullopt;
    }
    return static_cast<int>(*parsed);
  }

  std::optional<double> number(const YAML::Node& map, const std::string& path, const char* key,
                               bool required = false) {
    const auto scalar = text(map, path, key, required);
    if (!scalar) return std::nullopt;
    try {
      std::size_t used = 0;
      const double parsed = std::stod(*scalar, &used);
      if (used == scalar->size() && parsed == parsed) return parsed;
    } catch (const std::exception&) {
      // reported below
    }
    error(ErrorCode::parse_bad_value, "expected a number, got '" + *scalar + "'", map[key],
          join(path, key));
    return std::nullopt;
  }

  std::optional<bool> boolean(const YAML::Node& map, const std::string& path, const char* key,
                              bool required = false) {
    const auto scalar = text(map, path, key, required);
    if (!scalar) return std::nullopt;
    if (*scalar == "true") return true;
    if (*scalar == "false") return false;
    error(ErrorCode::parse_bad_value, "expected true or false, got '" + *scalar + "'", map[key],
          join(path, key));
    return std::nullopt;
  }

  std::optional<Date> date(const YAML::Node& map, const std::string& path, const char* key,
                           bool required = false) {
    const auto scalar = text(map, path, key, required);
    if (!scalar) return std::nullopt;
    if (auto parsed = parse_date(*scalar)) return parsed;
    error(ErrorCode::parse_bad_value, "expected a date YYYY-MM-DD, got '" + *scalar + "'", map[key],
          join(path, key));
    return std::nullopt;
  }

  std::optional<DateTime> date_time(const YAML::Node& map, const std::string& path, const char* key,
                                    bool required = false) {
    const auto scalar = text(map, path, key, required);
    if (!scalar) return std::nullopt;
    if (auto parsed = parse_date_time(*scalar)) return parsed;
    error(ErrorCode::parse_bad_value,
          "expected a date YYYY-MM-DD or a time YYYY-MM-DDTHH:MM, got '" + *scalar + "'", map[key],
          join(path, key));
    return std::nullopt;
  }

  /// A list under key: an empty sequence when absent; reported when present but not a list.
  YAML::Node list(const YAML::Node& map, const std::string& path, const char* key,
                  bool required = false) {
    const YAML::Node node = value(map, path, key, required);
    if (node && node.IsSequence()) return node;
    if (node) error(ErrorCode::parse_bad_value, "expected a list", node, join(path, key));
    return YAML::Node(YAML::NodeType::Sequence);
  }

  /// A map under key, or an empty node.
  YAML::Node map(const YAML::Node& parent, const std::string& path, const char* key,
                 bool required = false) {
    const YAML::Node node = value(parent, path, key, required);
    if (node && node.IsMap()) return node;
    if (node) error(ErrorCode::parse_bad_value, "expected a map of fields", node, join(path, key));
    return none();
  }

  std::vector<std::string> strings(const YAML::Node& map, const std::string& path, const char* key,
                                   bool required = false) {
    std::vector<std::string> out;
    const YAML::Node node = list(map, path, key, required);
    for (std::size_t idx = 0; idx < node.size(); ++idx) {
      if (!node[idx].IsScalar()) {
        error(ErrorCode::parse_bad_value, "expected text", node[idx], item(join(path, key), idx));
        continue;
      }
      out.push_back(node[idx].Scalar());
    }
    return out;
  }

  /// Unknown keys are errors (strict), naming the known ones.
  void keys(const YAML::Node& map, const std::string& path,
            std::initializer_list<const char*> allowed) {
    if (!map.IsMap()) return;
    for (const auto& entry : map) {
      const std::string key = entry.first.IsScalar() ? entry.first.Scalar() : std::string();
      const bool known = key == "note" || std::any_of(allowed.begin(), allowed.end(),
                                                      [&](const char* k) { return key == k; });
      if (known) continue;
      std::string list;
      for (const char* candidate : allowed)
        list += (list.empty() ? "" : ", ") + std::string(candidate);
      error(ErrorCode::parse_unknown_field,
            "unknown field '" + key + "'; known fields: " + list + ", note", entry.first,
            join(path, key));
    }
  }

  /// An item must be a map; reported and skipped otherwise.
  bool is_map(const YAML::Node& node, const std::string& path) {
    if (node.IsMap()) return true;
    error(ErrorCode::parse_bad_value, "expected a map of fields", node, path);
    return false;
  }

  const std::string& file() const { return file_; }
  Diagnostics& diagnostics() { return diagnostics_; }

 private:
  std::string file_;
  Diagnostics& diagnostics_;
};

Result<YAML::Node> load(const std::string& path, Reader& reader) {
  auto text = read_file(path);
  if (!text) return tl::unexpected(text.error());
  auto root = reader.parse(*text);
  if (!root) return root;
  if (!root->IsMap()) {
    return fail(ErrorCode::parse_bad_value, "expected a map of fields at the top of the file",
                {.file = path, .row = 1});
  }
  return root;
}

// ---- definition -----------------------------------------------------------------------------

std::optional<Deadline> read_deadline(Reader& r, const YAML::Node& map, const std::string& path,
                                      const char* key) {
  const YAML::Node node = r.map(map, path, key);
  if (!node) return std::nullopt;
  const std::string here = join(path, key);
  r.keys(node, here, {"at", "cite"});
  const auto at = r.date_time(node, here, "at", true);
  if (!at) return std::nullopt;
  return Deadline{*at, r.text(node, here, "cite", true).value_or("")};
}

Funding read_funding(Reader& r, const YAML::Node& node, const std::string& path) {
  Funding out;
  if (!node) return out;
  r.keys(node, path,
         {"government_ntd", "own_min_ntd", "deduction_per_dropped_satellite", "min_satellites",
          "cite"});
  out.government_ntd = r.integer(node, path, "government_ntd", true).value_or(0);
  out.own_min_ntd = r.integer(node, path, "own_min_ntd", true).value_or(0);
  out.deduction_per_dropped = r.integer(node, path, "deduction_per_dropped_satellite").value_or(0);
  out.min_satellites = r.small(node, path, "min_satellites").value_or(0);
  out.cite = r.text(node, path, "cite", true).value_or("");
  return out;
}

void read_services(Reader& r, const YAML::Node& root, Program& program) {
  const YAML::Node list = r.list(root, "", "services");
  for (std::size_t idx = 0; idx < list.size(); ++idx) {
    const std::string path = item("services", idx);
    const YAML::Node node = list[idx];
    if (!r.is_map(node, path)) continue;
    r.keys(node, path,
           {"id", "name", "quota", "fee_ntd", "fee_note", "forms", "stages", "deadline", "cite"});
    Service service;
    service.id = r.text(node, path, "id", true).value_or("");
    service.name = r.text(node, path, "name", true).value_or("");
    if (node["quota"]) service.quota = r.small(node, path, "quota", false, 1);
    if (node["fee_ntd"]) service.fee_ntd = r.integer(node, path, "fee_ntd");
    service.fee_note = r.text(node, path, "fee_note").value_or("");
    service.forms = r.strings(node, path, "forms");
    service.stages = r.strings(node, path, "stages");
    service.deadline = read_deadline(r, node, path, "deadline");
    service.cite = r.text(node, path, "cite", true).value_or("");
    program.services.push_back(std::move(service));
  }
}

void read_modes(Reader& r, const YAML::Node& root, Program& program) {
  const YAML::Node list = r.list(root, "", "modes");
  for (std::size_t idx = 0; idx < list.size(); ++idx) {
    const std::string path = item("modes", idx);
    const YAML::Node node = list[idx];
    if (!r.is_map(node, path)) continue;
    r.keys(node, path,
           {"id", "name", "min_satellites", "target_cases", "product_boundaries", "forms",
            "funding", "cite"});
    Mode mode;
    mode.id = r.text(node, path, "id", true).value_or("");
    mode.name = r.text(node, path, "name", true).value_or("");
    mode.min_satellites = r.small(node, path, "min_satellites").value_or(0);
    if (node["target_cases"]) mode.target_cases = r.small(node, path, "target_cases");
    mode.product_boundaries = r.strings(node, path, "product_boundaries");
    mode.forms = r.strings(node, path, "forms");
    mode.funding = read_funding(r, r.map(node, path, "funding", true), join(path, "funding"));
    mode.cite = r.text(node, path, "cite", true).value_or("");
    program.modes.push_back(std::move(mode));
  }
}

void read_forms(Reader& r, const YAML::Node& root, Program& program) {
  const YAML::Node list = r.list(root, "", "forms");
  for (std::size_t idx = 0; idx < list.size(); ++idx) {
    const std::string path = item("forms", idx);
    const YAML::Node node = list[idx];
    if (!r.is_map(node, path)) continue;
    r.keys(node, path, {"id", "name", "fields", "cite"});
    Form form;
    form.id = r.text(node, path, "id", true).value_or("");
    form.name = r.text(node, path, "name", true).value_or("");
    form.cite = r.text(node, path, "cite", true).value_or("");
    const YAML::Node fields = r.list(node, path, "fields", true);
    for (std::size_t f = 0; f < fields.size(); ++f) {
      const std::string field_path = item(join(path, "fields"), f);
      const YAML::Node field_node = fields[f];
      if (!r.is_map(field_node, field_path)) continue;
      r.keys(field_node, field_path, {"id", "label", "type", "key", "required", "options", "cite"});
      FormField field;
      field.id = r.text(field_node, field_path, "id", true).value_or("");
      field.label = r.text(field_node, field_path, "label", true).value_or("");
      field.key = r.text(field_node, field_path, "key", true).value_or("");
      field.required = r.boolean(field_node, field_path, "required").value_or(false);
      field.options = r.strings(field_node, field_path, "options");
      field.cite = r.text(field_node, field_path, "cite").value_or(form.cite);
      const std::string type = r.text(field_node, field_path, "type", true).value_or("text");
      if (auto parsed = find_field_type(type)) {
        field.type = *parsed;
      } else {
        r.error(ErrorCode::parse_bad_value,
                "unknown field type '" + type +
                    "'; expected text, ubn, integer, number, "
                    "percent, boolean, date, month, choice, consent, document or list",
                field_node["type"], join(field_path, "type"));
      }
      form.fields.push_back(std::move(field));
    }
    program.forms.push_back(std::move(form));
  }
}

void read_eligibility(Reader& r, const YAML::Node& root, Program& program) {
  const YAML::Node list = r.list(root, "", "eligibility");
  for (std::size_t idx = 0; idx < list.size(); ++idx) {
    const std::string path = item("eligibility", idx);
    const YAML::Node node = list[idx];
    if (!r.is_map(node, path)) continue;
    r.keys(node, path, {"id", "rule", "scope", "min", "values", "reason", "cite"});
    EligibilityRule rule;
    rule.id = r.text(node, path, "id", true).value_or("");
    const std::string kind = r.text(node, path, "rule", true).value_or("");
    if (auto parsed = find_rule_kind(kind)) {
      rule.kind = *parsed;
    } else if (!kind.empty()) {
      std::string known;
      for (int k = 0; k <= static_cast<int>(RuleKind::before_deadline); ++k) {
        known += (known.empty() ? "" : ", ") + std::string(rule_kind_id(static_cast<RuleKind>(k)));
      }
      r.error(ErrorCode::parse_bad_value, "unknown rule '" + kind + "'; known rules: " + known,
              node["rule"], join(path, "rule"));
      continue;
    }
    rule.scope = r.strings(node, path, "scope");
    rule.min = r.small(node, path, "min").value_or(0);
    rule.values = r.strings(node, path, "values");
    rule.reason = r.text(node, path, "reason").value_or("");
    rule.cite = r.text(node, path, "cite", true).value_or("");
    program.eligibility.push_back(std::move(rule));
  }
  const YAML::Node matrix = r.list(root, "", "participation");
  for (std::size_t idx = 0; idx < matrix.size(); ++idx) {
    const std::string path = item("participation", idx);
    const YAML::Node node = matrix[idx];
    if (!r.is_map(node, path)) continue;
    r.keys(node, path, {"earlier", "now", "allowed", "cite"});
    program.participation.push_back({r.text(node, path, "earlier", true).value_or(""),
                                     r.text(node, path, "now", true).value_or(""),
                                     r.text(node, path, "allowed", true).value_or("")});
  }
}

std::vector<PriorityCondition> read_conditions(Reader& r, const YAML::Node& parent,
                                               const std::string& path, const char* key) {
  std::vector<PriorityCondition> out;
  const YAML::Node list = r.list(parent, path, key);
  for (std::size_t idx = 0; idx < list.size(); ++idx) {
    const std::string here = item(join(path, key), idx);
    const YAML::Node node = list[idx];
    if (!r.is_map(node, here)) continue;
    r.keys(node, here, {"fact", "value", "stage_in"});
    PriorityCondition condition;
    condition.stage_in = r.strings(node, here, "stage_in");
    if (condition.stage_in.empty()) {
      condition.fact = r.text(node, here, "fact", true).value_or("");
      static const std::vector<std::string> kFacts = {"sme",
                                                      "supply_chain_member",
                                                      "cbam_affected",
                                                      "mid_sized",
                                                      "first_batch_emitter",
                                                      "earlier_offset_experience",
                                                      "site_first_batch",
                                                      "renewable_power",
                                                      "completed_course"};
      if (!condition.fact.empty() &&
          std::find(kFacts.begin(), kFacts.end(), condition.fact) == kFacts.end()) {
        std::string known;
        for (const auto& fact : kFacts) known += (known.empty() ? "" : ", ") + fact;
        r.error(ErrorCode::parse_bad_value,
                "unknown fact '" + condition.fact + "'; known facts: " + known, node["fact"],
                join(here, "fact"));
      }
      condition.value = r.boolean(node, here, "value").value_or(true);
    }
    out.push_back(std::move(condition));
  }
  return out;
}

void read_priority(Reader& r, const YAML::Node& root, Program& program) {
  const YAML::Node list = r.list(root, "", "priority");
  for (std::size_t idx = 0; idx < list.size(); ++idx) {
    const std::string path = item("priority", idx);
    const YAML::Node node = list[idx];
    if (!r.is_map(node, path)) continue;
    r.keys(node, path, {"services", "classes", "cite"});
    PriorityRule rule;
    rule.services = r.strings(node, path, "services", true);
    rule.cite = r.text(node, path, "cite", true).value_or("");
    const YAML::Node classes = r.list(node, path, "classes", true);
    for (std::size_t c = 0; c < classes.size(); ++c) {
      const std::string here = item(join(path, "classes"), c);
      const YAML::Node class_node = classes[c];
      if (!r.is_map(class_node, here)) continue;
      r.keys(class_node, here, {"id", "name", "all_of", "any_of"});
      PriorityClass priority_class;
      priority_class.id = r.text(class_node, here, "id", true).value_or("");
      priority_class.name = r.text(class_node, here, "name", true).value_or("");
      priority_class.all_of = read_conditions(r, class_node, here, "all_of");
      priority_class.any_of = read_conditions(r, class_node, here, "any_of");
      rule.classes.push_back(std::move(priority_class));
    }
    program.priority.push_back(std::move(rule));
  }
}

void read_review(Reader& r, const YAML::Node& root, Program& program) {
  const YAML::Node node = r.map(root, "", "review");
  if (!node) return;
  const std::string path = "review";
  r.keys(
      node, path,
      {"pass_score", "quorum_cite", "qualify_cite", "order_cite", "satellite_points", "rubrics"});
  ReviewRules& review = program.review;
  review.pass_score = r.small(node, path, "pass_score", true).value_or(70);
  review.quorum_cite = r.text(node, path, "quorum_cite", true).value_or("");
  review.qualify_cite = r.text(node, path, "qualify_cite", true).value_or("");
  review.order_cite = r.text(node, path, "order_cite", true).value_or("");
  if (const YAML::Node points = r.map(node, path, "satellite_points")) {
    const std::string here = join(path, "satellite_points");
    r.keys(points, here, {"base_count", "base_points", "per_extra", "max_points", "cite"});
    auto& rule = review.satellite_points;
    rule.base_count = r.small(points, here, "base_count", true).value_or(5);
    rule.base_points = r.small(points, here, "base_points", true).value_or(10);
    rule.per_extra = r.small(points, here, "per_extra", true).value_or(1);
    rule.max_points = r.small(points, here, "max_points", true).value_or(15);
    rule.cite = r.text(points, here, "cite", true).value_or("");
  }
  const YAML::Node rubrics = r.list(node, path, "rubrics", true);
  for (std::size_t idx = 0; idx < rubrics.size(); ++idx) {
    const std::string here = item(join(path, "rubrics"), idx);
    const YAML::Node rubric_node = rubrics[idx];
    if (!r.is_map(rubric_node, here)) continue;
    r.keys(rubric_node, here, {"mode", "items", "cite"});
    Rubric rubric;
    rubric.mode = r.text(rubric_node, here, "mode", true).value_or("");
    rubric.cite = r.text(rubric_node, here, "cite", true).value_or("");
    const YAML::Node items = r.list(rubric_node, here, "items", true);
    for (std::size_t i = 0; i < items.size(); ++i) {
      const std::string item_path = item(join(here, "items"), i);
      const YAML::Node item_node = items[i];
      if (!r.is_map(item_node, item_path)) continue;
      r.keys(item_node, item_path, {"id", "group", "name", "max", "satellite_points", "cite"});
      RubricItem entry;
      entry.id = r.text(item_node, item_path, "id", true).value_or("");
      entry.group = r.text(item_node, item_path, "group", true).value_or("");
      entry.name = r.text(item_node, item_path, "name", true).value_or("");
      entry.max = r.small(item_node, item_path, "max", true).value_or(0);
      entry.satellite_points = r.boolean(item_node, item_path, "satellite_points").value_or(false);
      entry.cite = r.text(item_node, item_path, "cite").value_or(rubric.cite);
      rubric.items.push_back(std::move(entry));
    }
    review.rubrics.push_back(std::move(rubric));
  }
}

void read_duties(Reader& r, const YAML::Node& root, Program& program) {
  const YAML::Node list = r.list(root, "", "duties");
  for (std::size_t idx = 0; idx < list.size(); ++idx) {
    const std::string path = item("duties", idx);
    const YAML::Node node = list[idx];
    if (!r.is_map(node, path)) continue;
    r.keys(node, path,
           {"id", "title", "modes", "due", "min_count", "min_hours", "min_participants",
            "per_satellite", "every_days", "every_years", "evidence", "cite"});
    Duty duty;
    duty.id = r.text(node, path, "id", true).value_or("");
    duty.title = r.text(node, path, "title", true).value_or("");
    duty.modes = r.strings(node, path, "modes");
    duty.min_count = r.small(node, path, "min_count").value_or(0);
    duty.min_hours = r.number(node, path, "min_hours").value_or(0);
    duty.min_participants = r.small(node, path, "min_participants").value_or(0);
    duty.per_satellite = r.boolean(node, path, "per_satellite").value_or(false);
    duty.every_days = r.small(node, path, "every_days").value_or(0);
    duty.every_years = r.small(node, path, "every_years").value_or(0);
    duty.evidence = r.strings(node, path, "evidence");
    duty.cite = r.text(node, path, "cite", true).value_or("");
    if (const YAML::Node due =
            r.map(node, path, "due", duty.every_days == 0 && duty.every_years == 0)) {
      const std::string here = join(path, "due");
      r.keys(due, here, {"anchor", "months", "days", "date"});
      const std::string anchor = r.text(due, here, "anchor", true).value_or("approval");
      if (auto parsed = find_due_anchor(anchor)) {
        duty.due.anchor = *parsed;
      } else {
        r.error(ErrorCode::parse_bad_value,
                "unknown anchor '" + anchor +
                    "'; expected approval, kickoff, execution_end, "
                    "midpoint, fixed or program_end",
                due["anchor"], join(here, "anchor"));
      }
      duty.due.months = r.small(due, here, "months", false, -1200).value_or(0);
      duty.due.days = r.small(due, here, "days", false, -100000).value_or(0);
      duty.due.fixed = r.date(due, here, "date").value_or(Date{});
    }
    program.duties.push_back(std::move(duty));
  }
  const YAML::Node changes = r.list(root, "", "changes");
  for (std::size_t idx = 0; idx < changes.size(); ++idx) {
    const std::string path = item("changes", idx);
    const YAML::Node node = changes[idx];
    if (!r.is_map(node, path)) continue;
    r.keys(node, path, {"id", "what", "modes", "max_per_case", "by", "cite"});
    ChangeLimit change;
    change.id = r.text(node, path, "id", true).value_or("");
    change.what = r.text(node, path, "what", true).value_or("");
    change.modes = r.strings(node, path, "modes");
    change.max_per_case = r.small(node, path, "max_per_case", true).value_or(0);
    change.by = r.date(node, path, "by");
    change.cite = r.text(node, path, "cite", true).value_or("");
    program.changes.push_back(std::move(change));
  }
}

// ---- applications ---------------------------------------------------------------------------

/// Every value of the document under its dotted path (lists by index), with its line.
void flatten(const YAML::Node& node, const std::string& path,
             std::map<std::string, FieldValue>& out) {
  FieldValue value;
  value.line = node.Mark().line >= 0 ? node.Mark().line + 1 : 0;
  if (node.IsMap()) {
    value.kind = FieldValue::Kind::map;
    value.size = node.size();
    if (!path.empty()) out[path] = value;
    for (const auto& entry : node) {
      if (entry.first.IsScalar()) flatten(entry.second, join(path, entry.first.Scalar()), out);
    }
    return;
  }
  if (node.IsSequence()) {
    value.kind = FieldValue::Kind::list;
    value.size = node.size();
    out[path] = value;
    for (std::size_t idx = 0; idx < node.size(); ++idx) {
      flatten(node[idx], path + "." + std::to_string(idx), out);
    }
    return;
  }
  if (node.IsScalar()) {
    value.text = node.Scalar();
    const bool quoted = node.Tag() == "!";
    if (!quoted && (value.text == "true" || value.text == "false")) {
      value.kind = FieldValue::Kind::boolean;
    } else if (!quoted && !value.text.empty()) {
      try {
        std::size_t used = 0;
        (void)std::stod(value.text, &used);
        value.kind = used == value.text.size() ? FieldValue::Kind::number : FieldValue::Kind::text;
      } catch (const std::exception&) {
        value.kind = FieldValue::Kind::text;
      }
    } else {
      value.kind = FieldValue::Kind::text;
    }
  }
  out[path] = value;
}

std::vector<Participation> read_earlier(Reader& r, const YAML::Node& node,
                                        const std::string& path) {
  std::vector<Participation> out;
  const YAML::Node list = r.list(node, path, "earlier");
  for (std::size_t idx = 0; idx < list.size(); ++idx) {
    const std::string here = item(join(path, "earlier"), idx);
    if (!r.is_map(list[idx], here)) continue;
    Participation entry;
    entry.year = r.small(list[idx], here, "year", true).value_or(0);
    entry.role = r.text(list[idx], here, "role", true).value_or("");
    entry.product = r.text(list[idx], here, "product").value_or("");
    out.push_back(std::move(entry));
  }
  return out;
}

Company read_company(Reader& r, const YAML::Node& node, const std::string& path) {
  Company out;
  if (!node) return out;
  out.name = r.text(node, path, "name").value_or("");
  out.ubn = r.text(node, path, "ubn").value_or("");
  out.factory_registration = r.text(node, path, "factory_registration").value_or("");
  out.address = r.text(node, path, "address").value_or("");
  out.manufacturer = r.boolean(node, path, "manufacturer").value_or(false);
  out.registration_exempt = r.boolean(node, path, "registration_exempt").value_or(false);
  out.trader = r.boolean(node, path, "trader").value_or(false);
  out.first_batch_emitter = r.boolean(node, path, "first_batch_emitter").value_or(false);
  out.mid_sized = r.boolean(node, path, "mid_sized").value_or(false);
  out.sme = r.boolean(node, path, "sme").value_or(false);
  out.supply_chain_member = r.boolean(node, path, "supply_chain_member").value_or(false);
  out.cbam_affected = r.boolean(node, path, "cbam_affected").value_or(false);
  out.in_taiwan = r.boolean(node, path, "in_taiwan").value_or(true);
  out.first_tier = r.boolean(node, path, "first_tier").value_or(true);
  out.earlier = read_earlier(r, node, path);
  return out;
}

Application read_application(Reader& r, const YAML::Node& node, const std::string& path) {
  Application out;
  out.line = node.Mark().line + 1;
  out.id = r.text(node, path, "id", true).value_or("");
  const std::string& here = path;
  out.submitted = r.date_time(node, here, "submitted", true).value_or(DateTime{});
  out.services = r.strings(node, here, "services");
  out.stage = r.text(node, here, "stage").value_or("");
  out.mode = r.text(node, here, "mode").value_or("");
  out.factory = read_company(r, r.map(node, here, "factory", true), join(here, "factory"));
  if (const YAML::Node unit = r.map(node, here, "guidance_unit")) {
    const std::string unit_path = join(here, "guidance_unit");
    GuidanceUnit guidance;
    guidance.name = r.text(unit, unit_path, "name").value_or("");
    guidance.ubn = r.text(unit, unit_path, "ubn").value_or("");
    guidance.registrations = r.strings(unit, unit_path, "registrations");
    guidance.certified_staff = r.small(unit, unit_path, "certified_staff").value_or(0);
    guidance.approved_cases = r.small(unit, unit_path, "approved_cases").value_or(0);
    out.unit = std::move(guidance);
  }
  const YAML::Node satellites = r.list(node, here, "satellites");
  for (std::size_t idx = 0; idx < satellites.size(); ++idx) {
    const std::string satellite_path = item(join(here, "satellites"), idx);
    if (r.is_map(satellites[idx], satellite_path)) {
      out.satellites.push_back(read_company(r, satellites[idx], satellite_path));
    }
  }
  if (const YAML::Node product = r.map(node, here, "product")) {
    const std::string product_path = join(here, "product");
    out.product.name = r.text(product, product_path, "name").value_or("");
    out.product.production_address =
        r.text(product, product_path, "production_address").value_or("");
    out.product.ccc_code = r.text(product, product_path, "ccc_code").value_or("");
    out.product.boundary = r.text(product, product_path, "boundary").value_or("");
    out.product.funded_elsewhere =
        r.boolean(product, product_path, "funded_elsewhere").value_or(false);
  }
  if (const YAML::Node offset = r.map(node, here, "offset")) {
    const std::string offset_path = join(here, "offset");
    out.offset.renewable_power = r.boolean(offset, offset_path, "renewable_power").value_or(false);
    out.offset.earlier_offset_experience =
        r.boolean(offset, offset_path, "earlier_offset_experience").value_or(false);
    out.offset.site_first_batch =
        r.boolean(offset, offset_path, "site_first_batch").value_or(false);
  }
  out.completed_course = r.boolean(node, here, "completed_course").value_or(false);
  if (const YAML::Node consents = r.map(node, here, "consents")) {
    for (const auto& entry : consents) {
      const std::string key = entry.first.Scalar();
      if (auto given = r.boolean(consents, join(here, "consents"), key.c_str())) {
        out.consents[key] = *given;
      }
    }
  }
  const YAML::Node requests = r.list(node, here, "requests");
  for (std::size_t idx = 0; idx < requests.size(); ++idx) {
    const std::string request_path = item(join(here, "requests"), idx);
    if (!r.is_map(requests[idx], request_path)) continue;
    DocumentRequest request;
    request.document = r.text(requests[idx], request_path, "document", true).value_or("");
    request.requested = r.date(requests[idx], request_path, "requested", true).value_or(Date{});
    request.due = r.date(requests[idx], request_path, "due");
    request.received = r.date(requests[idx], request_path, "received");
    out.requests.push_back(std::move(request));
  }
  out.accepted_on = r.date(node, here, "accepted_on");
  flatten(node, "", out.fields);
  return out;
}

}  // namespace

Result<Program> read_program(const std::string& path, Diagnostics& diagnostics) {
  Reader r(path, diagnostics);
  auto root = load(path, r);
  if (!root) return tl::unexpected(root.error());
  const YAML::Node& node = *root;
  r.keys(node, "",
         {"carbonledger", "id", "name", "year", "sponsor", "source", "application_deadline",
          "execution_end", "follow_up", "document_requests", "services", "modes", "forms",
          "eligibility", "participation", "priority", "review", "duties", "changes"});
  if (const auto marker = r.text(node, "", "carbonledger"); marker && *marker != "program/1") {
    r.error(ErrorCode::parse_bad_value, "expected format marker 'program/1', got '" + *marker + "'",
            node["carbonledger"], "carbonledger");
  }
  Program program;
  program.id = r.text(node, "", "id", true).value_or("");
  program.name = r.text(node, "", "name", true).value_or("");
  program.year = r.small(node, "", "year", true, 1900).value_or(0);
  program.sponsor = r.text(node, "", "sponsor").value_or("");
  program.source = r.text(node, "", "source", true).value_or("");
  program.application_deadline = read_deadline(r, node, "", "application_deadline");
  if (const YAML::Node end = r.map(node, "", "execution_end")) {
    r.keys(end, "execution_end", {"date", "cite"});
    program.execution_end = r.date(end, "execution_end", "date", true);
    r.text(end, "execution_end", "cite", true);
  }
  if (const YAML::Node follow = r.map(node, "", "follow_up")) {
    r.keys(follow, "follow_up", {"years", "cite"});
    program.follow_up_years = r.small(follow, "follow_up", "years", true).value_or(0);
    program.follow_up_cite = r.text(follow, "follow_up", "cite", true).value_or("");
  }
  if (const YAML::Node requests = r.map(node, "", "document_requests")) {
    r.keys(requests, "document_requests", {"default_days", "cite"});
    program.default_request_days =
        r.small(requests, "document_requests", "default_days", true, 1).value_or(0);
    program.request_cite = r.text(requests, "document_requests", "cite", true).value_or("");
  }
  read_services(r, node, program);
  read_modes(r, node, program);
  read_forms(r, node, program);
  read_eligibility(r, node, program);
  read_priority(r, node, program);
  read_review(r, node, program);
  read_duties(r, node, program);
  if (!diagnostics.has_errors()) validate_program(program, path, diagnostics);
  return program;
}

Result<std::vector<Application>> read_applications(const std::string& path,
                                                   Diagnostics& diagnostics) {
  Reader r(path, diagnostics);
  auto root = load(path, r);
  if (!root) return tl::unexpected(root.error());
  std::vector<Application> out;
  const YAML::Node& node = *root;
  if (node["applications"]) {
    const YAML::Node list = r.list(node, "", "applications", true);
    for (std::size_t idx = 0; idx < list.size(); ++idx) {
      const std::string here = item("applications", idx);
      if (r.is_map(list[idx], here)) out.push_back(read_application(r, list[idx], here));
    }
  } else {
    out.push_back(read_application(r, node, ""));
  }
  return out;
}

Result<Application> parse_application(const std::string& text, const std::string& label,
                                      Diagnostics& diagnostics) {
  Reader r(label, diagnostics);
  auto root = r.parse(text);
  if (!root) return tl::unexpected(root.error());
  if (!root->IsMap()) {
    return fail(ErrorCode::parse_bad_value, "expected an application: a map of fields",
                {.file = label, .row = 1});
  }
  return read_application(r, *root, "");
}

Result<Meeting> read_meeting(const std::string& path, Diagnostics& diagnostics) {
  Reader r(path, diagnostics);
  auto root = load(path, r);
  if (!root) return tl::unexpected(root.error());
  const YAML::Node& node = *root;
  r.keys(node, "", {"program", "meeting", "applications", "scores", "lots"});
  Meeting meeting;
  meeting.file = path;
  if (const YAML::Node head = r.map(node, "", "meeting", true)) {
    r.keys(head, "meeting", {"date", "committee", "attending"});
    meeting.date = r.date(head, "meeting", "date", true).value_or(Date{});
    meeting.committee = r.small(head, "meeting", "committee", true, 1).value_or(0);
    meeting.attending = r.strings(head, "meeting", "attending", true);
  }
  const YAML::Node applications = r.list(node, "", "applications", true);
  for (std::size_t idx = 0; idx < applications.size(); ++idx) {
    const std::string here = item("applications", idx);
    const YAML::Node entry = applications[idx];
    if (!r.is_map(entry, here)) continue;
    r.keys(entry, here, {"id", "mode", "guidance_unit", "satellites"});
    ReviewApplication application;
    application.id = r.text(entry, here, "id", true).value_or("");
    application.mode = r.text(entry, here, "mode", true).value_or("");
    application.guidance_unit = r.text(entry, here, "guidance_unit").value_or("");
    application.satellites = r.small(entry, here, "satellites").value_or(0);
    application.line = entry.Mark().line + 1;
    meeting.applications.push_back(std::move(application));
  }
  const YAML::Node scores = r.list(node, "", "scores", true);
  for (std::size_t idx = 0; idx < scores.size(); ++idx) {
    const std::string here = item("scores", idx);
    const YAML::Node entry = scores[idx];
    if (!r.is_map(entry, here)) continue;
    r.keys(entry, here, {"reviewer", "application", "rank", "items"});
    ReviewScore score;
    score.reviewer = r.text(entry, here, "reviewer", true).value_or("");
    score.application = r.text(entry, here, "application", true).value_or("");
    score.rank = r.small(entry, here, "rank", true, 1).value_or(0);
    score.line = entry.Mark().line + 1;
    if (const YAML::Node items = r.map(entry, here, "items", true)) {
      for (const auto& item_entry : items) {
        const std::string key = item_entry.first.Scalar();
        if (auto value = r.number(items, join(here, "items"), key.c_str(), true)) {
          score.items[key] = *value;
        }
      }
    }
    meeting.scores.push_back(std::move(score));
  }
  const YAML::Node lots = r.list(node, "", "lots");
  for (std::size_t idx = 0; idx < lots.size(); ++idx) {
    const std::string here = item("lots", idx);
    const YAML::Node entry = lots[idx];
    if (!r.is_map(entry, here)) continue;
    r.keys(entry, here, {"mode", "order", "drawn_by", "witnessed_by"});
    LotDrawing drawing;
    drawing.mode = r.text(entry, here, "mode", true).value_or("");
    drawing.order = r.strings(entry, here, "order", true);
    drawing.drawn_by = r.text(entry, here, "drawn_by", true).value_or("");
    drawing.witnessed_by = r.text(entry, here, "witnessed_by").value_or("");
    meeting.lots.push_back(std::move(drawing));
  }
  return meeting;
}

}  // namespace cl::io

#include "io/yaml_reader.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>

#include "core/units/unit.hpp"

namespace cl::io {
namespace {

template <class Node>
std::string scalar_or_empty(const Node& node) {
  return node && node.IsScalar() ? node.Scalar() : std::string();
}

/// std::stod of all of `text`, or nullopt where it throws or stops early. A plain decimal with a
/// normal result, what nearly every number is, takes std::from_chars, which gives the same
/// (correctly rounded) value without strtod's locale and allocation; the rest (a sign "+",
/// spaces, hex, inf, zero, underflow, overflow) goes to std::stod as before.
std::optional<double> whole_number(const std::string& text) {
  double value = 0;
  const char* end = text.data() + text.size();
  if (const auto [stop, ec] = std::from_chars(text.data(), end, value);
      ec == std::errc() && stop == end && std::isnormal(value)) {
    return value;
  }
  try {
    std::size_t used = 0;
    const double parsed = std::stod(text, &used);
    if (used == text.size()) return parsed;
  } catch (const std::exception&) {
    // not a number: nullopt
  }
  return std::nullopt;
}

/// A map key's text without a copy (check_keys meets every key of every map).
std::string_view key_view(const YAML::Node& key) {
  return key && key.IsScalar() ? std::string_view(key.Scalar()) : std::string_view();
}
std::string_view key_view(const DocNode& key) {
  return key.scalar_view();
}

/// Whether `key` is in `allowed`. Sizes and first characters rule out nearly every candidate
/// without a call to memcmp: check_keys runs for every key of every map.
bool is_one_of(std::string_view key, std::initializer_list<std::string_view> allowed) {
  return std::any_of(allowed.begin(), allowed.end(), [key](std::string_view candidate) {
    return candidate.size() == key.size() && (key.empty() || candidate[0] == key[0]) &&
           candidate == key;
  });
}

YAML::Node empty_sequence(const YAML::Node& /*type*/) {
  return YAML::Node(YAML::NodeType::Sequence);
}
DocNode empty_sequence(const DocNode& /*type*/) {
  return DocNode::empty_sequence();
}

}  // namespace

template <class Node>
Result<YAML::Node> BasicDocReader<Node>::parse(const std::string& text) const {
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

template <class Node>
RecordRef BasicDocReader<Node>::at(const Node& node, std::string field, std::string record) const {
  const int mark = node ? node.Mark().line : -1;
  const int line = mark >= 0 ? mark + 1 : 0;
  return {.file = file_, .row = line, .field = std::move(field), .record = std::move(record)};
}

template <class Node>
std::optional<std::string> BasicDocReader<Node>::text(const Node& map, const char* key,
                                                      bool required, const std::string& record) {
  const Node node = map[key];
  if (!node || node.IsNull()) {
    if (required) {
      error(ErrorCode::parse_missing_field, std::string("missing required field '") + key + "'",
            at(map, key, record));
    }
    return std::nullopt;
  }
  if (!node.IsScalar()) {
    error(ErrorCode::parse_bad_value, std::string("field '") + key + "' must be a single value",
          at(node, key, record));
    return std::nullopt;
  }
  return node.Scalar();
}

template <class Node>
std::optional<double> BasicDocReader<Node>::number(const Node& map, const char* key, bool required,
                                                   const std::string& record) {
  auto value = text(map, key, required, record);
  if (!value) return std::nullopt;
  if (const auto parsed = whole_number(*value); parsed && std::isfinite(*parsed)) return parsed;
  error(ErrorCode::parse_bad_value,
        std::string("field '") + key + "' must be a number, got '" + *value + "'",
        at(map[key], key, record));
  return std::nullopt;
}

template <class Node>
std::optional<int> BasicDocReader<Node>::integer(const Node& map, const char* key, bool required,
                                                 const std::string& record) {
  auto value = number(map, key, required, record);
  if (!value) return std::nullopt;
  if (*value != std::floor(*value) || std::abs(*value) > 1e9) {
    error(ErrorCode::parse_bad_value, std::string("field '") + key + "' must be a whole number",
          at(map[key], key, record));
    return std::nullopt;
  }
  return static_cast<int>(*value);
}

template <class Node>
std::optional<bool> BasicDocReader<Node>::boolean(const Node& map, const char* key,
                                                  const std::string& record) {
  auto value = text(map, key, false, record);
  if (!value) return std::nullopt;
  if (*value == "true" || *value == "yes") return true;
  if (*value == "false" || *value == "no") return false;
  error(ErrorCode::parse_bad_value, std::string("field '") + key + "' must be true or false",
        at(map[key], key, record));
  return std::nullopt;
}

template <class Node>
void BasicDocReader<Node>::check_keys(const Node& map,
                                      std::initializer_list<std::string_view> allowed,
                                      const std::string& record) {
  if (!map.IsMap()) return;
  for (const auto& entry : map) {
    const std::string_view key = key_view(entry.first);
    if (is_one_of(key, allowed)) continue;
    std::string list;
    for (const std::string_view candidate : allowed)
      list += (list.empty() ? "" : ", ") + std::string(candidate);
    diagnostics_.warning(
        ErrorCode::parse_unknown_field,
        "unknown field '" + std::string(key) + "' is ignored; known fields: " + list,
        at(entry.first, std::string(key), record));
  }
}

template <class Node>
Node BasicDocReader<Node>::list(const Node& map, const char* key, bool required) {
  const Node node = map[key];
  if (!node || node.IsNull()) {
    if (required) {
      error(ErrorCode::parse_missing_field, std::string("missing required list '") + key + "'",
            at(map, key));
    }
    return empty_sequence(map);
  }
  if (!node.IsSequence()) {
    error(ErrorCode::parse_bad_value, std::string("field '") + key + "' must be a list",
          at(node, key));
    return empty_sequence(map);
  }
  return node;
}

template <class Node>
std::optional<Provenance> BasicDocReader<Node>::provenance(const Node& node,
                                                           const std::string& record) {
  if (!node || !node.IsMap()) return std::nullopt;
  check_keys(node, {"document", "table", "version", "year", "url", "note", "verification"}, record);
  Provenance out;
  out.document = text(node, "document", true, record).value_or("");
  out.table = text(node, "table", false, record).value_or("");
  out.version = text(node, "version", false, record).value_or("");
  out.year = integer(node, "year", false, record).value_or(0);
  out.url = text(node, "url", false, record).value_or("");
  out.note = text(node, "note", false, record).value_or("");
  const std::string verification = text(node, "verification", false, record).value_or("unverified");
  if (verification == "verified") {
    out.verification = Verification::verified;
  } else if (verification == "secondary") {
    out.verification = Verification::secondary;
  } else if (verification == "unverified") {
    out.verification = Verification::unverified;
  } else {
    error(ErrorCode::parse_bad_value,
          "verification must be verified, secondary or unverified, got '" + verification + "'",
          at(node["verification"], "verification", record));
  }
  return out;
}

template <class Node>
std::optional<factors::Uncertainty> BasicDocReader<Node>::uncertainty(const Node& node,
                                                                      const std::string& record) {
  if (!node || node.IsNull()) return std::nullopt;
  if (!node.IsMap()) {
    error(ErrorCode::parse_bad_value, "uncertainty must be {lower: 0.05, upper: 0.05}",
          at(node, "uncertainty", record));
    return std::nullopt;
  }
  check_keys(node, {"lower", "upper", "note"}, record);
  auto lower = number(node, "lower", true, record);
  auto upper = number(node, "upper", true, record);
  if (!lower || !upper) return std::nullopt;
  if (*lower < 0 || *upper < 0) {
    error(ErrorCode::parse_bad_value, "uncertainty bounds are fractions ≥ 0 (0.05 = ±5 %)",
          at(node, "uncertainty", record));
    return std::nullopt;
  }
  return factors::Uncertainty{*lower, *upper};
}

template <class Node>
std::optional<factors::HeatingValue> BasicDocReader<Node>::heating_value(
    const Node& node, const std::string& record) {
  if (!node || node.IsNull()) return std::nullopt;
  check_keys(node, {"value", "unit", "per", "source"}, record);
  auto value = number(node, "value", true, record);
  auto energy = text(node, "unit", true, record);
  auto per = text(node, "per", true, record);
  if (!value || !energy || !per) return std::nullopt;
  factors::HeatingValue out;
  out.value = *value;
  auto energy_unit = units::find_unit(*energy);
  auto per_unit = units::find_unit(*per);
  if (!energy_unit) add(energy_unit.error(), at(node["unit"], "heating_value.unit", record));
  if (!per_unit) add(per_unit.error(), at(node["per"], "heating_value.per", record));
  if (!energy_unit || !per_unit) return std::nullopt;
  if (energy_unit->dimension != units::Dimension::energy || *value <= 0) {
    error(ErrorCode::unit_mismatch,
          "a heating value is a positive energy (kcal, MJ, GJ…) per physical unit (L, kg, m3)",
          at(node, "heating_value", record));
    return std::nullopt;
  }
  out.energy_unit = *energy_unit;
  out.per_unit = *per_unit;
  out.provenance = provenance(node["source"], record).value_or(Provenance{});
  return out;
}

template <class Node>
std::optional<factors::EmissionFactor> BasicDocReader<Node>::factor(
    const Node& node, const factors::EmissionFactor& defaults) {
  if (!node.IsMap()) {
    error(ErrorCode::parse_bad_value, "a factor must be a map with id, per and gases",
          at(node, "factors"));
    return std::nullopt;
  }
  factors::EmissionFactor out = defaults;
  auto id = text(node, "id", true);
  if (!id) return std::nullopt;
  out.id = *id;
  check_keys(node,
             {"id", "name_zh", "name_en", "keywords", "source_type", "per", "gases",
              "heating_value", "uncertainty", "source", "year", "code", "note", "type", "region"},
             out.id);
  out.name_zh = text(node, "name_zh", false, out.id).value_or("");
  out.name_en = text(node, "name_en", false, out.id).value_or("");
  if (out.name_zh.empty() && out.name_en.empty()) {
    error(ErrorCode::parse_missing_field, "a factor needs name_zh or name_en",
          at(node, "name_zh", out.id));
  }
  for (const auto& keyword : list(node, "keywords"))
    out.keywords.push_back(scalar_or_empty(keyword));
  out.source_type = text(node, "source_type", false, out.id).value_or(defaults.source_type);
  if (auto per = text(node, "per", true, out.id)) {
    auto unit = units::find_unit(*per, at(node["per"], "per", out.id));
    if (unit) {
      out.per = *unit;
    } else {
      diagnostics_.add(unit.error());
    }
  }
  const Node gases = node["gases"];
  if (!gases || !gases.IsMap() || gases.size() == 0) {
    error(ErrorCode::parse_missing_field, "a factor needs `gases: {CO2: …, CH4: …}` in kg per unit",
          at(node, "gases", out.id));
  } else {
    for (const auto& entry : gases) {
      const std::string gas = scalar_or_empty(entry.first);
      if (const auto value = finite_number(entry.second)) {
        out.gases.push_back({gas, *value});
      } else {
        error(ErrorCode::parse_bad_value, "gas '" + gas + "' must have a number (kg per unit)",
              at(entry.second, "gases." + gas, out.id));
      }
    }
  }
  if (auto hv = heating_value(node["heating_value"], out.id)) out.heating_value = *hv;
  if (auto u = uncertainty(node["uncertainty"], out.id)) out.uncertainty = *u;
  if (auto source = provenance(node["source"], out.id)) out.provenance = *source;
  if (auto type = text(node, "type", false, out.id)) {
    auto parsed = factors::parse_factor_type(*type, at(node["type"], "type", out.id));
    if (parsed) {
      out.type = *parsed;
    } else {
      diagnostics_.add(parsed.error());
    }
  }
  out.region = text(node, "region", false, out.id).value_or(defaults.region);
  out.year = integer(node, "year", false, out.id).value_or(defaults.year);
  out.code = text(node, "code", false, out.id).value_or("");
  out.note = text(node, "note", false, out.id).value_or("");
  return out;
}

template class BasicDocReader<YAML::Node>;
template class BasicDocReader<DocNode>;

}  // namespace cl::io

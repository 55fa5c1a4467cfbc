// openLCA JSON-LD → lca::Problem (jsonld_reader.hpp). Files are parsed one at a time with
// simdjson's DOM parser and reduced to the few fields the engine needs, so memory stays near the
// size of the problem, not of the package. Folders are read in dependency order: units, flow
// properties, flows, processes, LCIA methods, LCIA categories.
//
// Units (olca-schema FlowPropertyFactor): an amount a given in unit u of flow property p is, in
// the flow's reference unit, a · factor(u) / conversionFactor(p), where factor(u) is u's
// conversionFactor to its unit group's reference unit and conversionFactor(p) is how many units
// of p's reference unit one reference unit of the flow is. A characterization factor per u of p
// is, per reference unit of the flow, value · conversionFactor(p) / factor(u).
#include "io/jsonld_reader.hpp"

#include <simdjson.h>

#include <algorithm>
#include <cctype>
#include <map>
#include <optional>
#include <set>
#include <unordered_map>

namespace cl::io {
namespace {

using simdjson::dom::array;
using simdjson::dom::element;
using simdjson::dom::object;

struct UnitInfo {
  std::string name;
  double factor = 1.0;  ///< to the group's reference unit
};
struct UnitGroupInfo {
  std::string name;
  std::string reference;  ///< reference unit's name
  std::unordered_map<std::string, UnitInfo> by_id;
  std::unordered_map<std::string, UnitInfo> by_name;
};
struct FlowInfo {
  std::size_t index = 0;  ///< into problem.flows
  std::string ref_property;
  std::unordered_map<std::string, double> property_factors;  ///< property @id → conversionFactor
};

std::string lower(std::string_view text) {
  std::string out(text);
  for (char& ch : out) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  return out;
}

std::optional<std::string_view> text_of(const object& node, std::string_view key) {
  std::string_view value;
  if (node.at_key(key).get_string().get(value) != simdjson::SUCCESS) return std::nullopt;
  return value;
}

std::optional<double> number_of(const object& node, std::string_view key) {
  double value = 0.0;
  if (node.at_key(key).get_double().get(value) != simdjson::SUCCESS) return std::nullopt;
  return value;
}

/// A boolean under its olca-schema 2 name or its schema 1 name; absent = false.
bool flag_of(const object& node, std::string_view key, std::string_view old_key = {}) {
  bool value = false;
  if (node.at_key(key).get_bool().get(value) == simdjson::SUCCESS) return value;
  if (!old_key.empty() && node.at_key(old_key).get_bool().get(value) == simdjson::SUCCESS) {
    return value;
  }
  return false;
}

/// The "@id" of a reference object under `key`; nullopt when there is none.
std::optional<std::string_view> ref_of(const object& node, std::string_view key) {
  object ref;
  if (node.at_key(key).get_object().get(ref) != simdjson::SUCCESS) return std::nullopt;
  return text_of(ref, "@id");
}

std::optional<std::string_view> ref_name_of(const object& node, std::string_view key) {
  object ref;
  if (node.at_key(key).get_object().get(ref) != simdjson::SUCCESS) return std::nullopt;
  return text_of(ref, "name");
}

/// Reads one package's JSON-LD files into a Problem, collecting every problem.
class JsonldImport {
 public:
  JsonldImport(Package& package, const LciaSelection& selection, Diagnostics& diagnostics)
      : package_(package), selection_(selection), diagnostics_(diagnostics) {}

  Result<lca::Problem> run();

 private:
  /// Parses `name`; nullopt (with a diagnostic) when unreadable or not a JSON object.
  std::optional<object> parse(const std::string& name);
  void error(ErrorCode code, const std::string& name, const std::string& field, std::string message,
             std::string record = {}) {
    diagnostics_.error(code, std::move(message),
                       {.file = package_.where(name), .row = 0, .field = field, .record = record});
  }
  std::vector<std::string> folder(std::string_view prefix) const;

  void read_unit_groups();
  void read_flow_properties();
  void read_flows();
  void read_processes();
  void read_lcia();
  void read_exchange(const std::string& name, const object& node, std::size_t index,
                     lca::Process& process, bool& has_reference);
  /// a · unit factor / property factor, or nullopt with an error naming `field`.
  std::optional<double> to_reference(const std::string& name, const std::string& field,
                                     const object& node, const FlowInfo& flow,
                                     const std::string& flow_id);
  lca::Distribution read_uncertainty(const object& node, double scale) const;

  Package& package_;
  const LciaSelection& selection_;
  Diagnostics& diagnostics_;
  simdjson::dom::parser parser_;
  std::string text_;  ///< the file being parsed (the DOM points into the parser, not here)

  lca::Problem problem_;
  std::unordered_map<std::string, UnitGroupInfo> groups_;
  std::unordered_map<std::string, std::string> property_group_;  ///< property @id → group @id
  std::unordered_map<std::string, FlowInfo> flows_;
  std::set<std::string> process_ids_;
  std::vector<std::pair<std::size_t, std::size_t>> provider_links_;  ///< (process, exchange)
  std::size_t skipped_factors_ = 0;
};

std::vector<std::string> JsonldImport::folder(std::string_view prefix) const {
  std::vector<std::string> out;
  for (const auto& name : package_.names()) {
    if (name.size() > prefix.size() + 5 && name.compare(0, prefix.size(), prefix) == 0 &&
        name.compare(name.size() - 5, 5, ".json") == 0) {
      out.push_back(name);
    }
  }
  return out;
}

std::optional<object> JsonldImport::parse(const std::string& name) {
  auto text = package_.read(name, simdjson::SIMDJSON_PADDING);
  if (!text) {
    diagnostics_.add(text.error());
    return std::nullopt;
  }
  text_ = std::move(*text);
  element root;
  if (auto code = parser_.parse(text_.data(), text_.size(), false).get(root);
      code != simdjson::SUCCESS) {
    error(ErrorCode::parse_syntax, name, "",
          std::string("not valid JSON (") + simdjson::error_message(code) +
              "); the file is damaged: export the package again");
    return std::nullopt;
  }
  object node;
  if (root.get_object().get(node) != simdjson::SUCCESS) {
    error(ErrorCode::parse_syntax, name, "", "expected a JSON object (one data set per file)");
    return std::nullopt;
  }
  return node;
}

void JsonldImport::read_unit_groups() {
  for (const auto& name : folder("unit_groups/")) {
    auto node = parse(name);
    if (!node) continue;
    const auto id = text_of(*node, "@id");
    if (!id) {
      error(ErrorCode::parse_missing_field, name, "@id", "the unit group has no @id");
      continue;
    }
    UnitGroupInfo group;
    group.name = std::string(text_of(*node, "name").value_or(*id));
    array units;
    if (node->at_key("units").get_array().get(units) != simdjson::SUCCESS) {
      error(ErrorCode::parse_missing_field, name, "units", "the unit group has no units list",
            std::string(*id));
      continue;
    }
    std::size_t index = 0;
    for (element item : units) {
      const std::string field = "units[" + std::to_string(index++) + "]";
      object unit;
      if (item.get_object().get(unit) != simdjson::SUCCESS) {
        error(ErrorCode::parse_bad_value, name, field, "expected a Unit object", std::string(*id));
        continue;
      }
      const auto unit_name = text_of(unit, "name");
      const auto factor = number_of(unit, "conversionFactor");
      if (!unit_name || !factor || !(*factor > 0.0)) {
        error(ErrorCode::parse_bad_value, name, field + (unit_name ? ".conversionFactor" : ".name"),
              "each unit needs a name and a conversionFactor above 0 (to the group's reference "
              "unit)",
              std::string(*id));
        continue;
      }
      UnitInfo info{carbonledger_unit_name(std::string(*unit_name)), *factor};
      if (flag_of(unit, "isRefUnit", "referenceUnit")) group.reference = info.name;
      if (auto unit_id = text_of(unit, "@id")) group.by_id.emplace(std::string(*unit_id), info);
      group.by_name.emplace(info.name, info);
    }
    if (group.reference.empty()) {
      error(ErrorCode::parse_missing_field, name, "units[].isRefUnit",
            "the unit group '" + group.name + "' has no reference unit (isRefUnit: true)",
            std::string(*id));
      continue;
    }
    groups_.emplace(std::string(*id), std::move(group));
  }
}

void JsonldImport::read_flow_properties() {
  for (const auto& name : folder("flow_properties/")) {
    auto node = parse(name);
    if (!node) continue;
    const auto id = text_of(*node, "@id");
    const auto group = ref_of(*node, "unitGroup");
    if (!id || !group) {
      error(ErrorCode::parse_missing_field, name, id ? "unitGroup.@id" : "@id",
            "a flow property needs an @id and a unitGroup reference");
      continue;
    }
    if (!groups_.count(std::string(*group))) {
      error(ErrorCode::unit_unknown, name, "unitGroup.@id",
            "unit group '" + std::string(*group) + "' is not in the package (no unit_groups/" +
                std::string(*group) + ".json); export the package with its reference data",
            std::string(*id));
      continue;
    }
    property_group_.emplace(std::string(*id), std::string(*group));
  }
}

void JsonldImport::read_flows() {
  for (const auto& name : folder("flows/")) {
    auto node = parse(name);
    if (!node) continue;
    const auto id = text_of(*node, "@id");
    if (!id) {
      error(ErrorCode::parse_missing_field, name, "@id", "the flow has no @id");
      continue;
    }
    lca::Flow flow;
    flow.id = std::string(*id);
    flow.name = std::string(text_of(*node, "name").value_or(*id));
    flow.where = {.file = package_.where(name), .row = 0, .field = "", .record = flow.id};
    const auto type = text_of(*node, "flowType").value_or("");
    if (type == "ELEMENTARY_FLOW") {
      flow.kind = lca::FlowKind::elementary;
    } else if (type == "PRODUCT_FLOW") {
      flow.kind = lca::FlowKind::product;
    } else if (type == "WASTE_FLOW") {
      flow.kind = lca::FlowKind::waste;
    } else {
      error(ErrorCode::parse_bad_value, name, "flowType",
            "flowType is '" + std::string(type) +
                "'; expected ELEMENTARY_FLOW, PRODUCT_FLOW or WASTE_FLOW",
            flow.id);
      continue;
    }
    if (auto category = text_of(*node, "category")) {
      flow.category = std::string(*category);  // schema 2: a path "Elementary flows/air/…"
    } else if (auto old = ref_name_of(*node, "category")) {
      flow.category = std::string(*old);  // schema 1: a Category reference
    }
    FlowInfo info;
    array factors;
    if (node->at_key("flowProperties").get_array().get(factors) == simdjson::SUCCESS) {
      std::size_t index = 0;
      for (element item : factors) {
        const std::string field = "flowProperties[" + std::to_string(index++) + "]";
        object factor;
        if (item.get_object().get(factor) != simdjson::SUCCESS) continue;
        const auto property = ref_of(factor, "flowProperty");
        const auto value = number_of(factor, "conversionFactor").value_or(1.0);
        if (!property || !property_group_.count(std::string(*property))) {
          error(ErrorCode::unit_unknown, name, field + ".flowProperty.@id",
                "flow property '" + std::string(property.value_or("")) +
                    "' is not in the package (no flow_properties/….json for it)",
                flow.id);
          continue;
        }
        if (!(value > 0.0)) {
          error(ErrorCode::parse_bad_value, name, field + ".conversionFactor",
                "a conversion factor must be above 0", flow.id);
          continue;
        }
        info.property_factors[std::string(*property)] = value;
        if (flag_of(factor, "isRefFlowProperty", "referenceFlowProperty")) {
          info.ref_property = std::string(*property);
        }
      }
    }
    if (info.ref_property.empty()) {
      error(ErrorCode::parse_missing_field, name, "flowProperties[].isRefFlowProperty",
            "the flow has no reference flow property (isRefFlowProperty: true), so its unit is "
            "unknown",
            flow.id);
      continue;
    }
    flow.unit = groups_.at(property_group_.at(info.ref_property)).reference;
    info.index = problem_.flows.size();
    flows_.emplace(flow.id, std::move(info));
    problem_.flows.push_back(std::move(flow));
  }
}

std::optional<double> JsonldImport::to_reference(const std::string& name, const std::string& field,
                                                 const object& node, const FlowInfo& flow,
                                                 const std::string& flow_id) {
  std::string property = flow.ref_property;
  if (auto given = ref_of(node, "flowProperty")) property = std::string(*given);
  const auto factor = flow.property_factors.find(property);
  if (factor == flow.property_factors.end()) {
    error(ErrorCode::unit_mismatch, name, field + ".flowProperty.@id",
          "flow property '" + property + "' is not a property of flow '" + flow_id +
              "' (its flowProperties list); give the amount in one of the flow's properties");
    return std::nullopt;
  }
  const auto& group = groups_.at(property_group_.at(property));
  const auto unit_id = ref_of(node, "unit");
  const auto unit_name = ref_name_of(node, "unit");
  if (!unit_id && !unit_name) return 1.0 / factor->second;  // in the property's reference unit
  const UnitInfo* unit = nullptr;
  if (unit_id) {
    const auto found = group.by_id.find(std::string(*unit_id));
    if (found != group.by_id.end()) unit = &found->second;
  }
  if (unit == nullptr && unit_name) {
    const auto found = group.by_name.find(carbonledger_unit_name(std::string(*unit_name)));
    if (found != group.by_name.end()) unit = &found->second;
  }
  if (unit == nullptr) {
    error(ErrorCode::unit_unknown, name, field + ".unit.@id",
          "unit '" + std::string(unit_name.value_or(unit_id.value_or(""))) +
              "' is not in the unit group '" + group.name +
              "' of the flow property; use one of its units");
    return std::nullopt;
  }
  return unit->factor / factor->second;
}

lca::Distribution JsonldImport::read_uncertainty(const object& node, double scale) const {
  lca::Distribution out;
  object uncertainty;
  if (node.at_key("uncertainty").get_object().get(uncertainty) != simdjson::SUCCESS) return out;
  const auto type = text_of(uncertainty, "distributionType").value_or("");
  if (type == "LOG_NORMAL_DISTRIBUTION") {
    out.kind = lca::DistributionKind::lognormal;
    out.gsd = number_of(uncertainty, "geomSd").value_or(1.0);
  } else if (type == "NORMAL_DISTRIBUTION") {
    out.kind = lca::DistributionKind::normal;
    out.sd = number_of(uncertainty, "sd").value_or(0.0) * std::abs(scale);
  } else if (type == "TRIANGLE_DISTRIBUTION" || type == "UNIFORM_DISTRIBUTION") {
    out.kind = type == "UNIFORM_DISTRIBUTION" ? lca::DistributionKind::uniform
                                              : lca::DistributionKind::triangular;
    out.min = number_of(uncertainty, "minimum").value_or(0.0) * scale;
    out.max = number_of(uncertainty, "maximum").value_or(0.0) * scale;
    out.mode = number_of(uncertainty, "mode").value_or(0.0) * scale;
    if (out.min > out.max) std::swap(out.min, out.max);
  }
  return out;
}

void JsonldImport::read_exchange(const std::string& name, const object& node, std::size_t index,
                                 lca::Process& process, bool& has_reference) {
  const std::string field = "exchanges[" + std::to_string(index) + "]";
  const auto flow_id = ref_of(node, "flow");
  if (!flow_id) {
    error(ErrorCode::parse_missing_field, name, field + ".flow.@id",
          "the exchange has no flow reference", process.id);
    return;
  }
  const auto flow = flows_.find(std::string(*flow_id));
  if (flow == flows_.end()) {
    error(ErrorCode::lca_unknown_flow, name, field + ".flow.@id",
          "flow '" + std::string(*flow_id) + "' (" +
              std::string(ref_name_of(node, "flow").value_or("no name")) +
              ") is not in the package: there is no flows/" + std::string(*flow_id) +
              ".json; export the package again with its flows",
          process.id);
    return;
  }
  const auto amount = number_of(node, "amount");
  if (!amount) {
    error(ErrorCode::parse_missing_field, name, field + ".amount",
          "the exchange has no numeric amount", process.id);
    return;
  }
  const auto scale = to_reference(name, field, node, flow->second, flow->first);
  if (!scale) return;
  lca::Exchange exchange;
  exchange.flow = flow->first;
  exchange.amount = *amount * *scale;
  const bool is_input = flag_of(node, "isInput", "input");
  exchange.avoided = flag_of(node, "isAvoidedProduct", "avoidedProduct");
  // openLCA keeps an avoided product as an input (linked like one) and shows it as an output.
  exchange.direction =
      (is_input != exchange.avoided) ? lca::Direction::input : lca::Direction::output;
  exchange.uncertainty = read_uncertainty(node, *scale);
  // The file names the process (processes/<@id>.json), so the exchange does not repeat its id:
  // 630,000 exchanges of an ecoinvent-sized package saved 40 MB that way.
  exchange.where = {.file = package_.where(name), .row = 0, .field = field, .record = {}};
  if (auto provider = ref_of(node, "defaultProvider")) {
    exchange.provider = std::string(*provider);
    provider_links_.emplace_back(problem_.processes.size(), process.exchanges.size());
  }
  if (flag_of(node, "isQuantitativeReference", "quantitativeReference")) {
    if (has_reference) {
      error(ErrorCode::lca_reference, name, field + ".isQuantitativeReference",
            "a second exchange is marked as the quantitative reference; a process has one",
            process.id);
    }
    has_reference = true;
    process.reference = exchange.flow;
  }
  process.exchanges.push_back(std::move(exchange));
}

void JsonldImport::read_processes() {
  for (const auto& name : folder("processes/")) {
    auto node = parse(name);
    if (!node) continue;
    const auto id = text_of(*node, "@id");
    if (!id) {
      error(ErrorCode::parse_missing_field, name, "@id", "the process has no @id");
      continue;
    }
    lca::Process process;
    process.id = std::string(*id);
    process.name = std::string(text_of(*node, "name").value_or(*id));
    process.where = {.file = package_.where(name), .row = 0, .field = "", .record = process.id};
    array exchanges;
    if (node->at_key("exchanges").get_array().get(exchanges) != simdjson::SUCCESS) {
      error(ErrorCode::parse_missing_field, name, "exchanges", "the process has no exchanges list",
            process.id);
      continue;
    }
    process.exchanges.reserve(exchanges.size());  // exact: no vector slack per process
    bool has_reference = false;
    std::size_t index = 0;
    const std::size_t errors_before = diagnostics_.error_count();
    for (element item : exchanges) {
      object exchange;
      if (item.get_object().get(exchange) != simdjson::SUCCESS) {
        error(ErrorCode::parse_bad_value, name, "exchanges[" + std::to_string(index++) + "]",
              "expected an Exchange object", process.id);
        continue;
      }
      read_exchange(name, exchange, index++, process, has_reference);
    }
    if (!has_reference && diagnostics_.error_count() == errors_before) {
      error(ErrorCode::lca_reference, name, "exchanges[].isQuantitativeReference",
            "no exchange is the quantitative reference (isQuantitativeReference: true); mark the "
            "product the process makes (or the waste it treats) in openLCA and export again",
            process.id);
    }
    // The default allocation method's factors per product (causal factors per exchange are not
    // used: the engine allocates whole processes).
    const auto method = text_of(*node, "defaultAllocationMethod").value_or("");
    array factors;
    if ((method == "PHYSICAL_ALLOCATION" || method == "ECONOMIC_ALLOCATION") &&
        node->at_key("allocationFactors").get_array().get(factors) == simdjson::SUCCESS) {
      for (element item : factors) {
        object factor;
        if (item.get_object().get(factor) != simdjson::SUCCESS) continue;
        if (text_of(factor, "allocationType").value_or("") != method) continue;
        const auto product = ref_of(factor, "product");
        const auto value = number_of(factor, "value");
        if (product && value) process.allocation.factors[std::string(*product)] = *value;
      }
      if (process.allocation.factors.size() > 1) {
        process.allocation.method = lca::AllocationMethod::factors;
      } else {
        process.allocation.factors.clear();
      }
    }
    process_ids_.insert(process.id);
    problem_.processes.push_back(std::move(process));
  }
  // A default provider outside the package is not an error in openLCA (it is only a default);
  // the exchange is then linked to the flow's only provider, as the engine does without one.
  for (const auto& [process_index, exchange_index] : provider_links_) {
    auto& exchange = problem_.processes[process_index].exchanges[exchange_index];
    if (process_ids_.count(exchange.provider)) continue;
    diagnostics_.warning(ErrorCode::lca_unknown_process,
                         "default provider '" + exchange.provider +
                             "' is not in the package; the exchange is linked to the flow's "
                             "only provider instead",
                         {.file = exchange.where.file,
                          .row = 0,
                          .field = exchange.where.field + ".defaultProvider.@id",
                          .record = problem_.processes[process_index].id});
    exchange.provider.clear();
  }
}

void JsonldImport::read_lcia() {
  // Methods: which categories each lists.
  std::map<std::string, std::pair<std::string, std::vector<std::string>>>
      methods;  // id → name, categories
  for (const auto& name : folder("lcia_methods/")) {
    auto node = parse(name);
    if (!node) continue;
    const auto id = text_of(*node, "@id");
    if (!id) continue;
    auto& method = methods[std::string(*id)];
    method.first = std::string(text_of(*node, "name").value_or(*id));
    array categories;
    if (node->at_key("impactCategories").get_array().get(categories) != simdjson::SUCCESS) continue;
    for (element item : categories) {
      object ref;
      if (item.get_object().get(ref) != simdjson::SUCCESS) continue;
      if (auto category = text_of(ref, "@id")) method.second.emplace_back(*category);
    }
  }
  std::optional<std::set<std::string>> allowed;
  if (!selection_.method.empty()) {
    for (const auto& [id, method] : methods) {
      if (id == selection_.method || lower(method.first) == lower(selection_.method)) {
        allowed = std::set<std::string>(method.second.begin(), method.second.end());
      }
    }
    if (!allowed) {
      std::string known;
      for (const auto& [id, method] : methods) known += (known.empty() ? "" : "; ") + method.first;
      diagnostics_.error(
          ErrorCode::lca_unknown_method,
          "the package has no LCIA method '" + selection_.method +
              "'; its methods: " + (known.empty() ? "none" : known),
          {.file = package_.path(), .row = 0, .field = "lcia_methods/", .record = ""});
      return;
    }
  }
  std::vector<std::string> seen;
  for (const auto& name : folder("lcia_categories/")) {
    auto node = parse(name);
    if (!node) continue;
    const auto id = text_of(*node, "@id");
    if (!id) {
      error(ErrorCode::parse_missing_field, name, "@id", "the LCIA category has no @id");
      continue;
    }
    lca::Method method;
    method.id = std::string(*id);
    method.name = std::string(text_of(*node, "name").value_or(*id));
    seen.push_back(method.name);
    if (allowed && !allowed->count(method.id)) continue;
    if (!selection_.category.empty() && method.id != selection_.category &&
        lower(method.name) != lower(selection_.category)) {
      continue;
    }
    method.unit = std::string(
        text_of(*node, "refUnit").value_or(text_of(*node, "referenceUnitName").value_or("")));
    method.where = {.file = package_.where(name), .row = 0, .field = "", .record = method.id};
    array factors;
    if (node->at_key("impactFactors").get_array().get(factors) == simdjson::SUCCESS) {
      std::size_t index = 0;
      for (element item : factors) {
        const std::string field = "impactFactors[" + std::to_string(index++) + "]";
        object factor;
        if (item.get_object().get(factor) != simdjson::SUCCESS) continue;
        const auto flow_id = ref_of(factor, "flow");
        const auto value = number_of(factor, "value");
        if (!flow_id || !value) {
          error(ErrorCode::parse_missing_field, name, field + (flow_id ? ".value" : ".flow.@id"),
                "a characterization factor needs a flow and a numeric value", method.id);
          continue;
        }
        const auto flow = flows_.find(std::string(*flow_id));
        if (flow == flows_.end()) {
          // No process can exchange a flow the package does not have: the factor cannot change
          // a result, and LCIA method packs list thousands of them.
          ++skipped_factors_;
          continue;
        }
        const auto scale = to_reference(name, field, factor, flow->second, flow->first);
        if (!scale) continue;
        lca::CharacterizationFactor out;
        out.flow = flow->first;
        out.value = *value / *scale;
        out.uncertainty = read_uncertainty(factor, 1.0 / *scale);
        method.factors.push_back(std::move(out));
      }
    }
    problem_.methods.push_back(std::move(method));
  }
  if (problem_.methods.empty() && (!selection_.method.empty() || !selection_.category.empty())) {
    std::string known;
    for (const auto& category : seen) known += (known.empty() ? "" : "; ") + category;
    diagnostics_.error(
        ErrorCode::lca_unknown_method,
        "no LCIA category of the package matches '" +
            (selection_.category.empty() ? selection_.method : selection_.category) +
            "'; its categories: " + (known.empty() ? "none" : known),
        {.file = package_.path(), .row = 0, .field = "lcia_categories/", .record = ""});
  }
}

Result<lca::Problem> JsonldImport::run() {
  const std::size_t errors_before = diagnostics_.error_count();
  if (!is_jsonld_package(package_)) {
    return fail(ErrorCode::parse_missing_field,
                package_.path() +
                    " is not an openLCA JSON-LD package: it has no olca-schema.json and no "
                    "processes/*.json; export the database from openLCA with File → Export → "
                    "JSON-LD",
                {.file = package_.path(), .row = 0, .field = "processes/", .record = ""});
  }
  problem_.name = package_.path();
  read_unit_groups();
  read_flow_properties();
  read_flows();
  read_processes();
  read_lcia();
  if (skipped_factors_ > 0) {
    diagnostics_.warning(
        ErrorCode::lca_unknown_flow,
        std::to_string(skipped_factors_) +
            " characterization factor(s) name flows that are not in the package "
            "and were left out (no process exchanges them)",
        {.file = package_.path(), .row = 0, .field = "lcia_categories/", .record = ""});
  }
  const std::size_t errors = diagnostics_.error_count() - errors_before;
  if (errors > 0) {
    for (const auto& item : diagnostics_.items()) {
      if (item.severity != Severity::error) continue;
      Error first{item.code, item.message, item.where, {}};
      first.add_context(std::to_string(errors) + " problem(s) in " + package_.path() +
                        "; nothing was imported");
      return tl::unexpected(first);
    }
  }
  return std::move(problem_);
}

}  // namespace

std::string carbonledger_unit_name(const std::string& olca_name) {
  if (olca_name == "t*km") return "tkm";
  if (olca_name == "Item(s)") return "item";
  return olca_name;
}

bool is_jsonld_package(const Package& package) {
  for (const auto& name : package.names()) {
    if (name == "olca-schema.json") return true;
    if (name.rfind("processes/", 0) == 0 && name.size() > 15 &&
        name.compare(name.size() - 5, 5, ".json") == 0) {
      return true;
    }
  }
  return false;
}

Result<lca::Problem> read_jsonld_package(Package& package, const LciaSelection& selection,
                                         Diagnostics& diagnostics) {
  return JsonldImport(package, selection, diagnostics).run();
}

Result<lca::Problem> read_jsonld(const std::string& path, const LciaSelection& selection,
                                 Diagnostics& diagnostics) {
  auto package = open_package(path);
  if (!package) return tl::unexpected(package.error());
  return read_jsonld_package(**package, selection, diagnostics);
}

}  // namespace cl::io

// lca::Problem → openLCA JSON-LD package (jsonld_writer.hpp). nlohmann::json writes each double
// in its shortest round-trip form, so the reader gets the same numbers back.
#include "io/jsonld_writer.hpp"

#include <cstdint>
#include <cstdio>
#include <map>
#include <set>

#include <nlohmann/json.hpp>

#include "core/units/unit.hpp"
#include "io/package.hpp"

namespace cl::io {
namespace {

using Json = nlohmann::ordered_json;

Json ref(std::string_view type, const std::string& id, const std::string& name) {
  return Json{{"@type", type}, {"@id", id}, {"name", name}};
}

std::string_view flow_type(lca::FlowKind kind) {
  switch (kind) {
    case lca::FlowKind::elementary:
      return "ELEMENTARY_FLOW";
    case lca::FlowKind::waste:
      return "WASTE_FLOW";
    case lca::FlowKind::product:
      break;
  }
  return "PRODUCT_FLOW";
}

std::optional<Json> uncertainty_json(const lca::Distribution& d, double amount) {
  switch (d.kind) {
    case lca::DistributionKind::lognormal:
      return Json{{"@type", "Uncertainty"},
                  {"distributionType", "LOG_NORMAL_DISTRIBUTION"},
                  {"geomMean", amount},
                  {"geomSd", d.gsd}};
    case lca::DistributionKind::normal:
      return Json{{"@type", "Uncertainty"},
                  {"distributionType", "NORMAL_DISTRIBUTION"},
                  {"mean", amount},
                  {"sd", d.sd}};
    case lca::DistributionKind::triangular:
      return Json{{"@type", "Uncertainty"},
                  {"distributionType", "TRIANGLE_DISTRIBUTION"},
                  {"minimum", d.min},
                  {"mode", d.mode},
                  {"maximum", d.max}};
    case lca::DistributionKind::uniform:
      return Json{{"@type", "Uncertainty"},
                  {"distributionType", "UNIFORM_DISTRIBUTION"},
                  {"minimum", d.min},
                  {"maximum", d.max}};
    case lca::DistributionKind::none:
      break;
  }
  return std::nullopt;
}

/// The unit group, flow property and unit ids of a unit name.
struct UnitIds {
  std::string group, property, unit;
};
UnitIds unit_ids(const std::string& unit) {
  return {stable_uuid("unit-group/" + unit), stable_uuid("flow-property/" + unit),
          stable_uuid("unit/" + unit)};
}

Json quantity_refs(Json& out, const std::string& unit) {
  const auto ids = unit_ids(unit);
  out["flowProperty"] = ref("FlowProperty", ids.property, "Quantity in " + unit);
  out["unit"] = ref("Unit", ids.unit, unit);
  return out;
}

/// The exchange amount in its flow's unit (the registry converts `g` to `kg`…).
Result<double> amount_in_flow_unit(const lca::Exchange& exchange, const lca::Flow& flow,
                                   const std::string& process) {
  if (exchange.unit.empty() || exchange.unit == flow.unit) return exchange.amount;
  const RecordRef where{.file = "", .row = 0, .field = "unit", .record = process};
  auto from = units::find_unit(exchange.unit, where);
  if (!from) return tl::unexpected(from.error());
  auto to = units::find_unit(flow.unit, where);
  if (!to) return tl::unexpected(to.error());
  return units::convert(exchange.amount, *from, *to, where);
}

/// Scales a distribution given in the exchange's unit into the flow's unit.
lca::Distribution scaled(lca::Distribution d, double factor) {
  d.sd *= std::abs(factor);
  d.min *= factor;
  d.mode *= factor;
  d.max *= factor;
  return d;
}

Result<Json> process_json(const lca::Problem& problem, const lca::Process& process,
                          const std::map<std::string, const lca::Flow*>& flows) {
  Json out{{"@type", "Process"},
           {"@id", process.id},
           {"name", process.name.empty() ? process.id : process.name},
           {"processType", "UNIT_PROCESS"}};
  Json exchanges = Json::array();
  bool reference_set = false;
  int internal_id = 0;
  for (const auto& exchange : process.exchanges) {
    const auto flow = flows.find(exchange.flow);
    if (flow == flows.end()) {
      return fail(ErrorCode::lca_unknown_flow,
                  "process '" + process.id + "' exchanges unknown flow '" + exchange.flow + "'",
                  exchange.where);
    }
    auto amount = amount_in_flow_unit(exchange, *flow->second, process.id);
    if (!amount) return tl::unexpected(amount.error());
    const double factor = exchange.amount == 0.0 ? 1.0 : *amount / exchange.amount;
    const bool is_input = (exchange.direction == lca::Direction::input) != exchange.avoided;
    Json item{{"@type", "Exchange"},
              {"internalId", ++internal_id},
              {"amount", *amount},
              {"isInput", is_input},
              {"isAvoidedProduct", exchange.avoided}};
    const bool provider_flow =
        !exchange.avoided && ((flow->second->kind == lca::FlowKind::product &&
                               exchange.direction == lca::Direction::output) ||
                              (flow->second->kind == lca::FlowKind::waste &&
                               exchange.direction == lca::Direction::input));
    const bool is_reference = !reference_set && provider_flow && exchange.flow == process.reference;
    reference_set = reference_set || is_reference;
    item["isQuantitativeReference"] = is_reference;
    item["flow"] = ref("Flow", flow->first, flow->second->name);
    quantity_refs(item, flow->second->unit);
    std::string provider = exchange.provider;
    if (provider.empty() && !provider_flow && flow->second->kind != lca::FlowKind::elementary) {
      const auto fallback = problem.default_providers.find(exchange.flow);
      if (fallback != problem.default_providers.end()) provider = fallback->second;
    }
    if (!provider.empty()) item["defaultProvider"] = ref("Process", provider, provider);
    if (auto u = uncertainty_json(scaled(exchange.uncertainty, factor), *amount)) {
      item["uncertainty"] = *u;
    }
    exchanges.push_back(std::move(item));
  }
  out["exchanges"] = std::move(exchanges);
  // Allocation: the engine's shares as openLCA's physical allocation factors per product.
  std::map<std::string, double> shares = process.allocation.factors;
  if (process.allocation.method == lca::AllocationMethod::physical ||
      process.allocation.method == lca::AllocationMethod::economic) {
    shares.clear();
    double total = 0.0;
    for (const auto& exchange : process.exchanges) {
      if (exchange.avoided || exchange.direction != lca::Direction::output) continue;
      const double per = process.allocation.method == lca::AllocationMethod::physical
                             ? exchange.physical
                             : exchange.price;
      if (per <= 0.0) continue;
      shares[exchange.flow] += std::abs(exchange.amount) * per;
      total += std::abs(exchange.amount) * per;
    }
    for (auto& [flow, share] : shares) share = total > 0.0 ? share / total : 0.0;
  }
  if (process.allocation.method != lca::AllocationMethod::none && !shares.empty()) {
    out["defaultAllocationMethod"] = "PHYSICAL_ALLOCATION";
    Json factors = Json::array();
    for (const auto& [flow, share] : shares) {
      const auto found = flows.find(flow);
      factors.push_back(
          {{"@type", "AllocationFactor"},
           {"allocationType", "PHYSICAL_ALLOCATION"},
           {"product", ref("Flow", flow, found == flows.end() ? flow : found->second->name)},
           {"value", share}});
    }
    out["allocationFactors"] = std::move(factors);
  }
  return out;
}

}  // namespace

std::string stable_uuid(std::string_view key) {
  auto fnv = [&](std::uint64_t hash) {
    for (const char ch : key) {
      hash ^= static_cast<unsigned char>(ch);
      hash *= 1099511628211ull;
    }
    return hash;
  };
  const std::uint64_t high = fnv(14695981039346656037ull);
  const std::uint64_t low = fnv(high ^ 0x9e3779b97f4a7c15ull);
  char text[40];
  std::snprintf(text, sizeof text, "%08x-%04x-%04x-%04x-%012llx", static_cast<unsigned>(high >> 32),
                static_cast<unsigned>((high >> 16) & 0xffff),
                static_cast<unsigned>(0x5000 | (high & 0x0fff)),
                static_cast<unsigned>(0x8000 | ((low >> 48) & 0x3fff)),
                static_cast<unsigned long long>(low & 0xffffffffffffull));
  return text;
}

Result<std::vector<std::pair<std::string, std::string>>> jsonld_entries(
    const lca::Problem& problem) {
  std::vector<std::pair<std::string, std::string>> out;
  out.emplace_back("olca-schema.json", Json{{"version", 2}}.dump());
  std::map<std::string, const lca::Flow*> flows;
  std::set<std::string> units;
  for (const auto& flow : problem.flows) {
    flows.emplace(flow.id, &flow);
    units.insert(flow.unit);
  }
  for (const auto& unit : units) {
    const auto ids = unit_ids(unit);
    Json group{{"@type", "UnitGroup"},
               {"@id", ids.group},
               {"name", "Units of " + unit},
               {"defaultFlowProperty", ref("FlowProperty", ids.property, "Quantity in " + unit)},
               {"units", Json::array({{{"@type", "Unit"},
                                       {"@id", ids.unit},
                                       {"name", unit},
                                       {"conversionFactor", 1.0},
                                       {"isRefUnit", true}}})}};
    out.emplace_back("unit_groups/" + ids.group + ".json", group.dump());
    Json property{{"@type", "FlowProperty"},
                  {"@id", ids.property},
                  {"name", "Quantity in " + unit},
                  {"flowPropertyType", "PHYSICAL_QUANTITY"},
                  {"unitGroup", ref("UnitGroup", ids.group, "Units of " + unit)}};
    out.emplace_back("flow_properties/" + ids.property + ".json", property.dump());
  }
  for (const auto& flow : problem.flows) {
    const auto ids = unit_ids(flow.unit);
    Json item{{"@type", "Flow"},
              {"@id", flow.id},
              {"name", flow.name.empty() ? flow.id : flow.name},
              {"flowType", flow_type(flow.kind)}};
    if (!flow.category.empty()) item["category"] = flow.category;
    item["flowProperties"] = Json::array(
        {{{"@type", "FlowPropertyFactor"},
          {"isRefFlowProperty", true},
          {"conversionFactor", 1.0},
          {"flowProperty", ref("FlowProperty", ids.property, "Quantity in " + flow.unit)}}});
    out.emplace_back("flows/" + flow.id + ".json", item.dump());
  }
  for (const auto& process : problem.processes) {
    auto item = process_json(problem, process, flows);
    if (!item) return tl::unexpected(item.error());
    out.emplace_back("processes/" + process.id + ".json", item->dump());
  }
  if (!problem.methods.empty()) {
    const std::string method_name = problem.name.empty() ? "CarbonLedger export" : problem.name;
    const std::string method_id = stable_uuid("lcia-method/" + method_name);
    Json categories = Json::array();
    for (const auto& method : problem.methods) {
      const std::string name = method.name.empty() ? method.id : method.name;
      categories.push_back(ref("ImpactCategory", method.id, name));
      Json factors = Json::array();
      for (const auto& factor : method.factors) {
        const auto flow = flows.find(factor.flow);
        if (flow == flows.end()) {
          return fail(
              ErrorCode::lca_unknown_flow,
              "method '" + method.id + "' has a factor for unknown flow '" + factor.flow + "'",
              method.where);
        }
        Json item{{"@type", "ImpactFactor"},
                  {"value", factor.value},
                  {"flow", ref("Flow", flow->first, flow->second->name)}};
        quantity_refs(item, flow->second->unit);
        if (auto u = uncertainty_json(factor.uncertainty, factor.value)) item["uncertainty"] = *u;
        factors.push_back(std::move(item));
      }
      Json category{{"@type", "ImpactCategory"},
                    {"@id", method.id},
                    {"name", name},
                    {"refUnit", method.unit},
                    {"impactFactors", std::move(factors)}};
      out.emplace_back("lcia_categories/" + method.id + ".json", category.dump());
    }
    Json method{{"@type", "ImpactMethod"},
                {"@id", method_id},
                {"name", method_name},
                {"impactCategories", std::move(categories)}};
    out.emplace_back("lcia_methods/" + method_id + ".json", method.dump());
  }
  std::sort(out.begin(), out.end());
  return out;
}

Result<void> write_jsonld(const lca::Problem& problem, const std::string& path) {
  auto entries = jsonld_entries(problem);
  if (!entries) return tl::unexpected(entries.error());
  return write_zip(path, *entries);
}

}  // namespace cl::io

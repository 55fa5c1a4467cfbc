// lca::Problem → lca-problem/1 JSON (lca_problem_writer.hpp): only the fields that differ from
// the format's defaults, in the order the format document lists them.
#include "io/lca_problem_writer.hpp"

namespace cl::io {
namespace {

using Json = nlohmann::ordered_json;

std::string_view kind_id(lca::FlowKind kind) {
  switch (kind) {
    case lca::FlowKind::elementary:
      return "elementary";
    case lca::FlowKind::waste:
      return "waste";
    case lca::FlowKind::product:
      break;
  }
  return "product";
}

std::optional<Json> uncertainty_json(const lca::Distribution& d) {
  switch (d.kind) {
    case lca::DistributionKind::lognormal:
      return Json{{"distribution", "lognormal"}, {"gsd", d.gsd}};
    case lca::DistributionKind::normal:
      return Json{{"distribution", "normal"}, {"sd", d.sd}};
    case lca::DistributionKind::triangular:
      return Json{{"distribution", "triangular"}, {"min", d.min}, {"mode", d.mode}, {"max", d.max}};
    case lca::DistributionKind::uniform:
      return Json{{"distribution", "uniform"}, {"min", d.min}, {"max", d.max}};
    case lca::DistributionKind::none:
      break;
  }
  return std::nullopt;
}

Json exchange_json(const lca::Exchange& exchange) {
  Json out{{"flow", exchange.flow},
           {"direction", exchange.direction == lca::Direction::input ? "input" : "output"},
           {"amount", exchange.amount}};
  if (!exchange.unit.empty()) out["unit"] = exchange.unit;
  if (exchange.avoided) out["avoided"] = true;
  if (!exchange.provider.empty()) out["provider"] = exchange.provider;
  if (exchange.physical != 0.0) out["physical"] = exchange.physical;
  if (exchange.price != 0.0) out["price"] = exchange.price;
  if (auto u = uncertainty_json(exchange.uncertainty)) out["uncertainty"] = *u;
  return out;
}

Json process_json(const lca::Process& process) {
  Json out{{"id", process.id}};
  if (!process.name.empty() && process.name != process.id) out["name"] = process.name;
  out["reference"] = process.reference;
  Json exchanges = Json::array();
  for (const auto& exchange : process.exchanges) exchanges.push_back(exchange_json(exchange));
  out["exchanges"] = std::move(exchanges);
  switch (process.allocation.method) {
    case lca::AllocationMethod::physical:
      out["allocation"] = {{"method", "physical"}};
      break;
    case lca::AllocationMethod::economic:
      out["allocation"] = {{"method", "economic"}};
      break;
    case lca::AllocationMethod::factors: {
      Json factors = Json::object();
      for (const auto& [flow, share] : process.allocation.factors) factors[flow] = share;
      out["allocation"] = {{"method", "factors"}, {"factors", std::move(factors)}};
      break;
    }
    case lca::AllocationMethod::none:
      break;
  }
  return out;
}

}  // namespace

Json lca_problem_json(const lca::Problem& problem, const std::string& description) {
  Json out{{"carbonledger", "lca-problem/1"}};
  if (!problem.name.empty()) out["name"] = problem.name;
  if (!description.empty()) out["description"] = description;
  Json flows = Json::array();
  for (const auto& flow : problem.flows) {
    Json item{{"id", flow.id}};
    if (!flow.name.empty() && flow.name != flow.id) item["name"] = flow.name;
    item["kind"] = kind_id(flow.kind);
    item["unit"] = flow.unit;
    if (!flow.category.empty()) item["category"] = flow.category;
    flows.push_back(std::move(item));
  }
  out["flows"] = std::move(flows);
  Json processes = Json::array();
  for (const auto& process : problem.processes) processes.push_back(process_json(process));
  out["processes"] = std::move(processes);
  if (!problem.methods.empty()) {
    Json methods = Json::array();
    for (const auto& method : problem.methods) {
      Json item{{"id", method.id}};
      if (!method.name.empty() && method.name != method.id) item["name"] = method.name;
      item["unit"] = method.unit;
      Json factors = Json::array();
      for (const auto& factor : method.factors) {
        Json f{{"flow", factor.flow}, {"value", factor.value}};
        if (auto u = uncertainty_json(factor.uncertainty)) f["uncertainty"] = *u;
        factors.push_back(std::move(f));
      }
      item["factors"] = std::move(factors);
      methods.push_back(std::move(item));
    }
    out["methods"] = std::move(methods);
  }
  if (!problem.default_providers.empty()) {
    Json providers = Json::object();
    for (const auto& [flow, process] : problem.default_providers) providers[flow] = process;
    out["providers"] = std::move(providers);
  }
  if (!problem.demand.empty()) {
    Json demand = Json::array();
    for (const auto& line : problem.demand) {
      Json item{{"flow", line.flow}, {"amount", line.amount}};
      if (!line.provider.empty()) item["provider"] = line.provider;
      demand.push_back(std::move(item));
    }
    out["demand"] = std::move(demand);
  }
  return out;
}

}  // namespace cl::io

// Small helpers to write life-cycle problems in tests as code: a flow, a process with its
// exchanges, a method. Only data; every expected number lives in the tests with its arithmetic.
#pragma once

#include <string>
#include <vector>

#include "core/lca/problem.hpp"

namespace cl::lca::test {

inline Flow product(std::string id, std::string unit) {
  return {id, id, FlowKind::product, std::move(unit), {}, {}};
}
inline Flow waste(std::string id, std::string unit) {
  return {id, id, FlowKind::waste, std::move(unit), {}, {}};
}
inline Flow elementary(std::string id, std::string unit) {
  return {id, id, FlowKind::elementary, std::move(unit), "air", {}};
}
inline Exchange output(std::string flow, double amount) {
  Exchange exchange;
  exchange.flow = std::move(flow);
  exchange.direction = Direction::output;
  exchange.amount = amount;
  return exchange;
}
inline Exchange input(std::string flow, double amount) {
  Exchange exchange = output(std::move(flow), amount);
  exchange.direction = Direction::input;
  return exchange;
}
inline Exchange avoided(Exchange exchange) {
  exchange.avoided = true;
  return exchange;
}
inline Process process(std::string id, std::string reference, std::vector<Exchange> exchanges) {
  Process out;
  out.id = id;
  out.name = id;
  out.reference = std::move(reference);
  out.exchanges = std::move(exchanges);
  return out;
}
/// GWP-like method: one factor per listed flow.
inline Method method(std::string id, std::vector<std::pair<std::string, double>> factors) {
  Method out;
  out.id = id;
  out.name = id;
  out.unit = "kg CO2e";
  for (auto& [flow, value] : factors) out.factors.push_back({flow, value, {}});
  return out;
}

}  // namespace cl::lca::test

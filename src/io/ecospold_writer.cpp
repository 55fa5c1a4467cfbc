// lca::Problem → EcoSpold 2 (ecospold_writer.hpp), with pugixml. Numbers are written in their
// shortest round-trip form (std::to_chars), so the reader gets the same doubles back.
#include "io/ecospold_writer.hpp"

#include <charconv>
#include <cmath>
#include <map>
#include <pugixml.hpp>
#include <sstream>

#include "io/jsonld_writer.hpp"
#include "io/package.hpp"

namespace cl::io {
namespace {

std::string number(double value) {
  char buffer[64];
  const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
  return std::string(buffer, result.ptr);
}

void write_uncertainty(pugi::xml_node exchange, const lca::Distribution& d, double amount) {
  if (!d.uncertain()) return;
  auto node = exchange.append_child("uncertainty");
  switch (d.kind) {
    case lca::DistributionKind::lognormal: {
      auto item = node.append_child("lognormal");
      const double variance = std::log(d.gsd) * std::log(d.gsd);
      item.append_attribute("meanValue") = number(amount).c_str();
      item.append_attribute("mu") = number(std::log(std::abs(amount))).c_str();
      item.append_attribute("variance") = number(variance).c_str();
      item.append_attribute("varianceWithPedigreeUncertainty") = number(variance).c_str();
      break;
    }
    case lca::DistributionKind::normal: {
      auto item = node.append_child("normal");
      item.append_attribute("meanValue") = number(amount).c_str();
      item.append_attribute("variance") = number(d.sd * d.sd).c_str();
      item.append_attribute("varianceWithPedigreeUncertainty") = number(d.sd * d.sd).c_str();
      break;
    }
    case lca::DistributionKind::triangular: {
      auto item = node.append_child("triangular");
      item.append_attribute("minValue") = number(d.min).c_str();
      item.append_attribute("mostLikelyValue") = number(d.mode).c_str();
      item.append_attribute("maxValue") = number(d.max).c_str();
      break;
    }
    case lca::DistributionKind::uniform: {
      auto item = node.append_child("uniform");
      item.append_attribute("minValue") = number(d.min).c_str();
      item.append_attribute("maxValue") = number(d.max).c_str();
      break;
    }
    case lca::DistributionKind::none:
      break;
  }
}

void text_child(pugi::xml_node parent, const char* name, const std::string& text) {
  auto node = parent.append_child(name);
  node.append_attribute("xml:lang") = "en";
  node.text().set(text.c_str());
}

}  // namespace

Result<std::vector<std::pair<std::string, std::string>>> ecospold_entries(
    const lca::Problem& problem) {
  std::map<std::string, const lca::Flow*> flows;
  for (const auto& flow : problem.flows) flows.emplace(flow.id, &flow);
  std::map<std::string, std::string> reference_of;  // process id → reference flow
  for (const auto& process : problem.processes) reference_of[process.id] = process.reference;
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& process : problem.processes) {
    if (process.allocation.method != lca::AllocationMethod::none) {
      return fail(ErrorCode::lca_allocation,
                  "process '" + process.id +
                      "' is allocated; EcoSpold 2 datasets hold one product each: split it into "
                      "one process per product before exporting",
                  process.where);
    }
    pugi::xml_document document;
    auto declaration = document.append_child(pugi::node_declaration);
    declaration.append_attribute("version") = "1.0";
    declaration.append_attribute("encoding") = "UTF-8";
    auto root = document.append_child("ecoSpold");
    root.append_attribute("xmlns") = "http://www.EcoInvent.org/EcoSpold02";
    auto dataset = root.append_child("activityDataset");
    auto activity = dataset.append_child("activityDescription").append_child("activity");
    activity.append_attribute("id") = process.id.c_str();
    activity.append_attribute("activityNameId") =
        stable_uuid("activity-name/" + process.id).c_str();
    text_child(activity, "activityName", process.name.empty() ? process.id : process.name);
    auto flow_data = dataset.append_child("flowData");
    bool reference_written = false;
    std::size_t exchange_index = 0;
    for (const auto& exchange : process.exchanges) {
      const auto found = flows.find(exchange.flow);
      if (found == flows.end()) {
        return fail(ErrorCode::lca_unknown_flow,
                    "process '" + process.id + "' exchanges unknown flow '" + exchange.flow + "'",
                    exchange.where);
      }
      const auto& flow = *found->second;
      if (exchange.avoided) {
        return fail(ErrorCode::parse_bad_value,
                    "process '" + process.id + "' has an avoided exchange of '" + exchange.flow +
                        "', which EcoSpold 2 cannot hold; write it as a negative input instead",
                    exchange.where);
      }
      const bool elementary = flow.kind == lca::FlowKind::elementary;
      const bool waste = flow.kind == lca::FlowKind::waste;
      // ecoinvent's waste convention: the opposite direction with a negative amount.
      bool input = exchange.direction == lca::Direction::input;
      double amount = exchange.amount;
      lca::Distribution uncertainty = exchange.uncertainty;
      if (waste) {
        input = !input;
        amount = -amount;
        std::swap(uncertainty.min, uncertainty.max);
        uncertainty.min = -uncertainty.min;
        uncertainty.max = -uncertainty.max;
        uncertainty.mode = -uncertainty.mode;
      }
      auto node =
          flow_data.append_child(elementary ? "elementaryExchange" : "intermediateExchange");
      node.append_attribute("id") =
          stable_uuid(process.id + "/" + std::to_string(exchange_index++)).c_str();
      node.append_attribute(elementary ? "elementaryExchangeId" : "intermediateExchangeId") =
          flow.id.c_str();
      node.append_attribute("unitId") =
          stable_uuid("unit/" + (exchange.unit.empty() ? flow.unit : exchange.unit)).c_str();
      node.append_attribute("amount") = number(amount).c_str();
      const bool is_reference = !reference_written && !elementary &&
                                exchange.flow == process.reference &&
                                (waste ? exchange.direction == lca::Direction::input
                                       : exchange.direction == lca::Direction::output);
      reference_written = reference_written || is_reference;
      if (!elementary && !exchange.provider.empty()) {
        node.append_attribute("activityLinkId") = exchange.provider.c_str();
      }
      text_child(node, "name", flow.name.empty() ? flow.id : flow.name);
      text_child(node, "unitName", exchange.unit.empty() ? flow.unit : exchange.unit);
      write_uncertainty(node, uncertainty, amount);
      if (elementary) {
        auto compartment = node.append_child("compartment");
        const auto slash = flow.category.find('/');
        text_child(compartment, "compartment", flow.category.substr(0, slash));
        if (slash != std::string::npos) {
          text_child(compartment, "subcompartment", flow.category.substr(slash + 1));
        }
      }
      const int group = input ? (elementary ? 4 : 5) : (elementary ? 4 : (is_reference ? 0 : 2));
      node.append_child(input ? "inputGroup" : "outputGroup").text().set(group);
    }
    std::ostringstream text;
    document.save(text, "  ", pugi::format_default, pugi::encoding_utf8);
    out.emplace_back(process.id + ".spold", text.str());
  }
  return out;
}

Result<void> write_ecospold(const lca::Problem& problem, const std::string& path) {
  auto entries = ecospold_entries(problem);
  if (!entries) return tl::unexpected(entries.error());
  return write_zip(path, *entries);
}

}  // namespace cl::io

#include "io/lca_writer.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace cl::io {
namespace {

std::string share(double part, double total) {
  return total == 0.0 ? "-" : fmt::format("{:.1f} %", 100.0 * part / total);
}

std::string csv_field(const std::string& text) {
  if (text.find_first_of(",\"\n") == std::string::npos) return text;
  std::string out = "\"";
  for (const char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

nlohmann::json activity_json(const lca::MatrixSystem& system, std::size_t j) {
  const auto& activity = system.activities[j];
  nlohmann::json out = {{"index", j + 1},
                        {"process", activity.process},
                        {"process_name", activity.process_name},
                        {"flow", activity.flow},
                        {"flow_name", activity.flow_name},
                        {"unit", activity.unit}};
  if (activity.waste) out["waste"] = true;
  if (activity.share != 1.0) out["allocation_share"] = activity.share;
  return out;
}

}  // namespace

nlohmann::json solve_report_json(const lca::SolveReport& report) {
  return {{"solver", lca::solver_kind_name(report.used)}, {"iterations", report.iterations},
          {"relative_residual", report.residual},         {"blocks", report.blocks},
          {"largest_block", report.largest_block},        {"fell_back", report.fell_back}};
}

std::string render_lca_table(const lca::MatrixSystem& system, const lca::LcaResult& result,
                             std::size_t top) {
  std::string out;
  out += fmt::format("Life-cycle result 生命週期結果: {} activities, {} elementary flows\n",
                     system.size(), system.flows.size());
  out += "Demand 需求:\n";
  for (std::size_t j = 0; j < system.size(); ++j) {
    const double amount = result.demand[static_cast<Eigen::Index>(j)];
    if (amount != 0.0) {
      out += fmt::format("  {:>14.6g} {} {}\n", amount, system.activities[j].unit,
                         system.activity_label(j));
    }
  }
  out +=
      fmt::format("Solver {}: {} iteration(s), relative residual {:.1e}, {} block(s), largest {}\n",
                  lca::solver_kind_name(result.report.used), result.report.iterations,
                  result.report.residual, result.report.blocks, result.report.largest_block);
  for (const auto& method : result.methods) {
    const auto& info = system.methods[method.method];
    out += fmt::format("\n{} ({}): {:.6g} {}\n", info.name.empty() ? info.id : info.name, info.id,
                       method.score, info.unit);
    if (method.contributions.empty()) continue;
    out += fmt::format("  {:>14} {:>8} {:>14} {:>8}  {}\n", "direct", "share", "upstream", "share",
                       "process 製程 (直接 direct, 上游 upstream)");
    const auto count = std::min(top, method.contributions.size());
    for (std::size_t k = 0; k < count; ++k) {
      const auto& item = method.contributions[k];
      out += fmt::format("  {:>14.6g} {:>8} {:>14.6g} {:>8}  {}\n", item.direct,
                         share(item.direct, method.score), item.upstream,
                         share(item.upstream, method.score), system.activity_label(item.activity));
    }
    if (method.contributions.size() > count) {
      out += fmt::format("  … {} more (use --format json for all)\n",
                         method.contributions.size() - count);
    }
  }
  std::vector<std::size_t> order(system.flows.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](std::size_t lhs, std::size_t rhs) {
    return std::abs(result.inventory[static_cast<Eigen::Index>(lhs)]) >
           std::abs(result.inventory[static_cast<Eigen::Index>(rhs)]);
  });
  out += "\nInventory 清單 (largest flows):\n";
  for (std::size_t k = 0; k < std::min(top, order.size()); ++k) {
    const auto& flow = system.flows[order[k]];
    out +=
        fmt::format("  {:>14.6g} {:<6} {}\n", result.inventory[static_cast<Eigen::Index>(order[k])],
                    flow.unit, flow.name.empty() ? flow.id : flow.name + " (" + flow.id + ")");
  }
  return out;
}

nlohmann::json lca_json(const lca::MatrixSystem& system, const lca::LcaResult& result) {
  nlohmann::json out;
  out["solver"] = solve_report_json(result.report);
  out["demand"] = nlohmann::json::array();
  out["supply"] = nlohmann::json::array();
  for (std::size_t j = 0; j < system.size(); ++j) {
    const auto index = static_cast<Eigen::Index>(j);
    if (result.demand[index] != 0.0) {
      auto line = activity_json(system, j);
      line["amount"] = result.demand[index];
      out["demand"].push_back(line);
    }
    if (result.supply[index] != 0.0) {
      auto line = activity_json(system, j);
      line["scaling"] = result.supply[index];
      out["supply"].push_back(line);
    }
  }
  out["inventory"] = nlohmann::json::array();
  for (std::size_t i = 0; i < system.flows.size(); ++i) {
    const double amount = result.inventory[static_cast<Eigen::Index>(i)];
    if (amount == 0.0) continue;
    const auto& flow = system.flows[i];
    out["inventory"].push_back({{"flow", flow.id},
                                {"name", flow.name},
                                {"category", flow.category},
                                {"unit", flow.unit},
                                {"amount", amount}});
  }
  out["methods"] = nlohmann::json::array();
  for (const auto& method : result.methods) {
    const auto& info = system.methods[method.method];
    nlohmann::json line = {
        {"id", info.id}, {"name", info.name}, {"unit", info.unit}, {"score", method.score}};
    line["contributions"] = nlohmann::json::array();
    for (const auto& item : method.contributions) {
      line["contributions"].push_back({{"process", system.activities[item.activity].process},
                                       {"flow", system.activities[item.activity].flow},
                                       {"direct", item.direct},
                                       {"upstream", item.upstream}});
    }
    nlohmann::json graph = {{"cutoff", method.graph.cutoff}};
    graph["nodes"] = nlohmann::json::array();
    for (std::size_t k = 0; k < method.graph.nodes.size(); ++k) {
      const auto j = method.graph.nodes[k];
      auto node = activity_json(system, j);
      const auto found = std::find_if(method.contributions.begin(), method.contributions.end(),
                                      [&](const auto& item) { return item.activity == j; });
      node["upstream"] = found == method.contributions.end() ? 0.0 : found->upstream;
      node["direct"] = found == method.contributions.end() ? 0.0 : found->direct;
      node["cut_off"] = method.graph.cut_off[k];
      graph["nodes"].push_back(node);
    }
    graph["links"] = nlohmann::json::array();
    for (const auto& edge : method.graph.edges) {
      graph["links"].push_back({{"source", edge.provider + 1},
                                {"target", edge.consumer + 1},
                                {"amount", edge.amount},
                                {"unit", system.activities[edge.provider].unit},
                                {"impact", edge.impact}});
    }
    line["graph"] = graph;
    out["methods"].push_back(line);
  }
  return out;
}

std::string render_all_products_table(const lca::MatrixSystem& system,
                                      const lca::AllProductsResult& result) {
  const auto& info = system.methods[result.method];
  std::string out =
      fmt::format("Footprint of every product 各產品足跡, {} ({}), one transposed solve\n",
                  info.name.empty() ? info.id : info.name, info.unit);
  out += fmt::format("  {:>16} {:<10} {}\n", info.unit, "per", "product 產品");
  for (std::size_t j = 0; j < system.size(); ++j) {
    out += fmt::format("  {:>16.6g} {:<10} {}\n", result.footprints[static_cast<Eigen::Index>(j)],
                       system.activities[j].unit, system.activity_label(j));
  }
  return out;
}

nlohmann::json all_products_json(const lca::MatrixSystem& system,
                                 const lca::AllProductsResult& result) {
  const auto& info = system.methods[result.method];
  nlohmann::json out = {{"method", {{"id", info.id}, {"name", info.name}, {"unit", info.unit}}},
                        {"solver", solve_report_json(result.report)}};
  out["products"] = nlohmann::json::array();
  for (std::size_t j = 0; j < system.size(); ++j) {
    auto line = activity_json(system, j);
    line["footprint"] = result.footprints[static_cast<Eigen::Index>(j)];
    out["products"].push_back(line);
  }
  return out;
}

std::string render_all_products_csv(const lca::MatrixSystem& system,
                                    const lca::AllProductsResult& result) {
  const auto& info = system.methods[result.method];
  std::string out = "activity,process,flow,unit,footprint,method_unit\n";
  for (std::size_t j = 0; j < system.size(); ++j) {
    const auto& activity = system.activities[j];
    out += fmt::format("{},{},{},{},{:.17g},{}\n", j + 1, csv_field(activity.process),
                       csv_field(activity.flow), csv_field(activity.unit),
                       result.footprints[static_cast<Eigen::Index>(j)], csv_field(info.unit));
  }
  return out;
}

std::string render_lca_monte_carlo_table(const lca::MatrixSystem& system,
                                         const lca::MonteCarloResult& result) {
  std::string out = fmt::format(
      "Monte Carlo 蒙地卡羅, {} draws, seed {}, {} thread(s); {:.1f} iterations per draw, {} "
      "refactorization(s)\n",
      result.draws, result.seed, result.threads, result.mean_iterations, result.refactorizations);
  for (const auto& method : result.methods) {
    const auto& info = system.methods[method.method];
    out += fmt::format(
        "\n{} ({})\n  nominal {:>14.6g}\n  mean    {:>14.6g}\n  sd      {:>14.6g}\n"
        "  2.5 %   {:>14.6g}\n  5 %     {:>14.6g}\n  50 %    {:>14.6g}\n  95 %    {:>14.6g}\n"
        "  97.5 %  {:>14.6g}\n",
        info.name.empty() ? info.id : info.name, info.unit, method.nominal, method.mean, method.sd,
        method.p2_5, method.p5, method.p50, method.p95, method.p97_5);
  }
  return out;
}

nlohmann::json lca_monte_carlo_json(const lca::MatrixSystem& system,
                                    const lca::MonteCarloResult& result) {
  nlohmann::json out = {{"draws", result.draws},
                        {"seed", result.seed},
                        {"threads", result.threads},
                        {"mean_iterations", result.mean_iterations},
                        {"refactorizations", result.refactorizations}};
  out["methods"] = nlohmann::json::array();
  for (const auto& method : result.methods) {
    const auto& info = system.methods[method.method];
    nlohmann::json line = {{"id", info.id},        {"unit", info.unit}, {"nominal", method.nominal},
                           {"mean", method.mean},  {"sd", method.sd},   {"p2_5", method.p2_5},
                           {"p5", method.p5},      {"p50", method.p50}, {"p95", method.p95},
                           {"p97_5", method.p97_5}};
    if (!method.draws.empty()) line["draws"] = method.draws;
    out["methods"].push_back(line);
  }
  return out;
}

}  // namespace cl::io

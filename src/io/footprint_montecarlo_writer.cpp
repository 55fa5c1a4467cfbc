#include "io/footprint_montecarlo_writer.hpp"

#include <fmt/format.h>

namespace cl::io {
namespace {

using footprint::format_amount;

nlohmann::json spread_json(const footprint::Spread& spread) {
  return {{"nominal", spread.nominal}, {"mean", spread.mean},  {"sd", spread.sd},
          {"p2_5", spread.p2_5},       {"p5", spread.p5},      {"p50", spread.p50},
          {"p95", spread.p95},         {"p97_5", spread.p97_5}};
}

}  // namespace

std::string render_footprint_montecarlo_table(const footprint::Study& study,
                                              const footprint::FootprintMonteCarlo& result) {
  const auto& total = result.total;
  std::string out;
  out += fmt::format("product footprint uncertainty 產品碳足跡不確定性 {}: {}\n", study.id,
                     study.product_name);
  out += fmt::format("  Monte Carlo 蒙地卡羅: {} draws, seed {}, {} uncertain line(s)\n",
                     result.draws, result.seed, result.uncertain_lines);
  out += fmt::format("  kg CO2e per {}: nominal 名目值 {}, mean 平均 {} ± SD 標準差 {}\n",
                     study.declared_unit, format_amount(total.nominal), format_amount(total.mean),
                     format_amount(total.sd));
  out += fmt::format("  95 % interval 區間 [{}, {}]; 5 % {}, median 中位數 {}, 95 % {}\n",
                     format_amount(total.p2_5), format_amount(total.p97_5), format_amount(total.p5),
                     format_amount(total.p50), format_amount(total.p95));
  out += "\nstage 階段          nominal         mean           SD\n";
  for (const auto& stage : result.stages) {
    out += fmt::format("  {:<16} {:>12} {:>12} {:>12}\n", footprint::stage_id(stage.stage),
                       format_amount(stage.spread.nominal), format_amount(stage.spread.mean),
                       format_amount(stage.spread.sd));
  }
  return out;
}

nlohmann::json footprint_montecarlo_json(const footprint::Study& study,
                                         const footprint::FootprintMonteCarlo& result) {
  nlohmann::json stages = nlohmann::json::array();
  for (const auto& stage : result.stages) {
    auto item = spread_json(stage.spread);
    item["stage"] = footprint::stage_id(stage.stage);
    stages.push_back(std::move(item));
  }
  nlohmann::json out = {{"study", study.id},
                        {"declared_unit", study.declared_unit},
                        {"unit", "kg CO2e"},
                        {"draws", result.draws},
                        {"seed", result.seed},
                        {"uncertain_lines", result.uncertain_lines},
                        {"total", spread_json(result.total)},
                        {"stages", std::move(stages)}};
  if (!result.values.empty()) out["values"] = result.values;
  return out;
}

}  // namespace cl::io

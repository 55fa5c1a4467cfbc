#include "io/footprint_writer.hpp"

#include <fmt/format.h>

namespace cl::io {
namespace {

using footprint::format_amount;

std::string stage_label(footprint::Stage stage) {
  switch (stage) {
    case footprint::Stage::raw_materials:
      return "原料取得 raw materials";
    case footprint::Stage::transport:
      return "運輸 transport";
    case footprint::Stage::manufacturing:
      return "製造 manufacturing";
    case footprint::Stage::distribution:
      return "配送 distribution";
    case footprint::Stage::use:
      return "使用 use";
    case footprint::Stage::end_of_life:
      return "廢棄 end of life";
  }
  return "?";
}

double percent(double part, double total) {
  return total == 0.0 ? 0.0 : part / total * 100.0;
}

nlohmann::json dqr_json(const footprint::Dqr& dqr) {
  return {{"technological", dqr.technological},
          {"temporal", dqr.temporal},
          {"geographical", dqr.geographical},
          {"completeness", dqr.completeness},
          {"reliability", dqr.reliability}};
}

}  // namespace

std::string render_footprint_table(const footprint::Study& study, const footprint::Profile& profile,
                                   const footprint::FootprintResult& result) {
  std::string out;
  out += fmt::format("product footprint 產品碳足跡 {}: {}\n", study.id, study.product_name);
  out += fmt::format("  {} {}, {} to {}, {} (GWP {})\n", profile.title,
                     footprint::boundary_id(study.boundary), study.period_start, study.period_end,
                     study.country, study.gwp);
  out += fmt::format("  total 總計 {} kg CO2e per {} (1 {})\n", format_amount(result.total),
                     study.declared_unit, study.declared_unit);
  out += "\nstage 階段                          kg CO2e       %\n";
  for (const auto& stage : result.stages) {
    out += fmt::format("  {:<32} {:>12} {:>7.2f}\n", stage_label(stage.stage),
                       format_amount(stage.emissions), percent(stage.emissions, result.total));
  }
  out += "\nline 項目     stage            amount per unit         kg CO2e       %  source\n";
  for (const auto& line : result.lines) {
    out += fmt::format(
        "  {:<10} {:<15} {:>14} {:<8} {:>12} {:>7.2f}  {}: {}{}\n", line.id,
        footprint::stage_id(line.stage), format_amount(line.amount), line.unit,
        format_amount(line.emissions), percent(line.emissions, result.total),
        footprint::source_kind_id(line.kind), line.source,
        line.shared ? fmt::format(" [allocated share {}]", format_amount(line.allocated_share))
                    : "");
  }
  out += "\ngases 溫室氣體 (kg CO2e per declared unit)\n";
  for (const auto& [gas, value] : result.gases) {
    out += fmt::format("  {:<12} {:>12}\n", gas, format_amount(value));
  }
  out += fmt::format("  {:<12} {:>12}\n", "unspecified", format_amount(result.gases_unspecified));
  out += "\nhot spots 熱點 (lines of 5 % or more)\n";
  for (std::size_t index : result.hot_spots) {
    const auto& line = result.lines[index];
    out += fmt::format("  {:<10} {:>7.2f} %  {}\n", line.id, percent(line.emissions, result.total),
                       line.description);
  }
  out += fmt::format("\nprimary data share 初級數據占比 {:.2f} %\n", result.primary_data_share);
  if (result.quality) {
    const auto& q = *result.quality;
    out += fmt::format(
        "data quality DQR (PACT, 1 best – 3): technological {:.2f}, temporal {:.2f}, "
        "geographical {:.2f}, completeness {:.2f}, reliability {:.2f}; coverage {:.2f} %\n",
        q.dqr.technological, q.dqr.temporal, q.dqr.geographical, q.dqr.completeness,
        q.dqr.reliability, q.coverage_percent);
  } else {
    out += "data quality DQR: not rated (no line above 5 % has a DQR)\n";
  }
  if (result.biogenic_co2 != 0.0) {
    out += fmt::format("biogenic CO2 (not in the total) {} kg per {}\n",
                       format_amount(result.biogenic_co2), study.declared_unit);
  }
  out += fmt::format("exempted (cut-off) {} % of at most {} %\n",
                     format_amount(result.exempted_percent),
                     format_amount(profile.max_exempted_percent));
  out += profile.report_wording + "\n";
  return out;
}

nlohmann::json footprint_json(const footprint::Study& study, const footprint::Profile& profile,
                              const footprint::FootprintResult& result) {
  nlohmann::json stages = nlohmann::json::array();
  for (const auto& stage : result.stages) {
    stages.push_back({{"stage", footprint::stage_id(stage.stage)}, {"kg_co2e", stage.emissions}});
  }
  nlohmann::json lines = nlohmann::json::array();
  for (const auto& line : result.lines) {
    nlohmann::json item = {{"id", line.id},
                           {"stage", footprint::stage_id(line.stage)},
                           {"description", line.description},
                           {"shared", line.shared},
                           {"amount", line.amount},
                           {"unit", line.unit},
                           {"source_kind", footprint::source_kind_id(line.kind)},
                           {"source", line.source},
                           {"kg_co2e_per_unit", line.per_unit},
                           {"kg_co2e", line.emissions},
                           {"primary_fraction", line.primary_fraction}};
    if (line.shared) item["allocated_share"] = line.allocated_share;
    if (!line.gases.empty()) item["gases"] = line.gases;
    if (line.biogenic_co2 != 0.0) item["biogenic_co2"] = line.biogenic_co2;
    if (line.dqr) item["dqr"] = dqr_json(*line.dqr);
    lines.push_back(item);
  }
  nlohmann::json hot = nlohmann::json::array();
  for (std::size_t index : result.hot_spots) hot.push_back(result.lines[index].id);
  nlohmann::json out = {{"study", study.id},
                        {"product", study.product_name},
                        {"profile", profile.id},
                        {"boundary", footprint::boundary_id(study.boundary)},
                        {"declared_unit", study.declared_unit},
                        {"period", {{"start", study.period_start}, {"end", study.period_end}}},
                        {"total_kg_co2e", result.total},
                        {"biogenic_co2", result.biogenic_co2},
                        {"stages", stages},
                        {"lines", lines},
                        {"gases", result.gases},
                        {"gases_unspecified", result.gases_unspecified},
                        {"hot_spots", hot},
                        {"primary_data_share", result.primary_data_share},
                        {"exempted_percent", result.exempted_percent},
                        {"report_wording", profile.report_wording}};
  if (result.quality) {
    out["data_quality"] = dqr_json(result.quality->dqr);
    out["data_quality"]["coverage_percent"] = result.quality->coverage_percent;
  }
  return out;
}

}  // namespace cl::io

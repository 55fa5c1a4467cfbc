#include "io/offsets_writer.hpp"

#include <fmt/format.h>

namespace cl::io {
namespace {

using nlohmann::json;

std::string number(double value) {
  // Up to 4 decimals, trailing zeros removed: 19.5624, 72, 0.494.
  std::string text = fmt::format("{:.4f}", value);
  while (!text.empty() && text.back() == '0') text.pop_back();
  if (!text.empty() && text.back() == '.') text.pop_back();
  if (text == "-0") text = "0";
  return text;
}

std::string verification_mark(const Provenance& source) {
  switch (source.verification) {
    case Verification::verified:
      return "[verified]";
    case Verification::secondary:
      return "[secondary source]";
    case Verification::unverified:
      return "[unverified]";
  }
  return "";
}

void render_period(std::string& out, const offsets::Method& method,
                   const offsets::PeriodResult& period) {
  out += fmt::format("  Monitoring period 監測期間 {} ({} to {})\n", period.period,
                     period.from.to_string(), period.to.to_string());
  out += fmt::format("    {:<28} {:>14}  {:<10} {}\n", "parameter 參數", "value", "unit",
                     "source / frequency / supplied by");
  for (const auto& spec : method.parameters) {
    const auto found = period.values.find(spec.id);
    if (found == period.values.end()) continue;
    const auto who = period.supplied_by.find(spec.id);
    out += fmt::format(
        "    {:<28} {:>14}  {:<10} {}; {}{}\n", spec.id, number(found->second), spec.unit,
        spec.source, spec.frequency,
        who == period.supplied_by.end() ? std::string() : "; supplied by " + who->second);
  }
  for (const auto& sample : period.samples) {
    const auto& e = sample.estimate;
    out += fmt::format(
        "    sample {}: n = {} of N = {} (required {}), mean {}, SD {}, CV {}, precision ±{} % "
        "→ {} {}\n",
        sample.parameter, e.n, e.population, e.required_n, number(e.mean), number(e.sd),
        number(e.cv), number(100.0 * e.achieved_precision),
        e.precision_met ? "mean used" : "conservative bound used", number(e.value_used));
  }
  out += fmt::format("    {:<7} {:>14}  {:<9} {:<40} {}\n", "symbol", "value", "unit", "formula",
                     "description");
  for (const auto& line : period.emissions.lines) {
    out += fmt::format("    {:<7} {:>14}  {:<9} {:<40} {}\n", line.symbol, number(line.value),
                       line.unit, line.formula, line.description);
  }
  out += fmt::format("    credits 減量額度 {} t CO2e (whole tonnes of the reduction)\n",
                     number(period.credits_t));
}

json period_json(const offsets::PeriodResult& period) {
  json lines = json::array();
  for (const auto& line : period.emissions.lines) {
    lines.push_back({{"symbol", line.symbol},
                     {"description", line.description},
                     {"formula", line.formula},
                     {"value", line.value},
                     {"unit", line.unit}});
  }
  json samples = json::array();
  for (const auto& sample : period.samples) {
    const auto& e = sample.estimate;
    samples.push_back({{"parameter", sample.parameter},
                       {"n", e.n},
                       {"population", e.population},
                       {"required_n", e.required_n},
                       {"mean", e.mean},
                       {"sd", e.sd},
                       {"cv", e.cv},
                       {"cv_used", e.cv_used},
                       {"achieved_precision", e.achieved_precision},
                       {"precision_met", e.precision_met},
                       {"value_used", e.value_used}});
  }
  json values = json::object();
  for (const auto& [id, value] : period.values) values[id] = value;
  return {{"period", period.period},
          {"from", period.from.to_string()},
          {"to", period.to.to_string()},
          {"parameters", values},
          {"supplied_by", period.supplied_by},
          {"samples", samples},
          {"baseline_t", period.emissions.baseline_t},
          {"project_t", period.emissions.project_t},
          {"leakage_t", period.emissions.leakage_t},
          {"reduction_t", period.emissions.reduction_t},
          {"energy_saved_mwh", period.emissions.energy_saved_mwh},
          {"energy_saved_gj", period.emissions.energy_saved_gj},
          {"credits_t", period.credits_t},
          {"lines", lines}};
}

json totals_json(const offsets::Totals& totals) {
  return {{"baseline_t", totals.baseline_t},
          {"project_t", totals.project_t},
          {"leakage_t", totals.leakage_t},
          {"reduction_t", totals.reduction_t},
          {"credits_t", totals.credits_t},
          {"energy_saved_mwh", totals.energy_saved_mwh},
          {"energy_saved_gj", totals.energy_saved_gj}};
}

std::string totals_line(const offsets::Totals& totals) {
  return fmt::format("baseline {} − project {} − leakage {} = reduction {} t CO2e; credits {} t",
                     number(totals.baseline_t), number(totals.project_t), number(totals.leakage_t),
                     number(totals.reduction_t), number(totals.credits_t));
}

}  // namespace

std::string render_offsets_table(const offsets::Project& project,
                                 const offsets::ProjectResult& result) {
  const auto& method = *result.method;
  const bool programmatic = project.type == offsets::ProjectType::programmatic;
  std::string out;
  out += fmt::format("Offset project 抵換專案 {}: {}\n", project.id, project.name);
  out += fmt::format("  type {} ({}), scale {}, proponent {}{}\n",
                     offsets::project_type_id(project.type), programmatic ? "方案型" : "計畫型",
                     project.scale, project.proponent,
                     programmatic ? ", CME 整合管理機構 " + project.cme : std::string());
  out += fmt::format("  method 減量方法 {}: {}\n", method.id, method.title);
  out += fmt::format("    {}, version: {} {}\n", method.source.document, method.source.version,
                     verification_mark(method.source));
  out += fmt::format("  crediting period 計入期 {} to {} (period {})\n",
                     project.crediting_start.to_string(), project.crediting_end.to_string(),
                     project.crediting_period_number);
  std::string tests;
  for (auto test : project.additionality.tests) {
    tests += (tests.empty() ? "" : ", ") + std::string(offsets::additionality_test_id(test));
  }
  out += fmt::format("  additionality 外加性: {} — {}\n", tests, project.additionality.evidence);
  if (offsets::kind_uses_grid(method.kind)) {
    out += fmt::format("  grid factor 電力排放係數: {} {} t CO2/MWh ({}, {}) {}\n",
                       offsets::grid_basis_id(project.grid.basis), number(project.grid.t_per_mwh),
                       project.grid.source.document, project.grid.source.year,
                       verification_mark(project.grid.source));
  }
  out += fmt::format("  stage reached 目前階段: {}\n",
                     result.stage ? std::string(offsets::stage_title(*result.stage))
                                  : std::string("none recorded"));
  for (const auto& stage : project.stages) {
    std::string documents;
    for (const auto& doc : stage.documents) documents += (documents.empty() ? "" : "; ") + doc;
    out += fmt::format("    {} {:<20} {} — {}\n", stage.date.to_string(),
                       offsets::stage_id(stage.stage), stage.responsible, documents);
  }
  if (programmatic) {
    out += "  Registry of sub-projects 子專案登錄\n";
    for (const auto& sub : project.sub_projects) {
      out += fmt::format("    {} {} (owner {}, start {})\n", sub.id, sub.name, sub.owner,
                         sub.start.to_string());
      for (const auto& item : sub.equipment) {
        out += fmt::format(
            "      equipment {} {}: {} installed{}, {} scrapped{}\n", item.id, item.type,
            number(item.count), item.installed.empty() ? std::string() : " " + item.installed,
            number(item.scrapped), item.user.empty() ? std::string() : ", user " + item.user);
      }
    }
  }
  for (const auto& part : result.parts) {
    if (programmatic) out += fmt::format("Sub-project 子專案 {} (owner {})\n", part.id, part.owner);
    for (const auto& period : part.periods) render_period(out, method, period);
    if (programmatic) out += "  sub-project total: " + totals_line(part.totals) + "\n";
  }
  out += std::string(programmatic ? "Programme total 方案合計: " : "Project total 專案合計: ") +
         totals_line(result.totals) + "\n";
  return out;
}

json offsets_json(const offsets::Project& project, const offsets::ProjectResult& result) {
  const auto& method = *result.method;
  json parts = json::array();
  for (const auto& part : result.parts) {
    json periods = json::array();
    for (const auto& period : part.periods) periods.push_back(period_json(period));
    parts.push_back({{"id", part.id},
                     {"owner", part.owner},
                     {"periods", periods},
                     {"totals", totals_json(part.totals)}});
  }
  json parameters = json::array();
  for (const auto& spec : method.parameters) {
    parameters.push_back({{"id", spec.id},
                          {"name", spec.name},
                          {"unit", spec.unit},
                          {"source", spec.source},
                          {"frequency", spec.frequency},
                          {"monitored", spec.monitored}});
  }
  return {{"project", project.id},
          {"name", project.name},
          {"type", offsets::project_type_id(project.type)},
          {"scale", project.scale},
          {"method",
           {{"id", method.id},
            {"document", method.source.document},
            {"version", method.source.version},
            {"verification", verification_id(method.source.verification)},
            {"parameters", parameters}}},
          {"grid_factor",
           {{"basis", offsets::grid_basis_id(project.grid.basis)},
            {"t_per_mwh", project.grid.t_per_mwh}}},
          {"stage", result.stage ? json(offsets::stage_id(*result.stage)) : json(nullptr)},
          {project.type == offsets::ProjectType::programmatic ? "sub_projects" : "parts", parts},
          {"totals", totals_json(result.totals)}};
}

std::string render_grid_factor_table(const offsets::GridFactor& factor) {
  std::string out = "Grid emission factor 電力排放係數 (CDM tool 07, simple OM / BM / CM)\n";
  for (const auto& [year, share] : factor.lcmr_share) {
    out += fmt::format("  {} low-cost/must-run share {} %\n", year, number(100.0 * share));
  }
  std::string units;
  for (const auto& id : factor.bm_units) units += (units.empty() ? "" : ", ") + id;
  out += fmt::format("  build-margin sample group {}: {} ({} MWh)\n", factor.bm_rule, units,
                     number(factor.bm_generation_mwh));
  out += fmt::format("  weights w_OM {} w_BM {}\n", number(factor.w_om), number(factor.w_bm));
  for (const auto& line : factor.lines) {
    out += fmt::format("  {:<9} {:>14}  {:<10} {:<45} {}\n", line.symbol, number(line.value),
                       line.unit, line.formula, line.description);
  }
  return out;
}

json grid_factor_json(const offsets::GridFactor& factor) {
  json shares = json::array();
  for (const auto& [year, share] : factor.lcmr_share) {
    shares.push_back({{"year", year}, {"lcmr_share", share}});
  }
  return {{"operating_margin", factor.operating_margin},
          {"build_margin", factor.build_margin},
          {"combined_margin", factor.combined_margin},
          {"w_om", factor.w_om},
          {"w_bm", factor.w_bm},
          {"bm_rule", factor.bm_rule},
          {"bm_units", factor.bm_units},
          {"bm_generation_mwh", factor.bm_generation_mwh},
          {"lcmr_share", shares},
          {"unit", "t CO2/MWh"}};
}

std::string render_ledger_table(const offsets::CreditLedger& ledger) {
  std::string out = "Credit ledger 減量額度帳\n";
  for (const auto& verified : ledger.verified()) {
    out += fmt::format("  verified {} {}: {} t CO2e ({}), issued {}\n", verified.project,
                       verified.period, number(verified.reduction_t), verified.verification,
                       ledger.issued_for(verified.project, verified.period));
  }
  out += fmt::format("  {:<13} {:<16} {:<8} {:<20} {:<9} {:<17} {}\n", "serials", "project",
                     "period", "holder", "status", "purpose", "reference");
  for (const auto& block : ledger.blocks()) {
    const std::string serials = block.serials.first == block.serials.last
                                    ? std::to_string(block.serials.first)
                                    : fmt::format("{}-{}", block.serials.first, block.serials.last);
    out += fmt::format("  {:<13} {:<16} {:<8} {:<20} {:<9} {:<17} {}\n", serials, block.project,
                       block.period, block.holder, offsets::credit_status_id(block.status),
                       block.purpose ? std::string(offsets::use_purpose_id(*block.purpose)) : "-",
                       block.reference);
  }
  out += "  balances (active / used / retired)\n";
  for (const auto& [holder, balance] : ledger.balances()) {
    out += fmt::format("    {:<20} {} / {} / {}\n", holder, number(balance.active),
                       number(balance.used), number(balance.retired));
  }
  return out;
}

json ledger_json(const offsets::CreditLedger& ledger) {
  json blocks = json::array();
  for (const auto& block : ledger.blocks()) {
    blocks.push_back(
        {{"first", block.serials.first},
         {"last", block.serials.last},
         {"project", block.project},
         {"period", block.period},
         {"holder", block.holder},
         {"status", offsets::credit_status_id(block.status)},
         {"purpose", block.purpose ? json(offsets::use_purpose_id(*block.purpose)) : json(nullptr)},
         {"reference", block.reference}});
  }
  json balances = json::object();
  for (const auto& [holder, balance] : ledger.balances()) {
    balances[holder] = {
        {"active", balance.active}, {"used", balance.used}, {"retired", balance.retired}};
  }
  return {{"issued", ledger.issued_total()}, {"blocks", blocks}, {"balances", balances}};
}

}  // namespace cl::io

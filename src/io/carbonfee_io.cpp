#include "io/carbonfee_io.hpp"

#include <fmt/format.h>

#include "io/file.hpp"
#include "io/yaml_reader.hpp"

namespace cl::io {
namespace {

std::vector<carbonfee::DatedValue> dated(YamlReader& doc, const YAML::Node& rules,
                                         const char* key) {
  std::vector<carbonfee::DatedValue> out;
  for (const auto& node : doc.list(rules, key, true)) {
    doc.check_keys(node, {"from", "effective_from", "value", "source"}, key);
    carbonfee::DatedValue value;
    value.from_year = doc.integer(node, "from", true, key).value_or(0);
    value.effective_from = doc.text(node, "effective_from", false, key).value_or("");
    value.value = doc.number(node, "value", true, key).value_or(0.0);
    const auto source = doc.provenance(node["source"], key);
    if (!source) {
      doc.error(ErrorCode::parse_missing_field,
                std::string("every value of '") + key + "' needs its source {document, …}",
                doc.at(node, "source", key));
    }
    value.source = source.value_or(Provenance{});
    out.push_back(std::move(value));
  }
  return out;
}

std::string money(double value) {
  return fmt::format("{:.0f}", value);
}

std::string tonnes(double value) {
  return fmt::format("{:.1f}", value);
}

nlohmann::ordered_json scenario_json(const carbonfee::Scenario& scenario) {
  nlohmann::ordered_json out;
  out["emissions_tco2e"] = scenario.emissions_t;
  out["is_payer"] = scenario.is_payer;
  out["margin_to_threshold_tco2e"] = scenario.margin_t;
  auto& cases = out["rates"] = nlohmann::ordered_json::array();
  for (const auto& item : scenario.cases) {
    cases.push_back({{"rate", carbonfee::rate_id(item.kind)},
                     {"rate_per_tco2e", item.rate},
                     {"deduction_tco2e", item.deduction_t},
                     {"adjustment_factor", item.factor},
                     {"chargeable_tco2e", item.chargeable_t},
                     {"domestic_credits_used_tco2e", item.domestic_used_t},
                     {"foreign_credits_used_tco2e", item.foreign_used_t},
                     {"net_chargeable_tco2e", item.net_chargeable_t},
                     {"fee", item.fee}});
  }
  return out;
}

void render_scenario(std::string& out, const carbonfee::Scenario& scenario,
                     const std::string& currency) {
  out += fmt::format(
      "  emissions {} t CO2e: {}\n", tonnes(scenario.emissions_t),
      scenario.is_payer
          ? fmt::format("a payer ({} t above the threshold)", tonnes(scenario.margin_t))
          : fmt::format("not a payer ({} t below the threshold)", tonnes(-scenario.margin_t)));
  out += fmt::format("  {:<8} {:>10} {:>12} {:>7} {:>12} {:>12} {:>12} {:>14}\n", "rate",
                     currency + "/t", "deduction t", "factor", "chargeable t", "credits t", "net t",
                     "fee " + currency);
  for (const auto& item : scenario.cases) {
    out += fmt::format("  {:<8} {:>10} {:>12} {:>7} {:>12} {:>12} {:>12} {:>14}\n",
                       carbonfee::rate_id(item.kind), money(item.rate), tonnes(item.deduction_t),
                       fmt::format("{:.2f}", item.factor), tonnes(item.chargeable_t),
                       tonnes(item.domestic_used_t + item.foreign_used_t),
                       tonnes(item.net_chargeable_t), money(item.fee));
  }
}

}  // namespace

Result<carbonfee::Rules> read_carbonfee_rules(const std::string& path, Diagnostics& diagnostics) {
  const std::size_t before = diagnostics.error_count();
  auto text = read_file(path);
  if (!text) {
    diagnostics.add(text.error());
    return tl::unexpected(text.error());
  }
  YamlReader doc(path, diagnostics);
  auto root = doc.parse(*text);
  carbonfee::Rules rules;
  if (!root) {
    diagnostics.add(root.error());
    return tl::unexpected(root.error());
  }
  doc.check_keys(*root, {"carbonledger", "jurisdiction", "currency", "rules"});
  rules.jurisdiction = doc.text(*root, "jurisdiction", true).value_or("");
  rules.currency = doc.text(*root, "currency", true).value_or("");
  const YAML::Node node = (*root)["rules"];
  if (!node || !node.IsMap()) {
    doc.error(ErrorCode::parse_missing_field, "missing the 'rules' map", doc.at(*root, "rules"));
  } else {
    doc.check_keys(node, {"threshold_t", "deduction_t", "general_rate", "preferential_rate_a",
                          "preferential_rate_b", "leakage_factor", "domestic_credit_cap",
                          "foreign_credit_cap"});
    rules.threshold_t = dated(doc, node, "threshold_t");
    rules.deduction_t = dated(doc, node, "deduction_t");
    rules.general_rate = dated(doc, node, "general_rate");
    rules.preferential_rate_a = dated(doc, node, "preferential_rate_a");
    rules.preferential_rate_b = dated(doc, node, "preferential_rate_b");
    rules.leakage_factor = dated(doc, node, "leakage_factor");
    rules.domestic_credit_cap = dated(doc, node, "domestic_credit_cap");
    rules.foreign_credit_cap = dated(doc, node, "foreign_credit_cap");
  }
  if (diagnostics.error_count() > before) {
    for (const auto& item : diagnostics.items()) {
      if (item.severity == Severity::error) {
        Error first{item.code, item.message, item.where, {}};
        first.add_context("while reading " + path);
        return tl::unexpected(std::move(first));
      }
    }
  }
  return rules;
}

nlohmann::ordered_json carbonfee_json(const carbonfee::Estimate& estimate,
                                      const carbonfee::Input& input) {
  nlohmann::ordered_json out;
  out["year"] = estimate.year;
  out["currency"] = estimate.currency;
  out["high_leakage_risk"] = estimate.is_high_leakage;
  out["threshold_tco2e"] = estimate.threshold_t;
  out["baseline"] = scenario_json(estimate.baseline);
  auto& what_if = out["what_if"] = scenario_json(estimate.what_if);
  what_if["reductions"] = nlohmann::ordered_json::array();
  for (const auto& reduction : input.reductions) {
    what_if["reductions"].push_back({{"name", reduction.name}, {"tco2e", reduction.tonnes}});
  }
  what_if["reductions_tco2e"] = estimate.reductions_t;
  what_if["domestic_credits_offered_tco2e"] = input.domestic_credits_t;
  what_if["foreign_credits_offered_tco2e"] = input.foreign_credits_t;
  auto& used = out["rules_used"] = nlohmann::ordered_json::array();
  for (const auto& item : estimate.used) {
    used.push_back({{"rule", item.rule},
                    {"value", item.value},
                    {"effective_from", item.effective_from},
                    {"source", item.source.to_string()},
                    {"url", item.source.url},
                    {"verification", verification_id(item.source.verification)}});
  }
  return out;
}

std::string render_carbonfee_table(const carbonfee::Estimate& estimate,
                                   const carbonfee::Input& input) {
  std::string out = fmt::format("Carbon fee estimate {} (emission year), threshold {} t CO2e{}\n",
                                estimate.year, tonnes(estimate.threshold_t),
                                estimate.is_high_leakage ? ", high carbon-leakage risk" : "");
  out += "Baseline (as reported):\n";
  render_scenario(out, estimate.baseline, estimate.currency);
  if (!input.reductions.empty() || input.domestic_credits_t > 0 || input.foreign_credits_t > 0) {
    out += fmt::format("What-if: reductions {} t", tonnes(estimate.reductions_t));
    for (const auto& reduction : input.reductions) {
      out += fmt::format(" [{} {}]", reduction.name, tonnes(reduction.tonnes));
    }
    out += fmt::format(", credits offered domestic {} t, foreign {} t:\n",
                       tonnes(input.domestic_credits_t), tonnes(input.foreign_credits_t));
    render_scenario(out, estimate.what_if, estimate.currency);
    const double saved = estimate.baseline.cases.front().fee - estimate.what_if.cases.front().fee;
    out += fmt::format("  saving at the general rate: {} {}\n", money(saved), estimate.currency);
  }
  out += "Rules used:\n";
  for (const auto& item : estimate.used) {
    out += fmt::format("  {} = {} (from {}) [{}] {}\n", item.rule, fmt::format("{:g}", item.value),
                       item.effective_from, verification_id(item.source.verification),
                       item.source.to_string());
  }
  return out;
}

}  // namespace cl::io

#include "io/inventory_writer.hpp"

#include <fmt/format.h>

#include "io/csv.hpp"

namespace cl::io {
namespace {

using inventory::Inventory;
using inventory::InventoryResult;

constexpr std::array kCategoryNames = {
    "Cat 1 direct emissions 直接排放",
    "Cat 2 imported energy 輸入能源間接排放",
    "Cat 3 transportation 運輸間接排放",
    "Cat 4 products used 組織使用產品間接排放",
    "Cat 5 use of products 使用組織產品間接排放",
    "Cat 6 other 其他間接排放",
};

double tonnes(double kg) {
  return kg / 1000.0;
}

std::string share(double part, double total) {
  return total == 0.0 ? "-" : fmt::format("{:.1f} %", 100.0 * part / total);
}

void line(std::string& out, std::string_view label, double kg, double total) {
  out += fmt::format("  {:<44} {:>14.3f} t  {:>8}\n", label, tonnes(kg), share(kg, total));
}

}  // namespace

std::string year_label(int year) {
  return year > 1911 ? fmt::format("{} (民國{}年)", year, year - 1911) : std::to_string(year);
}

std::string render_table(const Inventory& inventory, const InventoryResult& result) {
  std::string out;
  const double total = result.total_co2e_kg;
  out += fmt::format("{} — greenhouse-gas inventory 溫室氣體盤查 {}\n", inventory.organization.name,
                     year_label(inventory.year));
  out += fmt::format("GWP {}  boundary {}  sources {}  records {}\n\n", result.gwp_set,
                     inventory::boundary_id(inventory.boundary), inventory.sources.size(),
                     result.record_count);
  out +=
      fmt::format("Total (scope 2 location-based) 總排放量    {:>14.3f} t CO2e\n", tonnes(total));
  out += fmt::format("Total (scope 2 market-based)               {:>14.3f} t CO2e\n\n",
                     tonnes(result.total_market_co2e_kg));
  out += "By scope 範疇\n";
  line(out, "Scope 1 範疇一", result.scope_co2e_kg[0], total);
  line(out, "Scope 2 location-based 範疇二（地區）", result.scope_co2e_kg[1], total);
  line(out, "Scope 2 market-based 範疇二（市場）", result.scope2_market_co2e_kg, total);
  line(out, "Scope 3 範疇三", result.scope_co2e_kg[2], total);
  out += "\nBy ISO 14064-1 category 類別\n";
  for (std::size_t cat = 0; cat < 6; ++cat)
    line(out, kCategoryNames[cat], result.category_co2e_kg[cat], total);
  out += "\nBy facility 廠區\n";
  for (std::size_t fac = 0; fac < inventory.facilities.size(); ++fac) {
    line(out, inventory.facilities[fac].id + " " + inventory.facilities[fac].name,
         result.facility_co2e_kg[fac], total);
  }
  out += "\nBy source 排放源 (largest first; cumulative share for hot spots 熱點)\n";
  for (const auto& hot : result.hotspots) {
    const auto& source = inventory.sources[hot.source];
    out +=
        fmt::format("  {:<8} {:<34} {:>14.3f} t  {:>8}  cum {:>6.1f} %\n", source.id, source.name,
                    tonnes(hot.co2e_kg), share(hot.co2e_kg, total), 100.0 * hot.cumulative_share);
  }
  out += "\nBy gas 氣體                                      mass kg         CO2e t\n";
  for (std::size_t gas = 0; gas < result.gases.size(); ++gas) {
    out += fmt::format("  {:<18} GWP {:>8g} {:>22.4f} {:>14.3f}\n", result.gases[gas],
                       result.gwps[gas], result.gas_kg[gas], tonnes(result.gas_co2e_kg[gas]));
  }
  out += "\nBy month 月份\n";
  for (std::size_t month = 0; month < 12; ++month) {
    line(out, fmt::format("{}-{:02}", inventory.year, month + 1), result.month_co2e_kg[month],
         total);
  }
  out += fmt::format("\nBiogenic CO2, reported apart 生質排放      {:>14.3f} t\n",
                     tonnes(result.biogenic_co2_kg));
  if (result.montreal_co2e_kg != 0.0) {
    out += fmt::format("Montreal-protocol gases, reported apart  {:>14.3f} t CO2e\n",
                       tonnes(result.montreal_co2e_kg));
  }
  out += fmt::format("Data quality 數據品質: weighted score {:.2f} → grade {}\n",
                     result.quality_score, result.quality_grade);
  out += fmt::format("Uncertainty 不確定性 (95 %, IPCC Approach 1): -{:.2f} % / +{:.2f} %\n",
                     100.0 * result.uncertainty.lower, 100.0 * result.uncertainty.upper);
  return out;
}

nlohmann::json provenance_json(const Provenance& provenance) {
  return {{"document", provenance.document},
          {"table", provenance.table},
          {"version", provenance.version},
          {"year", provenance.year},
          {"url", provenance.url},
          {"note", provenance.note},
          {"verification", verification_id(provenance.verification)}};
}

nlohmann::json factor_json(const factors::EmissionFactor& factor) {
  nlohmann::json gases = nlohmann::json::object();
  for (const auto& gas : factor.gases) gases[gas.gas] = gas.kg_per_unit;
  nlohmann::json out = {{"id", factor.id},
                        {"name_zh", factor.name_zh},
                        {"name_en", factor.name_en},
                        {"source_type", factor.source_type},
                        {"per", factor.per.symbol},
                        {"gases_kg_per_unit", gases},
                        {"type", factors::factor_type_id(factor.type)},
                        {"region", factor.region},
                        {"year", factor.year},
                        {"table", factor.table_id},
                        {"source", provenance_json(factor.provenance)}};
  if (factor.heating_value) {
    out["heating_value"] = {{"value", factor.heating_value->value},
                            {"unit", factor.heating_value->energy_unit.symbol},
                            {"per", factor.heating_value->per_unit.symbol},
                            {"source", provenance_json(factor.heating_value->provenance)}};
  }
  if (factor.uncertainty) {
    out["uncertainty"] = {{"lower", factor.uncertainty->lower},
                          {"upper", factor.uncertainty->upper}};
  }
  if (!factor.note.empty()) out["note"] = factor.note;
  if (!factor.code.empty()) out["code"] = factor.code;
  return out;
}

nlohmann::json to_json(const Inventory& inventory, const InventoryResult& result) {
  nlohmann::json out;
  out["organization"] = inventory.organization.name;
  out["year"] = inventory.year;
  out["roc_year"] = inventory.year - 1911;
  out["gwp_set"] = result.gwp_set;
  out["boundary"] = inventory::boundary_id(inventory.boundary);
  out["total_co2e_kg"] = result.total_co2e_kg;
  out["total_market_co2e_kg"] = result.total_market_co2e_kg;
  out["scope_co2e_kg"] = {{"1", result.scope_co2e_kg[0]},
                          {"2_location", result.scope_co2e_kg[1]},
                          {"2_market", result.scope2_market_co2e_kg},
                          {"3", result.scope_co2e_kg[2]}};
  out["category_co2e_kg"] = result.category_co2e_kg;
  auto& facilities = out["facility_co2e_kg"] = nlohmann::json::object();
  for (std::size_t fac = 0; fac < inventory.facilities.size(); ++fac) {
    facilities[inventory.facilities[fac].id] = result.facility_co2e_kg[fac];
  }
  auto& gases = out["gases"] = nlohmann::json::array();
  for (std::size_t gas = 0; gas < result.gases.size(); ++gas) {
    gases.push_back({{"gas", result.gases[gas]},
                     {"gwp", result.gwps[gas]},
                     {"mass_kg", result.gas_kg[gas]},
                     {"co2e_kg", result.gas_co2e_kg[gas]},
                     {"in_total", result.gas_in_total[gas] != 0}});
  }
  out["month_co2e_kg"] = result.month_co2e_kg;
  out["biogenic_co2_kg"] = result.biogenic_co2_kg;
  out["montreal_co2e_kg"] = result.montreal_co2e_kg;
  auto& sources = out["sources"] = nlohmann::json::array();
  for (const auto& line : result.sources) {
    const auto& source = inventory.sources[line.source];
    nlohmann::json gas_kg = nlohmann::json::object();
    for (std::size_t gas = 0; gas < result.gases.size(); ++gas) {
      if (line.gas_kg[gas] != 0.0) gas_kg[result.gases[gas]] = line.gas_kg[gas];
    }
    sources.push_back(
        {{"id", source.id},
         {"name", source.name},
         {"facility", source.facility},
         {"type", inventory::source_type_id(source.type)},
         {"category", source.category},
         {"scope", inventory::scope_of_category(source.category)},
         {"factor", line.factor_id},
         {"activity_in_factor_unit", line.activity},
         {"gas_kg", gas_kg},
         {"co2e_kg", line.co2e_kg},
         {"biogenic_co2_kg", line.biogenic_co2_kg},
         {"month_co2e_kg", line.month_co2e_kg},
         {"records", line.record_count},
         {"quality",
          {{"a1", line.quality.a1},
           {"a2", line.quality.a2},
           {"a3", line.quality.a3},
           {"score", line.quality.score},
           {"band", line.quality.band}}},
         {"uncertainty", {{"lower", line.uncertainty.lower}, {"upper", line.uncertainty.upper}}}});
  }
  auto& scope2 = out["scope2_market"] = nlohmann::json::array();
  for (const auto& item : result.scope2) {
    scope2.push_back({{"facility", inventory.facilities[item.facility].id},
                      {"electricity_kwh", item.electricity_kwh},
                      {"location_co2e_kg", item.location_co2e_kg},
                      {"certificate_kwh", item.certificate_kwh},
                      {"supplier_kwh", item.supplier_kwh},
                      {"residual_kwh", item.residual_kwh},
                      {"residual_factor", item.residual_factor},
                      {"residual_from_grid", item.is_residual_from_grid},
                      {"market_co2e_kg", item.market_co2e_kg}});
  }
  auto& hotspots = out["hotspots"] = nlohmann::json::array();
  for (const auto& hot : result.hotspots) {
    hotspots.push_back({{"source", inventory.sources[hot.source].id},
                        {"co2e_kg", hot.co2e_kg},
                        {"share", hot.share},
                        {"cumulative_share", hot.cumulative_share}});
  }
  out["quality"] = {{"score", result.quality_score}, {"grade", result.quality_grade}};
  out["uncertainty"] = {{"lower", result.uncertainty.lower}, {"upper", result.uncertainty.upper}};
  auto& used = out["factors"] = nlohmann::json::array();
  for (const auto& factor : result.factors) used.push_back(factor_json(factor));
  auto& warnings = out["warnings"] = nlohmann::json::array();
  for (const auto& item : result.diagnostics.items()) warnings.push_back(item.to_string());
  return out;
}

std::string render_csv(const Inventory& inventory, const InventoryResult& result) {
  std::string out = "breakdown,key,label,gas_kg,co2e_kg\n";
  const auto row = [&](std::string_view breakdown, std::string_view key, std::string_view label,
                       std::string gas_kg, double co2e) {
    out += fmt::format("{},{},{},{},{:.6f}\n", breakdown, csv_escape(key), csv_escape(label),
                       gas_kg, co2e);
  };
  row("total", "location", "total, scope 2 location-based", "", result.total_co2e_kg);
  row("total", "market", "total, scope 2 market-based", "", result.total_market_co2e_kg);
  row("scope", "1", "scope 1", "", result.scope_co2e_kg[0]);
  row("scope", "2", "scope 2 location-based", "", result.scope_co2e_kg[1]);
  row("scope", "2_market", "scope 2 market-based", "", result.scope2_market_co2e_kg);
  row("scope", "3", "scope 3", "", result.scope_co2e_kg[2]);
  for (std::size_t cat = 0; cat < 6; ++cat) {
    row("category", std::to_string(cat + 1), kCategoryNames[cat], "", result.category_co2e_kg[cat]);
  }
  for (std::size_t fac = 0; fac < inventory.facilities.size(); ++fac) {
    row("facility", inventory.facilities[fac].id, inventory.facilities[fac].name, "",
        result.facility_co2e_kg[fac]);
  }
  for (const auto& line : result.sources) {
    const auto& source = inventory.sources[line.source];
    row("source", source.id, source.name, "", line.co2e_kg);
  }
  for (std::size_t gas = 0; gas < result.gases.size(); ++gas) {
    row("gas", result.gases[gas], result.gases[gas], fmt::format("{:.6f}", result.gas_kg[gas]),
        result.gas_co2e_kg[gas]);
  }
  for (std::size_t month = 0; month < 12; ++month) {
    row("month", fmt::format("{}-{:02}", inventory.year, month + 1), "", "",
        result.month_co2e_kg[month]);
  }
  row("biogenic", "CO2_biogenic", "biogenic CO2, reported apart",
      fmt::format("{:.6f}", result.biogenic_co2_kg), 0.0);
  return out;
}

std::string render_explanation(const Inventory& inventory, const InventoryResult& result,
                               const inventory::SourceExplanation& explanation) {
  const auto& source = inventory.sources[explanation.source];
  const auto& line = result.sources[explanation.source];
  const auto& factor = *explanation.factor;
  std::string out =
      fmt::format("Source {} {} ({}), facility {}, ISO category {}\n", source.id, source.name,
                  inventory::source_type_id(source.type), source.facility, source.category);
  out += fmt::format("Factor {} — {} / {}\n  per {}:", factor.id, factor.name_zh, factor.name_en,
                     factor.per.symbol);
  for (const auto& gas : factor.gases) out += fmt::format(" {} {:g} kg", gas.gas, gas.kg_per_unit);
  out +=
      fmt::format("\n  type {} (A3 grade {}), source: {} [{}]\n",
                  factors::factor_type_id(factor.type), factors::a3_grade(factor.type),
                  factor.provenance.to_string(), verification_id(factor.provenance.verification));
  if (!factor.note.empty()) out += "  note: " + factor.note + "\n";
  if (explanation.heating_value != nullptr) {
    const auto& hv = *explanation.heating_value;
    out += fmt::format("Heating value {:g} {} per {} — {}\n", hv.value, hv.energy_unit.symbol,
                       hv.per_unit.symbol, hv.provenance.to_string());
  }
  out += "GWP " + result.gwp_set + ":";
  for (const auto& gas : factor.gases) {
    for (std::size_t idx = 0; idx < result.gases.size(); ++idx) {
      if (result.gases[idx] == gas.gas) out += fmt::format(" {} {:g}", gas.gas, result.gwps[idx]);
    }
  }
  out += fmt::format("\nRecords ({}):\n  {:<8} {:<24} {:>14} {:<8} {:>16} {:>14}  evidence\n",
                     explanation.records.size(), "row", "period", "amount", "unit",
                     "in " + std::string(factor.per.symbol), "kg CO2e");
  for (const auto& item : explanation.records) {
    const auto& record = inventory.records[item.record];
    out += fmt::format("  {:<8} {:<24} {:>14g} {:<8} {:>16.6g} {:>14.3f}  {}\n", record.row,
                       record.period.to_string(), record.amount.value, record.amount.unit().symbol,
                       item.activity, item.co2e_kg, record.evidence);
  }
  out += fmt::format(
      "Source total {:.3f} kg CO2e = Σ records; quality A1×A2×A3 = {}×{}×{} = {} → band {}\n",
      line.co2e_kg, line.quality.a1, line.quality.a2, line.quality.a3, line.quality.score,
      line.quality.band);
  return out;
}

nlohmann::json explanation_json(const Inventory& inventory, const InventoryResult& result,
                                const inventory::SourceExplanation& explanation) {
  const auto& source = inventory.sources[explanation.source];
  nlohmann::json records = nlohmann::json::array();
  for (const auto& item : explanation.records) {
    const auto& record = inventory.records[item.record];
    nlohmann::json gas_kg = nlohmann::json::object();
    for (std::size_t gas = 0; gas < result.gases.size(); ++gas) {
      if (item.gas_kg[gas] != 0.0) gas_kg[result.gases[gas]] = item.gas_kg[gas];
    }
    records.push_back({{"file", inventory.where(record).file},
                       {"row", record.row},
                       {"period", record.period.to_string()},
                       {"amount", record.amount.value},
                       {"unit", record.amount.unit().symbol},
                       {"activity_in_factor_unit", item.activity},
                       {"share_in_year", item.share_in_year},
                       {"gas_kg", gas_kg},
                       {"co2e_kg", item.co2e_kg},
                       {"evidence", std::string(record.evidence)}});
  }
  nlohmann::json out = {{"source", source.id},
                        {"co2e_kg", result.sources[explanation.source].co2e_kg},
                        {"factor", factor_json(*explanation.factor)},
                        {"gwp_set", result.gwp_set},
                        {"records", records}};
  if (explanation.heating_value != nullptr) {
    out["heating_value"] = {{"value", explanation.heating_value->value},
                            {"unit", explanation.heating_value->energy_unit.symbol},
                            {"per", explanation.heating_value->per_unit.symbol},
                            {"source", provenance_json(explanation.heating_value->provenance)}};
  }
  return out;
}

nlohmann::json monte_carlo_json(const inventory::MonteCarloSummary& summary) {
  nlohmann::json out = {{"draws", summary.draws},      {"seed", summary.seed},
                        {"mean_kg", summary.mean_kg},  {"sd_kg", summary.sd_kg},
                        {"p2_5_kg", summary.p2_5_kg},  {"p50_kg", summary.p50_kg},
                        {"p97_5_kg", summary.p97_5_kg}};
  if (!summary.totals_kg.empty()) out["draws_kg"] = summary.totals_kg;
  return out;
}

}  // namespace cl::io

// The per-source sheets of the MOENV register (表三 source identification, 表四 activity data,
// 表五 factors and emissions, 表六 data quality, 表七 uncertainty) and the summary. Every number
// is read from the computed InventoryResult, never recomputed here, so the register agrees with
// `inventory compute` and `explain`; masses are converted from kg to tonnes only.
#include <algorithm>
#include <array>
#include <optional>

#include <fmt/format.h>

#include "core/inventory/quality.hpp"
#include "io/register_sheets.hpp"

namespace cl::io::register_detail {
namespace {

using inventory::SourceResult;

constexpr std::array kGasColumns = {"CO2", "CH4", "N2O", "HFCs", "PFCs", "SF6", "NF3"};
constexpr std::size_t kEvidenceShown = 3;

constexpr std::array kCategoryNames = {
    "直接排放 Direct emissions",
    "輸入能源間接排放 Indirect, imported energy",
    "運輸間接排放 Indirect, transportation",
    "組織使用產品間接排放 Indirect, products used by the organization",
    "使用組織產品間接排放 Indirect, use of the organization's products",
    "其他間接排放 Indirect, other sources",
};

/// The 表三 gas column of a gas id (ids of data/gases.yaml; the result carries ids, not groups).
/// A factor already in CO2e (grid electricity, steam) is flagged CO2, as registers do; biogenic
/// CO2 is the biomass flag, and Montreal gases have no column.
std::optional<std::size_t> gas_column(std::string_view gas) {
  if (gas == "CO2" || gas == "CO2e") return 0;
  if (gas.starts_with("CH4")) return 1;
  if (gas == "N2O") return 2;
  if (gas.starts_with("HFC-")) return 3;
  if (gas.starts_with("PFC-")) return 4;
  if (gas == "SF6") return 5;
  if (gas == "NF3") return 6;
  return std::nullopt;
}

/// The short type names of the register: 固定 / 移動 / 製程 / 逸散 / 外購電力 / 外購蒸汽 / 其他.
std::string_view type_short_zh(inventory::SourceType type) {
  using inventory::SourceType;
  switch (type) {
    case SourceType::stationary_combustion:
      return "固定";
    case SourceType::mobile_combustion:
      return "移動";
    case SourceType::process:
      return "製程";
    case SourceType::purchased_electricity:
      return "外購電力";
    case SourceType::purchased_steam:
      return "外購蒸汽";
    case SourceType::indirect_other:
      return "其他";
    default:
      return "逸散";  // the five fugitive types
  }
}

std::vector<Cell> identification_row(const RegisterContext& context, const SourceResult& line) {
  const auto& source = context.inventory.sources[line.source];
  std::array<bool, kGasColumns.size()> flags{};
  bool is_biomass = false;
  if (const auto* factor = factor_of(context.result, line.factor_id)) {
    for (const auto& gas : factor->gases) {
      if (gas.gas == "CO2_biogenic") is_biomass = true;
      if (auto col = gas_column(gas.gas)) flags[*col] = true;
    }
  }
  std::vector<Cell> cells = {
      source.facility,
      source.id,
      source.name,
      or_dash(source.process_code),
      or_dash(source.equipment_code),
      or_dash(source.material_code),
      type_short_zh(source.type),
      Cell(source.category, context.formats.integer),
      Cell(inventory::scope_of_category(source.category), context.formats.integer),
      source.category == 1 ? "直接" : "間接",
      is_biomass ? "Y" : ""};
  for (const bool flag : flags) cells.emplace_back(flag ? "Y" : "");
  return cells;
}

/// The first few distinct evidence references of a source, then how many there are.
std::string evidence_summary(const RegisterContext& context, const SourceResult& line) {
  std::vector<std::string_view> distinct;
  for (const std::size_t record : line.records) {
    const std::string_view evidence = context.inventory.records[record].evidence;
    if (!evidence.empty() &&
        std::find(distinct.begin(), distinct.end(), evidence) == distinct.end()) {
      distinct.push_back(evidence);
    }
  }
  if (distinct.empty()) return "—";
  std::string out;
  for (std::size_t idx = 0; idx < distinct.size() && idx < kEvidenceShown; ++idx) {
    out += fmt::format("{}{}", idx == 0 ? "" : "; ", distinct[idx]);
  }
  if (distinct.size() > kEvidenceShown) {
    out += fmt::format("; … 共 {} 件 ({} in all)", distinct.size(), distinct.size());
  }
  return out;
}

std::vector<Cell> activity_row(const RegisterContext& context, const SourceResult& line) {
  const auto& source = context.inventory.sources[line.source];
  const auto* factor = factor_of(context.result, line.factor_id);
  // A heating value is used only by a factor per unit of energy: the source's own, else the
  // factor's (the order of compute.cpp).
  const factors::HeatingValue* heating = nullptr;
  if (factor != nullptr && factor->per.dimension == units::Dimension::energy) {
    if (source.heating_value) heating = &*source.heating_value;
    if (heating == nullptr && factor->heating_value) heating = &*factor->heating_value;
  }
  std::vector<Cell> cells = {source.facility,
                             source.id,
                             source.name,
                             Cell(line.activity, context.formats.activity),
                             factor != nullptr ? unit_label(factor->per) : "—",
                             Cell(line.record_count, context.formats.integer),
                             evidence_summary(context, line)};
  if (heating == nullptr) {
    cells.emplace_back("—");
    return cells;
  }
  cells.emplace_back(heating->value, nullptr);
  cells.emplace_back(fmt::format("{}/{}", heating->energy_unit.symbol, heating->per_unit.symbol));
  cells.emplace_back(provenance_label(heating->provenance));
  return cells;
}

std::vector<Cell> total_row(const RegisterContext& context, std::vector<std::string> labels,
                            std::size_t value_col, double value_kg) {
  std::vector<Cell> cells;
  for (auto& label : labels) cells.emplace_back(std::move(label), context.formats.total_label);
  while (cells.size() < value_col) cells.emplace_back("", context.formats.total_label);
  cells.emplace_back(tonnes(value_kg), context.formats.total_tonnes);
  return cells;
}

void write_emission_rows(SheetWriter& sheet, const RegisterContext& context,
                         const SourceResult& line) {
  const auto& result = context.result;
  const auto& source = context.inventory.sources[line.source];
  const auto& formats = context.formats;
  if (const auto* factor = factor_of(result, line.factor_id)) {
    const std::string per = "kg/" + std::string(factor->per.symbol);
    const std::string origin = provenance_label(factor->provenance);
    for (const auto& gas : factor->gases) {
      const std::size_t idx = gas_index(result, gas.gas);
      if (idx >= result.gases.size()) continue;
      sheet.row({source.id, source.name, gas.gas, Cell(gas.kg_per_unit, nullptr), per, factor->id,
                 origin, Cell(static_cast<int>(factor->type), formats.integer),
                 Cell(result.gwps[idx], nullptr),
                 Cell(tonnes(line.gas_kg[idx]), formats.tonnes_gas),
                 Cell(tonnes(line.gas_co2e_kg[idx]), formats.tonnes),
                 result.gas_in_total[idx] != 0 ? "" : "不計入總量 reported apart"});
    }
  }
  sheet.row(total_row(context, {source.id, source.name, "小計 Subtotal"}, 10, line.co2e_kg));
}

std::string grade_label(int grade) {
  constexpr std::array kGrades = {"—", "第一級", "第二級", "第三級"};
  return fmt::format("{} ({})", kGrades[static_cast<std::size_t>(std::clamp(grade, 0, 3))], grade);
}

/// "—" where the factor gives no uncertainty (compute counts it as 0, with a warning).
std::vector<Cell> uncertainty_row(const RegisterContext& context, const SourceResult& line) {
  const auto& source = context.inventory.sources[line.source];
  const auto& formats = context.formats;
  std::optional<factors::Uncertainty> factor_uncertainty;
  if (const auto* factor = factor_of(context.result, line.factor_id)) {
    factor_uncertainty = inventory::factor_uncertainty_of(source, *factor);
  }
  const auto bound = [&](std::optional<double> value) {
    return value ? Cell(*value, formats.percent) : Cell("—");
  };
  return {source.id,
          source.name,
          Cell(tonnes(line.co2e_kg), formats.tonnes),
          Cell(source.activity_uncertainty.lower, formats.percent),
          Cell(source.activity_uncertainty.upper, formats.percent),
          bound(factor_uncertainty ? std::optional(factor_uncertainty->lower) : std::nullopt),
          bound(factor_uncertainty ? std::optional(factor_uncertainty->upper) : std::nullopt),
          Cell(line.uncertainty.lower, formats.percent),
          Cell(line.uncertainty.upper, formats.percent),
          Cell(tonnes(line.co2e_kg * (1.0 - line.uncertainty.lower)), formats.tonnes),
          Cell(tonnes(line.co2e_kg * (1.0 + line.uncertainty.upper)), formats.tonnes)};
}

const std::vector<Column> kSummaryColumns = {{"項目", "Item", 14},
                                             {"說明", "Description", 58},
                                             {"排放當量 (公噸CO2e)", "Emissions (t CO2e)", 18},
                                             {"占比", "Share", 12}};

void write_summary_categories(SheetWriter& sheet, const RegisterContext& context) {
  const auto& result = context.result;
  const auto& formats = context.formats;
  sheet.section("依類別 By ISO 14064-1 category（範疇二以地區基準 scope 2 location-based）");
  sheet.header(kSummaryColumns);
  for (std::size_t cat = 0; cat < kCategoryNames.size(); ++cat) {
    const double kg = result.category_co2e_kg[cat];
    sheet.row({fmt::format("類別{}", cat + 1), kCategoryNames[cat],
               Cell(tonnes(kg), formats.tonnes),
               Cell(share_of(kg, result.total_co2e_kg), formats.share)});
  }
  auto total =
      total_row(context, {"總計", "總排放量 Total, categories 1–6"}, 2, result.total_co2e_kg);
  total.emplace_back(result.total_co2e_kg == 0.0 ? 0.0 : 1.0, formats.total_share);
  sheet.row(total);
}

void write_summary_scopes(SheetWriter& sheet, const RegisterContext& context) {
  const auto& result = context.result;
  const auto& formats = context.formats;
  const double total = result.total_co2e_kg;
  const auto line = [&](const char* label, const char* text, double kg, bool with_share) {
    sheet.row({label, text, Cell(tonnes(kg), formats.tonnes),
               with_share ? Cell(share_of(kg, total), formats.share) : Cell()});
  };
  sheet.section("依範疇 By scope (GHG Protocol)");
  sheet.header(kSummaryColumns);
  line("範疇一", "Scope 1 直接排放", result.scope_co2e_kg[0], true);
  line("範疇二", "Scope 2 地區基準 location-based", result.scope_co2e_kg[1], true);
  line("範疇二", "Scope 2 市場基準 market-based", result.scope2_market_co2e_kg, false);
  line("範疇三", "Scope 3 其他間接排放", result.scope_co2e_kg[2], true);
  sheet.row(total_row(context, {"總計", "Total, scope 2 location-based 地區基準"}, 2, total));
  sheet.row(total_row(context, {"總計", "Total, scope 2 market-based 市場基準"}, 2,
                      result.total_market_co2e_kg));
}

void write_summary_gases(SheetWriter& sheet, const RegisterContext& context) {
  const auto& result = context.result;
  const auto& formats = context.formats;
  sheet.section("依溫室氣體 By gas");
  sheet.header({{"溫室氣體", "Gas", 14},
                {"GWP", "GWP", 12},
                {"排放量 (公噸)", "Emissions (t gas)", 18},
                {"排放當量 (公噸CO2e)", "Emissions (t CO2e)", 18},
                {"占比", "Share", 12},
                {"備註", "Note", 30}});
  for (std::size_t gas = 0; gas < result.gases.size(); ++gas) {
    const bool in_total = result.gas_in_total[gas] != 0;
    sheet.row({result.gases[gas], Cell(result.gwps[gas], nullptr),
               Cell(tonnes(result.gas_kg[gas]), formats.tonnes_gas),
               Cell(tonnes(result.gas_co2e_kg[gas]), formats.tonnes),
               in_total
                   ? Cell(share_of(result.gas_co2e_kg[gas], result.total_co2e_kg), formats.share)
                   : Cell(),
               in_total ? gas_note(result.gases[gas]) : "不計入總量 reported apart"});
  }
  sheet.row(total_row(context, {"總計", "Total"}, 3, result.total_co2e_kg));
}

void write_summary_facilities_and_months(SheetWriter& sheet, const RegisterContext& context) {
  const auto& result = context.result;
  const auto& formats = context.formats;
  const double total = result.total_co2e_kg;
  sheet.section("依廠區 By facility");
  sheet.header(kSummaryColumns);
  for (std::size_t fac = 0; fac < context.inventory.facilities.size(); ++fac) {
    const double kg = result.facility_co2e_kg[fac];
    sheet.row({context.inventory.facilities[fac].id, context.inventory.facilities[fac].name,
               Cell(tonnes(kg), formats.tonnes), Cell(share_of(kg, total), formats.share)});
  }
  sheet.section("依月份 By month");
  sheet.header(kSummaryColumns);
  for (std::size_t month = 0; month < result.month_co2e_kg.size(); ++month) {
    const double kg = result.month_co2e_kg[month];
    sheet.row({fmt::format("{}-{:02}", context.inventory.year, month + 1), "",
               Cell(tonnes(kg), formats.tonnes), Cell(share_of(kg, total), formats.share)});
  }
  sheet.section("另行揭露 Reported apart (not in the total)");
  sheet.header(kSummaryColumns);
  sheet.row({"生質排放", "生質二氧化碳 Biogenic CO2 (t CO2)",
             Cell(tonnes(result.biogenic_co2_kg), formats.tonnes)});
  sheet.row({"蒙特婁氣體", "蒙特婁議定書管制氣體 Montreal-protocol gases (t CO2e)",
             Cell(tonnes(result.montreal_co2e_kg), formats.tonnes)});
}

void write_summary_hotspots(SheetWriter& sheet, const RegisterContext& context) {
  const auto& formats = context.formats;
  sheet.section("排放熱點 Hot spots, largest first");
  sheet.header({{"排名", "Rank", 14},
                {"排放源", "Source", 44},
                {"排放當量 (公噸CO2e)", "Emissions (t CO2e)", 18},
                {"占比", "Share", 12},
                {"累積占比", "Cumulative share", 12}});
  for (std::size_t rank = 0; rank < context.result.hotspots.size(); ++rank) {
    const auto& hot = context.result.hotspots[rank];
    const auto& source = context.inventory.sources[hot.source];
    sheet.row({Cell(rank + 1, formats.integer), source.id + " " + source.name,
               Cell(tonnes(hot.co2e_kg), formats.tonnes), Cell(hot.share, formats.share),
               Cell(hot.cumulative_share, formats.share)});
  }
}

}  // namespace

void write_sources(const RegisterContext& context) {
  SheetWriter sheet(context, "表三 排放源鑑別");
  sheet.title(sheet_title(context, "表三 排放源鑑別 Emission source identification"));
  std::vector<Column> columns = {{"廠區", "Facility", 8},
                                 {"排放源編號", "Source id", 11},
                                 {"排放源名稱", "Source name", 28},
                                 {"製程代碼", "Process code", 11},
                                 {"設備代碼", "Equipment code", 11},
                                 {"原燃物料代碼", "Material code", 13},
                                 {"排放型式", "Source type", 10},
                                 {"類別", "ISO category", 9},
                                 {"範疇", "Scope", 7},
                                 {"直接/間接", "Direct / indirect", 10},
                                 {"生質燃料", "Biomass", 9}};
  for (const char* gas : kGasColumns) columns.push_back({gas, gas, 7});
  sheet.header(columns);
  sheet.freeze();
  for (const auto& line : context.result.sources) sheet.row(identification_row(context, line));
}

void write_activity(const RegisterContext& context) {
  SheetWriter sheet(context, "表四 活動數據");
  sheet.title(sheet_title(context, "表四 活動數據 Activity data"));
  sheet.header({{"廠區", "Facility", 8},
                {"排放源編號", "Source id", 11},
                {"排放源名稱", "Source name", 28},
                {"年活動數據", "Annual activity (factor unit)", 18},
                {"單位", "Unit", 16},
                {"紀錄筆數", "Records", 9},
                {"佐證資料", "Evidence", 48},
                {"熱值", "Heating value", 10},
                {"熱值單位", "Heating-value unit", 12},
                {"熱值來源", "Heating-value source", 60}});
  sheet.freeze();
  for (const auto& line : context.result.sources) sheet.row(activity_row(context, line));
}

void write_emissions(const RegisterContext& context) {
  SheetWriter sheet(context, "表五 排放係數及排放量");
  sheet.title(sheet_title(context, "表五 排放係數及排放量 Emission factors and emissions"));
  sheet.header({{"排放源編號", "Source id", 11},
                {"排放源名稱", "Source name", 28},
                {"溫室氣體", "Gas", 14},
                {"排放係數", "Factor (kg/unit)", 14},
                {"係數單位", "Factor unit", 12},
                {"係數編號", "Factor id", 34},
                {"係數來源", "Factor source [verification]", 60},
                {"係數種類", "Factor type (1–6)", 10},
                {"GWP", "GWP", 9},
                {"排放量 (公噸)", "Emissions (t gas)", 14},
                {"排放當量 (公噸CO2e)", "Emissions (t CO2e)", 16},
                {"備註", "Note", 24}});
  sheet.freeze();
  for (const auto& line : context.result.sources) write_emission_rows(sheet, context, line);
  sheet.row(total_row(context, {"總計", "Total"}, 10, context.result.total_co2e_kg));
}

void write_quality(const RegisterContext& context) {
  const auto& result = context.result;
  const auto& formats = context.formats;
  SheetWriter sheet(context, "表六 數據品質");
  sheet.title(sheet_title(context, "表六 數據品質管理 Data quality"));
  sheet.header({{"排放源編號", "Source id", 11},
                {"排放源名稱", "Source name", 28},
                {"A1 活動數據種類", "A1 activity-data type", 14},
                {"A2 活動數據可信種類", "A2 credibility", 14},
                {"A3 排放係數種類", "A3 factor type", 14},
                {"評分 A1×A2×A3", "Score", 12},
                {"評分等級", "Band", 10},
                {"排放當量 (公噸CO2e)", "Emissions (t CO2e)", 16},
                {"排放占比", "Share of emissions", 12}});
  sheet.freeze();
  for (const auto& line : result.sources) {
    const auto& source = context.inventory.sources[line.source];
    const auto& q = line.quality;
    sheet.row({source.id, source.name, Cell(q.a1, formats.integer), Cell(q.a2, formats.integer),
               Cell(q.a3, formats.integer), Cell(q.score, formats.integer),
               Cell(q.band, formats.integer), Cell(tonnes(line.co2e_kg), formats.tonnes),
               Cell(share_of(line.co2e_kg, result.total_co2e_kg), formats.share)});
  }
  sheet.row({Cell("加權平均", formats.total_label),
             Cell("Emission-weighted band", formats.total_label),
             {},
             {},
             {},
             {},
             Cell(result.quality_score, formats.total_score)});
  sheet.row({Cell("數據品質等級", formats.total_label),
             Cell("Inventory grade", formats.total_label),
             {},
             {},
             {},
             {},
             Cell(grade_label(result.quality_grade), formats.total_label)});
  sheet.row({"註 Note",
             "評分 ≤ 9 → 1；12–18 → 2；27 → 3。加權平均 < 1.5 第一級，< 2.5 第二級，其餘第三級。"});
}

void write_uncertainty(const RegisterContext& context) {
  const auto& result = context.result;
  const auto& formats = context.formats;
  SheetWriter sheet(context, "表七 不確定性");
  sheet.title(sheet_title(context, "表七 不確定性評估 Uncertainty (95 %, IPCC Approach 1)"));
  sheet.header({{"排放源編號", "Source id", 11},
                {"排放源名稱", "Source name", 28},
                {"排放當量 (公噸CO2e)", "Emissions (t CO2e)", 16},
                {"活動數據 −", "Activity data, lower", 12},
                {"活動數據 +", "Activity data, upper", 12},
                {"排放係數 −", "Factor, lower", 12},
                {"排放係數 +", "Factor, upper", 12},
                {"組合 −", "Combined, lower", 12},
                {"組合 +", "Combined, upper", 12},
                {"95% 下限 (公噸CO2e)", "95 % lower bound (t)", 16},
                {"95% 上限 (公噸CO2e)", "95 % upper bound (t)", 16}});
  sheet.freeze();
  for (const auto& line : result.sources) sheet.row(uncertainty_row(context, line));
  auto total = total_row(context, {"總計", "Total"}, 2, result.total_co2e_kg);
  while (total.size() < 7) total.emplace_back("", formats.total_label);
  total.emplace_back(result.uncertainty.lower, formats.total_percent);
  total.emplace_back(result.uncertainty.upper, formats.total_percent);
  sheet.row(total);
  sheet.row({"註 Note",
             "U = √(U_AD² + U_EF²)；總量 U = √Σ(E·U)² / ΣE (IPCC 2006 Vol. 1 eq. 3.1–3.2)。"
             "「—」：係數未提供不確定性，以 0 計 (factor gives none; counted as 0)。"});
}

void write_summary(const RegisterContext& context) {
  SheetWriter sheet(context, "彙總表");
  sheet.title(sheet_title(context,
                          "彙總表 Summary (公噸CO2e, t CO2e, GWP " + context.result.gwp_set + ")"));
  sheet.freeze();
  write_summary_categories(sheet, context);
  write_summary_scopes(sheet, context);
  write_summary_gases(sheet, context);
  write_summary_facilities_and_months(sheet, context);
  write_summary_hotspots(sheet, context);
}

}  // namespace cl::io::register_detail

#include "io/report_html.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "io/html_document.hpp"

namespace cl::io {
namespace {

using html::begin_document;
using html::end_cover;
using html::percent;
using html::source_name;
using html::Text;
using html::tonnes;
using html::Writer;
using html::year_label;
using inventory::Inventory;
using inventory::InventoryResult;

const char* boundary_text(const Writer& w, inventory::Boundary boundary) {
  switch (boundary) {
    case inventory::Boundary::operational_control:
      return w({"營運控制權法", "operational control"});
    case inventory::Boundary::financial_control:
      return w({"財務控制權法", "financial control"});
    case inventory::Boundary::equity_share:
      return w({"股權比例法", "equity share"});
  }
  return "";
}

/// "固定燃燒" in zh-TW, "stationary combustion" in English.
std::string source_type_label(const Writer& w, inventory::SourceType type) {
  if (w.zh()) return std::string(source_type_name_zh(type));
  std::string id(source_type_id(type));
  std::replace(id.begin(), id.end(), '_', ' ');
  return id;
}

void document_start(Writer& w, const Inventory& inventory, Text title,
                    const ReportOptions& options) {
  const auto& org = inventory.organization;
  begin_document(w, org, title);
  w.paragraph(fmt::format("{}: {} · {}: {} · {}: {}", w({"盤查年度", "Reporting year"}),
                          year_label(w, inventory.year), w({"基準年", "Base year"}),
                          year_label(w, inventory.base_year), w({"統一編號", "Tax id"}),
                          html_escape(org.tax_id.empty() ? "—" : org.tax_id)));
  end_cover(w, options);
}

void boundary_section(Writer& w, const Inventory& inventory, const InventoryResult& result) {
  w.heading(2, {"一、組織邊界與報告範疇", "1. Organizational boundary and scope"});
  w.paragraph(fmt::format("{}: {} · {}: IPCC {}", w({"邊界設定", "Consolidation"}),
                          boundary_text(w, inventory.boundary), w({"GWP 版本", "GWP set"}),
                          html_escape(result.gwp_set)));
  w.table_start({{"廠區代號", "Facility"},
                 {"名稱", "Name"},
                 {"地址", "Address"},
                 {"排放量 (t CO2e)", "Emissions (t CO2e)"}},
                "facilities");
  for (std::size_t i = 0; i < inventory.facilities.size(); ++i) {
    const auto& facility = inventory.facilities[i];
    const double kg = i < result.facility_co2e_kg.size() ? result.facility_co2e_kg[i] : 0.0;
    w.row({html_escape(facility.id), html_escape(facility.name), html_escape(facility.address),
           tonnes(kg)});
  }
  w.table_end();
}

void totals_section(Writer& w, const InventoryResult& result) {
  w.heading(2, {"二、排放總量", "2. Total emissions"});
  w.raw(fmt::format("<p class=\"total\" id=\"total\">{}: {} t CO2e</p>\n",
                    w({"總排放量（類別1–6，範疇二以地點基準）",
                       "Total (categories 1–6, scope 2 location-based)"}),
                    tonnes(result.total_co2e_kg)));
  w.table_start({{"範疇", "Scope"}, {"排放量 (t CO2e)", "Emissions (t CO2e)"}, {"占比", "Share"}},
                "scopes");
  const Text scopes[] = {{"範疇一 直接排放", "Scope 1 direct"},
                         {"範疇二 能源間接排放", "Scope 2 energy indirect"},
                         {"範疇三 其他間接排放", "Scope 3 other indirect"}};
  for (std::size_t i = 0; i < 3; ++i) {
    const double kg = result.scope_co2e_kg[i];
    w.row({w(scopes[i]), tonnes(kg),
           percent(result.total_co2e_kg > 0 ? kg / result.total_co2e_kg : 0.0)});
  }
  w.table_end();
  w.table_start(
      {{"ISO 14064-1 類別", "ISO 14064-1 category"}, {"排放量 (t CO2e)", "Emissions (t CO2e)"}},
      "categories");
  for (std::size_t i = 0; i < 6; ++i) {
    w.row(
        {fmt::format("{} {}", w({"類別", "Category"}), i + 1), tonnes(result.category_co2e_kg[i])});
  }
  w.table_end();
  if (result.scope2_market_co2e_kg > 0.0 || result.total_market_co2e_kg > 0.0) {
    w.paragraph(fmt::format("{}: {} t CO2e", w({"範疇二（市場基準）", "Scope 2 (market-based)"}),
                            tonnes(result.scope2_market_co2e_kg)));
  }
}

void gas_section(Writer& w, const InventoryResult& result) {
  w.heading(2, {"三、溫室氣體別排放量", "3. Emissions by gas"});
  w.table_start({{"氣體", "Gas"},
                 {"排放量 (kg)", "Mass (kg)"},
                 {"GWP", "GWP"},
                 {"排放當量 (t CO2e)", "t CO2e"}},
                "gases");
  for (std::size_t g = 0; g < result.gases.size(); ++g) {
    w.row({html_escape(result.gases[g]), fmt::format("{:.3f}", result.gas_kg[g]),
           fmt::format("{:g}", result.gwps[g]), tonnes(result.gas_co2e_kg[g])});
  }
  w.table_end();
}

void source_section(Writer& w, const Inventory& inventory, const InventoryResult& result) {
  w.heading(2, {"四、排放源別排放量", "4. Emissions by source"});
  w.table_start({{"排放源", "Source"},
                 {"類別", "Category"},
                 {"活動數據", "Activity"},
                 {"係數", "Factor"},
                 {"排放量 (t CO2e)", "t CO2e"},
                 {"數據品質等級", "Quality"}},
                "sources");
  for (const auto& line : result.sources) {
    const auto& source = inventory.sources[line.source];
    const auto* factor = result.find_factor(line.factor_id);
    const std::string unit = factor != nullptr ? std::string(factor->per.symbol) : "";
    w.raw(fmt::format(
        "<tr><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{:.3f} {}</td><td>{}</td>"
        "<td class=\"num\">{}</td><td class=\"num\">{}</td></tr>\n",
        source_name(w, source), source.category, line.activity, html_escape(unit),
        html_escape(line.factor_id), tonnes(line.co2e_kg), line.quality.band));
  }
  w.table_end();
}

void hotspot_section(Writer& w, const Inventory& inventory, const InventoryResult& result) {
  w.heading(2, {"五、減碳熱點", "5. Hot spots"});
  w.paragraph(w({"依排放量排序之主要排放源（累計占比達 80% 者為優先減量對象）。",
                 "Sources by emissions, largest first; those up to 80 % cumulative come first "
                 "for reduction."}));
  w.table_start({{"排放源", "Source"},
                 {"排放量 (t CO2e)", "t CO2e"},
                 {"占比", "Share"},
                 {"累計占比", "Cumulative"}},
                "hotspots");
  for (const auto& spot : result.hotspots) {
    if (spot.co2e_kg <= 0.0) continue;
    w.row({source_name(w, inventory.sources[spot.source]), tonnes(spot.co2e_kg),
           percent(spot.share), percent(spot.cumulative_share)});
  }
  w.table_end();
}

void quality_section(Writer& w, const InventoryResult& result) {
  w.heading(2, {"六、數據品質與不確定性", "6. Data quality and uncertainty"});
  w.paragraph(fmt::format("{}: <strong id=\"quality\">{}</strong> ({} {:.2f}) · {}: −{} / +{}",
                          w({"整體數據品質等級", "Overall data-quality grade"}),
                          result.quality_grade, w({"加權平均分數", "weighted score"}),
                          result.quality_score,
                          w({"總量不確定性（95% 信賴區間）", "Uncertainty of the total (95 %)"}),
                          percent(result.uncertainty.lower), percent(result.uncertainty.upper)));
}

void factor_section(Writer& w, const InventoryResult& result) {
  w.heading(2, {"七、排放係數與來源", "7. Emission factors and their sources"});
  w.table_start({{"係數", "Factor"},
                 {"氣體 (kg / 單位)", "Gases (kg per unit)"},
                 {"來源文件", "Source document"},
                 {"表", "Table"},
                 {"版本", "Version"}},
                "factors");
  for (const auto& factor : result.factors) {
    std::string gases;
    for (const auto& gas : factor.gases) {
      if (!gases.empty()) gases += "; ";
      gases += fmt::format("{} {:g}", gas.gas, gas.kg_per_unit);
    }
    gases += fmt::format(" / {}", factor.per.symbol);
    const auto& name = (!w.zh() && !factor.name_en.empty()) ? factor.name_en : factor.name_zh;
    w.text_row(
        {html_escape(factor.id) + "<br><span class=\"muted\">" + html_escape(name) + "</span>",
         html_escape(gases), html_escape(factor.provenance.document),
         html_escape(factor.provenance.table), html_escape(factor.provenance.version)});
  }
  w.table_end();
}

}  // namespace

std::string html_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string render_report_html(const Inventory& inventory, const InventoryResult& result,
                               const ReportOptions& options) {
  Writer w(options);
  document_start(w, inventory, {"溫室氣體盤查報告書", "Greenhouse gas inventory report"}, options);
  boundary_section(w, inventory, result);
  totals_section(w, result);
  gas_section(w, result);
  source_section(w, inventory, result);
  hotspot_section(w, inventory, result);
  quality_section(w, result);
  factor_section(w, result);
  w.raw("</body></html>\n");
  return w.take();
}

std::string render_procedure_html(const Inventory& inventory, const InventoryResult& result,
                                  const ReportOptions& options) {
  Writer w(options);
  document_start(w, inventory, {"溫室氣體盤查程序書", "Greenhouse gas inventory procedure"},
                 options);
  w.heading(2, {"一、目的與適用範圍", "1. Purpose and scope"});
  w.paragraph(fmt::format(
      "{} {} {}", w({"本程序規定", "This procedure sets out how"}),
      html_escape(inventory.organization.name),
      w({"依 ISO 14064-1:2018 "
         "及環境部溫室氣體排放量盤查作業指引，每年盤查並彙整範疇一、二之溫室氣體排放量。",
         "makes its yearly greenhouse gas inventory of scopes 1 and 2 under ISO 14064-1:2018 "
         "and the MOENV inventory guideline."})));
  w.heading(2, {"二、組織邊界", "2. Organizational boundary"});
  w.paragraph(fmt::format("{}: {}; {}: {}", w({"邊界設定方法", "Consolidation approach"}),
                          boundary_text(w, inventory.boundary), w({"基準年", "Base year"}),
                          year_label(w, inventory.base_year)));
  w.heading(2, {"三、排放源鑑別與數據收集", "3. Source identification and data collection"});
  w.paragraph(
      w({"每年盤查前依下表檢視排放源；活動數據以單據（帳單、加油單、維修紀錄）為佐證，按月或按帳單"
         "期間登錄。",
         "Before each inventory the sources below are reviewed; activity data are "
         "entered per month or per bill period, each with its bill, fuel slip or "
         "maintenance record as evidence."}));
  w.table_start({{"排放源", "Source"},
                 {"類型", "Type"},
                 {"活動數據單位", "Activity unit"},
                 {"收集頻率", "Frequency"},
                 {"佐證", "Evidence"}},
                "procedure-sources");
  for (const auto& line : result.sources) {
    const auto& source = inventory.sources[line.source];
    const auto* factor = result.find_factor(line.factor_id);
    std::string evidence;
    for (const auto index : line.records) {
      const auto& record = inventory.records[index];
      if (!record.evidence.empty()) {
        evidence = std::string(record.evidence);
        break;
      }
    }
    w.text_row(
        {source_name(w, source), html_escape(source_type_label(w, source.type)),
         html_escape(factor != nullptr ? std::string(factor->per.symbol) : ""),
         source.requires_monthly ? w({"每月", "monthly"})
                                 : w({"每年或每次", "yearly or per event"}),
         html_escape(evidence.empty() ? std::string(w({"（尚無）", "(none yet)"})) : evidence)});
  }
  w.table_end();
  w.heading(2, {"四、量化方法", "4. Quantification"});
  w.paragraph(
      fmt::format("{} (IPCC {}).",
                  w({"排放量 = 活動數據 × 排放係數 × 全球暖化潛勢，GWP 採用",
                     "Emissions = activity data × emission factor × GWP, with the GWP set"}),
                  html_escape(result.gwp_set)));
  w.heading(2, {"五、數據品質管理", "5. Data quality management"});
  w.paragraph(
      w({"依環境部數據品質評分（活動數據類別 A1、儀器校正 A2、係數類別 A3）評分並分級；"
         "不確定性以 IPCC 方法一傳遞計算。紀錄保存至少 6 年。",
         "Data quality is scored with the MOENV grading (activity data A1, calibration "
         "A2, factor A3) and banded; uncertainty is propagated with IPCC Approach 1. "
         "Records are kept at least 6 years."}));
  w.raw("</body></html>\n");
  return w.take();
}

}  // namespace cl::io

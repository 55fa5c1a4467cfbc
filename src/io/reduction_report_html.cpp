#include "io/reduction_report_html.hpp"

#include <fmt/format.h>

#include <cmath>

#include "io/html_document.hpp"

namespace cl::io {
namespace {

using html::begin_document;
using html::end_cover;
using html::grouped;
using html::percent;
using html::source_name;
using html::tonnes;
using html::Writer;
using html::year_label;
using inventory::Inventory;
using inventory::InventoryResult;

/// How many hot spots the report lists at most (those up to 80 % cumulative come first).
constexpr std::size_t kMaxHotspots = 10;

std::string twd(double amount) {
  return grouped(fmt::format("{:.0f}", amount));
}

std::string amount(double value) {
  return grouped(value == std::floor(value) && std::fabs(value) < 1e15
                     ? fmt::format("{:.0f}", value)
                     : fmt::format("{:.2f}", value));
}

void cover(Writer& w, const Inventory& inventory, const InventoryResult& result,
           const ReportOptions& options) {
  begin_document(w, inventory.organization,
                 {"節能減碳報告書", "Energy-saving and carbon-reduction report"});
  w.paragraph(fmt::format("{}: {} · {}: IPCC {}", w({"盤查年度", "Reporting year"}),
                          year_label(w, inventory.year), w({"GWP 版本", "GWP set"}),
                          html_escape(inventory.gwp_set)));
  end_cover(w, options);
  w.raw(fmt::format("<p class=\"total\" id=\"total\">{}: {} t CO2e</p>\n",
                    w({"總排放量（範疇一＋範疇二）", "Total emissions (scope 1 + scope 2)"}),
                    tonnes(result.total_co2e_kg)));
}

void hotspots(Writer& w, const Inventory& inventory, const InventoryResult& result) {
  w.heading(2, {"一、減碳熱點", "1. Hot spots"});
  w.paragraph(w({"依排放量排序之主要排放源；累計占比達 80% 者為優先減量對象。",
                 "The largest sources, largest first; those up to 80 % cumulative come first "
                 "for reduction."}));
  w.table_start({{"排放源", "Source"},
                 {"排放量 (t CO2e)", "t CO2e"},
                 {"占比", "Share"},
                 {"累計占比", "Cumulative"}},
                "hotspots");
  std::size_t listed = 0;
  for (const auto& spot : result.hotspots) {
    if (spot.co2e_kg <= 0.0 || listed == kMaxHotspots) break;
    ++listed;
    w.row({source_name(w, inventory.sources[spot.source]), tonnes(spot.co2e_kg),
           percent(spot.share), percent(spot.cumulative_share)},
          1);
  }
  w.table_end();
}

std::string payback_text(const Writer& w, const std::optional<double>& years) {
  if (!years) return "—";
  return fmt::format("{:.1f}{}", *years, w({" 年", " yr"}));
}

void proposals(Writer& w, const InventoryResult& result, const std::vector<ReductionLine>& lines) {
  w.heading(2, {"二、公用設備現勘減量方案", "2. Reduction proposals from the utilities survey"});
  if (lines.empty()) {
    w.paragraph(w({"尚無減量方案。", "No reduction proposals yet."}));
    return;
  }
  w.table_start({{"設備", "Equipment"},
                 {"措施", "Measure"},
                 {"年節能量", "Energy saved / yr"},
                 {"年減碳量 (t CO2e)", "CO2e saved (t/yr)"},
                 {"投資金額 (元)", "Investment (TWD)"},
                 {"年節省金額 (元)", "Saving (TWD/yr)"},
                 {"回收年限", "Payback"}},
                "proposals");
  double co2e = 0.0, investment = 0.0, saving = 0.0;
  for (const auto& line : lines) {
    if (line.co2e_saving_kg) co2e += *line.co2e_saving_kg;
    investment += line.investment_twd;
    saving += line.annual_cost_saving_twd;
    w.row(
        {std::string(inventory::equipment_name(line.equipment, w.zh())), html_escape(line.measure),
         amount(line.energy_saving) + " " + html_escape(line.energy_unit),
         line.co2e_saving_kg ? tonnes(*line.co2e_saving_kg) : "—", twd(line.investment_twd),
         twd(line.annual_cost_saving_twd), payback_text(w, line.payback_years)},
        2);
  }
  const std::optional<double> total_payback =
      saving > 0 ? std::optional<double>(investment / saving) : std::nullopt;
  w.row({w({"合計", "Total"}), "", "", tonnes(co2e), twd(investment), twd(saving),
         payback_text(w, total_payback)},
        3, "totals");
  w.table_end();
  if (result.total_co2e_kg > 0) {
    w.paragraph(fmt::format("{} <strong id=\"saving-share\">{}</strong>{}",
                            w({"全部方案實施後，每年可減少總排放量的",
                               "Carried out together, the proposals cut the yearly total by"}),
                            percent(co2e / result.total_co2e_kg), w({"。", "."})));
  }
}

void sentences(Writer& w, const InventoryResult& result, const std::vector<ReductionLine>& lines) {
  if (lines.empty()) return;
  w.heading(2, {"三、方案說明", "3. The proposals one by one"});
  w.raw("<ol id=\"sentences\">\n");
  for (const auto& line : lines) {
    const auto equipment = std::string(inventory::equipment_name(line.equipment, w.zh()));
    const auto energy = amount(line.energy_saving) + " " + html_escape(line.energy_unit);
    std::string text;
    if (w.zh()) {
      text = fmt::format("{}：{}，每年節省 {}", equipment, html_escape(line.measure), energy);
      if (line.co2e_saving_kg) {
        text += fmt::format("，估計每年減少 {} t CO2e", tonnes(*line.co2e_saving_kg));
        if (result.total_co2e_kg > 0) {
          text += fmt::format("（占總排放量 {}）",
                              percent(*line.co2e_saving_kg / result.total_co2e_kg));
        }
      } else {
        text += fmt::format("，減碳量無法估算：{}", html_escape(line.problem));
      }
      text += fmt::format("；投資 {} 元，每年節省 {} 元", twd(line.investment_twd),
                          twd(line.annual_cost_saving_twd));
      text += line.payback_years ? fmt::format("，回收年限 {:.1f} 年。", *line.payback_years)
                                 : std::string("，無節省金額，不計回收年限。");
    } else {
      text = fmt::format("{}: {} saves {} a year", equipment, html_escape(line.measure), energy);
      if (line.co2e_saving_kg) {
        text += fmt::format(", an estimated {} t CO2e a year", tonnes(*line.co2e_saving_kg));
        if (result.total_co2e_kg > 0) {
          text += fmt::format(" ({} of the total)",
                              percent(*line.co2e_saving_kg / result.total_co2e_kg));
        }
      } else {
        text += fmt::format("; its CO2e saving cannot be estimated: {}", html_escape(line.problem));
      }
      text += fmt::format("; it costs {} TWD and saves {} TWD a year", twd(line.investment_twd),
                          twd(line.annual_cost_saving_twd));
      text += line.payback_years
                  ? fmt::format(", paying back in {:.1f} years.", *line.payback_years)
                  : std::string("; with no cost saving there is no payback.");
    }
    if (!line.factor.empty()) {
      text += fmt::format(" <span class=\"muted\">{} {}{}</span>", w({"係數", "Factor"}),
                          html_escape(line.factor),
                          line.source.empty() ? "" : " · " + html_escape(line.source));
    }
    if (!line.note.empty()) text += " " + html_escape(line.note);
    w.raw("<li>" + text + "</li>\n");
  }
  w.raw("</ol>\n");
  w.paragraph(
      w({"減碳量＝年節能量換算為係數單位 × 各溫室氣體排放係數 × GWP 之和；回收年限＝投資金額 ÷ "
         "年節省金額（簡單回收）。",
         "CO2e saved = the energy saved in the factor's unit × each gas's factor × its "
         "GWP, summed; payback = investment ÷ yearly saving (simple payback)."}));
}

}  // namespace

std::string render_reduction_report_html(const Inventory& inventory, const InventoryResult& result,
                                         const std::vector<ReductionLine>& lines,
                                         const ReportOptions& options) {
  Writer w(options);
  cover(w, inventory, result, options);
  hotspots(w, inventory, result);
  proposals(w, result, lines);
  sentences(w, result, lines);
  w.raw("</body></html>\n");
  return w.take();
}

}  // namespace cl::io

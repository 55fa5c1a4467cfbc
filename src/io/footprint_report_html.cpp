#include "io/footprint_report_html.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "io/html_document.hpp"

namespace cl::io {
namespace {

using html::Text;
using html::Writer;

/// kg CO2e with six decimals at most (the precision of the study's hand calculations).
std::string kg(double value) {
  std::string text = fmt::format("{:.6f}", value);
  while (!text.empty() && text.back() == '0') text.pop_back();
  if (!text.empty() && text.back() == '.') text.pop_back();
  return html::grouped(text);
}

Text stage_text(footprint::Stage stage) {
  switch (stage) {
    case footprint::Stage::raw_materials:
      return {"原料取得", "Raw materials"};
    case footprint::Stage::transport:
      return {"運輸", "Transport"};
    case footprint::Stage::manufacturing:
      return {"製造", "Manufacturing"};
    case footprint::Stage::distribution:
      return {"配送銷售", "Distribution"};
    case footprint::Stage::use:
      return {"使用", "Use"};
    case footprint::Stage::end_of_life:
      return {"廢棄處理", "End of life"};
  }
  return {"", ""};
}

std::string share(double part, double total) {
  return total == 0.0 ? "—" : html::percent(part / total);
}

void cover(Writer& w, const footprint::Study& study, const footprint::Profile& profile,
           const footprint::FootprintResult& result, const ReportOptions& options) {
  inventory::Organization org;
  org.name = study.company_name.empty() ? study.product_name : study.company_name;
  html::begin_document(w, org, {"產品碳足跡盤查報告書", "Product carbon footprint study report"});
  const bool gate = study.boundary == footprint::Boundary::cradle_to_gate;
  w.paragraph(fmt::format("{}: <strong>{}</strong> · {}: {}", w({"產品", "Product"}),
                          html_escape(study.product_name), w({"盤查編號", "Study"}),
                          html_escape(study.id)));
  w.paragraph(fmt::format(
      "{}: {} {} · {}: {} – {} · {}: {} · {}: {} · GWP IPCC {}", w({"宣告單位", "Declared unit"}),
      kg(study.unitary_amount), html_escape(study.declared_unit), w({"生產期間", "Period"}),
      html_escape(study.period_start), html_escape(study.period_end), w({"邊界", "Boundary"}),
      gate ? w({"搖籃到大門", "cradle to gate"}) : w({"搖籃到墳墓", "cradle to grave"}),
      w({"標準", "Standard"}), html_escape(profile.title), html_escape(study.gwp)));
  html::end_cover(w, options);
  w.raw(fmt::format("<p class=\"total\" id=\"total\">{}: {} kg CO2e</p>\n",
                    w({"每宣告單位碳足跡", "Carbon footprint per declared unit"}),
                    kg(result.total)));
  w.paragraph(fmt::format("<em id=\"conformance\">{}</em>", html_escape(profile.report_wording)));
}

void stages(Writer& w, const footprint::FootprintResult& result) {
  w.heading(2, {"一、各生命週期階段", "1. By life-cycle stage"});
  w.table_start({{"階段", "Stage"}, {"kg CO2e", "kg CO2e"}, {"占比", "Share"}}, "stages");
  for (const auto& stage : result.stages) {
    w.row({w(stage_text(stage.stage)), kg(stage.emissions), share(stage.emissions, result.total)});
  }
  w.row({w({"合計", "Total"}), kg(result.total), share(result.total, result.total)}, 1, "totals");
  w.table_end();
}

void lines(Writer& w, const footprint::FootprintResult& result) {
  w.heading(2, {"二、各製程與熱點", "2. By process, with the hot spots"});
  w.paragraph(w({"占碳足跡 5% 以上者為熱點。", "Hot spots are the lines of 5 % or more."}));
  w.table_start({{"項目", "Line"},
                 {"階段", "Stage"},
                 {"係數或數據", "Factor or data"},
                 {"每宣告單位活動量", "Amount per declared unit"},
                 {"kg CO2e", "kg CO2e"},
                 {"占比", "Share"}},
                "lines");
  for (std::size_t index = 0; index < result.lines.size(); ++index) {
    const auto& line = result.lines[index];
    const bool hot = std::find(result.hot_spots.begin(), result.hot_spots.end(), index) !=
                     result.hot_spots.end();
    w.row({html_escape(line.id + " " + line.description) +
               (hot ? w({"（熱點）", " (hot spot)"}) : ""),
           w(stage_text(line.stage)), html_escape(line.source),
           kg(line.amount) + " " + html_escape(line.unit), kg(line.emissions),
           share(line.emissions, result.total)},
          3, hot ? "totals" : nullptr);
  }
  w.table_end();
}

void gases(Writer& w, const footprint::FootprintResult& result) {
  w.heading(2, {"三、各溫室氣體", "3. By gas"});
  w.table_start({{"氣體", "Gas"}, {"kg CO2e", "kg CO2e"}}, "gases");
  for (const auto& [gas, value] : result.gases) w.row({html_escape(gas), kg(value)});
  w.row({w({"未分氣體", "Not split by gas"}), kg(result.gases_unspecified)});
  if (result.biogenic_co2 != 0.0) {
    w.row({w({"生質 CO2（不計入合計）", "Biogenic CO2 (outside the total)"}),
           kg(result.biogenic_co2)});
  }
  w.table_end();
}

void quality(Writer& w, const footprint::Study& study, const footprint::FootprintResult& result) {
  w.heading(2, {"四、數據品質與一級數據", "4. Data quality and primary data"});
  w.paragraph(fmt::format("{}: <strong id=\"primary\">{}</strong>",
                          w({"一級數據占比", "Primary data share"}),
                          html::percent(result.primary_data_share / 100.0)));
  if (result.quality) {
    const auto& dqr = result.quality->dqr;
    w.table_start({{"PACT DQR（1 最佳至 3）", "PACT DQR (1 best to 3)"}, {"值", "Value"}}, "dqr");
    for (const auto& [text, value] :
         {std::pair{Text{"技術代表性", "Technological"}, dqr.technological},
          std::pair{Text{"時間代表性", "Temporal"}, dqr.temporal},
          std::pair{Text{"地理代表性", "Geographical"}, dqr.geographical},
          std::pair{Text{"完整性", "Completeness"}, dqr.completeness},
          std::pair{Text{"可靠性", "Reliability"}, dqr.reliability}}) {
      w.row({w(text), fmt::format("{:.3f}", value)});
    }
    w.row({w({"涵蓋率", "Coverage"}), html::percent(result.quality->coverage_percent / 100.0)});
    w.table_end();
  }
  if (!study.suppliers.empty()) {
    w.table_start({{"供應商", "Supplier"},
                   {"零件", "Part"},
                   {"碳足跡", "Footprint"},
                   {"一級數據", "Primary data"},
                   {"日期", "Date"}},
                  "suppliers");
    for (const auto& supplier : study.suppliers) {
      w.row({html_escape(supplier.id + " " + supplier.supplier), html_escape(supplier.part),
             kg(supplier.pcf_excluding_biogenic / supplier.unitary_amount) + " / " +
                 html_escape(supplier.declared_unit),
             supplier.primary_data_share ? html::percent(*supplier.primary_data_share / 100.0)
                                         : "100.0 %",
             html_escape(supplier.date.substr(0, 10))},
            2);
    }
    w.table_end();
  }
  if (!study.exemptions.empty()) {
    w.heading(2, {"五、排除項目（截斷準則）", "5. Exemptions (cut-off)"});
    w.table_start({{"項目", "Exempted"}, {"估計占比", "Estimated share"}}, "exemptions");
    for (const auto& exemption : study.exemptions) {
      w.row({html_escape(exemption.description), html::percent(exemption.percent / 100.0)});
    }
    w.table_end();
  }
}

}  // namespace

std::string render_footprint_report_html(const footprint::Study& study,
                                         const footprint::Profile& profile,
                                         const footprint::FootprintResult& result,
                                         const ReportOptions& options) {
  Writer w(options);
  cover(w, study, profile, result, options);
  stages(w, result);
  lines(w, result);
  gases(w, result);
  quality(w, study, result);
  w.raw("</body></html>\n");
  return w.take();
}

}  // namespace cl::io

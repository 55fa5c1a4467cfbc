#include "io/offset_documents_html.hpp"

#include <fmt/format.h>

#include "core/offsets/date.hpp"
#include "io/html_document.hpp"

namespace cl::io {
namespace {

using html::Writer;
using offsets::format_number;

std::string esc(std::string_view text) {
  return html_escape(text);
}

std::string num(double value) {
  return html::grouped(format_number(value));
}

Writer writer_for(const OffsetDocumentOptions& options) {
  ReportOptions report;
  report.lang = options.lang;
  return Writer(report);
}

void cover(Writer& w, const offsets::Project& project, const offsets::ProjectResult& result,
           const OffsetDocumentOptions& options, html::Text title) {
  inventory::Organization org;
  org.name = options.organization.empty() ? project.proponent : options.organization;
  org.name_en = options.organization_en;
  html::begin_document(w, org, title);
  w.paragraph(fmt::format("<strong id=\"project-name\">{}</strong> ({})", esc(project.name),
                          esc(project.id)));
  w.paragraph(fmt::format("{}: {} · {}: {} · {}: {} {}", w({"專案類型", "Type"}),
                          project.type == offsets::ProjectType::planned
                              ? w({"計畫型", "planned"})
                              : w({"方案型", "programmatic"}),
                          w({"規模", "Scale"}), esc(project.scale), w({"減量方法", "Method"}),
                          esc(result.method->id), esc(result.method->source.version)));
  ReportOptions report;
  report.lang = options.lang;
  report.generated_on = options.generated;
  html::end_cover(w, report);
}

void totals_row(Writer& w, const char* label, const offsets::Totals& totals) {
  w.row({esc(label), num(totals.baseline_t), num(totals.project_t), num(totals.leakage_t),
         num(totals.reduction_t), num(totals.credits_t)},
        1, "totals");
}

void summary_table(Writer& w, const offsets::ProjectResult& result) {
  w.table_start({{"期間", "Period"},
                 {"基線排放 BE (t CO2e)", "Baseline BE (t CO2e)"},
                 {"專案排放 PE (t CO2e)", "Project PE (t CO2e)"},
                 {"洩漏 LE (t CO2e)", "Leakage LE (t CO2e)"},
                 {"減量 ER (t CO2e)", "Reduction ER (t CO2e)"},
                 {"減量額度 (t CO2e)", "Credits (t CO2e)"}},
                "offset-summary");
  for (const auto& part : result.parts) {
    for (const auto& period : part.periods) {
      const auto& e = period.emissions;
      w.row({esc(part.id + " " + period.period + " (" + period.from.to_string() + " – " +
                 period.to.to_string() + ")"),
             num(e.baseline_t), num(e.project_t), num(e.leakage_t), num(e.reduction_t),
             num(period.credits_t)});
    }
    if (result.parts.size() > 1)
      totals_row(w, (part.id + " " + w({"小計", "subtotal"})).c_str(), part.totals);
  }
  totals_row(w, w({"合計", "Total"}), result.totals);
  w.table_end();
  w.raw(fmt::format("<p class=\"total\" id=\"credits-total\">{}: {} t CO2e</p>\n",
                    w({"減量額度合計", "Credits in total"}), num(result.totals.credits_t)));
}

void stages_table(Writer& w, const offsets::Project& project) {
  w.table_start(
      {{"階段", "Stage"}, {"日期", "Date"}, {"負責單位", "Responsible"}, {"文件", "Documents"}},
      "offset-stages");
  for (const auto& stage : project.stages) {
    std::string documents;
    for (const auto& document : stage.documents) {
      documents += (documents.empty() ? "" : "; ") + esc(document);
    }
    w.text_row({esc(offsets::stage_title(stage.stage)), stage.date.to_string(),
                esc(stage.responsible), documents});
  }
  w.table_end();
}

void parameter_plan(Writer& w, const offsets::Method& method) {
  w.table_start({{"參數", "Parameter"},
                 {"單位", "Unit"},
                 {"數據來源", "Source"},
                 {"監測頻率", "Monitoring frequency"},
                 {"預設值", "Default"}},
                "offset-parameters");
  for (const auto& spec : method.parameters) {
    w.text_row({esc(spec.id + " " + spec.name), esc(spec.unit), esc(spec.source),
                esc(spec.frequency), spec.default_value ? num(*spec.default_value) : "—"});
  }
  w.table_end();
}

void period_section(Writer& w, const offsets::Method& method, const std::string& part,
                    const offsets::PeriodResult& period) {
  w.raw(fmt::format("<h3>{} {} ({} – {})</h3>\n", esc(part), esc(period.period),
                    period.from.to_string(), period.to.to_string()));
  w.table_start(
      {{"參數", "Parameter"}, {"數值", "Value"}, {"單位", "Unit"}, {"數據提供者", "Supplied by"}},
      "offset-period-parameters");
  for (const auto& [id, value] : period.values) {
    const auto* spec = method.find_parameter(id);
    const auto supplier = period.supplied_by.find(id);
    w.row({esc(spec != nullptr ? id + " " + spec->name : id), num(value),
           esc(spec != nullptr ? spec->unit : ""),
           supplier == period.supplied_by.end() ? "—" : esc(supplier->second)},
          1);
  }
  w.table_end();
  if (!period.samples.empty()) {
    w.table_start({{"抽樣參數", "Sampled parameter"},
                   {"樣本數 n", "n"},
                   {"母體 N", "N"},
                   {"所需樣本數", "Required n"},
                   {"平均", "Mean"},
                   {"變異係數 CV", "CV"},
                   {"達成精確度", "Achieved precision"},
                   {"採用值", "Value used"}},
                  "offset-samples");
    for (const auto& sample : period.samples) {
      const auto& e = sample.estimate;
      w.row({esc(sample.parameter), std::to_string(e.n), std::to_string(e.population),
             std::to_string(e.required_n), num(e.mean), num(e.cv),
             html::percent(e.achieved_precision), num(e.value_used)});
    }
    w.table_end();
  }
  w.table_start({{"符號", "Symbol"},
                 {"說明", "Description"},
                 {"公式", "Formula"},
                 {"數值", "Value"},
                 {"單位", "Unit"}},
                "offset-calculation");
  for (const auto& line : period.emissions.lines) {
    w.row({esc(line.symbol), esc(line.description), esc(line.formula), num(line.value),
           esc(line.unit)},
          3);
  }
  w.table_end();
  w.paragraph(
      fmt::format("{}: <strong class=\"period-credits\">{}</strong> t CO2e",
                  w({"本期減量額度（減量之整數噸）", "Credits of the period (whole tonnes)"}),
                  num(period.credits_t)));
}

}  // namespace

std::string offset_plan_html(const offsets::Project& project, const offsets::ProjectResult& result,
                             const OffsetDocumentOptions& options) {
  auto w = writer_for(options);
  const auto& method = *result.method;
  cover(w, project, result, options, {"抵換專案計畫書", "Offset project plan"});
  w.heading(2, {"一、專案概述", "1. The project"});
  w.table_start({{"項目", "Item"}, {"內容", "Content"}}, "offset-overview");
  w.text_row({w({"專案提案者", "Proponent"}), esc(project.proponent)});
  w.text_row(
      {w({"減量方法", "Method"}), esc(method.id + " " + method.title + " — " +
                                      method.source.document + ", " + method.source.version)});
  w.text_row({w({"計入期", "Crediting period"}),
              fmt::format("{} – {} ({} {})", project.crediting_start.to_string(),
                          project.crediting_end.to_string(), w({"第", "number"}),
                          project.crediting_period_number)});
  if (!project.cme.empty()) w.text_row({w({"整合管理機構", "CME"}), esc(project.cme)});
  w.text_row({w({"預估年節電量", "Expected saving"}),
              num(project.expected_saving_mwh_per_year) + " MWh/yr"});
  w.text_row({w({"預估年減量", "Expected reduction"}),
              num(project.expected_reduction_t_per_year) + " t CO2e/yr"});
  w.table_end();

  w.heading(2, {"二、外加性與適用條件", "2. Additionality and applicability"});
  std::string tests;
  for (const auto test : project.additionality.tests) {
    tests += (tests.empty() ? "" : ", ") + std::string(offsets::additionality_test_id(test));
  }
  w.paragraph(fmt::format("{}: {} — {}", w({"外加性分析", "Additionality"}), esc(tests),
                          esc(project.additionality.evidence)));
  w.table_start({{"條件", "Condition"}, {"符合", "Met"}, {"佐證", "Evidence"}},
                "offset-applicability");
  for (const auto& condition : method.conditions) {
    std::string met = "—";
    std::string evidence = condition.parameter.empty()
                               ? std::string()
                               : std::string(w({"以監測數據檢核：", "checked on the data: "})) +
                                     esc(condition.parameter);
    for (const auto& item : project.applicability) {
      if (item.condition != condition.id) continue;
      met = item.met ? w({"是", "yes"}) : w({"否", "no"});
      evidence = esc(item.evidence);
    }
    w.text_row({esc(condition.id + " " + condition.text), met, evidence});
  }
  w.table_end();

  w.heading(2, {"三、電力排放係數", "3. Grid emission factor"});
  w.paragraph(fmt::format("{} {} t CO2/MWh ({}) — {}, {}, {}",
                          esc(std::string(offsets::grid_basis_id(project.grid.basis))),
                          num(project.grid.t_per_mwh), esc(project.grid.source.table),
                          esc(project.grid.source.document), esc(project.grid.source.version),
                          project.grid.source.year));

  w.heading(2, {"四、設備登錄與子專案", "4. Equipment registry and sub-projects"});
  w.table_start({{"子專案", "Sub-project"},
                 {"設備", "Equipment"},
                 {"數量", "Count"},
                 {"報廢數量", "Scrapped"},
                 {"使用單位", "User"}},
                "offset-equipment");
  const auto equipment_rows = [&](const std::string& owner, const auto& list) {
    for (const auto& item : list) {
      w.row({esc(owner), esc(item.id + " " + item.type), num(item.count), num(item.scrapped),
             esc(item.user)},
            2);
    }
  };
  equipment_rows(project.id, project.equipment);
  for (const auto& sub : project.sub_projects) equipment_rows(sub.id, sub.equipment);
  w.table_end();
  if (!project.inclusion.empty()) {
    w.table_start({{"納入條件", "Inclusion criterion"}, {"檢核屬性", "Attribute"}},
                  "offset-inclusion");
    for (const auto& criterion : project.inclusion) {
      w.text_row({esc(criterion.id + " " + criterion.text), esc(criterion.attribute)});
    }
    w.table_end();
  }

  w.heading(2, {"五、監測計畫", "5. Monitoring plan"});
  parameter_plan(w, method);

  w.heading(2, {"六、減量計算", "6. Emission reductions"});
  w.paragraph(w({"ER = BE − PE − LE；減量額度為減量之整數噸（不為負）。",
                 "ER = BE − PE − LE; credits are the whole tonnes of the reduction (never "
                 "negative)."}));
  summary_table(w, result);

  w.heading(2, {"七、專案階段", "7. Stages"});
  stages_table(w, project);
  w.raw("</body></html>\n");
  return w.take();
}

std::string offset_monitoring_html(const offsets::Project& project,
                                   const offsets::ProjectResult& result,
                                   const OffsetDocumentOptions& options) {
  auto w = writer_for(options);
  const auto& method = *result.method;
  cover(w, project, result, options, {"監測報告書", "Monitoring report"});
  w.heading(2, {"一、減量結果", "1. Reductions and credits"});
  summary_table(w, result);
  w.heading(2, {"二、各監測期間之參數與計算", "2. Parameters and calculation per period"});
  bool any = false;
  for (const auto& part : result.parts) {
    for (const auto& period : part.periods) {
      period_section(w, method, part.id, period);
      any = true;
    }
  }
  if (!any) w.paragraph(w({"尚無監測數據。", "No monitoring data yet."}));
  w.heading(2, {"三、監測參數之來源與頻率", "3. Sources and frequency of the parameters"});
  parameter_plan(w, method);
  w.heading(2, {"四、專案階段", "4. Stages"});
  stages_table(w, project);
  w.raw("</body></html>\n");
  return w.take();
}

}  // namespace cl::io

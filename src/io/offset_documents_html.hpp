// The offset project's two documents as self-contained HTML (printed to PDF by io/pdf.hpp),
// with the shared writer, cover and print style of io/html_document:
//
//   the project plan (抵換專案計畫書): the project, proponent and method (document, version),
//   crediting period, additionality and applicability with their evidence, the grid factor and
//   its source, the equipment registry, the sub-projects and inclusion criteria of a programme,
//   the monitoring plan (every parameter with unit, source and frequency), the ex-ante
//   estimate, and the stage history;
//
//   the monitoring report (監測報告書): per monitoring period the parameter table (value, unit,
//   who supplied it), the sample statistics, the calculation table (E_BL, E_PJ, BE, PE, LE, ER:
//   symbol, formula, value, unit) and the credits, with totals per sub-project and project.
//
// Numbers come from offsets::compute_project; nothing is recomputed here.
#pragma once

#include <string>

#include "core/offsets/project.hpp"

namespace cl::io {

struct OffsetDocumentOptions {
  std::string lang = "zh-TW";  ///< "zh-TW" or "en"
  std::string generated;       ///< the cover's date, YYYY-MM-DD (the caller's clock)
  std::string organization;    ///< the proponent organization's names
  std::string organization_en;
};

std::string offset_plan_html(const offsets::Project& project, const offsets::ProjectResult& result,
                             const OffsetDocumentOptions& options);
std::string offset_monitoring_html(const offsets::Project& project,
                                   const offsets::ProjectResult& result,
                                   const OffsetDocumentOptions& options);

}  // namespace cl::io

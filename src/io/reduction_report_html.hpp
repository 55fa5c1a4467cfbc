// The energy-saving and carbon-reduction report (節能減碳報告書, INV-8) as a self-contained HTML
// document in zh-TW or English, for headless Chromium to print (io/pdf.hpp) and a browser to
// show: the computed inventory's hot spots (largest sources and their shares), the reduction
// proposals of a utilities site survey with their energy, CO2e, investment, yearly saving and
// payback, their totals, and one sentence per proposal. The look is the inventory report's
// (report_html.hpp).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/inventory/model.hpp"
#include "core/inventory/reduction.hpp"
#include "core/inventory/result.hpp"
#include "io/report_html.hpp"

namespace cl::io {

/// One proposal as the report shows it (estimated by the caller).
struct ReductionLine {
  inventory::Equipment equipment = inventory::Equipment::other;
  std::string measure;
  double energy_saving = 0.0;
  std::string energy_unit;
  std::optional<double> co2e_saving_kg;  ///< none when it could not be estimated (`problem`)
  double investment_twd = 0.0;
  double annual_cost_saving_twd = 0.0;
  std::optional<double> payback_years;
  std::string factor;  ///< the factor id used
  std::string source;  ///< "S09 外購電力" when the proposal names a source
  std::string note;
  std::string problem;
};

std::string render_reduction_report_html(const inventory::Inventory& inventory,
                                         const inventory::InventoryResult& result,
                                         const std::vector<ReductionLine>& lines,
                                         const ReportOptions& options);

}  // namespace cl::io

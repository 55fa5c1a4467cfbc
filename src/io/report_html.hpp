// The inventory report (盤查報告書) and the inventory procedure (盤查程序書) as self-contained
// HTML documents in zh-TW or English: what headless Chromium prints to PDF (io/pdf.hpp) and what
// a browser shows. Every number is the computed result's; the factor table lists each applied
// factor with its provenance, so a reader can follow any line to its source document.
#pragma once

#include <string>
#include <string_view>

#include "core/inventory/model.hpp"
#include "core/inventory/result.hpp"

namespace cl::io {

struct ReportOptions {
  std::string lang = "zh-TW";  ///< "zh-TW" or "en"
  std::string generated_on;    ///< the date printed on the cover (the caller's clock), YYYY-MM-DD
};

/// The inventory report: organization and boundary, totals per scope and ISO category, per gas,
/// per facility and per source, the hot spots, data quality and uncertainty, and the factors.
std::string render_report_html(const inventory::Inventory& inventory,
                               const inventory::InventoryResult& result,
                               const ReportOptions& options);

/// The inventory procedure: how this organization's inventory is made (boundary, source
/// identification, data collection per source with its unit and evidence, calculation method
/// and GWP set, quality management, records), filled in from the inventory.
std::string render_procedure_html(const inventory::Inventory& inventory,
                                  const inventory::InventoryResult& result,
                                  const ReportOptions& options);

/// `text` with &, <, >, " and ' escaped for HTML.
std::string html_escape(std::string_view text);

}  // namespace cl::io

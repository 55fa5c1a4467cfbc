// The downloadable activity-data template (活動數據填報範本) as an .xlsx workbook, written with
// libxlsxwriter: the sheet 活動數據 with zh-TW column names over the English keys of the activity
// CSV (the two header rows read_activity_xlsx recognises), text-formatted id and period columns
// (so Excel does not turn 2024-03 into a date), date-formatted from/to columns, drop-down lists
// of units (and of the organization's sources), a non-negative number check on amounts, the
// instructions sheet 說明 in zh-TW and English, the unit list 單位, and, given an inventory, the
// sheet 排放源 and its sources pre-filled: twelve month rows for a monthly source, one row for
// the others. Rows given in the options are written filled in instead (an export for editing, and
// the round-trip tests). Written to a temporary file and renamed, so a failure leaves nothing.
#pragma once

#include <string>
#include <vector>

#include "core/common/result.hpp"
#include "core/inventory/model.hpp"
#include "io/activity_xlsx.hpp"

namespace cl::io {

struct ActivityTemplateOptions {
  /// Its sources are listed and pre-filled (its year gives the months); none: a blank template.
  const inventory::Inventory* inventory = nullptr;
  /// Rows written filled in; when not empty, nothing is pre-filled.
  std::vector<ActivityRow> rows;
};

/// Writes the template to `path`; io.write_failed naming the path.
Result<void> write_activity_template(const std::string& path,
                                     const ActivityTemplateOptions& options = {});

}  // namespace cl::io

// Activity rows from an Excel workbook: the downloadable template (activity_template.hpp) filled
// in by a factory, or any sheet with the columns of the activity CSV (docs/formats/inventory.md:
// source, period, amount, unit; optional evidence, note, id) under English or zh-TW headers,
// plus optional from/to columns (起日/迄日) for a bill period. A period cell may be text
// ("2024-03", "2024-01-15..2024-02-14") or an Excel date (the month that contains it); from/to
// may be dates or text dates.
//
// Every problem is a Diagnostic naming the workbook, the row and the cell (`活動數據!C7`), saying
// what was expected and what to do, and reading goes on so that one pass lists them all. All or
// nothing: the rows are returned only when there is no error, so an import never stores half a
// file. A row whose amount, evidence, note and id are all blank is a template row nobody filled
// in: skipped, with one warning that counts them.
#pragma once

#include <array>
#include <string>
#include <string_view>
#include <vector>

#include "core/common/diagnostic.hpp"
#include "core/inventory/model.hpp"
#include "io/xlsx_reader.hpp"

namespace cl::io {

/// A column of the activity sheet: the CSV header name and the template's zh-TW label.
struct ActivityColumn {
  std::string_view key;    ///< "source"
  std::string_view label;  ///< "排放源代碼"
  bool required;
};

/// The columns in template order (source, period, from, to, amount, unit, evidence, note, id).
const std::array<ActivityColumn, 9>& activity_columns();

/// The template's activity sheet; the reader looks for it first, then "activity", then takes
/// the first sheet.
inline constexpr std::string_view kActivitySheet = "活動數據";

/// One imported row, owning its text (unlike inventory::ActivityRecord, whose fields are views).
struct ActivityRow {
  int row = 0;  ///< the sheet row
  std::string source;
  inventory::Period period;
  double amount = 0.0;
  std::string unit;  ///< as written; a unit that units::find_unit knows
  std::string evidence;
  std::string note;
  std::string id;
};

struct ActivityXlsxOptions {
  std::string sheet;  ///< empty: 活動數據, else "activity", else the first sheet
  /// When set, a source id that is not one of its sources is an error (inventory.unknown_source).
  const inventory::Inventory* inventory = nullptr;
  XlsxLimits limits;
};

struct ActivityXlsx {
  std::string sheet;              ///< the sheet read
  std::vector<ActivityRow> rows;  ///< empty unless `diagnostics` has no error
  Diagnostics diagnostics;
  std::size_t skipped = 0;  ///< unfilled template rows
};

/// Reads activity rows from the bytes of an .xlsx file; `file` names it in diagnostics.
ActivityXlsx read_activity_xlsx(std::string_view bytes, const std::string& file,
                                const ActivityXlsxOptions& options = {});
/// The same from a workbook already open (a server preview opens it once).
ActivityXlsx read_activity_workbook(const XlsxWorkbook& book,
                                    const ActivityXlsxOptions& options = {});
/// The same from a file on disk.
ActivityXlsx read_activity_xlsx_file(const std::string& path,
                                     const ActivityXlsxOptions& options = {});

/// The rows as an activity CSV (header source,period,amount,unit,evidence,note,id), which
/// read_activity_csv reads back to the same records.
std::string activity_rows_to_csv(const std::vector<ActivityRow>& rows);

/// Appends the rows to `inventory.records`, as coming from `file` (their sheet row kept).
void add_activity_rows(const std::vector<ActivityRow>& rows, const std::string& file,
                       inventory::Inventory& inventory);

}  // namespace cl::io

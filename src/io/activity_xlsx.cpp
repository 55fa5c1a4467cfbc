// The activity import from Excel: find the sheet, find the header row (English keys or zh-TW
// labels, below any title rows), then read each data row cell by cell, reporting every problem
// at its cell. See activity_xlsx.hpp for the rules.
#include "io/activity_xlsx.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <optional>
#include <unordered_set>

#include "core/inventory/calendar.hpp"
#include "core/units/unit.hpp"
#include "io/csv.hpp"
#include "io/file.hpp"
#include "io/inventory_reader.hpp"

namespace cl::io {
namespace {

constexpr std::size_t kMaxReportedErrors = 200;
constexpr int kHeaderSearchRows = 20;

enum Column { source, period, from, to, amount, unit, evidence, note, id, kColumnCount };

constexpr std::array<ActivityColumn, 9> kColumns = {{
    {"source", "排放源代碼", true},
    {"period", "期間", false},
    {"from", "起日", false},
    {"to", "迄日", false},
    {"amount", "數量", true},
    {"unit", "單位", true},
    {"evidence", "佐證文件", false},
    {"note", "備註", false},
    {"id", "編號", false},
}};

std::string_view trim(std::string_view text) {
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return {};
  const auto last = text.find_last_not_of(" \t\r\n");
  return text.substr(first, last - first + 1);
}

std::string lower_ascii(std::string_view text) {
  std::string out(text);
  for (char& ch : out) {
    if (ch >= 'A' && ch <= 'Z') ch = static_cast<char>(ch - 'A' + 'a');
  }
  return out;
}

/// Blank: no value, or only spaces.
bool blank(const XlsxCell& cell) {
  return cell.kind == XlsxCellKind::empty ||
         (cell.kind == XlsxCellKind::string && trim(cell.text).empty());
}

/// The column a header cell names (its English key or zh-TW label), or -1.
int column_of(const XlsxCell& cell) {
  if (cell.kind != XlsxCellKind::string) return -1;
  const std::string text = lower_ascii(trim(cell.text));
  for (std::size_t idx = 0; idx < kColumns.size(); ++idx) {
    if (text == kColumns[idx].key || text == kColumns[idx].label) return static_cast<int>(idx);
  }
  return -1;
}

/// A number as the text a user would type: integers without ".0", others in the shortest form
/// that reads back to the same double.
std::string number_text(double value) {
  if (std::abs(value) < 1e15 && value == std::floor(value)) {
    return fmt::format("{}", static_cast<long long>(value));
  }
  return fmt::format("{}", value);
}

struct Header {
  int row = 0;                          ///< the first header row
  int last_row = 0;                     ///< the last header row (a second row of English keys)
  std::array<int, kColumnCount> col{};  ///< sheet column of each column, 0 when absent
};

std::string label_of(int column) {
  return fmt::format("{} ({})", kColumns[static_cast<std::size_t>(column)].key,
                     kColumns[static_cast<std::size_t>(column)].label);
}

class SheetImport {
 public:
  SheetImport(const XlsxSheet& sheet, const std::string& file, const ActivityXlsxOptions& options,
              ActivityXlsx& out)
      : sheet_(sheet), file_(file), options_(options), out_(out) {
    if (options.inventory != nullptr) {
      for (const auto& item : options.inventory->sources) sources_.insert(item.id);
    }
  }

  void run();

 private:
  std::optional<Header> find_header();
  void read_row(const XlsxRow& row, const Header& header);

  RecordRef at(int row, int col) const {
    return {.file = file_, .row = row, .field = sheet_.ref(row, col)};
  }
  void error(ErrorCode code, int row, int col, std::string message) {
    if (++errors_ <= kMaxReportedErrors) {
      out_.diagnostics.error(code, std::move(message), at(row, col));
    }
  }

  /// The text of a text column; nullopt (reported) for a date, a boolean or an Excel error.
  std::optional<std::string> text(const XlsxCell& cell, int column);
  std::optional<inventory::Period> read_period(const XlsxRow& row, const Header& header);
  /// A from/to cell as a day: a date, or text "2024-01-15"; nullopt (reported) otherwise.
  std::optional<XlsxDateTime> day(const XlsxCell& cell, int column);

  const XlsxSheet& sheet_;
  const std::string& file_;
  const ActivityXlsxOptions& options_;
  ActivityXlsx& out_;
  std::unordered_set<std::string> sources_;
  std::size_t errors_ = 0;
  std::vector<std::string> skipped_cells_;
};

std::optional<Header> SheetImport::find_header() {
  for (const auto& row : sheet_.rows) {
    if (row.number > kHeaderSearchRows) break;
    Header header;
    header.row = header.last_row = row.number;
    std::vector<int> unknown;
    for (const auto& cell : row.cells) {
      if (blank(cell)) continue;
      const int column = column_of(cell);
      if (column < 0) {
        unknown.push_back(cell.col);
      } else if (header.col[static_cast<std::size_t>(column)] == 0) {
        header.col[static_cast<std::size_t>(column)] = cell.col;
      } else {
        out_.diagnostics.warning(
            ErrorCode::parse_unknown_field,
            "a second " + label_of(column) + " column is ignored; the first is read (" +
                sheet_.ref(row.number, header.col[static_cast<std::size_t>(column)]) + ")",
            at(row.number, cell.col));
      }
    }
    const auto has = [&](int column) { return header.col[static_cast<std::size_t>(column)] > 0; };
    if (!has(source) || !has(amount) || !has(unit) || !(has(period) || (has(from) && has(to)))) {
      continue;
    }
    for (const int col : unknown) {
      out_.diagnostics.warning(ErrorCode::parse_unknown_field,
                               "column '" + std::string(trim(row.at(col).text)) +
                                   "' is not an activity column and is ignored",
                               at(row.number, col));
    }
    // Rows right below made only of column names (the template's English keys) are headers too.
    for (const auto& next : sheet_.rows) {
      if (next.number != header.last_row + 1) continue;
      const bool all_names =
          std::all_of(next.cells.begin(), next.cells.end(),
                      [](const XlsxCell& cell) { return blank(cell) || column_of(cell) >= 0; }) &&
          std::any_of(next.cells.begin(), next.cells.end(),
                      [](const XlsxCell& cell) { return !blank(cell); });
      if (all_names) header.last_row = next.number;
    }
    return header;
  }
  return std::nullopt;
}

std::optional<std::string> SheetImport::text(const XlsxCell& cell, int column) {
  switch (cell.kind) {
    case XlsxCellKind::empty:
      return std::string();
    case XlsxCellKind::string:
      return std::string(trim(cell.text));
    case XlsxCellKind::number:
      return number_text(cell.number);
    case XlsxCellKind::error:
      error(ErrorCode::parse_bad_value, cell.row, cell.col,
            label_of(column) + ": the cell holds the Excel error " + cell.text +
                "; fix the formula or type the value");
      return std::nullopt;
    case XlsxCellKind::date:
    case XlsxCellKind::boolean:
      error(
          ErrorCode::parse_bad_value, cell.row, cell.col,
          label_of(column) + ": expected text, found " +
              (cell.kind == XlsxCellKind::date ? "the date " + cell.date.to_string()
                                               : std::string(cell.number != 0 ? "TRUE" : "FALSE")) +
              "; format the cell as text and type the value");
      return std::nullopt;
  }
  return std::nullopt;
}

std::optional<XlsxDateTime> SheetImport::day(const XlsxCell& cell, int column) {
  if (cell.kind == XlsxCellKind::date) {
    XlsxDateTime out = cell.date;
    out.hour = out.minute = out.second = 0;
    return out;
  }
  if (cell.kind == XlsxCellKind::string) {
    // "2024-01-15" as text: the same parser as a bill period's ends.
    auto parsed = parse_period(std::string(trim(cell.text)) + ".." + std::string(trim(cell.text)));
    if (parsed && parsed->from_day > 0) {
      return XlsxDateTime{parsed->from_year, parsed->from_month, parsed->from_day, 0, 0, 0};
    }
  }
  if (cell.kind == XlsxCellKind::error) {
    error(ErrorCode::parse_bad_value, cell.row, cell.col,
          label_of(column) + ": the cell holds the Excel error " + cell.text +
              "; fix the formula or type the date");
    return std::nullopt;
  }
  const std::string found = cell.kind == XlsxCellKind::string ? "'" + cell.text + "'"
                            : cell.kind == XlsxCellKind::number
                                ? "the number " + number_text(cell.number)
                                : std::string("a value that is not a date");
  error(ErrorCode::inventory_bad_period, cell.row, cell.col,
        label_of(column) + ": expected a date such as 2024-01-15, found " + found +
            "; enter a date or type it as 2024-01-15");
  return std::nullopt;
}

std::optional<inventory::Period> SheetImport::read_period(const XlsxRow& row,
                                                          const Header& header) {
  const auto col_of = [&](int column) { return header.col[static_cast<std::size_t>(column)]; };
  const XlsxCell period_cell = row.at(col_of(period));
  const XlsxCell from_cell = row.at(col_of(from));
  const XlsxCell to_cell = row.at(col_of(to));
  const bool has_period = col_of(period) > 0 && !blank(period_cell);
  const bool has_range =
      (col_of(from) > 0 && !blank(from_cell)) || (col_of(to) > 0 && !blank(to_cell));
  const int report_col = col_of(period) > 0 ? col_of(period) : col_of(from);
  if (has_period && has_range) {
    error(ErrorCode::inventory_bad_period, row.number, report_col,
          "period (期間): give either a period or from/to dates (起日/迄日), not both; clear one");
    return std::nullopt;
  }
  if (has_range) {
    if (col_of(from) == 0 || col_of(to) == 0 || blank(from_cell) || blank(to_cell)) {
      const int col = col_of(from) > 0 && blank(from_cell) ? col_of(from) : col_of(to);
      error(ErrorCode::inventory_bad_period, row.number, col > 0 ? col : report_col,
            "a bill period needs both from (起日) and to (迄日); fill the empty one");
      return std::nullopt;
    }
    const auto first = day(from_cell, from);
    const auto last = day(to_cell, to);
    if (!first || !last) return std::nullopt;
    inventory::Period out{first->year, first->month, first->day,
                          last->year,  last->month,  last->day};
    if (const std::string problem = inventory::check_period(out); !problem.empty()) {
      error(ErrorCode::inventory_bad_period, row.number, col_of(from),
            "bill period " + out.to_string() + ": " + problem + "; check the two dates");
      return std::nullopt;
    }
    return out;
  }
  if (!has_period) {
    error(ErrorCode::parse_missing_field, row.number, report_col,
          "period (期間) is empty: type the month as 2024-03, enter a date in that month, or give "
          "a bill's from/to dates");
    return std::nullopt;
  }
  switch (period_cell.kind) {
    case XlsxCellKind::date:
      // A date stands for the month it falls in (Excel turns a typed "2024-03" into 2024-03-01).
      return inventory::Period::month(period_cell.date.year, period_cell.date.month);
    case XlsxCellKind::string: {
      const std::string typed(trim(period_cell.text));
      auto parsed = parse_period(typed);
      std::string problem = parsed ? inventory::check_period(*parsed) : std::string();
      if (parsed && problem.empty()) return *parsed;
      error(ErrorCode::inventory_bad_period, row.number, period_cell.col,
            "period (期間): expected a month such as 2024-03 or a bill period such as "
            "2024-01-15..2024-02-14, found '" +
                typed + "'" + (problem.empty() ? "" : " (" + problem + ")") +
                "; type it in one of those forms or enter a date");
      return std::nullopt;
    }
    case XlsxCellKind::error:
      error(ErrorCode::parse_bad_value, row.number, period_cell.col,
            "period (期間): the cell holds the Excel error " + period_cell.text +
                "; fix the formula or type the month as 2024-03");
      return std::nullopt;
    default:
      error(ErrorCode::inventory_bad_period, row.number, period_cell.col,
            "period (期間): expected a month such as 2024-03 or a date, found the " +
                std::string(period_cell.kind == XlsxCellKind::number ? "number " : "value ") +
                number_text(period_cell.number) +
                "; format the cell as text and type 2024-03, or enter a date");
      return std::nullopt;
  }
}

void SheetImport::read_row(const XlsxRow& row, const Header& header) {
  const auto col_of = [&](int column) { return header.col[static_cast<std::size_t>(column)]; };
  const auto cell = [&](int column) { return row.at(col_of(column)); };
  const auto present = [&](int column) { return col_of(column) > 0 && !blank(cell(column)); };
  if (!std::any_of(kColumns.begin(), kColumns.end(), [&](const ActivityColumn& item) {
        return present(static_cast<int>(&item - kColumns.data()));
      })) {
    return;  // an empty row (or one with text only outside the columns)
  }
  if (!present(amount) && !present(evidence) && !present(note) && !present(id)) {
    ++out_.skipped;
    if (skipped_cells_.size() < 5) skipped_cells_.push_back(sheet_.ref(row.number, col_of(amount)));
    return;  // a pre-filled template row nobody filled in
  }
  const std::size_t errors_before = errors_;
  ActivityRow out;
  out.row = row.number;

  if (auto value = text(cell(source), source)) {
    out.source = *value;
    if (out.source.empty()) {
      error(ErrorCode::parse_missing_field, row.number, col_of(source),
            "source (排放源代碼) is empty: type the id of an emission source (the 排放源 sheet "
            "lists them)");
    } else if (options_.inventory != nullptr && !sources_.contains(out.source)) {
      std::string known;
      for (const auto& item : options_.inventory->sources) {
        if (known.size() > 80) {
          known += ", …";
          break;
        }
        known += (known.empty() ? "" : ", ") + item.id;
      }
      error(ErrorCode::inventory_unknown_source, row.number, col_of(source),
            "source (排放源代碼) '" + out.source + "' is not one of the organization's sources (" +
                known + "); correct the id or add the source first");
    }
  }

  if (auto parsed = read_period(row, header)) out.period = *parsed;

  const XlsxCell amount_cell = cell(amount);
  switch (amount_cell.kind) {
    case XlsxCellKind::number:
      out.amount = amount_cell.number;
      break;
    case XlsxCellKind::string: {
      const std::string_view typed = trim(amount_cell.text);
      const auto* end = typed.data() + typed.size();
      auto [ptr, ec] = std::from_chars(typed.data(), end, out.amount);
      if (typed.empty() || ec != std::errc() || ptr != end || !std::isfinite(out.amount)) {
        error(ErrorCode::parse_bad_value, row.number, amount_cell.col,
              "amount (數量): expected a number, found the text '" + std::string(typed) +
                  "'; type digits with a dot for decimals and no thousands separators or units");
      }
      break;
    }
    case XlsxCellKind::empty:
      error(ErrorCode::parse_missing_field, row.number, col_of(amount),
            "amount (數量) is empty: type the amount from the bill or meter");
      break;
    case XlsxCellKind::error:
      error(ErrorCode::parse_bad_value, row.number, amount_cell.col,
            "amount (數量): the cell holds the Excel error " + amount_cell.text +
                "; fix the formula or type the number");
      break;
    case XlsxCellKind::date:
    case XlsxCellKind::boolean:
      error(ErrorCode::parse_bad_value, row.number, amount_cell.col,
            "amount (數量): expected a number, found " +
                (amount_cell.kind == XlsxCellKind::date
                     ? "the date " + amount_cell.date.to_string()
                     : std::string(amount_cell.number != 0 ? "TRUE" : "FALSE")) +
                "; format the cell as a number and type the amount");
      break;
  }
  if (out.amount < 0) {
    error(ErrorCode::inventory_negative_amount, row.number, col_of(amount),
          "amount (數量) " + number_text(out.amount) +
              " is negative; amounts are never negative: record a correction as its own row "
              "with its evidence");
  }

  if (auto value = text(cell(unit), unit)) {
    out.unit = *value;
    if (out.unit.empty()) {
      error(ErrorCode::parse_missing_field, row.number, col_of(unit),
            "unit (單位) is empty: choose the unit from the list (度, m3, L, kg, …)");
    } else if (auto found = units::find_unit(out.unit); !found) {
      error(found.error().code, row.number, col_of(unit),
            "unit (單位): " + found.error().message + "; choose one from the list in the cell");
    }
  }
  for (const auto& [column, field] :
       {std::pair{evidence, &ActivityRow::evidence}, std::pair{note, &ActivityRow::note},
        std::pair{id, &ActivityRow::id}}) {
    if (col_of(column) == 0) continue;
    if (auto value = text(cell(column), column)) out.*field = *value;
  }
  if (errors_ == errors_before) out_.rows.push_back(std::move(out));
}

void SheetImport::run() {
  const auto header = find_header();
  if (!header) {
    out_.diagnostics.error(
        ErrorCode::parse_missing_field,
        "sheet '" + sheet_.name + "' has no header row (in its first " +
            std::to_string(kHeaderSearchRows) +
            " rows) naming the columns source, period, amount and unit (or 排放源代碼, 期間, 數量, "
            "單位; from/to or 起日/迄日 may replace period): download the template and copy the "
            "rows into it",
        {.file = file_, .field = sheet_.name});
    return;
  }
  for (const auto& row : sheet_.rows) {
    if (row.number > header->last_row) read_row(row, *header);
  }
  if (errors_ > kMaxReportedErrors) {
    out_.diagnostics.error(ErrorCode::parse_bad_value,
                           std::to_string(errors_ - kMaxReportedErrors) +
                               " more problems not shown; fix the ones above first",
                           {.file = file_, .field = sheet_.name});
  }
  if (out_.skipped > 0) {
    std::string cells;
    for (const auto& ref : skipped_cells_) cells += (cells.empty() ? "" : ", ") + ref;
    if (out_.skipped > skipped_cells_.size()) cells += ", …";
    out_.diagnostics.warning(ErrorCode::parse_missing_field,
                             std::to_string(out_.skipped) +
                                 " row(s) with no amount were skipped (" + cells +
                                 "); fill in the amount to import them, or delete the rows",
                             {.file = file_, .field = sheet_.name});
  }
  if (out_.diagnostics.has_errors()) out_.rows.clear();
}

}  // namespace

const std::array<ActivityColumn, 9>& activity_columns() {
  return kColumns;
}

ActivityXlsx read_activity_xlsx(std::string_view bytes, const std::string& file,
                                const ActivityXlsxOptions& options) {
  auto book = XlsxWorkbook::open(bytes, file, options.limits);
  if (!book) {
    ActivityXlsx out;
    out.diagnostics.add(book.error());
    return out;
  }
  return read_activity_workbook(*book, options);
}

ActivityXlsx read_activity_workbook(const XlsxWorkbook& book, const ActivityXlsxOptions& options) {
  ActivityXlsx out;
  const std::string& file = book.file();
  std::string name = options.sheet;
  if (name.empty()) {
    if (book.has_sheet(kActivitySheet)) {
      name = std::string(kActivitySheet);
    } else if (book.has_sheet("activity")) {
      name = "activity";
    }
  }
  auto sheet = name.empty() ? book.sheet_at(0) : book.sheet(name);
  if (!sheet) {
    out.diagnostics.add(sheet.error());
    return out;
  }
  out.sheet = sheet->name;
  SheetImport(*sheet, file, options, out).run();
  return out;
}

ActivityXlsx read_activity_xlsx_file(const std::string& path, const ActivityXlsxOptions& options) {
  auto bytes = read_file(path, options.limits.max_file_bytes);
  if (!bytes) {
    ActivityXlsx out;
    out.diagnostics.add(bytes.error());
    return out;
  }
  return read_activity_xlsx(*bytes, path, options);
}

std::string activity_rows_to_csv(const std::vector<ActivityRow>& rows) {
  std::string out = "source,period,amount,unit,evidence,note,id\n";
  for (const auto& row : rows) {
    out += csv_escape(row.source) + ',' + row.period.to_string() + ',' +
           fmt::format("{}", row.amount) + ',' + csv_escape(row.unit) + ',' +
           csv_escape(row.evidence) + ',' + csv_escape(row.note) + ',' + csv_escape(row.id) + '\n';
  }
  return out;
}

void add_activity_rows(const std::vector<ActivityRow>& rows, const std::string& file,
                       inventory::Inventory& inventory) {
  const std::uint32_t file_index = inventory.file_index(file);
  inventory::SourceIndex index(inventory);
  for (const auto& row : rows) {
    inventory::ActivityRecord record;
    record.source = inventory.keep(row.source);
    record.id = inventory.keep(row.id);
    record.evidence = inventory.keep(row.evidence);
    record.note = inventory.keep(row.note);
    record.period = row.period;
    record.amount.value = row.amount;
    if (auto found = units::find_unit(row.unit)) record.amount.set_unit(*found);
    if (const auto hint = index.find(record.source); hint != inventory::SourceIndex::npos) {
      record.source_hint = static_cast<std::uint32_t>(hint);
    }
    record.file = file_index;
    record.row = row.row;
    inventory.records.push_back(record);
  }
}

}  // namespace cl::io

// A reader for Excel workbooks (.xlsx, Office Open XML SpreadsheetML, ECMA-376 Part 1), built on
// libzip (the zip container, read from memory) and pugixml (the XML parts). It reads what an
// import needs and nothing more: the sheets by name (workbook.xml and its relationships), the
// shared strings (rich-text runs joined, phonetic runs left out), the styles that tell a date
// from a number (built-in formats 14–22, 27–36, 45–47, 50–58 and custom formats with y, m, d, h
// or s outside quotes and brackets), and each cell's value with its A1 reference, under the 1900
// or the 1904 date system. Formulas are not evaluated: a formula cell has its cached value.
//
// Input comes from outside (uploads on the server), so the reader is defensive: the archive's
// size, its number of entries, each entry's and all entries' uncompressed sizes (declared and
// actual: a zip bomb stops at the cap) and the number of cells are limited, and every failure is
// an Error naming the file and the part: io.not_xlsx (not a zip, or a zip that is not a
// workbook), io.too_large (a limit), io.read_failed (a damaged or encrypted entry),
// parse.syntax (broken XML or a bad cell reference), parse.missing_field (no such sheet).
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/common/result.hpp"

namespace cl::io {

class XlsxPartSource;

/// Caps against hostile or accidental huge files; the defaults fit any activity workbook.
struct XlsxLimits {
  std::size_t max_file_bytes = 64u << 20;      ///< the .xlsx file itself
  std::size_t max_entries = 10000;             ///< files in the zip
  std::uint64_t max_entry_bytes = 128u << 20;  ///< one part, uncompressed
  std::uint64_t max_total_bytes = 256u << 20;  ///< all parts, uncompressed
  std::size_t max_cells = 2'000'000;           ///< cells of one sheet (about 160 MB); more: use CSV
};

enum class XlsxCellKind { empty, string, number, date, boolean, error };

/// A calendar date and time of day (a date cell's value).
struct XlsxDateTime {
  int year = 0, month = 0, day = 0;
  int hour = 0, minute = 0, second = 0;
  /// "2024-03-15", or "2024-03-15 08:30:00" when the time is not midnight.
  std::string to_string() const;
  friend bool operator==(const XlsxDateTime&, const XlsxDateTime&) = default;
};

struct XlsxCell {
  XlsxCellKind kind = XlsxCellKind::empty;
  int row = 0;          ///< 1-based
  int col = 0;          ///< 1-based (A = 1)
  std::string text;     ///< string cells; error cells ("#N/A", "#DIV/0!")
  double number = 0.0;  ///< number cells; date cells (the serial); boolean cells (0 or 1)
  XlsxDateTime date;    ///< date cells

  bool empty() const { return kind == XlsxCellKind::empty; }
  /// "C7".
  std::string ref() const;
};

struct XlsxRow {
  int number = 0;               ///< 1-based row number
  std::vector<XlsxCell> cells;  ///< by column; cells absent from the file are not listed
  /// The cell in column `col`, or an empty one (with its row and column) when absent.
  XlsxCell at(int col) const;
};

struct XlsxSheet {
  std::string name;
  std::vector<XlsxRow> rows;  ///< by row number; rows absent from the file are not listed
  /// The cell at (`row`, `col`), or an empty one.
  XlsxCell at(int row, int col) const;
  /// "活動數據!C7": the sheet-qualified reference used in diagnostics.
  std::string ref(int row, int col) const;
};

/// "A" for 1, "Z" for 26, "AA" for 27, … "XFD" for 16384.
std::string xlsx_column_name(int col);
/// "C7" for row 7, column 3.
std::string xlsx_cell_ref(int row, int col);

/// An Excel date serial as a date and time; false when out of Excel's range (before 1900 or
/// 1904, after 9999). 1900 system: serial 1 is 1900-01-01 and Excel's fictitious 1900-02-29
/// (serial 60) reads as 1900-02-28, as openpyxl does; 1904 system: serial 0 is 1904-01-01.
bool xlsx_serial_to_date(double serial, bool date1904, XlsxDateTime& out);

/// Whether number format `id` with `code` (empty for built-in ids) shows a date or a time.
bool xlsx_is_date_format(int id, std::string_view code);

class XlsxWorkbook {
 public:
  /// Opens a workbook from its bytes; `file` names it in errors.
  static Result<XlsxWorkbook> open(std::string_view bytes, const std::string& file,
                                   const XlsxLimits& limits = {});
  /// A workbook from parts already unpacked (part name → bytes), as if they came from a zip:
  /// for the fuzz target, which then reaches the XML readers without building zip archives.
  static Result<XlsxWorkbook> open_parts(const std::map<std::string, std::string>& parts,
                                         const std::string& file, const XlsxLimits& limits = {});
  /// Reads and opens `path` (io.not_found, io.too_large over max_file_bytes, …).
  static Result<XlsxWorkbook> open_file(const std::string& path, const XlsxLimits& limits = {});

  const std::string& file() const { return file_; }
  /// Sheet names in workbook order (hidden sheets included).
  std::vector<std::string> sheet_names() const;
  bool has_sheet(std::string_view name) const;
  bool date1904() const { return date1904_; }

  /// The sheet named `name` (exact match first, then ignoring ASCII case, as Excel does);
  /// parse.missing_field listing the sheets when there is none.
  Result<XlsxSheet> sheet(std::string_view name) const;
  /// The sheet at `index` in workbook order.
  Result<XlsxSheet> sheet_at(std::size_t index) const;

 private:
  struct SheetPart {
    std::string name;
    std::string path;  ///< part name in the zip, e.g. "xl/worksheets/sheet1.xml"
    std::string xml;   ///< the part's bytes
  };

  Result<void> read_parts(XlsxPartSource& source);
  Result<XlsxSheet> parse_sheet(const SheetPart& part) const;

  std::string file_;
  XlsxLimits limits_;
  bool date1904_ = false;
  std::vector<SheetPart> sheets_;
  std::vector<std::string> shared_strings_;
  std::vector<bool> date_styles_;  ///< per cellXfs index: shows a date
};

}  // namespace cl::io

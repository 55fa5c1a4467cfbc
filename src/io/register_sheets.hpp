// Internal to the MOENV register writer (register_xlsx.cpp, register_sheets.cpp), not part of the
// io API: the workbook's cell formats, a row-at-a-time sheet writer that keeps the first
// libxlsxwriter error so the caller can discard the workbook, small labels shared by the sheets,
// and one function per sheet. Every sheet has a title row and a header in Traditional Chinese
// with English in a second row; masses are written in tonnes, shares as fractions.
#pragma once

#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include <xlsxwriter.h>

#include "core/common/result.hpp"
#include "core/inventory/model.hpp"
#include "core/inventory/result.hpp"

namespace cl::io::register_detail {

struct Formats {
  lxw_format* title = nullptr;
  lxw_format* section = nullptr;
  lxw_format* header = nullptr;
  lxw_format* header_en = nullptr;
  lxw_format* wrap = nullptr;
  lxw_format* integer = nullptr;
  lxw_format* tonnes = nullptr;      ///< "0.000"
  lxw_format* tonnes_gas = nullptr;  ///< "0.000###", small masses of CH4 and N2O
  lxw_format* activity = nullptr;    ///< "#,##0.000###"
  lxw_format* share = nullptr;       ///< "0.0%"
  lxw_format* percent = nullptr;     ///< "0.00%", uncertainties
  lxw_format* score = nullptr;       ///< "0.00"
  lxw_format* total_label = nullptr;
  lxw_format* total_tonnes = nullptr;
  lxw_format* total_share = nullptr;
  lxw_format* total_percent = nullptr;
  lxw_format* total_score = nullptr;
};

struct RegisterContext {
  const inventory::Inventory& inventory;
  const inventory::InventoryResult& result;
  lxw_workbook* book;
  const Formats& formats;
  lxw_error& status;  ///< first libxlsxwriter error met while writing the sheets
};

/// A header column: Chinese caption, English caption, width in characters.
struct Column {
  const char* zh;
  const char* en;
  double width;
};

/// One cell: blank, text or a number, with an optional format.
struct Cell {
  enum class Kind { blank, text, number };
  Kind kind = Kind::blank;
  std::string text;
  double number = 0.0;
  lxw_format* format = nullptr;

  Cell() = default;
  Cell(std::string value, lxw_format* fmt = nullptr)
      : kind(Kind::text), text(std::move(value)), format(fmt) {}
  Cell(std::string_view value, lxw_format* fmt = nullptr) : Cell(std::string(value), fmt) {}
  Cell(const char* value, lxw_format* fmt = nullptr) : Cell(std::string(value), fmt) {}
  template <class Number, class = std::enable_if_t<std::is_arithmetic_v<Number>>>
  Cell(Number value, lxw_format* fmt)
      : kind(Kind::number), number(static_cast<double>(value)), format(fmt) {}
};

/// Writes one worksheet top to bottom. Widths grow to the widest column caption seen.
class SheetWriter {
 public:
  SheetWriter(const RegisterContext& context, const char* name);

  void title(const std::string& text);
  /// A blank row, then a bold section caption.
  void section(const std::string& text);
  /// The two header rows (Chinese, English).
  void header(const std::vector<Column>& columns);
  /// Freezes the rows above the cursor, so headers stay in view, and prints them on every page.
  void freeze();
  /// Writes `cells` from column A on the current row and moves to the next row.
  void row(const std::vector<Cell>& cells);

 private:
  void check(lxw_error error);

  lxw_worksheet* sheet_ = nullptr;
  const Formats& formats_;
  lxw_error& status_;
  lxw_row_t row_ = 0;
  std::vector<double> widths_;
};

/// The text, or "—" when it is empty.
std::string or_dash(const std::string& text);
double tonnes(double kg);
/// part / total, 0 when the total is 0.
double share_of(double part, double total);
/// "113 (2024)"; "—" for 0.
std::string year_with_roc(int year);
/// The sheet title: "<sheet caption> — <organization> <ROC (Gregorian) year>".
std::string sheet_title(const RegisterContext& context, std::string_view caption);
/// "度 (kWh)"; the symbol alone where the unit has no Chinese name.
std::string unit_label(const units::Unit& unit);
/// Provenance text with its verification: "IPCC 2006 …, Table 2.3 [secondary]".
std::string provenance_label(const Provenance& provenance);
/// The factor a source line used (InventoryResult::factors); nullptr if absent.
const factors::EmissionFactor* factor_of(const inventory::InventoryResult& result,
                                         const std::string& factor_id);
/// A note for gas ids that are not a single gas ("CO2e": a factor already characterized).
std::string gas_note(const std::string& gas);
/// Index of a gas in InventoryResult::gases, or gases.size().
std::size_t gas_index(const inventory::InventoryResult& result, const std::string& gas);

void write_basic_data(const RegisterContext& context);   ///< 表一
void write_boundary(const RegisterContext& context);     ///< 表二
void write_sources(const RegisterContext& context);      ///< 表三
void write_activity(const RegisterContext& context);     ///< 表四
void write_emissions(const RegisterContext& context);    ///< 表五
void write_quality(const RegisterContext& context);      ///< 表六
void write_uncertainty(const RegisterContext& context);  ///< 表七
void write_summary(const RegisterContext& context);      ///< 彙總表
void write_gwp_table(const RegisterContext& context);    ///< 附表 GWP
/// The simple register (簡易碳盤查清冊, simple_register.cpp): one sheet for a factory that
/// reports to its program rather than to the MOENV registry.
void write_simple_register(const RegisterContext& context);

/// Writes a workbook of the sheets `write` adds to `path` (a temporary file renamed when
/// complete; nothing is left behind on failure).
Result<void> write_workbook(const inventory::Inventory& inventory,
                            const inventory::InventoryResult& result, const std::string& path,
                            std::string title, void (*write)(const RegisterContext&));

}  // namespace cl::io::register_detail

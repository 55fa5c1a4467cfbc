// The MOENV register writer: the workbook's life cycle and the pieces every sheet shares (cell
// formats, SheetWriter, labels), plus 表一 basic data, 表二 boundary and the GWP table;
// register_sheets.cpp has 表三–表七 and the summary. libxlsxwriter writes the whole file in
// workbook_close(), to `path.tmp-carbonledger`; only a workbook closed without any error is
// renamed onto `path`, so a failed write leaves neither a half file nor the temporary one.
#include "io/register_xlsx.hpp"

#include <algorithm>
#include <filesystem>
#include <system_error>

#include <fmt/format.h>

#include "io/register_sheets.hpp"

namespace cl::io {
namespace register_detail {
namespace {

lxw_format* number_format(lxw_workbook* book, const char* pattern, bool is_total) {
  lxw_format* format = workbook_add_format(book);
  format_set_num_format(format, pattern);
  if (is_total) {
    format_set_bold(format);
    format_set_top(format, LXW_BORDER_THIN);
  }
  return format;
}

lxw_format* header_format(lxw_workbook* book, bool is_english) {
  lxw_format* format = workbook_add_format(book);
  format_set_bold(format);
  format_set_text_wrap(format);
  format_set_align(format, LXW_ALIGN_CENTER);
  format_set_align(format, LXW_ALIGN_VERTICAL_CENTER);
  format_set_bg_color(format, 0xDDEBF7);
  format_set_border(format, LXW_BORDER_THIN);
  if (is_english) {
    format_set_italic(format);
    format_set_font_color(format, 0x595959);
  }
  return format;
}

Formats make_formats(lxw_workbook* book) {
  Formats out;
  out.title = workbook_add_format(book);
  format_set_bold(out.title);
  format_set_font_size(out.title, 14);
  out.section = workbook_add_format(book);
  format_set_bold(out.section);
  format_set_font_size(out.section, 12);
  out.header = header_format(book, false);
  out.header_en = header_format(book, true);
  out.wrap = workbook_add_format(book);
  format_set_text_wrap(out.wrap);
  out.total_label = workbook_add_format(book);
  format_set_bold(out.total_label);
  format_set_top(out.total_label, LXW_BORDER_THIN);
  out.integer = number_format(book, "0", false);
  out.tonnes = number_format(book, "0.000", false);
  out.tonnes_gas = number_format(book, "0.000###", false);
  out.activity = number_format(book, "#,##0.000###", false);
  out.share = number_format(book, "0.0%", false);
  out.percent = number_format(book, "0.00%", false);
  out.score = number_format(book, "0.00", false);
  out.total_tonnes = number_format(book, "0.000", true);
  out.total_share = number_format(book, "0.0%", true);
  out.total_percent = number_format(book, "0.00%", true);
  out.total_score = number_format(book, "0.00", true);
  return out;
}

std::string_view boundary_zh(inventory::Boundary boundary) {
  switch (boundary) {
    case inventory::Boundary::operational_control:
      return "營運控制權";
    case inventory::Boundary::financial_control:
      return "財務控制權";
    case inventory::Boundary::equity_share:
      return "股權比例";
  }
  return "營運控制權";
}

const std::vector<Column> kItemColumns = {
    {"項目", "Item", 14}, {"英文項目", "Item (English)", 30}, {"內容", "Value", 48}};

void write_facility_table(SheetWriter& sheet, const RegisterContext& context) {
  sheet.header({{"廠區代號", "Facility id", 14},
                {"廠區名稱", "Facility name", 30},
                {"英文名稱", "Name (English)", 48},
                {"工廠登記編號", "Factory registration no.", 18},
                {"地址", "Address", 36}});
  for (const auto& facility : context.inventory.facilities) {
    sheet.row({facility.id, facility.name, or_dash(facility.name_en),
               or_dash(facility.registration_no), or_dash(facility.address)});
  }
}

}  // namespace

SheetWriter::SheetWriter(const RegisterContext& context, const char* name)
    : sheet_(workbook_add_worksheet(context.book, name)),
      formats_(context.formats),
      status_(context.status) {
  if (sheet_ == nullptr) {
    check(LXW_ERROR_WORKSHEET_INDEX_OUT_OF_RANGE);
    return;
  }
  // Registers are printed for verifiers: A4 landscape, one page wide.
  worksheet_set_landscape(sheet_);
  worksheet_set_paper(sheet_, 9);
  worksheet_fit_to_pages(sheet_, 1, 0);
}

void SheetWriter::check(lxw_error error) {
  if (error != LXW_NO_ERROR && status_ == LXW_NO_ERROR) status_ = error;
}

void SheetWriter::title(const std::string& text) {
  row({Cell(text, formats_.title)});
  ++row_;
}

void SheetWriter::section(const std::string& text) {
  ++row_;
  row({Cell(text, formats_.section)});
}

void SheetWriter::header(const std::vector<Column>& columns) {
  std::vector<Cell> zh, en;
  for (std::size_t col = 0; col < columns.size(); ++col) {
    zh.emplace_back(columns[col].zh, formats_.header);
    en.emplace_back(columns[col].en, formats_.header_en);
    if (col >= widths_.size()) widths_.resize(col + 1, 0.0);
    if (columns[col].width > widths_[col] && sheet_ != nullptr) {
      widths_[col] = columns[col].width;
      const auto index = static_cast<lxw_col_t>(col);
      check(worksheet_set_column(sheet_, index, index, widths_[col], nullptr));
    }
  }
  row(zh);
  const bool is_wrapped = std::any_of(columns.begin(), columns.end(), [](const Column& column) {
    return static_cast<double>(std::string_view(column.en).size()) > column.width;
  });
  if (is_wrapped && sheet_ != nullptr) check(worksheet_set_row(sheet_, row_, 30, nullptr));
  row(en);
}

void SheetWriter::freeze() {
  if (sheet_ == nullptr || row_ == 0) return;
  worksheet_freeze_panes(sheet_, row_, 0);
  check(worksheet_repeat_rows(sheet_, 0, row_ - 1));
}

void SheetWriter::row(const std::vector<Cell>& cells) {
  for (std::size_t idx = 0; idx < cells.size() && sheet_ != nullptr; ++idx) {
    const Cell& cell = cells[idx];
    const auto col = static_cast<lxw_col_t>(idx);
    if (cell.kind == Cell::Kind::text) {
      check(worksheet_write_string(sheet_, row_, col, cell.text.c_str(), cell.format));
    } else if (cell.kind == Cell::Kind::number) {
      check(worksheet_write_number(sheet_, row_, col, cell.number, cell.format));
    }
  }
  ++row_;
}

std::string or_dash(const std::string& text) {
  return text.empty() ? "—" : text;
}

double tonnes(double kg) {
  return kg / 1000.0;
}

double share_of(double part, double total) {
  return total == 0.0 ? 0.0 : part / total;
}

std::string year_with_roc(int year) {
  if (year == 0) return "—";
  return year > 1911 ? fmt::format("{} ({})", year - 1911, year) : std::to_string(year);
}

std::string sheet_title(const RegisterContext& context, std::string_view caption) {
  return fmt::format("{} — {} {}", caption, context.inventory.organization.name,
                     year_with_roc(context.inventory.year));
}

std::string unit_label(const units::Unit& unit) {
  if (unit.name_zh.empty()) return std::string(unit.symbol);
  return fmt::format("{} ({})", unit.name_zh, unit.symbol);
}

std::string provenance_label(const Provenance& provenance) {
  return fmt::format("{} [{}]", provenance.to_string(), verification_id(provenance.verification));
}

const factors::EmissionFactor* factor_of(const inventory::InventoryResult& result,
                                         const std::string& factor_id) {
  return result.find_factor(factor_id);
}

std::string gas_note(const std::string& gas) {
  return gas == "CO2e" ? "係數已為 CO2e factor already in CO2e (GWP 1)" : "";
}

std::size_t gas_index(const inventory::InventoryResult& result, const std::string& gas) {
  const auto found = std::find(result.gases.begin(), result.gases.end(), gas);
  return static_cast<std::size_t>(found - result.gases.begin());
}

void write_basic_data(const RegisterContext& context) {
  const auto& org = context.inventory.organization;
  SheetWriter sheet(context, "表一 基本資料");
  sheet.title(sheet_title(context, "表一 基本資料 Basic data"));
  sheet.header(kItemColumns);
  sheet.freeze();
  sheet.row({"事業名稱", "Organization name", or_dash(org.name)});
  sheet.row({"英文名稱", "Organization name (English)", or_dash(org.name_en)});
  sheet.row({"統一編號", "Tax id (Uniform Business No.)", or_dash(org.tax_id)});
  sheet.row({"管制編號", "MOENV control no.", or_dash(org.control_no)});
  sheet.row({"行業別代碼", "Industry code", or_dash(org.industry_code)});
  sheet.row({"地址", "Address", or_dash(org.address)});
  sheet.row({"聯絡人", "Contact", or_dash(org.contact)});
  sheet.row({"盤查年度", "Inventory year, ROC (Gregorian)", year_with_roc(context.inventory.year)});
  sheet.row({"基準年", "Base year, ROC (Gregorian)", year_with_roc(context.inventory.base_year)});
  sheet.row({"GWP 版本", "GWP set (IPCC, 100-year)", context.result.gwp_set});
  sheet.section("廠區 Facilities");
  write_facility_table(sheet, context);
}

void write_boundary(const RegisterContext& context) {
  const auto& inventory = context.inventory;
  const bool is_equity = inventory.boundary == inventory::Boundary::equity_share;
  SheetWriter sheet(context, "表二 邊界設定");
  sheet.title(sheet_title(context, "表二 邊界設定 Organizational boundary"));
  sheet.header(kItemColumns);
  sheet.freeze();
  sheet.row({"邊界設定方法", "Consolidation approach",
             fmt::format("{} ({})", boundary_zh(inventory.boundary),
                         inventory::boundary_id(inventory.boundary))});
  sheet.section("廠區及股權比例 Facilities and equity share");
  sheet.header({{"廠區代號", "Facility id", 14},
                {"廠區名稱", "Facility name", 30},
                {"股權比例", "Equity share", 14},
                {"納入比例", "Share included", 14}});
  for (const auto& facility : inventory.facilities) {
    sheet.row({facility.id, facility.name, Cell(facility.equity_share, context.formats.share),
               Cell(is_equity ? facility.equity_share : 1.0, context.formats.share)});
  }
  sheet.section("排除之排放源 Excluded sources");
  sheet.header({{"排放源", "Source", 14}, {"排除理由", "Reason for exclusion", 30}});
  sheet.row({"無", "None"});
}

void write_gwp_table(const RegisterContext& context) {
  const auto& result = context.result;
  SheetWriter sheet(context, "附表 GWP");
  sheet.title(sheet_title(context, "附表 全球暖化潛勢 GWP (" + result.gwp_set + ")"));
  sheet.header({{"溫室氣體", "Gas", 16},
                {"GWP 版本", "GWP set", 12},
                {"GWP", "GWP (100-year)", 14},
                {"計入總量", "In the CO2e total", 18},
                {"備註", "Note", 36}});
  sheet.freeze();
  for (std::size_t gas = 0; gas < result.gases.size(); ++gas) {
    const bool in_total = result.gas_in_total[gas] != 0;
    sheet.row({result.gases[gas], result.gwp_set, Cell(result.gwps[gas], nullptr),
               in_total ? "是 yes" : "否，另行揭露 no, reported apart",
               gas_note(result.gases[gas])});
  }
}

}  // namespace register_detail

namespace {

constexpr std::string_view kWriteAdvice =
    "check that the folder is writable and has space, and that the file is not open in Excel or "
    "another program";

tl::unexpected<Error> write_failed(const std::string& path, std::string_view reason,
                                   std::string_view advice = kWriteAdvice) {
  return fail(ErrorCode::io_write_failed,
              fmt::format("could not write the register '{}': {}; {}", path, reason, advice),
              {.file = path});
}

/// Removes the temporary workbook if one was written; never anything that is not a file.
void discard(const std::string& temp) {
  std::error_code ignored;
  if (std::filesystem::is_regular_file(temp, ignored)) std::filesystem::remove(temp, ignored);
}

void write_sheets(const register_detail::RegisterContext& context) {
  register_detail::write_basic_data(context);
  register_detail::write_boundary(context);
  register_detail::write_sources(context);
  register_detail::write_activity(context);
  register_detail::write_emissions(context);
  register_detail::write_quality(context);
  register_detail::write_uncertainty(context);
  register_detail::write_summary(context);
  register_detail::write_gwp_table(context);
}

}  // namespace

namespace register_detail {

Result<void> write_workbook(const inventory::Inventory& inventory,
                            const inventory::InventoryResult& result, const std::string& path,
                            std::string title, void (*write)(const RegisterContext&)) {
  // Checked here because libxlsxwriter reports a missing folder only in workbook_close(), after
  // printing its own message to stderr.
  const std::filesystem::path folder = std::filesystem::path(path).parent_path();
  std::error_code probe;
  if (!folder.empty() && !std::filesystem::is_directory(folder, probe)) {
    return write_failed(path, fmt::format("the folder '{}' does not exist", folder.string()),
                        "create it or choose another output path (-o)");
  }
  const std::string temp = path + ".tmp-carbonledger";
  lxw_workbook* book = workbook_new(temp.c_str());
  if (book == nullptr) return write_failed(path, "libxlsxwriter could not start a workbook");
  lxw_error status = LXW_NO_ERROR;
  const Formats formats = make_formats(book);
  write({inventory, result, book, formats, status});
  lxw_doc_properties properties{};
  properties.title = title.data();
  workbook_set_properties(book, &properties);
  const lxw_error closed = workbook_close(book);  // writes the file and frees the workbook
  if (status == LXW_NO_ERROR) status = closed;
  if (status != LXW_NO_ERROR) {
    discard(temp);
    return write_failed(path, lxw_strerror(status));
  }
  std::error_code renamed;
  std::filesystem::rename(temp, path, renamed);
  if (renamed) {
    discard(temp);
    return write_failed(path, "renaming the finished file failed: " + renamed.message());
  }
  return {};
}

}  // namespace register_detail

Result<void> write_register_xlsx(const inventory::Inventory& inventory,
                                 const inventory::InventoryResult& result,
                                 const std::string& path) {
  return register_detail::write_workbook(inventory, result, path,
                                         "溫室氣體盤查清冊 GHG inventory register", write_sheets);
}

Result<void> write_simple_register_xlsx(const inventory::Inventory& inventory,
                                        const inventory::InventoryResult& result,
                                        const std::string& path) {
  return register_detail::write_workbook(inventory, result, path,
                                         "簡易碳盤查清冊 Simple GHG inventory register",
                                         register_detail::write_simple_register);
}

}  // namespace cl::io

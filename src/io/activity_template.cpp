// The activity template writer (see activity_template.hpp). Row 1 holds the zh-TW column names,
// row 2 the English keys; data starts on row 3. Data validation covers the first kInputRows rows
// below the headers (or more when more rows are written).
#include "io/activity_template.hpp"

#include <xlsxwriter.h>

#include <algorithm>
#include <array>
#include <filesystem>
#include <system_error>

#include <fmt/format.h>

#include "core/units/unit.hpp"

namespace cl::io {
namespace {

constexpr lxw_row_t kFirstDataRow = 2;  // 0-based: Excel row 3
constexpr lxw_row_t kInputRows = 2000;
constexpr const char* kInstructionsSheet = "說明";
constexpr const char* kSourcesSheet = "排放源";
constexpr const char* kUnitsSheet = "單位";

constexpr std::array<double, 9> kWidths = {14, 12, 12, 12, 14, 10, 30, 30, 12};

/// Collects the first libxlsxwriter error, so the workbook can be discarded at the end.
class Status {
 public:
  void check(lxw_error error) {
    if (error != LXW_NO_ERROR && first_ == LXW_NO_ERROR) first_ = error;
  }
  lxw_error first() const { return first_; }

 private:
  lxw_error first_ = LXW_NO_ERROR;
};

struct Formats {
  lxw_format* header = nullptr;
  lxw_format* header_en = nullptr;
  lxw_format* text = nullptr;
  lxw_format* date = nullptr;
  lxw_format* number = nullptr;
  lxw_format* title = nullptr;
  lxw_format* wrap = nullptr;
};

Formats make_formats(lxw_workbook* book) {
  Formats out;
  out.header = workbook_add_format(book);
  format_set_bold(out.header);
  format_set_bg_color(out.header, 0xDDEBF7);
  format_set_border(out.header, LXW_BORDER_THIN);
  format_set_align(out.header, LXW_ALIGN_CENTER);
  out.header_en = workbook_add_format(book);
  format_set_italic(out.header_en);
  format_set_font_color(out.header_en, 0x595959);
  format_set_bg_color(out.header_en, 0xDDEBF7);
  format_set_border(out.header_en, LXW_BORDER_THIN);
  format_set_align(out.header_en, LXW_ALIGN_CENTER);
  out.text = workbook_add_format(book);
  format_set_num_format(out.text, "@");
  out.date = workbook_add_format(book);
  format_set_num_format(out.date, "yyyy-mm-dd");
  out.number = workbook_add_format(book);
  format_set_num_format(out.number, "General");
  out.title = workbook_add_format(book);
  format_set_bold(out.title);
  format_set_font_size(out.title, 14);
  out.wrap = workbook_add_format(book);
  format_set_text_wrap(out.wrap);
  format_set_align(out.wrap, LXW_ALIGN_VERTICAL_TOP);
  return out;
}

std::string month_text(int year, int month) {
  return fmt::format("{:04}-{:02}", year, month);
}

/// The unit a source's records use in `inventory` (its first record's), or "".
std::string unit_of(const inventory::Inventory& inventory, const std::string& source) {
  for (const auto& record : inventory.records) {
    if (record.source == source) return std::string(record.amount.unit().symbol);
  }
  return {};
}

class TemplateWriter {
 public:
  TemplateWriter(lxw_workbook* book, const ActivityTemplateOptions& options)
      : book_(book), options_(options), formats_(make_formats(book)) {}

  void write();
  lxw_error status() const { return status_.first(); }

 private:
  void write_activity_sheet();
  void write_instructions();
  void write_sources();
  void write_units();
  /// Writes `data`; its amount only when `filled` (a pre-filled row leaves it blank).
  void write_row(lxw_worksheet* sheet, lxw_row_t row, const ActivityRow& data, bool filled);
  void text(lxw_worksheet* sheet, lxw_row_t row, lxw_col_t col, const std::string& value,
            lxw_format* format = nullptr) {
    if (!value.empty())
      status_.check(worksheet_write_string(sheet, row, col, value.c_str(), format));
  }
  void date(lxw_worksheet* sheet, lxw_row_t row, lxw_col_t col, int year, int month, int day) {
    lxw_datetime value{year, month, day, 0, 0, 0.0};
    status_.check(worksheet_write_datetime(sheet, row, col, &value, formats_.date));
  }

  lxw_workbook* book_;
  const ActivityTemplateOptions& options_;
  Formats formats_;
  Status status_;
  std::size_t unit_count_ = 0;
};

void TemplateWriter::write_row(lxw_worksheet* sheet, lxw_row_t row, const ActivityRow& data,
                               bool filled) {
  const auto col = [](int index) { return static_cast<lxw_col_t>(index); };
  text(sheet, row, col(0), data.source, formats_.text);
  const auto& period = data.period;
  if (period.from_year != 0 && period.is_single_month()) {
    text(sheet, row, col(1), month_text(period.from_year, period.from_month), formats_.text);
  } else if (period.from_year != 0) {
    date(sheet, row, col(2), period.from_year, period.from_month, period.from_day);
    const int last = period.to_day == 0 ? 0 : period.to_day;
    if (last == 0) {
      // "to the end of the month": the month's last day.
      lxw_datetime first_of_next{period.to_month == 12 ? period.to_year + 1 : period.to_year,
                                 period.to_month == 12 ? 1 : period.to_month + 1,
                                 1,
                                 0,
                                 0,
                                 0.0};
      const double serial = lxw_datetime_to_excel_datetime(&first_of_next) - 1.0;
      status_.check(worksheet_write_number(sheet, row, col(3), serial, formats_.date));
    } else {
      date(sheet, row, col(3), period.to_year, period.to_month, last);
    }
  }
  if (filled) {
    status_.check(worksheet_write_number(sheet, row, col(4), data.amount, formats_.number));
  }
  text(sheet, row, col(5), data.unit, formats_.text);
  text(sheet, row, col(6), data.evidence, formats_.text);
  text(sheet, row, col(7), data.note, formats_.text);
  text(sheet, row, col(8), data.id, formats_.text);
}

void TemplateWriter::write_activity_sheet() {
  lxw_worksheet* sheet = workbook_add_worksheet(book_, std::string(kActivitySheet).c_str());
  if (sheet == nullptr) {
    status_.check(LXW_ERROR_WORKSHEET_INDEX_OUT_OF_RANGE);
    return;
  }
  const auto& columns = activity_columns();
  for (std::size_t idx = 0; idx < columns.size(); ++idx) {
    const auto col = static_cast<lxw_col_t>(idx);
    const bool is_date = columns[idx].key == "from" || columns[idx].key == "to";
    const bool is_amount = columns[idx].key == "amount";
    status_.check(worksheet_set_column(sheet, col, col, kWidths[idx],
                                       is_date     ? formats_.date
                                       : is_amount ? nullptr
                                                   : formats_.text));
    text(sheet, 0, col, std::string(columns[idx].label), formats_.header);
    text(sheet, 1, col, std::string(columns[idx].key), formats_.header_en);
  }
  worksheet_freeze_panes(sheet, kFirstDataRow, 0);

  lxw_row_t row = kFirstDataRow;
  if (!options_.rows.empty()) {
    for (const auto& data : options_.rows) write_row(sheet, row++, data, true);
  } else if (options_.inventory != nullptr) {
    const auto& inventory = *options_.inventory;
    for (const auto& source : inventory.sources) {
      ActivityRow data;
      data.source = source.id;
      data.unit = unit_of(inventory, source.id);
      if (source.requires_monthly && inventory.year > 0) {
        for (int month = 1; month <= 12; ++month) {
          data.period = inventory::Period::month(inventory.year, month);
          write_row(sheet, row++, data, false);
        }
      } else {
        write_row(sheet, row++, data, false);
      }
    }
  }
  const lxw_row_t last = std::max<lxw_row_t>(row + 200, kFirstDataRow + kInputRows);

  // Drop-down lists: units always, sources when known; amounts must be numbers ≥ 0.
  std::string unit_list = fmt::format("={}!$A$2:$A${}", kUnitsSheet, unit_count_ + 1);
  lxw_data_validation units{};
  units.validate = LXW_VALIDATION_TYPE_LIST_FORMULA;
  units.value_formula = unit_list.data();
  std::string unit_title = "單位 unit";
  std::string unit_message = "從清單選擇單位 (度 = kWh)。Choose a unit from the list.";
  units.input_title = unit_title.data();
  units.input_message = unit_message.data();
  units.error_type = LXW_VALIDATION_ERROR_TYPE_WARNING;
  status_.check(worksheet_data_validation_range(sheet, kFirstDataRow, 5, last, 5, &units));

  std::string source_list;
  lxw_data_validation sources{};
  if (options_.inventory != nullptr && !options_.inventory->sources.empty()) {
    source_list =
        fmt::format("={}!$A$2:$A${}", kSourcesSheet, options_.inventory->sources.size() + 1);
    sources.validate = LXW_VALIDATION_TYPE_LIST_FORMULA;
    sources.value_formula = source_list.data();
    sources.error_type = LXW_VALIDATION_ERROR_TYPE_STOP;
    status_.check(worksheet_data_validation_range(sheet, kFirstDataRow, 0, last, 0, &sources));
  }

  lxw_data_validation amounts{};
  amounts.validate = LXW_VALIDATION_TYPE_DECIMAL;
  amounts.criteria = LXW_VALIDATION_CRITERIA_GREATER_THAN_OR_EQUAL_TO;
  amounts.value_number = 0;
  std::string amount_title = "數量 amount";
  std::string amount_message = "數字，不含千分位或單位。A number ≥ 0, no separators or units.";
  amounts.input_title = amount_title.data();
  amounts.input_message = amount_message.data();
  amounts.error_type = LXW_VALIDATION_ERROR_TYPE_STOP;
  status_.check(worksheet_data_validation_range(sheet, kFirstDataRow, 4, last, 4, &amounts));
  worksheet_activate(sheet);
}

void TemplateWriter::write_instructions() {
  lxw_worksheet* sheet = workbook_add_worksheet(book_, kInstructionsSheet);
  if (sheet == nullptr) {
    status_.check(LXW_ERROR_WORKSHEET_INDEX_OUT_OF_RANGE);
    return;
  }
  status_.check(worksheet_set_column(sheet, 0, 0, 16, nullptr));
  status_.check(worksheet_set_column(sheet, 1, 2, 60, formats_.wrap));
  text(sheet, 0, 0, "活動數據填報說明 How to fill in the activity data", formats_.title);
  const std::vector<std::array<std::string, 3>> lines = {
      {"欄位 column", "說明", "Meaning"},
      {"排放源代碼 source", "排放源代碼，見「排放源」工作表（例如 S01）。必填。",
       "The emission source id, listed on the 排放源 sheet (e.g. S01). Required."},
      {"期間 period",
       "月份，輸入文字 2024-03，或該月任一日期；帳單期間可寫 2024-01-15..2024-02-14。",
       "The month, typed as 2024-03 or any date in it; a bill period as 2024-01-15..2024-02-14."},
      {"起日 from / 迄日 to", "帳單期間的起訖日期（含），可取代「期間」；兩者擇一。",
       "The first and last day of a bill period (inclusive), instead of period; not both."},
      {"數量 amount", "帳單或儀表上的數量，數字，不含千分位、單位。必填，不可為負。",
       "The amount on the bill or meter: a number without separators or units. Required, ≥ 0."},
      {"單位 unit", "從清單選擇（度 = kWh、公秉 = kL、m3、L、kg、t …）。必填。",
       "Choose from the list (度 = kWh, 公秉 = kL, m3, L, kg, t …). Required."},
      {"佐證文件 evidence", "帳單或佐證檔名（選填）。", "The bill's file name (optional)."},
      {"備註 note", "備註（選填）。", "A note (optional)."},
      {"編號 id", "這一列的編號（選填）。", "This row's own id (optional)."},
      {"", "未填數量的預填列會略過。匯入前會列出所有問題（工作表!儲存格），全部修正後才會匯入。",
       "Pre-filled rows without an amount are skipped. Before anything is saved, every problem is "
       "listed with its cell (sheet!cell); nothing is imported until all are fixed."},
  };
  lxw_row_t row = 2;
  for (const auto& line : lines) {
    for (std::size_t col = 0; col < line.size(); ++col) {
      text(sheet, row, static_cast<lxw_col_t>(col), line[col],
           row == 2 ? formats_.header : formats_.wrap);
    }
    ++row;
  }
}

void TemplateWriter::write_sources() {
  if (options_.inventory == nullptr) return;
  lxw_worksheet* sheet = workbook_add_worksheet(book_, kSourcesSheet);
  if (sheet == nullptr) {
    status_.check(LXW_ERROR_WORKSHEET_INDEX_OUT_OF_RANGE);
    return;
  }
  const std::array<const char*, 5> header = {"代碼 id", "名稱 name", "英文名稱 name_en",
                                             "廠區 facility", "類型 type"};
  for (std::size_t col = 0; col < header.size(); ++col) {
    status_.check(worksheet_set_column(sheet, static_cast<lxw_col_t>(col),
                                       static_cast<lxw_col_t>(col), col == 0 ? 12 : 28, nullptr));
    text(sheet, 0, static_cast<lxw_col_t>(col), header[col], formats_.header);
  }
  lxw_row_t row = 1;
  for (const auto& source : options_.inventory->sources) {
    text(sheet, row, 0, source.id, formats_.text);
    text(sheet, row, 1, source.name);
    text(sheet, row, 2, source.name_en);
    text(sheet, row, 3, source.facility);
    text(sheet, row, 4, std::string(inventory::source_type_name_zh(source.type)));
    ++row;
  }
}

void TemplateWriter::write_units() {
  lxw_worksheet* sheet = workbook_add_worksheet(book_, kUnitsSheet);
  if (sheet == nullptr) {
    status_.check(LXW_ERROR_WORKSHEET_INDEX_OUT_OF_RANGE);
    return;
  }
  status_.check(worksheet_set_column(sheet, 0, 0, 14, formats_.text));
  status_.check(worksheet_set_column(sheet, 1, 2, 24, nullptr));
  text(sheet, 0, 0, "單位 unit", formats_.header);
  text(sheet, 0, 1, "名稱", formats_.header);
  text(sheet, 0, 2, "name", formats_.header);
  lxw_row_t row = 1;
  for (const auto& unit : units::all_units()) {
    text(sheet, row, 0, std::string(unit.symbol), formats_.text);
    text(sheet, row, 1, std::string(unit.name_zh));
    text(sheet, row, 2, std::string(unit.name_en));
    ++row;
  }
  unit_count_ = row - 1;
}

void TemplateWriter::write() {
  unit_count_ = units::all_units().size();
  write_activity_sheet();
  write_instructions();
  write_sources();
  write_units();
}

tl::unexpected<Error> write_failed(const std::string& path, std::string_view reason) {
  return fail(ErrorCode::io_write_failed,
              fmt::format("could not write the template '{}': {}; check that the folder exists "
                          "and is writable, and that the file is not open in Excel",
                          path, reason),
              {.file = path});
}

void discard(const std::string& temp) {
  std::error_code ignored;
  if (std::filesystem::is_regular_file(temp, ignored)) std::filesystem::remove(temp, ignored);
}

}  // namespace

Result<void> write_activity_template(const std::string& path,
                                     const ActivityTemplateOptions& options) {
  const std::filesystem::path folder = std::filesystem::path(path).parent_path();
  std::error_code probe;
  if (!folder.empty() && !std::filesystem::is_directory(folder, probe)) {
    return write_failed(path, fmt::format("the folder '{}' does not exist", folder.string()));
  }
  const std::string temp = path + ".tmp-carbonledger";
  lxw_workbook* book = workbook_new(temp.c_str());
  if (book == nullptr) return write_failed(path, "libxlsxwriter could not start a workbook");
  TemplateWriter writer(book, options);
  writer.write();
  std::string title = "活動數據填報範本 Activity data template";
  lxw_doc_properties properties{};
  properties.title = title.data();
  workbook_set_properties(book, &properties);
  lxw_error status = writer.status();
  const lxw_error closed = workbook_close(book);
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

}  // namespace cl::io

// The activity import from Excel (io/activity_xlsx.hpp) and the template (io/activity_template.hpp)
// on real workbooks: the openpyxl fixtures of tests/fixtures/xlsx (make_fixtures.py says what each
// row holds; the expected rows below are read off that script), and templates written here with
// libxlsxwriter and read back. All or nothing: with one bad row, no row comes back.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>

#include "core/inventory/calendar.hpp"
#include "io/activity_template.hpp"
#include "io/activity_xlsx.hpp"
#include "io/inventory_reader.hpp"
#include "io/xlsx_reader.hpp"

namespace cl::io {
namespace {

namespace fs = std::filesystem;
const std::string kDir = CL_SOURCE_DIR "/tests/fixtures/xlsx/";

std::string period_of(const ActivityRow& row) {
  return row.period.to_string();
}

/// "row 3: S02 2024-01 38200 m3 | bills/gas-2024-01.pdf |  | R1", for readable comparisons.
std::string describe(const ActivityRow& row) {
  std::ostringstream out;
  out << "row " << row.row << ": " << row.source << ' ' << period_of(row) << ' ' << row.amount
      << ' ' << row.unit << " | " << row.evidence << " | " << row.note << " | " << row.id;
  return out.str();
}

std::vector<std::string> describe(const std::vector<ActivityRow>& rows) {
  std::vector<std::string> out;
  for (const auto& row : rows) out.push_back(describe(row));
  return out;
}

std::string all(const Diagnostics& diagnostics) {
  std::string out;
  for (const auto& item : diagnostics.items()) out += item.to_string() + "\n";
  return out;
}

// make_fixtures.py activity_good(): row 7 is empty, row 9 has no amount (skipped); row 4's
// period is the date 2024-02-01 and row 8's the date 2024-12-31 23:00 (so December); row 5's
// bill period is two date cells, row 6's is text; row 8's source is the number 101 and its
// amount the text "45.5".
const std::vector<std::string> kGoodRows = {
    "row 3: S02 2024-01 38200 m3 | bills/gas-2024-01.pdf |  | R1",
    "row 4: S02 2024-02 33100.5 m3 |  |  | ",
    "row 5: S09 2024-01-15..2024-02-14 371800 度 | bills/taipower-2024-01.pdf | 電費單 | ",
    "row 6: S09 2024-02-15..2024-03-14 355000 kWh |  |  | ",
    "row 8: 101 2024-12 45.5 kg |  |  | ",
};

TEST(XlsxActivity, ReadsTheGoodRowsInBothDateSystems) {
  for (const std::string name : {"activity-good.xlsx", "activity-good-1904.xlsx"}) {
    SCOPED_TRACE(name);
    const auto read = read_activity_xlsx_file(kDir + name);
    EXPECT_FALSE(read.diagnostics.has_errors()) << all(read.diagnostics);
    EXPECT_EQ(read.sheet, "活動數據");
    EXPECT_EQ(describe(read.rows), kGoodRows);
    EXPECT_EQ(read.skipped, 1u);
    ASSERT_EQ(read.diagnostics.items().size(), 1u) << all(read.diagnostics);
    const auto& warning = read.diagnostics.items()[0];
    EXPECT_EQ(warning.severity, Severity::warning);
    EXPECT_NE(warning.message.find("1 row(s) with no amount were skipped (活動數據!E9)"),
              std::string::npos)
        << warning.message;
  }
}

TEST(XlsxActivity, EveryBadRowIsReportedAtItsCellAndNothingIsReturned) {
  const auto read = read_activity_xlsx_file(kDir + "activity-bad.xlsx");
  EXPECT_TRUE(read.rows.empty()) << "all or nothing: row 12 is good but must not come back";
  // make_fixtures.py activity_bad(): one problem per row, in this cell, with this code.
  const std::vector<std::pair<std::string, ErrorCode>> expected = {
      {"活動數據!A3", ErrorCode::parse_missing_field},        // no source
      {"活動數據!B4", ErrorCode::inventory_bad_period},       // 2024-13
      {"活動數據!E5", ErrorCode::parse_bad_value},            // "1,234"
      {"活動數據!E6", ErrorCode::parse_bad_value},            // #N/A
      {"活動數據!E7", ErrorCode::inventory_negative_amount},  // -5
      {"活動數據!F8", ErrorCode::unit_unknown},               // furlong
      {"活動數據!B9", ErrorCode::inventory_bad_period},       // the number 202403
      {"活動數據!D10", ErrorCode::inventory_bad_period},      // from without to
      {"活動數據!F11", ErrorCode::parse_missing_field},       // no unit
      {"活動數據!E13", ErrorCode::parse_bad_value},           // TRUE
  };
  std::vector<std::pair<std::string, ErrorCode>> found;
  for (const auto& item : read.diagnostics.items()) {
    if (item.severity == Severity::error) found.emplace_back(item.where.field, item.code);
    EXPECT_EQ(item.where.file, kDir + "activity-bad.xlsx");
    EXPECT_EQ(item.where.row, std::stoi(item.where.field.substr(item.where.field.find('!') + 2)));
  }
  EXPECT_EQ(found, expected) << all(read.diagnostics);
  // Messages say what was expected and what to do.
  const std::string text = all(read.diagnostics);
  EXPECT_NE(text.find("the cell holds the Excel error #N/A; fix the formula"), std::string::npos);
  EXPECT_NE(text.find("found the text '1,234'; type digits with a dot"), std::string::npos);
  EXPECT_NE(text.find("found the number 202403; format the cell as text"), std::string::npos);
}

TEST(XlsxActivity, UnknownSourcesWhenTheInventoryIsGiven) {
  auto demo = read_inventory(CL_SOURCE_DIR "/data/demo/fastener-2024.yaml");
  ASSERT_FALSE(demo.diagnostics.has_errors());
  ActivityXlsxOptions options;
  options.inventory = &demo.inventory;
  const auto read = read_activity_xlsx_file(kDir + "activity-good.xlsx", options);
  ASSERT_EQ(read.diagnostics.error_count(), 1u) << all(read.diagnostics);
  const auto& error = read.diagnostics.items()[0];
  EXPECT_EQ(error.code, ErrorCode::inventory_unknown_source);
  EXPECT_EQ(error.where.field, "活動數據!A8");  // source 101; S02 and S09 are demo sources
  EXPECT_TRUE(read.rows.empty());
}

TEST(XlsxActivity, SheetProblems) {
  ActivityXlsxOptions options;
  options.sheet = "nope";
  auto missing = read_activity_xlsx_file(kDir + "activity-good.xlsx", options);
  ASSERT_EQ(missing.diagnostics.error_count(), 1u);
  EXPECT_EQ(missing.diagnostics.items()[0].code, ErrorCode::parse_missing_field);
  EXPECT_NE(missing.diagnostics.items()[0].message.find("no sheet named 'nope'"),
            std::string::npos);

  auto no_header = read_activity_xlsx_file(kDir + "cells-1900.xlsx");  // first sheet: Data
  ASSERT_EQ(no_header.diagnostics.error_count(), 1u);
  EXPECT_NE(no_header.diagnostics.items()[0].message.find("sheet 'Data' has no header row"),
            std::string::npos);

  auto not_xlsx = read_activity_xlsx_file(kDir + "not-zip.xlsx");
  ASSERT_EQ(not_xlsx.diagnostics.error_count(), 1u);
  EXPECT_EQ(not_xlsx.diagnostics.items()[0].code, ErrorCode::io_not_xlsx);
}

class TemplateTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = fs::temp_directory_path() / ("carbonledger-template-" + std::string(info->name()) + "-" +
                                        std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path dir_;
};

TEST_F(TemplateTest, RowsWrittenIntoTheTemplateComeBack) {
  std::vector<ActivityRow> rows(4);
  rows[0] = {3, "S02", inventory::Period::month(2024, 1), 38200, "m3", "bills/a, b.pdf", "", "R1"};
  rows[1] = {4, "S09", {2024, 1, 15, 2024, 2, 14}, 371800.25, "度", "", "電費單 \"一月\"", ""};
  rows[2] = {5, "S09", {2023, 12, 20, 2024, 1, 19}, 0, "kWh", "", "", ""};  // across a year
  rows[3] = {6, "S08", {2024, 1, 1, 2024, 12, 31}, 249600, "person-hour", "", "", "X"};
  const std::string path = (dir_ / "filled.xlsx").string();
  ActivityTemplateOptions options;
  options.rows = rows;
  ASSERT_TRUE(write_activity_template(path, options).has_value());
  EXPECT_FALSE(fs::exists(path + ".tmp-carbonledger"));

  const auto read = read_activity_xlsx_file(path);
  EXPECT_TRUE(read.diagnostics.empty()) << all(read.diagnostics);
  EXPECT_EQ(describe(read.rows), describe(rows));

  // The bill periods were written as date cells (libxlsxwriter), the month as text.
  auto book = XlsxWorkbook::open_file(path);
  ASSERT_TRUE(book.has_value());
  auto sheet = book->sheet("活動數據");
  ASSERT_TRUE(sheet.has_value());
  EXPECT_EQ(sheet->at(1, 1).text, "排放源代碼");  // shared strings written by libxlsxwriter
  EXPECT_EQ(sheet->at(2, 1).text, "source");
  EXPECT_EQ(sheet->at(3, 2).kind, XlsxCellKind::string);
  EXPECT_EQ(sheet->at(4, 3).kind, XlsxCellKind::date);
  EXPECT_EQ(sheet->at(4, 3).date, (XlsxDateTime{2024, 1, 15, 0, 0, 0}));
  EXPECT_EQ(book->sheet_names(), (std::vector<std::string>{"活動數據", "說明", "單位"}));

  // The CSV rendering reads back, with read_activity_csv, to the same records.
  const std::string csv = activity_rows_to_csv(read.rows);
  std::vector<inventory::ActivityRecord> records;
  Diagnostics diagnostics;
  read_activity_csv(csv, "x.csv", records, diagnostics);
  EXPECT_TRUE(diagnostics.empty()) << all(diagnostics);
  ASSERT_EQ(records.size(), rows.size());
  inventory::Inventory added;
  add_activity_rows(read.rows, path, added);
  ASSERT_EQ(added.records.size(), rows.size());
  for (std::size_t idx = 0; idx < rows.size(); ++idx) {
    EXPECT_EQ(records[idx].source, rows[idx].source);
    EXPECT_EQ(records[idx].period.to_string(), period_of(rows[idx]));
    EXPECT_EQ(records[idx].amount.value, rows[idx].amount);
    EXPECT_EQ(records[idx].note, rows[idx].note);
    EXPECT_EQ(added.records[idx].amount.unit(), records[idx].amount.unit());
    EXPECT_EQ(added.records[idx].source, rows[idx].source);
    EXPECT_EQ(added.where(added.records[idx]).row, rows[idx].row);
  }
}

TEST_F(TemplateTest, TheDemoTemplateIsPrefilledAndImportsNothingUntilFilled) {
  auto demo = read_inventory(CL_SOURCE_DIR "/data/demo/fastener-2024.yaml");
  ASSERT_FALSE(demo.diagnostics.has_errors());
  const std::string path = (dir_ / "template.xlsx").string();
  ActivityTemplateOptions options;
  options.inventory = &demo.inventory;
  ASSERT_TRUE(write_activity_template(path, options).has_value());

  // Twelve rows per monthly source, one per other source.
  std::size_t expected_rows = 0;
  for (const auto& source : demo.inventory.sources) {
    expected_rows += source.requires_monthly ? 12 : 1;
  }
  ActivityXlsxOptions read_options;
  read_options.inventory = &demo.inventory;
  const auto read = read_activity_xlsx_file(path, read_options);
  EXPECT_FALSE(read.diagnostics.has_errors()) << all(read.diagnostics);
  EXPECT_TRUE(read.rows.empty());
  EXPECT_EQ(read.skipped, expected_rows);

  auto book = XlsxWorkbook::open_file(path);
  ASSERT_TRUE(book.has_value());
  EXPECT_EQ(book->sheet_names(), (std::vector<std::string>{"活動數據", "說明", "排放源", "單位"}));
  auto sources = book->sheet("排放源");
  ASSERT_TRUE(sources.has_value());
  for (std::size_t idx = 0; idx < demo.inventory.sources.size(); ++idx) {
    EXPECT_EQ(sources->at(static_cast<int>(idx) + 2, 1).text, demo.inventory.sources[idx].id);
  }
  auto activity = book->sheet("活動數據");
  ASSERT_TRUE(activity.has_value());
  EXPECT_EQ(activity->at(3, 1).text, demo.inventory.sources[0].id);
}

TEST_F(TemplateTest, MissingFolderFails) {
  const std::string path = (dir_ / "no-such-folder" / "t.xlsx").string();
  auto written = write_activity_template(path);
  ASSERT_FALSE(written.has_value());
  EXPECT_EQ(written.error().code, ErrorCode::io_write_failed);
  EXPECT_NE(written.error().message.find("does not exist"), std::string::npos);
}

}  // namespace
}  // namespace cl::io

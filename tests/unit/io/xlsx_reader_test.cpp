// The XLSX reader on real files (tests/fixtures/xlsx, made by make_fixtures.py with openpyxl and
// zipfile). Cell values are compared with what openpyxl reads from the same files (the committed
// <name>.cells.json), so the expected values come from an independent reader; the rest (errors,
// limits, escapes, date arithmetic, column names) is checked against values worked out by hand.
#include "io/xlsx_reader.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <string>

namespace cl::io {
namespace {

const std::string kDir = CL_SOURCE_DIR "/tests/fixtures/xlsx/";

std::string bytes_of(const std::string& name) {
  std::ifstream in(kDir + name, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

Result<XlsxWorkbook> open(const std::string& name, const XlsxLimits& limits = {}) {
  return XlsxWorkbook::open(bytes_of(name), name, limits);
}

/// openpyxl's ISO form of a date cell: "2024-03-15T08:30:15".
std::string iso(const XlsxDateTime& date) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02dT%02d:%02d:%02d", date.year, date.month,
                date.day, date.hour, date.minute, date.second);
  return buffer;
}

class OpenpyxlAgrees : public ::testing::TestWithParam<std::string> {};

TEST_P(OpenpyxlAgrees, EveryCellOfEverySheet) {
  const std::string name = GetParam();
  std::ifstream json_file(kDir + name.substr(0, name.size() - 5) + ".cells.json");
  ASSERT_TRUE(json_file) << name;
  const auto expected = nlohmann::json::parse(json_file);
  auto book = open(name);
  ASSERT_TRUE(book.has_value()) << book.error().to_string();
  ASSERT_EQ(book->sheet_names().size(), expected.size());
  for (const auto& [sheet_name, cells] : expected.items()) {
    auto sheet = book->sheet(sheet_name);
    ASSERT_TRUE(sheet.has_value()) << sheet.error().to_string();
    std::size_t seen = 0;
    for (const auto& row : sheet->rows) {
      for (const auto& cell : row.cells) {
        if (cell.kind == XlsxCellKind::string && cell.text.empty()) continue;  // openpyxl: None
        const std::string ref = cell.ref();
        SCOPED_TRACE(name + " " + sheet_name + "!" + ref);
        ASSERT_TRUE(cells.contains(ref)) << "a cell openpyxl does not see";
        ++seen;
        const std::string type = cells[ref][0];
        const auto& value = cells[ref][1];
        switch (cell.kind) {
          case XlsxCellKind::string:
            EXPECT_EQ(type, "s");
            EXPECT_EQ(cell.text, value.get<std::string>());
            break;
          case XlsxCellKind::number:
            EXPECT_EQ(type, "n");
            EXPECT_EQ(cell.number, value.get<double>());
            break;
          case XlsxCellKind::boolean:
            EXPECT_EQ(type, "b");
            EXPECT_EQ(cell.number != 0, value.get<bool>());
            break;
          case XlsxCellKind::error:
            EXPECT_EQ(type, "e");
            EXPECT_EQ(cell.text, value.get<std::string>());
            break;
          case XlsxCellKind::date:
            EXPECT_EQ(type, "d");
            EXPECT_EQ(iso(cell.date), value.get<std::string>());
            break;
          case XlsxCellKind::empty:
            ADD_FAILURE() << "an empty cell is listed";
            break;
        }
      }
    }
    EXPECT_EQ(seen, cells.size()) << "cells openpyxl sees and the reader does not";
  }
}

INSTANTIATE_TEST_SUITE_P(Fixtures, OpenpyxlAgrees,
                         ::testing::Values("activity-good.xlsx", "activity-good-1904.xlsx",
                                           "activity-bad.xlsx", "cells-1900.xlsx",
                                           "cells-1904.xlsx", "raw-cells.xlsx",
                                           "raw-prefixed-1904.xlsx"),
                         [](const auto& param_info) {
                           std::string out;
                           for (char ch : param_info.param) {
                             if (std::isalnum(static_cast<unsigned char>(ch))) out += ch;
                           }
                           return out;
                         });

TEST(XlsxReader, RichTextRunsAreJoinedWithoutThePhoneticRun) {
  auto book = open("raw-cells.xlsx");
  ASSERT_TRUE(book.has_value()) << book.error().to_string();
  auto sheet = book->sheet("Raw");
  ASSERT_TRUE(sheet.has_value());
  // make_fixtures.py: runs "排放", " source ", "S01"; the phonetic run "ㄆㄞˊ" is left out.
  EXPECT_EQ(sheet->at(1, 2).text, "排放 source S01");
  EXPECT_EQ(sheet->at(1, 3).text, "  spaced  ");  // xml:space="preserve" kept
  EXPECT_EQ(sheet->at(2, 2).text, "rich inline");
  EXPECT_EQ(sheet->ref(2, 2), "Raw!B2");
}

TEST(XlsxReader, CellsAndRowsWithoutReferencesFollowTheirNeighbours) {
  auto book = open("raw-cells.xlsx");
  ASSERT_TRUE(book.has_value());
  auto sheet = book->sheet("Raw");
  ASSERT_TRUE(sheet.has_value());
  // The fifth <row> has no r: it follows row 4; its three cells are A, B, C.
  ASSERT_GE(sheet->rows.size(), 5u);
  EXPECT_EQ(sheet->rows[4].number, 5);
  EXPECT_EQ(sheet->at(5, 1).text, "A5");
  EXPECT_EQ(sheet->at(5, 2).number, 7.0);
  EXPECT_EQ(sheet->at(5, 3).text, "plain");
  // Missing cells read as empty, with their position.
  const XlsxCell missing = sheet->at(8, 3);  // <c r="C8" s="3"/>: a styled cell with no value
  EXPECT_TRUE(missing.empty());
  EXPECT_EQ(missing.ref(), "C8");
  EXPECT_TRUE(sheet->at(6, 1).empty());
  EXPECT_TRUE(sheet->at(1000, 1000).empty());
}

TEST(XlsxReader, DateSystemsByHand) {
  // 1900 system: serial 1 is 1900-01-01. From 1900-01-01 to 2024-01-01: 124 × 365 + 30 leap days
  // (1904…2020) = 45,290 days, plus Excel's 1900-02-29 that never was: 2024-01-01 is 45,292, and
  // 2024-03-15 is 45,292 + 31 + 29 + 14 = 45,366.
  XlsxDateTime date;
  ASSERT_TRUE(xlsx_serial_to_date(45366, false, date));
  EXPECT_EQ(date, (XlsxDateTime{2024, 3, 15, 0, 0, 0}));
  ASSERT_TRUE(xlsx_serial_to_date(45366.75, false, date));  // 0.75 day = 18:00
  EXPECT_EQ(date, (XlsxDateTime{2024, 3, 15, 18, 0, 0}));
  ASSERT_TRUE(xlsx_serial_to_date(59, false, date));  // the day before the fictitious one
  EXPECT_EQ(date, (XlsxDateTime{1900, 2, 28, 0, 0, 0}));
  ASSERT_TRUE(xlsx_serial_to_date(61, false, date));
  EXPECT_EQ(date, (XlsxDateTime{1900, 3, 1, 0, 0, 0}));
  // 1904 system: serial 0 is 1904-01-01; 1904-01-01 to 2024-03-15 is 1,462 days fewer than from
  // the 1900 system's day 0 (4 years of 365 days + 1 leap day 1900-02-29 counted by Excel + 1
  // for the 1899-12-31 start): 45,366 − 1,462 = 43,904.
  ASSERT_TRUE(xlsx_serial_to_date(43904, true, date));
  EXPECT_EQ(date, (XlsxDateTime{2024, 3, 15, 0, 0, 0}));
  ASSERT_TRUE(xlsx_serial_to_date(0, true, date));
  EXPECT_EQ(date, (XlsxDateTime{1904, 1, 1, 0, 0, 0}));
  // Just under midnight rounds to the next day; out of range is refused.
  ASSERT_TRUE(xlsx_serial_to_date(45366.999999999, false, date));
  EXPECT_EQ(date, (XlsxDateTime{2024, 3, 16, 0, 0, 0}));
  EXPECT_FALSE(xlsx_serial_to_date(-1, false, date));
  EXPECT_FALSE(xlsx_serial_to_date(2958466, false, date));  // 10000-01-01
  EXPECT_FALSE(xlsx_serial_to_date(std::nan(""), false, date));
}

TEST(XlsxReader, The1904FlagIsRead) {
  auto mac = open("cells-1904.xlsx");
  auto windows = open("cells-1900.xlsx");
  ASSERT_TRUE(mac.has_value() && windows.has_value());
  EXPECT_TRUE(mac->date1904());
  EXPECT_FALSE(windows->date1904());
  auto sheet = mac->sheet("Mac");
  ASSERT_TRUE(sheet.has_value());
  EXPECT_EQ(sheet->at(1, 1).number, 43904.0);  // the serial stored, see DateSystemsByHand
}

TEST(XlsxReader, DateFormats) {
  EXPECT_TRUE(xlsx_is_date_format(14, ""));
  EXPECT_TRUE(xlsx_is_date_format(22, ""));
  EXPECT_TRUE(xlsx_is_date_format(47, ""));
  EXPECT_TRUE(xlsx_is_date_format(30, ""));  // zh-TW built-in m/d/yy
  EXPECT_FALSE(xlsx_is_date_format(0, ""));
  EXPECT_FALSE(xlsx_is_date_format(10, ""));  // 0.00%
  EXPECT_FALSE(xlsx_is_date_format(49, ""));  // @
  EXPECT_TRUE(xlsx_is_date_format(164, "yyyy-mm-dd"));
  EXPECT_TRUE(xlsx_is_date_format(164, "[$-404]e/m/d"));
  EXPECT_TRUE(xlsx_is_date_format(164, "[h]:mm:ss"));
  EXPECT_TRUE(xlsx_is_date_format(164, "yyyy\"年\"m\"月\""));
  EXPECT_FALSE(xlsx_is_date_format(164, "0.00E+00"));
  EXPECT_FALSE(xlsx_is_date_format(164, "\"Day \"0"));
  EXPECT_FALSE(xlsx_is_date_format(164, "[Red]0.00"));
  EXPECT_FALSE(xlsx_is_date_format(164, "General"));
  EXPECT_FALSE(xlsx_is_date_format(164, "#,##0.00_);(#,##0.00)"));
  EXPECT_FALSE(xlsx_is_date_format(164, "0.00;[Red]-0.00 \"days\""));
}

TEST(XlsxReader, XstringEscapes) {
  // ECMA-376 §22.9.2.19: _x000D_ is a carriage return; _x005F_ an underscore, so
  // "_x005F_x0041_" is the text "_x0041_".
  auto book = open("escapes.xlsx");
  ASSERT_TRUE(book.has_value()) << book.error().to_string();
  auto sheet = book->sheet("Esc");
  ASSERT_TRUE(sheet.has_value());
  EXPECT_EQ(sheet->at(1, 1).text, "a\rb_x0041_");
}

TEST(XlsxReader, ColumnNames) {
  EXPECT_EQ(xlsx_column_name(1), "A");
  EXPECT_EQ(xlsx_column_name(26), "Z");
  EXPECT_EQ(xlsx_column_name(27), "AA");
  EXPECT_EQ(xlsx_column_name(702), "ZZ");  // 26 + 26 × 26
  EXPECT_EQ(xlsx_column_name(703), "AAA");
  EXPECT_EQ(xlsx_column_name(16384), "XFD");  // 4 × 676 + 5 × 26 + 4 … Excel's last column
  EXPECT_EQ(xlsx_cell_ref(7, 3), "C7");
}

TEST(XlsxReader, MissingSheetListsTheSheets) {
  auto book = open("cells-1900.xlsx");
  ASSERT_TRUE(book.has_value());
  auto sheet = book->sheet("活動數據");
  ASSERT_FALSE(sheet.has_value());
  EXPECT_EQ(sheet.error().code, ErrorCode::parse_missing_field);
  EXPECT_NE(sheet.error().message.find("Data, 第二頁"), std::string::npos) << sheet.error().message;
  EXPECT_TRUE(book->sheet("data").has_value());  // Excel's names ignore ASCII case
  EXPECT_FALSE(book->sheet_at(2).has_value());
}

struct BadFile {
  std::string name;
  ErrorCode code;
  std::string words;
};

class BadFiles : public ::testing::TestWithParam<BadFile> {};

TEST_P(BadFiles, FailWithAClearError) {
  const auto& param = GetParam();
  auto book = open(param.name);
  Error error;
  if (book) {
    auto sheet = book->sheet_at(0);  // broken sheets fail when read
    ASSERT_FALSE(sheet.has_value()) << param.name << " was read";
    error = sheet.error();
  } else {
    error = book.error();
  }
  EXPECT_EQ(code_id(error.code), code_id(param.code)) << error.to_string();
  EXPECT_NE(error.message.find(param.words), std::string::npos) << error.message;
  EXPECT_EQ(error.where.file, param.name);
}

INSTANTIATE_TEST_SUITE_P(
    Fixtures, BadFiles,
    ::testing::Values(BadFile{"not-zip.xlsx", ErrorCode::io_not_xlsx, "not a zip archive"},
                      BadFile{"plain-zip.xlsx", ErrorCode::io_not_xlsx, "no [Content_Types].xml"},
                      BadFile{"word-document.xlsx", ErrorCode::io_not_xlsx, "wordprocessingml"},
                      BadFile{"bomb-declared.xlsx", ErrorCode::io_too_large, "4000000000 bytes"},
                      BadFile{"bomb-lying.xlsx", ErrorCode::io_too_large, "zip bomb"},
                      BadFile{"broken-xml.xlsx", ErrorCode::parse_syntax, "broken XML"},
                      BadFile{"bad-reference.xlsx", ErrorCode::parse_syntax, "'A0'"}),
    [](const auto& param_info) {
      std::string out;
      for (char ch : param_info.param.name) {
        if (std::isalnum(static_cast<unsigned char>(ch))) out += ch;
      }
      return out;
    });

TEST(XlsxReader, TruncatedAndEmptyFiles) {
  const std::string whole = bytes_of("activity-good.xlsx");
  auto half = XlsxWorkbook::open(std::string_view(whole).substr(0, whole.size() / 2), "half.xlsx");
  ASSERT_FALSE(half.has_value());
  EXPECT_EQ(half.error().code, ErrorCode::io_not_xlsx);
  auto empty = XlsxWorkbook::open("", "empty.xlsx");
  ASSERT_FALSE(empty.has_value());
  EXPECT_EQ(empty.error().code, ErrorCode::io_not_xlsx);
  auto missing = XlsxWorkbook::open_file(kDir + "no-such-file.xlsx");
  ASSERT_FALSE(missing.has_value());
  EXPECT_EQ(missing.error().code, ErrorCode::io_not_found);
}

TEST(XlsxReader, Limits) {
  XlsxLimits entries;
  entries.max_entries = 3;  // an openpyxl workbook has 9 files
  auto too_many = open("activity-good.xlsx", entries);
  ASSERT_FALSE(too_many.has_value());
  EXPECT_EQ(too_many.error().code, ErrorCode::io_too_large);
  EXPECT_NE(too_many.error().message.find("files, over the limit of 3"), std::string::npos);

  XlsxLimits file_size;
  file_size.max_file_bytes = 1000;  // the fixture is about 5 KB
  auto too_big = open("activity-good.xlsx", file_size);
  ASSERT_FALSE(too_big.has_value());
  EXPECT_EQ(too_big.error().code, ErrorCode::io_too_large);

  XlsxLimits total;
  total.max_total_bytes = 2000;  // its parts unpack to more than 2 KB together
  auto too_much = open("activity-good.xlsx", total);
  ASSERT_FALSE(too_much.has_value());
  EXPECT_EQ(too_much.error().code, ErrorCode::io_too_large);

  XlsxLimits cells;
  cells.max_cells = 5;  // the activity sheet has 45 cells
  auto book = open("activity-good.xlsx", cells);
  ASSERT_TRUE(book.has_value()) << book.error().to_string();
  auto sheet = book->sheet_at(0);
  ASSERT_FALSE(sheet.has_value());
  EXPECT_EQ(sheet.error().code, ErrorCode::io_too_large);
  EXPECT_NE(sheet.error().message.find("more than 5 cells"), std::string::npos);
}

}  // namespace
}  // namespace cl::io

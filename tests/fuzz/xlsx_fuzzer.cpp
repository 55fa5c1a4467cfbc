// libFuzzer target for the .xlsx reader (libzip + pugixml) and the activity import. Two kinds
// of input:
// - bytes starting with "PK" are a zip archive, opened as a workbook (zip bombs, damaged
//   archives, missing parts; the seeds are tests/fixtures/xlsx);
// - anything else is a workbook's XML parts separated by NUL bytes: sheet1.xml,
//   sharedStrings.xml, styles.xml and optionally workbook.xml, wrapped in a fixed package
//   (XlsxWorkbook::open_parts). Mutating a zip almost always breaks its CRC or its deflate
//   stream, so this is how the search reaches the XML readers (cells, references, types,
//   shared strings, styles, dates, the 1904 flag).
// Every sheet is read and every cell touched, then the activity import runs on the workbook.
// Nothing may crash, leak, trip a sanitizer or throw. The limits are lower than the defaults
// so that a zip bomb costs milliseconds. libzip and pugixml themselves are not instrumented.
#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>

#include "io/activity_xlsx.hpp"
#include "io/xlsx_reader.hpp"

namespace {

constexpr std::string_view kContentTypes =
    R"(<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">)"
    R"(<Override PartName="/xl/workbook.xml" ContentType="application/)"
    R"(vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>)";
constexpr std::string_view kPackageRels =
    R"(<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">)"
    R"(<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/)"
    R"(relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>)";
constexpr std::string_view kWorkbookRels =
    R"(<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">)"
    R"(<Relationship Id="rId1" Type="x/worksheet" Target="worksheets/sheet1.xml"/>)"
    R"(<Relationship Id="rId2" Type="x/sharedStrings" Target="sharedStrings.xml"/>)"
    R"(<Relationship Id="rId3" Type="x/styles" Target="/xl/styles.xml"/></Relationships>)";
constexpr std::string_view kWorkbook =
    R"(<workbook xmlns:r="r"><sheets><sheet name="活動數據" sheetId="1" r:id="rId1"/>)"
    R"(</sheets></workbook>)";

std::map<std::string, std::string> parts_of(std::string_view input) {
  std::map<std::string, std::string> parts = {
      {"[Content_Types].xml", std::string(kContentTypes)},
      {"_rels/.rels", std::string(kPackageRels)},
      {"xl/_rels/workbook.xml.rels", std::string(kWorkbookRels)},
      {"xl/workbook.xml", std::string(kWorkbook)},
  };
  const char* names[] = {"xl/worksheets/sheet1.xml", "xl/sharedStrings.xml", "xl/styles.xml",
                         "xl/workbook.xml"};
  for (const char* name : names) {
    const auto end = input.find('\0');
    parts[name] = std::string(input.substr(0, end));
    if (end == std::string_view::npos) break;
    input.remove_prefix(end + 1);
  }
  return parts;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > 64 * 1024) return -1;
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  cl::io::XlsxLimits limits;
  limits.max_entry_bytes = 4u << 20;
  limits.max_total_bytes = 16u << 20;
  limits.max_cells = 100000;
  const bool is_zip = bytes.starts_with("PK");
  auto book = is_zip ? cl::io::XlsxWorkbook::open(bytes, "fuzz.xlsx", limits)
                     : cl::io::XlsxWorkbook::open_parts(parts_of(bytes), "fuzz.xlsx", limits);
  std::size_t touched = 0;
  if (!book) return book.error().to_string().empty() ? 1 : 0;
  const auto names = book->sheet_names();
  for (std::size_t idx = 0; idx < names.size(); ++idx) {
    auto sheet = book->sheet_at(idx);
    if (!sheet) {
      touched += sheet.error().to_string().size();
      continue;
    }
    for (const auto& row : sheet->rows) {
      for (const auto& cell : row.cells) {
        touched += cell.text.size() + cell.ref().size();
        if (cell.kind == cl::io::XlsxCellKind::date) touched += cell.date.to_string().size();
      }
    }
    if (!sheet->rows.empty()) touched += sheet->at(sheet->rows.back().number, 1).ref().size();
  }
  cl::io::ActivityXlsxOptions options;
  options.limits = limits;
  const auto read = cl::io::read_activity_workbook(*book, options);
  for (const auto& item : read.diagnostics.items()) touched += item.to_string().size();
  if (!read.rows.empty()) touched += cl::io::activity_rows_to_csv(read.rows).size();
  return touched == static_cast<std::size_t>(-1) ? 1 : 0;
}

// The activity CSV reader's fast paths: the plain row reader against the general RFC 4180 one,
// amounts against glibc's strtod, and a large file read in two halves and tallied (records not
// kept) against the same file read into records and validated/computed the usual way.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "core/inventory/compute.hpp"
#include "io/csv.hpp"
#include "io/factor_loader.hpp"
#include "io/inventory_reader.hpp"

namespace cl::io {
namespace {

struct Row {
  int line;
  std::vector<std::string> fields;
  bool operator==(const Row&) const = default;
};

std::vector<Row> general_rows(std::string_view text, int first_line, int& end) {
  std::vector<Row> rows;
  auto parsed = for_each_csv_row_from(text, "t.csv", first_line, [&](const CsvRow& row) {
    rows.push_back({row.line, {row.fields.begin(), row.fields.end()}});
    return true;
  });
  EXPECT_TRUE(parsed.has_value());
  end = parsed.value_or(-99);
  return rows;
}

std::vector<Row> plain_rows(std::string_view text, int first_line, int& end) {
  std::vector<Row> rows;
  end = for_each_plain_csv_row(text, first_line, [&](const CsvRow& row) {
    rows.push_back({row.line, {row.fields.begin(), row.fields.end()}});
    return true;
  });
  return rows;
}

TEST(PlainCsvRows, SameRowsLinesAndEndAsTheGeneralReader) {
  // Line ends of every kind, blank lines, empty and trailing fields, a byte-order mark, no final
  // line end, and fields longer than the 16-byte blocks the separators are found in.
  const std::vector<std::string> texts = {
      "",
      "a",
      "a,b\n",
      "a,b\r\nc,d\r\n",
      "a\rb\rc",
      "\xEF\xBB\xBFsource,period\nS1,2024-01\n",
      "a,b\n\n\nc,d",
      "a,\n,b\n,\n",
      "x,",
      "a very long field that spans several sixteen-byte blocks,and another one that does too,z\n"
      "\n1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18\r\n",
      "\n\r\n\r",
  };
  for (const auto& text : texts) {
    for (const int first_line : {1, 7}) {
      int general_end = 0, plain_end = 0;
      const auto expected = general_rows(text, first_line, general_end);
      EXPECT_EQ(plain_rows(text, first_line, plain_end), expected) << text;
      EXPECT_EQ(plain_end, general_end) << text;
    }
  }
  // One case written out by hand: CRLF, a blank line skipped, a trailing empty field.
  int end = 0;
  const auto rows = plain_rows("a,b\r\n\r\nc,\n", 1, end);
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0], (Row{1, {"a", "b"}}));
  EXPECT_EQ(rows[1], (Row{3, {"c", ""}}));
  EXPECT_EQ(end, 4);
}

TEST(PlainCsvRows, StopsAtAQuote) {
  int end = 0;
  plain_rows("a,b\nc,\"d\"\n", 1, end);
  EXPECT_EQ(end, kQuoteMet);
  plain_rows("0123456789abcdef0123\"\n", 1, end);  // a quote in the second block
  EXPECT_EQ(end, kQuoteMet);
}

TEST(ActivityCsv, AmountsAreTheDoublesStrtodGives) {
  // The shapes a user writes, and ones the fast path must leave to from_chars (16+ digits,
  // exponents, a bare dot); glibc's strtod is the correctly rounded reference.
  std::vector<std::string> amounts = {"0.1",
                                      "0.3",
                                      "32790.30",
                                      "-12.5",
                                      "-0.0",
                                      "5",
                                      "007.250",
                                      "123456789012345",
                                      "1234567.89012",
                                      "0.000000000000001",
                                      "9007199254740993",
                                      "1e3",
                                      "5.",
                                      ".5",
                                      "2.5E-3"};
  std::mt19937_64 random(20241206);
  for (int idx = 0; idx < 20000; ++idx) {
    const auto digits = std::to_string(random() % 1000000000000000ULL);
    const std::size_t point = random() % (digits.size() + 1);
    std::string text = digits.substr(0, point);
    if (point == 0) text = "0";
    if (point < digits.size()) text += "." + digits.substr(point);
    amounts.push_back(text);
  }
  std::string csv = "source,period,amount,unit\n";
  for (const auto& amount : amounts) csv += "S1,2024-01," + amount + ",kg\n";
  std::vector<inventory::ActivityRecord> records;
  Diagnostics diagnostics;
  read_activity_csv(csv, "amounts.csv", records, diagnostics);
  EXPECT_FALSE(diagnostics.has_errors());
  ASSERT_EQ(records.size(), amounts.size());
  for (std::size_t idx = 0; idx < amounts.size(); ++idx) {
    const double expected = std::strtod(amounts[idx].c_str(), nullptr);
    EXPECT_EQ(records[idx].amount.value, expected) << amounts[idx];
    EXPECT_EQ(std::signbit(records[idx].amount.value), std::signbit(expected)) << amounts[idx];
  }
}

/// A temporary folder with an inventory of three sources and a CSV of `rows` rows, large
/// enough to be read in halves (4 MiB or more).
class LargeActivityFile : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("cl-activity-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) +
            "-" + ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::create_directories(dir_);
    std::ofstream(dir_ / "inventory.json") << R"({
  "year": 2024, "gwp": "AR5",
  "organization": {"name": "大檔案測試"},
  "facilities": [{"id": "F1", "name": "一廠"}],
  "sources": [
    {"id": "D1", "facility": "F1", "name": "柴油發電機", "type": "stationary_combustion",
     "factor": "tw.moenv2024.stationary.diesel", "monthly": true},
    {"id": "E1", "facility": "F1", "name": "外購電力", "type": "purchased_electricity",
     "factor": "tw.moea.grid.2024"},
    {"id": "N1", "facility": "F1", "name": "公務車", "type": "mobile_combustion",
     "factor": "tw.moenv604.mobile.gasoline"}
  ],
  "activity": [{"source": "D1", "period": "2024-01", "amount": 10, "unit": "L"}],
  "activity_files": ["activity.csv"]
})";
    library_ = load_library(CL_SOURCE_DIR "/data").library;
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  /// Writes the CSV: good rows of the three sources, with `bad` rows put in at the given
  /// lines (1-based file lines; line 1 is the header).
  void write_csv(const std::vector<std::pair<int, std::string>>& bad, bool quoted_note = false,
                 std::string_view line_end = "\n") {
    std::ostringstream out;
    out << "source,period,amount,unit,evidence,note\n";
    int line = 2;
    for (int idx = 0; idx < 130000; ++idx, ++line) {
      for (const auto& [at, text] : bad) {
        if (at == line) {
          out << text << '\n';
          ++line;
        }
      }
      const int month = (idx / 3) % 12 + 1;
      const char* const month_text[] = {"01", "02", "03", "04", "05", "06",
                                        "07", "08", "09", "10", "11", "12"};
      switch (idx % 3) {
        case 0:
          out << "D1,2024-" << month_text[month - 1] << "," << (idx % 97) + 0.25
              << ",L,slips/d1.jpg,\n";
          break;
        case 1:
          // Bills from the 15th to the 14th, from December 2023 to January 2025.
          if (const int bill = (idx / 3) % 13; bill == 0) {
            out << "E1,2023-12-15..2024-01-14,";
          } else {
            out << "E1,2024-" << month_text[bill - 1] << "-15.."
                << (bill == 12 ? "2025-01" : "2024-" + std::string(month_text[bill])) << "-14,";
          }
          out << 1000 + idx % 13 << ".5,kWh,bills/e1.pdf,\n";
          break;
        default:
          out << "N1,2024-" << month_text[month - 1] << "," << idx % 31 << ",公升,,"
              << (quoted_note && idx == 100000 ? "\"read, by hand\"" : "") << "\n";
      }
    }
    std::string text = out.str();
    if (line_end != "\n") {
      std::string ended;
      for (const char chr : text) {
        if (chr == '\n') {
          ended += line_end;
        } else {
          ended += chr;
        }
      }
      text = std::move(ended);
    }
    std::ofstream(dir_ / "activity.csv", std::ios::binary) << text;
  }

  /// Drops the inventory file's own activity row: the CSV's tallies are then the only ones
  /// (as in the benchmark), and the first is taken whole.
  void without_inline_rows() {
    std::ifstream in(dir_ / "inventory.json");
    std::string json((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const std::string row = R"({"source": "D1", "period": "2024-01", "amount": 10, "unit": "L"})";
    const auto at = json.find(row);
    ASSERT_NE(at, std::string::npos);
    json.erase(at, row.size());
    std::ofstream(dir_ / "inventory.json") << json;
  }

  std::string path() const { return (dir_ / "inventory.json").string(); }

  /// Every diagnostic as text, reading then validation, for comparing the two paths.
  static std::vector<std::string> texts(const Diagnostics& first, const Diagnostics& second) {
    std::vector<std::string> out;
    for (const auto& item : first.items()) out.push_back(item.to_string());
    for (const auto& item : second.items()) out.push_back(item.to_string());
    return out;
  }

  std::filesystem::path dir_;
  factors::FactorLibrary library_;
};

TEST_F(LargeActivityFile, TalliedComputationMatchesKeptRecords) {
  // Good rows that the halves' quick path hands on to the full one, in both halves: an exponent,
  // a unit first met there (度, and L for N1 after 公升), a month of another year, a bill period
  // within one month, a zero, leading zeros, an id column's worth of extra fields.
  const std::vector<std::pair<int, std::string>> unusual = {
      {5, "D1,2024-05,1e3,L,,"},
      {6, "E1,2024-07,3,度,,"},
      {7, "N1,2024-06,2.5,L,,"},
      {8, "D1,2023-12,4,L,,"},
      {9, "E1,2024-03-01..2024-03-31,8,kWh,,"},
      {100010, "D1,2024-06,0,L,,"},
      {100011, "D1,2024-06,007.50,L,,,extra"},
      {100012, "N1,2024-07,1,kL,,"}};
  for (const bool quoted : {false, true}) {  // a quote sends the file to the general reader
    write_csv(unusual, quoted);
    ASSERT_GE(std::filesystem::file_size(dir_ / "activity.csv"), 4u << 20);
    auto kept = read_inventory(path());
    ASSERT_FALSE(kept.diagnostics.has_errors());
    ASSERT_EQ(kept.inventory.records.size(), 130001u + unusual.size());
    auto expected = inventory::compute(kept.inventory, library_);
    ASSERT_TRUE(expected.has_value()) << expected.error().message;

    auto tallied = read_inventory_tallied(path(), library_);
    EXPECT_TRUE(tallied->inventory.records.size() == 1u);  // only the file's own row is kept
    auto actual = inventory::compute_tallied(tallied->inventory, *tallied->plan, *tallied->tally,
                                             tallied->validation);
    ASSERT_TRUE(actual.has_value()) << actual.error().message;
    EXPECT_EQ(actual->record_count, 130001u + unusual.size());
    EXPECT_NEAR(actual->total_co2e_kg, expected->total_co2e_kg, 1e-9 * expected->total_co2e_kg);
    for (std::size_t idx = 0; idx < 3; ++idx) {
      const auto& line = actual->sources[idx];
      EXPECT_EQ(line.record_count, expected->sources[idx].records.size());
      EXPECT_NEAR(line.co2e_kg, expected->sources[idx].co2e_kg,
                  1e-9 * expected->sources[idx].co2e_kg);
      for (std::size_t month = 0; month < 12; ++month) {
        EXPECT_NEAR(line.month_co2e_kg[month], expected->sources[idx].month_co2e_kg[month],
                    1e-9 * expected->sources[idx].month_co2e_kg[month] + 1e-12);
      }
    }
  }
}

TEST_F(LargeActivityFile, TalliedProblemsMatchKeptRecordsInBothHalves) {
  // Problems in the first half (lines near the top) and in the second (near the end): a unit
  // that does not fit the source's factor in both halves is reported once, as one pass does.
  write_csv({{10, "E1,2024-02,5,L,,"},
             {20, "X9,2024-02,5,kWh,,"},
             {25, "E1,2024-04,6,L,,"},
             {30, "D1,2024-02,-4,L,,"},
             {80000, "E1,2024-03,7,L,,"},
             {80010, "D1,2024-13,1,L,,"},
             {80020, "N1,2030-01,1,L,,"}});
  auto kept = read_inventory(path());
  ASSERT_FALSE(kept.diagnostics.has_errors());
  const auto validation = inventory::validate(kept.inventory, library_);
  auto tallied = read_inventory_tallied(path(), library_);
  EXPECT_EQ(texts(tallied->diagnostics, tallied->validation), texts(kept.diagnostics, validation));
  // The lines, known from how the file was written: the second half's rows are numbered on
  // from the first's.
  std::vector<int> rows;  // of the CSV's problems (the inventory file has warnings of its own)
  for (const auto& item : tallied->validation.items()) {
    if (item.where.file.ends_with("activity.csv")) rows.push_back(item.where.row);
  }
  EXPECT_EQ(rows, (std::vector<int>{10, 20, 30, 80010, 80020}));
}

TEST_F(LargeActivityFile, TalliedPartsMatchKeptRecordsForEveryLineEnd) {
  // The CSV's tallies alone (no row in the inventory file), problems in the first, middle and
  // last parts, and every line end: CRLF and LF files are tallied in parts, a CR-only one (no
  // LF to cut at) in one pass; CR CR LF puts a blank line after every row.
  without_inline_rows();
  for (const std::string_view line_end : {"\n", "\r\n", "\r", "\r\r\n"}) {
    write_csv({{10, "E1,2024-02,5,L,,"},
               {11, "D1,2024-02,-4,L,,"},
               {60000, "E1,2024-05,6,L,,"},
               {60001, "X9,2024-02,5,kWh,,"},
               {129000, "E1,2024-06,7,L,,"},
               {129001, "N1,2030-01,1,L,,"}},
              false, line_end);
    auto kept = read_inventory(path());
    ASSERT_FALSE(kept.diagnostics.has_errors());
    const auto validation = inventory::validate(kept.inventory, library_);
    auto tallied = read_inventory_tallied(path(), library_);
    // Read in parts from the file, nothing of it kept; read whole, its mapping kept, are a
    // CR-only file (no '\n' to cut at: its one "line" runs on further than a part may look) and
    // a CR CR LF one (its header line is not a plain first line: a row, then a blank line).
    const bool whole = line_end == "\r" || line_end == "\r\r\n";
    EXPECT_EQ(tallied->inventory.texts.size(), whole ? 1u : 0u);
    EXPECT_EQ(texts(tallied->diagnostics, tallied->validation), texts(kept.diagnostics, validation))
        << "line end "
        << (line_end == "\n"     ? "LF"
            : line_end == "\r\n" ? "CRLF"
                                 : "other");
    std::vector<int> rows;
    for (const auto& item : tallied->validation.items()) {
      if (item.where.file.ends_with("activity.csv")) rows.push_back(item.where.row);
    }
    // Written lines: a CR CR LF file has a blank line after each row, so line n is at 2n - 1.
    // E1 in L (lines 10, 60000, 129000: one unit problem, reported at its first row), the
    // negative amount, X9, the year 2030.
    const std::vector<int> written = {10, 11, 60001, 129001};
    std::vector<int> expected;
    for (const int line : written) expected.push_back(line_end == "\r\r\n" ? 2 * line - 1 : line);
    EXPECT_EQ(rows, expected);
  }
}

TEST_F(LargeActivityFile, ALineLongerThanAPartIsTalliedOnce) {
  // Rows with notes of 2.5 MiB: each crosses whole 1 MiB parts, which are then empty, and the
  // part it starts in reads on past its end to find where it ends. The tally (the file read in
  // parts) gives what the kept records give (the file read whole).
  without_inline_rows();
  const std::string note(5u << 19, 'x');
  write_csv({{20, "N1,2024-03,1.5,L,," + note}, {70000, "D1,2024-04,2,L,," + note}});
  ASSERT_GE(std::filesystem::file_size(dir_ / "activity.csv"), 9u << 20);
  auto kept = read_inventory(path());
  ASSERT_FALSE(kept.diagnostics.has_errors());
  const auto expected = inventory::compute(kept.inventory, library_);
  ASSERT_TRUE(expected.has_value()) << expected.error().message;
  auto tallied = read_inventory_tallied(path(), library_);
  ASSERT_FALSE(tallied->diagnostics.has_errors());
  const auto result = inventory::compute_tallied(tallied->inventory, *tallied->plan,
                                                 *tallied->tally, tallied->validation);
  ASSERT_TRUE(result.has_value()) << result.error().message;
  EXPECT_EQ(result->record_count, 130002u);  // 130,000 written in the loop and the two long rows
  EXPECT_NEAR(result->total_co2e_kg, expected->total_co2e_kg, 1e-9 * expected->total_co2e_kg);
  for (std::size_t idx = 0; idx < 3; ++idx) {
    EXPECT_EQ(result->sources[idx].record_count, expected->sources[idx].records.size());
    EXPECT_NEAR(result->sources[idx].co2e_kg, expected->sources[idx].co2e_kg,
                1e-9 * expected->sources[idx].co2e_kg);
  }
}

TEST_F(LargeActivityFile, ReadingProblemsMatchKeptRecords) {
  write_csv(
      {{12, "D1,2024-02,abc,L,,"}, {85000, "D1,March,1,L,,"}, {85001, "D1,2024-02,1,furlong,,"}});
  auto kept = read_inventory(path());
  auto tallied = read_inventory_tallied(path(), library_);
  EXPECT_EQ(texts(tallied->diagnostics, tallied->validation), texts(kept.diagnostics, {}));
  std::vector<int> rows;
  for (const auto& item : tallied->diagnostics.items()) rows.push_back(item.where.row);
  EXPECT_EQ(rows, (std::vector<int>{12, 85000, 85001}));
  EXPECT_TRUE(tallied->validation.items().empty());  // not validated after reading errors
}

}  // namespace
}  // namespace cl::io

namespace cl::io {
namespace {

/// A large file whose rows end in `line_end`, after `prefix` (a byte-order mark, a blank line):
/// 300,000 rows of D1; rows 1,001 and 250,001 (one in each half) have an amount that is not a
/// number.
std::string rows_ending_in(std::string_view line_end, std::string_view prefix = {}) {
  std::string csv(prefix);
  csv += "source,period,amount,unit";
  csv += line_end;
  for (int idx = 0; idx < 300000; ++idx) {
    csv += idx == 1000 || idx == 250000 ? "D1,2024-01,abc,L"
                                        : "D1,2024-" + std::string(idx % 12 < 9 ? "0" : "") +
                                              std::to_string(idx % 12 + 1) + ",1.5,L";
    csv += line_end;
  }
  return csv;
}

/// Reads `csv` as a file of `inventory` and returns its records' count and the rows of its
/// problems.
std::pair<std::size_t, std::vector<int>> read_large(const std::string& csv) {
  EXPECT_GE(csv.size(), 4u << 20);
  inventory::Inventory inventory;
  Diagnostics diagnostics;
  read_activity_csv(csv, "large.csv", inventory, diagnostics);
  std::vector<int> rows;
  for (const auto& item : diagnostics.items()) rows.push_back(item.where.row);
  return {inventory.records.size(), rows};
}

TEST(LargeActivityCsv, EveryLineEndReadsEveryRowOnItsLine) {
  using Read = std::pair<std::size_t, std::vector<int>>;
  // Body row k is on line k + 1 with one line per row; with "\r\r\n" every row is followed by a
  // blank line, so row k is on line 2k + 1.
  EXPECT_EQ(read_large(rows_ending_in("\n")), (Read{300000, {1002, 250002}}));
  EXPECT_EQ(read_large(rows_ending_in("\r\n")), (Read{300000, {1002, 250002}}));
  // Old Mac line ends, with one '\n' at the very end.
  EXPECT_EQ(read_large(rows_ending_in("\r") + "\n"), (Read{300000, {1002, 250002}}));
  EXPECT_EQ(read_large(rows_ending_in("\r\r\n")), (Read{300000, {2003, 500003}}));
  // A byte-order mark and a blank line before the header: the header is on line 2.
  EXPECT_EQ(read_large(rows_ending_in("\n", "\xEF\xBB\xBF\n")), (Read{300000, {1003, 250003}}));
}

}  // namespace
}  // namespace cl::io

namespace cl::io {
namespace {

/// An inventory naming several activity files, each mapped on another thread while the one
/// before it is read: every file's rows in the order named, a missing one reported with the
/// file it names, and the tallied read giving what compute() gives for the kept one.
class ActivityFiles : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("cl-files-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::create_directories(dir_);
    // Amounts chosen so each file's sum is known: a.csv 1 + 2 = 3 L, b.csv 4 + 8 = 12 L.
    std::ofstream(dir_ / "a.csv") << "source,period,amount,unit\nD1,2024-01,1,L\nD1,2024-02,2,L\n";
    std::ofstream(dir_ / "b.csv") << "source,period,amount,unit\nD1,2024-03,4,L\nD1,2024-04,8,L\n";
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::string write_inventory(std::string_view files) {
    std::ofstream(dir_ / "inventory.json") << R"({
  "year": 2024, "gwp": "AR5", "organization": {"name": "多檔測試"},
  "facilities": [{"id": "F1", "name": "一廠"}],
  "sources": [{"id": "D1", "facility": "F1", "name": "柴油發電機",
               "type": "stationary_combustion", "factor": "tw.moenv2024.stationary.diesel"}],
  "activity_files": )" << files << "}";
    return (dir_ / "inventory.json").string();
  }

  std::filesystem::path dir_;
};

TEST_F(ActivityFiles, EveryFileInTheOrderNamedAndAMissingOneReported) {
  const auto path = write_inventory(R"(["a.csv", "missing.csv", "b.csv"])");
  const auto read = read_inventory(path);
  ASSERT_EQ(read.inventory.records.size(), 4u);
  const double amounts[] = {1, 2, 4, 8};  // a.csv's rows, then b.csv's
  for (std::size_t idx = 0; idx < 4; ++idx) {
    EXPECT_EQ(read.inventory.records[idx].amount.value, amounts[idx]);
    EXPECT_EQ(read.inventory.records[idx].period.from_month, static_cast<int>(idx) + 1);
  }
  ASSERT_EQ(read.diagnostics.items().size(), 1u);
  const auto& missing = read.diagnostics.items()[0];
  EXPECT_EQ(missing.code, ErrorCode::io_not_found);
  EXPECT_NE(missing.message.find("missing.csv"), std::string::npos) << missing.message;
  EXPECT_EQ(missing.where.file, (dir_ / "missing.csv").string());

  const auto library = load_library(CL_SOURCE_DIR "/data").library;
  const auto tallied = read_inventory_tallied(path, library);
  ASSERT_EQ(tallied->diagnostics.items().size(), 1u);
  EXPECT_EQ(tallied->diagnostics.items()[0].message, missing.message);
}

TEST_F(ActivityFiles, TalliedAcrossFilesGivesTheKeptRecordsTotal) {
  const auto path = write_inventory(R"(["a.csv", "b.csv"])");
  const auto library = load_library(CL_SOURCE_DIR "/data").library;
  const auto read = read_inventory(path);
  ASSERT_FALSE(read.diagnostics.has_errors());
  const auto kept = inventory::compute(read.inventory, library);
  ASSERT_TRUE(kept.has_value());
  const auto tallied = read_inventory_tallied(path, library);
  ASSERT_FALSE(tallied->diagnostics.has_errors());
  const auto result = inventory::compute_tallied(tallied->inventory, *tallied->plan,
                                                 *tallied->tally, tallied->validation);
  ASSERT_TRUE(result.has_value());
  EXPECT_EQ(result->record_count, 4u);
  EXPECT_DOUBLE_EQ(result->total_co2e_kg, kept->total_co2e_kg);
  EXPECT_GT(result->total_co2e_kg, 0);
}

TEST_F(ActivityFiles, TheLibraryComesFromTheSourceGivenAndWhatItThrowsIsThrown) {
  // As `inventory compute` loads it on another thread: asked for while reading (the plan of the
  // tally), and its failure is the reader's, even for a file that has problems of its own.
  const auto path = write_inventory(R"(["a.csv", "b.csv"])");
  const auto library = load_library(CL_SOURCE_DIR "/data").library;
  int asked = 0;
  const auto tallied = read_inventory_tallied(path, [&]() -> const factors::FactorLibrary& {
    ++asked;
    return library;
  });
  EXPECT_GE(asked, 1);
  ASSERT_FALSE(tallied->diagnostics.has_errors());
  EXPECT_EQ(tallied->tally->records(), 4u);
  struct LibraryFailed {};
  const LibrarySource failing = []() -> const factors::FactorLibrary& { throw LibraryFailed{}; };
  EXPECT_THROW(read_inventory_tallied(path, failing), LibraryFailed);
  EXPECT_THROW(read_inventory_tallied(write_inventory(R"("not a list")"), failing), LibraryFailed);
}

TEST_F(ActivityFiles, AYamlInventoryReadsItsFilesTheSame) {
  // The YAML reader (yaml-cpp) goes the same way, and one without activity_files is read
  // without them (a missing key there is a node yaml-cpp throws on when asked its kind).
  std::ofstream(dir_ / "inventory.yaml") << "year: 2024\ngwp: AR5\n"
                                            "organization: {name: 多檔測試}\n"
                                            "facilities: [{id: F1, name: 一廠}]\n"
                                            "sources:\n"
                                            "  - {id: D1, facility: F1, name: 柴油發電機,\n"
                                            "     type: stationary_combustion,\n"
                                            "     factor: tw.moenv2024.stationary.diesel}\n";
  const auto without = read_inventory((dir_ / "inventory.yaml").string());
  EXPECT_FALSE(without.diagnostics.has_errors());
  EXPECT_TRUE(without.inventory.records.empty());
  std::ofstream(dir_ / "inventory.yaml", std::ios::app) << "activity_files: [a.csv, b.csv]\n";
  const auto read = read_inventory((dir_ / "inventory.yaml").string());
  EXPECT_FALSE(read.diagnostics.has_errors());
  ASSERT_EQ(read.inventory.records.size(), 4u);
  EXPECT_EQ(read.inventory.records[3].amount.value, 8);  // b.csv's last row
}

TEST_F(ActivityFiles, ANameThatIsNotAListIsReportedOnce) {
  const auto read = read_inventory(write_inventory(R"("a.csv")"));
  int about_files = 0;
  for (const auto& item : read.diagnostics.items()) {
    about_files += item.message.find("activity_files") != std::string::npos ? 1 : 0;
  }
  EXPECT_EQ(about_files, 1);
  EXPECT_TRUE(read.inventory.records.empty());
}

}  // namespace
}  // namespace cl::io

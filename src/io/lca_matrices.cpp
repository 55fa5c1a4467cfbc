#include "io/lca_matrices.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <optional>
#include <set>
#include <utility>

#include "io/csv.hpp"
#include "io/file.hpp"

namespace cl::io {
namespace {

namespace fs = std::filesystem;
using lca::SparseMatrix;
using Triplet = Eigen::Triplet<double, int>;

constexpr std::string_view kMtxHeader = "%%MatrixMarket matrix coordinate real general";
constexpr std::string_view kActivitiesHeader =
    "index,process,process_name,flow,flow_name,unit,waste";
constexpr std::string_view kFlowsHeader = "index,id,name,unit,category";
constexpr std::string_view kMethodsHeader = "index,id,name,unit";
constexpr std::string_view kUncertaintyHeader = "matrix,row,col,kind,gsd,sd,min,mode,max";
constexpr std::string_view kDemandHeader = "activity,amount";

std::string join(const std::string& dir, std::string_view name) {
  return (fs::path(dir) / fs::path(name)).string();
}

bool is_blank(char c) {
  return c == ' ' || c == '\t' || c == '\r';
}

std::string lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::vector<std::string_view> words(std::string_view line) {
  std::vector<std::string_view> out;
  std::size_t pos = 0;
  while (pos < line.size()) {
    while (pos < line.size() && is_blank(line[pos])) ++pos;
    const std::size_t start = pos;
    while (pos < line.size() && !is_blank(line[pos])) ++pos;
    if (pos > start) out.push_back(line.substr(start, pos - start));
  }
  return out;
}

template <class T>
bool parse_whole(std::string_view text, T& out) {
  if (!text.empty() && text.front() == '+') text.remove_prefix(1);
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, out);
  return ec == std::errc() && ptr == end;
}

bool parse_finite(std::string_view text, double& out) {
  return parse_whole(text, out) && std::isfinite(out);
}

// ---------------------------------------------------------------------------------------------
// Matrix Market

/// Reads a `coordinate real general` Matrix Market file of `rows` × `cols` (what the label
/// files say; `sizes` explains where they come from in an error message).
Result<SparseMatrix> read_mtx(const std::string& path, int rows, int cols,
                              const std::string& sizes) {
  auto shared = read_file_shared(path, kMaxTableBytes);
  if (!shared) return tl::unexpected(shared.error());
  const std::string_view text = shared->text;
  const char* cursor = text.data();
  const char* const end = text.data() + text.size();
  int line = 0;
  // The next line, without its end; false at the end of the text.
  auto next_line = [&](std::string_view& out) {
    if (cursor >= end) return false;
    const char* stop = static_cast<const char*>(std::memchr(cursor, '\n', end - cursor));
    if (stop == nullptr) stop = end;
    out = std::string_view(cursor, static_cast<std::size_t>(stop - cursor));
    if (!out.empty() && out.back() == '\r') out.remove_suffix(1);
    cursor = stop + (stop < end ? 1 : 0);
    ++line;
    return true;
  };
  std::string_view current;
  std::string_view header;
  if (next_line(header) && header.starts_with("\xEF\xBB\xBF")) header.remove_prefix(3);
  const auto header_words = words(header);
  const bool header_ok =
      header_words.size() == 5 && lower(header_words[0]) == "%%matrixmarket" &&
      lower(header_words[1]) == "matrix" && lower(header_words[2]) == "coordinate" &&
      (lower(header_words[3]) == "real" || lower(header_words[3]) == "integer") &&
      lower(header_words[4]) == "general";
  if (!header_ok) {
    return fail(ErrorCode::parse_syntax,
                "bad header: expected '" + std::string(kMtxHeader) + "', got '" +
                    std::string(header.substr(0, 80)) + "'",
                {.file = path, .row = 1});
  }
  bool found_size = false;
  while (next_line(current)) {
    const auto first = current.find_first_not_of(" \t");
    if (first == std::string_view::npos || current[first] == '%') continue;
    found_size = true;
    break;
  }
  if (!found_size) {
    return fail(ErrorCode::parse_syntax, "missing the size line 'rows cols entries'",
                {.file = path, .row = line});
  }
  const auto size_words = words(current);
  long long file_rows = 0;
  long long file_cols = 0;
  long long entries = 0;
  if (size_words.size() != 3 || !parse_whole(size_words[0], file_rows) ||
      !parse_whole(size_words[1], file_cols) || !parse_whole(size_words[2], entries) ||
      file_rows < 0 || file_cols < 0 || entries < 0) {
    return fail(ErrorCode::parse_syntax,
                "bad size line: expected 'rows cols entries', got '" +
                    std::string(current.substr(0, 80)) + "'",
                {.file = path, .row = line});
  }
  if (file_rows != rows || file_cols != cols) {
    return fail(ErrorCode::parse_bad_value,
                "size mismatch: the file is " + std::to_string(file_rows) + " x " +
                    std::to_string(file_cols) + " but " + sizes + " (" + std::to_string(rows) +
                    " x " + std::to_string(cols) + ")",
                {.file = path, .row = line});
  }
  std::vector<Triplet> triplets;
  triplets.reserve(static_cast<std::size_t>(std::min<long long>(entries, 1LL << 28)));
  while (static_cast<long long>(triplets.size()) < entries) {
    if (!next_line(current)) {
      return fail(ErrorCode::parse_syntax,
                  "the file ends after " + std::to_string(triplets.size()) + " of the " +
                      std::to_string(entries) + " entries its size line announces",
                  {.file = path, .row = line});
    }
    // "row col value", fields separated by blanks; parsed in place (the hot loop).
    const char* p = current.data();
    const char* const stop = p + current.size();
    auto skip = [&] {
      while (p < stop && (*p == ' ' || *p == '\t')) ++p;
    };
    skip();
    if (p == stop) continue;  // a blank line
    int row = 0;
    int col = 0;
    double value = 0;
    auto r1 = std::from_chars(p, stop, row);
    bool ok = r1.ec == std::errc() && r1.ptr < stop && (*r1.ptr == ' ' || *r1.ptr == '\t');
    if (ok) {
      p = r1.ptr;
      skip();
      auto r2 = std::from_chars(p, stop, col);
      ok = r2.ec == std::errc() && r2.ptr < stop && (*r2.ptr == ' ' || *r2.ptr == '\t');
      p = r2.ptr;
    }
    if (ok) {
      skip();
      if (p < stop && *p == '+') ++p;
      auto r3 = std::from_chars(p, stop, value);
      ok = r3.ec == std::errc();
      p = r3.ptr;
      skip();
      ok = ok && p == stop && std::isfinite(value);
    }
    if (!ok) {
      return fail(ErrorCode::parse_bad_value,
                  "expected 'row col value' with whole-number indices and a finite number, got '" +
                      std::string(current.substr(0, 80)) + "'",
                  {.file = path, .row = line});
    }
    if (row < 1 || row > rows || col < 1 || col > cols) {
      return fail(ErrorCode::parse_bad_value,
                  "index (" + std::to_string(row) + ", " + std::to_string(col) +
                      ") outside the matrix, which is " + std::to_string(rows) + " x " +
                      std::to_string(cols) + " (indices are 1-based)",
                  {.file = path, .row = line});
    }
    triplets.emplace_back(row - 1, col - 1, value);
  }
  while (next_line(current)) {
    if (current.find_first_not_of(" \t") == std::string_view::npos) continue;
    return fail(ErrorCode::parse_syntax,
                "more entries than the " + std::to_string(entries) + " the size line announces",
                {.file = path, .row = line});
  }
  SparseMatrix matrix(rows, cols);
  matrix.setFromTriplets(triplets.begin(), triplets.end());  // duplicates summed
  matrix.makeCompressed();
  return matrix;
}

void append_number(std::string& out, double value) {
  char buffer[32];
  auto [ptr, ec] = std::to_chars(buffer, buffer + sizeof buffer, value);
  out.append(buffer, ptr);
}

void append_mtx_header(std::string& out, std::string_view comment, Eigen::Index rows,
                       Eigen::Index cols, std::size_t entries) {
  out += kMtxHeader;
  out += "\n% ";
  out += comment;
  out += "\n";
  out += std::to_string(rows) + " " + std::to_string(cols) + " " + std::to_string(entries) + "\n";
}

void append_entry(std::string& out, Eigen::Index row, Eigen::Index col, double value) {
  char buffer[96];
  char* p = std::to_chars(buffer, buffer + sizeof buffer, row + 1).ptr;
  *p++ = ' ';
  p = std::to_chars(p, buffer + sizeof buffer, col + 1).ptr;
  *p++ = ' ';
  p = std::to_chars(p, buffer + sizeof buffer, value).ptr;
  *p++ = '\n';
  out.append(buffer, p);
}

std::string write_mtx(const SparseMatrix& matrix, std::string_view comment) {
  std::string out;
  out.reserve(static_cast<std::size_t>(matrix.nonZeros()) * 32 + 128);
  append_mtx_header(out, comment, matrix.rows(), matrix.cols(),
                    static_cast<std::size_t>(matrix.nonZeros()));
  for (Eigen::Index col = 0; col < matrix.outerSize(); ++col) {
    for (SparseMatrix::InnerIterator it(matrix, col); it; ++it) {
      append_entry(out, it.row(), it.col(), it.value());
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// CSV tables

struct Table {
  std::vector<std::vector<std::string>> rows;
  std::vector<int> lines;
};

/// A CSV file with exactly `header`; every row with as many fields. Blank lines are skipped.
Result<Table> read_table(const std::string& path, std::string_view header) {
  auto shared = read_file_shared(path, kMaxTableBytes);
  if (!shared) return tl::unexpected(shared.error());
  std::vector<std::string> expected;
  for (std::size_t pos = 0;;) {
    const auto comma = header.find(',', pos);
    expected.emplace_back(header.substr(pos, comma - pos));
    if (comma == std::string_view::npos) break;
    pos = comma + 1;
  }
  Table table;
  std::optional<Error> problem;
  bool header_seen = false;
  auto parsed = for_each_csv_row(shared->text, path, [&](const CsvRow& row) {
    if (row.fields.size() == 1 && row.fields[0].find_first_not_of(" \t\r") == std::string::npos) {
      return true;
    }
    if (!header_seen) {
      header_seen = true;
      bool same = row.fields.size() == expected.size();
      for (std::size_t idx = 0; same && idx < expected.size(); ++idx) {
        same = row.fields[idx] == expected[idx];
      }
      if (!same) {
        std::string got;
        for (const auto field : row.fields) got += (got.empty() ? "" : ",") + std::string(field);
        problem = Error{ErrorCode::parse_syntax,
                        "bad header: expected '" + std::string(header) + "', got '" + got + "'",
                        {.file = path, .row = row.line},
                        {}};
        return false;
      }
      return true;
    }
    if (row.fields.size() != expected.size()) {
      problem = Error{ErrorCode::parse_syntax,
                      "expected " + std::to_string(expected.size()) + " fields (" +
                          std::string(header) + "), got " + std::to_string(row.fields.size()),
                      {.file = path, .row = row.line},
                      {}};
      return false;
    }
    auto& out = table.rows.emplace_back();
    out.reserve(row.fields.size());
    for (const auto field : row.fields) out.emplace_back(field);
    table.lines.push_back(row.line);
    return true;
  });
  if (!parsed) return tl::unexpected(parsed.error());
  if (problem) return tl::unexpected(std::move(*problem));
  if (!header_seen) {
    return fail(ErrorCode::parse_syntax,
                "empty file: expected the header '" + std::string(header) + "'",
                {.file = path, .row = 1});
  }
  return table;
}

/// Checks that the first column counts 1, 2, 3… in order.
Result<void> check_index(const Table& table, const std::string& path) {
  for (std::size_t idx = 0; idx < table.rows.size(); ++idx) {
    if (table.rows[idx][0] != std::to_string(idx + 1)) {
      return fail(ErrorCode::parse_bad_value,
                  "index must count 1, 2, 3… in order: expected " + std::to_string(idx + 1) +
                      ", got '" + table.rows[idx][0] + "'",
                  {.file = path, .row = table.lines[idx], .field = "index"});
    }
  }
  return {};
}

void append_csv_line(std::string& out, std::initializer_list<std::string_view> fields) {
  bool first = true;
  for (const auto field : fields) {
    if (!first) out += ',';
    first = false;
    out += csv_escape(field);
  }
  out += '\n';
}

// ---------------------------------------------------------------------------------------------
// Labels

Result<std::vector<lca::Activity>> read_activities(const std::string& path) {
  auto table = read_table(path, kActivitiesHeader);
  if (!table) return tl::unexpected(table.error());
  if (auto checked = check_index(*table, path); !checked) return tl::unexpected(checked.error());
  std::vector<lca::Activity> out;
  out.reserve(table->rows.size());
  for (std::size_t idx = 0; idx < table->rows.size(); ++idx) {
    auto& row = table->rows[idx];
    if (row[6] != "0" && row[6] != "1") {
      return fail(ErrorCode::parse_bad_value, "waste must be 0 or 1, got '" + row[6] + "'",
                  {.file = path, .row = table->lines[idx], .field = "waste"});
    }
    lca::Activity activity;
    activity.process = std::move(row[1]);
    activity.process_name = std::move(row[2]);
    activity.flow = std::move(row[3]);
    activity.flow_name = std::move(row[4]);
    activity.unit = std::move(row[5]);
    activity.waste = row[6] == "1";
    out.push_back(std::move(activity));
  }
  return out;
}

Result<std::vector<lca::ElementaryFlow>> read_flows(const std::string& path) {
  auto table = read_table(path, kFlowsHeader);
  if (!table) return tl::unexpected(table.error());
  if (auto checked = check_index(*table, path); !checked) return tl::unexpected(checked.error());
  std::vector<lca::ElementaryFlow> out;
  out.reserve(table->rows.size());
  for (auto& row : table->rows) {
    out.push_back({std::move(row[1]), std::move(row[2]), std::move(row[3]), std::move(row[4])});
  }
  return out;
}

Result<std::vector<lca::ImpactMethod>> read_methods(const std::string& path) {
  auto table = read_table(path, kMethodsHeader);
  if (!table) return tl::unexpected(table.error());
  if (auto checked = check_index(*table, path); !checked) return tl::unexpected(checked.error());
  std::vector<lca::ImpactMethod> out;
  out.reserve(table->rows.size());
  for (auto& row : table->rows) {
    lca::ImpactMethod method;
    method.id = std::move(row[1]);
    method.name = std::move(row[2]);
    method.unit = std::move(row[3]);
    out.push_back(std::move(method));
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Uncertainty

/// The position of (row, col) in a compressed matrix's value array, or -1.
std::int64_t find_position(const SparseMatrix& matrix, int row, int col) {
  const int* inner = matrix.innerIndexPtr();
  const int* begin = inner + matrix.outerIndexPtr()[col];
  const int* end = inner + matrix.outerIndexPtr()[col + 1];
  const int* found = std::lower_bound(begin, end, row);
  if (found == end || *found != row) return -1;
  return found - inner;
}

/// The (row, col) of a position in a compressed matrix's value array.
std::pair<Eigen::Index, Eigen::Index> position_of(const SparseMatrix& matrix,
                                                  std::int64_t position) {
  const int* outer = matrix.outerIndexPtr();
  const int* after = std::upper_bound(outer, outer + matrix.outerSize() + 1, position);
  const auto col = static_cast<Eigen::Index>(after - outer - 1);
  return {matrix.innerIndexPtr()[position], col};
}

/// kind and gsd, sd, min, mode, max of one uncertainty.csv row (fields 3–8).
Result<lca::Distribution> parse_distribution(const std::vector<std::string>& row,
                                             const RecordRef& where) {
  static constexpr const char* kNames[] = {"gsd", "sd", "min", "mode", "max"};
  lca::Distribution out;
  const std::string& kind = row[3];
  std::array<bool, 5> needed{};
  if (kind == "lognormal") {
    out.kind = lca::DistributionKind::lognormal;
    needed = {true, false, false, false, false};
  } else if (kind == "normal") {
    out.kind = lca::DistributionKind::normal;
    needed = {false, true, false, false, false};
  } else if (kind == "triangular") {
    out.kind = lca::DistributionKind::triangular;
    needed = {false, false, true, true, true};
  } else if (kind == "uniform") {
    out.kind = lca::DistributionKind::uniform;
    needed = {false, false, true, false, true};
  } else {
    RecordRef at = where;
    at.field = "kind";
    return fail(ErrorCode::parse_bad_value,
                "kind must be lognormal, normal, triangular or uniform, got '" + kind + "'", at);
  }
  double* targets[] = {&out.gsd, &out.sd, &out.min, &out.mode, &out.max};
  for (std::size_t idx = 0; idx < 5; ++idx) {
    const std::string& text = row[4 + idx];
    RecordRef at = where;
    at.field = kNames[idx];
    if (!needed[idx]) {
      if (!text.empty()) {
        return fail(ErrorCode::parse_bad_value,
                    std::string(kNames[idx]) + " is not a parameter of a " + kind +
                        " distribution; leave it empty",
                    at);
      }
      continue;
    }
    if (!parse_finite(text, *targets[idx])) {
      return fail(ErrorCode::parse_bad_value,
                  "a " + kind + " distribution needs " + kNames[idx] +
                      " as a finite number, got '" + text + "'",
                  at);
    }
  }
  return out;
}

Result<void> read_uncertainty(const std::string& path, lca::MatrixSystem& system,
                              const SparseMatrix& characterization) {
  auto table = read_table(path, kUncertaintyHeader);
  if (!table) return tl::unexpected(table.error());
  // Positions already given a distribution, per matrix (technosphere, biosphere, C).
  std::vector<char> seen[3] = {
      std::vector<char>(static_cast<std::size_t>(system.technosphere.nonZeros())),
      std::vector<char>(static_cast<std::size_t>(system.biosphere.nonZeros())),
      std::vector<char>(static_cast<std::size_t>(characterization.nonZeros()))};
  for (std::size_t idx = 0; idx < table->rows.size(); ++idx) {
    const auto& row = table->rows[idx];
    const RecordRef where{.file = path, .row = table->lines[idx]};
    int matrix_index = 0;
    const SparseMatrix* matrix = nullptr;
    const char* file = "";
    if (row[0] == "technosphere") {
      matrix = &system.technosphere;
      file = "technosphere.mtx";
    } else if (row[0] == "biosphere") {
      matrix_index = 1;
      matrix = &system.biosphere;
      file = "biosphere.mtx";
    } else if (row[0] == "characterization") {
      matrix_index = 2;
      matrix = &characterization;
      file = "characterization.mtx";
    } else {
      RecordRef at = where;
      at.field = "matrix";
      return fail(
          ErrorCode::parse_bad_value,
          "matrix must be technosphere, biosphere or characterization, got '" + row[0] + "'", at);
    }
    int r = 0;
    int c = 0;
    if (!parse_whole(row[1], r) || !parse_whole(row[2], c) || r < 1 || c < 1 ||
        r > matrix->rows() || c > matrix->cols()) {
      return fail(ErrorCode::parse_bad_value,
                  "(" + row[1] + ", " + row[2] + ") is not a 1-based index inside " + file + " (" +
                      std::to_string(matrix->rows()) + " x " + std::to_string(matrix->cols()) + ")",
                  where);
    }
    const std::int64_t position = find_position(*matrix, r - 1, c - 1);
    if (position < 0) {
      return fail(ErrorCode::parse_bad_value,
                  std::string(file) + " has no entry at (" + row[1] + ", " + row[2] +
                      "); an uncertain value needs its nominal value there",
                  where);
    }
    if (std::exchange(seen[matrix_index][static_cast<std::size_t>(position)], char{1}) != 0) {
      return fail(ErrorCode::parse_bad_value,
                  "a second distribution for " + row[0] + " (" + row[1] + ", " + row[2] +
                      "); the plain format has one per matrix entry",
                  where);
    }
    auto distribution = parse_distribution(row, where);
    if (!distribution) return tl::unexpected(distribution.error());
    const double nominal = matrix->valuePtr()[position];
    if (auto checked = lca::check_distribution(*distribution, nominal); !checked) {
      return fail(ErrorCode::parse_bad_value,
                  checked.error().message + " (nominal value " + std::to_string(nominal) +
                      " from " + file + ")",
                  where);
    }
    lca::UncertainEntry entry{position, nominal, *distribution};
    if (matrix_index == 0) {
      system.technosphere_uncertainty.push_back(entry);
    } else if (matrix_index == 1) {
      system.biosphere_uncertainty.push_back(entry);
    } else {
      entry.position = 0;
      system.method_uncertainty[static_cast<std::size_t>(r - 1)].emplace_back(
          static_cast<std::size_t>(c - 1), entry);
    }
  }
  return {};
}

Result<LcaDemand> read_demand(const std::string& path, const lca::MatrixSystem& system) {
  auto table = read_table(path, kDemandHeader);
  if (!table) return tl::unexpected(table.error());
  LcaDemand out;
  for (std::size_t idx = 0; idx < table->rows.size(); ++idx) {
    const auto& row = table->rows[idx];
    const RecordRef where{.file = path, .row = table->lines[idx]};
    double amount = 0;
    if (!parse_finite(row[1], amount)) {
      RecordRef at = where;
      at.field = "amount";
      return fail(ErrorCode::parse_bad_value,
                  "amount must be a finite number, got '" + row[1] + "'", at);
    }
    const std::string& key = row[0];
    const bool numeric = !key.empty() && std::all_of(key.begin(), key.end(),
                                                     [](char c) { return c >= '0' && c <= '9'; });
    if (!numeric) {
      out.emplace_back(key, amount);
      continue;
    }
    std::size_t index = 0;
    if (!parse_whole(key, index) || index < 1 || index > system.size()) {
      RecordRef at = where;
      at.field = "activity";
      return fail(ErrorCode::parse_bad_value,
                  "activity " + key + " is outside 1.." + std::to_string(system.size()), at);
    }
    const auto& activity = system.activities[index - 1];
    out.emplace_back(activity.process + "/" + activity.flow, amount);
  }
  return out;
}

Result<void> check_shapes(const lca::MatrixSystem& system) {
  const auto n = static_cast<Eigen::Index>(system.activities.size());
  const auto m = static_cast<Eigen::Index>(system.flows.size());
  if (system.technosphere.rows() != n || system.technosphere.cols() != n ||
      system.biosphere.rows() != m || system.biosphere.cols() != n) {
    return fail(ErrorCode::internal, "the matrices do not match the labels: A is " +
                                         std::to_string(system.technosphere.rows()) + " x " +
                                         std::to_string(system.technosphere.cols()) + ", B is " +
                                         std::to_string(system.biosphere.rows()) + " x " +
                                         std::to_string(system.biosphere.cols()) + ", with " +
                                         std::to_string(n) + " activities and " +
                                         std::to_string(m) + " elementary flows");
  }
  for (const auto& method : system.methods) {
    if (method.factors.size() != m) {
      return fail(ErrorCode::internal, "method " + method.id + " has " +
                                           std::to_string(method.factors.size()) + " factors for " +
                                           std::to_string(m) + " flows");
    }
  }
  return {};
}

void append_distribution(std::string& out, std::string_view matrix, Eigen::Index row,
                         Eigen::Index col, const lca::Distribution& distribution) {
  out += matrix;
  out += ',';
  out += std::to_string(row + 1);
  out += ',';
  out += std::to_string(col + 1);
  out += ',';
  const double values[] = {distribution.gsd, distribution.sd, distribution.min, distribution.mode,
                           distribution.max};
  std::array<bool, 5> used{};
  switch (distribution.kind) {
    case lca::DistributionKind::lognormal:
      out += "lognormal";
      used = {true, false, false, false, false};
      break;
    case lca::DistributionKind::normal:
      out += "normal";
      used = {false, true, false, false, false};
      break;
    case lca::DistributionKind::triangular:
      out += "triangular";
      used = {false, false, true, true, true};
      break;
    default:
      out += "uniform";
      used = {false, false, true, false, true};
      break;
  }
  for (std::size_t idx = 0; idx < 5; ++idx) {
    out += ',';
    if (used[idx]) append_number(out, values[idx]);
  }
  out += '\n';
}

bool same_value(double a, double b) {
  return a == b || std::abs(a - b) <= 1e-12 * std::max(std::abs(a), std::abs(b));
}

/// uncertainty.csv lines of one matrix; fails when a position has several contributions or a
/// contribution that is not the whole entry.
Result<void> append_uncertainty(std::string& out, std::string_view name, const SparseMatrix& matrix,
                                const std::vector<lca::UncertainEntry>& entries,
                                const std::string& path) {
  std::set<std::int64_t> seen;
  for (const auto& entry : entries) {
    if (!entry.distribution.uncertain()) continue;
    if (entry.position < 0 || entry.position >= matrix.nonZeros()) {
      return fail(ErrorCode::internal, std::string(name) + " uncertainty at position " +
                                           std::to_string(entry.position) + " outside the " +
                                           std::to_string(matrix.nonZeros()) + " entries");
    }
    const auto [row, col] = position_of(matrix, entry.position);
    const double value = matrix.valuePtr()[entry.position];
    if (!seen.insert(entry.position).second || !same_value(entry.nominal, value)) {
      return fail(ErrorCode::io_write_failed,
                  "cannot write " + std::string(name) + " (" + std::to_string(row + 1) + ", " +
                      std::to_string(col + 1) +
                      "): several uncertain contributions add into this entry, and the plain "
                      "format holds one distribution per entry",
                  {.file = path});
    }
    append_distribution(out, name, row, col, entry.distribution);
  }
  return {};
}

Result<void> remove_stale(const std::string& path) {
  std::error_code error;
  fs::remove(path, error);
  if (error) {
    return fail(ErrorCode::io_write_failed,
                "cannot remove the old " + path + ": " + error.message(), {.file = path});
  }
  return {};
}

}  // namespace

Result<LcaMatrices> read_lca_matrices(const std::string& dir) {
  LcaMatrices out;
  auto& system = out.system;
  auto activities = read_activities(join(dir, "activities.csv"));
  if (!activities) return tl::unexpected(activities.error());
  system.activities = std::move(*activities);
  auto flows = read_flows(join(dir, "flows.csv"));
  if (!flows) return tl::unexpected(flows.error());
  system.flows = std::move(*flows);
  const std::string methods_path = join(dir, "methods.csv");
  if (fs::exists(methods_path)) {
    auto methods = read_methods(methods_path);
    if (!methods) return tl::unexpected(methods.error());
    system.methods = std::move(*methods);
  }
  const int n = static_cast<int>(system.activities.size());
  const int m = static_cast<int>(system.flows.size());
  const int k = static_cast<int>(system.methods.size());
  const std::string n_text = "activities.csv has " + std::to_string(n) + " activities";
  const std::string m_text = "flows.csv has " + std::to_string(m) + " elementary flows";
  auto technosphere = read_mtx(join(dir, "technosphere.mtx"), n, n, n_text);
  if (!technosphere) return tl::unexpected(technosphere.error());
  system.technosphere = std::move(*technosphere);
  auto biosphere = read_mtx(join(dir, "biosphere.mtx"), m, n, m_text + " and " + n_text);
  if (!biosphere) return tl::unexpected(biosphere.error());
  system.biosphere = std::move(*biosphere);

  SparseMatrix characterization(k, m);
  const std::string characterization_path = join(dir, "characterization.mtx");
  if (k > 0 || fs::exists(characterization_path)) {
    auto read = read_mtx(characterization_path, k, m,
                         "methods.csv has " + std::to_string(k) + " methods and " + m_text);
    if (!read) return tl::unexpected(read.error());
    characterization = std::move(*read);
  }
  for (auto& method : system.methods) method.factors = lca::Vector::Zero(m);
  for (Eigen::Index flow = 0; flow < characterization.outerSize(); ++flow) {
    for (SparseMatrix::InnerIterator it(characterization, flow); it; ++it) {
      system.methods[static_cast<std::size_t>(it.row())].factors[flow] = it.value();
    }
  }
  system.method_uncertainty.resize(static_cast<std::size_t>(k));

  const std::string uncertainty_path = join(dir, "uncertainty.csv");
  if (fs::exists(uncertainty_path)) {
    if (auto read = read_uncertainty(uncertainty_path, system, characterization); !read) {
      return tl::unexpected(read.error());
    }
  }
  const std::string demand_path = join(dir, "demand.csv");
  if (fs::exists(demand_path)) {
    auto demand = read_demand(demand_path, system);
    if (!demand) return tl::unexpected(demand.error());
    out.demand = std::move(*demand);
  }
  const std::string meta_path = join(dir, "meta.json");
  if (fs::exists(meta_path)) {
    auto meta = read_file(meta_path);
    if (!meta) return tl::unexpected(meta.error());
    out.meta = std::move(*meta);
  }
  return out;
}

Result<void> write_lca_matrices(const lca::MatrixSystem& system, const std::string& dir,
                                const LcaDemand& demand, std::string_view meta) {
  if (auto shapes = check_shapes(system); !shapes) return shapes;
  if (!system.technosphere.isCompressed() || !system.biosphere.isCompressed()) {
    return fail(ErrorCode::internal,
                "the matrices must be compressed (positions index their value arrays)");
  }
  std::error_code error;
  fs::create_directories(dir, error);
  if (error) {
    return fail(ErrorCode::io_write_failed,
                "cannot create the folder " + dir + ": " + error.message(), {.file = dir});
  }
  // Uncertainty first: a system the format cannot hold leaves the folder untouched.
  const std::string uncertainty_path = join(dir, "uncertainty.csv");
  std::string uncertainty(kUncertaintyHeader);
  uncertainty += '\n';
  const std::size_t header_size = uncertainty.size();
  if (auto done = append_uncertainty(uncertainty, "technosphere", system.technosphere,
                                     system.technosphere_uncertainty, uncertainty_path);
      !done) {
    return done;
  }
  if (auto done = append_uncertainty(uncertainty, "biosphere", system.biosphere,
                                     system.biosphere_uncertainty, uncertainty_path);
      !done) {
    return done;
  }
  // Characterization: every non-zero factor, and every factor with a distribution.
  const std::size_t k = system.methods.size();
  std::vector<std::vector<bool>> uncertain_factor(k);
  for (std::size_t method = 0; method < k && method < system.method_uncertainty.size(); ++method) {
    uncertain_factor[method].assign(system.flows.size(), false);
    for (const auto& [flow, entry] : system.method_uncertainty[method]) {
      if (!entry.distribution.uncertain()) continue;
      if (flow >= system.flows.size() || uncertain_factor[method][flow] ||
          !same_value(entry.nominal,
                      system.methods[method].factors[static_cast<Eigen::Index>(flow)])) {
        return fail(ErrorCode::io_write_failed,
                    "cannot write characterization (" + std::to_string(method + 1) + ", " +
                        std::to_string(flow + 1) +
                        "): the distribution is not one per factor with the factor as nominal",
                    {.file = uncertainty_path});
      }
      uncertain_factor[method][flow] = true;
      append_distribution(uncertainty, "characterization", static_cast<Eigen::Index>(method),
                          static_cast<Eigen::Index>(flow), entry.distribution);
    }
  }

  std::string activities(kActivitiesHeader);
  activities += '\n';
  for (std::size_t idx = 0; idx < system.activities.size(); ++idx) {
    const auto& a = system.activities[idx];
    append_csv_line(activities, {std::to_string(idx + 1), a.process, a.process_name, a.flow,
                                 a.flow_name, a.unit, a.waste ? "1" : "0"});
  }
  std::string flows(kFlowsHeader);
  flows += '\n';
  for (std::size_t idx = 0; idx < system.flows.size(); ++idx) {
    const auto& f = system.flows[idx];
    append_csv_line(flows, {std::to_string(idx + 1), f.id, f.name, f.unit, f.category});
  }
  std::string methods(kMethodsHeader);
  methods += '\n';
  std::size_t characterization_entries = 0;
  for (std::size_t idx = 0; idx < k; ++idx) {
    const auto& method = system.methods[idx];
    append_csv_line(methods, {std::to_string(idx + 1), method.id, method.name, method.unit});
    for (Eigen::Index flow = 0; flow < method.factors.size(); ++flow) {
      const bool uncertain =
          !uncertain_factor[idx].empty() && uncertain_factor[idx][static_cast<std::size_t>(flow)];
      if (method.factors[flow] != 0.0 || uncertain) ++characterization_entries;
    }
  }
  std::string characterization;
  append_mtx_header(characterization, "CarbonLedger characterization C: methods x elementary flows",
                    static_cast<Eigen::Index>(k), static_cast<Eigen::Index>(system.flows.size()),
                    characterization_entries);
  for (std::size_t idx = 0; idx < k; ++idx) {
    const auto& method = system.methods[idx];
    for (Eigen::Index flow = 0; flow < method.factors.size(); ++flow) {
      const bool uncertain =
          !uncertain_factor[idx].empty() && uncertain_factor[idx][static_cast<std::size_t>(flow)];
      if (method.factors[flow] != 0.0 || uncertain) {
        append_entry(characterization, static_cast<Eigen::Index>(idx), flow, method.factors[flow]);
      }
    }
  }
  std::string demand_text(kDemandHeader);
  demand_text += '\n';
  for (const auto& [key, amount] : demand) {
    demand_text += csv_escape(key);
    demand_text += ',';
    append_number(demand_text, amount);
    demand_text += '\n';
  }

  struct Output {
    std::string name;
    const std::string* content;
    bool write;
  };
  const std::string technosphere =
      write_mtx(system.technosphere, "CarbonLedger technosphere A: activities x activities");
  const std::string biosphere =
      write_mtx(system.biosphere, "CarbonLedger biosphere B: elementary flows x activities");
  const std::string meta_text(meta);
  const Output outputs[] = {
      {"technosphere.mtx", &technosphere, true},
      {"biosphere.mtx", &biosphere, true},
      {"activities.csv", &activities, true},
      {"flows.csv", &flows, true},
      {"methods.csv", &methods, true},
      {"characterization.mtx", &characterization, k > 0},
      {"uncertainty.csv", &uncertainty, uncertainty.size() > header_size},
      {"demand.csv", &demand_text, !demand.empty()},
      {"meta.json", &meta_text, !meta.empty()},
  };
  for (const auto& output : outputs) {
    const std::string path = join(dir, output.name);
    auto done = output.write ? write_file(path, *output.content) : remove_stale(path);
    if (!done) return done;
  }
  return {};
}

}  // namespace cl::io

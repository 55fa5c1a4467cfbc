// A small RFC 4180 CSV reader: comma separated, double-quoted fields with "" escapes, CRLF or
// LF line ends, a UTF-8 byte-order mark skipped. It calls back per row with the row's 1-based
// line number, so every diagnostic can name its row. Fast enough for millions of rows: fields
// are string_views into the buffer unless they had to be unescaped.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "core/common/result.hpp"

namespace cl::io {

struct CsvRow {
  int line = 0;
  std::vector<std::string_view> fields;
};

/// Calls `on_row` for every row (header included). Fails with parse.syntax on an unterminated
/// quote, naming the line. `on_row` returns false to stop early.
Result<void> for_each_csv_row(std::string_view text, const std::string& file,
                              const std::function<bool(const CsvRow&)>& on_row);

/// The same for a part of a file that starts at line `first_line` (no byte-order mark is looked
/// for unless it is line 1); returns the line number after the last line read, so a file can be
/// split at a line end and its parts read in parallel.
Result<int> for_each_csv_row_from(std::string_view text, const std::string& file, int first_line,
                                  const std::function<bool(const CsvRow&)>& on_row);

/// Quotes a field for writing when it holds a comma, quote or line break.
std::string csv_escape(std::string_view field);

}  // namespace cl::io

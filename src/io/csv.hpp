// A small RFC 4180 CSV reader: comma separated, double-quoted fields with "" escapes, CRLF or
// LF line ends, a UTF-8 byte-order mark skipped. It calls back per row with the row's 1-based
// line number, so every diagnostic can name its row. Fast enough for millions of rows: fields
// are string_views into the buffer unless they had to be unescaped.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "core/common/result.hpp"

#ifdef __SSE2__
#include <emmintrin.h>
#endif

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

/// The ',', '\r', '\n' and '"' of 64 bytes of text as a mask (bit i: byte i is one of them),
/// 16 bytes per step where SSE2 is there (every x86-64), one byte per step elsewhere. `count`
/// below 64 (the text's last block) reads only that many bytes.
inline std::uint64_t csv_separator_mask(const char* text, std::size_t count = 64) {
#ifdef __SSE2__
  if (count == 64) {
    std::uint64_t mask = 0;
    for (int part = 0; part < 4; ++part) {
      const __m128i chunk = _mm_loadu_si128(reinterpret_cast<const __m128i*>(text + 16 * part));
      const __m128i hit = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(chunk, _mm_set1_epi8(',')),
                                                    _mm_cmpeq_epi8(chunk, _mm_set1_epi8('\r'))),
                                       _mm_or_si128(_mm_cmpeq_epi8(chunk, _mm_set1_epi8('\n')),
                                                    _mm_cmpeq_epi8(chunk, _mm_set1_epi8('"'))));
      mask |= static_cast<std::uint64_t>(static_cast<unsigned>(_mm_movemask_epi8(hit)))
              << (16 * part);
    }
    return mask;
  }
#endif
  std::uint64_t mask = 0;
  for (std::size_t idx = 0; idx < count; ++idx) {
    const char chr = text[idx];
    if (chr == ',' || chr == '\r' || chr == '\n' || chr == '"') mask |= std::uint64_t{1} << idx;
  }
  return mask;
}

/// What for_each_plain_csv_row returns when it meets a quote character.
inline constexpr int kQuoteMet = -1;

/// For text with no quote character: the rows for_each_csv_row_from gives, with the same line
/// numbers and return value, found without its quoting state or a std::function call per row.
/// `on_row(const CsvRow&)` is called for every row that is not blank and returns false to stop.
/// On meeting a quote it stops and returns kQuoteMet: the rows handed over so far are not to be
/// used, and the text goes to for_each_csv_row_from. It looks for quotes while it reads, so a
/// file is not scanned for them first (57 MB read from memory one time more). This is the loop
/// a million-row activity file spends its time in: each 64-byte block's separators are one mask
/// (csv_separator_mask), taken lowest bit first, so a field costs a few bit operations.
template <class OnRow>
int for_each_plain_csv_row(std::string_view text, int first_line, OnRow&& on_row) {
  if (first_line == 1 && text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
  const char* const begin = text.data();
  const std::size_t size = text.size();
  CsvRow row;
  row.line = first_line;
  row.fields.reserve(16);
  // Hands the row over; false when on_row asked to stop.
  const auto emit = [&]() {
    const bool blank = row.fields.size() == 1 && row.fields[0].empty();
    const bool go_on = blank || on_row(static_cast<const CsvRow&>(row));
    row.fields.clear();
    return go_on;
  };
  std::size_t field = 0;  // where the current field starts
  for (std::size_t block = 0; block < size; block += 64) {
    std::uint64_t mask = csv_separator_mask(begin + block, std::min<std::size_t>(64, size - block));
    for (; mask != 0; mask &= mask - 1) {
      const std::size_t stop = block + static_cast<std::size_t>(__builtin_ctzll(mask));
      if (stop < field) continue;  // the '\n' of a "\r\n" that ended the row before
      const char chr = begin[stop];
      if (chr == '"') return kQuoteMet;
      row.fields.emplace_back(begin + field, stop - field);
      field = stop + 1;
      if (chr == ',') {
        if (field >= size) {  // a comma at the very end: one more, empty, field
          row.fields.emplace_back();
          emit();
          return row.line;
        }
        continue;
      }
      if (chr == '\r' && field < size && begin[field] == '\n') ++field;
      const bool go_on = emit();
      ++row.line;
      if (!go_on) return row.line;
    }
  }
  if (field < size) {  // the last line has no line end
    row.fields.emplace_back(begin + field, size - field);
    emit();
  }
  return row.line;
}

/// Quotes a field for writing when it holds a comma, quote or line break.
std::string csv_escape(std::string_view field);

}  // namespace cl::io

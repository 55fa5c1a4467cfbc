#include "io/csv.hpp"

#include <deque>

namespace cl::io {

Result<void> for_each_csv_row(std::string_view text, const std::string& file,
                              const std::function<bool(const CsvRow&)>& on_row) {
  auto parsed = for_each_csv_row_from(text, file, 1, on_row);
  if (!parsed) return tl::unexpected(parsed.error());
  return {};
}

Result<int> for_each_csv_row_from(std::string_view text, const std::string& file, int first_line,
                                  const std::function<bool(const CsvRow&)>& on_row) {
  if (first_line == 1 && text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
  CsvRow row;
  std::deque<std::string> unescaped;  // owns fields that contained "" escapes
  std::size_t pos = 0;
  int line = first_line;
  while (pos < text.size()) {
    row.line = line;
    row.fields.clear();
    unescaped.clear();
    bool end_of_row = false;
    while (!end_of_row) {
      if (pos < text.size() && text[pos] == '"') {
        const int start_line = line;
        std::size_t cursor = pos + 1;
        std::string value;
        bool closed = false;
        bool escaped = false;
        std::size_t chunk = cursor;
        while (cursor < text.size()) {
          if (text[cursor] == '"') {
            if (cursor + 1 < text.size() && text[cursor + 1] == '"') {
              value.append(text.substr(chunk, cursor + 1 - chunk));
              cursor += 2;
              chunk = cursor;
              escaped = true;
              continue;
            }
            closed = true;
            break;
          }
          if (text[cursor] == '\n') ++line;
          ++cursor;
        }
        if (!closed) {
          return fail(ErrorCode::parse_syntax,
                      "a quoted field opened on this line is never closed; add the closing \"",
                      {.file = file, .row = start_line});
        }
        if (escaped) {
          value.append(text.substr(chunk, cursor - chunk));
          unescaped.push_back(std::move(value));
          row.fields.emplace_back(unescaped.back());
        } else {
          row.fields.push_back(text.substr(pos + 1, cursor - pos - 1));
        }
        pos = cursor + 1;
        if (pos < text.size() && text[pos] != ',' && text[pos] != '\n' && text[pos] != '\r') {
          return fail(ErrorCode::parse_syntax,
                      "unexpected text after a closing quote; quote the whole field",
                      {.file = file, .row = line});
        }
      } else {
        // A plain loop: find_first_of(",\r\n") tries each character against the set with a
        // memchr call, which dominated reading a million-row file.
        std::size_t stop = pos;
        while (stop < text.size() && text[stop] != ',' && text[stop] != '\n' &&
               text[stop] != '\r') {
          ++stop;
        }
        row.fields.push_back(text.substr(pos, stop - pos));
        pos = stop;
      }
      if (pos >= text.size()) {
        end_of_row = true;
      } else if (text[pos] == ',') {
        ++pos;
        if (pos >= text.size()) {
          row.fields.emplace_back();
          end_of_row = true;
        }
      } else {
        if (text[pos] == '\r') ++pos;
        if (pos < text.size() && text[pos] == '\n') ++pos;
        ++line;
        end_of_row = true;
      }
    }
    const bool blank = row.fields.size() == 1 && row.fields[0].empty();
    if (!blank && !on_row(row)) break;
  }
  return line;
}

std::string csv_escape(std::string_view field) {
  if (field.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(field);
  std::string out = "\"";
  for (char chr : field) {
    if (chr == '"') out += '"';
    out += chr;
  }
  out += '"';
  return out;
}

}  // namespace cl::io

// The .xlsx reader: the zip container with libzip (from memory, every entry read in chunks under
// the caps of XlsxLimits), then the parts with pugixml, matched by local name so that prefixed
// SpreadsheetML (`<x:worksheet>`, written by the .NET Open XML SDK) reads like plain.
// Parts: [Content_Types].xml → _rels/.rels (the officeDocument) → workbook.xml and its .rels
// (sheets, sharedStrings, styles) → each worksheet's sheetData.
#include "io/xlsx_reader.hpp"

#include <zip.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <map>
#include <memory>
#include <optional>
#include <pugixml.hpp>

#include "io/file.hpp"

namespace cl::io {

/// Where the parts of a package come from: the zip archive, or a map (XlsxWorkbook::open_parts).
class XlsxPartSource {
 public:
  virtual ~XlsxPartSource() = default;
  virtual bool has(std::string_view name) const = 0;
  virtual Result<std::string> read(std::string_view name) = 0;
};

namespace {

constexpr int kMaxRows = 1048576;
constexpr int kMaxCols = 16384;

// ---------------------------------------------------------------- small helpers

std::string lower_ascii(std::string_view text) {
  std::string out(text);
  for (char& ch : out) {
    if (ch >= 'A' && ch <= 'Z') ch = static_cast<char>(ch - 'A' + 'a');
  }
  return out;
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t' || text.front() == '\n' ||
                           text.front() == '\r')) {
    text.remove_prefix(1);
  }
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\n' ||
                           text.back() == '\r')) {
    text.remove_suffix(1);
  }
  return text;
}

template <class Int>
bool parse_int(std::string_view text, Int& out) {
  text = trim(text);
  const auto* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, out);
  return !text.empty() && ec == std::errc() && ptr == end;
}

bool parse_double(std::string_view text, double& out) {
  text = trim(text);
  if (!text.empty() && text.front() == '+') text.remove_prefix(1);
  const auto* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, out);
  return !text.empty() && ec == std::errc() && ptr == end && std::isfinite(out);
}

/// The name after any namespace prefix: "r:id" → "id", "x:row" → "row".
std::string_view local_name(const char* name) {
  const std::string_view view(name);
  const auto colon = view.rfind(':');
  return colon == std::string_view::npos ? view : view.substr(colon + 1);
}

pugi::xml_node child(const pugi::xml_node& node, std::string_view name) {
  for (const pugi::xml_node item : node.children()) {
    if (item.type() == pugi::node_element && local_name(item.name()) == name) return item;
  }
  return {};
}

/// The attribute `name` (by local name), or nullptr.
const char* attribute(const pugi::xml_node& node, std::string_view name) {
  for (const pugi::xml_attribute item : node.attributes()) {
    if (local_name(item.name()) == name) return item.value();
  }
  return nullptr;
}

/// The text content of an element (its PCDATA and CDATA children, joined).
std::string text_of(const pugi::xml_node& node) {
  std::string out;
  for (const pugi::xml_node item : node.children()) {
    if (item.type() == pugi::node_pcdata || item.type() == pugi::node_cdata) out += item.value();
  }
  return out;
}

void append_utf8(std::string& out, std::uint32_t code) {
  if (code >= 0xD800 && code <= 0xDFFF) code = 0xFFFD;  // a lone surrogate
  if (code < 0x80) {
    out += static_cast<char>(code);
  } else if (code < 0x800) {
    out += static_cast<char>(0xC0 | (code >> 6));
    out += static_cast<char>(0x80 | (code & 0x3F));
  } else {
    out += static_cast<char>(0xE0 | (code >> 12));
    out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (code & 0x3F));
  }
}

/// Undoes the ST_Xstring escapes of ECMA-376 Part 1 §22.9.2.19: `_x000D_` is a carriage
/// return, `_x005F_` an underscore (so `_x005F_x000D_` is the literal text "_x000D_").
std::string unescape_xstring(std::string text) {
  if (text.find("_x") == std::string::npos) return text;
  std::string out;
  out.reserve(text.size());
  for (std::size_t pos = 0; pos < text.size();) {
    std::uint32_t code = 0;
    if (text.compare(pos, 2, "_x") == 0 && pos + 7 <= text.size() && text[pos + 6] == '_') {
      const char* begin = text.data() + pos + 2;
      auto [ptr, ec] = std::from_chars(begin, begin + 4, code, 16);
      if (ec == std::errc() && ptr == begin + 4) {
        append_utf8(out, code);
        pos += 7;
        continue;
      }
    }
    out += text[pos++];
  }
  return out;
}

/// The text of a shared string item or an inline string (<si> / <is>): the plain <t> and the
/// <t> of every rich-text run <r>, in order; phonetic runs (<rPh>) are not part of the value.
std::string string_item(const pugi::xml_node& node) {
  std::string out;
  for (const pugi::xml_node item : node.children()) {
    if (item.type() != pugi::node_element) continue;
    const auto name = local_name(item.name());
    if (name == "t") {
      out += text_of(item);
    } else if (name == "r") {
      if (const auto run_text = child(item, "t")) out += text_of(run_text);
    }
  }
  return unescape_xstring(std::move(out));
}

// ---------------------------------------------------------------- dates

/// Days from 1970-01-01 to y-m-d (proleptic Gregorian; H. Hinnant's days_from_civil).
std::int64_t days_from_civil(std::int64_t year, int month, int day) {
  year -= month <= 2 ? 1 : 0;
  const std::int64_t era = (year >= 0 ? year : year - 399) / 400;
  const auto yoe = static_cast<unsigned>(year - era * 400);
  const unsigned doy = (153 * static_cast<unsigned>(month + (month > 2 ? -3 : 9)) + 2) / 5 +
                       static_cast<unsigned>(day) - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

void civil_from_days(std::int64_t days, int& year, int& month, int& day) {
  days += 719468;
  const std::int64_t era = (days >= 0 ? days : days - 146096) / 146097;
  const auto doe = static_cast<unsigned>(days - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  day = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  year = static_cast<int>(static_cast<std::int64_t>(yoe) + era * 400 + (month <= 2 ? 1 : 0));
}

/// The serial of a date (and time) under the workbook's date system; the inverse of
/// xlsx_serial_to_date for dates after 1900-02-28.
double date_to_serial(const XlsxDateTime& date, bool date1904) {
  const std::int64_t epoch = date1904 ? days_from_civil(1904, 1, 1) : days_from_civil(1899, 12, 30);
  std::int64_t days = days_from_civil(date.year, date.month, date.day) - epoch;
  if (!date1904 && days < 61) days -= 1;  // before Excel's fictitious 1900-02-29
  return static_cast<double>(days) +
         (date.hour * 3600.0 + date.minute * 60.0 + date.second) / 86400.0;
}

/// "2024-03-15" or "2024-03-15T08:30:00[.000][Z]" (cells of type t="d").
bool parse_iso_date(std::string_view text, XlsxDateTime& out) {
  text = trim(text);
  if (text.size() < 10 || text[4] != '-' || text[7] != '-') return false;
  if (!parse_int(text.substr(0, 4), out.year) || !parse_int(text.substr(5, 2), out.month) ||
      !parse_int(text.substr(8, 2), out.day)) {
    return false;
  }
  if (out.month < 1 || out.month > 12 || out.day < 1 || out.day > 31 || out.year < 1) return false;
  int year = 0, month = 0, day = 0;
  civil_from_days(days_from_civil(out.year, out.month, out.day), year, month, day);
  if (year != out.year || month != out.month || day != out.day) return false;  // 2023-02-30
  if (text.size() == 10) return true;
  if (text.size() < 19 || text[10] != 'T' || text[13] != ':' || text[16] != ':') return false;
  return parse_int(text.substr(11, 2), out.hour) && parse_int(text.substr(14, 2), out.minute) &&
         parse_int(text.substr(17, 2), out.second) && out.hour < 24 && out.minute < 60 &&
         out.second < 60 && out.hour >= 0 && out.minute >= 0 && out.second >= 0;
}

// ---------------------------------------------------------------- the zip container

struct ZipDiscard {
  void operator()(zip_t* archive) const { zip_discard(archive); }
};
struct ZipFileClose {
  void operator()(zip_file_t* entry) const { zip_fclose(entry); }
};

class Archive : public XlsxPartSource {
 public:
  Archive(const std::string& file, const XlsxLimits& limits) : file_(file), limits_(limits) {}

  Result<void> open(std::string_view bytes);
  std::optional<zip_uint64_t> find(std::string_view name) const {
    const auto found = by_name_.find(lower_ascii(name));
    if (found == by_name_.end()) return std::nullopt;
    return found->second;
  }
  bool has(std::string_view name) const override { return find(name).has_value(); }
  /// The entry's bytes; io.too_large past a cap, io.read_failed when damaged or encrypted.
  Result<std::string> read(std::string_view name) override;

 private:
  tl::unexpected<Error> error(ErrorCode code, std::string message, std::string part = {}) const {
    return fail(code, std::move(message), {.file = file_, .field = std::move(part)});
  }

  const std::string& file_;
  const XlsxLimits& limits_;
  std::unique_ptr<zip_t, ZipDiscard> zip_;
  std::map<std::string, zip_uint64_t> by_name_;
  std::uint64_t read_total_ = 0;
};

Result<void> Archive::open(std::string_view bytes) {
  if (bytes.size() > limits_.max_file_bytes) {
    return error(ErrorCode::io_too_large, "the workbook is " + std::to_string(bytes.size()) +
                                              " bytes, over the limit of " +
                                              std::to_string(limits_.max_file_bytes) +
                                              "; split the rows over several files");
  }
  zip_error_t zip_error;
  zip_error_init(&zip_error);
  zip_source_t* source = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &zip_error);
  if (source == nullptr) {
    const std::string text = zip_error_strerror(&zip_error);
    zip_error_fini(&zip_error);
    return error(ErrorCode::io_read_failed, "cannot read the workbook: " + text);
  }
  zip_.reset(zip_open_from_source(source, ZIP_RDONLY | ZIP_CHECKCONS, &zip_error));
  if (!zip_) {
    const int code = zip_error_code_zip(&zip_error);
    const std::string text = zip_error_strerror(&zip_error);
    zip_error_fini(&zip_error);
    zip_source_free(source);
    if (code == ZIP_ER_NOZIP || code == ZIP_ER_INCONS) {
      return error(ErrorCode::io_not_xlsx,
                   std::string(code == ZIP_ER_NOZIP ? "not a zip archive"
                                                    : "a damaged zip archive (" + text + ")") +
                       ", so not an Excel .xlsx workbook; an old .xls or a CSV file renamed to "
                       ".xlsx is not one either: open it in Excel and save as .xlsx");
    }
    return error(ErrorCode::io_read_failed, "cannot read the zip archive: " + text);
  }
  zip_error_fini(&zip_error);
  const zip_int64_t count = zip_get_num_entries(zip_.get(), 0);
  if (count < 0 || static_cast<std::uint64_t>(count) > limits_.max_entries) {
    return error(ErrorCode::io_too_large, "the archive has " + std::to_string(count) +
                                              " files, over the limit of " +
                                              std::to_string(limits_.max_entries));
  }
  std::uint64_t declared = 0;
  for (zip_uint64_t index = 0; index < static_cast<zip_uint64_t>(count); ++index) {
    zip_stat_t stat;
    zip_stat_init(&stat);
    if (zip_stat_index(zip_.get(), index, 0, &stat) != 0 || (stat.valid & ZIP_STAT_NAME) == 0 ||
        stat.name == nullptr) {
      continue;
    }
    if ((stat.valid & ZIP_STAT_SIZE) != 0) {
      if (stat.size > limits_.max_entry_bytes) {
        return error(ErrorCode::io_too_large,
                     "the part unpacks to " + std::to_string(stat.size) +
                         " bytes, over the limit of " + std::to_string(limits_.max_entry_bytes) +
                         " (a zip bomb, or far more rows than an import takes)",
                     stat.name);
      }
      declared += stat.size;
      if (declared > limits_.max_total_bytes) {
        return error(ErrorCode::io_too_large,
                     "the archive unpacks to more than " + std::to_string(limits_.max_total_bytes) +
                         " bytes (a zip bomb, or far more rows than an import takes)");
      }
    }
    by_name_.emplace(lower_ascii(stat.name), index);  // the first of duplicate names wins
  }
  return {};
}

Result<std::string> Archive::read(std::string_view name) {
  const auto index = find(name);
  if (!index) return error(ErrorCode::io_not_xlsx, "the part is missing", std::string(name));
  zip_stat_t stat;
  zip_stat_init(&stat);
  std::uint64_t declared = limits_.max_entry_bytes;
  if (zip_stat_index(zip_.get(), *index, 0, &stat) == 0 && (stat.valid & ZIP_STAT_SIZE) != 0) {
    declared = std::min<std::uint64_t>(declared, stat.size);
  }
  std::unique_ptr<zip_file_t, ZipFileClose> entry(zip_fopen_index(zip_.get(), *index, 0));
  if (!entry) {
    const int code = zip_error_code_zip(zip_get_error(zip_.get()));
    const bool locked =
        code == ZIP_ER_NOPASSWD || code == ZIP_ER_WRONGPASSWD || code == ZIP_ER_ENCRNOTSUPP;
    return error(ErrorCode::io_read_failed,
                 locked ? std::string("the workbook is password-protected; save a copy without a "
                                      "password and import that")
                        : "cannot unpack the part: " +
                              std::string(zip_error_strerror(zip_get_error(zip_.get()))),
                 std::string(name));
  }
  std::string out;
  constexpr std::size_t kChunk = 64u << 10;
  for (;;) {
    const std::size_t at = out.size();
    out.resize(at + kChunk);
    const zip_int64_t got = zip_fread(entry.get(), out.data() + at, kChunk);
    if (got < 0) {
      return error(ErrorCode::io_read_failed,
                   "the part is damaged: " +
                       std::string(zip_error_strerror(zip_file_get_error(entry.get()))),
                   std::string(name));
    }
    out.resize(at + static_cast<std::size_t>(got));
    if (got == 0) break;
    read_total_ += static_cast<std::uint64_t>(got);
    if (out.size() > declared || read_total_ > limits_.max_total_bytes) {
      return error(ErrorCode::io_too_large,
                   "the part unpacks to more bytes than its zip header declares or the limit "
                   "allows (a zip bomb)",
                   std::string(name));
    }
  }
  return out;
}

// ---------------------------------------------------------------- parts and relationships

/// "xl/worksheets/sheet1.xml" from "worksheets/sheet1.xml" seen from "xl/workbook.xml"; an
/// absolute target ("/xl/…") is from the package root; "." and ".." are resolved.
std::string resolve_target(std::string_view source_part, std::string_view target) {
  std::string joined;
  if (!target.empty() && target.front() == '/') {
    joined = std::string(target.substr(1));
  } else {
    const auto slash = source_part.rfind('/');
    joined = std::string(slash == std::string_view::npos ? std::string_view()
                                                         : source_part.substr(0, slash + 1)) +
             std::string(target);
  }
  std::vector<std::string> parts;
  std::size_t begin = 0;
  while (begin <= joined.size()) {
    auto end = joined.find('/', begin);
    if (end == std::string::npos) end = joined.size();
    const std::string piece = joined.substr(begin, end - begin);
    if (piece == "..") {
      if (!parts.empty()) parts.pop_back();
    } else if (!piece.empty() && piece != ".") {
      parts.push_back(piece);
    }
    begin = end + 1;
  }
  std::string out;
  for (const auto& piece : parts) out += (out.empty() ? "" : "/") + piece;
  return out;
}

/// "xl/_rels/workbook.xml.rels" for "xl/workbook.xml".
std::string rels_path(std::string_view part) {
  const auto slash = part.rfind('/');
  if (slash == std::string_view::npos) return "_rels/" + std::string(part) + ".rels";
  return std::string(part.substr(0, slash + 1)) + "_rels/" + std::string(part.substr(slash + 1)) +
         ".rels";
}

struct Relationship {
  std::string id, type, target;  ///< target resolved to a part name
};

/// Parts already unpacked, by name (case-insensitive, as in a zip).
class PartMap : public XlsxPartSource {
 public:
  PartMap(const std::map<std::string, std::string>& parts, const std::string& file) : file_(file) {
    for (const auto& [name, bytes] : parts) parts_.emplace(lower_ascii(name), bytes);
  }
  bool has(std::string_view name) const override { return parts_.contains(lower_ascii(name)); }
  Result<std::string> read(std::string_view name) override {
    const auto found = parts_.find(lower_ascii(name));
    if (found == parts_.end()) {
      return fail(ErrorCode::io_not_xlsx, "the part is missing",
                  {.file = file_, .field = std::string(name)});
    }
    return found->second;
  }

 private:
  const std::string& file_;
  std::map<std::string, std::string> parts_;
};

class PartReader {
 public:
  PartReader(XlsxPartSource& archive, const std::string& file) : archive_(archive), file_(file) {}

  /// Parses part `name`; parse.syntax when it is not well-formed XML.
  Result<void> load(std::string_view name, pugi::xml_document& doc) {
    auto bytes = archive_.read(name);
    if (!bytes) return tl::unexpected(bytes.error());
    const auto parsed = doc.load_buffer(bytes->data(), bytes->size(),
                                        pugi::parse_default | pugi::parse_ws_pcdata_single);
    if (!parsed) {
      return fail(ErrorCode::parse_syntax,
                  std::string("broken XML at byte ") + std::to_string(parsed.offset) + ": " +
                      parsed.description() +
                      "; the workbook is damaged: open it in Excel and "
                      "save it again",
                  {.file = file_, .field = std::string(name)});
    }
    return {};
  }

  /// The relationships of `part` (none when it has no .rels part).
  Result<std::vector<Relationship>> relationships(std::string_view part) {
    std::vector<Relationship> out;
    const std::string path = rels_path(part);
    if (!archive_.has(path)) return out;
    pugi::xml_document doc;
    if (auto loaded = load(path, doc); !loaded) return tl::unexpected(loaded.error());
    for (const pugi::xml_node item : doc.document_element().children()) {
      if (item.type() != pugi::node_element || local_name(item.name()) != "Relationship") continue;
      const char* mode = attribute(item, "TargetMode");
      if (mode != nullptr && std::string_view(mode) == "External") continue;
      const char* id = attribute(item, "Id");
      const char* type = attribute(item, "Type");
      const char* target = attribute(item, "Target");
      if (id == nullptr || target == nullptr) continue;
      out.push_back({id, type == nullptr ? "" : type, resolve_target(part, target)});
    }
    return out;
  }

 private:
  XlsxPartSource& archive_;
  const std::string& file_;
};

bool ends_with(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

/// A column-letters-and-row reference ("C7", "xfd1048576") as (row, col); false otherwise.
bool parse_cell_ref(std::string_view ref, int& row, int& col) {
  std::size_t pos = 0;
  col = 0;
  while (pos < ref.size() && pos < 3) {
    char letter = ref[pos];
    if (letter >= 'a' && letter <= 'z') letter = static_cast<char>(letter - 'a' + 'A');
    if (letter < 'A' || letter > 'Z') break;
    col = col * 26 + (letter - 'A' + 1);
    ++pos;
  }
  if (pos == 0 || col > kMaxCols) return false;
  std::string_view digits = ref.substr(pos);
  if (digits.empty() || digits.front() < '1' || digits.front() > '9') return false;
  const auto* end = digits.data() + digits.size();
  auto [ptr, ec] = std::from_chars(digits.data(), end, row);
  return ec == std::errc() && ptr == end && row >= 1 && row <= kMaxRows;
}

}  // namespace

// ---------------------------------------------------------------- public helpers

std::string XlsxDateTime::to_string() const {
  char buffer[32];
  const int written = hour == 0 && minute == 0 && second == 0
                          ? std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02d", year, month, day)
                          : std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02d %02d:%02d:%02d",
                                          year, month, day, hour, minute, second);
  return std::string(buffer, static_cast<std::size_t>(std::max(written, 0)));
}

std::string xlsx_column_name(int col) {
  std::string out;
  while (col > 0) {
    const int rest = (col - 1) % 26;
    out.insert(out.begin(), static_cast<char>('A' + rest));
    col = (col - 1) / 26;
  }
  return out;
}

std::string xlsx_cell_ref(int row, int col) {
  return xlsx_column_name(col) + std::to_string(row);
}

std::string XlsxCell::ref() const {
  return xlsx_cell_ref(row, col);
}

XlsxCell XlsxRow::at(int col) const {
  const auto found = std::lower_bound(cells.begin(), cells.end(), col,
                                      [](const XlsxCell& cell, int key) { return cell.col < key; });
  if (found != cells.end() && found->col == col) return *found;
  XlsxCell empty;
  empty.row = number;
  empty.col = col;
  return empty;
}

XlsxCell XlsxSheet::at(int row, int col) const {
  const auto found =
      std::lower_bound(rows.begin(), rows.end(), row,
                       [](const XlsxRow& item, int key) { return item.number < key; });
  if (found != rows.end() && found->number == row) return found->at(col);
  XlsxCell empty;
  empty.row = row;
  empty.col = col;
  return empty;
}

std::string XlsxSheet::ref(int row, int col) const {
  return name + "!" + xlsx_cell_ref(row, col);
}

bool xlsx_serial_to_date(double serial, bool date1904, XlsxDateTime& out) {
  if (!std::isfinite(serial) || serial < 0 || serial >= 2958466.0) return false;
  auto whole = static_cast<std::int64_t>(std::floor(serial));
  auto seconds = static_cast<std::int64_t>(std::llround((serial - std::floor(serial)) * 86400.0));
  if (seconds >= 86400) {
    ++whole;
    seconds -= 86400;
  }
  std::int64_t days = 0;
  if (date1904) {
    days = days_from_civil(1904, 1, 1) + whole;
  } else {
    // Excel counts a 1900-02-29 that never was (serial 60): serials before it are a day late.
    days = days_from_civil(1899, 12, 30) + whole + (whole < 60 ? 1 : 0);
  }
  civil_from_days(days, out.year, out.month, out.day);
  if (out.year > 9999) return false;
  out.hour = static_cast<int>(seconds / 3600);
  out.minute = static_cast<int>(seconds / 60 % 60);
  out.second = static_cast<int>(seconds % 60);
  return true;
}

bool xlsx_is_date_format(int id, std::string_view code) {
  // ECMA-376 Part 1 §18.8.30: 14–22 and 45–47 are dates and times; 27–36 and 50–58 are the
  // East Asian (zh-TW: 民國 and 年月日) date formats whose code depends on the locale.
  if ((id >= 14 && id <= 22) || (id >= 45 && id <= 47) || (id >= 27 && id <= 36) ||
      (id >= 50 && id <= 58)) {
    return true;
  }
  if (id < 164 && code.empty()) return false;
  // The first section only (positive numbers); quoted text, backslash-escaped characters and
  // [..] blocks (colours, locales, conditions) do not count, except elapsed time [h] [mm] [ss].
  bool in_quote = false;
  for (std::size_t pos = 0; pos < code.size(); ++pos) {
    const char ch = code[pos];
    if (in_quote) {
      if (ch == '"') in_quote = false;
      continue;
    }
    switch (ch) {
      case '"':
        in_quote = true;
        break;
      case '\\':
      case '_':
      case '*':
        ++pos;  // the next character is literal (or padding)
        break;
      case ';':
        return false;
      case '[': {
        const auto close = code.find(']', pos);
        if (close == std::string_view::npos) return false;
        const std::string block = lower_ascii(code.substr(pos + 1, close - pos - 1));
        if (!block.empty() && block.find_first_not_of(block.front()) == std::string::npos &&
            (block.front() == 'h' || block.front() == 'm' || block.front() == 's')) {
          return true;
        }
        pos = close;
        break;
      }
      case 'y':
      case 'Y':
      case 'm':
      case 'M':
      case 'd':
      case 'D':
      case 'h':
      case 'H':
      case 's':
      case 'S':
        return true;
      default:
        break;
    }
  }
  return false;
}

// ---------------------------------------------------------------- the workbook

Result<XlsxWorkbook> XlsxWorkbook::open_file(const std::string& path, const XlsxLimits& limits) {
  auto bytes = read_file(path, limits.max_file_bytes);
  if (!bytes) return tl::unexpected(bytes.error());
  return open(*bytes, path, limits);
}

Result<XlsxWorkbook> XlsxWorkbook::open(std::string_view bytes, const std::string& file,
                                        const XlsxLimits& limits) {
  XlsxWorkbook book;
  book.file_ = file;
  book.limits_ = limits;
  Archive archive(book.file_, book.limits_);
  if (auto opened = archive.open(bytes); !opened) return tl::unexpected(opened.error());
  if (auto read = book.read_parts(archive); !read) return tl::unexpected(read.error());
  return book;
}

Result<XlsxWorkbook> XlsxWorkbook::open_parts(const std::map<std::string, std::string>& parts,
                                              const std::string& file, const XlsxLimits& limits) {
  XlsxWorkbook book;
  book.file_ = file;
  book.limits_ = limits;
  PartMap source(parts, book.file_);
  if (auto read = book.read_parts(source); !read) return tl::unexpected(read.error());
  return book;
}

Result<void> XlsxWorkbook::read_parts(XlsxPartSource& archive) {
  XlsxWorkbook& book = *this;
  const auto not_xlsx = [&](std::string why) {
    return fail(ErrorCode::io_not_xlsx,
                "a zip archive but not an Excel workbook: " + std::move(why) +
                    "; save the file from Excel as .xlsx (Excel Workbook)",
                {.file = book.file_});
  };
  if (!archive.has("[Content_Types].xml")) return not_xlsx("it has no [Content_Types].xml");
  PartReader parts(archive, book.file_);

  // The content types: which part is what. The main part must be a SpreadsheetML workbook.
  pugi::xml_document types;
  if (auto loaded = parts.load("[Content_Types].xml", types); !loaded) {
    return tl::unexpected(loaded.error());
  }
  std::map<std::string, std::string> overrides;
  for (const pugi::xml_node item : types.document_element().children()) {
    if (item.type() != pugi::node_element || local_name(item.name()) != "Override") continue;
    const char* part = attribute(item, "PartName");
    const char* type = attribute(item, "ContentType");
    if (part != nullptr && type != nullptr) {
      overrides[lower_ascii(resolve_target("", part))] = type;
    }
  }
  auto package_rels = parts.relationships("");
  if (!package_rels) return tl::unexpected(package_rels.error());
  std::string workbook_part;
  for (const auto& rel : *package_rels) {
    if (ends_with(rel.type, "/officeDocument")) workbook_part = rel.target;
  }
  if (workbook_part.empty()) return not_xlsx("no main document in _rels/.rels");
  if (const auto type = overrides.find(lower_ascii(workbook_part)); type != overrides.end()) {
    const std::string& content = type->second;
    const bool is_sheet = (content.find("spreadsheetml") != std::string::npos ||
                           content.find("ms-excel") != std::string::npos) &&
                          ends_with(content, ".main+xml");
    if (!is_sheet) return not_xlsx("its main document is " + content);
  }
  if (!archive.has(workbook_part))
    return not_xlsx("the workbook part " + workbook_part + " is missing");

  pugi::xml_document workbook;
  if (auto loaded = parts.load(workbook_part, workbook); !loaded) {
    return tl::unexpected(loaded.error());
  }
  const pugi::xml_node root = workbook.document_element();
  if (local_name(root.name()) != "workbook") {
    return not_xlsx("its main document is a <" + std::string(root.name()) + ">, not a <workbook>");
  }
  if (const auto properties = child(root, "workbookPr")) {
    const char* flag = attribute(properties, "date1904");
    book.date1904_ =
        flag != nullptr && (std::string_view(flag) == "1" || std::string_view(flag) == "true");
  }
  auto workbook_rels = parts.relationships(workbook_part);
  if (!workbook_rels) return tl::unexpected(workbook_rels.error());
  std::map<std::string, std::string> targets;
  std::string shared_strings_part, styles_part;
  for (const auto& rel : *workbook_rels) {
    targets.emplace(rel.id, rel.target);
    if (ends_with(rel.type, "/sharedStrings")) shared_strings_part = rel.target;
    if (ends_with(rel.type, "/styles")) styles_part = rel.target;
  }

  for (const pugi::xml_node item : child(root, "sheets").children()) {
    if (item.type() != pugi::node_element || local_name(item.name()) != "sheet") continue;
    const char* name = attribute(item, "name");
    const char* id = attribute(item, "id");
    if (name == nullptr || id == nullptr) continue;
    const auto target = targets.find(id);
    if (target == targets.end() || !archive.has(target->second)) {
      return not_xlsx("the part of sheet '" + std::string(name) + "' is missing");
    }
    auto xml = archive.read(target->second);
    if (!xml) return tl::unexpected(xml.error());
    book.sheets_.push_back({name, target->second, std::move(*xml)});
  }

  if (!shared_strings_part.empty() && archive.has(shared_strings_part)) {
    pugi::xml_document strings;
    if (auto loaded = parts.load(shared_strings_part, strings); !loaded) {
      return tl::unexpected(loaded.error());
    }
    for (const pugi::xml_node item : strings.document_element().children()) {
      if (item.type() == pugi::node_element && local_name(item.name()) == "si") {
        book.shared_strings_.push_back(string_item(item));
      }
    }
  }

  if (!styles_part.empty() && archive.has(styles_part)) {
    pugi::xml_document styles;
    if (auto loaded = parts.load(styles_part, styles); !loaded) {
      return tl::unexpected(loaded.error());
    }
    const pugi::xml_node style_root = styles.document_element();
    std::map<int, std::string> codes;
    for (const pugi::xml_node item : child(style_root, "numFmts").children()) {
      if (item.type() != pugi::node_element || local_name(item.name()) != "numFmt") continue;
      int id = 0;
      const char* id_text = attribute(item, "numFmtId");
      const char* code = attribute(item, "formatCode");
      if (id_text != nullptr && code != nullptr && parse_int(id_text, id)) codes[id] = code;
    }
    for (const pugi::xml_node item : child(style_root, "cellXfs").children()) {
      if (item.type() != pugi::node_element || local_name(item.name()) != "xf") continue;
      int id = 0;
      const char* id_text = attribute(item, "numFmtId");
      if (id_text != nullptr && !parse_int(id_text, id)) id = 0;
      const auto code = codes.find(id);
      book.date_styles_.push_back(
          xlsx_is_date_format(id, code == codes.end() ? std::string_view() : code->second));
    }
  }
  return {};
}

std::vector<std::string> XlsxWorkbook::sheet_names() const {
  std::vector<std::string> out;
  out.reserve(sheets_.size());
  for (const auto& part : sheets_) out.push_back(part.name);
  return out;
}

bool XlsxWorkbook::has_sheet(std::string_view name) const {
  return std::any_of(sheets_.begin(), sheets_.end(),
                     [&](const SheetPart& part) { return part.name == name; });
}

Result<XlsxSheet> XlsxWorkbook::sheet(std::string_view name) const {
  for (const auto& part : sheets_) {
    if (part.name == name) return parse_sheet(part);
  }
  const std::string wanted = lower_ascii(name);
  for (const auto& part : sheets_) {
    if (lower_ascii(part.name) == wanted) return parse_sheet(part);
  }
  std::string names;
  for (const auto& part : sheets_) names += (names.empty() ? "" : ", ") + part.name;
  return fail(ErrorCode::parse_missing_field,
              "the workbook has no sheet named '" + std::string(name) +
                  "' (it has: " + (names.empty() ? "no sheets" : names) + ")",
              {.file = file_, .field = std::string(name)});
}

Result<XlsxSheet> XlsxWorkbook::sheet_at(std::size_t index) const {
  if (index >= sheets_.size()) {
    return fail(ErrorCode::parse_missing_field,
                "the workbook has " + std::to_string(sheets_.size()) + " sheet(s), no sheet " +
                    std::to_string(index + 1),
                {.file = file_});
  }
  return parse_sheet(sheets_[index]);
}

Result<XlsxSheet> XlsxWorkbook::parse_sheet(const SheetPart& part) const {
  XlsxSheet sheet;
  sheet.name = part.name;
  const auto at = [&](std::string ref) -> RecordRef {
    return {.file = file_, .field = ref.empty() ? part.name : part.name + "!" + ref};
  };
  pugi::xml_document doc;
  const auto parsed = doc.load_buffer(part.xml.data(), part.xml.size(),
                                      pugi::parse_default | pugi::parse_ws_pcdata_single);
  if (!parsed) {
    return fail(ErrorCode::parse_syntax,
                std::string("broken XML in ") + part.path + " at byte " +
                    std::to_string(parsed.offset) + ": " + parsed.description() +
                    "; the workbook is damaged: open it in Excel and save it again",
                at({}));
  }
  const pugi::xml_node root = doc.document_element();
  if (local_name(root.name()) != "worksheet") {
    return fail(ErrorCode::parse_bad_value,
                "sheet '" + part.name + "' is a <" + std::string(root.name()) +
                    "> (a chart or macro sheet), not a worksheet with cells",
                at({}));
  }
  std::vector<XlsxCell> cells;
  int row_number = 0;
  for (const pugi::xml_node row : child(root, "sheetData").children()) {
    if (row.type() != pugi::node_element || local_name(row.name()) != "row") continue;
    if (const char* r = attribute(row, "r")) {
      if (!parse_int(r, row_number) || row_number < 1 || row_number > kMaxRows) {
        return fail(ErrorCode::parse_syntax,
                    "row number '" + std::string(r) + "' is not between 1 and 1048576", at({}));
      }
    } else {
      if (++row_number > kMaxRows) {
        return fail(ErrorCode::parse_syntax, "more than 1048576 rows", at({}));
      }
    }
    int col = 0;
    for (const pugi::xml_node node : row.children()) {
      if (node.type() != pugi::node_element || local_name(node.name()) != "c") continue;
      XlsxCell cell;
      cell.row = row_number;
      if (const char* r = attribute(node, "r")) {
        if (!parse_cell_ref(r, cell.row, col)) {
          return fail(ErrorCode::parse_syntax,
                      "cell reference '" + std::string(r) + "' is not like A1..XFD1048576", at({}));
        }
      } else if (++col > kMaxCols) {
        return fail(ErrorCode::parse_syntax, "a row has more than 16384 cells", at({}));
      }
      cell.col = col;
      const char* type_attr = attribute(node, "t");
      const std::string_view type = type_attr == nullptr ? "n" : type_attr;
      const pugi::xml_node value_node = child(node, "v");
      const bool has_value = static_cast<bool>(value_node);
      const std::string value = has_value ? text_of(value_node) : std::string();
      const auto bad = [&](const std::string& what) {
        return fail(ErrorCode::parse_bad_value,
                    what + "; the workbook is damaged: open it in Excel and save it again",
                    at(cell.ref()));
      };
      if (type == "s") {
        if (!has_value) continue;
        std::size_t index = 0;
        if (!parse_int(value, index) || index >= shared_strings_.size()) {
          return bad("shared string '" + value + "' does not exist");
        }
        cell.kind = XlsxCellKind::string;
        cell.text = shared_strings_[index];
      } else if (type == "inlineStr") {
        const pugi::xml_node inline_node = child(node, "is");
        if (!inline_node && !has_value) continue;
        cell.kind = XlsxCellKind::string;
        cell.text = inline_node ? string_item(inline_node) : unescape_xstring(value);
      } else if (type == "str") {
        if (!has_value) continue;
        cell.kind = XlsxCellKind::string;
        cell.text = unescape_xstring(value);
      } else if (type == "b") {
        if (!has_value) continue;
        const std::string_view flag = trim(value);
        if (flag != "0" && flag != "1" && flag != "true" && flag != "false") {
          return bad("boolean '" + value + "' is neither 0 nor 1");
        }
        cell.kind = XlsxCellKind::boolean;
        cell.number = flag == "1" || flag == "true" ? 1.0 : 0.0;
      } else if (type == "e") {
        cell.kind = XlsxCellKind::error;
        cell.text = has_value ? std::string(trim(value)) : "#N/A";
      } else if (type == "d") {
        if (!has_value) continue;
        if (!parse_iso_date(value, cell.date)) return bad("date '" + value + "' is not ISO 8601");
        cell.kind = XlsxCellKind::date;
        cell.number = date_to_serial(cell.date, date1904_);
      } else if (type == "n") {
        if (!has_value || trim(value).empty()) continue;
        if (!parse_double(value, cell.number)) return bad("number '" + value + "' is not a number");
        cell.kind = XlsxCellKind::number;
        std::size_t style = 0;
        const char* style_attr = attribute(node, "s");
        if (style_attr != nullptr && parse_int(style_attr, style) && style < date_styles_.size() &&
            date_styles_[style] && xlsx_serial_to_date(cell.number, date1904_, cell.date)) {
          cell.kind = XlsxCellKind::date;
        }
      } else {
        return bad("cell type '" + std::string(type) + "' is unknown");
      }
      if (cells.size() >= limits_.max_cells) {
        return fail(ErrorCode::io_too_large,
                    "sheet '" + part.name + "' has more than " + std::to_string(limits_.max_cells) +
                        " cells; split it over several files",
                    at({}));
      }
      cells.push_back(std::move(cell));
    }
  }
  // Excel writes rows and cells in order; other writers may not. The last of a duplicate wins.
  std::stable_sort(cells.begin(), cells.end(), [](const XlsxCell& lhs, const XlsxCell& rhs) {
    return lhs.row != rhs.row ? lhs.row < rhs.row : lhs.col < rhs.col;
  });
  for (auto& cell : cells) {
    if (sheet.rows.empty() || sheet.rows.back().number != cell.row) {
      sheet.rows.push_back({cell.row, {}});
    }
    auto& row_cells = sheet.rows.back().cells;
    if (!row_cells.empty() && row_cells.back().col == cell.col) {
      row_cells.back() = std::move(cell);
    } else {
      row_cells.push_back(std::move(cell));
    }
  }
  return sheet;
}

}  // namespace cl::io

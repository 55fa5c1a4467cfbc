#include "io/inventory_reader.hpp"

#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <charconv>
#include <cstring>
#include <exception>
#include <functional>
#include <future>
#include <memory>
#include <optional>
#include <system_error>
#include <thread>
#include <unordered_map>

#include "core/inventory/compute.hpp"
#include "core/units/unit.hpp"
#include "io/csv.hpp"
#include "io/csv_parts.hpp"
#include "io/file.hpp"
#include "io/yaml_reader.hpp"

namespace cl::io {
namespace {

using inventory::Inventory;

constexpr std::size_t kMaxReportedRowErrors = 200;

bool parse_int(std::string_view text, int& out) {
  const auto* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, out);
  return ec == std::errc() && ptr == end;
}

/// Position of the next '-' or '/' from `from`, or npos; a plain loop, because
/// find_first_of("-/") calls memchr per character and this runs twice per CSV row.
std::size_t find_date_separator(std::string_view text, std::size_t from) {
  for (std::size_t pos = from; pos < text.size(); ++pos) {
    if (text[pos] == '-' || text[pos] == '/') return pos;
  }
  return std::string_view::npos;
}

bool parse_date(std::string_view text, int& year, int& month, int& day, bool day_required) {
  const auto first = find_date_separator(text, 0);
  if (first == std::string_view::npos) return false;
  const auto second = find_date_separator(text, first + 1);
  if (!parse_int(text.substr(0, first), year)) return false;
  if (second == std::string_view::npos) {
    day = day_required ? -1 : 0;
    return !day_required && parse_int(text.substr(first + 1), month);
  }
  return parse_int(text.substr(first + 1, second - first - 1), month) &&
         parse_int(text.substr(second + 1), day);
}

/// The parsing of parse_period without building an error, so the CSV reader's hot loop makes
/// no RecordRef (and no allocation) for a good row; parse_period builds the error on failure.
bool parse_period_fields(std::string_view text, inventory::Period& period) {
  // A plain loop: find("..") calls memchr, a tenth of reading a million rows.
  std::size_t dots = std::string_view::npos;
  for (std::size_t pos = 0; pos + 1 < text.size(); ++pos) {
    if (text[pos] == '.' && text[pos + 1] == '.') {
      dots = pos;
      break;
    }
  }
  if (dots == std::string_view::npos) {
    int day = 0;
    const bool ok = parse_date(text, period.from_year, period.from_month, day, false) && day == 0;
    period.to_year = period.from_year;
    period.to_month = period.from_month;
    return ok;
  }
  return parse_date(text.substr(0, dots), period.from_year, period.from_month, period.from_day,
                    true) &&
         parse_date(text.substr(dots + 2), period.to_year, period.to_month, period.to_day, true);
}

/// The digits text[at, at + count) as a number; false if any is not a digit.
bool fixed_digits(const char* text, int count, int& out) {
  int value = 0;
  for (int idx = 0; idx < count; ++idx) {
    const unsigned digit = static_cast<unsigned char>(text[idx]) - '0';
    if (digit > 9) return false;
    value = value * 10 + static_cast<int>(digit);
  }
  out = value;
  return true;
}

/// The two shapes a generated or exported file writes, "2024-03" and
/// "2024-01-15..2024-02-14", read by position; false for anything else, which then goes through
/// parse_period_fields (same result for these shapes, checked by the reader tests).
bool parse_period_shape(std::string_view text, inventory::Period& period) {
  const char* chars = text.data();
  if (text.size() == 7) {
    return chars[4] == '-' && fixed_digits(chars, 4, period.from_year) &&
           fixed_digits(chars + 5, 2, period.from_month) &&
           (period.to_year = period.from_year, period.to_month = period.from_month, true);
  }
  return text.size() == 22 && chars[4] == '-' && chars[7] == '-' && chars[10] == '.' &&
         chars[11] == '.' && chars[16] == '-' && chars[19] == '-' &&
         fixed_digits(chars, 4, period.from_year) &&
         fixed_digits(chars + 5, 2, period.from_month) &&
         fixed_digits(chars + 8, 2, period.from_day) &&
         fixed_digits(chars + 12, 4, period.to_year) &&
         fixed_digits(chars + 17, 2, period.to_month) && fixed_digits(chars + 20, 2, period.to_day);
}

/// A plain decimal ("-12.5", "32790.30": at most 15 digits, no exponent) without from_chars:
/// the digits as an integer m < 10^15 < 2^53 and the powers of ten up to 10^22 are exact
/// doubles, so one IEEE division m / 10^k is the correctly rounded value (Clinger's fast path,
/// W. D. Clinger, "How to read floating point numbers accurately", PLDI 1990), the same double
/// from_chars gives. False for anything else, which then goes to from_chars.
bool parse_plain_decimal(std::string_view text, double& out) {
  static constexpr double kPowers[] = {1e0, 1e1, 1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                       1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15};
  const char* pos = text.data();
  const char* const end = pos + text.size();
  const bool negative = pos != end && *pos == '-';
  if (negative) ++pos;
  // Digits before the dot, then (after a dot) after it; a 16th digit or more wraps `digits`
  // but is refused below.
  std::uint64_t digits = 0;
  const auto read_digits = [&] {
    const char* const first = pos;
    for (unsigned digit; pos != end && (digit = static_cast<unsigned char>(*pos) - '0') <= 9;
         ++pos) {
      digits = digits * 10 + digit;
    }
    return pos - first;
  };
  const std::ptrdiff_t whole = read_digits();
  std::ptrdiff_t fraction = 0;
  if (pos != end) {
    if (*pos != '.') return false;
    ++pos;
    fraction = read_digits();
    if (pos != end || fraction == 0) return false;
  }
  if (whole == 0 || whole + fraction > 15) return false;
  const double value = static_cast<double>(digits) / kPowers[fraction];
  out = negative ? -value : value;
  return true;
}

/// a == b for the short fields of a row (source ids, units): ids of 8 to 16 bytes as two
/// overlapping 8-byte words, shorter ones byte by byte, without a call to memcmp.
[[gnu::always_inline]] inline bool same_field(std::string_view a, std::string_view b) {
  const std::size_t size = a.size();
  if (size != b.size()) return false;
  if (size >= 8 && size <= 16) {
    std::uint64_t a_head, b_head, a_tail, b_tail;
    std::memcpy(&a_head, a.data(), 8);
    std::memcpy(&b_head, b.data(), 8);
    std::memcpy(&a_tail, a.data() + size - 8, 8);
    std::memcpy(&b_tail, b.data() + size - 8, 8);
    return ((a_head ^ b_head) | (a_tail ^ b_tail)) == 0;
  }
  if (size < 8) {
    for (std::size_t idx = 0; idx < size; ++idx) {
      if (a[idx] != b[idx]) return false;
    }
    return true;
  }
  return std::memcmp(a.data(), b.data(), size) == 0;
}

/// Source ids to indices (ActivityRecord::source_hint); views into Inventory::sources.
using SourceHints = std::unordered_map<std::string_view, std::uint32_t>;

SourceHints hints_of(const Inventory& inventory) {
  SourceHints hints;
  hints.reserve(inventory.sources.size());
  for (std::size_t idx = 0; idx < inventory.sources.size(); ++idx) {
    hints.emplace(inventory.sources[idx].id, static_cast<std::uint32_t>(idx));
  }
  return hints;
}

template <class Node>
void read_organization(BasicDocReader<Node>& reader, const Node& node, Inventory& out) {
  if (!node || !node.IsMap()) {
    reader.error(ErrorCode::parse_missing_field, "missing `organization:` with at least `name`",
                 reader.at(node, "organization"));
    return;
  }
  reader.check_keys(
      node, {"name", "name_en", "tax_id", "control_no", "industry_code", "address", "contact"});
  auto& org = out.organization;
  org.name = reader.text(node, "name", true).value_or("");
  org.name_en = reader.text(node, "name_en", false).value_or("");
  org.tax_id = reader.text(node, "tax_id", false).value_or("");
  org.control_no = reader.text(node, "control_no", false).value_or("");
  org.industry_code = reader.text(node, "industry_code", false).value_or("");
  org.address = reader.text(node, "address", false).value_or("");
  org.contact = reader.text(node, "contact", false).value_or("");
}

template <class Node>
void read_facilities(BasicDocReader<Node>& reader, const Node& root, Inventory& out) {
  const Node facilities = reader.list(root, "facilities", true);
  out.facilities.reserve(out.facilities.size() + facilities.size());
  for (const auto& node : facilities) {
    reader.check_keys(node,
                      {"id", "name", "name_en", "address", "registration_no", "equity_share"});
    inventory::Facility facility;
    facility.id = reader.text(node, "id", true).value_or("");
    facility.name = reader.text(node, "name", true, facility.id).value_or("");
    facility.name_en = reader.text(node, "name_en", false, facility.id).value_or("");
    facility.address = reader.text(node, "address", false, facility.id).value_or("");
    facility.registration_no =
        reader.text(node, "registration_no", false, facility.id).value_or("");
    facility.equity_share = reader.number(node, "equity_share", false, facility.id).value_or(1.0);
    facility.where = reader.at(node, "", facility.id);
    out.facilities.push_back(std::move(facility));
  }
}

template <class Node>
void read_refrigerant(BasicDocReader<Node>& reader, const Node& node, inventory::Source& source) {
  if (!node || node.IsNull()) return;
  reader.check_keys(node, {"refrigerant", "equipment", "leak_rate", "justification"}, source.id);
  inventory::RefrigerantEquipment spec;
  spec.refrigerant = reader.text(node, "refrigerant", true, source.id).value_or("");
  spec.equipment = reader.text(node, "equipment", true, source.id).value_or("");
  spec.leak_rate = reader.number(node, "leak_rate", false, source.id);
  spec.justification = reader.text(node, "justification", false, source.id).value_or("");
  source.refrigerant = spec;
}

template <class Node>
void read_source(BasicDocReader<Node>& reader, const Node& node, inventory::Source& source) {
  reader.check_keys(node, {"id", "facility", "name", "name_en", "type", "factor", "category",
                           "quality", "uncertainty", "factor_uncertainty", "heating_value",
                           "refrigerant", "monthly", "codes", "note"});
  source.id = reader.text(node, "id", true).value_or("");
  source.where = reader.at(node, "", source.id);
  source.facility = reader.text(node, "facility", true, source.id).value_or("");
  source.name = reader.text(node, "name", true, source.id).value_or("");
  source.name_en = reader.text(node, "name_en", false, source.id).value_or("");
  if (auto type = reader.text(node, "type", true, source.id)) {
    auto parsed = inventory::parse_source_type(*type);
    if (parsed) {
      source.type = *parsed;
    } else {
      reader.add(parsed.error(), reader.at(node["type"], "type", source.id));
    }
  }
  source.category = reader.integer(node, "category", false, source.id)
                        .value_or(inventory::default_category(source.type));
  const bool needs_factor = source.type != inventory::SourceType::fugitive_refrigerant;
  source.factor = reader.text(node, "factor", needs_factor, source.id).value_or("");
  if (const Node quality = node["quality"]; quality && quality.IsMap()) {
    reader.check_keys(quality, {"a1", "a2"}, source.id);
    source.quality.a1 = reader.integer(quality, "a1", true, source.id).value_or(0);
    source.quality.a2 = reader.integer(quality, "a2", true, source.id).value_or(0);
  }
  if (auto u = reader.uncertainty(node["uncertainty"], source.id)) source.activity_uncertainty = *u;
  source.factor_uncertainty = reader.uncertainty(node["factor_uncertainty"], source.id);
  if (auto hv = reader.heating_value(node["heating_value"], source.id))
    source.heating_value = std::move(*hv);
  read_refrigerant(reader, node["refrigerant"], source);
  source.requires_monthly =
      reader.boolean(node, "monthly", source.id)
          .value_or(source.type == inventory::SourceType::purchased_electricity);
  if (const Node codes = node["codes"]; codes && codes.IsMap()) {
    reader.check_keys(codes, {"process", "equipment", "material"}, source.id);
    source.process_code = reader.text(codes, "process", false, source.id).value_or("");
    source.equipment_code = reader.text(codes, "equipment", false, source.id).value_or("");
    source.material_code = reader.text(codes, "material", false, source.id).value_or("");
  }
}

template <class Node>
void read_sources(BasicDocReader<Node>& reader, const Node& root, Inventory& out) {
  const Node sources = reader.list(root, "sources", true);
  // Each Source (872 bytes) is read in its place in the vector, reserved once: growing it for
  // 7,000 sources moved each several times and faulted in twice the pages, and moving each one
  // in was a tenth of reading.
  out.sources.reserve(out.sources.size() + sources.size());
  for (const auto& node : sources) {
    inventory::Source& source = out.sources.emplace_back();
    try {
      read_source<Node>(reader, node, source);
    } catch (...) {
      out.sources.pop_back();  // a document of the wrong shape (read_root): no half a source
      throw;
    }
  }
}

template <class Node>
void read_activity(BasicDocReader<Node>& reader, const Node& root, Inventory& out) {
  const auto file = out.file_index(reader.file(), true);
  const Node activity = reader.list(root, "activity");
  if (activity.size() == 0) return;  // rows are in CSV files: no index of the sources needed
  const SourceHints hints = hints_of(out);
  for (const auto& node : activity) {
    reader.check_keys(
        node, {"id", "source", "period", "from", "to", "amount", "unit", "evidence", "note"});
    inventory::ActivityRecord record;
    const std::string id = reader.text(node, "id", false).value_or("");
    const std::string source = reader.text(node, "source", true, id).value_or("");
    record.id = out.keep(id);
    record.source = out.keep(source);
    if (const auto found = hints.find(source); found != hints.end()) {
      record.source_hint = found->second;
    }
    record.file = file;
    record.row = reader.at(node, "").row;
    auto period_text = reader.text(node, "period", false, id);
    auto from = reader.text(node, "from", false, id);
    auto to = reader.text(node, "to", false, id);
    std::string spec = period_text ? *period_text : (from && to ? *from + ".." + *to : "");
    if (spec.empty()) {
      reader.error(ErrorCode::parse_missing_field,
                   "activity needs `period: 2024-03` or `from:`/`to:` dates",
                   reader.at(node, "period", source));
    } else if (auto period = parse_period(spec, reader.at(node, "period", source))) {
      record.period = *period;
    } else {
      reader.diagnostics().add(period.error());
    }
    record.amount.value = reader.number(node, "amount", true, source).value_or(0.0);
    if (auto unit_text = reader.text(node, "unit", true, source)) {
      auto unit = units::find_unit(*unit_text, reader.at(node["unit"], "unit", source));
      if (unit) {
        record.amount.set_unit(*unit);
      } else {
        reader.diagnostics().add(unit.error());
      }
    }
    record.evidence = out.keep(reader.text(node, "evidence", false, source).value_or(""));
    record.note = out.keep(reader.text(node, "note", false, source).value_or(""));
    out.records.push_back(record);
  }
}

template <class Node>
void read_instruments(BasicDocReader<Node>& reader, const Node& root, Inventory& out) {
  for (const auto& node : reader.list(root, "market_instruments")) {
    reader.check_keys(node, {"id", "type", "facility", "kwh", "factor", "evidence", "note"});
    inventory::MarketInstrument instrument;
    instrument.id = reader.text(node, "id", false).value_or("");
    instrument.where = reader.at(node, "", instrument.id);
    if (auto type = reader.text(node, "type", true, instrument.id)) {
      auto parsed = inventory::parse_instrument_type(*type, reader.at(node["type"], "type"));
      if (parsed) {
        instrument.type = *parsed;
      } else {
        reader.diagnostics().add(parsed.error());
      }
    }
    instrument.facility = reader.text(node, "facility", true, instrument.id).value_or("");
    const bool needs_kwh = instrument.type != inventory::InstrumentType::residual_mix;
    instrument.kwh = reader.number(node, "kwh", needs_kwh, instrument.id).value_or(0.0);
    const bool needs_factor = instrument.type != inventory::InstrumentType::certificate;
    instrument.kg_co2e_per_kwh =
        reader.number(node, "factor", needs_factor, instrument.id).value_or(0.0);
    instrument.evidence = reader.text(node, "evidence", false, instrument.id).value_or("");
    out.instruments.push_back(std::move(instrument));
  }
}

template <class Node>
void read_own_factors(BasicDocReader<Node>& reader, const Node& root, Inventory& out) {
  factors::EmissionFactor defaults;
  defaults.table_id = "user";
  defaults.type = factors::FactorType::own_developed;
  defaults.provenance.document = "user-added factor";
  for (const auto& node : reader.list(root, "factors")) {
    auto factor = reader.factor(node, defaults);
    if (!factor) continue;
    if (!node["type"]) {
      reader.error(ErrorCode::parse_missing_field,
                   "an own factor needs `type:` (own_developed, same_process, manufacturer, "
                   "regional, national or international); it decides the A3 quality grade",
                   reader.at(node, "type", factor->id));
    }
    if (!node["source"]) {
      reader.error(ErrorCode::parse_missing_field,
                   "an own factor needs `source:` {document, table, version, year} for provenance",
                   reader.at(node, "source", factor->id));
    }
    out.own_factors.push_back(std::move(*factor));
  }
}

/// How read_document hands records to a tally (read_inventory_tallied): the plan needs the
/// sources, so the tally is made when the first CSV file is read, or at the end.
class Tallying {
 public:
  Tallying(const LibrarySource& library, std::string gwp_set, TalliedInventory& out)
      : library_(library), gwp_set_(std::move(gwp_set)), out_(out) {}

  /// The tally, made on first use; it starts with the records of the file itself.
  inventory::RecordTally* tally() {
    if (!out_.tally) {
      const auto& inventory = out_.inventory;
      const factors::FactorLibrary& library = library_();
      out_.plan = std::make_unique<inventory::TallyPlan>(
          inventory, library, gwp_set_.empty() ? inventory.gwp_set : gwp_set_);
      out_.tally = std::make_unique<inventory::RecordTally>(*out_.plan, false);
      for (const auto& record : inventory.records) out_.tally->add(record);
      // The checks that need the sources and the library but no record run on another thread
      // beside the activity files' reading, which changes none of what they read (the sources,
      // facilities, own factors and instruments are read by now).
      const auto check = [&inventory, &library] {
        return inventory::validate_before_records(inventory, inventory.gwp_set, library);
      };
      try {
        before_records_ = std::async(std::launch::async, check);
      } catch (const std::system_error&) {
        // no thread to spare: before_records() checks on this one
      }
    }
    return out_.tally.get();
  }

  /// validate_before_records(inventory, its GWP set, library), as started by tally() or now.
  Diagnostics before_records(const factors::FactorLibrary& library) {
    if (before_records_.valid()) return before_records_.get();
    return inventory::validate_before_records(out_.inventory, out_.inventory.gwp_set, library);
  }

 private:
  const LibrarySource& library_;
  std::string gwp_set_;
  TalliedInventory& out_;
  std::future<Diagnostics> before_records_;  ///< waited for when dropped (std::async)
};

/// Tallies the activity file `file` into `tally`; a read error names the inventory file
/// `named_in` when there is one (defined with the CSV reading below).
void tally_activity_file(const OpenFile& file, const std::string& named_in, Inventory& inventory,
                         Diagnostics& diagnostics, inventory::RecordTally& tally);

/// read_file_shared(path) on another thread (or, when no thread can be started, when asked).
std::future<Result<SharedText>> map_file_ahead(const std::string& path) {
  const auto map = [path] { return read_file_shared(path, kMaxTableBytes); };
  try {
    return std::async(std::launch::async, map);
  } catch (const std::system_error&) {
    return std::async(std::launch::deferred, map);
  }
}

template <class Node>
void read_document(BasicDocReader<Node>& reader, const Node& root, const std::string& path,
                   Inventory& out, Diagnostics& diagnostics, bool allow_files, Tallying* tallying) {
  if (!root.IsMap()) {
    reader.error(ErrorCode::parse_syntax,
                 "an inventory file is a map with organization, year, "
                 "facilities, sources and activity (docs/formats/inventory.md)",
                 reader.at(root, ""));
    return;
  }
  reader.check_keys(
      root, {"carbonledger", "organization", "year", "base_year", "boundary", "gwp", "facilities",
             "factors", "sources", "activity", "activity_files", "market_instruments", "note"});
  // Each activity file is mapped on another thread while this one reads what comes before it
  // (the document, or the file before): mapping a large file (MAP_POPULATE) costs milliseconds
  // that the second core can spend instead. A tallied file is not mapped: it is read in parts
  // (tally_activity_file).
  std::vector<std::string> csv_paths;
  std::future<Result<SharedText>> ahead;
  const auto map_ahead = [&](std::size_t idx) {
    if (idx < csv_paths.size()) ahead = map_file_ahead(csv_paths[idx]);
  };
  if (const Node files = root["activity_files"];
      allow_files && tallying == nullptr && files && files.IsSequence()) {
    for (const auto& file_node : files) {
      csv_paths.push_back(resolve_beside(path, file_node.template as<std::string>("")));
    }
    map_ahead(0);
  }
  read_organization(reader, root["organization"], out);
  out.year = reader.integer(root, "year", true).value_or(0);
  out.base_year = reader.integer(root, "base_year", false).value_or(out.year);
  if (auto boundary = reader.text(root, "boundary", false)) {
    auto parsed = inventory::parse_boundary(*boundary, reader.at(root["boundary"], "boundary"));
    if (parsed) {
      out.boundary = *parsed;
    } else {
      diagnostics.add(parsed.error());
    }
  }
  out.gwp_set = reader.text(root, "gwp", false).value_or("AR5");
  read_facilities(reader, root, out);
  read_own_factors(reader, root, out);
  read_sources(reader, root, out);
  read_activity(reader, root, out);
  read_instruments(reader, root, out);
  if (!allow_files && root["activity_files"]) {
    // Text from outside (a request body) must not make the reader open files on this machine.
    reader.error(ErrorCode::parse_unknown_field,
                 "`activity_files` is not accepted here: this text names no files; give the rows "
                 "in `activity:`",
                 reader.at(root["activity_files"], "activity_files"));
    return;
  }
  std::size_t file_idx = 0;
  for (const auto& file_node : reader.list(root, "activity_files")) {
    const std::string csv_path = resolve_beside(path, file_node.template as<std::string>(""));
    if (tallying != nullptr) {
      auto file = OpenFile::open(csv_path, kMaxTableBytes);
      if (!file) {
        diagnostics.add(file.error().add_context("named in activity_files of " + path));
        continue;
      }
      tally_activity_file(*file, path, out, diagnostics, *tallying->tally());
      continue;
    }
    // Mapped ahead (the same call), unless the list was not one: then this loop has no files.
    auto text =
        file_idx < csv_paths.size() ? ahead.get() : read_file_shared(csv_path, kMaxTableBytes);
    map_ahead(++file_idx);
    if (!text) {
      diagnostics.add(text.error().add_context("named in activity_files of " + path));
      continue;
    }
    read_activity_csv(std::move(text->owner), text->text, csv_path, out, diagnostics,
                      tallying != nullptr ? tallying->tally() : nullptr);
  }
}

}  // namespace

Result<inventory::Period> parse_period(std::string_view text, const RecordRef& where) {
  inventory::Period period;
  if (!parse_period_fields(text, period)) {
    return fail(ErrorCode::inventory_bad_period,
                "period '" + std::string(text) +
                    "' is not a month (2024-03) or a bill period (2024-01-15..2024-02-14)",
                where);
  }
  return period;
}

namespace {

/// The columns of an activity CSV, found in its header.
struct Columns {
  int source = -1, period = -1, amount = -1, unit = -1, evidence = -1, note = -1, id = -1;
};

/// Reads the header row; false (with the error reported) when a required column is missing.
bool read_header(const CsvRow& row, const std::string& file, Columns& cols,
                 Diagnostics& diagnostics) {
  for (std::size_t idx = 0; idx < row.fields.size(); ++idx) {
    const auto name = row.fields[idx];
    const int col = static_cast<int>(idx);
    if (name == "source")
      cols.source = col;
    else if (name == "period")
      cols.period = col;
    else if (name == "amount")
      cols.amount = col;
    else if (name == "unit")
      cols.unit = col;
    else if (name == "evidence")
      cols.evidence = col;
    else if (name == "note")
      cols.note = col;
    else if (name == "id")
      cols.id = col;
    else
      diagnostics.warning(ErrorCode::parse_unknown_field,
                          "unknown column '" + std::string(name) + "' is ignored",
                          {.file = file, .row = row.line, .field = std::string(name)});
  }
  if (cols.source < 0 || cols.period < 0 || cols.amount < 0 || cols.unit < 0) {
    diagnostics.error(ErrorCode::parse_missing_field,
                      "the header must name the columns source, period, amount and unit "
                      "(optional: evidence, note, id)",
                      {.file = file, .row = row.line});
    return false;
  }
  return true;
}

/// Where record fields live: views into the file's text. A field that had "" escapes is not in
/// the text (the CSV reader unescaped it into scratch space), so it is copied into `store`. Only
/// the one-pass reader calls keep(): the halves read quote-free text (fields_in_text), so no lock.
class FieldStore {
 public:
  FieldStore(std::string_view text, std::vector<std::shared_ptr<const void>>& store)
      : text_(text), store_(store) {}

  std::string_view keep(std::string_view field) {
    const std::less<const char*> before;
    if (field.empty() || (!before(field.data(), text_.data()) &&
                          !before(text_.data() + text_.size(), field.data() + field.size()))) {
      return field;
    }
    auto owned = std::make_shared<const std::string>(field);
    const std::string_view view = *owned;
    store_.push_back(std::move(owned));
    return view;
  }

 private:
  std::string_view text_;
  std::vector<std::shared_ptr<const void>>& store_;
};

/// Turns the body rows of one part of a CSV file into records. Row problems are kept (the first
/// kMaxReportedRowErrors) and counted, so that parts read in parallel report exactly what one
/// sequential pass would, in file order.
class RowReader {
 public:
  /// `tally`: each record is handed to it instead of being kept in `records`.
  RowReader(const Columns& cols, const std::string& file, std::uint32_t file_index,
            const SourceHints* hints, inventory::RecordTally* tally = nullptr)
      : cols_(cols),
        file_(file),
        file_index_(file_index),
        hints_(hints),
        tally_(tally),
        year_(tally != nullptr ? tally->year() : 0) {}

  bool row(const CsvRow& row, FieldStore& store);
  /// A row of a part read into a tally (fields_in_text) with nothing to report: a known source,
  /// a month of the reporting year (or a bill period, 2024-01-15..2024-02-14), a plain decimal
  /// amount >= 0 and a unit already met, handed to RecordTally::add_month (add_period) without
  /// building a record. False (nothing done) for any other row, which then goes to row(), with
  /// the same result.
  bool quick(const CsvRow& row);

  std::vector<inventory::ActivityRecord> records;
  std::vector<Diagnostic> problems;
  std::size_t problem_count = 0;
  /// Every field is a view into the file's text (no quote in it, so nothing was unescaped):
  /// FieldStore::keep is skipped.
  bool fields_in_text = false;

  /// Moves every line number by `lines` (a part read before its line numbers were known).
  void shift_lines(int lines) {
    for (auto& record : records) record.row += lines;
    for (auto& problem : problems) problem.where.row += lines;
  }

 private:
  void report(ErrorCode code, std::string message, RecordRef where) {
    if (++problem_count <= kMaxReportedRowErrors) {
      problems.push_back({Severity::error, code, std::move(message), std::move(where)});
    }
  }

  const Columns& cols_;
  const std::string& file_;
  std::uint32_t file_index_;
  const SourceHints* hints_;
  inventory::RecordTally* tally_;
  int year_;  ///< the reporting year (quick())
  // Every unit spelling met so far with its unit (a file has a handful), so find_unit runs
  // once per spelling; `last_unit_` is what a row with an unknown unit keeps, as before.
  std::vector<std::pair<std::string, const units::Unit*>> known_units_;
  std::size_t last_known_ = 0;  ///< index into known_units_ of the last spelling met
  const units::Unit* last_unit_ = &units::kNoUnit;
  // Rows of one source often follow each other: the last look-up is kept.
  std::string_view last_source_;
  std::uint32_t last_hint_ = inventory::ActivityRecord::kNoSource;
  // quick()'s last source and unit spelling (views into the file's text) and what they are.
  std::string_view quick_source_;
  std::size_t quick_index_ = inventory::SourceIndex::npos;
  std::array<std::string_view, 2> quick_unit_;
  std::array<const units::Unit*, 2> quick_known_{};
};

bool RowReader::quick(const CsvRow& row) {
  const auto& fields = row.fields;
  const auto size = static_cast<int>(fields.size());
  if (cols_.source >= size || cols_.period >= size || cols_.amount >= size || cols_.unit >= size) {
    return false;
  }
  const std::string_view source = fields[static_cast<std::size_t>(cols_.source)];
  if (!same_field(source, quick_source_) || source.empty()) {
    if (source.empty()) return false;
    const std::size_t index = tally_->find_source_after(source, quick_index_);
    if (index == inventory::SourceIndex::npos) return false;
    quick_source_ = source;
    quick_index_ = index;
  }
  inventory::Period period;
  const std::string_view period_text = fields[static_cast<std::size_t>(cols_.period)];
  // A month of the reporting year, or a bill period (2024-01-15..2024-02-14) for add_period.
  const bool month = period_text.size() == 7;
  if (!parse_period_shape(period_text, period) ||
      (month && (period.from_month < 1 || period.from_month > 12 || period.from_year != year_))) {
    return false;
  }
  double amount = 0;
  if (!parse_plain_decimal(fields[static_cast<std::size_t>(cols_.amount)], amount) ||
      !(amount >= 0)) {
    return false;
  }
  const std::string_view unit = fields[static_cast<std::size_t>(cols_.unit)];
  // The two spellings met last (a source's rows often alternate, L and kL), then all.
  const units::Unit* found = nullptr;
  if (quick_known_[0] != nullptr && same_field(unit, quick_unit_[0])) {
    found = quick_known_[0];
  } else if (quick_known_[1] != nullptr && same_field(unit, quick_unit_[1])) {
    found = quick_known_[1];
    std::swap(quick_unit_[0], quick_unit_[1]);
    std::swap(quick_known_[0], quick_known_[1]);
  } else {
    for (const auto& [spelling, known] : known_units_) {
      if (same_field(spelling, unit)) {
        found = known;
        break;
      }
    }
    if (found == nullptr) return false;
    quick_unit_[1] = quick_unit_[0];
    quick_known_[1] = quick_known_[0];
    quick_unit_[0] = unit;
    quick_known_[0] = found;
  }
  last_unit_ = found;  // what row() leaves for a later row with an unknown unit
  return month ? tally_->add_month(quick_index_, period.from_month, amount, found)
               : tally_->add_period(quick_index_, period, amount, found);
}

bool RowReader::row(const CsvRow& row, FieldStore& store) {
  const auto field = [&](int col) -> std::string_view {
    return col >= 0 && static_cast<std::size_t>(col) < row.fields.size() ? row.fields[col]
                                                                         : std::string_view();
  };
  const auto keep = [&](std::string_view text) { return fields_in_text ? text : store.keep(text); };
  inventory::ActivityRecord scratch;
  inventory::ActivityRecord& record = tally_ != nullptr ? scratch : records.emplace_back();
  record.file = file_index_;
  record.row = row.line;
  record.source = keep(field(cols_.source));
  if (record.source.empty()) {
    report(ErrorCode::parse_missing_field, "the source column is empty",
           {.file = file_, .row = row.line, .field = "source"});
  } else if (hints_ != nullptr) {
    if (record.source != last_source_) {
      const auto found = hints_->find(record.source);
      last_source_ = record.source;
      last_hint_ = found == hints_->end() ? inventory::ActivityRecord::kNoSource : found->second;
    }
    record.source_hint = last_hint_;
  }
  // Good rows take the fast paths below; a RecordRef (and its strings) is built only for a
  // problem, with the same message as before.
  const auto period_text = field(cols_.period);
  if (inventory::Period period;
      parse_period_shape(period_text, period) || parse_period_fields(period_text, period)) {
    record.period = period;
  } else {
    auto failed = parse_period(period_text, {.file = file_, .row = row.line, .field = "period"});
    report(failed.error().code, failed.error().message, failed.error().where);
  }
  const auto amount = field(cols_.amount);
  const auto number = [&] {
    if (parse_plain_decimal(amount, record.amount.value)) return true;
    auto [ptr, ec] =
        std::from_chars(amount.data(), amount.data() + amount.size(), record.amount.value);
    return ec == std::errc() && ptr == amount.data() + amount.size() && !amount.empty();
  };
  if (!number()) {
    report(ErrorCode::parse_bad_value,
           "amount '" + std::string(amount) +
               "' is not a number (use a dot for decimals, no thousands separators)",
           {.file = file_, .row = row.line, .field = "amount"});
  }
  const auto unit_text = field(cols_.unit);
  // Rows of a source mostly repeat the unit of the row before: that spelling is tried first.
  auto known = known_units_.begin() + static_cast<std::ptrdiff_t>(last_known_);
  if (known == known_units_.end() || known->first != unit_text) {
    known = std::find_if(known_units_.begin(), known_units_.end(),
                         [&](const auto& entry) { return entry.first == unit_text; });
    last_known_ = static_cast<std::size_t>(known - known_units_.begin());
  }
  if (known != known_units_.end()) {
    last_unit_ = known->second;
  } else if (auto unit =
                 units::find_unit(unit_text, {.file = file_, .row = row.line, .field = "unit"})) {
    last_unit_ = &units::known_unit(*unit);
    known_units_.emplace_back(std::string(unit_text), last_unit_);
  } else {
    report(unit.error().code, unit.error().message, unit.error().where);
  }
  record.amount.set_unit(*last_unit_);
  record.evidence = keep(field(cols_.evidence));
  record.note = keep(field(cols_.note));
  record.id = keep(field(cols_.id));
  if (tally_ != nullptr) tally_->add(record);
  return true;
}

/// Hands every report of `parts` (in order) to `diagnostics`, capped as one pass would.
void report_rows(const std::vector<RowReader*>& parts, const std::string& file,
                 Diagnostics& diagnostics) {
  std::size_t reported = 0, total = 0;
  for (const RowReader* part : parts) {
    total += part->problem_count;
    for (const auto& problem : part->problems) {
      if (++reported > kMaxReportedRowErrors) break;
      diagnostics.error(problem.code, problem.message, problem.where);
    }
  }
  if (total > kMaxReportedRowErrors) {
    diagnostics.error(ErrorCode::parse_bad_value,
                      std::to_string(total - kMaxReportedRowErrors) +
                          " more row problems not shown; fix the ones above first",
                      {.file = file});
  }
}

/// Faults in the pages wholly inside [begin, end) before they are written (Linux
/// MADV_POPULATE_WRITE; nothing where unsupported). Their contents do not change: this only
/// moves the kernel's page clearing to the thread that calls it.
void prefault(const void* begin, const void* end) {
#ifdef MADV_POPULATE_WRITE
  const auto page = static_cast<std::uintptr_t>(sysconf(_SC_PAGESIZE));
  const auto first = (reinterpret_cast<std::uintptr_t>(begin) + page - 1) / page * page;
  const auto last = reinterpret_cast<std::uintptr_t>(end) / page * page;
  if (first < last) madvise(reinterpret_cast<void*>(first), last - first, MADV_POPULATE_WRITE);
#else
  (void)begin;
  (void)end;
#endif
}

/// Files smaller than this are read on one thread; a second one does not pay.
constexpr std::size_t kParallelBytes = 4u << 20;

/// Lines in `part`: its line ends plus one.
std::size_t count_lines(std::string_view part) {
  return 1 + static_cast<std::size_t>(std::count(part.begin(), part.end(), '\n'));
}

/// Parts of about this size for tallying: small enough that the faster of two cores ends up with
/// more of them (this machine's second core is often a third slower), large enough that each
/// part's tally and reader stay a small cost.
constexpr std::size_t kTallyPartBytes = 1u << 20;
constexpr std::size_t kMaxTallyParts = 32;

/// How a body of `size` bytes is cut for tallying (csv_parts.hpp).
LineParts tally_parts(std::size_t size) {
  return {.size = size,
          .count = std::clamp<std::size_t>(size / kTallyPartBytes, 2, kMaxTallyParts)};
}

/// Gives part `idx` of a body, in memory or read into `buffer` (the calling thread's); nullopt
/// when the file is better read whole (read_line_part).
using PartSource =
    std::function<Result<std::optional<std::string_view>>(std::size_t idx, PartBuffer& buffer)>;

/// How tally_in_parts ended.
enum class PartsRead {
  tallied,  ///< every part added to the tally
  whole,    ///< a part met a quote or a line too long: nothing added, read the file whole
  failed,   ///< a part could not be read (`not_read` says why): nothing added
};

/// Tallies a large file's body (header already read into `cols`) in `parts` (whole lines),
/// which two threads take in turn from a shared counter, each part from `source` into its own
/// reader and tally; the tallies are joined into `tally` in file order, so the result and the
/// diagnostics are those of one pass. A part's fields are views into its text, which lives only
/// while that part is read: the tally keeps none of them, nor does any reader after its part.
/// `met_quote` tells which of `whole`'s reasons it was.
PartsRead tally_in_parts(const LineParts& parts, const PartSource& source, const Columns& cols,
                         const std::string& file, std::uint32_t file_index,
                         const SourceHints* hints, Diagnostics& diagnostics,
                         inventory::RecordTally& tally, std::optional<Error>& not_read,
                         bool& met_quote) {
  // Made here, before the threads start (a part's tally is small until its rows are added, in
  // the thread that reads the part).
  std::vector<std::unique_ptr<inventory::RecordTally>> tallies;
  std::vector<std::unique_ptr<RowReader>> readers;
  for (std::size_t idx = 0; idx < parts.count; ++idx) {
    tallies.push_back(
        std::make_unique<inventory::RecordTally>(tally.plan(), false, tally.accumulates()));
    readers.push_back(
        std::make_unique<RowReader>(cols, file, file_index, hints, tallies.back().get()));
    readers.back()->fields_in_text = true;
  }
  // Never used: every field is a view into a part's text (fields_in_text).
  std::vector<std::shared_ptr<const void>> unused;
  FieldStore store({}, unused);
  // Each part is read as if it began at line 2 (not 1: a byte-order mark is only looked for at
  // the start of the file), then moved by the lines of the parts before it.
  std::vector<int> ends(parts.count, 2);
  std::atomic<std::size_t> next{0};
  std::atomic<bool> quote_met{false};
  std::atomic<bool> too_long{false};  // a part's last line runs on too far: read whole
  std::atomic<bool> stop{false};      // one of those, a part not read or a thread failed
  std::optional<Error> errors[2];
  const auto read_parts = [&](int thread) {
    PartBuffer buffer;
    for (std::size_t idx = next++; idx < parts.count && !stop; idx = next++) {
      auto text = source(idx, buffer);
      if (!text) {
        errors[thread] = text.error();
        stop = true;
        return;
      }
      if (!*text) {
        too_long = stop = true;
        return;
      }
      RowReader& reader = *readers[idx];
      ends[idx] = for_each_plain_csv_row(**text, 2, [&](const CsvRow& row) {
        return reader.quick(row) || reader.row(row, store);
      });
      if (ends[idx] == kQuoteMet) quote_met = stop = true;
    }
  };
  std::exception_ptr failed[2];
  const auto guarded = [&](int thread) {
    try {
      read_parts(thread);
    } catch (...) {
      failed[thread] = std::current_exception();  // nothing escapes a thread
      stop = true;
    }
  };
  {
    std::jthread worker([&] { guarded(1); });
    guarded(0);
  }
  for (const auto& error : failed) {
    if (error) std::rethrow_exception(error);
  }
  for (const auto& error : errors) {
    if (error) {
      not_read = error;
      return PartsRead::failed;
    }
  }
  met_quote = quote_met;
  if (quote_met || too_long) return PartsRead::whole;
  int lines_before = 0;
  std::vector<RowReader*> in_order;
  for (std::size_t idx = 0; idx < parts.count; ++idx) {
    readers[idx]->shift_lines(lines_before);
    tallies[idx]->shift_rows(lines_before);
    tally.append(std::move(*tallies[idx]));
    lines_before += ends[idx] - 2;
    in_order.push_back(readers[idx].get());
  }
  report_rows(in_order, file, diagnostics);
  return PartsRead::tallied;
}

/// Reads a large file's body into records on two threads, split at the line end nearest its
/// middle (header already read into `cols`; tallying goes through tally_in_parts). Only for
/// text without a quote character, where every line is a row: the plain reader looks for quotes
/// as it goes, and when either half meets one this returns false with nothing kept, and the
/// file is read by the general path instead.
bool parse_halves(std::string_view body, const Columns& cols, const std::string& file,
                  std::uint32_t file_index, const SourceHints* hints,
                  std::vector<inventory::ActivityRecord>& out, FieldStore& store,
                  Diagnostics& diagnostics) {
  std::size_t middle = body.size() / 2;
  const char* cut =
      static_cast<const char*>(std::memchr(body.data() + middle, '\n', body.size() - middle));
  middle = cut == nullptr ? body.size() : static_cast<std::size_t>(cut - body.data()) + 1;
  const std::string_view first_half = body.substr(0, middle);
  const std::string_view second_half = body.substr(middle);
  RowReader first(cols, file, file_index, hints);
  RowReader second(cols, file, file_index, hints);
  first.fields_in_text = second.fields_in_text = true;
  // The second half is read as if it began at line 2 (not 1: a byte-order mark is only looked for
  // at the start of the file), then moved by the lines of the first.
  int second_end = 2;
  std::exception_ptr second_failed;
  const std::size_t first_lines = count_lines(first_half);
  const std::size_t second_lines = count_lines(second_half);
  // Room for both halves in the first's vector: the second is appended without regrowing. The
  // worker faults in the pages the second half will be copied to, so that the kernel clears
  // them on both cores rather than on one after the join (a tenth of a run).
  first.records.reserve(first_lines + second_lines - 1);  // the lines of `body`
  const inventory::ActivityRecord* tail_begin =
      first.records.data() + std::min(first_lines, first.records.capacity());
  const inventory::ActivityRecord* tail_end = first.records.data() + first.records.capacity();
  // A jthread: if the first half throws, the worker is joined rather than std::terminate called.
  std::jthread worker([&] {
    try {
      prefault(tail_begin, tail_end);
      second.records.reserve(second_lines);
      second_end = for_each_plain_csv_row(
          second_half, 2, [&](const CsvRow& row) { return second.row(row, store); });
    } catch (...) {
      second_failed = std::current_exception();  // nothing escapes the thread
    }
  });
  const int first_end = for_each_plain_csv_row(
      first_half, 2, [&](const CsvRow& row) { return first.row(row, store); });
  worker.join();
  if (second_failed) std::rethrow_exception(second_failed);
  if (first_end == kQuoteMet || second_end == kQuoteMet) return false;
  second.shift_lines(first_end - 2);
  report_rows({&first, &second}, file, diagnostics);
  if (out.empty()) {
    out = std::move(first.records);
  } else {
    out.insert(out.end(), first.records.begin(), first.records.end());
  }
  out.insert(out.end(), second.records.begin(), second.records.end());
  return true;
}

/// Where the body starts when the header is the whole first line of `text`, so that the rows
/// start on line 2: that line ends with '\n', is not blank (after a byte-order mark) and holds no
/// quote and no '\r' other than one just before its '\n' (a lone '\r' ends a row too; "\r\r\n"
/// is a row and a blank line). npos otherwise.
std::size_t plain_header_end(std::string_view text) {
  const std::size_t bom = text.starts_with("\xEF\xBB\xBF") ? 3 : 0;
  const std::size_t newline = text.find('\n');
  if (newline == std::string_view::npos) return newline;
  std::string_view line = text.substr(bom, newline - std::min(bom, newline));
  if (line.ends_with('\r')) line.remove_suffix(1);
  if (line.empty() || line.find_first_of("\"\r") != std::string_view::npos) {
    return std::string_view::npos;
  }
  return newline + 1;
}

/// Reads the header row `line` (the text up to plain_header_end) into `cols`; false when it
/// fails, with what is wrong in `problems` (warnings too when it passes).
bool read_header_line(std::string_view line, const std::string& file, Columns& cols,
                      Diagnostics& problems) {
  bool header_ok = false;
  auto header = for_each_csv_row(line, file, [&](const CsvRow& row) {
    header_ok = read_header(row, file, cols, problems);
    return false;
  });
  if (!header) problems.add(header.error());
  return header && header_ok;
}

/// Reads CSV activity `text` into `out`, or into `tally` when there is one. Field views point
/// into `text` unless `keep` stores them elsewhere. A large file is read in halves on two
/// threads (parse_halves) unless it has a quote character; the result (records, diagnostics
/// and their order) is the same as one pass.
void parse_activity_csv(std::string_view text, const std::string& file, std::uint32_t file_index,
                        const SourceHints* hints, std::vector<inventory::ActivityRecord>& out,
                        FieldStore& store, Diagnostics& diagnostics,
                        inventory::RecordTally* tally = nullptr, bool try_parts = true) {
  Columns cols;
  if (const std::size_t body_start = plain_header_end(text);
      text.size() >= kParallelBytes && body_start != std::string_view::npos) {
    Diagnostics header_problems;  // kept only if the body is read this way
    if (!read_header_line(text.substr(0, body_start), file, cols, header_problems)) {
      diagnostics.append(header_problems);
      return;
    }
    Diagnostics rows;
    const std::string_view body = text.substr(body_start);
    std::optional<Error> not_read;  // stays empty: the text is in memory
    bool met_quote = false;
    const LineParts parts = tally_parts(body.size());
    const auto part_of_body = [&](std::size_t idx,
                                  PartBuffer&) -> Result<std::optional<std::string_view>> {
      return line_part(body, parts, idx);
    };
    const bool read = tally != nullptr && try_parts
                          ? tally_in_parts(parts, part_of_body, cols, file, file_index, hints, rows,
                                           *tally, not_read, met_quote) == PartsRead::tallied
                          : tally == nullptr &&
                                parse_halves(body, cols, file, file_index, hints, out, store, rows);
    if (read) {
      diagnostics.append(header_problems);
      diagnostics.append(rows);
      return;
    }
    cols = Columns{};
  }
  bool header_ok = false;
  bool header_seen = false;
  RowReader reader(cols, file, file_index, hints, tally);
  auto parsed = for_each_csv_row(text, file, [&](const CsvRow& row) {
    if (!header_seen) {
      header_seen = true;
      header_ok = read_header(row, file, cols, diagnostics);
      // One record per line at most: reserve once instead of regrowing.
      if (header_ok && tally == nullptr) reader.records.reserve(count_lines(text));
      return header_ok;
    }
    return reader.row(row, store);
  });
  report_rows({&reader}, file, diagnostics);
  if (!parsed) diagnostics.add(parsed.error());
  if (out.empty()) {
    out = std::move(reader.records);
  } else {
    out.insert(out.end(), reader.records.begin(), reader.records.end());
  }
}

/// Bytes read for a large file's header line; a longer first line sends the file to the whole
/// file's reading.
constexpr std::size_t kHeadBytes = 64u << 10;

void tally_activity_file(const OpenFile& file, const std::string& named_in, Inventory& inventory,
                         Diagnostics& diagnostics, inventory::RecordTally& tally) {
  const std::string& path = file.path();
  // A file that cannot be read is named with the inventory that names it, as on the kept path.
  const auto not_read = [&](Error error) {
    diagnostics.add(named_in.empty() ? std::move(error)
                                     : error.add_context("named in activity_files of " + named_in));
  };
  // Small files, a header that is not a plain first line, a quote in the body or a line too
  // long to read in parts: read whole (after a quote, straight by the general reader).
  const auto whole = [&](bool try_parts) {
    auto text = read_file_shared(path, kMaxTableBytes);
    if (!text) return not_read(text.error());
    inventory.texts.push_back(std::move(text->owner));
    FieldStore store(text->text, inventory.texts);
    parse_activity_csv(text->text, path, inventory.file_index(path), nullptr, inventory.records,
                       store, diagnostics, &tally, try_parts);
  };
  if (file.size() < kParallelBytes) return whole(true);
  std::string head(std::min(file.size(), kHeadBytes), '\0');
  if (auto read = file.read_at(head.data(), head.size(), 0); !read) return not_read(read.error());
  const std::size_t body_start = plain_header_end(head);
  if (body_start == std::string_view::npos) return whole(true);
  Columns cols;
  Diagnostics header_problems;
  if (!read_header_line(std::string_view(head).substr(0, body_start), path, cols,
                        header_problems)) {
    diagnostics.append(header_problems);
    return;
  }
  const LineParts parts = tally_parts(file.size() - body_start);
  Diagnostics rows;
  const auto read_part = [&](std::size_t idx, PartBuffer& buffer) {
    return read_line_part(file, body_start, parts, idx, buffer);
  };
  std::optional<Error> part_not_read;
  bool met_quote = false;
  // No source hints: the tally finds sources through its plan's index (a hint only spares a
  // kept record that look-up later).
  switch (tally_in_parts(parts, read_part, cols, path, inventory.file_index(path), nullptr, rows,
                         tally, part_not_read, met_quote)) {
    case PartsRead::tallied:
      diagnostics.append(header_problems);
      diagnostics.append(rows);
      return;
    case PartsRead::failed:
      diagnostics.append(header_problems);
      return not_read(*part_not_read);
    case PartsRead::whole:
      return whole(!met_quote);
  }
}

}  // namespace

void read_activity_csv(std::shared_ptr<const void> owner, std::string_view text,
                       const std::string& file, Inventory& inventory, Diagnostics& diagnostics,
                       inventory::RecordTally* tally) {
  inventory.texts.push_back(std::move(owner));
  // Hints for kept records (compute's look-ups); a tally finds sources through its plan.
  const SourceHints hints = tally == nullptr ? hints_of(inventory) : SourceHints();
  FieldStore store(text, inventory.texts);
  parse_activity_csv(text, file, inventory.file_index(file), tally == nullptr ? &hints : nullptr,
                     inventory.records, store, diagnostics, tally);
}

void tally_activity_csv_file(const std::string& path, Inventory& inventory,
                             Diagnostics& diagnostics, inventory::RecordTally& tally) {
  auto file = OpenFile::open(path, kMaxTableBytes);
  if (!file) {
    diagnostics.add(file.error());
    return;
  }
  tally_activity_file(*file, "", inventory, diagnostics, tally);
}

void read_activity_csv(std::string text, const std::string& file, Inventory& inventory,
                       Diagnostics& diagnostics) {
  auto owned = std::make_shared<const std::string>(std::move(text));
  const std::string_view view = *owned;
  read_activity_csv(std::move(owned), view, file, inventory, diagnostics);
}

void read_activity_csv(std::string_view text, const std::string& file,
                       std::vector<inventory::ActivityRecord>& out, Diagnostics& diagnostics) {
  // Fields with "" escapes are not in `text`: they stay valid until this thread's next call.
  thread_local std::vector<std::shared_ptr<const void>> unescaped;
  unescaped.clear();
  FieldStore store(text, unescaped);
  parse_activity_csv(text, file, 0, nullptr, out, store, diagnostics);
}

namespace {

bool ends_with_json(const std::string& path) {
  return path.size() >= 5 && path.compare(path.size() - 5, 5, ".json") == 0;
}

/// Reads the document with `reader` from `root`; a structural surprise (a key looked up in a
/// scalar) is reported with its line, as one diagnostic.
template <class Node>
void read_root(BasicDocReader<Node>& reader, const Node& root, const std::string& path,
               Inventory& inventory, Diagnostics& diagnostics, bool allow_files = true,
               Tallying* tallying = nullptr) {
  try {
    read_document(reader, root, path, inventory, diagnostics, allow_files, tallying);
  } catch (const YAML::Exception& error) {
    diagnostics.error(ErrorCode::parse_bad_value, "unexpected structure: " + error.msg,
                      {.file = path, .row = error.mark.line + 1});
  } catch (const DocError& error) {
    diagnostics.error(ErrorCode::parse_bad_value, "unexpected structure: " + error.msg,
                      {.file = path, .row = error.line + 1});
  }
}

/// Reads the inventory file at `path` (and its CSV files) into `inventory`.
void read_path(const std::string& path, Inventory& inventory, Diagnostics& diagnostics,
               Tallying* tallying) {
  inventory.file = path;
  // JSON through simdjson: a large inventory reads in milliseconds instead of about a second.
  // It is parsed where the file is mapped: copying 2 MB into fresh pages cost more than the
  // parse. What simdjson rejects goes to yaml-cpp, which names the line and column of the
  // problem (and accepts what it did before).
  auto text = ends_with_json(path) ? read_file_padded(path, kMaxDocumentBytes, kJsonPadding)
                                   : read_file_shared(path, kMaxDocumentBytes);
  if (!text) {
    diagnostics.add(text.error());
    return;
  }
  if (ends_with_json(path)) {
    if (auto document = DocDocument::parse_padded_json(text->owner, text->text)) {
      DocReader reader(path, diagnostics);
      read_root(reader, document->root(), path, inventory, diagnostics, true, tallying);
      return;
    }
  }
  YamlReader reader(path, diagnostics);
  auto root = reader.parse(std::string(text->text));
  if (!root) {
    diagnostics.add(root.error());
    return;
  }
  read_root(reader, *root, path, inventory, diagnostics, true, tallying);
}

}  // namespace

ReadInventory read_inventory(const std::string& path) {
  ReadInventory out;
  read_path(path, out.inventory, out.diagnostics, nullptr);
  return out;
}

std::unique_ptr<TalliedInventory> read_inventory_tallied(const std::string& path,
                                                         const factors::FactorLibrary& library,
                                                         const std::string& gwp_set) {
  return read_inventory_tallied(
      path, [&library]() -> const factors::FactorLibrary& { return library; }, gwp_set);
}

std::unique_ptr<TalliedInventory> read_inventory_tallied(const std::string& path,
                                                         const LibrarySource& library_source,
                                                         const std::string& gwp_set) {
  auto out = std::make_unique<TalliedInventory>();
  Tallying tallying(library_source, gwp_set, *out);
  read_path(path, out->inventory, out->diagnostics, &tallying);
  auto* tally = tallying.tally();  // an inventory without CSV files: its own records
  if (out->diagnostics.has_errors()) return out;
  const factors::FactorLibrary& library = library_source();
  // validate() would say the same, in the same order (it validates under the file's GWP set).
  const auto& inventory = out->inventory;
  out->validation = tallying.before_records(library);
  tally->report(out->validation);
  inventory::validate_after_records(inventory, out->validation);
  return out;
}

ReadInventory parse_inventory(const std::string& text, const std::string& name, bool is_json) {
  ReadInventory out;
  out.inventory.file = name;
  if (is_json) {
    if (auto document = DocDocument::parse_json(text)) {
      DocReader reader(name, out.diagnostics);
      read_root(reader, document->root(), name, out.inventory, out.diagnostics, false);
      return out;
    }
  }
  YamlReader reader(name, out.diagnostics);
  auto root = reader.parse(text);
  if (!root) {
    out.diagnostics.add(root.error());
    return out;
  }
  read_root(reader, *root, name, out.inventory, out.diagnostics, false);
  return out;
}

}  // namespace cl::io

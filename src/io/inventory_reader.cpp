#include "io/inventory_reader.hpp"

#include <algorithm>
#include <charconv>
#include <cstring>

#include "core/units/unit.hpp"
#include "io/csv.hpp"
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
  const auto dots = text.find("..");
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

void read_organization(YamlReader& reader, const YAML::Node& node, Inventory& out) {
  if (!node || !node.IsMap()) {
    reader.error(ErrorCode::parse_missing_field, "missing `organization:` with at least `name`",
                 reader.at(node, "organization"));
    return;
  }
  reader.check_keys(node, {"name", "name_en", "tax_id", "control_no", "industry_code", "address",
                           "contact"});
  auto& org = out.organization;
  org.name = reader.text(node, "name", true).value_or("");
  org.name_en = reader.text(node, "name_en", false).value_or("");
  org.tax_id = reader.text(node, "tax_id", false).value_or("");
  org.control_no = reader.text(node, "control_no", false).value_or("");
  org.industry_code = reader.text(node, "industry_code", false).value_or("");
  org.address = reader.text(node, "address", false).value_or("");
  org.contact = reader.text(node, "contact", false).value_or("");
}

void read_facilities(YamlReader& reader, const YAML::Node& root, Inventory& out) {
  for (const auto& node : reader.list(root, "facilities", true)) {
    reader.check_keys(node, {"id", "name", "name_en", "address", "registration_no", "equity_share"});
    inventory::Facility facility;
    facility.id = reader.text(node, "id", true).value_or("");
    facility.name = reader.text(node, "name", true, facility.id).value_or("");
    facility.name_en = reader.text(node, "name_en", false, facility.id).value_or("");
    facility.address = reader.text(node, "address", false, facility.id).value_or("");
    facility.registration_no = reader.text(node, "registration_no", false, facility.id).value_or("");
    facility.equity_share = reader.number(node, "equity_share", false, facility.id).value_or(1.0);
    facility.where = reader.at(node, "", facility.id);
    out.facilities.push_back(std::move(facility));
  }
}

void read_refrigerant(YamlReader& reader, const YAML::Node& node, inventory::Source& source) {
  if (!node || node.IsNull()) return;
  reader.check_keys(node, {"refrigerant", "equipment", "leak_rate", "justification"}, source.id);
  inventory::RefrigerantEquipment spec;
  spec.refrigerant = reader.text(node, "refrigerant", true, source.id).value_or("");
  spec.equipment = reader.text(node, "equipment", true, source.id).value_or("");
  spec.leak_rate = reader.number(node, "leak_rate", false, source.id);
  spec.justification = reader.text(node, "justification", false, source.id).value_or("");
  source.refrigerant = spec;
}

void read_sources(YamlReader& reader, const YAML::Node& root, Inventory& out) {
  for (const auto& node : reader.list(root, "sources", true)) {
    reader.check_keys(node, {"id", "facility", "name", "name_en", "type", "factor", "category",
                             "quality", "uncertainty", "factor_uncertainty", "heating_value", "refrigerant", "monthly",
                             "codes", "note"});
    inventory::Source source;
    source.id = reader.text(node, "id", true).value_or("");
    source.where = reader.at(node, "", source.id);
    source.facility = reader.text(node, "facility", true, source.id).value_or("");
    source.name = reader.text(node, "name", true, source.id).value_or("");
    source.name_en = reader.text(node, "name_en", false, source.id).value_or("");
    if (auto type = reader.text(node, "type", true, source.id)) {
      auto parsed = inventory::parse_source_type(*type, reader.at(node["type"], "type", source.id));
      if (parsed) {
        source.type = *parsed;
      } else {
        reader.diagnostics().add(parsed.error());
      }
    }
    source.category = reader.integer(node, "category", false, source.id)
                          .value_or(inventory::default_category(source.type));
    const bool needs_factor = source.type != inventory::SourceType::fugitive_refrigerant;
    source.factor = reader.text(node, "factor", needs_factor, source.id).value_or("");
    if (const YAML::Node quality = node["quality"]; quality && quality.IsMap()) {
      reader.check_keys(quality, {"a1", "a2"}, source.id);
      source.quality.a1 = reader.integer(quality, "a1", true, source.id).value_or(0);
      source.quality.a2 = reader.integer(quality, "a2", true, source.id).value_or(0);
    }
    if (auto u = reader.uncertainty(node["uncertainty"], source.id)) source.activity_uncertainty = *u;
    source.factor_uncertainty = reader.uncertainty(node["factor_uncertainty"], source.id);
    if (auto hv = reader.heating_value(node["heating_value"], source.id)) source.heating_value = *hv;
    read_refrigerant(reader, node["refrigerant"], source);
    source.requires_monthly = reader.boolean(node, "monthly", source.id)
                                  .value_or(source.type == inventory::SourceType::purchased_electricity);
    if (const YAML::Node codes = node["codes"]; codes && codes.IsMap()) {
      reader.check_keys(codes, {"process", "equipment", "material"}, source.id);
      source.process_code = reader.text(codes, "process", false, source.id).value_or("");
      source.equipment_code = reader.text(codes, "equipment", false, source.id).value_or("");
      source.material_code = reader.text(codes, "material", false, source.id).value_or("");
    }
    out.sources.push_back(std::move(source));
  }
}

void read_activity(YamlReader& reader, const YAML::Node& root, Inventory& out) {
  for (const auto& node : reader.list(root, "activity")) {
    reader.check_keys(node, {"id", "source", "period", "from", "to", "amount", "unit", "evidence",
                             "note"});
    inventory::ActivityRecord record;
    record.id = reader.text(node, "id", false).value_or("");
    record.source = reader.text(node, "source", true, record.id).value_or("");
    record.where = reader.at(node, "", record.id.empty() ? record.source : record.id);
    auto period_text = reader.text(node, "period", false, record.id);
    auto from = reader.text(node, "from", false, record.id);
    auto to = reader.text(node, "to", false, record.id);
    std::string spec = period_text ? *period_text : (from && to ? *from + ".." + *to : "");
    if (spec.empty()) {
      reader.error(ErrorCode::parse_missing_field,
                   "activity needs `period: 2024-03` or `from:`/`to:` dates",
                   reader.at(node, "period", record.source));
    } else if (auto period = parse_period(spec, reader.at(node, "period", record.source))) {
      record.period = *period;
    } else {
      reader.diagnostics().add(period.error());
    }
    record.amount.value = reader.number(node, "amount", true, record.source).value_or(0.0);
    if (auto unit_text = reader.text(node, "unit", true, record.source)) {
      auto unit = units::find_unit(*unit_text, reader.at(node["unit"], "unit", record.source));
      if (unit) {
        record.amount.unit = *unit;
      } else {
        reader.diagnostics().add(unit.error());
      }
    }
    record.evidence = reader.text(node, "evidence", false, record.source).value_or("");
    record.note = reader.text(node, "note", false, record.source).value_or("");
    out.records.push_back(std::move(record));
  }
}

void read_instruments(YamlReader& reader, const YAML::Node& root, Inventory& out) {
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
    instrument.kg_co2e_per_kwh = reader.number(node, "factor", needs_factor, instrument.id).value_or(0.0);
    instrument.evidence = reader.text(node, "evidence", false, instrument.id).value_or("");
    out.instruments.push_back(std::move(instrument));
  }
}

void read_own_factors(YamlReader& reader, const YAML::Node& root, Inventory& out) {
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

void read_document(YamlReader& reader, const YAML::Node& root, const std::string& path,
                   Inventory& out, Diagnostics& diagnostics) {
  if (!root.IsMap()) {
    reader.error(ErrorCode::parse_syntax, "an inventory file is a map with organization, year, "
                 "facilities, sources and activity (docs/formats/inventory.md)",
                 reader.at(root, ""));
    return;
  }
  reader.check_keys(root, {"carbonledger", "organization", "year", "base_year", "boundary", "gwp",
                           "facilities", "factors", "sources", "activity", "activity_files",
                           "market_instruments", "note"});
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
  for (const auto& file_node : reader.list(root, "activity_files")) {
    const std::string csv_path = resolve_beside(path, file_node.as<std::string>(""));
    auto text = read_file(csv_path, kMaxTableBytes);
    if (!text) {
      diagnostics.add(text.error().add_context("named in activity_files of " + path));
      continue;
    }
    read_activity_csv(*text, csv_path, out.records, diagnostics);
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

void read_activity_csv(std::string_view text, const std::string& file,
                       std::vector<inventory::ActivityRecord>& out, Diagnostics& diagnostics) {
  int col_source = -1, col_period = -1, col_amount = -1, col_unit = -1, col_evidence = -1,
      col_note = -1, col_id = -1;
  std::size_t row_errors = 0;
  // Every unit spelling met so far with its unit (a file has a handful), so find_unit runs
  // once per spelling; `last_unit` is what a row with an unknown unit keeps, as before.
  std::vector<std::pair<std::string, units::Unit>> known_units;
  units::Unit last_unit;
  const auto report = [&](ErrorCode code, std::string message, RecordRef where) {
    if (++row_errors <= kMaxReportedRowErrors) diagnostics.error(code, std::move(message), std::move(where));
  };
  // One record per line at most: reserve once instead of regrowing a vector of a million records.
  std::size_t lines = 1;
  for (const char* cursor = text.data(); (cursor = static_cast<const char*>(std::memchr(
                                              cursor, '\n', text.data() + text.size() - cursor)));
       ++cursor) {
    ++lines;
  }
  out.reserve(out.size() + lines);
  auto parsed = for_each_csv_row(text, file, [&](const CsvRow& row) {
    if (col_source < 0) {
      for (std::size_t idx = 0; idx < row.fields.size(); ++idx) {
        const auto name = row.fields[idx];
        const int col = static_cast<int>(idx);
        if (name == "source") col_source = col;
        else if (name == "period") col_period = col;
        else if (name == "amount") col_amount = col;
        else if (name == "unit") col_unit = col;
        else if (name == "evidence") col_evidence = col;
        else if (name == "note") col_note = col;
        else if (name == "id") col_id = col;
        else diagnostics.warning(ErrorCode::parse_unknown_field,
                                 "unknown column '" + std::string(name) + "' is ignored",
                                 {.file = file, .row = row.line, .field = std::string(name)});
      }
      if (col_source < 0 || col_period < 0 || col_amount < 0 || col_unit < 0) {
        diagnostics.error(ErrorCode::parse_missing_field,
                          "the header must name the columns source, period, amount and unit "
                          "(optional: evidence, note, id)",
                          {.file = file, .row = row.line});
        return false;
      }
      return true;
    }
    const auto field = [&](int col) -> std::string_view {
      return col >= 0 && static_cast<std::size_t>(col) < row.fields.size() ? row.fields[col]
                                                                             : std::string_view();
    };
    inventory::ActivityRecord& record = out.emplace_back();
    record.source.assign(field(col_source));
    record.where = {.file = file, .row = row.line, .record = record.source};
    if (record.source.empty()) {
      report(ErrorCode::parse_missing_field, "the source column is empty",
             {.file = file, .row = row.line, .field = "source"});
    }
    // Good rows take the fast paths below; a RecordRef (and its strings) is built only for a
    // problem, with the same message as before.
    const auto period_text = field(col_period);
    if (inventory::Period period; parse_period_fields(period_text, period)) {
      record.period = period;
    } else {
      auto failed = parse_period(period_text, {.file = file, .row = row.line, .field = "period"});
      report(failed.error().code, failed.error().message, failed.error().where);
    }
    const auto amount = field(col_amount);
    auto [ptr, ec] = std::from_chars(amount.data(), amount.data() + amount.size(), record.amount.value);
    if (ec != std::errc() || ptr != amount.data() + amount.size() || amount.empty()) {
      report(ErrorCode::parse_bad_value,
             "amount '" + std::string(amount) + "' is not a number (use a dot for decimals, no "
             "thousands separators)",
             {.file = file, .row = row.line, .field = "amount"});
    }
    const auto unit_text = field(col_unit);
    const auto known = std::find_if(known_units.begin(), known_units.end(),
                                    [&](const auto& entry) { return entry.first == unit_text; });
    if (known != known_units.end()) {
      last_unit = known->second;
    } else if (auto unit =
                   units::find_unit(unit_text, {.file = file, .row = row.line, .field = "unit"})) {
      last_unit = *unit;
      known_units.emplace_back(std::string(unit_text), *unit);
    } else {
      report(unit.error().code, unit.error().message, unit.error().where);
    }
    record.amount.unit = last_unit;
    record.evidence.assign(field(col_evidence));
    record.note.assign(field(col_note));
    record.id.assign(field(col_id));
    return true;
  });
  if (!parsed) diagnostics.add(parsed.error());
  if (row_errors > kMaxReportedRowErrors) {
    diagnostics.error(ErrorCode::parse_bad_value,
                      std::to_string(row_errors - kMaxReportedRowErrors) +
                          " more row problems not shown; fix the ones above first",
                      {.file = file});
  }
}

ReadInventory read_inventory(const std::string& path) {
  ReadInventory out;
  out.inventory.file = path;
  auto text = read_file(path);
  if (!text) {
    out.diagnostics.add(text.error());
    return out;
  }
  YamlReader reader(path, out.diagnostics);
  auto root = reader.parse(*text);
  if (!root) {
    out.diagnostics.add(root.error());
    return out;
  }
  try {
    read_document(reader, *root, path, out.inventory, out.diagnostics);
  } catch (const YAML::Exception& error) {
    out.diagnostics.error(ErrorCode::parse_bad_value, "unexpected structure: " + error.msg,
                          {.file = path, .row = error.mark.line + 1});
  }
  return out;
}

}  // namespace cl::io

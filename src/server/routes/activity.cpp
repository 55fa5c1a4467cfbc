// The activity records of a stored inventory: list (filtered by period, facility and source, in
// pages), add one or many (all or nothing), read, change and remove one, import a CSV or XLSX
// file (a preview lists every row and every problem; a commit saves all rows in one transaction
// or none), and export them as CSV or JSON. Records belong to the inventory's organization;
// a record's evidence_id must name evidence of that same organization.
//
// A record in a request body: {"source_id", "period", "amount", "unit"} required (POST),
// "code", "evidence", "evidence_id" (a number, or null to unlink), "note" optional; "reason"
// (why, for the audit row) beside them. Every problem of every record is listed at once (422,
// `diagnostics`, each naming its member as "amount" or "records[2].amount"); the first is the
// answer's own code and `where`.
#include <fmt/format.h>

#include <limits>
#include <map>
#include <memory>
#include <optional>
#include <set>

#include "core/inventory/calendar.hpp"
#include "io/activity_xlsx.hpp"
#include "io/inventory_reader.hpp"
#include "server/api.hpp"
#include "server/http_error.hpp"
#include "server/json_writer.hpp"
#include "server/routes/access.hpp"
#include "server/routes/activity_json.hpp"
#include "server/routes/common.hpp"
#include "store/activity.hpp"
#include "store/inventories.hpp"

namespace cl::server {
namespace {

/// Bounds on one write transaction (which holds the database's writer lock): a year of monthly
/// records of a large factory is a few thousand.
constexpr std::size_t kMaxRecordsPerRequest = 5000;
constexpr std::size_t kMaxRecordsPerImport = 20000;

using auth::Action;
using auth::ResourceKind;
using nlohmann::json;

constexpr std::int64_t kMaxId = std::numeric_limits<std::int64_t>::max();
constexpr const char* kXlsxType =
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

auth::Resource activity_of(const store::InventoryRecord& inventory) {
  return owned_by(ResourceKind::activity, inventory.organization_id);
}

/// The inventory of the path, after `action` on its activity is allowed; one whose activity the
/// caller may not see answers as a missing inventory.
/// Throws unless `action` on the activity of `inventory` is allowed (as a missing inventory when
/// the caller may not even read it).
void require_activity(const RequestContext& context, const store::InventoryRecord& inventory,
                      Action action) {
  if (!allowed(context, Action::read, activity_of(inventory))) {
    throw_no_such(ResourceKind::inventory);
  }
  require(context, action, activity_of(inventory));
}

store::InventoryRecord load_inventory(store::Database& db, const RequestContext& context,
                                      Action action) {
  auto inventory = found(store::get_inventory(db, path_id(context, "id")), ResourceKind::inventory);
  require_activity(context, inventory, action);
  return inventory;
}

/// The inventory (and its owner) of a stored record, through its source.
store::InventoryRecord inventory_of(store::Database& db, const store::ActivityRow& row) {
  const auto source = unwrap(store::get_source(db, row.source_id));
  return unwrap(store::get_inventory(db, source.inventory_id));
}

json items_json(const std::vector<store::ActivityRow>& rows, std::int64_t inventory_id,
                const SourceCodes& codes) {
  json items = json::array();
  for (const auto& row : rows) items.push_back(record_json(row, inventory_id, codes));
  return items;
}

/// 422 with every problem: the first is the answer's code, message and `where`.
[[noreturn]] void refuse(const Diagnostics& problems) {
  const Diagnostic& first = problems.items().front();
  throw ApiError{422,
                 Error{first.code, first.message, first.where, {}},
                 {{"diagnostics", diagnostics_json(problems)}}};
}

/// Reads record objects of a body (only the members present) and lists every problem: wrong
/// shapes here, then what the store would refuse (store::check_activity) for a record whose
/// shape is right.
class RecordReader {
 public:
  /// `codes`: the inventory's sources when the caller has read them (a record's source is
  /// then checked against them instead of looked up).
  RecordReader(store::Database& db, std::int64_t inventory_id, const SourceCodes* codes = nullptr)
      : db_(db), inventory_id_(inventory_id), codes_(codes) {}

  void read(const json& item, const std::string& path, bool partial, store::ActivityRow& row) {
    const auto field = [&](const std::string& name) { return path + name; };
    const auto before = problems.error_count();
    if (!item.is_object()) {
      const auto name = path.empty() ? std::string("body") : path.substr(0, path.size() - 1);
      problems.error(ErrorCode::parse_bad_value, "\"" + name + "\" must be a record object",
                     {.field = name});
      return;
    }
    for (const auto& [key, value] : item.items()) {
      if (!kMembers.contains(key) && !(path.empty() && key == "reason")) {
        problems.error(ErrorCode::parse_unknown_field,
                       "unknown member \"" + field(key) +
                           "\"; a record has source_id, period, amount, unit, code, evidence, "
                           "evidence_id and note",
                       {.field = field(key)});
      }
    }
    for (const char* name : {"source_id", "period", "amount", "unit"}) {
      if (!partial && !item.contains(name)) {
        problems.error(ErrorCode::parse_missing_field,
                       "a record needs \"" + std::string(name) + "\"", {.field = field(name)});
      }
    }
    read_id(item, field("source_id"), "source_id", row.source_id);
    for (const auto& [name, member] : {std::pair{"code", &store::ActivityRow::code},
                                       std::pair{"period", &store::ActivityRow::period},
                                       std::pair{"unit", &store::ActivityRow::unit},
                                       std::pair{"evidence", &store::ActivityRow::evidence},
                                       std::pair{"note", &store::ActivityRow::note}}) {
      if (!item.contains(name)) continue;
      if (item[name].is_string()) {
        row.*member = item[name].get<std::string>();
      } else {
        wrong_type(field(name), "text");
      }
    }
    if (item.contains("amount")) {
      if (item["amount"].is_number()) {
        row.amount = item["amount"].get<double>();
      } else {
        wrong_type(field("amount"), "a number");
      }
    }
    if (item.contains("evidence_id")) {
      std::int64_t evidence = 0;
      if (item["evidence_id"].is_null()) {
        row.evidence_id.reset();
      } else if (read_id(item, field("evidence_id"), "evidence_id", evidence)) {
        row.evidence_id = evidence;
      }
    }
    if (problems.error_count() == before) {
      problems.append(unwrap(codes_ != nullptr
                                 ? store::check_activity(db_, inventory_id_,
                                                         codes_->contains(row.source_id), row, path)
                                 : store::check_activity(db_, inventory_id_, row, path)));
    }
  }

  /// The body's "reason" (why, for the audit row); empty when absent.
  std::string reason(const json& body) {
    if (!body.contains("reason")) return {};
    if (body["reason"].is_string()) return body["reason"].get<std::string>();
    wrong_type("reason", "text");
    return {};
  }

  Diagnostics problems;

 private:
  inline static const std::set<std::string, std::less<>> kMembers = {
      "source_id", "code", "period", "amount", "unit", "evidence", "evidence_id", "note"};

  void wrong_type(const std::string& name, const std::string& what) {
    problems.error(ErrorCode::parse_bad_value, "\"" + name + "\" must be " + what, {.field = name});
  }

  bool read_id(const json& item, const std::string& name, const char* key, std::int64_t& out) {
    if (!item.contains(key)) return false;
    const auto& value = item[key];
    if (!value.is_number_integer() ||
        (value.is_number_unsigned() && value.get<std::uint64_t>() > std::uint64_t(kMaxId)) ||
        value.get<std::int64_t>() < 1) {
      wrong_type(name, "a store id (a whole number of at least 1)");
      return false;
    }
    out = value.get<std::int64_t>();
    return true;
  }

  store::Database& db_;
  std::int64_t inventory_id_;
  const SourceCodes* codes_;
};

/// "2024-03"; empty when absent; 400 otherwise.
std::string month_param(const RequestContext& context, const std::string& name) {
  const auto text = query(context, name, "");
  const auto month = io::parse_period(text);
  if (text.empty() || (month && month->is_single_month() && month->to_string() == text &&
                       inventory::check_period(*month).empty())) {
    return text;
  }
  throw_error(400, ErrorCode::parse_bad_value,
              "query parameter '" + name + "' must be a month such as 2024-03", {.field = name});
}

/// load_inventory() for a read through the kept rows (server/inventory_watch.hpp), when there
/// are any; `db` is leased only to read what is not kept.
InventoryWatch::Row read_inventory(ApiState& state, const RequestContext& context,
                                   std::optional<DbPool::Lease>& db) {
  const auto id = path_id(context, "id");
  const auto load = [&] {
    if (!db) db.emplace(lease(state));
    return found(store::get_inventory(**db, id), ResourceKind::inventory);
  };
  auto inventory = state.inventory_watch ? state.inventory_watch->get(id, load)
                                         : std::make_shared<const store::InventoryRecord>(load());
  require_activity(context, *inventory, Action::read);
  return inventory;
}

void list_route(ApiState& state, RequestContext& context) {
  std::optional<DbPool::Lease> db;
  const auto kept = read_inventory(state, context, db);
  const auto& inventory = *kept;
  store::ActivityFilter filter;
  filter.period_from = month_param(context, "period_from");
  filter.period_to = month_param(context, "period_to");
  if (context.req.has_param("facility")) {
    filter.facility_id = query_int(context, "facility", 0, 1, kMaxId);
  }
  if (context.req.has_param("source")) {
    filter.source_id = query_int(context, "source", 0, 1, kMaxId);
  }
  filter.limit = query_int(context, "limit", 100, 1, 1000);
  filter.offset = query_int(context, "offset", 0, 0, kMaxId);
  // The same answer for every caller allowed this far: kept by the revision read with the
  // inventory above (server/page_cache.hpp).
  auto* cache = state.page_cache.get();
  const auto key = fmt::format("{}/{}/{}/{}/{}/{}/{}", inventory.id, filter.period_from,
                               filter.period_to, filter.facility_id.value_or(0),
                               filter.source_id.value_or(0), filter.limit, filter.offset);
  if (cache) {
    if (auto body = cache->find(key, inventory.revision)) {
      context.res.set_header("X-Cache", "hit");
      send_json_text(context.res, 200, std::string(*body));
      return;
    }
    context.res.set_header("X-Cache", "miss");
  }
  // The page, its total and its source codes: one statement, one snapshot.
  if (!db) db.emplace(lease(state));
  const auto page = unwrap(store::list_activity_page(**db, inventory.id, filter));
  const auto& rows = page.rows;
  const auto total = page.total;
  const auto next = filter.offset + static_cast<std::int64_t>(rows.size());
  // Written as a stream, byte for byte what send_json would print of the same object (members
  // in nlohmann's order): a page of 50 records was ~600 map nodes and strings built to be dumped.
  std::string text;
  text.reserve(512 + rows.size() * 400);
  JsonWriter out(text);
  out.begin_object();
  out.key("items");
  out.begin_array();
  for (std::size_t idx = 0; idx < rows.size(); ++idx) {
    write_record(out, rows[idx], inventory.id, page.source_codes[idx]);
  }
  out.end_array();
  out.key("limit");
  out.integer(filter.limit);
  out.key("next_offset");
  if (next < total && !rows.empty()) {
    out.integer(next);
  } else {
    out.null();
  }
  out.key("offset");
  out.integer(filter.offset);
  out.key("total");
  out.integer(total);
  out.end_object();
  // A page past the end is not kept: any offset makes one, and they would crowd out real pages.
  if (cache && !(rows.empty() && filter.offset > 0)) {
    cache->put(key, inventory.revision, std::make_shared<const std::string>(text));
  }
  send_json_text(context.res, 200, std::move(text));
}

void create_route(ApiState& state, RequestContext& context) {
  auto db = lease(state);
  const auto inventory = load_inventory(*db, context, Action::create);
  const auto body = json_body(context);
  // Read once: the records' sources are checked against them, and the answer names their codes.
  const auto codes = unwrap(store::source_codes(*db, inventory.id));
  RecordReader reader(*db, inventory.id, &codes);
  std::vector<store::ActivityRow> rows;
  const bool many = body.contains("records");
  if (many) {
    for (const auto& [key, value] : body.items()) {
      if (key != "records" && key != "reason") {
        reader.problems.error(ErrorCode::parse_unknown_field,
                              "unknown member \"" + key + "\"; a batch has records and reason",
                              {.field = key});
      }
    }
    const auto& records = body["records"];
    if (records.is_array() && records.size() > kMaxRecordsPerRequest) {
      throw_error(413, ErrorCode::io_too_large,
                  "at most " + std::to_string(kMaxRecordsPerRequest) +
                      " records per request (got " + std::to_string(records.size()) +
                      "); send them in several requests",
                  {.field = "records"});
    }
    if (!records.is_array() || records.empty()) {
      reader.problems.error(ErrorCode::parse_bad_value,
                            "\"records\" must be a list of at least one record",
                            {.field = "records"});
    } else {
      for (std::size_t idx = 0; idx < records.size(); ++idx) {
        reader.read(records[idx], "records[" + std::to_string(idx) + "].", false,
                    rows.emplace_back());
      }
    }
  } else {
    reader.read(body, "", false, rows.emplace_back());
  }
  const auto actor = actor_of(context, reader.reason(body));
  if (reader.problems.has_errors()) refuse(reader.problems);
  const auto saved = unwrap(store::add_activities(*db, actor, std::move(rows)));
  if (!many) {
    context.res.set_header("Location", "/api/v1/activity/" + std::to_string(saved[0].id));
    send_json(context.res, 201, record_json(saved[0], inventory.id, codes));
    return;
  }
  send_json(context.res, 201,
            {{"count", saved.size()}, {"items", items_json(saved, inventory.id, codes)}});
}

/// The record of the path and its inventory, after `action` is allowed on it.
std::pair<store::ActivityRow, store::InventoryRecord> load_record(store::Database& db,
                                                                  const RequestContext& context,
                                                                  Action action) {
  auto row = found(store::get_activity(db, path_id(context, "id")), ResourceKind::activity);
  auto inventory = inventory_of(db, row);
  require(context, action, activity_of(inventory));
  return {std::move(row), std::move(inventory)};
}

void get_route(ApiState& state, RequestContext& context) {
  auto db = lease(state);
  const auto [row, inventory] = load_record(*db, context, Action::read);
  send_json(context.res, 200,
            record_json(row, inventory.id, unwrap(store::source_codes(*db, inventory.id))));
}

void update_route(ApiState& state, RequestContext& context) {
  auto db = lease(state);
  auto [row, inventory] = load_record(*db, context, Action::update);
  const auto body = json_body(context);
  RecordReader reader(*db, inventory.id);
  reader.read(body, "", true, row);
  const auto actor = actor_of(context, reader.reason(body));
  if (reader.problems.has_errors()) refuse(reader.problems);
  const auto saved = unwrap(store::update_activity(*db, actor, row));
  send_json(context.res, 200,
            record_json(saved, inventory.id, unwrap(store::source_codes(*db, inventory.id))));
}

void delete_route(ApiState& state, RequestContext& context) {
  auto db = lease(state);
  const auto [row, inventory] = load_record(*db, context, Action::remove);
  unwrap(store::delete_activity(*db, actor_of(context), row.id));
  context.res.status = 204;
}

void import_route(ApiState& state, RequestContext& context) {
  auto db = lease(state);
  const auto inventory = load_inventory(*db, context, Action::create);
  const auto type = context.req.get_header_value("Content-Type");
  const auto format =
      query(context, "format", type.substr(0, type.find(';')) == kXlsxType ? "xlsx" : "csv",
            {"csv", "xlsx"});
  const bool dry_run = query(context, "dry_run", "false", {"true", "false"}) == "true";
  std::map<std::string, std::int64_t, std::less<>> sources;
  for (const auto& source : unwrap(store::list_sources(*db, inventory.id))) {
    sources[source.code] = source.id;
  }
  auto upload = store::read_activity_upload(
      context.req.body, format == "xlsx" ? store::UploadFormat::xlsx : store::UploadFormat::csv,
      "body", sources);
  if (upload.rows.size() > kMaxRecordsPerImport) {
    throw_error(413, ErrorCode::io_too_large,
                "at most " + std::to_string(kMaxRecordsPerImport) + " rows per import (got " +
                    std::to_string(upload.rows.size()) + "); split the file by period",
                {.field = "body"});
  }
  const auto& diagnostics = upload.diagnostics;
  const auto warnings = diagnostics.items().size() - diagnostics.error_count();
  if (dry_run) {
    json items = json::array();
    for (const auto& row : upload.rows) items.push_back(store::to_json(row));
    send_json(context.res, 200,
              {{"dry_run", true},
               {"format", format},
               {"valid", !diagnostics.has_errors()},
               {"rows", upload.rows.size()},
               {"errors", diagnostics.error_count()},
               {"warnings", warnings},
               {"skipped", upload.skipped},
               {"items", items},
               {"diagnostics", diagnostics_json(diagnostics)}});
    return;
  }
  if (diagnostics.has_errors()) throw_diagnostics(diagnostics, "the " + format + " file");
  std::vector<store::ActivityRow> rows;
  rows.reserve(upload.rows.size());
  for (auto& row : upload.rows) rows.push_back(std::move(row.record));
  const auto saved = unwrap(store::add_activities(*db, actor_of(context), std::move(rows)));
  send_json(
      context.res, 201,
      {{"dry_run", false},
       {"format", format},
       {"imported", saved.size()},
       {"skipped", upload.skipped},
       {"items", items_json(saved, inventory.id, unwrap(store::source_codes(*db, inventory.id)))},
       {"diagnostics", diagnostics_json(diagnostics)}});
}

void export_route(ApiState& state, RequestContext& context) {
  auto db = lease(state);
  const auto inventory = load_inventory(*db, context, Action::read);
  const auto format = query(context, "format", "csv", {"csv", "json"});
  store::ActivityFilter all;
  all.limit = kMaxId;
  std::vector<store::ActivityRow> rows;
  SourceCodes codes;
  db->read_snapshot([&] {
    rows = unwrap(store::list_activity(*db, inventory.id, all));
    codes = unwrap(store::source_codes(*db, inventory.id));
  });
  const auto name = "activity-" + std::to_string(inventory.id) + "-" +
                    std::to_string(inventory.year) + "." + format;
  context.res.set_header("Content-Disposition", "attachment; filename=\"" + name + "\"");
  if (format == "json") {
    send_json(context.res, 200,
              {{"inventory_id", inventory.id},
               {"year", inventory.year},
               {"count", rows.size()},
               {"records", items_json(rows, inventory.id, codes)}});
    return;
  }
  // The CSV the CLI writes (io::activity_rows_to_csv), which the import reads back.
  std::vector<io::ActivityRow> out;
  out.reserve(rows.size());
  for (const auto& row : rows) {
    out.push_back({.source = codes[row.source_id],
                   .period = unwrap(io::parse_period(row.period)),
                   .amount = row.amount,
                   .unit = row.unit,
                   .evidence = row.evidence,
                   .note = row.note,
                   .id = row.code});
  }
  context.res.status = 200;
  context.res.set_content(io::activity_rows_to_csv(out), "text/csv; charset=utf-8");
}

}  // namespace

void add_activity_routes(Router& router, ApiState& state) {
  const StateRoutes route(router, state, "");
  route("GET", "/api/v1/inventories/{id}/activity",
        "an inventory's activity records, filtered by period, facility and source, in pages",
        list_route);
  route("POST", "/api/v1/inventories/{id}/activity",
        "add one activity record, or {\"records\": [...]} all or nothing", create_route);
  route("POST", "/api/v1/inventories/{id}/activity/import",
        "import activity from CSV or XLSX (dry_run=true: a preview of every row and problem)",
        import_route);
  route("GET", "/api/v1/inventories/{id}/activity/export",
        "an inventory's activity records as CSV (the import's format) or JSON", export_route);
  route("GET", "/api/v1/activity/{id}", "one activity record", get_route);
  route("PATCH", "/api/v1/activity/{id}", "change members of an activity record", update_route);
  route("DELETE", "/api/v1/activity/{id}", "remove an activity record (audited)", delete_route);
}

}  // namespace cl::server

// Activity records, checked before they are stored (period, unit, amount) so that what the
// store holds always reads back into an inventory.
#include "store/activity.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <climits>
#include <cmath>
#include <set>
#include <utility>

#include "core/inventory/calendar.hpp"
#include "core/units/unit.hpp"
#include "io/activity_xlsx.hpp"
#include "io/inventory_reader.hpp"
#include "store/repository_util.hpp"

namespace cl::store {
namespace {

constexpr const char* kColumns =
    "a.id, a.source_id, a.code, a.period, a.amount, a.unit, a.evidence, a.evidence_id, a.note, "
    "a.created_at";

ActivityRow row_of(const Row& row) {
  return {
      row.integer(0), row.integer(1),
      row.text(2),    row.text(3),
      row.real(4),    row.text(5),
      row.text(6),    row.is_null(7) ? std::nullopt : std::optional<std::int64_t>(row.integer(7)),
      row.text(8),    row.text(9)};
}

ActivityRow load(Database& db, std::int64_t id) {
  const auto rows = db.query(
      std::string("SELECT ") + kColumns + " FROM activity_records a WHERE a.id = $1", {id});
  if (rows.empty()) detail::throw_not_found("activity record", id);
  return row_of(rows[0]);
}

/// Why `amount` cannot be stored (negative, not finite); empty when it can.
std::string amount_problem(double amount) {
  if (!std::isfinite(amount)) return "an amount must be a finite number";
  if (amount >= 0) return {};
  std::array<char, 32> text{};
  const auto end = std::to_chars(text.data(), text.data() + text.size(), amount).ptr;
  return "amount " + std::string(text.data(), end) +
         " is negative; amounts are never negative: a correction is a record of its own";
}

/// The inventory a source belongs to (store.not_found if there is no such source).
std::int64_t inventory_of_source(Database& db, std::int64_t source_id) {
  const auto rows = db.query("SELECT inventory_id FROM sources WHERE id = $1", {source_id});
  if (rows.empty()) detail::throw_not_found("source", source_id);
  return rows[0].integer(0);
}

/// check_activity's work; `source_inventory` when the caller has looked the source up already.
Diagnostics problems_of(Database& db, std::int64_t inventory_id,
                        std::optional<std::int64_t> source_inventory, ActivityRow& row,
                        const std::string& prefix) {
  Diagnostics out;
  const auto field = [&](const char* name) { return RecordRef{.field = prefix + name}; };
  if (!source_inventory) {
    const auto rows = db.query("SELECT inventory_id FROM sources WHERE id = $1", {row.source_id});
    if (!rows.empty()) source_inventory = rows[0].integer(0);
  }
  if (source_inventory != inventory_id) {
    out.error(ErrorCode::store_invalid,
              "source " + std::to_string(row.source_id) + " is not one of inventory " +
                  std::to_string(inventory_id) +
                  "'s sources; a record stays in its inventory: pick one of its sources",
              field("source_id"));
  }
  const auto period = io::parse_period(row.period);
  const std::string problem = period ? inventory::check_period(*period) : std::string("bad");
  if (problem.empty()) {
    row.period = period->to_string();
  } else {
    out.error(ErrorCode::inventory_bad_period,
              "period '" + row.period + "' is not valid" + (period ? " (" + problem + ")" : "") +
                  "; write a month (2024-03) or a bill period (2024-01-15..2024-02-14)",
              field("period"));
  }
  if (const auto why = amount_problem(row.amount); !why.empty()) {
    out.error(std::isfinite(row.amount) ? ErrorCode::inventory_negative_amount
                                        : ErrorCode::parse_bad_value,
              why, field("amount"));
  }
  if (const auto unit = units::find_unit(row.unit)) {
    row.unit = std::string(unit->symbol);
  } else {
    out.error(unit.error().code,
              "unit '" + row.unit + "' is unknown; `carbonledger units` lists them", field("unit"));
  }
  if (row.evidence_id &&
      db.query("SELECT 1 FROM evidence_files f JOIN inventories i ON i.organization_id = "
               "f.organization_id WHERE f.id = $1 AND i.id = $2",
               {*row.evidence_id, inventory_id})
          .empty()) {
    out.error(ErrorCode::store_invalid,
              "evidence " + std::to_string(*row.evidence_id) +
                  " is not a file of the inventory's organization; link one of its own "
                  "evidence files",
              field("evidence_id"));
  }
  return out;
}

/// Refuses (store.invalid, the first problem's message) what problems_of finds.
void refuse_errors(const Diagnostics& problems) {
  for (const auto& item : problems.items()) {
    if (item.severity == Severity::error) throw_error(ErrorCode::store_invalid, item.message);
  }
}

/// Refuses what check_activity finds; the row's inventory is its source's, or `inventory_id`
/// when given (an update may not move a record).
void check(Database& db, ActivityRow& row, std::optional<std::int64_t> inventory_id = {}) {
  const std::int64_t source_inventory = inventory_of_source(db, row.source_id);
  refuse_errors(
      problems_of(db, inventory_id.value_or(source_inventory), source_inventory, row, ""));
}

/// The filter of list_activity and count_activity: "($n = '' OR …)" for the optional parts, so
/// one statement (and one cached plan) serves all.
constexpr const char* kFilteredRecords =
    " FROM activity_records a JOIN sources s ON s.id = a.source_id "
    "WHERE s.inventory_id = $1 "
    "AND ($2 = '' OR substr(a.period, 1, 7) >= $2) "
    "AND ($3 = '' OR substr(a.period, 1, 7) <= $3) "
    "AND ($4 = 0 OR s.facility_id = $4) AND ($5 = 0 OR a.source_id = $5)";

std::vector<Value> filter_params(std::int64_t inventory_id, const ActivityFilter& filter) {
  return {inventory_id, filter.period_from, filter.period_to, filter.facility_id.value_or(0),
          filter.source_id.value_or(0)};
}

Value optional_id(std::optional<std::int64_t> id) {
  return id ? Value(*id) : Value();
}

ActivityRow insert(Database& db, const Actor& actor, ActivityRow row) {
  if (row.evidence_id) {
    check(db, row);  // the evidence must be a file of the source's organization
  } else {
    // The record's own fields; whether its source exists, the insert itself finds out, one round
    // trip less for each record (a record is its source's, so no other inventory is involved).
    constexpr std::int64_t kItsOwn = 0;
    refuse_errors(problems_of(db, kItsOwn, kItsOwn, row, ""));
  }
  row.created_at = now_iso8601();
  const auto ids = db.query(
      "INSERT INTO activity_records (source_id, code, period, amount, unit, evidence, "
      "evidence_id, note, created_at) "
      "SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9 FROM sources WHERE id = $1 RETURNING id",
      {row.source_id, row.code, row.period, row.amount, row.unit, row.evidence,
       optional_id(row.evidence_id), row.note, row.created_at});
  if (ids.empty()) detail::throw_not_found("source", row.source_id);
  row.id = ids[0].integer(0);
  append_audit(db, actor, "create", "activity_records", std::to_string(row.id), nullptr,
               to_json(row));
  return row;
}

}  // namespace

nlohmann::json to_json(const ActivityRow& row) {
  return {
      {"id", row.id},
      {"source_id", row.source_id},
      {"code", row.code},
      {"period", row.period},
      {"amount", row.amount},
      {"unit", row.unit},
      {"evidence", row.evidence},
      {"evidence_id", row.evidence_id ? nlohmann::json(*row.evidence_id) : nlohmann::json(nullptr)},
      {"note", row.note},
      {"created_at", row.created_at}};
}

Result<Diagnostics> check_activity(Database& db, std::int64_t inventory_id, ActivityRow& row,
                                   const std::string& prefix) {
  return guard([&] { return problems_of(db, inventory_id, std::nullopt, row, prefix); });
}

Result<Diagnostics> check_activity(Database& db, std::int64_t inventory_id, bool of_inventory,
                                   ActivityRow& row, const std::string& prefix) {
  // Not of the inventory: of another one or of none, which problems_of words alike.
  constexpr std::int64_t kNoInventory = 0;
  return guard([&] {
    return problems_of(db, inventory_id, of_inventory ? inventory_id : kNoInventory, row, prefix);
  });
}

nlohmann::json to_json(const UploadRow& row) {
  const auto good = [&](const char* field, nlohmann::json value) {
    const bool bad =
        std::find(row.bad_fields.begin(), row.bad_fields.end(), field) != row.bad_fields.end();
    return bad ? nlohmann::json(nullptr) : value;
  };
  const auto& record = row.record;
  return {{"row", row.row},
          {"source", row.source},
          {"source_id", record.source_id != 0 ? nlohmann::json(record.source_id) : nullptr},
          {"period", good("period", record.period)},
          {"amount", good("amount", record.amount)},
          {"unit", good("unit", record.unit)},
          {"evidence", record.evidence},
          {"note", record.note},
          {"code", record.code},
          {"ok", row.bad_fields.empty()}};
}

Result<ActivityRow> add_activity(Database& db, const Actor& actor, ActivityRow row) {
  return guard([&] {
    ActivityRow out;
    db.write([&] { out = insert(db, actor, std::move(row)); });
    return out;
  });
}

Result<std::vector<ActivityRow>> add_activities(Database& db, const Actor& actor,
                                                std::vector<ActivityRow> rows) {
  return guard([&] {
    std::vector<ActivityRow> out;
    out.reserve(rows.size());
    db.write([&] {
      for (auto& row : rows) out.push_back(insert(db, actor, std::move(row)));
    });
    return out;
  });
}

Result<ActivityRow> get_activity(Database& db, std::int64_t id) {
  return guard([&] { return load(db, id); });
}

Result<ActivityRow> update_activity(Database& db, const Actor& actor, const ActivityRow& row) {
  return guard([&] {
    ActivityRow after;
    db.write([&] {
      const ActivityRow before = load(db, row.id);
      after = row;
      after.created_at = before.created_at;
      check(db, after, inventory_of_source(db, before.source_id));  // not to another inventory
      db.exec(
          "UPDATE activity_records SET source_id = $2, code = $3, period = $4, amount = $5, "
          "unit = $6, evidence = $7, evidence_id = $8, note = $9 WHERE id = $1",
          {after.id, after.source_id, after.code, after.period, after.amount, after.unit,
           after.evidence, optional_id(after.evidence_id), after.note});
      append_audit(db, actor, "update", "activity_records", std::to_string(after.id),
                   to_json(before), to_json(after));
    });
    return after;
  });
}

Result<void> delete_activity(Database& db, const Actor& actor, std::int64_t id) {
  return guard([&] {
    db.write([&] {
      const ActivityRow before = load(db, id);
      // The comments on the record go with it, each with its audit row (guidance.hpp). Every row
      // is deleted before the first audit row: on PostgreSQL the record's delete locks its
      // inventory (migration 11), and a write holding the audit log's lock while it waits for an
      // inventory could deadlock with one adding a record to that inventory.
      const auto comments = db.query(
          "SELECT id, activity_id, organization_id, text, created_by, created_at "
          "FROM activity_comments WHERE activity_id = $1 ORDER BY id",
          {id});
      for (const auto& comment : comments) {
        db.exec("DELETE FROM activity_comments WHERE id = $1", {comment.integer(0)});
      }
      db.exec("DELETE FROM activity_records WHERE id = $1", {id});
      for (const auto& comment : comments) {
        append_audit(db, actor, "delete", "activity_comments", std::to_string(comment.integer(0)),
                     {{"id", comment.integer(0)},
                      {"activity_id", comment.integer(1)},
                      {"organization_id", comment.integer(2)},
                      {"text", comment.text(3)},
                      {"created_by", comment.text(4)},
                      {"created_at", comment.text(5)}},
                     nullptr);
      }
      append_audit(db, actor, "delete", "activity_records", std::to_string(id), to_json(before),
                   nullptr);
    });
  });
}

Result<std::vector<ActivityRow>> list_activity(Database& db, std::int64_t inventory_id,
                                               const ActivityFilter& filter) {
  return guard([&] {
    auto params = filter_params(inventory_id, filter);
    params.emplace_back(filter.limit);
    params.emplace_back(filter.offset);
    const auto rows = db.query(std::string("SELECT ") + kColumns + kFilteredRecords +
                                   " ORDER BY s.code, a.period, a.id LIMIT $6 OFFSET $7",
                               params);
    std::vector<ActivityRow> out;
    out.reserve(rows.size());
    for (const auto& row : rows) out.push_back(row_of(row));
    return out;
  });
}

Result<std::int64_t> count_activity(Database& db, std::int64_t inventory_id,
                                    const ActivityFilter& filter) {
  return guard([&] {
    const auto rows = db.query(std::string("SELECT count(*)") + kFilteredRecords,
                               filter_params(inventory_id, filter));
    return rows.empty() ? std::int64_t{0} : rows[0].integer(0);
  });
}

Result<ActivityPage> list_activity_page(Database& db, std::int64_t inventory_id,
                                        const ActivityFilter& filter) {
  return guard([&] {
    // Built once: the statement cache looks statements up by their text.
    static const std::string kPage = std::string("SELECT ") + kColumns + ", s.code" +
                                     kFilteredRecords +
                                     " ORDER BY s.code, a.period, a.id LIMIT $6 OFFSET $7";
    static const std::string kCount = std::string("SELECT count(*)") + kFilteredRecords;
    const auto params = filter_params(inventory_id, filter);
    auto page_params = params;
    page_params.emplace_back(filter.limit);
    page_params.emplace_back(filter.offset);
    ActivityPage page;
    const auto take = [&](const Rows& rows) {
      page.rows.reserve(rows.size());
      page.source_codes.reserve(rows.size());
      for (const auto& row : rows) {
        page.rows.push_back(row_of(row));
        page.source_codes.push_back(row.text(10));
      }
    };
    if (db.dialect() == Dialect::postgresql && !db.in_transaction()) {
      // One statement is its own snapshot: the total beside each row saves BEGIN, count(*) and
      // COMMIT, three round trips of five. A page past the end has no row to carry the total.
      static const std::string kPageWithTotal =
          std::string("SELECT ") + kColumns + ", s.code, count(*) OVER ()" + kFilteredRecords +
          " ORDER BY s.code, a.period, a.id LIMIT $6 OFFSET $7";
      const auto rows = db.query(kPageWithTotal, page_params);
      if (!rows.empty() || filter.offset == 0) {
        take(rows);
        page.total = rows.empty() ? 0 : rows.front().integer(11);
        return page;
      }
    }
    db.read_snapshot([&] {  // the page and its total from one snapshot
      page.total = db.query(kCount, params)[0].integer(0);
      take(db.query(kPage, page_params));
    });
    return page;
  });
}

namespace {

using SourceCodes = std::map<std::string, std::int64_t, std::less<>>;

/// As many problems as io's readers list before they only count the rest.
constexpr std::size_t kMaxUploadProblems = 200;

/// The problems found here (io's readers found the others).
struct RowChecks {
  std::vector<Diagnostic> problems;
  std::size_t count = 0;
  void add(ErrorCode code, std::string message, RecordRef where) {
    if (++count <= kMaxUploadProblems) {
      problems.push_back({Severity::error, code, std::move(message), std::move(where)});
    }
  }
};

/// io's diagnostics and ours in row order; those of no row (the file's) last, io's first on a
/// tie, so a preview reads top to bottom like the file.
Diagnostics merged(const Diagnostics& read, const RowChecks& checks, const std::string& file) {
  std::vector<Diagnostic> all(read.items().begin(), read.items().end());
  all.insert(all.end(), checks.problems.begin(), checks.problems.end());
  const auto key = [](const Diagnostic& item) {
    return item.where.row > 0 ? item.where.row : INT_MAX;
  };
  std::stable_sort(all.begin(), all.end(), [&](const Diagnostic& left, const Diagnostic& right) {
    return key(left) < key(right);
  });
  Diagnostics out;
  for (auto& item : all) {
    if (item.severity == Severity::error) {
      out.error(item.code, std::move(item.message), std::move(item.where));
    } else {
      out.warning(item.code, std::move(item.message), std::move(item.where));
    }
  }
  if (checks.count > kMaxUploadProblems) {
    out.error(ErrorCode::parse_bad_value,
              std::to_string(checks.count - kMaxUploadProblems) +
                  " more source and amount problems not shown; fix the ones above first",
              {.file = file});
  }
  return out;
}

/// "S01, S02, …" for a message about an unknown source.
std::string code_list(const SourceCodes& sources) {
  std::string known;
  for (const auto& [code, id] : sources) {
    if (known.size() > 80) return known + ", …";
    known += (known.empty() ? "" : ", ") + code;
  }
  return known.empty() ? "it has none yet" : known;
}

ActivityUpload read_csv_upload(std::string_view bytes, const std::string& file,
                               const SourceCodes& sources) {
  std::vector<inventory::ActivityRecord> records;
  Diagnostics read;
  io::read_activity_csv(bytes, file, records, read);
  std::map<int, std::set<std::string>> bad;  // the columns io found wrong, by line
  for (const auto& item : read.items()) {
    if (item.severity == Severity::error && item.where.row > 0) {
      bad[item.where.row].insert(item.where.field);
    }
  }
  const std::string known = code_list(sources);
  ActivityUpload out;
  RowChecks checks;
  for (const auto& record : records) {
    UploadRow row;
    row.row = record.row;
    row.source = std::string(record.source);
    auto& fields = bad[record.row];
    const auto where = [&](const char* field) {
      return RecordRef{.file = file, .row = record.row, .field = field};
    };
    if (!fields.contains("source")) {
      if (const auto found = sources.find(row.source); found != sources.end()) {
        row.record.source_id = found->second;
      } else {
        checks.add(ErrorCode::inventory_unknown_source,
                   "source '" + row.source + "' is not one of this inventory's sources (" + known +
                       "); correct the code or add the source first",
                   where("source"));
        fields.insert("source");
      }
    }
    if (!fields.contains("period")) {
      if (const auto problem = inventory::check_period(record.period); problem.empty()) {
        row.record.period = record.period.to_string();
      } else {
        checks.add(ErrorCode::inventory_bad_period,
                   "period is not a valid month or bill period (" + problem + ")", where("period"));
        fields.insert("period");
      }
    }
    if (!fields.contains("amount")) {
      const double amount = record.amount.value;
      if (const auto problem = amount_problem(amount); !problem.empty()) {
        checks.add(std::isfinite(amount) ? ErrorCode::inventory_negative_amount
                                         : ErrorCode::parse_bad_value,
                   problem, where("amount"));
        fields.insert("amount");
      }
      row.record.amount = amount;
    }
    if (!fields.contains("unit")) row.record.unit = std::string(record.amount.unit().symbol);
    row.record.evidence = std::string(record.evidence);
    row.record.note = std::string(record.note);
    row.record.code = std::string(record.id);
    row.bad_fields.assign(fields.begin(), fields.end());
    out.rows.push_back(std::move(row));
  }
  out.diagnostics = merged(read, checks, file);
  return out;
}

ActivityUpload read_xlsx_upload(std::string_view bytes, const std::string& file,
                                const SourceCodes& sources) {
  inventory::Inventory known;  // only its source ids: the reader checks the codes against them
  for (const auto& [code, id] : sources) known.sources.push_back({.id = code});
  io::ActivityXlsxOptions options;
  options.inventory = &known;
  auto read = io::read_activity_xlsx(bytes, file, options);
  ActivityUpload out;
  out.skipped = read.skipped;
  RowChecks checks;
  for (auto& item : read.rows) {
    UploadRow row;
    row.row = item.row;
    row.source = item.source;
    if (const auto found = sources.find(item.source); found != sources.end()) {
      row.record.source_id = found->second;
    }
    // The reader checked the period and the unit; checked again so that nothing it let through
    // reaches Period::to_string.
    if (const auto problem = inventory::check_period(item.period); problem.empty()) {
      row.record.period = item.period.to_string();
    } else {
      checks.add(ErrorCode::inventory_bad_period, "period is not valid (" + problem + ")",
                 {.file = file, .row = item.row, .field = "period"});
      row.bad_fields.emplace_back("period");
    }
    row.record.amount = item.amount;
    if (auto unit = units::find_unit(item.unit)) row.record.unit = std::string(unit->symbol);
    row.record.evidence = std::move(item.evidence);
    row.record.note = std::move(item.note);
    row.record.code = std::move(item.id);
    out.rows.push_back(std::move(row));
  }
  out.diagnostics = merged(read.diagnostics, checks, file);
  return out;
}

}  // namespace

ActivityUpload read_activity_upload(std::string_view bytes, UploadFormat format,
                                    const std::string& file, const SourceCodes& sources) {
  ActivityUpload out = format == UploadFormat::csv ? read_csv_upload(bytes, file, sources)
                                                   : read_xlsx_upload(bytes, file, sources);
  if (out.rows.empty() && !out.diagnostics.has_errors()) {
    out.diagnostics.error(ErrorCode::parse_missing_field,
                          std::string("the file has no activity rows") +
                              (out.skipped > 0 ? " with an amount" : std::string()) +
                              "; fill in at least one row",
                          {.file = file});
  }
  return out;
}

}  // namespace cl::store

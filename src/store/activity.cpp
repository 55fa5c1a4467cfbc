// Activity records, checked before they are stored (period, unit, amount) so that what the
// store holds always reads back into an inventory.
#include "store/activity.hpp"

#include <cmath>

#include "core/inventory/calendar.hpp"
#include "core/units/unit.hpp"
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

void check(const ActivityRow& row) {
  const auto period = io::parse_period(row.period);
  const std::string problem = period ? inventory::check_period(*period) : std::string("bad");
  if (!problem.empty()) {
    throw_error(ErrorCode::store_invalid,
                "period '" + row.period + "' is not valid" + (period ? " (" + problem + ")" : "") +
                    "; write a month (2024-03) or a bill period (2024-01-15..2024-02-14)");
  }
  if (!std::isfinite(row.amount) || row.amount < 0) {
    throw_error(ErrorCode::store_invalid,
                "an amount must be a number of at least 0; a correction is a new record");
  }
  if (!units::find_unit(row.unit)) {
    throw_error(ErrorCode::store_invalid,
                "unit '" + row.unit + "' is unknown; `carbonledger units` lists them");
  }
}

/// The inventory a source belongs to (store.not_found if there is no such source).
std::int64_t inventory_of_source(Database& db, std::int64_t source_id) {
  const auto rows = db.query("SELECT inventory_id FROM sources WHERE id = $1", {source_id});
  if (rows.empty()) detail::throw_not_found("source", source_id);
  return rows[0].integer(0);
}

Value optional_id(std::optional<std::int64_t> id) {
  return id ? Value(*id) : Value();
}

ActivityRow insert(Database& db, const Actor& actor, ActivityRow row) {
  check(row);
  inventory_of_source(db, row.source_id);
  row.created_at = now_iso8601();
  row.id =
      detail::insert_id(db,
                        "INSERT INTO activity_records (source_id, code, period, amount, unit, "
                        "evidence, evidence_id, note, created_at) "
                        "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
                        {row.source_id, row.code, row.period, row.amount, row.unit, row.evidence,
                         optional_id(row.evidence_id), row.note, row.created_at});
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
      check(after);
      if (inventory_of_source(db, after.source_id) != inventory_of_source(db, before.source_id)) {
        throw_error(ErrorCode::store_invalid, "a record cannot move to another inventory's source");
      }
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
      db.exec("DELETE FROM activity_records WHERE id = $1", {id});
      append_audit(db, actor, "delete", "activity_records", std::to_string(id), to_json(before),
                   nullptr);
    });
  });
}

Result<std::vector<ActivityRow>> list_activity(Database& db, std::int64_t inventory_id,
                                               const ActivityFilter& filter) {
  return guard([&] {
    // Optional filters as "($n = '' OR …)" so one statement (and one cached plan) serves all.
    const auto rows = db.query(
        std::string("SELECT ") + kColumns +
            " FROM activity_records a JOIN sources s ON s.id = a.source_id "
            "WHERE s.inventory_id = $1 "
            "AND ($2 = '' OR substr(a.period, 1, 7) >= $2) "
            "AND ($3 = '' OR substr(a.period, 1, 7) <= $3) "
            "AND ($4 = 0 OR s.facility_id = $4) AND ($5 = 0 OR a.source_id = $5) "
            "ORDER BY s.code, a.period, a.id LIMIT $6 OFFSET $7",
        {inventory_id, filter.period_from, filter.period_to, filter.facility_id.value_or(0),
         filter.source_id.value_or(0), filter.limit, filter.offset});
    std::vector<ActivityRow> out;
    out.reserve(rows.size());
    for (const auto& row : rows) out.push_back(row_of(row));
    return out;
  });
}

}  // namespace cl::store

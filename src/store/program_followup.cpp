// The follow-up records and reminders: each write checks its case inside the transaction and
// appends its audit row there.
#include "store/program_followup.hpp"

#include <cmath>

#include "store/guidance.hpp"
#include "store/repository_util.hpp"

namespace cl::store {
namespace {

[[noreturn]] void invalid(const std::string& message, const std::string& field) {
  throw StoreError{Error{ErrorCode::store_invalid, message, {.field = field}, {}}};
}

void check_amount(double value, const std::string& field) {
  if (!std::isfinite(value) || value < 0) {
    invalid(field + " must be a number of at least 0 (t CO2e or kg CO2e), not a negative one",
            field);
  }
}

/// The case must exist and be approved: its follow-up starts after the program it was in.
void check_case(Database& db, std::int64_t application_id) {
  const auto rows =
      db.query("SELECT approved_on FROM program_applications WHERE id = $1", {application_id});
  if (rows.empty()) detail::throw_not_found("program application", application_id);
  if (rows[0].is_null(0)) {
    invalid("application " + std::to_string(application_id) +
                " is not an approved case; only approved cases report follow-up results",
            "application_id");
  }
}

constexpr const char* kColumns =
    "id, application_id, follow_year, reported_on, emissions_t, reduction_t, measures, "
    "footprint_updated, footprint_kg, note, created_by, created_at, updated_at";

FollowUpRecord record_of(const Row& row) {
  FollowUpRecord out;
  out.id = row.integer(0);
  out.application_id = row.integer(1);
  out.year = static_cast<int>(row.integer(2));
  out.reported_on = row.text(3);
  out.emissions_t = row.real(4);
  out.reduction_t = row.real(5);
  out.measures = row.text(6);
  out.footprint_updated = row.integer(7) != 0;
  if (!row.is_null(8)) out.footprint_kg = row.real(8);
  out.note = row.text(9);
  out.created_by = row.text(10);
  out.created_at = row.text(11);
  out.updated_at = row.text(12);
  return out;
}

Value optional_real(const std::optional<double>& value) {
  return value ? Value(*value) : Value(std::monostate{});
}

}  // namespace

nlohmann::json to_json(const FollowUpRecord& record) {
  return {{"id", record.id},
          {"application_id", record.application_id},
          {"year", record.year},
          {"reported_on", record.reported_on},
          {"emissions_t", record.emissions_t},
          {"reduction_t", record.reduction_t},
          {"measures", record.measures},
          {"footprint_updated", record.footprint_updated},
          {"footprint_kg",
           record.footprint_kg ? nlohmann::json(*record.footprint_kg) : nlohmann::json(nullptr)},
          {"note", record.note},
          {"created_by", record.created_by},
          {"created_at", record.created_at},
          {"updated_at", record.updated_at}};
}

nlohmann::json to_json(const FollowUpReminder& reminder) {
  return {{"id", reminder.id},
          {"application_id", reminder.application_id},
          {"year", reminder.year},
          {"sent_on", reminder.sent_on},
          {"note", reminder.note},
          {"created_by", reminder.created_by},
          {"created_at", reminder.created_at}};
}

Result<FollowUpRecord> put_follow_up(Database& db, const Actor& actor, FollowUpRecord record,
                                     int max_year, bool replace) {
  return guard([&] {
    if (record.year < 1 || record.year > max_year) {
      invalid("year " + std::to_string(record.year) + " is outside the follow-up's years 1 to " +
                  std::to_string(max_year) + " after the program",
              "year");
    }
    if (!is_calendar_date(record.reported_on)) {
      invalid("reported_on '" + record.reported_on +
                  "' is not a calendar day written YYYY-MM-DD, e.g. 2015-12-01",
              "reported_on");
    }
    check_amount(record.emissions_t, "emissions_t");
    check_amount(record.reduction_t, "reduction_t");
    if (record.footprint_kg) check_amount(*record.footprint_kg, "footprint_kg");
    db.write([&] {
      check_case(db, record.application_id);
      const auto existing = db.query(std::string("SELECT ") + kColumns +
                                         " FROM program_follow_ups WHERE application_id = $1 "
                                         "AND follow_year = $2",
                                     {record.application_id, std::int64_t{record.year}});
      record.updated_at = now_iso8601();
      if (!existing.empty()) {
        const auto before = record_of(existing[0]);
        if (!replace) {
          invalid("year " + std::to_string(record.year) + " was already reported on " +
                      before.reported_on + "; send \"replace\": true to replace that record",
                  "year");
        }
        record.id = before.id;
        record.created_by = before.created_by;
        record.created_at = before.created_at;
        db.exec(
            "UPDATE program_follow_ups SET reported_on = $2, emissions_t = $3, reduction_t = $4, "
            "measures = $5, footprint_updated = $6, footprint_kg = $7, note = $8, "
            "updated_at = $9 WHERE id = $1",
            {record.id, record.reported_on, record.emissions_t, record.reduction_t, record.measures,
             std::int64_t{record.footprint_updated ? 1 : 0}, optional_real(record.footprint_kg),
             record.note, record.updated_at});
        append_audit(db, actor, "update", "program_follow_ups", std::to_string(record.id),
                     to_json(before), to_json(record));
        return;
      }
      record.created_by = actor.who;
      record.created_at = record.updated_at;
      record.id = detail::insert_id(
          db,
          "INSERT INTO program_follow_ups (application_id, follow_year, reported_on, "
          "emissions_t, reduction_t, measures, footprint_updated, footprint_kg, note, "
          "created_by, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, "
          "$11, $12)",
          {record.application_id, std::int64_t{record.year}, record.reported_on, record.emissions_t,
           record.reduction_t, record.measures, std::int64_t{record.footprint_updated ? 1 : 0},
           optional_real(record.footprint_kg), record.note, record.created_by, record.created_at,
           record.updated_at});
      append_audit(db, actor, "create", "program_follow_ups", std::to_string(record.id), nullptr,
                   to_json(record));
    });
    return record;
  });
}

Result<std::vector<FollowUpRecord>> list_follow_ups(Database& db, std::int64_t application_id) {
  return guard([&] {
    std::vector<FollowUpRecord> out;
    for (const auto& row :
         db.query(std::string("SELECT ") + kColumns +
                      " FROM program_follow_ups WHERE application_id = $1 ORDER BY follow_year",
                  {application_id})) {
      out.push_back(record_of(row));
    }
    return out;
  });
}

Result<FollowUpReminder> add_follow_up_reminder(Database& db, const Actor& actor,
                                                FollowUpReminder reminder) {
  return guard([&] {
    if (reminder.year < 1) invalid("year starts at 1 (the first year after the program)", "year");
    if (!is_calendar_date(reminder.sent_on)) {
      invalid("sent_on '" + reminder.sent_on + "' is not a calendar day written YYYY-MM-DD",
              "sent_on");
    }
    db.write([&] {
      check_case(db, reminder.application_id);
      reminder.created_by = actor.who;
      reminder.created_at = now_iso8601();
      reminder.id = detail::insert_id(
          db,
          "INSERT INTO program_follow_up_reminders (application_id, follow_year, sent_on, note, "
          "created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6)",
          {reminder.application_id, std::int64_t{reminder.year}, reminder.sent_on, reminder.note,
           reminder.created_by, reminder.created_at});
      append_audit(db, actor, "create", "program_follow_up_reminders", std::to_string(reminder.id),
                   nullptr, to_json(reminder));
    });
    return reminder;
  });
}

Result<std::vector<FollowUpReminder>> list_follow_up_reminders(Database& db,
                                                               std::int64_t application_id) {
  return guard([&] {
    std::vector<FollowUpReminder> out;
    for (const auto& row :
         db.query("SELECT id, application_id, follow_year, sent_on, note, created_by, created_at "
                  "FROM program_follow_up_reminders WHERE application_id = $1 ORDER BY id",
                  {application_id})) {
      out.push_back({row.integer(0), row.integer(1), static_cast<int>(row.integer(2)), row.text(3),
                     row.text(4), row.text(5), row.text(6)});
    }
    return out;
  });
}

}  // namespace cl::store

// The program's follow-up (成效追蹤表, APP-5): for `follow_up.years` years after the program a
// factory reports its results once a year (seed 000 注意事項 三; seed 004 陸.五). The seeds name
// the form but not its items; the items kept here are the ones a reduction report needs and are
// documented in docs/formats/program.md "Follow-up": the year's emissions (t CO2e), the
// reductions achieved (t CO2e), the measures carried out, whether the product footprint was
// updated and its new value (kg CO2e per declared unit). One record per case and year; a second
// one replaces the first only when asked to. The office's reminders are recorded and counted.
// Every write is one transaction with its audit row.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/common/result.hpp"
#include "store/audit.hpp"
#include "store/database.hpp"

namespace cl::store {

struct FollowUpRecord {
  std::int64_t id = 0;
  std::int64_t application_id = 0;
  int year = 0;             ///< 1 = the first year after the program
  std::string reported_on;  ///< YYYY-MM-DD
  double emissions_t = 0;   ///< the year's emissions, t CO2e
  double reduction_t = 0;   ///< reductions achieved in the year, t CO2e
  std::string measures;     ///< the measures carried out
  bool footprint_updated = false;
  std::optional<double> footprint_kg;  ///< the updated product footprint, kg CO2e per unit
  std::string note;
  std::string created_by;
  std::string created_at;
  std::string updated_at;
};

struct FollowUpReminder {
  std::int64_t id = 0;
  std::int64_t application_id = 0;
  int year = 0;
  std::string sent_on;  ///< YYYY-MM-DD
  std::string note;
  std::string created_by;
  std::string created_at;
};

nlohmann::json to_json(const FollowUpRecord& record);
nlohmann::json to_json(const FollowUpReminder& reminder);

/// Stores a year's results. store.invalid (naming the field) for a year below 1 or above
/// `max_year`, a reported_on that is not a calendar day, negative or non-finite numbers, an
/// application that does not exist or is not approved, and a year already reported unless
/// `replace` (then the row is rewritten, its id kept). Nothing is written on a refusal.
Result<FollowUpRecord> put_follow_up(Database& db, const Actor& actor, FollowUpRecord record,
                                     int max_year, bool replace);
/// The case's records by year.
Result<std::vector<FollowUpRecord>> list_follow_ups(Database& db, std::int64_t application_id);

/// Records a reminder sent for a case's year. store.invalid for a year below 1 or a sent_on that
/// is not a calendar day.
Result<FollowUpReminder> add_follow_up_reminder(Database& db, const Actor& actor,
                                                FollowUpReminder reminder);
Result<std::vector<FollowUpReminder>> list_follow_up_reminders(Database& db,
                                                               std::int64_t application_id);

}  // namespace cl::store

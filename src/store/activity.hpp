// Activity records: one row of activity data (a month or a bill period, an amount in a unit,
// the evidence it rests on). Amounts are never negative (a correction is a new record or an
// audited update). Listing filters by period and facility and pages, for the API.
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

struct ActivityRow {
  std::int64_t id = 0;
  std::int64_t source_id = 0;
  std::string code;    ///< the record's own id in the inventory file, if it had one
  std::string period;  ///< "2024-03" or "2024-01-15..2024-02-14" (io::parse_period checks it)
  double amount = 0.0;
  std::string unit;                         ///< a unit symbol of `carbonledger units`
  std::string evidence;                     ///< file name or content hash of the bill
  std::optional<std::int64_t> evidence_id;  ///< an evidence_files row, when uploaded
  std::string note;
  std::string created_at;
};

nlohmann::json to_json(const ActivityRow& row);

struct ActivityFilter {
  std::string period_from;  ///< "2024-01": records whose period starts at or after this month
  std::string period_to;    ///< "2024-06": … and starts at or before this month
  std::optional<std::int64_t> facility_id;
  std::optional<std::int64_t> source_id;
  std::int64_t limit = 1000;
  std::int64_t offset = 0;
};

/// store.invalid for a bad period, a negative amount or an unknown unit; store.not_found for
/// an unknown source.
Result<ActivityRow> add_activity(Database& db, const Actor& actor, ActivityRow row);
/// Adds many rows in one transaction: all or none.
Result<std::vector<ActivityRow>> add_activities(Database& db, const Actor& actor,
                                                std::vector<ActivityRow> rows);
Result<ActivityRow> get_activity(Database& db, std::int64_t id);
Result<ActivityRow> update_activity(Database& db, const Actor& actor, const ActivityRow& row);
Result<void> delete_activity(Database& db, const Actor& actor, std::int64_t id);
/// The records of an inventory, ordered by source and period, then id.
Result<std::vector<ActivityRow>> list_activity(Database& db, std::int64_t inventory_id,
                                               const ActivityFilter& filter = {});

}  // namespace cl::store

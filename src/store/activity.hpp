// Activity records: one row of activity data (a month or a bill period, an amount in a unit,
// the evidence it rests on). Amounts are never negative (a correction is a new record or an
// audited update). Listing filters by period and facility and pages, for the API.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/common/diagnostic.hpp"
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

/// Every reason add_activity would refuse `row` for inventory `inventory_id`, each an error
/// whose field is `prefix` + the member ("records[2].amount"), so a batch can list them all: a
/// source not of that inventory (store.invalid), a bad period (inventory.bad_period), a negative
/// or non-finite amount (inventory.negative_amount), an unknown unit (units.*), an evidence_id
/// that is not evidence of the inventory's organization (store.invalid). Normalizes the row as
/// the store saves it: the period as Period::to_string ("2024-3" → "2024-03"), the unit as its
/// canonical symbol ("度" → "kWh").
Result<Diagnostics> check_activity(Database& db, std::int64_t inventory_id, ActivityRow& row,
                                   const std::string& prefix = {});
/// The same, for a caller that has read the inventory's sources already (`of_inventory`: whether
/// row.source_id is one of them), one query less.
Result<Diagnostics> check_activity(Database& db, std::int64_t inventory_id, bool of_inventory,
                                   ActivityRow& row, const std::string& prefix);

/// store.invalid for what check_activity finds (the first problem's message); store.not_found
/// for an unknown source. The row is saved normalized.
Result<ActivityRow> add_activity(Database& db, const Actor& actor, ActivityRow row);
/// Adds many rows in one transaction: all or none.
Result<std::vector<ActivityRow>> add_activities(Database& db, const Actor& actor,
                                                std::vector<ActivityRow> rows);
Result<ActivityRow> get_activity(Database& db, std::int64_t id);
/// The same checks; the new source must be of the same inventory.
Result<ActivityRow> update_activity(Database& db, const Actor& actor, const ActivityRow& row);
/// Removes the record and the comments on it (guidance.hpp), each with its audit row.
Result<void> delete_activity(Database& db, const Actor& actor, std::int64_t id);
/// The records of an inventory, ordered by source and period, then id.
Result<std::vector<ActivityRow>> list_activity(Database& db, std::int64_t inventory_id,
                                               const ActivityFilter& filter = {});
/// How many records list_activity would give for `filter` without its limit and offset.
Result<std::int64_t> count_activity(Database& db, std::int64_t inventory_id,
                                    const ActivityFilter& filter = {});

/// A page of list_activity with what the API answers beside it.
struct ActivityPage {
  std::vector<ActivityRow> rows;
  std::vector<std::string> source_codes;  ///< each row's source code, parallel to rows
  std::int64_t total = 0;                 ///< count_activity for the same filter
};

/// list_activity, count_activity and the rows' source codes (from the page's join, not a query
/// of their own) in one read snapshot. On PostgreSQL (outside a transaction) one statement with
/// `count(*) OVER ()` beside the rows: 2 round trips fewer. Not on SQLite, where that statement
/// is 2x slower: it copies every selected row into a temporary table before sorting.
Result<ActivityPage> list_activity_page(Database& db, std::int64_t inventory_id,
                                        const ActivityFilter& filter);

// Uploaded activity files (the API's import). Reading touches no database, so a preview costs
// nothing and the fuzz target (tests/fuzz/activity_upload_fuzzer.cpp) runs it on any bytes.

enum class UploadFormat { csv, xlsx };

/// One row of an uploaded file as read. `record` holds what parsed (source_id 0 when the code
/// is not one of the inventory's sources); `bad_fields` names the columns that did not
/// ("source", "period", "amount", "unit").
struct UploadRow {
  int row = 0;         ///< the CSV line or the sheet row
  std::string source;  ///< the source code as written, e.g. "S09"
  ActivityRow record;
  std::vector<std::string> bad_fields;
};

/// A preview row: "row", "source", "source_id" (null when unknown), "period", "amount", "unit"
/// (null when bad), "evidence", "note", "code", "ok".
nlohmann::json to_json(const UploadRow& row);

struct ActivityUpload {
  std::vector<UploadRow> rows;
  Diagnostics diagnostics;  ///< every problem, naming its row and column, in row order
  std::size_t skipped = 0;  ///< XLSX: template rows nobody filled in
};

/// Reads an activity file with io's readers (CSV: io::read_activity_csv, header source, period,
/// amount, unit[, evidence, note, id]; XLSX: io::read_activity_xlsx, the sheet of
/// `carbonledger inventory template`) and checks every row against `sources` (the inventory's
/// source codes → store ids): an unknown source, a period that is not a valid month or bill
/// period, an amount that is negative or not a finite number and an unknown unit are errors;
/// units become their canonical symbol ("度" → "kWh"). A file without a data row is an error.
/// XLSX rows are listed only when the sheet has no error (io's reader is all or nothing).
ActivityUpload read_activity_upload(
    std::string_view bytes, UploadFormat format, const std::string& file,
    const std::map<std::string, std::int64_t, std::less<>>& sources);

}  // namespace cl::store

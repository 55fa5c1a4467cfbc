// A program case's funding ledger and change requests (issue 8, DEM-5, DEM-7, DEM-9): the facts
// only. The funding record keeps what the office approved (own funds, the satellites signed, the
// plan's cost items); the government funds, the deductions and every check are the core's
// (core/program/funding, core/program/ledger), asked by the caller through a callback that runs
// inside the write transaction on the ledger as it stands, so two expenses cannot both take the
// last dollar. Each expense keeps the split it was booked with (a later satellite drop changes
// the proportion of later expenses only). Every write is one transaction with its audit row.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/common/result.hpp"
#include "store/audit.hpp"
#include "store/database.hpp"

namespace cl::store {

struct FundingRecord {
  std::int64_t id = 0;
  std::int64_t application_id = 0;
  std::int64_t own_ntd = 0;
  int satellites_signed = 0;
  nlohmann::json cost_items = nlohmann::json::array();  ///< [{id, name, budget}]
  std::string created_by;
  std::string created_at;
  std::string updated_at;
};

struct Expense {
  std::int64_t id = 0;
  std::int64_t application_id = 0;
  std::string date;  ///< YYYY-MM-DD
  std::string cost_item;
  std::int64_t amount_ntd = 0;
  std::int64_t government_ntd = 0;
  std::int64_t own_ntd = 0;
  std::string description;
  std::optional<std::int64_t> evidence_id;
  std::string created_by;
  std::string created_at;
};

struct ChangeRequest {
  std::int64_t id = 0;
  std::int64_t application_id = 0;
  std::string kind;  ///< a ChangeLimit id of the definition
  nlohmann::json details = nlohmann::json::object();
  std::string reason;
  std::string requested_on;        ///< YYYY-MM-DD
  std::string status = "pending";  ///< pending, approved, rejected
  std::optional<std::string> decided_on;
  std::string decision_note;
  std::string decided_by;
  int satellites_dropped = 0;  ///< an approved drop: satellites taken off the case
  std::string created_by;
  std::string created_at;
};

/// Everything of one case, as the checks read it.
struct CaseLedger {
  std::optional<FundingRecord> funding;
  std::vector<Expense> expenses;
  std::vector<ChangeRequest> changes;
};

nlohmann::json to_json(const FundingRecord& record);
nlohmann::json to_json(const Expense& expense);
nlohmann::json to_json(const ChangeRequest& change);

Result<CaseLedger> get_case_ledger(Database& db, std::int64_t application_id);

/// The funding record of an approved case, once. store.conflict when the case has one;
/// store.invalid when the application is not approved.
Result<FundingRecord> add_funding(Database& db, const Actor& actor, FundingRecord record);

/// Books an expense: `split` gets the ledger as it stands and returns (government, own) or
/// throws StoreError to refuse; nothing is written then. store.invalid for a date that is not a
/// calendar day, an empty description, a case without funding record, or evidence of another
/// organization.
Result<Expense> add_expense(
    Database& db, const Actor& actor, Expense expense,
    const std::function<std::pair<std::int64_t, std::int64_t>(const CaseLedger&)>& split);

/// Files a change request (status pending): `check` gets the ledger and throws StoreError to
/// refuse. store.invalid for an empty reason or a date that is not a calendar day.
Result<ChangeRequest> add_change(Database& db, const Actor& actor, ChangeRequest change,
                                 const std::function<void(const CaseLedger&)>& check);

/// Decides a pending request: `status` approved or rejected, with a note. On approval `apply`
/// gets the ledger and the request and returns the cost items after the change (a budget
/// transfer) or nullopt, and throws StoreError to refuse; the request's satellites_dropped is
/// kept from `change`. store.conflict when already decided.
Result<ChangeRequest> decide_change(
    Database& db, const Actor& actor, std::int64_t change_id, const std::string& status,
    const std::string& note, const std::string& date,
    const std::function<std::optional<nlohmann::json>(const CaseLedger&, const ChangeRequest&)>&
        apply);

/// The funding records of all cases with the application ids, for the office's summary.
Result<std::vector<CaseLedger>> list_case_ledgers(Database& db);

}  // namespace cl::store

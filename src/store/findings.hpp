// The verifier's side of verification: findings on a frozen inventory version and the factory's
// answers to them. A finding has a severity (nonconformity, observation, clarification), may
// point at one line of the version (a source id or an activity record id that must exist in the
// version's content) and has a status: open → answered (when an answer is added) → closed, and
// may be reopened. The version itself never changes; findings and answers are separate rows.
// Every mutation is one transaction with its audit row.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/common/result.hpp"
#include "store/audit.hpp"
#include "store/database.hpp"

namespace cl::store {

struct Finding {
  std::int64_t id = 0;
  std::int64_t version_id = 0;
  std::int64_t inventory_id = 0;   ///< the version's inventory (read from the version)
  int version = 0;                 ///< the version's number (read from the version)
  std::int64_t author_org_id = 0;  ///< the verifier's organization
  std::string record_kind;         ///< "", "source" or "activity"
  std::string record_key;          ///< the source id ("S01") or activity record id ("r12")
  std::string severity;            ///< nonconformity, observation, clarification
  std::string text;
  std::string status = "open";  ///< open, answered, closed
  std::string created_by;
  std::string created_at;
  std::string updated_at;
};

struct FindingAnswer {
  std::int64_t id = 0;
  std::int64_t finding_id = 0;
  std::int64_t author_org_id = 0;  ///< the factory's organization
  std::string text;
  std::string created_by;
  std::string created_at;
};

/// A version shared with an organization, with the inventory's organization (for a verifier's
/// work list).
struct SharedVersion {
  std::int64_t version_id = 0;
  std::int64_t inventory_id = 0;
  int version = 0;
  int year = 0;
  std::int64_t organization_id = 0;  ///< the inventory's organization
  std::string organization_name;
  std::string frozen_at;
  std::string shared_at;
};

nlohmann::json to_json(const Finding& finding);
nlohmann::json to_json(const FindingAnswer& answer);

/// Stores a new open finding (id, status, created_*, inventory_id and version are set here).
/// store.not_found when the version does not exist; store.invalid for an unknown severity or record
/// kind, an empty text, a record kind without a key (or a key without a kind), or a key the
/// version's content does not hold.
Result<Finding> create_finding(Database& db, const Actor& actor, Finding finding);
Result<Finding> get_finding(Database& db, std::int64_t id);
/// The findings on a version, oldest first.
Result<std::vector<Finding>> list_findings(Database& db, std::int64_t version_id);

/// Adds an answer and sets the finding's status to "answered". store.not_found for no such
/// finding; store.conflict when it is closed (reopen it first); store.invalid for an empty text.
Result<FindingAnswer> add_answer(Database& db, const Actor& actor, FindingAnswer answer);
/// The answers to a finding, oldest first.
Result<std::vector<FindingAnswer>> list_answers(Database& db, std::int64_t finding_id);

/// Sets the status to "open" or "closed" (store.invalid otherwise; "answered" comes only from
/// add_answer). Returns the finding as it is afterwards.
Result<Finding> set_finding_status(Database& db, const Actor& actor, std::int64_t id,
                                   const std::string& status);

/// The versions shared with `organization_id`, by inventory and version.
Result<std::vector<SharedVersion>> list_versions_shared_with(Database& db,
                                                             std::int64_t organization_id);

}  // namespace cl::store

// The append-only, hash-chained audit log. Every mutation through a repository appends, in its
// own transaction, one row: seq, at (ISO 8601 UTC), actor, action, entity, entity id, the
// entity before and after (JSON), the reason, prev_hash and
//   hash = SHA-256( canonical JSON array [seq, at, actor, action, entity, entity_id,
//                    before_json|null, after_json|null, reason, prev_hash] )
// with prev_hash of seq 1 = 64 zeros. verify_audit() recomputes the chain, so an edited,
// deleted or reordered row is found even when the database triggers that forbid UPDATE and
// DELETE on audit_log have been dropped. (Cutting rows off the end leaves a valid shorter
// chain: compare the reported head with one recorded elsewhere, e.g. in a verification report.)
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/common/result.hpp"
#include "store/database.hpp"

namespace cl::store {

/// Who makes a change and why; every mutating repository function takes one.
struct Actor {
  std::string who;     ///< "user:12 alice@example.com", "cli", "system"
  std::string reason;  ///< why; recorded in the audit row
};

struct AuditEntry {
  std::int64_t seq = 0;
  std::string at;
  std::string actor;
  std::string action;  ///< "create", "update", "delete", "freeze", …
  std::string entity;  ///< table name, e.g. "facilities"
  std::string entity_id;
  std::optional<std::string> before_json;
  std::optional<std::string> after_json;
  std::string reason;
  std::string prev_hash;
  std::string hash;
};

inline constexpr const char* kGenesisHash =
    "0000000000000000000000000000000000000000000000000000000000000000";

/// The hash an entry must carry (over every field but `hash`).
std::string audit_hash(const AuditEntry& entry);

/// Appends one audit row for a change; call inside Database::write (throws StoreError).
/// `before`/`after` null: the entity did not exist before / does not exist after.
void append_audit(Database& db, const Actor& actor, const std::string& action,
                  const std::string& entity, const std::string& entity_id,
                  const nlohmann::json& before, const nlohmann::json& after);

struct AuditReport {
  std::int64_t entries = 0;
  std::int64_t head_seq = 0;
  std::string head_hash = kGenesisHash;
  bool intact = true;
  std::int64_t first_bad_seq = 0;  ///< the first seq missing, edited or out of place
  std::string problem;             ///< what is wrong there
};

/// Recomputes the whole chain. A broken chain is a report with intact = false, not an error;
/// errors are only for a database that cannot be read.
Result<AuditReport> verify_audit(Database& db);

/// Entries with seq > after_seq, oldest first, at most `limit`; optionally one entity only.
Result<std::vector<AuditEntry>> list_audit(Database& db, std::int64_t after_seq = 0,
                                           std::int64_t limit = 100,
                                           const std::string& entity = {});

}  // namespace cl::store

// Frozen inventory versions (for verification). Freezing stores the inventory document (the
// file format, docs/formats/inventory.md) and its computed result as version N+1 with the
// SHA-256 of both; a version never changes afterwards — the store has no update for it, the
// database triggers refuse UPDATE/DELETE (store.frozen), and reading one re-checks its hash.
// A correction is a new version; diff_versions compares two line by line.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/common/result.hpp"
#include "store/audit.hpp"
#include "store/database.hpp"

namespace cl::store {

struct InventoryVersion {
  std::int64_t id = 0;
  std::int64_t inventory_id = 0;
  int version = 0;         ///< 1, 2, … per inventory
  nlohmann::json content;  ///< the inventory document
  nlohmann::json result;   ///< io::to_json of its computed result
  std::string sha256;      ///< version_hash(content, result)
  std::string frozen_at;
  std::string frozen_by;
  std::string reason;
};

/// SHA-256 of the canonical JSON {"content": …, "result": …} (keys sorted, no spaces).
std::string version_hash(const nlohmann::json& content, const nlohmann::json& result);

/// Stores `content` and `result` as the inventory's next version (audited as "freeze").
/// Use workspace.hpp freeze_inventory() to freeze what the store holds now.
Result<InventoryVersion> freeze_version(Database& db, const Actor& actor, std::int64_t inventory_id,
                                        const nlohmann::json& content,
                                        const nlohmann::json& result);
/// store.not_found if there is no such version; store.audit_broken if its hash does not match.
Result<InventoryVersion> get_version(Database& db, std::int64_t inventory_id, int version);
/// All versions, oldest first (content and result included).
Result<std::vector<InventoryVersion>> list_versions(Database& db, std::int64_t inventory_id);

/// Shares a version with an organization (a verifier reads only what is shared with it).
Result<void> share_version(Database& db, const Actor& actor, std::int64_t version_id,
                           std::int64_t organization_id);
/// The organizations a version is shared with.
Result<std::vector<std::int64_t>> list_version_shares(Database& db, std::int64_t version_id);

/// One line that differs between two versions.
struct LineChange {
  std::string kind;                 ///< "source" or "activity"
  std::string key;                  ///< source id, or activity record id
  std::string change;               ///< "added", "removed" or "changed"
  std::vector<std::string> fields;  ///< the fields that changed (for "changed")
  nlohmann::json before;            ///< null when added
  nlohmann::json after;             ///< null when removed
};

struct TotalChange {
  std::string name;  ///< "total_co2e_kg", "scope_co2e_kg.1", …
  double before = 0.0;
  double after = 0.0;
  double delta() const { return after - before; }
};

struct VersionDiff {
  int from_version = 0;
  int to_version = 0;
  std::vector<LineChange> lines;  ///< sources first, then activity; each by key
  std::vector<TotalChange> totals;
};

/// Compares two versions: sources by id, activity records by id, and the totals of the result.
VersionDiff diff_versions(const InventoryVersion& from, const InventoryVersion& to);
nlohmann::json to_json(const VersionDiff& diff);
/// "+ activity r57: S09 2024-12 1000 kWh", "~ source S02: factor", "total_co2e_kg: a → b (+d)".
std::string render_diff(const VersionDiff& diff);

}  // namespace cl::store

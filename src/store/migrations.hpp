// Versioned schema migrations. One schema for both dialects, written once with four type
// tokens ({pk} {int} {real} {blob}); what differs (the triggers that make the audit log and the
// frozen versions append-only) is written out per dialect beside it. schema_migrations records
// each applied version; migrate() is idempotent and refuses a database newer than this binary.
#pragma once

#include <string>
#include <vector>

#include "core/common/result.hpp"
#include "store/database.hpp"

namespace cl::store {

/// The schema version this binary writes and understands.
inline constexpr int kSchemaVersion = 13;

struct MigrationReport {
  int from_version = 0;
  int to_version = 0;
  std::vector<std::string> applied;  ///< "1 initial schema", …
};

/// Brings the database to kSchemaVersion, each step in its own transaction.
/// store.schema_too_new if the database is newer than this binary.
Result<MigrationReport> migrate(Database& db);

/// True when every migration after `version` only adds tables and defaulted columns, so data of
/// schema `version` (a backup) loads into the current schema unchanged.
bool additive_since(int version);

/// The database's schema version; 0 for an empty database.
Result<int> schema_version(Database& db);

/// Ok if the database is at kSchemaVersion; store.not_migrated (run `carbonledger migrate`)
/// or store.schema_too_new otherwise. Every command that opens a store calls it first.
Result<void> require_current_schema(Database& db);

/// Opens `url` and checks its schema: the usual start of a command or a server.
Result<std::unique_ptr<Database>> open_migrated(const std::string& url);

/// The tables in dependency order (a parent before its children), for backup and restore.
const std::vector<std::string>& table_names();

}  // namespace cl::store

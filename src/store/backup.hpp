// Backup and restore as a logical export: every table, read in one snapshot transaction
// (SQLite: one WAL read snapshot; PostgreSQL: REPEATABLE READ), written as JSON lines to a
// portable file that restore loads into an empty, migrated database of either dialect — so a
// backup is also how a workspace moves from SQLite to PostgreSQL. The file is written to a
// temporary name, synced and renamed, so a failed backup never leaves half a file.
//
// Format (`carbonledger: backup/1`), one JSON value per line:
//   {"carbonledger":"backup/1","schema_version":1,"created_at":"…","source":"sqlite:…"}
//   {"table":"organizations","columns":["id","kind",…]}
//   [1,"factory",…]                      one array per row; a blob is {"base64":"…"}
//   …
//   {"end":true,"tables":16,"rows":1234}
#pragma once

#include <cstdint>
#include <string>

#include "core/common/result.hpp"
#include "store/database.hpp"

namespace cl::store {

struct BackupReport {
  std::int64_t tables = 0;
  std::int64_t rows = 0;
};

/// Writes the whole database to `path`.
Result<BackupReport> backup_database(Database& db, const std::string& path);

/// Loads a backup into `db`, which must be migrated to the backup's schema version (or to the
/// current one when every migration since was additive: an older backup still restores) and empty
/// (store.not_empty otherwise), in one transaction. The caller should verify the audit chain
/// afterwards (the CLI does).
Result<BackupReport> restore_database(Database& db, const std::string& path);

}  // namespace cl::store

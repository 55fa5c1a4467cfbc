// The bridge between the store and the inventory engine: load an inventory file (YAML/JSON and
// its CSV files, the demo workspace) into the store, rebuild the inventory document from the
// tables, compute it with the calculation core, and freeze it as a version — each in one
// transaction with its audit rows.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "core/common/result.hpp"
#include "core/factors/library.hpp"
#include "core/inventory/model.hpp"
#include "store/audit.hpp"
#include "store/database.hpp"
#include "store/versions.hpp"

namespace cl::store {

struct ImportReport {
  std::int64_t organization_id = 0;
  std::int64_t inventory_id = 0;
  std::size_t facilities = 0;
  std::size_t sources = 0;
  std::size_t records = 0;
  std::size_t factors = 0;
};

/// Reads `path` with io::read_inventory, validates it against `library` and stores it: a new
/// organization of kind `kind` (or the existing `organization_id`, whose facilities are reused
/// by code), its facilities, own factors, the inventory for the file's year, sources and every
/// activity record (inline and from CSV files). All or nothing; the first error of an invalid
/// file is returned with the count (`carbonledger inventory validate` lists them all).
Result<ImportReport> import_inventory_file(
    Database& db, const Actor& actor, const std::string& path,
    const factors::FactorLibrary& library, const std::string& kind = "factory",
    std::optional<std::int64_t> organization_id = std::nullopt);

/// The inventory as a document in the file format (docs/formats/inventory.md); every activity
/// record carries an id ("r<store id>" unless it had its own).
Result<nlohmann::json> inventory_document(Database& db, std::int64_t inventory_id);

/// The inventory model read back from the store (through io's reader, so it is checked the same
/// way as a file). Without activity: organization, facilities, own factors and sources only
/// (what a factor look-up needs, without reading a million records).
Result<inventory::Inventory> load_inventory(Database& db, std::int64_t inventory_id,
                                            bool with_activity = true);

/// Computes the inventory, stores the result (io::to_json) and returns it.
Result<nlohmann::json> compute_inventory(Database& db, const Actor& actor,
                                         std::int64_t inventory_id,
                                         const factors::FactorLibrary& library);

/// Computes what the store holds now and freezes document + result as the next version.
Result<InventoryVersion> freeze_inventory(Database& db, const Actor& actor,
                                          std::int64_t inventory_id,
                                          const factors::FactorLibrary& library);

}  // namespace cl::store

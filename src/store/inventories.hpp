// Inventories (one per organization and reporting year), their emission sources, the
// organization's own (user-added) emission factors, and the computed result of an inventory.
// A source's `definition` is its object in the inventory file format
// (docs/formats/inventory.md: type, factor, quality, uncertainty, heating_value, refrigerant,
// …) with `facility` set to the facility's code, so workspace.hpp can rebuild the document the
// calculation core reads. Every mutation writes an audit row in the same transaction.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/common/result.hpp"
#include "store/audit.hpp"
#include "store/database.hpp"

namespace cl::store {

struct InventoryRecord {
  std::int64_t id = 0;
  std::int64_t organization_id = 0;
  int year = 0;
  int base_year = 0;
  std::string boundary = "operational_control";
  std::string gwp_set = "AR5";
  /// Other inventory-level fields of the file format, e.g. {"market_instruments": […]}.
  nlohmann::json settings = nlohmann::json::object();
  std::string updated_at;
  /// Raised by every change to the inventory's sources and activity records (migration 11); not
  /// part of the inventory's content (never in its JSON, its audit entries or a backup).
  std::int64_t revision = 0;
};

struct SourceRecord {
  std::int64_t id = 0;
  std::int64_t inventory_id = 0;
  std::int64_t facility_id = 0;
  std::string code;  ///< the inventory's source id, e.g. "S01"
  std::string name;
  std::string type;    ///< source type id, e.g. "stationary_combustion"
  std::string factor;  ///< factor id; empty for refrigerant sources
  nlohmann::json definition = nlohmann::json::object();
};

struct FactorRecord {
  std::int64_t id = 0;
  std::int64_t organization_id = 0;
  std::string code;                                      ///< factor id, e.g. "own.steam.supplier"
  nlohmann::json definition = nlohmann::json::object();  ///< a `factors:` entry of the format
  std::string created_at;
};

nlohmann::json to_json(const InventoryRecord& inventory);
nlohmann::json to_json(const SourceRecord& source);
nlohmann::json to_json(const FactorRecord& factor);

/// store.conflict if the organization has an inventory for that year already.
Result<InventoryRecord> create_inventory(Database& db, const Actor& actor,
                                         InventoryRecord inventory);
Result<InventoryRecord> get_inventory(Database& db, std::int64_t id);
/// store.not_found if the organization has no inventory for that year.
Result<InventoryRecord> find_inventory(Database& db, std::int64_t organization_id, int year);
Result<std::vector<InventoryRecord>> list_inventories(Database& db, std::int64_t organization_id);
/// Replaces base_year, boundary, gwp_set and settings.
Result<InventoryRecord> update_inventory(Database& db, const Actor& actor,
                                         const InventoryRecord& inventory);

/// Saves the computed result (JSON of io::to_json) of an inventory; audited as "compute".
Result<void> store_result(Database& db, const Actor& actor, std::int64_t inventory_id,
                          const nlohmann::json& result);
/// The last stored result, if any.
Result<std::optional<nlohmann::json>> get_result(Database& db, std::int64_t inventory_id);

/// store.invalid if the facility belongs to another organization than the inventory.
Result<SourceRecord> create_source(Database& db, const Actor& actor, SourceRecord source);
Result<SourceRecord> get_source(Database& db, std::int64_t id);
Result<std::vector<SourceRecord>> list_sources(Database& db, std::int64_t inventory_id);
/// Source id → code ("S01") of an inventory, without reading the definitions (for listings).
Result<std::map<std::int64_t, std::string>> source_codes(Database& db, std::int64_t inventory_id);
Result<SourceRecord> update_source(Database& db, const Actor& actor, const SourceRecord& source);
/// store.invalid while activity records or reduction proposals refer to it.
Result<void> delete_source(Database& db, const Actor& actor, std::int64_t id);

Result<FactorRecord> add_factor(Database& db, const Actor& actor, FactorRecord factor);
Result<std::vector<FactorRecord>> list_factors(Database& db, std::int64_t organization_id);
Result<void> delete_factor(Database& db, const Actor& actor, std::int64_t id);

}  // namespace cl::store

// Inventories, sources and own factors.
#include "store/inventories.hpp"

#include <map>

#include "store/repository_util.hpp"

namespace cl::store {
namespace {

using detail::parse_json;

constexpr const char* kInventoryColumns =
    "id, organization_id, year, base_year, boundary, gwp_set, settings, updated_at, revision";
constexpr const char* kSourceColumns =
    "id, inventory_id, facility_id, code, name, type, factor, definition";

InventoryRecord inventory_of(const Row& row) {
  return {row.integer(0),
          row.integer(1),
          static_cast<int>(row.integer(2)),
          static_cast<int>(row.integer(3)),
          row.text(4),
          row.text(5),
          parse_json(row.text(6), "inventory " + row.text(0)),
          row.text(7),
          row.integer(8)};
}

SourceRecord source_of(const Row& row) {
  return {row.integer(0), row.integer(1),
          row.integer(2), row.text(3),
          row.text(4),    row.text(5),
          row.text(6),    parse_json(row.text(7), "source " + row.text(0))};
}

InventoryRecord load_inventory(Database& db, std::int64_t id) {
  const auto rows = db.query(
      std::string("SELECT ") + kInventoryColumns + " FROM inventories WHERE id = $1", {id});
  if (rows.empty()) detail::throw_not_found("inventory", id);
  return inventory_of(rows[0]);
}

SourceRecord load_source(Database& db, std::int64_t id) {
  const auto rows =
      db.query(std::string("SELECT ") + kSourceColumns + " FROM sources WHERE id = $1", {id});
  if (rows.empty()) detail::throw_not_found("source", id);
  return source_of(rows[0]);
}

/// The facility must belong to the inventory's organization (no cross-tenant links).
void check_source(Database& db, const SourceRecord& source) {
  if (source.code.empty()) throw_error(ErrorCode::store_invalid, "a source needs a code");
  const auto rows = db.query(
      "SELECT i.organization_id, f.organization_id FROM inventories i, facilities f "
      "WHERE i.id = $1 AND f.id = $2",
      {source.inventory_id, source.facility_id});
  if (rows.empty()) {
    throw_error(ErrorCode::store_not_found,
                "inventory " + std::to_string(source.inventory_id) + " or facility " +
                    std::to_string(source.facility_id) + " does not exist");
  }
  if (rows[0].integer(0) != rows[0].integer(1)) {
    throw_error(ErrorCode::store_invalid,
                "facility " + std::to_string(source.facility_id) +
                    " belongs to another organization than the inventory");
  }
}

void touch(Database& db, std::int64_t inventory_id) {
  db.exec("UPDATE inventories SET updated_at = $2 WHERE id = $1", {inventory_id, now_iso8601()});
}

}  // namespace

nlohmann::json to_json(const InventoryRecord& inventory) {
  return {{"id", inventory.id},
          {"organization_id", inventory.organization_id},
          {"year", inventory.year},
          {"base_year", inventory.base_year},
          {"boundary", inventory.boundary},
          {"gwp_set", inventory.gwp_set},
          {"settings", inventory.settings},
          {"updated_at", inventory.updated_at}};
}

nlohmann::json to_json(const SourceRecord& source) {
  return {{"id", source.id},
          {"inventory_id", source.inventory_id},
          {"facility_id", source.facility_id},
          {"code", source.code},
          {"name", source.name},
          {"type", source.type},
          {"factor", source.factor},
          {"definition", source.definition}};
}

nlohmann::json to_json(const FactorRecord& factor) {
  return {{"id", factor.id},
          {"organization_id", factor.organization_id},
          {"code", factor.code},
          {"definition", factor.definition},
          {"created_at", factor.created_at}};
}

Result<InventoryRecord> create_inventory(Database& db, const Actor& actor,
                                         InventoryRecord inventory) {
  return guard([&] {
    if (inventory.base_year == 0) inventory.base_year = inventory.year;
    db.write([&] {
      if (!db.query("SELECT 1 FROM inventories WHERE organization_id = $1 AND year = $2",
                    {inventory.organization_id, std::int64_t{inventory.year}})
               .empty()) {
        throw_error(ErrorCode::store_conflict,
                    "organization " + std::to_string(inventory.organization_id) +
                        " has an inventory for " + std::to_string(inventory.year) + " already");
      }
      inventory.updated_at = now_iso8601();
      inventory.id = detail::insert_id(
          db,
          "INSERT INTO inventories (organization_id, year, base_year, boundary, gwp_set, settings, "
          "updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
          {inventory.organization_id, std::int64_t{inventory.year},
           std::int64_t{inventory.base_year}, inventory.boundary, inventory.gwp_set,
           inventory.settings.dump(), inventory.updated_at});
      append_audit(db, actor, "create", "inventories", std::to_string(inventory.id), nullptr,
                   to_json(inventory));
    });
    return inventory;
  });
}

Result<InventoryRecord> get_inventory(Database& db, std::int64_t id) {
  return guard([&] { return load_inventory(db, id); });
}

Result<InventoryRecord> find_inventory(Database& db, std::int64_t organization_id, int year) {
  return guard([&] {
    const auto rows = db.query(std::string("SELECT ") + kInventoryColumns +
                                   " FROM inventories WHERE organization_id = $1 AND year = $2",
                               {organization_id, std::int64_t{year}});
    if (rows.empty()) {
      throw_error(ErrorCode::store_not_found, "organization " + std::to_string(organization_id) +
                                                  " has no inventory for " + std::to_string(year));
    }
    return inventory_of(rows[0]);
  });
}

Result<std::vector<InventoryRecord>> list_inventories(Database& db, std::int64_t organization_id) {
  return guard([&] {
    std::vector<InventoryRecord> out;
    for (const auto& row :
         db.query(std::string("SELECT ") + kInventoryColumns +
                      " FROM inventories WHERE organization_id = $1 ORDER BY year",
                  {organization_id})) {
      out.push_back(inventory_of(row));
    }
    return out;
  });
}

Result<InventoryRecord> update_inventory(Database& db, const Actor& actor,
                                         const InventoryRecord& inventory) {
  return guard([&] {
    InventoryRecord after;
    db.write([&] {
      const InventoryRecord before = load_inventory(db, inventory.id);
      after = before;
      after.base_year = inventory.base_year;
      after.boundary = inventory.boundary;
      after.gwp_set = inventory.gwp_set;
      after.settings = inventory.settings;
      after.updated_at = now_iso8601();
      db.exec(
          "UPDATE inventories SET base_year = $2, boundary = $3, gwp_set = $4, settings = $5, "
          "updated_at = $6 WHERE id = $1",
          {after.id, std::int64_t{after.base_year}, after.boundary, after.gwp_set,
           after.settings.dump(), after.updated_at});
      append_audit(db, actor, "update", "inventories", std::to_string(after.id), to_json(before),
                   to_json(after));
    });
    return after;
  });
}

Result<void> store_result(Database& db, const Actor& actor, std::int64_t inventory_id,
                          const nlohmann::json& result) {
  return guard([&] {
    if (!result.is_object())
      throw_error(ErrorCode::store_invalid, "a result must be a JSON object");
    db.write([&] {
      load_inventory(db, inventory_id);
      const std::string text = result.dump();
      db.exec("UPDATE inventories SET result = $2, computed_at = $3 WHERE id = $1",
              {inventory_id, text, now_iso8601()});
      // The audit row carries the result's hash and total, not the whole result.
      append_audit(db, actor, "compute", "inventories", std::to_string(inventory_id), nullptr,
                   {{"result_sha256", sha256_hex(text)},
                    {"total_co2e_kg", result.value("total_co2e_kg", 0.0)}});
    });
  });
}

Result<std::optional<nlohmann::json>> get_result(Database& db, std::int64_t inventory_id) {
  return guard([&]() -> std::optional<nlohmann::json> {
    const auto rows = db.query("SELECT result FROM inventories WHERE id = $1", {inventory_id});
    if (rows.empty()) detail::throw_not_found("inventory", inventory_id);
    if (rows[0].is_null(0)) return std::nullopt;
    return parse_json(rows[0].text(0), "the result of inventory " + std::to_string(inventory_id));
  });
}

Result<SourceRecord> create_source(Database& db, const Actor& actor, SourceRecord source) {
  return guard([&] {
    db.write([&] {
      check_source(db, source);
      if (!db.query("SELECT 1 FROM sources WHERE inventory_id = $1 AND code = $2",
                    {source.inventory_id, source.code})
               .empty()) {
        throw_error(ErrorCode::store_conflict,
                    "the inventory has a source " + source.code + " already");
      }
      source.id =
          detail::insert_id(db,
                            "INSERT INTO sources (inventory_id, facility_id, code, name, "
                            "type, factor, definition) VALUES ($1, $2, $3, $4, $5, $6, $7)",
                            {source.inventory_id, source.facility_id, source.code, source.name,
                             source.type, source.factor, source.definition.dump()});
      touch(db, source.inventory_id);
      append_audit(db, actor, "create", "sources", std::to_string(source.id), nullptr,
                   to_json(source));
    });
    return source;
  });
}

Result<SourceRecord> get_source(Database& db, std::int64_t id) {
  return guard([&] { return load_source(db, id); });
}

Result<std::vector<SourceRecord>> list_sources(Database& db, std::int64_t inventory_id) {
  return guard([&] {
    std::vector<SourceRecord> out;
    for (const auto& row : db.query(std::string("SELECT ") + kSourceColumns +
                                        " FROM sources WHERE inventory_id = $1 ORDER BY code, id",
                                    {inventory_id})) {
      out.push_back(source_of(row));
    }
    return out;
  });
}

Result<std::map<std::int64_t, std::string>> source_codes(Database& db, std::int64_t inventory_id) {
  return guard([&] {
    std::map<std::int64_t, std::string> codes;
    for (const auto& row :
         db.query("SELECT id, code FROM sources WHERE inventory_id = $1", {inventory_id})) {
      codes.emplace(row.integer(0), row.text(1));
    }
    return codes;
  });
}

Result<SourceRecord> update_source(Database& db, const Actor& actor, const SourceRecord& source) {
  return guard([&] {
    SourceRecord after;
    db.write([&] {
      const SourceRecord before = load_source(db, source.id);
      after = source;
      after.inventory_id = before.inventory_id;
      check_source(db, after);
      db.exec(
          "UPDATE sources SET facility_id = $2, code = $3, name = $4, type = $5, factor = $6, "
          "definition = $7 WHERE id = $1",
          {after.id, after.facility_id, after.code, after.name, after.type, after.factor,
           after.definition.dump()});
      touch(db, after.inventory_id);
      append_audit(db, actor, "update", "sources", std::to_string(after.id), to_json(before),
                   to_json(after));
    });
    return after;
  });
}

Result<void> delete_source(Database& db, const Actor& actor, std::int64_t id) {
  return guard([&] {
    db.write([&] {
      const SourceRecord before = load_source(db, id);
      if (!db.query("SELECT 1 FROM activity_records WHERE source_id = $1 LIMIT 1", {id}).empty()) {
        throw_error(ErrorCode::store_invalid,
                    "source " + before.code + " still has activity records; delete them first");
      }
      if (!db.query("SELECT 1 FROM reduction_proposals WHERE source_id = $1 LIMIT 1", {id})
               .empty()) {
        throw_error(ErrorCode::store_invalid,
                    "source " + before.code +
                        " has reduction proposals; delete them or point them at another source "
                        "first");
      }
      db.exec("DELETE FROM sources WHERE id = $1", {id});
      touch(db, before.inventory_id);
      append_audit(db, actor, "delete", "sources", std::to_string(id), to_json(before), nullptr);
    });
  });
}

Result<FactorRecord> add_factor(Database& db, const Actor& actor, FactorRecord factor) {
  return guard([&] {
    if (factor.code.empty()) throw_error(ErrorCode::store_invalid, "a factor needs an id");
    db.write([&] {
      if (!db.query("SELECT 1 FROM factors WHERE organization_id = $1 AND code = $2",
                    {factor.organization_id, factor.code})
               .empty()) {
        throw_error(ErrorCode::store_conflict,
                    "the organization has a factor " + factor.code + " already");
      }
      factor.created_at = now_iso8601();
      factor.id = detail::insert_id(
          db,
          "INSERT INTO factors (organization_id, code, definition, "
          "created_at) VALUES ($1, $2, $3, $4)",
          {factor.organization_id, factor.code, factor.definition.dump(), factor.created_at});
      append_audit(db, actor, "create", "factors", std::to_string(factor.id), nullptr,
                   to_json(factor));
    });
    return factor;
  });
}

Result<std::vector<FactorRecord>> list_factors(Database& db, std::int64_t organization_id) {
  return guard([&] {
    std::vector<FactorRecord> out;
    for (const auto& row : db.query("SELECT id, organization_id, code, definition, created_at FROM "
                                    "factors WHERE organization_id = $1 ORDER BY code",
                                    {organization_id})) {
      out.push_back({row.integer(0), row.integer(1), row.text(2),
                     parse_json(row.text(3), "factor " + row.text(0)), row.text(4)});
    }
    return out;
  });
}

Result<void> delete_factor(Database& db, const Actor& actor, std::int64_t id) {
  return guard([&] {
    db.write([&] {
      const auto rows = db.query(
          "SELECT id, organization_id, code, definition, created_at FROM factors WHERE id = $1",
          {id});
      if (rows.empty()) detail::throw_not_found("factor", id);
      const FactorRecord before{rows[0].integer(0), rows[0].integer(1), rows[0].text(2),
                                parse_json(rows[0].text(3), "factor"), rows[0].text(4)};
      db.exec("DELETE FROM factors WHERE id = $1", {id});
      append_audit(db, actor, "delete", "factors", std::to_string(id), to_json(before), nullptr);
    });
  });
}

}  // namespace cl::store

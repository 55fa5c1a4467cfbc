// Frozen versions: stored once, never updated, hash re-checked on every read.
#include "store/versions.hpp"

#include "store/repository_util.hpp"

namespace cl::store {
namespace {

constexpr const char* kColumns =
    "id, inventory_id, version, content, result, sha256, frozen_at, frozen_by, reason";

InventoryVersion version_of(const Row& row) {
  InventoryVersion out{row.integer(0),
                       row.integer(1),
                       static_cast<int>(row.integer(2)),
                       detail::parse_json(row.text(3), "version " + row.text(0)),
                       detail::parse_json(row.text(4), "version " + row.text(0)),
                       row.text(5),
                       row.text(6),
                       row.text(7),
                       row.text(8)};
  if (version_hash(out.content, out.result) != out.sha256) {
    throw_error(ErrorCode::store_audit_broken,
                "inventory version " + std::to_string(out.version) + " of inventory " +
                    std::to_string(out.inventory_id) +
                    " no longer matches its SHA-256: the frozen version was altered");
  }
  return out;
}

nlohmann::json summary(const InventoryVersion& version) {
  return {{"inventory_id", version.inventory_id},
          {"version", version.version},
          {"sha256", version.sha256},
          {"total_co2e_kg",
           version.result.is_object() ? version.result.value("total_co2e_kg", 0.0) : 0.0}};
}

}  // namespace

std::string version_hash(const nlohmann::json& content, const nlohmann::json& result) {
  const nlohmann::json canonical = {{"content", content}, {"result", result}};
  return sha256_hex(canonical.dump());
}

Result<InventoryVersion> freeze_version(Database& db, const Actor& actor, std::int64_t inventory_id,
                                        const nlohmann::json& content,
                                        const nlohmann::json& result) {
  return guard([&] {
    if (!content.is_object() || !result.is_object()) {
      throw_error(ErrorCode::store_invalid,
                  "a version needs a JSON object as content and as result");
    }
    InventoryVersion out;
    db.write([&] {
      if (db.query("SELECT 1 FROM inventories WHERE id = $1", {inventory_id}).empty()) {
        detail::throw_not_found("inventory", inventory_id);
      }
      const auto last = db.query(
          "SELECT COALESCE(MAX(version), 0) FROM inventory_versions WHERE inventory_id = $1",
          {inventory_id});
      out.inventory_id = inventory_id;
      out.version = static_cast<int>(last[0].integer(0)) + 1;
      out.content = content;
      out.result = result;
      out.sha256 = version_hash(content, result);
      out.frozen_at = now_iso8601();
      out.frozen_by = actor.who;
      out.reason = actor.reason;
      out.id = detail::insert_id(
          db,
          "INSERT INTO inventory_versions (inventory_id, version, content, result, sha256, "
          "frozen_at, frozen_by, reason) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
          {inventory_id, std::int64_t{out.version}, content.dump(), result.dump(), out.sha256,
           out.frozen_at, out.frozen_by, out.reason});
      append_audit(db, actor, "freeze", "inventory_versions", std::to_string(out.id), nullptr,
                   summary(out));
    });
    return out;
  });
}

Result<InventoryVersion> get_version(Database& db, std::int64_t inventory_id, int version) {
  return guard([&] {
    const auto rows =
        db.query(std::string("SELECT ") + kColumns +
                     " FROM inventory_versions WHERE inventory_id = $1 AND version = $2",
                 {inventory_id, std::int64_t{version}});
    if (rows.empty()) {
      throw_error(ErrorCode::store_not_found, "inventory " + std::to_string(inventory_id) +
                                                  " has no version " + std::to_string(version));
    }
    return version_of(rows[0]);
  });
}

Result<std::vector<InventoryVersion>> list_versions(Database& db, std::int64_t inventory_id) {
  return guard([&] {
    std::vector<InventoryVersion> out;
    for (const auto& row :
         db.query(std::string("SELECT ") + kColumns +
                      " FROM inventory_versions WHERE inventory_id = $1 ORDER BY version",
                  {inventory_id})) {
      out.push_back(version_of(row));
    }
    return out;
  });
}

Result<void> share_version(Database& db, const Actor& actor, std::int64_t version_id,
                           std::int64_t organization_id) {
  return guard([&] {
    db.write([&] {
      db.exec(
          "INSERT INTO version_shares (version_id, organization_id, created_at) VALUES ($1, $2, "
          "$3)",
          {version_id, organization_id, now_iso8601()});
      append_audit(db, actor, "create", "version_shares",
                   std::to_string(version_id) + ":" + std::to_string(organization_id), nullptr,
                   {{"version_id", version_id}, {"organization_id", organization_id}});
    });
  });
}

Result<std::vector<std::int64_t>> list_version_shares(Database& db, std::int64_t version_id) {
  return guard([&] {
    std::vector<std::int64_t> out;
    for (const auto& row :
         db.query("SELECT organization_id FROM version_shares WHERE version_id = $1 "
                  "ORDER BY organization_id",
                  {version_id})) {
      out.push_back(row.integer(0));
    }
    return out;
  });
}

}  // namespace cl::store

// Organizations and facilities: each mutation is one transaction with its audit row.
#include "store/organizations.hpp"

#include <algorithm>
#include <array>

#include "store/repository_util.hpp"

namespace cl::store {
namespace {

using detail::parse_json;

constexpr const char* kOrgColumns = "id, kind, name, name_en, tax_id, details, created_at";
constexpr const char* kFacilityColumns = "id, organization_id, code, name, details";

Organization organization_of(const Row& row) {
  return {row.integer(0), row.text(1), row.text(2),
          row.text(3),    row.text(4), parse_json(row.text(5), "organization " + row.text(0)),
          row.text(6)};
}

Facility facility_of(const Row& row) {
  return {row.integer(0), row.integer(1), row.text(2), row.text(3),
          parse_json(row.text(4), "facility " + row.text(0))};
}

Organization load_organization(Database& db, std::int64_t id) {
  const auto rows =
      db.query(std::string("SELECT ") + kOrgColumns + " FROM organizations WHERE id = $1", {id});
  if (rows.empty()) detail::throw_not_found("organization", id);
  return organization_of(rows[0]);
}

Facility load_facility(Database& db, std::int64_t id) {
  const auto rows =
      db.query(std::string("SELECT ") + kFacilityColumns + " FROM facilities WHERE id = $1", {id});
  if (rows.empty()) detail::throw_not_found("facility", id);
  return facility_of(rows[0]);
}

void check_organization(const Organization& organization) {
  if (!is_organization_kind(organization.kind)) {
    throw_error(ErrorCode::store_invalid,
                "organization kind '" + organization.kind +
                    "' is not one of factory, supplier, consultancy, verifier, program");
  }
  if (organization.name.empty())
    throw_error(ErrorCode::store_invalid, "an organization needs a name");
}

}  // namespace

bool is_organization_kind(const std::string& kind) {
  static constexpr std::array<std::string_view, 5> kKinds = {"factory", "supplier", "consultancy",
                                                             "verifier", "program"};
  return std::find(kKinds.begin(), kKinds.end(), kind) != kKinds.end();
}

nlohmann::json to_json(const Organization& organization) {
  return {{"id", organization.id},
          {"kind", organization.kind},
          {"name", organization.name},
          {"name_en", organization.name_en},
          {"tax_id", organization.tax_id},
          {"details", organization.details},
          {"created_at", organization.created_at}};
}

nlohmann::json to_json(const Facility& facility) {
  return {{"id", facility.id},
          {"organization_id", facility.organization_id},
          {"code", facility.code},
          {"name", facility.name},
          {"details", facility.details}};
}

Result<Organization> create_organization(Database& db, const Actor& actor,
                                         Organization organization) {
  return guard([&] {
    check_organization(organization);
    db.write([&] {
      organization.created_at = now_iso8601();
      organization.id = detail::insert_id(
          db,
          "INSERT INTO organizations (kind, name, name_en, tax_id, details, created_at) "
          "VALUES ($1, $2, $3, $4, $5, $6)",
          {organization.kind, organization.name, organization.name_en, organization.tax_id,
           organization.details.dump(), organization.created_at});
      append_audit(db, actor, "create", "organizations", std::to_string(organization.id), nullptr,
                   to_json(organization));
    });
    return organization;
  });
}

Result<Organization> get_organization(Database& db, std::int64_t id) {
  return guard([&] { return load_organization(db, id); });
}

Result<std::vector<Organization>> list_organizations(Database& db) {
  return guard([&] {
    std::vector<Organization> out;
    for (const auto& row :
         db.query(std::string("SELECT ") + kOrgColumns + " FROM organizations ORDER BY id")) {
      out.push_back(organization_of(row));
    }
    return out;
  });
}

Result<Organization> update_organization(Database& db, const Actor& actor,
                                         const Organization& organization) {
  return guard([&] {
    Organization after;
    db.write([&] {
      const Organization before = load_organization(db, organization.id);
      after = before;
      after.name = organization.name;
      after.name_en = organization.name_en;
      after.tax_id = organization.tax_id;
      after.details = organization.details;
      check_organization(after);
      db.exec(
          "UPDATE organizations SET name = $2, name_en = $3, tax_id = $4, details = $5 "
          "WHERE id = $1",
          {after.id, after.name, after.name_en, after.tax_id, after.details.dump()});
      append_audit(db, actor, "update", "organizations", std::to_string(after.id), to_json(before),
                   to_json(after));
    });
    return after;
  });
}

Result<Facility> create_facility(Database& db, const Actor& actor, Facility facility) {
  return guard([&] {
    if (facility.code.empty()) throw_error(ErrorCode::store_invalid, "a facility needs a code");
    db.write([&] {
      load_organization(db, facility.organization_id);
      facility.id = detail::insert_id(
          db,
          "INSERT INTO facilities (organization_id, code, name, details) VALUES ($1, $2, $3, $4)",
          {facility.organization_id, facility.code, facility.name, facility.details.dump()});
      append_audit(db, actor, "create", "facilities", std::to_string(facility.id), nullptr,
                   to_json(facility));
    });
    return facility;
  });
}

Result<Facility> get_facility(Database& db, std::int64_t id) {
  return guard([&] { return load_facility(db, id); });
}

Result<std::vector<Facility>> list_facilities(Database& db, std::int64_t organization_id) {
  return guard([&] {
    std::vector<Facility> out;
    for (const auto& row : db.query(std::string("SELECT ") + kFacilityColumns +
                                        " FROM facilities WHERE organization_id = $1 ORDER BY id",
                                    {organization_id})) {
      out.push_back(facility_of(row));
    }
    return out;
  });
}

Result<Facility> update_facility(Database& db, const Actor& actor, const Facility& facility) {
  return guard([&] {
    Facility after;
    db.write([&] {
      const Facility before = load_facility(db, facility.id);
      after = before;
      after.code = facility.code;
      after.name = facility.name;
      after.details = facility.details;
      db.exec("UPDATE facilities SET code = $2, name = $3, details = $4 WHERE id = $1",
              {after.id, after.code, after.name, after.details.dump()});
      append_audit(db, actor, "update", "facilities", std::to_string(after.id), to_json(before),
                   to_json(after));
    });
    return after;
  });
}

Result<void> delete_facility(Database& db, const Actor& actor, std::int64_t id) {
  return guard([&] {
    db.write([&] {
      const Facility before = load_facility(db, id);
      if (!db.query("SELECT 1 FROM sources WHERE facility_id = $1 LIMIT 1", {id}).empty()) {
        throw_error(ErrorCode::store_invalid, "facility " + before.code +
                                                  " still has emission sources; move or delete "
                                                  "them first");
      }
      db.exec("DELETE FROM facilities WHERE id = $1", {id});
      append_audit(db, actor, "delete", "facilities", std::to_string(id), to_json(before), nullptr);
    });
  });
}

}  // namespace cl::store

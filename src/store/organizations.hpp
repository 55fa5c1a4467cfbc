// Organizations (the tenants: factories, suppliers, consultancies, verifiers, the program
// office) and their facilities. Every mutation writes an audit row in the same transaction.
// `details` keeps the inventory-format fields the store does not query on (organization:
// control_no, industry_code, address, contact; facility: name_en, address, registration_no,
// equity_share), so an inventory document can be rebuilt exactly.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/common/result.hpp"
#include "store/audit.hpp"
#include "store/database.hpp"

namespace cl::store {

/// factory, supplier, consultancy, verifier, program.
bool is_organization_kind(const std::string& kind);

struct Organization {
  std::int64_t id = 0;
  std::string kind = "factory";
  std::string name;
  std::string name_en;
  std::string tax_id;
  nlohmann::json details = nlohmann::json::object();
  std::string created_at;
};

struct Facility {
  std::int64_t id = 0;
  std::int64_t organization_id = 0;
  std::string code;  ///< the inventory's facility id, e.g. "F1"; unique per organization
  std::string name;
  nlohmann::json details = nlohmann::json::object();
};

nlohmann::json to_json(const Organization& organization);
nlohmann::json to_json(const Facility& facility);

/// Returns the organization with its new id. store.invalid for an unknown kind or no name.
Result<Organization> create_organization(Database& db, const Actor& actor,
                                         Organization organization);
/// store.not_found if there is none with that id.
Result<Organization> get_organization(Database& db, std::int64_t id);
Result<std::vector<Organization>> list_organizations(Database& db);
/// Replaces name, name_en, tax_id, details (not kind, not id).
Result<Organization> update_organization(Database& db, const Actor& actor,
                                         const Organization& organization);

/// store.conflict if the organization has a facility with that code already.
Result<Facility> create_facility(Database& db, const Actor& actor, Facility facility);
Result<Facility> get_facility(Database& db, std::int64_t id);
Result<std::vector<Facility>> list_facilities(Database& db, std::int64_t organization_id);
Result<Facility> update_facility(Database& db, const Actor& actor, const Facility& facility);
/// store.invalid while sources still refer to it.
Result<void> delete_facility(Database& db, const Actor& actor, std::int64_t id);

}  // namespace cl::store

// Who may do what: deny by default, allow only what a rule of the role table grants. Pure logic
// over ids the caller supplies (the store looks up memberships, assignments and shares; this
// code only decides), so the whole matrix is unit-tested without a database.
//
// The roles of issue 5 (../shared/REQUIREMENTS.md):
//   factory        its own organization's data; reads footprints its suppliers shared with it
//   consultant     the factories assigned to it (prepares data; does not delete, freeze or share)
//   supplier       the data requests its customers addressed to it, and its own footprints
//   verifier       only the inventory versions shared with it; writes only findings on them
//   administrator  everything (runs the program)
// Everyone may read and update their own user record.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace cl::server::auth {

enum class Role { factory, supplier, consultant, verifier, administrator };
enum class Action { read, create, update, remove, share };
enum class ResourceKind {
  organization,
  facility,
  source,
  activity,
  evidence,
  inventory,
  inventory_version,  ///< a frozen version; create = freeze
  finding,            ///< a verifier's finding on a version
  data_request,       ///< a customer's request to a supplier
  footprint,          ///< a product footprint an organization publishes (PACT)
  user,
  audit_log,
};

/// The acting user: the organization it acts for and its role there.
struct Principal {
  std::string user_id;
  std::string org_id;
  Role role = Role::factory;
  std::vector<std::string> assigned_orgs;  ///< consultant: the factories assigned to it
};

/// What is acted on, with the relations the store knows about it.
struct Resource {
  ResourceKind kind = ResourceKind::organization;
  std::string owner_org;                 ///< the tenant whose data it is
  std::string asked_org;                 ///< data_request: the supplier it is addressed to
  std::vector<std::string> shared_with;  ///< organizations it is shared with
  std::string user_id;                   ///< user: whose record it is
};

struct Decision {
  bool allowed = false;
  /// 0 when allowed; 404 when the principal may not even read the resource (its existence is
  /// not revealed), else 403.
  int status = 404;
  std::string_view rule;  ///< the rule that allowed it, for the audit log and tests
};

Decision authorize(const Principal& principal, Action action, const Resource& resource);

std::string_view role_name(Role role);
std::string_view action_name(Action action);
std::string_view kind_name(ResourceKind kind);
/// "factory", "supplier", …; empty when unknown.
bool parse_role(std::string_view text, Role& out);

}  // namespace cl::server::auth

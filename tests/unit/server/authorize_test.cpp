// The authorization matrix: every role × every action × every kind of resource, on the
// principal's own tenant and on another tenant, then the relations that open another tenant's
// data (a consultant's assignment, a data request addressed to a supplier, a version shared with
// a verifier, a footprint shared with a customer). The expected grants are written out here from
// the role descriptions of issue 5 ("a factory user sees its organization only; a consultant
// sees the factories assigned to it; a supplier sees what its customer asked of it and what it
// shared; a verifier reads only the versions shared with it and writes only findings; an
// administrator runs the program. Deny by default."), not read from the rule table.
// Letters: r read, c create, u update, d remove, s share.
#include "server/auth/authorize.hpp"

#include <gtest/gtest.h>

#include <map>
#include <set>

namespace cl::server::auth {
namespace {

constexpr Role kRoles[] = {Role::factory, Role::supplier, Role::consultant, Role::verifier,
                           Role::administrator};
constexpr Action kActions[] = {Action::read, Action::create, Action::update, Action::remove,
                               Action::share};
constexpr ResourceKind kKinds[] = {
    ResourceKind::organization,      ResourceKind::facility, ResourceKind::source,
    ResourceKind::activity,          ResourceKind::evidence, ResourceKind::inventory,
    ResourceKind::inventory_version, ResourceKind::finding,  ResourceKind::data_request,
    ResourceKind::footprint,         ResourceKind::user,     ResourceKind::audit_log};

char letter(Action action) {
  return "rcuds"[static_cast<int>(action)];
}

using Grants = std::map<std::string, std::string>;  // kind name -> letters

/// What each role may do on its own tenant's resources (owner_org = its organization).
const std::map<Role, Grants>& own_tenant_grants() {
  static const std::map<Role, Grants> grants = {
      {Role::factory,
       {{"organization", "ru"},
        {"facility", "rcud"},
        {"source", "rcud"},
        {"activity", "rcud"},
        {"evidence", "rcud"},
        {"inventory", "rcud"},
        {"inventory_version", "rcs"},  // freeze (create) and share; a version never changes
        {"finding", "ru"},             // the verifier writes findings; the factory answers them
        {"data_request", "rcud"},      // asks its suppliers
        {"footprint", "rcuds"},
        {"user", "r"},  // colleagues; managing users is the administrator's
        {"audit_log", "r"}}},
      {Role::consultant, {{"organization", "r"}}},  // its own firm; clients come by assignment
      {Role::supplier, {{"organization", "ru"}, {"footprint", "rcuds"}}},
      {Role::verifier, {{"organization", "r"}}},
      {Role::administrator,
       {{"organization", "rcuds"},
        {"facility", "rcuds"},
        {"source", "rcuds"},
        {"activity", "rcuds"},
        {"evidence", "rcuds"},
        {"inventory", "rcuds"},
        {"inventory_version", "rcuds"},
        {"finding", "rcuds"},
        {"data_request", "rcuds"},
        {"footprint", "rcuds"},
        {"user", "rcuds"},
        {"audit_log", "rcuds"}}},
  };
  return grants;
}

Principal principal_of(Role role) {
  return {"user-a", "org-a", role, {}};
}

std::string allowed_letters(const Principal& principal, ResourceKind kind, const Resource& base) {
  std::string out;
  Resource resource = base;
  resource.kind = kind;
  for (Action action : kActions) {
    if (authorize(principal, action, resource).allowed) out += letter(action);
  }
  return out;
}

TEST(ServerAuthorizeTest, OwnTenantMatrix) {
  for (Role role : kRoles) {
    for (ResourceKind kind : kKinds) {
      Resource resource;
      resource.owner_org = "org-a";
      resource.user_id = "user-b";  // a colleague's record, not the principal's own
      const auto& grants = own_tenant_grants().at(role);
      const auto found = grants.find(std::string(kind_name(kind)));
      const std::string expected = found == grants.end() ? "" : found->second;
      EXPECT_EQ(allowed_letters(principal_of(role), kind, resource), expected)
          << role_name(role) << " on own " << kind_name(kind);
    }
  }
}

TEST(ServerAuthorizeTest, OtherTenantIsClosedToEveryoneButTheAdministrator) {
  for (Role role : kRoles) {
    for (ResourceKind kind : kKinds) {
      Resource resource;
      resource.owner_org = "org-b";
      resource.user_id = "user-b";
      const std::string expected = role == Role::administrator ? "rcuds" : "";
      EXPECT_EQ(allowed_letters(principal_of(role), kind, resource), expected)
          << role_name(role) << " on another tenant's " << kind_name(kind);
      if (role != Role::administrator) {
        resource.kind = kind;
        const auto decision = authorize(principal_of(role), Action::read, resource);
        EXPECT_EQ(decision.status, 404) << "existence is not revealed";
      }
    }
  }
}

TEST(ServerAuthorizeTest, ConsultantWorksOnAssignedFactoriesOnly) {
  Principal consultant{"user-c", "org-consult", Role::consultant, {"org-a", "org-b"}};
  const Grants expected = {{"organization", "r"},      {"facility", "rcu"}, {"source", "rcu"},
                           {"activity", "rcu"},        {"evidence", "rcu"}, {"inventory", "rcu"},
                           {"inventory_version", "r"}, {"finding", "r"},    {"data_request", "r"},
                           {"footprint", "rcu"}};
  for (ResourceKind kind : kKinds) {
    Resource assigned;
    assigned.owner_org = "org-b";
    const auto found = expected.find(std::string(kind_name(kind)));
    EXPECT_EQ(allowed_letters(consultant, kind, assigned),
              found == expected.end() ? "" : found->second)
        << kind_name(kind);
    Resource unassigned;
    unassigned.owner_org = "org-z";
    EXPECT_EQ(allowed_letters(consultant, kind, unassigned), "") << kind_name(kind);
  }
}

TEST(ServerAuthorizeTest, SupplierSeesWhatItWasAskedAndNothingElseOfTheCustomer) {
  const Principal supplier{"user-s", "org-s", Role::supplier, {}};
  Resource request;
  request.owner_org = "org-customer";
  request.asked_org = "org-s";
  EXPECT_EQ(allowed_letters(supplier, ResourceKind::data_request, request), "ru");
  request.asked_org = "org-other-supplier";
  EXPECT_EQ(allowed_letters(supplier, ResourceKind::data_request, request), "");
  Resource customer_data;
  customer_data.owner_org = "org-customer";
  customer_data.asked_org = "org-s";  // only a data request is opened by being asked
  for (ResourceKind kind : kKinds) {
    if (kind == ResourceKind::data_request) continue;
    EXPECT_EQ(allowed_letters(supplier, kind, customer_data), "") << kind_name(kind);
  }
}

TEST(ServerAuthorizeTest, CustomerReadsFootprintsSharedWithIt) {
  const Principal factory{"user-a", "org-a", Role::factory, {}};
  Resource footprint;
  footprint.owner_org = "org-s";
  footprint.shared_with = {"org-x", "org-a"};
  EXPECT_EQ(allowed_letters(factory, ResourceKind::footprint, footprint), "r");
  // Sharing a footprint opens nothing else of the supplier.
  EXPECT_EQ(allowed_letters(factory, ResourceKind::inventory, footprint), "");
  EXPECT_EQ(allowed_letters(factory, ResourceKind::inventory_version, footprint), "");
}

TEST(ServerAuthorizeTest, VerifierReadsSharedVersionsAndWritesFindingsOnly) {
  const Principal verifier{"user-v", "org-v", Role::verifier, {}};
  Resource shared;
  shared.owner_org = "org-a";
  shared.shared_with = {"org-v"};
  EXPECT_EQ(allowed_letters(verifier, ResourceKind::inventory_version, shared), "r");
  EXPECT_EQ(allowed_letters(verifier, ResourceKind::finding, shared), "rcu");
  // The live inventory and the data behind it stay closed, shared version or not.
  for (ResourceKind kind : {ResourceKind::inventory, ResourceKind::activity, ResourceKind::evidence,
                            ResourceKind::facility}) {
    EXPECT_EQ(allowed_letters(verifier, kind, shared), "") << kind_name(kind);
  }
  Resource not_shared;
  not_shared.owner_org = "org-a";
  not_shared.shared_with = {"org-other-verifier"};
  EXPECT_EQ(allowed_letters(verifier, ResourceKind::inventory_version, not_shared), "");
  // A denied write on a readable version is 403; on an unshared one 404.
  shared.kind = not_shared.kind = ResourceKind::inventory_version;
  EXPECT_EQ(authorize(verifier, Action::update, shared).status, 403);
  EXPECT_EQ(authorize(verifier, Action::update, not_shared).status, 404);
}

TEST(ServerAuthorizeTest, EveryoneReadsAndUpdatesTheirOwnUserRecordOnly) {
  for (Role role : kRoles) {
    Resource self;
    self.owner_org = "org-b";  // even when the record sits in another organization
    self.user_id = "user-a";
    const std::string expected = role == Role::administrator ? "rcuds" : "ru";
    EXPECT_EQ(allowed_letters(principal_of(role), ResourceKind::user, self), expected)
        << role_name(role);
  }
}

TEST(ServerAuthorizeTest, EmptyIdsMatchNothing) {
  const Principal nobody{"", "", Role::factory, {""}};
  Resource resource;  // owner_org, user_id and shares all empty
  resource.shared_with = {""};
  for (ResourceKind kind : kKinds) {
    EXPECT_EQ(allowed_letters(nobody, kind, resource), "") << kind_name(kind);
  }
}

TEST(ServerAuthorizeTest, DecisionNamesTheRuleAndDenialStatus) {
  Resource own;
  own.kind = ResourceKind::inventory_version;
  own.owner_org = "org-a";
  const auto allowed = authorize(principal_of(Role::factory), Action::share, own);
  EXPECT_TRUE(allowed.allowed);
  EXPECT_EQ(allowed.status, 0);
  EXPECT_EQ(allowed.rule, "factory.versions");
  const auto denied = authorize(principal_of(Role::factory), Action::update, own);
  EXPECT_FALSE(denied.allowed);
  EXPECT_EQ(denied.status, 403) << "readable, so the denial may say so";
}

TEST(ServerAuthorizeTest, RoleNamesRoundTrip) {
  for (Role role : kRoles) {
    Role parsed = Role::factory;
    ASSERT_TRUE(parse_role(role_name(role), parsed));
    EXPECT_EQ(parsed, role);
  }
  Role parsed = Role::factory;
  EXPECT_FALSE(parse_role("admin", parsed));
  EXPECT_FALSE(parse_role("Factory", parsed));
}

}  // namespace
}  // namespace cl::server::auth

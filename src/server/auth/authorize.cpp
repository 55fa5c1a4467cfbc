#include "server/auth/authorize.hpp"

#include <algorithm>
#include <array>

namespace cl::server::auth {
namespace {

/// How the resource relates to the principal, for a rule to apply.
enum class Scope {
  own_org,         ///< resource.owner_org is the principal's organization
  assigned,        ///< resource.owner_org is one of the consultant's assigned factories
  asked_of_me,     ///< a data request addressed to the principal's organization
  shared_with_me,  ///< the principal's organization is in resource.shared_with
  self,            ///< the principal's own user record
  any,
};

/// Sets of actions and kinds as bit masks, so the table is plain constant data.
using Actions = unsigned;
using Kinds = unsigned;

constexpr Actions bit(Action action) {
  return 1u << static_cast<unsigned>(action);
}
constexpr Kinds bit(ResourceKind kind) {
  return 1u << static_cast<unsigned>(kind);
}
template <class... T>
constexpr unsigned bits(T... items) {
  return (bit(items) | ...);
}

struct Rule {
  std::string_view name;
  Role role;
  Scope scope;
  Kinds kinds;
  Actions actions;
};

constexpr Actions kAll =
    bits(Action::read, Action::create, Action::update, Action::remove, Action::share);
constexpr Actions kWrite = bits(Action::read, Action::create, Action::update, Action::remove);
constexpr Actions kPrepare = bits(Action::read, Action::create, Action::update);
constexpr Actions kRead = bits(Action::read);
constexpr Actions kReadUpdate = bits(Action::read, Action::update);
constexpr Kinds kOwnData =
    bits(ResourceKind::facility, ResourceKind::source, ResourceKind::activity,
         ResourceKind::evidence, ResourceKind::inventory);
constexpr Kinds kEveryKind = (1u << (static_cast<unsigned>(ResourceKind::audit_log) + 1)) - 1;

// The role table. Anything not granted here is denied.
const std::array kRules = {
    // factory: its own organization
    Rule{"factory.org", Role::factory, Scope::own_org, bits(ResourceKind::organization),
         kReadUpdate},
    Rule{"factory.data", Role::factory, Scope::own_org, kOwnData, kWrite},
    Rule{"factory.versions", Role::factory, Scope::own_org, bits(ResourceKind::inventory_version),
         bits(Action::read, Action::create, Action::share)},
    Rule{"factory.findings", Role::factory, Scope::own_org, bits(ResourceKind::finding),
         kReadUpdate},  // update = answer a finding
    Rule{"factory.requests", Role::factory, Scope::own_org, bits(ResourceKind::data_request),
         kWrite},
    Rule{"factory.footprints", Role::factory, Scope::own_org, bits(ResourceKind::footprint), kAll},
    Rule{"factory.supplied", Role::factory, Scope::shared_with_me, bits(ResourceKind::footprint),
         kRead},
    Rule{"factory.colleagues", Role::factory, Scope::own_org, bits(ResourceKind::user), kRead},
    Rule{"factory.audit", Role::factory, Scope::own_org, bits(ResourceKind::audit_log), kRead},
    // consultant: the factories assigned to it
    Rule{"consultant.org", Role::consultant, Scope::own_org, bits(ResourceKind::organization),
         kRead},
    Rule{"consultant.client", Role::consultant, Scope::assigned, bits(ResourceKind::organization),
         kRead},
    Rule{"consultant.data", Role::consultant, Scope::assigned, kOwnData, kPrepare},
    Rule{"consultant.versions", Role::consultant, Scope::assigned,
         bits(ResourceKind::inventory_version, ResourceKind::finding, ResourceKind::data_request),
         kRead},
    Rule{"consultant.footprints", Role::consultant, Scope::assigned, bits(ResourceKind::footprint),
         kPrepare},
    // supplier: what its customers asked of it and what it shares
    Rule{"supplier.org", Role::supplier, Scope::own_org, bits(ResourceKind::organization),
         kReadUpdate},
    Rule{"supplier.requests", Role::supplier, Scope::asked_of_me, bits(ResourceKind::data_request),
         kReadUpdate},
    Rule{"supplier.footprints", Role::supplier, Scope::own_org, bits(ResourceKind::footprint),
         kAll},
    // verifier: only the versions shared with it, and findings on them
    Rule{"verifier.org", Role::verifier, Scope::own_org, bits(ResourceKind::organization), kRead},
    Rule{"verifier.versions", Role::verifier, Scope::shared_with_me,
         bits(ResourceKind::inventory_version), kRead},
    Rule{"verifier.findings", Role::verifier, Scope::shared_with_me, bits(ResourceKind::finding),
         kPrepare},
    // administrator: the program office runs everything
    Rule{"administrator", Role::administrator, Scope::any, kEveryKind, kAll},
    // everyone: their own user record
    Rule{"self.factory", Role::factory, Scope::self, bits(ResourceKind::user), kReadUpdate},
    Rule{"self.consultant", Role::consultant, Scope::self, bits(ResourceKind::user), kReadUpdate},
    Rule{"self.supplier", Role::supplier, Scope::self, bits(ResourceKind::user), kReadUpdate},
    Rule{"self.verifier", Role::verifier, Scope::self, bits(ResourceKind::user), kReadUpdate},
};

bool in_scope(Scope scope, const Principal& principal, const Resource& resource) {
  // An empty id never matches: a principal without an organization owns nothing.
  const auto same = [](const std::string& left, const std::string& right) {
    return !left.empty() && left == right;
  };
  switch (scope) {
    case Scope::own_org:
      return same(resource.owner_org, principal.org_id);
    case Scope::assigned:
      return std::any_of(principal.assigned_orgs.begin(), principal.assigned_orgs.end(),
                         [&](const std::string& org) { return same(resource.owner_org, org); });
    case Scope::asked_of_me:
      return resource.kind == ResourceKind::data_request &&
             same(resource.asked_org, principal.org_id);
    case Scope::shared_with_me:
      return std::any_of(resource.shared_with.begin(), resource.shared_with.end(),
                         [&](const std::string& org) { return same(org, principal.org_id); });
    case Scope::self:
      return resource.kind == ResourceKind::user && same(resource.user_id, principal.user_id);
    case Scope::any:
      return true;
  }
  return false;
}

const Rule* find_rule(const Principal& principal, Action action, const Resource& resource) {
  for (const auto& rule : kRules) {
    if (rule.role == principal.role && (rule.kinds & bit(resource.kind)) != 0 &&
        (rule.actions & bit(action)) != 0 && in_scope(rule.scope, principal, resource)) {
      return &rule;
    }
  }
  return nullptr;
}

}  // namespace

Decision authorize(const Principal& principal, Action action, const Resource& resource) {
  if (const Rule* rule = find_rule(principal, action, resource)) return {true, 0, rule->name};
  const bool readable = find_rule(principal, Action::read, resource) != nullptr;
  return {false, readable ? 403 : 404, {}};
}

std::string_view role_name(Role role) {
  switch (role) {
    case Role::factory:
      return "factory";
    case Role::supplier:
      return "supplier";
    case Role::consultant:
      return "consultant";
    case Role::verifier:
      return "verifier";
    case Role::administrator:
      return "administrator";
  }
  return "";
}

std::string_view action_name(Action action) {
  switch (action) {
    case Action::read:
      return "read";
    case Action::create:
      return "create";
    case Action::update:
      return "update";
    case Action::remove:
      return "remove";
    case Action::share:
      return "share";
  }
  return "";
}

std::string_view kind_name(ResourceKind kind) {
  static constexpr std::array kNames = {
      "organization",      "facility", "source",       "activity",  "evidence", "inventory",
      "inventory_version", "finding",  "data_request", "footprint", "user",     "audit_log"};
  const auto index = static_cast<std::size_t>(kind);
  return index < kNames.size() ? kNames[index] : "";
}

bool parse_role(std::string_view text, Role& out) {
  for (Role role :
       {Role::factory, Role::supplier, Role::consultant, Role::verifier, Role::administrator}) {
    if (role_name(role) == text) {
      out = role;
      return true;
    }
  }
  return false;
}

}  // namespace cl::server::auth

// Users and what they may act as: GET/POST /api/v1/users, GET /api/v1/users/{id},
// POST /api/v1/users/{id}/memberships, POST /api/v1/assignments. Managing accounts is the
// administrator's (the program office); a user reads its own record and a factory user its
// colleagues. Passwords arrive once, are checked against the policy and stored only as argon2id.
#include "store/accounts.hpp"
#include "server/api.hpp"
#include "server/auth/password.hpp"
#include "server/routes/access.hpp"
#include "server/routes/common.hpp"

namespace cl::server {
namespace {

/// The user as a resource: its first organization is where colleagues may see it.
auth::Resource user_resource(store::Database& db, const store::User& user) {
  auth::Resource resource;
  resource.kind = auth::ResourceKind::user;
  resource.user_id = id_text(user.id);
  for (const auto& membership : unwrap(store::list_memberships(db, user.id))) {
    if (membership.organization_id) {
      resource.owner_org = id_text(*membership.organization_id);
      break;
    }
  }
  return resource;
}

nlohmann::json membership_json(const store::Membership& membership) {
  return {
      {"id", membership.id},
      {"organization_id", membership.organization_id ? nlohmann::json(*membership.organization_id)
                                                     : nlohmann::json(nullptr)},
      {"role", membership.role}};
}

nlohmann::json user_json(store::Database& db, const store::User& user) {
  auto json = store::to_json(user);
  json["memberships"] = nlohmann::json::array();
  for (const auto& membership : unwrap(store::list_memberships(db, user.id))) {
    json["memberships"].push_back(membership_json(membership));
  }
  return json;
}

/// Only the administrator manages accounts: a resource no other rule grants.
auth::Resource program_resource(auth::ResourceKind kind) {
  auth::Resource resource;
  resource.kind = kind;
  return resource;
}

std::optional<std::int64_t> organization_member(const nlohmann::json& body) {
  if (!body.contains("organization_id") || body["organization_id"].is_null()) return std::nullopt;
  return integer_member(body, "organization_id");
}

void list_users(ApiState& state, RequestContext& context) {
  auto db = lease(state);
  auto items = nlohmann::json::array();
  for (const auto& user : unwrap(store::list_users(*db))) {
    if (allowed(context, auth::Action::read, user_resource(*db, user))) {
      items.push_back(user_json(*db, user));
    }
  }
  send_json(context.res, 200, {{"items", std::move(items)}});
}

void create_user(ApiState& state, RequestContext& context) {
  require(context, auth::Action::create, program_resource(auth::ResourceKind::user));
  const auto body = json_body(context);
  refuse_unknown_members(body, {"email", "name", "password", "role", "organization_id", "reason"});
  store::User user;
  user.email = text_member(body, "email");
  user.name = text_member(body, "name");
  const auto password = text_member(body, "password");
  const auto role = optional_text_member(body, "role");
  const auto organization = organization_member(body);
  unwrap(auth::check_password_policy(password));
  user.password_hash = unwrap(auth::hash_password(password));
  auto db = lease(state);
  const auto actor = actor_of(context, optional_text_member(body, "reason"));
  db->write([&] {
    user = unwrap(store::create_user(*db, actor, user));
    if (!role.empty()) {
      unwrap(store::add_membership(*db, actor, {0, user.id, organization, role}));
    }
  });
  send_json(context.res, 201, user_json(*db, user));
}

void get_user(ApiState& state, RequestContext& context) {
  auto db = lease(state);
  const auto user = found(store::get_user(*db, path_id(context, "id")), auth::ResourceKind::user);
  require(context, auth::Action::read, user_resource(*db, user));
  send_json(context.res, 200, user_json(*db, user));
}

void add_membership(ApiState& state, RequestContext& context) {
  auto db = lease(state);
  const auto user = found(store::get_user(*db, path_id(context, "id")), auth::ResourceKind::user);
  require(context, auth::Action::read, user_resource(*db, user));
  require(context, auth::Action::create, program_resource(auth::ResourceKind::user));
  const auto body = json_body(context);
  refuse_unknown_members(body, {"organization_id", "role", "reason"});
  const auto membership = unwrap(
      store::add_membership(*db, actor_of(context, optional_text_member(body, "reason")),
                            {0, user.id, organization_member(body), text_member(body, "role")}));
  send_json(context.res, 201, membership_json(membership));
}

void assign(ApiState& state, RequestContext& context) {
  require(context, auth::Action::create, program_resource(auth::ResourceKind::organization));
  const auto body = json_body(context);
  refuse_unknown_members(body, {"consultancy_id", "factory_id", "reason"});
  const auto consultancy = integer_member(body, "consultancy_id");
  const auto factory = integer_member(body, "factory_id");
  auto db = lease(state);
  unwrap(store::assign_consultant(*db, actor_of(context, optional_text_member(body, "reason")),
                                  consultancy, factory));
  send_json(context.res, 201, {{"consultancy_id", consultancy}, {"factory_id", factory}});
}

}  // namespace

void add_account_routes(Router& router, ApiState& state) {
  router.add({"GET", "/api/v1/users", Access::authenticated,
              "users the caller may see (administrator: all; factory: colleagues; others: self)",
              [&state](RequestContext& context) { list_users(state, context); }});
  router.add({"POST", "/api/v1/users", Access::authenticated,
              "add a user, optionally with a role (administrator)",
              [&state](RequestContext& context) { create_user(state, context); }});
  router.add({"GET", "/api/v1/users/{id}", Access::authenticated, "one user and its roles",
              [&state](RequestContext& context) { get_user(state, context); }});
  router.add({"POST", "/api/v1/users/{id}/memberships", Access::authenticated,
              "give a user a role in an organization (administrator)",
              [&state](RequestContext& context) { add_membership(state, context); }});
  router.add({"POST", "/api/v1/assignments", Access::authenticated,
              "assign a consultancy to a factory (administrator)",
              [&state](RequestContext& context) { assign(state, context); }});
}

}  // namespace cl::server

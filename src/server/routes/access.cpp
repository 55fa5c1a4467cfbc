#include "server/routes/access.hpp"

#include <algorithm>
#include <charconv>

#include "server/auth/session.hpp"
#include "store/organizations.hpp"

namespace cl::server {

DbPool::Lease lease(ApiState& state) {
  if (!state.pool) {
    throw_error(503, ErrorCode::store_open_failed,
                "this server runs without a database; start it with --db sqlite:PATH or "
                "--db postgresql://…");
  }
  return state.pool->acquire();
}

std::int64_t path_id(const RequestContext& context, const std::string& name) {
  const auto found = context.params.find(name);
  std::int64_t value = 0;
  if (found != context.params.end()) {
    const auto& text = found->second;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error == std::errc() && end == text.data() + text.size() && value > 0) return value;
  }
  throw_error(404, ErrorCode::http_not_found, "no such " + name + ": ids are positive numbers",
              {.field = name});
}

ApiError store_api_error(Error error) {
  // Store messages start with the database's name ("sqlite:/srv/cl.db: UNIQUE constraint …").
  for (const std::string_view scheme : {"sqlite:", "postgresql:", "postgres:"}) {
    if (error.message.rfind(scheme, 0) != 0) continue;
    if (const auto colon = error.message.find(": "); colon != std::string::npos) {
      error.message = "the database refused the change: " + error.message.substr(colon + 2);
    }
  }
  const int status = status_of(error.code);
  return ApiError{status, std::move(error), {}};
}

void throw_not_found() {
  throw_error(404, ErrorCode::http_not_found,
              "nothing with this id here, or not yours to see; check the id in the address");
}

void throw_no_such(auth::ResourceKind kind) {
  throw_error(404, ErrorCode::http_not_found, "no such " + std::string(auth::kind_name(kind)));
}

std::string id_text(std::int64_t id) {
  return std::to_string(id);
}

auth::Resource owned_by(auth::ResourceKind kind, std::int64_t owner_org) {
  auth::Resource resource;
  resource.kind = kind;
  resource.owner_org = id_text(owner_org);
  return resource;
}

const auth::Principal& principal(const RequestContext& context) {
  if (!context.caller) throw_error(401, ErrorCode::auth_required, "log in first");
  return context.caller->principal;
}

bool allowed(const RequestContext& context, auth::Action action, const auth::Resource& resource) {
  return auth::authorize(principal(context), action, resource).allowed;
}

void require(const RequestContext& context, auth::Action action, const auth::Resource& resource) {
  const auto decision = auth::authorize(principal(context), action, resource);
  if (decision.allowed) return;
  // A program-wide resource (no owner: a new user, the audit log) hides nothing: 403.
  const bool owned = !resource.owner_org.empty() || !resource.user_id.empty();
  if (decision.status == 404 && owned) throw_no_such(resource.kind);
  throw_error(403, ErrorCode::auth_forbidden,
              "your role (" + std::string(auth::role_name(principal(context).role)) + ") may not " +
                  std::string(auth::action_name(action)) + " this " +
                  std::string(auth::kind_name(resource.kind)));
}

store::Actor actor_of(const RequestContext& context, const std::string& reason) {
  store::Actor actor;
  if (context.caller) {
    actor.who = "user:" + context.caller->user.id + " " + context.caller->user.login;
  } else {
    actor.who = "anonymous";
  }
  actor.reason = reason;
  if (actor.reason.empty()) actor.reason = context.req.get_header_value("X-Reason");
  if (actor.reason.empty()) actor.reason = "api " + context.req.method + " " + context.req.path;
  return actor;
}

std::int64_t query_int(const RequestContext& context, const std::string& name,
                       std::int64_t fallback, std::int64_t low, std::int64_t high) {
  if (!context.req.has_param(name)) return fallback;
  const auto text = context.req.get_param_value(name);
  std::int64_t value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || value < low || value > high) {
    throw_error(400, ErrorCode::parse_bad_value,
                "query parameter '" + name + "' must be a whole number from " +
                    std::to_string(low) + " to " + std::to_string(high),
                {.field = name});
  }
  return value;
}

std::int64_t caller_org(const RequestContext& context) {
  const auto& text = principal(context).org_id;
  std::int64_t id = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), id);
  if (error != std::errc() || end != text.data() + text.size() || id <= 0) {
    throw_error(403, ErrorCode::auth_forbidden, "you act for no organization");
  }
  return id;
}

std::int64_t author_org(store::Database& db, const RequestContext& context) {
  const auto& caller = principal(context);
  if (caller.role == auth::Role::administrator && caller.org_id.empty()) {
    for (const auto& organization : unwrap(store::list_organizations(db))) {
      if (organization.kind == "program") return organization.id;
    }
  }
  return caller_org(context);
}

void require_role(const RequestContext& context, std::initializer_list<auth::Role> roles,
                  const std::string& what) {
  const auto role = principal(context).role;
  if (std::find(roles.begin(), roles.end(), role) != roles.end()) return;
  throw_error(403, ErrorCode::auth_forbidden,
              "your role (" + std::string(auth::role_name(role)) + ") may not " + what);
}

void send_html_document(RequestContext& context, std::string html) {
  context.res.headers.erase("Content-Security-Policy");
  context.res.set_header("Content-Security-Policy",
                         "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'");
  context.res.status = 200;
  context.res.set_content(std::move(html), "text/html; charset=utf-8");
}

void StateRoutes::operator()(const char* method, const char* pattern, const char* summary,
                             Handler handler) const {
  ApiState* state = state_;
  router_.add({method, prefix_ + pattern, Access::authenticated, summary,
               [state, handler](RequestContext& context) { handler(*state, context); }});
}

}  // namespace cl::server

// What every store-backed route does first: borrow a connection, read its numeric path ids,
// turn a store Result into the answer's status, and ask authorize() whether the caller may act
// on what it found. A denial that must not reveal the resource (authorize's 404) answers exactly
// like a missing one, so another tenant's ids cannot be probed.
//
//   auto db = lease(state);
//   const auto id = path_id(context, "id");
//   auto facility = unwrap(store::get_facility(*db, id));
//   require(context, auth::Action::read, owned_by(auth::ResourceKind::facility,
//                                                 facility.organization_id));
#pragma once

#include <cstdint>
#include <initializer_list>
#include <string>
#include <utility>

#include "core/common/result.hpp"
#include "server/api.hpp"
#include "server/auth/authorize.hpp"
#include "server/db_pool.hpp"
#include "server/http_error.hpp"
#include "server/router.hpp"
#include "store/audit.hpp"

namespace cl::server {

/// A connection from the server's pool; 503 store.open_failed when the server runs without a
/// store (`serve --users`).
DbPool::Lease lease(ApiState& state);

/// The path parameter `name` as a positive integer id; 404 http.not_found otherwise (an id that
/// cannot exist is not there).
std::int64_t path_id(const RequestContext& context, const std::string& name);

/// The answer to a missing resource and to one the caller may not see: the same 404, so that
/// another tenant's ids cannot be told from unused ones. throw_no_such names the kind
/// ("no such facility"); require() answers with it.
[[noreturn]] void throw_not_found();
[[noreturn]] void throw_no_such(auth::ResourceKind kind);

/// A store error as the client sees it: status_of(code), the database's name taken out of the
/// message (a client learns no file path or server address).
ApiError store_api_error(Error error);

/// The value, or the error as an ApiError with status_of(code); store.not_found becomes
/// throw_not_found()'s answer.
template <class T>
T unwrap(Result<T> result) {
  if (!result) {
    if (result.error().code == ErrorCode::store_not_found) throw_not_found();
    throw store_api_error(std::move(result.error()));
  }
  if constexpr (!std::is_void_v<T>) return std::move(*result);
}
inline void unwrap(Result<void> result) {
  if (!result) {
    if (result.error().code == ErrorCode::store_not_found) throw_not_found();
    throw store_api_error(std::move(result.error()));
  }
}

/// The value; store.not_found becomes throw_no_such(kind) (the answer require() gives when the
/// caller may not see it), other errors as unwrap().
template <class T>
T found(Result<T> result, auth::ResourceKind kind) {
  if (!result && result.error().code == ErrorCode::store_not_found) throw_no_such(kind);
  return unwrap(std::move(result));
}

/// The store's decimal id as the text authorize() compares.
std::string id_text(std::int64_t id);

/// A resource of `kind` belonging to organization `owner_org`.
auth::Resource owned_by(auth::ResourceKind kind, std::int64_t owner_org);

/// Throws unless the caller may: 404 http.not_found when it may not even read an owned resource
/// (the same answer as a missing one), else 403 auth.forbidden naming the action (always for a
/// program-wide resource without owner_org and user_id: there is nothing to hide).
void require(const RequestContext& context, auth::Action action, const auth::Resource& resource);

/// True when authorize() allows it (for filtering lists).
bool allowed(const RequestContext& context, auth::Action action, const auth::Resource& resource);

/// The caller's principal (the route must be Access::authenticated).
const auth::Principal& principal(const RequestContext& context);

/// Who acts, for the audit row: "user:<id> <login>", and why: the body's "reason" when the
/// request has a JSON body with one, else the X-Reason header, else "api <METHOD> <path>".
store::Actor actor_of(const RequestContext& context, const std::string& reason = {});

/// A query parameter as an integer in [low, high]; `fallback` when absent; 400 otherwise.
std::int64_t query_int(const RequestContext& context, const std::string& name,
                       std::int64_t fallback, std::int64_t low, std::int64_t high);

/// The caller's organization as a store id; 403 auth.forbidden when the caller acts for none.
std::int64_t caller_org(const RequestContext& context);

/// The organization something the caller writes is written for (a finding, an answer, a
/// comment): the caller's; an administrator without one writes for the program office (the
/// first organization of kind "program").
std::int64_t author_org(store::Database& db, const RequestContext& context);

/// 403 auth.forbidden ("your role (…) may not <what>") unless the caller has one of `roles`.
void require_role(const RequestContext& context, std::initializer_list<auth::Role> roles,
                  const std::string& what);

/// Sends a self-contained HTML document (a report): its inline style is allowed, nothing else
/// (the API's policy for every other answer is default-src 'none').
void send_html_document(RequestContext& context, std::string html);

/// A report as `format` "html" (send_html_document) or "pdf", printed by headless Chromium
/// (io/pdf.hpp; CL_CHROMIUM overrides /usr/bin/chromium) and sent as `name`.pdf.
/// Defined in documents.cpp.
void send_document(ApiState& state, RequestContext& context, const std::string& format,
                   const std::string& html, const std::string& name);

/// Today in Taiwan (UTC+8 all year, no daylight saving time), YYYY-MM-DD: the date printed on
/// a report's cover. Defined in documents.cpp.
std::string taiwan_today();

/// Registers authenticated routes whose handlers take the server's shared state, each at
/// `prefix` + its pattern: `const StateRoutes route(router, state); route("GET", "/x", "…", h);`
class StateRoutes {
 public:
  using Handler = void (*)(ApiState&, RequestContext&);
  StateRoutes(Router& router, ApiState& state, std::string prefix = "/api/v1")
      : router_(router), state_(&state), prefix_(std::move(prefix)) {}
  void operator()(const char* method, const char* pattern, const char* summary,
                  Handler handler) const;

 private:
  Router& router_;
  ApiState* state_;
  std::string prefix_;
};

}  // namespace cl::server

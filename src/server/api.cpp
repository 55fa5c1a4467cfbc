#include "server/api.hpp"

#include <filesystem>

#include "io/file.hpp"
#include "server/http_error.hpp"

namespace cl::server {
namespace {

bool is_unsafe(std::string_view method) {
  return method == "POST" || method == "PUT" || method == "PATCH" || method == "DELETE";
}

/// The token of `Authorization: Bearer <token>`; empty otherwise.
std::string bearer_of(const httplib::Request& req) {
  const auto header = req.get_header_value("Authorization");
  constexpr std::string_view kPrefix = "Bearer ";
  if (header.size() > kPrefix.size() && header.compare(0, kPrefix.size(), kPrefix) == 0) {
    return header.substr(kPrefix.size());
  }
  return {};
}

}  // namespace

ApiState::~ApiState() {
  if (!scratch_dir.empty()) {
    std::error_code ignored;
    std::filesystem::remove_all(scratch_dir, ignored);
  }
}

Api::Api(std::unique_ptr<ApiState> state) : state_(std::move(state)) {
  add_meta_routes(router_, *state_);
  add_auth_routes(router_, *state_);
  add_inventory_routes(router_, *state_);
  add_lca_routes(router_, *state_);
  add_account_routes(router_, *state_);
  add_organization_routes(router_, *state_);
  add_inventory_data_routes(router_, *state_);
  add_activity_routes(router_, *state_);
  add_evidence_routes(router_, *state_);
  add_version_routes(router_, *state_);
  add_audit_routes(router_, *state_);
  add_document_routes(router_, *state_);
  add_guidance_routes(router_, *state_);
  add_reduction_routes(router_, *state_);
  add_cbam_routes(router_, *state_);
  add_offset_routes(router_, *state_);
  add_support_routes(router_, *state_);
  add_footprint_routes(router_, *state_);
  add_supply_chain_routes(router_, *state_);
  add_footprint_version_routes(router_, *state_);
  add_program_routes(router_, *state_);
  add_program_review_routes(router_, *state_);
  add_program_funding_routes(router_, *state_);
  add_program_case_routes(router_, *state_);
  add_program_follow_up_routes(router_, *state_);
  add_pact_publish_routes(router_, *state_);
  add_pact_api_routes(router_, *state_);
}

std::string& Api::current_user() {
  thread_local std::string user;
  return user;
}

void Api::dispatch(RequestContext& context) {
  const auto& req = context.req;
  auto match = router_.match(req.method, req.path);
  if (!match.bad_param.empty()) {
    throw_error(400, ErrorCode::parse_bad_value,
                "path parameter '" + match.bad_param +
                    "' must be 1-128 characters of letters, digits, '.', '_' or '-'",
                {.field = match.bad_param});
  }
  if (match.route == nullptr && !match.allowed.empty()) {
    std::string allow;
    for (const auto& method : match.allowed) allow += (allow.empty() ? "" : ", ") + method;
    context.res.set_header("Allow", allow);
    throw_error(405, ErrorCode::http_method_not_allowed,
                req.method + " is not allowed here; use " + allow);
  }
  if (match.route == nullptr) {
    throw_error(404, ErrorCode::http_not_found,
                "no such route; GET /api/openapi.yaml lists them all");
  }
  context.params = std::move(match.params);
  if (match.route->access == Access::authenticated) {
    auth::Credentials credentials;
    credentials.bearer = bearer_of(req);
    credentials.session = auth::cookie_value(req.get_header_value("Cookie"), auth::kSessionCookie);
    credentials.csrf_header = req.get_header_value(std::string(auth::kCsrfHeader).c_str());
    credentials.is_unsafe_method = is_unsafe(req.method);
    auto caller = state_->authenticator->authenticate(credentials);
    if (!caller) throw ApiError{status_of(caller.error().code), caller.error(), {}};
    current_user() = caller->user.id;
    context.caller = std::move(*caller);
  }
  // Reads pass the database gate without waiting (db_pool.hpp).
  const DbPool::ReadingScope reading(!is_unsafe(req.method));
  match.route->handler(context);
}

void Api::handle(const httplib::Request& req, httplib::Response& res,
                 const std::string& request_id) {
  res.set_header("X-Request-Id", request_id);
  res.set_header("X-Content-Type-Options", "nosniff");
  res.set_header("Cache-Control", "no-store");
  res.set_header("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'");
  res.set_header("Referrer-Policy", "no-referrer");
  current_user().clear();
  RequestContext context{req, res, {}, std::nullopt, request_id};
  try {
    dispatch(context);
  } catch (const ApiError& error) {
    if (error.status == 401) res.set_header("WWW-Authenticate", "Bearer realm=\"carbonledger\"");
    if (error.status >= 500) {
      // A storage or file failure: its text stays in the server's log.
      if (state_->note) state_->note("error", request_id + " " + error.error.to_string());
      send_error(res, ApiError{error.status,
                               Error{ErrorCode::internal,
                                     "internal error; please report request id " + request_id,
                                     {},
                                     {}}});
      return;
    }
    send_error(res, error);
  } catch (const std::bad_alloc&) {
    send_error(res, ApiError{503, Error{ErrorCode::internal,
                                        "the server is out of memory; try a smaller request",
                                        {},
                                        {}}});
  } catch (const std::exception& error) {
    if (state_->note) state_->note("exception", request_id + " " + error.what());
    send_error(res, ApiError{500, Error{ErrorCode::internal,
                                        "internal error; please report request id " + request_id,
                                        {},
                                        {}}});
  } catch (...) {
    // Nothing of the exception reaches the client: only the id to find it in the log.
    send_error(res, ApiError{500, Error{ErrorCode::internal,
                                        "internal error; please report request id " + request_id,
                                        {},
                                        {}}});
  }
}

Result<void> load_users_file(const std::string& path, auth::MemoryDirectory& directory) {
  auto text = io::read_file(path);
  if (!text) return tl::unexpected(text.error());
  const auto json = nlohmann::json::parse(*text, nullptr, false);
  if (json.is_discarded() || !json.is_array()) {
    return fail(ErrorCode::parse_syntax, "a users file is a JSON list of users", {.file = path});
  }
  int row = 0;
  for (const auto& item : json) {
    ++row;
    const RecordRef where{.file = path, .row = row};
    if (!item.is_object() || !item.value("login", nlohmann::json()).is_string() ||
        !item.value("password", nlohmann::json()).is_string() ||
        !item.value("org", nlohmann::json()).is_string()) {
      return fail(ErrorCode::parse_missing_field,
                  "each user needs \"login\", \"password\" and \"org\" as text", where);
    }
    auth::Principal principal;
    principal.org_id = item["org"].get<std::string>();
    if (!auth::parse_role(item.value("role", std::string("factory")), principal.role)) {
      return fail(ErrorCode::parse_bad_value,
                  "role must be factory, supplier, consultant, verifier or administrator", where);
    }
    for (const auto& org : item.value("assigned", nlohmann::json::array())) {
      if (org.is_string()) principal.assigned_orgs.push_back(org.get<std::string>());
    }
    const auto password = item["password"].get<std::string>();
    if (auto policy = auth::check_password_policy(password); !policy) {
      return tl::unexpected(policy.error());
    }
    auto hash = auth::hash_password(password);
    if (!hash) return tl::unexpected(hash.error());
    directory.add_user(auth::normalize_login(item["login"].get<std::string>()),
                       item.value("name", std::string()), *hash, std::move(principal));
  }
  return {};
}

}  // namespace cl::server

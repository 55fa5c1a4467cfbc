// POST /api/v1/auth/login, POST /api/v1/auth/logout, GET /api/v1/auth/me,
// POST /api/v1/auth/tokens: sessions for the browser, tokens for machine clients
// (auth/session.hpp says how each is protected).
#include "server/api.hpp"
#include "server/http_error.hpp"
#include "server/routes/common.hpp"

namespace cl::server {
namespace {

nlohmann::json user_json(const auth::UserRecord& user, const auth::Principal& principal) {
  return {{"id", user.id},
          {"login", user.login},
          {"name", user.display_name},
          {"org", principal.org_id},
          {"role", auth::role_name(principal.role)},
          {"assigned", principal.assigned_orgs}};
}

void login(ApiState& state, RequestContext& context) {
  const auto body = json_body(context);
  for (const auto& [key, value] : body.items()) {
    if (key != "login" && key != "password") {
      throw_error(400, ErrorCode::parse_unknown_field,
                  "unknown member \"" + key + "\"; a login has \"login\" and \"password\"",
                  {.field = key});
    }
  }
  const auto login_name = text_member(body, "login");
  const auto password = text_member(body, "password");
  std::chrono::seconds retry_after{0};
  auto result =
      state.authenticator->login(login_name, password, context.req.remote_addr,
                                 context.req.get_header_value("User-Agent"), &retry_after);
  if (!result) {
    if (result.error().code == ErrorCode::auth_rate_limited) {
      context.res.set_header("Retry-After", std::to_string(retry_after.count()));
    }
    throw ApiError{status_of(result.error().code), result.error(), {}};
  }
  Api::current_user() = result->user.id;
  context.res.set_header("Set-Cookie", state.authenticator->session_cookie(*result));
  // httplib keeps headers in a multimap: a second Set-Cookie is a second header line.
  context.res.headers.emplace("Set-Cookie", state.authenticator->csrf_cookie(*result));
  send_json(context.res, 200,
            {{"user", user_json(result->user, result->principal)},
             {"csrf_token", result->csrf},
             {"expires", auth::unix_seconds(result->expires)}});
}

}  // namespace

void add_auth_routes(Router& router, ApiState& state) {
  router.add({"POST", "/api/v1/auth/login", Access::open,
              "log in with login and password; sets the cl_session cookie",
              [&state](RequestContext& context) { login(state, context); }});
  router.add({"POST", "/api/v1/auth/logout", Access::authenticated,
              "end this session and clear its cookies", [&state](RequestContext& context) {
                if (!context.caller->session_hash.empty()) {
                  auto session = auth::cookie_value(context.req.get_header_value("Cookie"),
                                                    auth::kSessionCookie);
                  if (auto done = state.authenticator->logout(session); !done) {
                    throw ApiError{500, done.error(), {}};
                  }
                }
                context.res.set_header("Set-Cookie",
                                       state.authenticator->clear_cookie(auth::kSessionCookie));
                context.res.headers.emplace("Set-Cookie",
                                            state.authenticator->clear_cookie(auth::kCsrfCookie));
                send_json(context.res, 200, {{"logged_out", true}});
              }});
  router.add({"GET", "/api/v1/auth/me", Access::authenticated,
              "who is calling: user, organization, role", [](RequestContext& context) {
                send_json(context.res, 200,
                          {{"user", user_json(context.caller->user, context.caller->principal)},
                           {"via", context.caller->via_token ? "token" : "session"}});
              }});
  router.add({"POST", "/api/v1/auth/tokens", Access::authenticated,
              "a new API token for the caller (shown once; only its hash is kept)",
              [&state](RequestContext& context) {
                const auto body = json_body(context);
                const auto name = text_member(body, "name");
                std::optional<std::chrono::seconds> lifetime;
                if (body.contains("days")) {
                  const auto& days = body["days"];
                  if (!days.is_number_integer() || days.get<long long>() < 1 ||
                      days.get<long long>() > 366) {
                    throw_error(400, ErrorCode::parse_bad_value,
                                "\"days\" must be a whole number from 1 to 366", {.field = "days"});
                  }
                  lifetime = std::chrono::seconds{days.get<long long>() * 86400};
                }
                auto token =
                    state.authenticator->issue_token(context.caller->user.id, name, lifetime);
                if (!token) throw ApiError{500, token.error(), {}};
                send_json(context.res, 201, {{"token", *token}, {"name", name}});
              }});
}

}  // namespace cl::server

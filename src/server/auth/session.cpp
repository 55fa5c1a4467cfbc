#include "server/auth/session.hpp"

#include <cctype>

#include "server/auth/token.hpp"

namespace cl::server::auth {
namespace {

constexpr std::string_view kInvalid = "the e-mail address or the password is not right";

std::string cookie(std::string_view name, std::string_view value, long long max_age, bool http_only,
                   bool secure) {
  std::string out = std::string(name) + "=" + std::string(value) +
                    "; Path=/; Max-Age=" + std::to_string(max_age) + "; SameSite=Strict";
  if (http_only) out += "; HttpOnly";
  if (secure) out += "; Secure";
  return out;
}

}  // namespace

Authenticator::Authenticator(Services services, LoginThrottle& throttle, PasswordHasher& hasher,
                             SessionPolicy policy, Clock clock)
    : services_(services),
      throttle_(throttle),
      hasher_(hasher),
      policy_(policy),
      clock_(std::move(clock)),
      // A real hash of a random password: unknown logins cost one verification too.
      dummy_hash_(hash_password(make_secret(SecretKind::csrf).plain).value_or("")) {}

Result<LoginResult> Authenticator::login(std::string_view login, std::string_view password,
                                         std::string_view client_ip, std::string_view user_agent,
                                         std::chrono::seconds* retry_after) {
  const std::string account = normalize_login(login);
  if (auto wait = throttle_.admit(client_ip, account)) {
    if (retry_after != nullptr) *retry_after = *wait;
    return fail(ErrorCode::auth_rate_limited,
                "too many login attempts; try again in " + std::to_string(wait->count()) + " s");
  }
  auto found = services_.users->find_by_login(account);
  if (!found) return tl::unexpected(found.error());
  const bool known = found->has_value() && !(*found)->is_disabled;
  const bool matches =
      hasher_.verify(known ? (*found)->password_hash : dummy_hash_, password) && known;
  if (!matches) {
    throttle_.record_failure(account);
    return fail(ErrorCode::auth_invalid_credentials, std::string(kInvalid), {.field = "password"});
  }
  throttle_.record_success(account);
  UserRecord user = **found;
  if (needs_rehash(user.password_hash)) {
    if (auto fresh = hasher_.hash(password)) {
      if (services_.users->set_password_hash(user.id, *fresh)) user.password_hash = *fresh;
    }
  }
  auto principal = services_.users->principal_of(user.id);
  if (!principal) return tl::unexpected(principal.error());
  if (!principal->has_value()) {
    // A user without a membership can do nothing; say so rather than log in to an empty app.
    return fail(ErrorCode::auth_forbidden,
                "this account belongs to no organization yet; ask the program office");
  }
  const auto session = make_secret(SecretKind::session);
  const auto csrf = make_secret(SecretKind::csrf);
  const TimePoint now = clock_();
  SessionRecord record{session.hash,
                       user.id,
                       csrf.hash,
                       now,
                       now,
                       now + policy_.absolute,
                       std::string(client_ip),
                       std::string(user_agent.substr(0, 256))};
  if (auto stored = services_.sessions->insert(record); !stored) {
    return tl::unexpected(stored.error());
  }
  user.password_hash.clear();  // never travels further than this function
  return LoginResult{session.plain, csrf.plain, std::move(user), std::move(**principal),
                     record.expires};
}

Result<Authenticated> Authenticator::authenticate(const Credentials& credentials) {
  const auto required = [](std::string message) {
    return fail(ErrorCode::auth_required, std::move(message));
  };
  const TimePoint now = clock_();
  Authenticated out;
  std::string user_id;
  if (!credentials.bearer.empty()) {
    if (!looks_like(SecretKind::api_token, credentials.bearer)) {
      return required("the API token is not valid; create a new one");
    }
    auto token = services_.tokens->find_token(hash_secret(credentials.bearer));
    if (!token) return tl::unexpected(token.error());
    if (!token->has_value() || (*token)->is_revoked ||
        ((*token)->expires && *(*token)->expires <= now)) {
      return required("the API token is not valid (unknown, revoked or expired)");
    }
    user_id = (*token)->user_id;
    out.via_token = true;
  } else if (!credentials.session.empty()) {
    if (!looks_like(SecretKind::session, credentials.session)) {
      return required("the session is not valid; log in again");
    }
    const std::string hash = hash_secret(credentials.session);
    auto session = services_.sessions->find(hash);
    if (!session) return tl::unexpected(session.error());
    if (!session->has_value() || (*session)->expires <= now ||
        now - (*session)->last_seen >= policy_.idle) {
      if (session->has_value()) (void)services_.sessions->remove(hash);
      return required("the session has ended; log in again");
    }
    if (credentials.is_unsafe_method &&
        !equal_constant_time(hash_secret(credentials.csrf_header), (*session)->csrf_hash)) {
      return fail(ErrorCode::auth_csrf,
                  "this request needs the X-CSRF-Token header with the token given at login");
    }
    if (auto touched = services_.sessions->touch(hash, now); !touched) {
      return tl::unexpected(touched.error());
    }
    user_id = (*session)->user_id;
    out.session_hash = hash;
  } else {
    return required("log in first (POST /api/v1/auth/login) or send an API token");
  }
  auto user = services_.users->find_by_id(user_id);
  if (!user) return tl::unexpected(user.error());
  auto principal = services_.users->principal_of(user_id);
  if (!principal) return tl::unexpected(principal.error());
  if (!user->has_value() || (*user)->is_disabled || !principal->has_value()) {
    return required("this account is disabled");
  }
  out.user = std::move(**user);
  out.user.password_hash.clear();
  out.principal = std::move(**principal);
  return out;
}

Result<void> Authenticator::logout(std::string_view session) {
  if (!looks_like(SecretKind::session, session)) return {};
  return services_.sessions->remove(hash_secret(session));
}

Result<std::string> Authenticator::issue_token(std::string_view user_id, std::string name,
                                               std::optional<std::chrono::seconds> lifetime) {
  const auto token = make_secret(SecretKind::api_token);
  const TimePoint now = clock_();
  ApiTokenRecord record{token.hash, std::string(user_id), std::move(name),
                        now,        std::nullopt,         false};
  if (lifetime) record.expires = now + *lifetime;
  if (auto stored = services_.tokens->insert_token(record); !stored) {
    return tl::unexpected(stored.error());
  }
  return token.plain;
}

std::string Authenticator::session_cookie(const LoginResult& login) const {
  return cookie(kSessionCookie, login.session, policy_.absolute.count(), true,
                policy_.secure_cookies);
}

std::string Authenticator::csrf_cookie(const LoginResult& login) const {
  return cookie(kCsrfCookie, login.csrf, policy_.absolute.count(), false, policy_.secure_cookies);
}

std::string Authenticator::clear_cookie(std::string_view name) const {
  return cookie(name, "", 0, name == kSessionCookie, policy_.secure_cookies);
}

std::string cookie_value(std::string_view header, std::string_view name) {
  while (!header.empty()) {
    const auto end = header.find(';');
    std::string_view pair = header.substr(0, end);
    header = end == std::string_view::npos ? std::string_view{} : header.substr(end + 1);
    while (!pair.empty() && pair.front() == ' ') pair.remove_prefix(1);
    const auto equals = pair.find('=');
    if (equals != std::string_view::npos && pair.substr(0, equals) == name) {
      return std::string(pair.substr(equals + 1));
    }
  }
  return {};
}

std::string normalize_login(std::string_view login) {
  while (!login.empty() && std::isspace(static_cast<unsigned char>(login.front()))) {
    login.remove_prefix(1);
  }
  while (!login.empty() && std::isspace(static_cast<unsigned char>(login.back()))) {
    login.remove_suffix(1);
  }
  std::string out(login.substr(0, 320));  // RFC 5321 bounds an address at 320 characters
  for (char& chr : out) chr = static_cast<char>(std::tolower(static_cast<unsigned char>(chr)));
  return out;
}

}  // namespace cl::server::auth

// Logging in and recognizing the caller of a request, over the directory interfaces.
//
// Login: the throttle admits the attempt (per address, per account), the password is verified
// (an unknown login is verified against a dummy hash, so both take the same time), and a
// session is stored as the SHA-256 of a random id, with the SHA-256 of a random CSRF token.
// The client gets the id in the `cl_session` cookie (HttpOnly, SameSite=Strict, Path=/, Secure
// when configured) and the CSRF token in the response body and the `cl_csrf` cookie (readable
// by the page's script).
//
// A request is authenticated by `Authorization: Bearer clt_…` (an API token; no CSRF check:
// a browser never adds it on its own) or by the cookie. A cookie-authenticated unsafe method
// (POST, PUT, PATCH, DELETE) must carry `X-CSRF-Token` equal to the session's CSRF token,
// compared by hash in constant time: another site can make the browser send the cookie, but
// cannot read the token (OWASP CSRF Prevention Cheat Sheet, synchronizer/double-submit token).
// Sessions end after `idle` without a request or `absolute` after login, whichever is first.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "server/auth/directory.hpp"
#include "server/auth/password.hpp"
#include "server/auth/throttle.hpp"

namespace cl::server::auth {

inline constexpr std::string_view kSessionCookie = "cl_session";
inline constexpr std::string_view kCsrfCookie = "cl_csrf";
inline constexpr std::string_view kCsrfHeader = "X-CSRF-Token";

struct SessionPolicy {
  std::chrono::seconds idle{30 * 60};
  std::chrono::seconds absolute{12 * 60 * 60};
  bool secure_cookies = false;  ///< add `Secure` (set when served over HTTPS)
};

struct LoginResult {
  std::string session;  ///< the plain session id, for the cookie only
  std::string csrf;     ///< the plain CSRF token
  UserRecord user;
  Principal principal;
  TimePoint expires;
};

/// What a request presents.
struct Credentials {
  std::string session;      ///< the cl_session cookie's value
  std::string bearer;       ///< the token of `Authorization: Bearer …`
  std::string csrf_header;  ///< X-CSRF-Token
  bool is_unsafe_method = false;
};

struct Authenticated {
  UserRecord user;
  Principal principal;
  bool via_token = false;
  std::string session_hash;  ///< empty for a token
};

struct Services {
  UserDirectory* users = nullptr;
  SessionStore* sessions = nullptr;
  ApiTokenStore* tokens = nullptr;
};

class Authenticator {
 public:
  Authenticator(Services services, LoginThrottle& throttle, PasswordHasher& hasher,
                SessionPolicy policy = {}, Clock clock = system_clock());

  /// auth.rate_limited (sets *retry_after), auth.invalid_credentials (wrong password, unknown or
  /// disabled user: one message for all), or a storage error.
  Result<LoginResult> login(std::string_view login, std::string_view password,
                            std::string_view client_ip, std::string_view user_agent,
                            std::chrono::seconds* retry_after = nullptr);

  /// auth.required (nothing presented, or unknown/expired/revoked), auth.csrf, or a storage
  /// error. A session's last_seen is refreshed.
  Result<Authenticated> authenticate(const Credentials& credentials);

  /// Ends the session with this plain id (no error when there is none).
  Result<void> logout(std::string_view session);

  /// A new API token for a user: the plain token (shown once) and what is stored.
  Result<std::string> issue_token(std::string_view user_id, std::string name,
                                  std::optional<std::chrono::seconds> lifetime);

  /// Set-Cookie values for a login and for a logout (Max-Age=0).
  std::string session_cookie(const LoginResult& login) const;
  std::string csrf_cookie(const LoginResult& login) const;
  std::string clear_cookie(std::string_view name) const;

  const SessionPolicy& policy() const { return policy_; }

 private:
  Services services_;
  LoginThrottle& throttle_;
  PasswordHasher& hasher_;
  SessionPolicy policy_;
  Clock clock_;
  std::string dummy_hash_;
};

/// The value of cookie `name` in a Cookie header ("a=1; cl_session=…"); empty when absent.
std::string cookie_value(std::string_view header, std::string_view name);

/// Lower-case, trimmed login (e-mail addresses compare case-insensitively in practice).
std::string normalize_login(std::string_view login);

}  // namespace cl::server::auth

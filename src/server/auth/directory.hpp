// What the account code needs from storage, as interfaces: users (with their argon2id hash and
// the principal they act as), sessions and API tokens, both kept only as SHA-256 hashes of the
// secret. src/store implements them on SQLite/PostgreSQL; MemoryDirectory (memory_directory.hpp)
// implements them in memory for tests and for `serve --users` until the store is wired.
// Every method returns a Result: a storage failure is an Error (store.*), never an exception.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/common/result.hpp"
#include "server/auth/authorize.hpp"
#include "server/auth/clock.hpp"

namespace cl::server::auth {

struct UserRecord {
  std::string id;
  std::string login;  ///< e-mail address, stored lower-case
  std::string display_name;
  std::string password_hash;  ///< crypto_pwhash_str (argon2id) string
  bool is_disabled = false;
};

class UserDirectory {
 public:
  virtual ~UserDirectory() = default;
  /// The user whose login is `login` (already lower-case); empty when there is none.
  virtual Result<std::optional<UserRecord>> find_by_login(std::string_view login) = 0;
  virtual Result<std::optional<UserRecord>> find_by_id(std::string_view user_id) = 0;
  /// The organization, role and assignments the user acts with; empty when it has no membership.
  virtual Result<std::optional<Principal>> principal_of(std::string_view user_id) = 0;
  /// Replaces the hash (re-hash at login after the costs changed, `user passwd`).
  virtual Result<void> set_password_hash(std::string_view user_id, std::string_view hash) = 0;
};

struct SessionRecord {
  std::string id_hash;  ///< SHA-256 of the cookie's value (token.hpp)
  std::string user_id;
  std::string csrf_hash;  ///< SHA-256 of the session's CSRF token
  TimePoint created;
  TimePoint last_seen;
  TimePoint expires;  ///< absolute end, whatever the activity
  std::string client_ip;
  std::string user_agent;
};

class SessionStore {
 public:
  virtual ~SessionStore() = default;
  virtual Result<void> insert(const SessionRecord& session) = 0;
  virtual Result<std::optional<SessionRecord>> find(std::string_view id_hash) = 0;
  virtual Result<void> touch(std::string_view id_hash, TimePoint last_seen) = 0;
  virtual Result<void> remove(std::string_view id_hash) = 0;
  /// Ends every session of a user (password change, account disabled); how many there were.
  virtual Result<std::size_t> remove_for_user(std::string_view user_id) = 0;
};

struct ApiTokenRecord {
  std::string hash;  ///< SHA-256 of the token
  std::string user_id;
  std::string name;  ///< what the user called it ("nightly import")
  TimePoint created;
  std::optional<TimePoint> expires;
  bool is_revoked = false;
};

class ApiTokenStore {
 public:
  virtual ~ApiTokenStore() = default;
  virtual Result<void> insert_token(const ApiTokenRecord& token) = 0;
  virtual Result<std::optional<ApiTokenRecord>> find_token(std::string_view hash) = 0;
  virtual Result<void> revoke_token(std::string_view hash) = 0;
};

}  // namespace cl::server::auth

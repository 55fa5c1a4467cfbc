// Accounts: users, memberships (user × organization × role), consultant assignments, sessions
// and API tokens. The store keeps a password hash exactly as the caller gives it (an argon2id
// string from libsodium's crypto_pwhash_str) and only hashes of session and API tokens (the
// caller hashes the secret; sha256_hex in database.hpp will do for high-entropy tokens), so a
// stolen database holds no usable credential. Audit rows never contain a hash.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/common/result.hpp"
#include "store/audit.hpp"
#include "store/database.hpp"

namespace cl::store {

/// factory, supplier, consultant, verifier, administrator.
bool is_role(const std::string& role);

struct User {
  std::int64_t id = 0;
  std::string email;  ///< unique, stored lower-case
  std::string name;
  std::string password_hash;
  bool is_disabled = false;
  std::string created_at;
};

struct Membership {
  std::int64_t id = 0;
  std::int64_t user_id = 0;
  std::optional<std::int64_t> organization_id;  ///< empty: program-wide (administrator only)
  std::string role;
};

struct Session {
  std::int64_t id = 0;
  std::int64_t user_id = 0;
  std::string csrf_hash;
  std::string created_at;
  std::string expires_at;    ///< ISO 8601 UTC
  std::string last_seen_at;  ///< the last request (refreshed at most once a minute)
  std::string client_ip;
  std::string user_agent;
};

struct ApiToken {
  std::int64_t id = 0;
  std::int64_t user_id = 0;
  std::string name;
  std::string created_at;
  std::string expires_at;
  std::optional<std::string> revoked_at;
};

/// The user without the hash, as the audit log and the API show it.
nlohmann::json to_json(const User& user);

/// store.conflict if the email is taken (case-insensitive), store.invalid for a malformed one.
Result<User> create_user(Database& db, const Actor& actor, User user);
Result<User> get_user(Database& db, std::int64_t id);
/// store.not_found if no user has that email.
Result<User> find_user_by_email(Database& db, const std::string& email);
Result<std::vector<User>> list_users(Database& db);
Result<void> set_password_hash(Database& db, const Actor& actor, std::int64_t user_id,
                               const std::string& password_hash);
Result<void> set_user_disabled(Database& db, const Actor& actor, std::int64_t user_id,
                               bool disabled);

/// Adds a role; store.conflict if the user has it already there; store.invalid for an unknown
/// role or a non-administrator role without an organization.
Result<Membership> add_membership(Database& db, const Actor& actor, Membership membership);
/// Removes a role; store.not_found if the user does not have it.
Result<void> remove_membership(Database& db, const Actor& actor, std::int64_t user_id,
                               std::optional<std::int64_t> organization_id,
                               const std::string& role);
Result<std::vector<Membership>> list_memberships(Database& db, std::int64_t user_id);

/// A consultancy advises a factory; store.invalid unless the kinds are consultancy and factory.
Result<void> assign_consultant(Database& db, const Actor& actor, std::int64_t consultant_org_id,
                               std::int64_t factory_org_id);
Result<void> unassign_consultant(Database& db, const Actor& actor, std::int64_t consultant_org_id,
                                 std::int64_t factory_org_id);
/// The factories a consultancy is assigned to.
Result<std::vector<std::int64_t>> list_assigned_factories(Database& db,
                                                          std::int64_t consultant_org_id);

/// Stores a session under the hash of its secret.
Result<Session> create_session(Database& db, const Actor& actor, std::int64_t user_id,
                               const std::string& token_hash, const std::string& csrf_hash,
                               const std::string& expires_at);
/// The same with what the server knows of the browser (`session`'s id and created_at are set
/// by the store; an empty last_seen_at becomes created_at).
Result<Session> create_session(Database& db, const Actor& actor, const std::string& token_hash,
                               Session session);
/// The session with that token hash if it exists, has not expired and its user is enabled;
/// store.not_found otherwise.
Result<Session> find_session(Database& db, const std::string& token_hash);
/// Records the time of the session's last request (not audited: it changes no data).
Result<void> touch_session(Database& db, const std::string& token_hash,
                           const std::string& last_seen_at);
/// Ends every session of a user (logout everywhere, password change); returns how many.
Result<std::int64_t> delete_user_sessions(Database& db, const Actor& actor, std::int64_t user_id);
Result<void> delete_session(Database& db, const Actor& actor, std::int64_t session_id);
/// Removes expired sessions (one audit row for the sweep); returns how many.
Result<std::int64_t> delete_expired_sessions(Database& db, const Actor& actor);

Result<ApiToken> create_api_token(Database& db, const Actor& actor, std::int64_t user_id,
                                  const std::string& name, const std::string& token_hash,
                                  const std::string& expires_at);
/// The token with that hash if not revoked or expired and its user enabled; store.not_found
/// otherwise.
Result<ApiToken> find_api_token(Database& db, const std::string& token_hash);
Result<void> revoke_api_token(Database& db, const Actor& actor, std::int64_t token_id);
/// The id of the token with that hash whatever its state (revoked, expired); store.not_found
/// when there is none.
Result<std::int64_t> api_token_id(Database& db, const std::string& token_hash);

}  // namespace cl::store

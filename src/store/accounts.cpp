// Users, memberships, consultant assignments, sessions and API tokens.
#include "store/accounts.hpp"

#include <algorithm>
#include <array>
#include <cctype>

#include "store/organizations.hpp"
#include "store/repository_util.hpp"

namespace cl::store {
namespace {

constexpr const char* kUserColumns = "id, email, name, password_hash, is_disabled, created_at";

User user_of(const Row& row) {
  return {row.integer(0), row.text(1), row.text(2), row.text(3), row.integer(4) != 0, row.text(5)};
}

User load_user(Database& db, std::int64_t id) {
  const auto rows =
      db.query(std::string("SELECT ") + kUserColumns + " FROM users WHERE id = $1", {id});
  if (rows.empty()) detail::throw_not_found("user", id);
  return user_of(rows[0]);
}

std::string lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char chr) { return static_cast<char>(std::tolower(chr)); });
  return text;
}

nlohmann::json membership_json(const Membership& membership) {
  return {
      {"id", membership.id},
      {"user_id", membership.user_id},
      {"organization_id", membership.organization_id ? nlohmann::json(*membership.organization_id)
                                                     : nlohmann::json(nullptr)},
      {"role", membership.role}};
}

Value org_value(std::optional<std::int64_t> organization_id) {
  return organization_id ? Value(*organization_id) : Value();
}

}  // namespace

bool is_role(const std::string& role) {
  static constexpr std::array<std::string_view, 5> kRoles = {"factory", "supplier", "consultant",
                                                             "verifier", "administrator"};
  return std::find(kRoles.begin(), kRoles.end(), role) != kRoles.end();
}

nlohmann::json to_json(const User& user) {
  return {{"id", user.id},
          {"email", user.email},
          {"name", user.name},
          {"is_disabled", user.is_disabled},
          {"created_at", user.created_at}};
}

Result<User> create_user(Database& db, const Actor& actor, User user) {
  return guard([&] {
    user.email = lower(user.email);
    const auto at = user.email.find('@');
    if (at == std::string::npos || at == 0 || at + 1 == user.email.size()) {
      throw_error(ErrorCode::store_invalid, "'" + user.email + "' is not an email address");
    }
    if (user.password_hash.empty()) {
      throw_error(ErrorCode::store_invalid, "a user needs a password hash");
    }
    db.write([&] {
      if (!db.query("SELECT 1 FROM users WHERE email = $1", {user.email}).empty()) {
        throw_error(ErrorCode::store_conflict,
                    "a user with email " + user.email + " exists already");
      }
      user.created_at = now_iso8601();
      user.id = detail::insert_id(db,
                                  "INSERT INTO users (email, name, password_hash, is_disabled, "
                                  "created_at) VALUES ($1, $2, $3, $4, $5)",
                                  {user.email, user.name, user.password_hash,
                                   std::int64_t{user.is_disabled ? 1 : 0}, user.created_at});
      append_audit(db, actor, "create", "users", std::to_string(user.id), nullptr, to_json(user));
    });
    return user;
  });
}

Result<User> get_user(Database& db, std::int64_t id) {
  return guard([&] { return load_user(db, id); });
}

Result<User> find_user_by_email(Database& db, const std::string& email) {
  return guard([&] {
    const auto rows = db.query(
        std::string("SELECT ") + kUserColumns + " FROM users WHERE email = $1", {lower(email)});
    if (rows.empty())
      throw_error(ErrorCode::store_not_found, "no user has the email " + lower(email));
    return user_of(rows[0]);
  });
}

Result<std::vector<User>> list_users(Database& db) {
  return guard([&] {
    std::vector<User> out;
    for (const auto& row :
         db.query(std::string("SELECT ") + kUserColumns + " FROM users ORDER BY id")) {
      out.push_back(user_of(row));
    }
    return out;
  });
}

Result<void> set_password_hash(Database& db, const Actor& actor, std::int64_t user_id,
                               const std::string& password_hash) {
  return guard([&] {
    if (password_hash.empty()) throw_error(ErrorCode::store_invalid, "empty password hash");
    db.write([&] {
      const User before = load_user(db, user_id);
      db.exec("UPDATE users SET password_hash = $2 WHERE id = $1", {user_id, password_hash});
      auto after = to_json(before);
      after["password"] = "changed";  // that it changed, never the hash
      append_audit(db, actor, "set_password", "users", std::to_string(user_id), to_json(before),
                   after);
    });
  });
}

Result<void> set_user_disabled(Database& db, const Actor& actor, std::int64_t user_id,
                               bool disabled) {
  return guard([&] {
    db.write([&] {
      const User before = load_user(db, user_id);
      db.exec("UPDATE users SET is_disabled = $2 WHERE id = $1",
              {user_id, std::int64_t{disabled ? 1 : 0}});
      User after = before;
      after.is_disabled = disabled;
      append_audit(db, actor, disabled ? "disable" : "enable", "users", std::to_string(user_id),
                   to_json(before), to_json(after));
    });
  });
}

Result<Membership> add_membership(Database& db, const Actor& actor, Membership membership) {
  return guard([&] {
    if (!is_role(membership.role)) {
      throw_error(ErrorCode::store_invalid,
                  "role '" + membership.role +
                      "' is not one of factory, supplier, consultant, verifier, administrator");
    }
    if (!membership.organization_id && membership.role != "administrator") {
      throw_error(ErrorCode::store_invalid,
                  "role " + membership.role + " needs an organization (--org ID)");
    }
    db.write([&] {
      load_user(db, membership.user_id);
      if (membership.organization_id) {
        detail::unwrap(get_organization(db, *membership.organization_id));
      }
      const auto existing =
          membership.organization_id
              ? db.query(
                    "SELECT 1 FROM memberships WHERE user_id = $1 AND organization_id = $2 "
                    "AND role = $3",
                    {membership.user_id, *membership.organization_id, membership.role})
              : db.query(
                    "SELECT 1 FROM memberships WHERE user_id = $1 AND organization_id IS NULL "
                    "AND role = $2",
                    {membership.user_id, membership.role});
      if (!existing.empty()) {
        throw_error(ErrorCode::store_conflict,
                    "the user has the role " + membership.role + " there already");
      }
      membership.id = detail::insert_id(db,
                                        "INSERT INTO memberships (user_id, organization_id, role, "
                                        "created_at) VALUES ($1, $2, $3, $4)",
                                        {membership.user_id, org_value(membership.organization_id),
                                         membership.role, now_iso8601()});
      append_audit(db, actor, "create", "memberships", std::to_string(membership.id), nullptr,
                   membership_json(membership));
    });
    return membership;
  });
}

Result<void> remove_membership(Database& db, const Actor& actor, std::int64_t user_id,
                               std::optional<std::int64_t> organization_id,
                               const std::string& role) {
  return guard([&] {
    db.write([&] {
      const auto rows =
          organization_id
              ? db.query(
                    "SELECT id FROM memberships WHERE user_id = $1 AND organization_id = $2 "
                    "AND role = $3",
                    {user_id, *organization_id, role})
              : db.query(
                    "SELECT id FROM memberships WHERE user_id = $1 AND organization_id IS NULL "
                    "AND role = $2",
                    {user_id, role});
      if (rows.empty())
        throw_error(ErrorCode::store_not_found, "the user does not have the role " + role);
      const Membership before{rows[0].integer(0), user_id, organization_id, role};
      db.exec("DELETE FROM memberships WHERE id = $1", {before.id});
      append_audit(db, actor, "delete", "memberships", std::to_string(before.id),
                   membership_json(before), nullptr);
    });
  });
}

Result<std::vector<Membership>> list_memberships(Database& db, std::int64_t user_id) {
  return guard([&] {
    std::vector<Membership> out;
    for (const auto& row : db.query("SELECT id, user_id, organization_id, role FROM memberships "
                                    "WHERE user_id = $1 ORDER BY id",
                                    {user_id})) {
      out.push_back({row.integer(0), row.integer(1),
                     row.is_null(2) ? std::nullopt : std::optional<std::int64_t>(row.integer(2)),
                     row.text(3)});
    }
    return out;
  });
}

Result<void> assign_consultant(Database& db, const Actor& actor, std::int64_t consultant_org_id,
                               std::int64_t factory_org_id) {
  return guard([&] {
    db.write([&] {
      auto kind_of = [&](std::int64_t id) {
        const auto rows = db.query("SELECT kind FROM organizations WHERE id = $1", {id});
        if (rows.empty()) detail::throw_not_found("organization", id);
        return rows[0].text(0);
      };
      if (kind_of(consultant_org_id) != "consultancy" || kind_of(factory_org_id) != "factory") {
        throw_error(ErrorCode::store_invalid,
                    "a consultant assignment links a consultancy to a factory organization");
      }
      db.exec(
          "INSERT INTO consultant_assignments (consultant_org_id, factory_org_id, created_at) "
          "VALUES ($1, $2, $3)",
          {consultant_org_id, factory_org_id, now_iso8601()});
      const std::string id =
          std::to_string(consultant_org_id) + ":" + std::to_string(factory_org_id);
      append_audit(db, actor, "create", "consultant_assignments", id, nullptr,
                   {{"consultant_org_id", consultant_org_id}, {"factory_org_id", factory_org_id}});
    });
  });
}

Result<void> unassign_consultant(Database& db, const Actor& actor, std::int64_t consultant_org_id,
                                 std::int64_t factory_org_id) {
  return guard([&] {
    db.write([&] {
      if (db.query("SELECT 1 FROM consultant_assignments WHERE consultant_org_id = $1 AND "
                   "factory_org_id = $2",
                   {consultant_org_id, factory_org_id})
              .empty()) {
        throw_error(ErrorCode::store_not_found, "no such consultant assignment");
      }
      db.exec(
          "DELETE FROM consultant_assignments WHERE consultant_org_id = $1 AND factory_org_id = $2",
          {consultant_org_id, factory_org_id});
      const std::string id =
          std::to_string(consultant_org_id) + ":" + std::to_string(factory_org_id);
      append_audit(db, actor, "delete", "consultant_assignments", id,
                   {{"consultant_org_id", consultant_org_id}, {"factory_org_id", factory_org_id}},
                   nullptr);
    });
  });
}

Result<std::vector<std::int64_t>> list_assigned_factories(Database& db,
                                                          std::int64_t consultant_org_id) {
  return guard([&] {
    std::vector<std::int64_t> out;
    for (const auto& row : db.query("SELECT factory_org_id FROM consultant_assignments WHERE "
                                    "consultant_org_id = $1 ORDER BY factory_org_id",
                                    {consultant_org_id})) {
      out.push_back(row.integer(0));
    }
    return out;
  });
}

Result<Session> create_session(Database& db, const Actor& actor, std::int64_t user_id,
                               const std::string& token_hash, const std::string& csrf_hash,
                               const std::string& expires_at) {
  Session session;
  session.user_id = user_id;
  session.csrf_hash = csrf_hash;
  session.expires_at = expires_at;
  return create_session(db, actor, token_hash, std::move(session));
}

Result<Session> create_session(Database& db, const Actor& actor, const std::string& token_hash,
                               Session session) {
  return guard([&] {
    session.created_at = now_iso8601();
    if (session.last_seen_at.empty()) session.last_seen_at = session.created_at;
    db.write([&] {
      load_user(db, session.user_id);
      session.id = detail::insert_id(
          db,
          "INSERT INTO sessions (token_hash, user_id, csrf_hash, created_at, expires_at, "
          "last_seen_at, client_ip, user_agent) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
          {token_hash, session.user_id, session.csrf_hash, session.created_at, session.expires_at,
           session.last_seen_at, session.client_ip, session.user_agent});
      append_audit(db, actor, "create", "sessions", std::to_string(session.id), nullptr,
                   {{"user_id", session.user_id},
                    {"expires_at", session.expires_at},
                    {"client_ip", session.client_ip}});
    });
    return session;
  });
}

Result<Session> find_session(Database& db, const std::string& token_hash) {
  return guard([&] {
    const auto rows = db.query(
        "SELECT s.id, s.user_id, s.csrf_hash, s.created_at, s.expires_at, s.last_seen_at, "
        "s.client_ip, s.user_agent FROM sessions s JOIN users u ON u.id = s.user_id "
        "WHERE s.token_hash = $1 AND s.expires_at > $2 AND u.is_disabled = 0",
        {token_hash, now_iso8601()});
    if (rows.empty()) throw_error(ErrorCode::store_not_found, "no such session, or it has expired");
    const auto& row = rows[0];
    return Session{row.integer(0), row.integer(1), row.text(2), row.text(3),
                   row.text(4),    row.text(5),    row.text(6), row.text(7)};
  });
}

Result<void> touch_session(Database& db, const std::string& token_hash,
                           const std::string& last_seen_at) {
  return guard([&] {
    db.exec("UPDATE sessions SET last_seen_at = $2 WHERE token_hash = $1 AND last_seen_at < $2",
            {token_hash, last_seen_at});
  });
}

Result<std::int64_t> delete_user_sessions(Database& db, const Actor& actor, std::int64_t user_id) {
  return guard([&] {
    std::int64_t count = 0;
    db.write([&] {
      count = db.query("SELECT COUNT(*) FROM sessions WHERE user_id = $1", {user_id})[0].integer(0);
      if (count == 0) return;
      db.exec("DELETE FROM sessions WHERE user_id = $1", {user_id});
      append_audit(db, actor, "delete_all", "sessions", "user:" + std::to_string(user_id),
                   {{"user_id", user_id}, {"count", count}}, nullptr);
    });
    return count;
  });
}

Result<void> delete_session(Database& db, const Actor& actor, std::int64_t session_id) {
  return guard([&] {
    db.write([&] {
      const auto rows =
          db.query("SELECT user_id, expires_at FROM sessions WHERE id = $1", {session_id});
      if (rows.empty()) detail::throw_not_found("session", session_id);
      db.exec("DELETE FROM sessions WHERE id = $1", {session_id});
      append_audit(db, actor, "delete", "sessions", std::to_string(session_id),
                   {{"user_id", rows[0].integer(0)}, {"expires_at", rows[0].text(1)}}, nullptr);
    });
  });
}

Result<std::int64_t> delete_expired_sessions(Database& db, const Actor& actor) {
  return guard([&] {
    std::int64_t count = 0;
    db.write([&] {
      const std::string now = now_iso8601();
      count = db.query("SELECT COUNT(*) FROM sessions WHERE expires_at <= $1", {now})[0].integer(0);
      if (count == 0) return;
      db.exec("DELETE FROM sessions WHERE expires_at <= $1", {now});
      append_audit(db, actor, "delete_expired", "sessions", "*", {{"count", count}}, nullptr);
    });
    return count;
  });
}

Result<ApiToken> create_api_token(Database& db, const Actor& actor, std::int64_t user_id,
                                  const std::string& name, const std::string& token_hash,
                                  const std::string& expires_at) {
  return guard([&] {
    ApiToken token{0, user_id, name, now_iso8601(), expires_at, std::nullopt};
    db.write([&] {
      load_user(db, user_id);
      token.id = detail::insert_id(db,
                                   "INSERT INTO api_tokens (token_hash, user_id, name, created_at, "
                                   "expires_at) VALUES ($1, $2, $3, $4, $5)",
                                   {token_hash, user_id, name, token.created_at, expires_at});
      append_audit(db, actor, "create", "api_tokens", std::to_string(token.id), nullptr,
                   {{"user_id", user_id}, {"name", name}, {"expires_at", expires_at}});
    });
    return token;
  });
}

Result<ApiToken> find_api_token(Database& db, const std::string& token_hash) {
  return guard([&] {
    const auto rows = db.query(
        "SELECT t.id, t.user_id, t.name, t.created_at, t.expires_at FROM api_tokens t "
        "JOIN users u ON u.id = t.user_id WHERE t.token_hash = $1 AND t.revoked_at IS NULL "
        "AND t.expires_at > $2 AND u.is_disabled = 0",
        {token_hash, now_iso8601()});
    if (rows.empty())
      throw_error(ErrorCode::store_not_found,
                  "no such API token, or it was revoked or has expired");
    return ApiToken{rows[0].integer(0), rows[0].integer(1), rows[0].text(2),
                    rows[0].text(3),    rows[0].text(4),    std::nullopt};
  });
}

Result<void> revoke_api_token(Database& db, const Actor& actor, std::int64_t token_id) {
  return guard([&] {
    db.write([&] {
      const auto rows = db.query(
          "SELECT user_id, name FROM api_tokens WHERE id = $1 AND "
          "revoked_at IS NULL",
          {token_id});
      if (rows.empty()) detail::throw_not_found("active API token", token_id);
      const std::string now = now_iso8601();
      db.exec("UPDATE api_tokens SET revoked_at = $2 WHERE id = $1", {token_id, now});
      append_audit(
          db, actor, "revoke", "api_tokens", std::to_string(token_id),
          {{"user_id", rows[0].integer(0)}, {"name", rows[0].text(1)}},
          {{"user_id", rows[0].integer(0)}, {"name", rows[0].text(1)}, {"revoked_at", now}});
    });
  });
}

Result<std::int64_t> api_token_id(Database& db, const std::string& token_hash) {
  return guard([&] {
    const auto rows = db.query("SELECT id FROM api_tokens WHERE token_hash = $1", {token_hash});
    if (rows.empty()) throw_error(ErrorCode::store_not_found, "no such API token");
    return rows[0].integer(0);
  });
}

}  // namespace cl::store

#include "server/auth/memory_directory.hpp"

namespace cl::server::auth {

std::string MemoryDirectory::add_user(std::string login, std::string display_name,
                                      std::string password_hash, Principal principal) {
  std::lock_guard lock(mutex_);
  UserRecord user;
  user.id = "u" + std::to_string(users_.size() + 1);
  user.login = std::move(login);
  user.display_name = std::move(display_name);
  user.password_hash = std::move(password_hash);
  principal.user_id = user.id;
  if (!principal.org_id.empty()) principals_[user.id] = std::move(principal);
  users_.push_back(user);
  return user.id;
}

Result<std::optional<UserRecord>> MemoryDirectory::find_by_login(std::string_view login) {
  std::lock_guard lock(mutex_);
  for (const auto& user : users_) {
    if (user.login == login) return user;
  }
  return std::nullopt;
}

Result<std::optional<UserRecord>> MemoryDirectory::find_by_id(std::string_view user_id) {
  std::lock_guard lock(mutex_);
  for (const auto& user : users_) {
    if (user.id == user_id) return user;
  }
  return std::nullopt;
}

Result<std::optional<Principal>> MemoryDirectory::principal_of(std::string_view user_id) {
  std::lock_guard lock(mutex_);
  if (auto found = principals_.find(user_id); found != principals_.end()) return found->second;
  return std::nullopt;
}

Result<void> MemoryDirectory::set_password_hash(std::string_view user_id, std::string_view hash) {
  std::lock_guard lock(mutex_);
  for (auto& user : users_) {
    if (user.id == user_id) {
      user.password_hash = hash;
      return {};
    }
  }
  return fail(ErrorCode::store_not_found, "no user '" + std::string(user_id) + "'");
}

Result<void> MemoryDirectory::insert(const SessionRecord& session) {
  std::lock_guard lock(mutex_);
  if (!sessions_.emplace(session.id_hash, session).second) {
    return fail(ErrorCode::store_conflict, "a session with this id exists");
  }
  return {};
}

Result<std::optional<SessionRecord>> MemoryDirectory::find(std::string_view id_hash) {
  std::lock_guard lock(mutex_);
  if (auto found = sessions_.find(id_hash); found != sessions_.end()) return found->second;
  return std::nullopt;
}

Result<void> MemoryDirectory::touch(std::string_view id_hash, TimePoint last_seen) {
  std::lock_guard lock(mutex_);
  if (auto found = sessions_.find(id_hash); found != sessions_.end()) {
    found->second.last_seen = last_seen;
  }
  return {};
}

Result<void> MemoryDirectory::remove(std::string_view id_hash) {
  std::lock_guard lock(mutex_);
  if (auto found = sessions_.find(id_hash); found != sessions_.end()) sessions_.erase(found);
  return {};
}

Result<std::size_t> MemoryDirectory::remove_for_user(std::string_view user_id) {
  std::lock_guard lock(mutex_);
  return static_cast<std::size_t>(
      std::erase_if(sessions_, [&](const auto& item) { return item.second.user_id == user_id; }));
}

Result<void> MemoryDirectory::insert_token(const ApiTokenRecord& token) {
  std::lock_guard lock(mutex_);
  if (!tokens_.emplace(token.hash, token).second) {
    return fail(ErrorCode::store_conflict, "a token with this hash exists");
  }
  return {};
}

Result<std::optional<ApiTokenRecord>> MemoryDirectory::find_token(std::string_view hash) {
  std::lock_guard lock(mutex_);
  if (auto found = tokens_.find(hash); found != tokens_.end()) return found->second;
  return std::nullopt;
}

Result<void> MemoryDirectory::revoke_token(std::string_view hash) {
  std::lock_guard lock(mutex_);
  if (auto found = tokens_.find(hash); found != tokens_.end()) found->second.is_revoked = true;
  return {};
}

std::vector<SessionRecord> MemoryDirectory::sessions() const {
  std::lock_guard lock(mutex_);
  std::vector<SessionRecord> out;
  for (const auto& [hash, session] : sessions_) out.push_back(session);
  return out;
}

std::vector<ApiTokenRecord> MemoryDirectory::tokens() const {
  std::lock_guard lock(mutex_);
  std::vector<ApiTokenRecord> out;
  for (const auto& [hash, token] : tokens_) out.push_back(token);
  return out;
}

}  // namespace cl::server::auth

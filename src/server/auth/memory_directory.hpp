// UserDirectory, SessionStore and ApiTokenStore in memory, behind one mutex: the account
// interfaces' reference implementation for tests, and `serve --users FILE` until src/store
// provides the database-backed ones. Nothing survives a restart.
#pragma once

#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "server/auth/directory.hpp"

namespace cl::server::auth {

class MemoryDirectory : public UserDirectory, public SessionStore, public ApiTokenStore {
 public:
  /// Adds a user with an already computed hash; returns its id ("u1", "u2", …). A principal
  /// with an empty org_id means no membership yet (principal_of gives nothing).
  std::string add_user(std::string login, std::string display_name, std::string password_hash,
                       Principal principal);

  Result<std::optional<UserRecord>> find_by_login(std::string_view login) override;
  Result<std::optional<UserRecord>> find_by_id(std::string_view user_id) override;
  Result<std::optional<Principal>> principal_of(std::string_view user_id) override;
  Result<void> set_password_hash(std::string_view user_id, std::string_view hash) override;

  Result<void> insert(const SessionRecord& session) override;
  Result<std::optional<SessionRecord>> find(std::string_view id_hash) override;
  Result<void> touch(std::string_view id_hash, TimePoint last_seen) override;
  Result<void> remove(std::string_view id_hash) override;
  Result<std::size_t> remove_for_user(std::string_view user_id) override;

  Result<void> insert_token(const ApiTokenRecord& token) override;
  Result<std::optional<ApiTokenRecord>> find_token(std::string_view hash) override;
  Result<void> revoke_token(std::string_view hash) override;

  /// What is kept, for tests that check that only hashes are stored.
  std::vector<SessionRecord> sessions() const;
  std::vector<ApiTokenRecord> tokens() const;

 private:
  mutable std::mutex mutex_;
  std::vector<UserRecord> users_;
  std::map<std::string, Principal, std::less<>> principals_;
  std::map<std::string, SessionRecord, std::less<>> sessions_;
  std::map<std::string, ApiTokenRecord, std::less<>> tokens_;
};

}  // namespace cl::server::auth

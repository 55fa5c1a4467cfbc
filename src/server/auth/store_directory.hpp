// UserDirectory, SessionStore and ApiTokenStore on the database (src/store/accounts.hpp), for
// `serve --db`: users, their memberships and consultant assignments, sessions and API tokens
// survive a restart and are shared by every server on the same PostgreSQL. Ids cross the
// interface as decimal text ("12"). A user acts with its administrator membership if it has
// one, else with its first membership; a consultant's assignments are read with it.
//
// A session's last request is written at most once a minute (kept per session in memory in
// between), so reads do not turn into database writes. What a request needs to be recognized
// (its session or token, the user, the principal) is kept for kCacheFor after it was read, so a
// busy client costs one lookup every few seconds instead of four per request; a logout, a
// revocation or a password change made through this server takes effect at once, one made by
// another process (`carbonledger user passwd`, a second server) within kCacheFor.
#pragma once

#include <chrono>
#include <map>
#include <mutex>
#include <string>

#include "server/auth/directory.hpp"
#include "server/db_pool.hpp"

namespace cl::server::auth {

class StoreDirectory : public UserDirectory, public SessionStore, public ApiTokenStore {
 public:
  explicit StoreDirectory(DbPool& pool) : pool_(pool) {}

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

  /// How often a session's last request is written.
  static constexpr std::chrono::seconds kTouchInterval{60};
  /// How long a session, token, user or principal read from the database is trusted.
  static constexpr std::chrono::seconds kCacheFor{5};

 private:
  template <class T>
  struct Cached {
    T value;
    std::chrono::steady_clock::time_point read_at;
  };
  template <class T>
  using Cache = std::map<std::string, Cached<T>, std::less<>>;

  /// The cached value of `key` if younger than kCacheFor.
  template <class T>
  std::optional<T> cached(Cache<T>& cache, std::string_view key);
  template <class T>
  void remember(Cache<T>& cache, std::string_view key, const T& value);
  void forget_user(std::string_view user_id);

  DbPool& pool_;
  std::mutex touch_mutex_;
  std::map<std::string, TimePoint, std::less<>> last_written_;
  std::mutex cache_mutex_;
  Cache<SessionRecord> sessions_;
  Cache<ApiTokenRecord> tokens_;
  Cache<UserRecord> users_;
  Cache<Principal> principals_;
};

/// ISO 8601 UTC text ("2024-05-01T08:30:00.123Z") and back; a malformed text is the epoch.
std::string to_iso8601(TimePoint time);
TimePoint from_iso8601(std::string_view text);

}  // namespace cl::server::auth

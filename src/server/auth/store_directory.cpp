#include "server/auth/store_directory.hpp"

#include <fmt/format.h>
#include <time.h>

#include <charconv>

#include "store/accounts.hpp"

namespace cl::server::auth {
namespace {

/// "12" → 12; 0 for anything else (no store row has id 0).
std::int64_t to_id(std::string_view text) {
  std::int64_t value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  return error == std::errc() && end == text.data() + text.size() ? value : 0;
}

UserRecord to_record(const store::User& user) {
  return {std::to_string(user.id), user.email, user.name, user.password_hash, user.is_disabled};
}

/// store.not_found as an empty answer; other errors as they are.
template <class T>
Result<std::optional<T>> optional_of(Result<T> found) {
  if (found) return std::optional<T>(std::move(*found));
  if (found.error().code == ErrorCode::store_not_found) return std::optional<T>();
  return tl::unexpected(found.error());
}

}  // namespace

std::string to_iso8601(TimePoint time) {
  const auto millis =
      std::chrono::duration_cast<std::chrono::milliseconds>(time.time_since_epoch()).count();
  const time_t seconds = static_cast<time_t>(millis / 1000);
  struct tm utc {};
  gmtime_r(&seconds, &utc);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z", utc.tm_year + 1900,
                     utc.tm_mon + 1, utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec,
                     millis % 1000);
}

TimePoint from_iso8601(std::string_view text) {
  struct tm utc {};
  int millis = 0;
  const std::string copy(text);
  if (std::sscanf(copy.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d.%3dZ", &utc.tm_year, &utc.tm_mon,
                  &utc.tm_mday, &utc.tm_hour, &utc.tm_min, &utc.tm_sec, &millis) < 6) {
    return TimePoint{};
  }
  utc.tm_year -= 1900;
  utc.tm_mon -= 1;
  return std::chrono::system_clock::from_time_t(timegm(&utc)) + std::chrono::milliseconds(millis);
}

template <class T>
std::optional<T> StoreDirectory::cached(Cache<T>& cache, std::string_view key) {
  std::lock_guard lock(cache_mutex_);
  const auto found = cache.find(key);
  if (found == cache.end()) return std::nullopt;
  if (std::chrono::steady_clock::now() - found->second.read_at >= kCacheFor) {
    cache.erase(found);
    return std::nullopt;
  }
  return found->second.value;
}

template <class T>
void StoreDirectory::remember(Cache<T>& cache, std::string_view key, const T& value) {
  constexpr std::size_t kMaxEntries = 100000;  // a bound on memory, not a tuning knob
  std::lock_guard lock(cache_mutex_);
  if (cache.size() >= kMaxEntries) cache.clear();
  cache.insert_or_assign(std::string(key), Cached<T>{value, std::chrono::steady_clock::now()});
}

void StoreDirectory::forget_user(std::string_view user_id) {
  std::lock_guard lock(cache_mutex_);
  users_.erase(std::string(user_id));
  principals_.erase(std::string(user_id));
  std::erase_if(sessions_, [&](const auto& item) { return item.second.value.user_id == user_id; });
  std::erase_if(tokens_, [&](const auto& item) { return item.second.value.user_id == user_id; });
}

Result<std::optional<UserRecord>> StoreDirectory::find_by_login(std::string_view login) {
  auto db = pool_.acquire();
  return optional_of(store::find_user_by_email(*db, std::string(login)).map(to_record));
}

Result<std::optional<UserRecord>> StoreDirectory::find_by_id(std::string_view user_id) {
  if (auto hit = cached(users_, user_id)) return hit;
  const auto id = to_id(user_id);
  if (id == 0) return std::optional<UserRecord>();
  auto db = pool_.acquire();
  auto found = optional_of(store::get_user(*db, id).map(to_record));
  if (found && *found) remember(users_, user_id, **found);
  return found;
}

Result<std::optional<Principal>> StoreDirectory::principal_of(std::string_view user_id) {
  if (auto hit = cached(principals_, user_id)) return hit;
  const auto id = to_id(user_id);
  if (id == 0) return std::optional<Principal>();
  auto db = pool_.acquire();
  auto memberships = store::list_memberships(*db, id);
  if (!memberships) return tl::unexpected(memberships.error());
  if (memberships->empty()) return std::optional<Principal>();
  const store::Membership* chosen = &memberships->front();
  for (const auto& membership : *memberships) {
    if (membership.role == "administrator") chosen = &membership;
  }
  Principal principal;
  principal.user_id = std::string(user_id);
  if (!parse_role(chosen->role, principal.role)) return std::optional<Principal>();
  if (chosen->organization_id) principal.org_id = std::to_string(*chosen->organization_id);
  if (principal.role == Role::consultant && chosen->organization_id) {
    auto assigned = store::list_assigned_factories(*db, *chosen->organization_id);
    if (!assigned) return tl::unexpected(assigned.error());
    for (const auto org : *assigned) principal.assigned_orgs.push_back(std::to_string(org));
  }
  remember(principals_, user_id, principal);
  return std::optional<Principal>(std::move(principal));
}

Result<void> StoreDirectory::set_password_hash(std::string_view user_id, std::string_view hash) {
  forget_user(user_id);
  auto db = pool_.acquire();
  auto changed =
      store::set_password_hash(*db, {"user:" + std::string(user_id), "password re-hashed"},
                               to_id(user_id), std::string(hash));
  forget_user(user_id);  // again: a request in between may have cached the old record
  return changed;
}

Result<void> StoreDirectory::insert(const SessionRecord& session) {
  store::Session row;
  row.user_id = to_id(session.user_id);
  row.csrf_hash = session.csrf_hash;
  row.expires_at = to_iso8601(session.expires);
  row.last_seen_at = to_iso8601(session.last_seen);
  row.client_ip = session.client_ip;
  row.user_agent = session.user_agent.substr(0, 512);
  auto db = pool_.acquire();
  auto created = store::create_session(*db, {"user:" + session.user_id, "login"}, session.id_hash,
                                       std::move(row));
  if (!created) return tl::unexpected(created.error());
  std::lock_guard lock(touch_mutex_);
  last_written_[session.id_hash] = session.last_seen;
  return {};
}

Result<std::optional<SessionRecord>> StoreDirectory::find(std::string_view id_hash) {
  // A later request may have been seen but not yet written (touch()).
  const auto with_last_seen = [this](SessionRecord record) {
    std::lock_guard lock(touch_mutex_);
    if (auto seen = last_written_.find(record.id_hash); seen != last_written_.end()) {
      record.last_seen = std::max(record.last_seen, seen->second);
    }
    return record;
  };
  if (auto hit = cached(sessions_, id_hash)) return with_last_seen(std::move(*hit));
  auto db = pool_.acquire();
  auto kept = optional_of(
      store::find_session(*db, std::string(id_hash)).map([&](const store::Session& session) {
        SessionRecord record;
        record.id_hash = std::string(id_hash);
        record.user_id = std::to_string(session.user_id);
        record.csrf_hash = session.csrf_hash;
        record.created = from_iso8601(session.created_at);
        record.last_seen = from_iso8601(session.last_seen_at);
        record.expires = from_iso8601(session.expires_at);
        record.client_ip = session.client_ip;
        record.user_agent = session.user_agent;
        return record;
      }));
  if (!kept) return kept;
  if (*kept) {
    remember(sessions_, id_hash, **kept);
    return with_last_seen(std::move(**kept));
  }
  // Ended or expired: its last-request time is no longer needed.
  std::lock_guard lock(touch_mutex_);
  if (auto seen = last_written_.find(id_hash); seen != last_written_.end())
    last_written_.erase(seen);
  return kept;
}

Result<void> StoreDirectory::touch(std::string_view id_hash, TimePoint last_seen) {
  {
    std::lock_guard lock(touch_mutex_);
    auto& written = last_written_[std::string(id_hash)];
    if (last_seen - written < kTouchInterval) return {};
    written = last_seen;
  }
  auto db = pool_.acquire();
  return store::touch_session(*db, std::string(id_hash), to_iso8601(last_seen));
}

Result<void> StoreDirectory::remove(std::string_view id_hash) {
  {
    std::lock_guard lock(cache_mutex_);
    sessions_.erase(std::string(id_hash));
  }
  {
    std::lock_guard lock(touch_mutex_);
    if (auto found = last_written_.find(id_hash); found != last_written_.end()) {
      last_written_.erase(found);
    }
  }
  auto db = pool_.acquire();
  auto found = store::find_session(*db, std::string(id_hash));
  if (!found) {
    return found.error().code == ErrorCode::store_not_found ? Result<void>()
                                                            : tl::unexpected(found.error());
  }
  auto deleted =
      store::delete_session(*db, {"user:" + std::to_string(found->user_id), "logout"}, found->id);
  std::lock_guard lock(cache_mutex_);
  sessions_.erase(std::string(id_hash));  // again, after the change
  return deleted;
}

Result<std::size_t> StoreDirectory::remove_for_user(std::string_view user_id) {
  forget_user(user_id);
  auto db = pool_.acquire();
  auto removed = store::delete_user_sessions(
      *db, {"user:" + std::string(user_id), "end all sessions"}, to_id(user_id));
  forget_user(user_id);  // again, after the change
  if (!removed) return tl::unexpected(removed.error());
  return static_cast<std::size_t>(*removed);
}

Result<void> StoreDirectory::insert_token(const ApiTokenRecord& token) {
  // A token without an end date is stored with the last representable one.
  const std::string expires =
      token.expires ? to_iso8601(*token.expires) : std::string("9999-12-31T23:59:59.999Z");
  auto db = pool_.acquire();
  auto created = store::create_api_token(*db, {"user:" + token.user_id, "API token"},
                                         to_id(token.user_id), token.name, token.hash, expires);
  if (!created) return tl::unexpected(created.error());
  return {};
}

Result<std::optional<ApiTokenRecord>> StoreDirectory::find_token(std::string_view hash) {
  if (auto hit = cached(tokens_, hash)) return hit;
  auto db = pool_.acquire();
  auto found = store::find_api_token(*db, std::string(hash));
  auto token_record = optional_of(found.map([&](const store::ApiToken& token) {
    ApiTokenRecord record;
    record.hash = std::string(hash);
    record.user_id = std::to_string(token.user_id);
    record.name = token.name;
    record.created = from_iso8601(token.created_at);
    if (token.expires_at.rfind("9999-", 0) != 0) {
      record.expires = from_iso8601(token.expires_at);
    }
    record.is_revoked = token.revoked_at.has_value();
    return record;
  }));
  if (token_record && *token_record) remember(tokens_, hash, **token_record);
  return token_record;
}

Result<void> StoreDirectory::revoke_token(std::string_view hash) {
  {
    std::lock_guard lock(cache_mutex_);
    tokens_.erase(std::string(hash));
  }
  auto db = pool_.acquire();
  auto id = store::api_token_id(*db, std::string(hash));
  if (!id) return tl::unexpected(id.error());
  return store::revoke_api_token(*db, {"system", "token revoked"}, *id);
}

}  // namespace cl::server::auth

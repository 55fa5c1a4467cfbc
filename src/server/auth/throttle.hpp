// Login rate limiting and lock-out, in memory (one server process; the limits protect the
// password hashes from guessing, they are not an accounting record).
//
// - Per client address: at most `ip_attempts` login attempts per `ip_window` (fixed window),
//   successful or not, so one address cannot try many accounts.
// - Per account: after `account_failures` failed attempts in a row (failures older than
//   `lockout` are forgotten), the account is locked for `lockout`; a success clears the count.
//   Unknown account names are counted the same way, so the answers do not tell which accounts
//   exist (OWASP Authentication Cheat Sheet, "Login Throttling" / "Account Lockout").
// Both tables are bounded (`max_entries`): expired entries are pruned first, then the oldest
// windows are dropped, so a flood of addresses costs bounded memory.
#pragma once

#include <chrono>
#include <cstddef>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "server/auth/clock.hpp"

namespace cl::server::auth {

struct ThrottleLimits {
  std::size_t ip_attempts = 30;
  std::chrono::seconds ip_window{60};
  std::size_t account_failures = 5;
  std::chrono::seconds lockout{15 * 60};
  std::size_t max_entries = 100000;
};

class LoginThrottle {
 public:
  explicit LoginThrottle(ThrottleLimits limits = {}, Clock clock = system_clock());

  /// Called before a password is checked; counts the attempt against `ip`. Empty when the
  /// attempt may go ahead, else how long to wait (at least 1 s): the address is over its limit
  /// or the account is locked.
  std::optional<std::chrono::seconds> admit(std::string_view ip, std::string_view account);
  /// A wrong password (or unknown account) for `account`.
  void record_failure(std::string_view account);
  /// A correct password: the account's failures are forgotten.
  void record_success(std::string_view account);

  const ThrottleLimits& limits() const { return limits_; }

 private:
  struct Window {
    TimePoint start;
    std::size_t count = 0;
  };
  struct Failures {
    std::size_t count = 0;
    TimePoint last;
    TimePoint locked_until;
  };
  void prune(TimePoint now);

  ThrottleLimits limits_;
  Clock clock_;
  std::mutex mutex_;
  std::unordered_map<std::string, Window> by_ip_;
  std::unordered_map<std::string, Failures> by_account_;
};

}  // namespace cl::server::auth

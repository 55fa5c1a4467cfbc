#include "server/auth/throttle.hpp"

#include <algorithm>

namespace cl::server::auth {
namespace {

std::chrono::seconds wait_until(TimePoint now, TimePoint until) {
  const auto left = std::chrono::ceil<std::chrono::seconds>(until - now);
  return std::max(left, std::chrono::seconds{1});
}

}  // namespace

LoginThrottle::LoginThrottle(ThrottleLimits limits, Clock clock)
    : limits_(limits), clock_(std::move(clock)) {}

std::optional<std::chrono::seconds> LoginThrottle::admit(std::string_view ip,
                                                         std::string_view account) {
  const TimePoint now = clock_();
  std::lock_guard lock(mutex_);
  if (by_ip_.size() >= limits_.max_entries || by_account_.size() >= limits_.max_entries) {
    prune(now);
  }
  if (auto found = by_account_.find(std::string(account)); found != by_account_.end()) {
    if (found->second.locked_until > now) return wait_until(now, found->second.locked_until);
  }
  auto& window = by_ip_[std::string(ip)];
  if (window.count == 0 || now - window.start >= limits_.ip_window) {
    window.start = now;
    window.count = 0;
  }
  if (window.count >= limits_.ip_attempts) return wait_until(now, window.start + limits_.ip_window);
  ++window.count;
  return std::nullopt;
}

void LoginThrottle::record_failure(std::string_view account) {
  const TimePoint now = clock_();
  std::lock_guard lock(mutex_);
  auto& failures = by_account_[std::string(account)];
  if (failures.count > 0 && now - failures.last >= limits_.lockout) failures.count = 0;
  failures.last = now;
  if (++failures.count >= limits_.account_failures) {
    failures.locked_until = now + limits_.lockout;
    failures.count = 0;
  }
}

void LoginThrottle::record_success(std::string_view account) {
  std::lock_guard lock(mutex_);
  by_account_.erase(std::string(account));
}

void LoginThrottle::prune(TimePoint now) {
  std::erase_if(by_ip_,
                [&](const auto& item) { return now - item.second.start >= limits_.ip_window; });
  std::erase_if(by_account_, [&](const auto& item) {
    return item.second.locked_until <= now && now - item.second.last >= limits_.lockout;
  });
  // Still full (a flood of fresh entries): drop arbitrary ones down to half. An attacker can
  // then reset some counters, but cannot exhaust memory.
  const auto shrink = [&](auto& map) {
    while (map.size() > limits_.max_entries / 2) map.erase(map.begin());
  };
  if (by_ip_.size() >= limits_.max_entries) shrink(by_ip_);
  if (by_account_.size() >= limits_.max_entries) shrink(by_account_);
}

}  // namespace cl::server::auth

// The time source of the account code, injectable so that tests of expiry, rate limits and
// lock-out move time by hand instead of sleeping.
#pragma once

#include <chrono>
#include <functional>

namespace cl::server::auth {

using TimePoint = std::chrono::system_clock::time_point;
using Clock = std::function<TimePoint()>;

/// The real clock (std::chrono::system_clock::now).
inline Clock system_clock() {
  return [] { return std::chrono::system_clock::now(); };
}

/// Seconds since 1970 (what the stores keep and the API prints).
inline long long unix_seconds(TimePoint time) {
  return std::chrono::duration_cast<std::chrono::seconds>(time.time_since_epoch()).count();
}

}  // namespace cl::server::auth

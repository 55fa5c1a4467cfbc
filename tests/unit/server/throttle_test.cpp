// Login throttling with a hand-moved clock: limits of 3 attempts per address per 60 s and a
// lock-out of 600 s after 2 failures in a row, chosen small so every boundary is visible.
#include "server/auth/throttle.hpp"

#include <gtest/gtest.h>

namespace cl::server::auth {
namespace {

using std::chrono::seconds;

struct FakeClock {
  TimePoint now = TimePoint{} + std::chrono::hours(24 * 365 * 50);
  Clock clock() {
    return [this] { return now; };
  }
};

ThrottleLimits small_limits() {
  ThrottleLimits limits;
  limits.ip_attempts = 3;
  limits.ip_window = seconds{60};
  limits.account_failures = 2;
  limits.lockout = seconds{600};
  return limits;
}

TEST(ServerThrottleTest, AddressIsLimitedPerWindow) {
  FakeClock time;
  LoginThrottle throttle(small_limits(), time.clock());
  EXPECT_FALSE(throttle.admit("10.0.0.1", "a@x").has_value());
  EXPECT_FALSE(throttle.admit("10.0.0.1", "b@x").has_value());
  EXPECT_FALSE(throttle.admit("10.0.0.1", "c@x").has_value());
  time.now += seconds{20};
  // 4th attempt within the window: wait until the window that began 20 s ago ends (40 s).
  EXPECT_EQ(throttle.admit("10.0.0.1", "d@x"), seconds{40});
  EXPECT_FALSE(throttle.admit("10.0.0.2", "d@x").has_value()) << "another address is not held";
  time.now += seconds{40};
  EXPECT_FALSE(throttle.admit("10.0.0.1", "d@x").has_value()) << "a new window";
}

TEST(ServerThrottleTest, AccountLocksAfterFailuresInARowAndUnlocksAfterTheLockout) {
  FakeClock time;
  LoginThrottle throttle(small_limits(), time.clock());
  ASSERT_FALSE(throttle.admit("10.0.0.1", "a@x").has_value());
  throttle.record_failure("a@x");
  time.now += seconds{5};
  ASSERT_FALSE(throttle.admit("10.0.0.2", "a@x").has_value());
  throttle.record_failure("a@x");  // 2nd in a row: locked for 600 s from now
  time.now += seconds{100};
  EXPECT_EQ(throttle.admit("10.0.0.3", "a@x"), seconds{500}) << "from any address";
  EXPECT_FALSE(throttle.admit("10.0.0.3", "b@x").has_value()) << "other accounts are not locked";
  time.now += seconds{500};
  EXPECT_FALSE(throttle.admit("10.0.0.4", "a@x").has_value()) << "the lock-out has ended";
}

TEST(ServerThrottleTest, SuccessClearsFailuresAndOldFailuresAreForgotten) {
  FakeClock time;
  LoginThrottle throttle(small_limits(), time.clock());
  throttle.record_failure("a@x");
  throttle.record_success("a@x");
  throttle.record_failure("a@x");  // 1 in a row after the success: not locked
  EXPECT_FALSE(throttle.admit("10.0.0.1", "a@x").has_value());
  time.now += seconds{600};        // the earlier failure is older than the lock-out period
  throttle.record_failure("a@x");  // counts as the first again
  EXPECT_FALSE(throttle.admit("10.0.0.2", "a@x").has_value());
  throttle.record_failure("a@x");
  EXPECT_EQ(throttle.admit("10.0.0.3", "a@x"), seconds{600});
}

TEST(ServerThrottleTest, TablesStayBounded) {
  FakeClock time;
  auto limits = small_limits();
  limits.max_entries = 100;
  LoginThrottle throttle(limits, time.clock());
  for (int idx = 0; idx < 1000; ++idx) {
    (void)throttle.admit("10.1." + std::to_string(idx), "user" + std::to_string(idx));
    throttle.record_failure("user" + std::to_string(idx));
  }
  // Whatever was dropped, a fresh address and account are still served.
  EXPECT_FALSE(throttle.admit("10.9.9.9", "fresh@x").has_value());
}

}  // namespace
}  // namespace cl::server::auth

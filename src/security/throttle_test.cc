#include "security/throttle.h"

#include <gtest/gtest.h>

#include <thread>
#include <vector>

#include "common/clock.h"

namespace xiezuo::security {
namespace {

using std::chrono::minutes;
using std::chrono::seconds;

class LoginThrottleTest : public ::testing::Test {
 protected:
  void Fail(std::string_view key, int times) {
    for (int i = 0; i < times; ++i) throttle_.RecordFailure(key, clock_.NowSeconds());
  }
  bool Allowed(std::string_view key) { return throttle_.Allowed(key, clock_.NowSeconds()); }

  FakeClock clock_{1700000000};
  LoginThrottle throttle_{LoginThrottleOptions{}};
};

TEST_F(LoginThrottleTest, LocksOutAfterFiveFailures) {
  Fail("user:zhangsan", 4);
  EXPECT_TRUE(Allowed("user:zhangsan"));
  Fail("user:zhangsan", 1);
  EXPECT_FALSE(Allowed("user:zhangsan"));
  EXPECT_TRUE(Allowed("user:lisi"));  // other keys unaffected
}

TEST_F(LoginThrottleTest, ReleasesAfterLockoutWithoutSleeping) {
  Fail("ip:10.0.0.1", 5);
  EXPECT_FALSE(Allowed("ip:10.0.0.1"));
  clock_.Advance(minutes(15) - seconds(1));
  EXPECT_FALSE(Allowed("ip:10.0.0.1"));
  EXPECT_EQ(throttle_.RetryAfter("ip:10.0.0.1", clock_.NowSeconds()), 1);
  clock_.Advance(seconds(1));
  EXPECT_TRUE(Allowed("ip:10.0.0.1"));
  EXPECT_EQ(throttle_.RetryAfter("ip:10.0.0.1", clock_.NowSeconds()), 0);
  // The count starts again from zero after a lockout.
  Fail("ip:10.0.0.1", 4);
  EXPECT_TRUE(Allowed("ip:10.0.0.1"));
}

TEST_F(LoginThrottleTest, FailuresOutsideTheWindowDoNotCount) {
  Fail("user:zhangsan", 4);
  clock_.Advance(minutes(15));
  Fail("user:zhangsan", 1);
  EXPECT_TRUE(Allowed("user:zhangsan"));
}

TEST_F(LoginThrottleTest, WindowSlidesRatherThanResetting) {
  Fail("user:zhangsan", 3);  // t = 0
  clock_.Advance(minutes(10));
  Fail("user:zhangsan", 1);  // t = 10 min: 4 in window
  clock_.Advance(minutes(4));
  Fail("user:zhangsan", 1);  // t = 14 min: 5 in window
  EXPECT_FALSE(Allowed("user:zhangsan"));
}

TEST_F(LoginThrottleTest, SuccessClearsFailures) {
  Fail("user:zhangsan", 4);
  throttle_.RecordSuccess("user:zhangsan");
  Fail("user:zhangsan", 4);
  EXPECT_TRUE(Allowed("user:zhangsan"));
}

TEST_F(LoginThrottleTest, FailuresDuringLockoutDoNotExtendIt) {
  Fail("user:zhangsan", 5);
  clock_.Advance(minutes(10));
  Fail("user:zhangsan", 10);
  clock_.Advance(minutes(5));
  EXPECT_TRUE(Allowed("user:zhangsan"));
}

TEST_F(LoginThrottleTest, ExpiredEntriesAreForgotten) {
  Fail("user:zhangsan", 2);
  EXPECT_EQ(throttle_.TrackedKeys(), 1u);
  clock_.Advance(minutes(16));
  EXPECT_TRUE(Allowed("user:zhangsan"));
  EXPECT_EQ(throttle_.TrackedKeys(), 0u);
}

TEST(LoginThrottleBoundsTest, EvictsLeastRecentlyTouchedBeyondMaxKeys) {
  LoginThrottle t({.max_keys = 3});
  const int64_t now = 1700000000;
  for (int i = 0; i < 5; ++i) t.RecordFailure("user:a", now);  // locked
  t.RecordFailure("user:b", now);
  t.RecordFailure("user:c", now);
  EXPECT_FALSE(t.Allowed("user:a", now));  // touching "a" keeps it recent
  t.RecordFailure("user:d", now);          // evicts "b", the oldest
  EXPECT_EQ(t.TrackedKeys(), 3u);
  EXPECT_FALSE(t.Allowed("user:a", now));
  for (int i = 0; i < 100; ++i) t.RecordFailure("ip:" + std::to_string(i), now);
  EXPECT_EQ(t.TrackedKeys(), 3u);
}

TEST(LoginThrottleBoundsTest, CustomOptions) {
  LoginThrottle t({.max_failures = 2, .window_seconds = 60, .lockout_seconds = 30});
  t.RecordFailure("k", 100);
  t.RecordFailure("k", 110);
  EXPECT_FALSE(t.Allowed("k", 139));
  EXPECT_TRUE(t.Allowed("k", 140));
}

TEST(LoginThrottleConcurrencyTest, ConcurrentFailuresAreAllCounted) {
  LoginThrottle t({.max_failures = 400, .max_keys = 1000});
  std::vector<std::thread> threads;
  for (int i = 0; i < 4; ++i) {
    threads.emplace_back([&t, i] {
      for (int j = 0; j < 100; ++j) {
        t.RecordFailure("shared", 1000);
        t.RecordFailure("own:" + std::to_string(i), 1000);
        (void)t.Allowed("shared", 1000);
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_FALSE(t.Allowed("shared", 1000));  // exactly 400 failures
  EXPECT_TRUE(t.Allowed("own:0", 1000));
}

}  // namespace
}  // namespace xiezuo::security

#include "twitch/backoff.h"

#include <gtest/gtest.h>

#include "twitch/rate_window.h"

namespace pererecos::twitch {
namespace {

using namespace std::chrono_literals;

TEST(Backoff, FullJitterUnderADoublingCeilingUpToTheCap) {
  Backoff b(1000ms, 120000ms, 7);
  const std::int64_t expected[] = {1000, 2000, 4000, 8000, 16000, 32000, 64000, 120000, 120000};
  for (std::int64_t ceiling : expected) {
    EXPECT_EQ(b.ceiling().count(), ceiling);
    const auto d = b.next();
    EXPECT_GE(d.count(), 0);
    EXPECT_LE(d.count(), ceiling);
  }
  b.reset();
  EXPECT_EQ(b.ceiling(), 1000ms);
}

TEST(Backoff, DelaysAreSpreadNotConstant) {
  Backoff b(1000ms, 120000ms, 11);
  std::int64_t sum = 0;
  std::int64_t low = 1 << 30, high = 0;
  for (int i = 0; i < 2000; ++i) {
    b.reset();
    for (int k = 0; k < 7; ++k) b.next();  // ceiling now 120 s
    const auto d = b.next().count();
    sum += d;
    low = std::min(low, d);
    high = std::max(high, d);
  }
  EXPECT_LT(low, 10000);
  EXPECT_GT(high, 110000);
  EXPECT_NEAR(static_cast<double>(sum) / 2000, 60000, 4000);  // uniform on [0, 120 s]
}

TEST(RateWindow, AllowsLimitPerWindowThenWaitsForTheOldestToLeave) {
  RateWindow w(15, 10000ms);
  const auto t0 = std::chrono::steady_clock::time_point{} + 1h;
  for (int i = 0; i < 15; ++i) {
    ASSERT_TRUE(w.allows(t0 + i * 10ms));
    w.record(t0 + i * 10ms);
  }
  EXPECT_FALSE(w.allows(t0 + 200ms));
  EXPECT_EQ(w.next_allowed(t0 + 200ms), t0 + 10000ms);
  EXPECT_TRUE(w.allows(t0 + 10000ms));
  w.record(t0 + 10000ms);
  EXPECT_EQ(w.next_allowed(t0 + 10000ms), t0 + 10010ms);
}

}  // namespace
}  // namespace pererecos::twitch

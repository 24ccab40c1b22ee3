// The rate limiter's windows, its fixed memory under a flood of distinct addresses, and
// its refusals of the heavy hitters hidden in that flood.
#include "http/rate_limiter.h"

#include <gtest/gtest.h>

#include <fstream>
#include <string>
#include <unistd.h>

namespace pererecos::http {
namespace {

struct ManualTime {
  std::int64_t now = 1'000'000;
  SteadyMillis fn() {
    return [this] { return now; };
  }
};

TEST(RateLimiter, FixedWindowPerClientAndEndpoint) {
  ManualTime t;
  RateLimiter limiter(RateLimiterOptions{1024, 60'000}, t.fn());
  for (int i = 0; i < 3; ++i) {
    const auto d = limiter.check("ip1", "e", 3);
    EXPECT_TRUE(d.allowed);
    EXPECT_EQ(d.remaining, 2 - i);
    EXPECT_EQ(d.reset_s, 60);
  }
  t.now += 59'001;
  auto refused = limiter.check("ip1", "e", 3);
  EXPECT_FALSE(refused.allowed);
  EXPECT_EQ(refused.retry_after_s, 1);  // 999 ms left rounds up to 1 s
  EXPECT_EQ(limiter.refusals(), 1u);
  EXPECT_TRUE(limiter.check("ip2", "e", 3).allowed);
  EXPECT_TRUE(limiter.check("ip1", "f", 3).allowed);
  t.now += 999;  // exactly one window after the first request
  EXPECT_TRUE(limiter.check("ip1", "e", 3).allowed);
}

TEST(RateLimiter, ExpiredWindowsAreNotTracked) {
  ManualTime t;
  RateLimiter limiter(RateLimiterOptions{64, 1'000}, t.fn());
  for (int i = 0; i < 4; ++i) limiter.check("ip" + std::to_string(i), "e", 5);
  EXPECT_EQ(limiter.tracked(), 4u);
  t.now += 1'000;
  limiter.check("new", "e", 5);
  EXPECT_EQ(limiter.tracked(), 1u);
}

TEST(RateLimiter, UsesTheSteadyClockByDefault) {
  RateLimiter limiter(RateLimiterOptions{64, 60'000});
  EXPECT_TRUE(limiter.check("a", "e", 1).allowed);
  const RateDecision refused = limiter.check("a", "e", 1);
  EXPECT_FALSE(refused.allowed);
  EXPECT_GE(refused.retry_after_s, 59);
  EXPECT_LE(refused.retry_after_s, 60);
}

TEST(RateLimiter, AFullSetEvictsTheQuietestPairNeverABusyOne) {
  ManualTime t;
  // 8 slots = one set: every pair competes for the same 8 entries.
  RateLimiter limiter(RateLimiterOptions{8, 60'000}, t.fn());
  for (int i = 0; i < 5; ++i) ASSERT_TRUE(limiter.check("heavy", "e", 5).allowed);
  EXPECT_FALSE(limiter.check("heavy", "e", 5).allowed);
  for (int i = 0; i < 1000; ++i) limiter.check("flood" + std::to_string(i), "e", 5);
  EXPECT_GT(limiter.evictions(), 900u);
  EXPECT_EQ(limiter.tracked(), 8u);
  EXPECT_FALSE(limiter.check("heavy", "e", 5).allowed) << "the heavy hitter was forgotten";
}

std::size_t resident_bytes() {
  std::ifstream statm("/proc/self/statm");
  std::size_t pages_total = 0, pages_resident = 0;
  statm >> pages_total >> pages_resident;
  return pages_resident * static_cast<std::size_t>(sysconf(_SC_PAGESIZE));
}

// 1M distinct client addresses in one minute, each sending one request to one of three
// endpoints, with 1,000 heavy hitters hidden among them sending 40 requests each
// (limit 30): memory stays within 64 MiB and every heavy hitter gets exactly 30.
TEST(RateLimiter, OneMillionAddressesStayWithin64MiBAndHeavyHittersAreRefused) {
  ManualTime t;
  const std::size_t rss_before = resident_bytes();
  RateLimiter limiter(RateLimiterOptions{}, t.fn());
  constexpr int kAddresses = 1'000'000;
  constexpr int kHeavy = 1'000;
  constexpr int kLimit = 30;
  const char* endpoints[] = {"user", "leaderboard", "search"};
  std::vector<int> heavy_allowed(kHeavy, 0);
  std::string address;
  for (int i = 0; i < kAddresses; ++i) {
    // 10.x.y.z and 2001:db8::/32 style keys, all distinct.
    address = (i % 2 == 0 ? "10." : "2001:db8:") + std::to_string(i);
    limiter.check(address, endpoints[i % 3], kLimit);
    if (i % 1000 == 0) {
      const int h = i / 1000;
      for (int k = 0; k < 40; ++k) {
        heavy_allowed[h] += limiter.check("heavy-" + std::to_string(h), "user", kLimit).allowed;
      }
    }
    if (i % 16'667 == 0) t.now += 1'000;  // the million arrive over one minute
  }
  const std::size_t rss_after = resident_bytes();
  for (int h = 0; h < kHeavy; ++h) ASSERT_EQ(heavy_allowed[h], kLimit) << "heavy hitter " << h;
  EXPECT_LE(limiter.memory_bytes(), 64u << 20);
  EXPECT_LE(rss_after - std::min(rss_after, rss_before), 64u << 20);
  std::printf("rate limiter: %zu bytes of table, resident growth %zu bytes, %zu pairs live, "
              "%llu evictions, %llu refusals\n",
              limiter.memory_bytes(), rss_after - std::min(rss_after, rss_before),
              limiter.tracked(), static_cast<unsigned long long>(limiter.evictions()),
              static_cast<unsigned long long>(limiter.refusals()));
  EXPECT_EQ(limiter.refusals(), static_cast<std::uint64_t>(kHeavy) * 10);
}

}  // namespace
}  // namespace pererecos::http

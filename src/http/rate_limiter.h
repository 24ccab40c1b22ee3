// RateLimiter: per-client, per-endpoint fixed-window request counting (SPEC §2's
// "Limit/min per client") in a fixed amount of memory.
//
// A window starts with a (client, endpoint) pair's first request and lasts `window_ms`;
// the first `limit` requests in it are allowed, later ones are refused with the time left
// until the window ends. Time comes from a steady real clock (never the statistics'
// clock, which a demo freezes).
//
// Memory is fixed at construction: a table of `slots` 16-byte entries (2^21 by default:
// 32 MiB of address space, touched only as it fills), 8 entries per set. A pair is keyed
// by a 64-bit keyed hash of its text (random seed per process, so collisions cannot be
// aimed; two pairs sharing a hash would share a budget). A new pair takes an empty or
// expired entry of its set, else the entry with the smallest count (the oldest among
// equal counts) — so memory never grows, whatever the number of distinct clients.
//
// Guarantee: a pair is forgotten only when it has the smallest count of the 8 live pairs
// of its set. A pair that has reached its limit is therefore forgotten (and gets a fresh
// budget) only if its set holds 8 pairs at least as busy — a flood of new addresses, each
// arriving with a count of 0, never evicts a busier pair while its set has a quieter one.
// With 262,144 sets and 1M distinct clients in a minute, every client sending more than
// its limit is refused exactly as an unbounded table would refuse it
// (tests/http/rate_limiter_test.cpp measures this).
//
// Thread-safe: sets are guarded by 256 striped mutexes; the critical section is one set.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string_view>

namespace pererecos::http {

struct RateDecision {
  bool allowed = true;
  // When refused: whole seconds until the window ends, at least 1 (the Retry-After value).
  std::int64_t retry_after_s = 0;
  // Requests left in the current window after this one (0 when refused).
  std::int64_t remaining = 0;
  // Whole seconds until the current window ends (RateLimit-Reset), at least 1.
  std::int64_t reset_s = 0;
};

// Milliseconds on a steady clock (any origin).
using SteadyMillis = std::function<std::int64_t()>;
// std::chrono::steady_clock in milliseconds.
std::int64_t steady_now_ms();

struct RateLimiterOptions {
  // Table entries; rounded up to a power of two, at least 8.
  std::size_t slots = std::size_t{1} << 21;
  std::int64_t window_ms = 60'000;
};

class RateLimiter {
 public:
  explicit RateLimiter(RateLimiterOptions options = {}, SteadyMillis now = steady_now_ms);
  ~RateLimiter();
  RateLimiter(const RateLimiter&) = delete;
  RateLimiter& operator=(const RateLimiter&) = delete;

  // Counts one request of `client` to `endpoint` against `limit` (> 0) per window.
  RateDecision check(std::string_view client, std::string_view endpoint, std::int64_t limit);

  // Pairs whose window has not ended (scans the whole table: for tests and diagnostics).
  std::size_t tracked() const;
  // Bytes of the table (the limiter's whole memory but for a few hundred bytes).
  std::size_t memory_bytes() const;
  // Live pairs forgotten to make room for new ones, since construction.
  std::uint64_t evictions() const { return evictions_.load(std::memory_order_relaxed); }
  // Requests refused, since construction (a metrics counter).
  std::uint64_t refusals() const { return refusals_.load(std::memory_order_relaxed); }

 private:
  struct Slot;
  static constexpr std::size_t kWays = 8;
  static constexpr std::size_t kStripes = 256;

  std::uint64_t hash(std::string_view client, std::string_view endpoint) const;
  // Deciseconds since construction, plus 1 (0 marks an unused entry).
  std::uint32_t now_ds() const;
  bool live(const Slot& slot, std::uint32_t now) const;

  SteadyMillis now_;
  const std::int64_t origin_ms_;
  const std::uint32_t window_ds_;
  const std::size_t sets_;
  const std::uint64_t seed_;
  Slot* table_ = nullptr;  // sets_ * kWays entries, calloc'ed (pages appear as used)
  std::unique_ptr<std::mutex[]> stripes_;
  std::atomic<std::uint64_t> evictions_{0};
  std::atomic<std::uint64_t> refusals_{0};
};

}  // namespace pererecos::http

// RateLimiter: per-client, per-endpoint fixed-window request counting (SPEC §2's
// "Limit/min per client").
//
// A window starts with a client's first request to an endpoint and lasts `window_ms`;
// the first `limit` requests in it are allowed, later ones are refused with the time left
// until the window ends. Thread-safe (one mutex; the critical section is a hash lookup).
// Memory: entries whose window has ended are swept once the table grows past
// `max_entries_before_sweep`.
#pragma once

#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "core/clock.h"

namespace pererecos::http {

struct RateDecision {
  bool allowed = true;
  // When refused: whole seconds until the window ends, at least 1 (the Retry-After value).
  std::int64_t retry_after_s = 0;
  // Requests left in the current window after this one (0 when refused).
  std::int64_t remaining = 0;
};

class RateLimiter {
 public:
  // `clock` must outlive the limiter.
  explicit RateLimiter(const Clock& clock, std::int64_t window_ms = 60'000,
                       std::size_t max_entries_before_sweep = 100'000);

  // Counts one request of `client` to `endpoint` against `limit` per window.
  RateDecision check(std::string_view client, std::string_view endpoint, std::int64_t limit);

  // Number of (client, endpoint) windows currently tracked.
  std::size_t tracked() const;

 private:
  struct Window {
    TimestampMs start_ms = 0;
    std::int64_t count = 0;
  };

  void sweep_locked(TimestampMs now);

  const Clock& clock_;
  const std::int64_t window_ms_;
  const std::size_t max_entries_before_sweep_;
  mutable std::mutex mutex_;
  std::unordered_map<std::string, Window> windows_;  // GUARDED_BY(mutex_)
};

}  // namespace pererecos::http

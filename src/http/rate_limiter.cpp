#include "http/rate_limiter.h"

#include <algorithm>

namespace pererecos::http {

RateLimiter::RateLimiter(const Clock& clock, std::int64_t window_ms,
                         std::size_t max_entries_before_sweep)
    : clock_(clock), window_ms_(window_ms), max_entries_before_sweep_(max_entries_before_sweep) {}

RateDecision RateLimiter::check(std::string_view client, std::string_view endpoint,
                                std::int64_t limit) {
  const TimestampMs now = clock_.now_ms();
  std::string key;
  key.reserve(client.size() + endpoint.size() + 1);
  key.append(client);
  key.push_back('\n');
  key.append(endpoint);

  std::lock_guard<std::mutex> lock(mutex_);
  if (windows_.size() >= max_entries_before_sweep_) sweep_locked(now);
  Window& window = windows_[key];
  // A clock that moved backwards also starts a new window.
  if (window.count == 0 || now >= window.start_ms + window_ms_ || now < window.start_ms) {
    window.start_ms = now;
    window.count = 0;
  }
  RateDecision decision;
  if (window.count >= limit) {
    const std::int64_t left_ms = window.start_ms + window_ms_ - now;
    decision.allowed = false;
    decision.retry_after_s = std::max<std::int64_t>(1, (left_ms + 999) / 1000);
    return decision;
  }
  ++window.count;
  decision.remaining = limit - window.count;
  return decision;
}

std::size_t RateLimiter::tracked() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return windows_.size();
}

void RateLimiter::sweep_locked(TimestampMs now) {
  for (auto it = windows_.begin(); it != windows_.end();) {
    if (now >= it->second.start_ms + window_ms_ || now < it->second.start_ms) {
      it = windows_.erase(it);
    } else {
      ++it;
    }
  }
}

}  // namespace pererecos::http

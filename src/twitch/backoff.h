// Exponential back-off with full jitter (AWS architecture blog, "Exponential Backoff And
// Jitter"): the n-th consecutive failure waits a uniformly random time in
// [0, min(cap, base * 2^n)]. Not thread-safe; one per reconnecting loop.
#pragma once

#include <chrono>
#include <cstdint>
#include <random>

namespace pererecos::twitch {

class Backoff {
 public:
  Backoff(std::chrono::milliseconds base, std::chrono::milliseconds cap, std::uint64_t seed);

  // The delay before the next attempt; each call counts one more failure.
  std::chrono::milliseconds next();
  // The upper bound the next call draws from (for logs and tests).
  std::chrono::milliseconds ceiling() const;
  // After a success: the next failure starts again from `base`.
  void reset() { failures_ = 0; }
  int failures() const { return failures_; }

 private:
  std::chrono::milliseconds base_;
  std::chrono::milliseconds cap_;
  int failures_ = 0;
  std::mt19937_64 rng_;
};

}  // namespace pererecos::twitch

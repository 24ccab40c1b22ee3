// Clock: the one source of "now" (SPEC §1). A FixedClock makes every statistic reproducible.
#pragma once

#include <atomic>
#include <chrono>

#include "core/chat_event.h"

namespace pererecos {

class Clock {
 public:
  virtual ~Clock() = default;
  // Milliseconds since the Unix epoch, UTC. Thread-safe.
  virtual TimestampMs now_ms() const = 0;
};

class SystemClock final : public Clock {
 public:
  TimestampMs now_ms() const override {
    using namespace std::chrono;
    return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
  }
};

// Real elapsed time (std::chrono::steady_clock), in milliseconds from an arbitrary epoch:
// for every timing of the server itself (rate-limit windows, timeouts, heartbeats), which
// must keep running when the statistics' clock is frozen (`--now`, the demo).
class MonotonicClock final : public Clock {
 public:
  TimestampMs now_ms() const override {
    using namespace std::chrono;
    return duration_cast<milliseconds>(steady_clock::now().time_since_epoch()).count();
  }
};

// A frozen clock (`PERERECOS_NOW` / `--now`); tests may move it with set().
class FixedClock final : public Clock {
 public:
  explicit FixedClock(TimestampMs now) : now_(now) {}
  TimestampMs now_ms() const override { return now_.load(std::memory_order_relaxed); }
  void set(TimestampMs now) { now_.store(now, std::memory_order_relaxed); }

 private:
  std::atomic<TimestampMs> now_;
};

}  // namespace pererecos

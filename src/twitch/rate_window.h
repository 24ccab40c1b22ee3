// A sliding-window rate limit: at most `limit` events in any `window`. Used for JOIN pacing
// (15 per 10 s) and for our chat replies (19 or 99 per 30 s). Pure: the caller passes the
// time, so tests use a fake clock. Not thread-safe.
#pragma once

#include <chrono>
#include <cstddef>
#include <deque>

namespace pererecos::twitch {

class RateWindow {
 public:
  using TimePoint = std::chrono::steady_clock::time_point;
  RateWindow(std::size_t limit, std::chrono::milliseconds window) : limit_(limit), window_(window) {}

  // The earliest time at or after `now` when one more event is allowed.
  TimePoint next_allowed(TimePoint now);
  bool allows(TimePoint now) { return next_allowed(now) <= now; }
  // Counts one event at `now` (the caller checked allows()).
  void record(TimePoint now) { events_.push_back(now); }
  void set_limit(std::size_t limit) { limit_ = limit; }
  std::size_t limit() const { return limit_; }

 private:
  std::size_t limit_;
  std::chrono::milliseconds window_;
  std::deque<TimePoint> events_;  // times of the events still inside a window of now
};

}  // namespace pererecos::twitch

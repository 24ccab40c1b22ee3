// EngineWriter: the one thread that writes the stats engine while `serve` runs. It applies
// what the store gained (StoreFollower::catch_up) and brings the windows and rankings up to
// date (StatsEngine::catch_up), so that readers (HTTP I/O threads) only read.
//
// It wakes when
//   - notify() is called: a commit landed (the in-process writer's commit callback), so a
//     new message is visible within one commit, without waiting for a poll;
//   - a reader found the engine behind (StatsEngine::attach_writer);
//   - the clock reaches the next instant a window must slide (StatsEngine::next_upkeep_ms);
//   - every `poll` otherwise, for writes by other processes (a concurrent `import`).
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <thread>

#include "core/clock.h"
#include "core/result.h"
#include "stats/stats_engine.h"

namespace pererecos::app {

class EngineWriter {
 public:
  // `pull` applies what is new in the store to the engine (runs on this thread only);
  // `on_pulled` gets its status (e.g. for /health). `engine` and `clock` must outlive this.
  EngineWriter(stats::StatsEngine& engine, const Clock& clock, std::function<Status()> pull,
               std::chrono::milliseconds poll, std::function<void(const Status&)> on_pulled = {});
  ~EngineWriter();  // stop()
  EngineWriter(const EngineWriter&) = delete;
  EngineWriter& operator=(const EngineWriter&) = delete;

  // Thread-safe, never blocks: wake the writer to pull and catch up.
  void notify();
  // Detaches from the engine and joins the thread (readers catch up themselves after).
  void stop();
  std::uint64_t rounds() const;  // pulls done so far (for tests)

 private:
  void run();

  stats::StatsEngine& engine_;
  const Clock& clock_;
  const std::function<Status()> pull_;
  const std::chrono::milliseconds poll_;
  const std::function<void(const Status&)> on_pulled_;
  mutable std::mutex mutex_;
  std::condition_variable cv_;
  bool pending_ = true;    // guarded by mutex_: work asked for (first round at start)
  bool stopping_ = false;  // guarded by mutex_
  std::uint64_t rounds_ = 0;  // guarded by mutex_
  std::thread thread_;
};

}  // namespace pererecos::app

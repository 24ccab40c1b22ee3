// ForgetRefresh: a running `serve` reflects a forget (docs/privacy.md) within about one
// rebuild's time, whoever did it — the `forget` command in another process (same
// database), or the chat's !optout in this one.
//
// Its thread reads Store::forget_generation() every `poll` (a one-row query) or when
// notify()d. When the generation moved, it builds a new StatsEngine from the store on a
// connection of its own (StoreFollower::rebuild — the forgotten users are no longer in
// it) while the live engine keeps answering, then wakes the engine writer. The writer
// calls swap_if_ready() in its pull: the rebuilt engine catches up with what was stored
// meanwhile, its statistics replace the live engine's in one step
// (StatsEngine::replace_state: every answer, list, total, search and reply target comes
// wholly from one or the other), and the live follower continues from the rebuilt one's
// position. The old statistics are freed on this thread afterwards. During a rebuild the
// process holds two engines (twice the engine's memory); forgets during a rebuild are
// taken by the next one.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "app/store_follower.h"
#include "core/clock.h"
#include "core/result.h"
#include "stats/stats_engine.h"
#include "storage/store.h"

namespace pererecos::app {

class ForgetRefresh {
 public:
  // Opens a connection of its own to `database_url` and reads the current generation:
  // construct it before the live engine's first rebuild, so that a forget during that
  // rebuild is not missed. `live` and `clock` must outlive this; `config` is the live
  // engine's.
  static Result<std::unique_ptr<ForgetRefresh>> open(const std::string& database_url,
                                                     stats::EngineConfig config,
                                                     const Clock& clock,
                                                     stats::StatsEngine& live,
                                                     std::chrono::milliseconds poll);
  ~ForgetRefresh();  // stop()
  ForgetRefresh(const ForgetRefresh&) = delete;
  ForgetRefresh& operator=(const ForgetRefresh&) = delete;

  // Starts the thread. `wake_writer` (thread-safe, non-blocking) wakes the engine writer
  // when a rebuilt engine is ready; it is not called after stop() returns.
  void start(std::function<void()> wake_writer);
  // Thread-safe, never blocks: look at the generation now (after an in-process forget).
  void notify();
  // Joins the thread (a rebuild under way is finished first). Idempotent.
  void stop();

  // On the engine writer's thread (its pull, before StoreFollower::catch_up): when a
  // rebuilt engine is ready, swaps it in as described above and returns what the rebuilt
  // engine's catch-up applied (for the metrics); nullopt when nothing was ready.
  Result<std::optional<FollowProgress>> swap_if_ready(StoreFollower& live_follower);

  // Rebuilds swapped in so far. Thread-safe.
  std::uint64_t swaps() const;

 private:
  struct Rebuilt {
    std::unique_ptr<Store> store;
    std::unique_ptr<stats::StatsEngine> engine;
    std::unique_ptr<StoreFollower> follower;
    std::int64_t generation = 0;
    std::chrono::steady_clock::time_point noticed;  // when the new generation was seen
  };
  ForgetRefresh(std::string url, stats::EngineConfig config, const Clock& clock,
                stats::StatsEngine& live, std::chrono::milliseconds poll,
                std::unique_ptr<Store> store, std::int64_t generation);
  void run();
  // Builds an engine from the store (this thread). Error when the store cannot be read.
  Result<std::unique_ptr<Rebuilt>> rebuild(std::int64_t generation);

  const std::string url_;
  const stats::EngineConfig config_;
  const Clock& clock_;
  stats::StatsEngine& live_;
  const std::chrono::milliseconds poll_;
  std::unique_ptr<Store> store_;  // this thread only: reads the generation
  std::function<void()> wake_writer_;

  mutable std::mutex mutex_;
  std::condition_variable cv_;
  bool pending_ = false;                // guarded by mutex_: notify() was called
  bool stopping_ = false;               // guarded by mutex_
  std::int64_t applied_generation_ = 0;  // guarded by mutex_: the live engine's
  std::unique_ptr<Rebuilt> ready_;      // guarded by mutex_: waiting for swap_if_ready
  std::unique_ptr<Rebuilt> retired_;    // guarded by mutex_: the old statistics, to free
  std::uint64_t swaps_ = 0;             // guarded by mutex_
  std::thread thread_;
};

}  // namespace pererecos::app

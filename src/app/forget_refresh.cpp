#include "app/forget_refresh.h"

#include <spdlog/spdlog.h>

namespace pererecos::app {

Result<std::unique_ptr<ForgetRefresh>> ForgetRefresh::open(const std::string& database_url,
                                                           stats::EngineConfig config,
                                                           const Clock& clock,
                                                           stats::StatsEngine& live,
                                                           std::chrono::milliseconds poll) {
  auto store = open_store(database_url);
  if (!store) return store.status();
  auto generation = (*store)->forget_generation();
  if (!generation) return generation.status();
  return std::unique_ptr<ForgetRefresh>(new ForgetRefresh(
      database_url, std::move(config), clock, live, poll, std::move(*store), *generation));
}

ForgetRefresh::ForgetRefresh(std::string url, stats::EngineConfig config, const Clock& clock,
                             stats::StatsEngine& live, std::chrono::milliseconds poll,
                             std::unique_ptr<Store> store, std::int64_t generation)
    : url_(std::move(url)),
      config_(std::move(config)),
      clock_(clock),
      live_(live),
      poll_(poll),
      store_(std::move(store)),
      applied_generation_(generation) {}

ForgetRefresh::~ForgetRefresh() { stop(); }

void ForgetRefresh::start(std::function<void()> wake_writer) {
  wake_writer_ = std::move(wake_writer);
  thread_ = std::thread([this] { run(); });
}

void ForgetRefresh::notify() {
  {
    std::lock_guard lock(mutex_);
    pending_ = true;
  }
  cv_.notify_one();
}

void ForgetRefresh::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  cv_.notify_one();
  if (thread_.joinable()) thread_.join();
}

std::uint64_t ForgetRefresh::swaps() const {
  std::lock_guard lock(mutex_);
  return swaps_;
}

Result<std::unique_ptr<ForgetRefresh::Rebuilt>> ForgetRefresh::rebuild(std::int64_t generation) {
  auto r = std::make_unique<Rebuilt>();
  r->generation = generation;
  r->noticed = std::chrono::steady_clock::now();
  auto store = open_store(url_);
  if (!store) return store.status();
  r->store = std::move(*store);
  auto engine = stats::StatsEngine::create(clock_, config_);
  if (!engine) return engine.status();
  r->engine = std::move(*engine);
  r->engine->copy_emote_catalogs(live_);  // messages are counted under the live sets
  r->follower = std::make_unique<StoreFollower>(*r->store, *r->engine);
  auto rebuilt = r->follower->rebuild();
  if (!rebuilt) return rebuilt.status();
  r->engine->catch_up();  // windows and rankings, before it answers
  return r;
}

void ForgetRefresh::run() {
  std::unique_lock lock(mutex_);
  while (true) {
    cv_.wait_for(lock, poll_, [&] { return pending_ || stopping_ || retired_ != nullptr; });
    if (stopping_) break;
    if (retired_) {
      std::unique_ptr<Rebuilt> old = std::move(retired_);
      lock.unlock();
      old.reset();  // the old statistics: freeing them can take a while
      lock.lock();
      continue;
    }
    pending_ = false;
    if (ready_) continue;  // the writer has not taken the last one yet
    const std::int64_t applied = applied_generation_;
    lock.unlock();
    auto generation = store_->forget_generation();
    if (!generation) {
      spdlog::warn("forget: cannot read the forget generation: {}", generation.error());
    } else if (*generation != applied) {
      spdlog::info("forget: users were forgotten (generation {}); rebuilding the statistics",
                   *generation);
      auto rebuilt = rebuild(*generation);
      if (!rebuilt) {
        spdlog::error("forget: cannot rebuild the statistics: {}", rebuilt.error());
      } else {
        lock.lock();
        ready_ = std::move(*rebuilt);
        lock.unlock();
        if (wake_writer_) wake_writer_();
      }
    }
    lock.lock();
  }
}

Result<std::optional<FollowProgress>> ForgetRefresh::swap_if_ready(StoreFollower& live_follower) {
  std::unique_ptr<Rebuilt> r;
  {
    std::lock_guard lock(mutex_);
    r = std::move(ready_);
  }
  if (!r) return std::optional<FollowProgress>();
  auto caught = r->follower->catch_up();  // what was stored during the rebuild
  if (!caught) {
    // The generation stays unapplied: the next round rebuilds again.
    notify();
    return caught.status();
  }
  live_.replace_state(*r->engine);
  live_follower.take_position(*r->follower);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - r->noticed).count();
  spdlog::info("forget: statistics rebuilt without the forgotten users and swapped in, {:.3f} s "
               "after the forget was noticed",
               seconds);
  {
    std::lock_guard lock(mutex_);
    applied_generation_ = r->generation;
    ++swaps_;
    retired_ = std::move(r);
  }
  cv_.notify_one();
  return std::optional<FollowProgress>(std::move(*caught));
}

}  // namespace pererecos::app

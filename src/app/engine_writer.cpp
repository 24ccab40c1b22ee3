#include "app/engine_writer.h"

#include <algorithm>

namespace pererecos::app {

EngineWriter::EngineWriter(stats::StatsEngine& engine, const Clock& clock,
                           std::function<Status()> pull, std::chrono::milliseconds poll,
                           std::function<void(const Status&)> on_pulled)
    : engine_(engine),
      clock_(clock),
      pull_(std::move(pull)),
      poll_(poll),
      on_pulled_(std::move(on_pulled)) {
  engine_.attach_writer([this] { notify(); });
  thread_ = std::thread([this] { run(); });
}

EngineWriter::~EngineWriter() { stop(); }

void EngineWriter::notify() {
  {
    std::lock_guard lock(mutex_);
    pending_ = true;
  }
  cv_.notify_one();
}

void EngineWriter::stop() {
  engine_.detach_writer();
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  cv_.notify_one();
  if (thread_.joinable()) thread_.join();
}

std::uint64_t EngineWriter::rounds() const {
  std::lock_guard lock(mutex_);
  return rounds_;
}

void EngineWriter::run() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    // Sleep until asked, until the next window slide is due, or one poll at most.
    auto wait = poll_;
    if (auto due = engine_.next_upkeep_ms()) {
      const TimestampMs in = *due - clock_.now_ms();
      wait = std::clamp(std::chrono::milliseconds(in), std::chrono::milliseconds(0), poll_);
    }
    if (!pending_ && wait.count() > 0) {
      cv_.wait_for(lock, wait, [&] { return pending_ || stopping_; });
    }
    if (stopping_) break;
    pending_ = false;
    lock.unlock();
    const Status s = pull_ ? pull_() : Status::ok();
    if (on_pulled_) on_pulled_(s);
    engine_.catch_up();  // readers waiting for it are woken
    lock.lock();
    ++rounds_;
  }
}

}  // namespace pererecos::app

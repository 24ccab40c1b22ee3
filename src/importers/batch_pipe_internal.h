// The hand-off between the parsing thread and the writing thread of run_import: a queue
// of at most `capacity` batches. Internal to the importers module.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <mutex>
#include <vector>

#include "core/chat_event.h"

namespace pererecos::importers::internal {

// Events of one file, written in one Store::write transaction.
struct Batch {
  std::size_t file_index = 0;
  std::vector<ChatMessage> messages;
  std::vector<ModerationEvent> moderation;
  bool empty() const { return messages.empty() && moderation.empty(); }
};

// Thread-safe bounded queue; one producer, one consumer.
class BatchPipe {
 public:
  explicit BatchPipe(std::size_t capacity) : capacity_(capacity) {}

  // Blocks while the queue is full. Returns false (dropping the batch) once cancel()
  // was called.
  bool push(Batch&& batch) {
    std::unique_lock lock(mutex_);
    not_full_.wait(lock, [&] { return queue_.size() < capacity_ || cancelled_; });
    if (cancelled_) return false;
    queue_.push_back(std::move(batch));
    changed_.notify_all();
    return true;
  }

  // Blocks until a batch is available (true) or the pipe is closed and drained or
  // cancelled (false). The consumer calls done() after handling the batch.
  bool pop(Batch* out) {
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [&] { return !queue_.empty() || closed_ || cancelled_; });
    if (cancelled_ || queue_.empty()) return false;
    *out = std::move(queue_.front());
    queue_.pop_front();
    busy_ = true;
    not_full_.notify_all();
    return true;
  }

  void done() {
    std::lock_guard lock(mutex_);
    busy_ = false;
    idle_.notify_all();
  }

  // Blocks until every pushed batch has been handled (or the pipe was cancelled).
  void wait_idle() {
    std::unique_lock lock(mutex_);
    idle_.wait(lock, [&] { return (queue_.empty() && !busy_) || cancelled_; });
  }

  // Hands a written batch back so that the producer can reuse its capacity and, above
  // all, destroy its contents on the producing thread rather than the writing one.
  void recycle(Batch&& batch) {
    std::lock_guard lock(mutex_);
    if (recycled_.size() < capacity_ + 1) recycled_.push_back(std::move(batch));
  }

  // A batch handed back by recycle(), if any (never blocks).
  bool take_recycled(Batch* out) {
    std::lock_guard lock(mutex_);
    if (recycled_.empty()) return false;
    *out = std::move(recycled_.back());
    recycled_.pop_back();
    return true;
  }

  // No more batches will be pushed.
  void close() {
    std::lock_guard lock(mutex_);
    closed_ = true;
    changed_.notify_all();
  }

  // Stops both sides: pending batches are dropped and blocked calls return.
  void cancel() {
    std::lock_guard lock(mutex_);
    cancelled_ = true;
    queue_.clear();
    changed_.notify_all();
    not_full_.notify_all();
    idle_.notify_all();
  }

 private:
  const std::size_t capacity_;
  std::mutex mutex_;
  std::condition_variable changed_;
  std::condition_variable not_full_;
  std::condition_variable idle_;
  std::deque<Batch> queue_;
  std::vector<Batch> recycled_;
  bool busy_ = false;
  bool closed_ = false;
  bool cancelled_ = false;
};

}  // namespace pererecos::importers::internal

#include "storage/batched_writer.h"

#include <algorithm>
#include <string>
#include <utility>

namespace pererecos::storage {

BatchedWriter::BatchedWriter(Store& store, BatchedWriterOptions options, CommitCallback on_commit)
    : store_(store), options_(options), on_commit_(std::move(on_commit)) {
  thread_ = std::thread([this] { run(); });
}

BatchedWriter::~BatchedWriter() { close(); }

Status BatchedWriter::submit_event(Event event) {
  std::unique_lock lock(mu_);
  space_cv_.wait(lock, [&] { return closing_ || queue_.size() < options_.queue_capacity; });
  if (closing_) return Status::error("BatchedWriter: submit after close");
  if (queue_.empty()) oldest_at_ = Clock::now();
  queue_.push_back(std::move(event));
  ++stats_.submitted;
  if (queue_.size() == 1 || queue_.size() >= options_.max_batch_events) work_cv_.notify_one();
  return Status::ok();
}

Status BatchedWriter::submit(const ChatEvent& event) {
  if (const auto* msg = std::get_if<ChatMessage>(&event)) return submit_event(Event(*msg));
  if (const auto* mod = std::get_if<ModerationEvent>(&event)) return submit_event(Event(*mod));
  return Status::ok();
}

Status BatchedWriter::submit_all(std::vector<Event> events) {
  std::size_t next = 0;
  std::unique_lock lock(mu_);
  while (next < events.size()) {
    space_cv_.wait(lock, [&] { return closing_ || queue_.size() < options_.queue_capacity; });
    if (closing_) return Status::error("BatchedWriter: submit after close");
    if (queue_.empty()) oldest_at_ = Clock::now();
    const std::size_t room = options_.queue_capacity - queue_.size();
    const std::size_t take = std::min(room, events.size() - next);
    for (std::size_t i = 0; i < take; ++i) queue_.push_back(std::move(events[next + i]));
    next += take;
    stats_.submitted += take;
    work_cv_.notify_one();
  }
  return Status::ok();
}

Status BatchedWriter::flush() {
  std::unique_lock lock(mu_);
  const std::uint64_t target = stats_.submitted;
  if (stats_.committed >= target) return Status::ok();
  flush_target_ = std::max(flush_target_, target);
  work_cv_.notify_one();
  const std::uint64_t generation = failure_generation_;
  progress_cv_.wait(lock, [&] {
    return stats_.committed >= target || failure_generation_ != generation || writer_done_;
  });
  if (stats_.committed >= target) return Status::ok();
  if (!last_error_.is_ok()) return last_error_;
  return Status::error("BatchedWriter: writer stopped before the flush completed");
}

Status BatchedWriter::close() {
  if (closed_) return close_status_;
  {
    std::lock_guard lock(mu_);
    closing_ = true;
  }
  work_cv_.notify_all();
  space_cv_.notify_all();
  if (thread_.joinable()) thread_.join();
  closed_ = true;
  std::lock_guard lock(mu_);
  if (stats_.dropped > 0) {
    close_status_ = Status::error("BatchedWriter: " + std::to_string(stats_.dropped) +
                                  " events were not written: " + last_error_.message());
  }
  return close_status_;
}

BatchedWriterStats BatchedWriter::stats() const {
  std::lock_guard lock(mu_);
  BatchedWriterStats out = stats_;
  out.queued = queue_.size();
  return out;
}

Status BatchedWriter::last_error() const {
  std::lock_guard lock(mu_);
  return last_error_;
}

bool BatchedWriter::ready_locked(Clock::time_point now) const {
  if (queue_.empty()) return false;
  return closing_ || queue_.size() >= options_.max_batch_events ||
         flush_target_ > stats_.committed || now >= oldest_at_ + options_.max_delay;
}

void BatchedWriter::run() {
  std::vector<ChatMessage> messages;
  std::vector<ModerationEvent> moderation;
  std::size_t in_flight = 0;  // events in messages + moderation (kept across a failure)
  auto backoff = options_.retry_delay;
  std::unique_lock lock(mu_);
  while (true) {
    if (in_flight == 0) {
      while (!ready_locked(Clock::now())) {
        if (closing_) break;  // and the queue is empty
        if (queue_.empty()) {
          work_cv_.wait(lock);
        } else {
          work_cv_.wait_until(lock, oldest_at_ + options_.max_delay);
        }
      }
      if (queue_.empty()) break;  // closing with nothing left
      const std::size_t take = std::min(queue_.size(), options_.max_batch_events);
      messages.clear();
      moderation.clear();
      for (std::size_t i = 0; i < take; ++i) {
        Event& ev = queue_.front();
        if (auto* msg = std::get_if<ChatMessage>(&ev)) {
          messages.push_back(std::move(*msg));
        } else {
          moderation.push_back(std::move(std::get<ModerationEvent>(ev)));
        }
        queue_.pop_front();
      }
      in_flight = take;
      space_cv_.notify_all();
    }

    lock.unlock();
    const auto write_started = Clock::now();
    auto result = store_.write(messages, moderation);
    const auto write_duration = Clock::now() - write_started;
    lock.lock();

    // The callback runs before the commit is published, so that when flush() returns,
    // the callbacks for everything it waited for have run.
    CommitReport report;
    report.events = in_flight;
    report.duration = std::chrono::duration_cast<std::chrono::nanoseconds>(write_duration);
    report.committed_events_total = stats_.committed;
    if (result) {
      report.counts = *result;
      report.committed_events_total += in_flight;
    } else {
      report.status = result.status();
    }
    if (on_commit_) {
      lock.unlock();
      on_commit_(report);
      lock.lock();
    }
    if (result) {
      stats_.committed += in_flight;
      ++stats_.batches;
      last_error_ = Status::ok();
      in_flight = 0;
      backoff = options_.retry_delay;
    } else {
      ++stats_.failed_attempts;
      ++failure_generation_;
      last_error_ = result.status();
    }
    progress_cv_.notify_all();
    if (in_flight > 0) {
      if (closing_) {
        // Already retried once since close() was asked for (or failed while closing).
        stats_.dropped += in_flight + queue_.size();
        queue_.clear();
        break;
      }
      // Back off, then retry the same group; close() cuts the wait short.
      work_cv_.wait_for(lock, backoff, [&] { return closing_; });
      backoff = std::min(backoff * 2, options_.max_retry_delay);
    }
  }
  writer_done_ = true;
  progress_cv_.notify_all();
  space_cv_.notify_all();
}

}  // namespace pererecos::storage

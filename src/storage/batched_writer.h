// BatchedWriter: the single writing side of a Store. Producers on any thread submit
// messages and moderation events into a bounded queue; one writer thread commits them in
// groups (one Store::write transaction per group).
//
// Group commit: a group is written as soon as `max_batch_events` are queued, or when the
// oldest queued event has waited `max_delay`, or at once when flush()/close() asks.
// Backpressure: submit() blocks while the queue holds `queue_capacity` events.
// Errors: a failed write is reported to the callback (status not ok) and remembered in
// last_error(); its events stay first in line and are retried after a back-off (retrying
// is safe: Store::write is idempotent and transactional, so nothing is duplicated).
//
// Thread safety: submit(), flush(), stats() and last_error() may be called from any
// thread; close() from the owner only. The callback runs on the writer thread, one call
// at a time, and must not call flush() or close().
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <utility>
#include <variant>
#include <vector>

#include "core/chat_event.h"
#include "core/result.h"
#include "storage/store.h"

namespace pererecos::storage {

struct BatchedWriterOptions {
  std::size_t max_batch_events = 1000;
  std::chrono::milliseconds max_delay{200};
  std::size_t queue_capacity = 20000;               // >= max_batch_events
  std::chrono::milliseconds retry_delay{200};       // first back-off after a failure
  std::chrono::milliseconds max_retry_delay{5000};  // back-off doubles up to this
};

// What one write attempt did; passed to the commit callback.
struct CommitReport {
  Status status;           // ok, or why the attempt failed (its events will be retried)
  WriteCounts counts;      // the committed group's counts (all zero when failed)
  std::size_t events = 0;  // events in the group
  std::chrono::nanoseconds duration{0};      // time Store::write took
  std::uint64_t committed_events_total = 0;  // events made durable so far, this writer
};

struct BatchedWriterStats {
  std::uint64_t submitted = 0;        // events accepted by submit()
  std::uint64_t committed = 0;        // events durably written (stored or duplicate)
  std::uint64_t batches = 0;          // successful writes
  std::uint64_t failed_attempts = 0;  // failed writes (retried)
  std::uint64_t dropped = 0;          // events given up at close() after a failure
  std::size_t queued = 0;             // events waiting, not counting the group in flight
};

class BatchedWriter {
 public:
  using Event = std::variant<ChatMessage, ModerationEvent>;
  using CommitCallback = std::function<void(const CommitReport&)>;

  // `store` must outlive this writer, and nothing else may write through it meanwhile.
  // Starts the writer thread.
  explicit BatchedWriter(Store& store, BatchedWriterOptions options = {},
                         CommitCallback on_commit = {});
  // Calls close().
  ~BatchedWriter();
  BatchedWriter(const BatchedWriter&) = delete;
  BatchedWriter& operator=(const BatchedWriter&) = delete;

  // Queue one event, blocking while the queue is full. Error after close().
  Status submit(ChatMessage message) { return submit_event(Event(std::move(message))); }
  Status submit(ModerationEvent event) { return submit_event(Event(std::move(event))); }
  // Queues a ChatEvent that is a ChatMessage or ModerationEvent; other kinds are not
  // stored and are ignored (ok).
  Status submit(const ChatEvent& event);
  // Queues many events in order (blocking as needed); cheaper than one call each.
  Status submit_all(std::vector<Event> events);

  // Waits until every event submitted before this call is durable (and the callback has
  // been called for it), then ok. Returns the
  // error instead if a write attempt fails meanwhile (the events stay queued and are
  // retried; call flush() again to keep waiting).
  Status flush();

  // Flushes, stops the writer thread and joins it. If the store still fails, gives up
  // after one more attempt and returns an error saying how many events were not
  // written. Later submits fail. Idempotent; returns the same status again.
  Status close();

  BatchedWriterStats stats() const;
  // The last write failure, or ok when the last attempt succeeded.
  Status last_error() const;

 private:
  using Clock = std::chrono::steady_clock;
  Status submit_event(Event event);
  void run();
  // REQUIRES: mu_ held. Whether a group should be written now.
  bool ready_locked(Clock::time_point now) const;

  Store& store_;
  const BatchedWriterOptions options_;
  const CommitCallback on_commit_;

  mutable std::mutex mu_;
  std::condition_variable work_cv_;       // writer waits: events, flush, close
  std::condition_variable space_cv_;      // producers wait: queue not full
  std::condition_variable progress_cv_;   // flush waits: commits and failures
  std::deque<Event> queue_;               // GUARDED_BY(mu_)
  Clock::time_point oldest_at_{};         // GUARDED_BY(mu_): enqueue time of the oldest event
  std::uint64_t flush_target_ = 0;        // GUARDED_BY(mu_): write at once until committed
  std::uint64_t failure_generation_ = 0;  // GUARDED_BY(mu_)
  bool closing_ = false;                  // GUARDED_BY(mu_)
  bool writer_done_ = false;              // GUARDED_BY(mu_)
  BatchedWriterStats stats_;              // GUARDED_BY(mu_)
  Status last_error_;                     // GUARDED_BY(mu_)

  bool closed_ = false;  // owner thread only
  Status close_status_;  // owner thread only
  std::thread thread_;
};

}  // namespace pererecos::storage

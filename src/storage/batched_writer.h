// BatchedWriter: the one ingest queue in front of a Store. Every writer goes through it:
// live chat, the recent-messages back-fill, imports and the live demo. Producers on any
// thread submit messages and moderation events; one writer thread commits them in groups
// (one Store::write transaction per group).
//
// Group commit: single events are grouped; a group is written as soon as
// `max_batch_events` are queued, or when its oldest event has waited `max_delay`, or at
// once when flush()/close() asks. A batch given to submit_batch() is a group of its own
// (never merged with other events), written as soon as the writer gets to it, and its
// own callback gets its counts.
// Backpressure (store stalls): submit blocks while the queue holds `queue_capacity`
// events or `max_buffered_bytes` of events (counting the group being written). A live
// producer then stops reading its socket instead of dropping anything.
// Errors: a failed write is reported to the callback (status not ok) and remembered in
// last_error(); its events stay first in line and are retried after a back-off (retrying
// is safe: Store::write is idempotent and transactional, so nothing is duplicated), until
// the store recovers — or, with `max_attempts`, until that many attempts failed in a row
// (the writer then gives up for good: the queue is dropped and later submits fail).
//
// Thread safety: submit*(), flush(), stats(), last_error() and state_text() may be called
// from any thread; close() from the owner only. The callbacks run on the writer thread,
// one call at a time, and must not call submit*(), flush() or close().
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
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
  std::size_t queue_capacity = 1'000'000;           // events waiting (>= max_batch_events)
  std::size_t max_buffered_bytes = 64u << 20;       // INGEST_BUFFER_BYTES; 0 = no bound
  std::chrono::milliseconds retry_delay{200};       // first back-off after a failure
  std::chrono::milliseconds max_retry_delay{5000};  // back-off doubles up to this
  // Failed attempts of one group in a row after which the writer gives up for good;
  // 0 = never (retry until the store recovers or close() times out). Imports use 1.
  unsigned max_attempts = 0;
  // How long close() keeps retrying a failing store before giving up (0: one more try).
  std::chrono::milliseconds close_retry_for{5000};
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
  std::uint64_t dropped = 0;          // events given up (close() timed out, max_attempts)
  std::size_t queued = 0;             // events waiting, not counting the group in flight
  std::size_t buffered_bytes = 0;     // estimated memory of queued + in-flight events
  std::size_t max_buffered_bytes = 0; // the bound (options)
  bool stalled = false;    // the last write failed and events are waiting for a retry
  std::size_t blocked_producers = 0;  // submit calls waiting for room right now
  bool given_up = false;   // max_attempts reached or closed after failures: submits fail
};

// Events handed over as one group (submit_batch).
struct EventBatch {
  std::vector<ChatMessage> messages;
  std::vector<ModerationEvent> moderation;
  bool empty() const { return messages.empty() && moderation.empty(); }
  std::size_t size() const { return messages.size() + moderation.size(); }
};

// Estimated memory of queued events (strings + fixed part): what max_buffered_bytes bounds.
std::size_t approx_bytes(const ChatMessage& message);
std::size_t approx_bytes(const ModerationEvent& event);

class BatchedWriter {
 public:
  using Event = std::variant<ChatMessage, ModerationEvent>;
  using CommitCallback = std::function<void(const CommitReport&)>;
  // The outcome of one submit_batch() group: its counts once durable, or the error it
  // was given up with.
  using BatchCallback = std::function<void(const Result<WriteCounts>&)>;

  // `store` must outlive this writer, and nothing else may write through it meanwhile.
  // Starts the writer thread.
  explicit BatchedWriter(Store& store, BatchedWriterOptions options = {},
                         CommitCallback on_commit = {});
  // Calls close().
  ~BatchedWriter();
  BatchedWriter(const BatchedWriter&) = delete;
  BatchedWriter& operator=(const BatchedWriter&) = delete;

  // Queue one event, blocking while the queue is full. Error after close() or once the
  // writer gave up.
  Status submit(ChatMessage message) { return submit_event(Event(std::move(message))); }
  Status submit(ModerationEvent event) { return submit_event(Event(std::move(event))); }
  // Queues a ChatEvent that is a ChatMessage or ModerationEvent; other kinds are not
  // stored and are ignored (ok).
  Status submit(const ChatEvent& event);
  // Queues many events in order (blocking as needed); cheaper than one call each.
  Status submit_all(std::vector<Event> events);
  // Queues `messages` in order under one lock (blocking as needed), moving from them;
  // the caller keeps the vector (to clear and reuse). Same as submit() for each.
  Status submit_messages(std::vector<ChatMessage>& messages);

  // Queues `batch` as one group of its own, after everything submitted before it,
  // blocking while the buffer is full (a batch larger than the bounds waits for an empty
  // queue). `on_written`, when set, runs on the writer thread when the group is durable
  // (its counts) or given up (the error); for an empty batch it runs at once, here.
  // On return `batch` is empty; it may hold the capacity of an earlier written batch
  // (whose contents are freed on this thread, not the writer's), so reusing it
  // allocates less.
  Status submit_batch(EventBatch& batch, BatchCallback on_written = {});

  // Waits until every event submitted before this call is durable (and the callbacks
  // have been called for it), then ok. Returns the error instead if a write attempt
  // fails meanwhile, even if a retry succeeded since (the events stay queued and are
  // retried; call flush() again to keep waiting).
  Status flush();

  // Flushes, stops the writer thread and joins it. If the store still fails, keeps
  // retrying for `close_retry_for`, then gives up and returns an error saying how many
  // events were not written. Later submits fail. Idempotent; returns the same status.
  Status close();

  // From now on submits never wait for room (the bounds are lifted): shutdown calls it so
  // that a producer blocked on a full buffer of a stalled store finishes its input and
  // stops; close() then stores everything or says how much was not written. Idempotent.
  void lift_bounds();

  BatchedWriterStats stats() const;
  // The last write failure, or ok when the last attempt succeeded.
  Status last_error() const;
  // One line for /health and logs: "ok", or e.g. "store stalled (database is locked),
  // 1234567 bytes buffered" (+ ", buffer full: reading paused" while producers wait).
  std::string state_text() const;

 private:
  using Clock = std::chrono::steady_clock;
  struct Group {
    EventBatch events;
    std::size_t bytes = 0;
    BatchCallback on_written;
    bool sealed = false;  // from submit_batch: never merged, written at once
    Clock::time_point first_at{};
  };

  Status submit_event(Event event);
  // Queues each item (an Event or a ChatMessage) in order under one lock, moving from them.
  template <class Item>
  Status submit_each(std::vector<Item>& items);
  // REQUIRES: mu_ held. Waits for room for `events` events of `bytes`; error when closed.
  Status wait_for_room_locked(std::unique_lock<std::mutex>& lock, std::size_t events,
                              std::size_t bytes);
  // REQUIRES: mu_ held. Appends one event to the open group (or a new one).
  void append_locked(Event&& event, std::size_t bytes);
  void append_locked(ChatMessage&& message, std::size_t bytes);
  // REQUIRES: mu_ held. The open group to append to (a new one when the last is sealed
  // or full), and the bookkeeping after appending an event of `bytes` to it.
  Group& open_group_locked();
  void appended_locked(Group& group, std::size_t bytes);
  Status refused_locked() const;
  void run();
  // REQUIRES: mu_ held. Whether the front group should be written now.
  bool ready_locked(Clock::time_point now) const;
  // REQUIRES: mu_ held. Drops `current` and the queue, reporting `why` to their callbacks.
  void give_up_locked(std::unique_lock<std::mutex>& lock, Group& current, const Status& why);

  Store& store_;
  const BatchedWriterOptions options_;
  const CommitCallback on_commit_;

  mutable std::mutex mu_;
  std::condition_variable work_cv_;       // writer waits: events, flush, close
  std::condition_variable space_cv_;      // producers wait: room in the buffer
  std::condition_variable progress_cv_;   // flush waits: commits and failures
  std::deque<Group> queue_;               // GUARDED_BY(mu_)
  std::size_t queued_events_ = 0;         // GUARDED_BY(mu_): events in queue_
  std::size_t buffered_bytes_ = 0;        // GUARDED_BY(mu_): queue_ + the group in flight
  std::size_t blocked_producers_ = 0;     // GUARDED_BY(mu_)
  std::vector<EventBatch> spent_;         // GUARDED_BY(mu_): written batches, for reuse
  std::uint64_t flush_target_ = 0;        // GUARDED_BY(mu_): write at once until committed
  std::uint64_t failure_generation_ = 0;  // GUARDED_BY(mu_)
  bool closing_ = false;                  // GUARDED_BY(mu_)
  bool unbounded_ = false;                // GUARDED_BY(mu_): lift_bounds() was called
  Clock::time_point close_deadline_{};    // GUARDED_BY(mu_)
  bool in_flight_ = false;                // GUARDED_BY(mu_)
  bool given_up_ = false;                 // GUARDED_BY(mu_)
  bool writer_done_ = false;              // GUARDED_BY(mu_)
  BatchedWriterStats stats_;              // GUARDED_BY(mu_)
  Status last_error_;                     // GUARDED_BY(mu_)
  Status last_failure_;                   // GUARDED_BY(mu_): the latest failed attempt

  bool closed_ = false;  // owner thread only
  Status close_status_;  // owner thread only
  std::thread thread_;
};

}  // namespace pererecos::storage

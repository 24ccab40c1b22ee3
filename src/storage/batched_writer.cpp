#include "storage/batched_writer.h"

#include <algorithm>
#include <string>
#include <utility>

namespace pererecos::storage {

std::size_t approx_bytes(const ChatMessage& m) {
  return sizeof(ChatMessage) + m.id.size() + m.channel.size() + m.room_id.size() +
         m.user_id.size() + m.login.size() + m.display_name.size() + m.text.size() +
         m.emotes.size() + m.reply_parent_login.size() + m.reply_parent_msg_id.size() +
         m.source_id.size() + m.source_room_id.size();
}

std::size_t approx_bytes(const ModerationEvent& e) {
  return sizeof(ModerationEvent) + e.channel.size() + e.room_id.size() +
         e.target_user_id.size() + e.target_login.size() + e.target_msg_id.size();
}

namespace {

std::size_t event_bytes(const BatchedWriter::Event& event) {
  return std::visit([](const auto& e) { return storage::approx_bytes(e); }, event);
}
std::size_t event_bytes(const ChatMessage& message) { return approx_bytes(message); }

}  // namespace

BatchedWriter::BatchedWriter(Store& store, BatchedWriterOptions options, CommitCallback on_commit)
    : store_(store), options_(options), on_commit_(std::move(on_commit)) {
  stats_.max_buffered_bytes = options_.max_buffered_bytes;
  thread_ = std::thread([this] { run(); });
}

BatchedWriter::~BatchedWriter() { close(); }

Status BatchedWriter::refused_locked() const {
  if (given_up_) {
    return Status::error("BatchedWriter: gave up after failed writes: " + last_error_.message());
  }
  return Status::error("BatchedWriter: submit after close");
}

Status BatchedWriter::wait_for_room_locked(std::unique_lock<std::mutex>& lock,
                                           std::size_t events, std::size_t bytes) {
  auto room = [&] {
    if (closing_ || given_up_ || unbounded_) return true;
    if (queued_events_ == 0 && buffered_bytes_ == 0) return true;  // oversized: alone
    const bool fits_events = queued_events_ + events <= options_.queue_capacity;
    const bool fits_bytes = options_.max_buffered_bytes == 0 ||
                            buffered_bytes_ + bytes <= options_.max_buffered_bytes;
    return fits_events && fits_bytes;
  };
  if (!room()) {
    ++blocked_producers_;
    work_cv_.notify_one();  // a full buffer is written at once, not after max_delay
    space_cv_.wait(lock, room);
    --blocked_producers_;
  }
  if (closing_ || given_up_) return refused_locked();
  return Status::ok();
}

BatchedWriter::Group& BatchedWriter::open_group_locked() {
  if (queue_.empty() || queue_.back().sealed ||
      queue_.back().events.size() >= options_.max_batch_events) {
    queue_.emplace_back();
    queue_.back().first_at = Clock::now();
  }
  return queue_.back();
}

void BatchedWriter::append_locked(Event&& event, std::size_t bytes) {
  Group& group = open_group_locked();
  if (auto* msg = std::get_if<ChatMessage>(&event)) {
    group.events.messages.push_back(std::move(*msg));
  } else {
    group.events.moderation.push_back(std::move(std::get<ModerationEvent>(event)));
  }
  appended_locked(group, bytes);
}

void BatchedWriter::append_locked(ChatMessage&& message, std::size_t bytes) {
  Group& group = open_group_locked();
  group.events.messages.push_back(std::move(message));
  appended_locked(group, bytes);
}

void BatchedWriter::appended_locked(Group& group, std::size_t bytes) {
  group.bytes += bytes;
  ++queued_events_;
  buffered_bytes_ += bytes;
  ++stats_.submitted;
  if (queue_.size() == 1 || group.events.size() >= options_.max_batch_events) {
    work_cv_.notify_one();
  }
}

Status BatchedWriter::submit_event(Event event) {
  const std::size_t bytes = event_bytes(event);
  std::unique_lock lock(mu_);
  if (Status s = wait_for_room_locked(lock, 1, bytes); !s) return s;
  append_locked(std::move(event), bytes);
  return Status::ok();
}

Status BatchedWriter::submit(const ChatEvent& event) {
  if (const auto* msg = std::get_if<ChatMessage>(&event)) return submit_event(Event(*msg));
  if (const auto* mod = std::get_if<ModerationEvent>(&event)) return submit_event(Event(*mod));
  return Status::ok();
}

template <class Item>
Status BatchedWriter::submit_each(std::vector<Item>& items) {
  std::unique_lock lock(mu_);
  for (Item& item : items) {
    const std::size_t bytes = event_bytes(item);
    if (Status s = wait_for_room_locked(lock, 1, bytes); !s) return s;
    append_locked(std::move(item), bytes);
  }
  return Status::ok();
}

Status BatchedWriter::submit_all(std::vector<Event> events) { return submit_each(events); }

Status BatchedWriter::submit_messages(std::vector<ChatMessage>& messages) {
  return submit_each(messages);  // no Event around each: append_locked(ChatMessage&&)
}

Status BatchedWriter::submit_batch(EventBatch& batch, BatchCallback on_written) {
  if (batch.empty()) {
    if (on_written) on_written(WriteCounts{});
    return Status::ok();
  }
  Group group;
  group.sealed = true;
  group.on_written = std::move(on_written);
  for (const ChatMessage& m : batch.messages) group.bytes += approx_bytes(m);
  for (const ModerationEvent& e : batch.moderation) group.bytes += approx_bytes(e);
  group.events = std::move(batch);
  batch = EventBatch();
  const std::size_t events = group.events.size();
  {
    std::unique_lock lock(mu_);
    if (Status s = wait_for_room_locked(lock, events, group.bytes); !s) return s;
    group.first_at = Clock::now();
    queued_events_ += events;
    buffered_bytes_ += group.bytes;
    stats_.submitted += events;
    queue_.push_back(std::move(group));
    work_cv_.notify_one();
    if (!spent_.empty()) {
      batch = std::move(spent_.back());
      spent_.pop_back();
    }
  }
  batch.messages.clear();  // the previous contents are freed here, off the writer thread
  batch.moderation.clear();
  return Status::ok();
}

Status BatchedWriter::flush() {
  std::unique_lock lock(mu_);
  const std::uint64_t target = stats_.submitted;
  if (stats_.committed >= target) return Status::ok();
  if (given_up_) return refused_locked();
  flush_target_ = std::max(flush_target_, target);
  work_cv_.notify_one();
  const std::uint64_t generation = failure_generation_;
  progress_cv_.wait(lock, [&] {
    return stats_.committed >= target || failure_generation_ != generation || writer_done_;
  });
  // A failure during the wait is reported even when a retry has succeeded since.
  if (failure_generation_ != generation) return last_failure_;
  if (stats_.committed >= target) return Status::ok();
  return Status::error("BatchedWriter: writer stopped before the flush completed");
}

Status BatchedWriter::close() {
  if (closed_) return close_status_;
  {
    std::lock_guard lock(mu_);
    closing_ = true;
    close_deadline_ = Clock::now() + options_.close_retry_for;
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

void BatchedWriter::lift_bounds() {
  {
    std::lock_guard lock(mu_);
    unbounded_ = true;
  }
  space_cv_.notify_all();
}

BatchedWriterStats BatchedWriter::stats() const {
  std::lock_guard lock(mu_);
  BatchedWriterStats out = stats_;
  out.queued = queued_events_;
  out.buffered_bytes = buffered_bytes_;
  out.blocked_producers = blocked_producers_;
  out.stalled = !last_error_.is_ok() && (in_flight_ || queued_events_ > 0);
  out.given_up = given_up_;
  return out;
}

Status BatchedWriter::last_error() const {
  std::lock_guard lock(mu_);
  return last_error_;
}

std::string BatchedWriter::state_text() const {
  const BatchedWriterStats s = stats();
  if (s.given_up) return "store failed, ingest stopped: " + last_error().message();
  if (!s.stalled) return "ok";
  std::string text = "store stalled (" + last_error().message() + "), " +
                     std::to_string(s.buffered_bytes) + " bytes buffered";
  if (s.blocked_producers > 0) text += ", buffer full: reading paused";
  return text;
}

bool BatchedWriter::ready_locked(Clock::time_point now) const {
  if (queue_.empty()) return false;
  const Group& front = queue_.front();
  return front.sealed || queue_.size() > 1 || closing_ || blocked_producers_ > 0 ||
         front.events.size() >= options_.max_batch_events ||
         flush_target_ > stats_.committed || now >= front.first_at + options_.max_delay;
}

void BatchedWriter::give_up_locked(std::unique_lock<std::mutex>& lock, Group& current,
                                   const Status& why) {
  std::vector<BatchCallback> callbacks;
  if (current.on_written) callbacks.push_back(std::move(current.on_written));
  stats_.dropped += current.events.size() + queued_events_;
  for (Group& g : queue_) {
    if (g.on_written) callbacks.push_back(std::move(g.on_written));
  }
  queue_.clear();
  queued_events_ = 0;
  buffered_bytes_ = 0;
  in_flight_ = false;
  given_up_ = true;
  lock.unlock();
  for (const BatchCallback& cb : callbacks) cb(Result<WriteCounts>(why));
  lock.lock();
}

void BatchedWriter::run() {
  Group current;
  unsigned attempts = 0;  // failed attempts of `current` in a row
  auto backoff = options_.retry_delay;
  std::unique_lock lock(mu_);
  while (true) {
    if (!in_flight_) {
      while (!ready_locked(Clock::now())) {
        if (closing_) break;  // and the queue is empty
        if (queue_.empty()) {
          work_cv_.wait(lock);
        } else {
          work_cv_.wait_until(lock, queue_.front().first_at + options_.max_delay);
        }
      }
      if (queue_.empty()) break;  // closing with nothing left
      current = std::move(queue_.front());
      queue_.pop_front();
      queued_events_ -= current.events.size();
      in_flight_ = true;
      attempts = 0;
      space_cv_.notify_all();
    }

    lock.unlock();
    const auto write_started = Clock::now();
    auto result = store_.write(current.events.messages, current.events.moderation);
    const auto write_duration = Clock::now() - write_started;
    // The callbacks run before the commit is published, so that when flush() returns,
    // the callbacks for everything it waited for have run.
    const std::size_t events = current.events.size();
    CommitReport report;
    report.events = events;
    report.duration = std::chrono::duration_cast<std::chrono::nanoseconds>(write_duration);
    if (result) {
      report.counts = *result;
    } else {
      report.status = result.status();
    }
    {
      std::lock_guard peek(mu_);
      report.committed_events_total = stats_.committed + (result ? events : 0);
    }
    if (on_commit_) on_commit_(report);
    if (result && current.on_written) current.on_written(result);
    lock.lock();

    if (result) {
      stats_.committed += events;
      ++stats_.batches;
      last_error_ = Status::ok();
      buffered_bytes_ -= current.bytes;
      in_flight_ = false;
      backoff = options_.retry_delay;
      if (current.sealed && spent_.size() < 4) {
        spent_.push_back(std::move(current.events));  // freed by the next submit_batch
      } else {
        lock.unlock();
        current = Group();  // single events: freed here, outside the lock
        lock.lock();
      }
      current = Group();  // (moved from or reset above: cheap)
      space_cv_.notify_all();
      progress_cv_.notify_all();
      continue;
    }
    ++stats_.failed_attempts;
    ++attempts;
    last_error_ = result.status();
    last_failure_ = last_error_;
    const bool out_of_attempts = options_.max_attempts > 0 && attempts >= options_.max_attempts;
    if (out_of_attempts || (closing_ && Clock::now() >= close_deadline_)) {
      // The dropped groups' callbacks run before flush() hears of the failure.
      give_up_locked(lock, current, last_error_);
      current = Group();
      ++failure_generation_;
      progress_cv_.notify_all();
      space_cv_.notify_all();
      if (out_of_attempts && !closing_) continue;  // stays alive: submits now fail
      break;
    }
    ++failure_generation_;
    progress_cv_.notify_all();
    // Back off, then retry the same group; close() cuts the wait short.
    const bool was_closing = closing_;
    work_cv_.wait_for(lock, backoff, [&] { return closing_ != was_closing; });
    backoff = std::min(backoff * 2, options_.max_retry_delay);
  }
  writer_done_ = true;
  progress_cv_.notify_all();
  space_cv_.notify_all();
}

}  // namespace pererecos::storage

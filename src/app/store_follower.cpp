#include "app/store_follower.h"

#include <algorithm>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>
#include <vector>

#include "core/text_arena.h"

namespace pererecos::app {

void StoreFollower::note(const ChatMessageView& message, std::int64_t seq,
                         FollowProgress& progress) {
  last_message_seq_ = std::max(last_message_seq_, seq);
  // Runs of one channel are the norm: look the map up only when the channel changes.
  bool is_new = false;
  if (last_room_ == room_ids_.end() || last_room_->first != message.channel) {
    auto [it, inserted] = room_ids_.try_emplace(std::string(message.channel));
    last_room_ = it;
    is_new = inserted;
  }
  const bool new_room = !message.room_id.empty() && last_room_->second != message.room_id;
  if (new_room) last_room_->second = message.room_id;
  if ((is_new || new_room) && on_channel_) on_channel_(last_room_->first, last_room_->second);
  ++progress.messages;
}

void StoreFollower::take(const StoredModeration& stored, FollowProgress& progress) {
  engine_.apply(stored.event);
  last_moderation_seq_ = std::max(last_moderation_seq_, stored.seq);
  ++progress.moderation;
}

namespace {

// Messages read during the rebuild: views into the batch's own arena.
struct ViewBatch {
  std::vector<stats::SequencedMessage> messages;
  TextArena text;

  void clear() {
    messages.clear();
    text.clear();
  }
  // Copies `m` in, keeping messages that share a timestamp in seq order (the scan gives
  // them in id order; they are the batch's last ones).
  void add(const ChatMessageView& m, std::int64_t seq) {
    ChatMessageView copy = m;
    for (std::string_view* field :
         {&copy.id, &copy.channel, &copy.room_id, &copy.user_id, &copy.login,
          &copy.display_name, &copy.text, &copy.emotes, &copy.reply_parent_login,
          &copy.reply_parent_msg_id, &copy.source_id, &copy.source_room_id}) {
      *field = text.copy(*field);
    }
    messages.push_back({copy, seq});
    for (std::size_t i = messages.size() - 1; i > 0; --i) {
      stats::SequencedMessage& prev = messages[i - 1];
      if (prev.message.timestamp_ms != m.timestamp_ms || prev.seq < seq) break;
      std::swap(prev, messages[i]);
    }
  }
};

// Hands batches of scanned messages from the reading thread to the applying one, so that
// reading SQLite and updating the engine run on both cores at once. Applied batches go
// back to the reader (spares) and are refilled, so the steady state allocates nothing.
// The reader may run up to kMaxQueued batches ahead (~256k messages, ~70 MB): old messages
// are cheaper to apply than reading them, recent ones (emotes, windows) dearer, and the
// backlog built up in the first phase keeps the applier busy in the second (a queue of 4
// batches left both threads idle ~15% of the time; docs/performance.md).
class MessagePipe {
 public:
  static constexpr std::size_t kMaxQueued = 256;

  void push(ViewBatch batch) {
    std::unique_lock lock(mutex_);
    space_.wait(lock, [&] { return queue_.size() < kMaxQueued; });
    queue_.push_back(std::move(batch));
    ready_.notify_one();
  }
  // The consumer always drains the pipe, so push() never waits forever.
  // False once the producer closed the pipe and every batch was taken.
  bool pop(ViewBatch& out) {
    std::unique_lock lock(mutex_);
    ready_.wait(lock, [&] { return !queue_.empty() || closed_; });
    if (queue_.empty()) return false;
    out = std::move(queue_.front());
    queue_.pop_front();
    space_.notify_one();
    return true;
  }
  void close() {
    std::lock_guard lock(mutex_);
    closed_ = true;
    ready_.notify_all();
  }
  // An applied batch, for the reader to fill again.
  void give_back(ViewBatch batch) {
    batch.clear();
    std::lock_guard lock(mutex_);
    if (spares_.size() < kMaxQueued + 2) spares_.push_back(std::move(batch));
  }
  // An empty batch: a given-back one when there is one.
  ViewBatch take_spare() {
    std::lock_guard lock(mutex_);
    if (spares_.empty()) return {};
    ViewBatch b = std::move(spares_.back());
    spares_.pop_back();
    return b;
  }

 private:
  std::mutex mutex_;
  std::condition_variable ready_, space_;
  std::deque<ViewBatch> queue_;
  std::vector<ViewBatch> spares_;
  bool closed_ = false;
};

}  // namespace

Result<FollowProgress> StoreFollower::rebuild(
    const std::function<void(std::uint64_t)>& on_progress) {
  FollowProgress progress;
  constexpr std::size_t kBatch = 1024;
  MessagePipe pipe;
  Status s;
  std::thread reader([&] {
    ViewBatch batch = pipe.take_spare();
    s = store_.scan_message_views(0, [&](const ChatMessageView& m, std::int64_t seq) {
      // A batch ends between two timestamps, so that it can put each one's messages in
      // seq order.
      if (batch.messages.size() >= kBatch &&
          batch.messages.back().message.timestamp_ms != m.timestamp_ms) {
        pipe.push(std::move(batch));
        batch = pipe.take_spare();
      }
      batch.add(m, seq);
      return true;
    });
    if (!batch.messages.empty()) pipe.push(std::move(batch));
    pipe.close();
  });
  ViewBatch batch;
  while (pipe.pop(batch)) {
    engine_.apply(batch.messages);
    for (const stats::SequencedMessage& m : batch.messages) {
      note(m.message, m.seq, progress);
      if (on_progress && progress.messages % kProgressEvery == 0) on_progress(progress.messages);
    }
    pipe.give_back(std::move(batch));
    batch = ViewBatch();
  }
  reader.join();
  if (!s) return s;
  s = store_.scan_moderation([&](const StoredModeration& stored) {
    take(stored, progress);
    return true;
  });
  if (!s) return s;
  return progress;
}

Result<FollowProgress> StoreFollower::catch_up() {
  FollowProgress progress;
  // In batches, as the rebuild does: one engine lock per batch instead of per message.
  constexpr std::size_t kBatch = 4096;
  std::vector<StoredMessage> rows;
  std::vector<stats::SequencedMessage> views;
  auto flush = [&] {
    views.clear();
    for (const StoredMessage& m : rows) views.push_back({m.message, m.seq});
    engine_.apply(views);
    for (const StoredMessage& m : rows) {
      note(m.message, m.seq, progress);
      ++progress.messages_by_channel[m.message.channel];
    }
    rows.clear();
  };
  Status s = store_.scan_messages_after_seq(last_message_seq_, [&](const StoredMessage& stored) {
    rows.push_back(stored);
    if (rows.size() >= kBatch) flush();
    return true;
  });
  if (!rows.empty()) flush();
  if (!s) return s;
  s = store_.scan_moderation_after_seq(last_moderation_seq_, [&](const StoredModeration& stored) {
    take(stored, progress);
    return true;
  });
  if (!s) return s;
  return progress;
}

}  // namespace pererecos::app

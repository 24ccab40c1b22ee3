#include "app/store_follower.h"

#include <algorithm>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>
#include <vector>

namespace pererecos::app {

void StoreFollower::note(const StoredMessage& stored, FollowProgress& progress) {
  last_message_seq_ = std::max(last_message_seq_, stored.seq);
  const ChatMessage& message = stored.message;
  if (!message.room_id.empty()) {
    // Runs of one channel are the norm: look the map up only when the pair changes.
    if (last_room_ == room_ids_.end() || last_room_->first != message.channel) {
      last_room_ = room_ids_.try_emplace(message.channel).first;
    }
    if (last_room_->second != message.room_id) last_room_->second = message.room_id;
  }
  ++progress.messages;
}

void StoreFollower::take(const StoredModeration& stored, FollowProgress& progress) {
  engine_.apply(stored.event);
  last_moderation_seq_ = std::max(last_moderation_seq_, stored.seq);
  ++progress.moderation;
}

namespace {

// Hands batches of scanned messages from the reading thread to the applying one, so that
// reading SQLite and updating the engine run on both cores at once. Applied batches go
// back to the reader (spares) and are overwritten in place: their strings keep their
// buffers, so the steady state allocates and frees nothing on either thread.
class MessagePipe {
 public:
  using Batch = std::vector<StoredMessage>;
  static constexpr std::size_t kMaxQueued = 8;

  void push(Batch batch) {
    std::unique_lock lock(mutex_);
    space_.wait(lock, [&] { return queue_.size() < kMaxQueued; });
    queue_.push_back(std::move(batch));
    ready_.notify_one();
  }
  // The consumer always drains the pipe, so push() never waits forever.
  // False once the producer closed the pipe and every batch was taken.
  bool pop(Batch& out) {
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
  void give_back(Batch batch) {
    std::lock_guard lock(mutex_);
    if (spares_.size() < kMaxQueued + 2) spares_.push_back(std::move(batch));
  }
  // A batch to fill: a given-back one when there is one (its size is its capacity in
  // filled messages), else an empty one.
  Batch take_spare() {
    std::lock_guard lock(mutex_);
    if (spares_.empty()) return {};
    Batch b = std::move(spares_.back());
    spares_.pop_back();
    return b;
  }

 private:
  std::mutex mutex_;
  std::condition_variable ready_, space_;
  std::deque<Batch> queue_;
  std::vector<Batch> spares_;
  bool closed_ = false;
};

}  // namespace

Result<FollowProgress> StoreFollower::rebuild(
    const std::function<void(std::uint64_t)>& on_progress) {
  FollowProgress progress;
  constexpr std::size_t kBatch = 4096;
  MessagePipe pipe;
  Status s;
  std::thread reader([&] {
    // `batch` holds `filled` messages; entries past that are recycled storage.
    MessagePipe::Batch batch = pipe.take_spare();
    std::size_t filled = 0;
    auto send = [&] {
      batch.resize(filled);
      pipe.push(std::move(batch));
      batch = pipe.take_spare();
      filled = 0;
    };
    s = store_.scan_messages(0, [&](StoredMessage& stored) {
      // Take the message by swapping: the scan gets an applied message's buffers back.
      if (filled < batch.size()) {
        std::swap(batch[filled], stored);
      } else {
        batch.push_back(std::move(stored));
      }
      if (++filled == kBatch) send();
      return true;
    });
    if (filled > 0) send();
    pipe.close();
  });
  MessagePipe::Batch batch;
  std::vector<stats::SequencedMessage> sequenced;
  while (pipe.pop(batch)) {
    sequenced.clear();
    for (const StoredMessage& stored : batch) sequenced.push_back({&stored.message, stored.seq});
    engine_.apply(sequenced);
    for (const StoredMessage& stored : batch) {
      note(stored, progress);
      if (on_progress && progress.messages % kProgressEvery == 0) on_progress(progress.messages);
    }
    pipe.give_back(std::move(batch));
    batch = MessagePipe::Batch();
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
  Status s = store_.scan_messages_after_seq(last_message_seq_, [&](const StoredMessage& stored) {
    engine_.apply(stored.message, stored.seq);
    note(stored, progress);
    return true;
  });
  if (!s) return s;
  s = store_.scan_moderation_after_seq(last_moderation_seq_, [&](const StoredModeration& stored) {
    take(stored, progress);
    return true;
  });
  if (!s) return s;
  return progress;
}

}  // namespace pererecos::app

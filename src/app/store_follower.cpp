#include "app/store_follower.h"

#include <algorithm>

namespace pererecos::app {

void StoreFollower::note(const ChatMessage& message) {
  if (!message.room_id.empty()) room_ids_[message.channel] = message.room_id;
}

Result<FollowProgress> StoreFollower::rebuild() {
  FollowProgress progress;
  Status s = store_.scan_messages(0, [&](const StoredMessage& stored) {
    engine_.apply(stored.message, stored.seq);
    last_message_seq_ = std::max(last_message_seq_, stored.seq);
    note(stored.message);
    ++progress.messages;
    return true;
  });
  if (!s) return s;
  s = store_.scan_moderation([&](const StoredModeration& stored) {
    engine_.apply(stored.event);
    last_moderation_seq_ = std::max(last_moderation_seq_, stored.seq);
    ++progress.moderation;
    return true;
  });
  if (!s) return s;
  return progress;
}

Result<FollowProgress> StoreFollower::catch_up() {
  FollowProgress progress;
  Status s = store_.scan_messages_after_seq(last_message_seq_, [&](const StoredMessage& stored) {
    engine_.apply(stored.message, stored.seq);
    last_message_seq_ = std::max(last_message_seq_, stored.seq);
    note(stored.message);
    ++progress.messages;
    return true;
  });
  if (!s) return s;
  s = store_.scan_moderation_after_seq(last_moderation_seq_, [&](const StoredModeration& stored) {
    engine_.apply(stored.event);
    last_moderation_seq_ = std::max(last_moderation_seq_, stored.seq);
    ++progress.moderation;
    return true;
  });
  if (!s) return s;
  return progress;
}

}  // namespace pererecos::app

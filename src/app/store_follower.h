// Feeding the stats engine from the store: one sequential rebuild at start, then
// following what is stored afterwards — by this process or by another one writing into
// the same database (e.g. `pererecos-stats import` while the server runs).
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <string_view>

#include "core/result.h"
#include "stats/stats_engine.h"
#include "storage/store.h"

namespace pererecos::app {

struct FollowProgress {
  std::uint64_t messages = 0;    // applied so far
  std::uint64_t moderation = 0;  // applied so far
  // New messages per channel; filled by catch_up() only (for pererecos_messages_stored_total).
  std::map<std::string, std::uint64_t> messages_by_channel;
};

// Not thread-safe: one thread calls rebuild() once, then catch_up() as often as it likes.
class StoreFollower {
 public:
  // `store` and `engine` must outlive the follower; `store` is used by this follower only.
  StoreFollower(Store& store, stats::StatsEngine& engine) : store_(store), engine_(engine) {}

  // Applies every stored message (in time order) and moderation event to the engine.
  // `on_progress`, when set, is called with the messages applied so far every
  // kProgressEvery messages (for a log line on long rebuilds).
  static constexpr std::uint64_t kProgressEvery = 1'000'000;
  Result<FollowProgress> rebuild(const std::function<void(std::uint64_t)>& on_progress = {});

  // Applies what was stored since the last call (or since rebuild()). Cheap when nothing
  // is new: two indexed queries.
  Result<FollowProgress> catch_up();

  // Continues from where `other` (which followed the same database into another engine)
  // is: for switching to an engine rebuilt by `other` (app/forget_refresh.h).
  void take_position(const StoreFollower& other) {
    last_message_seq_ = other.last_message_seq_;
    last_moderation_seq_ = other.last_moderation_seq_;
    for (const auto& [channel, room] : other.room_ids_) {
      if (!room.empty() || !room_ids_.count(channel)) room_ids_[channel] = room;
    }
    last_room_ = room_ids_.end();
  }

  // The room id last seen for each channel (login → room id; empty when no message of the
  // channel carried one), for emote-set lookups.
  const std::map<std::string, std::string>& room_ids() const { return room_ids_; }

  // Called (on the applying thread) when an applied message shows a channel not seen
  // before, or a room id different from the channel's last one: (login, room id or "").
  // For the channel registry; must be cheap. Set it before rebuild().
  using ChannelObserver = std::function<void(std::string_view channel, std::string_view room_id)>;
  void set_channel_observer(ChannelObserver observer) { on_channel_ = std::move(observer); }

 private:
  // Bookkeeping of a message the engine has applied: seq, room id, progress.
  void note(const ChatMessageView& message, std::int64_t seq, FollowProgress& progress);
  // Applies a moderation event and notes it.
  void take(const StoredModeration& stored, FollowProgress& progress);

  Store& store_;
  stats::StatsEngine& engine_;
  std::int64_t last_message_seq_ = 0;
  std::int64_t last_moderation_seq_ = 0;
  std::map<std::string, std::string> room_ids_;
  std::map<std::string, std::string>::iterator last_room_ = room_ids_.end();  // of note()
  ChannelObserver on_channel_;
};

}  // namespace pererecos::app

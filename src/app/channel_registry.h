// ChannelRegistry: the channels the service answers for, learned at run time — the
// configured ones (TWITCH_CHANNEL / TWITCH_CHANNELS), the ones found in the store, and the
// ones seen live — each with its Twitch room id once known (chat ROOMSTATE / `room-id`
// tags, or stored messages). Listeners hear about every new channel and every new room id.
//
//   ChannelRegistry registry(config.channels);
//   auto sub = registry.subscribe([](const ChannelInfo& c) { ... queue work ... });
//   registry.observe("nymn", "62300805");   // chat wiring: room id learned
//
// Thread safety: every method may be called from any thread. Listeners run on the thread
// that called observe() (or subscribe(), for the channels already known), outside the
// registry's lock, one call at a time per registry; they must return quickly (queue the
// work) and may call channels()/find(), but not observe() or subscribe() of the same
// registry.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace pererecos::app {

struct ChannelInfo {
  std::string channel;   // login, lowercase
  std::string room_id;   // the channel's Twitch user id; empty until known
  bool configured = false;
};

class ChannelRegistry {
 public:
  using Listener = std::function<void(const ChannelInfo&)>;
  using SubscriptionId = std::uint64_t;

  // `configured`: logins, any case; empty or duplicate names are skipped.
  explicit ChannelRegistry(const std::vector<std::string>& configured = {});

  // Learns that `channel` exists and, when `room_id` is not empty, that it is its room id.
  // Notifies listeners when the channel is new or its room id changed, and returns
  // whether it did. Cheap when nothing is new (one map look-up under a short lock). An
  // empty or non-ASCII-alphanumeric/underscore channel name is ignored (returns false).
  bool observe(std::string_view channel, std::string_view room_id = {});

  // Every channel, sorted by login.
  std::vector<ChannelInfo> channels() const;
  std::optional<ChannelInfo> find(std::string_view channel) const;

  // Registers `listener` and calls it at once for every channel already known, so that a
  // late subscriber misses nothing. Returns an id for unsubscribe().
  SubscriptionId subscribe(Listener listener);
  // After it returns, the listener is not running and will not be called again (unless
  // called from that listener itself, which only removes it for later notifications).
  void unsubscribe(SubscriptionId id);

 private:
  void notify(const ChannelInfo& info);

  mutable std::mutex mutex_;
  std::map<std::string, ChannelInfo, std::less<>> channels_;  // guarded by mutex_
  std::recursive_mutex notify_mutex_;  // one notification at a time; held while calling out
  std::map<SubscriptionId, Listener> listeners_;  // guarded by notify_mutex_
  SubscriptionId next_id_ = 1;                    // guarded by notify_mutex_
};

}  // namespace pererecos::app

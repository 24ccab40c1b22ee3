#include "app/channel_registry.h"

#include <algorithm>

namespace pererecos::app {
namespace {

// Lowercases a login; empty when it is not a Twitch login ([A-Za-z0-9_], 1..64).
std::string login_key(std::string_view channel) {
  if (channel.empty() || channel.size() > 64) return {};
  std::string out;
  out.reserve(channel.size());
  for (char c : channel) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) return {};
    out.push_back(c);
  }
  return out;
}

}  // namespace

ChannelRegistry::ChannelRegistry(const std::vector<std::string>& configured) {
  for (const std::string& name : configured) {
    std::string key = login_key(name);
    if (key.empty()) continue;
    ChannelInfo& info = channels_[key];
    info.channel = key;
    info.configured = true;
  }
}

bool ChannelRegistry::observe(std::string_view channel, std::string_view room_id) {
  auto unchanged = [&](const ChannelInfo& info) {
    return room_id.empty() || info.room_id == room_id;
  };
  {
    std::lock_guard lock(mutex_);
    auto it = channels_.find(channel);  // the common case: an exact, lowercase login
    if (it != channels_.end() && unchanged(it->second)) return false;
  }
  std::string key = login_key(channel);
  if (key.empty()) return false;
  // Changes and their notifications are serialised, so listeners see them in order.
  std::lock_guard notifying(notify_mutex_);
  ChannelInfo copy;
  {
    std::lock_guard lock(mutex_);
    auto [it, inserted] = channels_.try_emplace(key);
    ChannelInfo& info = it->second;
    if (!inserted && unchanged(info)) return false;
    info.channel = key;
    if (!room_id.empty()) info.room_id = std::string(room_id);
    copy = info;
  }
  notify(copy);
  return true;
}

std::vector<ChannelInfo> ChannelRegistry::channels() const {
  std::lock_guard lock(mutex_);
  std::vector<ChannelInfo> out;
  out.reserve(channels_.size());
  for (const auto& [key, info] : channels_) out.push_back(info);
  return out;
}

std::optional<ChannelInfo> ChannelRegistry::find(std::string_view channel) const {
  std::string key = login_key(channel);
  std::lock_guard lock(mutex_);
  auto it = channels_.find(key);
  if (it == channels_.end()) return std::nullopt;
  return it->second;
}

ChannelRegistry::SubscriptionId ChannelRegistry::subscribe(Listener listener) {
  std::lock_guard notifying(notify_mutex_);
  SubscriptionId id = next_id_++;
  for (const ChannelInfo& info : channels()) listener(info);
  listeners_.emplace(id, std::move(listener));
  return id;
}

void ChannelRegistry::unsubscribe(SubscriptionId id) {
  std::lock_guard notifying(notify_mutex_);
  listeners_.erase(id);
}

void ChannelRegistry::notify(const ChannelInfo& info) {
  // A listener may unsubscribe itself (or another) while running: iterate over a copy of
  // the ids and skip those removed meanwhile.
  std::vector<SubscriptionId> ids;
  for (const auto& [id, listener] : listeners_) ids.push_back(id);
  for (SubscriptionId id : ids) {
    auto it = listeners_.find(id);
    if (it == listeners_.end()) continue;
    Listener listener = it->second;  // a copy: erasing the entry must not destroy it mid-call
    listener(info);
  }
}

}  // namespace pererecos::app

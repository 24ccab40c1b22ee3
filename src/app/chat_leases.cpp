#include "app/chat_leases.h"

#include <spdlog/spdlog.h>

#include <set>

namespace pererecos::app {

ChatLeases::ChatLeases(ChannelLease& lease, std::vector<std::string> channels,
                       MakeClient make_client, std::chrono::milliseconds interval)
    : lease_(lease),
      channels_(std::move(channels)),
      make_client_(std::move(make_client)),
      interval_(interval) {}

ChatLeases::~ChatLeases() { stop(); }

void ChatLeases::start() {
  thread_ = std::thread([this] { run(); });
}

void ChatLeases::stop() {
  {
    std::lock_guard lock(mutex_);
    if (stopping_ && !thread_.joinable()) return;
    stopping_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
  std::map<std::string, std::unique_ptr<twitch::ChatClient>> clients;
  {
    std::lock_guard lock(mutex_);
    clients.swap(clients_);
  }
  for (auto& [channel, client] : clients) client->stop();
  lease_.release_all();
}

void ChatLeases::run() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    lock.unlock();
    round();
    lock.lock();
    cv_.wait_for(lock, interval_, [&] { return stopping_; });
  }
}

void ChatLeases::round() {
  auto held = lease_.refresh(channels_);
  if (!held) {
    if (lease_ok_.exchange(false)) {
      spdlog::warn(
          "chat: channel leases unreachable ({}); the channels read so far stay read "
          "until the database answers",
          held.error());
    }
    return;
  }
  if (!lease_ok_.exchange(true)) spdlog::info("chat: channel leases reachable");
  std::vector<std::unique_ptr<twitch::ChatClient>> to_stop;
  std::vector<std::string> to_start;
  {
    std::lock_guard lock(mutex_);
    for (auto it = clients_.begin(); it != clients_.end();) {
      if (held->count(it->first) == 0) {
        spdlog::info("chat: #{} is held by another instance now; leaving it", it->first);
        to_stop.push_back(std::move(it->second));
        it = clients_.erase(it);
      } else {
        ++it;
      }
    }
    for (const std::string& channel : *held) {
      if (clients_.count(channel) == 0) to_start.push_back(channel);
    }
  }
  for (auto& client : to_stop) client->stop();
  for (const std::string& channel : to_start) {
    auto client = make_client_(channel);
    if (!client) {
      spdlog::error("chat: #{}: {}", channel, client.error());
      continue;
    }
    spdlog::info("chat: #{} is ours (channel lease taken); joining", channel);
    (*client)->start();
    takeovers_.fetch_add(1);
    std::lock_guard lock(mutex_);
    if (stopping_) {
      (*client)->stop();
      continue;
    }
    clients_.emplace(channel, std::move(*client));
  }
}

std::vector<twitch::ChannelStatus> ChatLeases::status() const {
  std::vector<twitch::ChannelStatus> out;
  std::lock_guard lock(mutex_);
  for (const std::string& channel : channels_) {
    auto it = clients_.find(channel);
    if (it != clients_.end()) {
      for (auto& c : it->second->status().channels) out.push_back(std::move(c));
      continue;
    }
    twitch::ChannelStatus& s = out.emplace_back();
    s.channel = channel;
    s.state = "standby";
  }
  return out;
}

}  // namespace pererecos::app

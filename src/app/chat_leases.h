// ChatLeases: reads chat only for the channels this instance holds (app/channel_lease.h),
// one twitch::ChatClient per held channel, so that a channel can be taken over or given
// up without touching the others.
//
// A thread of its own runs a lease round every `interval` (1 s in serve):
//   - a channel newly held gets its client (which joins it; the join starts the gap
//     back-fill, ChatWiring::on_joined, so a takeover closes the hole the old holder left);
//   - a channel held by another instance after a round that succeeded loses its client;
//   - when a round fails (the database is unreachable), the clients keep reading: two
//     instances briefly reading one channel store nothing twice (message identity), while
//     stopping would lose what nobody reads. The next successful round decides.
// Thread safety: status() and lease_ok() from any thread; start()/stop() from one.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "app/channel_lease.h"
#include "core/result.h"
#include "twitch/chat_client.h"
#include "twitch/chat_status.h"
#include "twitch/stats_command.h"

namespace pererecos::app {

// A ReplyPolicy shared by the clients of several channels (their I/O threads): one
// mutex around the policy (StatsCommand is not thread-safe; its limits are per account).
class SharedReplyPolicy final : public twitch::ReplyPolicy {
 public:
  explicit SharedReplyPolicy(twitch::ReplyPolicy& inner) : inner_(inner) {}
  std::optional<std::string> reply_to(const ChatMessage& message, TimePoint now) override {
    std::lock_guard lock(mutex_);
    return inner_.reply_to(message, now);
  }
  void set_moderator(const std::string& channel, bool moderator) override {
    std::lock_guard lock(mutex_);
    inner_.set_moderator(channel, moderator);
  }

 private:
  std::mutex mutex_;
  twitch::ReplyPolicy& inner_;
};

class ChatLeases {
 public:
  // Makes (not starts) the client of one channel.
  using MakeClient =
      std::function<Result<std::unique_ptr<twitch::ChatClient>>(const std::string& channel)>;

  // `lease` must outlive this.
  ChatLeases(ChannelLease& lease, std::vector<std::string> channels, MakeClient make_client,
             std::chrono::milliseconds interval);
  ~ChatLeases();  // stop()

  void start();
  // Stops every client (no sink call afterwards) and gives the channels back. Idempotent.
  void stop();

  // One entry per configured channel, in order: a held channel's client status; a channel
  // another instance holds has state "standby".
  std::vector<twitch::ChannelStatus> status() const;
  // Whether the last lease round reached the database.
  bool lease_ok() const { return lease_ok_.load(); }
  std::uint64_t takeovers() const { return takeovers_.load(); }  // channels taken so far

 private:
  void run();
  void round();

  ChannelLease& lease_;
  const std::vector<std::string> channels_;
  const MakeClient make_client_;
  const std::chrono::milliseconds interval_;
  mutable std::mutex mutex_;  // clients_, stopping_
  std::condition_variable cv_;
  std::map<std::string, std::unique_ptr<twitch::ChatClient>> clients_;
  bool stopping_ = false;
  std::atomic<bool> lease_ok_{false};
  std::atomic<std::uint64_t> takeovers_{0};
  std::thread thread_;
};

}  // namespace pererecos::app

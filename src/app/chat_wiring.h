// Live chat into the store: a twitch::ChatClient whose sink submits every message and
// moderation event to a storage::BatchedWriter on its own Store connection. The engine
// sees them through the StoreFollower, like any other writer's commits. Also the chat
// part of /health. With a ChannelLease that is not always the owner (several instances on
// one PostgreSQL database), only the channels this instance holds are read (ChatLeases).
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <mutex>

#include "app/channel_lease.h"
#include "app/chat_leases.h"
#include "app/config.h"
#include "app/token_wiring.h"
#include "core/result.h"
#include "http/health.h"
#include "metrics/ingest_metrics.h"
#include "storage/batched_writer.h"
#include "storage/store.h"
#include "twitch/chat_client.h"
#include "twitch/chat_sink.h"
#include "twitch/stats_command.h"
#include "twitch/token_source.h"

#include <map>
#include <set>

namespace pererecos::app {

class ChatPrivacy;  // app/chat_privacy.h

class ChatWiring final : public twitch::ChatSink {
 public:
  // Whether serve should read chat: a channel is configured and CHAT_ENABLED is true.
  static bool wanted(const Config& config) { return config.chat_enabled && !config.channels.empty(); }
  // Submits what the chat delivers to `writer` (serve's one ingest queue), which must
  // outlive this wiring. `lease` (may be null: always the owner) decides which channels
  // this instance reads and must outlive the wiring. `privacy` (may be null; must outlive
  // this wiring) adds the !optout / !optin commands, answered like !stats when logged in
  // with a token. Error when a chat setting is invalid.
  static Result<std::unique_ptr<ChatWiring>> create(const Config& config,
                                                    storage::BatchedWriter& writer,
                                                    ChannelLease* lease = nullptr,
                                                    ChatPrivacy* privacy = nullptr);
  // How often the channel leases are checked and retried (takeover within about this).
  static constexpr std::chrono::milliseconds kLeaseInterval{1000};
  ~ChatWiring() override;

  // Called with every room id the chat learns (ROOMSTATE), on the chat's I/O thread; the
  // serve command passes ChannelRegistry::observe. Set before start().
  void set_room_observer(std::function<void(const std::string&, const std::string&)> fn) {
    room_observer_ = std::move(fn);
  }

  // Called after every (re)join of a channel, on the chat's I/O thread; must not block
  // (serve passes Ingest::on_joined, which starts the gap back-fill). Set before start().
  void set_join_observer(std::function<void(const std::string&)> fn) {
    join_observer_ = std::move(fn);
  }

  // Feeds the chat families of /metrics (connected, messages received, errors,
  // reconnects; docs/metrics.md). `metrics` must outlive this wiring. Set before start().
  void set_metrics(metrics::ChatMetrics* metrics) { metrics_ = metrics; }

  // Starts the token manager (when logging in with a token; waits up to 15 s for the first
  // validation when the login is not configured), then the chat connections.
  void start();
  // Stops reading chat (no sink call afterwards). Idempotent.
  void stop();

  // Fills chat_enabled, the per-channel entries (joined, state, join grace, last
  // message age) and auth. Thread-safe.
  void fill_health(http::HealthSnapshot& health) const;

  // ChatSink (the chat client's I/O thread). on_message blocks while the writer's queue
  // is full: see ChatSink for what that does to the connection.
  void on_message(ChatMessage message) override;
  void on_messages(std::vector<ChatMessage>& messages) override;  // one writer lock
  void on_moderation(ModerationEvent event) override;
  void on_room_id(const std::string& channel, const std::string& room_id) override;
  void on_joined(const std::string& channel) override;
  void on_left(const std::string& channel, const std::string& state) override;

 private:
  ChatWiring() = default;
  void count_received(const std::string& channel);  // the channel's received counter

  storage::BatchedWriter* writer_ = nullptr;
  ChatTokens tokens_;  // empty when anonymous
  bool login_configured_ = false;
  std::unique_ptr<twitch::StatsCommand> stats_command_;
  std::unique_ptr<twitch::ChatClient> client_;  // all channels (always the owner), or
  std::unique_ptr<ChatLeases> leases_;          // one client per held channel
  twitch::ChatClientOptions options_;           // leases_: the template of every client
  std::unique_ptr<SharedReplyPolicy> shared_replies_;  // leases_: stats_command_ for all
  std::function<void(const std::string&, const std::string&)> room_observer_;
  std::function<void(const std::string&)> join_observer_;
  bool stopped_ = false;
  metrics::ChatMetrics* metrics_ = nullptr;
  // The received-messages counter of each channel, and the channels joined at least once
  // (a later join counts as a reconnect). Guarded by counters_mutex_: with channel leases
  // every taken channel has its own ChatClient, each calling this sink from its I/O thread.
  std::mutex counters_mutex_;
  std::map<std::string, metrics::Counter*, std::less<>> received_;
  std::set<std::string, std::less<>> joined_before_;
  // /health: a channel not joined for less than this is not degraded yet (60 s, scaled by
  // TWITCH_TIMING_SCALE).
  std::int64_t join_grace_ms_ = 60'000;
};

}  // namespace pererecos::app

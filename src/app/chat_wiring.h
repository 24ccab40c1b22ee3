// Live chat into the store: a twitch::ChatClient whose sink submits every message and
// moderation event to a storage::BatchedWriter on its own Store connection. The engine
// sees them through the StoreFollower, like any other writer's commits. Also the chat
// part of /health.
#pragma once

#include <functional>
#include <memory>

#include "app/config.h"
#include "core/result.h"
#include "http/health.h"
#include "storage/batched_writer.h"
#include "storage/store.h"
#include "twitch/chat_client.h"
#include "twitch/chat_sink.h"
#include "twitch/stats_command.h"
#include "twitch/token_source.h"

namespace pererecos::app {

class ChatPrivacy;  // app/chat_privacy.h

class ChatWiring final : public twitch::ChatSink {
 public:
  // Whether serve should read chat: a channel is configured and CHAT_ENABLED is true.
  static bool wanted(const Config& config) { return config.chat_enabled && !config.channels.empty(); }
  // Submits what the chat delivers to `writer` (serve's one ingest queue), which must
  // outlive this wiring. `privacy` (may be null; must outlive this wiring) adds the
  // !optout / !optin commands, answered like !stats when logged in with a token.
  // Error when a chat setting is invalid.
  static Result<std::unique_ptr<ChatWiring>> create(const Config& config,
                                                    storage::BatchedWriter& writer,
                                                    ChatPrivacy* privacy = nullptr);
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

  void start();
  // Stops reading chat (no sink call afterwards). Idempotent.
  void stop();

  // Fills chat_enabled and the per-channel entries. Thread-safe.
  void fill_health(http::HealthSnapshot& health) const;

  // ChatSink (the chat client's I/O thread). on_message blocks while the writer's queue
  // is full: see ChatSink for what that does to the connection.
  void on_message(ChatMessage message) override;
  void on_moderation(ModerationEvent event) override;
  void on_room_id(const std::string& channel, const std::string& room_id) override;
  void on_joined(const std::string& channel) override;

 private:
  ChatWiring() = default;

  storage::BatchedWriter* writer_ = nullptr;
  std::unique_ptr<twitch::TokenSource> tokens_;
  std::unique_ptr<twitch::StatsCommand> stats_command_;
  std::unique_ptr<twitch::ChatClient> client_;
  std::function<void(const std::string&, const std::string&)> room_observer_;
  std::function<void(const std::string&)> join_observer_;
  bool stopped_ = false;
};

}  // namespace pererecos::app

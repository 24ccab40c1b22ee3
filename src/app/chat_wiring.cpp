#include "app/chat_wiring.h"

#include <spdlog/spdlog.h>

#include <chrono>

#include "app/chat_privacy.h"

namespace pererecos::app {

Result<std::unique_ptr<ChatWiring>> ChatWiring::create(const Config& config,
                                                       storage::BatchedWriter& writer,
                                                       ChatPrivacy* privacy) {
  auto endpoint = twitch::parse_irc_url(config.twitch_irc_url);
  if (!endpoint) return Status::error("TWITCH_IRC_URL: " + endpoint.error());

  std::unique_ptr<ChatWiring> w(new ChatWiring());
  w->writer_ = &writer;

  twitch::ChatClientOptions options;
  options.endpoint = *endpoint;
  options.ca_file = config.twitch_irc_ca_file;
  options.channels = config.channels;
  options.timings = twitch::ChatTimings{}.scaled(config.twitch_timing_scale);
  if (!config.twitch_oauth_token.empty()) {
    // TODO(issue 10 item 5): validate the token (login from /validate) and refresh it.
    w->tokens_ = std::make_unique<twitch::FixedTokenSource>(config.twitch_bot_login,
                                                            config.twitch_oauth_token);
    if (config.twitch_bot_login.empty()) {
      spdlog::warn("chat: TWITCH_OAUTH_TOKEN is set without TWITCH_BOT_LOGIN; logging in "
                   "with an unknown login may be refused");
    }
    if (!config.stats_command.empty() || privacy != nullptr) {
      twitch::StatsCommandOptions stats;
      stats.command = config.stats_command;
      stats.reply_template = config.stats_command_reply;
      stats.public_url = config.public_url;
      stats.own_login = config.twitch_bot_login;
      if (privacy != nullptr) privacy->add_commands(stats);
      w->stats_command_ = std::make_unique<twitch::StatsCommand>(stats);
      options.replies = w->stats_command_.get();
    }
  }
  auto client = twitch::ChatClient::create(std::move(options), *w, w->tokens_.get());
  if (!client) return Status::error("chat: " + client.error());
  w->client_ = std::move(*client);
  return w;
}

ChatWiring::~ChatWiring() { stop(); }

void ChatWiring::start() {
  spdlog::info("chat: reading {} channel(s)", client_->status().channels.size());
  client_->start();
}

void ChatWiring::stop() {
  if (stopped_) return;
  stopped_ = true;
  if (client_) client_->stop();  // no sink call after this; the ingest queue's owner
                                 // makes what was submitted durable (Ingest::close)
}

void ChatWiring::fill_health(http::HealthSnapshot& health) const {
  health.chat_enabled = true;
  const auto status = client_->status();
  const auto now = std::chrono::duration_cast<std::chrono::milliseconds>(
                       std::chrono::system_clock::now().time_since_epoch())
                       .count();
  health.channels.clear();
  for (const auto& c : status.channels) {
    http::ChannelHealth& h = health.channels.emplace_back();
    h.channel = c.channel;
    h.connected = c.joined;
    if (c.last_message_ms) h.last_message_age_ms = std::max<std::int64_t>(0, now - *c.last_message_ms);
    h.state = c.state;
    h.last_error = c.last_error;
    h.messages_received = c.messages_received;
  }
}

void ChatWiring::on_message(ChatMessage message) {
  if (Status s = writer_->submit(std::move(message)); !s) {
    spdlog::error("chat: cannot queue a message: {}", s.message());
  }
}

void ChatWiring::on_moderation(ModerationEvent event) {
  if (Status s = writer_->submit(std::move(event)); !s) {
    spdlog::error("chat: cannot queue a moderation event: {}", s.message());
  }
}

void ChatWiring::on_room_id(const std::string& channel, const std::string& room_id) {
  spdlog::info("chat: #{} has room id {}", channel, room_id);
  if (room_observer_) room_observer_(channel, room_id);
}

void ChatWiring::on_joined(const std::string& channel) {
  spdlog::info("chat: #{} joined", channel);
  if (join_observer_) join_observer_(channel);  // the gap back-fill (Ingest::on_joined)
}

}  // namespace pererecos::app

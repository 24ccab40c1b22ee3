#include "app/chat_wiring.h"

#include <spdlog/spdlog.h>

#include <chrono>

#include "app/chat_privacy.h"

namespace pererecos::app {

Result<std::unique_ptr<ChatWiring>> ChatWiring::create(const Config& config,
                                                       storage::BatchedWriter& writer,
                                                       ChannelLease* lease,
                                                       ChatPrivacy* privacy) {
  auto endpoint = twitch::parse_irc_url(config.twitch_irc_url);
  if (!endpoint) return Status::error("TWITCH_IRC_URL: " + endpoint.error());

  std::unique_ptr<ChatWiring> w(new ChatWiring());
  w->writer_ = &writer;
  w->join_grace_ms_ = static_cast<std::int64_t>(60'000.0 * config.twitch_timing_scale);

  twitch::ChatClientOptions options;
  options.endpoint = *endpoint;
  options.ca_file = config.twitch_irc_ca_file;
  options.channels = config.channels;
  options.timings = twitch::ChatTimings{}.scaled(config.twitch_timing_scale);
  if (wants_token(config)) {
    w->tokens_ = make_chat_tokens(config);
    w->login_configured_ = !config.twitch_bot_login.empty();
    if (!w->tokens_.manager->can_refresh()) {
      spdlog::info("chat: no TWITCH_CLIENT_ID, TWITCH_CLIENT_SECRET and TWITCH_REFRESH_TOKEN: "
                   "an expired token cannot be refreshed");
    }
    if (!config.stats_command.empty() || privacy != nullptr) {
      twitch::StatsCommandOptions stats;
      stats.command = config.stats_command;
      stats.reply_template = config.stats_command_reply;
      stats.public_url = config.public_url;
      if (privacy != nullptr) privacy->add_commands(stats);
      w->stats_command_ = std::make_unique<twitch::StatsCommand>(stats);
      options.replies = w->stats_command_.get();
    }
  }
  if (lease != nullptr && !lease->always_owner()) {
    if (w->stats_command_) {
      w->shared_replies_ = std::make_unique<SharedReplyPolicy>(*w->stats_command_);
      options.replies = w->shared_replies_.get();
    }
    w->options_ = options;
    ChatWiring* self = w.get();
    w->leases_ = std::make_unique<ChatLeases>(
        *lease, config.channels,
        [self](const std::string& channel) {
          twitch::ChatClientOptions one = self->options_;
          one.channels = {channel};
          return twitch::ChatClient::create(std::move(one), *self, self->tokens_.manager.get());
        },
        kLeaseInterval);
    return w;
  }
  auto client = twitch::ChatClient::create(std::move(options), *w, w->tokens_.manager.get());
  if (!client) return Status::error("chat: " + client.error());
  w->client_ = std::move(*client);
  return w;
}

ChatWiring::~ChatWiring() { stop(); }

void ChatWiring::start() {
  if (twitch::TokenManager* tokens = tokens_.manager.get()) {
    tokens->start();
    if (!login_configured_ && tokens->credentials().login.empty()) {
      // NICK must be the token's login: wait for the first validation (bounded).
      if (!tokens->wait_ready(std::chrono::seconds(15)) || tokens->credentials().login.empty()) {
        spdlog::warn("chat: the token's login is not known (no TWITCH_BOT_LOGIN, and "
                     "validation gave none: {}); logging in anyway, Twitch may refuse it",
                     tokens->status().error.empty() ? "no answer yet" : tokens->status().error);
      }
    }
  }
  if (leases_) {
    spdlog::info("chat: {} channel(s) configured; reading those whose lease this instance holds",
                 options_.channels.size());
    leases_->start();
    return;
  }
  const auto initial = client_->status();
  spdlog::info("chat: reading {} channel(s)", initial.channels.size());
  if (metrics_ != nullptr) {
    for (const auto& c : initial.channels) metrics_->set_connected(c.channel, false);
  }
  client_->start();
}

void ChatWiring::stop() {
  if (stopped_) return;
  stopped_ = true;
  // A stalled store may have filled the ingest buffer, blocking the chat's I/O thread in
  // on_message: lift the bound so the chat can drain and stop; Ingest::close() then stores
  // everything or reports what it could not.
  if (writer_) writer_->lift_bounds();
  if (leases_) leases_->stop();
  if (client_) client_->stop();  // no sink call after this; the ingest queue's owner
                                 // makes what was submitted durable (Ingest::close)
  if (tokens_.manager) tokens_.manager->stop();
}

void ChatWiring::fill_health(http::HealthSnapshot& health) const {
  health.chat_enabled = true;
  const auto channels = leases_ ? leases_->status() : client_->status().channels;
  const auto now = std::chrono::duration_cast<std::chrono::milliseconds>(
                       std::chrono::system_clock::now().time_since_epoch())
                       .count();
  health.channels.clear();
  for (const auto& c : channels) {
    http::ChannelHealth& h = health.channels.emplace_back();
    h.channel = c.channel;
    // "standby": another instance holds the channel's lease and reads it.
    h.connected = c.joined || (c.state == "standby" && leases_->lease_ok());
    if (c.last_message_ms) h.last_message_age_ms = std::max<std::int64_t>(0, now - *c.last_message_ms);
    h.state = c.state;
    h.last_error = c.last_error;
    h.messages_received = c.messages_received;
    if (!c.joined && c.not_joined_since_ms > 0) {
      const std::int64_t down_ms = std::max<std::int64_t>(0, now - c.not_joined_since_ms);
      h.not_joined_seconds = down_ms / 1000;
      h.within_join_grace = down_ms < join_grace_ms_;
    } else if (!c.joined) {
      h.not_joined_seconds = 0;
    }
  }
  if (tokens_.manager) {
    const twitch::AuthStatus a = tokens_.manager->status();
    http::AuthHealth& auth = health.auth.emplace();
    auth.state = a.state;
    auth.login = a.login;
    auth.token = a.token;
    auth.source = a.source;
    auth.refresh_configured = a.refresh_configured;
    auth.error = a.error;
    auth.validations = a.validations;
    auth.refreshes = a.refreshes;
    auth.refresh_failures = a.refresh_failures;
  }
}

void ChatWiring::count_received(const std::string& channel) {
  // Caller holds counters_mutex_.
  auto it = received_.find(channel);
  if (it == received_.end()) {
    it = received_.emplace(channel, &metrics_->messages_received(channel)).first;
  }
  it->second->inc();
}

void ChatWiring::on_message(ChatMessage message) {
  if (metrics_ != nullptr) {
    std::lock_guard lock(counters_mutex_);
    count_received(message.channel);
  }
  if (Status s = writer_->submit(std::move(message)); !s) {
    spdlog::error("chat: cannot queue a message: {}", s.message());
  }
}

void ChatWiring::on_messages(std::vector<ChatMessage>& messages) {
  if (metrics_ != nullptr) {
    std::lock_guard lock(counters_mutex_);
    for (const ChatMessage& message : messages) count_received(message.channel);
  }
  if (Status s = writer_->submit_messages(messages); !s) {
    spdlog::error("chat: cannot queue {} messages: {}", messages.size(), s.message());
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
  if (metrics_ != nullptr) {
    metrics_->set_connected(channel, true);
    bool again = false;
    {
      std::lock_guard lock(counters_mutex_);
      again = !joined_before_.insert(channel).second;
    }
    if (again) metrics_->reconnected(channel);
  }
  if (join_observer_) join_observer_(channel);  // the gap back-fill (Ingest::on_joined)
}

void ChatWiring::on_left(const std::string& channel, const std::string& state) {
  if (metrics_ == nullptr) return;
  metrics_->set_connected(channel, false);
  const char* kind = state == "auth_failed" ? "auth" : state == "refused" ? "join_refused"
                                                                          : "connection";
  metrics_->error(channel, kind);
}

}  // namespace pererecos::app

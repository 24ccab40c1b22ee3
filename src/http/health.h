// What GET /api/v1/health reports, gathered by a probe the app injects.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace pererecos::http {

struct ChannelHealth {
  std::string channel;
  bool connected = false;
  // Milliseconds since the last message seen in this channel; nullopt when none yet.
  std::optional<std::int64_t> last_message_age_ms;
  // The chat connection's view (twitch/chat_status.h): "joined", "connecting",
  // "reconnecting", "refused", "auth_failed"...; empty when unknown.
  std::string state{};
  std::string last_error{};  // e.g. "msg_concurrent_channel_limit_reached: ..."; never a token
  std::uint64_t messages_received = 0;  // read from chat since start
};

// The chat's token (twitch::AuthStatus) when logging in with one. Never a token whole.
struct AuthHealth {
  std::string state;  // unvalidated, valid, invalid, refreshing, refresh_failed, no_token
  std::string login;
  std::string token;   // redacted: first 4 characters and the length
  std::string source;  // configured, stored, refreshed
  bool refresh_configured = false;
  std::string error;   // the last problem, empty when none
  std::uint64_t validations = 0;
  std::uint64_t refreshes = 0;
  std::uint64_t refresh_failures = 0;
};

struct HealthSnapshot {
  bool database_connected = false;
  // false when chat ingestion is disabled (then it counts as up, SPEC §2).
  bool chat_enabled = false;
  std::vector<ChannelHealth> channels;  // one per configured channel
  std::optional<std::uint64_t> messages_stored;
  std::optional<AuthHealth> auth;  // absent when reading anonymously
};

// Called once per health request, from an I/O thread; must be thread-safe and fast.
using HealthProbe = std::function<HealthSnapshot()>;

}  // namespace pererecos::http

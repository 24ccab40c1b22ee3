// What the chat client reports about itself, for /health and logs. Plain data, copied out.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/chat_event.h"

namespace pererecos::twitch {

struct ChannelStatus {
  std::string channel;
  bool joined = false;
  // "connecting", "joined", "reconnecting" (waiting out a back-off), "refused" (Twitch
  // refused the JOIN, e.g. the channel limit; not retried), "auth_failed", "stopped".
  std::string state = "connecting";
  // Wall-clock ms since which the channel has not been joined (client creation, or the
  // last time it stopped being joined); 0 while joined. /health's grace period.
  TimestampMs not_joined_since_ms = 0;
  std::string room_id;  // empty until ROOMSTATE
  std::optional<TimestampMs> last_message_ms;  // receive time of the last message
  std::uint64_t messages_received = 0;
  // The last problem, e.g. "msg_concurrent_channel_limit_reached: ..." or "Login
  // authentication failed"; empty when none. Never holds a token.
  std::string last_error;
};

struct ChatClientStatus {
  bool anonymous = true;
  std::string login;
  std::vector<ChannelStatus> channels;  // in configuration order
  std::uint64_t connect_attempts = 0;   // TCP connections tried since start
  std::uint64_t connections_open = 0;
  std::uint64_t malformed_lines = 0;    // lines that could not be decoded (skipped)
  std::string last_error;               // the last connection-level error
};

}  // namespace pererecos::twitch

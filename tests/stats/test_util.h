// Helpers for the stats tests: terse message construction.
#pragma once

#include <string>

#include "core/chat_event.h"

namespace pererecos::stats::testing {

inline constexpr TimestampMs kSec = 1000;
inline constexpr TimestampMs kMin = 60 * kSec;
inline constexpr TimestampMs kHour = 60 * kMin;
inline constexpr TimestampMs kDay = 24 * kHour;
// 2024-01-10T12:00:00Z
inline constexpr TimestampMs kNow = 1704888000000;

inline ChatMessage msg(const std::string& uid, const std::string& login, TimestampMs ts,
                       const std::string& text = "hello", const std::string& channel = "chan") {
  ChatMessage m;
  m.id = "id-" + uid + "-" + login + "-" + std::to_string(ts) + "-" + text;
  m.channel = channel;
  m.user_id = uid;
  m.login = login;
  m.display_name = login;
  m.text = text;
  m.timestamp_ms = ts;
  return m;
}

}  // namespace pererecos::stats::testing

// The identity of a message (SPEC §1): its Twitch id, else one derived from
// (channel, timestamp, login, text). Two lines with the same identity are one message.
#pragma once

#include <string>

#include "core/chat_event.h"

namespace pererecos {

// Prefix of derived identities; Twitch ids are UUIDs and never start with it.
inline constexpr std::string_view kDerivedIdPrefix = "derived-";

// msg.id when set, else kDerivedIdPrefix + 16 hex digits of a stable 64-bit hash of
// (channel, timestamp, login, text). Stable across versions and machines.
std::string message_identity(const ChatMessage& msg);

// Stable 64-bit FNV-1a hash; exposed for tests.
std::uint64_t stable_hash64(std::string_view data, std::uint64_t seed = 0xcbf29ce484222325ULL);

}  // namespace pererecos

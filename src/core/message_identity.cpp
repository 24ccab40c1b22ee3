#include "core/message_identity.h"

#include <cstdio>

namespace pererecos {

std::uint64_t stable_hash64(std::string_view data, std::uint64_t seed) {
  std::uint64_t h = seed;
  for (const char c : data) {
    h ^= static_cast<unsigned char>(c);
    h *= 0x100000001b3ULL;
  }
  return h;
}

std::string message_identity(const ChatMessage& msg) {
  if (!msg.id.empty()) return msg.id;
  // Fields are separated by a byte that cannot occur in a login or channel name; the
  // text comes last so it needs no separator of its own.
  std::string key;
  key.reserve(msg.channel.size() + msg.login.size() + msg.text.size() + 24);
  key += msg.channel;
  key += '\x1f';
  key += std::to_string(msg.timestamp_ms);
  key += '\x1f';
  key += msg.login;
  key += '\x1f';
  key += msg.text;
  // Mix the FNV result once more (splitmix64 finaliser) for a better spread.
  std::uint64_t h = stable_hash64(key);
  h ^= h >> 30;
  h *= 0xbf58476d1ce4e5b9ULL;
  h ^= h >> 27;
  h *= 0x94d049bb133111ebULL;
  h ^= h >> 31;
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
  return std::string(kDerivedIdPrefix) + buf;
}

}  // namespace pererecos

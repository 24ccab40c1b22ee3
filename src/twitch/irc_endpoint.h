// Where the chat server is: TWITCH_IRC_URL parsed.
#pragma once

#include <cstdint>
#include <string>

#include "core/result.h"

namespace pererecos::twitch {

struct IrcEndpoint {
  std::string host;
  std::uint16_t port = 0;
  bool tls = true;  // ircs:// (TLS, verified) or irc:// (plain TCP, for tests)
};

// "ircs://host[:port]" (default port 6697) or "irc://host[:port]" (default 6667).
// An IPv6 host is written in brackets: "ircs://[::1]:6697". Anything else is an error
// naming the URL.
Result<IrcEndpoint> parse_irc_url(const std::string& url);

}  // namespace pererecos::twitch

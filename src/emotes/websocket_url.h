// Parsing ws:// and wss:// URLs (SEVENTV_EVENTS_URL). Pure.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/result.h"

namespace pererecos::emotes {

struct WebSocketUrl {
  bool tls = true;        // wss://
  std::string host;       // name or IPv4 address; IPv6 in brackets is not supported
  std::uint16_t port = 443;
  std::string target = "/";  // path and query
};

// "wss://events.7tv.io/v3" -> {tls, "events.7tv.io", 443, "/v3"};
// "ws://127.0.0.1:22001/v3" -> {plain, "127.0.0.1", 22001, "/v3"}.
// Error: another scheme, no host, a port that is not 1..65535, user info, a fragment.
Result<WebSocketUrl> parse_websocket_url(std::string_view url);

}  // namespace pererecos::emotes

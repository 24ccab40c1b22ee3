#include "emotes/websocket_url.h"

#include <charconv>

namespace pererecos::emotes {

Result<WebSocketUrl> parse_websocket_url(std::string_view url) {
  auto fail = [&](const std::string& why) {
    return Result<WebSocketUrl>::failure("WebSocket URL '" + std::string(url) + "': " + why);
  };
  WebSocketUrl out;
  std::string_view rest;
  if (url.starts_with("wss://")) {
    rest = url.substr(6);
  } else if (url.starts_with("ws://")) {
    out.tls = false;
    out.port = 80;
    rest = url.substr(5);
  } else {
    return fail("the scheme must be ws:// or wss://");
  }
  if (rest.find('#') != std::string_view::npos) return fail("a fragment is not allowed");
  const std::size_t slash = rest.find_first_of("/?");
  std::string_view authority = rest.substr(0, slash);
  if (slash != std::string_view::npos) {
    out.target = std::string(rest.substr(slash));
    if (out.target.front() == '?') out.target = "/" + out.target;
  }
  if (authority.find('@') != std::string_view::npos) return fail("user info is not allowed");
  if (authority.find('[') != std::string_view::npos) return fail("IPv6 hosts are not supported");
  const std::size_t colon = authority.find(':');
  out.host = std::string(authority.substr(0, colon));
  if (out.host.empty()) return fail("no host");
  if (colon != std::string_view::npos) {
    std::string_view port = authority.substr(colon + 1);
    unsigned value = 0;
    auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), value);
    if (port.empty() || ec != std::errc() || end != port.data() + port.size() || value == 0 ||
        value > 65535) {
      return fail("bad port");
    }
    out.port = static_cast<std::uint16_t>(value);
  }
  return out;
}

}  // namespace pererecos::emotes

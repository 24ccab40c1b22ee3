#include "twitch/irc_endpoint.h"

#include <charconv>

namespace pererecos::twitch {

Result<IrcEndpoint> parse_irc_url(const std::string& url) {
  IrcEndpoint e;
  std::string rest;
  if (url.starts_with("ircs://")) {
    rest = url.substr(7);
    e.tls = true;
    e.port = 6697;
  } else if (url.starts_with("irc://")) {
    rest = url.substr(6);
    e.tls = false;
    e.port = 6667;
  } else {
    return Result<IrcEndpoint>::failure("'" + url + "' is not an irc:// or ircs:// URL");
  }
  while (rest.ends_with('/')) rest.pop_back();
  std::string port_text;
  if (rest.starts_with('[')) {
    const auto close = rest.find(']');
    if (close == std::string::npos) {
      return Result<IrcEndpoint>::failure("'" + url + "': unclosed [ in the host");
    }
    e.host = rest.substr(1, close - 1);
    std::string after = rest.substr(close + 1);
    if (!after.empty()) {
      if (after[0] != ':') return Result<IrcEndpoint>::failure("'" + url + "': bad host");
      port_text = after.substr(1);
    }
  } else {
    const auto colon = rest.find(':');
    e.host = rest.substr(0, colon);
    if (colon != std::string::npos) port_text = rest.substr(colon + 1);
  }
  if (e.host.empty() || e.host.find_first_of("/ ?#@") != std::string::npos) {
    return Result<IrcEndpoint>::failure("'" + url + "' names no valid host");
  }
  if (!port_text.empty()) {
    unsigned v = 0;
    auto [ptr, ec] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), v);
    if (ec != std::errc() || ptr != port_text.data() + port_text.size() || v == 0 || v > 65535) {
      return Result<IrcEndpoint>::failure("'" + url + "': '" + port_text +
                                          "' is not a port number (1-65535)");
    }
    e.port = static_cast<std::uint16_t>(v);
  }
  return e;
}

}  // namespace pererecos::twitch

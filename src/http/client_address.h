// The client of a request: who the rate limits, connection caps and security-event lines
// are about (docs/security.md).
//
// Only a request whose socket peer is in TRUSTED_PROXIES has its client taken from the
// forwarding headers, in this order:
//   1. X-Forwarded-For: the rightmost hop that is not itself a trusted proxy (hops to its
//      left were written by the client and prove nothing); when every hop is trusted, the
//      leftmost one. A hop that is not an IP address ends the walk (the client is then
//      the last trusted hop seen; with none seen, the next rules apply);
//   2. X-Real-IP; 3. CF-Connecting-IP (each only when it is an IP address); 4. the peer.
// Everyone else is their socket address, whatever headers they send.
#pragma once

#include <string>
#include <string_view>

#include "http/http_message.h"
#include "http/ip_networks.h"

namespace pererecos::http {

struct ClientAddress {
  Ip16 ip{};
  bool known = false;  // false when no address could be parsed (ip is then all zero)
  // The address as text ("203.0.113.9", "2001:db8::1"); the socket peer's text verbatim
  // when it could not be parsed.
  std::string text;
};

ClientAddress resolve_client(const Request& request, const IpNetworks& trusted_proxies);

// The key that counts against a client's limits: the address itself for IPv4, the /64
// network for IPv6 (one subscriber usually holds a whole /64, so single IPv6 addresses
// are free to make up). E.g. "2001:db8:1:2::/64".
std::string limit_key(const ClientAddress& client);

}  // namespace pererecos::http

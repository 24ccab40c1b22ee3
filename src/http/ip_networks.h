// IpNetworks: a list of IPv4/IPv6 networks in CIDR notation (TRUSTED_PROXIES,
// RATE_LIMIT_EXEMPT) and the test "is this address in one of them". Pure, no I/O.
//
// IPv4 addresses and networks are held as IPv4-mapped IPv6 (::ffff:a.b.c.d), so
// "10.0.0.0/8" also matches a peer that arrives as ::ffff:10.1.2.3 on a dual-stack socket.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace pererecos::http {

// 16 bytes, network order; IPv4 as ::ffff:a.b.c.d.
using Ip16 = std::array<std::uint8_t, 16>;

// Parses "1.2.3.4", "::1", "::ffff:1.2.3.4" (surrounding spaces and, for IPv6, one pair
// of brackets allowed); nullopt when it is not an IP address.
std::optional<Ip16> parse_ip(std::string_view text);

// True when `ip` is an IPv4(-mapped) address.
bool is_v4(const Ip16& ip);

// The canonical text: "1.2.3.4" for IPv4 (also when mapped), RFC 5952 form for IPv6.
std::string ip_to_string(const Ip16& ip);

class IpNetworks {
 public:
  IpNetworks() = default;

  // Comma-separated CIDRs ("10.0.0.0/8, 192.168.1.7, 2001:db8::/32"); an address without
  // a prefix is a single host; empty text = no networks. The error names the bad item.
  static Result<IpNetworks> parse(std::string_view text);

  bool contains(const Ip16& ip) const;
  // False when `ip` is not an address.
  bool contains(std::string_view ip) const;

  bool empty() const { return networks_.empty(); }
  std::size_t size() const { return networks_.size(); }

 private:
  struct Network {
    Ip16 base{};
    unsigned prefix = 0;  // in bits of the 128-bit form
  };
  std::vector<Network> networks_;
};

}  // namespace pererecos::http

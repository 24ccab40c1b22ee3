#include "http/client_address.h"

#include <optional>

namespace pererecos::http {
namespace {

// X-Forwarded-For may come as several fields; they form one list in arrival order.
std::vector<std::string_view> forwarded_hops(const Request& request) {
  std::vector<std::string_view> hops;
  for (const auto& [name, value] : request.headers.fields()) {
    if (!iequals(name, "X-Forwarded-For")) continue;
    std::string_view rest(value);
    while (true) {
      const std::size_t comma = rest.find(',');
      hops.push_back(rest.substr(0, comma));
      if (comma == std::string_view::npos) break;
      rest.remove_prefix(comma + 1);
    }
  }
  return hops;
}

ClientAddress from_ip(const Ip16& ip) { return ClientAddress{ip, true, ip_to_string(ip)}; }

std::optional<ClientAddress> from_header(const Request& request, std::string_view name) {
  const std::string* value = request.headers.find(name);
  if (value == nullptr) return std::nullopt;
  const std::optional<Ip16> ip = parse_ip(*value);
  if (!ip) return std::nullopt;
  return from_ip(*ip);
}

}  // namespace

ClientAddress resolve_client(const Request& request, const IpNetworks& trusted_proxies) {
  const std::optional<Ip16> peer = parse_ip(request.remote_ip);
  if (!peer) return ClientAddress{{}, false, request.remote_ip};
  if (!trusted_proxies.contains(*peer)) return from_ip(*peer);

  const std::vector<std::string_view> hops = forwarded_hops(request);
  if (!hops.empty()) {
    std::optional<Ip16> last_trusted;
    for (auto it = hops.rbegin(); it != hops.rend(); ++it) {
      const std::optional<Ip16> hop = parse_ip(*it);
      if (!hop) break;
      if (!trusted_proxies.contains(*hop)) return from_ip(*hop);
      last_trusted = hop;
    }
    if (last_trusted) return from_ip(*last_trusted);
  }
  if (auto real = from_header(request, "X-Real-IP")) return *real;
  if (auto cf = from_header(request, "CF-Connecting-IP")) return *cf;
  return from_ip(*peer);
}

std::string limit_key(const ClientAddress& client) {
  if (!client.known || is_v4(client.ip)) return client.text;
  Ip16 network = client.ip;
  for (int i = 8; i < 16; ++i) network[i] = 0;
  return ip_to_string(network) + "/64";
}

}  // namespace pererecos::http

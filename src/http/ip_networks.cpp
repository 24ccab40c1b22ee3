#include "http/ip_networks.h"

#include <arpa/inet.h>

#include <charconv>

namespace pererecos::http {
namespace {

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

// 'text' (appending, not operator+: g++ 12 warns falsely about the latter here).
std::string quoted(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 2);
  out.push_back('\'');
  out.append(text);
  out.push_back('\'');
  return out;
}

bool matches(const Ip16& ip, const Ip16& base, unsigned prefix) {
  unsigned i = 0;
  for (; prefix >= 8; prefix -= 8, ++i) {
    if (ip[i] != base[i]) return false;
  }
  if (prefix == 0) return true;
  const auto mask = static_cast<std::uint8_t>(0xFF << (8 - prefix));
  return (ip[i] & mask) == (base[i] & mask);
}

}  // namespace

std::optional<Ip16> parse_ip(std::string_view text) {
  text = trim(text);
  if (text.size() >= 2 && text.front() == '[' && text.back() == ']') {
    text = text.substr(1, text.size() - 2);
  }
  if (text.empty() || text.size() > 45) return std::nullopt;
  char buffer[46];
  text.copy(buffer, text.size());
  buffer[text.size()] = '\0';
  Ip16 out{};
  if (text.find(':') == std::string_view::npos) {
    unsigned char v4[4];
    if (inet_pton(AF_INET, buffer, v4) != 1) return std::nullopt;
    out[10] = 0xFF;
    out[11] = 0xFF;
    for (int i = 0; i < 4; ++i) out[12 + i] = v4[i];
    return out;
  }
  if (inet_pton(AF_INET6, buffer, out.data()) != 1) return std::nullopt;
  return out;
}

bool is_v4(const Ip16& ip) {
  for (int i = 0; i < 10; ++i) {
    if (ip[i] != 0) return false;
  }
  return ip[10] == 0xFF && ip[11] == 0xFF;
}

std::string ip_to_string(const Ip16& ip) {
  char buffer[INET6_ADDRSTRLEN];
  if (is_v4(ip)) {
    inet_ntop(AF_INET, ip.data() + 12, buffer, sizeof buffer);
  } else {
    inet_ntop(AF_INET6, ip.data(), buffer, sizeof buffer);
  }
  return buffer;
}

Result<IpNetworks> IpNetworks::parse(std::string_view text) {
  IpNetworks out;
  while (!text.empty()) {
    const std::size_t comma = text.find(',');
    const std::string_view item = trim(text.substr(0, comma));
    if (!item.empty()) {
      const std::size_t slash = item.find('/');
      const std::optional<Ip16> base = parse_ip(item.substr(0, slash));
      if (!base) {
        return Result<IpNetworks>::failure(quoted(item).append(" is not an IP network"));
      }
      const bool v4 = item.substr(0, slash).find(':') == std::string_view::npos;
      unsigned prefix = v4 ? 32 : 128;
      if (slash != std::string_view::npos) {
        const std::string_view bits = trim(item.substr(slash + 1));
        unsigned parsed = 0;
        const auto [end, ec] = std::from_chars(bits.data(), bits.data() + bits.size(), parsed);
        if (bits.empty() || ec != std::errc() || end != bits.data() + bits.size() ||
            parsed > prefix) {
          return Result<IpNetworks>::failure(quoted(item)
                                                 .append(" has a bad prefix length (0-")
                                                 .append(std::to_string(prefix))
                                                 .append(")"));
        }
        prefix = parsed;
      }
      out.networks_.push_back(Network{*base, v4 ? prefix + 96 : prefix});
    }
    if (comma == std::string_view::npos) break;
    text.remove_prefix(comma + 1);
  }
  return out;
}

bool IpNetworks::contains(const Ip16& ip) const {
  for (const Network& network : networks_) {
    if (matches(ip, network.base, network.prefix)) return true;
  }
  return false;
}

bool IpNetworks::contains(std::string_view ip) const {
  if (networks_.empty()) return false;
  const std::optional<Ip16> parsed = parse_ip(ip);
  return parsed && contains(*parsed);
}

}  // namespace pererecos::http

#include "app/http_limits_config.h"

#include <charconv>

#include "app/config.h"

namespace pererecos::app {
namespace {

std::string trim(std::string s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.erase(0, 1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.pop_back();
  return s;
}

Status read_count(const std::function<std::string(const std::string&)>& get, const char* key,
                  bool zero_allowed, std::uint64_t& out) {
  const std::string raw = trim(get(key));
  std::uint64_t v = 0;
  const auto [ptr, ec] = std::from_chars(raw.data(), raw.data() + raw.size(), v);
  if (raw.empty() || ec != std::errc() || ptr != raw.data() + raw.size() ||
      (v == 0 && !zero_allowed)) {
    return Status::error(std::string(key) + ": '" + raw + "' is not a " +
                         (zero_allowed ? "whole number (0 = unlimited)" : "positive whole number"));
  }
  out = v;
  return Status::ok();
}

}  // namespace

const std::vector<SettingInfo>& http_limit_settings() {
  static const std::vector<SettingInfo> kSettings = {
      {"TRUSTED_PROXIES", "",
       "reverse proxies (CIDRs, comma separated) whose X-Forwarded-For names the client"},
      {"RATE_LIMIT_EXEMPT", "", "clients (CIDRs) never rate limited, e.g. your monitoring"},
      {"HTTP_MAX_CONNECTIONS", "10000", "open HTTP connections in total (0 = unlimited)"},
      {"HTTP_MAX_CONNECTIONS_PER_CLIENT", "64",
       "open connections from one address, IPv6 /64 (0 = unlimited; proxies exempt)"},
      {"HTTP_MAX_HEADER_FIELDS", "100", "header fields in one request (more: 431)"},
      {"HTTP_MAX_HEADER_BYTES", "16384", "bytes of one request's header block (more: 431)"},
      {"HTTP_MAX_URL_LENGTH", "8192", "bytes of a request URL (more: 414)"},
      {"HTTP_IDLE_TIMEOUT", "15", "seconds a connection may wait for its next request"},
      {"HTTP_HEADER_TIMEOUT", "10", "seconds from a request's first byte to its last header"},
      {"HTTP_REQUEST_TIMEOUT", "30", "seconds from a request's first byte to its last body byte"},
  };
  return kSettings;
}

Status read_http_limits(const std::function<std::string(const std::string&)>& get,
                        HttpLimitsConfig& out) {
  out.trusted_proxies_text = trim(get("TRUSTED_PROXIES"));
  auto trusted = http::IpNetworks::parse(out.trusted_proxies_text);
  if (!trusted) return Status::error("TRUSTED_PROXIES: " + trusted.error());
  out.trusted_proxies = *trusted;
  out.rate_limit_exempt_text = trim(get("RATE_LIMIT_EXEMPT"));
  auto exempt = http::IpNetworks::parse(out.rate_limit_exempt_text);
  if (!exempt) return Status::error("RATE_LIMIT_EXEMPT: " + exempt.error());
  out.rate_limit_exempt = *exempt;
  struct Count {
    const char* key;
    bool zero_allowed;
    std::uint64_t* value;
  };
  const Count counts[] = {
      {"HTTP_MAX_CONNECTIONS", true, &out.max_connections},
      {"HTTP_MAX_CONNECTIONS_PER_CLIENT", true, &out.max_connections_per_client},
      {"HTTP_MAX_HEADER_FIELDS", false, &out.max_header_fields},
      {"HTTP_MAX_HEADER_BYTES", false, &out.max_header_bytes},
      {"HTTP_MAX_URL_LENGTH", false, &out.max_url_length},
      {"HTTP_IDLE_TIMEOUT", false, &out.idle_timeout_s},
      {"HTTP_HEADER_TIMEOUT", false, &out.header_timeout_s},
      {"HTTP_REQUEST_TIMEOUT", false, &out.request_timeout_s},
  };
  for (const Count& c : counts) {
    if (Status s = read_count(get, c.key, c.zero_allowed, *c.value); !s) return s;
  }
  return Status::ok();
}

void apply_http_limits(const HttpLimitsConfig& limits, http::ApiOptions& api,
                       http::HttpServerOptions& server) {
  api.trusted_proxies = limits.trusted_proxies;
  api.rate_limit_exempt = limits.rate_limit_exempt;
  server.max_connections = limits.max_connections;
  server.max_connections_per_client = limits.max_connections_per_client;
  server.max_header_fields = limits.max_header_fields;
  server.max_header_bytes = limits.max_header_bytes;
  server.max_url_bytes = limits.max_url_length;
  server.idle_timeout = std::chrono::seconds(limits.idle_timeout_s);
  server.header_timeout = std::chrono::seconds(limits.header_timeout_s);
  server.read_timeout = std::chrono::seconds(limits.request_timeout_s);
}

void print_http_limits(std::ostream& out, const HttpLimitsConfig& l) {
  out << "TRUSTED_PROXIES=" << l.trusted_proxies_text << "\n"
      << "RATE_LIMIT_EXEMPT=" << l.rate_limit_exempt_text << "\n"
      << "HTTP_MAX_CONNECTIONS=" << l.max_connections << "\n"
      << "HTTP_MAX_CONNECTIONS_PER_CLIENT=" << l.max_connections_per_client << "\n"
      << "HTTP_MAX_HEADER_FIELDS=" << l.max_header_fields << "\n"
      << "HTTP_MAX_HEADER_BYTES=" << l.max_header_bytes << "\n"
      << "HTTP_MAX_URL_LENGTH=" << l.max_url_length << "\n"
      << "HTTP_IDLE_TIMEOUT=" << l.idle_timeout_s << "\n"
      << "HTTP_HEADER_TIMEOUT=" << l.header_timeout_s << "\n"
      << "HTTP_REQUEST_TIMEOUT=" << l.request_timeout_s << "\n";
}

}  // namespace pererecos::app

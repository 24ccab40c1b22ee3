// The HTTP hardening settings (docs/configuration.md, docs/security.md): trusted proxies,
// rate-limit exemptions, connection caps and deadlines, the event-stream client cap.
// Kept apart from config.cpp so that the list of these settings lives in one place.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <ostream>
#include <string>
#include <vector>

#include "core/result.h"
#include "http/api_options.h"
#include "http/ip_networks.h"
#include "http/server_options.h"

namespace pererecos::app {

struct SettingInfo;

struct HttpLimitsConfig {
  std::string trusted_proxies_text;    // TRUSTED_PROXIES as given
  std::string rate_limit_exempt_text;  // RATE_LIMIT_EXEMPT as given
  http::IpNetworks trusted_proxies;
  http::IpNetworks rate_limit_exempt;
  std::uint64_t max_connections = 10'000;          // HTTP_MAX_CONNECTIONS
  std::uint64_t max_connections_per_client = 64;   // HTTP_MAX_CONNECTIONS_PER_CLIENT
  std::uint64_t max_header_fields = 100;           // HTTP_MAX_HEADER_FIELDS
  std::uint64_t max_header_bytes = 16 * 1024;      // HTTP_MAX_HEADER_BYTES
  std::uint64_t max_url_length = 8 * 1024;         // HTTP_MAX_URL_LENGTH
  std::uint64_t idle_timeout_s = 15;               // HTTP_IDLE_TIMEOUT
  std::uint64_t header_timeout_s = 10;             // HTTP_HEADER_TIMEOUT
  std::uint64_t request_timeout_s = 30;            // HTTP_REQUEST_TIMEOUT
};

// The settings above with their defaults and descriptions (part of known_settings()).
const std::vector<SettingInfo>& http_limit_settings();

// Reads them through `get` (the value by precedence, or the default); the error names
// the key, e.g. "TRUSTED_PROXIES: '10.0.0.0/33' has a bad prefix length (0-32)".
Status read_http_limits(const std::function<std::string(const std::string&)>& get,
                        HttpLimitsConfig& out);

// Copies them into the server's options.
void apply_http_limits(const HttpLimitsConfig& limits, http::ApiOptions& api,
                       http::HttpServerOptions& server);

// KEY=value lines for the `config` command.
void print_http_limits(std::ostream& out, const HttpLimitsConfig& limits);

}  // namespace pererecos::app

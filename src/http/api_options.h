// ApiOptions: the settings of the API core (routing, validation limits, headers), usually
// filled from the environment by the app (names in comments).
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "http/event_hub.h"
#include "http/ip_networks.h"
#include "http/rate_limiter.h"
#include "http/security_log.h"

namespace pererecos::http {

struct ApiOptions {
  // API_ROOT_PATH: a prefix such as "/stats" under which a reverse proxy exposes the
  // service. Requests are accepted both with and without it (a proxy may or may not
  // strip it); the OpenAPI document and docs page name it. Normalised by
  // normalize_root_path(). Empty = none.
  std::string root_path;

  // CORS_ORIGINS: allowed browser origins; {"*"} allows any. Empty = no CORS headers.
  std::vector<std::string> cors_origins;

  // ENABLE_SECURITY_HEADERS: X-Content-Type-Options, X-Frame-Options, Referrer-Policy,
  // Content-Security-Policy on every response.
  bool security_headers = true;

  // MAX_REQUEST_SIZE: the largest request body accepted (bytes); larger -> 413.
  std::size_t max_request_size = 1u << 20;

  // Per-client rate limits of SPEC §2 (RATE_LIMIT_ENABLED).
  bool rate_limit_enabled = true;

  // TRUSTED_PROXIES: only requests from these peers have their client taken from
  // X-Forwarded-For / X-Real-IP / CF-Connecting-IP (http/client_address.h).
  IpNetworks trusted_proxies;

  // RATE_LIMIT_EXEMPT: clients never rate limited (the operator's own monitoring).
  IpNetworks rate_limit_exempt;

  // The rate limiter's table size (http/rate_limiter.h) and time source; empty = the
  // steady clock (tests inject one).
  std::size_t rate_limit_slots = std::size_t{1} << 21;
  SteadyMillis rate_limit_clock;

  // LOG_SECURITY_EVENTS and the security log's own line rate (http/security_log.h);
  // `security_sink` empty = spdlog.
  SecurityLogOptions security_log;
  std::function<void(const std::string&)> security_sink;

  // HEALTH_CHECK_TOKEN: when set, /health gives full details only to requests whose
  // X-Health-Token header matches.
  std::optional<std::string> health_check_token;

  // METRICS_TOKEN: when set (else HEALTH_CHECK_TOKEN, when that is set), GET /metrics
  // answers only requests carrying it as `Authorization: Bearer TOKEN` or X-Health-Token;
  // others get 401.
  std::optional<std::string> metrics_token;

  // The program's version in the full health body (core/version.h full_version(), which
  // the app passes in).
  std::string version = PERERECOS_VERSION;

  // The X-API-Version header on health responses.
  std::string api_version = "1.0.0";

  // DASHBOARD_TITLE: the dashboard's name in its header and the page title.
  std::string dashboard_title = "Pererecos Stats";

  // EMOTE_IMAGES: the dashboard shows emote images from the providers' CDNs; false shows
  // names only and the Content-Security-Policy then allows images from this server only.
  bool emote_images = true;

  // GET /api/v1/events (EVENTS_MAX_CLIENTS and the stream's timings).
  EventStreamOptions events;

  // Directory of the dashboard (index.html, assets, openapi.json).
  std::string web_root = "web";
};

// "/x/" -> "/x", "x" -> "/x", "/" -> "", "" -> "".
std::string normalize_root_path(std::string_view root_path);

// CORS_ORIGINS: comma-separated, spaces around items ignored, empty items dropped;
// trailing '/' of an origin dropped.
std::vector<std::string> parse_cors_origins(std::string_view text);

}  // namespace pererecos::http
